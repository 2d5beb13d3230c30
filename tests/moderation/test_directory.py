"""The moderators' directory of people: search, an account's record, suspend and reinstate from there."""

from __future__ import annotations

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import AuditEntry, User, utcnow
from challenge.moderation.decisions import flag, hide
from tests.factories import login, make_comment, make_solution, make_user


def moderator_client(app):
    client = app.test_client()
    with app.app_context():
        login(client, make_user(role="moderator", name="Mara Moderatrice"))
    return client


def test_search_by_name_or_email_and_list_the_suspended(app):
    client = moderator_client(app)
    with app.app_context():
        make_user(name="Paolo Rossi", email="paolo@example.it")
        make_user(name="Sospeso Sandro", suspended_at=utcnow())
    by_name = client.get("/moderation/users?q=rossi").get_data(as_text=True)
    assert "Paolo Rossi" in by_name and "Sospeso Sandro" not in by_name
    assert "Paolo Rossi" in client.get("/moderation/users?q=paolo@").get_data(as_text=True)
    suspended = client.get("/moderation/users?status=suspended").get_data(as_text=True)
    assert "Sospeso Sandro" in suspended and "Paolo Rossi" not in suspended
    assert "Nessun account corrisponde" in client.get("/moderation/users?q=nessuno").get_data(as_text=True)


def test_an_account_page_shows_content_flags_and_history(app):
    client = moderator_client(app)
    with app.test_request_context():
        author = make_user(name="Autore Alfa")
        solution = make_solution(author=author, title="Proposta segnalata")
        make_comment(solution, author, body="Un commento dell'autore")
        flag(make_user(), solution, "spam", "Pubblicità ripetuta")
        hide(
            make_user(role="moderator"),
            make_solution(author=author, title="Proposta nascosta"),
            "Fuori tema",
            "off_topic",
        )
        author_id = author.id
    page = client.get(f"/moderation/users/{author_id}").get_data(as_text=True)
    for text in (
        "Proposta segnalata",
        "Proposta nascosta",
        "Un commento dell",
        "Pubblicità ripetuta",
        "Fuori tema",
        "Nascosto",
    ):
        assert text in page, text


def test_suspend_and_reinstate_from_the_account_page_go_back_there(app):
    client = moderator_client(app)
    with app.app_context():
        user_id = make_user(name="Da Sospendere").id
    page_url = f"http://localhost/moderation/users/{user_id}"
    response = client.post(
        f"/moderation/users/{user_id}/suspend",
        data={"confirm": "y", "reason": "Insulti", "reason_code": "offensive"},
        headers={"Referer": page_url},
    )
    assert response.status_code == 303 and response.headers["Location"] == page_url
    with app.app_context():
        assert db.session.get(User, user_id).is_suspended
    assert "Riabilita" in client.get(f"/moderation/users/{user_id}").get_data(as_text=True)
    client.post(f"/moderation/users/{user_id}/reinstate", data={"reason": "Chiarito"}, headers={"Referer": page_url})
    with app.app_context():
        assert not db.session.get(User, user_id).is_suspended
        actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["suspend", "reinstate"]


def test_unknown_account_is_404(app):
    assert moderator_client(app).get("/moderation/users/999").status_code == 404


def test_the_queue_links_authors_to_their_record(app):
    client = moderator_client(app)
    with app.test_request_context():
        author = make_user()
        solution = make_solution(author=author)
        flag(make_user(), solution, "spam", "")
        author_id = author.id
    assert f'href="/moderation/users/{author_id}"' in client.get("/moderation").get_data(as_text=True)
