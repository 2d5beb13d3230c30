"""A module's transaction: data built once for the module, each test's changes undone at its end."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import User
from tests.factories import make_user

built: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def one_person(module_transaction):
    with module_transaction.app_context():
        built["id"] = make_user(name="Costruita una volta").id


def names() -> list[str]:
    return list(db.session.scalars(select(User.name).order_by(User.id)))


def test_a_test_sees_the_module_data_and_changes_it(app, client):
    with app.app_context():
        db.session.get(User, built["id"]).name = "Cambiata dal test"
        make_user(name="Aggiunta dal test")
        db.session.commit()
        assert names() == ["Cambiata dal test", "Aggiunta dal test"]


def test_the_next_test_finds_the_module_data_as_built(app):
    with app.app_context():
        assert names() == ["Costruita una volta"]


def test_an_app_with_other_settings_sees_the_module_data_too(app_factory):
    with app_factory(MAIL_SERVER="localhost").app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
