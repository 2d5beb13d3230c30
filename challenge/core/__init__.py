"""The floor every feature stands on: the database, service errors, permissions, the audit log, counters, reference data."""
