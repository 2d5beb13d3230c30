"""`/meetings`: public pages of lab and challenge meetings, their organisers' forms, registration, calendars."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..administrations.directory import find_lab
from ..core.errors import PermissionDenied
from ..core.extensions import db
from ..models import Challenge, Lab, Meeting
from ..web.helpers import ask_first, found_or_404, not_found_unless, paginate, submit, visible_challenge_or_404
from ..web.urls import public_url_for
from . import files, minutes, service
from .forms import MeetingForm, MinutesForm

bp = Blueprint("meetings", __name__)

WHEN = ("upcoming", "past")


def _visible_meeting(meeting_id: int) -> Meeting:
    meeting = found_or_404(db.session.get(Meeting, meeting_id))
    not_found_unless(service.can_view(current_user, meeting))
    return meeting


def _filters() -> tuple[Lab | None, Challenge | None, str]:
    lab_slug, challenge_slug = request.args.get("lab", ""), request.args.get("challenge", "")
    lab = found_or_404(find_lab(lab_slug)) if lab_slug else None
    challenge = visible_challenge_or_404(challenge_slug) if challenge_slug else None
    when = request.args.get("when", "upcoming")
    if when not in WHEN:
        abort(400, description=_("Il parametro when deve essere upcoming o past."))
    return lab, challenge, when


@bp.get("/meetings")
def index():
    """Upcoming or past meetings, of one lab or one challenge if asked."""
    lab, challenge, when = _filters()
    pagination = paginate(service.list_meetings(lab, challenge, when))
    return render_template("meetings/index.html", pagination=pagination, lab=lab, challenge=challenge, when=when)


def _public_link(meeting: Meeting) -> str:
    return public_url_for(".detail", meeting_id=meeting.id)


@bp.get("/meetings.ics")
def calendar():
    """Every upcoming public meeting as one iCalendar file."""
    lab, challenge, when = _filters()
    meetings = db.session.scalars(service.list_meetings(lab, challenge, when).limit(500))
    return Response(files.calendar_of(meetings, _public_link), mimetype="text/calendar")


@bp.get("/meetings/<int:meeting_id>")
def detail(meeting_id: int):
    return _render_detail(_visible_meeting(meeting_id))


def _render_detail(meeting: Meeting, minutes_form: MinutesForm | None = None, status: int = 200):
    """The meeting page; for its organisers, once it is over, the minutes form (back with its errors if it failed)."""
    registration = service.registration_of(current_user, meeting)
    can_edit = service.can_edit(current_user, meeting)
    is_over = service.is_over(meeting)
    if can_edit and is_over and minutes_form is None:
        minutes_form = MinutesForm(formdata=None, data=minutes.form_data(meeting))
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        host_name=service.name_of(service.host_of(meeting)),
        registration=registration,
        waiting_position=service.waiting_position(registration) if registration and registration.waiting else 0,
        seated=service.seated_count(meeting),
        is_over=is_over,
        can_edit=can_edit,
        registrations=service.registrations(meeting) if can_edit else [],
        discussed=minutes.discussed_solutions(meeting) if meeting.minutes else [],
        minutes_form=minutes_form if can_edit and is_over else None,
        choices=minutes.solutions_to_choose(meeting) if can_edit and is_over else [],
    ), status


@bp.post("/meetings/<int:meeting_id>/minutes")
@login_required
def write_minutes(meeting_id: int):
    """The organisers write or replace the minutes once the meeting is over."""
    meeting = _visible_meeting(meeting_id)
    refusal = minutes.refusal_to_write_minutes(current_user, meeting)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    if refusal is not None:
        flash(refusal.message, "danger")
        return redirect(url_for(".detail", meeting_id=meeting.id), 303)
    form = MinutesForm()

    def save() -> Meeting:
        return minutes.write_minutes(current_user, meeting, form.body.data or "", form.solutions.data or [])

    if submit(form, save, _("Verbale salvato.")) is not None:
        return redirect(url_for(".detail", meeting_id=meeting.id, _anchor="minutes-title"), 303)
    return _render_detail(meeting, form, 422)


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_calendar(meeting_id: int):
    meeting = _visible_meeting(meeting_id)
    return Response(
        files.calendar_of([meeting], _public_link),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="incontro-{meeting.id}.ics"'},
    )


def _details(form: MeetingForm) -> service.MeetingDetails:
    return service.MeetingDetails(
        title=form.title.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        place=form.place.data or "",
        address=form.address.data or "",
        online_url=form.online_url.data or "",
        seats=form.seats.data,
        body=form.body.data or "",
        registration=form.registration.data,
    )


def _refuse_unless_organiser(host: Lab | Challenge) -> None:
    if not service.can_organise(current_user, host):
        raise PermissionDenied(_("Solo chi organizza gli incontri del laboratorio o della sfida può crearli."))


def _new(host: Lab | Challenge, action: str):
    _refuse_unless_organiser(host)
    form = MeetingForm()
    meeting = submit(form, lambda: service.create_meeting(current_user, host, _details(form)), _("Incontro creato."))
    if meeting is not None:
        return redirect(url_for(".detail", meeting_id=meeting.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "meetings/form.html", form=form, host_name=service.name_of(host), meeting=None, action=action
    ), status


@bp.route("/labs/<slug>/meetings/new", methods=["GET", "POST"])
@login_required
def new_for_lab(slug: str):
    lab = found_or_404(find_lab(slug))
    return _new(lab, url_for(".new_for_lab", slug=slug))


@bp.route("/challenges/<slug>/meetings/new", methods=["GET", "POST"])
@login_required
def new_for_challenge(slug: str):
    challenge = visible_challenge_or_404(slug)
    return _new(challenge, url_for(".new_for_challenge", slug=slug))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int):
    meeting = _visible_meeting(meeting_id)
    if not service.can_edit(current_user, meeting):
        raise PermissionDenied(_("Solo chi organizza gli incontri del laboratorio o della sfida può modificarli."))
    form = MeetingForm(obj=None if request.method == "POST" else service.details_of(meeting))
    done = _("Incontro aggiornato.")
    if submit(form, lambda: service.edit_meeting(current_user, meeting, _details(form)), done) is not None:
        return redirect(url_for(".detail", meeting_id=meeting.id), 303)
    status = 422 if request.method == "POST" else 200
    action = url_for(".edit", meeting_id=meeting.id)
    host_name = service.name_of(service.host_of(meeting))
    return render_template("meetings/form.html", form=form, host_name=host_name, meeting=meeting, action=action), status


@bp.post("/meetings/<int:meeting_id>/register")
@login_required
def register(meeting_id: int):
    meeting = _visible_meeting(meeting_id)
    try:
        registration = service.register(current_user, meeting)
    except service.MeetingError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for(".detail", meeting_id=meeting.id), 303)
    if registration.waiting:
        flash(_("I posti sono esauriti: sei in lista d'attesa, ti avvisiamo se si libera un posto."), "info")
    else:
        flash(_("Iscrizione confermata: il tuo posto è riservato."), "success")
    return redirect(url_for(".detail", meeting_id=meeting.id), 303)


@bp.post("/meetings/<int:meeting_id>/unregister")
@login_required
def unregister(meeting_id: int):
    """Give up one's place, after confirming: the seat goes to the first person waiting."""
    meeting = _visible_meeting(meeting_id)
    page = ask_first(
        lambda: None,  # anyone signed in may give up their own place
        title=_("Annullare l'iscrizione?"),
        text=_("Il tuo posto a «%(title)s» passerà a chi è in lista d'attesa.", title=meeting.title),
        button=_("Sì, annulla l'iscrizione"),
        back=url_for(".detail", meeting_id=meeting.id),
    )
    if page is not None:
        return page
    service.unregister(current_user, meeting)
    flash(_("Iscrizione annullata."), "success")
    return redirect(url_for(".detail", meeting_id=meeting.id), 303)


@bp.get("/meetings/<int:meeting_id>/registrations.csv")
@login_required
def registrations_csv(meeting_id: int):
    """Who registered, seats then waiting list, for the organisers."""
    meeting = _visible_meeting(meeting_id)
    if not service.can_edit(current_user, meeting):
        raise PermissionDenied(_("Solo chi organizza l'incontro può scaricare l'elenco delle iscrizioni."))
    return Response(
        files.registrations_csv(service.registrations(meeting)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="incontro-{meeting.id}-iscrizioni.csv"',
            "Cache-Control": "no-store",
        },
    )
