"""Solution pages and the author's actions."""

from .views import bp

__all__ = ["bp"]
