"""Small helpers shared by the views."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from flask import abort, current_app, flash, g, redirect, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, ValidationError
from werkzeug.wrappers import Response

from ..challenges.service import find_challenge
from ..core.errors import ServiceError
from ..core.extensions import db
from ..core.visibility import can_view_challenge
from ..models import Challenge, Comment, Solution, User
from ..solutions.service import can_view_solution, find_solution
from .urls import safe_next

Result = TypeVar("Result")
Found = TypeVar("Found")
Item = TypeVar("Item", Challenge, Solution)


def wants_json() -> bool:
    """True for the API and for scripts that ask for JSON rather than a page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


MIN_ROW_ID = 1
MAX_ROW_ID = 2**31 - 1  # the largest value of an INTEGER id column on PostgreSQL
# ASCII digits only: int() also reads "١٢", " 12 ", "+1" and "1_000".
_INTEGER = re.compile(r"-?[0-9]+")


def parse_int(value: str | int, low: int = MIN_ROW_ID, high: int = MAX_ROW_ID) -> int:
    """The one integer parser for input: `value` as an integer in [low, high], else ValueError.

    The bounds default to a row id's, so what passes can always be sent to the database.
    """
    text = str(value)
    if not _INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise ValueError(_l("Inserisci un numero intero valido."))
    return int(text)


def int_arg(
    args: MultiDict, name: str, low: int = MIN_ROW_ID, high: int = MAX_ROW_ID, blank_is_absent: bool = True
) -> int | None:
    """An integer query argument, None when absent; 400 when it is not one integer in [low, high].

    A page's filter form sends `theme=` for "all themes", so blank means absent there; the API's
    document calls it invalid (blank_is_absent=False).
    """
    values = args.getlist(name)
    if not values or (blank_is_absent and values == [""]):
        return None
    try:
        number = parse_int(values[0], low, high)
    except ValueError:
        number = None
    if number is None or len(values) > 1:
        abort(
            400,
            description=gettext(
                "Il parametro %(name)s deve essere un numero intero tra %(low)d e %(high)d.",
                name=name,
                low=low,
                high=high,
            ),
        )
    return number


def page_number() -> int:
    """The `page` query argument: 1 when absent, 400 when it is not a page number."""
    return int_arg(request.args, "page") or 1


def paginate(query, per_page: int | None = None, count: bool = True) -> Pagination:
    """The page of a query that the `page` argument asks for, PAGE_SIZE rows (or `per_page`); past the end, empty.
    `count=False` skips the count query where the page shows no total."""
    size = per_page or current_app.config["PAGE_SIZE"]
    return db.paginate(query, page=page_number(), per_page=size, error_out=False, count=count)


class ListedPagination(Pagination):
    """A page whose items and total were worked out beforehand (e.g. from a cached listing)."""

    def _query_items(self) -> list:
        return self._query_args["items"]

    def _query_count(self) -> int:
        return self._query_args["total"]


class RowIdConverter(IntegerConverter):
    """`<int:...>` in routes: a row id, so a number no database column can hold is a 404, not a 500."""

    def to_python(self, value: str) -> int:
        try:
            return parse_int(value)
        except ValueError:
            raise ValidationError() from None


def attach_error(form, error: ServiceError) -> None:
    """Show a service's refusal next to its field; refusals without a field are 403s."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        raise error
    field.errors = [*field.errors, error.message]


def not_found_unless(condition: bool) -> None:
    """404 when the reader may not know the item exists."""
    if not condition:
        abort(404)


def found_or_404(item: Found | None) -> Found:
    """The item that was looked up, or 404 when there is none."""
    if item is None:
        abort(404)
    return item


def _readers_only(challenge: Challenge) -> None:
    """A page of a challenge not everyone sees is for its reader alone: the page cache never keeps it."""
    if not challenge.is_public:
        g.readers_only = True


def visible_challenge_or_404(slug: str) -> Challenge:
    """The challenge, or 404 when it does not exist or the reader may not see it (core.visibility)."""
    challenge = found_or_404(find_challenge(slug))
    not_found_unless(can_view_challenge(current_user, challenge))
    _readers_only(challenge)
    return challenge


def visible_solution_or_404(solution_id: int, shown: bool = True) -> Solution:
    """The solution, or 404 when the reader may not see it; `shown=False` when no page shows it (find_solution)."""
    return visible_or_404(found_or_404(find_solution(solution_id, shown)))


def visible_or_404(solution: Solution) -> Solution:
    """The loaded solution, or 404 when the reader may not see it."""
    not_found_unless(can_view_solution(current_user, solution))
    _readers_only(solution.challenge)
    return solution


def visible_comment_or_404(comment_id: int) -> Comment:
    """The comment, or 404 when it does not exist or the reader may not see its solution."""
    comment = found_or_404(db.session.get(Comment, comment_id))
    visible_solution_or_404(comment.solution_id)
    return comment


def submit(form, action: Callable[[], Result], done: str = "") -> Result | None:
    """Validate a posted form and run the service; its result once `done` is flashed, or None when the
    form is invalid or the service refused (the refusal is shown next to its field, or is a 403, and
    nothing the service began is kept)."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except ServiceError as error:
        db.session.rollback()
        attach_error(form, error)
        return None
    if done:
        flash(done, "success")
    return result


def confirmed() -> bool:
    """True when the post is the second step of a confirmation (its form carries confirm=y)."""
    return request.form.get("confirm") == "y"


def ask_first(
    refuse: Callable[[], object], *, title: str, text: str, button: str, back: str, danger: bool = True
) -> str | None:
    """The first step of an action that cannot be undone. None when the post already carries confirm=y: act
    now (the service checks again who may). Otherwise `refuse()` raises for whoever may not act, and the answer
    is a page asking to confirm, whose form posts the same fields again to the same address with confirm=y;
    it works without JavaScript, and nothing has changed yet. `danger=False` for a step forward that takes
    nothing away from anyone (opening a challenge): its button is not red."""
    if confirmed():
        return None
    refuse()
    fields = [(name, value) for name, value in request.form.items(multi=True) if name not in ("csrf_token", "confirm")]
    return render_template(
        "confirm.html",
        title=title,
        text=text,
        action=request.script_root + request.path,
        button=button,
        back=back,
        fields=fields,
        danger=danger,
    )


def change_following(
    choices: Mapping[str, tuple[Callable[[User, Item], None], str]], choice: str, item: Item, here: str
) -> Response:
    """Follow or unfollow `item` as `choices[choice]` says, then go back: to `next` (the personal
    area's unfollow buttons) or to the item's page `here`."""
    change, done = choices[choice]
    change(current_user, item)
    flash(done, "success")
    return redirect(safe_next(request.form.get("next")) or here, 303)
