"""Post and delete comments."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..services import comments as service
from ..solutions.forms import CommentForm
from ..solutions.views import render_detail
from ..web import submit, visible_comment_or_404, visible_solution_or_404

bp = Blueprint("comments", __name__)


@bp.post("/solutions/<int:solution_id>/comments")
@login_required
def create(solution_id: int):
    """A comment on a solution, or a reply when parent_id is given."""
    solution = visible_solution_or_404(solution_id)
    form = CommentForm()
    comment = submit(form, lambda: service.add_comment(current_user, solution, form.body.data, form.parent_id.data), _("Commento pubblicato."))
    if comment is not None:
        return redirect(url_for("solutions.detail", solution_id=solution.id, _anchor=f"comment-{comment.id}"), 303)
    return render_detail(solution, comment_form=form, status=422)


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    """The author deletes the comment's text; replies stay."""
    comment = visible_comment_or_404(comment_id)
    service.delete_comment(current_user, comment)
    flash(_("Commento eliminato."), "success")
    return redirect(url_for("solutions.detail", solution_id=comment.solution_id, _anchor=f"comment-{comment.id}"), 303)
