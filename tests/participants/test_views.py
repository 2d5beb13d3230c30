"""`/challenges/<slug>/participants`: inviting by list or file, the list with statuses, re-sending, removal."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import AuditEntry, Invitation, OutboxEmail, Participant, utcnow
from tests.factories import PASSWORD, make_user
from tests.participants.helpers import invite, link_for, participants, staff_client


def outbox_to(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxEmail.recipient).order_by(OutboxEmail.id)))


def test_each_new_address_gets_an_invitation_email(app):
    client, slug = staff_client(app)
    response = invite(client, slug, "Anna@Example.it", "bruno@example.it")
    assert response.status_code == 303
    assert participants(app) == [("anna@example.it", None, False), ("bruno@example.it", None, False)]
    assert outbox_to(app) == ["anna@example.it", "bruno@example.it"]
    page = client.get(f"/challenges/{slug}/participants").get_data(as_text=True)
    assert "Invito inviato a 2 indirizzi." in page
    with app.app_context():
        invitation = db.session.scalars(select(Invitation)).first()
        assert invitation.role == "participant"
        assert timedelta(days=13, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=14)
        body = db.session.scalars(select(OutboxEmail.body)).first()
    assert "entro 14 giorni" in body and slug not in body.split("http://localhost/invitations/")[1]


def test_one_invalid_line_invites_nobody_and_is_named_next_to_the_field(app):
    client, slug = staff_client(app)
    response = invite(client, slug, "anna@example.it", "bruno@", "carla@example.it")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="emails-error"' in page and "riga 2 «bruno@»" in page and "nessuno è stato invitato" in page
    assert "anna@example.it\ncarla@example.it" not in page and "carla@example.it" in page  # the list stays as typed
    assert participants(app) == [] and outbox_to(app) == []


def test_repeated_and_already_invited_addresses_are_skipped_and_reported(app):
    client, slug = staff_client(app)
    invite(client, slug, "anna@example.it")
    response = invite(client, slug, "anna@example.it", "bruno@example.it", "BRUNO@example.it")
    assert response.status_code == 303
    assert [email for email, *_ in participants(app)] == ["anna@example.it", "bruno@example.it"]
    assert outbox_to(app) == ["anna@example.it", "bruno@example.it"]
    page = client.get(f"/challenges/{slug}/participants").get_data(as_text=True)
    assert "Invito inviato a 1 indirizzo." in page
    assert "Scritti più volte, invitati una volta sola: bruno@example.it." in page
    assert "Già invitati, saltati: anna@example.it." in page


def test_a_csv_file_invites_its_email_column(app):
    client, slug = staff_client(app)
    data = b"Nome;Email\nAnna;anna@example.it\nBruno;bruno@example.it\n"
    response = client.post(
        f"/challenges/{slug}/participants",
        data={"emails": "", "file": (io.BytesIO(data), "invitati.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert [email for email, *_ in participants(app)] == ["anna@example.it", "bruno@example.it"]


def test_a_bad_file_is_explained_next_to_its_field(app):
    client, slug = staff_client(app)
    response = client.post(
        f"/challenges/{slug}/participants",
        data={"emails": "anna@example.it", "file": (io.BytesIO(b"PK\x03\x04\x00\x00"), "invitati.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and "non si legge come CSV" in page
    assert participants(app) == []


def test_an_empty_form_asks_for_an_address(app):
    client, slug = staff_client(app)
    response = invite(client, slug)
    assert response.status_code == 422 and "Scrivi almeno un indirizzo email" in response.get_data(as_text=True)


def test_drafts_and_internal_challenges_say_why_and_take_no_invitations(app):
    reasons = (
        ({"status": "draft"}, "Apri la sfida prima di invitare"),
        ({"visibility": "internal"}, "non si invitano partecipanti"),
    )
    for fields, reason in reasons:
        client, slug = staff_client(app, **fields)
        page = client.get(f"/challenges/{slug}/participants").get_data(as_text=True)
        assert reason in page and "disabled>Invita</button>" in page
        response = invite(client, slug, "anna@example.it")
        assert response.status_code == 422
        assert 'id="emails-error"' in response.get_data(as_text=True)
    assert participants(app) == []


def test_the_daily_limit_refuses_a_list_longer_than_what_is_left(app):
    app.config["PARTICIPANT_INVITATIONS_PER_DAY"] = 2
    client, slug = staff_client(app)
    invite(client, slug, "anna@example.it")
    response = invite(client, slug, "bruno@example.it", "carla@example.it")
    assert response.status_code == 422
    assert "Oggi si può scrivere ancora a 1 indirizzo" in response.get_data(as_text=True)
    assert len(participants(app)) == 1


def test_the_invitation_is_written_in_the_language_of_the_account_that_has_the_address(app):
    client, slug = staff_client(app)
    with app.app_context():
        make_user(email="sarah@example.org", language="en")
    invite(client, slug, "sarah@example.org", "anna@example.it")
    with app.app_context():
        subjects = dict(db.session.execute(select(OutboxEmail.recipient, OutboxEmail.subject)).all())
    assert subjects["sarah@example.org"].startswith("Sfide PA: An invitation to take part")
    assert subjects["anna@example.it"].startswith("Sfide PA: Un invito a partecipare alla sfida")


def test_the_list_shows_each_status_and_who_invited(app):
    client, slug = staff_client(app)
    assert "Nessuno è ancora stato invitato" in client.get(f"/challenges/{slug}/participants").get_data(as_text=True)
    invite(client, slug, "anna@example.it", "bruno@example.it", "carla@example.it")
    with app.app_context():
        anna, bruno, _carla = db.session.scalars(select(Participant).order_by(Participant.id))
        anna.accepted_at, anna.user_id = utcnow(), make_user(email="anna@example.it").id
        bruno.invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    page = client.get(f"/challenges/{slug}/participants").get_data(as_text=True)
    for status in ("accettata", "scaduta", "invitata"):
        assert f"{status}" in page
    assert page.count("Invia di nuovo") == 2 and page.count(">Rimuovi<") == 3
    assert 'class="table table-stack"' in page


def test_re_sending_gives_a_new_link_and_waits_between_two(app):
    client, slug = staff_client(app)
    invite(client, slug, "anna@example.it")
    first_link = link_for(app, "anna@example.it")
    with app.app_context():
        participant = db.session.scalar(select(Participant))
        participant_id = participant.id
        participant.invited_at -= timedelta(hours=2)
        participant.invitation.expires_at = utcnow() - timedelta(days=1)  # expired: re-sending revives it
        db.session.commit()
    response = client.post(f"/challenges/{slug}/participants/{participant_id}/resend")
    assert response.status_code == 303
    new_link = link_for(app, "anna@example.it")
    assert new_link != first_link
    visitor = app.test_client()
    assert visitor.get(first_link).status_code == 404
    assert visitor.get(new_link).status_code == 200
    again = client.post(f"/challenges/{slug}/participants/{participant_id}/resend", follow_redirects=True)
    assert "puoi mandarlo di nuovo tra 60 minuti" in again.get_data(as_text=True)
    assert len(outbox_to(app)) == 2
    with app.app_context():
        assert db.session.get(Participant, participant_id).resend_count == 1
        actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["invitation_create", "invitation_resend"]


def test_removal_asks_first_then_kills_the_link_and_is_logged(app):
    client, slug = staff_client(app)
    invite(client, slug, "anna@example.it")
    link = link_for(app, "anna@example.it")
    with app.app_context():
        participant_id = db.session.scalar(select(Participant.id))
    url = f"/challenges/{slug}/participants/{participant_id}/remove"
    first = client.post(url)
    assert first.status_code == 200 and 'name="confirm" value="y"' in first.get_data(as_text=True)
    assert len(participants(app)) == 1
    assert client.post(url, data={"confirm": "y"}).status_code == 303
    assert participants(app) == []
    assert client.get(link).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
        entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.changes) == ("participant_remove", {"participant": ["anna@example.it", None]})


def test_a_participant_of_another_challenge_is_not_found(app):
    client, slug = staff_client(app)
    other_client, other_slug = staff_client(app)
    invite(other_client, other_slug, "anna@example.it")
    with app.app_context():
        participant_id = db.session.scalar(select(Participant.id))
    assert client.post(f"/challenges/{slug}/participants/{participant_id}/remove").status_code == 404
    assert client.post(f"/challenges/{slug}/participants/{participant_id}/resend").status_code == 404


def test_the_challenge_page_links_the_participants_for_its_staff_when_invited(app):
    client, slug = staff_client(app)
    assert f'href="/challenges/{slug}/participants"' in client.get(f"/challenges/{slug}").get_data(as_text=True)
    public_client, public_slug = staff_client(app, visibility="public")
    page = public_client.get(f"/challenges/{public_slug}").get_data(as_text=True)
    assert "/participants" not in page


def test_an_accepted_participant_sees_the_challenge_until_removed(app):
    client, slug = staff_client(app)
    invite(client, slug, "anna@example.it")
    person = app.test_client()
    account = {"name": "Anna", "password": PASSWORD, "confirm": PASSWORD, "accept_terms": "y"}
    assert person.post(link_for(app, "anna@example.it"), data=account).status_code == 303
    assert person.get(f"/challenges/{slug}").status_code == 200
    with app.app_context():
        participant_id = db.session.scalar(select(Participant.id))
    client.post(f"/challenges/{slug}/participants/{participant_id}/remove", data={"confirm": "y"})
    assert person.get(f"/challenges/{slug}").status_code == 404
