"""Entry point for `flask --app wsgi` and gunicorn."""

from challenge import create_app

app = create_app()
