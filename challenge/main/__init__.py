"""Home, static pages, language switch and health check."""
