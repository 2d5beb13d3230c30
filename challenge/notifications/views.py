"""List notifications and mark them read."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..web.forms import ConfirmForm
from . import service

bp = Blueprint("notifications", __name__)


@bp.get("")
@login_required
def index():
    """The newest notifications, unread ones highlighted."""
    return render_template(
        "notifications/index.html",
        items=service.recent(current_user),
        sentence=service.sentence,
        confirm_form=ConfirmForm(),
    )


@bp.post("/read")
@login_required
def mark_read():
    """Mark every notification as read."""
    service.mark_all_read(current_user)
    flash(_("Tutte le notifiche sono segnate come lette."), "success")
    return redirect(url_for(".index"), 303)
