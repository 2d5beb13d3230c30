"""Who gets a file, with which headers, and how pages show them; removal by editors and by moderators."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from challenge.attachments import service
from challenge.core.extensions import db
from challenge.models import Attachment, ModerationAction, Notification, User
from tests.attachments import samples
from tests.factories import login, make_administration, make_challenge, make_solution, make_user

ROLES = ("visitor", "citizen", "author", "owner_staff", "moderator", "admin")


def attach(user, item, data: bytes, name: str, **fields) -> int:
    return service.add_attachment(user, item, service.Upload(io.BytesIO(data), name, **fields)).id


def world(state: str) -> tuple[dict, int, int]:
    """Accounts by role, an image and a document on an item in `state`, as ids."""
    owner = make_administration()
    people = {
        "citizen": make_user(),
        "author": make_user(),
        "owner_staff": make_user(role="staff", administration=owner),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }
    challenge = make_challenge(owner, status="draft" if state == "draft challenge" else "open")
    if state == "draft challenge":
        item, by = challenge, people["owner_staff"]
    else:
        item, by = make_solution(challenge, author=people["author"]), people["author"]
    image = attach(by, item, samples.image("PNG", (600, 400)), "foto.png", alt="Una foto", role="image")
    document = attach(by, item, samples.PDF, "relazione.pdf", role="document")
    if state in ("hidden", "pending", "withdrawn"):
        item.status = state
        db.session.commit()
    return {role: person.id for role, person in people.items()}, image, document


# Who sees the item sees its files; the rest get 404, as for the item itself.
SEEN_BY = {
    "public": set(ROLES),
    "withdrawn": set(ROLES),  # a withdrawn solution stays readable as a notice
    "hidden": {"author", "moderator", "admin"},
    "pending": {"author", "moderator", "admin"},
    "draft challenge": {"owner_staff", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(SEEN_BY))
def test_files_follow_the_visibility_of_their_item(app, store, role, state):
    client = app.test_client()
    with app.app_context():
        ids, image, document = world(state)
        if role != "visitor":
            login(client, db.session.get(User, ids[role]))
    for url in (f"/attachments/{image}/480.webp", f"/attachments/{image}/foto.png", f"/attachments/{document}/r.pdf"):
        expected = 200 if role in SEEN_BY[state] else 404
        assert client.get(url).status_code == expected, url


def test_public_images_are_cached_for_a_year_and_the_rest_privately(app, client, store):
    with app.app_context():
        staff = make_user(role="staff", administration=make_administration())
        open_challenge = make_challenge(staff.administration)
        draft = make_challenge(staff.administration, status="draft")
        public_id = attach(staff, open_challenge, samples.image("JPEG"), "piazza.jpg", alt="La piazza", role="cover")
        draft_id = attach(staff, draft, samples.image("JPEG"), "piazza.jpg", alt="La piazza", role="cover")
        document_id = attach(staff, open_challenge, samples.PDF, "bando.pdf")
        version = db.session.get(Attachment, public_id).content_hash[:16]
        login(client, staff)
    hashed = client.get(f"/attachments/{public_id}/640.webp?v={version}")
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.headers["Content-Type"] == "image/webp" and "Content-Security-Policy" in hashed.headers
    assert "sandbox" not in hashed.headers["Content-Security-Policy"]
    assert client.get(f"/attachments/{public_id}/640.webp").headers["Cache-Control"] == "private, no-cache"
    assert client.get(f"/attachments/{draft_id}/640.webp?v={version}").headers["Cache-Control"] == "private, no-cache"
    assert client.get(f"/attachments/{document_id}/b.pdf").headers["Cache-Control"] == "private, no-cache"
    again = client.get(
        f"/attachments/{public_id}/640.webp?v={version}", headers={"If-None-Match": hashed.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_challenge_page_preloads_its_cover_and_lazy_loads_the_gallery(app, client, store):
    with app.app_context():
        staff = make_user(role="staff", administration=make_administration())
        challenge = make_challenge(staff.administration)
        attach(
            staff, challenge, samples.image("JPEG", (2000, 1000)), "piazza.jpg", alt="La piazza rinnovata", role="cover"
        )
        attach(
            staff, challenge, samples.image("PNG", (900, 600)), "mappa.png", alt="La mappa del quartiere", role="image"
        )
        slug = challenge.slug
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    head, body = page.split("</head>")
    assert '<link rel="preload" as="image" type="image/webp" imagesrcset="' in head
    assert "480.webp" in head and "1600.webp" in head
    cover = body[body.index('alt="La piazza rinnovata"') - 600 : body.index('alt="La piazza rinnovata"') + 80]
    assert 'width="1600" height="800"' in cover and 'fetchpriority="high"' in cover and "lazy" not in cover
    gallery = body[body.index('alt="La mappa del quartiere"') - 600 : body.index('alt="La mappa del quartiere"') + 80]
    assert 'loading="lazy"' in gallery and 'width="900" height="600"' in gallery
    assert 'srcset="' in gallery and " 480w" in gallery and 'sizes="' in gallery


def test_the_solution_page_lists_its_documents_and_links_its_author_to_manage_them(app, client, store):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        attach(author, solution, samples.PDF, "piano.pdf", title="Piano economico")
        solution_id = solution.id
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Piano economico" in page and f"/solutions/{solution_id}/attachments" not in page
    with app.app_context():
        login(client, author)
    assert f"/solutions/{solution_id}/attachments" in client.get(f"/solutions/{solution_id}").get_data(as_text=True)


def removal_world(app, client, role: str) -> int:
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        attachment_id = attach(author, solution, samples.PDF, "piano.pdf", title="Piano")
        login(client, author if role == "author" else make_user(role=role))
    return attachment_id


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_author_removes_a_file_in_two_steps_and_its_bytes_go(app, client, store):
    attachment_id = removal_world(app, client, "author")
    first = client.post(f"/attachments/{attachment_id}/delete")
    assert first.status_code == 200 and 'name="confirm" value="y"' in first.get_data(as_text=True)
    assert count(app, Attachment) == 1
    assert client.post(f"/attachments/{attachment_id}/delete", data={"confirm": "y"}).status_code == 303
    assert count(app, Attachment) == 0 and list(store.listing()) == []
    assert count(app, ModerationAction) == 0


def test_a_moderator_removes_a_file_only_with_a_statement_of_reasons(app, client, store):
    attachment_id = removal_world(app, client, "moderator")
    first = client.post(f"/attachments/{attachment_id}/delete").get_data(as_text=True)
    assert 'name="reason_code"' in first and 'name="confirm" value="y"' in first
    bare = client.post(f"/attachments/{attachment_id}/delete", data={"confirm": "y"})
    assert bare.status_code == 422 and 'id="reason_code-error"' in bare.get_data(as_text=True)
    assert count(app, Attachment) == 1
    done = client.post(
        f"/attachments/{attachment_id}/delete",
        data={"confirm": "y", "reason_code": "personal_data", "reason": "Contiene l'indirizzo di una persona."},
    )
    assert done.status_code == 303 and count(app, Attachment) == 0
    with app.app_context():
        action = db.session.scalars(select(ModerationAction)).one()
        assert (action.action, action.reason_code) == ("remove_file", "personal_data")
        assert "«Piano»" in action.reason
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_nobody_else_removes_a_file(app, client, store):
    attachment_id = removal_world(app, client, "citizen")
    assert client.post(f"/attachments/{attachment_id}/delete", data={"confirm": "y"}).status_code == 403
    assert count(app, Attachment) == 1


def test_a_download_is_named_by_the_file_not_by_the_address(app, client, store):
    with app.app_context():
        author = make_user()
        attachment_id = attach(author, make_solution(author=author), samples.PDF, "piano.pdf", title="Piano dei costi")
    response = client.get(f"/attachments/{attachment_id}/trappola.html")
    assert response.status_code == 200 and response.data == samples.PDF
    assert response.headers["Content-Disposition"] == "attachment; filename=piano-dei-costi.pdf"
