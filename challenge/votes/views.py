"""Vote endpoints: plain forms get a redirect, the page's script gets JSON."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..core.extensions import limiter
from ..solutions.service import find_comment_for_rights
from ..web import limits
from ..web.helpers import found_or_404, visible_or_404, visible_solution_or_404, wants_json
from ..web.urls import safe_next
from .service import InvalidVote, VoteResult, vote_on_comment, vote_on_solution

bp = Blueprint("votes", __name__)

CONFIRMATIONS = {1: _l("Hai votato a favore."), -1: _l("Hai votato contro."), 0: _l("Hai ritirato il voto.")}


# The contract's three values, written exactly so: "+1", "01" or " -1 " are not votes.
VOTE_VALUES_SENT = {"1": 1, "-1": -1, "0": 0}


def _value() -> int:
    value = VOTE_VALUES_SENT.get(request.form.get("value", ""))
    if value is None:
        raise InvalidVote(_("Voto non valido: usa 1, -1 oppure 0."))
    return value


@bp.app_template_global("vote_count_words")
def count_words(votes_up: int, votes_down: int) -> tuple[str, str]:
    """The words a screen reader hears after the two counts, agreeing with them: "1 voto contro", "2 voti contro"."""
    return (
        ngettext("voto a favore", "voti a favore", votes_up),
        ngettext("voto contro", "voti contro", votes_down),
    )


def _answer(result: VoteResult, back: str):
    message = str(CONFIRMATIONS[result.value])
    if wants_json():
        up_word, down_word = count_words(result.votes_up, result.votes_down)
        return jsonify(
            value=result.value,
            votes_up=result.votes_up,
            votes_down=result.votes_down,
            votes_up_word=up_word,
            votes_down_word=down_word,
            score=result.score,
            message=message,
        )
    flash(message, "success")
    return redirect(safe_next(request.form.get("next")) or back, 303)


@bp.post("/solutions/<int:solution_id>/vote")
@login_required
@limiter.limit(limits.votes_per_account, key_func=limits.signed_in_key)
def solution(solution_id: int):
    """+1, -1, or 0 to withdraw, on a solution."""
    target = visible_solution_or_404(solution_id, shown=False)
    result = vote_on_solution(current_user, target, _value())
    # solution_id, not target.id: the commit expired target, and reading it would cost a query.
    return _answer(result, url_for("solutions.detail", solution_id=solution_id))


@bp.post("/comments/<int:comment_id>/vote")
@login_required
@limiter.limit(limits.votes_per_account, key_func=limits.signed_in_key)
def comment(comment_id: int):
    """+1, -1, or 0 to withdraw, on a comment."""
    # The comment, its solution, the solution's challenge and authors' ids: one statement. The solution is
    # held in a local: the session keeps loaded rows only weakly, and the vote's checks read it again.
    target = found_or_404(find_comment_for_rights(comment_id))
    solution = visible_or_404(target.solution)
    solution_id = solution.id  # read before the vote's commit expires it
    result = vote_on_comment(current_user, target, _value())
    return _answer(result, url_for("solutions.detail", solution_id=solution_id, _anchor=f"comment-{comment_id}"))
