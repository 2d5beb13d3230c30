"""Solution pages and the author's actions."""
