"""What the outbound-leak tests of the marketplace addons share: what a marketplace (or whatever a
channel's URL points at) answers never reaches a syndication user (see each addon's
``test_outbound_leaks.py``)."""

import json

from odoo.addons.kobo_base.tests.outbound_common import SECRET


def json_answer(status, body):
    return status, "application/json", json.dumps(body).encode()


class LeakAssertionsMixin:
    def assertSeenNowhere(self, listings, *texts):
        """``SECRET`` and each of ``texts`` appear in nothing the syndication user reads (issues,
        chatter) and are stored nowhere (the same searches as the superuser)."""
        user = self.syndication_user
        for env in (self.env(user=user), self.env):
            issues = env["kobo.listing.issue"].search([("listing_id", "in", listings.ids)])
            seen = [*issues.mapped("message"), *env["mail.message"].search([]).mapped("body")]
            for text in (SECRET, *texts):
                self.assertFalse([line for line in seen if text in str(line)], f"{text!r} is shown")

    def issue_messages(self, listings):
        return listings.with_user(self.syndication_user).issue_ids.mapped("message")
