"""Configuration classes: safe defaults here, secrets and URLs from the environment."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit


class Config:
    """Defaults shared by every environment."""

    # hide_parameters: a database error's text (and so any log line) never repeats the values sent.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    SQLALCHEMY_RECORD_QUERIES = False
    # PostgreSQL (challenge/core/database.py): seconds to connect, to run one statement (0: no limit), and
    # for a silent link (keepalives, unacknowledged data); a reply waits for the last two at most.
    DATABASE_CONNECT_TIMEOUT = 3
    DATABASE_STATEMENT_TIMEOUT = 20
    DATABASE_LINK_TIMEOUT = 5
    # /healthz reports a failed write (a full or read-only disk) this long, or until a write succeeds.
    DATABASE_WRITE_ERROR_SHOWN_FOR = 300

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # The cookie that carries only the id of a server-side sign-in record.
    AUTH_COOKIE_NAME = "sfide_auth"
    AUTH_SESSION_IDLE = timedelta(days=30)
    # Seconds after sign-in when a session ends however active it is (OWASP ASVS 4.0.3, 3.3.2: at most
    # 30 days at level 1). Then the person signs in again, which a stolen cookie cannot do.
    AUTH_SESSION_MAX_AGE = 30 * 24 * 60 * 60
    # How stale `last_seen_at` may get before a request refreshes it (saves a write per page).
    AUTH_SESSION_TOUCH_EVERY = timedelta(minutes=5)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session cookie
    # Forms are text: a bigger request is refused (413) from its Content-Length, before reading it.
    MAX_CONTENT_LENGTH = 1024 * 1024

    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"
    LANGUAGES = ("it", "en")

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_PER_IP = "20 per minute"
    RATELIMIT_REGISTER_PER_IP = "10 per hour"
    RATELIMIT_API = "600 per minute"
    # Redis down: count in each process's memory meanwhile, and go back to Redis when it answers.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # last resort: a limiter failure never turns into a 500
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}

    # The shared cache (challenge/cache/): "redis" when REDIS_URL is set, "memory" per process, or "none".
    CACHE_BACKEND = "memory"
    CACHE_REDIS_URL = ""
    CACHE_KEY_PREFIX = "sfide:"
    CACHE_MAX_AGE = 300  # seconds an entry is kept at most; versions, not this, make it fresh
    CACHE_STALE_FOR = 2  # seconds the top contributors of a period may lag behind votes (recomputed at most that often)
    CACHE_RETRY_AFTER = 5  # seconds to leave a failed cache alone
    CACHE_MEMORY_MAX_BYTES = 64 * 1024 * 1024  # per process, without Redis; least recently used entries go first
    PAGE_MAX_AGE = 5  # seconds a proxy or CDN may keep a shared anonymous page (Cache-Control)
    # Responses of the app compressed by flask-compress (static files come precompressed: challenge/web/assets.py).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = ["text/html", "text/plain", "text/css", "text/csv", "application/json", "application/atom+xml"]
    COMPRESS_STREAMS = False

    PASSWORD_MIN_LENGTH = 10
    # Every password check (sign-in, password change, account deletion) of one email: after
    # PASSWORD_FREE_FAILURES failures, each failure makes the next check wait, from
    # PASSWORD_COOLDOWN_FIRST seconds doubling up to PASSWORD_COOLDOWN_MAX; the right password
    # then passes. Failures are forgotten PASSWORD_FAILURES_KEPT seconds after the last one.
    # Off, like every rate limit, when RATELIMIT_ENABLED is false.
    PASSWORD_FREE_FAILURES = 5
    PASSWORD_COOLDOWN_FIRST = 30
    PASSWORD_COOLDOWN_MAX = 15 * 60
    PASSWORD_FAILURES_KEPT = 24 * 60 * 60
    # Unverified accounts read and manage themselves but do not write (FLASK_REQUIRE_VERIFIED_EMAIL=false turns it off).
    REQUIRE_VERIFIED_EMAIL = True
    VERIFY_EMAIL_MAX_AGE = timedelta(hours=48)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)
    # The versions of the terms of use and of the privacy notice now in force; an account that accepted
    # an older one is asked again before its next write. Issue 16 moves publishing them to the admin UI.
    TERMS_VERSION = "2026-12-01"
    PRIVACY_VERSION = "2026-12-01"
    # The body that runs the site (Designers Italia's slim header and footer, the privacy notice's controller):
    # FLASK_OWNER_NAME, e.g. "Regione Emilia-Romagna", and FLASK_OWNER_URL, its own website.
    OWNER_NAME = ""
    OWNER_URL = ""
    OWNER_ADDRESS = ""  # postal address, shown in the footer and the privacy notice
    CONTACT_EMAIL = ""  # the site's contact address (footer, feedback, accessibility, privacy requests)
    CONTACT_PEC = ""  # the body's certified email (PEC), if it has one
    FEEDBACK_URL = ""  # a feedback form; unset: the contact address, else the accessibility statement's section
    # Privacy notice (GDPR art. 13): the controller defaults to the owner; the DPO (RPD) is required of public bodies.
    PRIVACY_CONTROLLER_NAME = ""
    PRIVACY_CONTROLLER_EMAIL = ""
    PRIVACY_DPO_NAME = ""
    PRIVACY_DPO_EMAIL = ""
    PRIVACY_HOSTING_PROVIDER = ""  # who runs the servers for the owner (a processor, GDPR art. 28)
    PRIVACY_EMAIL_PROVIDER = ""  # who delivers the site's email, if not the owner itself
    # The statement published on AgID's form (form.agid.gov.it), and the date the automated checks last passed.
    ACCESSIBILITY_STATEMENT_URL = ""
    ACCESSIBILITY_CHECKED_AT = "2026-12-01"
    RATELIMIT_VERIFY_RESEND = "3 per hour"  # per account
    RATELIMIT_PASSWORD_FORGOT_PER_IP = "10 per hour"
    RATELIMIT_PASSWORD_FORGOT_PER_ADDRESS = "3 per hour"
    PAGE_SIZE = 20
    COMMENTS_PAGE_SIZE = 20  # top-level comments per page of a solution's discussion
    COMMENT_REPLIES_SHOWN = 3  # replies under each of them; the rest are on the thread's own pages
    COMMENT_EDIT_MINUTES = 15  # how long after posting a comment its author may still edit it
    PROXY_FIX_HOPS = 0  # FLASK_PROXY_FIX_HOPS=1 behind one trusted reverse proxy
    # True: the site is served under a path the proxy names in X-Forwarded-Prefix (the proxy must set it).
    PROXY_FIX_PREFIX = False
    LEADERBOARD_SIZE = 10
    FLAG_AUTO_HIDE = 3  # distinct flags that hide an item until a moderator looks
    # Per-account limits on writing (Flask-Limiter strings); FLASK_RATELIMIT_SOLUTIONS="5 per hour", ...
    RATELIMIT_SOLUTIONS = "10 per hour"
    RATELIMIT_COMMENTS = "30 per hour"
    RATELIMIT_VOTES = "120 per hour"
    RATELIMIT_FLAGS = "20 per hour"
    RATELIMIT_APPEALS = "5 per day"
    # Co-authorship invitations sent and sent again: each one emails an address that may have no account.
    RATELIMIT_COAUTHOR_INVITATIONS = "20 per day"
    # The first N solutions and comments of every account wait for a moderator; 0 turns it off.
    PREMODERATE_FIRST_CONTRIBUTIONS = 0
    MAIL_SERVER = None  # set FLASK_MAIL_SERVER to send email notifications
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS before authenticating
    MAIL_USERNAME = None
    MAIL_DEFAULT_SENDER = "Sfide PA <noreply@sfide.example>"
    # A failed message waits OUTBOX_RETRY_FIRST seconds, then twice as long each time up to OUTBOX_RETRY_MAX.
    OUTBOX_RETRY_FIRST = 15
    OUTBOX_RETRY_MAX = 60 * 60
    # The hour (Rome) from which people with a seat get the reminder of the next day's meeting.
    MEETING_REMINDER_HOUR = 9
    # How many messages a challenge's staff may send to its participants and followers in 7 days.
    CHALLENGE_MESSAGES_PER_WEEK = 3
    # Invitations to take part in a challenge: at most this many addresses written to per challenge in
    # 24 hours (invited or reminded), and this long between two reminders to one address.
    PARTICIPANT_INVITATIONS_PER_DAY = 200
    PARTICIPANT_RESEND_MINUTES = 60
    # Where readers reach the site, e.g. https://sfide.regione.example: every absolute URL (feeds,
    # API, emails) is built from it, never from the request's Host. Unset: from HOST and PORT.
    PUBLIC_URL = ""
    # Host headers answered (others get 400); unset: the public URL's host plus localhost and 127.0.0.1.
    TRUSTED_HOSTS: list[str] | None = None
    # SPID and CIE (docs/spid.md): off until the key, certificate and IdP metadata are in place.
    SPID_ENABLED = False
    SPID_SP_ENTITY_ID = ""  # empty: PUBLIC_URL
    SPID_KEY_FILE = ""
    SPID_CERT_FILE = ""
    SPID_IDP_METADATA_DIR = ""  # *.xml: SPID IdPs; cie/*.xml: CIE
    SPID_REGISTRY_CERT_FILE = ""  # the certificate that signs the metadata `flask spid refresh-idps` downloads
    SPID_LEVEL = 1  # 1 or 2
    SPID_REQUIRED_FOR = ""  # "propose", "vote" or "propose,vote"
    SPID_ORGANIZATION_NAME = ""
    SPID_ORGANIZATION_URL = ""
    SPID_IPA_CODE = ""
    SPID_CONTACT_EMAIL = ""
    SPID_CONTACT_PHONE = ""
    # Attachments (docs/attachments.md): the largest file, files per challenge or solution, the largest
    # image in pixels (checked from its header, before decoding), and where the bytes are kept.
    ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    ATTACHMENTS_PER_ITEM = 10
    ATTACHMENT_MAX_PIXELS = 40_000_000
    MAX_COAUTHORS = 10  # co-authors of one solution besides its proposer, pending invitations included
    STORAGE_URL = ""  # "" or file://: the instance folder; file:///path; s3://BUCKET/PREFIX
    # nginx's internal location for the storage folder (e.g. /_files): the app then answers with
    # X-Accel-Redirect and nginx sends the bytes; "" sends them from the app. Local storage only.
    ATTACHMENT_ACCEL_PREFIX = ""
    S3_ENDPOINT_URL = ""  # an S3-compatible store's address; empty: Amazon S3
    S3_ACCESS_KEY = ""
    S3_SECRET_KEY = ""
    S3_REGION = "us-east-1"
    PASSWORD_REGISTRATION = True  # false: citizens sign up only with SPID/CIE (staff keep passwords)


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
    CACHE_BACKEND = "none"  # cache tests turn the memory store on
    PUBLIC_URL = "http://localhost"  # the test client's default address
    WTF_CSRF_ENABLED = False  # tests about CSRF build an app with it on
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Files the tests upload go to a folder of the system's temporary files, never to the instance folder.
    STORAGE_URL = f"file://{Path(tempfile.gettempdir()) / f'sfide-test-attachments-{os.getpid()}'}"


CONFIGS: dict[str, type[Config]] = {
    "default": DevConfig,
    "dev": DevConfig,
    "prod": ProdConfig,
    "test": TestConfig,
}


def settle_public_address(config: dict) -> None:
    """Fill PUBLIC_URL (from HOST and PORT, as `make run` serves) and TRUSTED_HOSTS (from PUBLIC_URL)."""
    if not config.get("PUBLIC_URL"):
        config["PUBLIC_URL"] = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
    config["PUBLIC_URL"] = config["PUBLIC_URL"].rstrip("/")
    if config.get("TRUSTED_HOSTS") is None:
        # Local addresses stay usable for health checks and tests on the server itself.
        config["TRUSTED_HOSTS"] = sorted(
            {urlsplit(config["PUBLIC_URL"]).hostname or "", "localhost", "127.0.0.1"} - {""}
        )


def private_file(path: Path) -> None:
    """Create the file readable by its owner only (0600), in a folder only its owner opens (0700).

    Existing files and folders keep their modes.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def database_url(instance_path: Path) -> str:
    """DATABASE_URL, or a SQLite file in the instance folder (created 0600: it holds every account)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        private_file(instance_path / "sfide.db")  # SQLite gives its journal files the same mode
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
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
