"""Challenge pages: lists and filters, detail, create, edit, lifecycle, follows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import Challenge, Follow, Lab
from challenge.text import clock
from tests.factories import in_days, login, make_administration, make_challenge, make_solution, make_user


def form_data(**changes):
    data = {
        "title": "Meno code agli sportelli anagrafe",
        "summary": "Come ridurre le attese agli sportelli anagrafici del comune.",
        "body": "Ogni mattina decine di persone aspettano ore. Cerchiamo idee per prenotazioni, servizi online e orari.",
        "theme": "3",
        "sdgs": ["11", "16"],
        "region": "08",
        "deadline": in_days(60).isoformat(),
        "lab": "",
    }
    data.update(changes)
    return data


def test_list_shows_public_challenges_only(app, client):
    with app.app_context():
        make_challenge(title="Sfida aperta sulla mobilità")
        make_challenge(title="Bozza segreta del comune", status="draft")
    html = client.get("/challenges").get_data(as_text=True)
    assert "Sfida aperta sulla mobilità" in html
    assert "Bozza segreta" not in html


def test_list_filters(app, client):
    with app.app_context():
        bologna = make_administration(name="Comune di Bologna", slug="comune-di-bologna", region_code="08")
        bari = make_administration(name="Comune di Bari", slug="comune-di-bari", region_code="16")
        lab = Lab(name="Laboratorio Appennino", slug="laboratorio-appennino", territory="Appennino", region_code="08")
        db.session.add(lab)
        db.session.commit()
        make_challenge(bologna, title="Raccolta differenziata in centro", theme_id=1, lab_id=lab.id)
        make_challenge(bari, title="Trasporto scolastico sostenibile", theme_id=3, status="closed")

    def titles(query):
        html = client.get("/challenges" + query).get_data(as_text=True)
        return {t for t in ("Raccolta differenziata", "Trasporto scolastico") if t in html}

    assert titles("") == {"Raccolta differenziata", "Trasporto scolastico"}
    assert titles("?q=differenziata") == {"Raccolta differenziata"}
    assert titles("?theme=3") == {"Trasporto scolastico"}
    assert titles("?status=closed") == {"Trasporto scolastico"}
    assert titles("?administration=comune-di-bologna") == {"Raccolta differenziata"}
    assert titles("?region=16") == {"Trasporto scolastico"}
    assert titles("?lab=laboratorio-appennino") == {"Raccolta differenziata"}
    assert titles("?sdg=11") == {"Raccolta differenziata", "Trasporto scolastico"}
    assert titles("?sdg=5") == set()
    assert titles("?status=bogus&region=99") == {"Raccolta differenziata", "Trasporto scolastico"}


def test_list_paginates(app, client):
    with app.app_context():
        administration = make_administration()
        for number in range(25):
            make_challenge(administration, title=f"Sfida di prova numero {number:02d}")
    first = client.get("/challenges").get_data(as_text=True)
    second = client.get("/challenges?page=2").get_data(as_text=True)
    assert first.count('class="challenge-card') == 20
    assert second.count('class="challenge-card') == 5
    assert "25 sfide trovate" in first
    assert client.get("/challenges?page=99").status_code == 200


def test_empty_list_has_an_empty_state(client):
    assert "Nessuna sfida corrisponde" in client.get("/challenges").get_data(as_text=True)


def test_detail_has_breadcrumbs_stats_and_solutions(app, client):
    with app.app_context():
        challenge = make_challenge(title="Comunità energetiche nei borghi")
        make_solution(challenge, title="Pannelli sui tetti delle scuole")
        slug = challenge.slug
    html = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert 'class="breadcrumb"' in html
    assert "Numero di soluzioni" in html
    assert "Pannelli sui tetti delle scuole" in html
    assert "Proponi una soluzione" in html


def test_detail_paginates_solutions_by_the_stored_count(app, client):
    with app.app_context():
        challenge = make_challenge()
        for number in range(22):
            make_solution(challenge, title=f"Proposta numero {number:02d}")
        slug = challenge.slug
    first = client.get(f"/challenges/{slug}").get_data(as_text=True)
    second = client.get(f"/challenges/{slug}?page=2").get_data(as_text=True)
    assert first.count('class="solution-card') == 20
    assert 'rel="next"' in first
    assert second.count('class="solution-card') == 2
    assert 'rel="next"' not in second


def test_unknown_challenge_is_404(client):
    assert client.get("/challenges/non-esiste").status_code == 404


def test_drafts_are_visible_only_to_their_staff_and_admins(app):
    with app.app_context():
        owner = make_administration()
        draft = make_challenge(owner, status="draft")
        staff = make_user(role="staff", administration=owner)
        other_staff = make_user(role="staff")
        admin = make_user(role="admin")
        citizen = make_user()
        slug, title = draft.slug, draft.title
        expectations = []
        for user, status in ((staff, 200), (admin, 200), (other_staff, 404), (citizen, 404)):
            client = app.test_client()
            login(client, user)
            expectations.append((client, status))
    for client, status in expectations:
        assert client.get(f"/challenges/{slug}").status_code == status
        assert (title in client.get("/challenges").get_data(as_text=True)) == (status == 200)
    assert app.test_client().get(f"/challenges/{slug}").status_code == 404


def test_staff_creates_a_draft_for_their_administration(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        administration_id = staff.administration_id
        login(client, staff)
    response = client.post("/challenges/new", data=form_data())
    assert response.status_code == 303
    with app.app_context():
        challenge = db.session.scalar(select(Challenge))
        assert challenge.status == "draft"
        assert challenge.administration_id == administration_id
        assert challenge.slug == "meno-code-agli-sportelli-anagrafe"
        assert [sdg.number for sdg in challenge.sdgs] == [11, 16]
        assert "<p>" in challenge.body_html
    assert response.headers["Location"] == "/challenges/meno-code-agli-sportelli-anagrafe"


def test_same_title_gets_a_distinct_slug(app, client):
    with app.app_context():
        login(client, make_user(role="staff"))
    client.post("/challenges/new", data=form_data())
    response = client.post("/challenges/new", data=form_data())
    assert response.headers["Location"].endswith("-2")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "obbligatorio"),
        ({"summary": "corta"}, "tra 20 e 500"),
        ({"sdgs": []}, "obbligatorio"),
        ({"sdgs": ["1", "2", "3", "4", "5", "6"]}, "da uno a cinque"),
        ({"deadline": (clock.today() - timedelta(days=1)).isoformat()}, "nel passato"),
        ({"deadline": "domani"}, "data valida"),
        ({"theme": "7"}, "opzione valida"),
        ({"region": "99"}, "opzione valida"),
        ({"title": "Meno code\r\nBcc: spia@example.it"}, "su una riga"),
        ({"summary": "Come ridurre le attese\x0b agli sportelli."}, "caratteri di controllo"),
        (
            {"body": "Ogni mattina decine di persone aspettano ore.\x00 Cerchiamo idee per gli orari."},
            "caratteri di controllo",
        ),
    ],
)
def test_challenge_form_errors_next_to_the_field(app, client, changes, message):
    with app.app_context():
        login(client, make_user(role="staff"))
    response = client.post("/challenges/new", data=form_data(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Challenge.id))) == 0


def test_admin_must_choose_the_administration(app, client):
    with app.app_context():
        administration = make_administration()
        administration_id = administration.id
        login(client, make_user(role="admin"))
    assert client.post("/challenges/new", data=form_data()).status_code == 422
    assert client.post("/challenges/new", data=form_data(administration=str(administration_id))).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Challenge.administration_id)) == administration_id


def test_edit_keeps_the_slug(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        challenge = make_challenge(staff.administration)
        slug = challenge.slug
        login(client, staff)
    assert client.get(f"/challenges/{slug}/edit").status_code == 200
    response = client.post(f"/challenges/{slug}/edit", data=form_data(title="Titolo tutto nuovo per la sfida"))
    assert response.headers["Location"] == f"/challenges/{slug}"
    with app.app_context():
        assert db.session.scalar(select(Challenge.title)) == "Titolo tutto nuovo per la sfida"


def test_lifecycle_moves_one_step_forward_only(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        slug = make_challenge(staff.administration, status="draft", opened_at=None).slug
        login(client, staff)

    def status():
        with app.app_context():
            return db.session.scalar(select(Challenge.status))

    assert client.post(f"/challenges/{slug}/status", data={"status": "closed"}).status_code == 403
    assert status() == "draft"
    for step in ("open", "evaluation", "closed"):
        asked = client.post(f"/challenges/{slug}/status", data={"status": step})
        assert asked.status_code == 200 and 'name="confirm" value="y"' in asked.text
        assert status() != step  # the first post only asks
        assert client.post(f"/challenges/{slug}/status", data={"status": step, "confirm": "y"}).status_code == 303
        assert status() == step
    assert client.post(f"/challenges/{slug}/status", data={"status": "open"}).status_code == 403
    assert client.post(f"/challenges/{slug}/status", data={"status": "nonsense"}).status_code == 400
    assert status() == "closed"
    with app.app_context():
        challenge = db.session.scalar(select(Challenge))
        assert challenge.opened_at is not None and challenge.closed_at is not None


def test_closed_challenge_cannot_be_edited(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        slug = make_challenge(staff.administration, status="closed").slug
        login(client, staff)
    assert client.post(f"/challenges/{slug}/edit", data=form_data()).status_code == 403


def test_follow_and_unfollow_are_idempotent(app, client):
    with app.app_context():
        user = make_user()
        slug = make_challenge().slug
        login(client, user)

    def follows():
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(Follow))

    client.post(f"/challenges/{slug}/follow")
    client.post(f"/challenges/{slug}/follow")
    assert follows() == 1
    assert "Smetti di seguire" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    client.post(f"/challenges/{slug}/unfollow")
    client.post(f"/challenges/{slug}/unfollow")
    assert follows() == 0


def test_moving_to_the_next_phase_asks_first_and_changes_nothing_until_confirmed(app, client):
    with app.app_context():
        staff = make_user(role="staff")
        slug = make_challenge(staff.administration, status="open").slug
        other = make_user(role="staff")
        login(client, staff)
    asked = client.post(f"/challenges/{slug}/status", data={"status": "evaluation"})
    assert asked.status_code == 200
    assert "Passare alla valutazione?" in asked.text
    assert 'name="status" value="evaluation"' in asked.text
    assert f'href="/challenges/{slug}"' in asked.text  # the way back
    with app.app_context():
        assert db.session.scalar(select(Challenge.status)) == "open"
    # Someone who may not move it is refused at the first step, not asked.
    with app.app_context():
        login(client, other)
    assert client.post(f"/challenges/{slug}/status", data={"status": "evaluation"}).status_code == 403


def test_signed_in_readers_share_the_cached_solution_cards_and_each_gets_their_own_vote_box(app_factory, monkeypatch):
    import flask

    from challenge.models import Solution, User
    from challenge.votes.service import vote_on_solution
    from tests.conftest import empty_tables

    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        challenge = make_challenge()
        author = make_user()
        own = make_solution(challenge, author=author, title="La mia proposta")
        slug, own_id, voter_id = challenge.slug, own.id, make_user().id
        author_client, voter_client = app.test_client(), app.test_client()
        login(author_client, author)
        login(voter_client, db.session.get(User, voter_id))
    renders: list[str] = []
    monkeypatch.setattr(
        "challenge.challenges.views.render_template",
        lambda name, **context: renders.append(name) or flask.render_template(name, **context),
    )
    as_author = author_client.get(f"/challenges/{slug}").get_data(as_text=True)
    as_voter = voter_client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert renders.count("challenges/_solution_cards.html") == 1  # shared by the second reader
    vote_form = f'action="/solutions/{own_id}/vote"'
    assert vote_form in as_voter and vote_form not in as_author  # no buttons on one's own solution
    assert "La mia proposta" in as_author and "reader-part" not in as_author + as_voter
    with app.app_context():
        vote_on_solution(db.session.get(User, voter_id), db.session.get(Solution, own_id), 1)
    assert 'aria-pressed="true"' in voter_client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert renders.count("challenges/_solution_cards.html") == 2  # the counts in the cards changed


def test_a_challenge_without_solutions_says_so_and_whether_one_may_still_be_proposed(app, client):
    with app.app_context():
        open_slug = make_challenge(title="Sfida appena aperta").slug
        closed_slug = make_challenge(title="Sfida chiusa", status="closed").slug
    assert "Nessuna soluzione ancora: proponi la prima!" in client.get(f"/challenges/{open_slug}").get_data(
        as_text=True
    )
    closed = client.get(f"/challenges/{closed_slug}").get_data(as_text=True)
    assert "Nessuna soluzione per questa sfida." in closed and "proponi la prima" not in closed


def test_counts_are_written_with_the_readers_thousands_separator(app, client):
    with app.app_context():
        challenge = make_challenge()
        challenge.solution_count = 1234  # as many as a busy challenge gathers
        db.session.commit()
        slug = challenge.slug
    assert "(1.234)" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    english = client.get(f"/challenges/{slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(1,234)" in english
