"""Merging a duplicate solution: votes combined exactly, comments, follows, authors and files moved, logged, told."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from challenge.core.errors import InvalidInput, PermissionDenied, ServiceError
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.models import (
    Administration,
    Appeal,
    AuditEntry,
    Challenge,
    Comment,
    CommentVote,
    ModerationAction,
    Notification,
    Solution,
    SolutionCoauthor,
    SolutionFollow,
    SolutionVote,
    User,
)
from challenge.moderation.appeals import decide_appeal, file_appeal
from challenge.moderation.decisions import latest_decision
from challenge.solutions.follows import follow
from challenge.solutions.merging import merge_solutions
from challenge.votes.service import VotingError, vote_on_comment, vote_on_solution
from tests.factories import make_challenge, make_comment, make_solution, make_user


def build(coauthor_of=None):
    """The hand-worked case: survivor S (proposer PS, co-author D) and duplicate X (proposer PX, co-author E).

    Votes: A +1 on both; B +1 on X only; C -1 on X and +1 on S; D (author of S) +1 on X;
    E (author of X) +1 on S; F -1 on S. So S is 3 up (A, C, E) and 1 down (F), X is 3 up (A, B, D)
    and 1 down (C). B comments X (A votes the comment +1); C comments S. G follows X, A follows both.
    """
    challenge = make_challenge()
    people = {name: make_user(name=f"Persona {name}") for name in ("PS", "PX", "A", "B", "C", "D", "E", "F", "G")}
    survivor = make_solution(challenge, people["PS"], title="Sportello unico digitale per le pratiche edilizie")
    duplicate = make_solution(challenge, people["PX"], title="Uno sportello digitale unico per l'edilizia")
    db.session.add_all(
        [
            SolutionCoauthor(solution_id=survivor.id, user_id=people["D"].id),
            SolutionCoauthor(solution_id=duplicate.id, user_id=people["E"].id),
        ]
    )
    db.session.commit()
    for name, solution, value in (
        ("A", survivor, 1),
        ("A", duplicate, 1),
        ("B", duplicate, 1),
        ("C", duplicate, -1),
        ("C", survivor, 1),
        ("D", duplicate, 1),
        ("E", survivor, 1),
        ("F", survivor, -1),
    ):
        vote_on_solution(people[name], solution, value)
    on_duplicate = make_comment(duplicate, people["B"])
    vote_on_comment(people["A"], on_duplicate, 1)
    make_comment(survivor, people["C"])
    follow(people["G"], duplicate)
    follow(people["A"], duplicate)
    follow(people["A"], survivor)
    return challenge, people, survivor, duplicate, on_duplicate


def ids(people, *names):
    return {people[name].id for name in names}


def test_merge_combines_the_hand_worked_votes_exactly(app):
    with app.app_context():
        challenge, people, survivor, duplicate, comment = build()
        moderator = make_user(role="moderator")
        assert (survivor.votes_up, survivor.votes_down, duplicate.votes_up, duplicate.votes_down) == (3, 1, 3, 1)
        assert recount() == []

        merge_solutions(moderator, duplicate, survivor.id, "Stessa proposta: uno sportello unico.")
        db.session.expire_all()
        votes = dict(
            db.session.execute(
                select(SolutionVote.user_id, SolutionVote.value).where(SolutionVote.solution_id == survivor.id)
            ).all()
        )
        # A keeps S's +1, B's +1 moves, C keeps S's +1, D loses X's vote, E loses S's vote, F keeps -1.
        assert votes == {people["A"].id: 1, people["B"].id: 1, people["C"].id: 1, people["F"].id: -1}
        assert db.session.scalars(select(SolutionVote).where(SolutionVote.solution_id == duplicate.id)).all() == []
        survivor, duplicate = db.session.get(Solution, survivor.id), db.session.get(Solution, duplicate.id)
        assert (survivor.votes_up, survivor.votes_down, survivor.comment_count) == (3, 1, 2)
        assert (duplicate.status, duplicate.merged_into_id) == ("merged", survivor.id)
        assert (duplicate.votes_up, duplicate.votes_down, duplicate.comment_count) == (0, 0, 0)
        assert db.session.get(Challenge, challenge.id).solution_count == 1
        assert db.session.get(Challenge, challenge.id).comment_count == 2
        assert db.session.get(Administration, challenge.administration_id).solution_count == 1
        balances = {name: db.session.get(User, people[name].id).vote_balance for name in ("PS", "PX", "B")}
        assert balances == {"PS": 2, "PX": 0, "B": 1}  # B's comment keeps A's vote, now under S
        assert db.session.get(Comment, comment.id).solution_id == survivor.id
        assert db.session.get(CommentVote, (people["A"].id, comment.id)).value == 1
        assert survivor.author_ids == [people["PS"].id, people["D"].id, people["PX"].id, people["E"].id]
        followers = set(
            db.session.scalars(select(SolutionFollow.user_id).where(SolutionFollow.solution_id == survivor.id))
        )
        assert followers == ids(people, "A", "G")
        assert db.session.scalars(select(SolutionFollow).where(SolutionFollow.solution_id == duplicate.id)).all() == []
        assert recount() == []


def test_merge_is_logged_told_and_appealable_by_the_duplicate_author(app):
    with app.app_context():
        _challenge, people, survivor, duplicate, _comment = build()
        moderator, other_moderator = make_user(role="moderator"), make_user(role="moderator")
        merge_solutions(moderator, duplicate, survivor.id, "Stessa proposta.")
        decision = db.session.scalars(select(ModerationAction).where(ModerationAction.action == "merge")).one()
        assert (decision.solution_id, decision.target_user_id, decision.reason) == (
            duplicate.id,
            people["PX"].id,
            "Stessa proposta.",
        )
        audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
        assert (audit.actor_id, audit.target_id) == (moderator.id, duplicate.id)
        told = {
            (user_id, kind)
            for user_id, kind in db.session.execute(
                select(Notification.user_id, Notification.kind).where(Notification.action_id == decision.id)
            )
        }
        assert told == {
            (people["PX"].id, "moderation"),
            (people["E"].id, "moderation"),
            (people["PS"].id, "follow_status"),
            (people["D"].id, "follow_status"),
            (people["A"].id, "follow_status"),
            (people["G"].id, "follow_status"),
        }
        duplicate = db.session.get(Solution, duplicate.id)
        assert latest_decision(duplicate).id == decision.id
        appeal = file_appeal(people["PX"], decision, "Non sono la stessa proposta.")
        with pytest.raises(PermissionDenied):
            decide_appeal(moderator, appeal, "uphold", "Restano unite.")
        decide_appeal(other_moderator, appeal, "uphold", "Restano unite: le proposte coincidono.")
        assert db.session.get(Appeal, appeal.id).status == "upheld"


def test_merge_refusals(app):
    with app.app_context():
        challenge = make_challenge()
        author = make_user()
        survivor, duplicate = make_solution(challenge), make_solution(challenge, author)
        elsewhere = make_solution()
        staff = make_user(role="staff", administration_id=challenge.administration_id)
        other_staff = make_user(role="staff")
        merged = make_solution(challenge)
        merge_solutions(staff, merged, survivor.id, "Doppione.")
        with pytest.raises(PermissionDenied):
            merge_solutions(other_staff, duplicate, survivor.id, "Doppione.")
        with pytest.raises(PermissionDenied):
            merge_solutions(author, duplicate, survivor.id, "Doppione.")
        for into, reason in ((elsewhere.id, "Doppione."), (duplicate.id, "Doppione."), (merged.id, "Doppione.")):
            with pytest.raises(InvalidInput):
                merge_solutions(staff, duplicate, into, reason)
        with pytest.raises(InvalidInput) as refused:
            merge_solutions(staff, duplicate, survivor.id, "  ")
        assert refused.value.field == "reason"
        with pytest.raises(ServiceError):
            merge_solutions(staff, db.session.get(Solution, merged.id), survivor.id, "Di nuovo.")
        assert db.session.get(Solution, duplicate.id).status == "published"
        assert recount() == []


def test_a_merged_duplicate_takes_no_more_votes(app):
    with app.app_context():
        challenge = make_challenge()
        survivor, duplicate = make_solution(challenge), make_solution(challenge)
        merge_solutions(make_user(role="moderator"), duplicate, survivor.id, "Doppione.")
        with pytest.raises(VotingError):
            vote_on_solution(make_user(), db.session.get(Solution, duplicate.id), 1)
        assert recount() == []


def test_merge_moves_files_while_the_survivor_has_room(app):
    from challenge.models import Attachment

    with app.app_context():
        app.config["ATTACHMENTS_PER_ITEM"] = 3
        challenge = make_challenge()
        survivor, duplicate = make_solution(challenge), make_solution(challenge)
        for solution, count in ((survivor, 2), (duplicate, 2)):
            for position in range(count):
                db.session.add(
                    Attachment(
                        solution_id=solution.id,
                        role="document",
                        title=f"Allegato {solution.id}-{position}",
                        content_hash="0" * 64,
                        media_type="application/pdf",
                        byte_count=10,
                        original_filename="a.pdf",
                        position=position,
                    )
                )
        db.session.commit()
        merge_solutions(make_user(role="moderator"), duplicate, survivor.id, "Doppione.")
        on = {
            solution_id: sorted(title for (title,) in rows)
            for solution_id, rows in (
                (sid, db.session.execute(select(Attachment.title).where(Attachment.solution_id == sid)).all())
                for sid in (survivor.id, duplicate.id)
            )
        }
        assert on[survivor.id] == sorted(
            [f"Allegato {survivor.id}-0", f"Allegato {survivor.id}-1", f"Allegato {duplicate.id}-0"]
        )
        assert on[duplicate.id] == [f"Allegato {duplicate.id}-1"]


# ----- real concurrency: PostgreSQL only -----


def test_votes_arriving_on_both_while_the_merge_runs_leave_recount_at_zero(concurrent_app):
    with concurrent_app.app_context():
        challenge = make_challenge()
        survivor, duplicate = make_solution(challenge).id, make_solution(challenge).id
        moderator = make_user(role="moderator").id
        voters = [make_user().id for _ in range(12)]
        for voter in voters[:6]:  # some vote the duplicate beforehand, so the merge has rows to move
            vote_on_solution(db.session.get(User, voter), db.session.get(Solution, duplicate), 1)
    jobs = [("vote", voter, survivor if n % 2 else duplicate, 1 if n % 3 else -1) for n, voter in enumerate(voters)]
    jobs.insert(6, ("merge", moderator, duplicate, survivor))
    barrier = threading.Barrier(len(jobs))

    def job(kind, user_id, solution_id, value):
        with concurrent_app.app_context():
            user, solution = db.session.get(User, user_id), db.session.get(Solution, solution_id)
            barrier.wait()
            try:
                if kind == "merge":
                    merge_solutions(user, solution, value, "Doppione.")
                else:
                    vote_on_solution(user, solution, value)
            except VotingError:
                pass  # a vote on the duplicate that arrived once it was merged
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for future in [pool.submit(job, *args) for args in jobs]:
            future.result()
    with concurrent_app.app_context():
        assert db.session.get(Solution, duplicate).status == "merged"
        assert db.session.scalars(select(SolutionVote).where(SolutionVote.solution_id == duplicate)).all() == []
        assert recount() == []
