"""Which pages every anonymous visitor shares: declared at the view, decided in one place.

    @bp.get("/<slug>")
    @shared_page(lambda slug: [challenge_scope(slug)], params=("page", "sort"))
    def detail(slug): ...

`scopes` receives the view's URL arguments and names what the page shows; `params` are the query
parameters the view (and its templates) reads. Any other parameter (`?utm_source=`, random junk)
neither varies the page's key nor reaches the view, so the page kept for everyone depends on nothing
its key leaves out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from flask import current_app, request, session
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

View = TypeVar("View", bound=Callable)


@dataclass(frozen=True)
class SharedPage:
    """A view's declaration: the scopes its page shows and the query parameters it reads."""

    scopes: Callable[..., list[str]]
    params: tuple[str, ...]


def shared_page(scopes: Callable[..., list[str]], params: Iterable[str] = ()) -> Callable[[View], View]:
    """Declare that this view's page looks the same to every anonymous visitor (functools.wraps keeps it)."""

    def declare(view: View) -> View:
        view.shared_page = SharedPage(scopes, tuple(sorted(params)))  # type: ignore[attr-defined]
        return view

    return declare


def declared_page() -> SharedPage | None:
    """The declaration of the view this request goes to, if it has one."""
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "shared_page", None)


def shared_scopes() -> list[str] | None:
    """The one place that decides whether this request gets (and may fill) a shared page: its scopes, else None."""
    page = declared_page()
    # An ended or expired sign-in cookie makes the answer delete it: that answer is for this browser only.
    signed_in_before = current_app.config["AUTH_COOKIE_NAME"] in request.cookies
    if request.method != "GET" or page is None or signed_in_before or not current_user.is_anonymous or session:
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
