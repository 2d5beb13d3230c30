"""The demo's meetings: each lab held a workshop a few weeks ago and has another one coming."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..core.extensions import db
from ..models import Lab, Meeting
from ..text.clock import stored_from_rome, today

# (title, days from today, hour in Italy, hours long, seats); one past and one upcoming per lab.
MEETINGS = [
    ("Primo tavolo di co-progettazione", -21, 17, 2, None),
    ("Laboratorio sulle proposte del territorio", 12, 9, 3, 40),
]


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
    db.session.commit()
    return len(labs) * len(MEETINGS)
