"""`/unsubscribe/<token>`: the link at the foot of every notification email (RFC 8058)."""

from flask import Blueprint, render_template

from ..core.extensions import csrf
from ..core.tokens import TokenError
from ..web.forms import ConfirmForm
from . import preferences

bp = Blueprint("unsubscribe", __name__)


@bp.get("/unsubscribe/<token>")
def confirm(token: str):
    """A page with the button: opening the link changes nothing (mail scanners open links)."""
    try:
        _user, target = preferences.unsubscribe_target(token)
    except TokenError:
        return render_template("notifications/unsubscribe.html", kind_label=None, done=False), 400
    return render_template(
        "notifications/unsubscribe.html",
        kind_label=preferences.unsubscribe_label(target),
        done=False,
        form=ConfirmForm(),
    )


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: mail clients post without a page; the signed token is the authority
def one_click(token: str):
    """Turn that kind of email off for the person the token names."""
    try:
        _user, target = preferences.unsubscribe(token)
    except TokenError:
        return render_template("notifications/unsubscribe.html", kind_label=None, done=False), 400
    return render_template(
        "notifications/unsubscribe.html", kind_label=preferences.unsubscribe_label(target), done=True
    )
