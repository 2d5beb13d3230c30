"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for

from ..text.characters import is_single_line


def safe_next(target: str | None) -> str | None:
    """A local path to go back to, or None for anything that could leave the site or break a header."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or not is_single_line(target)
    ):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def public_url(path: str) -> str:
    """The absolute URL of a path, on the configured PUBLIC_URL: never on the Host a request sent."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def public_url_for(endpoint: str, **values) -> str:
    """The absolute URL of a page, on the configured PUBLIC_URL."""
    return public_url(url_for(endpoint, **values))
