from odoo import api, fields, models

from .kobo_listing import SYNDICATION_USERS

LISTING_QUEUE = "kobo_syndication.listing_queue"


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kobo_listing_ids = fields.One2many(
        "kobo.listing", "product_tmpl_id", string="Listings", groups=SYNDICATION_USERS
    )
    kobo_listing_count = fields.Integer(compute="_compute_kobo_listing_count", groups=SYNDICATION_USERS)

    @api.depends("kobo_listing_ids")
    def _compute_kobo_listing_count(self):
        for template in self:
            template.kobo_listing_count = len(template.kobo_listing_ids)

    # Actions (the Action menu on products): the group is checked, then the internal path.

    def action_kobo_publish_to_channels(self):
        self.env["kobo.listing"]._kobo_check_group(
            SYNDICATION_USERS, self.env._("publish products to channels")
        )
        self._kobo_listings_publish()
        return True

    def action_kobo_delist(self):
        self.env["kobo.listing"]._kobo_check_group(SYNDICATION_USERS, self.env._("delist products"))
        self._kobo_listings_delist()
        return True

    def action_kobo_validate_listings(self):
        self.env["kobo.listing"]._kobo_check_group(SYNDICATION_USERS, self.env._("validate listings"))
        self.env["kobo.listing"]._kobo_ensure(self)._kobo_validate_now()
        return True

    # Automation rules (shipped as data) run their action once per record: they only note the
    # product here, and one callback before the commit queues them all in batch (a fixed
    # number of queries, and none at the write itself). Approval first, archive last.

    def _kobo_listings_at_commit(self, operation):
        """Note these products for ``operation`` (publish / push / delist) at the commit point."""
        precommit = self.env.cr.precommit
        pending = precommit.data.get(LISTING_QUEUE)
        if pending is None:
            pending = precommit.data[LISTING_QUEUE] = {"publish": set(), "push": set(), "delist": set()}
            env = self.env

            @precommit.add
            def queue_listings():
                queued = precommit.data.pop(LISTING_QUEUE, {})
                Template = env["product.template"].sudo().with_context(active_test=False)
                if queued.get("publish"):
                    Template.browse(sorted(queued["publish"])).exists()._kobo_listings_publish()
                # Searches by product id: a product deleted since is simply not found.
                if queued.get("push"):
                    Template.browse(sorted(queued["push"]))._kobo_listings_mark_to_push()
                if queued.get("delist"):
                    Template.browse(sorted(queued["delist"]))._kobo_listings_delist()
                # Pre-commit callbacks run after the ORM's flush: write what they changed.
                env.flush_all()

        pending[operation].update(self.ids)
        return True

    # Internal paths, called at the commit point for the automation rules and by the actions.

    def _kobo_listings_publish(self):
        """Queue these products for publishing on each of their channels (listings created
        when missing). Listings already queued to publish are left alone; those whose content
        is not approved are blocked and say why."""
        self.env["kobo.listing"]._kobo_ensure(self)._kobo_queue_publish()

    def _kobo_listings_mark_to_push(self):
        """A published product changed (copy, price, images...): queue its listings that are on
        a channel or waiting to be. The job pushes only those whose payload really changed.
        Those already queued are queued again (a new version): a job that read the product
        before this change does not mark them published."""
        listings = (
            self.env["kobo.listing"]
            .sudo()
            .search(
                [
                    ("product_tmpl_id", "in", self.ids),
                    ("state", "in", ("published", "error", "blocked", "queued")),
                ]
            )
        )
        listings._kobo_queue("publish")

    def _kobo_listings_delist(self):
        """Withdraw these products from every channel they are on or queued for."""
        listings = (
            self.env["kobo.listing"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_tmpl_id", "in", self.ids), ("state", "not in", ("draft", "delisted"))])
        )
        listings._kobo_queue("delist")
