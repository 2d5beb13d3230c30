"""Accounts: registration, sign-in checks, passwords and roles."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from ..admin.people import suspended_now
from ..core import audit
from ..core.email_addresses import INVALID_EMAIL, valid_email
from ..core.errors import PermissionDenied, ServiceError, commit_or_raise
from ..core.extensions import db
from ..core.legal import versions_in_force
from ..core.permissions import require_admin
from ..core.tokens import TokenError, fingerprint, make_token, read_token
from ..models import ACCOUNT_KINDS, ROLES, Administration, User, utcnow
from ..text.characters import SINGLE_LINE, is_single_line
from ..web.urls import safe_next
from . import sessions as auth_sessions
from .mail import send_account_email
from .password_checks import password_matches
from .passwords import password_problem

# Checked against when the email is unknown, so that both failures take the same time.
_DUMMY_HASH = generate_password_hash("sfide-pa-timing-equaliser")


class AccountError(ServiceError):
    """An account operation was refused."""


class EmailTaken(AccountError):
    """Another account has the address: callers must not tell the person asking (see services.registration)."""

    def __init__(self, address: str) -> None:
        super().__init__(_("Esiste già un account con questo indirizzo email."), field="email")
        self.address = address


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
    is_verified: bool = False,
    kind: str = "person",
    organisation_name: str | None = None,
    language: str | None = None,
    has_accepted_terms: bool = False,
) -> User:
    """Create an account after the password policy and the role rules; `created_by` logs who did it.

    Accounts made by a trusted hand (the CLI, an invitation) are verified; self-registered ones get the email.
    """
    address = valid_email(email)
    if address is None:
        raise AccountError(str(INVALID_EMAIL), field="email")
    email = address
    if not is_single_line(name):
        raise AccountError(str(SINGLE_LINE), field="name")
    _check_password(password, email)
    _check_role(role, administration)
    organisation_name = _checked_organisation(kind, organisation_name)
    password_hash = generate_password_hash(password)  # before the lookup: a taken address takes as long
    if find_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(
        email=email,
        name=name.strip(),
        password_hash=password_hash,
        role=role,
        administration=administration,
        email_verified_at=utcnow() if is_verified else None,
        kind=kind,
        organisation_name=organisation_name,
        language=language,
    )
    if has_accepted_terms:
        _record_consent(user)
    db.session.add(user)
    if created_by is not None:
        db.session.flush()
        audit.record(
            created_by, "user_create", "user", user.id, user.name, changes=audit.differences({}, _role_values(user))
        )
    commit_or_raise(EmailTaken(email))
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


def _checked_organisation(kind: str, organisation_name: str | None) -> str | None:
    """The organisation's name for an organisation's account; a person's account has none."""
    if kind not in ACCOUNT_KINDS:
        raise AccountError(_("Scegli una voce dell'elenco."), field="kind")
    if kind == "person":
        return None
    name = (organisation_name or "").strip()
    if not name:
        raise AccountError(_("Scrivi il nome dell'organizzazione per cui partecipi."), field="organisation_name")
    return name


def _record_consent(user: User) -> None:
    now = utcnow()
    terms, privacy = versions_in_force()
    user.terms_version, user.terms_accepted_at = terms, now
    user.privacy_version, user.privacy_accepted_at = privacy, now


def accept_terms(user: User) -> None:
    """Record that the person accepts the terms of use and has read the privacy notice now in force."""
    _record_consent(user)
    db.session.commit()


def _check_current_password(user: User, current: str) -> None:
    if not confirms_password(user, current):
        raise AccountError(_("La password attuale non è corretta."), field="current")


def change_password(user: User, current: str, new: str, keep_session_id: int | None) -> None:
    """Replace the password and end every other session of the account."""
    _check_current_password(user, current)
    _check_password(new, user.email)
    user.password_hash = generate_password_hash(new)
    auth_sessions.end_all(user, except_id=keep_session_id, commit=False)
    db.session.commit()


def _check_role(role: str, administration: Administration | None) -> None:
    if role not in ROLES:
        raise AccountError(_("Ruolo sconosciuto: %(role)s.", role=role), field="role")
    if role == "staff" and administration is None:
        raise AccountError(_("Il personale deve essere collegato a un'amministrazione."), field="administration")


def _role_values(user: User) -> dict[str, str | None]:
    return {"role": user.role, "administration": user.administration.slug if user.administration else None}


def usable_admin_count() -> int:
    """Admins who can act now: the account exists and no suspension is in force."""
    return db.session.execute(
        select(func.count()).select_from(User).where(User.role == "admin", User.deleted_at.is_(None), ~suspended_now())
    ).scalar_one()


def keep_a_usable_admin(user: User, field: str | None = "role") -> None:
    """Refuse what would take the last usable admin away (a role change, a suspension, an erasure)."""
    if user.role == "admin" and user.deleted_at is None and not user.is_suspended and usable_admin_count() <= 1:
        raise AccountError(
            _("È l'ultimo amministratore della piattaforma: nomina prima un altro amministratore."), field=field
        )


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
    if role != "admin":
        keep_a_usable_admin(user)
    before = _role_values(user)
    user.role = role
    user.administration = administration if role == "staff" else None
    changes = audit.differences(before, _role_values(user))
    if changes:
        audit.record(actor, "role_change", "user", user.id, user.name, reason=reason, changes=changes)


# Signed links: each purpose names the state whose change must invalidate its tokens.
VERIFY_PURPOSE = "verify-email"
RESET_PURPOSE = "reset-password"


def _verify_state(user: User) -> tuple:
    return (user.email, user.email_verified_at, user.pending_email)


def _reset_state(user: User) -> tuple:
    # The address too: a link mailed to an old address must not open the account once it has moved.
    return (user.password_hash, user.email)


def verification_token(user: User, address: str | None = None) -> str:
    """A token that proves `address` (by default the current one) is the account's, until either changes."""
    payload = {"id": user.id, "fp": fingerprint(*_verify_state(user)), "email": address or user.email}
    return make_token(VERIFY_PURPOSE, payload)


def reset_token(user: User) -> str:
    """A token that sets a new password, until it is used or the password changes."""
    return make_token(RESET_PURPOSE, {"id": user.id, "fp": fingerprint(*_reset_state(user))})


def _user_from_token(purpose: str, token: str, setting: str, state: Callable[[User], tuple]) -> tuple[User, dict]:
    payload = read_token(purpose, token, current_app.config[setting])
    user_id = payload.get("id")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.deleted_at is not None or payload.get("fp") != fingerprint(*state(user)):
        raise TokenError("invalid")
    return user, payload


def _address_of(user: User) -> str:
    """The email of an account that has not been erased."""
    if user.email is None:
        raise AccountError(_("Questo account è stato cancellato."))
    return user.email


def send_verification(user: User, next_path: str | None = None) -> None:
    """Email the person a link that confirms the address (valid VERIFY_EMAIL_MAX_AGE, once).

    `next_path` is the page that asked for the verification: the link carries it, if it is a local
    path, so that confirming leads back there.
    """
    token = verification_token(user)
    send_account_email(_address_of(user), "verify", user, token, next_path=safe_next(next_path))
    db.session.commit()


def address_to_verify(token: str) -> tuple[User, str]:
    """The account and address a verification link is for, changing nothing; TokenError if not valid."""
    user, payload = _user_from_token(VERIFY_PURPOSE, token, "VERIFY_EMAIL_MAX_AGE", _verify_state)
    address = payload.get("email")
    if not isinstance(address, str) or address not in (user.email, user.pending_email):
        raise TokenError("invalid")
    return user, address


def verify_email(token: str) -> User:
    """Mark the address as the person's own (a new one replaces the old, which is told); the link stops working."""
    user, address = address_to_verify(token)
    taken = AccountError(_("Nel frattempo un altro account ha preso questo indirizzo email."), field="email")
    if address != user.email:
        if find_by_email(address) is not None:
            raise taken
        previous, user.email, user.pending_email = _address_of(user), address, None
        send_account_email(previous, "email_changed", user)
    user.email_verified_at = utcnow()
    commit_or_raise(taken)  # the unique index decides a race with another account
    return user


def request_email_change(user: User, new_email: str, current_password: str) -> None:
    """Send a confirmation link to the new address; the current one stays until it is opened.

    When another account has the address, its owner is told instead, and nothing here says so.
    """
    _check_current_password(user, current_password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(_("È già il tuo indirizzo email."), field="email")
    owner = find_by_email(new_email)
    # The page and the account say the same for a taken address; its owner is told instead.
    user.pending_email = new_email
    if owner is None:
        send_account_email(new_email, "confirm_new_email", user, verification_token(user, new_email))
    else:
        send_account_email(new_email, "email_taken", owner)
    db.session.commit()


def update_profile(
    user: User, name: str, language: str, kind: str, organisation_name: str | None, profile_public: bool
) -> None:
    """Change what others see of the account, and the language of its pages and emails."""
    if language not in current_app.config["LANGUAGES"]:
        raise AccountError(_("Scegli una voce dell'elenco."), field="language")
    organisation_name = _checked_organisation(kind, organisation_name)
    if user.is_suspended and (name.strip(), kind, organisation_name) != (user.name, user.kind, user.organisation_name):
        # What others see next to the person's contributions is itself a contribution.
        raise PermissionDenied(
            _(
                "Il tuo account è sospeso: finché la sospensione è in vigore non puoi cambiare il nome visualizzato"
                " né l'organizzazione. Il motivo e il modulo per il ricorso sono nella pagina del tuo account."
            )
        )
    user.organisation_name = organisation_name
    user.name, user.language, user.kind, user.profile_public = name.strip(), language, kind, profile_public
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Email a reset link if an account has this address, else a message saying none does.

    Both paths look the account up, queue one message and commit: the answer takes as long either way.
    """
    address = normalise_email(email)
    user = find_by_email(address)
    if user is None:
        send_account_email(address, "reset_unknown", User(language=str(get_locale())))
    else:
        send_account_email(_address_of(user), "reset", user, reset_token(user))
    db.session.commit()


def account_to_reset(token: str) -> User:
    """The account a reset link is for; TokenError when expired, used, or older than a password change."""
    return _user_from_token(RESET_PURPOSE, token, "PASSWORD_RESET_MAX_AGE", _reset_state)[0]


def reset_password(token: str, new: str) -> User:
    """Set a new password through a reset link and end every session of the account.

    The link reached the person's inbox, so it also proves the address is theirs.
    """
    user, _payload = _user_from_token(RESET_PURPOSE, token, "PASSWORD_RESET_MAX_AGE", _reset_state)
    _check_password(new, user.email)
    user.password_hash = generate_password_hash(new)
    user.email_verified_at = user.email_verified_at or utcnow()
    auth_sessions.end_all(user, commit=False)
    db.session.commit()
    return user
