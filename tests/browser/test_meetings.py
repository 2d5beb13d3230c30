"""Meetings in Chromium: registering on a phone, the waiting list, giving up a seat in two steps."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import MeetingRegistration
from tests.browser.conftest import MOBILE, screenshot, sign_in
from tests.factories import make_meeting, make_user


def test_register_for_a_meeting_on_a_phone_then_give_the_seat_to_the_next_person(server, new_context):
    with server.app.app_context():
        meeting = make_meeting(title="Tavolo sulla mobilità", seats=1, online_url="https://meet.example.it/tavolo")
        person, next_person = make_user(name="Chiara Neri"), make_user(name="Davide Blu")
        meeting_id, person_id, next_id = meeting.id, person.id, next_person.id
    context = new_context(viewport=MOBILE)
    sign_in(context, server, person_id)
    page = context.new_page()
    page.goto("/meetings")
    page.get_by_role("link", name="Tavolo sulla mobilità").click()
    expect(page.get_by_text("Il link per partecipare lo vedono le persone iscritte con un posto.")).to_be_visible()
    page.get_by_role("button", name="Iscriviti", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("Iscrizione confermata")
    expect(page.get_by_role("link", name="https://meet.example.it/tavolo")).to_be_visible()
    screenshot(page, "meeting-registered-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    # The second person, on their own phone, finds the only seat taken and joins the waiting list.
    other = new_context(viewport=MOBILE)
    sign_in(other, server, next_id)
    waiting = other.new_page()
    waiting.goto(f"/meetings/{meeting_id}")
    waiting.get_by_role("button", name="Iscriviti alla lista d'attesa").click()
    expect(waiting.locator(".flashes")).to_contain_text("sei in lista d'attesa")
    expect(waiting.get_by_text("Sei in lista d'attesa, in posizione 1")).to_be_visible()
    expect(waiting.get_by_role("link", name="https://meet.example.it/tavolo")).to_have_count(0)

    page.get_by_role("button", name="Annulla l'iscrizione").click()
    page.get_by_role("button", name="Sì, annulla l'iscrizione").click()  # the second step, without JavaScript
    expect(page.locator(".flashes")).to_contain_text("Iscrizione annullata.")
    expect(page.get_by_role("button", name="Iscriviti alla lista d'attesa")).to_be_visible()
    with server.app.app_context():
        rows = db.session.execute(select(MeetingRegistration.user_id, MeetingRegistration.waiting)).all()
    assert rows == [(next_id, False)]
    waiting.reload()  # moved up: the seat and the online link are theirs now
    expect(waiting.get_by_text("Hai un posto riservato a questo incontro.")).to_be_visible()
    expect(waiting.get_by_role("link", name="https://meet.example.it/tavolo")).to_be_visible()
    assert waiting.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
