"""How often each kind of event is emailed to a person, and the one-click links that turn email off."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, delete, func, select

from ..core.extensions import db
from ..core.tokens import TokenError, make_token, read_token
from ..models import NOTIFICATION_KINDS, EmailPreference, User, default_frequency

UNSUBSCRIBE_PURPOSE = "unsubscribe"
# What an unsubscribe link turns off besides one kind of event: a digest (every kind the person gets
# in it), or every kind ("all", the link of an email about the account, which itself always arrives).
GROUP_LABELS: dict[str, LazyString] = {
    "daily": _l("Riepilogo giornaliero delle notifiche"),
    "weekly": _l("Riepilogo settimanale delle notifiche"),
    "all": _l("Tutte le notifiche (le email sul tuo account, come il recupero della password, arrivano comunque)"),
}


def unsubscribe_label(target: str) -> LazyString:
    """What the unsubscribe page names: a kind of event or a digest."""
    return GROUP_LABELS.get(target) or NOTIFICATION_KINDS[target]


def frequency_of_kind(kind, user_id) -> ColumnElement[str]:
    """The person's choice for `kind` (a code or a column) in SQL, else the kind's default:
    the one rule for who is emailed when."""
    chosen = (
        select(EmailPreference.frequency)
        .where(EmailPreference.user_id == user_id, EmailPreference.kind == kind)
        .scalar_subquery()
    )
    if isinstance(kind, str):
        return func.coalesce(chosen, default_frequency(kind))
    defaults = case(*((kind == code, default_frequency(code)) for code in NOTIFICATION_KINDS), else_="never")
    return func.coalesce(chosen, defaults)


def email_frequencies(user: User) -> dict[str, str]:
    """How often the person gets each kind of event by email."""
    row = db.session.execute(select(*(frequency_of_kind(kind, user.id).label(kind) for kind in NOTIFICATION_KINDS)))
    return dict(row.one()._mapping)


def set_email_frequencies(user: User, choices: dict[str, str]) -> None:
    """Replace the person's choices; only those that differ from a kind's default are stored."""
    db.session.execute(delete(EmailPreference).where(EmailPreference.user_id == user.id))
    for kind in sorted(set(choices) & set(NOTIFICATION_KINDS)):
        if choices[kind] != default_frequency(kind):
            db.session.add(EmailPreference(user_id=user.id, kind=kind, frequency=choices[kind]))
    db.session.commit()


def unsubscribe_token(user: User, target: str) -> str:
    """A lasting token that turns off one kind of email, or one digest, for one person (RFC 8058 one-click)."""
    return make_token(UNSUBSCRIBE_PURPOSE, {"id": user.id, "k": target})


def unsubscribe_target(token: str) -> tuple[User, str]:
    """The person and what an unsubscribe token turns off, changing nothing; TokenError if not valid."""
    payload = read_token(UNSUBSCRIBE_PURPOSE, token, None)
    user_id, target = payload.get("id"), payload.get("k")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.deleted_at is not None or (target not in NOTIFICATION_KINDS | GROUP_LABELS):
        raise TokenError("invalid")
    return user, target


def unsubscribe(token: str) -> tuple[User, str]:
    """Turn off what the token names: a kind, every kind in a digest, or all (idempotent); TokenError if not valid."""
    user, target = unsubscribe_target(token)
    choices = email_frequencies(user)
    for kind, frequency in choices.items():
        if target in (kind, frequency, "all"):
            choices[kind] = "never"
    set_email_frequencies(user, choices)
    return user, target
