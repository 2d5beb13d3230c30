"""Anonymous readers get shared copies of challenge and solution pages: a file added or removed shows at once."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from challenge.attachments import service
from challenge.attachments.storage import LocalStorage
from challenge.core.extensions import db
from challenge.models import Attachment, Challenge, Solution, User
from tests.attachments import samples
from tests.conftest import empty_tables
from tests.factories import make_administration, make_challenge, make_solution, make_user


@pytest.fixture
def cached_app(app_factory, tmp_path):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
    previous = app.extensions.get("attachment_storage")
    app.extensions["attachment_storage"] = LocalStorage(tmp_path / "files")
    yield app
    app.extensions["attachment_storage"] = previous


def test_adding_and_removing_a_file_refreshes_the_shared_pages(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        staff = make_user(role="staff", administration=make_administration())
        challenge = make_challenge(staff.administration)
        author = make_user()
        solution = make_solution(challenge, author=author)
        slug, solution_id, staff_id, author_id = challenge.slug, solution.id, staff.id, author.id
    pages = (f"/challenges/{slug}", f"/solutions/{solution_id}")
    for page in pages:
        assert "Bando della sfida" not in client.get(page).get_data(as_text=True)
        assert client.get(page).status_code == 200  # now from the cache
    with cached_app.app_context():
        staff, author = db.session.get(User, staff_id), db.session.get(User, author_id)
        challenge = db.session.scalars(select(Challenge).where(Challenge.slug == slug)).one()
        solution = db.session.get(Solution, solution_id)
        service.add_attachment(
            staff, challenge, service.Upload(io.BytesIO(samples.PDF), "b.pdf", title="Bando della sfida")
        )
        added = service.add_attachment(
            author, solution, service.Upload(io.BytesIO(samples.PDF), "p.pdf", title="Piano dei costi")
        )
        added_id = added.id
    assert "Bando della sfida" in client.get(pages[0]).get_data(as_text=True)
    assert "Piano dei costi" in client.get(pages[1]).get_data(as_text=True)
    with cached_app.app_context():
        service.remove_attachment(db.session.get(User, author_id), db.session.get(Attachment, added_id))
    assert "Piano dei costi" not in client.get(pages[1]).get_data(as_text=True)
