"""Every form's text fields refuse control characters, with the reason next to the field."""

from __future__ import annotations

import html
import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

import challenge
from challenge.core.extensions import db
from challenge.models import Administration, Comment, Solution, User
from challenge.web.forms import BaseForm
from tests.factories import login, make_challenge, make_solution, make_user

ONE_LINE = "Scrivi tutto su una riga, senza a capo né caratteri di controllo."
ONE_LINE_EN = "Write it all on one line, without line breaks or control characters."
CONTROL = "Il testo contiene caratteri di controllo non ammessi: eliminali e riprova."
REGISTER = {
    "email": "giulia@example.it",
    "name": "Giulia Bianchi",
    "password": "orto-urbano-2026",
    "confirm": "orto-urbano-2026",
}
BODY = "Un calendario online con fasce orarie da 15 minuti e promemoria via SMS."


def field_error(response, field_id: str) -> str:
    """The error text shown under one field (empty when the field has none)."""
    found = re.search(
        rf'<div id="{field_id}-error" class="field-error">(.*?)</div>', response.get_data(as_text=True), re.DOTALL
    )
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_every_form_of_the_site_is_a_base_form():
    for module in pkgutil.walk_packages(challenge.__path__, "challenge."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    forms = [form for form in all_subclasses(FlaskForm) if form.__module__.startswith("challenge.")]
    assert len(forms) > 10
    assert [form.__name__ for form in forms if not issubclass(form, BaseForm)] == []


@pytest.fixture
def proposer(app, client):
    """A signed-in citizen and the slug of an open challenge."""
    with app.app_context():
        slug = make_challenge().slug
        login(client, make_user())
    return slug


@pytest.mark.parametrize(
    "title",
    [
        "Titolo furbo\r\nBcc: spia@example.it",
        "Titolo su\ndue righe",
        "Titolo\rcon ritorno",
        "Titolo con\ttabulazione",
        "Titolo con\x01 controllo",
        "Titolo con\x00 NUL",
        "Titolo con\x7f DEL",
        "Titolo con\x85 NEL",
        "Titolo con\u2028 separatore",
    ],
)
def test_a_title_on_one_line_only(app, client, proposer, title):
    response = client.post(f"/challenges/{proposer}/solutions/new", data={"title": title, "body": BODY})
    assert response.status_code == 422
    assert field_error(response, "title").strip() == ONE_LINE
    assert count(app, Solution) == 0


def test_the_one_line_message_is_translated(app, client, proposer):
    response = client.post(
        f"/challenges/{proposer}/solutions/new",
        data={"title": "Due\r\nrighe di titolo", "body": BODY},
        headers={"Accept-Language": "en"},
    )
    assert field_error(response, "title").strip() == ONE_LINE_EN


@pytest.mark.parametrize("body", [BODY + "\x0b a capo di Word", BODY + "\x00", BODY + "\x1b[31m", BODY + "\x08"])
def test_a_text_box_refuses_control_characters(app, client, proposer, body):
    response = client.post(f"/challenges/{proposer}/solutions/new", data={"title": "Un titolo qualsiasi", "body": body})
    assert response.status_code == 422
    assert field_error(response, "body").strip() == CONTROL
    assert count(app, Solution) == 0


def test_a_text_box_keeps_lines_and_tabs(app, client, proposer):
    body = "Primo paragrafo della proposta.\r\n\r\n- punto\tuno\n- punto due, con un testo abbastanza lungo."
    assert (
        client.post(
            f"/challenges/{proposer}/solutions/new", data={"title": "Un titolo qualsiasi", "body": body}
        ).status_code
        == 303
    )
    with app.app_context():
        assert db.session.scalar(select(Solution.body)).splitlines() == body.splitlines()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Giulia\r\nBianchi"), ("name", "Giulia\x00"), ("email", "giulia@example.it\r\nBcc: x@example.it")],
)
def test_registration_refuses_line_breaks_in_one_line_fields(app, client, field, value):
    response = client.post("/auth/register", data={**REGISTER, field: value})
    assert response.status_code == 422
    assert ONE_LINE in field_error(response, field)
    assert count(app, User) == 0


def test_nul_in_the_sign_in_email_is_a_form_error_on_every_database(app, client):
    response = client.post("/auth/login", data={"email": "giulia\x00@example.it", "password": "qualsiasi"})
    assert response.status_code == 422
    assert ONE_LINE in field_error(response, "email")


def test_a_password_is_taken_as_typed(app, client):
    from werkzeug.security import generate_password_hash

    with app.app_context():
        make_user(email="giulia@example.it", password_hash=generate_password_hash("orto\turbano 2026"))
    response = client.post("/auth/login", data={"email": "giulia@example.it", "password": "orto\turbano 2026"})
    assert response.status_code == 303


def test_a_comment_refuses_control_characters(app, client):
    with app.app_context():
        solution_id = make_solution().id
        login(client, make_user())
    response = client.post(f"/solutions/{solution_id}/comments", data={"body": "Ottima\x00 idea"})
    assert response.status_code == 422
    assert CONTROL in response.get_data(as_text=True)
    assert count(app, Comment) == 0


def test_commands_refuse_line_breaks_in_names(app, runner):
    result = runner.invoke(
        args=["administrations", "create", "Comune di\nFalsopoli", "--kind", "comune", "--region", "08"]
    )
    assert result.exit_code != 0 and ONE_LINE in result.output
    result = runner.invoke(
        args=["users", "create", "anna@example.it", "--name", "Anna\r\nBcc", "--password", "orto-urbano-2026"]
    )
    assert result.exit_code != 0 and ONE_LINE in result.output
    assert count(app, Administration) == 0 and count(app, User) == 0
