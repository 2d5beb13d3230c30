"""The back office: administrations, labs, people, legal texts, the audit log (admins only)."""
