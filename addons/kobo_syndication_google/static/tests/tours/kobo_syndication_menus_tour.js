/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A syndication user opens Syndication: the channel list shows each channel's connector.
registry.category("web_tour.tours").add("kobo_syndication_menus", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_syndication.menu_kobo_syndication_root", "Open Syndication"),
        {
            trigger: ".o_breadcrumb:contains(Channels)",
        },
        {
            content: "The connector of the channel is shown",
            trigger: ".o_data_row:contains(Tour Feed):contains(Google Merchant feed)",
        },
    ],
});
