"""Challenge pages and actions."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup

from ..attachments.service import attachments_of
from ..cache.entries import cached, changes_at
from ..cache.pages import shared_page
from ..cache.scopes import CONTENT, challenge_scope
from ..core import reference
from ..core.errors import PermissionDenied
from ..core.extensions import db
from ..core.permissions import (
    can_create_challenges,
    can_export,
    can_manage,
    needs_spid_for,
)
from ..core.regions import regions
from ..evaluation.results import public_results
from ..leaderboards.stats import challenge_statistics
from ..meetings.service import upcoming_of
from ..models import CHALLENGE_STATUSES, Attachment
from ..opendata.exports import challenge_solutions_csv, challenge_solutions_xlsx
from ..solutions.responses import outcomes_of
from ..solutions.service import SOLUTION_SORTS, solutions_of
from ..text.clock import today
from ..web.helpers import (
    ListedPagination,
    ask_first,
    change_following,
    int_arg,
    page_number,
    paginate,
    submit,
    visible_challenge_or_404,
)
from ..web.i18n import localized_name
from ..web.templating import CHALLENGE_STATUS_LABELS
from . import access, service
from .forms import ChallengeForm, StatusForm

bp = Blueprint("challenges", __name__)

SORT_LABELS = {"newest": _l("Più recenti"), "deadline": _l("Scadenza più vicina"), "solutions": _l("Più soluzioni")}
SOLUTION_SORT_LABELS = {
    "latest": _l("Più recenti"),
    "best": _l("Meglio votate"),
    "hot": _l("Di tendenza"),
    "discussed": _l("Più discusse"),
}


def _filters() -> service.ChallengeFilters:
    args = request.args
    status = args.get("status")
    return service.ChallengeFilters(
        q=args.get("q", "").strip()[:200],
        theme=int_arg(args, "theme"),
        sdg=int_arg(args, "sdg"),
        status=status if status in CHALLENGE_STATUSES else None,
        administration=args.get("administration") or None,
        lab=args.get("lab") or None,
        region=args.get("region") if args.get("region") in regions() else None,
        sort=args.get("sort", "newest"),
    )


@bp.get("")
@shared_page(
    lambda: [CONTENT], params=("administration", "lab", "page", "q", "region", "sdg", "sort", "status", "theme")
)
def index():
    """Every challenge the reader may see, filtered, sorted and paginated."""
    filters = _filters()
    pagination = _pagination(filters, page_number(), current_app.config["PAGE_SIZE"])
    can_create = can_create_challenges(current_user)
    return render_template(
        "challenges/index.html",
        pagination=pagination,
        filters=vars(filters),
        filter_options=_filter_options(include_drafts=can_create),
        can_create=can_create,
    )


def _pagination(filters: service.ChallengeFilters, page: int, per_page: int):
    """Signed-in readers may see drafts, so only anonymous listings come from the shared cache."""
    if current_user.is_authenticated:
        return db.paginate(
            service.search_challenges(current_user, filters), page=page, per_page=per_page, error_out=False
        )
    key = hashlib.sha256(repr(sorted(vars(filters).items())).encode()).hexdigest()[:24]
    listed = cached(
        "challenge-list",
        [CONTENT],
        lambda: service.listing_page(current_user, filters, page, per_page),
        key,
        page,
        per_page,
    )
    items = service.challenges_by_ids(listed.ids)
    return ListedPagination(page=page, per_page=per_page, error_out=False, items=items, total=listed.total)


def _filter_options(include_drafts: bool) -> list[tuple[str, str, list[tuple], str | None]]:
    """(query argument, label, [(value, text)], the option for no filter) for each select of the filter
    form; "Tutti" or "Tutte" agrees with the filter's noun, and the sort has no such option."""
    statuses = [
        (status, CHALLENGE_STATUS_LABELS[status])
        for status in CHALLENGE_STATUSES
        if include_drafts or status != "draft"
    ]
    return [
        ("status", _("Stato"), statuses, _("Tutti")),
        (
            "theme",
            _("Asse tematico"),
            [(theme.id, localized_name(theme)) for theme in reference.all_themes()],
            _("Tutti"),
        ),
        (
            "sdg",
            _("Obiettivo (SDG)"),
            [(sdg.number, f"{sdg.number}. {localized_name(sdg)}") for sdg in reference.all_sdgs()],
            _("Tutti"),
        ),
        (
            "administration",
            _("Amministrazione"),
            [(a.slug, a.name) for a in reference.all_administrations()],
            _("Tutte"),
        ),
        ("lab", _("Laboratorio territoriale"), [(lab.slug, lab.name) for lab in reference.all_labs()], _("Tutti")),
        ("region", _("Regione"), list(regions().items()), _("Tutte")),
        ("sort", _("Ordina per"), [(key, SORT_LABELS[key]) for key in service.SORTS], None),
    ]


def _populate_choices(form: ChallengeForm) -> None:
    form.theme.choices = [(theme.id, localized_name(theme)) for theme in reference.all_themes()]
    form.sdgs.choices = [(sdg.number, f"{sdg.number}. {localized_name(sdg)}") for sdg in reference.all_sdgs()]
    form.region.choices = list(regions().items())
    form.lab.choices = [("", _("Nessuno"))] + [(lab.id, lab.name) for lab in reference.all_labs()]
    if "administration" in form:
        form.administration.choices = [
            (administration.id, administration.name) for administration in reference.all_administrations()
        ]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """A new draft, for staff of an administration and admins."""
    if not can_create_challenges(current_user):
        raise PermissionDenied(_("Solo il personale di un'amministrazione può creare sfide."))
    form = ChallengeForm()
    if not current_user.is_admin:
        del form.administration  # staff always publish for their own administration
    _populate_choices(form)
    if request.method == "GET" and current_user.administration:
        form.region.data = current_user.administration.region_code
    challenge = submit(
        form,
        lambda: service.create_challenge(current_user, form.challenge_input()),
        _("Bozza creata. Quando è pronta, aprila per ricevere soluzioni."),
    )
    if challenge is not None:
        return redirect(url_for(".detail", slug=challenge.slug), 303)
    return render_template("challenges/form.html", form=form, challenge=None), 422 if form.errors else 200


def _shared_cards(challenge, pagination, sort: str) -> str:
    """One page of the challenge's solutions as every reader sees it, each vote box in every state a reader
    can find it (reader marks), from the cache while the challenge's scope holds (its votes included: the
    counts are in the cards); an empty one invites the first proposal, which changes when the deadline ends."""
    sort = sort if sort in SOLUTION_SORTS else "latest"
    page_ids = [solution.id for solution in pagination.items]
    list_path = url_for(
        ".detail",
        slug=challenge.slug,
        sort=None if sort == "latest" else sort,
        page=None if pagination.page == 1 else pagination.page,
    )
    return cached(
        "solution-cards",
        [challenge_scope(challenge.slug)],
        lambda: render_template(
            "challenges/_solution_cards.html",
            solutions=pagination.items,
            outcomes=outcomes_of(page_ids),
            open_to_votes=challenge.accepts_discussion,
            list_path=list_path,
        ),
        challenge.slug,
        sort,
        pagination.page,
        pagination.per_page,
        until=None if pagination.items else challenge.solutions_close_at(today()),
    )


@bp.get("/<slug>")
@shared_page(lambda slug: [challenge_scope(slug)], params=("page", "sort"), readers=True)
def detail(slug: str):
    """The challenge, its statistics box and its solutions; what is the reader's own is marked (web/marks.py)."""
    challenge = visible_challenge_or_404(slug)
    changes_at(challenge.solutions_close_at(today()))
    sort = request.args.get("sort", "latest")
    pagination = paginate(solutions_of(challenge, sort), count=False)
    # The stored counter is the number of published solutions; a COUNT would grow with the challenge.
    pagination.total = challenge.solution_count
    attachments = attachments_of(challenge)
    return render_template(
        "challenges/detail.html",
        challenge=challenge,
        pagination=pagination,
        sort=sort,
        stats=challenge_statistics(challenge),
        can_manage=can_manage(current_user, challenge),
        next_status=service.NEXT_STATUS.get(challenge.status),
        accepts_solutions=challenge.accepts_solutions(today()),
        spid_needed_to_propose=needs_spid_for(current_user, "propose"),
        solution_sorts=list(SOLUTION_SORT_LABELS.items()),
        solution_cards=Markup(_shared_cards(challenge, pagination, sort)),
        results=public_results(challenge),
        attachments=attachments,
        cover=next((attachment for attachment in attachments if attachment.role == "cover"), None),
        meetings=upcoming_of(challenge),
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit the challenge (its administration's staff and admins)."""
    challenge = visible_challenge_or_404(slug)
    if not can_manage(current_user, challenge):
        raise PermissionDenied(_("Non puoi modificare questa sfida."))
    form = ChallengeForm(obj=challenge)
    del form.administration  # a challenge never changes hands
    _populate_choices(form)
    if request.method == "GET":
        form.theme.data = challenge.theme_id
        form.sdgs.data = [sdg.number for sdg in challenge.sdgs]
        form.region.data = challenge.region_code
        form.lab.data = challenge.lab_id
    form.deadline.object_data = challenge.deadline  # an unchanged past deadline stays valid
    if request.method == "POST" and form.validate() and access.narrows(challenge, form.visibility.data):
        page = ask_first(
            lambda: None,  # only its staff reach this line; the service checks again
            title=_("Restringere chi vede la sfida?"),
            text=_(
                "Chi la segue, chi ha proposto soluzioni e i partecipanti che non rientrano nel nuovo pubblico"
                " non potranno più vederla né parteciparvi: riceveranno un avviso e smetteranno di seguirla."
            ),
            button=_("Sì, restringi"),
            back=url_for(".edit", slug=challenge.slug),
        )
        if page is not None:
            return page
    if submit(
        form, lambda: service.update_challenge(current_user, challenge, form.challenge_input()), _("Sfida aggiornata.")
    ):
        return redirect(url_for(".detail", slug=challenge.slug), 303)
    return render_template("challenges/form.html", form=form, challenge=challenge), 422 if form.errors else 200


# What each step of the lifecycle does, asked before it is taken: no step can be undone, but only
# closing takes something away from participants (the danger style is kept for it).
STATUS_CONFIRMATIONS = {
    "open": (
        _l("Aprire la sfida?"),
        _l("La sfida diventa pubblica e riceve soluzioni fino alla scadenza. Non potrà tornare in bozza."),
        _l("Sì, apri la sfida"),
        False,
    ),
    "evaluation": (
        _l("Passare alla valutazione?"),
        _l("La sfida non accetterà più nuove soluzioni; voti e commenti restano aperti. Non potrà tornare aperta."),
        _l("Sì, passa alla valutazione"),
        False,
    ),
    "closed": (
        _l("Chiudere la sfida?"),
        _l("La sfida diventa di sola lettura: niente più soluzioni, voti né commenti. Non potrà essere riaperta."),
        _l("Sì, chiudi la sfida"),
        True,
    ),
}


@bp.post("/<slug>/status")
@login_required
def status(slug: str):
    """Move the challenge to the next step of its lifecycle."""
    challenge = visible_challenge_or_404(slug)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)

    def refuse() -> None:
        if not can_manage(current_user, challenge):
            raise PermissionDenied(_("Non puoi cambiare lo stato di questa sfida."))
        if service.NEXT_STATUS.get(challenge.status) != form.status.data:
            raise service.ChallengeError(_("Passaggio di stato non consentito."), field="status")

    # A status without a question (back to draft) is refused by refuse() before any page is shown.
    title, text, button, danger = STATUS_CONFIRMATIONS.get(form.status.data, ("", "", "", True))
    page = ask_first(
        refuse,
        title=str(title),
        text=str(text),
        button=str(button),
        back=url_for(".detail", slug=challenge.slug),
        danger=danger,
    )
    if page is not None:
        return page
    service.change_status(current_user, challenge, form.status.data)
    flash(_("Stato della sfida aggiornato."), "success")
    return redirect(url_for(".detail", slug=challenge.slug), 303)


FOLLOW_CHOICES = {
    "follow": (service.follow, _l("Ora segui questa sfida.")),
    "unfollow": (service.unfollow, _l("Non segui più questa sfida.")),
}


@bp.post("/<slug>/<any(follow, unfollow):choice>")
@login_required
def follow(slug: str, choice: str):
    """Follow the challenge to hear about new solutions, or stop following it."""
    challenge = visible_challenge_or_404(slug)
    return change_following(FOLLOW_CHOICES, choice, challenge, url_for(".detail", slug=challenge.slug))


EXPORTS = {
    "csv": (challenge_solutions_csv, "text/csv"),  # Werkzeug adds the one "; charset=utf-8"
    "xlsx": (challenge_solutions_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _absolute_file_url(attachment: Attachment) -> str:
    """A file's address for a spreadsheet, opened outside the site: whole, with the file's hash."""
    return url_for(
        "attachments.file",
        attachment_id=attachment.id,
        filename=attachment.download_name,
        v=attachment.version,
        _external=True,
    )


@bp.get("/<slug>/export.<fmt>")
@login_required
def export(slug: str, fmt: str):
    """One challenge's solutions with votes and official responses, as CSV or XLSX (its staff and admins)."""
    if fmt not in EXPORTS:
        abort(404)
    challenge = visible_challenge_or_404(slug)
    if not can_export(current_user, challenge):
        raise PermissionDenied(_("Solo il personale dell'amministrazione della sfida può scaricarne le soluzioni."))
    build, mimetype = EXPORTS[fmt]
    return Response(
        build(challenge, _absolute_file_url),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{challenge.slug}-soluzioni.{fmt}"',
            "Cache-Control": "no-store",
        },
    )
