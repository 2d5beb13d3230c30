"""Voting on solutions and comments."""
