from odoo import fields, models, tools
from odoo.tools import SQL

from .kobo_sample import ROUND_TYPES


class KoboSampleAccuracyReport(models.Model):
    """One row per measured point of a sample: how close each vendor comes to the spec."""

    _name = "kobo.sample.accuracy.report"
    _description = "Vendor Measurement Accuracy"
    _auto = False
    _rec_name = "sample_id"
    _order = "date desc, sample_id, pom_id"
    # Fields the view reads: the ORM flushes them before querying it.
    _depends = {
        "kobo.sample.measurement": [
            "sample_id",
            "pom_id",
            "spec_value",
            "checked_value",
            "deviation",
            "in_tolerance",
            "is_measured",
        ],
        "kobo.sample": [
            "vendor_id",
            "style_id",
            "season_id",
            "round_type",
            "date_received",
            "date_shipped",
            "date_requested",
            "company_id",
        ],
        "res.partner": ["commercial_partner_id"],
        "kobo.pom": ["critical"],
    }

    vendor_id = fields.Many2one("res.partner", readonly=True)
    sample_id = fields.Many2one("kobo.sample", readonly=True)
    style_id = fields.Many2one("product.template", readonly=True)
    season_id = fields.Many2one("kobo.season", readonly=True)
    round_type = fields.Selection(ROUND_TYPES, readonly=True)
    pom_id = fields.Many2one("kobo.pom", string="Point of Measure", readonly=True)
    critical = fields.Boolean(readonly=True)
    date = fields.Date(
        readonly=True, help="When the sample was received; before that, when it was shipped or requested."
    )
    spec_value = fields.Float(digits="Garment Measurement", aggregator="avg", readonly=True)
    checked_value = fields.Float(digits="Garment Measurement", aggregator="avg", readonly=True)
    deviation = fields.Float(
        string="Average Deviation",
        digits="Garment Measurement",
        aggregator="avg",
        readonly=True,
        help="Measured minus spec: a positive average means the vendor makes the garment too big.",
    )
    abs_deviation = fields.Float(
        string="Average Absolute Deviation", digits="Garment Measurement", aggregator="avg", readonly=True
    )
    in_tolerance_share = fields.Float(
        string="Share of POMs in Tolerance, %",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="100 for a point within tolerance, 0 for one outside: its average is the share in %.",
    )
    measured_count = fields.Integer(string="Measured POMs", aggregator="sum", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    def _query(self):
        # checked_value, deviation, in_tolerance and is_measured are stored computes of
        # kobo.sample.measurement (our own measurement wins over the supplier's, tolerance
        # compared at 2 digits): the view reads them rather than repeating the rule in SQL, so
        # the report always agrees with the sample form.
        return SQL(
            """
            SELECT measurement.id AS id,
                   vendor.commercial_partner_id AS vendor_id,
                   sample.id AS sample_id,
                   sample.style_id AS style_id,
                   sample.season_id AS season_id,
                   sample.round_type AS round_type,
                   measurement.pom_id AS pom_id,
                   COALESCE(pom.critical, FALSE) AS critical,
                   COALESCE(sample.date_received, sample.date_shipped, sample.date_requested) AS date,
                   measurement.spec_value AS spec_value,
                   measurement.checked_value AS checked_value,
                   measurement.deviation AS deviation,
                   ABS(measurement.deviation) AS abs_deviation,
                   CASE WHEN measurement.in_tolerance THEN 100.0 ELSE 0.0 END AS in_tolerance_share,
                   1 AS measured_count,
                   sample.company_id AS company_id
              FROM kobo_sample_measurement measurement
              JOIN kobo_sample sample ON sample.id = measurement.sample_id
              JOIN res_partner vendor ON vendor.id = sample.vendor_id
              JOIN kobo_pom pom ON pom.id = measurement.pom_id
             WHERE measurement.is_measured
            """
        )
