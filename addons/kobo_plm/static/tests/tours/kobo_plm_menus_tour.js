/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A designer opens Development and every menu of it: the web client loads each Kōbō PLM view.
registry.category("web_tour.tours").add("kobo_plm_menus", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_plm.menu_kobo_plm_root", "Open Development"),
        {
            content: "The styles of the range are listed",
            trigger: ".o_breadcrumb:contains(Styles)",
        },
        {
            trigger: ".o_kanban_record:contains(KT-TOUR-001)",
        },
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_techpacks"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_techpacks"]',
            run: "click",
        },
        {
            content: "Tech packs list the current revisions",
            trigger: ".o_breadcrumb:contains(Tech Packs)",
        },
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_samples"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_samples"]',
            run: "click",
        },
        {
            content: "Samples are listed",
            trigger: ".o_breadcrumb:contains(Samples)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_libraries"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_materials"]',
            run: "click",
        },
        {
            content: "Materials are listed with their composition",
            trigger: ".o_data_row:contains(KT Tour Twill):contains(100 % Cotton)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_libraries"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_poms"]',
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(KT-TOUR-POM)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_libraries"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_colors"]',
            run: "click",
        },
        {
            content: "The colour library shows its swatches",
            trigger: ".o_kanban_record:contains(19-4052 TCX)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_libraries"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_size_ranges"]',
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour alpha XS–XL)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_config"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_seasons"]',
            run: "click",
        },
        {
            content: "Seasons list their style count",
            trigger: ".o_data_row:contains(TR27)",
        },
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_milestones"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_milestones"]',
            run: "click",
        },
        {
            content: "Time and action opens on its calendar",
            trigger: ".o_calendar_view",
        },
        {
            trigger: '.o_menu_sections a[data-menu-xmlid="kobo_plm.menu_kobo_plm_cost_sheets"], .o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_cost_sheets"]',
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Cost Sheets)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_reporting"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_sample_tracker"]',
            run: "click",
        },
        {
            trigger: ".o_pivot_view",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_reporting"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_vendor_accuracy"]',
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Vendor Accuracy)",
        },
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_plm.menu_kobo_plm_reporting"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="kobo_plm.menu_kobo_plm_quote_comparison"]',
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Quote Comparison)",
        },
    ],
});
