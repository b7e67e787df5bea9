/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The demo catalogue user's day, from the enrichment board to the web shop (two tours: between
// them the test runs the web shop's sync job, as queue_job's runner would).
//
// screenshot() checks the screen, lets its images load, logs "kobo-screenshot:<name>" (the test
// saves the page as <name>.png, kobo_base/tests/screenshots.py), then waits for the capture.
// The demo's German description of the jacket is added by the test: the tour is about French.

const PRODUCT = "Rinse Denim Trucker Jacket";
const FRENCH_NAME = "Veste trucker en denim brut";
const FRENCH_DESCRIPTION =
    "Une veste trucker en denim brut de 13 oz, qui se patine avec le temps.";

function screenshot(name, trigger, content) {
    return [
        {
            content: content || `Screenshot: ${name}`,
            trigger,
        },
        {
            content: "Let the images load",
            trigger: "body",
            run: () => new Promise((resolve) => setTimeout(resolve, 800)),
        },
        {
            content: `Screenshot: ${name}`,
            trigger: "body",
            run: () => console.info(`kobo-screenshot:${name}`),
        },
        {
            content: "Let the screenshot be taken",
            trigger: "body",
            run: () => new Promise((resolve) => setTimeout(resolve, 700)),
        },
    ];
}

const card = (column, name) =>
    `.o_kanban_group:has(.o_column_title:contains(${column})) .o_kanban_record:contains(${name})`;

registry.category("web_tour.tours").add("kobo_catalogue_to_shop", {
    url: "/odoo",
    steps: () => [
        // The catalogue user lands on the enrichment board.
        {
            content: "The board shows the denim jacket in progress",
            trigger: card("In Progress", PRODUCT),
        },
        {
            content: "Open the completeness switcher in the top bar",
            trigger: ".o_kobo_completeness_switcher_toggle",
            run: "click",
        },
        {
            content: "Measure the French web shop",
            trigger: ".o_kobo_completeness_switcher_choice[data-locale=fr_FR]:contains(Web shop)",
            run: "click",
        },
        {
            content: "The top bar says which channel and locale the scores are for",
            trigger: ".o_kobo_completeness_switcher[data-locale=fr_FR][data-channel='Web shop']",
        },
        ...screenshot(
            "enrichment-board",
            `${card("In Progress", PRODUCT)} .o_kobo_completeness[title='Web shop · fr_FR'] .o_progressbar`,
            "Each card shows its French web shop completeness"
        ),
        // What to fix, grouped by what is wrong.
        {
            trigger: '.o_menu_sections button[data-menu-xmlid="kobo_pim.menu_kobo_pim_reporting"]',
            run: "click",
        },
        {
            content: "Open the products to fix",
            trigger: '.dropdown-item[data-menu-xmlid="kobo_pim.menu_kobo_completeness_to_fix"]',
            run: "click",
        },
        {
            content: "The list is loaded (typing earlier may be wiped by its first render)",
            trigger: ".o_list_view .o_group_header:contains(Missing)",
        },
        {
            content: "Only the web shop's",
            trigger: ".o_control_panel .o_searchview_input",
            run: "edit Web shop",
        },
        {
            trigger: ".o_searchview_autocomplete .o_menu_item:contains(Channel)",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains(Web shop)",
        },
        {
            content: "Grouped by kind of problem: missing texts first",
            trigger: ".o_list_view .o_group_header:contains(Missing)",
            run: "click",
        },
        {
            content: "Then by field: the missing descriptions",
            trigger: ".o_list_view .o_group_header.o_group_open:contains(Missing) ~ .o_group_header:contains(description)",
            run: "click",
        },
        ...screenshot(
            "products-to-fix",
            `.o_list_view .o_data_row:contains(${PRODUCT}):contains(French):contains(description missing)`
        ),
        // The product, in French.
        {
            content: "Back to the board",
            trigger: '.o_menu_sections [data-menu-xmlid="kobo_pim.menu_kobo_pim_enrichment"]',
            run: "click",
        },
        {
            content: "Open the denim jacket",
            trigger: card("In Progress", PRODUCT),
            run: "click",
        },
        {
            content: "In French, its name and description are missing",
            trigger:
                ".o_form_view .o_kobo_completeness:contains(Web shop · fr_FR) .o_field_widget[name=kobo_completeness_issue_count]:contains(2)",
        },
        ...screenshot(
            "product-completeness",
            ".o_form_view .o_kobo_completeness:contains(to fix)"
        ),
        {
            content: "Translate it",
            trigger: ".o_form_view button[name=action_kobo_translate]",
            run: "click",
        },
        {
            content: "The side-by-side opens in the switcher's locale, French",
            trigger: ".modal .o_form_view .o_field_widget[name=lang_id] input:value(French)",
        },
        ...screenshot(
            "translate-fr",
            ".modal .o_data_row:contains(Product Name) td[name=status]:contains(Missing)",
            "The product name is missing in French"
        ),
        {
            content: "Open the product name",
            trigger: ".modal .o_data_row:contains(Product Name) td[name=label]",
            run: "click",
        },
        {
            content: "Type its French name",
            trigger: ".modal .o_field_widget[name=target_text] textarea",
            run: `edit ${FRENCH_NAME}`,
        },
        {
            trigger: ".modal:not(:has(.o_data_row)) .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "Open the marketing description",
            trigger: ".modal .o_data_row:contains(Marketing Description) td[name=label]",
            run: "click",
        },
        {
            content: "Write it in French over the English text",
            trigger: ".modal .o_field_widget[name=target_html] .odoo-editor-editable p:first",
            run: `editor ${FRENCH_DESCRIPTION}`,
        },
        {
            trigger: ".modal:not(:has(.o_data_row)) .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "Save the translations",
            trigger: ".modal .modal-footer button[name=action_save_close]",
            run: "click",
        },
        {
            content: "Nothing left to fix in French: the score is full",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_kobo_completeness:contains(Web shop · fr_FR):not(:contains(to fix)) .o_progressbar:contains(100)",
        },
        // Review and approval (the catalogue user is a catalogue manager).
        {
            content: "Submit it for review",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "The enrichment is approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        // Approval queued the product on the channels: the web shop's listing waits for its job.
        ...stepUtils.goToAppSteps("kobo_syndication.menu_kobo_syndication_root", "Open Syndication"),
        {
            trigger: '.o_menu_sections [data-menu-xmlid="kobo_syndication.menu_kobo_syndication_listings"]',
            run: "click",
        },
        {
            content: "The jacket's web shop listing is queued",
            trigger: `${card("Web shop", PRODUCT)}:contains(Queued)`,
            run: "click",
        },
        {
            content: "The listing form says Queued",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Queued)",
        },
        {
            content: "Follow its sync job",
            trigger: ".o_form_view button[name=action_open_sync_jobs]",
            run: "click",
        },
        ...screenshot(
            "publish-progress",
            `.o_list_view .o_data_row:contains(Web shop):contains(${PRODUCT}) td[name=state]:contains(Pending)`,
            "The web shop's job waits to push the jacket"
        ),
    ],
});

// After the sync job ran: the job is done, the listing published.
registry.category("web_tour.tours").add("kobo_catalogue_to_shop_published", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("kobo_syndication.menu_kobo_syndication_root", "Open Syndication"),
        {
            trigger: '.o_menu_sections [data-menu-xmlid="kobo_syndication.menu_kobo_syndication_listings"]',
            run: "click",
        },
        {
            content: "The jacket is published on the web shop",
            trigger: `${card("Web shop", PRODUCT)}:contains(Published)`,
            run: "click",
        },
        ...screenshot(
            "listing-published",
            ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Published)",
            "Its listing says Published"
        ),
        {
            content: "Its sync job is done",
            trigger: ".o_form_view button[name=action_open_sync_jobs]",
            run: "click",
        },
        {
            trigger: `.o_list_view .o_data_row:contains(Web shop):contains(${PRODUCT}) td[name=state]:contains(Done)`,
        },
    ],
});
