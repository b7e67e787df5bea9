from odoo import models


class KoboTechpack(models.Model):
    """Whether a revision's BoM is ready for production: checked by Freeze and by the gate."""

    _inherit = "kobo.techpack"

    def _kobo_bom_explosion_problems(self):
        """What the revision's BoM fails to give each variant of the style, in words.

        Chooses each variant's lines the way `mrp.bom.explode` does (`_skip_bom_line`, Apply on
        Variants) without its search for kits: materials are bought, so one level is the BoM.
        Every variant must receive every garment BoM line, in a positive quantity.
        """
        self.ensure_one()
        bom = self.bom_id
        if not bom:
            return [self.env._("%(techpack)s has no BoM.", techpack=self.display_name)]
        problems = []
        variants = self.style_id.product_variant_ids
        if not variants:
            return [self.env._("%(style)s has no variants.", style=self.style_id.display_name)]
        if not self.garment_line_ids:
            return [self.env._("%(techpack)s has an empty BoM.", techpack=self.display_name)]
        problems.extend(self._kobo_incomplete_garment_lines())
        for variant in variants:
            lines = bom.bom_line_ids.filtered(lambda line, v=variant: not line._skip_bom_line(v))
            values = variant.product_template_attribute_value_ids.product_attribute_value_id
            # A line measured per size is meant only for the sizes it lists (patches on L and XL);
            # every other line is for every variant, whatever its colorway.
            expected = self.garment_line_ids.filtered(
                lambda line, values=values: line.consumption_mode == "uniform"
                or line.consumption_ids.size_id.attribute_value_id & values
            )
            missing = expected - lines.kobo_garment_line_id
            if not lines:
                problems.append(
                    self.env._("the BoM gives %(variant)s nothing.", variant=variant.display_name)
                )
            elif missing:
                problems.append(
                    self.env._(
                        "the BoM gives %(variant)s no %(materials)s.",
                        variant=variant.display_name,
                        materials=", ".join(missing.mapped("material_tmpl_id.name")),
                    )
                )
            if any(line.product_qty <= 0 for line in lines):
                problems.append(
                    self.env._("the BoM has a zero quantity for %(variant)s.", variant=variant.display_name)
                )
        return problems

    def _kobo_incomplete_garment_lines(self):
        """Garment BoM lines that would give no manufacturing order anything, in words.

        A line measured per size is generated only for the sizes it lists: with none, its
        material silently leaves every manufacturing order.
        """
        self.ensure_one()
        placements = dict(
            self.env["kobo.garment.bom.line"]._fields["placement"]._description_selection(self.env)
        )
        return [
            self.env._(
                "%(placement)s line %(material)s is consumed per size but lists no size: "
                "no manufacturing order would get it.",
                placement=placements.get(line.placement, line.placement),
                material=line.material_tmpl_id.display_name,
            )
            for line in self.garment_line_ids
            if line.consumption_mode == "per_size" and not line.consumption_ids
        ]
