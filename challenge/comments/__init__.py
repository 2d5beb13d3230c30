"""Comments and replies under solutions."""

from .views import bp

__all__ = ["bp"]
