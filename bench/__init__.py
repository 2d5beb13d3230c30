"""Benchmark tooling: `bench.load` fills a database at scale, `bench.run` drives gunicorn with wrk."""
