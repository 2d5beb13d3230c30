"""The admin console's audit log."""

from __future__ import annotations

from flask import current_app, render_template, request

from ..core import audit
from ..models import AUDIT_ACTIONS
from ..web.helpers import paginate
from .log_labels import log_table_context
from .views import bp


@bp.get("/log")
def log():
    """The audit log, filtered by actor, action and target, newest first."""
    filters = audit.LogFilters(
        actor=request.args.get("actor", "").strip()[:100],
        action=request.args.get("action") if request.args.get("action") in AUDIT_ACTIONS else None,
        target=request.args.get("target", "").strip()[:100],
    )
    pagination = paginate(audit.log_query(filters), per_page=current_app.config["PAGE_SIZE"] * 2)
    return render_template(
        "admin/log.html",
        pagination=pagination,
        filters=filters,
        actions=AUDIT_ACTIONS,
        **log_table_context(pagination.items),
    )
