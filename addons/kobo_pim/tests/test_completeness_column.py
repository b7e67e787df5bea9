"""Completeness where people work: the score of the user's own channel and locale on the product
list, the enrichment board and form; sorted, filtered, switched from the top bar."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_completeness_common import CompletenessCase


@tagged("post_install", "-at_install")
class TestCompletenessColumn(CompletenessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complete in both locales; complete in English only; far from complete; not in the catalogue.
        cls.coat = cls._product("Coat")
        cls.cape = cls._product("Cape")
        cls.cape.update_field_translations("kobo_marketing_name", {"fr_FR": False})
        cls.env.cr.flush()
        cls.blouse = cls._product("Blouse", complete=False)
        cls.outsider = cls.env["product.template"].create({"name": "Not in the catalogue"})
        cls.products = cls.coat | cls.cape | cls.blouse | cls.outsider
        cls.user = cls.catalogue_user
        cls.as_user = cls.env["product.template"].with_user(cls.user)

    def _choose(self, lang, channel=None, user=None):
        """The user picks a channel and locale, as the switcher does (a write on themselves)."""
        user = user or self.user
        user.with_user(user).write(
            {
                "kobo_completeness_channel_id": (channel or self.channel).id,
                "kobo_completeness_lang_id": lang.id,
            }
        )

    def _scores(self, records):
        return {record.display_name: record.kobo_completeness_score for record in records}

    def test_scores_follow_the_users_locale(self):
        cells = {name: self._cells(product) for name, product in [("Coat", self.coat), ("Cape", self.cape)]}
        self.assertEqual(cells["Cape"]["en_US"].score, 100)
        self.assertLess(cells["Cape"]["fr_FR"].score, 100)
        products = self.as_user.browse(self.products.ids)
        # Nothing chosen yet: the company's first channel with a profile, in its first locale
        self.assertEqual(
            self._scores(products),
            {
                "Coat": 100,
                "Cape": 100,
                "Blouse": self._cells(self.blouse)["en_US"].score,
                "Not in the catalogue": 0,
            },
        )
        self.assertEqual(products[0].kobo_completeness_target, "Test feed · en_US")
        self.assertEqual(products.mapped("kobo_completeness_measured"), [True, True, True, False])
        self._choose(self.lang_fr)
        self.assertEqual(products[1].kobo_completeness_score, cells["Cape"]["fr_FR"].score)
        self.assertEqual(products[1].kobo_completeness_issue_count, cells["Cape"]["fr_FR"].issue_count)
        self.assertEqual(products[1].kobo_completeness_target, "Test feed · fr_FR")
        self.assertGreater(products[1].kobo_completeness_issue_count, 0)
        # The enrichment board shows the same figures
        enrichments = (
            self.env["kobo.enrichment"]
            .with_user(self.user)
            .search([("product_tmpl_id", "in", self.products.ids)])
        )
        self.assertEqual(
            {e.product_tmpl_id.name: e.kobo_completeness_score for e in enrichments},
            {
                "Coat": 100,
                "Cape": cells["Cape"]["fr_FR"].score,
                "Blouse": self._cells(self.blouse)["fr_FR"].score,
            },
        )
        # Another user keeps their own choice
        other = self.as_user.with_user(self.catalogue_manager).browse(self.cape.id)
        self.assertEqual(other.kobo_completeness_score, 100)

    def test_choice_is_checked(self):
        self.env["res.lang"]._activate_lang("de_DE")
        with self.assertRaisesRegex(
            ValidationError, r"Test feed does not publish in de_DE; its locales are en_US, fr_FR"
        ):
            self._choose(self.env["res.lang"]._lang_get("de_DE"))
        other_company = self.env["res.company"].create({"name": "Other brand"})
        foreign = self.env["kobo.channel"].create(
            {
                "name": "Other brand feed",
                "code": "other_feed",
                "company_id": other_company.id,
                "profile_id": self.profile.id,
                "lang_ids": [Command.set(self.lang_en.ids)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "a company they do not work for"):
            self._choose(self.lang_en, channel=foreign)
        no_profile = self.channel.copy({"code": "no_profile", "profile_id": False})
        with self.assertRaisesRegex(ValidationError, "has no requirement profile"):
            self._choose(self.lang_en, channel=no_profile)
        # Not another user's choice: only one's own preference is open to a catalogue user
        with self.assertRaises(AccessError):
            self.catalogue_manager.with_user(self.user).write({"kobo_completeness_lang_id": self.lang_fr.id})
        self._choose(self.lang_fr)
        self.assertEqual(self.user.kobo_completeness_lang_id, self.lang_fr)
        # A choice that is no longer valid (the channel archived) falls back to the default
        self.channel.active = False
        self.assertEqual(
            self.user._kobo_completeness_target(), (self.env["kobo.channel"], self.env["res.lang"])
        )
        self.assertFalse(self.as_user.browse(self.coat.id).kobo_completeness_measured)

    def test_sorted_by_score_unmeasured_last(self):
        self._choose(self.lang_fr)
        ids = self.products.ids
        descending = self.as_user.search([("id", "in", ids)], order="kobo_completeness_score desc, id")
        self.assertEqual(descending.mapped("name"), ["Coat", "Cape", "Blouse", "Not in the catalogue"])
        ascending = self.as_user.search([("id", "in", ids)], order="kobo_completeness_score asc, id")
        self.assertEqual(ascending.mapped("name"), ["Blouse", "Cape", "Coat", "Not in the catalogue"])
        by_issues = self.as_user.search([("id", "in", ids)], order="kobo_completeness_issue_count desc, id")
        self.assertEqual(by_issues.mapped("name"), ["Blouse", "Cape", "Coat", "Not in the catalogue"])
        # In English the cape is complete: it ties with the coat
        self._choose(self.lang_en)
        ascending = self.as_user.search([("id", "in", ids)], order="kobo_completeness_score, id")
        self.assertEqual(ascending.mapped("name"), ["Blouse", "Coat", "Cape", "Not in the catalogue"])
        Enrichment = self.env["kobo.enrichment"].with_user(self.user)
        board = Enrichment.search([("product_tmpl_id", "in", ids)], order="kobo_completeness_score, id")
        self.assertEqual(board.product_tmpl_id.mapped("name"), ["Blouse", "Coat", "Cape"])
        # The list's column headers are clickable: the web client asks fields_get
        for model in (self.as_user, Enrichment):
            description = model.fields_get(
                ["kobo_completeness_score", "kobo_completeness_issue_count"], ["sortable"]
            )
            self.assertTrue(description["kobo_completeness_score"]["sortable"], model._name)
            self.assertTrue(description["kobo_completeness_issue_count"]["sortable"], model._name)
        # As the web client reads a list page
        page = self.as_user.web_search_read(
            [("id", "in", ids)], {"kobo_completeness_score": {}}, order="kobo_completeness_score desc"
        )
        self.assertEqual(
            [row["kobo_completeness_score"] for row in page["records"]][:3],
            [100, 100, self._cells(self.blouse)["en_US"].score],
        )

    def test_filters(self):
        self._choose(self.lang_fr)
        ids = self.products.ids

        def names(domain, model=self.as_user):
            records = model.search(
                [("id" if model._name == "product.template" else "product_tmpl_id", "in", ids), *domain]
            )
            names = (
                records.mapped("name")
                if model._name == "product.template"
                else records.product_tmpl_id.mapped("name")
            )
            return sorted(names)

        cape_fr = self._cells(self.cape)["fr_FR"].score
        self.assertEqual(names([("kobo_completeness_score", "=", 100)]), ["Coat"])
        self.assertEqual(names([("kobo_completeness_score", "<", 100)]), ["Blouse", "Cape"])
        self.assertEqual(names([("kobo_completeness_score", "<", 50)]), ["Blouse"])
        self.assertEqual(names([("kobo_completeness_score", ">=", cape_fr)]), ["Cape", "Coat"])
        self.assertEqual(names([("kobo_completeness_score", "!=", 100)]), ["Blouse", "Cape"])
        self.assertEqual(names([("kobo_completeness_score", "in", [100, cape_fr])]), ["Cape", "Coat"])
        self.assertEqual(names([("kobo_completeness_score", "=", False)]), ["Not in the catalogue"])
        self.assertEqual(names([("kobo_completeness_score", "!=", False)]), ["Blouse", "Cape", "Coat"])
        self.assertEqual(names([("kobo_completeness_issue_count", "=", 0)]), ["Coat"])
        Enrichment = self.env["kobo.enrichment"].with_user(self.user)
        self.assertEqual(names([("kobo_completeness_score", "<", 100)], Enrichment), ["Blouse", "Cape"])
        self.assertEqual(names([("kobo_completeness_score", "=", 100)], Enrichment), ["Coat"])
        # In English the cape is complete
        self._choose(self.lang_en)
        self.assertEqual(names([("kobo_completeness_score", "=", 100)]), ["Cape", "Coat"])
        with self.assertRaisesRegex(UserError, "Completeness can be searched with"):
            self.as_user.search([("kobo_completeness_score", "ilike", "1")])
        # The search views' filters, as the web client applies them
        for xmlid, model, expected in [
            ("kobo_pim.product_template_search_view_kobo_enrichment", self.as_user, ["Cape", "Coat"]),
            ("kobo_pim.kobo_enrichment_view_search", Enrichment, ["Cape", "Coat"]),
        ]:
            arch = self.env.ref(xmlid).arch
            self.assertIn("kobo_completeness_score', '=', 100", arch)
            self.assertIn("Complete for My Channel", arch)
            self.assertEqual(names([("kobo_completeness_score", "=", 100)], model), expected)

    def test_compute_reads_the_batch_in_one_query(self):
        more = self.coat | self.cape | self.blouse
        more |= self._product("Parka") | self._product("Vest")

        def count(products):
            self.env.invalidate_all()
            self.env.transaction.reset()
            before = self.env.cr.sql_log_count
            products.mapped("kobo_completeness_score")
            return self.env.cr.sql_log_count - before

        # The first read fills Odoo's registry caches (record rules, groups): not measured
        count(self.as_user.browse(self.blouse.id))
        one = count(self.as_user.browse(self.coat.id))
        five = count(self.as_user.browse(more.ids))
        self.assertEqual(one, five)
        enrichments = (
            self.env["kobo.enrichment"].with_user(self.user).search([("product_tmpl_id", "in", more.ids)])
        )
        self.assertEqual(count(enrichments[:1]), count(enrichments))

    def test_switcher_data_and_access(self):
        self._choose(self.lang_fr)
        data = self.env["res.users"].with_user(self.user).kobo_completeness_switcher()
        self.assertEqual((data["channel"], data["locale"]), ("Test feed", "fr_FR"))
        self.assertEqual(
            [(choice["channel"], choice["locale"], choice["selected"]) for choice in data["choices"]],
            [("Test feed", "en_US", False), ("Test feed", "fr_FR", True)],
        )
        # A catalogue user reads their own choice (the web client reads it on their user)
        self.assertEqual(
            self.user.with_user(self.user).read(["kobo_completeness_channel_id"])[0][
                "kobo_completeness_channel_id"
            ][0],
            self.channel.id,
        )
        # Outside the catalogue team: no switcher, no score
        seller = new_test_user(self.env, "kobo_seller", groups="base.group_user")
        self.assertEqual(
            self.env["res.users"].with_user(seller).kobo_completeness_switcher(), {"visible": False}
        )
        self.assertNotIn(
            "kobo_completeness_score", self.env["product.template"].with_user(seller).fields_get()
        )
        # The catalogue screens load with the column for a catalogue user
        views = self.as_user.get_views([(False, "list"), (False, "search")])
        self.assertIn("kobo_completeness_score", views["views"]["list"]["arch"])
        self.assertIn("kobo_complete_for_my_channel", views["views"]["search"]["arch"])
        board = (
            self.env["kobo.enrichment"].with_user(self.user).get_views([(False, "kanban"), (False, "form")])
        )
        self.assertIn("kobo_completeness_score", board["views"]["kanban"]["arch"])
        self.assertIn("Completeness for", board["views"]["form"]["arch"])


@tagged("post_install", "-at_install")
class TestCompletenessSwitcherUi(HttpCase):
    def test_catalogue_user_switches_locale_from_the_top_bar(self):
        lang_en = self.env.ref("base.lang_en")
        self.env["res.lang"]._activate_lang("fr_FR")
        lang_fr = self.env["res.lang"]._lang_get("fr_FR")
        profile = self.env["kobo.requirement.profile"].create({"name": "Switcher profile"})
        channel = self.env["kobo.channel"].create(
            {
                "name": "Switcher feed",
                "code": "switcher_feed",
                "profile_id": profile.id,
                "lang_ids": [Command.set([lang_en.id, lang_fr.id])],
            }
        )
        user = new_test_user(
            self.env,
            "kobo_switcher_user",
            groups="base.group_user,kobo_pim.group_kobo_pim_user",
            password="kobo_switcher_user",
        )
        user.write({"kobo_completeness_channel_id": channel.id, "kobo_completeness_lang_id": lang_en.id})
        jacket = self.env["product.template"].create({"name": "Switcher jacket"})
        self.env["kobo.enrichment"].create({"product_tmpl_id": jacket.id, "user_id": user.id})
        code = """
            (async () => {
                const CARD_SCORE = ".o_kanban_record .o_kobo_completeness .o_progressbar";
                const wait = async (test) => {
                    for (let i = 0; i < 200; i++) {
                        const found = test();
                        if (found) { return found; }
                        await new Promise((resolve) => setTimeout(resolve, 50));
                    }
                    throw new Error("timed out");
                };
                // The board's card shows the jacket's completeness
                await wait(() => document.querySelector(CARD_SCORE));
                const switcher = await wait(() => document.querySelector(".o_kobo_completeness_switcher"));
                if (switcher.dataset.channel !== "Switcher feed" || switcher.dataset.locale !== "en_US") {
                    throw new Error(`switcher shows ${switcher.dataset.channel} ${switcher.dataset.locale}`);
                }
                switcher.querySelector(".o_kobo_completeness_switcher_toggle").click();
                const choice = await wait(() => document.querySelector(
                    `.o_kobo_completeness_switcher_choice[data-channel-id="CHANNEL_ID"][data-locale="fr_FR"]`
                ));
                choice.click();
                await wait(() => document.querySelector(
                    '.o_kobo_completeness_switcher[data-locale="fr_FR"]'
                ));
                await wait(() => document.querySelector(CARD_SCORE));
                console.log("test successful");
            })()
        """.replace("CHANNEL_ID", str(channel.id))
        self.browser_js(
            "/odoo/action-kobo_pim.action_kobo_enrichment", code, ready="odoo.isReady", login=user.login
        )
        user.invalidate_recordset()
        self.assertEqual(user.kobo_completeness_lang_id, lang_fr)

    def test_no_switcher_outside_the_catalogue_team(self):
        seller = new_test_user(
            self.env, "kobo_switcher_seller", groups="base.group_user", password="kobo_switcher_seller"
        )
        code = """
            (async () => {
                for (let i = 0; i < 200 && !document.querySelector(".o_menu_systray .o_user_menu"); i++) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                if (!document.querySelector(".o_menu_systray .o_user_menu")) {
                    throw new Error("no top bar");
                }
                if (document.querySelector(".o_kobo_completeness_switcher")) {
                    throw new Error("the completeness switcher is shown to a seller");
                }
                console.log("test successful");
            })()
        """
        self.browser_js("/odoo", code, ready="odoo.isReady", login=seller.login)
