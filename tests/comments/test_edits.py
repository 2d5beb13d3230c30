"""Authors edit their comments for a while after posting them: the earlier text is kept for the
moderators, readers see "modificato", and on a pre-moderated challenge the edit waits for a moderator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenge.account.personal_data import export
from challenge.comments.service import delete_comment, edit_comment
from challenge.core.errors import PermissionDenied, ServiceError
from challenge.core.extensions import db
from challenge.models import Comment, CommentRevision, User, utcnow
from challenge.moderation.pending_edits import reject_edit
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user


def controls(html: str, comment_id: int) -> str:
    """The markup of one comment."""
    return html.split(f'<article id="comment-{comment_id}"', 1)[1].split("</article>", 1)[0]


def revisions(comment_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(CommentRevision.body).where(CommentRevision.comment_id == comment_id).order_by(CommentRevision.id)
        )
    )


@pytest.fixture
def written(app):
    """A comment its author has just posted; (comment id, solution id)."""
    with app.app_context():
        author = make_user(name="Nadia Refusi")
        comment = make_comment(
            make_solution(), author, body="Ottima iddea.", body_html="<p>Ottima iddea.</p>", created_at=utcnow()
        )
        return comment.id, comment.solution_id


def test_the_author_edits_and_the_earlier_text_is_kept(app, client, written):
    comment_id, solution_id = written
    with app.app_context():
        login(client, db.session.get(Comment, comment_id).author)
    form = client.get(f"/comments/{comment_id}/edit").get_data(as_text=True)
    assert "Ottima iddea.</textarea>" in form
    response = client.post(f"/comments/{comment_id}/edit", data={"body": "Ottima *idea*."})
    assert response.status_code == 303 and f"#comment-{comment_id}" in response.headers["Location"]
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert (comment.body, comment.body_html.strip()) == ("Ottima *idea*.", "<p>Ottima <em>idea</em>.</p>")
        assert comment.edited_at is not None
        assert revisions(comment_id) == ["Ottima iddea."]
    page = controls(client.get(f"/solutions/{solution_id}").get_data(as_text=True), comment_id)
    assert "modificato <time" in page and "<em>idea</em>" in page
    assert "Ottima iddea." not in page  # the earlier text is for the moderators only


def test_an_empty_text_comes_back_with_its_message_and_changes_nothing(app, client, written):
    comment_id, _solution_id = written
    with app.app_context():
        login(client, db.session.get(Comment, comment_id).author)
    response = client.post(f"/comments/{comment_id}/edit", data={"body": "   "})
    assert response.status_code == 422
    assert "aria-invalid" in response.get_data(as_text=True)
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.body == "Ottima iddea." and comment.edited_at is None and revisions(comment_id) == []


def test_the_edit_window_closes(app, client):
    with app.app_context():
        author = make_user()
        late = make_comment(make_solution(), author, created_at=utcnow() - timedelta(minutes=16))
        login(client, author)
        with pytest.raises(ServiceError, match="primi 15 minuti"):
            edit_comment(author, late, "Troppo tardi.")
        late_id = late.id
    assert client.get(f"/comments/{late_id}/edit").status_code == 403
    assert client.post(f"/comments/{late_id}/edit", data={"body": "Troppo tardi."}).status_code == 403
    page = client.get(f"/solutions/{db_solution(app, late_id)}").get_data(as_text=True)
    assert f"/comments/{late_id}/edit" not in page


def db_solution(app, comment_id: int) -> int:
    with app.app_context():
        return db.session.get(Comment, comment_id).solution_id


def test_the_window_is_a_setting(app):
    with app.app_context():
        author = make_user()
        comment = make_comment(make_solution(), author, created_at=utcnow() - timedelta(minutes=16))
        app.config["COMMENT_EDIT_MINUTES"] = 30
        try:
            edit_comment(author, comment, "Ancora in tempo.")
        finally:
            app.config["COMMENT_EDIT_MINUTES"] = 15
        assert comment.body == "Ancora in tempo."


def test_only_the_author_while_allowed_to_write_and_while_the_discussion_is_open(app):
    with app.app_context():
        author = make_user()
        comment = make_comment(make_solution(), author, created_at=utcnow())
        with pytest.raises(PermissionDenied):
            edit_comment(make_user(role="moderator"), comment, "Non è mio.")
        suspended = make_suspended_user()
        own = make_comment(comment.solution, suspended, created_at=utcnow())
        with pytest.raises(PermissionDenied):
            edit_comment(suspended, own, "Sospesa.")
        closed = make_comment(make_solution(make_challenge(status="closed")), author, created_at=utcnow())
        with pytest.raises(ServiceError, match="discussione è chiusa"):
            edit_comment(author, closed, "Chiusa.")
        assert db.session.scalar(select(func.count()).select_from(CommentRevision)) == 0


def test_reply_and_edit_are_in_view_and_the_rest_stays_in_the_menu(app, client, written):
    comment_id, solution_id = written
    with app.app_context():
        login(client, db.session.get(Comment, comment_id).author)
        other_id = make_comment(db.session.get(Comment, comment_id).solution).id
    html = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    mine, theirs = controls(html, comment_id), controls(html, other_id)
    before_menu = theirs.split('<details class="comment-menu">', 1)[0]
    assert "reply_to=" in before_menu and ">Rispondi<" in before_menu
    assert "Segnala" in theirs and "Segnala" not in before_menu
    assert f'href="/comments/{comment_id}/edit"' in mine.split('<details class="comment-menu">', 1)[0]
    assert "/edit" not in theirs


def test_moderators_read_the_earlier_texts_under_the_comment(app, client, written):
    comment_id, solution_id = written
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        edit_comment(comment.author, comment, "Ottima idea.")
        edit_comment(comment.author, comment, "Ottima idea, davvero.")
        login(client, make_user(role="moderator"))
    part = controls(client.get(f"/solutions/{solution_id}").get_data(as_text=True), comment_id)
    assert "2 versioni precedenti, visibili solo ai moderatori" in part
    assert part.index("Ottima idea.") < part.index("Ottima iddea.")  # newest first


@pytest.fixture
def premoderated(app):
    """A comment on a challenge where every comment waits for a moderator, already approved."""
    with app.app_context():
        author = make_user()
        comment = make_comment(make_solution(make_challenge(premoderation="all")), author, created_at=utcnow())
        return comment.id


def test_on_a_premoderated_challenge_the_edit_waits_and_the_approved_text_stays(app, client, premoderated):
    comment_id = premoderated
    with app.app_context():
        login(client, db.session.get(Comment, comment_id).author)
    form = client.get(f"/comments/{comment_id}/edit").get_data(as_text=True)
    assert "sarà letta da un moderatore" in form
    assert client.post(f"/comments/{comment_id}/edit", data={"body": "Testo nuovo."}).status_code == 303
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert (comment.body, comment.pending_body, comment.edited_at) == ("Ottima idea.", "Testo nuovo.", None)
        moderator_id = make_user(role="moderator").id
        login(client, db.session.get(User, moderator_id))
    queue = client.get("/moderation").get_data(as_text=True)
    assert "Modifica di un commento pubblicato" in queue and "Testo nuovo." in queue
    assert f'action="/moderation/comments/{comment_id}/approve_edit"' in queue
    assert client.post(f"/moderation/comments/{comment_id}/approve_edit").status_code == 303
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert (comment.body, comment.pending_body) == ("Testo nuovo.", None)
        assert comment.edited_at is not None and revisions(comment_id) == ["Ottima idea."]


def test_a_rejected_edit_leaves_the_approved_text(app, premoderated):
    comment_id = premoderated
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        edit_comment(comment.author, comment, "Testo da rifiutare.")
        reject_edit(make_user(role="moderator"), comment, "Contiene pubblicità.", "spam")
        assert (comment.body, comment.pending_body, comment.edited_at) == ("Ottima idea.", None, None)
        assert revisions(comment_id) == []


def test_deleting_removes_the_earlier_texts_too(app, written):
    comment_id, _solution_id = written
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        edit_comment(comment.author, comment, "Ottima idea.")
        delete_comment(comment.author, comment)
        assert revisions(comment_id) == [] and comment.body == ""


def test_the_authors_data_export_holds_the_earlier_texts(app, written):
    comment_id, _solution_id = written
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        edit_comment(comment.author, comment, "Ottima idea.")
        data = export(comment.author)
    assert [(r["comment_id"], r["body"]) for r in data["comment_revisions"]] == [(comment_id, "Ottima iddea.")]


def test_a_cached_solution_page_shows_the_edit_at_once(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    client = app.test_client()
    with app.app_context():
        author = make_user()
        comment = make_comment(
            make_solution(), author, body="Prima versione.", body_html="<p>Prima versione.</p>", created_at=utcnow()
        )
        comment_id, solution_id = comment.id, comment.solution_id
    assert "Prima versione." in client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        edit_comment(comment.author, comment, "Seconda versione.")
    part = controls(client.get(f"/solutions/{solution_id}").get_data(as_text=True), comment_id)
    assert "Seconda versione." in part and "modificato" in part
