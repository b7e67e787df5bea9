"""A column's expression is vetted and compiled once per export (``SafeExpression``), and gives
what Odoo's ``safe_eval`` gave row by row: the same values, the same refusals, the same errors
in the same messages naming the column and the variant."""

from unittest import mock

from odoo import Command
from odoo.addons.kobo_base.models.kobo_workflow_mixin import privileged
from odoo.addons.kobo_syndication.tests.common import KoboSyndicationCase
from odoo.addons.kobo_syndication_spreadsheet import safe_expression
from odoo.addons.kobo_syndication_spreadsheet.safe_expression import SafeExpression
from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged
from odoo.tools.safe_eval import safe_eval

#: Expressions a column could hold (and a few it cannot): values, runtime errors, refusals.
EXPRESSIONS = [
    "brand + ' ' + name",
    "round(price * 2.2, 2)",
    "'Y' if gtin else 'N'",
    "str(price) + currency",
    "max(price, 10) - min(price, 10)",
    "len(name) > 5 and name.upper() or name.lower()",
    "', '.join(sorted(set(name.split())))",
    "[part.strip() for part in name.split(' ')]",
    "{'a': price}['a']",
    "f'{sku}/{size}'",
    "(lambda text: text[::-1])(sku)",  # lambdas are not refused by Odoo 18's safe_eval
    "abs(int(price) - float(gtin or 0))",
    "name.format(1)",
    # runtime errors
    "product_name + price",
    "price / 0",
    "int(name)",
    "unknown_name",
    "open('/etc/passwd')",
    "exec('1')",
    "getattr(name, 'upper')",
    # refused before evaluating (forbidden names, syntax)
    "name.__class__",
    "__import__('os').system('true')",
    "().__class__.__bases__[0].__subclasses__()",
    "name.gi_frame",
    "name.mro",
    "name if price else",
    "(yield name)",
    "(lambda text: lambda: text)(name)()",  # a closure: opcodes safe_eval forbids
]

ROWS = [
    {"brand": "Atelier", "name": "Linen Shirt", "price": 59.9, "gtin": "4006381333931", "currency": "EUR",
     "product_name": "Shirt", "sku": "LS-1", "size": "M"},
    {"brand": "", "name": "", "price": None, "gtin": "", "currency": "", "product_name": "", "sku": "",
     "size": ""},
    {"brand": "Nord & Süd", "name": "Ærmel – 女性用", "price": 0.0, "gtin": False, "currency": "EUR",
     "product_name": "x", "sku": "LS/2", "size": "38"},
]  # fmt: skip


def outcome(evaluate):
    """``("value", value)`` or ``(exception type, message)``: what a caller sees."""
    try:
        return "value", evaluate()
    except Exception as error:  # any error is an outcome to compare
        return type(error).__name__, str(error)


@tagged("post_install", "-at_install")
class TestSafeExpression(BaseCase):
    def test_same_outcome_as_safe_eval_for_every_expression_and_row(self):
        for source in EXPRESSIONS:
            expression = SafeExpression(source)
            for row in ROWS:
                with self.subTest(source=source, row=row["sku"]):
                    self.assertEqual(
                        outcome(lambda e=expression, r=row: e({}, dict(r))),
                        outcome(lambda s=source, r=row: safe_eval(s, {}, dict(r))),
                    )

    def test_refused_expressions_are_refused_at_every_evaluation(self):
        for source, error in (
            ("name.__class__", "Access to forbidden name '__class__' ('name.__class__')"),
            ("__import__('os')", "Access to forbidden name '__import__' (\"__import__('os')\")"),
            ("name.gi_frame", "Access to forbidden name 'gi_frame' ('name.gi_frame')"),
        ):
            expression = SafeExpression(source)
            raised = []
            for __ in range(3):
                with self.assertRaises(NameError) as refused:
                    expression({}, {"name": "x"})
                self.assertEqual(str(refused.exception), error)
                raised.append(refused.exception)
            # a fresh error each time: the refusal kept does not collect a traceback per row
            self.assertEqual(len({id(error) for error in raised}), 3)
            self.assertIsNone(expression._refusal.__traceback__)
        closure = SafeExpression("(lambda text: lambda: text)(name)()")
        for __ in range(2):
            with self.assertRaisesRegex(ValueError, r"^forbidden opcode\(s\) in 'lambda': "):
                closure({}, {"name": "x"})

    def test_values_are_checked_and_never_changed(self):
        """A module among the values is refused (``check_values``, as safe_eval), the caller's
        dicts are not changed, and the builtins are safe_eval's own, fresh each time."""
        expression = SafeExpression("name")
        with self.assertRaisesRegex(TypeError, "Module .* can not be used in evaluation contexts"):
            expression({}, {"name": mock, "os": safe_expression.logging})
        with self.assertRaisesRegex(TypeError, "Module .* can not be used in evaluation contexts"):
            SafeExpression("1")({"os": safe_expression.logging}, {})
        values, global_values = {"name": "x"}, {}
        self.assertEqual(SafeExpression("[name for name in 'ab']")(global_values, values), ["a", "b"])
        self.assertEqual((values, global_values), ({"name": "x"}, {}))
        self.assertEqual(SafeExpression("sum([1, 2])")(), 3)
        with self.assertRaisesRegex(ValueError, "name 'open' is not defined"):
            SafeExpression("open")()


@tagged("post_install", "-at_install")
class TestSpreadsheetExpressions(KoboSyndicationCase):
    """Three shirts listed on a retailer sheet with two expression columns."""

    shop_connector = False  # the engine and this addon: no web shop

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retailer = cls.env["kobo.channel"].create(
            {
                "name": "Test Expression Store",
                "code": "test_expression_store",
                "channel_type": "retailer",
                "connector": "spreadsheet",
                "pricelist_id": cls.pricelist_eur.id,
            }
        )
        cls.template = cls.env["kobo.spreadsheet.template"].create(
            {
                "name": "Test expression sheet",
                "channel_id": cls.retailer.id,
                "column_ids": [
                    Command.create({"sequence": 1, "header": "Article No", "source": "sku"}),
                    Command.create({"sequence": 2, "header": "Label", "source": "sku + ' ' + product_name"}),
                    Command.create({"sequence": 3, "header": "RRP", "source": "round(price * 2.2, 2)"}),
                ],
            }
        )
        for index, shirt in enumerate(cls.products):
            shirt.product_variant_ids.default_code = f"LS-{index}"
        cls.listings = cls.env["kobo.listing"]._kobo_ensure(cls.products, cls.retailer)
        privileged(cls.listings).write({"state": "published"})
        cls.label, cls.rrp = cls.template.column_ids.sorted("sequence")[1:]

    def _set_source(self, column, source):
        """A source the form would refuse, as a database edit would leave it."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kobo_spreadsheet_column SET source = %s WHERE id = %s", [source, column.id]
        )
        self.env.invalidate_all()

    def _rows(self):
        return list(self.template._kobo_iter_rows(self.template._kobo_variant_ids(self.products)))

    def test_cells_are_safe_eval_per_row(self):
        rows = self._rows()
        self.assertEqual(len(rows), 3)
        for __, label, values, cells in rows:
            self.assertEqual(cells[1], safe_eval("sku + ' ' + product_name", {}, dict(values)))
            self.assertEqual(cells[2], safe_eval("round(price * 2.2, 2)", {}, dict(values)))
            self.assertEqual(cells[1], f"{label} {values['product_name']}")
        self.assertEqual(rows[0][3][1], "LS-0 Linen Shirt 0")

    def test_vetting_once_per_column_per_export(self):
        """Each expression column is vetted and compiled once for the whole sheet (and once per
        validation of a batch of listings), however many rows."""
        vetted = mock.Mock(wraps=safe_expression.test_expr)
        with mock.patch.object(safe_expression, "test_expr", vetted):
            self.template._kobo_export("xlsx")
            self.assertEqual(vetted.call_count, 2, "two expression columns, three rows")
            self.assertEqual(
                sorted(call.args[0] for call in vetted.call_args_list),
                ["round(price * 2.2, 2)", "sku + ' ' + product_name"],
            )
            vetted.reset_mock()
            self.env["kobo.connector.spreadsheet"].validate(self.listings)
            self.assertEqual(vetted.call_count, 2)

    def test_a_refused_expression_names_the_column_for_every_row(self):
        """An expression safe_eval refuses but the column's check lets through (no unknown name,
        no name starting with _), and ones only a database edit can leave (a dunder, an import,
        open): every row is refused with safe_eval's words, naming the column and the variant,
        as when safe_eval ran per row."""
        for source in ("sku.gi_frame", "name.mro", "sku.__class__", "__import__('os')", "open('x')"):
            with self.subTest(source=source):
                self._set_source(self.label, source)
                compiled = self.template._kobo_compiled_columns()
                for variant_id, label, values in self.template._kobo_iter_source_rows(
                    self.template._kobo_variant_ids(self.products)
                ):
                    with self.assertRaises(ValidationError) as caught:
                        self.template._kobo_cells(compiled, values, label)
                    try:
                        safe_eval(source, {}, dict(values))
                    except Exception as error:  # what 18.0.2.0.0's safe_eval per row raised
                        expected = (
                            f'Column 2 "Label" cannot be computed for {label}: {str(error).splitlines()[0]}'
                        )
                    self.assertEqual(caught.exception.args[0], expected, variant_id)
        self._set_source(self.label, "sku.gi_frame")
        self.assertFalse(self.template.problem, "the column's own check lets it through")
        with self.assertRaises(ValidationError) as caught:
            self.template._kobo_export("xlsx")
        self.assertEqual(
            caught.exception.args[0],
            "Column 2 \"Label\" cannot be computed for LS-0: Access to forbidden name 'gi_frame' "
            "('sku.gi_frame')",
        )
        issues = self.env["kobo.connector.spreadsheet"].validate(self.listings)
        self.assertEqual(
            sorted(issue["message"] for found in issues.values() for issue in found),
            [
                f'Column 2 "Label" cannot be computed for LS-{index}: Access to forbidden name '
                "'gi_frame' ('sku.gi_frame')"
                for index in range(3)
            ],
        )

    def test_a_runtime_error_names_the_column_and_the_variant(self):
        self.label.source = "product_name + price"
        with self.assertRaises(ValidationError) as caught:
            self.template._kobo_export("xlsx")
        self.assertEqual(
            caught.exception.args[0],
            'Column 2 "Label" cannot be computed for LS-0: TypeError(\'can only concatenate str (not '
            '"float") to str\') while evaluating',
        )
        self.rrp.source = "price / (price - price)"
        self.label.source = "sku"
        with self.assertRaisesRegex(
            ValidationError, r'^Column 3 "RRP" cannot be computed for LS-0: float division by zero$'
        ):
            self.template._kobo_export("xlsx")
