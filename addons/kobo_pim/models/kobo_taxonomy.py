import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

# "# Google_Product_Taxonomy_Version: 2021-09-21"
VERSION_HEADER = re.compile(r"^#.*?version\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
PATH_SEPARATOR = " > "
ID_SEPARATOR = " - "
MAX_EXTERNAL_ID = 2**31 - 1


class KoboTaxonomy(models.Model):
    _name = "kobo.taxonomy"
    _description = "Product Taxonomy"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    source = fields.Char(default="Google", required=True, help="Who publishes it, e.g. Google.")
    version = fields.Char(
        tracking=True, help="Read from the file's header line, e.g. 2021-09-21 for Google's taxonomy."
    )
    locale = fields.Char(default="en-US", help="Language of the node names, e.g. en-US, fr-FR.")
    url = fields.Char(
        string="Source URL",
        help="Where the published file is fetched from when re-imported from a URL.",
    )
    import_date = fields.Datetime(readonly=True, tracking=True)
    node_ids = fields.One2many("kobo.taxonomy.node", "taxonomy_id", string="Nodes")
    node_count = fields.Integer(compute="_compute_counts")
    obsolete_node_count = fields.Integer(compute="_compute_counts")
    obsolete_mapping_count = fields.Integer(compute="_compute_counts")
    active = fields.Boolean(default=True)

    def _compute_counts(self):
        Node = self.env["kobo.taxonomy.node"]
        counts = defaultdict(int)
        obsolete = defaultdict(int)
        for taxonomy, is_obsolete, count in Node._read_group(
            [("taxonomy_id", "in", self.ids)], ["taxonomy_id", "obsolete"], ["__count"]
        ):
            counts[taxonomy.id] += count
            if is_obsolete:
                obsolete[taxonomy.id] += count
        mappings = dict(
            self.env["kobo.taxonomy.mapping"]._read_group(
                [("taxonomy_id", "in", self.ids), ("node_obsolete", "=", True)],
                ["taxonomy_id"],
                ["__count"],
            )
        )
        for taxonomy in self:
            taxonomy.node_count = counts[taxonomy.id]
            taxonomy.obsolete_node_count = obsolete[taxonomy.id]
            taxonomy.obsolete_mapping_count = mappings.get(taxonomy, 0)

    def action_open_nodes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_taxonomy_node")
        action["domain"] = [("taxonomy_id", "=", self.id)]
        action["context"] = {"default_taxonomy_id": self.id}
        return action

    def action_open_obsolete_mappings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_taxonomy_mapping")
        action["domain"] = [("taxonomy_id", "=", self.id)]
        action["context"] = {"search_default_obsolete_node": 1}
        return action

    def action_import(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kobo_pim.action_kobo_taxonomy_import_wizard")
        action["context"] = {"default_taxonomy_id": self.id, "default_url": self.url}
        return action

    # ------------------------------------------------------------------
    # Import of Google's published format
    # ------------------------------------------------------------------
    def _decode_taxonomy_file(self, data):
        if not isinstance(data, bytes):
            return data or ""
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "Line %(line)s: the file is not UTF-8 text (byte %(byte)s). "
                    "Google publishes its taxonomy in UTF-8; save the file as UTF-8 and import it again.",
                    line=data.count(b"\n", 0, error.start) + 1,
                    byte=hex(data[error.start]),
                )
            ) from error

    def _parse_taxonomy_line(self, number, line):
        """Return ``(external_id, segments)`` of one ``ID - Path > Sub > Leaf`` line."""
        _ = self.env._
        if ID_SEPARATOR not in line:
            raise UserError(
                _(
                    'Line %(line)s: no ID in "%(text)s". Each line must read "ID - Path > Sub > Leaf", '
                    'e.g. "1604 - Apparel & Accessories > Clothing".',
                    line=number,
                    text=line[:120],
                )
            )
        external_id, path = line.split(ID_SEPARATOR, 1)
        external_id = external_id.strip()
        if not external_id.isdigit() or int(external_id) > MAX_EXTERNAL_ID:
            raise UserError(
                _(
                    'Line %(line)s: the ID "%(id)s" is not a number. Each line must read '
                    '"ID - Path > Sub > Leaf" with a numeric ID.',
                    line=number,
                    id=external_id[:40],
                )
            )
        segments = [segment.strip() for segment in path.split(PATH_SEPARATOR.strip())]
        if not all(segments):
            raise UserError(
                _('Line %(line)s: the path "%(path)s" has an empty level.', line=number, path=path[:120])
            )
        return int(external_id), segments

    def _parse_taxonomy_file(self, data):
        """Parse Google's ``ID - Path > Sub > Leaf`` format (bytes or str).

        Returns ``(version, rows)`` where rows are ``(line_number, external_id, segments)``.
        Raises a UserError naming the first wrong line; nothing is written to the database.
        """
        _ = self.env._
        version = False
        rows = []
        line_of_id = {}
        line_of_path = {}
        for number, raw in enumerate(self._decode_taxonomy_file(data).splitlines(), start=1):
            line = raw.strip()
            if line.startswith("#"):
                match = VERSION_HEADER.match(line)
                version = version or (match and match.group(1))
                continue
            if not line:
                continue
            external_id, segments = self._parse_taxonomy_line(number, line)
            full_path = PATH_SEPARATOR.join(segments)
            if external_id in line_of_id:
                raise UserError(
                    _(
                        "Line %(line)s: ID %(id)s is a duplicate, it is already on line %(first)s.",
                        line=number,
                        id=external_id,
                        first=line_of_id[external_id],
                    )
                )
            if full_path in line_of_path:
                raise UserError(
                    _(
                        'Line %(line)s: the path "%(path)s" is a duplicate, it is already on line %(first)s.',
                        line=number,
                        path=full_path,
                        first=line_of_path[full_path],
                    )
                )
            line_of_id[external_id] = number
            line_of_path[full_path] = number
            rows.append((number, external_id, segments))
        if not rows:
            raise UserError(_('The file is empty: no line of the form "ID - Path > Sub > Leaf" was found.'))
        for number, _external_id, segments in rows:
            parent_path = PATH_SEPARATOR.join(segments[:-1])
            if len(segments) > 1 and parent_path not in line_of_path:
                raise UserError(
                    _(
                        'Line %(line)s: the parent "%(parent)s" of "%(path)s" is not in the file.',
                        line=number,
                        parent=parent_path,
                        path=PATH_SEPARATOR.join(segments),
                    )
                )
        return version, rows

    def _import_taxonomy_file(self, data):
        """Import or re-import Google's taxonomy file into this taxonomy, all or nothing.

        Nodes are matched by their external (Google) ID: names and paths are updated, new
        nodes added, and nodes missing from the file are flagged obsolete, never deleted, so
        every mapping is kept. Creates are batched level by level (parents first, so that
        ``parent_path`` is right), hence the query count depends on the depth of the tree and
        on Odoo's insert batch size, not on one query per line.

        Returns a dict: created, updated, obsoleted, restored (counts) and
        ``obsolete_mappings`` (the mappings that point at a node which just disappeared).
        """
        self.ensure_one()
        version, rows = self._parse_taxonomy_file(data)
        Node = self.env["kobo.taxonomy.node"].with_context(active_test=False)
        existing = {node.external_id: node for node in Node.search([("taxonomy_id", "=", self.id)])}
        node_by_path = {}
        by_depth = defaultdict(list)
        for row in rows:
            by_depth[len(row[2])].append(row)
        created = updated = restored = 0
        for depth in sorted(by_depth):
            vals_list = []
            for _number, external_id, segments in by_depth[depth]:
                full_path = PATH_SEPARATOR.join(segments)
                parent = node_by_path.get(PATH_SEPARATOR.join(segments[:-1])) if depth > 1 else Node
                vals = {
                    "name": segments[-1],
                    "complete_name": full_path,
                    "parent_id": parent.id,
                    "obsolete": False,
                }
                node = existing.get(external_id)
                if node:
                    changes = {
                        key: value
                        for key, value in vals.items()
                        if (node[key].id if key == "parent_id" else node[key]) != value
                    }
                    if changes:
                        restored += int("obsolete" in changes)
                        updated += int(bool(changes.keys() - {"obsolete"}))
                        node.write(changes)
                    node_by_path[full_path] = node
                else:
                    vals_list.append(dict(vals, taxonomy_id=self.id, external_id=external_id))
            if vals_list:
                for node in Node.create(vals_list):
                    node_by_path[node.complete_name] = node
                created += len(vals_list)
        seen = {external_id for _number, external_id, _segments in rows}
        gone = Node.browse(
            node.id for external_id, node in existing.items() if external_id not in seen and not node.obsolete
        )
        gone.obsolete = True
        self.write({"version": version or self.version, "import_date": fields.Datetime.now()})
        obsolete_mappings = self.env["kobo.taxonomy.mapping"].search([("node_id", "in", gone.ids)])
        result = {
            "created": created,
            "updated": updated,
            "obsoleted": len(gone),
            "restored": restored,
            "obsolete_mappings": obsolete_mappings,
        }
        self._post_import_summary(result)
        return result

    def _post_import_summary(self, result):
        _ = self.env._
        body = _(
            "Imported version %(version)s: %(created)s nodes added, %(updated)s renamed or moved, "
            "%(obsoleted)s no longer in the file (flagged obsolete), %(restored)s back again.",
            version=self.version or _("(no version)"),
            created=result["created"],
            updated=result["updated"],
            obsoleted=result["obsoleted"],
            restored=result["restored"],
        )
        mappings = result["obsolete_mappings"]
        if mappings:
            body += " " + _(
                "Mappings to fix (they point at a node that disappeared): %(mappings)s",
                mappings=", ".join(mappings.mapped("display_name")),
            )
        self.message_post(body=body)


class KoboTaxonomyNode(models.Model):
    _name = "kobo.taxonomy.node"
    _description = "Product Taxonomy Node"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    taxonomy_id = fields.Many2one("kobo.taxonomy", required=True, ondelete="cascade", index=True)
    external_id = fields.Integer(
        string="Node ID", required=True, help="The publisher's numeric ID, e.g. 1604 for Google's Clothing."
    )
    name = fields.Char(required=True)
    complete_name = fields.Char(string="Path", required=True, index="trigram")
    parent_id = fields.Many2one("kobo.taxonomy.node", ondelete="restrict", index=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("kobo.taxonomy.node", "parent_id", string="Children")
    obsolete = fields.Boolean(
        readonly=True,
        help="No longer in the last imported version: mappings to it should move to a current node.",
    )
    mapping_ids = fields.One2many("kobo.taxonomy.mapping", "node_id", string="Mappings")

    _sql_constraints = [
        (
            "external_id_taxonomy_unique",
            "unique(taxonomy_id, external_id)",
            "A node ID must be unique within its taxonomy.",
        ),
    ]

    @api.depends("complete_name", "external_id")
    def _compute_display_name(self):
        for node in self:
            node.display_name = f"{node.external_id} - {node.complete_name}" if node.external_id else ""

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "=ilike", "like", "=like", "=") and value and str(value).strip().isdigit():
            return ["|", ("external_id", "=", int(value)), ("complete_name", operator, value)]
        return [("complete_name", operator, value)]
