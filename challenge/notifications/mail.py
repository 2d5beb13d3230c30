"""Composing email: the recipient's language, a text body and its HTML twin (links come from urls.public_url_for)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale

from ..models import User
from ..web.urls import public_url_for
from .preferences import unsubscribe_token


def language_of(user: User) -> str:
    """The language the person reads their email in."""
    return user.language or current_app.config["BABEL_DEFAULT_LOCALE"]


def link_building() -> AbstractContextManager:
    """What url_for needs to build a path: `outbox work` composes digests outside any request."""
    return nullcontext() if has_request_context() else current_app.test_request_context()


def render_email(user: User, template: str, subject: object, **context) -> tuple[str, str, str]:
    """(subject, text, html) of `email/<template>.txt` in the person's language."""
    return render_email_in(language_of(user), template, subject, user=user, **context)


def render_email_in(language: str, template: str, subject: object, **context) -> tuple[str, str, str]:
    """(subject, text, html) of `email/<template>.txt` in `language`, for an address that may have no account.

    The HTML part is the same text as paragraphs, with lines that are links made clickable,
    so the two parts never say different things.
    """
    with link_building(), force_locale(language):
        text = render_template(f"email/{template}.txt", **context)
        subject = f"Sfide PA: {subject}"
        paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
        html = render_template("email/layout.html", subject=subject, paragraphs=paragraphs, lang=language)
    return subject, text, html


def account_unsubscribe_url(user: User | None, recipient: str) -> str:
    """The List-Unsubscribe link of an email to an account's own address: it turns off every notification.
    "" for an address that is not (or not yet) the account's: a stranger must not silence someone else."""
    if user is None or user.id is None or user.email != recipient:
        return ""
    with link_building():  # a suspension may be decided from the command line
        return unsubscribe_url(unsubscribe_token(user, "all"))


def unsubscribe_url(token: str) -> str:
    """The one-click unsubscribe link of a notification email (its body and its List-Unsubscribe header)."""
    return public_url_for("unsubscribe.confirm", token=token)
