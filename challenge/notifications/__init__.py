"""The person's in-app notifications."""

from .views import bp

__all__ = ["bp"]
