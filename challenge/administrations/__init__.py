"""Directory of administrations."""

from .views import bp

__all__ = ["bp"]
