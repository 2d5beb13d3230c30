"""Atom feeds and CSV open-data exports."""
