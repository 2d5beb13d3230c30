"""The solution page: one page of its discussion, the reader's own parts, the response and follow-through forms.

The solutions, comments and evaluation blueprints all render it (a form that failed comes back with its errors).
"""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, or_, select

from ..attachments.service import attachments_of
from ..cache.entries import cached
from ..cache.fragments import with_reader_parts
from ..cache.scopes import solution_scope
from ..coauthors.service import pending_invitations
from ..comments import service as comment_service
from ..comments.forms import CommentForm
from ..core.evaluation_permissions import can_manage_milestones
from ..core.extensions import db
from ..core.permissions import (
    can_change_authors,
    can_edit_solution,
    can_merge,
    can_respond,
    is_author,
    open_for_discussion,
)
from ..evaluation.follow_through import milestones_of
from ..evaluation.forms import MilestoneForm
from ..evaluation.results import public_awards_of
from ..meetings.minutes import meetings_discussing
from ..models import MILESTONE_STATUSES, Comment, Evaluator, Solution
from ..moderation.appeals import appeal_of, can_appeal, statement_of
from ..moderation.decisions import latest_decision, newcomer
from ..web.forms import ConfirmForm, for_signed_in
from ..web.helpers import found_or_404, int_arg, page_number
from . import merging, service
from .forms import ResponseForm
from .responses import response_to, revisions_of_response

COMMENT_SORT_LABELS = {"oldest": _l("Meno recenti"), "newest": _l("Più recenti"), "best": _l("Meglio votati")}


def nothing_of_theirs(solution_id: int) -> bool:
    """Whether the signed-in reader has nothing of their own on the solution's page, which citizens may then
    share (cache/pages.py): they author neither it nor any comment on it, hold no seat on its challenge's
    jury, and what they write waits for no moderator as a newcomer's. One statement."""
    user_id = current_user.id
    challenge_id = select(Solution.challenge_id).where(Solution.id == solution_id).scalar_subquery()
    own = or_(
        exists().where(Solution.id == solution_id, Solution.authored_by(user_id)),
        exists().where(Comment.solution_id == solution_id, Comment.author_id == user_id),
        exists().where(Evaluator.challenge_id == challenge_id, Evaluator.user_id == user_id),
        newcomer(current_user),
    )
    return not db.session.scalar(select(own))


def _discussion(solution) -> tuple[comment_service.CommentPage, dict]:
    """The page of comments the query asks for, and the query arguments that lead back to it."""
    size = current_app.config["COMMENTS_PAGE_SIZE"]
    page = page_number()
    thread_id = int_arg(request.args, "thread")
    if thread_id is not None:
        return found_or_404(comment_service.thread_page(solution, thread_id, page, size)), {"thread": thread_id}
    sort = request.args.get("comments")
    sort = sort if sort in comment_service.COMMENT_SORTS else "oldest"
    replies_shown = current_app.config["COMMENT_REPLIES_SHOWN"]
    discussion = comment_service.discussion_page(solution, sort, page, size, replies_shown)
    return discussion, {"comments": sort}


def _shared_thread(solution, discussion: comment_service.CommentPage, discussion_args: dict) -> str:
    """The discussion page as every reader sees it, from the cache while the solution's scope holds;
    each comment has a marker where its reader part goes."""
    return cached(
        "solution-thread",
        [solution_scope(solution.id)],
        lambda: render_template(
            "solutions/_thread.html", solution=solution, discussion=discussion, discussion_args=discussion_args
        ),
        solution.id,
        *sorted(discussion_args.items()),
        discussion.page,
        current_app.config["COMMENTS_PAGE_SIZE"],
        current_app.config["COMMENT_REPLIES_SHOWN"],
    )


def render_detail(
    solution,
    comment_form: CommentForm | None = None,
    response_form: ResponseForm | None = None,
    status: int = 200,
    milestone_form: MilestoneForm | None = None,
    milestone_form_for: int | None = None,
):
    """The solution page with one page of its discussion; a form that failed comes back with its errors."""
    discussion, discussion_args = _discussion(solution)
    shown = [item for comment in discussion.comments for item in (comment, *discussion.replies.get(comment.id, []))]
    response = response_to(solution)
    may_respond = can_respond(current_user, solution)
    if response_form is None and may_respond:
        response_form = ResponseForm(formdata=None, obj=response)
    reader = comment_service.reader_controls(current_user, solution, shown)
    comments_held = reader.can_take_part and comment_service.waits_for_review(current_user, solution)
    page_args = dict(discussion_args, page=discussion.page if discussion.page > 1 else None)
    targets = {
        "reply_to": int_arg(request.args, "reply_to"),
        "flag_target": int_arg(request.args, "flag"),
        "flag_user_target": int_arg(request.args, "flag_user"),
        "hide_target": int_arg(request.args, "hide"),
    }
    # The reader's own part of every shown comment, in one rendering, each after its marker; their votes
    # are reader marks (web/marks.py).
    reader_parts = render_template(
        "comments/_reader_parts.html",
        shown=shown,
        reader=reader,
        solution=solution,
        page_args=page_args,
        here=url_for("solutions.detail", solution_id=solution.id, **page_args),
        comments_held=comments_held,
        **targets,
    )
    # The decision on the reader's own held-back solution and comments (statement of reasons, appeal).
    decision = latest_decision(solution) if solution.is_held_back else None
    own_comments = comment_service.held_back_comments(current_user, solution)
    return (
        render_template(
            "solutions/detail.html",
            solution=solution,
            challenge=solution.challenge,
            discussion=discussion,
            discussion_args=discussion_args,
            thread_html=with_reader_parts(_shared_thread(solution, discussion, discussion_args), reader_parts),
            comment_sorts=list(COMMENT_SORT_LABELS.items()),
            comment_form=comment_form or for_signed_in(CommentForm, formdata=None),
            confirm_form=for_signed_in(ConfirmForm),
            revisions=service.revisions_of(solution),
            response=response,
            response_revisions=revisions_of_response(response) if response else [],
            response_form=response_form if may_respond else None,
            can_comment=reader.can_take_part,
            comments_held=comments_held,
            open_to_votes=open_for_discussion(solution),
            decision=decision,
            appeal=appeal_of(decision),
            may_appeal=can_appeal(current_user, decision),
            is_own=is_author(current_user, solution),
            pending_invitations=pending_invitations(solution) if can_change_authors(current_user, solution) else [],
            own_comments=own_comments,
            attachments=attachments_of(solution),
            discussed_in=meetings_discussing(solution),
            comment_statements={comment.id: statement_of(current_user, comment) for comment in own_comments},
            **_follow_through(solution, response, milestone_form, milestone_form_for),
            **_merging(solution),
        ),
        status,
    )


def _merging(solution) -> dict:
    """Merging duplicates: the possible duplicates for those who may merge, the merge decisions the reader
    may appeal, where a withdrawn solution leads, and the withdraw form's choices for its authors."""
    may_merge = can_merge(current_user, solution)
    favoured = solution.withdrawn_in_favour_of if solution.withdrawn_in_favour_of_id else None
    return {
        "may_merge": may_merge,
        "duplicates": merging.possible_duplicates(solution) if may_merge else [],
        "merge_statements": merging.merge_statements(current_user, solution),
        "favoured": favoured if favoured is not None and favoured.is_listed else None,
        "withdraw_choices": merging.merge_targets(solution) if can_edit_solution(current_user, solution) else [],
    }


def _follow_through(solution, response, milestone_form: MilestoneForm | None, milestone_form_for: int | None) -> dict:
    """The award, the milestones' timeline, and for the staff the forms that change them (issue 18)."""
    # The award and the response the page shows already answer the rule (an award counts once the
    # challenge is closed, and only then is it public), so asking it costs no statement of its own.
    award = public_awards_of([solution.id]).get(solution.id)
    outcome = response.outcome if response else None
    may_follow_through = current_user.is_authenticated and can_manage_milestones(
        current_user, solution, award is not None, outcome
    )
    new_form = milestone_form if milestone_form is not None and milestone_form_for is None else None
    return {
        "award": award,
        "milestones": milestones_of([solution.id]).get(solution.id, []),
        "milestone_form": (new_form or MilestoneForm(formdata=None)) if may_follow_through else None,
        "failed_milestone_form": milestone_form if milestone_form_for is not None else None,
        "failed_milestone_id": milestone_form_for,
        "milestone_statuses": MILESTONE_STATUSES,
    }
