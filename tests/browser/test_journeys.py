"""What people do on the site, end to end in Chromium: accounts, proposing, voting, moderating, notifications."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import Comment, ModerationAction, Solution, SolutionVote, User
from challenge.moderation.decisions import flag
from tests.browser.conftest import fill_registration, flashes, sign_in
from tests.factories import PASSWORD, make_challenge, make_comment, make_solution, make_user


def scalar(server, statement):
    with server.app.app_context():
        return db.session.scalar(statement)


def signed_in_page(new_context, server, user_id: int, **options):
    context = new_context(**options)
    sign_in(context, server, user_id)
    return context.new_page()


def test_register_sign_out_sign_in_and_switch_language(page, server):
    fill_registration(page, "chiara.neri@example.it", "Chiara Neri", PASSWORD)
    expect(flashes(page)).to_contain_text("Ti diamo il benvenuto su Sfide PA, Chiara Neri!")
    user_menu = page.get_by_role("navigation", name="Menu utente")
    expect(user_menu.get_by_role("link", name="Chiara Neri")).to_be_visible()

    user_menu.get_by_role("button", name="Esci").click()
    expect(flashes(page)).to_contain_text("Sei uscito")
    expect(user_menu.get_by_role("link", name="Chiara Neri")).to_have_count(0)

    user_menu.get_by_role("link", name="Accedi").click()
    page.get_by_label("Email").fill("chiara.neri@example.it")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Accedi").click()
    expect(flashes(page)).to_contain_text("Bentornato, Chiara Neri!")
    expect(user_menu.get_by_role("link", name="Chiara Neri")).to_be_visible()

    page.goto("/challenges")
    page.get_by_role("button", name="ENG").click()
    expect(page).to_have_url(re.compile(r"/challenges$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenges")
    page.get_by_role("button", name="ITA").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sfide")
    assert scalar(server, select(func.count()).select_from(User)) == 1


def test_propose_a_solution_and_comment_on_it(new_context, server):
    with server.app.app_context():
        slug = make_challenge(title="Sportelli più semplici per le imprese").slug
        user_id = make_user(name="Anna Neri").id
    page = signed_in_page(new_context, server, user_id)
    page.goto(f"/challenges/{slug}")
    page.get_by_role("link", name="Proponi una soluzione").click()
    page.get_by_label("Titolo").fill("Un modulo unico per tutte le pratiche")
    page.get_by_label("La tua soluzione").fill(
        "Un solo modulo online, inoltrato in automatico a ogni ufficio competente."
    )
    page.get_by_role("button", name="Pubblica la soluzione").click()

    expect(page).to_have_url(re.compile(r"/solutions/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Un modulo unico per tutte le pratiche")
    expect(flashes(page)).to_contain_text("Grazie! La tua soluzione è pubblicata.")

    page.get_by_label("Commento").fill("Aggiungo: servirebbe anche la firma digitale.")
    page.get_by_role("button", name="Pubblica il commento").click()
    comment = page.get_by_role("article", name="Commento di Anna Neri")
    expect(comment).to_contain_text("Aggiungo: servirebbe anche la firma digitale.")
    expect(page.get_by_role("heading", name="Commenti")).to_contain_text("(1)")

    page.goto(f"/challenges/{slug}")
    expect(page.get_by_role("link", name="Un modulo unico per tutte le pratiche")).to_have_count(
        2
    )  # list and statistics box


def voting_setup(server) -> tuple[int, int]:
    with server.app.app_context():
        solution_id = make_solution(title="Orari serali allo sportello").id
        voter_id = make_user().id
    return solution_id, voter_id


def up_votes(server, solution_id: int) -> int:
    return scalar(
        server,
        select(func.count())
        .select_from(SolutionVote)
        .where(SolutionVote.solution_id == solution_id, SolutionVote.value == 1),
    )


def test_vote_with_javascript_updates_in_place_and_announces(new_context, server):
    solution_id, voter_id = voting_setup(server)
    page = signed_in_page(new_context, server, voter_id)
    page.goto(f"/solutions/{solution_id}")
    page.evaluate("() => { window.notReloaded = true; }")
    votes = page.locator("article.solution [data-vote-box]")

    votes.get_by_role("button", name="Vota a favore").click()
    expect(votes.locator("[data-votes-up]")).to_have_text("1")
    expect(votes.locator(".vote-count-up .visually-hidden")).to_have_text("voto a favore")  # agrees with 1
    expect(votes.get_by_role("status")).to_have_text("Hai votato a favore.")
    expect(votes.get_by_role("button", name="Ritira il voto a favore")).to_have_attribute("aria-pressed", "true")

    votes.get_by_role("button", name="Vota contro").click()
    expect(votes.locator("[data-votes-down]")).to_have_text("1")
    expect(votes.locator("[data-votes-up]")).to_have_text("0")
    expect(votes.locator(".vote-count-up .visually-hidden")).to_have_text("voti a favore")
    expect(votes.get_by_role("status")).to_have_text("Hai votato contro.")
    assert page.evaluate("() => window.notReloaded") is True
    assert up_votes(server, solution_id) == 0


def test_vote_without_javascript_posts_the_form(new_context, server):
    solution_id, voter_id = voting_setup(server)
    page = signed_in_page(new_context, server, voter_id, java_script_enabled=False)
    page.goto(f"/solutions/{solution_id}")
    votes = page.locator("article.solution [data-vote-box]")
    votes.get_by_role("button", name="Vota a favore").click()

    expect(page).to_have_url(re.compile(rf"/solutions/{solution_id}$"))
    expect(flashes(page)).to_contain_text("Hai votato a favore.")
    expect(votes.locator("[data-votes-up]")).to_have_text("1")
    expect(votes.get_by_role("button", name="Ritira il voto a favore")).to_have_attribute("aria-pressed", "true")
    assert up_votes(server, solution_id) == 1


def tab_to(page, target, limit: int = 60) -> None:
    """Press Tab until `target` (a locator) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus after {limit} presses of Tab")


def test_keyboard_only_voting(new_context, server):
    solution_id, voter_id = voting_setup(server)
    page = signed_in_page(new_context, server, voter_id)
    page.goto(f"/solutions/{solution_id}")
    votes = page.locator("article.solution [data-vote-box]")

    tab_to(page, votes.get_by_role("button", name="Vota a favore"))
    page.keyboard.press("Enter")
    expect(votes.locator("[data-votes-up]")).to_have_text("1")
    tab_to(page, votes.get_by_role("button", name="Vota contro"))
    page.keyboard.press("Space")
    expect(votes.locator("[data-votes-down]")).to_have_text("1")
    expect(votes.locator("[data-votes-up]")).to_have_text("0")
    assert up_votes(server, solution_id) == 0


def test_moderator_restores_hides_and_suspends(new_context, server):
    with server.app.test_request_context():
        author = make_user(name="Mario Spam")
        solution = make_solution(author=author, title="Consulenze a pagamento, chiamate subito")
        comment = make_comment(
            make_solution(), author, body="Visitate il mio sito", body_html="<p>Visitate il mio sito</p>"
        )
        flag(make_user(), comment, "spam", "")
        reporters = [make_user().id for _ in range(3)]
        moderator_id = make_user(name="Marta Moderatrice", role="moderator").id
        solution_id, comment_id, author_id = solution.id, comment.id, author.id
    for reporter_id in reporters:
        page = signed_in_page(new_context, server, reporter_id)
        page.goto(f"/solutions/{solution_id}")
        page.locator("article.solution").get_by_text("Segnala", exact=True).click()
        page.get_by_label("Motivo della segnalazione").select_option("spam")
        page.get_by_role("button", name="Invia la segnalazione").click()
        expect(flashes(page)).to_contain_text("la segnalazione è arrivata ai moderatori")
    assert scalar(server, select(Solution.status).where(Solution.id == solution_id)) == "hidden"
    assert new_context().request.get(f"/solutions/{solution_id}").status == 404

    page = signed_in_page(new_context, server, moderator_id)
    page.goto("/")
    page.get_by_role("link", name="Moderazione").click()
    entry = page.get_by_role("article", name=re.compile("Consulenze a pagamento"))
    expect(entry).to_contain_text("3 segnalazioni")
    expect(entry).to_contain_text("nascosto")
    entry.get_by_placeholder("Motivo", exact=True).first.fill("Non è pubblicità")
    entry.get_by_role("button", name="Ripristina").click()
    expect(flashes(page)).to_contain_text("La soluzione è di nuovo visibile a tutti.")
    expect(entry).to_have_count(0)

    entry = page.get_by_role("article", name=re.compile(f"Commento #{comment_id}"))
    suspension = entry.locator("form", has=page.get_by_role("button", name="Sospendi l'autore"))
    suspension.get_by_label("Categoria del motivo").select_option("spam")
    suspension.get_by_label("Motivo (lo leggerà l'autore)").fill("Pubblicità ripetuta")
    entry.get_by_role("button", name="Sospendi l'autore").click()
    expect(page.get_by_role("heading", name="Sospendere l'account?")).to_be_visible()
    page.get_by_role("button", name="Sì, sospendi l'account").click()
    expect(flashes(page)).to_contain_text("Account sospeso.")
    hiding = entry.locator("form", has=page.get_by_role("button", name="Nascondi"))
    hiding.get_by_label("Categoria del motivo").select_option("spam")
    hiding.get_by_label("Motivo (lo leggerà l'autore)").fill("Link a un sito commerciale")
    entry.get_by_role("button", name="Nascondi").click()
    expect(entry).to_have_count(0)

    page.get_by_role("link", name="Registro della moderazione").click()
    log = page.get_by_role("table")
    # The solution was hidden and restored (feminine in Italian), the comment hidden.
    for action in ("Nascosta automaticamente per segnalazioni", "Ripristinata", "Account sospeso", "Nascosto"):
        expect(log).to_contain_text(action)
    expect(log.get_by_role("row", name=re.compile("Account sospeso"))).to_contain_text("Pubblicità ripetuta")
    with server.app.app_context():
        assert db.session.get(Solution, solution_id).status == "published"
        assert db.session.get(Comment, comment_id).status == "hidden"
        assert db.session.get(User, author_id).suspension_reason == "Pubblicità ripetuta"
        assert db.session.scalar(select(func.count()).select_from(ModerationAction)) == 4


def test_notification_bell_counts_unread(new_context, server):
    with server.app.app_context():
        author = make_user(name="Paola Autrice")
        solution = make_solution(author=author, title="Biblioteche aperte la domenica")
        author_id, solution_id = author.id, solution.id
    page = signed_in_page(new_context, server, author_id)
    page.goto("/")
    bell = page.get_by_role("link", name=re.compile("^Notifiche"))
    expect(bell.locator("[data-unread-count]")).to_have_count(0)

    with server.app.test_request_context():
        add_comment(make_user(name="Piero Lettore"), db.session.get(Solution, solution_id), "Bella idea!")
    page.reload()
    expect(bell.locator("[data-unread-count]")).to_have_text("1 non lette")

    bell.click()
    expect(page).to_have_url(re.compile("/notifications$"))
    notification = page.locator(".notification.is-unread")
    expect(notification).to_contain_text("Biblioteche aperte la domenica")
    page.get_by_role("button", name="Segna tutte come lette").click()
    expect(flashes(page)).to_contain_text("segnate come lette")
    expect(bell.locator("[data-unread-count]")).to_have_count(0)
    expect(page.locator(".notification.is-unread")).to_have_count(0)


def discussion_setup(server, comments: int = 22) -> tuple[int, int, int]:
    """A solution with more top-level comments than a page holds; (solution, the oldest comment, a voter)."""
    with server.app.app_context():
        solution = make_solution(title="Sportello aperto il sabato")
        author = make_user(name="Carla Commenti")
        ids = [
            make_comment(solution, author, body=f"Commento {n}", body_html=f"<p>Commento {n}</p>").id
            for n in range(comments)
        ]
        return solution.id, ids[0], make_user().id


def test_comment_vote_with_javascript_on_a_later_page_updates_in_place(new_context, server):
    solution_id, oldest, voter_id = discussion_setup(server)
    page = signed_in_page(new_context, server, voter_id)
    page.goto(f"/solutions/{solution_id}?comments=newest")
    page.get_by_role("link", name="Mostra altri commenti").click()
    expect(page).to_have_url(re.compile(rf"/solutions/{solution_id}\?comments=newest&page=2#comments$"))
    page.evaluate("() => { window.notReloaded = true; }")
    comment = page.locator(f"#comment-{oldest}")
    comment.get_by_role("button", name="Vota a favore").click()
    expect(comment.locator("[data-votes-up]")).to_have_text("1")
    expect(comment.get_by_role("status")).to_have_text("Hai votato a favore.")
    comment.get_by_role("button", name="Ritira il voto a favore").click()
    expect(comment.locator("[data-votes-up]")).to_have_text("0")
    expect(comment.get_by_role("button", name="Vota a favore")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("() => window.notReloaded") is True


def test_comment_vote_and_reply_without_javascript_keep_the_readers_place(new_context, server):
    solution_id, oldest, voter_id = discussion_setup(server)
    page = signed_in_page(new_context, server, voter_id, java_script_enabled=False)
    page.goto(f"/solutions/{solution_id}?comments=newest&page=2")
    comment = page.locator(f"#comment-{oldest}")
    comment.get_by_role("button", name="Vota contro").click()
    expect(page).to_have_url(re.compile(rf"/solutions/{solution_id}\?comments=newest&page=2#comment-{oldest}$"))
    expect(flashes(page)).to_contain_text("Hai votato contro.")
    expect(comment.locator("[data-votes-down]")).to_have_text("1")

    comment.get_by_role("link", name="Rispondi").click()  # in view, not folded under "Altre azioni"
    page.get_by_label("La tua risposta a Carla Commenti").fill("Anche la domenica mattina?")
    page.get_by_role("button", name="Rispondi").click()
    expect(flashes(page)).to_contain_text("Commento pubblicato.")
    expect(page).to_have_url(re.compile(rf"/solutions/{solution_id}\?thread={oldest}#comment-\d+$"))
    expect(page.get_by_role("article", name="Commento di")).to_have_count(2)  # the comment and the new reply
