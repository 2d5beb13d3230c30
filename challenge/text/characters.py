"""What text the site accepts and emits: the one place for the control-character rules."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

# C0 control characters other than tab, line feed and carriage return: nobody types them,
# PostgreSQL cannot store NUL, and XML 1.0 forbids them all.
CONTROL_CHARACTER_RANGES = r"\x00-\x08\x0b\x0c\x0e-\x1f"  # as a regex class body, also for the OpenAPI document
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTER_RANGES}]")
# What may not appear in one line of text (a title, a name, an email subject, a header):
# every C0 and C1 control, DEL, and the separators that str.splitlines() breaks on.
LINE_BREAKS_AND_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters outside XML 1.0's Char production: C0 controls, surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

SINGLE_LINE = _l("Scrivi tutto su una riga, senza a capo né caratteri di controllo.")
NO_CONTROL_CHARACTERS = _l("Il testo contiene caratteri di controllo non ammessi: eliminali e riprova.")


def has_control_characters(text: str) -> bool:
    """True when `text` holds a C0 control character other than tab, CR and LF."""
    return CONTROL_CHARACTERS.search(text) is not None


def is_single_line(text: str) -> bool:
    """True when `text` holds no line break and no control character at all."""
    return LINE_BREAKS_AND_CONTROLS.search(text) is None


def one_line(text: str) -> str:
    """`text` with every line break and control character turned into a single space."""
    return " ".join(LINE_BREAKS_AND_CONTROLS.sub(" ", text).split())


def xml_safe(text: str) -> str:
    """`text` without the characters an XML 1.0 document may not contain, even escaped."""
    return NOT_XML.sub("", text)


def excerpt(text: str, size: int = 80) -> str:
    """The opening words of `text` on one line, at most `size` characters, cut between words with "…"."""
    line = one_line(text)
    if len(line) <= size:
        return line
    return line[: size - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
