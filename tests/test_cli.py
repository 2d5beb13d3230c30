"""The `users` and `administrations` commands of the contract."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from challenge.core.extensions import db
from challenge.models import Administration, User


def invoke(runner, *args):
    return runner.invoke(args=list(args))


def test_administrations_create_slugifies_the_name(app, runner):
    result = invoke(runner, "administrations", "create", "Città di Forlì", "--kind", "Comune", "--region", "08")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "citta-di-forli"
    with app.app_context():
        administration = db.session.scalar(select(Administration))
        assert (administration.kind, administration.region_code) == ("municipality", "08")


def test_administrations_create_accepts_codes_and_region_names(app, runner):
    result = invoke(runner, "administrations", "create", "Regione Puglia", "--kind", "region", "--region", "Puglia")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Administration.region_code)) == "16"


def test_administrations_create_refuses_unknown_kind_region_and_duplicates(app, runner):
    assert invoke(runner, "administrations", "create", "Ente X", "--kind", "castello", "--region", "08").exit_code != 0
    assert invoke(runner, "administrations", "create", "Ente X", "--kind", "comune", "--region", "99").exit_code != 0
    assert invoke(runner, "administrations", "create", "Ente X", "--kind", "comune", "--region", "08").exit_code == 0
    duplicate = invoke(runner, "administrations", "create", "Ente X", "--kind", "comune", "--region", "08")
    assert duplicate.exit_code != 0
    assert "ente-x" in duplicate.output
    with app.app_context():
        assert len(db.session.scalars(select(Administration)).all()) == 1


def test_users_create_prints_the_id_last(app, runner):
    result = invoke(
        runner, "users", "create", "Mario.Rossi@Example.it", "--name", "Mario Rossi", "--password", "lungo-il-naviglio"
    )
    assert result.exit_code == 0, result.output
    user_id = int(result.output.strip().splitlines()[-1])
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.email == "mario.rossi@example.it"
        assert user.role == "citizen"
        assert check_password_hash(user.password_hash, "lungo-il-naviglio")
        assert user.is_verified, "an address typed by an operator needs no link"


def test_users_create_staff_needs_an_existing_administration(app, runner):
    assert (
        invoke(
            runner,
            "users",
            "create",
            "s@example.it",
            "--name",
            "S",
            "--password",
            "lungo-il-naviglio",
            "--role",
            "staff",
        ).exit_code
        != 0
    )
    assert (
        invoke(
            runner,
            "users",
            "create",
            "s@example.it",
            "--name",
            "S",
            "--password",
            "lungo-il-naviglio",
            "--role",
            "staff",
            "--administration",
            "nessuna",
        ).exit_code
        != 0
    )
    invoke(runner, "administrations", "create", "Comune di Bari", "--kind", "comune", "--region", "16")
    result = invoke(
        runner,
        "users",
        "create",
        "s@example.it",
        "--name",
        "S",
        "--password",
        "lungo-il-naviglio",
        "--role",
        "staff",
        "--administration",
        "comune-di-bari",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.get(User, int(result.output.strip().splitlines()[-1]))
        assert user.administration.slug == "comune-di-bari"


def test_users_create_applies_the_password_policy_and_unique_email(app, runner):
    assert invoke(runner, "users", "create", "a@example.it", "--name", "A", "--password", "corta").exit_code != 0
    assert (
        invoke(runner, "users", "create", "a@example.it", "--name", "A", "--password", "lungo-il-naviglio").exit_code
        == 0
    )
    assert (
        invoke(runner, "users", "create", "A@EXAMPLE.IT", "--name", "A", "--password", "lungo-il-naviglio").exit_code
        != 0
    )


def test_users_set_role(app, runner):
    invoke(runner, "administrations", "create", "Comune di Lecce", "--kind", "comune", "--region", "16")
    invoke(runner, "users", "create", "a@example.it", "--name", "A", "--password", "lungo-il-naviglio")
    assert invoke(runner, "users", "set-role", "A@example.it", "moderator").exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(User.role)) == "moderator"
    assert invoke(runner, "users", "set-role", "a@example.it", "staff").exit_code != 0
    assert (
        invoke(runner, "users", "set-role", "a@example.it", "staff", "--administration", "comune-di-lecce").exit_code
        == 0
    )
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.role, user.administration.slug) == ("staff", "comune-di-lecce")
    assert invoke(runner, "users", "set-role", "a@example.it", "admin").exit_code == 0
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.role, user.administration_id) == ("admin", None)
    assert invoke(runner, "users", "set-role", "nessuno@example.it", "admin").exit_code != 0


@pytest.mark.parametrize("address", ["anna@rel.test", "anna@localhost", "non-un-indirizzo"])
def test_users_create_and_the_web_forms_follow_one_email_rule(app, runner, client, address):
    result = invoke(runner, "users", "create", address, "--name", "Anna Neri", "--password", "lungo-il-naviglio")
    assert result.exit_code != 0
    assert "indirizzo email valido" in result.output
    form = {"email": address, "name": "Anna Neri", "password": "lungo-il-naviglio", "confirm": "lungo-il-naviglio"}
    page = client.post("/auth/register", data=form | {"accept_terms": "y"})
    assert page.status_code == 422 and "indirizzo email valido" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(User)).all() == []
