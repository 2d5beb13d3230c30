"""Text as the site handles it: accepted characters, Markdown, slugs, Italian grammar and dates."""
