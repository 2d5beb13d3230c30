"""The loop behind `outbox work`: compose the digests and meeting reminders that are due, then deliver what
waits in the outbox."""

from __future__ import annotations

import threading
import time

from ..core.extensions import db
from ..meetings.reminders import queue_reminders
from .digests import compose_digests
from .service import send_outbox

# Digests are due once a day or a week, reminders once a day per meeting: looking every minute is soon
# enough, and spares the database.
DIGEST_LOOK_EVERY = 60.0


def compose_due() -> int:
    """Queue the digests and the meetings' reminders that are due; how many messages that made."""
    return compose_digests() + queue_reminders()


def run_worker(stop: threading.Event, interval: float) -> None:
    """Compose due digests and reminders and deliver due messages until `stop` is set, looking again every `interval` s when idle."""
    next_look = 0.0
    while not stop.is_set():
        composed = 0
        try:
            if time.monotonic() >= next_look:
                composed, next_look = compose_due(), time.monotonic() + DIGEST_LOOK_EVERY
            sent, failed = send_outbox()
        finally:
            db.session.remove()  # a fresh session per pass: never an old transaction's view of the table
        if not (composed or sent or failed):
            stop.wait(interval)
