"""Participants of an `invited` challenge: the staff invite them by email, the list, re-sending and removal."""
