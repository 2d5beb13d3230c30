"""A challenge from set-up to follow-through in Chromium: criteria and a juror, solutions and votes, two
evaluators' scores, winners, the close, the published results, a completed milestone (issue 18)."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import OfficialResponse, OutboxEmail, Solution
from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, screenshot, sign_in
from tests.factories import PASSWORD, make_administration, make_challenge, make_solution, make_user


def signed_in_page(new_context, server, user_id: int, **options):
    context = new_context(**options)
    sign_in(context, server, user_id)
    return context.new_page()


def score_all(page, value: str) -> None:
    expect(page.locator("select[name^='score_']").first).to_be_visible()  # .all() does not wait
    for select_box in page.locator("select[name^='score_']").all():
        select_box.select_option(value)


def test_a_challenge_end_to_end_from_criteria_to_a_completed_milestone(new_context, server):
    with server.app.app_context():
        owner = make_administration(name="Comune di Ferrara", slug="comune-di-ferrara")
        staff_id = make_user(name="Laura Staff", role="staff", administration=owner).id
        colleague_id = make_user(
            name="Paolo Collega", role="staff", administration=owner, email="paolo@comune.fe.it"
        ).id
        challenge = make_challenge(owner, title="Meno rifiuti nei mercati rionali")
        slug = challenge.slug
        author_id = make_user(name="Anna Neri").id
        make_solution(challenge, title="Compostiera di quartiere")
        voter_id = make_user(name="Giulia Votante").id

    staff = signed_in_page(new_context, server, staff_id)
    flashes = staff.locator(".flashes")
    # 1. Set-up: the popular vote's weight, the default criteria by choice, one more criterion, two evaluators.
    staff.goto(f"/challenges/{slug}")
    staff.get_by_role("link", name="Valutazione", exact=True).click()
    staff.get_by_label("Peso del voto popolare (%)").fill("20")
    staff.get_by_role("button", name="Salva", exact=True).click()
    expect(flashes).to_contain_text("Impostazioni della valutazione salvate.")
    expect(staff.get_by_role("table")).to_have_count(0)  # saving the weight adds no criterion
    staff.get_by_role("button", name="Usa i criteri predefiniti").click()
    expect(flashes).to_contain_text("Criteri predefiniti aggiunti.")
    expect(staff.get_by_role("table")).to_contain_text("Sostenibilità")
    staff.get_by_label("Nome del criterio").fill("Replicabilità")
    staff.get_by_label("Descrizione").fill("Si può ripetere in altri mercati?")
    staff.get_by_label("Peso", exact=True).fill("2")
    staff.get_by_role("button", name="Aggiungi il criterio").click()
    expect(flashes).to_contain_text("Criterio aggiunto.")
    staff.get_by_label("Email di chi valuta").fill("paolo@comune.fe.it")
    staff.get_by_role("button", name="Aggiungi", exact=True).click()
    expect(flashes).to_contain_text("Valutatore aggiunto.")
    staff.get_by_label("Email di chi valuta").fill("giurata@ceas.example.it")
    staff.get_by_role("button", name="Aggiungi", exact=True).click()
    expect(flashes).to_contain_text("Invito inviato")
    expect(staff.locator("#evaluators")).to_contain_text("invito in attesa")
    assert_accessible(staff)
    screenshot(staff, "evaluation-setup-1280")

    # 2. The juror accepts the emailed invitation with a new account.
    with server.app.app_context():
        body = db.session.scalar(select(OutboxEmail.body).where(OutboxEmail.recipient == "giurata@ceas.example.it"))
    link = re.search(r"/invitations/[\w-]+", body).group(0)
    juror = new_context().new_page()
    juror.goto(link)
    expect(juror.locator("main")).to_contain_text("giuria della sfida «Meno rifiuti nei mercati rionali»")
    juror.get_by_label("Nome visualizzato").fill("Giurata Esterna")
    juror.get_by_label("Password", exact=True).fill(PASSWORD)
    juror.get_by_label("Conferma password").fill(PASSWORD)
    juror.get_by_text("Accetto le condizioni d'uso").click()  # Bootstrap Italia draws the box on the label
    juror.get_by_role("button", name="Crea l'account e accetta").click()
    juror.goto("/evaluations")
    expect(juror.get_by_role("table")).to_contain_text("Meno rifiuti nei mercati rionali")
    expect(juror.get_by_role("table")).to_contain_text("La valutazione non è ancora iniziata.")

    # 3. A citizen proposes a solution; another votes for it.
    author = signed_in_page(new_context, server, author_id)
    author.goto(f"/challenges/{slug}/solutions/new")
    author.get_by_label("Titolo").fill("Cassette riutilizzabili per i banchi")
    author.get_by_label("La tua soluzione").fill("Cassette lavabili in prestito ai banchi, raccolte a fine mercato.")
    author.get_by_role("button", name="Pubblica la soluzione").click()
    expect(author).to_have_url(re.compile(r"/solutions/\d+$"))
    winner_id = int(author.url.rsplit("/", 1)[1])
    voter = signed_in_page(new_context, server, voter_id)
    voter.goto(f"/solutions/{winner_id}")
    voter.locator("article.solution [data-vote-box]").get_by_role("button", name="Vota a favore").click()
    expect(voter.locator("article.solution [data-votes-up]")).to_have_text("1")

    # 4. Evaluation: two evaluators score both solutions.
    staff.goto(f"/challenges/{slug}")
    staff.get_by_role("button", name="Passa alla valutazione").click()
    staff.locator("form.confirm-form").get_by_role("button").click()  # the second step
    expect(flashes).to_contain_text("Stato della sfida aggiornato.")
    for page, (for_winner, for_other) in (
        (juror, ("5", "2")),
        (signed_in_page(new_context, server, colleague_id), ("4", "3")),
    ):
        page.goto("/evaluations")
        page.get_by_role("link", name=re.compile("Continua a valutare")).click()
        expect(page).to_have_url(re.compile(r"/solutions/\d+/evaluation$"))  # page.url is read next
        for _ in range(2):
            value = for_winner if page.url.endswith(f"/solutions/{winner_id}/evaluation") else for_other
            score_all(page, value)
            page.get_by_label("Nota privata").fill(f"Nota riservata di {value}")
            with page.expect_navigation():  # the next solution's form must be the one scored next
                page.get_by_role("button", name="Salva i punteggi").click()
        expect(page).to_have_url(re.compile(r"/evaluations$"))
        expect(page.get_by_role("table")).to_contain_text("2 / 2")
    assert_accessible(juror)
    juror.goto(f"/solutions/{winner_id}/evaluation")
    assert_accessible(juror)
    screenshot(juror, "evaluation-score-1280")

    # 5. Results for the staff: the ranking and each evaluator's scores; a winner and a mention.
    staff.goto(f"/challenges/{slug}/results")
    ranking = staff.locator("#ranking tbody tr")
    expect(ranking.first).to_contain_text("Cassette riutilizzabili per i banchi")
    expect(staff.locator("main")).to_contain_text("Nota riservata di 5")
    staff.get_by_label("Soluzione").select_option(label="Cassette riutilizzabili per i banchi")
    staff.get_by_label("Premio").select_option(label="Primo posto")
    staff.get_by_label("Motivazione pubblica").fill("Riduce subito la plastica ed è facile da estendere.")
    staff.get_by_role("button", name="Assegna").click()
    expect(flashes).to_contain_text("Premio assegnato")
    staff.get_by_label("Soluzione").select_option(label="Compostiera di quartiere")
    staff.get_by_label("Premio").select_option(label="Menzione")
    staff.get_by_label("Motivazione pubblica").fill("Un'idea da provare in un quartiere.")
    staff.get_by_role("button", name="Assegna").click()
    assert_accessible(staff)
    screenshot(staff, "evaluation-results-1280")
    staff.set_viewport_size(MOBILE)
    screenshot(staff, "evaluation-results-375")
    staff.set_viewport_size(DESKTOP)

    # 6. The close publishes the results.
    staff.goto(f"/challenges/{slug}")
    staff.get_by_role("button", name="Chiudi la sfida").click()
    staff.locator("form.confirm-form").get_by_role("button").click()  # the second step
    expect(flashes).to_contain_text("Stato della sfida aggiornato.")
    visitor = new_context().new_page()
    visitor.goto(f"/challenges/{slug}")
    esito = visitor.locator("#esito")
    expect(esito).to_contain_text("Riduce subito la plastica ed è facile da estendere.")
    expect(esito).to_contain_text("Vincitrice: primo posto")
    expect(esito).to_contain_text("Replicabilità")
    expect(esito).to_contain_text("2 persone hanno valutato")
    expect(visitor.locator("main")).not_to_contain_text("Nota riservata")
    expect(visitor.locator(".solution-card").filter(has_text="Compostiera di quartiere")).to_contain_text("Menzione")
    assert_accessible(visitor)
    screenshot(visitor, "evaluation-esito-1280")
    mobile = new_context(viewport=MOBILE).new_page()
    mobile.goto(f"/challenges/{slug}")
    screenshot(mobile, "evaluation-esito-375")
    english = new_context().new_page()
    english.goto(f"/challenges/{slug}")
    english.get_by_role("button", name="ENG").click()
    expect(english.locator("#esito")).to_contain_text("Winner: first place")
    expect(english.locator("#esito")).to_contain_text("How they were chosen")
    assert_accessible(english)
    screenshot(english, "evaluation-esito-en-1280")
    juror.goto(f"/solutions/{winner_id}/evaluation")
    expect(juror.locator("main")).to_contain_text("I punteggi si assegnano solo mentre la sfida è in valutazione.")
    expect(juror.get_by_role("button", name="Salva i punteggi")).to_have_count(0)

    # 7. Follow-through: a milestone, done, makes the winner implemented.
    staff.goto(f"/solutions/{winner_id}")
    staff.get_by_label("Titolo della tappa").fill("Cassette consegnate a tutti i banchi")
    staff.get_by_label("Data").fill("2027-03-01")
    staff.get_by_label("Stato").select_option(label="In corso")
    staff.get_by_label("Avanzamento (%)").fill("40")
    staff.get_by_role("button", name="Aggiungi la tappa").click()
    expect(flashes).to_contain_text("Tappa aggiunta.")
    staff.locator("#timeline details summary").click()
    staff.locator("#timeline details select[name='status']").select_option(label="Completata")
    staff.get_by_role("button", name="Salva la tappa").click()
    expect(flashes).to_contain_text("Tappa aggiornata.")
    assert_accessible(staff)
    screenshot(staff, "evaluation-timeline-1280")
    visitor.goto(f"/solutions/{winner_id}")
    expect(visitor.locator("#timeline")).to_contain_text("Completata")
    expect(visitor.locator("#official-response")).to_contain_text("Realizzata")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Vincitrice: primo posto")
    with server.app.app_context():
        assert db.session.scalar(select(OfficialResponse.outcome)) == "implemented"
        assert db.session.get(Solution, winner_id).award_place == "1"
