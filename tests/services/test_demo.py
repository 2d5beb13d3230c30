"""`seed-demo`: realistic, complete, consistent, and never mixed with real data."""

from __future__ import annotations

from sqlalchemy import func, select

from challenge.extensions import db
from challenge.models import (
    ADMINISTRATION_KINDS,
    PARTNER_KINDS,
    Administration,
    Challenge,
    Comment,
    Lab,
    Solution,
    SolutionVote,
)
from challenge.services.accounts import authenticate
from challenge.services.demo import DEMO_PASSWORD
from challenge.services.recount import recount


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_scale_one_is_complete_and_consistent(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin@sfide.example" in result.output and DEMO_PASSWORD in result.output
    with app.app_context():
        assert count(Lab) == 11
        for lab in db.session.scalars(select(Lab)):
            assert {partner.kind for partner in lab.partners} == set(PARTNER_KINDS)
        assert count(Administration) >= 20
        assert set(db.session.scalars(select(Administration.kind).distinct())) == set(ADMINISTRATION_KINDS)
        names = set(db.session.scalars(select(Administration.name)))
        assert {"Regione Puglia", "Regione Emilia-Romagna"} <= names
        assert len(set(db.session.scalars(select(Administration.region_code)))) >= 5
        assert set(db.session.scalars(select(Challenge.status).distinct())) == {"draft", "open", "evaluation", "closed"}
        assert set(db.session.scalars(select(Challenge.theme_id).distinct())) == {1, 2, 3}
        assert count(Solution) >= 300 and count(Comment) >= 1000
        assert count(Comment, Comment.parent_id.is_not(None)) > 50
        assert count(Solution, Solution.challenge_id.in_(select(Challenge.id).where(Challenge.status == "draft"))) == 0
        assert count(SolutionVote) > 1000
        assert recount() == []
        assert authenticate("staff.puglia@sfide.example", DEMO_PASSWORD).administration.name == "Regione Puglia"
        assert authenticate("moderatore@sfide.example", DEMO_PASSWORD).role == "moderator"


def test_texts_are_italian_not_lorem_ipsum(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        bodies = " ".join(db.session.scalars(select(Solution.body).limit(50)))
    assert "lorem" not in bodies.lower()
    assert " per " in bodies and " di " in bodies


def test_second_run_changes_nothing(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        before = count(Solution)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "already has content" in result.output
    with app.app_context():
        assert count(Solution) == before


def test_scale_must_be_positive(runner):
    assert runner.invoke(args=["seed-demo", "--scale", "0"]).exit_code != 0


def test_scale_multiplies_volume(app, runner):
    assert runner.invoke(args=["seed-demo", "--scale", "2"]).exit_code == 0
    with app.app_context():
        assert count(Solution) == 700
        assert recount() == []
