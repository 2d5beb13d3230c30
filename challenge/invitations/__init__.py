"""Invitations to a role: staff of an administration, moderator, juror."""
