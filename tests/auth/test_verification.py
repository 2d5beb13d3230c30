"""Email verification: a signed, single-use, 48-hour link; unverified accounts read but do not write."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from challenge.account import service as accounts
from challenge.core.extensions import db, limiter
from challenge.core.permissions import can_contribute
from challenge.models import Follow, Solution, User
from tests.auth.mail import link_in, outbox
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_solution, make_user

REGISTRATION = {
    "email": "anna@example.it",
    "name": "Anna Neri",
    "password": "orto-urbano-2026",
    "confirm": "orto-urbano-2026",
    "accept_terms": "y",
}


def registered(app, client) -> str:
    """Register through the form and return the path of the verification link."""
    assert client.post("/auth/register", data=REGISTRATION).status_code == 303
    (message,) = outbox(app)
    assert message.recipient == "anna@example.it"
    return link_in(message, "/auth/verify/")


def is_verified(app, email="anna@example.it") -> bool:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email)).is_verified


def test_registration_emails_a_link_that_confirms_only_on_post(app, client):
    link = registered(app, client)
    assert not is_verified(app)
    page = client.get(link)
    assert page.status_code == 200
    assert "anna@example.it" in page.get_data(as_text=True)
    assert not is_verified(app), "opening the link must not confirm (mail scanners open links)"
    response = client.post(link)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account")
    assert is_verified(app)


def test_the_link_works_once(app, client):
    link = registered(app, client)
    client.post(link)
    again = client.get(link)
    assert again.status_code == 400
    assert "già stato usato" in again.get_data(as_text=True)
    assert client.post(link).status_code == 400


def test_the_link_works_from_a_browser_that_is_not_signed_in(app, client):
    link = registered(app, client)
    other = app.test_client()
    response = other.post(link)
    assert response.headers["Location"].endswith("/auth/login")
    assert is_verified(app)


def test_the_link_expires_after_48_hours(app, client, monkeypatch):
    link = registered(app, client)
    later = int(time.time()) + 48 * 3600 + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.post(link)
    assert response.status_code == 400
    assert "scaduto" in response.get_data(as_text=True)
    assert not is_verified(app)


def test_a_tampered_link_is_refused(app, client):
    link = registered(app, client)
    assert client.post(link[:-3] + "xyz").status_code == 400
    assert not is_verified(app)


def test_a_reset_token_is_not_a_verification_token(app):
    with app.test_request_context():
        user = make_user(email_verified_at=None)
        token = accounts.reset_token(user)
    assert app.test_client().post(f"/auth/verify/{token}").status_code == 400


def test_unverified_accounts_cannot_contribute_while_required(app_factory):
    for required in (True, False):
        app = app_factory(REQUIRE_VERIFIED_EMAIL=required)
        with app.app_context():
            empty_tables()
            assert can_contribute(make_user(email_verified_at=None)) is not required
            assert can_contribute(make_user())


def test_unverified_account_is_told_why_and_offered_a_new_link(app, client):
    with app.app_context():
        user = make_user(email_verified_at=None)
        slug, email = make_challenge().slug, user.email
        login(client, user)
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert "Conferma il tuo indirizzo email" in page
    assert 'action="/auth/verify/resend"' in page
    # No claim that a link was sent: an account may be unverified without one (made before verification existed).
    assert f"Il link per confermarlo è nell'email di conferma indirizzata a {email}" in page
    assert "Ti abbiamo inviato" not in page
    refused = client.post(
        f"/challenges/{slug}/solutions/new",
        data={"title": "Una proposta nuova", "body": "Un testo abbastanza lungo per essere valido."},
    )
    assert refused.status_code == 403
    assert "conferma il tuo indirizzo email" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Solution)) == 0


def test_unverified_account_still_manages_itself(app, client):
    with app.app_context():
        login(client, make_user(email_verified_at=None))
    assert client.get("/account").status_code == 200
    assert client.get("/account/export").status_code == 200


def test_verified_readers_see_no_notice(app, client):
    with app.app_context():
        login(client, make_user())
    assert "verify-email-notice" not in client.get("/account").get_data(as_text=True)


def test_unverified_cannot_follow_comment_or_vote(app, client):
    with app.app_context():
        user = make_user(email_verified_at=None)
        solution = make_solution()
        slug, solution_id = solution.challenge.slug, solution.id
        login(client, user)
    assert client.post(f"/challenges/{slug}/follow").status_code == 403
    assert client.post(f"/solutions/{solution_id}/comments", data={"body": "Un commento"}).status_code == 403
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Conferma il tuo indirizzo email per commentare." in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 0


def test_resend_sends_a_fresh_link(app, client):
    registered(app, client)
    response = client.post("/auth/verify/resend", data={"next": "/challenges"})
    assert response.headers["Location"].endswith("/challenges")
    messages = outbox(app)
    assert len(messages) == 2
    client.post(link_in(messages[1], "/auth/verify/"))
    assert is_verified(app)


def test_resend_is_rate_limited_per_account(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_VERIFY_RESEND="2 per hour")
    with app.app_context():
        empty_tables()
        limiter.reset()
        user_id = make_user(email_verified_at=None).id
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        client = app.test_client()
        with app.app_context():
            login(client, db.session.get(User, user_id))
        status = client.post("/auth/verify/resend", environ_base={"REMOTE_ADDR": address}).status_code
    assert status == 429
    assert len(outbox(app)) == 2


def test_cli_accounts_are_verified(app, runner):
    result = runner.invoke(
        args=["users", "create", "staff@example.it", "--name", "Ufficio", "--password", "orto-urbano-2026"]
    )
    assert result.exit_code == 0, result.output
    assert is_verified(app, "staff@example.it")


def test_a_changed_address_voids_the_earlier_link(app):
    with app.test_request_context():
        user = make_user(email_verified_at=None)
        token = accounts.verification_token(user)
        user.email = "altro@example.it"
        db.session.commit()
        with pytest.raises(accounts.TokenError):
            accounts.verify_email(token)


def test_the_confirm_page_offers_confirm_first_and_no_resend(app, client):
    """Issue 28, 6: the signed-in, unverified person's first click on the page confirms."""
    link = registered(app, client)
    page = client.get(link).get_data(as_text=True)
    assert "Conferma" in page
    assert "Invia di nuovo" not in page
    assert 'action="/auth/verify/resend"' not in page
    assert 'class="btn btn-primary">Conferma</button>' in page
    # Elsewhere, the notice still offers a new link.
    assert 'action="/auth/verify/resend"' in client.get("/challenges").get_data(as_text=True)


def test_confirming_returns_to_the_page_that_asked_for_it(app, client):
    with app.app_context():
        slug = make_challenge().slug
    assert client.post(f"/auth/register?next=/challenges/{slug}", data=REGISTRATION).status_code == 303
    link = link_in(outbox(app)[0], "/auth/verify/")
    assert link.endswith(f"?next=/challenges/{slug}")
    assert f'action="{link}"' in client.get(link).get_data(as_text=True)  # the confirm form carries it on
    response = client.post(link)
    assert response.headers["Location"].endswith(f"/challenges/{slug}")
    assert is_verified(app)


def test_a_resent_link_returns_to_where_it_was_asked_for(app, client):
    registered(app, client)
    client.post("/auth/verify/resend", data={"next": "/challenges"})
    link = link_in(outbox(app)[1], "/auth/verify/")
    assert client.post(link).headers["Location"].endswith("/challenges")


def test_a_next_that_leaves_the_site_is_dropped(app, client):
    assert client.post("/auth/register?next=//evil.example/x", data=REGISTRATION).status_code == 303
    link = link_in(outbox(app)[0], "/auth/verify/")
    assert "evil" not in link
    assert client.post(link + "?next=//evil.example/x").headers["Location"].endswith("/account")


def test_confirming_from_a_signed_out_browser_signs_in_then_returns(app, client):
    client.post("/auth/register?next=/challenges", data=REGISTRATION)
    link = link_in(outbox(app)[0], "/auth/verify/")
    response = app.test_client().post(link)
    assert response.headers["Location"].endswith("/auth/login?next=/challenges")
