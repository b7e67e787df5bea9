"""What the completeness engine reads for one batch of cells, one query per kind of input.

The product columns the rules name (translated ones with all their languages), the channel
copy overrides, the variants with GTIN, MPN and attribute values, the images that have a file,
the expired certifications; per channel, only when one of its rules needs them, the taxonomy
nodes, size labels and prices from the batched methods that own them. None of these depends on
the number of products in the batch.
"""

from odoo.tools import SQL

# Checks that read the variants (their barcodes, codes and attribute value names).
VARIANT_CHECKS = frozenset({"gtin", "gtin_or_mpn", "color", "size", "price"})


class CompletenessReader:
    """Reads a batch's inputs; ``CompletenessEngine`` checks them."""

    def _read(self, template_ids, channels):
        env, cr = self.env, self.env.cr
        data = {"channels": {}}
        for channel in channels:
            data["channels"][channel.id] = self._channel_data(channel)
        rules = [rule for channel in data["channels"].values() for rule in channel["rules"]]
        checks = {rule["check"] for rule in rules}
        template_columns = sorted({rule["field_name"] for rule in rules if rule["field_name"]})
        columns = ["id", "categ_id", "kobo_season_name"]
        columns += [name for name in template_columns if name not in columns]
        cr.execute(
            SQL(
                "SELECT %s FROM product_template WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                template_ids,
            )
        )
        names = [desc[0] for desc in cr.description]
        data["templates"] = {row[0]: dict(zip(names, row, strict=True)) for row in cr.fetchall()}
        data["overrides"] = {}
        if set(template_columns) & set(self.copy_fields):
            columns = [name for name in self.copy_fields if name in template_columns]
            cr.execute(
                SQL(
                    """SELECT product_tmpl_id, channel_id, %s FROM kobo_channel_copy
                        WHERE product_tmpl_id = ANY(%s)""",
                    SQL(", ").join(SQL.identifier(name) for name in columns),
                    template_ids,
                )
            )
            for row in cr.fetchall():
                data["overrides"][row[0], row[1]] = dict(zip(columns, row[2:], strict=True))
        data["variants"] = self._read_variants(template_ids) if checks & VARIANT_CHECKS else {}
        data["assets"] = self._read_assets(template_ids) if "image" in checks else {}
        data["expired"] = {}
        if "certification" in checks:
            cr.execute(
                SQL(
                    """SELECT product_tmpl_id, name, date_expiry FROM kobo_pim_certification
                        WHERE product_tmpl_id = ANY(%s) AND date_expiry < %s ORDER BY date_expiry, name""",
                    template_ids,
                    env.cr.now().date(),
                )
            )
            for template_id, name, date_expiry in cr.fetchall():
                data["expired"].setdefault(template_id, []).append((name, date_expiry))
        templates = env["product.template"].browse(template_ids)
        all_variants = env["product.product"].browse(
            [variant["id"] for variants in data["variants"].values() for variant in variants]
        )
        for channel in channels:
            channel_data = data["channels"][channel.id]
            channel_checks = {rule["check"] for rule in channel_data["rules"]}
            if "category" in channel_checks and channel.taxonomy_id:
                nodes = env["kobo.taxonomy.mapping"]._nodes_for_products(templates, channel)
                channel_data["nodes"] = {template_id: node.id for template_id, node in nodes.items()}
            if "size" in channel_checks and channel.size_system and all_variants:
                channel_data["size_labels"] = channel._size_labels(all_variants)[0]
            if "price" in channel_checks and channel.pricelist_id and all_variants:
                channel_data["prices"] = {
                    variant_id: values["price"]
                    for variant_id, values in channel._kobo_prices(all_variants).items()
                }
        return data

    def _channel_data(self, channel):
        profile = channel.profile_id
        rules = []
        for rule in profile.rule_ids if profile.active else ():
            role_label = dict(rule._fields["image_role"]._description_selection(self.env)).get(
                rule.image_role
            )
            rules.append(
                {
                    "id": rule.id,
                    "sequence": rule.sequence,
                    "field_label": self._field_label(rule, role_label),
                    "check": rule.check,
                    "field_name": rule.field_name if rule.check == "field" else False,
                    "label": rule._kobo_label(),
                    "required": rule.required,
                    "min_length": rule.min_length,
                    "max_length": rule.max_length,
                    "min_count": rule.min_count,
                    "max_count": rule.max_count,
                    "allowed": rule._kobo_allowed_values(),
                    "role": rule.image_role,
                    "role_label": role_label,
                    "min_width": rule.image_min_width,
                    "min_height": rule.image_min_height,
                    "min_longest": rule.image_min_longest_side,
                    "run": self._checks[rule.check],
                }
            )
        # The channel's own minimum image size (its Images tab) applies to every image rule.
        channel_min_side = channel["image_min_size"] if "image_min_size" in channel._fields else 0
        for rule in rules:
            if rule["check"] == "image" and channel_min_side:
                rule["min_width"] = max(rule["min_width"], channel_min_side)
                rule["min_height"] = max(rule["min_height"], channel_min_side)
        return {
            "id": channel.id,
            "rules": rules,
            "taxonomy": channel.taxonomy_id.name,
            "size_system": channel.size_system,
            "size_system_label": dict(channel._fields["size_system"]._description_selection(self.env)).get(
                channel.size_system
            ),
            "pricelist": channel.pricelist_id.name,
            "nodes": {},
            "size_labels": {},
            "prices": {},
        }

    def _read_variants(self, template_ids):
        """{template id: [{id, label, barcode, mpn, colors, sizes}]} of the active variants."""
        self.env.cr.execute(
            SQL(
                """
                SELECT pp.id, pp.product_tmpl_id, pp.barcode, pp.default_code,
                       array_agg(COALESCE(pav.name->>%(lang)s, pav.name->>'en_US')
                                 ORDER BY pa.sequence, pa.id)
                           FILTER (WHERE pav.id IS NOT NULL),
                       array_agg(pa.display_type = 'color' ORDER BY pa.sequence, pa.id)
                           FILTER (WHERE pav.id IS NOT NULL)
                  FROM product_product pp
             LEFT JOIN product_variant_combination combination ON combination.product_product_id = pp.id
             LEFT JOIN product_template_attribute_value ptav
                       ON ptav.id = combination.product_template_attribute_value_id
             LEFT JOIN product_attribute_value pav ON pav.id = ptav.product_attribute_value_id
             LEFT JOIN product_attribute pa ON pa.id = pav.attribute_id
                 WHERE pp.product_tmpl_id = ANY(%(templates)s) AND pp.active
              GROUP BY pp.id
              ORDER BY pp.product_tmpl_id, pp.id
                """,
                lang=self.env.lang or "en_US",
                templates=template_ids,
            )
        )
        variants = {}
        for (
            variant_id,
            template_id,
            barcode,
            default_code,
            value_names,
            color_flags,
        ) in self.env.cr.fetchall():
            values, is_color = value_names or [], color_flags or []
            variants.setdefault(template_id, []).append(
                {
                    "id": variant_id,
                    "label": " / ".join(values) or default_code or "",
                    "barcode": (barcode or "").strip(),
                    "mpn": (default_code or "").strip(),
                    "colors": [value for value, color in zip(values, is_color, strict=True) if color],
                    "sizes": [value for value, color in zip(values, is_color, strict=True) if not color],
                }
            )
        return variants

    def _read_assets(self, template_ids):
        """{template id: [{role, width, height, channels}]} of the images that have a file."""
        relation = self.env["kobo.asset"]._fields["channel_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT asset.product_tmpl_id, asset.role, COALESCE(asset.width, 0), COALESCE(asset.height, 0),
                       array_remove(array_agg(rel.%(channel_col)s), NULL)
                  FROM kobo_asset asset
             LEFT JOIN %(rel)s rel ON rel.%(asset_col)s = asset.id
                 WHERE asset.product_tmpl_id = ANY(%(templates)s) AND asset.kind = 'image'
                   AND EXISTS (SELECT 1 FROM ir_attachment attachment
                                WHERE attachment.res_model = 'kobo.asset' AND attachment.res_field = 'image'
                                  AND attachment.res_id = asset.id)
              GROUP BY asset.id
              ORDER BY asset.product_tmpl_id, asset.sequence, asset.id
                """,
                channel_col=SQL.identifier(relation.column2),
                rel=SQL.identifier(relation.relation),
                asset_col=SQL.identifier(relation.column1),
                templates=template_ids,
            )
        )
        assets = {}
        for template_id, role, width, height, channel_ids in self.env.cr.fetchall():
            assets.setdefault(template_id, []).append(
                {"role": role, "width": width, "height": height, "channels": set(channel_ids)}
            )
        return assets
