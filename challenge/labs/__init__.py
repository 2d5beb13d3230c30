"""Territorial labs (laboratori territoriali)."""

from .views import bp

__all__ = ["bp"]
