"""`/challenges/<slug>/messages`: the staff's form, the confirmation step, and what recipients see."""

from __future__ import annotations

from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import ChallengeMessage, Follow, User
from tests.factories import login, make_challenge, make_user

FORM = {"subject": "Incontro pubblico", "body": "Giovedì alle 18 in sala consiliare.\nVi aspettiamo."}


def staff_client(app):
    client = app.test_client()
    with app.app_context():
        challenge = make_challenge()
        staff = make_user(role="staff", administration=challenge.administration)
        follower = make_user()
        db.session.add(Follow(user_id=follower.id, challenge_id=challenge.id))
        db.session.commit()
        login(client, staff)
        return client, challenge.slug, follower.id


def sent_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ChallengeMessage))


def test_the_page_says_how_many_people_a_message_reaches(app):
    client, slug, _follower = staff_client(app)
    page = client.get(f"/challenges/{slug}/messages").get_data(as_text=True)
    assert "Il messaggio arriva a 1 persona" in page and "Si possono inviare ancora 3 messaggi" in page


def test_sending_asks_to_confirm_then_sends_once(app):
    client, slug, _follower = staff_client(app)
    first = client.post(f"/challenges/{slug}/messages", data=FORM)
    body = first.get_data(as_text=True)
    assert first.status_code == 200 and 'name="confirm" value="y"' in body and "arriverà a 1 persona" in body
    assert sent_count(app) == 0
    second = client.post(f"/challenges/{slug}/messages", data=FORM | {"confirm": "y"})
    assert second.status_code == 303 and second.headers["Location"] == f"/challenges/{slug}/messages"
    with app.app_context():
        message = db.session.scalar(select(ChallengeMessage))
        assert (message.subject, message.body, message.recipient_count) == (FORM["subject"], FORM["body"], 1)
    assert "Messaggio inviato a 1 persona." in client.get(f"/challenges/{slug}/messages").get_data(as_text=True)


def test_a_message_without_a_subject_is_refused_next_to_the_field(app):
    client, slug, _follower = staff_client(app)
    response = client.post(f"/challenges/{slug}/messages", data=FORM | {"subject": " ", "confirm": "y"})
    assert response.status_code == 422 and 'id="subject-error"' in response.get_data(as_text=True)
    assert sent_count(app) == 0


def test_over_the_limit_the_refusal_is_shown_and_nothing_is_sent(app_factory):
    app = app_factory(CHALLENGE_MESSAGES_PER_WEEK=1)
    client, slug, _follower = staff_client(app)
    client.post(f"/challenges/{slug}/messages", data=FORM | {"confirm": "y"})
    response = client.post(f"/challenges/{slug}/messages", data=FORM | {"confirm": "y"})
    assert response.status_code == 422
    assert "Questa sfida ha già inviato 1 messaggio negli ultimi 7 giorni" in response.get_data(as_text=True)
    assert sent_count(app) == 1


def test_the_recipient_reads_the_message_among_the_notifications(app):
    client, slug, follower_id = staff_client(app)
    client.post(f"/challenges/{slug}/messages", data=FORM | {"confirm": "y"})
    reader = app.test_client()
    with app.app_context():
        login(reader, db.session.get(User, follower_id))
    page = reader.get("/notifications").get_data(as_text=True)
    assert "Nuovo messaggio dallo staff di una sfida: «Incontro pubblico»." in page
    assert "Giovedì alle 18 in sala consiliare.\nVi aspettiamo." in page and f'href="/challenges/{slug}"' in page


def test_the_challenge_page_links_its_staff_to_the_form(app):
    client, slug, _follower = staff_client(app)
    assert f'href="/challenges/{slug}/messages"' in client.get(f"/challenges/{slug}").get_data(as_text=True)
