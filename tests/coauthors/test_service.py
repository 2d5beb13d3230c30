"""Co-authors: invitations, answers, removal; every author's rights; votes and balances kept exact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from challenge.coauthors import service
from challenge.coauthors.service import CoauthorError
from challenge.core.errors import PermissionDenied
from challenge.core.extensions import db
from challenge.core.permissions import (
    can_change_attachments,
    can_edit_solution,
    can_flag,
    refusal_to_appeal,
)
from challenge.core.recount import recount
from challenge.core.tokens import TokenError
from challenge.models import (
    AuditEntry,
    CoauthorInvitation,
    Notification,
    OutboxEmail,
    Solution,
    SolutionCoauthor,
    SolutionVote,
    User,
    utcnow,
)
from challenge.moderation.decisions import log_action
from challenge.notifications.preferences import email_frequencies, set_email_frequencies
from challenge.votes.service import VotingError, vote_on_solution
from tests.coauthors.helpers import add_coauthor, invite
from tests.factories import make_comment, make_solution, make_user

MAIL = {"MAIL_SERVER": "localhost"}


def test_an_invitation_is_emailed_with_a_link_that_makes_a_coauthor(app_factory):
    app = app_factory(**MAIL)
    with app.app_context():
        solution = make_solution(title="Biciclette in comodato")
        anna = make_user(email="anna@example.it")
        token = invite(app, solution, solution.author, "Anna@Example.it")
        email = db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == "anna@example.it"))
        assert "Biciclette in comodato" in email.subject and f"/coauthorships/{token}" in email.body
        invitation = service.find_invitation(token)
        service.accept_invitation(invitation, anna)
        db.session.refresh(solution)
        assert solution.author_ids == [solution.author_id, anna.id]
        assert solution.is_authored_by(anna.id) and can_edit_solution(anna, solution)
        with pytest.raises(CoauthorError):  # single use
            service.accept_invitation(service.find_invitation(token), anna)


def test_an_invitation_is_not_emailed_to_someone_who_said_never(app_factory):
    app = app_factory(**MAIL)
    with app.app_context():
        solution = make_solution()
        anna = make_user(email="anna@example.it")
        set_email_frequencies(anna, email_frequencies(anna) | {"coauthor": "never"})
        invite(app, solution, solution.author, "anna@example.it")
        assert db.session.scalar(select(CoauthorInvitation.email)) == "anna@example.it"
        assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == "anna@example.it")) is None


def test_the_invitation_is_bound_to_its_address(app):
    with app.app_context():
        solution = make_solution()
        other = make_user(email="altro@example.it")
        token = invite(app, solution, solution.author, "anna@example.it")
        with pytest.raises(CoauthorError, match="altro indirizzo"):
            service.accept_invitation(service.find_invitation(token), other)
        assert not solution.is_authored_by(other.id)


def test_a_link_expires_after_14_days_and_resending_retires_the_old_one(app):
    with app.app_context():
        solution = make_solution()
        old = invite(app, solution, solution.author, "anna@example.it")
        invitation = service.find_invitation(old)
        with app.test_request_context():
            invitation.sent_at -= timedelta(seconds=1)  # a later sending time, whatever the clock's resolution
            service.resend_invitation(solution.author, invitation, lambda token: token)
        with pytest.raises(TokenError):
            service.find_invitation(old)
        fresh = service.token_of(invitation)
        assert service.find_invitation(fresh) is invitation
        invitation.expires_at = utcnow() - timedelta(seconds=1)
        assert service.invitation_problem(invitation) == "expired"


def test_bad_and_repeated_invitations_change_nothing(app):
    with app.app_context():
        solution = make_solution()
        author = solution.author
        for bad, message in (
            ("non-un-indirizzo", "email"),
            (author.email, "già tra gli autori"),
        ):
            with pytest.raises(CoauthorError, match=message):
                invite(app, solution, author, bad)
        invite(app, solution, author, "anna@example.it")
        with pytest.raises(CoauthorError, match="già un invito"):
            invite(app, solution, author, "anna@example.it")
        assert len(service.pending_invitations(solution)) == 1


def test_at_most_max_coauthors_counting_pending_invitations(app_factory):
    app = app_factory(MAX_COAUTHORS=2)
    with app.app_context():
        solution = make_solution()
        add_coauthor(app, solution, make_user())
        invite(app, solution, solution.author, "due@example.it")
        with pytest.raises(CoauthorError, match="al massimo 2 coautori"):
            invite(app, solution, solution.author, "tre@example.it")


def test_only_authors_invite(app):
    with app.app_context():
        solution = make_solution()
        with pytest.raises(PermissionDenied):
            invite(app, solution, make_user(), "anna@example.it")


def test_declining_tells_the_inviter(app):
    with app.app_context():
        solution = make_solution(title="Orti condivisi")
        token = invite(app, solution, solution.author, "anna@example.it")
        service.decline_invitation(service.find_invitation(token), None)
        notice = db.session.scalar(select(Notification).where(Notification.user_id == solution.author_id))
        assert (notice.kind, notice.title) == ("coauthor_decline", "Orti condivisi")
        assert solution.author_ids == [solution.author_id]


def test_a_new_account_accepts_and_its_address_is_verified(app):
    with app.app_context():
        solution = make_solution()
        token = invite(app, solution, solution.author, "nuova@example.it")
        user = service.accept_with_new_account(
            service.find_invitation(token), "Nora Nuova", "una-password-lunga-42", True
        )
        assert user.is_verified and solution.is_authored_by(user.id)


def test_every_author_holds_every_right(app):
    with app.app_context():
        solution = make_solution()
        anna = make_user()
        add_coauthor(app, solution, anna)
        assert can_edit_solution(anna, solution) and can_change_attachments(anna, solution)
        assert not can_flag(anna, solution)
        with pytest.raises(VotingError):
            vote_on_solution(anna, solution, 1)
        decision = log_action(None, "hide", item=solution, reason="spam")
        assert refusal_to_appeal(anna, decision, None, decision.appeal_deadline) is None


def test_authors_hear_of_comments_without_following(app):
    with app.app_context():
        solution = make_solution()
        anna = make_user()
        add_coauthor(app, solution, anna)
        from challenge.notifications.service import notify_new_comment

        commenter = make_user()
        notify_new_comment(solution, make_comment(solution, author=commenter).id, commenter.id)
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "comment")))
        assert told == {solution.author_id, anna.id}


def test_becoming_a_coauthor_withdraws_an_earlier_vote_exactly(app):
    with app.app_context():
        solution = make_solution()
        anna, bruno = make_user(), make_user()
        vote_on_solution(anna, solution, 1)
        vote_on_solution(bruno, solution, -1)
        add_coauthor(app, solution, anna)
        db.session.refresh(solution)
        assert (solution.votes_up, solution.votes_down) == (0, 1)
        assert db.session.get(SolutionVote, (anna.id, solution.id)) is None
        assert db.session.get(User, solution.author_id).vote_balance == -1
        assert recount() == []


def test_removing_the_proposer_hands_over_and_moves_the_balance(app):
    with app.app_context():
        solution = make_solution(title="Piste ciclabili")
        proposer = solution.author
        anna = make_user()
        add_coauthor(app, solution, anna)
        for _ in range(3):
            vote_on_solution(make_user(), solution, 1)
        assert db.session.get(User, proposer.id).vote_balance == 3
        service.remove_author(anna, solution, proposer.id)
        db.session.refresh(solution)
        assert (solution.author_id, solution.author_ids) == (anna.id, [anna.id])
        assert (db.session.get(User, proposer.id).vote_balance, db.session.get(User, anna.id).vote_balance) == (0, 3)
        assert recount() == []
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "coauthor_remove"))
        assert entry.changes == {"authors": [[proposer.id, anna.id], [anna.id]]}
        notice = db.session.scalar(select(Notification).where(Notification.user_id == proposer.id))
        assert notice.kind == "coauthor_removed"


def test_the_last_author_cannot_be_removed(app):
    with app.app_context():
        solution = make_solution()
        with pytest.raises(CoauthorError, match="almeno un autore"):
            service.remove_author(solution.author, solution, solution.author_id)


def test_a_coauthor_leaves_and_nobody_else_is_told(app):
    with app.app_context():
        solution = make_solution()
        anna = make_user()
        add_coauthor(app, solution, anna)
        service.remove_author(anna, solution, anna.id)
        assert solution.author_ids == [solution.author_id]
        assert db.session.scalar(select(Notification).where(Notification.kind == "coauthor_removed")) is None


def test_a_solution_is_presented_as_the_organisation_only_if_chosen(app):
    with app.app_context():
        marco = make_user(name="Marco Rossi", kind="association", organisation_name="Ferrara in Bici APS")
        chosen = make_solution(author=marco, as_organisation=True)
        personal = make_solution(author=marco)
        assert chosen.organisation == "Ferrara in Bici APS" and personal.organisation is None
        anna = make_user()
        add_coauthor(app, chosen, anna)
        service.remove_author(anna, chosen, marco.id)
        assert chosen.organisation is None  # the new proposer has not chosen to speak for it


def test_export_and_erasure_of_coauthorships(app, client):
    from challenge.account.data_rights import delete_account
    from challenge.account.personal_data import export
    from tests.factories import PASSWORD

    with app.app_context():
        solution = make_solution()
        proposer = solution.author
        anna = make_user()
        add_coauthor(app, solution, anna)
        invite(app, solution, proposer, "carla@example.it")
        document = export(proposer)
        assert [i["email"] for i in document["coauthor_invitations"]] == [anna.email, "carla@example.it"]
        assert export(anna)["coauthorships"][0]["solution_id"] == solution.id
        assert [s["id"] for s in export(anna)["solutions"]] == [solution.id]
        delete_account(proposer, PASSWORD)
        db.session.refresh(solution)
        assert (solution.author_id, solution.author_ids) == (anna.id, [anna.id])
        assert db.session.scalar(select(SolutionCoauthor)) is None
        assert recount() == []


def test_erasing_a_coauthor_leaves_the_solution_to_the_others(app):
    from challenge.account.data_rights import delete_account
    from tests.factories import PASSWORD

    with app.app_context():
        solution = make_solution()
        anna = make_user()
        add_coauthor(app, solution, anna)
        delete_account(anna, PASSWORD)
        assert db.session.get(Solution, solution.id).author_ids == [solution.author_id]
