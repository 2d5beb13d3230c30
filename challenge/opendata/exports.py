"""Open data: newest solutions for feeds, and CSV rows streamed in batches."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
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
from ..text.clock import rome_time

FEED_SIZE = 50
CSV_BATCH = 1000
# The CSVs are for Italian spreadsheets first: UTF-8 with a byte-order mark (Excel then reads the accents
# right), ";" between cells (Excel's list separator in the Italian locale, where "," is the decimal comma),
# the column names on the first line (every parser expects them there; the licence travels in the open-data
# page, the download's Link header and the API), times to the second on the Italian clock (Europe/Rome).
CSV_DELIMITER = ";"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_LINK = f'<{LICENCE_URL}>; rel="license"'  # RFC 8288 with the "license" relation of HTML
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
    """A stored (naive UTC) time as the CSVs write it: Italian time to the second, which spreadsheets read as a date."""
    return rome_time(value).isoformat(" ", "seconds") if value else ""


def _csv_lines(header: list[str], batches: Iterator[Sequence[Sequence[Any]]]) -> Iterator[str]:
    """The one CSV writer of the exports: the BOM and the header, then one chunk per batch."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
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


FileUrl = Callable[[Attachment], str]  # the absolute address of a file, built by the view


# Long text wraps in a column of its own width; other columns are as wide as their content, up to MAX_WIDTH.
WRAPPED_COLUMNS = {9, 11, 13, 14}  # the official response, the solution, the motivation, the files' links
WRAPPED_WIDTH, MAX_WIDTH = 60, 40


def challenge_solution_rows(challenge: Challenge, file_url: FileUrl) -> list[list]:
    """Every published solution of one challenge with its votes, official response and the links to its
    files (one a line), oldest first; times on the Italian clock (naive), numbers as numbers, and "" where
    there is nothing."""
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
            rome_time(solution.created_at),
            solution.votes_up,
            solution.votes_down,
            solution.votes_up - solution.votes_down,
            solution.comment_count,
            str(OUTCOMES[response.outcome]) if response else "",
            response.body if response else "",
            rome_time(response.updated_at) if response else "",
            solution.body,
            str(AWARD_PLACES[award.place]) if award else "",
            award.motivation if award else "",
            "\n".join(file_url(attachment) for attachment in files.get(("solution", solution.id), [])),
        ]
        for solution, author, response, award in rows
    ]


def challenge_solutions_csv(challenge: Challenge, file_url: FileUrl) -> bytes:
    """The solutions as CSV for Italian Excel: UTF-8 with BOM, ';' between cells, every cell formula-safe."""
    rows = [
        [cell.isoformat(" ", "seconds") if isinstance(cell, datetime) else cell for cell in row]
        for row in challenge_solution_rows(challenge, file_url)
    ]
    return "".join(_csv_lines(_challenge_solution_header(), iter([rows]))).encode("utf-8")


def challenge_solutions_xlsx(challenge: Challenge, file_url: FileUrl) -> bytes:
    """The same table as an Excel workbook: typed cells (numbers, dates on the Italian clock), text written as
    text so that nothing runs as a formula, a frozen header with filters, columns as wide as their content."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Soluzioni"))
    header = _challenge_solution_header()
    rows = challenge_solution_rows(challenge, file_url)
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, header, bold)
    for number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, datetime):
                sheet.write_datetime(number, column, cell, when)
            elif isinstance(cell, str):
                sheet.write_string(number, column, cell, wrapped if column in WRAPPED_COLUMNS else None)
            else:
                sheet.write_number(number, column, cell)
    for column, title in enumerate(header):
        longest = max([len(title), *(_shown_length(row[column]) for row in rows)])
        sheet.set_column(column, column, WRAPPED_WIDTH if column in WRAPPED_COLUMNS else min(longest, MAX_WIDTH) + 2)
    sheet.autofilter(0, 0, len(rows), len(header) - 1)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _shown_length(cell: object) -> int:
    """About how many characters wide a cell shows (a date as dd/mm/yyyy hh:mm)."""
    return len("dd/mm/yyyy hh:mm") if isinstance(cell, datetime) else len(str(cell))
