"""The one rule for an address someone will write to: forms, services and commands all ask it."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

INVALID_EMAIL = _l("Inserisci un indirizzo email valido, per esempio nome@esempio.it.")


def valid_email(address: str) -> str | None:
    """The address trimmed, normalised and lower-cased, or None when mail cannot be delivered to it.

    Reserved names (example.test, localhost) are refused: no message could ever reach them.
    """
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None
