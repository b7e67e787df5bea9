from odoo import fields, models


class KoboTechpackSection(models.Model):
    _name = "kobo.techpack.section"
    _description = "Tech Pack Section"
    _inherit = ["kobo.techpack.locked.mixin"]
    _order = "techpack_id, section_type, sequence, id"

    techpack_id = fields.Many2one("kobo.techpack", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    section_type = fields.Selection(
        [
            ("construction", "Construction"),
            ("artwork", "Artwork"),
            ("label", "Labels"),
            ("packaging", "Packaging"),
        ],
        required=True,
        default="construction",
    )
    name = fields.Char(string="Title", required=True)
    description = fields.Text(translate=True)
    image = fields.Image(max_width=1600, max_height=1600)

    def _copy_to(self, techpack):
        return self.create(
            [
                {
                    "techpack_id": techpack.id,
                    "sequence": section.sequence,
                    "section_type": section.section_type,
                    "name": section.name,
                    "description": section.description,
                    "image": section.image,
                }
                for section in self
            ]
        )
