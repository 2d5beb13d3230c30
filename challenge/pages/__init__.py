"""Content pages: the terms of use and the privacy notice in force, and pages admins write in Markdown."""
