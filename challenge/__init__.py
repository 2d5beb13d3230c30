"""Sfide PA: crowdsourcing challenges for Italian public administrations."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import CONFIGS, Config, database_url, secret_key, settle_public_address

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | type[Config] | None = None) -> Flask:
    """Build the application; `config` is a key of CONFIGS or a Config class."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("SFIDE_INSTANCE_PATH") or str(ROOT / "instance"),
    )
    config = config or os.environ.get("SFIDE_CONFIG", "default")
    app.config.from_object(CONFIGS[config] if isinstance(config, str) else config)
    if not app.testing:
        configure_from_environment(app)
    settle_public_address(app.config)
    trust_proxy(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    return app


def configure_from_environment(app: Flask) -> None:
    """DATABASE_URL, SECRET_KEY, REDIS_URL, then any FLASK_* variable."""
    instance = Path(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(instance)
    app.config["SECRET_KEY"] = secret_key(instance)
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        app.config["REDIS_URL"] = redis_url
        app.config["RATELIMIT_STORAGE_URI"] = redis_url
        app.config["CACHE_BACKEND"] = "redis"
        app.config["CACHE_REDIS_URL"] = redis_url
    app.config.from_prefixed_env()


def trust_proxy(app: Flask) -> None:
    """Behind a reverse proxy, honour X-Forwarded-* only from the number of hops configured, and
    X-Forwarded-Prefix only when a deployment under a path asks for it (PROXY_FIX_PREFIX)."""
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    prefix_hops = hops if app.config.get("PROXY_FIX_PREFIX") else 0
    if hops:
        # Flask's documented way to add WSGI middleware, though its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=prefix_hops)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    """Bind every extension to this app."""
    from .cache import entries as caching
    from .core import database, write_health
    from .core.extensions import compress, csrf, db, limiter, migrate
    from .leaderboards import ranking
    from .search import service as search
    from .web import assets, errors, i18n, marks, observability, security, signin, templating

    # First: its after_request hook runs last, so it compresses the final body (headers, ETag set).
    compress.init_app(app)
    assets.init_app(app)
    database.configure_engine(app)
    db.init_app(app)
    with app.app_context():
        database.bound_replies(app, db.engine)
        write_health.watch(db.engine)
    ranking.init_app(app)
    search.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    signin.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    observability.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    # Last: a cached page is answered only after the request id, timer and input checks ran.
    caching.init_app(app)
    # After it: reader marks are answered before the page cache keeps the page (web/marks.py).
    marks.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One line per feature."""
    from .web.helpers import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter
    from .account.invitation_views import bp as invitations_bp
    from .account.signin_views import bp as auth_bp
    from .account.views import bp as account_bp
    from .admin.views import bp as admin_bp
    from .administrations.views import bp as administrations_bp
    from .attachments.views import bp as attachments_bp
    from .challenges.views import bp as challenges_bp
    from .coauthors.views import bp as coauthors_bp
    from .comments.views import bp as comments_bp
    from .embeds.views import bp as embeds_bp
    from .evaluation.views import bp as evaluation_bp
    from .labs.views import bp as labs_bp
    from .leaderboards.views import bp as leaderboards_bp
    from .main.views import bp as main_bp
    from .meetings.views import bp as meetings_bp
    from .messages.views import bp as messages_bp
    from .moderation.views import bp as moderation_bp
    from .notifications.unsubscribe import bp as unsubscribe_bp
    from .notifications.views import bp as notifications_bp
    from .opendata.api.views import bp as api_bp
    from .opendata.feeds.views import bp as feeds_bp
    from .pages.views import bp as pages_bp
    from .participants.views import bp as participants_bp
    from .search.views import bp as search_bp
    from .solutions.views import bp as solutions_bp
    from .spid.views import bp as spid_bp
    from .users.views import bp as users_bp
    from .votes.views import bp as votes_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(spid_bp, url_prefix="/auth")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(challenges_bp, url_prefix="/challenges")
    app.register_blueprint(embeds_bp, url_prefix="/challenges")
    app.register_blueprint(solutions_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(votes_bp)
    app.register_blueprint(coauthors_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(search_bp, url_prefix="/search")
    app.register_blueprint(feeds_bp)
    app.register_blueprint(administrations_bp, url_prefix="/administrations")
    app.register_blueprint(labs_bp, url_prefix="/labs")
    app.register_blueprint(leaderboards_bp, url_prefix="/leaderboards")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(invitations_bp)
    app.register_blueprint(users_bp, url_prefix="/users")
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(unsubscribe_bp)
    app.register_blueprint(attachments_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(participants_bp)


def register_cli(app: Flask) -> None:
    """The `flask --app wsgi ...` commands of the contract."""
    from .cli import register

    register(app)
