"""The marks AgID's access buttons show: each SPID identity provider's logo, by its entity ID.

The logos come from AgID's spid-smart-button package (EUPL-1.2), copied to static/vendor/spid/ by
`make setup`; an IdP without one here (a test IdP, one accredited later) is listed by its name.
"""

from __future__ import annotations

LOGO_FOLDER = "vendor/spid/idp-logos"
SPID_MARK = "vendor/spid/spid-ico-circle-bb.svg"

# entityID -> logo file, as AgID's button lists them.
IDP_LOGOS = {
    "https://loginspid.aruba.it": "spid-idp-arubaid.svg",
    "https://identity.infocert.it": "spid-idp-infocertid.svg",
    "https://spid.intesa.it": "spid-idp-intesaid.svg",
    "https://id.lepida.it/idp/shibboleth": "spid-idp-lepidaid.svg",
    "https://idp.namirialtsp.com/idp": "spid-idp-namirialid.svg",
    "https://posteid.poste.it": "spid-idp-posteid.svg",
    "https://identity.sieltecloud.it": "spid-idp-sielteid.svg",
    "https://spid.register.it": "spid-idp-spiditalia.svg",
    "https://login.id.tim.it/affwebservices/public/saml2sso": "spid-idp-timid.svg",
}


def idp_logo(entity_id: str) -> str | None:
    """The static path of the IdP's logo, or None when it has none."""
    name = IDP_LOGOS.get(entity_id)
    return f"{LOGO_FOLDER}/{name}" if name else None
