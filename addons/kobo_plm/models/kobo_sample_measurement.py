from odoo import api, fields, models
from odoo.addons.kobo_base.models.kobo_workflow_mixin import check_finite, is_privileged
from odoo.exceptions import UserError, ValidationError
from odoo.tools.float_utils import float_compare

from .kobo_sample import DECIDED_STATES

MEASURED_FIELDS = ("supplier_value", "own_value", "agreed_value")


class KoboSampleMeasurement(models.Model):
    """One point of measure of a sample, checked against the spec copied from its revision.

    0 means *not measured*: no garment measures 0, so a 0 typed by someone clears the value
    (Odoo reads an empty float as 0.0, so the two cannot be told apart anyway). A point not
    measured is neither in nor out of tolerance, is shown empty, and keeps the sample from being
    approved.
    """

    _name = "kobo.sample.measurement"
    _description = "Sample Measurement"
    _inherit = ["kobo.workflow.mixin"]
    _order = "sample_id, sequence, id"
    # What a sample is checked against is set when the sample is made, from its revision: a
    # client that rewrites the spec or the tolerance would make any garment pass.
    _kobo_workflow_fields = ("sample_id", "pom_id", "spec_value", "tolerance")

    sample_id = fields.Many2one("kobo.sample", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    pom_id = fields.Many2one("kobo.pom", string="Point of Measure", required=True, readonly=True)
    critical = fields.Boolean(related="pom_id.critical")
    spec_value = fields.Float(digits="Garment Measurement", readonly=True)
    tolerance = fields.Float(digits="Garment Measurement", readonly=True)
    supplier_value = fields.Float(
        string="Supplier Measured", digits="Garment Measurement", help="Empty (0) while not measured."
    )
    own_value = fields.Float(
        string="Our Measurement", digits="Garment Measurement", help="Empty (0) while not measured."
    )
    agreed_value = fields.Float(
        digits="Garment Measurement",
        help="The value to carry into the next revision when approving with changes.",
    )
    checked_value = fields.Float(
        digits="Garment Measurement",
        compute="_compute_deviation",
        store=True,
        help="Our own measurement when taken, else the supplier's.",
    )
    is_measured = fields.Boolean(
        compute="_compute_deviation",
        store=True,
        help="The point has a measurement (ours or the supplier's). Other addons list the points "
        "without one.",
    )
    deviation = fields.Float(digits="Garment Measurement", compute="_compute_deviation", store=True)
    in_tolerance = fields.Boolean(
        compute="_compute_deviation", store=True, help="Measured, and within the tolerance."
    )
    is_out_of_tolerance = fields.Boolean(
        string="Out of Tolerance",
        compute="_compute_deviation",
        store=True,
        help="Measured, and outside the tolerance.",
    )

    @api.depends("spec_value", "tolerance", "supplier_value", "own_value")
    def _compute_deviation(self):
        for line in self:
            line.checked_value = line.own_value or line.supplier_value
            line.is_measured = bool(line.checked_value)
            line.deviation = line.checked_value - line.spec_value if line.is_measured else 0.0
            within = float_compare(abs(line.deviation), line.tolerance, precision_digits=2) <= 0
            line.in_tolerance = line.is_measured and within
            line.is_out_of_tolerance = line.is_measured and not within

    @api.constrains(*MEASURED_FIELDS)
    def _check_values(self):
        for line in self:
            if min(line.supplier_value, line.own_value, line.agreed_value) < 0:
                raise ValidationError(
                    self.env._("%(pom)s: a measurement cannot be negative.", pom=line.pom_id.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_finite(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_finite(self, [vals])
        if not is_privileged(self) and set(MEASURED_FIELDS) & set(vals):
            decided = self.sample_id.filtered(lambda sample: sample.state in DECIDED_STATES)
            if decided:
                raise UserError(
                    self.env._(
                        "%(sample)s is %(state)s: its measurements stay as they were when it was decided.",
                        sample=decided[0].display_name,
                        state=decided[0]._kobo_state_label(decided[0].state).lower(),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_with_the_sample(self):
        # The points of a sample are those of its revision: dropping one would hide it from the
        # tolerance check. They go with their sample, or when its revision or size changes.
        if not is_privileged(self):
            raise UserError(
                self.env._(
                    "The points of %(sample)s come from its tech pack revision: they cannot be deleted.",
                    sample=self.sample_id[:1].display_name,
                )
            )
