"""Response headers of PRODUCT.md's Security section."""

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        # Bootstrap Italia's stylesheet embeds the video player's icon font as a data: URL,
        # which Chromium fetches eagerly; a font cannot run code.
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response: Response) -> Response:
    """Add the headers every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def refuse_nul_characters() -> None:
    """A NUL character is never text a person typed, and PostgreSQL cannot store one: 400."""
    if "\x00" in request.path:
        abort(400)
    for fields in (request.args, request.form):
        if any("\x00" in name or "\x00" in value for name, value in fields.items(multi=True)):
            abort(400)


def init_app(app: Flask) -> None:
    """Register the input guard and the header hook."""
    app.before_request(refuse_nul_characters)
    app.after_request(set_security_headers)
