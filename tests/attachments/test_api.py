"""The API gives each challenge and solution its files, in order, with absolute addresses; feeds enclose them."""

from __future__ import annotations

import io
from xml.etree import ElementTree

from challenge.attachments.service import Upload, add_attachment
from tests.attachments import samples
from tests.factories import make_administration, make_challenge, make_solution, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


def test_challenges_and_solutions_carry_their_attachments(app, client, store):
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner)
        staff = make_user(role="staff", administration=owner)
        add_attachment(staff, challenge, Upload(io.BytesIO(samples.PDF), "bando.pdf", title="Bando"))
        cover = Upload(io.BytesIO(samples.image("HEIF", (800, 600))), "piazza.heic", alt="La piazza", role="cover")
        cover_id = add_attachment(staff, challenge, cover).id
        author = make_user()
        solution = make_solution(challenge, author=author)
        add_attachment(author, solution, Upload(io.BytesIO(samples.CSV), "costi.csv", title="Costi"))
        slug, solution_id = challenge.slug, solution.id
    files = client.get(f"/api/v1/challenges/{slug}").get_json()["attachments"]
    assert [(f["title"], f["alt"], f["media_type"]) for f in files] == [
        ("Bando", "", "application/pdf"),
        ("piazza", "La piazza", "image/jpeg"),  # a HEIC photo is served as JPEG
    ]
    assert files[0]["bytes"] == len(samples.PDF)
    assert files[1]["url"].startswith(f"http://localhost/attachments/{cover_id}/piazza.jpeg?v=")
    assert client.get(files[1]["url"].removeprefix("http://localhost")).headers["Content-Type"] == "image/jpeg"
    listed = client.get("/api/v1/challenges").get_json()["items"][0]["attachments"]
    assert [f["id"] for f in listed] == [f["id"] for f in files]
    solution_files = client.get(f"/api/v1/solutions/{solution_id}").get_json()["attachments"]
    assert [(f["title"], f["media_type"]) for f in solution_files] == [("Costi", "text/csv")]
    assert client.get(f"/api/v1/solutions?challenge={slug}").get_json()["items"][0]["attachments"] == solution_files


def test_feed_entries_carry_their_solutions_files_as_enclosures(app, client, store):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author, title="Orti condivisi")
        add_attachment(author, solution, Upload(io.BytesIO(samples.PDF), "piano.pdf", title="Piano & costi"))
        photo = Upload(io.BytesIO(samples.image("PNG", (600, 400))), "orto.png", alt="L'orto")
        add_attachment(author, solution, photo)
        slug = solution.challenge.slug
    for feed in ("/feeds/solutions.atom", f"/challenges/{slug}/feed.atom"):
        entry = ElementTree.fromstring(client.get(feed).data).find(f"{ATOM}entry")
        enclosures = [link.attrib for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
        assert [(e["type"], e["title"]) for e in enclosures] == [
            ("application/pdf", "Piano & costi"),
            ("image/png", "orto"),
        ]
        assert enclosures[0]["length"] == str(len(samples.PDF))
        assert enclosures[0]["href"].startswith("http://localhost/attachments/")
