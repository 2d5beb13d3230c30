"""The meetings of the page catalogue's site (tests/pages.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from challenge.core.extensions import db
from challenge.meetings import minutes
from challenge.meetings import service as meetings
from challenge.models import Meeting
from challenge.text import clock


def site_meetings(staff, lab, challenge, citizen, author) -> tuple[Meeting, Meeting]:
    """An upcoming lab workshop with its one seat taken and a person waiting, a challenge's presentation, a past one
    with minutes linking two solutions."""
    start = datetime.combine(clock.today() + timedelta(days=10), time(17, 30))
    workshop = meetings.create_meeting(
        staff,
        lab,
        meetings.MeetingDetails(
            "Laboratorio di co-progettazione sull'economia circolare",
            start,
            start + timedelta(hours=2),
            place="Sala Borsa",
            address="Piazza del Nettuno 3, Bologna",
            online_url="https://meet.example.it/economia-circolare",
            seats=1,
            body="Lavoro in gruppi sulle proposte del laboratorio.",
        ),
    )
    meetings.register(citizen, workshop)
    meetings.register(author, workshop)
    meetings.create_meeting(
        staff, challenge, meetings.MeetingDetails("Presentazione della sfida", start, start + timedelta(hours=1), "URP")
    )
    past = Meeting(
        lab_id=lab.id,
        title="Primo incontro del laboratorio",
        starts_at=clock.now_as_stored() - timedelta(days=20),
        ends_at=clock.now_as_stored() - timedelta(days=20) + timedelta(hours=2),
        place="Sala Borsa",
    )
    db.session.add(past)
    db.session.commit()
    discussed = [
        solution.id for solution in minutes.solutions_to_choose(past)[-2:]
    ]  # the oldest: the catalogue's solution among them
    minutes.write_minutes(staff, past, MINUTES, discussed)
    return workshop, past


MINUTES = """Presenti venti persone tra residenti, associazioni e uffici comunali.

- Le proposte sugli **sportelli** sono state presentate dai loro autori.
- Il prossimo incontro raccoglierà i dati degli uffici.

Le slide sono sul [sito del Comune](https://www.comune.bologna.it)."""
