"""Accounts: registration, sign-in checks, passwords and roles."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from ..extensions import db
from ..models import ROLES, Administration, User
from ..text import SINGLE_LINE, is_single_line
from . import audit, auth_sessions
from .common import ServiceError, commit_or_raise
from .password_checks import password_matches
from .passwords import password_problem
from .permissions import require_admin

# Checked against when the email is unknown, so that both failures take the same time.
_DUMMY_HASH = generate_password_hash("sfide-pa-timing-equaliser")


class AccountError(ServiceError):
    """An account operation was refused."""


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively; we store them trimmed and lower-cased."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    """The account with this email, whatever its case."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_password(password: str, email: str | None) -> None:
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, field="password")


def create_user(
    email: str,
    name: str,
    password: str,
    role: str = "citizen",
    administration: Administration | None = None,
    created_by: audit.Actor | None = None,
) -> User:
    """Create an account after the password policy and the role rules; `created_by` logs who did it."""
    email = normalise_email(email)
    if not is_single_line(name):
        raise AccountError(str(SINGLE_LINE), field="name")
    _check_password(password, email)
    _check_role(role, administration)
    if find_by_email(email) is not None:
        raise AccountError(_("Esiste già un account con questo indirizzo email."), field="email")
    user = User(
        email=email,
        name=name.strip(),
        password_hash=generate_password_hash(password),
        role=role,
        administration=administration,
    )
    db.session.add(user)
    if created_by is not None:
        db.session.flush()
        audit.record(created_by, "user_create", "user", user.id, user.name, changes=audit.differences({}, _role_values(user)))
    commit_or_raise(
        AccountError(_("Esiste già un account con questo indirizzo email."), field="email")
    )
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account if the email and password match; None otherwise, in the same time.

    Raises TooManyAttempts while the email cools down after failures, known or not.
    """
    email = normalise_email(email)
    user = find_by_email(email)
    if user is None:
        password_matches(email, _DUMMY_HASH, password)
        return None
    return user if password_matches(email, user.password_hash, password) else None


def confirms_password(user: User, password: str) -> bool:
    """Whether a signed-in person typed their own password, with sign-in's cool-down."""
    return user.email is not None and password_matches(user.email, user.password_hash, password)


def change_password(user: User, current: str, new: str, keep_session_id: int | None) -> None:
    """Replace the password and end every other session of the account."""
    if not confirms_password(user, current):
        raise AccountError(_("La password attuale non è corretta."), field="current")
    _check_password(new, user.email)
    user.password_hash = generate_password_hash(new)
    auth_sessions.end_all(user, except_id=keep_session_id, commit=False)
    db.session.commit()


def _check_role(role: str, administration: Administration | None) -> None:
    if role not in ROLES:
        raise AccountError(_("Ruolo sconosciuto: %(role)s.", role=role), field="role")
    if role == "staff" and administration is None:
        raise AccountError(
            _("Il personale deve essere collegato a un'amministrazione."), field="administration"
        )


def _role_values(user: User) -> dict[str, str | None]:
    return {"role": user.role, "administration": user.administration.slug if user.administration else None}


def admin_count() -> int:
    """Accounts with the admin role that still exist."""
    return db.session.execute(
        select(func.count()).select_from(User).where(User.role == "admin", User.deleted_at.is_(None))
    ).scalar_one()


def set_role(
    actor: audit.Actor, user: User, role: str, administration: Administration | None = None, reason: str = ""
) -> User:
    """Give the account a role (staff are linked to one administration, others to none), logged with the reason."""
    require_admin(actor)
    assign_role(actor, user, role, administration, reason)
    db.session.commit()
    return user


def assign_role(actor: audit.Actor, user: User, role: str, administration: Administration | None, reason: str) -> None:
    """set_role's rules and log line, in the caller's transaction (no commit here)."""
    _check_role(role, administration)
    if isinstance(actor, User) and not reason.strip():
        raise AccountError(_("Indica il motivo del cambio di ruolo."), field="reason")
    if user.role == "admin" and role != "admin" and admin_count() <= 1:
        raise AccountError(_("È l'ultimo amministratore della piattaforma: nomina prima un altro amministratore."), field="role")
    before = _role_values(user)
    user.role = role
    user.administration = administration if role == "staff" else None
    changes = audit.differences(before, _role_values(user))
    if changes:
        audit.record(actor, "role_change", "user", user.id, user.name, reason=reason, changes=changes)

