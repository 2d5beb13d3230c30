"""Atom feeds parse as Atom 1.0; CSV exports stream every visible row and nothing else."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from challenge.opendata import exports
from tests.factories import make_administration, make_challenge, make_solution, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


def exported(text: str) -> csv.DictReader:
    """The rows of an open-data CSV: after the BOM, ';'-separated with the header on the first line."""
    assert text.startswith("\ufeff"), "no byte-order mark: Excel would garble the accents"
    return csv.DictReader(io.StringIO(text[1:]), delimiter=";")


def parse(response):
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    return root


def test_site_feed_newest_first_without_hidden(app, client):
    from datetime import timedelta

    from challenge.models import utcnow

    with app.app_context():
        challenge = make_challenge()
        make_solution(challenge, title="Più vecchia", created_at=utcnow() - timedelta(days=1))
        make_solution(challenge, title="Più nuova <b>&</b>")
        make_solution(challenge, title="Nascosta", status="hidden")
    root = parse(client.get("/feeds/solutions.atom"))
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Più nuova <b>&</b>", "Più vecchia"]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("http")
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert entry.find(f"{ATOM}updated").text.endswith("Z")


def test_challenge_feed_and_autodiscovery(app, client):
    with app.app_context():
        challenge = make_challenge()
        make_solution(challenge, title="Solo di questa sfida")
        make_solution(title="Di un'altra sfida")
        slug = challenge.slug
    root = parse(client.get(f"/challenges/{slug}/feed.atom"))
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Solo di questa sfida"]
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert f'href="/challenges/{slug}/feed.atom"' in page and 'type="application/atom+xml"' in page
    assert 'href="/feeds/solutions.atom"' in client.get("/").get_data(as_text=True)


def test_empty_feed_is_valid(client):
    assert parse(client.get("/feeds/solutions.atom")).findall(f"{ATOM}entry") == []


def test_draft_challenge_feed_is_404(app, client):
    with app.app_context():
        slug = make_challenge(status="draft").slug
    assert client.get(f"/challenges/{slug}/feed.atom").status_code == 404


def test_csv_exports(app, client):
    with app.app_context():
        challenge = make_challenge(title="Sfida esportata")
        make_solution(challenge, title='Virgole, "virgolette" e a capo\nqui')
        make_solution(challenge, title="Ritirata", status="withdrawn")
        make_challenge(title="Bozza non esportata", status="draft")
    challenges = list(exported(client.get("/export/challenges.csv").get_data(as_text=True)))
    assert [row["title"] for row in challenges] == ["Sfida esportata"]
    assert challenges[0]["region"] == "Emilia-Romagna"
    response = client.get("/export/solutions.csv")
    assert response.mimetype == "text/csv"
    solutions = list(exported(response.get_data(as_text=True)))
    assert [row["title"] for row in solutions] == ['Virgole, "virgolette" e a capo\nqui']
    assert "CC BY 4.0" in client.get("/open-data").get_data(as_text=True)


def test_csv_streams_in_batches(app, monkeypatch):
    monkeypatch.setattr(exports, "CSV_BATCH", 2)
    with app.app_context():
        challenge = make_challenge()
        for number in range(5):
            make_solution(challenge, title=f"Soluzione {number}")
        chunks = list(exports.solutions_csv())
    assert len(chunks) >= 3  # header with the first batch, then one chunk per batch
    rows = list(exported("".join(chunks)))
    assert [row["title"] for row in rows] == [f"Soluzione {n}" for n in range(5)]


def test_feeds_stay_well_formed_with_control_characters_already_stored(app, client):
    from sqlalchemy import update

    from challenge.core.extensions import db
    from challenge.models import User

    with app.app_context():
        challenge = make_challenge(title="Sfida\x01 con\x0b controlli")
        solution = make_solution(challenge, title="Titolo\x0b con\x01 controlli\ufffe", body_html="<p>Corpo\x1f</p>")
        # Straight into the table, as rows stored before the forms refused these characters.
        db.session.execute(update(User).where(User.id == solution.author_id).values(name="Autore\x08"))
        db.session.commit()
        slug = challenge.slug
    for url in ("/feeds/solutions.atom", f"/challenges/{slug}/feed.atom"):
        entry = parse(client.get(url)).find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}title").text == "Titolo con controlli"
        assert entry.find(f"{ATOM}content").text == "<p>Corpo</p>"
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Autore"
        assert entry.find(f"{ATOM}category").get("label") == "Sfida con controlli"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text(app, client, start):
    with app.app_context():
        administration = make_administration(name=f"{start}Comune")
        challenge = make_challenge(
            administration, title=f'{start}HYPERLINK("http://evil.example")', summary=f"{start}1+1 sintesi della sfida"
        )
        make_solution(
            challenge, title=f"{start}cmd|' /C calc'!A0", body=f"{start}2+2", author=make_user(name=f"{start}Autore")
        )
    challenge_row = next(exported(client.get("/export/challenges.csv").get_data(as_text=True)))
    assert challenge_row["title"] == f'\'{start}HYPERLINK("http://evil.example")'
    assert challenge_row["summary"] == f"'{start}1+1 sintesi della sfida"
    assert challenge_row["administration"] == f"'{start}Comune"
    solution_row = next(exported(client.get("/export/solutions.csv").get_data(as_text=True)))
    assert (solution_row["title"], solution_row["body"], solution_row["author"]) == (
        f"'{start}cmd|' /C calc'!A0",
        f"'{start}2+2",
        f"'{start}Autore",
    )
    assert int(solution_row["votes_up"]) == 0  # numbers are left alone


def test_csv_leaves_ordinary_text_alone(app, client):
    with app.app_context():
        make_solution(title="Più verde - in città = meglio", body="Testo normale @ tutti")
    row = next(exported(client.get("/export/solutions.csv").get_data(as_text=True)))
    assert (row["title"], row["body"]) == ("Più verde - in città = meglio", "Testo normale @ tutti")


def test_csv_exports_are_for_italian_excel_header_first_and_the_licence_in_a_link(app, client):
    with app.app_context():
        make_solution(make_challenge(title="Città più verdi"), title="Più alberi, meno asfalto")
    for url in ("/export/challenges.csv", "/export/solutions.csv"):
        response = client.get(url)
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
        assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
        raw = response.get_data()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
        lines = raw.decode("utf-8-sig").split("\r\n")
        assert lines[0].startswith("id;")  # every CSV parser expects the column names first
    assert "Più alberi, meno asfalto" in client.get("/export/solutions.csv").get_data(as_text=True)


def test_challenges_csv_names_the_theme_and_gives_italian_times_to_the_second(app, client):
    from datetime import date, datetime

    with app.app_context():
        make_challenge(theme_id=3, created_at=datetime(2026, 11, 3, 9, 5, 7, 123456), deadline=date(2027, 1, 31))
    [row] = list(exported(client.get("/export/challenges.csv").get_data(as_text=True)))
    assert row["theme"] == "Innovazione sociale, città inclusive, resilienti e sostenibili"
    assert row["created_at"] == "2026-11-03 10:05:07"  # 09:05:07 UTC, on the Italian clock (CET)
    assert row["deadline"] == "2027-01-31"


def test_solutions_csv_has_the_official_response_and_outcome_of_each_solution(app, client):
    from datetime import datetime

    from challenge.solutions.responses import respond

    with app.app_context():
        staff = make_user(role="staff")
        challenge = make_challenge(staff.administration)
        answered = make_solution(challenge, title="Con risposta", created_at=datetime(2026, 10, 1, 8, 0, 59, 999))
        make_solution(challenge, title="Senza risposta")
        respond(staff, answered, "accepted", "La porteremo in giunta.")
    rows = {row["title"]: row for row in exported(client.get("/export/solutions.csv").get_data(as_text=True))}
    assert rows["Con risposta"]["outcome"] == "Accolta"
    assert rows["Con risposta"]["official_response"] == "La porteremo in giunta."
    assert len(rows["Con risposta"]["response_updated_at"]) == len("2026-10-01 08:00:59")
    assert rows["Con risposta"]["created_at"] == "2026-10-01 10:00:59"  # 08:00:59 UTC in summer time (CEST)
    assert (rows["Senza risposta"]["outcome"], rows["Senza risposta"]["official_response"]) == ("", "")
    # Whatever the reader's language, the data stay in Italian.
    english = exported(client.get("/export/solutions.csv", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert {row["title"]: row["outcome"] for row in english}["Con risposta"] == "Accolta"


def test_open_data_page_links_the_api_its_openapi_document_and_the_feeds(client):
    html = client.get("/open-data").get_data(as_text=True)
    for href in (
        "/api/v1/challenges",
        "/api/v1/solutions",
        "/api/v1/openapi.json",
        "/feeds/solutions.atom",
        "/export/challenges.csv",
        "/export/solutions.csv",
    ):
        assert f'href="{href}"' in html, href
    assert "punto e virgola" in html and "UTF-8 con BOM" in html


def test_a_challenge_page_shows_a_visible_link_to_its_own_feed(app, client):
    with app.app_context():
        slug = make_challenge().slug
    html = client.get(f"/challenges/{slug}").get_data(as_text=True)
    body = html.split("<body>", 1)[1]
    assert f'<a href="/challenges/{slug}/feed.atom" data-challenge-feed>' in body
