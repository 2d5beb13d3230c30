"""`/challenges/<slug>/participants`: the staff of a challenge invite its participants and follow their answers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..core.extensions import db
from ..models import Challenge, Participant
from ..web.helpers import ask_first, not_found_unless, submit, visible_challenge_or_404
from ..web.urls import public_url_for
from . import service
from .forms import InviteParticipantsForm

bp = Blueprint("participants", __name__)


def _managed_challenge(slug: str) -> Challenge:
    challenge = visible_challenge_or_404(slug)
    service.refuse_unless_manager(current_user, challenge)
    return challenge


def _participant(challenge: Challenge, participant_id: int) -> Participant:
    participant = db.get_or_404(Participant, participant_id)
    not_found_unless(participant.challenge_id == challenge.id)
    return participant


def _invitation_link(token: str) -> str:
    return public_url_for("invitations.accept", token=token)


def _page(challenge: Challenge, form: InviteParticipantsForm, status: int = 200):
    return (
        render_template(
            "participants/index.html",
            challenge=challenge,
            form=form,
            rows=service.participants_of(challenge),
            statuses=service.STATUSES,
            invitations_left=service.invitations_left(challenge),
            refusal=service.inviting_refusal(challenge),
        ),
        status,
    )


@bp.get("/challenges/<slug>/participants")
@login_required
def index(slug: str):
    """The invited addresses with their status, and the form to invite more."""
    return _page(_managed_challenge(slug), InviteParticipantsForm(formdata=None))


@bp.post("/challenges/<slug>/participants")
@login_required
def invite(slug: str):
    """Invite the addresses of the list and of the file; with one invalid line, nobody."""
    challenge = _managed_challenge(slug)
    form = InviteParticipantsForm()
    report = submit(
        form, lambda: service.invite_participants(current_user, challenge, form.addresses, _invitation_link)
    )
    if report is None:
        return _page(challenge, form, 422)
    _flash_report(report)
    return redirect(url_for(".index", slug=challenge.slug), 303)


def _flash_report(report: service.InvitationReport) -> None:
    if report.invited:
        count = len(report.invited)
        flash(ngettext("Invito inviato a %(num)d indirizzo.", "Invito inviato a %(num)d indirizzi.", count), "success")
    if report.repeated:
        flash(_("Scritti più volte, invitati una volta sola: %(emails)s.", emails=", ".join(report.repeated)), "info")
    if report.already_invited:
        flash(
            _(
                "Già invitati, saltati: %(emails)s. Per mandare di nuovo il link usa «Invia di nuovo» nell'elenco.",
                emails=", ".join(report.already_invited),
            ),
            "info",
        )


@bp.post("/challenges/<slug>/participants/<int:participant_id>/resend")
@login_required
def resend(slug: str, participant_id: int):
    """Email the invitation again, with a new link."""
    challenge = _managed_challenge(slug)
    participant = _participant(challenge, participant_id)
    try:
        service.resend_invitation(current_user, challenge, participant, _invitation_link)
    except service.ParticipantError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Invito inviato di nuovo a %(email)s, con un nuovo link.", email=participant.email), "success")
    return redirect(url_for(".index", slug=challenge.slug), 303)


@bp.post("/challenges/<slug>/participants/<int:participant_id>/remove")
@login_required
def remove(slug: str, participant_id: int):
    """Ask first, then take the address off the challenge."""
    challenge = _managed_challenge(slug)
    participant = _participant(challenge, participant_id)
    email = participant.email
    question = ask_first(
        lambda: None,  # who may remove was checked above, at both steps
        title=_("Rimuovere %(email)s dai partecipanti?", email=email),
        text=_(
            "Il link d'invito smette di funzionare e l'account collegato non vede più la sfida."
            " Le soluzioni e i commenti già scritti restano."
        ),
        button=_("Sì, rimuovi"),
        back=url_for(".index", slug=challenge.slug),
    )
    if question is not None:
        return question
    service.remove_participant(current_user, challenge, participant)
    flash(_("%(email)s non partecipa più alla sfida.", email=email), "success")
    return redirect(url_for(".index", slug=challenge.slug), 303)
