"""gunicorn settings for production (`make serve`); every value can be overridden by the environment."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Restart workers now and then, so a slow leak can never grow without bound; rarely, since a new
# worker spends about a second starting the app (at 5,000 a worker served under load restarted
# every few seconds, and the requests queued behind its start waited a second: the p99 of 1.2 s).
max_requests = 200_000
max_requests_jitter = 20_000
accesslog = None  # the app writes one structured line per request itself
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
control_socket_disable = True
preload_app = False
