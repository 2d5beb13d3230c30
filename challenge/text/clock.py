"""Dates as Italian administrations count them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def today() -> date:
    """Today's date in Italy: deadlines end at midnight, Rome time."""
    return datetime.now(ROME).date()
