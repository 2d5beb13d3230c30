"""Post, edit and delete comments."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.extensions import limiter
from ..core.permissions import (
    comment_edit_deadline,
    refusal_to_delete_comment,
    refusal_to_edit_comment,
    refuse_unless_allowed,
)
from ..models import Comment
from ..solutions.page import render_detail
from ..web import limits
from ..web.helpers import ask_first, submit, visible_comment_or_404, visible_solution_or_404
from ..web.urls import safe_next
from . import service
from .forms import CommentEditForm, CommentForm

bp = Blueprint("comments", __name__)


@bp.post("/solutions/<int:solution_id>/comments")
@login_required
@limiter.limit(limits.comments_per_account, key_func=limits.signed_in_key)
def create(solution_id: int):
    """A comment on a solution, or a reply when parent_id is given."""
    solution = visible_solution_or_404(solution_id)
    form = CommentForm()
    comment = submit(form, lambda: service.add_comment(current_user, solution, form.body.data, form.parent_id.data), "")
    if comment is not None and comment.awaits_moderation:
        flash(_("Commento inviato: è in attesa di moderazione e comparirà dopo l'approvazione."), "info")
        back = url_for("solutions.detail", solution_id=comment.solution_id, _anchor=f"own-comment-{comment.id}")
        return redirect(back, 303)
    if comment is not None:
        flash(_("Commento pubblicato."), "success")
        return redirect(_where_to_find(comment), 303)
    return render_detail(solution, comment_form=form, status=422)


@bp.get("/comments/<int:comment_id>")
def show(comment_id: int):
    """A comment's own address (the moderation log links it): its place on its solution's page."""
    comment = visible_comment_or_404(comment_id)
    return redirect(url_for("solutions.detail", solution_id=comment.solution_id, _anchor=f"comment-{comment.id}"))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    """The author edits the comment for a while after posting it; moderators can read earlier texts."""
    comment = visible_comment_or_404(comment_id)
    refuse_unless_allowed(refusal_to_edit_comment(current_user, comment))
    form = CommentEditForm(data={"body": comment.pending_body or comment.body})
    held = service.waits_for_review(current_user, comment.solution)
    done = _("Commento modificato.")
    if held:
        done = _("Modifica inviata ai moderatori: finché non la approvano resta pubblico il testo attuale.")
    if submit(form, lambda: service.edit_comment(current_user, comment, form.body.data), done):
        return redirect(_where_to_find(comment), 303)
    return render_template(
        "comments/edit.html", form=form, comment=comment, held=held, deadline=comment_edit_deadline(comment)
    ), 422 if form.errors else 200


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    """The author deletes the comment's text; replies stay."""
    comment = visible_comment_or_404(comment_id)
    back = url_for("solutions.detail", solution_id=comment.solution_id, _anchor=f"comment-{comment.id}")
    next_url = safe_next(request.form.get("next"))
    page = ask_first(
        lambda: refuse_unless_allowed(refusal_to_delete_comment(current_user, comment)),
        title=_("Eliminare il commento?"),
        text=_("Il testo del commento sarà cancellato; le eventuali risposte restano visibili."),
        button=_("Sì, elimina il commento"),
        back=next_url or back,
    )
    if page is not None:
        return page
    service.delete_comment(current_user, comment)
    flash(_("Commento eliminato."), "success")
    return redirect(next_url or back, 303)


def _where_to_find(comment: Comment) -> str:
    """The page that shows a new comment: the newest first, or the page of its thread for a reply."""
    anchor = f"comment-{comment.id}"
    if comment.parent_id is None:
        return url_for("solutions.detail", solution_id=comment.solution_id, comments="newest", _anchor=anchor)
    page = service.thread_page_number(comment, current_app.config["COMMENTS_PAGE_SIZE"])
    return url_for(
        "solutions.detail",
        solution_id=comment.solution_id,
        thread=comment.parent_id,
        page=page if page > 1 else None,
        _anchor=anchor,
    )
