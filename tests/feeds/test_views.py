"""Atom feeds parse as Atom 1.0; CSV exports stream every visible row and nothing else."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from challenge.services import exports
from tests.factories import make_administration, make_challenge, make_solution, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


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
    challenges = list(csv.DictReader(io.StringIO(client.get("/export/challenges.csv").get_data(as_text=True))))
    assert [row["title"] for row in challenges] == ["Sfida esportata"]
    assert challenges[0]["region"] == "Emilia-Romagna"
    response = client.get("/export/solutions.csv")
    assert response.mimetype == "text/csv"
    solutions = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
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
    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    assert [row["title"] for row in rows] == [f"Soluzione {n}" for n in range(5)]


def test_feeds_stay_well_formed_with_control_characters_already_stored(app, client):
    from sqlalchemy import update

    from challenge.extensions import db
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
    challenge_row = next(csv.DictReader(io.StringIO(client.get("/export/challenges.csv").get_data(as_text=True))))
    assert challenge_row["title"] == f'\'{start}HYPERLINK("http://evil.example")'
    assert challenge_row["summary"] == f"'{start}1+1 sintesi della sfida"
    assert challenge_row["administration"] == f"'{start}Comune"
    solution_row = next(csv.DictReader(io.StringIO(client.get("/export/solutions.csv").get_data(as_text=True))))
    assert (solution_row["title"], solution_row["body"], solution_row["author"]) == (
        f"'{start}cmd|' /C calc'!A0",
        f"'{start}2+2",
        f"'{start}Autore",
    )
    assert int(solution_row["votes_up"]) == 0  # numbers are left alone


def test_csv_leaves_ordinary_text_alone(app, client):
    with app.app_context():
        make_solution(title="Più verde - in città = meglio", body="Testo normale @ tutti")
    row = next(csv.DictReader(io.StringIO(client.get("/export/solutions.csv").get_data(as_text=True))))
    assert (row["title"], row["body"]) == ("Più verde - in città = meglio", "Testo normale @ tutti")
