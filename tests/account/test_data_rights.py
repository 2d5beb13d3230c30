"""Export of one's data, and account deletion that keeps counts consistent."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta
from unittest.mock import MagicMock

from sqlalchemy import func, select

from challenge.account import data_rights, password_checks
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.models import (
    Attachment,
    AuditEntry,
    AuthSession,
    ChallengeMessage,
    ContentPage,
    ContentPageVersion,
    EmailDigest,
    EmailPreference,
    Flag,
    Follow,
    Invitation,
    LegalVersion,
    MeetingRegistration,
    ModerationAction,
    Notification,
    OfficialResponse,
    OfficialResponseRevision,
    OutboxEmail,
    PasswordThrottle,
    Solution,
    SolutionFollow,
    SolutionRevision,
    User,
    utcnow,
)
from challenge.notifications.service import send_outbox
from challenge.votes.service import vote_on_comment, vote_on_solution
from tests.conftest import empty_tables
from tests.factories import (
    PASSWORD,
    login,
    make_challenge,
    make_comment,
    make_meeting,
    make_solution,
    make_user,
)


def test_export_contains_all_of_the_persons_data(app, client):
    with app.app_context():
        user = make_user(
            email="esporta@example.it", name="Elena Esporta", kind="association", organisation_name="Elena APS"
        )
        solution = make_solution(author=user, title="La mia proposta")
        make_comment(solution, author=user, body="Il mio commento")
        vote_on_solution(user, make_solution(), 1)
        login(client, user)
    response = client.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["profile"]["email"] == "esporta@example.it"
    assert (data["profile"]["kind"], data["profile"]["organisation_name"]) == ("association", "Elena APS")
    assert data["profile"]["terms"]["version"] == app.config["TERMS_VERSION"]
    assert [s["title"] for s in data["solutions"]] == ["La mia proposta"]
    assert data["comments"][0]["body"] == "Il mio commento"
    assert data["votes"]["solutions"][0]["value"] == 1
    assert set(data) >= {"follows", "notifications", "sessions", "flags"}


def test_delete_needs_the_password_and_then_erases_identity_but_keeps_content(app, client):
    with app.app_context():
        user = make_user(
            email="via@example.it", name="Vittorio Via", pending_email="nuova@example.it", organisation_name="Ditta Via"
        )
        solution = make_solution(author=user, title="Resta anche dopo")
        vote_on_solution(make_user(), solution, 1)
        user_id, solution_id = user.id, solution.id
        login(client, user)
    wrong = client.post("/account/delete", data={"password": "sbagliata-123", "confirm": "y"})
    assert wrong.status_code == 422 and "non è corretta" in wrong.get_data(as_text=True)
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 303
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.email, user.name, user.pending_email, user.organisation_name) == (None, "", None, None)
        assert user.deleted_at is not None
        assert (
            db.session.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user_id)) == 0
        )
        assert db.session.get(Solution, solution_id).votes_up == 1
        assert recount() == []
    page = app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Utente cancellato" in page and "Vittorio Via" not in page
    assert client.get("/account").status_code == 302
    relogin = app.test_client().post("/auth/login", data={"email": "via@example.it", "password": PASSWORD})
    assert relogin.status_code == 422


# ----- every trace: each column that points at a person is exported, and erased or kept -----


def references_to_users() -> set[tuple[str, str]]:
    """(table, column) of every foreign key to users.id in the models."""
    return {
        (table.name, key.parent.name)
        for table in db.metadata.sorted_tables
        for key in table.foreign_keys
        if key.column.table.name == "users"
    }


# Where the export shows the rows behind each reference. A model that gains a column pointing at
# users fails the tests below until it is added here, to the export and to the erasure lists.
EXPORTED = {
    ("auth_sessions", "user_id"): lambda data: data["sessions"],
    ("challenges", "created_by_id"): lambda data: data["challenges_created"],
    ("email_preferences", "user_id"): lambda data: data["email_notifications"],
    ("email_digests", "user_id"): lambda data: data["email_digests"],
    ("challenge_messages", "author_id"): lambda data: data["challenge_messages_sent"],
    ("notifications", "user_id"): lambda data: data["notifications"],
    ("follows", "user_id"): lambda data: data["follows"],
    ("solution_follows", "user_id"): lambda data: data["followed_solutions"],
    ("solutions", "author_id"): lambda data: data["solutions"],
    ("comments", "author_id"): lambda data: data["comments"],
    ("official_responses", "author_id"): lambda data: data["official_responses"],
    ("official_response_revisions", "author_id"): lambda data: data["official_response_revisions"],
    ("solution_votes", "user_id"): lambda data: data["votes"]["solutions"],
    ("comment_votes", "user_id"): lambda data: data["votes"]["comments"],
    ("flags", "reporter_id"): lambda data: data["flags"],
    ("moderation_actions", "actor_id"): lambda data: [a for a in data["moderation"] if a["by_me"]],
    ("moderation_actions", "target_user_id"): lambda data: [a for a in data["moderation"] if a["about_me"]],
    ("audit_log", "actor_id"): lambda data: data["audit"],
    ("invitations", "invited_by_id"): lambda data: [i for i in data["invitations"] if i["sent_by_me"]],
    ("invitations", "accepted_by_id"): lambda data: [i for i in data["invitations"] if i["accepted_by_me"]],
    ("legal_versions", "published_by_id"): lambda data: data["legal_versions_published"],
    ("content_page_versions", "saved_by_id"): lambda data: data["content_page_versions_saved"],
    ("evaluators", "user_id"): lambda data: data["evaluations"][0]["scores"] and data["evaluations"][0]["notes"],
    ("awards", "created_by_id"): lambda data: data["awards_given"],
    ("appeals", "appellant_id"): lambda data: data["appeals"],
    ("appeals", "decided_by_id"): lambda data: data["appeals_decided"],
    ("user_flags", "reporter_id"): lambda data: data["people_reported"],
    ("user_flags", "user_id"): lambda data: data["reports_about_me"],
    ("attachments", "uploaded_by_id"): lambda data: data["attachments"],
    ("meeting_registrations", "user_id"): lambda data: data["meeting_registrations"],
    ("meetings", "created_by_id"): lambda data: data["meetings_created"],
    ("challenge_participants", "user_id"): lambda data: data["challenge_participations"],
    ("challenge_participants", "invited_by_id"): lambda data: data["participants_invited"],
    ("solution_coauthors", "user_id"): lambda data: data["coauthorships"],
    ("coauthor_invitations", "invited_by_id"): lambda data: [
        i for i in data["coauthor_invitations"] if i["sent_by_me"]
    ],
    ("coauthor_invitations", "answered_by_id"): lambda data: [
        i for i in data["coauthor_invitations"] if i["answered_by_me"]
    ],
}


def _evaluation_rows(person, own_challenge, others_solution) -> None:
    """Tina evaluates another challenge (a score and a note) and gave an award on her own (issue 18)."""
    from challenge.models import Award, EvaluationCriterion, EvaluationNote, EvaluationScore, Evaluator

    criterion = EvaluationCriterion(challenge_id=others_solution.challenge_id, name="Impatto", weight=1)
    evaluator = Evaluator(challenge_id=others_solution.challenge_id, email=person.email, user_id=person.id)
    db.session.add_all([criterion, evaluator])
    db.session.flush()
    db.session.add_all(
        [
            EvaluationScore(
                evaluator_id=evaluator.id, solution_id=others_solution.id, criterion_id=criterion.id, value=4
            ),
            EvaluationNote(evaluator_id=evaluator.id, solution_id=others_solution.id, body="Nota di Tina"),
            Award(
                challenge_id=own_challenge.id,
                solution_id=make_solution(own_challenge).id,
                place="1",
                motivation="Scelta da Tina",
                created_by_id=person.id,
            ),
        ]
    )


def _participant_rows(person, own_challenge, others_solution) -> None:
    """Tina takes part in an invited challenge and invited someone to her own (issue 31)."""
    from challenge.models import Participant

    db.session.add_all(
        [
            Participant(
                challenge_id=others_solution.challenge_id, email=person.email, user_id=person.id, accepted_at=utcnow()
            ),
            Participant(challenge_id=own_challenge.id, email="altri@example.it", invited_by_id=person.id),
        ]
    )


def _coauthor_rows(person, own_solution, others_solution) -> None:
    """Tina co-authors another's solution (she answered its invitation) and invited someone to hers (issue 30)."""
    from challenge.models import CoauthorInvitation, SolutionCoauthor

    db.session.add_all(
        [
            SolutionCoauthor(solution_id=others_solution.id, user_id=person.id),
            CoauthorInvitation(
                solution_id=own_solution.id, email="altri@example.it", invited_by_id=person.id, expires_at=utcnow()
            ),
            CoauthorInvitation(
                solution_id=others_solution.id,
                email="tutto@example.it",
                expires_at=utcnow(),
                answer="accepted",
                answered_at=utcnow(),
                answered_by_id=person.id,
            ),
        ]
    )


def _due_process_rows(person) -> None:
    """Tina appealed her old suspension, decided someone else's appeal, reported a person and was reported (issue 17)."""
    from challenge.models import Appeal, UserFlag

    suspension = ModerationAction(target_user_id=person.id, action="suspend", reason="Per l'appello di Tina")
    others_decision = ModerationAction(action="hide", reason="Deciso da altri")
    db.session.add_all([suspension, others_decision])
    db.session.flush()
    someone = make_user(email="qualcuno@example.it")
    db.session.add_all(
        [
            Appeal(decision_id=suspension.id, appellant_id=person.id, body="Il ricorso di Tina"),
            Appeal(decision_id=others_decision.id, appellant_id=someone.id, body="Altro", decided_by_id=person.id),
            UserFlag(user_id=someone.id, reporter_id=person.id, reason="spam", detail="Segnalata da Tina"),
            UserFlag(user_id=person.id, reporter_id=someone.id, reason="spam", detail="Su Tina"),
        ]
    )


def complete_person(client) -> int:
    """A staff member with rows in every table that can be about a person, signed in on `client`."""
    person = make_user(
        email="tutto@example.it",
        name="Tina Tutto",
        role="staff",
        suspended_at=utcnow() - timedelta(days=9),
        suspended_until=utcnow() - timedelta(days=2),
        suspension_reason="Vecchia sospensione",
    )
    others_solution = make_solution(title="Di qualcun altro")
    own_challenge = make_challenge(person.administration, created_by_id=person.id, title="Sfida creata da Tina")
    own_solution = make_solution(author=person, title="La proposta di Tina")
    others_comment = make_comment(others_solution)
    make_comment(others_solution, author=person, body="Il commento di Tina")
    vote_on_solution(person, others_solution, 1)
    vote_on_comment(person, others_comment, -1)
    response = OfficialResponse(
        solution_id=make_solution(own_challenge).id,
        administration_id=own_challenge.administration_id,
        author_id=person.id,
        outcome="accepted",
        body="Accolta da Tina",
        body_html="<p>Accolta da Tina</p>",
    )
    db.session.add(response)
    db.session.flush()
    db.session.add_all(
        [
            SolutionRevision(solution_id=own_solution.id, title="Prima stesura di Tina", body="Testo vecchio"),
            OfficialResponseRevision(
                response_id=response.id, author_id=person.id, outcome="under_review", body="In esame da Tina"
            ),
            Follow(user_id=person.id, challenge_id=others_solution.challenge_id),
            SolutionFollow(user_id=person.id, solution_id=others_solution.id),
            Notification(user_id=person.id, kind="comment", title="Titolo", solution_id=own_solution.id),
            EmailPreference(user_id=person.id, kind="comment"),
            EmailDigest(user_id=person.id, frequency="daily", period_start=date(2026, 12, 1)),
            Flag(reporter_id=person.id, solution_id=others_solution.id, reason="spam", detail="Segnalato da Tina"),
            ModerationAction(actor_id=person.id, action="dismiss", reason="Archiviato da Tina"),
            ModerationAction(target_user_id=person.id, action="suspend", reason="Vecchia sospensione"),
            OutboxEmail(recipient="tutto@example.it", subject="In coda per Tina", body="Da inviare"),
            OutboxEmail(recipient="tutto@example.it", subject="Inviata a Tina", body="Già inviata", sent_at=utcnow()),
            OutboxEmail(recipient="altri@example.it", subject="Per qualcun altro", body="Resta"),
            PasswordThrottle(key=password_checks.account_key("tutto@example.it"), failure_count=2),
            AuditEntry(
                actor_id=person.id,
                actor_name="Tina Tutto",
                action="role_change",
                target_type="user",
                target_label="Qualcuno",
            ),
            Invitation(
                token_hash="a" * 64,
                email="altri@example.it",
                role="moderator",
                invited_by_id=person.id,
                expires_at=utcnow(),
            ),
            Invitation(
                token_hash="b" * 64,
                email="tutto@example.it",
                role="moderator",
                accepted_by_id=person.id,
                expires_at=utcnow(),
                accepted_at=utcnow(),
            ),
            LegalVersion(document="terms", version="di-tina", summary="Pubblicata da Tina", published_by_id=person.id),
            Attachment(
                solution_id=own_solution.id,
                role="document",
                title="Piano di Tina",
                media_type="application/pdf",
                byte_count=1000,
                content_hash="c" * 64,
                original_filename="piano-tina.pdf",
                uploaded_by_id=person.id,
                renditions=[],
            ),
            # A challenge's file stays with it when its uploader's account is erased; a solution's goes.
            Attachment(
                challenge_id=own_challenge.id,
                role="document",
                title="Bando scritto da Tina",
                media_type="application/pdf",
                byte_count=1000,
                content_hash="d" * 64,
                original_filename="bando-tina.pdf",
                uploaded_by_id=person.id,
                renditions=[],
            ),
            ContentPage(
                slug="di-tina",
                title="Pagina di Tina",
                body="Scritta da Tina",
                versions=[ContentPageVersion(title="Pagina di Tina", body="Scritta da Tina", saved_by_id=person.id)],
            ),
            ChallengeMessage(
                challenge_id=own_challenge.id, author_id=person.id, subject="Da Tina", body="Grazie a tutti"
            ),
        ]
    )
    _evaluation_rows(person, own_challenge, others_solution)
    _participant_rows(person, own_challenge, others_solution)
    _due_process_rows(person)
    make_meeting(title="Organizzato da Tina", created_by_id=person.id)
    _coauthor_rows(person, own_solution, others_solution)
    db.session.add(MeetingRegistration(meeting_id=make_meeting().id, user_id=person.id, reminded_at=utcnow()))
    db.session.commit()
    login(client, person)
    return person.id


def test_the_export_holds_every_row_about_the_person(app, client):
    with app.app_context():
        complete_person(client)
        assert references_to_users() == set(EXPORTED)
    data = client.get("/account/export").get_json()
    for reference, section in EXPORTED.items():
        assert section(data), f"the export has no rows for {reference}"
    assert data["profile"]["suspension_reason"] == "Vecchia sospensione"
    assert [m["subject"] for m in data["emails"]] == ["In coda per Tina", "Inviata a Tina"]
    assert [r["title"] for r in data["solution_revisions"]] == ["Prima stesura di Tina"]
    assert "qualcuno@example.it" not in str(data["reports_about_me"])  # never who reported
    assert data["meeting_registrations"][0]["reminded_at"].endswith("Z")  # when a reminder was emailed


def test_erasure_leaves_no_trace_and_queued_mail_is_never_sent(app_factory, monkeypatch):
    app = app_factory(MAIL_SERVER="127.0.0.1")
    client = app.test_client()
    with app.app_context():
        empty_tables()
        person_id = complete_person(client)
        erased = {(c.table.name, c.key) for c in data_rights.ERASED_WITH_THE_PERSON}
        kept = {(c.table.name, c.key) for c in data_rights.KEPT_AS_DELETED_USER}
        assert erased | kept == references_to_users() and not erased & kept
        assert set(data_rights.ERASED_PROFILE) | set(data_rights.KEPT_PROFILE) == set(User.__table__.columns.keys())
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 303
    with app.app_context():
        for column in data_rights.ERASED_WITH_THE_PERSON:
            assert db.session.scalar(select(func.count()).select_from(column.table).where(column == person_id)) == 0
        for column in data_rights.KEPT_AS_DELETED_USER:
            assert db.session.scalar(select(func.count()).select_from(column.table).where(column == person_id)) >= 1
        person = db.session.get(User, person_id)
        assert (person.email, person.name, person.password_hash, person.role, person.administration_id) == (
            None,
            "",
            "!",
            "citizen",
            None,
        )
        assert (person.suspended_at, person.suspended_until, person.suspension_reason) == (None, None, None)
        assert db.session.scalars(select(OutboxEmail.recipient)).all() == ["altri@example.it"]
        assert db.session.scalar(select(func.count()).select_from(PasswordThrottle)) == 0
        mail_server = MagicMock()
        monkeypatch.setattr(smtplib, "SMTP", mail_server)
        send_outbox()
        sent = [
            call.args[0]["To"] for call in mail_server.return_value.__enter__.return_value.send_message.call_args_list
        ]
        assert sent == ["altri@example.it"]


def test_deleting_the_account_ends_every_session_of_it(app):
    with app.app_context():
        person = make_user()
        person_id = person.id
        laptop, phone = app.test_client(), app.test_client()
        login(laptop, person)
        login(phone, person)
        other = app.test_client()
        login(other, make_user())
    assert phone.get("/account").status_code == 200
    assert laptop.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 303
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 302  # the other browser is signed out too
    assert other.get("/account").status_code == 200
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == person_id))
            == 0
        )


def test_the_last_usable_admin_cannot_erase_their_account(app, client):
    with app.app_context():
        admin = make_user(role="admin")
        make_user(role="admin", suspended_at=utcnow(), suspension_reason="Sospeso")
        login(client, admin)
        admin_id = admin.id
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 422
    assert "ultimo amministratore" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin_id).deleted_at is None
        make_user(role="admin")
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 303
