from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KoboTaxonomyMapping(models.Model):
    _name = "kobo.taxonomy.mapping"
    _description = "Taxonomy Mapping per Channel"
    _check_company_auto = True
    _order = "channel_id, categ_id, product_tmpl_id, id"

    channel_id = fields.Many2one(
        "kobo.channel", required=True, ondelete="cascade", index=True, kobo_immutable=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    channel_taxonomy_id = fields.Many2one(related="channel_id.taxonomy_id", string="Channel taxonomy")
    categ_id = fields.Many2one(
        "product.category",
        string="Product category",
        ondelete="cascade",
        index=True,
        help="Products of this category and of its sub-categories without a mapping of their own.",
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        ondelete="cascade",
        index=True,
        check_company=True,
        help="A single product that needs another node than its category's.",
    )
    node_id = fields.Many2one(
        "kobo.taxonomy.node",
        string="Taxonomy node",
        required=True,
        ondelete="restrict",
        index=True,
        domain="[('taxonomy_id', '=', channel_taxonomy_id), ('obsolete', '=', False)]",
    )
    taxonomy_id = fields.Many2one(related="node_id.taxonomy_id", store=True, index=True)
    node_external_id = fields.Integer(related="node_id.external_id", string="Node ID")
    node_obsolete = fields.Boolean(
        related="node_id.obsolete",
        store=True,
        string="Obsolete node",
        help="The node disappeared from the taxonomy.",
    )

    _sql_constraints = [
        (
            "channel_categ_unique",
            "unique(channel_id, categ_id)",
            "A product category is mapped once per channel.",
        ),
        (
            "channel_product_unique",
            "unique(channel_id, product_tmpl_id)",
            "A product is mapped once per channel.",
        ),
        (
            "category_or_product",
            "CHECK((categ_id IS NULL) != (product_tmpl_id IS NULL))",
            "A mapping is for a product category or for a single product, not both.",
        ),
    ]

    @api.depends("channel_id", "categ_id", "product_tmpl_id", "node_id")
    def _compute_display_name(self):
        for mapping in self:
            subject = mapping.product_tmpl_id.display_name or mapping.categ_id.display_name or ""
            mapping.display_name = (
                f"{mapping.channel_id.name or ''}: {subject} → {mapping.node_id.display_name or ''}"
            )

    @api.constrains("channel_id", "node_id")
    def _check_node_in_channel_taxonomy(self):
        for mapping in self:
            if mapping.node_id.taxonomy_id != mapping.channel_id.taxonomy_id:
                raise ValidationError(
                    self.env._(
                        'Channel %(channel)s uses the taxonomy "%(channel_taxonomy)s"; '
                        'node "%(node)s" belongs to "%(node_taxonomy)s".',
                        channel=mapping.channel_id.name,
                        channel_taxonomy=mapping.channel_id.taxonomy_id.name or self.env._("none"),
                        node=mapping.node_id.display_name,
                        node_taxonomy=mapping.node_id.taxonomy_id.name,
                    )
                )

    @api.model
    def _nodes_for_products(self, products, channel):
        """Return ``{product.template id: kobo.taxonomy.node}`` for ``products`` on ``channel``.

        ``products`` may be product.template or product.product records. Per product, the
        product's own mapping wins, else its category's, else the nearest mapped parent
        category's; a mapping to an obsolete node is skipped (a feed must not send an ID the
        publisher removed). Products without any applicable mapping are left out. Batched:
        the number of queries does not depend on the number of products.
        """
        templates = products.product_tmpl_id if products._name == "product.product" else products
        if not templates or not channel:
            return {}
        categories = templates.categ_id
        ancestor_ids = {
            int(category_id)
            for category in categories
            for category_id in category.parent_path.split("/")[:-1]
        }
        mappings = self.sudo().search_fetch(
            [
                ("channel_id", "=", channel.id),
                ("node_obsolete", "=", False),
                "|",
                ("product_tmpl_id", "in", templates.ids),
                ("categ_id", "in", list(ancestor_ids)),
            ],
            ["categ_id", "product_tmpl_id", "node_id"],
        )
        node_by_product = {m.product_tmpl_id.id: m.node_id for m in mappings if m.product_tmpl_id}
        node_by_category = {m.categ_id.id: m.node_id for m in mappings if m.categ_id}
        Node = self.env["kobo.taxonomy.node"]
        result = {}
        for template in templates:
            node = node_by_product.get(template.id)
            if not node and template.categ_id:
                # parent_path reads root/…/self/: walk from the category up to the root
                for category_id in reversed(template.categ_id.parent_path.split("/")[:-1]):
                    node = node_by_category.get(int(category_id))
                    if node:
                        break
            if node:
                result[template.id] = Node.browse(node.id)
        return result
