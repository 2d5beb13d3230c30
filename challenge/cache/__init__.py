"""The shared cache: values, fragments and whole anonymous pages, valid while their scopes keep their versions.

It imports nothing here, so `challenge.models` can register `cache.models.CacheVersion` without a cycle.
"""
