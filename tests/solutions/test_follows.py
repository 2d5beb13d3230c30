"""Following one solution: who may, and what its followers hear (comments, official response, status)."""

from __future__ import annotations

from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Notification, OutboxEmail, SolutionFollow
from challenge.moderation import decisions as moderation
from challenge.moderation.appeals import decide_appeal, file_appeal
from tests.conftest import empty_tables
from tests.factories import login, make_challenge, make_solution, make_suspended_user, make_user


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def follows() -> list[tuple[int, int]]:
    return [tuple(row) for row in db.session.execute(select(SolutionFollow.user_id, SolutionFollow.solution_id))]


def notices(user_id: int) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)))


def test_follow_and_unfollow_a_solution_twice_change_nothing_more(app):
    with app.app_context():
        solution = make_solution(title="Orti urbani condivisi")
        reader = make_user()
        solution_id, reader_id = solution.id, reader.id
        client = signed_in(app, reader)
    for _ in range(2):
        response = client.post(f"/solutions/{solution_id}/follow")
        assert response.status_code == 303 and response.headers["Location"] == f"/solutions/{solution_id}"
    with app.app_context():
        assert follows() == [(reader_id, solution_id)]
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f'action="/solutions/{solution_id}/unfollow"' in page
    for _ in range(2):
        assert client.post(f"/solutions/{solution_id}/unfollow").status_code == 303
    with app.app_context():
        assert follows() == []
    assert f'action="/solutions/{solution_id}/follow"' in client.get(f"/solutions/{solution_id}").get_data(as_text=True)


def test_unfollow_leads_back_to_a_local_page_only(app):
    with app.app_context():
        solution_id = make_solution().id
        client = signed_in(app, make_user())
    back = client.post(f"/solutions/{solution_id}/unfollow", data={"next": "/account/activity"})
    assert back.headers["Location"] == "/account/activity"
    away = client.post(f"/solutions/{solution_id}/unfollow", data={"next": "https://altrove.example/"})
    assert away.headers["Location"] == f"/solutions/{solution_id}"


def test_the_author_follows_implicitly_so_has_no_button_and_no_row(app):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author).id
        client = signed_in(app, author)
    page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    assert f"/solutions/{solution_id}/follow" not in page and f"/solutions/{solution_id}/unfollow" not in page
    assert client.post(f"/solutions/{solution_id}/follow").status_code == 303
    with app.app_context():
        assert follows() == []


def test_only_a_published_solution_can_be_followed(app):
    with app.app_context():
        withdrawn_id = make_solution(status="withdrawn").id
        client = signed_in(app, make_user())
    response = client.post(f"/solutions/{withdrawn_id}/follow")
    assert response.status_code == 403 and "solo una soluzione pubblicata" in response.get_data(as_text=True)
    assert "/follow" not in client.get(f"/solutions/{withdrawn_id}").get_data(as_text=True)
    with app.app_context():
        assert follows() == []


def test_a_suspended_account_cannot_follow(app):
    with app.app_context():
        solution_id = make_solution().id
        client = signed_in(app, make_suspended_user())
    assert client.post(f"/solutions/{solution_id}/follow").status_code == 403
    assert f"/solutions/{solution_id}/follow" not in client.get(f"/solutions/{solution_id}").get_data(as_text=True)
    with app.app_context():
        assert follows() == []


def test_followers_hear_of_comments_responses_and_withdrawal_and_the_author_only_once(app):
    with app.app_context():
        author, follower, commenter = make_user(), make_user(), make_user()
        staff = make_user(role="staff")
        solution = make_solution(make_challenge(staff.administration), author=author, title="Bus di quartiere")
        db.session.add_all(
            [
                SolutionFollow(user_id=follower.id, solution_id=solution.id),
                SolutionFollow(user_id=commenter.id, solution_id=solution.id),
                SolutionFollow(user_id=author.id, solution_id=solution.id),  # as if they had followed it too
            ]
        )
        db.session.commit()
        ids = {"author": author.id, "follower": follower.id, "commenter": commenter.id}
        solution_id = solution.id
        people = {"commenter": commenter, "staff": staff, "author": author, "follower": follower}
        clients = {name: signed_in(app, user) for name, user in people.items()}
    clients["commenter"].post(f"/solutions/{solution_id}/comments", data={"body": "Anche il sabato?"})
    clients["staff"].post(f"/solutions/{solution_id}/response", data={"outcome": "accepted", "body": "Si farà."})
    clients["author"].post(f"/solutions/{solution_id}/withdraw", data={"confirm": "y"})
    with app.app_context():
        assert sorted(notices(ids["follower"])) == ["follow_comment", "follow_response", "follow_status"]
        assert sorted(notices(ids["commenter"])) == ["follow_response", "follow_status"]  # not of their own comment
        assert sorted(notices(ids["author"])) == ["comment", "response"]  # their own notices, never twice
    page = clients["follower"].get("/notifications").get_data(as_text=True)
    assert "Nuovo commento su una soluzione che segui: «Bus di quartiere»." in page
    assert "L&#39;amministrazione ha risposto a una soluzione che segui" in page
    assert "è stata ritirata da chi l&#39;ha proposta: «Bus di quartiere»." in page
    assert f'href="/solutions/{solution_id}#official-response"' in page


def test_followers_hear_that_moderation_hid_and_restored_it_without_the_reasons(app):
    with app.app_context():
        author, follower, moderator = make_user(), make_user(), make_user(role="moderator")
        solution = make_solution(author=author, title="Piste ciclabili")
        db.session.add(SolutionFollow(user_id=follower.id, solution_id=solution.id))
        db.session.commit()
        moderation.hide(moderator, solution, "Dati personali di terzi nel testo", "other")
        appeal = file_appeal(author, moderation.latest_decision(solution), "Li ho tolti.")
        other_moderator = make_user(role="moderator")
        decide_appeal(other_moderator, appeal, "overturn", "Ora va bene.")
        follower_id = follower.id
        assert notices(follower_id) == ["follow_status", "follow_status"]
        client = signed_in(app, follower)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Una soluzione che segui è stata nascosta dalla moderazione: «Piste ciclabili»." in page
    assert "Una soluzione che segui è di nuovo visibile: «Piste ciclabili»." in page
    assert "Dati personali di terzi" not in page and "ricorso" not in page  # the author's statement stays theirs


def test_followers_who_chose_it_get_an_email(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    with app.app_context():
        empty_tables()
        wants, quiet = make_user(email="segue@example.it"), make_user(email="tace@example.it")
        solution = make_solution(title="Mense a km zero")
        for user in (wants, quiet):
            db.session.add(SolutionFollow(user_id=user.id, solution_id=solution.id))
        db.session.commit()
        solution_id = solution.id
        client, commenter = signed_in(app, wants), signed_in(app, make_user())
    assert client.post("/account/notifications", data={"kind_follow_comment": "y"}).status_code == 303
    commenter.post(f"/solutions/{solution_id}/comments", data={"body": "Con i produttori locali."})
    with app.app_context():
        mail = db.session.execute(select(OutboxEmail.recipient, OutboxEmail.body)).all()
        assert [recipient for recipient, _body in mail] == ["segue@example.it"]
        assert "Nuovo commento su una soluzione che segui: «Mense a km zero»." in mail[0][1]
