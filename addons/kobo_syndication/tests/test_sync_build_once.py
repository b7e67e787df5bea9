"""A sync job builds each listing's payload once: the validation checks the payloads it built,
and the push sends those same payloads (``BuildMemo``). Run against the interface's own
validation (the channel's hard limits, checked on the built payloads) with a stand-in channel,
so that the engine is tested with no channel addon installed."""

from contextlib import contextmanager
from unittest import mock

from odoo.addons.kobo_syndication.models.kobo_listing_sync import payload_digest
from odoo.tests import tagged

from .common import KoboSyndicationCase


@tagged("post_install", "-at_install")
class TestSyncBuildOnce(KoboSyndicationCase):
    shop_connector = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The last one's name is 28 characters: more than the stand-in channel takes.
        names = ["Linen Shirt 3", "Linen Shirt 4", "Linen Shirt with a long name"]
        cls.more = cls.env["product.template"].create([{"name": name, "list_price": 60} for name in names])
        cls._approve(cls.more)
        cls.products |= cls.more

    def _listings(self, products=None, channel=None):
        # ``_kobo_ensure`` lists products on channels whose connector is installed: the stand-in
        # channel has none, its listings are created here.
        return self.env["kobo.listing"].create(
            [
                {"product_tmpl_id": product.id, "channel_id": self.shop.id}
                for product in products or self.products
            ]
        )

    @contextmanager
    def _stand_in_channel(self, fail_after_build=None):
        """The ``shop`` channel on the interface's own validation: a payload's ``name`` may
        hold 20 characters. Yields ``(builds, pushes)``: the listing ids of each build call,
        the payloads of each push. Each build makes a record its payload names (as a rendition
        of an image would be), so that a payload from a rolled-back build is seen.
        ``fail_after_build``: a listing whose approval check raises, after its payload is built."""
        connector_class = type(self.env["kobo.connector"])
        listing_class = type(self.env["kobo.listing"])
        real_approval_issues = listing_class._kobo_approval_issues
        builds, pushes = [], []

        def build_payload(connector, listings):
            builds.append(sorted(listings.ids))
            marks = connector.env["res.partner"].create(
                [{"name": f"Rendition of {listing.product_tmpl_id.name}"} for listing in listings]
            )
            return {
                listing.id: {
                    "name": listing.product_tmpl_id.name,
                    "price": listing.product_tmpl_id.list_price,
                    "rendition": mark.id,
                }
                for listing, mark in zip(listings, marks, strict=True)
            }

        def push(connector, listings, payloads):
            pushes.append(dict(payloads))
            return {listing.id: {"external_id": f"stand-in-{listing.id}"} for listing in listings}

        def approval_issues(listings):
            if fail_after_build and fail_after_build in listings:
                raise ValueError("approval check failed")
            return real_approval_issues(listings)

        def connector_of(channel):
            return channel.env["kobo.connector"]

        with (
            mock.patch.object(type(self.shop), "_kobo_connector", connector_of),
            mock.patch.object(connector_class, "_kobo_max_lengths", {"name": 20}),
            mock.patch.object(connector_class, "build_payload", build_payload),
            mock.patch.object(connector_class, "push", push),
            mock.patch.object(listing_class, "_kobo_approval_issues", approval_issues),
        ):
            yield builds, pushes

    def test_each_payload_is_built_once_per_job(self):
        listings = self._listings()
        listings._kobo_queue("publish")
        too_long = listings.filtered(lambda listing: listing.product_tmpl_id == self.products[5])
        with self._stand_in_channel() as (builds, pushes):
            self.shop._kobo_job_sync()
        # Validated and pushed: six listings, six payloads built, in one call.
        self.assertEqual(builds, [sorted(listings.ids)])
        self.assertEqual(too_long.state, "blocked")
        self.assertEqual(
            too_long.issue_ids.mapped("message"), ["Name is 28 characters; the channel takes at most 20."]
        )
        pushed = listings - too_long
        self.assertEqual(set(pushed.mapped("state")), {"published"})
        self.assertEqual(len(pushes), 1)
        self.assertEqual(sorted(pushes[0]), sorted(pushed.ids))
        # What is recorded as published is the digest of what was pushed.
        for listing in pushed:
            self.assertEqual(listing.payload_digest, payload_digest(pushes[0][listing.id]))

    def test_the_next_job_builds_afresh(self):
        listings = self._listings(self.products[:2])
        listings._kobo_queue("publish")
        with self._stand_in_channel() as (builds, pushes):
            self.shop._kobo_job_sync()
            self.products[0].list_price = 75
            listings[0]._kobo_queue("publish")
            self.shop._kobo_job_sync()
        # The second job built its listing anew and pushed the new price, not the first job's.
        self.assertEqual(builds, [sorted(listings.ids), [listings[0].id]])
        self.assertEqual(list(pushes[1]), [listings[0].id])
        self.assertEqual(pushes[1][listings[0].id]["price"], 75)
        self.assertEqual(pushes[0][listings[0].id]["price"], 50)
        self.assertEqual(listings.mapped("state"), ["published", "published"])

    def test_a_payload_built_in_a_failed_part_is_built_again(self):
        listings = self._listings(self.products[:5])
        listings._kobo_queue("publish")
        ids = sorted(listings.ids)
        bad = listings.browse(ids[2])
        with self._stand_in_channel(fail_after_build=bad) as (builds, pushes):
            self.shop._kobo_job_sync()
        self.assertEqual(bad.state, "error")
        good = listings - bad
        self.assertEqual(set(good.mapped("state")), {"published"})
        self.assertEqual(sorted(pushes[0]), sorted(good.ids))
        # The records the builds of the failed parts made were rolled back with them: every
        # pushed payload comes from a build that was kept, and names a record that exists.
        renditions = self.env["res.partner"].browse([payload["rendition"] for payload in pushes[0].values()])
        self.assertEqual(len(renditions.exists()), len(good))
        # A failing part is split in halves (``run_isolated``): what was built in a part that
        # failed is built again in its halves; what was built in a part that held is not, and
        # the push builds nothing more.
        self.assertEqual(builds, [ids, ids[:2], ids[2:], ids[2:3], ids[3:]])
