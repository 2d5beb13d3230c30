"""Registration that tells no one whether an address already has an account.

A taken address gets an email that says so to its owner; the person registering sees the same
page as for a new address (the owner's inbox is the only place the answer reaches).
"""

from __future__ import annotations

from flask_babel import get_locale

from ..core.extensions import db
from ..models import User
from .mail import send_account_email
from .service import EmailTaken, create_user, find_by_email, send_verification


def register(
    email: str,
    name: str,
    password: str,
    kind: str,
    organisation_name: str | None,
    has_accepted_terms: bool,
    next_path: str | None = None,
) -> User | None:
    """Create a citizen account and email its verification link; None when the address was taken.

    The link leads back to `next_path` (the page the person came from) once the address is confirmed.

    Refusals other than a taken address (password, name, kind) raise AccountError as usual.
    """
    try:
        user = create_user(
            email,
            name,
            password,
            kind=kind,
            organisation_name=organisation_name,
            language=str(get_locale()),
            has_accepted_terms=has_accepted_terms,
        )
    except EmailTaken as taken:
        db.session.rollback()
        owner = find_by_email(taken.address)
        if owner is not None and owner.email is not None:
            send_account_email(owner.email, "register_taken", owner)
            db.session.commit()
        return None
    send_verification(user, next_path)
    return user
