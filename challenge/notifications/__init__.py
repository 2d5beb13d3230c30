"""The person's in-app notifications."""
