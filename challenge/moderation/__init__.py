"""The moderation queue, actions and log, and readers' flags."""

from .views import bp

__all__ = ["bp"]
