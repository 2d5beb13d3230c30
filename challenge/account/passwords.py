"""The password policy of PRODUCT.md: length, not the email, not common, not trivial."""

from __future__ import annotations

from functools import cache
from importlib import resources

from flask import current_app
from flask_babel import gettext as _

MIN_DISTINCT_CHARACTERS = 5


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = resources.files("challenge").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str | None) -> str | None:
    """Why the password is refused, in the reader's language, or None when it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    lowered = password.lower()
    if len(password) < minimum:
        return _("La password deve avere almeno %(n)d caratteri.", n=minimum)
    if email and lowered in {email.strip().lower(), email.strip().lower().split("@")[0]}:
        return _("La password non può essere uguale all'indirizzo email.")
    if lowered in common_passwords():
        return _("Questa password è tra le più comuni e facili da indovinare: scegline un'altra.")
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return _("La password è troppo ripetitiva: usa caratteri più vari.")
    return None
