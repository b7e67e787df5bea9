/** @odoo-module **/

import { registry } from "@web/core/registry";

// A catalogue manager opens the readiness cards, then a card's burn-down graph.
registry.category("web_tour.tours").add("kobo_pim_burndown", {
    steps: () => [
        {
            content: "The card counts the days to launch and the products ready",
            trigger:
                ".o_kanban_record:contains(Tour burn-down shop):contains(Tour collection):contains(10 days left):contains(2 of 5 products ready)",
        },
        {
            content: "The trend against the recording a week earlier",
            trigger: ".o_kanban_record:contains(Tour burn-down shop):contains(+2 this week)",
        },
        {
            content: "Managers can record today",
            trigger: ".o_control_panel button:contains(Record today)",
        },
        {
            content: "Open the card's burn-down",
            trigger: ".o_kanban_record:contains(Tour burn-down shop) button:contains(Burn-down)",
            run: "click",
        },
        {
            content: "The burn-down graph opens",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            trigger: ".o_breadcrumb:contains(Burn-down: Tour burn-down shop)",
        },
    ],
});
