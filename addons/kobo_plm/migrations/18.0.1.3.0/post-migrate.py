"""Required sample rounds: from a comma-separated text setting to a relation.

Before 18.0.1.3.0 each company kept the production gate's rounds as codes in
`kobo_required_sample_rounds` ("fit,pre_production"). Carry them over, so an upgrade never
silently leaves a company with no required round (which would let the gate pass styles
with no approved sample).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = 'res_company' AND column_name = 'kobo_required_sample_rounds'"
    )
    if not cr.fetchone():
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT id, kobo_required_sample_rounds FROM res_company")
    for company_id, codes in cr.fetchall():
        wanted = [code.strip() for code in (codes or "").split(",") if code.strip()]
        rounds = env["kobo.sample.round"]._kobo_by_codes(wanted)
        env["res.company"].browse(company_id).kobo_required_sample_round_ids = [(6, 0, rounds.ids)]
