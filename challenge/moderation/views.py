"""Moderation pages and actions, and the flag buttons readers use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..admin.people import PERSON_STATUSES, account_record, people_query
from ..core.errors import PermissionDenied
from ..core.extensions import db, limiter
from ..core.permissions import can_moderate, refusal_to_decide_appeal, refuse_unless_allowed
from ..core.visibility import can_view_challenge
from ..models import APPEAL_STATUSES, MODERATION_ACTIONS, Appeal, Comment, Solution, User
from ..text.clock import end_of_day
from ..web import limits
from ..web.helpers import (
    ask_first,
    found_or_404,
    not_found_unless,
    paginate,
    visible_comment_or_404,
    visible_solution_or_404,
)
from ..web.urls import safe_next
from . import accounts, decisions, pending_edits
from . import appeals as appeals_service
from . import queue as moderation_queue
from .forms import AppealDecisionForm, AppealForm, FlagForm, ModerationForm, SuspensionForm

bp = Blueprint("moderation", __name__)

ITEM_MODELS = {"solutions": Solution, "comments": Comment}
ITEM_ACTIONS: dict[str, Callable[..., None]] = {
    "hide": decisions.hide,
    "restore": decisions.restore,
    "dismiss": decisions.dismiss,
    "approve": decisions.approve,
    "reject": decisions.reject,
    "approve_edit": pending_edits.approve_edit,
    "reject_edit": pending_edits.reject_edit,
}
# What a moderator is told once an action is done, as a sentence about the item.
ITEM_DONE = {
    "solutions": {
        "hide": _l(
            "La soluzione è stata nascosta: il pubblico non la vede più, l'autore vede la decisione e il motivo."
        ),
        "restore": _l("La soluzione è di nuovo visibile a tutti."),
        "dismiss": _l("Le segnalazioni sulla soluzione sono state archiviate: la soluzione resta pubblicata."),
        "approve": _l("La soluzione è stata approvata ed è ora pubblicata."),
        "reject": _l("La soluzione è stata rifiutata: l'autore vede la decisione e il motivo."),
        "approve_edit": _l("La modifica della soluzione è stata approvata ed è ora pubblicata."),
        "reject_edit": _l("La modifica della soluzione è stata rifiutata: resta pubblicata la versione approvata."),
    },
    "comments": {
        "hide": _l(
            "Il commento è stato nascosto: il pubblico non lo vede più, l'autore vede la decisione e il motivo."
        ),
        "restore": _l("Il commento è di nuovo visibile a tutti."),
        "dismiss": _l("Le segnalazioni sul commento sono state archiviate: il commento resta pubblicato."),
        "approve": _l("Il commento è stato approvato ed è ora pubblicato."),
        "reject": _l("Il commento è stato rifiutato: l'autore vede la decisione e il motivo."),
        "approve_edit": _l("La modifica del commento è stata approvata ed è ora pubblicata."),
        "reject_edit": _l("La modifica del commento è stata rifiutata: resta pubblicata la versione approvata."),
    },
}
USER_ACTIONS = {"reinstate": accounts.reinstate, "dismiss": accounts.dismiss_user_flags}


def _require_moderator() -> None:
    if not can_moderate(current_user):
        raise PermissionDenied(_("Solo i moderatori possono vedere questa pagina."))


def _item_or_404(kind: str, item_id: int):
    """The item, or 404 when it does not exist or belongs to a challenge the moderator may not see."""
    model = found_or_404(ITEM_MODELS.get(kind))
    item = found_or_404(db.session.get(model, item_id))
    challenge = item.challenge if isinstance(item, Solution) else cast(Comment, item).solution.challenge
    not_found_unless(can_view_challenge(current_user, challenge))
    return item


@bp.get("/moderation")
@login_required
def queue():
    """Pending items first, then appeals, reported people, and open flags grouped by item."""
    _require_moderator()
    return render_template(
        "moderation/queue.html",
        pending=moderation_queue.pending_items(current_user),
        edits=pending_edits.pending_edits(current_user),
        comment_edits=pending_edits.pending_comment_edits(current_user),
        appeals=appeals_service.open_appeals(),
        people=moderation_queue.reported_people(),
        entries=moderation_queue.queue(current_user),
        form=ModerationForm(),
        suspension_form=SuspensionForm(),
    )


@bp.get("/moderation/appeals")
@login_required
def appeals():
    """Appeals: the open ones to decide, and the decided ones with their replies."""
    _require_moderator()
    status = request.args.get("status") if request.args.get("status") in APPEAL_STATUSES else None
    pagination = paginate(appeals_service.appeals_query(status))
    return render_template(
        "moderation/appeals.html", pagination=pagination, status=status, appeal_statuses=APPEAL_STATUSES
    )


@bp.post("/moderation/appeals/<int:appeal_id>/<verb>")
@login_required
def decide_appeal(appeal_id: int, verb: str):
    """Uphold or overturn an appeal, with a reasoned reply; not by who made the decision (403)."""
    if verb not in ("uphold", "overturn"):
        abort(404)
    appeal = found_or_404(db.session.get(Appeal, appeal_id))
    _require_moderator()
    form = AppealDecisionForm()
    if not form.validate_on_submit():
        flash(_("Scrivi la risposta motivata prima di decidere."), "danger")
        return redirect(url_for(".appeals"), 303)
    page = ask_first(
        lambda: refuse_unless_allowed(refusal_to_decide_appeal(current_user, appeal)),
        title=_("Accogliere il ricorso?") if verb == "overturn" else _("Respingere il ricorso?"),
        text=_(
            "La decisione sul ricorso è definitiva: %(name)s riceverà la tua risposta.",
            name=appeal.appellant.display_name,
        ),
        button=_("Sì, accogli il ricorso") if verb == "overturn" else _("Sì, respingi il ricorso"),
        back=url_for(".appeals"),
    )
    if page is not None:
        return page
    appeals_service.decide_appeal(current_user, appeal, verb, form.reply.data)
    flash(_("Ricorso accolto.") if verb == "overturn" else _("Ricorso respinto."), "success")
    return redirect(url_for(".appeals"), 303)


@bp.get("/moderation/log")
@login_required
def log():
    """Every moderation action: who, what, which item or account, why, when."""
    _require_moderator()
    action = request.args.get("action") if request.args.get("action") in MODERATION_ACTIONS else None
    actor = request.args.get("actor", "").strip()[:100] or None
    pagination = paginate(moderation_queue.log_query(action, actor), per_page=current_app.config["PAGE_SIZE"] * 2)
    return render_template("moderation/log.html", pagination=pagination, action=action, actor=actor or "")


@bp.post("/moderation/<kind>/<int:item_id>/<verb>")
@login_required
def act_on_item(kind: str, item_id: int, verb: str):
    """Hide, restore, approve, reject, or dismiss the flags of a solution or comment."""
    if verb not in ITEM_DONE.get(kind, {}):
        abort(404)
    item = _item_or_404(kind, item_id)
    form = ModerationForm()
    if not form.validate_on_submit():
        abort(400)
    ITEM_ACTIONS[verb](current_user, item, form.reason.data or "", form.reason_code.data or "")
    flash(str(ITEM_DONE[kind][verb]), "success")
    return redirect(request.referrer if _is_local(request.referrer) else url_for(".queue"), 303)


@bp.post("/moderation/users/<int:user_id>/<verb>")
@login_required
def act_on_user(user_id: int, verb: str):
    """Suspend (optionally until a date) or reinstate an account, or dismiss the reports about a person."""
    if verb not in ("suspend", *USER_ACTIONS):
        abort(404)
    user = found_or_404(db.session.get(User, user_id))
    form = SuspensionForm()
    if not form.validate_on_submit():
        abort(400)
    # The page the form was on: its `next` field outlives the confirmation page, the Referer would not.
    back = safe_next(request.form.get("next")) or (
        request.referrer if _is_local(request.referrer) else url_for(".queue")
    )
    if verb == "suspend":
        page = ask_first(
            lambda: accounts.require_power_over(current_user, user, _("Non puoi sospendere questo account.")),
            title=_("Sospendere l'account?"),
            text=_suspension_question(user, form.until.data),
            button=_("Sì, sospendi l'account"),
            back=back,
        )
        if page is not None:
            return page
        until = end_of_day(form.until.data) if form.until.data else None
        accounts.suspend(current_user, user, form.reason.data or "", until, form.reason_code.data or "")
        flash(_("Account sospeso."), "success")
    else:
        USER_ACTIONS[verb](current_user, user, form.reason.data or "")
        flash(_("Account riabilitato.") if verb == "reinstate" else _("Segnalazioni archiviate."), "success")
    return redirect(back, 303)


def _suspension_question(user: User, until: date | None) -> str:
    if until is None:
        return _(
            "L'account di %(name)s sarà sospeso finché un moderatore non lo riabiliterà: le sue sessioni saranno "
            "chiuse e la persona riceverà un'email con il motivo.",
            name=user.display_name,
        )
    return _(
        "L'account di %(name)s sarà sospeso fino al %(date)s compreso: le sue sessioni saranno chiuse e la "
        "persona riceverà un'email con il motivo.",
        name=user.display_name,
        date=format_date(until, "long"),
    )


@bp.get("/moderation/users")
@login_required
def users():
    """Search accounts by name or email, optionally only the suspended (or active, or deleted) ones."""
    _require_moderator()
    q = request.args.get("q", "").strip()[:100]
    status = request.args.get("status") if request.args.get("status") in PERSON_STATUSES else None
    pagination = paginate(people_query(q, status=status))
    return render_template("moderation/users.html", pagination=pagination, q=q, status=status, statuses=PERSON_STATUSES)


@bp.get("/moderation/users/<int:user_id>")
@login_required
def user(user_id: int):
    """One account: its content in every state, the flags on it, its moderation history, suspend or reinstate."""
    _require_moderator()
    account = found_or_404(db.session.get(User, user_id))
    return render_template(
        "moderation/user.html", account=account, record=account_record(account), suspension_form=SuspensionForm()
    )


def _is_local(url: str | None) -> bool:
    return bool(url and url.startswith(request.host_url))


@bp.post("/solutions/<int:solution_id>/flag")
@login_required
@limiter.limit(limits.flags_per_account, key_func=limits.signed_in_key)
def flag_solution(solution_id: int):
    """A reader reports a solution to the moderators."""
    solution = visible_solution_or_404(solution_id)
    return _flag(solution, url_for("solutions.detail", solution_id=solution.id))


@bp.post("/comments/<int:comment_id>/flag")
@login_required
@limiter.limit(limits.flags_per_account, key_func=limits.signed_in_key)
def flag_comment(comment_id: int):
    """A reader reports a comment to the moderators."""
    comment = visible_comment_or_404(comment_id)
    return _flag(comment, url_for("solutions.detail", solution_id=comment.solution_id, _anchor=f"comment-{comment.id}"))


def _flag(item, back: str):
    form = FlagForm()
    if not form.validate_on_submit():
        abort(400)
    decisions.flag(current_user, item, form.reason.data, form.detail.data or "")
    flash(_("Grazie: la segnalazione è arrivata ai moderatori."), "success")
    return redirect(back, 303)


@bp.post("/users/<int:user_id>/flag")
@login_required
@limiter.limit(limits.flags_per_account, key_func=limits.signed_in_key)
def flag_user(user_id: int):
    """A reader reports a person to the moderators (the same queue as content)."""
    person = found_or_404(db.session.get(User, user_id))
    if person.deleted_at is not None:
        abort(404)
    form = FlagForm()
    if not form.validate_on_submit():
        abort(400)
    accounts.flag_user(current_user, person, form.reason.data, form.detail.data or "")
    flash(_("Grazie: la segnalazione è arrivata ai moderatori."), "success")
    back = request.referrer if _is_local(request.referrer) else None
    return redirect(back or url_for("users.detail", user_id=person.id), 303)


def _appeal(decision, back: str):
    form = AppealForm()
    if not form.validate_on_submit():
        flash(_("Scrivi perché la decisione andrebbe rivista."), "danger")
        return redirect(back, 303)
    appeals_service.file_appeal(current_user, decision, form.body.data)
    flash(_("Ricorso inviato: lo deciderà un moderatore diverso da chi ha preso la decisione."), "success")
    return redirect(back, 303)


@bp.post("/solutions/<int:solution_id>/appeal")
@login_required
@limiter.limit(limits.appeals_per_account, key_func=limits.signed_in_key)
def appeal_solution(solution_id: int):
    """The author appeals the hiding or rejection of their solution."""
    solution = visible_solution_or_404(solution_id)
    return _appeal(decisions.latest_decision(solution), url_for("solutions.detail", solution_id=solution.id))


@bp.post("/comments/<int:comment_id>/appeal")
@login_required
@limiter.limit(limits.appeals_per_account, key_func=limits.signed_in_key)
def appeal_comment(comment_id: int):
    """The author appeals the hiding or rejection of their comment."""
    comment = visible_comment_or_404(comment_id)
    back = url_for("solutions.detail", solution_id=comment.solution_id, _anchor=f"own-comment-{comment.id}")
    return _appeal(decisions.latest_decision(comment), back)


@bp.post("/account/appeal")
@login_required
@limiter.limit(limits.appeals_per_account, key_func=limits.signed_in_key)
def appeal_suspension():
    """A suspended person appeals their suspension."""
    return _appeal(accounts.suspension_decision(current_user), url_for("account.index", _anchor="suspension"))
