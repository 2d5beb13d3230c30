"""Template globals and filters."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_date, format_datetime, format_number, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .i18n import localized_name
from .models import ACCOUNT_KINDS, ADMINISTRATION_KINDS, FLAG_REASONS, MODERATION_ACTIONS, OUTCOMES, PARTNER_KINDS
from .regions import region_name, regions
from .services import notifications, permissions
from .services.permissions import can_view_dashboard
from .site_info import site_info
from .urls import public_url_for
from .useragent import browser_name

ROLE_LABELS = {
    "citizen": _l("Cittadino o organizzazione"),
    "staff": _l("Personale di un'amministrazione"),
    "moderator": _l("Moderatore"),
    "admin": _l("Amministratore della piattaforma"),
}

CHALLENGE_STATUS_LABELS = {
    "draft": _l("Bozza"),
    "open": _l("Aperta"),
    "evaluation": _l("In valutazione"),
    "closed": _l("Chiusa"),
}

MAIN_NAVIGATION = (
    ("challenges.index", _l("Sfide")),
    ("leaderboards.index", _l("Classifiche")),
    ("administrations.index", _l("Amministrazioni")),
    ("labs.index", _l("Laboratori")),
    ("search.index", _l("Cerca")),
)


def current_locale() -> str:
    """The language code of this response, for `<html lang>`."""
    return str(get_locale() or "it")


def unread_notifications() -> int:
    """The unread count for the bell in the user menu (0 for visitors)."""
    if not current_user.is_authenticated:
        return 0
    return notifications.unread_count(current_user)


def staff_workspace() -> str | None:
    """The slug of the administration whose workspace the reader staffs (None for everyone else)."""
    if current_user.is_authenticated and current_user.role == "staff" and current_user.administration:
        administration = current_user.administration
        return administration.slug if can_view_dashboard(current_user, administration) else None
    return None


def main_navigation():
    """The main menu: endpoint and label."""
    return MAIN_NAVIGATION


def iso_utc(value: datetime) -> str:
    """A naive UTC timestamp for `<time datetime>`: whole seconds, as HTML allows at most milliseconds."""
    return value.replace(microsecond=0).isoformat() + "Z"


def csrf_field() -> Markup:
    """A form's hidden CSRF input. It has no id: a page holds many forms, and ids must be unique."""
    return Markup('<input name="csrf_token" type="hidden" value="{}">').format(generate_csrf())


def init_app(app: Flask) -> None:
    """Register globals and filters."""
    app.jinja_env.globals.update(
        current_locale=current_locale,
        csrf_field=csrf_field,
        main_navigation=main_navigation,
        public_url_for=public_url_for,
        unread_notifications=unread_notifications,
        staff_workspace=staff_workspace,
        region_name=region_name,
        regions=regions(),
        localized_name=localized_name,
        administration_kinds=ADMINISTRATION_KINDS,
        account_kinds=ACCOUNT_KINDS,
        partner_kinds=PARTNER_KINDS,
        role_labels=ROLE_LABELS,
        challenge_status_labels=CHALLENGE_STATUS_LABELS,
        outcome_labels=OUTCOMES,
        moderation_actions=MODERATION_ACTIONS,
        flag_reasons=FLAG_REASONS,
        # The permission questions templates ask; never a condition rebuilt in a template.
        can_administer=permissions.can_administer,
        can_moderate=permissions.can_moderate,
        can_flag=permissions.can_flag,
        can_edit_solution=permissions.can_edit_solution,
        can_delete_comment=permissions.can_delete_comment,
        can_contribute=permissions.can_contribute,
        write_block=permissions.write_block,
        site_info=site_info,
    )
    app.jinja_env.filters["browser_name"] = browser_name
    app.jinja_env.filters["iso_utc"] = iso_utc
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="long": format_date(value, fmt)
