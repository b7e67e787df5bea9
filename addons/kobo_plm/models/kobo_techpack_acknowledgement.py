from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KoboTechpackAcknowledgement(models.Model):
    """A vendor's confirmation that it has read one tech pack revision.

    Created by the vendor's portal user (`kobo.techpack._kobo_supplier_acknowledge`); one per
    revision and vendor company, whichever of its people clicked.
    """

    _name = "kobo.techpack.acknowledgement"
    _description = "Tech Pack Acknowledgement"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    techpack_id = fields.Many2one(
        "kobo.techpack", string="Tech Pack Revision", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        ondelete="restrict",
        index=True,
        help="The vendor company (commercial partner) that acknowledged the revision.",
    )
    user_id = fields.Many2one("res.users", string="By", required=True, ondelete="restrict")
    date = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        (
            "techpack_partner_unique",
            "unique(techpack_id, partner_id)",
            "A vendor acknowledges a tech pack revision once.",
        ),
    ]

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for acknowledgement in self:
            if acknowledgement.partner_id.commercial_partner_id != acknowledgement.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a contact: a revision is acknowledged for its company, %(company)s.",
                        partner=acknowledgement.partner_id.display_name,
                        company=acknowledgement.partner_id.commercial_partner_id.display_name,
                    )
                )
