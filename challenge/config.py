"""Configuration classes: safe defaults here, secrets and URLs from the environment."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class Config:
    """Defaults shared by every environment."""

    # hide_parameters: a database error's text (and so any log line) never repeats the values sent.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    SQLALCHEMY_RECORD_QUERIES = False

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # The cookie that carries only the id of a server-side sign-in record.
    AUTH_COOKIE_NAME = "sfide_auth"
    AUTH_SESSION_IDLE = timedelta(days=30)
    # How stale `last_seen_at` may get before a request refreshes it (saves a write per page).
    AUTH_SESSION_TOUCH_EVERY = timedelta(minutes=5)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session cookie

    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"
    LANGUAGES = ("it", "en")

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_PER_IP = "20 per minute"
    RATELIMIT_LOGIN_FAILURES_PER_ACCOUNT = "5 per 15 minutes"
    RATELIMIT_REGISTER_PER_IP = "10 per hour"
    RATELIMIT_API = "600 per minute"
    # Redis down: count in each process's memory meanwhile, and go back to Redis when it answers.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # last resort: a limiter failure never turns into a 500
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}

    # RedisCache when REDIS_URL is set; the timeout bounds staleness where no invalidation reaches.
    CACHE_TYPE = "SimpleCache"
    CACHE_DEFAULT_TIMEOUT = 5
    CACHE_KEY_PREFIX = "sfide:"
    CACHE_RETRY_AFTER = 5  # seconds to leave a failed cache alone

    PASSWORD_MIN_LENGTH = 10
    # Unverified accounts read and manage themselves but do not write (FLASK_REQUIRE_VERIFIED_EMAIL=false turns it off).
    REQUIRE_VERIFIED_EMAIL = True
    VERIFY_EMAIL_MAX_AGE = timedelta(hours=48)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)
    # The versions of the terms of use and of the privacy notice now in force; an account that accepted
    # an older one is asked again before its next write. Issue 16 moves publishing them to the admin UI.
    TERMS_VERSION = "2026-12-01"
    PRIVACY_VERSION = "2026-12-01"
    RATELIMIT_VERIFY_RESEND = "3 per hour"  # per account
    RATELIMIT_PASSWORD_FORGOT_PER_IP = "10 per hour"
    RATELIMIT_PASSWORD_FORGOT_PER_ADDRESS = "3 per hour"
    PAGE_SIZE = 20
    PROXY_FIX_HOPS = 0  # FLASK_PROXY_FIX_HOPS=1 behind one trusted reverse proxy
    LEADERBOARD_SIZE = 10
    FLAG_AUTO_HIDE = 3  # distinct flags that hide an item until a moderator looks
    MAIL_SERVER = None  # set FLASK_MAIL_SERVER to send email notifications
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS before authenticating
    MAIL_USERNAME = None
    MAIL_DEFAULT_SENDER = "Sfide PA <noreply@sfide.example>"
    PUBLIC_URL = ""  # e.g. https://sfide.regione.example, for links in emails


class DevConfig(Config):
    """Local development and `make run`."""

    DEBUG = False


class ProdConfig(Config):
    """Production behind a TLS-terminating proxy; tunables still come from FLASK_* variables."""

    SESSION_COOKIE_SECURE = True


class TestConfig(Config):
    """The test suite: an isolated database chosen by TEST_DATABASE_URL."""

    TESTING = True
    SECRET_KEY = "test-only-secret-key"
    RATELIMIT_ENABLED = False
    CACHE_TYPE = "NullCache"  # cache tests turn SimpleCache on
    WTF_CSRF_ENABLED = False  # tests about CSRF build an app with it on
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")


CONFIGS: dict[str, type[Config]] = {
    "default": DevConfig,
    "dev": DevConfig,
    "prod": ProdConfig,
    "test": TestConfig,
}


def database_url(instance_path: Path) -> str:
    """DATABASE_URL, or a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'sfide.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY, or a key generated once and kept (mode 600) in the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
