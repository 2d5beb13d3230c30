"""Dates as Italian administrations count them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def today() -> date:
    """Today's date in Italy: deadlines end at midnight, Rome time."""
    return datetime.now(ROME).date()


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in Italy, as the naive UTC time the database stores (a date picked in a form
    is an Italian date: "until 31/12/2026" ends at midnight in Rome, not in Greenwich)."""
    last_moment = datetime.combine(day + timedelta(days=1), time.min, ROME) - timedelta(microseconds=1)
    return last_moment.astimezone(UTC).replace(tzinfo=None)


def rome_time(value: datetime) -> datetime:
    """A stored (naive UTC) time as the clock on the wall in Italy reads it, naive: what spreadsheets show."""
    return value.replace(tzinfo=UTC).astimezone(ROME).replace(tzinfo=None)
