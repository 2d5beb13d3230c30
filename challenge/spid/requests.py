"""The messages we send an IdP: AuthnRequest, LogoutRequest and LogoutResponse, over the HTTP-Redirect binding."""

from __future__ import annotations

import base64
import html
import secrets
import zlib
from datetime import datetime
from pathlib import Path
from urllib.parse import quote_plus

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .saml import (
    ENTITY_FORMAT,
    LEVELS,
    NS,
    RSA_SHA256,
    SUCCESS,
    TRANSIENT_FORMAT,
    IdentityProvider,
    SpSettings,
    _instant,
    new_id,
)


def _deflate(xml: str) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(compressor.compress(xml.encode()) + compressor.flush()).decode()


def _redirect_url(location: str, parameter: str, xml: str, relay_state: str, key_file: str) -> str:
    """The HTTP-Redirect binding: the message deflated in the query, signed with RSA-SHA256."""
    query = (
        f"{parameter}={quote_plus(_deflate(xml))}&RelayState={quote_plus(relay_state)}&SigAlg={quote_plus(RSA_SHA256)}"
    )
    key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise RuntimeError("FLASK_SPID_KEY_FILE must hold an RSA key (AgID: at least 2048 bits)")
    signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
    separator = "&" if "?" in location else "?"
    return f"{location}{separator}{query}&Signature={quote_plus(base64.b64encode(signature).decode())}"


def authn_request_xml(sp: SpSettings, idp: IdentityProvider, request_id: str, issued_at: datetime, level: int) -> str:
    """An AuthnRequest with the attributes AgID requires."""
    e = html.escape
    force = ' ForceAuthn="true"' if level > 1 else ""
    return (
        f'<samlp:AuthnRequest xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{request_id}" '
        f'Version="2.0" IssueInstant="{_instant(issued_at)}" Destination="{e(idp.sso_url)}"{force} '
        'AssertionConsumerServiceIndex="0" AttributeConsumingServiceIndex="0">'
        f'<saml:Issuer NameQualifier="{e(sp.entity_id)}" Format="{ENTITY_FORMAT}">{e(sp.entity_id)}</saml:Issuer>'
        f'<samlp:NameIDPolicy Format="{TRANSIENT_FORMAT}"/>'
        f'<samlp:RequestedAuthnContext Comparison="minimum"><saml:AuthnContextClassRef>{LEVELS[level]}'
        "</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>"
    )


def authn_redirect(
    sp: SpSettings, idp: IdentityProvider, request_id: str, issued_at: datetime, relay_state: str
) -> str:
    """Where to send the browser to sign in at the IdP."""
    xml = authn_request_xml(sp, idp, request_id, issued_at, sp.level)
    return _redirect_url(idp.sso_url, "SAMLRequest", xml, relay_state, sp.key_file)


def logout_redirect(
    sp: SpSettings, idp: IdentityProvider, name_id: str, name_qualifier: str, session_index: str
) -> str:
    """SP-initiated single logout: a signed LogoutRequest to the IdP."""
    e = html.escape
    xml = (
        f'<samlp:LogoutRequest xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{new_id()}" Version="2.0" '
        f'IssueInstant="{_instant(datetime.utcnow())}" Destination="{e(idp.slo_url or "")}">'
        f'<saml:Issuer NameQualifier="{e(sp.entity_id)}" Format="{ENTITY_FORMAT}">{e(sp.entity_id)}</saml:Issuer>'
        f'<saml:NameID Format="{TRANSIENT_FORMAT}" NameQualifier="{e(name_qualifier)}">{e(name_id)}</saml:NameID>'
        f"<samlp:SessionIndex>{e(session_index)}</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    return _redirect_url(idp.slo_url or "", "SAMLRequest", xml, secrets.token_urlsafe(16), sp.key_file)


def logout_response_redirect(sp: SpSettings, idp: IdentityProvider, in_response_to: str) -> str:
    """The answer to an IdP-initiated LogoutRequest."""
    e = html.escape
    xml = (
        f'<samlp:LogoutResponse xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{new_id()}" Version="2.0" '
        f'IssueInstant="{_instant(datetime.utcnow())}" Destination="{e(idp.slo_url or "")}" '
        f'InResponseTo="{e(in_response_to)}">'
        f'<saml:Issuer NameQualifier="{e(sp.entity_id)}" Format="{ENTITY_FORMAT}">{e(sp.entity_id)}</saml:Issuer>'
        f'<samlp:Status><samlp:StatusCode Value="{SUCCESS}"/></samlp:Status></samlp:LogoutResponse>'
    )
    return _redirect_url(idp.slo_url or "", "SAMLResponse", xml, secrets.token_urlsafe(16), sp.key_file)
