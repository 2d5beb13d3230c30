"""Atom feeds parse as Atom 1.0; CSV exports stream every visible row and nothing else."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from challenge.services import exports
from tests.factories import make_challenge, make_solution

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
