/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A product developer orders a sample from its vendor, then plans the style back from its delivery date.
registry.category("web_tour.tours").add("kobo_plm_developer", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_plm.menu_kobo_plm_root", "Open Development"),
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_samples"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_samples"]',
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(KT-TOUR-DV) td[name=vendor_id]",
            run: "click",
        },
        {
            trigger: "button[name=action_order_sample]",
            run: "click",
        },
        {
            content: "The sample is on an RFQ for purchasing to confirm",
            trigger: ".o_notification:contains(for purchasing to confirm)",
        },
        {
            content: "Once ordered, the button is gone",
            trigger: ".o_form_view:not(:has(button[name=action_order_sample]))",
        },
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_styles"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_styles"]',
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains(KT-TOUR-DV)",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Development)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=kobo_delivery_date] input",
            run: "edit 09/01/2027 && press Enter",
        },
        {
            trigger: "button[name=action_kobo_plan_milestones]",
            run: "click",
        },
        {
            content: "Milestones are planned back from the delivery date",
            trigger: ".o_field_widget[name=kobo_milestone_ids] .o_data_row:contains(Pre-production approved):contains(06/03/2027)",
        },
    ],
});
