"""Profile, account kind and email change."""

from __future__ import annotations

import re

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import User, utcnow
from tests.auth.mail import link_in, outbox
from tests.conftest import empty_tables
from tests.factories import PASSWORD, login, make_administration, make_comment, make_solution, make_user
from tests.same_page import without_csrf_tokens

PROFILE = {
    "name": "Cooperativa Riuso",
    "language": "en",
    "kind": "business",
    "organisation_name": "Riuso soc. coop.",
    "profile_public": "y",
}
REGISTRATION = {
    "email": "anna@example.it",
    "name": "Anna Neri",
    "password": "orto-urbano-2026",
    "confirm": "orto-urbano-2026",
    "accept_terms": "y",
}


def signed_in(app, client, **fields) -> int:
    with app.app_context():
        user = make_user(email="anna@example.it", **fields)
        login(client, user)
        return user.id


def reload(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_registration_records_the_kind_and_the_organisation(app, client):
    client.post(
        "/auth/register", data=REGISTRATION | {"kind": "association", "organisation_name": " Quartiere Attivo "}
    )
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.kind, user.organisation_name, user.language) == ("association", "Quartiere Attivo", "it")


def test_registration_as_a_person_keeps_no_organisation(app, client):
    client.post("/auth/register", data=REGISTRATION | {"kind": "person", "organisation_name": "Ignorata"})
    with app.app_context():
        assert db.session.scalar(select(User.organisation_name)) is None


def test_an_organisation_needs_its_name(app, client):
    response = client.post("/auth/register", data=REGISTRATION | {"kind": "research", "organisation_name": "  "})
    assert response.status_code == 422
    assert 'id="organisation_name-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_an_unknown_kind_is_refused(app, client):
    response = client.post("/auth/register", data=REGISTRATION | {"kind": "ministero"})
    assert response.status_code == 422
    assert 'id="kind-error"' in response.get_data(as_text=True)


def test_profile_changes_name_language_kind_and_visibility(app, client):
    user_id = signed_in(app, client)
    response = client.post("/account/profile", data=PROFILE)
    assert response.status_code == 303
    user = reload(app, user_id)
    assert (user.name, user.language, user.kind, user.organisation_name, user.profile_public) == (
        "Cooperativa Riuso",
        "en",
        "business",
        "Riuso soc. coop.",
        True,
    )
    assert "Your account" in client.get("/account").get_data(as_text=True), "the interface follows the chosen language"
    client.post(
        "/account/profile", data={"name": "Anna Neri", "language": "it", "kind": "person", "organisation_name": "x"}
    )
    user = reload(app, user_id)
    assert (user.kind, user.organisation_name, user.profile_public) == ("person", None, False)


def test_profile_with_bad_input_changes_nothing(app, client):
    user_id = signed_in(app, client)
    for bad in ({"name": "A"}, {"language": "fr"}, {"kind": "business", "organisation_name": ""}):
        response = client.post("/account/profile", data=PROFILE | bad)
        assert response.status_code == 422, bad
        assert "field-error" in response.get_data(as_text=True)
    assert reload(app, user_id).kind == "person"


def test_signing_in_brings_the_account_language(app, client):
    with app.app_context():
        make_user(email="anna@example.it", language="en")
    client.post("/auth/login", data={"email": "anna@example.it", "password": PASSWORD})
    assert "Your account" in client.get("/account").get_data(as_text=True)


def test_an_organisation_leads_and_the_person_follows_where_it_acts(app, client):
    with app.app_context():
        author = make_user(name="Marco Rossi", kind="association", organisation_name="Ferrara in Bici APS")
        solution = make_solution(author=author, as_organisation=True)
        make_comment(solution, author=author)
        solution_id, slug, author_id = solution.id, solution.challenge.slug, author.id
    leading = '<span class="speaker">Ferrara in Bici APS</span> <span class="badge org-badge">Associazione</span> · '
    profile_link = f'<a href="/users/{author_id}">Marco Rossi</a>'
    detail = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f"{leading}proposta da {profile_link}" in detail  # the solution
    assert f"{leading}{profile_link}</strong>" in detail  # the comment
    assert 'aria-label="Commento di Marco Rossi (Ferrara in Bici APS)"' in detail
    assert f"{profile_link} <span" not in detail, "no badge after the person's own name"
    assert f"{leading}proposta da {profile_link}" in client.get(f"/challenges/{slug}").get_data(as_text=True)
    client.post("/lang", data={"lang": "en"})
    english = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f"proposed by {profile_link}" in english


def test_a_public_bodys_staff_are_shown_as_the_body(app, client):
    with app.app_context():
        staff = make_user(
            name="Mario Bianchi", role="staff", administration=make_administration(name="Comune di Cesena")
        )
        solution = make_solution()
        make_comment(solution, author=staff)
        solution_id = solution.id
    detail = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert re.search(r'<span class="speaker">Comune di Cesena</span> · <a href="/users/\d+">Mario Bianchi</a>', detail)


def test_people_have_no_badge(app, client):
    with app.app_context():
        solution_id = make_solution().id
    assert "org-badge" not in client.get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_email_change_waits_for_the_new_address_and_tells_the_old(app, client):
    user_id = signed_in(app, client, language="en")
    response = client.post("/account/email", data={"email": "Anna.Nuova@Example.it", "current": PASSWORD})
    assert response.status_code == 303
    assert reload(app, user_id).email == "anna@example.it", "the old address stays until the new one is confirmed"
    (confirm,) = outbox(app)
    assert confirm.recipient == "anna.nuova@example.it"
    assert "Confirm your new email address" in confirm.subject, "in the person's language"
    client.post(link_in(confirm, "/auth/verify/"))
    user = reload(app, user_id)
    assert (user.email, user.pending_email) == ("anna.nuova@example.it", None)
    told = outbox(app)[-1]
    assert told.recipient == "anna@example.it"
    assert "anna.nuova@example.it" in told.body


def test_email_change_needs_the_current_password(app, client):
    user_id = signed_in(app, client)
    response = client.post("/account/email", data={"email": "nuova@example.it", "current": "sbagliata-123"})
    assert response.status_code == 422
    assert 'id="email-current-error"' in response.get_data(as_text=True)
    assert reload(app, user_id).pending_email is None
    assert outbox(app) == []


def test_email_change_to_a_taken_address_tells_nothing_and_mails_its_owner(app, client):
    user_id = signed_in(app, client)
    with app.app_context():
        make_user(email="presa@example.it")
    taken = client.post("/account/email", data={"email": "presa@example.it", "current": PASSWORD})
    taken_page = client.get("/account").get_data(as_text=True)
    free = client.post("/account/email", data={"email": "libera@example.it", "current": PASSWORD})
    free_page = client.get("/account").get_data(as_text=True)
    assert taken.status_code == free.status_code == 303
    assert "Esiste già" not in taken_page
    same = [
        without_csrf_tokens(page.replace(address, "X@"))
        for page, address in ((taken_page, "presa@"), (free_page, "libera@"))
    ]
    assert same[0] == same[1], "the same page for both"
    to_owner, to_free = outbox(app)
    assert (to_owner.recipient, to_free.recipient) == ("presa@example.it", "libera@example.it")
    assert "/auth/verify/" not in to_owner.body and "un altro account" in to_owner.body
    assert reload(app, user_id).email == "anna@example.it"


def test_an_address_taken_before_confirming_is_not_stolen(app, client):
    user_id = signed_in(app, client)
    client.post("/account/email", data={"email": "nuova@example.it", "current": PASSWORD})
    link = link_in(outbox(app)[0], "/auth/verify/")
    with app.app_context():
        make_user(email="nuova@example.it")
    assert client.post(link).status_code == 403
    assert reload(app, user_id).email == "anna@example.it"


def test_a_second_change_voids_the_first_link(app, client):
    user_id = signed_in(app, client)
    client.post("/account/email", data={"email": "prima@example.it", "current": PASSWORD})
    client.post("/account/email", data={"email": "seconda@example.it", "current": PASSWORD})
    first, second = outbox(app)
    assert client.post(link_in(first, "/auth/verify/")).status_code == 400
    client.post(link_in(second, "/auth/verify/"))
    assert reload(app, user_id).email == "seconda@example.it"


def test_a_new_name_reaches_cached_public_pages(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    with app.app_context():
        empty_tables()
        author = make_user(name="Nome Vecchio")
        solution_id = make_solution(author=author).id
        author_client = app.test_client()
        login(author_client, author)
    reader = app.test_client()
    assert "Nome Vecchio" in reader.get(f"/solutions/{solution_id}").get_data(as_text=True)
    author_client.post("/account/profile", data=PROFILE | {"name": "Nome Nuovo"})
    assert "Nome Nuovo" in reader.get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_a_suspended_account_may_not_change_its_name_or_organisation(app, client):
    user_id = signed_in(app, client, suspended_at=utcnow(), suspension_reason="Linguaggio offensivo")
    before = reload(app, user_id)
    response = client.post("/account/profile", data=PROFILE)
    assert response.status_code == 403
    assert "Il tuo account è sospeso" in response.get_data(as_text=True)
    after = reload(app, user_id)
    assert (after.name, after.kind, after.organisation_name) == (before.name, before.kind, before.organisation_name)
    same_public_face = {"name": before.name, "language": "en", "kind": before.kind, "organisation_name": ""}
    assert client.post("/account/profile", data=same_public_face).status_code == 303, "the language is for reading"
    assert reload(app, user_id).language == "en"
