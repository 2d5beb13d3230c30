"""Comparing two answers that must say the same thing."""

from __future__ import annotations

import re


def without_csrf_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked: they carry the second they were signed."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)
