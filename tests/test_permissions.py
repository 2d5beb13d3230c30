"""Pages show a control exactly when the server would accept its write: both ask services.permissions."""

from __future__ import annotations

from challenge.core.extensions import db
from challenge.models import Challenge, User, utcnow
from tests.factories import login, make_challenge, make_comment, make_solution, make_suspended_user, make_user


def signed_in(app, user_id: int):
    """A client signed in as the account (requests run outside any app context: g is per request)."""
    client = app.test_client()
    with app.app_context():
        login(client, db.session.get(User, user_id))
    return client


def page_for(app, user_id: int, path: str) -> str:
    return signed_in(app, user_id).get(path).get_data(as_text=True)


def test_a_suspended_author_sees_no_edit_or_delete_controls(app):
    with app.app_context():
        author = make_user()
        solution = make_solution(make_challenge(), author)
        comment = make_comment(solution, author)
        author_id, path = author.id, f"/solutions/{solution.id}"
        edit, delete = f"/solutions/{solution.id}/edit", f"/comments/{comment.id}/delete"
    page = page_for(app, author_id, path)
    assert edit in page and delete in page
    with app.app_context():
        author = db.session.get(User, author_id)
        author.suspended_at, author.suspension_reason = utcnow(), "Spam"
        db.session.commit()
    page = page_for(app, author_id, path)
    assert edit not in page and delete not in page
    assert signed_in(app, author_id).get(edit).status_code == 403


def test_edit_and_delete_controls_leave_with_the_open_challenge(app):
    with app.app_context():
        author = make_user()
        challenge = make_challenge(status="evaluation")
        solution = make_solution(challenge, author)
        comment = make_comment(solution, author)
        author_id, challenge_id, path = author.id, challenge.id, f"/solutions/{solution.id}"
        edit, delete = f"/solutions/{solution.id}/edit", f"/comments/{comment.id}/delete"
    page = page_for(app, author_id, path)
    assert edit not in page  # editing a solution needs an open challenge
    assert delete in page  # deleting a comment needs a challenge that is not closed
    with app.app_context():
        db.session.get(Challenge, challenge_id).status = "closed"
        db.session.commit()
    assert delete not in page_for(app, author_id, path)


def test_a_suspended_moderator_sees_no_moderation_link_controls_or_hidden_text(app):
    with app.app_context():
        solution = make_solution()
        make_comment(solution, status="hidden", body_html="<p>Testo nascosto dalla moderazione</p>")
        moderator_id, suspended_id = make_user(role="moderator").id, make_suspended_user(role="moderator").id
        path = f"/solutions/{solution.id}"
    page = page_for(app, moderator_id, path)
    assert 'href="/moderation"' in page and "/moderation/solutions/" in page and "Testo nascosto" in page
    page = page_for(app, suspended_id, path)
    assert 'href="/moderation"' not in page
    assert "/moderation/solutions/" not in page
    assert "Testo nascosto" not in page


def test_no_flag_control_on_ones_own_content(app):
    with app.app_context():
        author = make_user()
        solution = make_solution(make_challenge(), author)
        author_id, reader_id, path = author.id, make_user().id, f"/solutions/{solution.id}"
    assert f"{path}/flag" not in page_for(app, author_id, path)
    assert f"{path}/flag" in page_for(app, reader_id, path)
