from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_pim.text import one_line
from odoo.tools import SQL

SYNDICATION_USERS = "kobo_syndication.group_kobo_syndication_user"
SYNDICATION_MANAGERS = "kobo_syndication.group_kobo_syndication_manager"

#: From this many listings (or products) published at once, the operation reports its progress.
TRACKED_FROM = 50

LISTING_STATES = [
    ("draft", "Draft"),
    ("blocked", "Blocked"),
    ("queued", "Queued"),
    ("published", "Published"),
    ("error", "Error"),
    ("delisted", "Delisted"),
]


class KoboListing(models.Model):
    """One product on one channel: what was pushed, when, and what stops it."""

    _name = "kobo.listing"
    _inherit = "kobo.workflow.mixin"
    _description = "Channel Listing"
    _order = "channel_id, product_tmpl_id"
    _rec_names_search = ["product_tmpl_id", "channel_id", "external_id"]
    _kobo_workflow_fields = (
        "state",
        "operation",
        "external_id",
        "payload_digest",
        "date_last_sync",
        "kobo_version",
    )

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        kobo_immutable=True,
    )
    channel_id = fields.Many2one(
        "kobo.channel", required=True, readonly=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    connector = fields.Selection(related="channel_id.connector")
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    state = fields.Selection(LISTING_STATES, default="draft", required=True, readonly=True, index=True)
    operation = fields.Selection(
        [("publish", "Publish"), ("delist", "Delist")],
        default="publish",
        required=True,
        readonly=True,
        help="What the queue does with this listing: push its payload, or withdraw it.",
    )
    external_id = fields.Char(
        string="External ID", readonly=True, copy=False, help="The listing's id on the channel."
    )
    payload_digest = fields.Char(
        readonly=True,
        copy=False,
        help="SHA-256 of the last payload the channel accepted: an unchanged payload is not pushed again.",
    )
    date_last_sync = fields.Datetime(string="Last Sync", readonly=True, copy=False)
    kobo_version = fields.Integer(
        string="Version",
        default=0,
        readonly=True,
        copy=False,
        help="Counts the queueings of this listing. A sync job marks the listing published only if "
        "it is still the version the job read: a change saved while the job ran leads to another push.",
    )
    issue_ids = fields.One2many("kobo.listing.issue", "listing_id", string="Issues", readonly=True)
    issue_count = fields.Integer(compute="_compute_issue_count")
    kobo_block_summary = fields.Char(
        string="What blocks it",
        compute="_compute_kobo_block_summary",
        help="For a blocked listing or one in error, its issues in one line: how many variants "
        "each field fails on, or what the field lacks.",
    )
    image_128 = fields.Image(related="product_tmpl_id.image_128")

    _sql_constraints = [
        (
            "product_channel_unique",
            "unique(product_tmpl_id, channel_id)",
            "A product has one listing per channel.",
        ),
    ]

    @api.depends("issue_ids")
    def _compute_issue_count(self):
        for listing in self:
            listing.issue_count = len(listing.issue_ids)

    @api.depends(
        "state",
        "issue_ids.field_label",
        "issue_ids.product_id",
        "issue_ids.message",
        "product_tmpl_id.product_variant_ids",
    )
    def _compute_kobo_block_summary(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        for listing in self:
            if listing.state not in ("blocked", "error"):
                listing.kobo_block_summary = False
                continue
            parts = listing._kobo_issue_summary_parts()
            listing.kobo_block_summary = (
                self.env._("%(state)s: %(issues)s", state=states[listing.state], issues="; ".join(parts))
                if parts
                else states[listing.state]
            )

    def _kobo_issue_summary_parts(self):
        """One phrase per field of the listing's issues, in the issues' order: the number of
        variants it fails on, or the issue's words when it names no variant."""
        self.ensure_one()
        groups = {}
        for issue in self.issue_ids:
            groups.setdefault(issue.field_label or "", []).append(issue)
        total = len(self.product_tmpl_id.product_variant_ids) or 1
        parts = []
        for label, issues in groups.items():
            variants = {issue.product_id.id for issue in issues if issue.product_id}
            messages = list(dict.fromkeys(issue.message for issue in issues if not issue.product_id))
            if variants:
                what = self.env._(
                    "%(count)s of %(total)s variants", count=len(variants), total=max(total, len(variants))
                )
            elif len(messages) == 1:
                what = one_line(messages[0])
            else:
                what = self.env._("%(count)s issues", count=len(messages))
            parts.append(self.env._("%(field)s: %(what)s", field=label, what=what) if label else what)
        return parts

    @api.depends("product_tmpl_id", "channel_id")
    def _compute_display_name(self):
        for listing in self:
            listing.display_name = (
                f"{listing.product_tmpl_id.display_name} @ {listing.channel_id.display_name}"
            )

    # Actions (buttons, the Action menu): each checks the group, then uses the internal path.

    def action_publish(self):
        self._kobo_check_group(SYNDICATION_USERS, self.env._("publish listings"))
        # Only approved content is queued; the rest is blocked now and says why.
        if len(self) < TRACKED_FROM:
            self._kobo_queue_publish()
            return True
        # Many at once: how far it is and how it ended, in the user's *My Operations* (and on the
        # channel when they are all of one).
        channel = self.channel_id if len(self.channel_id) == 1 else None
        name = self.env._("Publish %(count)s listings", count=len(self))
        with self.env["kobo.progress"]._kobo_track(name, channel, len(self)) as progress:
            for start in range(0, len(self), TRACKED_FROM * 10):
                part = self[start : start + TRACKED_FROM * 10]
                part._kobo_queue_publish()
                progress.advance(len(part))
            queued = self.filtered(lambda listing: listing.state == "queued")
            progress.result = self.env._(
                "%(queued)s listings queued, %(blocked)s blocked (their issues say why). "
                "The sync jobs push them: see Syndication › Jobs.",
                queued=len(queued),
                blocked=len(self) - len(queued),
            )
        return True

    def action_open_sync_jobs(self):
        """The sync jobs that handled this listing, and its channel's jobs not done yet while
        it waits in the queue."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_syndication.action_kobo_sync_job")
        domain = [("handled_listing_ids", "in", self.ids)]
        if self.state == "queued":
            domain = [
                "|",
                *domain,
                "&",
                ("channel_id", "=", self.channel_id.id),
                ("state", "not in", ("done", "cancelled")),
            ]
        action["domain"] = domain
        action["context"] = {}
        return action

    def action_delist(self):
        self._kobo_check_group(SYNDICATION_USERS, self.env._("delist listings"))
        self._kobo_queue("delist")
        return True

    def action_retry(self):
        """Queue again what failed, is blocked or was left queued by a failed job."""
        self._kobo_check_group(SYNDICATION_USERS, self.env._("retry listings"))
        # A listing left queued by a failed job keeps its state; its channel gets a job again.
        self.filtered(lambda listing: listing.state in ("error", "blocked", "queued"))._kobo_queue()
        return True

    def action_cancel(self):
        """Take listings out of the queue: back to published when the channel has them."""
        self._kobo_check_group(SYNDICATION_USERS, self.env._("cancel queued listings"))
        queued = self.filtered(lambda listing: listing.state == "queued")
        on_channel = queued.filtered(lambda listing: listing.external_id and listing.operation == "publish")
        privileged(on_channel)._kobo_transition(["queued"], "published")
        privileged(queued - on_channel)._kobo_transition(["queued"], "draft")
        return True

    def action_read_status(self):
        """Ask the channel what it shows for these listings (read back status)."""
        self._kobo_check_group(SYNDICATION_USERS, self.env._("read listings back from their channel"))
        self._kobo_read_back()
        return True

    def action_validate(self):
        self._kobo_check_group(SYNDICATION_USERS, self.env._("validate listings"))
        self.sudo()._kobo_validate_now()
        return True

    # Internal paths (automation rules, jobs): no group check, the caller decided.

    @api.model
    def _kobo_ensure(self, templates, channels=None):
        """The listings of ``templates`` on ``channels`` (default: every active channel with an
        installed connector of each product's company, or of any company for a product without one),
        created when missing. Three queries whatever the number of products."""
        Listing = self.sudo()
        if not templates:
            return Listing.browse()
        if channels is None:
            # Archived channels get no listing, whatever the caller's context (the commit-point
            # automation reads products with ``active_test`` off, to delist archived ones).
            channels = (
                self.env["kobo.channel"]
                .sudo()
                .with_context(active_test=True)
                .search([("connector", "!=", False)])
            )
        # Only channels whose connector is installed: a Google channel gets its listings once
        # the Google connector's addon is there.
        channels = channels.filtered(lambda channel: f"kobo.connector.{channel.connector}" in self.env)
        if not templates or not channels:
            return Listing.browse()
        existing = Listing.search(
            [("product_tmpl_id", "in", templates.ids), ("channel_id", "in", channels.ids)]
        )
        have = {(listing.product_tmpl_id.id, listing.channel_id.id) for listing in existing}
        vals_list = [
            {"product_tmpl_id": template.id, "channel_id": channel.id}
            for template in templates
            for channel in channels
            if (template.id, channel.id) not in have
            and (not template.company_id or template.company_id == channel.company_id)
        ]
        return existing | Listing.create(vals_list)

    def _kobo_queue(self, operation=None):
        """Queue these listings (``operation`` publish / delist, or None to keep theirs) and give
        each of their channels one sync job (queue_job's identity key keeps it to one pending job
        per channel; a job already running does not count, so a change saved while it runs gets
        a job of its own).

        Every listing given gets a new ``kobo_version``, also one already queued: a job that read
        it before this change does not mark it published (``_kobo_sync_batch``), and the row
        written here is one the running job holds, so the database orders the two (one of them
        waits, then retries) instead of letting the older content win.

        One statement whatever the number of listings: the ORM would read the states in pages
        of 1,000 and flush the writes in groups, about one query per hundred listings, and a
        price change on a catalogue queues thousands. The UPDATE is the internal path of the
        workflow fields (the actions checked the group before calling it); the ORM's cache is
        invalidated and dependents are told, as after Odoo's own SQL updates.
        """
        listings = self.sudo()
        if not listings:
            return
        listings.flush_recordset(["state", "operation", "channel_id", "kobo_version"])
        new_operation = SQL(", operation = %s", operation) if operation else SQL()
        other_operation = SQL(" OR old.operation <> %s", operation) if operation else SQL()
        # ``old`` is the row as this statement found it: whether its state or operation moves.
        self.env.cr.execute(
            SQL(
                "UPDATE kobo_listing listing SET state = 'queued'%s, kobo_version = listing.kobo_version + 1,"
                " write_uid = %s, write_date = %s"
                " FROM kobo_listing old WHERE old.id = listing.id AND listing.id = ANY(%s)"
                " RETURNING listing.id, listing.channel_id, (old.state <> 'queued'%s)",
                new_operation,
                self.env.uid,
                self.env.cr.now(),
                listings.ids,
                other_operation,
            )
        )
        rows = self.env.cr.fetchall()
        listings.invalidate_recordset(["kobo_version", "write_uid", "write_date"])
        moved = listings.browse([listing_id for listing_id, _channel_id, moves in rows if moves])
        moved.invalidate_recordset(["state", "operation"])
        moved.modified(["state", "operation"])
        channel_ids = sorted({channel_id for _listing_id, channel_id, _moves in rows})
        self.env["kobo.channel"].browse(channel_ids)._kobo_enqueue_sync()

    def _kobo_validate_now(self):
        """Show what would stop these listings (the product's approval, then the channel's
        validation) as their issues, without pushing and without changing what the queue does
        with them: no listing becomes blocked here. A blocked listing that is not on its channel
        and has nothing left to fix goes back to draft. Returns the listings with issues."""
        with_issues = self.browse()
        for listings in self.grouped("channel_id").values():
            issues = listings._kobo_publish_issues()
            listings._kobo_set_issues(issues, "ours")
            found = listings.filtered(lambda listing, issues=issues: issues.get(listing.id))
            with_issues |= found
            cleared = (listings - found).filtered(
                lambda listing: listing.state == "blocked" and not listing.external_id
            )
            privileged(cleared).write({"state": "draft"})
        return with_issues

    def _kobo_set_issues(self, issues, source):
        """Replace the issues of ``self`` by ``issues`` (``{listing id: [issue dict]}``).

        An issue said twice (same field, variant, locale and words) is recorded once. Each gets
        its field's label in the current language, from the listing's connector
        (``kobo.connector._kobo_field_label``): the catalogue team reads words, not keys."""
        Issue = self.env["kobo.listing.issue"].sudo()
        Issue.search([("listing_id", "in", self.ids)]).unlink()
        listings = self.browse(list(issues)).sudo()
        labels = {}
        vals_list = []
        for listing in listings:
            connector = listing.channel_id.connector
            model = f"kobo.connector.{connector}" if connector else "kobo.connector"
            Connector = self.env[model if model in self.env else "kobo.connector"]
            seen = set()
            for issue in issues[listing.id]:
                key = (
                    issue.get("field") or False,
                    issue.get("product_id") or False,
                    issue.get("lang") or False,
                    issue["message"],
                )
                if key in seen:
                    continue
                seen.add(key)
                field = key[0]
                if field and (Connector._name, field) not in labels:
                    labels[Connector._name, field] = Connector._kobo_field_label(field)
                vals_list.append(
                    {
                        "listing_id": listing.id,
                        "source": source,
                        "field": field,
                        "field_label": labels[Connector._name, field] if field else False,
                        "product_id": key[1],
                        "lang": key[2],
                        "message": issue["message"],
                    }
                )
        Issue.create(vals_list)

    @api.model
    def _kobo_completeness_issues(self, listings):
        """``{listing id: [issue dict]}`` from the PIM's completeness cells of each listing's
        product on its channel (recomputed first when outdated), one issue per missing item."""
        issues = {}
        if not listings:
            return issues
        Cell = self.env["kobo.completeness"].sudo()
        cells = Cell.search(
            [
                ("product_tmpl_id", "in", listings.product_tmpl_id.ids),
                ("channel_id", "in", listings.channel_id.ids),
            ]
        )
        cells.filtered("dirty")._kobo_recompute()
        by_key = {}
        for cell in cells:
            by_key.setdefault((cell.product_tmpl_id.id, cell.channel_id.id), []).append(cell)
        for listing in listings:
            channel = listing.channel_id
            listing_cells = by_key.get((listing.product_tmpl_id.id, channel.id))
            if not listing_cells:
                if channel.profile_id and channel.lang_ids:
                    issues.setdefault(listing.id, []).append(
                        {
                            "message": self.env._(
                                "%(product)s has no completeness on %(channel)s: send it to enrichment.",
                                product=listing.product_tmpl_id.display_name,
                                channel=channel.display_name,
                            )
                        }
                    )
                continue
            for cell in listing_cells:
                if cell.complete:
                    continue
                for line in (cell.issues or "").splitlines():
                    if line.strip():
                        issues.setdefault(listing.id, []).append(
                            {"lang": cell.lang_code, "message": line.strip()}
                        )
        return issues


class KoboListingIssue(models.Model):
    """A field-level reason a listing is blocked or in error, from our validation or the channel."""

    _name = "kobo.listing.issue"
    _description = "Listing Issue"
    _order = "listing_id, source, field_label, product_id, lang, id"

    listing_id = fields.Many2one(
        "kobo.listing", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    source = fields.Selection(
        [("ours", "Our validation"), ("channel", "Channel")], required=True, default="ours"
    )
    field = fields.Char(
        string="Key", help="The product field or channel attribute at fault, as the code names it."
    )
    field_label = fields.Char(
        string="Field",
        readonly=True,
        help="The field at fault as the catalogue team knows it, in the language of whoever "
        "recorded the issue.",
    )
    product_id = fields.Many2one("product.product", string="Variant", ondelete="cascade")
    lang = fields.Char(string="Locale")
    message = fields.Char(required=True)
