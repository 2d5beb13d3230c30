"""What the outbox worker needs besides sending: retry delays, Message-IDs, and log lines without addresses."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from email.utils import make_msgid, parseaddr

from flask import current_app

outbox_log = logging.getLogger("sfide.outbox")


def retry_delay(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failure: from seconds, doubling, capped."""
    first = float(current_app.config["OUTBOX_RETRY_FIRST"])
    return timedelta(seconds=min(first * 2 ** (attempts - 1), float(current_app.config["OUTBOX_RETRY_MAX"])))


def new_message_id() -> str:
    """A Message-ID in the sender's domain, made once when the message is queued."""
    sender = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")[1]
    return make_msgid(domain=sender.rpartition("@")[2] or None)


def masked(address: str) -> str:
    """The recipient as a log may show it: a short hash of the domain, never the address."""
    domain = address.rpartition("@")[2].lower()
    return "domain#" + hashlib.sha256(domain.encode()).hexdigest()[:10]
