"""Pages with files read them in one statement, however many there are."""

from __future__ import annotations

import io

import pytest

from challenge.attachments.service import Upload, add_attachment
from challenge.attachments.storage import LocalStorage
from challenge.core.extensions import db
from challenge.models import Administration, Challenge, User
from tests.attachments import samples
from tests.conftest import empty_tables
from tests.factories import login, make_administration, make_challenge, make_solution, make_user
from tests.test_query_counts import statements


@pytest.fixture
def recording_app(app_factory, tmp_path):
    app = app_factory(SQLALCHEMY_RECORD_QUERIES=True)
    with app.app_context():
        empty_tables()
    previous = app.extensions.get("attachment_storage")
    app.extensions["attachment_storage"] = LocalStorage(tmp_path / "files")
    yield app
    app.extensions["attachment_storage"] = previous


def test_pages_with_files_run_as_many_statements_for_one_file_as_for_six(recording_app):
    client = recording_app.test_client()
    pages = []
    with recording_app.app_context():
        owner = make_administration()
        staff = make_user(role="staff", administration=owner)
        for count in (1, 6):
            challenge = make_challenge(owner)
            author = make_user()
            solution = make_solution(challenge, author=author)
            for number in range(count):
                picture = Upload(io.BytesIO(samples.image("PNG", (500 + number, 300))), "f.png", alt="Foto")
                add_attachment(author, solution, picture)
                add_attachment(staff, challenge, Upload(io.BytesIO(samples.TEXT + bytes([65 + number])), "n.txt"))
            pages.append((f"/challenges/{challenge.slug}", f"/solutions/{solution.id}"))
        login(client, staff)
    few, many = ([statements(recording_app, client, url) for url in urls] for urls in pages)
    assert few == many


def test_lists_read_the_pictures_of_all_their_cards_in_one_statement(recording_app):
    client = recording_app.test_client()
    with recording_app.app_context():
        owner = make_administration()
        staff_id = make_user(role="staff", administration=owner).id
        challenge = make_challenge(owner)
        urls = ["/", "/challenges", f"/administrations/{owner.slug}", f"/challenges/{challenge.slug}"]
        ids = (owner.id, challenge.id)

    def add_pictured(count: int) -> None:
        with recording_app.app_context():
            owner, challenge = db.session.get(Administration, ids[0]), db.session.get(Challenge, ids[1])
            for number in range(count):
                author = make_user()
                photo = Upload(io.BytesIO(samples.image("PNG", (500 + number, 300))), "f.png", alt="Foto")
                add_attachment(author, make_solution(challenge, author=author), photo)
                cover = Upload(io.BytesIO(samples.image("PNG", (300, 200 + number))), "c.png", alt="Foto", role="cover")
                add_attachment(db.session.get(User, staff_id), make_challenge(owner), cover)

    add_pictured(1)
    few = [statements(recording_app, client, url) for url in urls]
    add_pictured(5)
    assert [statements(recording_app, client, url) for url in urls] == few
