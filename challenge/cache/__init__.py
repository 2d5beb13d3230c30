"""The shared cache, in six ideas (docs/cache.md has the details and the measurements behind them).

1. Versions, not expiry. Every entry records the versions of the *scopes* it shows (`solution:12`,
   `challenge:<slug>`, `administration:<slug>`, `content`, `votes`, `published`, and `generation`
   and the database's identity, which every entry shows) and is served only while they are current:
   one indexed query per page reads them (versions.py), so every process sees a write at its next
   read, with Redis or without, and an entry never outlives the database it was computed on.
2. Invalidation derived from the write. The session's flushes and its INSERT/UPDATE/DELETE
   statements name the rows and columns they change; scopes.py turns each into the scopes that show
   it and bumps them in the write's own transaction. Nobody calls an invalidation by hand.
3. Shared pages declared at the view. `@shared_page(scopes, params=..., readers=...)` (pages.py)
   marks a page every anonymous visitor sees alike, and with `readers` every signed-in citizen of a
   kind; its key is the request's address, path, declared query parameters and kind of reader,
   nothing else; `pages.shared_scopes()` is the one place that decides who gets it.
4. Reader marks. What differs between readers is a mark in the page (marks.py): a value (the CSRF
   field, a name) or a choice among states rendered once each (a vote box, a follow button), answered
   for each reader after the view from one statement (web/marks.py). So fragments hold every reader's
   state, and signed-in citizens share whole pages per kind of reader (`readers=` in idea 3); what
   only some readers may do (their own comments, moderation) is rendered for them at a marker
   (fragments.py), never stored.
5. Time is part of an entry. What changes with the clock (a deadline, a sliding period) gives its
   next change (`until=`, `changes_at`) and is not served past it; one costly aggregate, the top
   contributors of a period, may lag votes by CACHE_STALE_FOR seconds (`refresh_every`).
6. Stores are disposable. Entries are JSON (serial.py) in Redis (redis_store.py, with each process's
   copies of the entries it last used) or in each process's memory (memory.py); a store that fails
   is left alone for a while and values are computed directly: the cache never makes a page fail.

This module imports nothing, so `challenge.models` can register `cache.models.CacheVersion` without a cycle.
"""
