"""Use cases: each function checks the rules, writes, and commits once."""
