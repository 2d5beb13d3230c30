"""Territorial labs (laboratori territoriali)."""
