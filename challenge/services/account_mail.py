"""Emails about the account itself (verification, password reset): sent whatever the preferences."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..models import User
from . import notifications

SUBJECTS = {
    "verify": _l("Conferma il tuo indirizzo email"),
    "reset": _l("Reimposta la tua password"),
}


def absolute_url(endpoint: str, **values) -> str:
    """A link for an email: FLASK_PUBLIC_URL (or this request's host) before the path."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


def send_account_email(recipient: str, template: str, user: User, link: str) -> None:
    """Queue one account email in the caller's transaction (no commit here)."""
    body = render_template(f"email/{template}.txt", user=user, link=link, hours=_hours(template))
    notifications.queue_email(recipient, f"Sfide PA: {SUBJECTS[template]}", body)


def _hours(template: str) -> int:
    setting = {"verify": "VERIFY_EMAIL_MAX_AGE", "reset": "PASSWORD_RESET_MAX_AGE"}[template]
    return int(current_app.config[setting].total_seconds() // 3600)
