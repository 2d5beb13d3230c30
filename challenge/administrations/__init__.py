"""Directory of administrations."""
