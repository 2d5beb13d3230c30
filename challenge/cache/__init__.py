"""The shared cache, in six ideas (docs/cache.md has the details and the measurements behind them).

1. Versions, not expiry. Every entry records the versions of the *scopes* it shows (`solution:12`,
   `challenge:<slug>`, `administration:<slug>`, `content`, `votes`, `published`, and `generation`
   and the database's identity, which every entry shows) and is served only while they are current:
   one indexed query per page reads them (versions.py), so every process sees a write at its next
   read, with Redis or without, and an entry never outlives the database it was computed on.
2. Invalidation derived from the write. The session's flushes and its INSERT/UPDATE/DELETE
   statements name the rows and columns they change; scopes.py turns each into the scopes that show
   it and bumps them in the write's own transaction. Nobody calls an invalidation by hand.
3. Shared pages declared at the view. `@shared_page(scopes, params=...)` (pages.py) marks a page
   every anonymous visitor sees alike; its key is the request's address, path and declared query
   parameters, nothing else; `pages.shared_scopes()` is the one place that decides who gets it.
4. Shared fragments, reader parts apart. Signed-in readers share cached values and fragments
   (entries.cached); each item's reader part (votes, own-content and moderator controls, tokens)
   is rendered per request and put at its marker (fragments.py), never stored.
5. Time is part of an entry. What changes with the clock (a deadline, a sliding period) gives its
   next change (`until=`, `changes_at`) and is not served past it; one costly aggregate, the top
   contributors of a period, may lag votes by CACHE_STALE_FOR seconds (`refresh_every`).
6. Stores are disposable. Entries are JSON (serial.py) in Redis (redis_store.py, with each process's
   copies of the entries it last used) or in each process's memory (memory.py); a store that fails
   is left alone for a while and values are computed directly: the cache never makes a page fail.

This module imports nothing, so `challenge.models` can register `cache.models.CacheVersion` without a cycle.
"""
