"""Response headers of PRODUCT.md's Security section."""

from collections.abc import Sequence

from flask import Flask, Response, abort, request

from ..text.characters import has_control_characters

REFUSE_FRAMES = "frame-ancestors 'none'"


def content_security_policy(frame_ancestors: Sequence[str] = ()) -> str:
    """The policy of every page; only the given origins may frame it, none when there are none."""
    return "; ".join(
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
            f"frame-ancestors {' '.join(frame_ancestors)}" if frame_ancestors else REFUSE_FRAMES,
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()


def allow_frames_from(response: Response, origins: Sequence[str]) -> None:
    """Let these origins frame the response (the embed page); with no origin it keeps refusing frames."""
    response.headers["Content-Security-Policy"] = content_security_policy(origins)


def set_security_headers(response: Response) -> Response:
    """Add the headers every response carries."""
    headers = response.headers
    policy = headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if policy.endswith(REFUSE_FRAMES):  # the same refusal for browsers older than frame-ancestors
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def refuse_control_characters() -> None:
    """Control characters in the path, the query or a form's field names are never typed: 400.

    PostgreSQL cannot even store NUL. Form values are left to the forms, which say so next to
    the field (challenge.web.forms.BaseForm); both apply the one rule of challenge.text.characters.
    """
    query = [text for pair in request.args.items(multi=True) for text in pair]
    texts = [request.path, *query, *request.form.keys()]
    if any(has_control_characters(text) for text in texts):
        abort(400)


def init_app(app: Flask) -> None:
    """Register the input guard and the header hook."""
    app.before_request(refuse_control_characters)
    app.after_request(set_security_headers)
