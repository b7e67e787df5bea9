from odoo import Command, models


class PortalWizardUser(models.TransientModel):
    """Odoo's *Grant portal access* also opens the Development section to a vendor's people.

    The supplier group sits in a hidden category (it is not offered on the user form), so the
    standard invitation is the way in: a contact of a vendor (supplier rank > 0 on its company)
    gets *Kōbō: Supplier Portal* with the portal access, and loses it with the access.
    """

    _inherit = "portal.wizard.user"

    def action_grant_access(self):
        result = super().action_grant_access()
        if self.partner_id.commercial_partner_id.supplier_rank > 0:
            supplier_group = self.env.ref("kobo_plm.group_kobo_plm_supplier")
            # The user may have just been created: read it from the partner, not the cached user_id.
            # sudo: as in Odoo's wizard, the inviter need not manage users.
            users = self.partner_id.with_context(active_test=False).user_ids.sudo()
            users.write({"groups_id": [Command.link(supplier_group.id)]})
        return result

    def action_revoke_access(self):
        # The supplier group implies the portal group: it goes first, or the portal group stays.
        supplier_group = self.env.ref("kobo_plm.group_kobo_plm_supplier")
        users = self.user_id.sudo().filtered(lambda user: supplier_group in user.groups_id)
        users.write({"groups_id": [Command.unlink(supplier_group.id)]})
        return super().action_revoke_access()
