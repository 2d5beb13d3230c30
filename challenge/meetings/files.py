"""Meetings as files: iCalendar (RFC 5545) in Italian time, and the organisers' CSV of registrations."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import UTC
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vText

from ..models import Meeting, MeetingRegistration
from ..opendata.exports import CSV_DELIMITER, csv_cell, csv_time
from ..text.clock import ROME, now_as_stored


def _event(meeting: Meeting, link: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{urlsplit(link).hostname}")
    event.add("dtstamp", now_as_stored().replace(tzinfo=UTC))
    event.add("dtstart", meeting.starts_at.replace(tzinfo=UTC).astimezone(ROME))
    event.add("dtend", meeting.ends_at.replace(tzinfo=UTC).astimezone(ROME))
    event.add("summary", meeting.title)
    location = ", ".join(part for part in (meeting.place, meeting.address) if part)
    if location:
        event.add("location", vText(location))
    event.add("url", link)
    if meeting.body:
        event.add("description", meeting.body)
    return event


def calendar_of(meetings: Iterable[Meeting], link: Callable[[Meeting], str]) -> bytes:
    """One calendar with an event per meeting, each with `link(meeting)`, its public page; the online link
    stays on that page, for registered people."""
    calendar = Calendar()
    calendar.add("prodid", "-//Sfide PA//Incontri//IT")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", "Europe/Rome")
    for meeting in meetings:
        calendar.add_component(_event(meeting, link(meeting)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


REGISTRATION_COLUMNS = ["name", "email", "status", "registered_at"]


def registrations_csv(registrations: Iterable[MeetingRegistration]) -> str:
    """Seats then the waiting list, as spreadsheets read them (a BOM, Italian time)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(REGISTRATION_COLUMNS)
    for registration in registrations:
        status = "waiting" if registration.waiting else "seat"
        row = [registration.user.display_name, registration.user.email, status, csv_time(registration.created_at)]
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()
