"""Atom feeds and CSV open-data exports."""

from .views import bp

__all__ = ["bp"]
