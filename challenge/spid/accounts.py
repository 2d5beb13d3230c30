"""SPID/CIE identities of accounts: matching by a keyed hash of the fiscal code, creating, linking, unlinking.

The fiscal code never reaches the database, the logs or an export: only HMAC-SHA256(key, code),
the key derived from SECRET_KEY (changing SECRET_KEY unlinks every identity: see docs/spid.md).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..core.errors import ServiceError
from ..core.extensions import db
from ..models import SamlRequest, SeenAssertion, User, utcnow

REQUESTS_KEPT = timedelta(days=1)


class SpidAccountError(ServiceError):
    """The identity cannot be used as asked."""


def fiscal_hash(fiscal_number: str) -> str:
    """The keyed hash that stands for a fiscal code ("TINIT-" prefix and case do not matter)."""
    code = fiscal_number.strip().upper().removeprefix("TINIT-")
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"sfide-pa spid fiscal code", hashlib.sha256).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def find_by_identity(digest: str) -> User | None:
    """The live account linked to that identity."""
    return db.session.scalar(select(User).where(User.spid_fiscal_hash == digest, User.deleted_at.is_(None)))


def record_request(
    request_id: str, provider: str, idp_entity_id: str, level: int, next_url: str | None, browser_hash: str
) -> None:
    """Remember an AuthnRequest sent, and the browser it was sent for, so that its answer can be matched once."""
    now = utcnow()
    db.session.execute(delete(SamlRequest).where(SamlRequest.issued_at < now - REQUESTS_KEPT))
    db.session.execute(delete(SeenAssertion).where(SeenAssertion.expires_at < now))
    db.session.add(
        SamlRequest(
            id=request_id,
            provider=provider,
            idp_entity_id=idp_entity_id,
            level=level,
            next_url=next_url,
            issued_at=now,
            browser_hash=browser_hash,
        )
    )
    db.session.commit()


def pending_request(request_id: str) -> SamlRequest | None:
    return db.session.get(SamlRequest, request_id)


def consume(request: SamlRequest, assertion_id: str, expires_at: datetime) -> bool:
    """Mark the request answered and the assertion seen; False when the assertion was already consumed."""
    request.answered_at = utcnow()
    return first_sight(assertion_id, expires_at)


def first_sight(message_id: str, expires_at: datetime) -> bool:
    """Remember a signed message's ID until it expires; False when it was seen already (a replay).

    Commits whatever the session holds with it (the request marked answered, for `consume`).
    """
    db.session.add(SeenAssertion(id=message_id[:128], expires_at=expires_at))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def create_account(digest: str, provider: str, name: str, email: str) -> User:
    """The first sign-in of a person with no account: email verified by the IdP, no password."""
    now = utcnow()
    user = User(
        email=email.strip().lower(),
        name=name.strip()[:80],
        password_hash="!",  # matches no password
        email_verified_at=now,
        spid_fiscal_hash=digest,
        spid_provider=provider,
        spid_linked_at=now,
        language=None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def link(user: User, digest: str, provider: str) -> None:
    """Link the identity to the account (after its owner proved the password); an existing link is never replaced."""
    other = find_by_identity(digest)
    if other is not None and other.id != user.id:
        raise SpidAccountError(_("Questa identità SPID/CIE è già collegata a un altro account."))
    if user.spid_fiscal_hash is not None and user.spid_fiscal_hash != digest:
        raise SpidAccountError(
            _(
                "Il tuo account è già collegato a un'altra identità SPID/CIE: scollegala dalla pagina del tuo account prima di collegarne una nuova."
            )
        )
    user.spid_fiscal_hash = digest
    user.spid_provider = provider
    user.spid_linked_at = utcnow()
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.commit()


def signed_in_with(user: User, provider: str) -> None:
    """Note which of SPID and CIE was used last."""
    if user.spid_provider != provider:
        user.spid_provider = provider
        db.session.commit()


def refuse_unlink(user: User) -> None:
    """Raise unless the link may go: an account without a password could then not sign in again."""
    if not user.has_password:
        raise SpidAccountError(
            _(
                "Il tuo account non ha una password: scegline una (con «Password dimenticata?») prima di scollegare SPID/CIE."
            )
        )


def unlink(user: User) -> None:
    """Remove the link between the account and its SPID/CIE identity."""
    refuse_unlink(user)
    user.spid_fiscal_hash = None
    user.spid_provider = None
    user.spid_linked_at = None
    db.session.commit()
