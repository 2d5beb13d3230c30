"""The staff workspace and one challenge's exports."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest

from challenge.models import utcnow
from challenge.opendata.exports import csv_cell
from challenge.solutions.responses import respond
from challenge.votes.service import vote_on_solution
from tests.factories import login, make_administration, make_challenge, make_comment, make_solution, make_user


def staff_of(app, administration):
    client = app.test_client()
    login(client, make_user(role="staff", administration=administration))
    return client


def test_dashboard_counts_challenges_by_status(app):
    with app.app_context():
        owner = make_administration()
        for status in ("draft", "open", "open", "closed"):
            make_challenge(owner, status=status)
        make_challenge(make_administration(), status="open")  # another administration's
        client = staff_of(app, owner)
        slug = owner.slug
    page = client.get(f"/administrations/{slug}/dashboard").get_data(as_text=True)
    counts = [int(part.split("</span>")[0]) for part in page.split('fw-semibold">')[1:5]]
    assert counts == [1, 2, 0, 1]  # draft, open, evaluation, closed


def test_awaiting_lists_unanswered_and_under_review_oldest_first_with_filters(app):
    with app.test_request_context():
        owner = make_administration()
        first, second = make_challenge(owner), make_challenge(owner)
        staff = make_user(role="staff", administration=owner)
        now = utcnow()
        make_solution(first, title="Proposta vecchia", created_at=now - timedelta(days=9))
        reviewing = make_solution(second, title="Proposta in esame", created_at=now - timedelta(days=5))
        answered = make_solution(first, title="Proposta accolta", created_at=now - timedelta(days=7))
        make_solution(first, title="Proposta nuova", created_at=now - timedelta(days=1))
        make_solution(first, title="Proposta ritirata", status="withdrawn")
        make_solution(make_challenge(owner, status="draft"), title="Proposta su bozza")
        make_solution(make_challenge(), title="Proposta di un altro ente")
        respond(staff, reviewing, "under_review", "La stiamo valutando.")
        respond(staff, answered, "accepted", "Accolta.")
        client = app.test_client()
        login(client, staff)
        url, first_id = f"/administrations/{owner.slug}/dashboard", first.id
    page = client.get(url).get_data(as_text=True)
    for hidden in ("Proposta accolta", "Proposta ritirata", "Proposta su bozza", "Proposta di un altro ente"):
        assert hidden not in page, hidden
    assert page.index("Proposta vecchia") < page.index("Proposta in esame") < page.index("Proposta nuova")
    only_new = client.get(url + "?outcome=none").get_data(as_text=True)
    assert "Proposta vecchia" in only_new and "Proposta in esame" not in only_new
    reviewing_only = client.get(url + "?outcome=under_review").get_data(as_text=True)
    assert "Proposta in esame" in reviewing_only and "Proposta vecchia" not in reviewing_only
    by_challenge = client.get(url + f"?challenge={first_id}").get_data(as_text=True)
    assert "Proposta vecchia" in by_challenge and "Proposta in esame" not in by_challenge


def test_participation_counts_distinct_people_and_votes_with_a_weekly_chart(app):
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner, title="Sfida partecipata da molti")
        alice, bruno, carla = make_user(), make_user(), make_user()
        solution = make_solution(challenge, alice)
        make_solution(challenge, bruno)
        make_comment(solution, bruno)
        vote_on_solution(carla, solution, 1)
        vote_on_solution(bruno, solution, -1)
        client = staff_of(app, owner)
        slug = owner.slug
    page = client.get(f"/administrations/{slug}/dashboard").get_data(as_text=True)
    row = page.split("Sfida partecipata da molti</a></th>")[1].split("export.csv")[0]
    cells = [cell.split(">", 1)[1].split("</td>")[0] for cell in row.split("<td")[1:5]]
    assert cells == ["2", "1", "3", "2"]  # solutions, comments, participants (alice, bruno, carla), votes
    assert '<svg role="img"' in row and "<title id=" in row
    assert row.count("<tr><td>") == 12  # the chart's figures as a table for screen readers


def test_dashboard_empty_states(app):
    with app.app_context():
        owner = make_administration()
        client = staff_of(app, owner)
        slug = owner.slug
    page = client.get(f"/administrations/{slug}/dashboard").get_data(as_text=True)
    assert "Non avete ancora creato sfide." in page and "Nessuna solution" not in page
    assert "Nessuna soluzione in attesa" in page and "Nessuna sfida pubblicata" in page


def test_staff_see_the_workspace_link_in_the_header(app):
    with app.app_context():
        owner = make_administration()
        client = staff_of(app, owner)
        slug = owner.slug
    assert f'href="/administrations/{slug}/dashboard"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+39 051", "'+39 051"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Proposta", "Proposta"),
        (3, 3),
        ("", ""),
    ],
)
def test_csv_cell_neutralises_cells_that_would_start_a_formula(value, expected):
    assert csv_cell(value) == expected


def exported(app, fmt: str, title: str = '=HYPERLINK("http://x")'):
    with app.test_request_context():
        owner = make_administration()
        challenge = make_challenge(owner)
        staff = make_user(role="staff", administration=owner)
        solution = make_solution(challenge, make_user(name="Anna"), title=title)
        make_solution(challenge, title="Ritirata", status="withdrawn")
        vote_on_solution(make_user(), solution, 1)
        respond(staff, solution, "accepted", "Accolta; partirà a marzo.")
        client = app.test_client()
        login(client, staff)
        slug = challenge.slug
    return client.get(f"/challenges/{slug}/export.{fmt}")


def test_csv_export_is_utf8_with_bom_semicolons_and_formula_safe(app):
    response = exported(app, "csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["N.", "Titolo", "Autore"]
    assert len(rows) == 2  # the withdrawn solution is not exported
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "Anna" and rows[1][4:7] == ["1", "0", "1"]
    assert rows[1][8:10] == ["Accolta", "Accolta; partirà a marzo."]


def test_xlsx_export_holds_the_same_rows_as_text(app):
    response = exported(app, "xlsx", title="=1+1 proposta")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as workbook:
        strings = workbook.read("xl/sharedStrings.xml").decode()
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "=1+1 proposta" in strings and "Accolta; partirà a marzo." in strings and "Ritirata" not in strings
    assert "<f>" not in sheet  # written as text: nothing runs as a formula


def test_unknown_export_format_is_404(app):
    with app.app_context():
        owner = make_administration()
        slug = make_challenge(owner).slug
        client = staff_of(app, owner)
    assert client.get(f"/challenges/{slug}/export.pdf").status_code == 404


def test_suspended_staff_get_no_workspace_link(app):
    with app.app_context():
        owner = make_administration()
        client = app.test_client()
        login(client, make_user(role="staff", administration=owner, suspended_at=utcnow()))
        slug = owner.slug
    assert f"/administrations/{slug}/dashboard" not in client.get("/").get_data(as_text=True)


def test_weekly_counts_put_each_solution_in_its_week(app):
    from challenge.administrations.dashboard import CHART_WEEKS, participation

    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner)
        make_solution(challenge, created_at=utcnow())
        make_solution(challenge, created_at=utcnow())
        make_solution(challenge, created_at=utcnow() - timedelta(weeks=1))
        make_solution(challenge, created_at=utcnow() - timedelta(weeks=CHART_WEEKS + 1))  # before the chart
        [row] = participation(owner)
    counts = [count for _, count in row.weekly]
    assert len(counts) == CHART_WEEKS and counts[-2:] == [1, 2] and sum(counts) == 3
    assert all(week.weekday() == 0 for week, _ in row.weekly)


def sheet_of(data: bytes) -> tuple[object, dict[str, object]]:
    """A workbook's first sheet as XML, and the cells of its second row (the first solution) by column."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        sheet = etree.fromstring(workbook.read("xl/worksheets/sheet1.xml"))
    return sheet, {cell.get("r")[0]: cell for cell in sheet.iterfind(f".//{MAIN}row[@r='2']/{MAIN}c")}


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_xlsx_cells_are_typed_with_italian_times_filters_a_frozen_header_and_widths(app):
    from datetime import datetime

    from challenge.opendata.exports import challenge_solutions_xlsx

    sheet, cells = sheet_of(exported(app, "xlsx").data)
    assert cells["E"].get("t") is None and cells["E"].findtext(f"{MAIN}v") == "1"  # votes up: a number
    assert cells["B"].get("t") == "s"  # the title: text
    assert cells["D"].get("t") is None and cells["D"].get("s")  # published: an Excel date with its format
    assert sheet.find(f"{MAIN}autoFilter").get("ref") == "A1:O2"
    assert sheet.find(f".//{MAIN}pane").get("ySplit") == "1"
    widths = {int(col.get("min")): float(col.get("width")) for col in sheet.iterfind(f".//{MAIN}col")}
    assert widths[2] > widths[1] and widths[12] == max(widths.values())  # title wider than N., the text widest
    with app.test_request_context():
        owner = make_administration()
        challenge = make_challenge(owner)
        make_solution(challenge, created_at=datetime(2026, 12, 5, 6, 9, 55))  # 07:09:55 in Rome
        _, cells = sheet_of(challenge_solutions_xlsx(challenge, lambda attachment: ""))
    serial = float(cells["D"].findtext(f"{MAIN}v"))
    assert round((serial % 1) * 24 * 3600) == 7 * 3600 + 9 * 60 + 55  # the time of day on the Italian clock


def test_csv_export_gives_italian_times_and_one_charset(app):
    response = exported(app, "csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    with app.app_context():
        from challenge.core.extensions import db
        from challenge.models import Solution
        from challenge.text.clock import rome_time

        created = db.session.scalar(db.select(Solution.created_at).where(Solution.id == int(rows[1][0])))
    assert rows[1][3] == rome_time(created).isoformat(" ", "seconds")
    assert rows[1][3] != created.isoformat(" ", "seconds")  # Rome is never on UTC
