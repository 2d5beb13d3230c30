"""Comments and replies under solutions."""
