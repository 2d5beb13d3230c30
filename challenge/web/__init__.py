"""Web plumbing every blueprint uses: request helpers, forms, error pages, templates, headers, assets, language, logging."""
