"""Public profiles of the people who take part."""

from .views import bp

__all__ = ["bp"]
