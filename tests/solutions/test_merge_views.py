"""The merge form, its confirmation, the 301 of a merged duplicate, withdrawing in favour, possible duplicates."""

from __future__ import annotations

from challenge.core.extensions import db
from challenge.models import ModerationAction, Solution, SolutionCoauthor, User
from challenge.solutions.merging import merge_solutions
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_comment, make_solution, make_user


def two_solutions():
    challenge = make_challenge()
    survivor = make_solution(challenge, title="Sportello unico digitale per le pratiche edilizie")
    duplicate = make_solution(challenge, title="Uno sportello digitale unico per l'edilizia")
    staff = make_user(role="staff", administration_id=challenge.administration_id)
    return challenge, survivor.id, duplicate.id, staff


def status_of(solution_id: int) -> str:
    return db.session.get(Solution, solution_id).status


def test_staff_merge_after_confirming_and_the_old_address_leads_to_the_survivor(app, client):
    with app.app_context():
        _challenge, survivor, duplicate, staff = two_solutions()
        login(client, staff)
    form = client.get(f"/solutions/{duplicate}/merge?into={survivor}")
    assert form.status_code == 200
    assert f'<option selected value="{survivor}">' in form.get_data(as_text=True)
    asked = client.post(f"/solutions/{duplicate}/merge", data={"into": survivor, "reason": "Stessa proposta."})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Sportello unico digitale per le pratiche edilizie" in page and "sportello digitale unico per" in page
    with app.app_context():
        assert status_of(duplicate) == "published"  # nothing changed before confirming
    done = client.post(
        f"/solutions/{duplicate}/merge", data={"into": survivor, "reason": "Stessa proposta.", "confirm": "y"}
    )
    assert done.status_code == 303 and done.headers["Location"] == f"/solutions/{survivor}"
    with app.app_context():
        assert status_of(duplicate) == "merged"
    for signed_in in (True, False):
        if not signed_in:
            with app.app_context():
                client.delete_cookie(app.config["AUTH_COOKIE_NAME"])
        moved = client.get(f"/solutions/{duplicate}")
        assert moved.status_code == 301 and moved.headers["Location"] == f"/solutions/{survivor}"
    api = client.get(f"/api/v1/solutions/{duplicate}")
    assert api.status_code == 301 and api.headers["Location"] == f"/api/v1/solutions/{survivor}"
    assert api.get_json()["merged_into"] == survivor


def test_bad_input_is_shown_next_to_the_field_and_changes_nothing(app, client):
    with app.app_context():
        _challenge, survivor, duplicate, staff = two_solutions()
        login(client, staff)
    for data, message in (
        ({"into": survivor, "reason": " ", "confirm": "y"}, "obbligatorio"),
        ({"into": duplicate, "reason": "Doppione.", "confirm": "y"}, "is-invalid"),
        ({"into": "", "reason": "Doppione.", "confirm": "y"}, "Scegli la soluzione in cui unirla"),
    ):
        response = client.post(f"/solutions/{duplicate}/merge", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert status_of(duplicate) == "published"


def test_nobody_merges_another_solution_into_one_they_author(app, client):
    """The survivor gains the duplicate's votes and authors: its own author never decides that."""
    with app.app_context():
        _challenge, survivor, duplicate, _staff = two_solutions()
        moderator = make_user(role="moderator")
        db.session.add(SolutionCoauthor(solution_id=survivor, user_id=moderator.id))
        db.session.commit()
        login(client, moderator)
    response = client.post(
        f"/solutions/{duplicate}/merge", data={"into": survivor, "reason": "Doppione.", "confirm": "y"}
    )
    assert response.status_code == 422
    assert "soluzione a una tua: lo decide un" in response.get_data(as_text=True)
    with app.app_context():
        assert status_of(duplicate) == "published"


def test_only_moderators_and_the_challenges_staff_may_merge(app, client):
    with app.app_context():
        _challenge, survivor, duplicate, _staff = two_solutions()
        author = db.session.get(Solution, duplicate).author
        coauthor = make_user()
        db.session.add(SolutionCoauthor(solution_id=duplicate, user_id=coauthor.id))
        db.session.commit()
        refused = [author, coauthor, make_user(role="staff"), make_user()]
        moderator = make_user(role="moderator")
    data = {"into": survivor, "reason": "Doppione.", "confirm": "y"}
    assert client.post(f"/solutions/{duplicate}/merge", data=data).status_code == 302  # to sign in
    for user in refused:
        with app.app_context():
            login(client, user)
        assert client.get(f"/solutions/{duplicate}/merge").status_code == 403
        assert client.post(f"/solutions/{duplicate}/merge", data=data).status_code == 403
        assert "Possibili duplicati" not in client.get(f"/solutions/{duplicate}").get_data(as_text=True)
    with app.app_context():
        assert status_of(duplicate) == "published"
    with app.app_context():
        login(client, moderator)
    assert client.post(f"/solutions/{duplicate}/merge", data=data).status_code == 303


def test_staff_see_possible_duplicates_with_a_prefilled_merge_link(app, client):
    with app.app_context():
        _challenge, survivor, duplicate, staff = two_solutions()
        login(client, staff)
    html = client.get(f"/solutions/{survivor}").get_data(as_text=True)
    assert "Possibili duplicati" in html
    assert f"/solutions/{survivor}/merge?into={duplicate}" in html
    assert f"/solutions/{survivor}/merge?into={survivor}" not in html


def test_the_duplicate_author_reads_the_decision_on_the_survivor_and_may_appeal(app, client):
    """Any author of the duplicate: here its co-author, whom the merge also made a co-author of the survivor."""
    with app.app_context():
        _challenge, survivor, duplicate, staff = two_solutions()
        coauthor_id = make_user().id
        db.session.add(SolutionCoauthor(solution_id=duplicate, user_id=coauthor_id))
        db.session.commit()
        login(client, staff)
    client.post(f"/solutions/{duplicate}/merge", data={"into": survivor, "reason": "Doppione.", "confirm": "y"})
    with app.app_context():
        login(client, db.session.get(User, coauthor_id))
    html = client.get(f"/solutions/{survivor}").get_data(as_text=True)
    assert "è stata unita a questa" in html and "Doppione." in html
    assert f"/solutions/{duplicate}/appeal" in html
    appealed = client.post(f"/solutions/{duplicate}/appeal", data={"body": "Sono proposte diverse."})
    assert appealed.status_code == 303
    with app.app_context():
        assert db.session.query(ModerationAction).filter_by(action="appeal", solution_id=duplicate).count() == 1


def test_author_withdraws_in_favour_of_another_solution_which_is_linked(app, client):
    with app.app_context():
        _challenge, survivor, duplicate, _staff = two_solutions()
        author = db.session.get(Solution, duplicate).author
        other = make_solution(title="Un'altra sfida, un'altra idea").id  # another challenge
        login(client, author)
    page = client.get(f"/solutions/{duplicate}").get_data(as_text=True)
    assert f'<option value="{survivor}">' in page
    refused = client.post(f"/solutions/{duplicate}/withdraw", data={"in_favour_of": other, "confirm": "y"})
    assert refused.status_code == 400
    asked = client.post(f"/solutions/{duplicate}/withdraw", data={"in_favour_of": survivor})
    assert "rimanderà a «Sportello unico digitale" in asked.get_data(as_text=True)
    done = client.post(f"/solutions/{duplicate}/withdraw", data={"in_favour_of": survivor, "confirm": "y"})
    assert done.status_code == 303
    html = client.get(f"/solutions/{duplicate}").get_data(as_text=True)
    assert "Ritirata a favore di" in html and f'href="/solutions/{survivor}"' in html
    with app.app_context():
        assert db.session.get(Solution, duplicate).withdrawn_in_favour_of_id == survivor


def test_the_survivors_cached_page_shows_what_the_merge_brought(app_factory):
    app = app_factory(CACHE_BACKEND="memory")
    client = app.test_client()
    with app.app_context():
        empty_tables()
        _challenge, survivor, duplicate, staff = two_solutions()
        staff_id = staff.id
        body = "Un commento arrivato col duplicato."
        make_comment(db.session.get(Solution, duplicate), body=body, body_html=f"<p>{body}</p>")
    assert "arrivato col duplicato" not in client.get(f"/solutions/{survivor}").get_data(as_text=True)
    with app.app_context():
        merge_solutions(db.session.get(User, staff_id), db.session.get(Solution, duplicate), survivor, "Doppione.")
    assert "arrivato col duplicato" in client.get(f"/solutions/{survivor}").get_data(as_text=True)
