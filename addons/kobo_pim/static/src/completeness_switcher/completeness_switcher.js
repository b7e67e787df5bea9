/**
 * Top bar: the channel and locale whose completeness the product list, the enrichment board and
 * the forms show. The choice is the user's own preference, stored on their user
 * (res.users.kobo_completeness_channel_id / kobo_completeness_lang_id): it stays while they move
 * between screens and sessions. Choosing one writes it and reloads the current view.
 */
import { Component, onWillStart, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";

export class CompletenessSwitcher extends Component {
    static template = "kobo_pim.CompletenessSwitcher";
    static components = { Dropdown, DropdownItem };
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ visible: false, channel: "", locale: "", choices: [] });
        onWillStart(() => this.load());
    }

    async load() {
        // Nothing for a user outside the catalogue team (the server says so).
        const data = await this.orm.call("res.users", "kobo_completeness_switcher", []);
        Object.assign(this.state, { channel: "", locale: "", choices: [] }, data);
    }

    get title() {
        if (!this.state.channel) {
            return _t("Completeness: no active channel with a requirement profile");
        }
        return _t("Completeness shown on the catalogue screens: %(channel)s · %(locale)s", {
            channel: this.state.channel,
            locale: this.state.locale,
        });
    }

    choiceKey(choice) {
        return `${choice.channel_id}-${choice.lang_id}`;
    }

    async choose(choice) {
        if (choice.selected) {
            return;
        }
        await this.orm.write("res.users", [user.userId], {
            kobo_completeness_channel_id: choice.channel_id,
            kobo_completeness_lang_id: choice.lang_id,
        });
        await this.load();
        await this.action.doAction("soft_reload");
    }
}

registry
    .category("systray")
    .add("kobo_pim.completeness_switcher", { Component: CompletenessSwitcher }, { sequence: 40 });
