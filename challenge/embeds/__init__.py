"""Embeds: a public challenge as a compact page for an iframe on its administration's own site."""
