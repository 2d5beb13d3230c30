"""The API gives each challenge and solution its files, in order, with absolute addresses."""

from __future__ import annotations

import io

from challenge.attachments.service import Upload, add_attachment
from tests.attachments import samples
from tests.factories import make_administration, make_challenge, make_solution, make_user


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
