"""The person's data as a ZIP: one CSV per kind of row, the JSON document itself, their files, and a README.

Both downloads come from one collection, `personal_data.export`, so the ZIP says exactly what the JSON says.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from flask import render_template
from flask_babel import force_locale

from ..attachments.service import served_bytes, uploads_of
from ..models import User
from ..notifications.mail import language_of
from ..opendata.exports import CSV_DELIMITER, csv_cell
from ..text.clock import today
from .personal_data import export

Row = dict[str, Any]
JSON_NAME = "dati.json"
FILES = "files/"  # each file the person uploaded, named by its id in the document's `attachments`


def tables(document: dict[str, Any]) -> dict[str, list[Row]]:
    """Every list of records in the document as a table named by where it is (`votes.solutions` is
    `votes_solutions`). The profile, a record on its own, is a one-row table; a record inside a record
    becomes columns (`terms.version`); a list inside a record, a table of its own whose rows start
    with the record's columns (`evaluations_scores`: `evaluations.challenge`, then each score)."""
    found: dict[str, list[Row]] = {}
    for name, value in document.items():
        _collect(name, value, {}, found)
    return found


def _collect(name: str, value: Any, parent: Row, found: dict[str, list[Row]]) -> None:
    if isinstance(value, dict) and value and all(isinstance(inner, list) for inner in value.values()):
        for key, inner in value.items():  # a group of lists, as "votes"
            _collect(f"{name}_{key}", inner, parent, found)
        return
    rows = found.setdefault(name, [])
    for record in value if isinstance(value, list) else [value]:
        if not isinstance(record, dict):  # a list of plain values
            rows.append({**parent, "value": record})
            continue
        row = {**parent, **dict(_columns(record))}
        rows.append(row)
        for key, inner in record.items():
            if isinstance(inner, list):
                own = {f"{name}.{column}": cell for column, cell in row.items() if column not in parent}
                _collect(f"{name}_{key}", inner, {**parent, **own}, found)


def _columns(record: Row, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in record.items():
        if isinstance(value, dict):
            yield from _columns(value, f"{prefix}{key}.")
        elif not isinstance(value, list):
            yield f"{prefix}{key}", value


def _cell(value: Any) -> Any:
    """As the JSON writes it: true and false, an empty cell for null; text that a spreadsheet would run
    as a formula starts with a '."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else csv_cell(value)


def csv_text(rows: list[Row]) -> str:
    """The rows as CSV for Italian spreadsheets (';' between cells, as the open data); "" when there are none."""
    if not rows:
        return ""
    header = list(dict.fromkeys(column for row in rows for column in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(header)
    writer.writerows([_cell(row.get(column)) for column in header] for row in rows)
    return "\ufeff" + buffer.getvalue()  # Excel reads the accents right only with the byte-order mark


def export_zip(user: User) -> bytes:
    """The ZIP of the person's data: README.txt in their language, the JSON document, csv/<table>.csv and
    files/<id>-<name> for each file they uploaded."""
    document = export(user)
    with force_locale(language_of(user)):
        readme = render_template("account/export_readme.txt", user=user, day=today(), json_name=JSON_NAME)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2))
        for name, rows in tables(document).items():
            archive.writestr(f"csv/{name}.csv", csv_text(rows))
        for attachment in uploads_of(user):
            data = served_bytes(attachment)
            if data is not None:
                archive.writestr(f"{FILES}{attachment.id}-{attachment.download_name}", data)
    return buffer.getvalue()
