from odoo import models
from odoo.tools.float_utils import float_compare

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


def _fmt(number):
    return "" if number is None else f"{number:g}"


class KoboTechpack(models.Model):
    """Two revisions compared, as rows a supplier can read (the PDF's *Changes* page, *Compare*)."""

    _inherit = "kobo.techpack"

    def _diff_against(self, old):
        """What changed from revision `old` to this one, as rows a supplier can read.

        Returns {"measurements": [...], "bom": [...], "sections": [...], "care": [...]}, each row a
        dict with `what`, `change` (added / removed / changed), `old` and `new` as display strings.
        """
        self.ensure_one()
        old.ensure_one()
        return {
            "measurements": self._diff_measurements(old),
            "bom": self._diff_bom(old),
            "sections": self._diff_sections(old),
            "care": self._diff_care(old),
        }

    def _diff_measurements(self, old):
        def index(techpack):
            lines = {}
            for line in techpack.measurement_ids:
                lines[line.pom_id] = (line, {value.size_id.name: value.value for value in line.value_ids})
            return lines

        before, after = index(old), index(self)
        rows = []
        for pom in sorted(before.keys() | after.keys(), key=lambda pom: pom.code):
            old_line, old_values = before.get(pom, (None, {}))
            new_line, new_values = after.get(pom, (None, {}))
            if not old_line:
                rows.append(
                    {
                        "what": pom.display_name,
                        "size": "",
                        "change": ADDED,
                        "old": "",
                        "new": ", ".join(f"{size} {_fmt(v)}" for size, v in new_values.items()),
                    }
                )
                continue
            if not new_line:
                rows.append(
                    {
                        "what": pom.display_name,
                        "size": "",
                        "change": REMOVED,
                        "old": ", ".join(f"{size} {_fmt(v)}" for size, v in old_values.items()),
                        "new": "",
                    }
                )
                continue
            if float_compare(old_line.tolerance, new_line.tolerance, precision_digits=2):
                rows.append(
                    {
                        "what": pom.display_name,
                        "size": "±",
                        "change": CHANGED,
                        "old": _fmt(old_line.tolerance),
                        "new": _fmt(new_line.tolerance),
                    }
                )
            for size in list(dict.fromkeys([*old_values, *new_values])):
                old_value, new_value = old_values.get(size), new_values.get(size)
                if old_value is None or new_value is None:
                    rows.append(
                        {
                            "what": pom.display_name,
                            "size": size,
                            "change": ADDED if old_value is None else REMOVED,
                            "old": _fmt(old_value),
                            "new": _fmt(new_value),
                        }
                    )
                elif float_compare(old_value, new_value, precision_digits=2):
                    rows.append(
                        {
                            "what": pom.display_name,
                            "size": size,
                            "change": CHANGED,
                            "old": _fmt(old_value),
                            "new": _fmt(new_value),
                        }
                    )
        return rows

    def _diff_bom(self, old):
        placements = dict(
            self.env["kobo.garment.bom.line"]._fields["placement"]._description_selection(self.env)
        )

        def describe(line):
            if line.consumption_mode == "uniform":
                consumption = f"{_fmt(line.quantity)} {line.uom_id.name}"
            else:
                consumption = ", ".join(
                    f"{row.size_id.name} {_fmt(row.quantity)}" for row in line.consumption_ids
                )
                consumption += f" {line.uom_id.name}"
            if line.colour_mode == "same":
                # A material without variants needs no colour: its name is already in the row.
                several = len(line.material_tmpl_id.product_variant_ids) > 1
                colours = line.material_product_id.display_name if several else ""
            else:
                colours = ", ".join(
                    f"{row.colorway_value_id.name}: {row.product_id.display_name}"
                    for row in line.colorway_ids
                )
            return f"{consumption}; {colours}" if colours else consumption

        def index(techpack):
            return {
                (line.material_tmpl_id, line.placement): describe(line) for line in techpack.garment_line_ids
            }

        before, after = index(old), index(self)
        rows = []
        for key in sorted(before.keys() | after.keys(), key=lambda k: (k[1], k[0].display_name)):
            material, placement = key
            what = f"{placements[placement]}: {material.display_name}"
            if key not in before:
                rows.append({"what": what, "change": ADDED, "old": "", "new": after[key]})
            elif key not in after:
                rows.append({"what": what, "change": REMOVED, "old": before[key], "new": ""})
            elif before[key] != after[key]:
                rows.append({"what": what, "change": CHANGED, "old": before[key], "new": after[key]})
        return rows

    def _diff_sections(self, old):
        types = dict(
            self.env["kobo.techpack.section"]._fields["section_type"]._description_selection(self.env)
        )

        def index(techpack):
            return {(section.section_type, section.name): section for section in techpack.section_ids}

        before, after = index(old), index(self)
        rows = []
        for key in sorted(before.keys() | after.keys()):
            what = f"{types[key[0]]}: {key[1]}"
            if key not in before:
                rows.append({"what": what, "change": ADDED, "old": "", "new": after[key].description or ""})
            elif key not in after:
                rows.append(
                    {"what": what, "change": REMOVED, "old": before[key].description or "", "new": ""}
                )
            else:
                old_section, new_section = before[key], after[key]
                if (old_section.description or "") != (new_section.description or ""):
                    rows.append(
                        {
                            "what": what,
                            "change": CHANGED,
                            "old": old_section.description or "",
                            "new": new_section.description or "",
                        }
                    )
                if old_section.image != new_section.image:
                    rows.append(
                        {
                            "what": what,
                            "change": CHANGED,
                            "old": self.env._("previous image"),
                            "new": self.env._("new image"),
                        }
                    )
        return rows

    def _diff_care(self, old):
        rows = []
        for symbol in self.care_symbol_ids - old.care_symbol_ids:
            rows.append({"what": symbol.display_name, "change": ADDED, "old": "", "new": symbol.display_name})
        for symbol in old.care_symbol_ids - self.care_symbol_ids:
            rows.append(
                {"what": symbol.display_name, "change": REMOVED, "old": symbol.display_name, "new": ""}
            )
        if (old.care_text or "") != (self.care_text or ""):
            rows.append(
                {
                    "what": self.env._("Care instructions"),
                    "change": CHANGED,
                    "old": old.care_text or "",
                    "new": self.care_text or "",
                }
            )
        return rows
