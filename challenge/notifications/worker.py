"""The loop behind `outbox work`: compose the digests that are due, then deliver what waits in the outbox."""

from __future__ import annotations

import threading

from ..core.extensions import db
from .digests import compose_digests
from .service import send_outbox


def run_worker(stop: threading.Event, interval: float) -> None:
    """Compose due digests and deliver due messages until `stop` is set, looking again every `interval` s when idle."""
    while not stop.is_set():
        try:
            composed = compose_digests()
            sent, failed = send_outbox()
        finally:
            db.session.remove()  # a fresh session per pass: never an old transaction's view of the table
        if not (composed or sent or failed):
            stop.wait(interval)
