"""A channel's Google Merchant feed: the stored items per listing, the secret URL, the files.

The connector's push stores each changed listing's items as a row (``kobo.google.feed.row``),
with their text as the files hold it (the ``<item>`` elements, the TSV lines), rendered then;
generating the feed streams those texts from the database in chunks into an RSS 2.0 file and a
TSV file beside the filestore, between the feed's head and tail. Only changed listings are ever
rendered again; the file itself is a concatenation that costs one query per thousand items or so.
"""

import contextlib
import hmac
import json
import os
import secrets

from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.models.kobo_listing import SYNDICATION_MANAGERS, SYNDICATION_USERS
from odoo.tools import SQL, split_every

from .kobo_google_feed_writer import render_tsv_lines, render_xml_items, tsv_header, xml_envelope

#: Items held in memory at a time while writing the file: rows (listings, each with its
#: variants' rendered items) are read from the database in chunks of about this many items,
#: sized from the items per row of the chunk before (1,000 items ≈ 2 MiB of text).
FEED_CHUNK_ITEMS = 1000
#: Rows read by the first chunk, and at most by any chunk.
FEED_CHUNK_ROWS = (20, 1000)
FEED_FORMATS = {
    "xml": "application/rss+xml; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


class KoboGoogleFeed(models.Model):
    _name = "kobo.google.feed"
    _inherit = "kobo.workflow.mixin"
    _description = "Google Merchant Feed"
    _rec_name = "channel_id"
    _kobo_workflow_fields = ("token", "dirty", "date_generated", "item_count", "generation")

    channel_id = fields.Many2one(
        "kobo.channel", required=True, readonly=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    token = fields.Char(
        readonly=True,
        copy=False,
        groups=SYNDICATION_MANAGERS,
        help="The secret part of the feed's address. Empty: the feed is revoked and its address answers 404.",
    )
    dirty = fields.Boolean(
        string="To Regenerate",
        readonly=True,
        help="A listing changed since the file was written; the next fetch of the feed's address, "
        "the cron or Generate now writes it again.",
    )
    date_generated = fields.Datetime(string="Generated", readonly=True, copy=False)
    generation = fields.Integer(
        readonly=True,
        copy=False,
        help="Bumped each time the feed is generated; its files are named with it, so a machine "
        "whose own copy is of an older generation (its filestore not shared) writes the current "
        "one before serving it.",
    )
    item_count = fields.Integer(string="Items", readonly=True, help="Variants in the last generated file.")
    row_ids = fields.One2many("kobo.google.feed.row", "feed_id", string="Rows", readonly=True)
    feed_url = fields.Char(string="Feed URL (XML)", compute="_compute_feed_urls", groups=SYNDICATION_MANAGERS)
    feed_tsv_url = fields.Char(
        string="Feed URL (TSV)", compute="_compute_feed_urls", groups=SYNDICATION_MANAGERS
    )

    _sql_constraints = [("channel_unique", "unique(channel_id)", "A channel has one Google feed.")]

    @api.depends("token")
    def _compute_feed_urls(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        for feed in self:
            feed.feed_url = feed.token and f"{base_url}{feed._kobo_path('xml')}"
            feed.feed_tsv_url = feed.token and f"{base_url}{feed._kobo_path('tsv')}"

    # Actions (channel form): managers only

    def action_regenerate_token(self):
        """A new secret address; the old one answers 404 from now on."""
        self._kobo_check_group(SYNDICATION_MANAGERS, self.env._("change a feed's address"))
        for feed in self:
            privileged(feed).write({"token": secrets.token_urlsafe(32)})
        return True

    def action_revoke_token(self):
        """No address at all: the feed answers 404 until a new address is made."""
        self._kobo_check_group(SYNDICATION_MANAGERS, self.env._("revoke a feed's address"))
        privileged(self).write({"token": False})
        return True

    def action_generate(self):
        """Write the feed files now from the stored rows."""
        self._kobo_check_group(SYNDICATION_USERS, self.env._("generate a feed"))
        self.sudo()._kobo_generate()
        return True

    # Internal paths

    @api.model
    def _kobo_ensure(self, channels):
        """The feeds of ``channels`` (one each, with a secret address), created when missing."""
        Feed = privileged(self.sudo())
        existing = Feed.search([("channel_id", "in", channels.ids)])
        missing = channels - existing.channel_id
        return existing | Feed.create(
            [{"channel_id": channel.id, "token": secrets.token_urlsafe(32)} for channel in missing]
        )

    def _kobo_path(self, fmt):
        self.ensure_one()
        return f"/kobo/feed/{self.id}/{self.sudo().token}.{fmt}"

    def _kobo_check_token(self, token):
        """True when ``token`` is this feed's current secret (constant-time comparison)."""
        self.ensure_one()
        secret = self.sudo().token
        return bool(secret and token) and hmac.compare_digest(secret.encode(), token.encode())

    def _kobo_store_rows(self, items_by_listing):
        """Upsert one row per listing (``{listing id: [item]}``) and mark the feed dirty."""
        self.ensure_one()
        Row = self.env["kobo.google.feed.row"].sudo()
        rows = Row.search([("listing_id", "in", list(items_by_listing))])
        by_listing = {row.listing_id.id: row for row in rows}
        to_create = []
        for listing_id, items in items_by_listing.items():
            vals = {"feed_id": self.id, "items": items, "item_count": len(items), **Row._kobo_rendered(items)}
            if listing_id in by_listing:
                by_listing[listing_id].write(vals)
            else:
                to_create.append({"listing_id": listing_id, **vals})
        Row.create(to_create)
        privileged(self.sudo()).write({"dirty": True})

    def _kobo_remove_rows(self, listings):
        self.ensure_one()
        self.env["kobo.google.feed.row"].sudo().search([("listing_id", "in", listings.ids)]).unlink()
        privileged(self.sudo()).write({"dirty": True})

    def _kobo_file_path(self, fmt, generation=None):
        """Where the generated file of this feed lives (beside the database's filestore), for
        its current generation unless another is given."""
        self.ensure_one()
        directory = os.path.join(self.env["ir.attachment"]._filestore(), "kobo_google_feed")
        os.makedirs(directory, exist_ok=True)
        generation = self.generation if generation is None else generation
        return os.path.join(directory, f"{self.id}-{generation}.{fmt}")

    def _kobo_local_file(self, fmt):
        """The path of this feed's current file on this machine, written first when a listing
        changed since (``_kobo_generate_if_dirty``) or when this machine has no copy of the
        current generation: another machine generated it into a filestore this one does not
        share, or the database was restored without its filestore. Any worker serves it."""
        self._kobo_generate_if_dirty()
        path = self._kobo_file_path(fmt)
        if not os.path.exists(path):
            self._kobo_write_files(self.generation)
        return path

    def _kobo_iter_texts(self):
        """``(item count, XML text, TSV text)`` of each row of this feed in the feed's order
        (row id), read about FEED_CHUNK_ITEMS items at a time: memory does not grow with the
        catalogue, queries grow by one per chunk. A row is sent as the push rendered it; one whose
        texts are missing or older than its items (stored before 18.0.2.1.0, or written by code
        that did not render them) is rendered from its items here, as the push would have."""
        self.ensure_one()
        self.env["kobo.google.feed.row"].flush_model()
        first_rows, max_rows = FEED_CHUNK_ROWS
        last_id, limit = 0, first_rows
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT id, item_count, xml_fragment, tsv_lines,"
                    " CASE WHEN rendered_date = write_date THEN NULL ELSE coalesce(items, '[]') END"
                    " FROM kobo_google_feed_row"
                    " WHERE feed_id = %s AND id > %s ORDER BY id LIMIT %s",
                    self.id,
                    last_id,
                    limit,
                )
            )
            rows = self.env.cr.fetchall()
            last_id = rows[-1][0] if rows else last_id
            counts = []
            for __, item_count, xml_text, tsv_text, stale_items in rows:
                if stale_items is None:
                    texts = (item_count or 0, xml_text or "", tsv_text or "")
                else:
                    texts = (len(stale_items), render_xml_items(stale_items), render_tsv_lines(stale_items))
                counts.append(texts[0])
                yield texts
            if len(rows) < limit:
                return
            per_row = max(1, sum(counts) // len(rows))
            limit = min(max_rows, max(1, FEED_CHUNK_ITEMS // per_row))
            del rows  # the chunk is written: forget it before the next is read

    def _kobo_generate(self):
        """Write the XML and TSV files of these feeds from their stored rows, as their next
        generation (the machines that do not share this filestore write it when they serve it)."""
        for feed in self:
            generation = feed.generation + 1
            count = feed._kobo_write_files(generation)
            privileged(feed).write(
                {
                    "dirty": False,
                    "date_generated": fields.Datetime.now(),
                    "item_count": count,
                    "generation": generation,
                }
            )

    def _kobo_write_files(self, generation):
        """Write this feed's XML and TSV files of ``generation`` from its stored rows (their texts
        as the push rendered them, in the feed's order, between the feed's head and tail), each
        to a temporary file moved into place, so a reader never gets half a file; this feed's
        files of other generations go. Returns the number of items."""
        self.ensure_one()
        for feed in self:  # one
            channel = feed.channel_id
            base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
            header = {
                "title": channel.name,
                "link": base_url,
                "description": self.env._("%(channel)s: products from Odoo", channel=channel.name),
            }
            xml_path, tsv_path = (
                feed._kobo_file_path("xml", generation),
                feed._kobo_file_path("tsv", generation),
            )
            # a temporary name of its own: two workers generating at once never mix their files
            suffix = f".{os.getpid()}-{secrets.token_hex(4)}.tmp"
            head, tail = xml_envelope(header)
            count = 0
            try:
                with (
                    open(xml_path + suffix, "w", encoding="utf-8", newline="") as xml_file,
                    open(tsv_path + suffix, "w", encoding="utf-8", newline="") as tsv_file,
                ):
                    # one pass over the rows: each row's texts go to both files as they were rendered
                    xml_file.write(head)
                    tsv_file.write(tsv_header())
                    for item_count, xml_text, tsv_text in feed._kobo_iter_texts():
                        xml_file.write(xml_text)
                        tsv_file.write(tsv_text)
                        count += item_count
                    xml_file.write(tail)
                os.replace(xml_path + suffix, xml_path)
                os.replace(tsv_path + suffix, tsv_path)
            finally:
                for leftover in (xml_path + suffix, tsv_path + suffix):
                    if os.path.exists(leftover):
                        os.remove(leftover)
            feed._kobo_remove_files_before(generation - 1)
            return count

    def _kobo_remove_files_before(self, generation):
        """Remove this feed's files of generations before ``generation`` (and of before
        generations were counted). The generation before the new one is kept: a worker of another
        machine may be sending it while this transaction has not committed the new one yet."""
        self.ensure_one()
        directory = os.path.dirname(self._kobo_file_path("xml"))
        for name in os.listdir(directory):
            stem, _dot, fmt = name.partition(".")
            feed_id, _dash, number = stem.partition("-")
            if fmt not in ("xml", "tsv") or feed_id != str(self.id) or (number and not number.isdigit()):
                continue
            if not number or int(number) < generation:
                with contextlib.suppress(FileNotFoundError):  # another worker's cleaning
                    os.remove(os.path.join(directory, name))

    def _kobo_generate_if_dirty(self):
        """Regenerate this feed before it is served when a listing changed since its file was
        written (or it never was), so the address never serves a stale file. The feed's row is
        locked while writing: a second request or the cron meanwhile does not write it again
        (``SKIP LOCKED``: it serves the file as it is, the writer's commit brings the new one)."""
        self.ensure_one()
        self.flush_recordset(["dirty", "date_generated"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM kobo_google_feed WHERE id = %s"
                " AND (dirty OR date_generated IS NULL) FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        if self.env.cr.fetchone():
            self.invalidate_recordset(["dirty", "date_generated"])
            self._kobo_generate()

    @api.model
    def _cron_generate(self):
        """Cron: regenerate the feeds whose listings changed (or that were never written)."""
        feeds = self.sudo().search(["|", ("dirty", "=", True), ("date_generated", "=", False)])
        feeds._kobo_generate()

    @api.model
    def _kobo_demo_publish(self, channel_xmlid):
        """Demo: publish every product in enrichment on the demo Google channel now (not through
        the job runner, which demo loading does not run) and write its feed, so that the
        channel's feed URL opens at once. Products Google would refuse stay blocked and say why."""
        channel = self.env.ref(channel_xmlid, raise_if_not_found=False)
        if not channel:
            return
        templates = self.env["kobo.enrichment"].sudo().search([]).product_tmpl_id
        listings = self.env["kobo.listing"]._kobo_ensure(templates, channel)
        privileged(listings).write({"state": "queued", "operation": "publish"})
        listings._kobo_sync_batch()
        self._kobo_ensure(channel)._kobo_generate()

    def _kobo_read_file(self, fmt):
        """The generated file's content (tests, small feeds); the controller streams it instead."""
        with open(self._kobo_file_path(fmt), "rb") as file:
            return file.read()


class KoboGoogleFeedRow(models.Model):
    """The Google items of one listing (one per variant), as the last push built them."""

    _name = "kobo.google.feed.row"
    _description = "Google Merchant Feed Row"
    _order = "feed_id, id"

    feed_id = fields.Many2one(
        "kobo.google.feed", required=True, readonly=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    listing_id = fields.Many2one(
        "kobo.listing", required=True, readonly=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    product_tmpl_id = fields.Many2one(related="listing_id.product_tmpl_id", string="Product")
    items = fields.Json(string="Google Items", readonly=True)
    item_count = fields.Integer(string="Variants", readonly=True)
    # The items as the feed files hold them, rendered by the push (not read with the row's other
    # fields: they are read only by the generation, in SQL).
    xml_fragment = fields.Text(
        string="Rendered XML", readonly=True, prefetch=False, help="The items' <item> elements."
    )
    tsv_lines = fields.Text(string="Rendered TSV", readonly=True, prefetch=False)
    rendered_date = fields.Datetime(
        string="Rendered",
        readonly=True,
        help="Written with the rendered texts, equal to the row's last write: a row written since "
        "without them (by code older than 18.0.2.1.0) is rendered from its items at generation.",
    )

    _sql_constraints = [("listing_unique", "unique(listing_id)", "A listing has one feed row.")]

    @api.model
    def _kobo_rendered(self, items):
        """The values that store ``items``' texts on a row, to be written with the items. The
        stamp is the transaction's time, which the ORM writes as the row's ``write_date`` in the
        same write: the generation trusts the texts only while the two are equal."""
        # rendered from the items as the row's JSON gives them back, as a generation would
        stored = json.loads(json.dumps(items))
        return {
            "xml_fragment": render_xml_items(stored),
            "tsv_lines": render_tsv_lines(stored),
            "rendered_date": self.env.cr.now(),
        }

    @api.model
    def _kobo_render_stale(self, batch_size=FEED_CHUNK_ROWS[1]):
        """Render and store the texts of every row that has none or older ones than its items
        (the rows of a database upgraded from 18.0.2.0.0), ``batch_size`` rows at a time so
        that their items are not all in memory. Returns the number of rows rendered."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM kobo_google_feed_row"
                " WHERE rendered_date IS NULL OR rendered_date != write_date ORDER BY id"
            )
        )
        row_ids = [row_id for (row_id,) in self.env.cr.fetchall()]
        for batch_ids in split_every(batch_size, row_ids):
            for row in self.sudo().browse(batch_ids):
                row.write(self._kobo_rendered(row.items or []))
            self.env.flush_all()
            self.env.invalidate_all()
        return len(row_ids)


class KoboChannel(models.Model):
    _inherit = "kobo.channel"

    google_feed_ids = fields.One2many("kobo.google.feed", "channel_id", string="Google feed")
    google_feed_url = fields.Char(
        string="Google feed URL", compute="_compute_google_feed_url", groups=SYNDICATION_MANAGERS
    )

    @api.depends("google_feed_ids.token")
    def _compute_google_feed_url(self):
        for channel in self:
            channel.google_feed_url = channel.google_feed_ids[:1].feed_url

    def action_google_feed(self):
        """Open (creating it when missing) this channel's Google feed."""
        self.ensure_one()
        self.env["kobo.listing"]._kobo_check_group(SYNDICATION_USERS, self.env._("open a Google feed"))
        feed = self.env["kobo.google.feed"]._kobo_ensure(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "kobo.google.feed",
            "res_id": feed.id,
            "view_mode": "form",
        }
