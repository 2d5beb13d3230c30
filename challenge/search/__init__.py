"""Full-text search page."""
