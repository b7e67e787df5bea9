import base64
import io
from contextlib import contextmanager
from unittest import mock

from PIL import Image

from odoo.addons.kobo_pim.tests.common import KoboPimCase
from odoo.tests import new_test_user


def png(width=600, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 30, 90)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def catalogue_team(env):
    """A catalogue user and a catalogue manager, for test classes that have none."""
    Users = env["res.users"].with_context(active_test=False)
    team = []
    for login, group in (("kobo_synd_cat_u", "user"), ("kobo_synd_cat_m", "manager")):
        team.append(
            Users.search([("login", "=", login)])
            or new_test_user(env, login, groups=f"base.group_user,kobo_pim.group_kobo_pim_{group}")
        )
    return team


def approve_content(products, catalogue_user, catalogue_manager):
    """Take the content of ``products`` to *Approved* through the PIM's own buttons, as the
    catalogue team does: sent to enrichment, started and submitted by a catalogue user,
    approved by a catalogue manager (again after an edit sent it back to review). Then the
    commit point: the approval's automation rule queues their listings on the channels there
    are. Returns the enrichments."""
    products.with_user(catalogue_user).action_kobo_send_to_enrichment()
    enrichments = products.env["kobo.enrichment"].search([("product_tmpl_id", "in", products.ids)])
    as_user = enrichments.with_user(catalogue_user)
    as_user.filtered(lambda enrichment: enrichment.state == "to_enrich").action_start()
    as_user.filtered(lambda enrichment: enrichment.state == "in_progress").action_submit()
    enrichments.with_user(catalogue_manager).filtered(
        lambda enrichment: enrichment.state == "in_review"
    ).action_approve()
    products.env.cr.flush()
    return enrichments


class KoboSyndicationCase(KoboPimCase):
    """A channel ``shop`` (by default the web shop's connector, no requirement profile),
    syndication users and three products. A channel addon's tests set ``shop_connector`` to
    their own type (or False: a channel without connector) so that they run with only the engine
    and their addon installed."""

    shop_connector = "website"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.syndication_user = new_test_user(
            cls.env, "kobo_synd_u", groups="base.group_user,kobo_syndication.group_kobo_syndication_user"
        )
        cls.syndication_manager = new_test_user(
            cls.env, "kobo_synd_m", groups="base.group_user,kobo_syndication.group_kobo_syndication_manager"
        )
        # The products' prices here are euros: a company keeping its books in another currency
        # (a database without our demo is in USD) would convert them at its rates; at par here.
        eur, company_currency = cls.env.ref("base.EUR"), cls.env.company.currency_id
        if company_currency != eur:
            rates = cls.env["res.currency.rate"].search([("currency_id", "in", (eur | company_currency).ids)])
            rates.unlink()
        unpublished = {"is_published": False} if "is_published" in cls.env["product.template"]._fields else {}
        cls.products = cls.env["product.template"].create(
            [{"name": f"Linen Shirt {i}", "list_price": 50 + i, **unpublished} for i in range(3)]
        )
        # Only approved content goes to channels: the catalogue team approves these first
        # (their approval queues them on the channels that exist: none of this test's yet).
        cls._approve(cls.products)
        cls.shop = cls.env["kobo.channel"].create(
            {
                "name": "Test Shop",
                "code": "test_shop",
                "connector": cls.shop_connector,
                "company_id": cls.env.company.id,
                # The web shop shows the channel's pricelist: without one, listings are blocked.
                "pricelist_id": cls.pricelist_eur.id,
            }
        )
        # The commit point of the set-up: the automation rules' notes of these new products run
        # now (nothing to queue yet), not in the middle of a test.
        cls.env.cr.flush()

    @classmethod
    def _approve(cls, products):
        return approve_content(products, cls.catalogue_user, cls.catalogue_manager)

    def _queries_to_sync(self, listings):
        """The queries one sync job spends on ``listings`` (queued first), from cold caches: the
        records' and the registry's (``ormcache``: languages, websites, access rules), whose
        state otherwise depends on the tests that ran before and on what the set-up cleared."""
        listings._kobo_queue("publish")
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.registry.clear_all_caches()
        before = self.env.cr.sql_log_count
        listings._kobo_sync_batch()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _listings(self, products=None, channel=None):
        return self.env["kobo.listing"]._kobo_ensure(products or self.products, channel or self.shop)

    @contextmanager
    def _record_calls(self, crash_after=None, refuse=None):
        """Record the ``shop`` channel connector's pushes (and still do them); ``crash_after`` n pushed
        listings, raise as a worker dying mid-batch; ``refuse`` {listing: issues} answers as a
        channel refusing data."""
        connector_class = type(self.env[f"kobo.connector.{self.shop_connector}"])
        real_push = connector_class.push
        calls = []

        def push(connector, listings, payloads):
            calls.append(sorted(listings.ids))
            refused_ids = {listing.id for listing in refuse or {}}
            accepted = listings.filtered(lambda listing: listing.id not in refused_ids)
            if crash_after is not None:
                real_push(connector, accepted[:crash_after], payloads)
                raise RuntimeError("worker killed mid-batch")
            results = real_push(connector, accepted, payloads) if accepted else {}
            for listing, issues in (refuse or {}).items():
                results[listing.id] = {"issues": issues}
            return results

        with mock.patch.object(connector_class, "push", push):
            yield calls
