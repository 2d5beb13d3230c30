"""The password policy."""

from __future__ import annotations

import pytest

from challenge.account.passwords import common_passwords, password_problem


@pytest.mark.parametrize(
    ("password", "email", "expected"),
    [
        ("corta", None, "almeno 10"),
        ("mario@example.it", "Mario@Example.it", "indirizzo email"),
        ("mario.rossi.it", "mario.rossi.it@example.it", "indirizzo email"),
        ("Juventus1897", None, "più comuni"),
        ("aaaaaaaaaaaa", None, "ripetitiva"),
        ("3434343434", None, "ripetitiva"),
    ],
)
def test_weak_passwords_are_refused(app, password, email, expected):
    with app.test_request_context():
        assert expected in password_problem(password, email)


def test_good_password_passes(app):
    with app.test_request_context():
        assert password_problem("Cavallo-Batteria-42", "mario@example.it") is None


def test_the_common_list_ships_with_the_package():
    passwords = common_passwords()
    assert len(passwords) > 100
    assert all(len(password) >= 10 for password in passwords)
