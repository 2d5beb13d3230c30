"""gunicorn settings for production (`make serve`); every value can be overridden by the environment."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Restart workers now and then, so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = None  # the app writes one structured line per request itself
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
control_socket_disable = True
preload_app = False
