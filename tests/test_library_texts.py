"""No library's default English text reaches a page of the Italian site: Flask-Login's sign-in
message, WTForms' validator messages, Werkzeug's and Flask-Limiter's error texts."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from flask_login import LoginManager
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import abort, default_exceptions
from wtforms import BooleanField, DateField, FileField, IntegerField, SelectField, SelectMultipleField

import challenge
from challenge.core.extensions import limiter
from challenge.web.forms import BaseForm
from tests.conftest import empty_tables

WTFORMS_POT = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"


def _pattern(msgid: str) -> re.Pattern:
    """A WTForms English message with its placeholders (%(min)d, %(value)s) matching anything."""
    parts = re.split(r"%\(\w+\)[sd]", msgid)
    return re.compile(".*".join(re.escape(part) for part in parts))


with WTFORMS_POT.open("rb") as pot:
    ENGLISH_DEFAULTS = [
        _pattern(text)
        for message in read_po(pot)
        if message.id
        for text in ((message.id,) if isinstance(message.id, str) else message.id)
    ]


def is_wtforms_english(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in ENGLISH_DEFAULTS)


def all_form_classes() -> list[type[BaseForm]]:
    """Every form of the site (each feature's forms modules, `forms` or `<name>_forms`, imported)."""
    for module in pkgutil.walk_packages(challenge.__path__, "challenge."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    found, todo = [], list(BaseForm.__subclasses__())
    while todo:
        form_class = todo.pop()
        todo.extend(form_class.__subclasses__())
        found.append(form_class)
    return sorted(found, key=lambda form_class: form_class.__qualname__)


def bad_input(form_class: type[BaseForm], how: str) -> MultiDict:
    """Form data every field should refuse: all empty, or values of the wrong kind and size."""
    data = MultiDict()
    if how == "empty":
        return data
    unbound = form_class()
    for field in unbound:
        if isinstance(field, BooleanField | FileField) or field.name == "csrf_token":
            continue
        if isinstance(field, SelectMultipleField):
            data.setlist(field.name, ["non-una-scelta", "neppure-questa"])
        elif isinstance(field, SelectField | IntegerField | DateField):
            data[field.name] = "non-una-scelta"
        else:
            data[field.name] = "x" * 20_000 if how == "long" else "x"
    return data


def test_the_known_english_defaults_are_recognised():
    assert is_wtforms_english("This field is required.")
    assert is_wtforms_english("Field must be between 8 and 128 characters long.")
    assert not is_wtforms_english("Questo campo è obbligatorio.")


def test_forms_are_found():
    names = {form_class.__name__ for form_class in all_form_classes()}
    assert {"LoginForm", "ChallengeForm", "SolutionForm", "CommentForm", "InvitationAccountForm"} <= names


@pytest.mark.parametrize("how", ["empty", "short", "long"])
def test_no_form_answers_with_a_wtforms_english_default(app, how):
    english = []
    with app.test_request_context("/", headers={"Accept-Language": "it"}):
        for form_class in all_form_classes():
            form = form_class(formdata=bad_input(form_class, how), meta={"csrf": False})
            for field in form:
                if isinstance(field, SelectField | SelectMultipleField) and field.choices is None:
                    field.choices = []  # the views fill these in before validating
            form.validate()
            english += [
                (form_class.__name__, name, error)
                for name, errors in form.errors.items()
                for error in errors
                if is_wtforms_english(str(error))
            ]
    assert english == []


def test_the_sign_in_request_is_in_the_readers_language(client):
    page = client.get("/account", follow_redirects=True).get_data(as_text=True)
    assert "Accedi per vedere questa pagina." in page
    assert LoginManager().login_message not in page  # "Please log in to access this page."
    english = client.get("/account", follow_redirects=True, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sign in to see this page." in english


@pytest.fixture
def aborting_app(app_factory):
    """An app of its own (the extra setting sets it apart from the run's shared apps) with one
    route that answers any HTTP error, added before its first request."""
    app = app_factory(WITH_TEST_ABORT_ROUTE=True)
    if "test_abort" not in app.view_functions:
        app.add_url_rule("/test-abort/<int:code>", "test_abort", lambda code: abort(code))
    return app


@pytest.mark.parametrize("code", sorted(default_exceptions))
def test_no_werkzeug_error_text_reaches_a_page(aborting_app, code):
    response = aborting_app.test_client().get(f"/test-abort/{code}", headers={"Accept-Language": "it"})
    page = response.get_data(as_text=True)
    error = default_exceptions[code]()
    assert response.status_code == code
    assert error.description not in page
    assert f"<h1>{error.name}" not in page and f"<title>{error.name}" not in page


def test_the_rate_limit_page_is_italian(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN_PER_IP="1 per minute")
    with app.app_context():
        empty_tables()
        limiter.reset()
    client = app.test_client()
    data = {"email": "nessuno@example.it", "password": "sbagliata-davvero"}
    client.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    limited = client.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert limited.status_code == 429
    page = limited.get_data(as_text=True)
    assert "Troppe richieste" in page
    assert "per 1 minute" not in page and "Too Many Requests" not in page
