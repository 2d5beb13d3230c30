"""Small helpers shared by the models."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def tracked_by_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name: full-text search objects are dialect-specific and migration-only."""
    return not (name or "").startswith("search_")
