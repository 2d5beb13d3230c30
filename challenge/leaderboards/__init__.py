"""The leaderboards page."""

from .views import bp

__all__ = ["bp"]
