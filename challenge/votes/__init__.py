"""Voting on solutions and comments."""

from .views import bp

__all__ = ["bp"]
