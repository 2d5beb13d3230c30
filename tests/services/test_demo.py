"""`seed-demo`: realistic, complete, consistent, and never mixed with real data."""

from __future__ import annotations

from sqlalchemy import func, select

from challenge.account.service import authenticate
from challenge.core.extensions import db
from challenge.core.recount import recount
from challenge.demo.service import DEMO_PASSWORD
from challenge.meetings.service import list_meetings
from challenge.models import (
    ADMINISTRATION_KINDS,
    PARTNER_KINDS,
    Administration,
    Attachment,
    Challenge,
    Comment,
    ContentPage,
    ContentPageVersion,
    Lab,
    Meeting,
    Solution,
    SolutionVote,
)


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


# Generic names the demo once used as partners: none may come back.
PLACEHOLDER_WORDS = ("capoluogo", "della collina", "della pianura", "intercomunale", "circolo locale", "provinciale")


def test_titles_are_unique_within_and_across_challenges(app, runner):
    assert runner.invoke(args=["seed-demo", "--scale", "2"]).exit_code == 0
    with app.app_context():
        solution_titles = db.session.scalars(select(Solution.title)).all()
        challenge_titles = db.session.scalars(select(Challenge.title)).all()
    assert len(solution_titles) == 700 and len(set(solution_titles)) == 700
    assert len(set(challenge_titles)) == len(challenge_titles)


def test_each_challenge_belongs_to_an_administration_of_its_territory(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        rows = db.session.execute(
            select(Challenge.title, Challenge.region_code, Administration.name, Administration.region_code).join(
                Administration, Administration.id == Challenge.administration_id
            )
        ).all()
        labs = db.session.execute(
            select(Challenge.title, Lab.coordinator_id, Challenge.administration_id).join(
                Lab, Lab.id == Challenge.lab_id
            )
        ).all()
    homes = {title: administration for title, _region, administration, _admin_region in rows}
    assert homes["Simbiosi industriale nel distretto ceramico"] == "Regione Emilia-Romagna"
    assert homes["Spiagge accessibili e sostenibili"] == "Comune di Rimini"
    assert all(region == administration_region for _t, region, _a, administration_region in rows)
    assert labs and all(coordinator == administration for _t, coordinator, administration in labs)


def test_lab_partners_are_real_sounding_and_local(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        labs = db.session.scalars(select(Lab)).all()
        partners = {lab.name: [(p.kind, p.name) for p in lab.partners] for lab in labs}
    names = [name for lab in partners.values() for _kind, name in lab]
    assert not [name for name in names if any(word in name.lower() for word in PLACEHOLDER_WORDS)]
    for lab, members in partners.items():
        authorities = [name for kind, name in members if kind == "local_authority"]
        assert len(authorities) >= 2, lab
        assert all(
            name.startswith(("Comune di ", "Unione ", "Provincia di ", "Città metropolitana di "))
            for name in authorities
        )
    assert ("local_authority", "Comune di Sassuolo") in partners["Laboratorio territoriale di Modena"]
    assert ("local_authority", "Comune di Faenza") in partners["Laboratorio territoriale della Romagna faentina"]


def test_the_busiest_challenges_get_a_cover_and_a_call(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert "challenges with a cover: 3" in result.output
    with app.app_context():
        busiest = db.session.scalars(
            select(Challenge.id).where(Challenge.status != "draft").order_by(Challenge.solution_count.desc()).limit(3)
        ).all()
        files = db.session.execute(
            select(Attachment.challenge_id, Attachment.role, Attachment.media_type).where(
                Attachment.challenge_id.is_not(None)
            )
        ).all()
    assert sorted(files) == sorted(
        (challenge_id, role, media_type)
        for challenge_id in busiest
        for role, media_type in (("cover", "image/jpeg"), ("document", "application/pdf"))
    )


def test_some_proposals_get_a_drawn_picture_with_alt_text_from_their_own_authors(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert "solutions with a picture: 4" in result.output
    with app.app_context():
        pictures = db.session.execute(
            select(Attachment, Solution).join(Solution, Solution.id == Attachment.solution_id)
        ).all()
        assert len(pictures) == 4
        for picture, solution in pictures:
            assert picture.role == "image" and picture.media_type == "image/png" and picture.alt
            assert picture.uploaded_by_id == solution.author_id and {r["width"] for r in picture.renditions} == {
                480,
                960,
                1200,
            }


def test_demo_adds_how_it_works_and_faq_pages_to_the_footer(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        pages = {page.slug: page for page in db.session.scalars(select(ContentPage))}
        assert set(pages) == {"come-funziona", "domande-frequenti"}
        assert all(
            page.is_in_footer and count(ContentPageVersion, ContentPageVersion.page_id == page.id) == 1
            for page in pages.values()
        )
    footer = app.test_client().get("/").get_data(as_text=True).split('<footer class="it-footer"')[1]
    assert 'href="/pages/come-funziona">Come funziona</a>' in footer
    assert 'href="/pages/domande-frequenti">Domande frequenti</a>' in footer


def test_every_lab_has_a_past_and_an_upcoming_meeting(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        for lab in db.session.scalars(select(Lab)):
            past = db.session.scalars(list_meetings(lab=lab, when="past")).all()
            upcoming = db.session.scalars(list_meetings(lab=lab, when="upcoming")).all()
            assert (len(past), len(upcoming)) == (1, 1), lab.name
            assert past[0].minutes_html.startswith("<p>Hanno partecipato") and not upcoming[0].minutes, lab.name
        assert any(db.session.scalars(select(Meeting).where(Meeting.solutions.any()))), "minutes link solutions"
    assert "Laboratorio sulle proposte del territorio" in app.test_client().get("/meetings").get_data(as_text=True)
