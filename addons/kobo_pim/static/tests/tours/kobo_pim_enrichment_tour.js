/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The e-commerce manager's round on the demo catalogue: the enrichment board, a product in
// review, its content and its approval, then the completeness of each channel.
registry.category("web_tour.tours").add("kobo_pim_enrichment", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_pim.menu_kobo_pim_root", "Open Catalogue"),
        {
            content: "Open the enrichment board",
            trigger: '.o_menu_sections [data-menu-xmlid="kobo_pim.menu_kobo_pim_enrichment"]',
            run: "click",
        },
        {
            content: "Products still to enrich wait in their own column",
            trigger: ".o_kanban_group:has(.o_column_title:contains(To Enrich)) .o_kanban_record:contains(Cotton Poplin Blouse)",
        },
        {
            content: "The late denim jacket is in progress",
            trigger: ".o_kanban_group:has(.o_column_title:contains(In Progress)) .o_kanban_record:contains(Rinse Denim Trucker Jacket)",
        },
        {
            content: "Approved products have their column",
            trigger: ".o_kanban_group:has(.o_column_title:contains(Approved)) .o_kanban_record:contains(Merino Half-Zip Pullover)",
        },
        {
            content: "Open the linen shirt, waiting for review",
            trigger: ".o_kanban_group:has(.o_column_title:contains(In Review)) .o_kanban_record:contains(Washed Linen Popover Shirt)",
            run: "click",
        },
        {
            content: "Its enrichment is in review",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(In Review)",
        },
        {
            content: "Open the product to read its content",
            trigger: ".o_form_view button[name=action_open_product]",
            run: "click",
        },
        {
            content: "The product form has a Content page",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Content)",
            run: "click",
        },
        {
            content: "The marketing name the channels will show",
            trigger: ".o_form_view .o_field_widget[name=kobo_marketing_name] input:value(Washed Linen Popover Shirt)",
        },
        {
            content: "The bullet points, one per line",
            trigger: ".o_form_view .o_field_widget[name=kobo_bullet_points] textarea:value(Half placket with corozo buttons)",
        },
        {
            content: "Back to the enrichment",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Washed Linen Popover Shirt)",
            run: "click",
        },
        {
            content: "The manager approves the content",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "The enrichment is approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_pim.menu_kobo_pim_reporting"]',
            run: "click",
        },
        {
            content: "Open the completeness of each channel",
            trigger: '.dropdown-item[data-menu-xmlid="kobo_pim.menu_kobo_completeness_dashboard"]',
            run: "click",
        },
        {
            content: "Every demo channel has its card, Shopify Japan among them",
            trigger: ".o_kanban_record:contains(Shopify Japan)",
        },
    ],
});
