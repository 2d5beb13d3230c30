"""The moderation queue, actions and log, and readers' flags."""
