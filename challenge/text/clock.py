"""Dates as Italian administrations count them, from one clock that tests can move."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def now() -> datetime:
    """The current moment, in Italy. Whatever changes with time reads it, so a test that replaces it
    moves deadlines and the cache's notion of "now" together."""
    return datetime.now(ROME)


def now_as_stored() -> datetime:
    """now() as timestamp columns store it: UTC, naive."""
    return now().astimezone(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in Italy: deadlines end at midnight, Rome time."""
    return now().date()


def midnight_after(day: date) -> datetime:
    """The moment `day` ends in Italy (midnight, Rome time, summer time included)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ROME)


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in Italy, as the naive UTC time the database stores (a date picked in a form
    is an Italian date: "until 31/12/2026" ends at midnight in Rome, not in Greenwich)."""
    return (midnight_after(day) - timedelta(microseconds=1)).astimezone(UTC).replace(tzinfo=None)


def rome_time(value: datetime) -> datetime:
    """A stored (naive UTC) time as the clock on the wall in Italy reads it, naive: what spreadsheets show."""
    return value.replace(tzinfo=UTC).astimezone(ROME).replace(tzinfo=None)


def stored_from_rome(value: datetime) -> datetime:
    """A wall-clock time in Italy (naive, as a form gives it) as the naive UTC time the database stores."""
    return value.replace(tzinfo=ROME).astimezone(UTC).replace(tzinfo=None)
