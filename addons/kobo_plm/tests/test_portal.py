import base64
import re
from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import KoboStyleCase
from .test_portal_photo_size import png

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
# The smallest photo a vendor may upload: the catalogue needs 100 px a side.
PNG_100PX = png(100, 100)


@tagged("post_install", "-at_install")
class TestSupplierPortal(KoboStyleCase, HttpCase):
    """Two vendors, a portal user each: each sees and changes only what is addressed to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.vendor_a = Partner.create({"name": "KT Knit Mill", "is_company": True, "supplier_rank": 1})
        cls.vendor_b = Partner.create({"name": "KT Woven Works", "is_company": True, "supplier_rank": 1})
        cls.supplier_a = cls._portal_user("kt_supplier_a", cls.vendor_a)
        cls.supplier_b = cls._portal_user("kt_supplier_b", cls.vendor_b)

        # Style A: V1, then V2 with a chest 1 cm wider; both frozen.
        cls.v1 = cls.env["kobo.techpack"].create({"style_id": cls.style.id})
        cls._add_measurements(cls.v1)
        cls.v1.with_user(cls.manager).action_freeze()
        cls.v2 = cls.v1._copy_as_new_revision()
        cls.v2.change_summary = "Chest +1 cm after the proto."
        cls.v2.measurement_ids.filtered(lambda line: line.pom_id == cls.poms[0]).base_value = 57.0
        cls.v2.with_user(cls.manager).action_freeze()
        # Style B, made by the other vendor.
        cls.style_b = cls.env["product.template"].create(
            {
                "name": "KT Field Shirt",
                "kobo_style_number": "KT-002",
                "kobo_is_style": True,
                "kobo_size_range_id": cls.size_range.id,
            }
        )
        cls.techpack_b = cls.env["kobo.techpack"].create({"style_id": cls.style_b.id})
        cls._add_measurements(cls.techpack_b)
        cls.techpack_b.with_user(cls.manager).action_freeze()

        cls.v1._kobo_share_with_vendors(cls.vendor_a)
        cls.sample_a = cls._requested_sample(cls.v2, cls.vendor_a, "L")
        cls.sample_b = cls._requested_sample(cls.techpack_b, cls.vendor_b, "M")
        cls.sample_a_draft = cls.env["kobo.sample"].create(
            {"techpack_id": cls.v2.id, "vendor_id": cls.vendor_a.id, "size_id": cls.sizes["S"].id}
        )
        # The request date lies in the past, so shipping dates can be checked either side of it.
        cls.requested_on = fields.Date.today() - timedelta(days=10)
        (cls.sample_a | cls.sample_b).date_requested = cls.requested_on

        Sheet = cls.env["kobo.cost.sheet"]
        cls.sheet_a = Sheet.create({"style_id": cls.style.id, "vendor_id": cls.vendor_a.id})
        cls.sheet_b = Sheet.create({"style_id": cls.style_b.id, "vendor_id": cls.vendor_b.id})
        (cls.sheet_a | cls.sheet_b).action_send_rfq()

    @classmethod
    def _portal_user(cls, login, vendor):
        contact = cls.env["res.partner"].create(
            {"name": f"{vendor.name} contact", "parent_id": vendor.id, "email": f"{login}@example.com"}
        )
        return new_test_user(
            cls.env,
            login,
            groups="kobo_plm.group_kobo_plm_supplier",
            password=login,
            partner_id=contact.id,
        )

    @classmethod
    def _requested_sample(cls, techpack, vendor, size):
        sample = (
            cls.env["kobo.sample"]
            .with_user(cls.designer)
            .create({"techpack_id": techpack.id, "vendor_id": vendor.id, "size_id": cls.sizes[size].id})
        )
        sample.action_request()
        return sample.with_env(cls.env)

    # ------------------------------------------------------------------ helpers

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data=None, files=None):
        response = self.url_open(
            url, data={**(data or {}), "csrf_token": http.Request.csrf_token(self)}, files=files
        )
        self.env.invalidate_all()
        return response

    def _error(self, response):
        """The error message shown on the page, as a person reads it."""
        match = re.search(
            r'class="alert alert-danger kobo-portal-error"[^>]*>(.*?)</div>', response.text, re.S
        )
        return match and " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())

    def _line(self, sample, code):
        return sample.measurement_ids.filtered(lambda line: line.pom_id.code == code)

    def _sample_state(self, sample):
        sample.invalidate_recordset()
        return (
            sample.state,
            sample.date_shipped,
            sample.date_received,
            sample.vendor_id,
            [(line.spec_value, line.supplier_value, line.own_value) for line in sample.measurement_ids],
        )

    # ------------------------------------------------------------------ what each supplier sees

    def test_brand_side_sharing_and_record_rules(self):
        self.assertEqual(
            self.v2.shared_vendor_ids, self.vendor_a, "requesting the sample shared its revision"
        )
        self.assertIn(self.supplier_a.partner_id, self.sample_a.message_partner_ids)
        self.assertNotIn(self.supplier_b.partner_id, self.sample_a.message_partner_ids)
        Techpack = self.env["kobo.techpack"]
        self.assertEqual(Techpack.with_user(self.supplier_a).search([]), self.v1 | self.v2)
        self.assertEqual(Techpack.with_user(self.supplier_b).search([]), self.techpack_b)
        self.assertEqual(self.env["kobo.sample"].with_user(self.supplier_a).search([]), self.sample_a)
        self.assertEqual(
            self.env["kobo.sample.measurement"].with_user(self.supplier_b).search([]),
            self.sample_b.measurement_ids,
        )
        self.assertEqual(self.env["kobo.cost.sheet"].with_user(self.supplier_b).search([]), self.sheet_b)
        with self.assertRaises(AccessError):
            self.style.with_user(self.supplier_a).read(["name"])
        with self.assertRaises(AccessError):
            self.sample_a.with_user(self.supplier_a).write({"state": "approved"})
        # A frozen revision is still shared from its form, and the chatter keeps the change.
        with Form(self.techpack_b.with_user(self.designer).with_context(tracking_disable=False)) as form:
            form.shared_vendor_ids.add(self.vendor_a)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking messages are written before commit
        self.assertEqual(self.techpack_b.shared_vendor_ids, self.vendor_a | self.vendor_b)
        tracking = self.techpack_b.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "shared_vendor_ids"
        )
        self.assertIn("KT Knit Mill", tracking.new_value_char)
        contact = self.supplier_a.partner_id
        with self.assertRaisesMessage(
            ValidationError, "is a contact of KT Knit Mill: share KT-002 V1 with the company"
        ):
            self.techpack_b.shared_vendor_ids = [Command.link(contact.id)]

    def test_portal_invitation_opens_development_to_vendor_contacts_only(self):
        Partner = self.env["res.partner"]
        rui = Partner.create({"name": "Rui", "parent_id": self.vendor_a.id, "email": "rui@knitmill.example"})
        shop = Partner.create({"name": "KT Shop", "email": "buyer@ktshop.example"})
        wizard = self.env["portal.wizard"].with_context(active_ids=[rui.id, shop.id]).create({})
        for wizard_user in wizard.user_ids:
            wizard_user.action_grant_access()
        self.assertEqual(
            [
                (user.has_group("base.group_portal"), user.has_group("kobo_plm.group_kobo_plm_supplier"))
                for user in (rui.user_ids, shop.user_ids)
            ],
            [(True, True), (True, False)],
        )
        self.assertEqual(
            self.env["kobo.sample"].with_user(rui.user_ids).search([]),
            self.sample_a,
            "Rui sees his company's sample",
        )
        wizard.user_ids.filtered(lambda wizard_user: wizard_user.partner_id == rui).action_revoke_access()
        user = rui.with_context(active_test=False).user_ids
        self.assertEqual(
            (
                user.active,
                user.has_group("base.group_portal"),
                user.has_group("kobo_plm.group_kobo_plm_supplier"),
            ),
            (False, False, False),
        )

    def test_each_supplier_lists_only_their_own_records(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["kobo_development_count"]})
        self.assertEqual(counters["kobo_development_count"], 1)
        styles = self._get("/my/development/styles").text
        self.assertIn("KT-001", styles)
        self.assertNotIn("KT-002", styles)
        samples = self._get("/my/development/samples?filterby=all").text
        self.assertIn(self.sample_a.name, samples)
        self.assertNotIn(self.sample_b.name, samples)
        self.assertNotIn(self.sample_a_draft.name, samples, "a draft is not requested yet")
        rfqs = self._get("/my/development/rfqs").text
        self.assertIn(self.sheet_a.name, rfqs)
        self.assertNotIn(self.sheet_b.name, rfqs)
        overview = self._get("/my/development").text
        self.assertIn(self.sample_a.name, overview)
        self.assertIn(self.sheet_a.name, overview)
        self.assertNotIn("KT-002", overview)
        style_page = self._get(f"/my/development/style/{self.style.id}").text
        self.assertEqual(
            re.findall(r'class="kobo-techpack-row".*?>(V\d)</a>', style_page, re.S), ["V2", "V1"]
        )

        self.authenticate(self.supplier_b.login, self.supplier_b.login)
        styles = self._get("/my/development/styles").text
        self.assertIn("KT-002", styles)
        self.assertNotIn("KT-001", styles)

    def _queries(self, url):
        before = self.cr.sql_log_count
        self.assertEqual(self._get(url).status_code, 200, url)
        return self.cr.sql_log_count - before

    def test_lists_do_not_query_more_with_more_records(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        urls = ("/my/development", "/my/development/styles", "/my/development/samples?filterby=all")
        for url in urls:
            self._get(url)  # the first requests also build the routing map and the session
        before = {url: self._queries(url) for url in urls}
        for size in ("XS", "S", "M", "XL"):
            self._requested_sample(self.v1, self.vendor_a, size)
        for number in range(3):
            style = self.env["product.template"].create(
                {
                    "name": f"KT Extra {number}",
                    "kobo_style_number": f"KT-10{number}",
                    "kobo_is_style": True,
                    "kobo_size_range_id": self.size_range.id,
                }
            )
            techpack = self.env["kobo.techpack"].create({"style_id": style.id})
            self._add_measurements(techpack)
            techpack.with_user(self.manager).action_freeze()
            techpack._kobo_share_with_vendors(self.vendor_a)
        for url in urls:
            self._get(url)  # creating styles cleared Odoo's caches (views, rules): warm them again
        after = {url: self._queries(url) for url in urls}
        self.assertEqual(after, before)
        self.assertEqual(self._get("/my/development/samples?filterby=all").text.count("kobo-sample-row"), 5)

    def test_direct_urls_of_the_other_supplier_are_not_found(self):
        self.authenticate(self.supplier_b.login, self.supplier_b.login)
        for url in (
            f"/my/development/style/{self.style.id}",
            f"/my/development/techpack/{self.v2.id}",
            f"/my/development/techpack/{self.v2.id}/pdf",
            f"/my/development/sample/{self.sample_a.id}",
            f"/my/development/rfq/{self.sheet_a.id}",
            "/my/development/sample/999999999",
        ):
            self.assertEqual(self._get(url).status_code, 404, url)
        customer = new_test_user(self.env, "kt_customer", groups="base.group_portal", password="kt_customer")
        self.authenticate(customer.login, customer.login)
        for url in (
            "/my/development",
            "/my/development/styles",
            "/my/development/samples",
            "/my/development/rfqs",
        ):
            self.assertEqual(self._get(url).status_code, 404, url)
        self.assertNotIn("/my/development", self._get("/my").text, "no Development entry for a customer")
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        self.assertEqual(self._get(f"/my/development/sample/{self.sample_a_draft.id}").status_code, 404)
        self.assertEqual(self._get(f"/my/development/sample/{self.sample_a.id}").status_code, 200)
        pdf = self._get(f"/my/development/techpack/{self.v2.id}/pdf")
        self.assertEqual(pdf.status_code, 200)
        # Tests render reports as HTML (no wkhtmltopdf): the tech pack's cover is there.
        self.assertIn("KT Chore Jacket", pdf.text)
        self.assertIn("Chest +1 cm after the proto.", pdf.text)

    # ------------------------------------------------------------------ forged requests

    def test_forged_posts_change_nothing_that_is_not_theirs(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        before_b = self._sample_state(self.sample_b)
        response = self._post(f"/my/development/sample/{self.sample_b.id}/acknowledge")
        self.assertEqual(response.status_code, 404)
        response = self._post(f"/my/development/techpack/{self.techpack_b.id}/acknowledge")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.techpack_b.acknowledgement_ids)
        response = self._post(
            f"/my/development/rfq/{self.sheet_b.id}/submit",
            {
                "line_0_operation_type": "cmt",
                "line_0_name": "CMT",
                "line_0_quantity": "1",
                "line_0_unit_price": "1",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual((self.sheet_b.state, len(self.sheet_b.line_ids)), ("requested", 0))

        # A measurement of the other supplier's sample, posted on their own sample.
        other_line = self._line(self.sample_b, "KT-B01")
        response = self._post(
            f"/my/development/sample/{self.sample_a.id}/measurements",
            {
                f"measurement_{self._line(self.sample_a, 'KT-A01').id}": "72",
                f"measurement_{other_line.id}": "99",
            },
        )
        self.assertRegex(self._error(response), rf"Measurement {other_line.id} is not a point of SMP/")
        self.assertEqual(self._sample_state(self.sample_b), before_b)
        self.assertEqual(
            self._line(self.sample_a, "KT-A01").supplier_value, 0.0, "nothing of the post is saved"
        )

        # Brand-side keys beside a genuine measurement: the measurement only is saved.
        chest = self._line(self.sample_a, "KT-B01")
        response = self._post(
            f"/my/development/sample/{self.sample_a.id}/measurements",
            {
                f"measurement_{chest.id}": "59.5",
                "state": "approved",
                "vendor_id": str(self.vendor_b.id),
                "date_received": str(fields.Date.today()),
                f"spec_value_{chest.id}": "10",
                f"own_value_{chest.id}": "10",
                "supplier_value": "10",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your measurements are saved", response.text)
        self.assertEqual(
            (self.sample_a.state, self.sample_a.vendor_id, self.sample_a.date_received),
            ("requested", self.vendor_a, False),
        )
        self.assertEqual((chest.spec_value, chest.supplier_value, chest.own_value), (59.0, 59.5, 0.0))
        self.assertIn("+0.5", response.text)

        response = self._post(
            f"/my/development/sample/{self.sample_a.id}/ship",
            {"date_shipped": str(fields.Date.today()), "state": "approved", "date_received": "2020-01-01"},
        )
        self.assertEqual((self.sample_a.state, self.sample_a.date_received), ("shipped", False))
        self.assertEqual(self.sample_a.date_shipped, fields.Date.today())

        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/development/sample/{self.sample_b.id}/ship", data={"date_shipped": "2020-01-01"}
            )
        self.assertEqual(response.status_code, 400, "no CSRF token, no post")
        self.assertEqual(self._sample_state(self.sample_b), before_b)

    # ------------------------------------------------------------------ validation

    def test_bad_input_shows_an_error_and_saves_nothing(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        url = f"/my/development/sample/{self.sample_a.id}"
        chest, length = self._line(self.sample_a, "KT-B01"), self._line(self.sample_a, "KT-A01")
        before = self._sample_state(self.sample_a)
        for raw, message in (
            ("abc", "KT-B01 Chest width: abc is not a number."),
            ("-2", "KT-B01 Chest width: a measurement cannot be negative."),
            ("nan", "KT-B01 Chest width: nan is not a number."),
            ("1e400", "KT-B01 Chest width: inf is not a number."),
            ("20000", "KT-B01 Chest width: 20000 is more than 10000."),
        ):
            response = self._post(
                f"{url}/measurements", {f"measurement_{length.id}": "71", f"measurement_{chest.id}": raw}
            )
            self.assertEqual(response.status_code, 200)
            self.assertEqual(self._error(response), f"Not saved: {message}")
            self.assertEqual(self._sample_state(self.sample_a), before, raw)

        today = fields.Date.today()
        for raw, message in (
            ("2027-02-30", "Shipping date: 2027-02-30 is not a date (YYYY-MM-DD)."),
            ("", "Shipping date: empty is not a date (YYYY-MM-DD)."),
            (str(today + timedelta(days=2)), "is in the future: enter the day the sample left."),
            (str(self.requested_on - timedelta(days=1)), "is before the sample was requested"),
        ):
            response = self._post(f"{url}/ship", {"date_shipped": raw})
            self.assertIn(message, self._error(response))
            self.assertEqual(self._sample_state(self.sample_a), before, raw)

        for name, content, message in (
            (
                "notes.pdf",
                b"%PDF-1.4 not a photo",
                "notes.pdf: the file is not an image",
            ),
            (
                "huge.png",
                b"\0" * (11 * 1024 * 1024),
                "huge.png is 11.0 MB: a sample photo can be 10 MB at most.",
            ),
            ("page.png", b"<html><script>alert(1)</script></html>", "page.png: the file is not an image"),
        ):
            response = self._post(f"{url}/photo", files={"photo": (name, content, "image/png")})
            self.assertIn(message, self._error(response))
        self.assertFalse(self.env["kobo.sample.photo"].search([("sample_id", "=", self.sample_a.id)]))

        response = self._post(
            f"/my/development/rfq/{self.sheet_a.id}/submit",
            {"line_0_operation_type": "cmt", "line_0_name": "Cut, make, trim", "line_0_unit_price": "ten"},
        )
        self.assertEqual(self._error(response), "Not saved: Line 1: unit price ten is not a number.")
        self.assertEqual(response.text.count('value="Cut, make, trim"'), 1, "what was typed is kept")
        self.assertEqual(
            (self.sheet_a.state, self.sheet_a.line_ids.filtered("is_vendor_line")),
            ("requested", self.env["kobo.cost.sheet.line"]),
        )

    def test_photo_upload(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        response = self._post(
            f"/my/development/sample/{self.sample_a.id}/photo",
            {"caption": "Front, flat"},
            files={"photo": ("front.png", PNG_100PX, "image/png")},
        )
        self.assertIn("The photo is uploaded", response.text)
        photo = self.env["kobo.sample.photo"].search([("sample_id", "=", self.sample_a.id)])
        self.assertEqual(
            (photo.name, photo.partner_id, photo.is_supplier_photo),
            ("Front, flat", self.supplier_a.partner_id, True),
        )
        self.assertIn(f"/web/image/kobo.sample.photo/{photo.id}/image_256", response.text)
        image_url = f"/web/image/kobo.sample.photo/{photo.id}/image_1920?download=1"
        image = self._get(image_url)
        self.assertEqual((image.status_code, image.content), (200, PNG_100PX))
        self.authenticate(self.supplier_b.login, self.supplier_b.login)
        self.assertEqual(self._get(image_url).status_code, 404)

    def test_comment_is_shared_and_sanitized(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "kobo.sample",
                "thread_id": self.sample_a.id,
                "post_data": {
                    "body": "<p>Shoulder seam <b>puckers</b></p><script>alert('x')</script>",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.sample_a.message_ids.filtered(
            lambda message: message.author_id == self.supplier_a.partner_id
        )
        self.assertEqual(len(message), 1)
        self.assertIn("<b>puckers</b>", message.body)
        self.assertNotIn("script", message.body)
        self.assertFalse(message.is_internal)
        self.authenticate(self.supplier_b.login, self.supplier_b.login)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "kobo.sample",
                    "thread_id": self.sample_a.id,
                    "post_data": {"body": "Hello"},
                },
            )
        self.assertEqual(
            len(self.sample_a.message_ids.filtered(lambda m: m.author_id == self.supplier_b.partner_id)), 0
        )

    # ------------------------------------------------------------------ the supplier's steps

    def test_acknowledging_a_revision_shows_the_changes_first_and_records_it_once(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        page = self._get(f"/my/development/techpack/{self.v2.id}").text
        changes, chart = page.index("What changed since V1"), page.index("Graded measurements")
        self.assertLess(changes, chart, "the changes come before the spec")
        self.assertRegex(
            page[changes:chart],
            r"(?s)Chest width.*?<td>L</td>\s*<td>changed</td>\s*<td>58</td>\s*<td>59</td>",
        )
        self.assertIn("kobo-acknowledge-techpack", page)
        for _attempt in range(2):
            response = self._post(f"/my/development/techpack/{self.v2.id}/acknowledge")
            self.assertIn("Acknowledged on", response.text)
        acknowledgement = self.v2.acknowledgement_ids
        self.assertEqual(
            (len(acknowledgement), acknowledgement.partner_id, acknowledgement.user_id),
            (1, self.vendor_a, self.supplier_a),
        )
        self.assertIn("acknowledged by KT Knit Mill", self.v2.message_ids[0].body)
        overview = self._get("/my/development").text
        self.assertNotIn(f'/my/development/techpack/{self.v2.id}"', overview.split("Samples with you")[0])
        self.assertIn(f'/my/development/techpack/{self.v1.id}"', overview.split("Samples with you")[0])

    def test_draft_revision_cannot_be_acknowledged(self):
        draft = self.v2._copy_as_new_revision()
        draft._kobo_share_with_vendors(self.vendor_a)
        with self.assertRaisesMessage(UserError, "KT-001 V3 is still a draft"):
            draft.with_user(self.supplier_a).sudo()._kobo_supplier_acknowledge()
        with self.assertRaisesMessage(UserError, "KT-002 V1 is not shared with KT Knit Mill"):
            self.techpack_b.with_user(self.supplier_a).sudo()._kobo_supplier_acknowledge()

    def test_supplier_quotes_a_request(self):
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        form = self._get(f"/my/development/rfq/{self.sheet_a.id}").text
        self.assertIn('name="line_0_unit_price"', form)
        response = self._post(
            f"/my/development/rfq/{self.sheet_a.id}/submit",
            {
                "line_0_operation_type": "cmt",
                "line_0_name": "Cut, make, trim",
                "line_0_quantity": "1",
                "line_0_unit_price": "4.50",
                "line_1_operation_type": "wash",
                "line_1_name": "Enzyme wash",
                "line_1_quantity": "1",
                "line_1_unit_price": "0,80",
                "line_2_operation_type": "print",
                "line_2_name": "",
                "line_2_unit_price": "",
                "note": "Price valid for 500 units.",
                "state": "approved",
                "line_0_line_type": "material",
                "vendor_id": str(self.vendor_b.id),
            },
        )
        self.assertIn("Your quote is submitted", response.text)
        self.assertNotIn("kobo-quote-form", response.text, "a submitted quote is read-only")
        self.assertEqual((self.sheet_a.state, self.sheet_a.vendor_id), ("submitted", self.vendor_a))
        lines = self.sheet_a.line_ids.filtered("is_vendor_line").sorted("id")
        self.assertEqual(
            [(line.line_type, line.operation_type, line.name, line.amount) for line in lines],
            [("operation", "cmt", "Cut, make, trim", 4.5), ("operation", "wash", "Enzyme wash", 0.8)],
        )
        self.assertEqual(self.sheet_a.vendor_note, "Price valid for 500 units.")

    def test_supplier_reads_no_brand_economics_even_through_the_orm(self):
        """What the portal user could ask over JSON-RPC: the quote, not the brand's costing."""
        self.sheet_a.write(
            {
                "freight_cost": 1.25,
                "line_ids": [
                    Command.create(
                        {"line_type": "material", "name": "KT Twill", "quantity": 2, "unit_price": 5}
                    ),
                    Command.create({"line_type": "operation", "name": "CMT", "unit_price": 4}),
                ],
            }
        )
        self.assertEqual(self.sheet_a.state, "requested")
        sheet = self.sheet_a.with_user(self.supplier_a)
        # The FOB price includes the materials priced from other vendors' price lists (issue 8, 4).
        for field_name in (
            "fob_price",
            "material_cost",
            "landed_cost",
            "retail_price",
            "freight_cost",
            "margin_at_target_retail",
        ):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                sheet.read([field_name])
        lines = (
            self.env["kobo.cost.sheet.line"].with_user(self.supplier_a).search([("sheet_id", "=", sheet.id)])
        )
        self.assertEqual(lines.mapped("name"), ["CMT"], "the material lines (mills' prices) stay the brand's")

    def test_supplier_tour_measures_and_acknowledges_a_sample(self):
        self.start_tour("/my", "kobo_plm_supplier_portal", login=self.supplier_a.login)
        self.assertEqual(self.sample_a.state, "acknowledged")
        self.assertEqual(
            [(line.pom_id.code, line.supplier_value) for line in self.sample_a.measurement_ids],
            [("KT-B01", 59.5), ("KT-A01", 71.0), ("KT-D01", 0.0)],
        )

    # ------------------------------------------------------------------ the sample's purchase order

    def test_supplier_reads_no_cost_on_a_sample_rfq_and_purchasings_rfq_is_untouched(self):
        """Ordering a sample puts 0 for the vendor to quote, never the brand's cost (which Odoo
        falls back to without a vendor price), and leaves purchasing's own RFQ to it as it was."""
        self.style.product_variant_ids.write({"standard_price": 47.25})
        buyer = new_test_user(
            self.env, "kt_portal_buyer", groups="base.group_user,purchase.group_purchase_user"
        )
        rfq = (
            self.env["purchase.order"]
            .with_user(buyer)
            .create(
                {
                    "partner_id": self.vendor_a.id,
                    "origin": "Reorder KT-77",
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.button.product_variant_id.id,
                                "product_qty": 500,
                                "price_unit": 0.12,
                            }
                        )
                    ],
                }
            )
        )
        sample = (
            self.env["kobo.sample"]
            .with_user(self.designer)
            .create(
                {
                    "techpack_id": self.v2.id,
                    "vendor_id": self.vendor_a.id,
                    "size_id": self.sizes["M"].id,
                    "colorway_value_id": self._colorway_value(self.ink).id,
                }
            )
        )
        sample.action_request()
        sample.action_order_sample()
        order = sample.sudo().purchase_order_id
        self.assertNotEqual(order, rfq)

        # What the vendor reads over the ORM as itself...
        lines = self.env["purchase.order.line"].with_user(self.supplier_a).search([])
        self.assertEqual(
            sorted((line.order_id.origin, line.price_unit, line.price_subtotal) for line in lines),
            [("Reorder KT-77", 0.12, 60.0), (sample.name, 0.0, 0.0)],
        )
        self.assertFalse(self.env["purchase.order.line"].with_user(self.supplier_b).search([]))
        # ... and over JSON-RPC, as any client of the portal session can ask.
        self.authenticate(self.supplier_a.login, self.supplier_a.login)
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "purchase.order.line",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["order_id", "price_unit", "price_total"], "order": "id"},
            },
        )
        self.assertEqual(
            [(row["order_id"][0], row["price_unit"]) for row in rows], [(rfq.id, 0.12), (order.id, 0.0)]
        )
        self.assertNotIn(47.25, [row["price_unit"] for row in rows])
        orders = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "purchase.order",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["origin", "order_line"], "order": "id"},
            },
        )
        self.assertEqual(
            [(row["origin"], len(row["order_line"])) for row in orders],
            [("Reorder KT-77", 1), (sample.name, 1)],
        )
