"""The SPID settings of the running app (FLASK_SPID_*), read where they are needed."""

from __future__ import annotations

from flask import current_app

from .metadata import load_idps
from .saml import IdentityProvider, SpSettings


def spid_enabled() -> bool:
    return bool(current_app.config.get("SPID_ENABLED"))


def sp_settings() -> SpSettings:
    config = current_app.config
    base_url = config["PUBLIC_URL"]
    level = int(config.get("SPID_LEVEL") or 1)
    if level not in (1, 2):
        raise RuntimeError("FLASK_SPID_LEVEL must be 1 or 2")
    return SpSettings(
        entity_id=config.get("SPID_SP_ENTITY_ID") or base_url,
        base_url=base_url,
        key_file=config["SPID_KEY_FILE"],
        cert_file=config["SPID_CERT_FILE"],
        level=level,
        organization_name=config.get("SPID_ORGANIZATION_NAME") or "Sfide PA",
        organization_url=config.get("SPID_ORGANIZATION_URL") or base_url,
        ipa_code=config.get("SPID_IPA_CODE") or "",
        contact_email=config.get("SPID_CONTACT_EMAIL") or "",
        contact_phone=str(config.get("SPID_CONTACT_PHONE") or ""),
    )


def identity_providers(provider: str) -> dict[str, IdentityProvider]:
    """The IdPs of that kind ("spid" or "cie") from FLASK_SPID_IDP_METADATA_DIR."""
    if not spid_enabled():
        return {}
    idps = load_idps(current_app.config.get("SPID_IDP_METADATA_DIR"))
    return {entity_id: idp for entity_id, idp in idps.items() if idp.provider == provider}
