"""Evaluating challenges: set-up, scoring, results, awards and follow-through (issue 18)."""

from .views import bp

__all__ = ["bp"]
