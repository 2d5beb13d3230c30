"""What a cache key holds besides an entry's name: the address the page was asked at and, for a
whole anonymous page, the query parameters its view reads.

A page's links, stylesheet and script URLs are built from the request's scheme, host and path
prefix, which a trusted proxy may set (X-Forwarded-Proto, -Host, -Prefix): they are part of
every key, so a request that arrives with other ones gets an entry of its own and never changes
what another visitor is served.

A shared page sees only the parameters its view declares in PAGE_PARAMETERS (the first value of
each, in a fixed order): any other one (`?utm_source=`, random junk) neither varies the page's
key nor reaches the view, so the page kept for everyone depends on nothing its key leaves out.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import has_request_context, request
from werkzeug.datastructures import ImmutableMultiDict

# The query parameters each shared page's view (and its templates) reads.
PAGE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "main.index": (),
    "challenges.index": ("administration", "lab", "page", "q", "region", "sdg", "sort", "status", "theme"),
    "challenges.detail": ("page", "sort"),
    "embeds.detail": (),
    "solutions.detail": ("comments", "flag", "flag_user", "hide", "page", "reply_to", "thread"),
    "leaderboards.index": ("period",),
    "administrations.index": ("kind", "region"),
    "administrations.detail": ("page",),
    "labs.index": (),
    "labs.detail": ("page",),
    "feeds.solutions": (),
    "feeds.challenge": (),
}


def address() -> str:
    """Scheme, host and path prefix this request's links are built on ("" outside a request)."""
    return request.root_url if has_request_context() else ""


def keep_declared_parameters() -> str:
    """Reduce this request's query to the parameters its page declares, and return that query."""
    names = PAGE_PARAMETERS[request.endpoint or ""]
    kept = [(name, request.args[name]) for name in names if name in request.args]
    query = urlencode(kept)
    request.args = ImmutableMultiDict(kept)
    request.query_string = query.encode()
    return query
