"""The files a translation agency gets and sends back: XLIFF 1.2 and XLSX.

Pure functions, no database: each writer takes the units (dicts, see ``unit()``) and returns
bytes; each reader takes bytes and returns ``(units, problems)`` where a problem is a message
about the file itself (not XML, missing units...). The model checks the units against the
database (``kobo.translation.exchange``).
"""

import io
import re
import zipfile
from html.parser import HTMLParser

import openpyxl
import xlsxwriter
from lxml import etree
from openpyxl.utils.exceptions import InvalidFileException

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ORIGINAL = "product.template"
# the models whose texts travel: the product, its channel overrides, its assets (alt text)
UNIT_MODELS = (ORIGINAL, "kobo.channel.copy", "kobo.asset")
TOOL_ID = "kobo_pim"
# where the digest of the source travels: a note, which CAT tools keep and show read-only
DIGEST_NOTE = "kobo-digest"
UNITS_NOTE = "kobo-units"
# target states (XLIFF 1.2) that say a segment was not translated
UNTRANSLATED_STATES = ("new", "needs-translation")
XLSX_SHEET = "Translations"
XLSX_INFO_SHEET = "kobo"
XLSX_COLUMNS = ("Unit ID", "Product", "Field", "Locale", "Source", "Translation", "Status", "Digest")
# HTML elements without an end tag
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# What one imported file may hold, checked before it is parsed. A 10,000-unit file with
# descriptions of ~700 characters and their translations is ~9 MB of XML (XLSX unpacked, or
# XLIFF); 16 MiB leaves room for longer copy and refuses a zip bomb's tens of megabytes.
MAX_IMPORT_BYTES = 16 * 1024 * 1024
MAX_IMPORT_UNITS = 20_000
# An XLSX written by Kōbō, Excel or LibreOffice holds about a dozen files packed ~5 to 1;
# past these a workbook is built to exhaust the server, not to carry translations.
MAX_XLSX_MEMBERS = 200
MAX_XLSX_RATIO = 100
# what a damaged or hostile workbook raises while openpyxl opens it or reads its rows (the XML
# parsers' errors are SyntaxError and lxml's; expat refuses entity expansion bombs)
XLSX_ERRORS = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,
    etree.LxmlError,
)


# characters XML 1.0 (and so XLIFF and XLSX) cannot carry, e.g. the vertical tab Word pastes
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_unsafe(text):
    """The first character of `text` that no XML file can carry, or None."""
    match = XML_UNSAFE.search(text or "")
    return match.group() if match else None


def unit_id(record_id, field_name, model=ORIGINAL):
    """``<model>/<id>/<field>``: the product's own copy, a channel override or an asset."""
    return f"{model}/{record_id}/{field_name}"


def parse_unit_id(value):
    """(model, record id, field name) of a unit id this module wrote, or None."""
    parts = (value or "").split("/")
    if len(parts) != 3 or parts[0] not in UNIT_MODELS or not parts[1].isdigit() or not parts[2]:
        return None
    return parts[0], int(parts[1]), parts[2]


def locale_tag(lang_code):
    """BCP 47 tag of an Odoo language code (what XLIFF and CAT tools expect): fr_FR → fr-FR."""
    return lang_code.replace("_", "-").replace("@", "-")


def _q(tag):
    return f"{{{XLIFF_NS}}}{tag}"


# --- XLIFF 1.2 -----------------------------------------------------------------------------


def write_xliff(units):
    """One ``<file>`` per target locale, one ``<trans-unit>`` per unit, in the units' order.

    A unit: dict with id, lang, resname, field_label, datatype ('plaintext' or 'html'), source,
    target (the outdated translation, or empty), digest. HTML travels as escaped text with
    ``datatype="html"`` on its unit, which CAT tools use to protect the tags.
    """
    by_lang = {}
    for unit in units:
        by_lang.setdefault(unit["lang"], []).append(unit)
    root = etree.Element(_q("xliff"), version="1.2", nsmap={None: XLIFF_NS})
    for lang, lang_units in by_lang.items():
        file_element = etree.SubElement(
            root,
            _q("file"),
            {
                "original": ORIGINAL,
                "source-language": "en-US",
                "target-language": locale_tag(lang),
                "datatype": "plaintext",
                "tool-id": TOOL_ID,
            },
        )
        header = etree.SubElement(file_element, _q("header"))
        etree.SubElement(header, _q("tool"), {"tool-id": TOOL_ID, "tool-name": "Kōbō PIM"})
        units_note = etree.SubElement(header, _q("note"), {"from": UNITS_NOTE})
        units_note.text = str(len(lang_units))
        body = etree.SubElement(file_element, _q("body"))
        for unit in lang_units:
            element = etree.SubElement(
                body,
                _q("trans-unit"),
                {
                    "id": unit["id"],
                    "resname": unit["resname"],
                    "datatype": unit["datatype"],
                    XML_SPACE: "preserve",
                },
            )
            etree.SubElement(element, _q("source")).text = unit["source"]
            target = etree.SubElement(
                element, _q("target"), state="needs-review-translation" if unit["target"] else "new"
            )
            target.text = unit["target"] or ""
            etree.SubElement(element, _q("note"), {"from": DIGEST_NOTE}).text = unit["digest"]
            etree.SubElement(element, _q("note"), {"from": "kobo-field"}).text = unit["field_label"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff(data, _):
    """Units of an XLIFF 1.2 file: dicts with where, id, locale, source, target, digest.

    `_` is the translation function for the problems found in the file itself.
    """
    problem = file_size_problem(data, _)
    if problem:
        return [], [problem]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)  # noqa: S320 (no entities, DTD, network or huge trees)
    except etree.XMLSyntaxError as error:
        return [], [_("The file is not well-formed XML: %(error)s", error=error)]
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        return [], [_("The file is not an XLIFF 1.2 file (urn:oasis:names:tc:xliff:document:1.2).")]
    units, problems = [], []
    for number, file_element in enumerate(root.iter(_q("file")), start=1):
        locale = file_element.get("target-language") or ""
        if not locale:
            problems.append(_("<file> number %(number)s has no target-language.", number=number))
            continue
        file_units = list(file_element.iter(_q("trans-unit")))
        if len(units) + len(file_units) > MAX_IMPORT_UNITS:
            return [], [_too_many_units(_)]
        announced = file_element.find(f"{_q('header')}/{_q('note')}[@from='{UNITS_NOTE}']")
        if announced is None or not (announced.text or "").strip().isdigit():
            problems.append(
                _(
                    "The file for %(locale)s does not say how many units were exported: it was edited.",
                    locale=locale,
                )
            )
        elif int(announced.text) != len(file_units):
            problems.append(
                _(
                    "The file for %(locale)s has %(found)s units, the export had %(exported)s: "
                    "units were removed or added.",
                    locale=locale,
                    found=len(file_units),
                    exported=int(announced.text),
                )
            )
        for element in file_units:
            source = element.find(_q("source"))
            target = element.find(_q("target"))
            digest = element.find(f"{_q('note')}[@from='{DIGEST_NOTE}']")
            source_text = None if source is None else "".join(source.itertext())
            target_text = "" if target is None else "".join(target.itertext())
            if (
                target is not None
                and target_text == source_text
                and target.get("state") in UNTRANSLATED_STATES
            ):
                # a CAT tool copied the source into a segment nobody translated
                target_text = ""
            units.append(
                {
                    "where": _("unit %(id)s (%(locale)s)", id=element.get("id") or "?", locale=locale),
                    "id": element.get("id"),
                    "locale": locale,
                    # CAT tools may wrap segments in <mrk>: the text is what counts
                    "source": source_text,
                    "target": target_text,
                    "digest": None if digest is None else (digest.text or "").strip(),
                }
            )
    if not units and not problems:
        problems.append(_("The file has no translation units."))
    return units, problems


# --- XLSX ----------------------------------------------------------------------------------


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}"


def _too_many_units(_):
    return _(
        "The file has more than %(max)s units; the import takes at most %(max)s per file. Export fewer "
        "products or locales per file.",
        max=f"{MAX_IMPORT_UNITS:,}",
    )


def file_size_problem(data, _):
    """Why a file is too big to be read at all, or None."""
    if len(data) > MAX_IMPORT_BYTES:
        return _(
            "The file is %(size)s MB; the import takes at most %(max)s MB. Export fewer products "
            "or locales per file.",
            size=_megabytes(len(data)),
            max=_megabytes(MAX_IMPORT_BYTES),
        )
    return None


def xlsx_package_problem(data, _):
    """Why the zip package of an XLSX file must not be opened (too big unpacked, too many
    files, packed like a zip bomb), or None. Reads the zip's directory only, inflates nothing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return _("The file is not an XLSX workbook: %(error)s", error=error)
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_XLSX_MEMBERS:
        return _(
            "The workbook holds %(count)s files; an XLSX workbook holds a few dozen at most.",
            count=len(members),
        )
    if unpacked > MAX_IMPORT_BYTES:
        return _(
            "The workbook unpacks to %(size)s MB; the import takes at most %(max)s MB. Export fewer "
            "products or locales per file.",
            size=_megabytes(unpacked),
            max=_megabytes(MAX_IMPORT_BYTES),
        )
    if unpacked > 1024 * 1024 and unpacked > MAX_XLSX_RATIO * len(data):
        return _(
            "The workbook unpacks to %(size)s MB from %(packed)s KB, %(ratio)s times its size (a "
            "spreadsheet packs about 5 to 1): it is refused unread.",
            size=_megabytes(unpacked),
            packed=len(data) // 1024,
            ratio=unpacked // max(len(data), 1),
        )
    return None


def write_xlsx(units):
    """One sheet, one row per unit; the digest column is hidden, a hidden sheet says how many
    units were exported. Every cell is written as a string (no formulas, no links)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(XLSX_SHEET)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, title in enumerate(XLSX_COLUMNS):
        sheet.write_string(0, column, title, bold)
    for row, unit in enumerate(units, start=1):
        values = (
            unit["id"],
            unit["resname"],
            unit["field_label"],
            locale_tag(unit["lang"]),
            unit["source"],
            unit["target"] or "",
            unit["status_label"],
            unit["digest"],
        )
        for column, value in enumerate(values):
            sheet.write_string(row, column, value, wrap if column in (4, 5) else None)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 3, 8)
    sheet.set_column(4, 5, 60)
    sheet.set_column(6, 6, 10)
    sheet.set_column(7, 7, None, None, {"hidden": True})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(units), 1), len(XLSX_COLUMNS) - 1)
    info = workbook.add_worksheet(XLSX_INFO_SHEET)
    info.write_string(0, 0, "units")
    info.write_number(0, 1, len(units))
    info.hide()
    workbook.close()
    return buffer.getvalue()


def read_xlsx(data, _):
    """Units of an XLSX file written by ``write_xlsx``: dicts with where (the row), id, locale,
    source, target, digest."""
    problem = file_size_problem(data, _) or xlsx_package_problem(data, _)
    if problem:
        return [], [problem]
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except XLSX_ERRORS as error:
        return [], [_("The file is not an XLSX workbook: %(error)s", error=error)]
    try:
        # read_only: the sheets are parsed while their rows are read
        return _read_workbook(workbook, _)
    except XLSX_ERRORS as error:
        return [], [_("The workbook cannot be read: %(error)s", error=error)]
    finally:
        workbook.close()


def _read_workbook(workbook, _):
    if XLSX_SHEET not in workbook.sheetnames:
        return [], [_("The workbook has no sheet named %(sheet)s.", sheet=XLSX_SHEET)]
    # the header, the units and one row more, to tell a file with too many rows
    rows = workbook[XLSX_SHEET].iter_rows(
        max_row=MAX_IMPORT_UNITS + 2, max_col=len(XLSX_COLUMNS), values_only=True
    )
    header = tuple(str(value or "").strip() for value in next(rows, ()))
    if not any(header):
        return [], [
            _(
                "The sheet %(sheet)s is empty: it has no header row (%(columns)s).",
                sheet=XLSX_SHEET,
                columns=", ".join(XLSX_COLUMNS),
            )
        ]
    if header[: len(XLSX_COLUMNS)] != XLSX_COLUMNS:
        return [], [_("The columns must be, in this order: %(columns)s.", columns=", ".join(XLSX_COLUMNS))]
    units, problems = [], []
    for number, row in enumerate(rows, start=2):
        if number > MAX_IMPORT_UNITS + 1:
            return [], [_too_many_units(_)]
        cells = [("" if value is None else str(value)) for value in row]
        cells += [""] * (len(XLSX_COLUMNS) - len(cells))
        if not any(cell.strip() for cell in cells):
            continue
        units.append(
            {
                "where": _("row %(row)s", row=number),
                "id": cells[0].strip(),
                "locale": cells[3].strip(),
                "source": cells[4],
                "target": cells[5],
                "digest": cells[7].strip() or None,
            }
        )
    exported = None
    if XLSX_INFO_SHEET in workbook.sheetnames:
        info = next(workbook[XLSX_INFO_SHEET].iter_rows(max_row=1, max_col=2, values_only=True), ())
        if len(info) > 1 and info[0] == "units" and isinstance(info[1], int | float):
            exported = int(info[1])
    if exported is None:
        problems.append(_("The workbook does not say how many units were exported: it was edited."))
    elif exported != len(units):
        problems.append(
            _(
                "The workbook has %(found)s units, the export had %(exported)s: rows were removed or added.",
                found=len(units),
                exported=exported,
            )
        )
    if not units and not problems:
        problems.append(_("The workbook has no translation units."))
    return units, problems


# --- HTML markup ---------------------------------------------------------------------------


class _TagBalance(HTMLParser):
    """Finds the first unbalanced tag of an HTML fragment (html.parser itself never fails)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_tags = []
        self.problem = None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_TAGS:
            self.open_tags.append(tag)

    def handle_endtag(self, tag):
        if self.problem or tag in VOID_TAGS:
            return
        if tag not in self.open_tags:
            self.problem = ("unexpected", tag)
        elif self.open_tags[-1] != tag:
            # </p> while <strong> is open: the tag left open is the mistake
            self.problem = ("unclosed", self.open_tags[-1])
        else:
            self.open_tags.pop()


def markup_problem(fragment):
    """('unexpected', tag) for a closing tag that closes nothing open, ('unclosed', tag) for a
    tag left open, or None when the fragment's tags are balanced."""
    checker = _TagBalance()
    checker.feed(fragment)
    checker.close()
    if checker.problem:
        return checker.problem
    if checker.open_tags:
        return ("unclosed", checker.open_tags[-1])
    return None
