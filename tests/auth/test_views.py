"""Registration, sign-in and sign-out through the contract's URLs and field names."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import AuthSession, User
from tests.auth.mail import outbox
from tests.factories import PASSWORD, make_user

GOOD = {
    "email": "Giulia.Bianchi@Example.it",
    "name": "Giulia Bianchi",
    "password": "orto-urbano-2026",
    "confirm": "orto-urbano-2026",
    "accept_terms": "y",
}


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def test_register_creates_citizen_and_signs_in(app, client):
    response = client.post("/auth/register", data=GOOD)
    assert response.status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "giulia.bianchi@example.it"
        assert user.role == "citizen"
        assert user.password_hash != GOOD["password"]
        assert user.password_hash.startswith(("scrypt:", "argon2"))
    page = client.get("/account")
    assert page.status_code == 200
    assert "Giulia Bianchi" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"password": "corta", "confirm": "corta"}, "almeno 10 caratteri"),
        ({"password": "giulia.bianchi@example.it", "confirm": "giulia.bianchi@example.it"}, "non può essere uguale"),
        ({"password": "password123", "confirm": "password123"}, "più comuni"),
        ({"confirm": "un-altra-password"}, "non coincidono"),
        ({"email": "non-una-email"}, "indirizzo email valido"),
        ({"name": ""}, "obbligatorio"),
    ],
)
def test_register_refuses_bad_input_next_to_the_field(app, client, changes, field_message):
    response = client.post("/auth/register", data={**GOOD, **changes})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_message in html
    assert 'class="field-error"' in html
    assert count_users(app) == 0


def flashed(client) -> list:
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def test_a_taken_address_answers_as_a_new_one_signs_no_one_in_and_mails_its_owner(app):
    with app.app_context():
        make_user(email="giulia.bianchi@example.it", name="Giulia la prima")
    taken_client, new_client = app.test_client(), app.test_client()
    taken = taken_client.post("/auth/register?next=/challenges", data=GOOD)
    new = new_client.post("/auth/register?next=/challenges", data=GOOD | {"email": "giulia.nuova@example.it"})
    assert taken.status_code == new.status_code == 303
    assert taken.headers["Location"] == new.headers["Location"]
    assert flashed(taken_client) == flashed(new_client)
    assert taken_client.get("/account").status_code == 302, "a taken address signs no one in"
    assert new_client.get("/account").status_code == 200, "a new one is signed in, as the contract says"
    assert count_users(app) == 2
    to_owner, to_new = outbox(app)
    assert (to_owner.recipient, to_new.recipient) == ("giulia.bianchi@example.it", "giulia.nuova@example.it")
    assert "Giulia la prima" in to_owner.body and "/auth/password/forgot" in to_owner.body
    assert "/auth/verify/" in to_new.body


def test_login_with_right_password_starts_a_server_session(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    response = client.post("/auth/login", data={"email": "ANNA@example.it", "password": PASSWORD})
    assert response.status_code == 303
    cookie = client.get_cookie(app.config["AUTH_COOKIE_NAME"])
    assert cookie is not None and cookie.http_only
    with app.app_context():
        assert db.session.scalar(select(func.count(AuthSession.id))) == 1
    assert client.get("/account").status_code == 200


def test_login_answers_the_same_for_unknown_email_and_wrong_password(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    wrong = client.post("/auth/login", data={"email": "anna@example.it", "password": "sbagliata-davvero"})
    unknown = client.post("/auth/login", data={"email": "nessuno@example.it", "password": "sbagliata-davvero"})
    assert wrong.status_code == unknown.status_code == 422
    assert "Email o password non corretti." in wrong.get_data(as_text=True)
    assert "Email o password non corretti." in unknown.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_a_failed_sign_in_is_an_error_of_the_form_not_of_the_password(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    page = client.post("/auth/login", data={"email": "anna@example.it", "password": "sbagliata-davvero"}).text
    alert = page.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "<li>Email o password non corretti.</li>" in alert
    assert 'id="password-error"' not in page and 'aria-invalid="true"' not in page


def test_logout_is_post_only(client):
    assert client.get("/auth/logout").status_code == 405


def test_logout_deletes_the_session_so_a_copied_cookie_no_longer_works(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    client.post("/auth/login", data={"email": "anna@example.it", "password": PASSWORD})
    stolen = client.get_cookie(app.config["AUTH_COOKIE_NAME"]).value
    assert client.post("/auth/logout").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(AuthSession.id))) == 0
    thief = app.test_client()
    thief.set_cookie(app.config["AUTH_COOKIE_NAME"], stolen)
    response = thief.get("/account")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_signing_in_again_rotates_the_token(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    client.post("/auth/login", data={"email": "anna@example.it", "password": PASSWORD})
    first = client.get_cookie(app.config["AUTH_COOKIE_NAME"]).value
    client.post("/auth/login", data={"email": "anna@example.it", "password": PASSWORD})
    second = client.get_cookie(app.config["AUTH_COOKIE_NAME"]).value
    assert first != second
    with app.app_context():
        assert db.session.scalar(select(func.count(AuthSession.id))) == 1


def test_login_redirects_only_to_local_next(app, client):
    with app.app_context():
        make_user(email="anna@example.it")
    data = {"email": "anna@example.it", "password": PASSWORD}
    local = client.post("/auth/login?next=/account", data=data)
    assert local.headers["Location"] == "/account"
    outside = client.post("/auth/login?next=https://evil.example/", data=data)
    assert outside.headers["Location"] == "/"
