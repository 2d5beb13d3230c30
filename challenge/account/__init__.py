"""The signed-in person's own profile, password and sessions."""

from .views import bp

__all__ = ["bp"]
