"""Flags, the queue, hide and restore, suspensions, and the append-only log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from challenge.core import audit
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.models import AuditEntry, Challenge, Comment, Flag, ModerationAction, Notification, Solution, User
from challenge.text.clock import end_of_day
from challenge.votes.service import vote_on_solution
from tests.factories import login, make_comment, make_solution, make_user


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_flag_once_with_a_reason(app):
    with app.app_context():
        solution_id = make_solution().id
        reader = signed_in(app, make_user())
    assert (
        reader.post(
            f"/solutions/{solution_id}/flag", data={"reason": "spam", "detail": "link pubblicitari"}
        ).status_code
        == 303
    )
    again = reader.post(f"/solutions/{solution_id}/flag", data={"reason": "spam"})
    assert again.status_code == 403 and "già segnalato" in again.get_data(as_text=True)
    assert reader.post(f"/solutions/{solution_id}/flag", data={"reason": "boh"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Flag)) == 1
        assert db.session.get(Solution, solution_id).open_flag_count == 1


def test_cannot_flag_own_content(app):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author).id
        client = signed_in(app, author)
    assert client.post(f"/solutions/{solution_id}/flag", data={"reason": "spam"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Flag)) == 0


def test_three_distinct_flags_hide_pending_review(app_factory):
    from tests.conftest import empty_tables

    app = app_factory(FLAG_AUTO_HIDE=3)
    with app.app_context():
        empty_tables()
        solution = make_solution(title="Proposta molto segnalata")
        vote_on_solution(make_user(), solution, 1)
        solution_id, slug = solution.id, solution.challenge.slug
        readers = [signed_in(app, make_user()) for _ in range(3)]
    for reader in readers:
        reader.post(f"/solutions/{solution_id}/flag", data={"reason": "offensive"})
    with app.app_context():
        assert db.session.get(Solution, solution_id).status == "hidden"
        action = db.session.scalar(select(ModerationAction))
        assert (action.action, action.actor_id) == ("auto_hide", None)
        assert db.session.get(Challenge, db.session.get(Solution, solution_id).challenge_id).solution_count == 0
        assert recount() == []
    assert app.test_client().get(f"/solutions/{solution_id}").status_code == 404
    assert "Proposta molto segnalata" not in app.test_client().get(f"/challenges/{slug}").get_data(as_text=True)


def test_moderator_queue_hide_restore_keeps_votes(app):
    with app.app_context():
        author = make_user()
        author_id = author.id
        solution = make_solution(author=author, title="Da rivedere")
        vote_on_solution(make_user(), solution, 1)
        solution_id = solution.id
        signed_in(app, make_user()).post(f"/solutions/{solution_id}/flag", data={"reason": "spam"})
        moderator = signed_in(app, make_user(role="moderator"))
        citizen = signed_in(app, make_user())
    queue = moderator.get("/moderation").get_data(as_text=True)
    assert "Da rivedere" in queue and "Spam o pubblicità" in queue
    assert citizen.get("/moderation").status_code == 403
    assert (
        moderator.post(
            f"/moderation/solutions/{solution_id}/hide", data={"reason": "pubblicità", "reason_code": "spam"}
        ).status_code
        == 303
    )
    with app.app_context():
        assert db.session.get(Solution, solution_id).status == "hidden"
        assert db.session.get(User, author_id).vote_balance == 0
    hidden_page = moderator.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "nascosta dalla moderazione" in hidden_page
    assert citizen.get(f"/solutions/{solution_id}").status_code == 404
    assert moderator.post(f"/moderation/solutions/{solution_id}/restore", data={"reason": "ok"}).status_code == 303
    with app.app_context():
        restored = db.session.get(Solution, solution_id)
        assert (restored.status, restored.votes_up) == ("published", 1)
        assert db.session.get(User, author_id).vote_balance == 1
        assert recount() == []
        kinds = [a.action for a in db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))]
        assert kinds == ["hide", "restore"]
        assert (
            db.session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == author_id))
            == 2
        )


def test_hidden_comment_shows_a_placeholder(app):
    with app.app_context():
        comment = make_comment(body="Testo offensivo", body_html="<p>Testo offensivo</p>")
        comment_id, solution_id = comment.id, comment.solution_id
        moderator = signed_in(app, make_user(role="moderator"))
    moderator.post(f"/moderation/comments/{comment_id}/hide", data={"reason": "insulti", "reason_code": "offensive"})
    html = app.test_client().get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert "Commento nascosto dalla moderazione." in html and "Testo offensivo" not in html
    assert "Testo offensivo" in moderator.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Comment, comment_id).body == "Testo offensivo"
        assert recount() == []


def test_dismiss_clears_flags(app):
    with app.app_context():
        solution_id = make_solution().id
        signed_in(app, make_user()).post(f"/solutions/{solution_id}/flag", data={"reason": "off_topic"})
        moderator = signed_in(app, make_user(role="moderator"))
    moderator.post(f"/moderation/solutions/{solution_id}/dismiss", data={"reason": "in tema"})
    with app.app_context():
        assert db.session.get(Solution, solution_id).open_flag_count == 0
        assert db.session.scalar(select(Flag.status)) == "dismissed"
    assert "Nessuna segnalazione aperta" in moderator.get("/moderation").get_data(as_text=True)


def test_suspend_until_a_date_and_reinstate(app):
    with app.app_context():
        target = make_user()
        target_id = target.id
        target_client = signed_in(app, target)
        moderator = signed_in(app, make_user(role="moderator"))
        other_moderator_id = make_user(role="moderator").id
    suspension = {"reason": "Insulti ripetuti", "reason_code": "offensive", "until": "2099-12-31"}
    asked = moderator.post(f"/moderation/users/{target_id}/suspend", data=suspension).get_data(as_text=True)
    assert "fino al 31 dicembre 2099 compreso" in asked and 'name="until" value="2099-12-31"' in asked
    with app.app_context():
        assert not db.session.get(User, target_id).is_suspended  # asked, not yet done
    response = moderator.post(f"/moderation/users/{target_id}/suspend", data={**suspension, "confirm": "y"})
    assert response.status_code == 303
    assert target_client.get("/account").status_code == 302  # every session ended
    with app.app_context():
        user = db.session.get(User, target_id)
        assert user.is_suspended and user.suspension_reason == "Insulti ripetuti"
        assert user.suspended_until == end_of_day(date(2099, 12, 31))  # midnight in Rome, not in Greenwich
    page = moderator.get(f"/moderation/users/{target_id}").get_data(as_text=True)
    assert "fino al 31 dic 2099, 23:59" in page
    assert (
        moderator.post(f"/moderation/users/{target_id}/suspend", data={"confirm": "y", "reason": ""}).status_code == 403
    )
    assert (
        moderator.post(
            f"/moderation/users/{other_moderator_id}/suspend",
            data={"confirm": "y", "reason": "x", "reason_code": "other"},
        ).status_code
        == 403
    )
    assert moderator.post(f"/moderation/users/{target_id}/reinstate", data={"reason": "chiarito"}).status_code == 303
    with app.app_context():
        assert not db.session.get(User, target_id).is_suspended


def test_suspended_person_sees_the_reason(app):
    with app.app_context():
        target = make_user(suspended_until=None)
        moderator = signed_in(app, make_user(role="moderator"))
        target_id = target.id
    moderator.post(
        f"/moderation/users/{target_id}/suspend",
        data={"confirm": "y", "reason": "Spam ripetuto", "reason_code": "spam"},
    )
    with app.app_context():
        client = signed_in(app, db.session.get(User, target_id))
    assert "Spam ripetuto" in client.get("/account").get_data(as_text=True)


def test_log_is_filterable(app):
    with app.app_context():
        solution_id = make_solution().id
        moderator = signed_in(app, make_user(role="moderator", name="Mara Moderatrice"))
    moderator.post(f"/moderation/solutions/{solution_id}/hide", data={"reason": "motivo uno", "reason_code": "other"})
    moderator.post(f"/moderation/solutions/{solution_id}/restore", data={"reason": "motivo due"})
    assert "motivo uno" in moderator.get("/moderation/log").get_data(as_text=True)
    only_restores = moderator.get("/moderation/log?action=restore").get_data(as_text=True)
    assert "motivo due" in only_restores and "motivo uno" not in only_restores
    assert "motivo uno" in moderator.get("/moderation/log?actor=Mara").get_data(as_text=True)
    assert "motivo uno" not in moderator.get("/moderation/log?actor=Nessuno").get_data(as_text=True)


def _both_logs() -> tuple:
    return (
        db.session.execute(select(ModerationAction.id, ModerationAction.action, ModerationAction.reason)).all(),
        db.session.execute(
            select(AuditEntry.id, AuditEntry.action, AuditEntry.reason, AuditEntry.changes).order_by(AuditEntry.id)
        ).all(),
    )


def test_no_route_changes_or_deletes_the_log(app):
    """Post to every non-GET route as an admin: rows of both logs may be added, never changed or removed."""
    with app.app_context():
        solution = make_solution()
        comment = make_comment(solution)
        admin = make_user(role="admin")
        db.session.add(ModerationAction(actor_id=admin.id, action="hide", solution_id=solution.id, reason="originale"))
        audit.record(
            admin, "role_change", "user", admin.id, admin.name, reason="originale", changes={"role": ["staff", "admin"]}
        )
        db.session.commit()
        before = _both_logs()
        client = signed_in(app, admin)
        ids = {
            "solution_id": solution.id,
            "comment_id": comment.id,
            "item_id": solution.id,
            "user_id": admin.id,
            "session_id": 1,
            "slug": solution.challenge.slug,
            "kind": "solutions",
            "verb": "hide",
            "choice": "follow",
            "partner_id": 1,
            "token": "x",
            "fmt": "csv",
            "appeal_id": 1,
            "provider": "spid",
            "award_id": 1,
            "criterion_id": 1,
            "evaluator_id": 1,
            "milestone_id": 1,
            "attachment_id": 1,
            "meeting_id": 1,
            "participant_id": 1,
            "invitation_id": 1,
            "step": "resend",
        }
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"GET", "HEAD", "OPTIONS"}:
            url = rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]
            client.open(url, method=method, data={"reason": "x", "value": "1", "body": "x", "status": "open"})
    with app.app_context():
        after = _both_logs()
    assert after[0][: len(before[0])] == before[0]
    assert after[1][: len(before[1])] == before[1]


@pytest.mark.parametrize("url", ["/moderation", "/moderation/log"])
def test_visitors_go_to_login(client, url):
    assert "/auth/login" in client.get(url).headers["Location"]


def test_only_an_admin_reinstates_a_moderator_whom_an_admin_suspended(app):
    with app.app_context():
        suspended_moderator_id = make_user(role="moderator").id
        admin = signed_in(app, make_user(role="admin"))
        moderator = signed_in(app, make_user(role="moderator"))
    assert (
        admin.post(
            f"/moderation/users/{suspended_moderator_id}/suspend",
            data={"confirm": "y", "reason": "Abuso dei poteri", "reason_code": "other"},
        ).status_code
        == 303
    )
    refused = moderator.post(f"/moderation/users/{suspended_moderator_id}/reinstate", data={"reason": "amico"})
    assert refused.status_code == 403 and "Non puoi riabilitare" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, suspended_moderator_id).is_suspended
        assert (
            db.session.scalar(
                select(func.count()).select_from(ModerationAction).where(ModerationAction.action == "reinstate")
            )
            == 0
        )
    assert (
        admin.post(f"/moderation/users/{suspended_moderator_id}/reinstate", data={"reason": "chiarito"}).status_code
        == 303
    )
    with app.app_context():
        assert not db.session.get(User, suspended_moderator_id).is_suspended
