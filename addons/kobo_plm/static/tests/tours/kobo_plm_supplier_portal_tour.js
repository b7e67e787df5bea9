/** @odoo-module **/

import { registry } from "@web/core/registry";

// A vendor's portal user opens Development from /my, opens the sample waiting for them,
// enters their measurements and acknowledges the request.
registry.category("web_tour.tours").add("kobo_plm_supplier_portal", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers Development",
            trigger: '.o_portal_index_card a[href="/my/development"]',
            run: "click",
        },
        {
            content: "The overview lists the sample waiting for the vendor",
            trigger: ".kobo-open-samples a:contains(SMP/)",
            run: "click",
        },
        {
            content: "The sample shows the spec of each point",
            trigger: "tr[data-pom='KT-B01'] td:contains(59)",
        },
        {
            trigger: "tr[data-pom='KT-B01'] input",
            run: "edit 59.5",
        },
        {
            trigger: "tr[data-pom='KT-A01'] input",
            run: "edit 71",
        },
        {
            trigger: ".kobo-save-measurements",
            run: "click",
        },
        {
            content: "The measurements are saved, with their deviation",
            trigger: ".kobo-portal-notice:contains(Your measurements are saved)",
        },
        {
            trigger: "tr[data-pom='KT-B01'] td:contains(+0.5)",
        },
        {
            trigger: ".kobo-acknowledge-sample",
            run: "click",
        },
        {
            content: "The request is acknowledged",
            trigger: ".kobo-portal-notice:contains(your acknowledgement is recorded)",
        },
        {
            trigger: ".badge:contains(Acknowledged)",
        },
    ],
});
