"""The demo's meetings: each lab held a workshop a few weeks ago, with its minutes, and has another one coming."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..core.extensions import db
from ..meetings.minutes import solutions_to_choose
from ..models import Lab, Meeting
from ..text.clock import now_as_stored, stored_from_rome, today
from ..text.markup import render_markdown

# (title, days from today, hour in Italy, hours long, seats); one past and one upcoming per lab.
MEETINGS = [
    ("Primo tavolo di co-progettazione", -21, 17, 2, None),
    ("Laboratorio sulle proposte del territorio", 12, 9, 3, 40),
]
MINUTES = """Hanno partecipato i partner del laboratorio, cittadini e imprese del territorio.

- Ogni gruppo ha presentato le proposte che ha discusso.
- Le proposte più mature saranno approfondite con gli uffici prima del prossimo incontro."""


def add_demo_meetings() -> int:
    """A past and an upcoming meeting for every lab, at its coordinator's offices; how many were added."""
    labs = list(db.session.scalars(select(Lab).order_by(Lab.id)))
    for number, lab in enumerate(labs):
        for title, days, hour, hours, seats in MEETINGS:
            starts_at = stored_from_rome(datetime.combine(today() + timedelta(days=days + number), time(hour)))
            db.session.add(
                Meeting(
                    lab_id=lab.id,
                    title=title,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=hours),
                    place=f"Sede di {lab.coordinator.name}" if lab.coordinator else lab.territory,
                    address=lab.territory,
                    seats=seats,
                    body="Partner del laboratorio, cittadini e imprese lavorano in gruppi sulle sfide aperte.",
                )
            )
    db.session.flush()
    for meeting in db.session.scalars(select(Meeting).where(Meeting.ends_at < now_as_stored())):
        meeting.minutes, meeting.minutes_html, meeting.minutes_at = MINUTES, render_markdown(MINUTES), meeting.ends_at
        meeting.solutions = solutions_to_choose(meeting)[:2]
    db.session.commit()
    return len(labs) * len(MEETINGS)
