"""Template globals and filters."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, request
from flask_babel import format_date, format_decimal, format_number, format_percent, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from ..cache.fragments import reader_part_marker
from ..cache.marks import END, choice_mark, value_mark
from ..core import permissions
from ..core.permissions import can_view_dashboard
from ..core.regions import region_name, regions
from ..models import (
    ACCOUNT_KINDS,
    ADMINISTRATION_KINDS,
    AWARD_PLACES,
    FLAG_REASONS,
    MODERATION_ACTIONS,
    OUTCOMES,
    PARTNER_KINDS,
)
from ..moderation.appeals import suspension_statement
from ..pages.service import footer_links
from ..text.italian import with_preposition, with_preposition_text
from .i18n import localized_name
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


def here_path() -> str:
    """This page's local path and query, for a form's `next` field (without the bare "?" of no query)."""
    return request.full_path.rstrip("?")


def when(value: date | datetime, _format: str | None = None) -> str:
    """The site's one way of writing a day ("1 dic 2026") or a moment ("1 dic 2026, 10:30", in the
    site's time zone). A format a template asks for is ignored, so every page reads the same."""
    if isinstance(value, datetime):
        return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"
    return format_date(value, "medium")


def decimal(value: float, digits: int = 1) -> str:
    """A measure with `digits` decimals as the reader's language writes it (Babel): "70,0" and "4,5" in
    Italian, "70.0" and "4.5" in English."""
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def percent(share: float) -> str:
    """A share from 0 to 1 as the reader's language writes a percentage (Babel): "12%", "0%"."""
    return format_percent(share)


def user_lang() -> Markup:
    """` lang="it"` on an element holding what people wrote (in Italian) when the page is in another
    language, so that screen readers read it as Italian (WCAG 3.1.2); nothing on Italian pages."""
    return Markup("") if current_locale() == "it" else Markup(' lang="it"')


def csrf_field() -> Markup:
    """A form's hidden CSRF input, as a reader mark (web/marks.py writes the reader's own): a page may then
    be kept for every reader of its kind."""
    return value_mark("csrf")


def init_app(app: Flask) -> None:
    """Register globals and filters."""
    app.jinja_env.globals.update(
        current_locale=current_locale,
        csrf_field=csrf_field,
        here_path=here_path,
        reader_part_marker=reader_part_marker,
        user_lang=user_lang,
        main_navigation=main_navigation,
        public_url_for=public_url_for,
        value_mark=value_mark,
        choice_mark=choice_mark,
        end_choice=END,
        staff_workspace=staff_workspace,
        region_name=region_name,
        regions=regions(),
        localized_name=localized_name,
        with_preposition=with_preposition,
        with_preposition_text=with_preposition_text,
        administration_kinds=ADMINISTRATION_KINDS,
        account_kinds=ACCOUNT_KINDS,
        partner_kinds=PARTNER_KINDS,
        role_labels=ROLE_LABELS,
        challenge_status_labels=CHALLENGE_STATUS_LABELS,
        outcome_labels=OUTCOMES,
        award_labels=AWARD_PLACES,
        moderation_actions=MODERATION_ACTIONS,
        flag_reasons=FLAG_REASONS,
        # The permission questions templates ask; never a condition rebuilt in a template.
        can_administer=permissions.can_administer,
        can_moderate=permissions.can_moderate,
        can_flag=permissions.can_flag,
        is_author=permissions.is_author,
        can_edit_solution=permissions.can_edit_solution,
        can_change_authors=permissions.can_change_authors,
        can_change_attachments=permissions.can_change_attachments,
        can_delete_comment=permissions.can_delete_comment,
        can_contribute=permissions.can_contribute,
        write_block=permissions.write_block,
        can_flag_user=permissions.can_flag_user,
        can_decide_appeal=permissions.can_decide_appeal,
        suspension_statement=suspension_statement,
        site_info=site_info,
        footer_links=footer_links,
    )
    app.jinja_env.filters["browser_name"] = browser_name
    app.jinja_env.filters["iso_utc"] = iso_utc
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["percent"] = percent
    # One date format on every page, whatever format a template asks for: "1 dic 2026", "1 dic 2026, 10:30".
    app.jinja_env.filters["datetime"] = when
    app.jinja_env.filters["date"] = when
