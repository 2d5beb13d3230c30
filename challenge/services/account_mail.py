"""Emails about the account itself (verification, password reset, address change): sent whatever the preferences."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..models import User
from . import notifications

# template name: (subject, the setting that says how long its link lasts, or None)
MESSAGES = {
    "verify": (_l("Conferma il tuo indirizzo email"), "VERIFY_EMAIL_MAX_AGE"),
    "confirm_new_email": (_l("Conferma il tuo nuovo indirizzo email"), "VERIFY_EMAIL_MAX_AGE"),
    "email_changed": (_l("L'indirizzo email del tuo account è cambiato"), None),
    "reset": (_l("Reimposta la tua password"), "PASSWORD_RESET_MAX_AGE"),
}


def absolute_url(endpoint: str, **values) -> str:
    """A link for an email: FLASK_PUBLIC_URL (or this request's host) before the path."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


def language_of(user: User) -> str:
    """The language the person reads their email in."""
    return user.language or current_app.config["BABEL_DEFAULT_LOCALE"]


def send_account_email(recipient: str, template: str, user: User, link: str) -> None:
    """Queue one account email in the person's language, in the caller's transaction (no commit here)."""
    subject, max_age_setting = MESSAGES[template]
    hours = int(current_app.config[max_age_setting].total_seconds() // 3600) if max_age_setting else 0
    with force_locale(language_of(user)):
        body = render_template(f"email/{template}.txt", user=user, link=link, hours=hours)
        notifications.queue_email(recipient, f"Sfide PA: {subject}", body)
