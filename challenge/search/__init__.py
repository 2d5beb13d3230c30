"""Full-text search page."""

from .views import bp

__all__ = ["bp"]
