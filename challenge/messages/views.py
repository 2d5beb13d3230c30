"""`/challenges/<slug>/messages`: the staff of a challenge write to its participants and followers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..core.errors import PermissionDenied
from ..core.permissions import can_manage
from ..models import Challenge
from ..web.helpers import ask_first, confirmed, submit, visible_challenge_or_404
from . import service
from .forms import ChallengeMessageForm

bp = Blueprint("messages", __name__)


def _managed_challenge(slug: str) -> Challenge:
    challenge = visible_challenge_or_404(slug)
    if not can_manage(current_user, challenge):
        raise PermissionDenied(
            _("Solo il personale dell'amministrazione che ha lanciato la sfida può scrivere ai partecipanti.")
        )
    return challenge


def _page(challenge: Challenge, form: ChallengeMessageForm, status: int = 200):
    return (
        render_template(
            "messages/index.html",
            challenge=challenge,
            form=form,
            recipient_count=service.recipient_count(challenge, current_user),
            messages_left=service.messages_left(challenge),
            messages=service.sent_messages(challenge),
        ),
        status,
    )


@bp.get("/challenges/<slug>/messages")
@login_required
def index(slug: str):
    """The form to write to the challenge's participants and followers, and the messages sent so far."""
    return _page(_managed_challenge(slug), ChallengeMessageForm(formdata=None))


@bp.post("/challenges/<slug>/messages")
@login_required
def create(slug: str):
    """Ask to confirm, then send: a message cannot be called back once it has reached people."""
    challenge = _managed_challenge(slug)
    form = ChallengeMessageForm()
    if not confirmed():
        if not form.validate_on_submit():
            return _page(challenge, form, 422)
        count = service.recipient_count(challenge, current_user)
        return ask_first(
            lambda: None,  # who may write was checked above, at both steps
            title=_("Inviare il messaggio?"),
            text=ngettext(
                "«%(subject)s» arriverà a %(num)d persona, nella campanella e per email: non si potrà ritirare.",
                "«%(subject)s» arriverà a %(num)d persone, nella campanella e per email: non si potrà ritirare.",
                count,
                subject=form.subject.data,
            ),
            button=_("Sì, invia il messaggio"),
            back=url_for(".index", slug=challenge.slug),
        )
    sent = submit(form, lambda: service.send_message(current_user, challenge, form.subject.data, form.body.data))
    if sent is None:
        return _page(challenge, form, 422)
    flash(
        ngettext("Messaggio inviato a %(num)d persona.", "Messaggio inviato a %(num)d persone.", sent.recipient_count),
        "success",
    )
    return redirect(url_for(".index", slug=challenge.slug), 303)
