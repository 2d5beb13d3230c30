"""Every page type, and a small site that fills each of them, for the accessibility and HTML checks.

`build_site()` returns the ids, slugs and accounts the page paths need. `PAGES` lists (name, path
template, who looks at it); `readers(case)` lists every role that may open the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

from PIL import Image, ImageDraw

from challenge.account.invitations import create_invitation
from challenge.account.service import reset_token, set_role, verification_token
from challenge.admin.legal import publish_version
from challenge.administrations.service import edit_some
from challenge.attachments.service import Upload, add_attachment
from challenge.comments.service import add_comment, edit_comment
from challenge.core.extensions import db
from challenge.core.legal import starting_text
from challenge.messages.service import send_message
from challenge.models import CLI_ACTOR, Follow, Lab, Partner, SolutionFollow, Theme, User, utcnow
from challenge.moderation.accounts import suspend
from challenge.moderation.appeals import file_appeal
from challenge.moderation.decisions import flag, hide, latest_decision, restore
from challenge.notifications.service import unsubscribe_token
from challenge.pages.service import PageDetails, create_page, edit_page
from challenge.solutions.merging import merge_solutions
from challenge.solutions.responses import respond
from challenge.solutions.service import withdraw_solution
from challenge.text.markup import render_markdown
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.coauthors.site import site_coauthors
from tests.factories import make_administration, make_challenge, make_participant, make_solution, make_user
from tests.meetings.site import site_meetings
from tests.participants.site import site_participants


@dataclass(frozen=True)
class Site:
    """What the page paths refer to, and the accounts that look at them."""

    open_challenge: str
    administration: str
    lab: str
    solution: int
    comment: int  # a top-level comment on `solution` with more replies than the page shows under it
    edited_comment: int  # a comment on `solution` its author ("commenter") has just edited
    accounts: dict[str, int]
    partner: int
    invitation: str  # the token of a pending invitation
    tokens: dict[str, str]
    held: dict[str, int] = field(default_factory=dict)  # solutions held back by moderation: hidden, pending
    # Evaluation (issue 18): a challenge under evaluation, one closed with results, their solutions.
    evaluated_challenge: str = ""
    evaluated_solution: int = 0
    closed_challenge: str = ""
    winner: int = 0
    content_page: str = ""  # an admin's page in the footer, saved twice
    meeting: int = 0  # an upcoming meeting of the lab, full, the citizen with a seat and the author waiting
    past_meeting: int = 0
    participant_invitation: str = ""  # the token of a pending invitation to take part in `open_challenge`
    withdrawn: int = (
        0  # a solution withdrawn in favour of `solution` (a duplicate of the appellant's was merged into it)
    )
    private_challenge: str = ""  # a challenge for invited participants (issue 31): the citizen is one


ROLES = (None, "citizen", "author", "staff", "moderator", "admin")  # None: a visitor


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str  # formatted with `site=`
    role: str | None = None  # a key of Site.accounts; None for a visitor
    signed_out_only: bool = False  # sign-in and registration send a signed-in reader elsewhere
    status: int = 200

    def url(self, site: Site) -> str:
        return self.path.format(site=site)


def readers(case: PageCase) -> tuple[str | None, ...]:
    """Every role that may open the page: all for public pages, the signed-in for personal ones,
    staff and admins for challenge editing, moderators and admins for moderation."""
    if case.signed_out_only:
        return (None,)
    if case.role is None:
        return ROLES
    if case.role in ("staff", "moderator"):
        return (case.role, "admin")
    if case.role not in ("citizen", "author"):
        return (case.role,)  # the admin console, and accounts in one state (unverified)
    return ROLES[1:]


PAGES = [
    PageCase("home", "/"),
    PageCase("challenge-list", "/challenges"),
    PageCase("challenge-detail", "/challenges/{site.open_challenge}"),
    PageCase("challenge-embed", "/challenges/{site.open_challenge}/embed"),
    PageCase("challenge-new", "/challenges/new", "staff"),
    PageCase("challenge-edit", "/challenges/{site.open_challenge}/edit", "staff"),
    PageCase("challenge-private", "/challenges/{site.private_challenge}", "staff"),
    PageCase("challenge-private-participant", "/challenges/{site.private_challenge}", "citizen_participant"),
    PageCase("solution-detail", "/solutions/{site.solution}", "citizen"),
    PageCase("solution-detail-staff", "/solutions/{site.solution}", "staff"),
    PageCase("solution-detail-visitor", "/solutions/{site.solution}?comments=best"),
    PageCase("solution-detail-moderator", "/solutions/{site.solution}", "moderator"),
    PageCase("solution-reply", "/solutions/{site.solution}?reply_to={site.comment}", "author"),
    PageCase("solution-flag-comment", "/solutions/{site.solution}?comments=newest&flag={site.comment}", "author"),
    PageCase("solution-thread", "/solutions/{site.solution}?thread={site.comment}", "citizen"),
    PageCase("comment-edit", "/comments/{site.edited_comment}/edit", "commenter"),
    PageCase("solution-new", "/challenges/{site.open_challenge}/solutions/new", "citizen"),
    PageCase("login", "/auth/login", signed_out_only=True),
    PageCase("register", "/auth/register", signed_out_only=True),
    PageCase("verify-email", "/auth/verify/{site.tokens[verify]}"),
    PageCase("invalid-link", "/auth/verify/non-valido", status=400),
    PageCase("account-unverified", "/account", "unverified"),
    PageCase("user-profile", "/users/{site.accounts[author]}"),
    PageCase("account-terms", "/account/terms", "citizen"),
    PageCase("account-terms-changed", "/account/terms", "behind"),
    PageCase("unsubscribe", "/unsubscribe/{site.tokens[unsubscribe]}"),
    PageCase("password-forgot", "/auth/password/forgot"),
    PageCase("password-reset", "/auth/password/reset/{site.tokens[reset]}"),
    PageCase("account", "/account", "author"),
    PageCase("notifications", "/notifications", "author"),
    PageCase("account-activity", "/account/activity", "appellant"),
    PageCase("account-activity-all", "/account/activity?show=solutions", "appellant"),
    PageCase("account-activity-empty", "/account/activity", "unverified"),
    PageCase("leaderboards", "/leaderboards?period=all"),
    PageCase("administrations", "/administrations"),
    PageCase("administration-detail", "/administrations/{site.administration}"),
    PageCase("labs", "/labs"),
    PageCase("lab-detail", "/labs/{site.lab}"),
    PageCase("search", "/search?q=sportello"),
    PageCase("moderation-queue", "/moderation", "moderator"),
    PageCase("moderation-log", "/moderation/log", "moderator"),
    PageCase("moderation-users", "/moderation/users", "moderator"),
    PageCase("moderation-user", "/moderation/users/{site.accounts[suspended]}", "moderator"),
    PageCase("moderation-appeals", "/moderation/appeals", "moderator"),
    PageCase("solution-hidden-author", "/solutions/{site.held[hidden]}", "appellant"),
    PageCase("solution-pending-author", "/solutions/{site.held[pending]}", "appellant"),
    PageCase("solution-pending-moderator", "/solutions/{site.held[pending]}", "moderator"),
    PageCase("account-suspended", "/account", "suspended"),
    PageCase("staff-dashboard", "/administrations/{site.administration}/dashboard", "staff"),
    PageCase("admin-home", "/admin", "admin"),
    PageCase("admin-administrations", "/admin/administrations", "admin"),
    PageCase("admin-administration-new", "/admin/administrations/new", "admin"),
    PageCase("admin-administration-edit", "/admin/administrations/{site.administration}/edit", "admin"),
    PageCase("admin-labs", "/admin/labs", "admin"),
    PageCase("admin-lab-new", "/admin/labs/new", "admin"),
    PageCase("admin-lab-edit", "/admin/labs/{site.lab}/edit", "admin"),
    PageCase("admin-partner-edit", "/admin/labs/{site.lab}/partners/{site.partner}/edit", "admin"),
    PageCase("admin-users", "/admin/users", "admin"),
    PageCase("admin-user", "/admin/users/{site.accounts[staff]}", "admin"),
    PageCase("admin-invitations", "/admin/invitations", "admin"),
    PageCase("admin-log", "/admin/log", "admin"),
    PageCase("admin-legal", "/admin/legal", "admin"),
    PageCase("admin-pages", "/admin/pages", "admin"),
    PageCase("admin-page-new", "/admin/pages/new", "admin"),
    PageCase("admin-page-edit", "/admin/pages/{site.content_page}/edit", "admin"),
    PageCase("invitation", "/invitations/{site.invitation}", signed_out_only=True),
    PageCase("open-data", "/open-data"),
    PageCase("accessibility", "/accessibilita"),
    PageCase("privacy", "/pages/privacy"),
    PageCase("terms", "/pages/condizioni-d-uso"),
    PageCase("content-page", "/pages/{site.content_page}"),
    PageCase("legal", "/note-legali"),
    PageCase("not-found", "/challenges/questa-sfida-non-esiste", status=404),
    PageCase("evaluation-setup", "/challenges/{site.open_challenge}/evaluation", "staff"),
    PageCase("challenge-messages", "/challenges/{site.open_challenge}/messages", "staff"),
    PageCase("evaluation-results", "/challenges/{site.evaluated_challenge}/results", "staff"),
    PageCase("evaluation-inbox", "/evaluations", "evaluator"),
    PageCase("evaluation-score", "/solutions/{site.evaluated_solution}/evaluation", "evaluator"),
    PageCase("challenge-results", "/challenges/{site.closed_challenge}"),
    PageCase("solution-winner", "/solutions/{site.winner}"),
    PageCase("solution-winner-staff", "/solutions/{site.winner}", "staff"),
    PageCase("challenge-attachments", "/challenges/{site.open_challenge}/attachments", "staff"),
    PageCase("solution-attachments", "/solutions/{site.solution}/attachments", "proposer"),
    PageCase("meetings", "/meetings"),
    PageCase("meetings-past", "/meetings?when=past"),
    PageCase("meetings-empty", "/meetings?challenge={site.closed_challenge}"),
    PageCase("meeting-detail", "/meetings/{site.meeting}"),
    PageCase("meeting-detail-registered", "/meetings/{site.meeting}", "citizen"),
    PageCase("meeting-detail-waiting", "/meetings/{site.meeting}", "author"),
    PageCase("meeting-detail-organiser", "/meetings/{site.meeting}", "staff"),
    PageCase("meeting-detail-past", "/meetings/{site.past_meeting}"),
    PageCase("meeting-detail-past-organiser", "/meetings/{site.past_meeting}", "staff"),
    PageCase("meeting-new-lab", "/labs/{site.lab}/meetings/new", "staff"),
    PageCase("meeting-new-challenge", "/challenges/{site.open_challenge}/meetings/new", "staff"),
    PageCase("meeting-edit", "/meetings/{site.meeting}/edit", "staff"),
    PageCase("challenge-participants", "/challenges/{site.open_challenge}/participants", "staff"),
    PageCase("challenge-participants-empty", "/challenges/{site.evaluated_challenge}/participants", "staff"),
    PageCase("participant-invitation", "/invitations/{site.participant_invitation}", signed_out_only=True),
    PageCase("solution-merge", "/solutions/{site.solution}/merge", "staff"),
    PageCase("solution-merged-author", "/solutions/{site.solution}", "appellant"),
    PageCase("solution-withdrawn-in-favour", "/solutions/{site.withdrawn}"),
    PageCase("solution-authors", "/solutions/{site.solution}/coauthors", "proposer"),
    PageCase("coauthorship-answer", "/coauthorships/{site.tokens[coauthorship]}", "invitee"),
    PageCase("coauthorship-sign-in", "/coauthorships/{site.tokens[coauthorship]}", signed_out_only=True),
    PageCase("coauthorship-new-account", "/coauthorships/{site.tokens[coauthorship_new]}", signed_out_only=True),
]

LONG_TEXT = (
    "Oggi chi apre un'attività deve presentare la stessa documentazione a **quattro uffici diversi**, "
    "spesso in giorni diversi e con moduli che chiedono gli stessi dati.\n\n"
    "Proponiamo uno sportello digitale unico che:\n\n"
    "- raccoglie i dati una sola volta e li inoltra agli uffici competenti;\n"
    "- mostra lo stato della pratica in tempo reale;\n"
    "- offre un appuntamento in presenza a chi non usa il digitale.\n\n"
    "Il costo stimato è contenuto perché si riusano piattaforme già adottate dalla Regione "
    "([PagoPA](https://www.pagopa.gov.it) e SPID)."
)


def _lab(coordinator) -> Lab:
    lab = Lab(
        name="Laboratorio territoriale di Bologna",
        slug="laboratorio-bologna",
        territory="Città metropolitana di Bologna",
        region_code="08",
        coordinator_id=coordinator.id,
        description="Rete di enti locali, università, imprese e associazioni per l'economia circolare.",
        themes=list(db.session.scalars(db.select(Theme))),
        partners=[
            Partner(name="Università di Bologna", kind="university"),
            Partner(name="CEAS Pianura", kind="ceas"),
            Partner(name="Cooperativa Riuso", kind="business"),
        ],
    )
    db.session.add(lab)
    db.session.commit()
    return lab


def build_site() -> Site:
    """Challenges in three states, a solution with votes, a thread and an official response, flags and a log."""
    # Privacy notices published from the console, before the accounts: all but one accepted the newer one.
    publish_version(CLI_ACTOR, "privacy", "2026-10-01", "Prima versione pubblicata.", starting_text("privacy"))
    publish_version(
        CLI_ACTOR,
        "privacy",
        "2026-11-30",
        "Nuovi tempi di conservazione dei dati.\nNuovo contatto del DPO.",
        starting_text("privacy").replace("## Cookie", "## Cookie tecnici"),
    )
    behind = make_user(name="Elena Indietro", privacy_version="2026-01-01")
    bologna = make_administration(name="Comune di Bologna", slug="comune-di-bologna")
    lab = _lab(bologna)
    staff = make_user(name="Giulia Rossi", role="staff", administration=bologna)
    moderator = make_user(name="Marco Bianchi", role="moderator")
    admin = make_user(name="Paola Neri", role="admin")
    author = make_user(
        name="Associazione Quartiere Attivo", kind="association", organisation_name="Quartiere Attivo APS"
    )
    citizen = make_user(name="Luca Verdi")
    neighbours = [make_user(name=f"Residente {n}") for n in range(4)]
    newcomer = make_user(name="Sara Nuova", email_verified_at=None)

    challenge = make_challenge(
        bologna,
        title="Sportelli più semplici per chi apre un'attività",
        body=LONG_TEXT,
        body_html=render_markdown(LONG_TEXT),
        lab_id=lab.id,
    )
    mense = make_challenge(bologna, title="Meno rifiuti nelle mense scolastiche", status="evaluation")
    borghi = make_challenge(
        make_administration(name="Regione Puglia", region_code="16"),
        title="Trasporto a chiamata nei borghi",
        status="closed",
    )

    solution = make_solution(
        challenge,
        author,
        title="Uno sportello unico digitale per le imprese",
        body=LONG_TEXT,
        body_html=render_markdown(LONG_TEXT),
    )
    make_solution(challenge, citizen, title="Appuntamenti allo sportello prenotabili via SMS")
    for neighbour in neighbours[:3]:
        vote_on_solution(neighbour, solution, 1)
    vote_on_solution(neighbours[3], solution, -1)

    comment = add_comment(citizen, solution, "Ottima idea: il *modulo unico* farebbe risparmiare ore.")
    add_comment(author, solution, "Grazie! Stiamo raccogliendo i costi.", comment.id)
    for neighbour in neighbours[:3]:
        add_comment(neighbour, solution, "Sono d'accordo.", comment.id)
    vote_on_comment(neighbours[0], comment, 1)
    _attachments(staff, challenge, author, solution)
    respond(staff, solution, "under_review", "La proposta è in valutazione presso l'Area Attività produttive.")
    respond(staff, solution, "accepted", "Accolta: lo sportello unico partirà in via sperimentale a marzo.")

    spam = make_solution(challenge, neighbours[0], title="Offerta imperdibile di consulenze a pagamento")
    for reporter in (author, citizen, neighbours[1]):
        flag(reporter, spam, "spam", "Pubblicità")
    commenter = make_user(name="Carla Correzioni")
    edited = add_comment(commenter, solution, "Lo sportello unico esiste già a Modena: si puo copiare.")
    edit_comment(commenter, edited, "Lo sportello unico esiste già a Modena: si può riusare.")
    rude = add_comment(neighbours[1], solution, "Commento fuori luogo.")
    flag(citizen, rude, "offensive", "")
    noisy = make_solution(challenge, neighbours[2], title="Una proposta nascosta e poi ripristinata")
    hide(moderator, noisy, "Verifica in corso", "spam")
    restore(moderator, noisy, "Nessuna violazione")
    suspend(moderator, neighbours[3], "Messaggi ripetuti", utcnow() + timedelta(days=7), "spam")
    # Held back by moderation: a hidden solution under appeal, another one hidden, a pending one.
    appellant = make_user(name="Franco Ricorrente")
    appealed = make_solution(challenge, appellant, title="Una proposta nascosta e contestata")
    hide(moderator, appealed, "Contiene un numero di telefono privato.", "personal_data")
    file_appeal(appellant, latest_decision(appealed), "Il numero è quello pubblico dell'associazione.")
    hidden = make_solution(challenge, appellant, title="Una proposta nascosta da leggere")
    hide(moderator, hidden, "Link pubblicitari ripetuti.", "spam")
    pending = make_solution(challenge, appellant, title="Una proposta in attesa di moderazione", status="pending")
    duplicate = make_solution(challenge, appellant, title="Sportello digitale unico per le nuove imprese")
    merge_solutions(staff, duplicate, solution.id, "La stessa proposta dello sportello unico.")
    withdrawn = make_solution(challenge, citizen, title="Un modulo online per aprire un'attività")
    withdraw_solution(citizen, withdrawn, solution.id)
    # The appellant's personal area: besides those, a comment and what they follow.
    add_comment(appellant, solution, "Lo sportello unico servirebbe anche alle associazioni.")
    db.session.add_all(
        [
            Follow(user_id=appellant.id, challenge_id=mense.id),
            SolutionFollow(user_id=appellant.id, solution_id=solution.id),
        ]
    )
    db.session.commit()

    admin = make_user(name="Ada Amministratrice", role="admin")
    edit_some(
        admin,
        bologna,
        ipa_code="c_a944",
        website="https://www.comune.bologna.it",
        description="Il **Comune** di Bologna.",
        embed_origins="https://www.comune.bologna.it",
    )
    set_role(admin, staff, "staff", bologna, "Referente dell'URP")
    invitation = create_invitation(
        admin, "nuova@comune.bologna.it", "staff", bologna, lambda token: f"/invitations/{token}"
    )

    send_message(
        staff,
        challenge,
        "Incontro pubblico sulle proposte",
        "Giovedì alle 18 presentiamo le proposte in sala consiliare.\nPer partecipare a distanza: "
        "https://www.comune.bologna.it/notizie/incontro-pubblico-proposte-sportello-unico-digitale-2026",
    )
    evaluated, winner, evaluator = _evaluation(mense, borghi, staff)
    meeting, past_meeting = site_meetings(staff, lab, challenge, citizen, author)
    participant_invitation = site_participants(staff, challenge, citizen)
    coauthorship_tokens, coauthor_accounts = site_coauthors(solution, author)

    private = make_challenge(
        bologna,
        visibility="invited",
        slug="sportelli-di-quartiere-per-le-associazioni",
        title="Sportelli di quartiere con le associazioni",
    )
    make_participant(private, citizen)

    faq = create_page(CLI_ACTOR, PageDetails("Domande frequenti", "domande-frequenti", LONG_TEXT, is_in_footer=True))
    edit_page(admin, faq, PageDetails("Domande frequenti", "domande-frequenti", f"## Le proposte\n\n{LONG_TEXT}", True))

    return Site(
        open_challenge=challenge.slug,
        administration=bologna.slug,
        lab=lab.slug,
        solution=solution.id,
        comment=comment.id,
        edited_comment=edited.id,
        accounts={
            "staff": staff.id,
            "moderator": moderator.id,
            "author": author.id,
            "proposer": author.id,  # the author, for the pages only they may open (the solution's files)
            "citizen": citizen.id,
            "admin": admin.id,
            "suspended": neighbours[3].id,
            "unverified": newcomer.id,
            "behind": behind.id,
            "appellant": appellant.id,
            "evaluator": evaluator.id,
            "commenter": commenter.id,
            **coauthor_accounts,
            "citizen_participant": citizen.id,
        },
        partner=lab.partners[0].id,
        withdrawn=withdrawn.id,
        invitation=invitation.token,
        tokens={
            "verify": verification_token(newcomer),
            "reset": reset_token(citizen),
            "unsubscribe": unsubscribe_token(author, "comment"),
            **coauthorship_tokens,
        },
        held={"hidden": hidden.id, "pending": pending.id},
        evaluated_challenge=mense.slug,
        evaluated_solution=evaluated.id,
        closed_challenge=borghi.slug,
        winner=winner.id,
        content_page=faq.slug,
        meeting=meeting.id,
        past_meeting=past_meeting.id,
        participant_invitation=participant_invitation,
        private_challenge=private.slug,
    )


def _attachments(staff, challenge, author, solution) -> None:
    """A cover, a picture and the call on the challenge; a photo and a budget on the solution (made here, not downloaded)."""
    cover = Image.new("RGB", (1800, 900), (0, 102, 204))
    ImageDraw.Draw(cover).rectangle((200, 300, 1600, 600), fill=(255, 255, 255))
    files = [
        (staff, challenge, cover, "piazza.jpg", {"role": "cover", "alt": "Lo sportello unico in piazza Maggiore"}),
        (
            staff,
            challenge,
            Image.new("RGB", (900, 600), (0, 128, 0)),
            "mappa.png",
            {"role": "image", "alt": "La mappa degli sportelli"},
        ),
        (
            author,
            solution,
            Image.new("RGB", (1200, 800), (200, 120, 0)),
            "prototipo.jpg",
            {"alt": "Il prototipo dello sportello"},
        ),
    ]
    for person, item, picture, name, fields in files:
        data = io.BytesIO()
        picture.save(data, "JPEG" if name.endswith(".jpg") else "PNG")
        add_attachment(person, item, Upload(data, name, **fields))
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    add_attachment(staff, challenge, Upload(io.BytesIO(pdf), "bando.pdf", title="Bando della sfida"))
    add_attachment(author, solution, Upload(io.BytesIO(pdf), "costi.pdf", title="Piano dei costi"))


def _evaluation(mense, borghi, staff):
    """A juror's scores on a challenge under evaluation; a closed challenge with a winner, a mention and milestones."""
    from challenge.evaluation.follow_through import MilestoneInput, add_milestone
    from challenge.evaluation.results import add_award
    from challenge.evaluation.scoring import score_solution
    from challenge.evaluation.setup import criteria_of, ensure_default_criteria
    from challenge.models import Award, Evaluator

    evaluator = make_user(name="Giurata del laboratorio")
    evaluated = make_solution(mense, title="Porzioni su misura e doggy bag")
    make_solution(mense, title="Compostaggio degli scarti in cortile")
    db.session.add(Evaluator(challenge_id=mense.id, email=evaluator.email, user_id=evaluator.id))
    db.session.add(Evaluator(challenge_id=mense.id, email="giurato@partner.example"))
    ensure_default_criteria(mense)
    db.session.commit()
    score_solution(evaluator, evaluated, {c.id: 4 for c in criteria_of(mense)}, "Da verificare i costi.")
    add_award(staff, mense, evaluated.id, "1", "Riduce gli sprechi da subito.")

    winner = make_solution(borghi, title="Minibus a chiamata con prenotazione telefonica")
    mention = make_solution(borghi, title="Car pooling tra vicini")
    ensure_default_criteria(borghi)
    db.session.add_all(
        [
            Award(challenge_id=borghi.id, solution_id=winner.id, place="1", motivation="Semplice e per tutti."),
            Award(challenge_id=borghi.id, solution_id=mention.id, place="mention", motivation="Da provare."),
        ]
    )
    winner.award_place, mention.award_place = "1", "mention"
    db.session.commit()
    puglia_staff = make_user(name="Staff Puglia", role="staff", administration_id=borghi.administration_id)
    add_milestone(
        puglia_staff, winner, MilestoneInput("Gara per i mezzi", utcnow().date(), "done", "Aggiudicata.", 100)
    )
    add_milestone(puglia_staff, winner, MilestoneInput("Primo servizio", utcnow().date(), "in_progress", "", 30))
    return evaluated, winner, evaluator


def account(site: Site, role: str) -> User:
    """The account that plays `role` on the site."""
    return db.session.get(User, site.accounts[role])
