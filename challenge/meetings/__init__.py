"""Meetings of territorial labs and challenges: workshops, presentations, juries in public."""
