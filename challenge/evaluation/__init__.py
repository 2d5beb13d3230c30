"""Evaluating challenges: set-up, scoring, results, awards and follow-through (issue 18)."""
