"""Who runs the site and how to reach them, from settings: the header, the footer and the legal pages show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class SiteInfo:
    """The owning body, its contacts and the privacy and accessibility settings, with their fallbacks applied."""

    owner_name: str
    owner_url: str
    owner_address: str
    contact_email: str
    contact_pec: str
    feedback_url: str
    controller_name: str
    controller_email: str
    dpo_name: str
    dpo_email: str
    hosting_provider: str
    email_provider: str
    accessibility_statement_url: str
    accessibility_checked_at: date | None

    @property
    def feedback_address(self) -> str:
        """Where the accessibility statement sends reports of barriers: the form, else the contact address."""
        return self.feedback_url or self.contact_email


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def site_info() -> SiteInfo:
    """The settings as the pages use them: the controller defaults to the owner, its address to the contact one."""
    config = current_app.config

    def setting(name: str) -> str:
        return str(config.get(name) or "").strip()

    contact = setting("CONTACT_EMAIL")
    return SiteInfo(
        owner_name=setting("OWNER_NAME"),
        owner_url=setting("OWNER_URL"),
        owner_address=setting("OWNER_ADDRESS"),
        contact_email=contact,
        contact_pec=setting("CONTACT_PEC"),
        feedback_url=setting("FEEDBACK_URL"),
        controller_name=setting("PRIVACY_CONTROLLER_NAME") or setting("OWNER_NAME"),
        controller_email=setting("PRIVACY_CONTROLLER_EMAIL") or contact,
        dpo_name=setting("PRIVACY_DPO_NAME"),
        dpo_email=setting("PRIVACY_DPO_EMAIL"),
        hosting_provider=setting("PRIVACY_HOSTING_PROVIDER"),
        email_provider=setting("PRIVACY_EMAIL_PROVIDER"),
        accessibility_statement_url=setting("ACCESSIBILITY_STATEMENT_URL"),
        accessibility_checked_at=_date(config.get("ACCESSIBILITY_CHECKED_AT")),
    )


# What the privacy notice and the accessibility statement name from the settings: what is missing
# is told to admins, never to the public.
PUBLIC_PAGE_SETTINGS: tuple[tuple[str, LazyString, str], ...] = (
    ("controller_name", _l("il titolare del trattamento"), "FLASK_OWNER_NAME / FLASK_PRIVACY_CONTROLLER_NAME"),
    ("controller_email", _l("l'email del titolare"), "FLASK_CONTACT_EMAIL / FLASK_PRIVACY_CONTROLLER_EMAIL"),
    ("dpo_email", _l("l'email del responsabile della protezione dei dati"), "FLASK_PRIVACY_DPO_EMAIL"),
    (
        "accessibility_statement_url",
        _l("il link alla dichiarazione di accessibilità compilata sul modulo di AgID"),
        "FLASK_ACCESSIBILITY_STATEMENT_URL",
    ),
    ("feedback_address", _l("dove segnalare le barriere di accessibilità"), "FLASK_CONTACT_EMAIL / FLASK_FEEDBACK_URL"),
)


def missing_site_settings() -> list[tuple[LazyString, str]]:
    """(what the public pages lack, the settings that give it) for every empty one."""
    info = site_info()
    return [(what, names) for field, what, names in PUBLIC_PAGE_SETTINGS if not getattr(info, field)]
