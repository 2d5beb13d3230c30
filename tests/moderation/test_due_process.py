"""Moderation with due process: statements of reasons, pre-moderation, appeals, suspensions that say so,
reports of people, and the anti-spam rules (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenge.comments.service import add_comment
from challenge.core import permissions
from challenge.core.extensions import db, limiter
from challenge.models import (
    Appeal,
    Challenge,
    Comment,
    EmailPreference,
    Follow,
    ModerationAction,
    Notification,
    OutboxEmail,
    Solution,
    User,
    UserFlag,
    utcnow,
)
from challenge.moderation import decisions as moderation
from challenge.moderation.accounts import suspend
from challenge.solutions.service import propose_solution
from tests.conftest import empty_tables
from tests.factories import (
    PASSWORD,
    login,
    make_challenge,
    make_comment,
    make_solution,
    make_suspended_user,
    make_user,
)

HIDE = {"reason_code": "spam", "reason": "Link pubblicitari ripetuti in tutto il testo."}


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


# 1. Statement of reasons


@pytest.mark.parametrize(
    "data", [{"reason": "Solo il testo"}, {"reason_code": "spam"}, {"reason_code": "boh", "reason": "x"}]
)
def test_hiding_needs_a_category_and_an_explanation(app, data):
    with app.app_context():
        solution_id = make_solution().id
        client = signed_in(app, make_user(role="moderator"))
    response = client.post(f"/moderation/solutions/{solution_id}/hide", data=data)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Solution, solution_id).status == "published"
        assert count(ModerationAction) == 0


def test_the_author_reads_the_decision_on_the_hidden_solution_and_everyone_else_gets_404(app):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author, title="Proposta con pubblicità").id
        author_client, other = signed_in(app, author), signed_in(app, make_user())
        moderator = signed_in(app, make_user(role="moderator"))
    assert moderator.post(f"/moderation/solutions/{solution_id}/hide", data=HIDE).status_code == 303
    page = author_client.get(f"/solutions/{solution_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Decisione della moderazione" in html and "Nascosta" in html
    assert "Spam o pubblicità" in html and HIDE["reason"] in html
    assert f'action="/solutions/{solution_id}/appeal"' in html
    assert other.get(f"/solutions/{solution_id}").status_code == 404
    assert app.test_client().get(f"/solutions/{solution_id}").status_code == 404
    with app.app_context():
        action = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "hide"))
        assert (action.reason_code, action.reason) == ("spam", HIDE["reason"])


def test_the_notice_and_the_email_carry_the_statement_and_restoring_sends_its_own(app_factory):
    app = app_factory(MAIL_SERVER="localhost")
    with app.app_context():
        empty_tables()
        author = make_user(language="it")
        db.session.add(EmailPreference(user_id=author.id, kind="moderation"))
        db.session.commit()
        solution_id = make_solution(author=author, title="Proposta da rivedere").id
        author_id = author.id
        moderator = signed_in(app, make_user(role="moderator"))
        author_client = signed_in(app, author)
    moderator.post(f"/moderation/solutions/{solution_id}/hide", data=HIDE)
    with app.app_context():
        notice = db.session.scalar(select(Notification).where(Notification.user_id == author_id))
        assert notice.action.action == "hide"
        email = db.session.scalar(select(OutboxEmail).order_by(OutboxEmail.id.desc()))
        assert "nascosto" in email.body and "Spam o pubblicità" in email.body and HIDE["reason"] in email.body
        assert "presentare ricorso" in email.body and f"/solutions/{solution_id}" in email.body
    listing = author_client.get("/notifications").get_data(as_text=True)
    assert "La moderazione ha nascosto un tuo contenuto" in listing and HIDE["reason"] in listing
    moderator.post(f"/moderation/solutions/{solution_id}/restore", data={"reason": "Era una citazione"})
    with app.app_context():
        notices = db.session.scalars(
            select(Notification).where(Notification.user_id == author_id).order_by(Notification.id)
        ).all()
        assert [n.action.action for n in notices] == ["hide", "restore"]
        email = db.session.scalar(select(OutboxEmail).order_by(OutboxEmail.id.desc()))
        assert "ripristinato" in email.subject + email.body and "ricorso" not in email.body
    listing = author_client.get("/notifications").get_data(as_text=True)
    assert "La moderazione ha ripristinato un tuo contenuto" in listing


def test_automatic_hiding_carries_the_most_given_flag_reason(app_factory):
    app = app_factory(FLAG_AUTO_HIDE=2)
    with app.app_context():
        empty_tables()
        solution = make_solution()
        moderation.flag(make_user(), solution, "offensive", "")
        moderation.flag(make_user(), solution, "offensive", "")
        action = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "auto_hide"))
        assert action.reason_code == "offensive" and action.reason


# 2. Pre-moderation


def _premoderated(mode: str = "solutions"):
    challenge = make_challenge(premoderation=mode)
    follower = make_user()
    db.session.add(Follow(user_id=follower.id, challenge_id=challenge.id))
    db.session.commit()
    return challenge, follower


def test_a_pending_solution_waits_counts_nowhere_and_is_shown_only_to_its_author_and_moderators(app):
    with app.test_request_context():
        challenge, follower = _premoderated()
        author = make_user()
        solution = propose_solution(author, challenge, "Una proposta in attesa", "Testo della proposta in attesa.")
        solution_id, slug, follower_id = solution.id, challenge.slug, follower.id
        assert solution.status == "pending"
        assert db.session.get(Challenge, challenge.id).solution_count == 0
        assert count(Notification, Notification.user_id == follower_id) == 0
        author_client = signed_in(app, author)
        moderator = signed_in(app, make_user(role="moderator"))
        other = signed_in(app, make_user())
    own = author_client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "in attesa di moderazione" in own
    assert other.get(f"/solutions/{solution_id}").status_code == 404
    assert moderator.get(f"/solutions/{solution_id}").status_code == 200
    assert "Una proposta in attesa" not in app.test_client().get(f"/challenges/{slug}").get_data(as_text=True)
    queue = moderator.get("/moderation").get_data(as_text=True)
    assert "Una proposta in attesa" in queue
    assert queue.index('id="pending-title"') < queue.index("Contenuti segnalati")
    assert moderator.post(f"/moderation/solutions/{solution_id}/approve", data={}).status_code == 303
    with app.app_context():
        assert db.session.get(Solution, solution_id).status == "published"
        assert db.session.scalar(select(Challenge.solution_count).where(Challenge.slug == slug)) == 1
        assert count(Notification, Notification.user_id == follower_id, Notification.kind == "new_solution") == 1
        assert count(ModerationAction, ModerationAction.action == "approve") == 1
    assert "Una proposta in attesa" in app.test_client().get(f"/challenges/{slug}").get_data(as_text=True)


def test_rejecting_keeps_the_text_with_its_reason_for_the_author(app):
    with app.test_request_context():
        challenge, _follower = _premoderated()
        author = make_user()
        solution_id = propose_solution(author, challenge, "Proposta fuori tema", "Parla di tutt'altro, davvero.").id
        author_client = signed_in(app, author)
        moderator = signed_in(app, make_user(role="moderator"))
    assert moderator.post(f"/moderation/solutions/{solution_id}/reject", data={"reason": "x"}).status_code == 400
    data = {"reason_code": "off_topic", "reason": "Non risponde alla sfida."}
    assert moderator.post(f"/moderation/solutions/{solution_id}/reject", data=data).status_code == 303
    with app.app_context():
        solution = db.session.get(Solution, solution_id)
        assert solution.status == "rejected" and solution.body == "Parla di tutt'altro, davvero."
    html = author_client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Rifiutato" in html and "Fuori tema" in html and "Non risponde alla sfida." in html
    assert app.test_client().get(f"/solutions/{solution_id}").status_code == 404


def test_with_premoderation_all_comments_wait_outside_the_shared_thread(app):
    with app.test_request_context():
        challenge, _follower = _premoderated("all")
        solution = make_solution(challenge)
        author = make_user()
        comment = add_comment(author, solution, "Un commento che aspetta il moderatore.")
        assert comment.status == "pending"
        assert db.session.get(Solution, solution.id).comment_count == 0
        solution_id, comment_id = solution.id, comment.id
        author_client = signed_in(app, author)
        moderator = signed_in(app, make_user(role="moderator"))
    assert "Un commento che aspetta" not in app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    own = author_client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f'id="own-comment-{comment_id}"' in own and "in attesa di moderazione" in own
    assert "Un commento che aspetta" in moderator.get("/moderation").get_data(as_text=True)
    moderator.post(f"/moderation/comments/{comment_id}/approve")
    with app.app_context():
        assert db.session.get(Solution, solution_id).comment_count == 1
    assert "Un commento che aspetta" in app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_premoderation_solutions_leaves_comments_alone_and_managers_are_never_held(app):
    with app.test_request_context():
        challenge, _ = _premoderated("solutions")
        assert add_comment(make_user(), make_solution(challenge), "Subito visibile").status == "published"
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        assert propose_solution(staff, challenge, "Dello staff", "Testo dello staff").status == "published"


def test_the_challenge_form_sets_premoderation(app):
    with app.app_context():
        challenge = make_challenge()
        slug, administration_id = challenge.slug, challenge.administration_id
        client = signed_in(app, make_user(role="admin"))
    form = client.get(f"/challenges/{slug}/edit").get_data(as_text=True)
    assert 'name="premoderation"' in form
    data = {
        "title": "Una sfida con pre-moderazione",
        "summary": "Una sintesi abbastanza lunga per essere valida.",
        "body": "Una descrizione lunga abbastanza da superare i cinquanta caratteri richiesti.",
        "theme": "1",
        "sdgs": ["11"],
        "region": "08",
        "deadline": (utcnow().date() + timedelta(days=20)).isoformat(),
        "premoderation": "all",
        "administration": str(administration_id),
    }
    assert client.post(f"/challenges/{slug}/edit", data=data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Challenge.premoderation).where(Challenge.slug == slug)) == "all"
    assert client.post(f"/challenges/{slug}/edit", data=dict(data, premoderation="tutto")).status_code == 422


def test_the_first_contributions_of_a_new_account_are_premoderated_everywhere(app_factory):
    app = app_factory(PREMODERATE_FIRST_CONTRIBUTIONS=2)
    with app.test_request_context():
        empty_tables()
        challenge = make_challenge()
        author = make_user()
        first = propose_solution(author, challenge, "Prima", "Il primo testo dell'account.")
        second = add_comment(author, make_solution(challenge), "Il secondo testo dell'account.")
        assert [first.status, second.status] == ["pending", "pending"]
        moderator = make_user(role="moderator")
        moderation.approve(moderator, first)
        moderation.approve(moderator, second)
        third = add_comment(author, make_solution(challenge), "Il terzo testo dell'account.")
        assert third.status == "published"


def test_pending_items_are_invisible_in_every_public_channel(app):
    with app.test_request_context():
        challenge, _ = _premoderated("all")
        visible = make_solution(challenge, title="Proposta pubblicata regolarmente")
        author = make_user()
        pending = propose_solution(author, challenge, "Segretissima in attesa", "Testo segretissimo in attesa.")
        add_comment(author, visible, "Commento segretissimo in attesa.")
        slug, pending_id, visible_id = challenge.slug, pending.id, visible.id
        staff = signed_in(app, make_user(role="staff", administration_id=challenge.administration_id))
    visitor = app.test_client()
    pages = [
        "/",
        f"/challenges/{slug}",
        f"/solutions/{visible_id}",
        "/leaderboards",
        "/search?q=segretissima",
        "/search?q=segretissimo",
        "/feeds/solutions.atom",
        f"/challenges/{slug}/feed.atom",
        "/api/v1/solutions",
        f"/api/v1/solutions/{visible_id}/comments",
        f"/api/v1/challenges/{slug}",
        "/api/v1/stats",
    ]
    for url in pages:
        response = visitor.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        assert "Segretissima in attesa" not in text and "segretissimo in attesa" not in text, url
    assert visitor.get(f"/api/v1/solutions/{pending_id}").status_code == 404
    stats = visitor.get("/api/v1/stats").get_json()
    assert stats["solution_count"] == 1 and stats["latest"]["id"] == visible_id  # the published one only
    csv = staff.get(f"/challenges/{slug}/export.csv").get_data(as_text=True)
    assert "Proposta pubblicata regolarmente" in csv and "egretissim" not in csv.lower()
    with app.app_context():
        assert db.session.scalar(select(Challenge.solution_count).where(Challenge.slug == slug)) == 1
        assert db.session.scalar(select(Challenge.comment_count).where(Challenge.slug == slug)) == 0


# 3. Appeals


def _hidden_by(app, moderator_role: str = "moderator"):
    """A solution hidden by one moderator; returns (solution id, author client, the decider's client)."""
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author, title="Proposta contestata").id
        decider = make_user(role=moderator_role)
        moderation.hide(decider, db.session.get(Solution, solution_id), HIDE["reason"], HIDE["reason_code"])
        return solution_id, signed_in(app, author), signed_in(app, decider)


def test_an_appeal_is_filed_once_by_the_author_only(app):
    solution_id, author, _decider = _hidden_by(app)
    with app.app_context():
        stranger = signed_in(app, make_user())
    assert author.post(f"/solutions/{solution_id}/appeal", data={"body": ""}).status_code == 303
    assert author.post(f"/solutions/{solution_id}/appeal", data={"body": "Era una citazione."}).status_code == 303
    again = author.post(f"/solutions/{solution_id}/appeal", data={"body": "Di nuovo."})
    assert again.status_code == 403 and "già presentato ricorso" in again.get_data(as_text=True)
    assert stranger.post(f"/solutions/{solution_id}/appeal", data={"body": "Io no"}).status_code == 404
    with app.app_context():
        assert count(Appeal) == 1
        assert count(ModerationAction, ModerationAction.action == "appeal") == 1
    html = author.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Il tuo ricorso" in html and "In attesa di decisione" in html


def test_an_appeal_after_six_months_is_refused(app, monkeypatch):
    solution_id, author, _decider = _hidden_by(app)
    monkeypatch.setattr(permissions, "utcnow", lambda: utcnow() + timedelta(days=184))
    assert "termine di sei mesi" in author.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert author.post(f"/solutions/{solution_id}/appeal", data={"body": "Tardi"}).status_code == 403
    with app.app_context():
        assert count(Appeal) == 0


def test_an_appeal_180_days_after_the_decision_is_accepted(app, monkeypatch):
    solution_id, author, _decider = _hidden_by(app)
    monkeypatch.setattr(permissions, "utcnow", lambda: utcnow() + timedelta(days=180))
    assert "Presenta ricorso" in author.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert author.post(f"/solutions/{solution_id}/appeal", data={"body": "Ancora in tempo"}).status_code == 303
    with app.app_context():
        assert count(Appeal) == 1


def test_the_moderator_who_decided_cannot_decide_the_appeal(app):
    solution_id, author, decider = _hidden_by(app)
    author.post(f"/solutions/{solution_id}/appeal", data={"body": "Era una citazione."})
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    refused = decider.post(f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": "Mi correggo"})
    assert refused.status_code == 403
    assert "diverso da chi ha preso la decisione" in refused.get_data(as_text=True)
    assert "Hai preso tu la decisione" in decider.get("/moderation/appeals").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Appeal, appeal_id).status == "open"
        assert db.session.get(Solution, solution_id).status == "hidden"


def test_another_moderator_overturns_the_appeal_and_the_item_comes_back(app):
    solution_id, author, _decider = _hidden_by(app)
    author.post(f"/solutions/{solution_id}/appeal", data={"body": "Era una citazione."})
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
        author_id = db.session.get(Solution, solution_id).author_id
        other = signed_in(app, make_user(role="admin"))
    assert (
        other.post(f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": ""}).status_code == 303
    )
    with app.app_context():
        assert db.session.get(Appeal, appeal_id).status == "open"  # no reply, no decision
    assert (
        other.post(
            f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": "Citazione lecita."}
        ).status_code
        == 303
    )
    with app.app_context():
        appeal = db.session.get(Appeal, appeal_id)
        assert (appeal.status, appeal.reply) == ("overturned", "Citazione lecita.")
        solution = db.session.get(Solution, solution_id)
        assert solution.status == "published" and solution.challenge.solution_count == 1
        notice = db.session.scalar(
            select(Notification).where(Notification.user_id == author_id).order_by(Notification.id.desc())
        )
        assert notice.action.action == "overturn"
        actions = db.session.scalars(select(ModerationAction.action).order_by(ModerationAction.id)).all()
        assert actions == ["hide", "appeal", "overturn"]
    assert app.test_client().get(f"/solutions/{solution_id}").status_code == 200
    assert (
        other.post(f"/moderation/appeals/{appeal_id}/uphold", data={"confirm": "y", "reply": "Ci ripenso"}).status_code
        == 403
    )


def test_upholding_keeps_the_decision_and_tells_the_author(app):
    solution_id, author, _decider = _hidden_by(app)
    author.post(f"/solutions/{solution_id}/appeal", data={"body": "Era una citazione."})
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
        other = signed_in(app, make_user(role="moderator"))
    other.post(f"/moderation/appeals/{appeal_id}/uphold", data={"confirm": "y", "reply": "I link restano pubblicità."})
    with app.app_context():
        assert db.session.get(Appeal, appeal_id).status == "upheld"
        assert db.session.get(Solution, solution_id).status == "hidden"
    html = author.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "I link restano pubblicità." in html and "Respinto" in html
    assert "Il tuo ricorso è stato respinto" in author.get("/notifications").get_data(as_text=True)


def test_a_rejected_comment_appeal_overturned_publishes_it(app):
    with app.test_request_context():
        challenge, _ = _premoderated("all")
        solution = make_solution(challenge)
        author = make_user()
        comment = add_comment(author, solution, "Un commento rifiutato a torto.")
        decider = make_user(role="moderator")
        moderation.reject(decider, comment, "Sembrava offensivo", "offensive")
        comment_id, solution_id = comment.id, solution.id
        author_client = signed_in(app, author)
        other = signed_in(app, make_user(role="moderator"))
    own = author_client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Sembrava offensivo" in own and f'action="/comments/{comment_id}/appeal"' in own
    assert author_client.post(f"/comments/{comment_id}/appeal", data={"body": "Non lo era."}).status_code == 303
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    other.post(f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": "Hai ragione."})
    with app.app_context():
        assert db.session.get(Comment, comment_id).status == "published"
        assert db.session.get(Solution, solution_id).comment_count == 1


# 4. Suspended accounts know it


def test_a_suspended_person_sees_why_until_when_and_how_to_appeal_on_every_page(app_factory):
    app = app_factory(MAIL_SERVER="localhost")
    with app.test_request_context():
        empty_tables()
        person = make_user()
        solution_id = make_solution().id
        slug = db.session.get(Solution, solution_id).challenge.slug
        decider = make_user(role="moderator")
        suspend(decider, person, "Insulti ripetuti ad altri utenti", utcnow() + timedelta(days=7), "offensive")
        person_id = person.id
        email = db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == person.email))
        assert "Insulti ripetuti" in email.body and "ricorso" in email.body
        client = signed_in(app, db.session.get(User, person_id))
        other = signed_in(app, make_user(role="admin"))
    for url in ("/", f"/challenges/{slug}", f"/solutions/{solution_id}", "/account"):
        html = client.get(url).get_data(as_text=True)
        assert 'id="suspension-notice"' in html and "Insulti ripetuti ad altri utenti" in html, url
        assert "Il tuo account è sospeso fino al " in html, url
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "comment-form" not in page
    challenge_page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert "Proponi una soluzione" not in challenge_page and "Segui la sfida" not in challenge_page
    assert "Il tuo account è sospeso: non puoi proporre soluzioni." in challenge_page
    assert "Leggi la decisione e presenta ricorso" in client.get("/").get_data(as_text=True)
    refused = client.post(f"/solutions/{solution_id}/comments", data={"body": "Provo lo stesso"})
    assert refused.status_code == 403 and "Il tuo account è sospeso" in refused.get_data(as_text=True)
    account = client.get("/account").get_data(as_text=True)
    assert 'action="/account/appeal"' in account and "Linguaggio offensivo" in account
    assert client.post("/account/appeal", data={"body": "Chiedo scusa, non accadrà più."}).status_code == 303
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    other.post(f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": "Sospensione revocata."})
    with app.app_context():
        assert not db.session.get(User, person_id).is_suspended
        assert "Sospensione revocata." in db.session.scalar(select(OutboxEmail.body).order_by(OutboxEmail.id.desc()))


# 5. Report a person


def test_report_a_person_from_the_profile_into_the_queue(app):
    with app.app_context():
        person = make_user(name="Persona Molesta")
        person_id = person.id
        solution_id = make_solution().id
        make_comment(db.session.get(Solution, solution_id), person)
        reader = signed_in(app, make_user())
        moderator = signed_in(app, make_user(role="moderator"))
    assert "Segnala utente" in reader.get(f"/users/{person_id}").get_data(as_text=True)
    assert "Segnala utente" not in app.test_client().get(f"/users/{person_id}").get_data(as_text=True)
    assert "Segnala utente" in reader.get(f"/solutions/{solution_id}").get_data(as_text=True)
    data = {"reason": "offensive", "detail": "Insulta tutti"}
    assert reader.post(f"/users/{person_id}/flag", data=data).status_code == 303
    assert reader.post(f"/users/{person_id}/flag", data=data).status_code == 403
    assert reader.post(f"/users/{person_id}/flag", data={"reason": "boh"}).status_code == 400
    queue = moderator.get("/moderation").get_data(as_text=True)
    assert "Persona Molesta" in queue and "Insulta tutti" in queue
    assert (
        moderator.post(f"/moderation/users/{person_id}/dismiss", data={"reason": "Nulla di grave"}).status_code == 303
    )
    with app.app_context():
        assert count(UserFlag, UserFlag.status == "dismissed") == 1
    assert "Insulta tutti" not in moderator.get("/moderation").get_data(as_text=True)


def test_nobody_reports_themselves_and_a_suspended_account_reports_nobody(app):
    with app.app_context():
        person = make_user()
        own = signed_in(app, person)
        suspended = signed_in(app, make_suspended_user())
        person_id = person.id
    assert own.post(f"/users/{person_id}/flag", data={"reason": "spam"}).status_code == 403
    assert suspended.post(f"/users/{person_id}/flag", data={"reason": "spam"}).status_code == 403
    with app.app_context():
        assert count(UserFlag) == 0


# 6. Anti-spam


@pytest.fixture
def limited(app_factory):
    def build(**limits):
        app = app_factory(RATELIMIT_ENABLED=True, **limits)
        with app.app_context():
            empty_tables()
            limiter.reset()
        return app

    return build


def test_comments_are_limited_per_account_with_a_page_that_says_when_to_try_again(limited):
    app = limited(RATELIMIT_COMMENTS="2 per hour")
    with app.app_context():
        solution_id = make_solution().id
        first, second = signed_in(app, make_user()), signed_in(app, make_user())
    for n in range(2):
        assert first.post(f"/solutions/{solution_id}/comments", data={"body": f"Commento {n}"}).status_code == 303
    refused = first.post(f"/solutions/{solution_id}/comments", data={"body": "Commento 3"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Potrai riprovare tra" in html and "Troppe richieste" in html
    assert int(refused.headers["Retry-After"]) > 0
    assert second.post(f"/solutions/{solution_id}/comments", data={"body": "Altro account"}).status_code == 303


@pytest.mark.parametrize(
    ("setting", "path", "data"),
    [
        (
            "RATELIMIT_SOLUTIONS",
            "/challenges/{slug}/solutions/new",
            lambda n: {"title": f"Proposta {n}", "body": f"Testo numero {n} abbastanza lungo."},
        ),
        ("RATELIMIT_VOTES", "/solutions/{solution_id}/vote", lambda n: {"value": str(1 - 2 * (n % 2))}),
        ("RATELIMIT_FLAGS", "/users/{person_id}/flag", lambda n: {"reason": "spam"}),
        ("RATELIMIT_APPEALS", "/account/appeal", lambda n: {"body": f"Ricorso {n}"}),
        (
            "RATELIMIT_COAUTHOR_INVITATIONS",
            "/solutions/{solution_id}/coauthors",
            lambda n: {"email": f"p{n}@example.it"},
        ),
    ],
)
def test_every_kind_of_write_has_its_own_per_account_limit(limited, setting, path, data):
    app = limited(**{setting: "1 per hour"})
    with app.app_context():
        solution = make_solution()
        ids = {"slug": solution.challenge.slug, "solution_id": solution.id, "person_id": make_user().id}
        client = signed_in(app, make_user())
    url = path.format(**ids)
    assert client.post(url, data=data(1)).status_code != 429
    assert client.post(url, data=data(2)).status_code == 429


def test_the_default_limits_are_set(app):
    assert app.config["RATELIMIT_SOLUTIONS"] == "10 per hour"
    for name in ("COMMENTS", "VOTES", "FLAGS", "APPEALS"):
        assert app.config[f"RATELIMIT_{name}"]
    assert app.config["PREMODERATE_FIRST_CONTRIBUTIONS"] == 0


def test_a_filled_honeypot_creates_no_account(app):
    form = {
        "email": "bot@example.it",
        "name": "Un Bot",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "kind": "person",
        "accept_terms": "y",
        "website": "http://spam.example",
    }
    page = app.test_client().get("/auth/register").get_data(as_text=True)
    assert 'name="website"' in page and 'tabindex="-1"' in page
    assert app.test_client().post("/auth/register", data=form).status_code == 422
    with app.app_context():
        assert count(User) == 0
    assert app.test_client().post("/auth/register", data=dict(form, website="")).status_code in (302, 303)
    with app.app_context():
        assert count(User) == 1


# The shared cache sees approve, reject and appeals


def test_approving_refreshes_the_cached_public_pages(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.test_request_context():
        empty_tables()
        challenge, _ = _premoderated("solutions")
        solution = propose_solution(make_user(), challenge, "Proposta dietro la cache", "Testo dietro la cache.")
        second = propose_solution(make_user(), challenge, "Seconda dietro la cache", "Altro testo dietro la cache.")
        slug, solution_id, second_id = challenge.slug, solution.id, second.id
        moderator = signed_in(app, make_user(role="moderator"))
    visitor = app.test_client()
    for url in (f"/challenges/{slug}", "/", "/feeds/solutions.atom"):
        assert "Proposta dietro la cache" not in visitor.get(url).get_data(as_text=True)  # now cached
    moderator.post(f"/moderation/solutions/{solution_id}/approve")
    for url in (f"/challenges/{slug}", "/", "/feeds/solutions.atom"):
        assert "Proposta dietro la cache" in visitor.get(url).get_data(as_text=True), url
    assert visitor.get(f"/solutions/{second_id}").status_code == 404
    moderator.post(f"/moderation/solutions/{second_id}/reject", data={"reason_code": "spam", "reason": "Pubblicità"})
    assert "Seconda dietro la cache" not in visitor.get(f"/challenges/{slug}").get_data(as_text=True)
    assert visitor.get(f"/solutions/{second_id}").status_code == 404


def test_an_overturned_appeal_refreshes_the_cached_challenge_page(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
    solution_id, author, _decider = _hidden_by(app)
    with app.app_context():
        slug = db.session.get(Solution, solution_id).challenge.slug
        other = signed_in(app, make_user(role="admin"))
    visitor = app.test_client()
    assert "Proposta contestata" not in visitor.get(f"/challenges/{slug}").get_data(as_text=True)
    author.post(f"/solutions/{solution_id}/appeal", data={"body": "Era una citazione."})
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    other.post(f"/moderation/appeals/{appeal_id}/overturn", data={"confirm": "y", "reply": "Citazione lecita."})
    assert "Proposta contestata" in visitor.get(f"/challenges/{slug}").get_data(as_text=True)
