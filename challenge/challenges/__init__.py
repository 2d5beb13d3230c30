"""Challenges: list, detail, create, edit, lifecycle and follows."""

from .views import bp

__all__ = ["bp"]
