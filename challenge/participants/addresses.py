"""The addresses a challenge's staff paste (one per line) or upload (a CSV file's email column)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.email_addresses import valid_email

# A first row with one of these cells names the column of the addresses (and is no address).
EMAIL_HEADERS = ("email", "e-mail")
SHOWN_INVALID = 10  # invalid lines named in the message; the rest are counted


@dataclass(frozen=True)
class Entry:
    """One line of the list or of the file, as written."""

    line: int
    text: str


class AddressFileError(ValueError):
    """The uploaded file cannot be read as a list of addresses."""


def pasted(text: str | None) -> list[Entry]:
    """The non-empty lines of the text box."""
    lines = (text or "").splitlines()
    return [Entry(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]


def _decoded(data: bytes) -> str:
    if b"\0" in data:  # a spreadsheet or an image, not text
        raise AddressFileError(_not_csv())
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Excel on an Italian Windows saves as «CSV»
    except UnicodeDecodeError:
        raise AddressFileError(_not_csv()) from None


def _not_csv() -> str:
    return _("Il file non si legge come CSV: salvalo dal foglio di calcolo come «CSV UTF-8», un indirizzo per riga.")


def _rows(text: str) -> list[list[str]]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column: no delimiter to find
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:
        raise AddressFileError(_not_csv()) from None


def from_csv(data: bytes) -> list[Entry]:
    """The addresses in the file's column named email (or e-mail), else in its first column."""
    rows = _rows(_decoded(data))
    column, start = 0, 0
    first = next((number for number, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if first is not None:
        names = [cell.strip().lower() for cell in rows[first]]
        named = [index for index, name in enumerate(names) if name in EMAIL_HEADERS]
        if named:
            column, start = named[0], first + 1
    entries = [
        Entry(number, row[column].strip())
        for number, row in enumerate(rows[start:], start + 1)
        if len(row) > column and row[column].strip()
    ]
    if not entries:
        raise AddressFileError(
            _("Il file non contiene indirizzi: mettili nella prima colonna o in una colonna «email».")
        )
    return entries


def invalid(entries: list[Entry]) -> list[Entry]:
    """The entries that are not an address mail can be delivered to (the one email rule)."""
    return [entry for entry in entries if valid_email(entry.text) is None]


def describe_invalid(entries: list[Entry]) -> str:
    """A message naming the invalid lines (the first few), saying that nobody was invited."""
    shown = ", ".join(
        _("riga %(line)d «%(text)s»", line=entry.line, text=entry.text[:80]) for entry in entries[:SHOWN_INVALID]
    )
    more = len(entries) - SHOWN_INVALID
    if more > 0:
        shown += " " + ngettext("e un'altra", "e altre %(num)d", more)
    return ngettext(
        "Questa riga non è un indirizzo email valido: %(lines)s. Correggila e invia di nuovo: nessuno è stato invitato.",
        "Queste righe non sono indirizzi email validi: %(lines)s. Correggile e invia di nuovo: nessuno è stato invitato.",
        len(entries),
        lines=shown,
    )
