"""The leaderboards page."""
