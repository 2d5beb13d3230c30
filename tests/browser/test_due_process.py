"""Browser journeys of moderation with due process: pre-moderation, a hide whose reason the author reads,
an appeal overturned by another moderator."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Appeal, Challenge, Follow, Notification, Solution
from challenge.moderation.accounts import suspend
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_challenge, make_solution, make_user


def signed_in_page(new_context, server, user_id: int):
    context = new_context()
    sign_in(context, server, user_id)
    return context.new_page()


def test_a_premoderated_solution_waits_for_approval_then_appears(new_context, server):
    with server.app.test_request_context():
        challenge = make_challenge(title="Sfida con pre-moderazione delle soluzioni", premoderation="solutions")
        follower = make_user()
        db.session.add(Follow(user_id=follower.id, challenge_id=challenge.id))
        db.session.commit()
        slug, follower_id = challenge.slug, follower.id
        author_id = make_user(name="Carla Proponente").id
        moderator_id = make_user(name="Marta Moderatrice", role="moderator").id

    page = signed_in_page(new_context, server, author_id)
    page.goto(f"/challenges/{slug}/solutions/new")
    page.get_by_label("Titolo", exact=True).fill("Biciclette condivise per i pendolari")
    page.get_by_label("La tua soluzione").fill("Stazioni di biciclette vicino alle fermate dei treni regionali.")
    page.get_by_role("button", name="Pubblica la soluzione").click()
    expect(page.locator(".flashes")).to_contain_text("in attesa di moderazione")
    expect(page.locator("#decision")).to_contain_text("in attesa di moderazione")
    solution_url = page.url
    assert_accessible(page)
    assert new_context().request.get(solution_url).status == 404

    moderator = signed_in_page(new_context, server, moderator_id)
    moderator.goto("/moderation")
    pending = moderator.get_by_role("article", name=re.compile("Biciclette condivise"))
    expect(pending).to_be_visible()
    pending.get_by_role("button", name="Approva e pubblica").click()
    expect(moderator.locator(".flashes")).to_contain_text("La soluzione è stata approvata ed è ora pubblicata.")

    visitor = new_context().new_page()
    visitor.goto(f"/challenges/{slug}")
    expect(visitor.locator("h3").get_by_role("link", name="Biciclette condivise per i pendolari")).to_be_visible()
    with server.app.app_context():
        assert db.session.scalar(select(Challenge.solution_count).where(Challenge.slug == slug)) == 1
        kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == follower_id)).all()
        assert kinds == ["new_solution"]


def test_the_author_reads_why_a_solution_was_hidden_and_an_appeal_overturns_it(new_context, server):
    with server.app.test_request_context():
        author = make_user(name="Dario Autore")
        solution_id = make_solution(author=author, title="Orti urbani nei cortili delle scuole").id
        author_id = author.id
        decider_id = make_user(name="Marco Decisore", role="moderator").id
        other_id = make_user(name="Paola Revisora", role="moderator").id

    decider = signed_in_page(new_context, server, decider_id)
    decider.goto(f"/solutions/{solution_id}")
    controls = decider.locator("article.solution .item-controls")
    controls.get_by_label("Categoria del motivo").select_option("personal_data")
    controls.get_by_label("Motivo (lo leggerà l'autore)").fill("Il testo riporta il telefono di un insegnante.")
    controls.get_by_role("button", name="Nascondi").click()
    expect(decider.locator(".flashes")).to_contain_text("La soluzione è stata nascosta")

    page = signed_in_page(new_context, server, author_id)
    page.goto("/notifications")
    page.get_by_role("link", name=re.compile("La moderazione ha nascosto un tuo contenuto")).click()
    statement = page.locator("#decision")
    expect(statement).to_contain_text("Dati personali di terzi")
    expect(statement).to_contain_text("Il testo riporta il telefono di un insegnante.")
    assert_accessible(page)
    statement.get_by_label("Perché la decisione andrebbe rivista").fill("È il numero pubblico della scuola.")
    statement.get_by_role("button", name="Presenta ricorso").click()
    expect(page.locator(".flashes")).to_contain_text("Ricorso inviato")
    expect(page.locator("#decision")).to_contain_text("In attesa di decisione")

    decider.goto("/moderation/appeals")
    expect(decider.get_by_text("Hai preso tu la decisione contestata")).to_be_visible()
    expect(decider.get_by_role("button", name="Accogli il ricorso")).to_have_count(0)

    other = signed_in_page(new_context, server, other_id)
    other.goto("/moderation")
    appeal = other.locator(".appeal-entry", has_text="Dario Autore")
    appeal.get_by_label("Risposta motivata").fill("Numero pubblico: la proposta torna visibile.")
    appeal.get_by_role("button", name="Accogli il ricorso").click()
    expect(other.locator(".flashes")).to_contain_text("Ricorso accolto.")
    assert_accessible(other)

    assert new_context().request.get(f"/solutions/{solution_id}").status == 200
    page.goto("/notifications")
    expect(page.get_by_text(re.compile("Il tuo ricorso è stato accolto"))).to_be_visible()
    with server.app.app_context():
        assert db.session.get(Solution, solution_id).status == "published"
        assert db.session.scalar(select(Appeal.status)) == "overturned"


def test_a_suspended_person_sees_the_banner_and_no_write_buttons(new_context, server):
    with server.app.test_request_context():
        solution_id = make_solution(title="Una proposta da leggere").id
        person = make_user(name="Sandro Sospeso")
        suspend(make_user(role="moderator"), person, "Messaggi ripetuti in molte discussioni", None, "spam")
        person_id = person.id
    page = signed_in_page(new_context, server, person_id)
    page.goto(f"/solutions/{solution_id}")
    expect(page.locator("#suspension-notice")).to_contain_text("Messaggi ripetuti in molte discussioni")
    expect(page.get_by_role("button", name="Pubblica il commento")).to_have_count(0)
    page.get_by_role("link", name="Leggi la decisione e presenta ricorso").click()
    expect(page.locator("#suspension")).to_contain_text("Spam o pubblicità")
    assert_accessible(page)
