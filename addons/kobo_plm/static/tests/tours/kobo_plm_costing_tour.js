/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A merchandiser approves a received quote, then tries the production gate: it lists what is missing.
registry.category("web_tour.tours").add("kobo_plm_costing", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_plm.menu_kobo_plm_root", "Open Development"),
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_cost_sheets"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_cost_sheets"]',
            run: "click",
        },
        {
            content: "The quote is listed with its state",
            trigger: ".o_data_row:contains(KT-TOUR-CS):contains(Quote Received)",
        },
        {
            trigger: ".o_data_row:contains(KT-TOUR-CS) td[name=landed_cost]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=fob_price]:contains(6.00)",
        },
        {
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "Approving asks for confirmation",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[aria-checked=true]:contains(Approved)",
        },
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_styles"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_styles"]',
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains(KT-TOUR-CS)",
            run: "click",
        },
        {
            trigger: "button[name=action_kobo_approve_production]",
            run: "click",
        },
        {
            content: "The gate lists what is missing",
            trigger: ".modal:contains(no approved pre-production sample)",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[aria-checked=true]:contains(Costing)",
        },
    ],
});
