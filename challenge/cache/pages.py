"""Which pages readers share: declared at the view, decided in one place.

    @bp.get("/<slug>")
    @shared_page(lambda slug: [challenge_scope(slug)], params=("page", "sort"))
    def detail(slug): ...

`scopes` receives the view's URL arguments and names what the page shows; `params` are the query
parameters the view (and its templates) reads. Visitors share one page per key; signed-in citizens
share one per kind of reader (`reader_kind`) where the view says `readers=True`: everything of
theirs on it is a mark (marks.py).
Any other parameter (`?utm_source=`, random junk) neither varies a visitor's page's key nor reaches
the view, so the page kept for everyone depends on nothing its key leaves out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from flask import current_app, g, request, session
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from ..core.permissions import write_block

View = TypeVar("View", bound=Callable)


@dataclass(frozen=True)
class SharedPage:
    """A view's declaration: the scopes its page shows, the query parameters it reads, and whether
    signed-in citizens share it too (everything of theirs on it is a reader mark): always, or when a
    function of the view's arguments says so for the reader (they have nothing of their own on it)."""

    scopes: Callable[..., list[str]]
    params: tuple[str, ...]
    readers: bool | Callable[..., bool]


def shared_page(
    scopes: Callable[..., list[str]], params: Iterable[str] = (), readers: bool | Callable[..., bool] = False
) -> Callable[[View], View]:
    """Declare that this view's page looks the same to every anonymous visitor and, with `readers`, to
    every signed-in reader of a kind once its marks are answered (functools.wraps keeps it)."""

    def declare(view: View) -> View:
        view.shared_page = SharedPage(scopes, tuple(sorted(params)), readers)  # type: ignore[attr-defined]
        return view

    return declare


def declared_page() -> SharedPage | None:
    """The declaration of the view this request goes to, if it has one."""
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "shared_page", None)


def reader_kind() -> str | None:
    """Who shares this request's page: "visitor", or the kind of signed-in reader whose pages differ only
    by their marks (cache/marks.py): a citizen free to take part, without SPID or with it, asking only
    for what the page declares, with no message waiting, on a page that has nothing of theirs but marks.
    None for everyone else (staff, moderators, an account that may not write yet): their pages are
    rendered for them alone. Decided once per request."""
    if "reader_kind" not in g:
        g.reader_kind = _reader_kind()
    return g.reader_kind


def _reader_kind() -> str | None:
    if current_user.is_anonymous:
        # An ended or expired sign-in cookie makes the answer delete it: that answer is for this browser only.
        signed_in_before = current_app.config["AUTH_COOKIE_NAME"] in request.cookies
        return None if signed_in_before or session else "visitor"
    page = declared_page()
    if page is None or page.readers is False or "_flashes" in session:
        return None
    if any(name not in page.params or len(request.args.getlist(name)) > 1 for name in request.args):
        return None
    if current_user.role != "citizen" or write_block(current_user) is not None:
        return None
    if page.readers is not True and not page.readers(**(request.view_args or {})):
        return None
    return "citizen-spid" if current_user.is_spid_verified else "citizen"


def shared_scopes() -> list[str] | None:
    """The one place that decides whether this request gets (and may fill) a shared page: its scopes, else None."""
    page = declared_page()
    if request.method != "GET" or page is None or reader_kind() is None:
        return None
    return page.scopes(**(request.view_args or {}))


def keep_declared_parameters() -> str:
    """Reduce this request's query to the parameters its page declares, and return that query."""
    page = declared_page()
    names = page.params if page else ()
    kept = [(name, request.args[name]) for name in names if name in request.args]
    query = urlencode(kept)
    request.args = ImmutableMultiDict(kept)
    request.query_string = query.encode()
    return query
