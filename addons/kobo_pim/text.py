"""The one rule that turns the PIM's copy into the text a shopper reads.

Completeness measures this text and every channel sends it (the approved snapshot,
``kobo.snapshot``), so a channel never gets a different text from the one completeness judged.
No ORM here: plain functions on strings.
"""

import re

from lxml import html as lxml_html

# XML 1.0 forbids C0 controls except tab, newline, carriage return, lone surrogates and the
# two non-characters U+FFFE / U+FFFF: feeds and spreadsheets refuse them, so they are removed.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
#: HTML elements that end a line of the text a shopper reads.
_BLOCKS = ("p", "br", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr")


def clean_text(value):
    """``value`` as XML-safe text: forbidden characters removed. Ampersands, ``<`` and
    non-Latin text need nothing: lxml and the writers escape and encode them."""
    if value is None or value is False:
        return ""
    return _XML_FORBIDDEN.sub("", str(value))


def one_line(value):
    """``clean_text`` on one line (titles, TSV cells): whitespace runs become one space."""
    return _WHITESPACE.sub(" ", clean_text(value)).strip()


def html_to_text(value):
    """The text a shopper reads in ``value`` (HTML or plain), on as few lines as it had blocks."""
    if not value:
        return ""
    try:
        root = lxml_html.fromstring(str(value))
    except Exception:  # lxml raises several types on junk (only comments, only NULs); raw text
        return one_line(value)
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    lines = (one_line(line) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def html_to_title(value):
    """The text of ``value`` on one line (a product title)."""
    return html_to_text(value).replace("\n", " ")
