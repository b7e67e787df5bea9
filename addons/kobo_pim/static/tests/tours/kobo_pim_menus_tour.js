/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A catalogue manager opens Catalogue and its menus: the web client loads each Kōbō PIM view.
registry.category("web_tour.tours").add("kobo_pim_menus", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_pim.menu_kobo_pim_root", "Open Catalogue"),
        {
            content: "The app opens on its first menu, the enrichment board; open the products",
            trigger: '.o_menu_sections [data-menu-xmlid="kobo_pim.menu_kobo_pim_products"]',
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Products)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_pim.menu_kobo_pim_config"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_pim.menu_kobo_pim_channels"]',
            run: "click",
        },
        {
            content: "The channel shows its pricelist",
            trigger: ".o_data_row:contains(Tour Channel):contains(Tour pricelist) td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The channel form opens",
            trigger: ".o_form_view .o_breadcrumb:contains(Tour Channel)",
        },
    ],
});
