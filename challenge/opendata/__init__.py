"""Open data: the read-only JSON API, Atom feeds and CSV exports."""
