"""Error pages in the site's layout."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, jsonify, render_template, request
from flask_babel import format_time, format_timedelta
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from ..core.errors import InvalidInput, ServiceError, TooManyAttempts
from ..core.extensions import limiter
from ..core.permissions import AccountBlocked
from ..models import utcnow
from .helpers import wants_json

ERROR_TEXTS = {
    400: (
        _l("Richiesta non valida"),
        _l("La richiesta non è stata capita. Se stavi inviando un modulo, ricarica la pagina e riprova."),
    ),
    403: (_l("Accesso negato"), _l("Non hai i permessi per compiere questa azione o vedere questa pagina.")),
    404: (_l("Pagina non trovata"), _l("La pagina che cerchi non esiste o non è più disponibile.")),
    405: (_l("Metodo non consentito"), _l("Questa pagina non accetta richieste di questo tipo.")),
    413: (
        _l("Richiesta troppo grande"),
        _l("Hai inviato più dati di quanti la pagina ne accetti. Accorcia il testo e riprova."),
    ),
    429: (_l("Troppe richieste"), _l("Hai fatto troppi tentativi in poco tempo. Attendi qualche minuto e riprova.")),
    500: (_l("Errore del server"), _l("Si è verificato un errore imprevisto. È stato registrato e lo esamineremo.")),
    503: (_l("Servizio non disponibile"), _l("Il servizio è temporaneamente non disponibile. Riprova tra poco.")),
}


def render_error(code: int, detail: str | None = None):
    """The error page for an HTTP status (JSON for API clients), with its own status code."""
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if wants_json():
        return jsonify(status=code, error=str(title), message=str(detail or text)), code
    return render_template("errors/error.html", code=code, title=title, text=text, detail=detail), code


def _retry_text(error: HTTPException) -> str | None:
    """For a per-account limit that was reached: when the person may try again."""
    if not isinstance(error, RateLimitExceeded):
        return None
    current = limiter.current_limit
    wait = max(1, int(current.reset_at - time.time())) if current is not None else 60
    return str(
        _l(
            "Hai fatto troppe operazioni di questo tipo in poco tempo. Potrai riprovare tra %(wait)s, alle %(at)s.",
            wait=format_timedelta(timedelta(seconds=wait), threshold=1.5),
            at=format_time(utcnow() + timedelta(seconds=wait), "short"),
        )
    )


def handle_http_error(error: HTTPException):
    # API clients get the specific reason (e.g. "invalid cursor"); pages keep their own texts.
    detail = error.description if wants_json() and error.code == 400 else _retry_text(error)
    body, code = render_error(error.code or 500, detail)
    # Keep the exception's own headers (Allow on 405, Retry-After on 429), not its content type.
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return body, code, headers


def handle_csrf_error(error: CSRFError):
    return render_error(400, _l("Il modulo è scaduto o non è valido: ricarica la pagina e riprova."))


def handle_untrusted_host(error: SecurityError):
    """A Host (or forwarded host) not in TRUSTED_HOSTS: no URL can be built for it, so no page layout."""
    return "Bad Request: unknown host\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def handle_unexpected_error(error: InternalServerError):
    return render_error(500)


def handle_refusal(error: ServiceError):
    """A rule refused a write: 403 (400 for malformed input, 429 in a cool-down), in the rule's own words."""
    if isinstance(error, TooManyAttempts):
        body, code = render_error(429, error.message)
        return body, code, {"Retry-After": str(error.retry_after)}
    if isinstance(error, AccountBlocked) and not wants_json():
        return render_account_blocked(error)
    return render_error(400 if isinstance(error, InvalidInput) else 403, error.message)


def render_account_blocked(error: AccountBlocked):
    """A 403 page that says what the account must do first (appeal, confirm the address, accept the terms)."""
    # After a refused form the way back is the page that held it; a GET can simply be retried.
    back = request.path if request.method == "GET" else request.referrer
    return render_template(
        "errors/account_blocked.html", reason=error.reason, message=error.message, back=back, hide_write_block=True
    ), 403


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(ServiceError, handle_refusal)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(SecurityError, handle_untrusted_host)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(HTTPException, handle_http_error)
