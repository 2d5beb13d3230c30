"""Plain functions that make rows with good defaults; keyword arguments override them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from flask import current_app
from werkzeug.security import generate_password_hash

from challenge.extensions import db
from challenge.models import Administration, User, utcnow
from challenge.services import auth_sessions

PASSWORD = "Cavallo-Batteria-42"
# Hashed once: scrypt is deliberately slow.
PASSWORD_HASH = generate_password_hash(PASSWORD)

_counter = itertools.count(1)


def make_administration(**fields) -> Administration:
    number = next(_counter)
    values = dict(name=f"Comune di Prova {number}", slug=f"comune-di-prova-{number}", kind="municipality", region_code="08")
    values.update(fields)
    administration = Administration(**values)
    db.session.add(administration)
    db.session.commit()
    return administration


def make_user(**fields) -> User:
    number = next(_counter)
    values = dict(email=f"persona{number}@example.it", name=f"Persona {number}", password_hash=PASSWORD_HASH, role="citizen")
    values.update(fields)
    if values.get("role") == "staff" and "administration" not in values and "administration_id" not in values:
        values["administration"] = make_administration()
    user = User(**values)
    db.session.add(user)
    db.session.commit()
    return user


def make_suspended_user(**fields) -> User:
    return make_user(suspended_at=utcnow(), suspension_reason="Linguaggio offensivo", **fields)


def login(client, user: User) -> None:
    """Sign the test client in as `user` without the slow password check."""
    token = auth_sessions.start(user, "pytest")
    client.set_cookie(current_app.config["AUTH_COOKIE_NAME"], token)


def in_days(days: int) -> date:
    return date.today() + timedelta(days=days)
