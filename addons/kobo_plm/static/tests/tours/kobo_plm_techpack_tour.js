/** @odoo-module **/

import { registry } from "@web/core/registry";

// A designer moves a style on and reads its current tech pack: graded chart and garment BoM.
registry.category("web_tour.tours").add("kobo_plm_techpack", {
    url: "/odoo/action-kobo_plm.action_kobo_style",
    steps: () => [
        {
            content: "Styles are grouped by stage",
            trigger: ".o_kanban_group:contains(Concept) .o_kanban_record:contains(KT-TOUR-TP)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[aria-checked=true]:contains(Concept)",
        },
        {
            trigger: "button[name=action_kobo_next_stage]",
            run: "click",
        },
        {
            content: "The style is in development",
            trigger: ".o_statusbar_status button[aria-checked=true]:contains(Development)",
        },
        {
            trigger: "button[name=action_kobo_view_techpacks]",
            run: "click",
        },
        {
            content: "The current revision opens",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(V1)",
        },
        {
            trigger: ".o_field_widget[name=measurement_ids] .o_data_row:contains(KT-TB01)",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Bill of Materials)",
            run: "click",
        },
        {
            content: "The garment BoM lists the trim",
            trigger: ".o_field_widget[name=garment_line_ids] .o_data_row:contains(KT Tour Button)",
        },
    ],
});
