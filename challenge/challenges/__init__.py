"""Challenges: list, detail, create, edit, lifecycle and follows."""
