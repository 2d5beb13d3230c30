"""Emails about the account itself (verification, password reset, address change): sent whatever the preferences."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..models import User
from ..notifications import service as notifications
from ..notifications.mail import account_unsubscribe_url, render_email

# template name: (subject, the setting that says how long its link lasts, or None)
MESSAGES = {
    "verify": (_l("Conferma il tuo indirizzo email"), "VERIFY_EMAIL_MAX_AGE"),
    "confirm_new_email": (_l("Conferma il tuo nuovo indirizzo email"), "VERIFY_EMAIL_MAX_AGE"),
    "email_changed": (_l("L'indirizzo email del tuo account è cambiato"), None),
    "reset": (_l("Reimposta la tua password"), "PASSWORD_RESET_MAX_AGE"),
    # An address asked about that no account has, or that another account has: told to its owner only.
    "reset_unknown": (_l("Nessun account con questo indirizzo"), None),
    "register_taken": (_l("Qualcuno ha provato a registrarsi con il tuo indirizzo"), None),
    "email_taken": (_l("Qualcuno ha provato a usare il tuo indirizzo per un altro account"), None),
}


def send_account_email(
    recipient: str, template: str, user: User, token: str | None = None, next_path: str | None = None
) -> None:
    """Queue one account email in the person's language, in the caller's transaction (no commit here);
    its template builds the link from the token (and `next_path`, a checked local path, where it takes one)."""
    subject, max_age_setting = MESSAGES[template]
    hours = int(current_app.config[max_age_setting].total_seconds() // 3600) if max_age_setting else 0
    notifications.queue_email(
        recipient,
        *render_email(user, template, subject, token=token, hours=hours, next_path=next_path),
        unsubscribe_url=account_unsubscribe_url(user, recipient),
    )
