"""Open data: newest solutions for feeds, and CSV rows streamed in batches."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import xlsxwriter
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Row, select

from ..attachments.service import attachments_by_item
from ..core.extensions import db
from ..core.regions import region_name
from ..leaderboards.service import visible_solutions
from ..models import (
    AWARD_PLACES,
    OUTCOMES,
    Administration,
    Attachment,
    Award,
    Challenge,
    OfficialResponse,
    Solution,
    Theme,
    User,
)
from ..web.urls import public_url_for

FEED_SIZE = 50
CSV_BATCH = 1000
# The open-data CSVs are for Italian spreadsheets first: UTF-8 with a byte-order mark (Excel then reads the
# accents right), ";" between cells (Excel's list separator in the Italian locale, where "," is the decimal
# comma), the licence alone on the first line (no ";" in it, so it stays one unquoted cell), the column names on the second, times in UTC to the second.
CSV_DELIMITER = ";"
CSV_LICENCE_LINE = (
    "Dati aperti di Sfide PA, licenza CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.it), "
    "date e ore in UTC. Open data from Sfide PA, licence CC BY 4.0, dates and times in UTC."
)
CSV_TIME = "%Y-%m-%d %H:%M:%S"
# What makes Excel, LibreOffice and Sheets read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CHALLENGE_COLUMNS = [
    "id",
    "slug",
    "title",
    "summary",
    "administration",
    "region",
    "theme",
    "status",
    "deadline",
    "solution_count",
    "created_at",
]
SOLUTION_COLUMNS = [
    "id",
    "challenge_slug",
    "title",
    "body",
    "author",
    "votes_up",
    "votes_down",
    "comment_count",
    "created_at",
    "outcome",
    "official_response",
    "response_updated_at",
    "award",  # '1', '2', '3' or 'mention' once the challenge is closed, else empty
]


def feed_solutions(challenge: Challenge | None = None) -> list[Solution]:
    """The newest visible solutions, site-wide or of one challenge."""
    statement = visible_solutions(since=None)
    if challenge is not None:
        statement = statement.where(Solution.challenge_id == challenge.id)
    return list(db.session.scalars(statement.order_by(Solution.created_at.desc(), Solution.id.desc()).limit(FEED_SIZE)))


def csv_cell(value: object) -> object:
    """`value` as a spreadsheet shows it: text that a spreadsheet would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_time(value: datetime | None) -> str:
    """A stored (naive UTC) time as the exports write it: to the second, which spreadsheets read as a date."""
    return value.strftime(CSV_TIME) if value else ""


def _csv_lines(header: list[str], batches: Iterator[Sequence[Sequence[Any]]]) -> Iterator[str]:
    """The one CSV writer of the open-data exports: BOM and licence line, the header, then one chunk per batch."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow([CSV_LICENCE_LINE])
    writer.writerow(header)
    for batch in batches:
        writer.writerows([csv_cell(value) for value in row] for row in batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _keyset(statement, id_column) -> Iterator[Sequence[Row]]:
    """Rows in id order, CSV_BATCH at a time, so memory stays flat however many there are."""
    last_id = 0
    while True:
        rows = db.session.execute(statement.where(id_column > last_id).order_by(id_column).limit(CSV_BATCH)).all()
        if not rows:
            return
        last_id = rows[-1][0]
        yield rows


def challenges_csv() -> Iterator[str]:
    """Every public challenge as CSV."""
    statement = (
        select(
            Challenge.id,
            Challenge.slug,
            Challenge.title,
            Challenge.summary,
            Administration.name,
            Challenge.region_code,
            Theme.name_it,
            Challenge.status,
            Challenge.deadline,
            Challenge.solution_count,
            Challenge.created_at,
        )
        .join(Administration, Administration.id == Challenge.administration_id)
        .join(Theme, Theme.id == Challenge.theme_id)
        .where(Challenge.is_public)
    )
    batches = (
        [
            (
                *row[:5],
                region_name(row[5]),
                row[6],
                row[7],
                row[8].isoformat() if row[8] else "",
                row[9],
                csv_time(row[10]),
            )
            for row in batch
        ]
        for batch in _keyset(statement, Challenge.id)
    )
    return _csv_lines(CHALLENGE_COLUMNS, batches)


def solutions_csv() -> Iterator[str]:
    """Every visible solution as CSV."""
    statement = (
        select(
            Solution.id,
            Challenge.slug,
            Solution.title,
            Solution.body,
            User.name,
            Solution.votes_up,
            Solution.votes_down,
            Solution.comment_count,
            Solution.created_at,
            OfficialResponse.outcome,
            OfficialResponse.body,
            OfficialResponse.updated_at,
            Solution.award_place,  # set when its challenge closes (services.evaluation)
        )
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .join(User, User.id == Solution.author_id)
        .outerjoin(OfficialResponse, OfficialResponse.solution_id == Solution.id)
        .where(Solution.is_visible)
    )
    with force_locale("it"):  # the outcome's name, in the language of the data whoever downloads it
        outcomes = {code: str(label) for code, label in OUTCOMES.items()}
    batches = (
        [
            (*row[:8], csv_time(row[8]), outcomes.get(row[9], ""), row[10] or "", csv_time(row[11]), row[12] or "")
            for row in batch
        ]
        for batch in _keyset(statement, Solution.id)
    )
    return _csv_lines(SOLUTION_COLUMNS, batches)


def csv_safe(value: object) -> object:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _challenge_solution_header() -> list[str]:
    return [
        _("N."),
        _("Titolo"),
        _("Autore"),
        _("Pubblicata il"),
        _("Voti positivi"),
        _("Voti negativi"),
        _("Saldo"),
        _("Commenti"),
        _("Esito"),
        _("Risposta ufficiale"),
        _("Risposta aggiornata il"),
        _("Testo della soluzione"),
        _("Premio"),
        _("Motivazione del premio"),
        _("Allegati"),
    ]


def challenge_solution_rows(challenge: Challenge) -> list[list]:
    """Every published solution of one challenge with its votes and official response, oldest first."""
    rows = db.session.execute(
        select(Solution, User.name, OfficialResponse, Award)
        .join(User, User.id == Solution.author_id)
        .outerjoin(OfficialResponse, OfficialResponse.solution_id == Solution.id)
        .outerjoin(Award, Award.solution_id == Solution.id)
        .where(Solution.challenge_id == challenge.id, Solution.status == "published")
        .order_by(Solution.created_at, Solution.id)
    ).all()
    files = attachments_by_item([], [solution.id for solution, *_ in rows])
    return [
        [
            solution.id,
            solution.title,
            author,
            csv_time(solution.created_at),
            solution.votes_up,
            solution.votes_down,
            solution.votes_up - solution.votes_down,
            solution.comment_count,
            str(OUTCOMES[response.outcome]) if response else "",
            response.body if response else "",
            csv_time(response.updated_at) if response else "",
            solution.body,
            str(AWARD_PLACES[award.place]) if award else "",
            award.motivation if award else "",
            "\n".join(_file_link(file) for file in files.get(("solution", solution.id), [])),
        ]
        for solution, author, response, award in rows
    ]


def _file_link(file: Attachment) -> str:
    """A file's title and its address, one line per file in the staff's export."""
    address = public_url_for("attachments.file", attachment_id=file.id, filename=file.download_name, v=file.version)
    return f"{file.title}: {address}"


def challenge_solutions_csv(challenge: Challenge) -> bytes:
    """The solutions as CSV for Italian Excel: UTF-8 with BOM, ';' between cells, every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_challenge_solution_header())
    writer.writerows([csv_safe(cell) for cell in row] for row in challenge_solution_rows(challenge))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def challenge_solutions_xlsx(challenge: Challenge) -> bytes:
    """The same table as an Excel workbook; text is written as text, so nothing in it runs as a formula."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Soluzioni"))
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, _challenge_solution_header(), bold)
    for number, row in enumerate(challenge_solution_rows(challenge), start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, str):
                sheet.write_string(number, column, cell)
            else:
                sheet.write_number(number, column, cell)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
