from collections import defaultdict
from unittest import mock

from odoo.addons.base_automation.models.base_automation import BaseAutomation
from odoo.addons.product.models.product_template import ProductTemplate
from odoo.tests import tagged

from .common import HandoffCase


@tagged("post_install", "-at_install")
class TestPublicPaths(HandoffCase):
    """The hand-off and the rules' cache leave Odoo's and other addons' overrides running."""

    def test_another_override_of_get_actions_still_runs(self):
        """Base automation's own `_get_actions`, the first in the chain every override's super()
        ends in, as another addon's override would be, runs for a write of a style."""
        style = self._styles(1, "HPA")
        calls = []
        real = BaseAutomation._get_actions

        def get_actions(automations, records, triggers):
            calls.append((records._name, tuple(triggers)))
            return real(automations, records, triggers)

        with mock.patch.object(BaseAutomation, "_get_actions", get_actions):
            style.description_sale = "Seen by every override"
        self.assertIn("product.template", [model for model, _triggers in calls])

    def test_the_rules_lookup_is_cached_and_a_changed_rule_is_seen_at_once(self):
        style = self._styles(1, "HPB")
        Automation = self.env["base.automation"]
        Automation._get_actions(style, ["on_write"])
        with self.assertQueryCount(0):
            cached = Automation._get_actions(style, ["on_write"])
        automation = Automation.create(
            {
                "name": "Public paths: a rule added",
                "model_id": self.env.ref("product.model_product_template").id,
                "trigger": "on_write",
            }
        )
        self.assertEqual(Automation._get_actions(style, ["on_write"]), cached | automation)
        automation.active = False
        self.assertEqual(Automation._get_actions(style, ["on_write"]), cached)
        automation.active = True
        self.assertEqual(Automation._get_actions(style, ["on_write"]), cached | automation)
        automation.unlink()
        self.assertEqual(Automation._get_actions(style, ["on_write"]), cached)

    def test_another_addons_write_sees_what_the_hand_off_carries(self):
        """Product's own write, which every override's super() ends in, as another addon's
        override would be, is given each carried field, the size chart included."""
        style = self._styles(1, "HPC")
        written = defaultdict(set)
        write = ProductTemplate.write
        with mock.patch.object(
            ProductTemplate,
            "write",
            lambda records, vals: written[records.env.lang].update(vals) or write(records, vals),
        ):
            style._kobo_send_to_enrichment()
        self.assertLessEqual(
            {"kobo_item_group", "kobo_size_chart", "kobo_composition_label"}, written["en_US"]
        )
        self.assertIn("kobo_composition_label", written["fr_FR"])
        self.assertIn("Chest width", style.with_context(lang="en_US").kobo_size_chart)
