"""Composing email: absolute links, the recipient's language, a text body and its HTML twin."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale

from ..models import User


def absolute_url(endpoint: str, **values) -> str:
    """A link for an email: FLASK_PUBLIC_URL (or this request's host) before the path."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


def language_of(user: User) -> str:
    """The language the person reads their email in."""
    return user.language or current_app.config["BABEL_DEFAULT_LOCALE"]


def render_email(user: User, template: str, subject: object, **context) -> tuple[str, str, str]:
    """(subject, text, html) of `email/<template>.txt` in the person's language.

    The HTML part is the same text as paragraphs, with lines that are links made clickable,
    so the two parts never say different things.
    """
    with force_locale(language_of(user)):
        text = render_template(f"email/{template}.txt", user=user, **context)
        subject = f"Sfide PA: {subject}"
        paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
        html = render_template("email/layout.html", subject=subject, paragraphs=paragraphs, lang=language_of(user))
    return subject, text, html
