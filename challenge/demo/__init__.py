"""Realistic Italian demo data for `flask --app wsgi seed-demo`."""
