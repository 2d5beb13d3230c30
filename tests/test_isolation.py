"""The fixtures' isolation: shared apps, each test's writes and settings undone at its end.

The tests come in pairs that run in file order: the first leaves something behind, the
second checks that it is gone.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import User
from tests.factories import make_user

seen: dict[str, object] = {}


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def test_a_test_commits_a_person(app, client):
    seen["app"] = app
    with app.app_context():
        make_user(email="rimasta@example.it")
        db.session.commit()
    app.config["ISOLATION_LEFTOVER"] = True
    assert client.get("/").status_code == 200
    with app.app_context():
        assert count_users() == 1


def test_the_next_test_shares_the_app_but_not_the_person_nor_the_setting(app):
    assert app is seen["app"]
    assert "ISOLATION_LEFTOVER" not in app.config
    with app.app_context():
        assert count_users() == 0


def test_the_memory_cache_keeps_a_value(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    app.extensions["public_cache"]["store"].set("isolation", {"value": 1}, 60)
    seen["cache"] = app


def test_the_memory_cache_starts_empty_in_the_next_test(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    assert app is seen["cache"]
    assert app.extensions["public_cache"]["store"].get("isolation") is None


def test_each_call_of_a_test_gets_its_own_app_even_with_the_same_settings(app, app_factory):
    assert app_factory() is not app
    assert app_factory(MAIL_SERVER="localhost") is not app_factory(MAIL_SERVER="localhost")


def test_apps_with_other_settings_share_the_test_data(app, app_factory):
    with app.app_context():
        make_user(email="condivisa@example.it")
        db.session.commit()
    with app_factory(MAIL_SERVER="localhost").app_context():
        assert count_users() == 1


@pytest.mark.committed
def test_committed_tests_show_their_data_to_other_threads(app):
    with app.app_context():
        make_user(email="visibile@example.it")
        db.session.commit()
    counts = []

    def count_in_a_thread() -> None:
        with app.app_context():
            counts.append(count_users())

    thread = threading.Thread(target=count_in_a_thread)
    thread.start()
    thread.join()
    assert counts == [1]


def test_a_test_after_a_committed_one_starts_from_empty_tables(app):
    with app.app_context():
        assert count_users() == 0
