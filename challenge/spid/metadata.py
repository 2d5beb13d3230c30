"""Metadata: ours, signed, as Avviso SPID n. 29 v3 describes it for a public body; the IdPs', read from their files."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from .saml import (
    ATTRIBUTES,
    BINDING_POST,
    BINDING_REDIRECT,
    NS,
    TRANSIENT_FORMAT,
    IdentityProvider,
    SpSettings,
    _parse,
    new_id,
)
from .signatures import _signature_template, sign_xml


def metadata_xml(sp: SpSettings, provider: str) -> str:
    """The signed SP metadata, as Avviso SPID n. 29 v3 describes it for a public body."""
    return _signed_metadata(sp, provider, Path(sp.cert_file).stat().st_mtime)


@lru_cache(maxsize=8)
def _signed_metadata(sp: SpSettings, provider: str, _cert_mtime: float) -> str:
    e = html.escape
    entity_id = e(sp.entity_id)
    doc_id = new_id()
    certificate = sp.certificate_base64()
    requested = "".join(f'<md:RequestedAttribute Name="{name}"/>' for name in ATTRIBUTES)
    xml = (
        f'<md:EntityDescriptor xmlns:md="{NS["md"]}" xmlns:ds="{NS["ds"]}" xmlns:spid="{NS["spid"]}" '
        f'entityID="{entity_id}" ID="{doc_id}">'
        + _signature_template(doc_id, certificate)
        + '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'AuthnRequestsSigned="true" WantAssertionsSigned="true">'
        f'<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}'
        "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        f'<md:SingleLogoutService Binding="{BINDING_REDIRECT}" Location="{e(sp.slo_url)}"/>'
        f'<md:SingleLogoutService Binding="{BINDING_POST}" Location="{e(sp.slo_url)}"/>'
        f"<md:NameIDFormat>{TRANSIENT_FORMAT}</md:NameIDFormat>"
        f'<md:AssertionConsumerService index="0" isDefault="true" Binding="{BINDING_POST}" '
        f'Location="{e(sp.acs_url(provider))}"/>'
        '<md:AttributeConsumingService index="0">'
        f'<md:ServiceName xml:lang="it">{e(sp.organization_name)}</md:ServiceName>{requested}'
        "</md:AttributeConsumingService></md:SPSSODescriptor>"
        "<md:Organization>"
        f'<md:OrganizationName xml:lang="it">{e(sp.organization_name)}</md:OrganizationName>'
        f'<md:OrganizationDisplayName xml:lang="it">{e(sp.organization_name)}</md:OrganizationDisplayName>'
        f'<md:OrganizationURL xml:lang="it">{e(sp.organization_url)}</md:OrganizationURL>'
        "</md:Organization>"
        '<md:ContactPerson contactType="other"><md:Extensions>'
        f"<spid:IPACode>{e(sp.ipa_code)}</spid:IPACode><spid:Public/>"
        "</md:Extensions>"
        f"<md:EmailAddress>{e(sp.contact_email)}</md:EmailAddress>"
        + (f"<md:TelephoneNumber>{e(sp.contact_phone)}</md:TelephoneNumber>" if sp.contact_phone else "")
        + "</md:ContactPerson></md:EntityDescriptor>"
    )
    return sign_xml(xml, "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor", doc_id, sp.key_file)


def load_idps(folder: str | None) -> dict[str, IdentityProvider]:
    """Every IdP described by the *.xml files of the folder (SPID) and of its `cie` subfolder (CIE)."""
    if not folder or not Path(folder).is_dir():
        return {}
    root = Path(folder)
    files = sorted((path, "spid") for path in root.glob("*.xml"))
    files += sorted((path, "cie") for path in (root / "cie").glob("*.xml"))
    stamp = tuple((str(path), provider, path.stat().st_mtime) for path, provider in files)
    return _load_idps(stamp)


@lru_cache(maxsize=4)
def _load_idps(stamp: tuple) -> dict[str, IdentityProvider]:
    found: dict[str, IdentityProvider] = {}
    for path, provider, _mtime in stamp:
        for idp in parse_idp_metadata(Path(path).read_bytes(), provider):
            found[idp.entity_id] = idp
    return found


def parse_idp_metadata(xml: bytes, provider: str) -> list[IdentityProvider]:
    """The IdPs of one metadata document (an EntityDescriptor, or an EntitiesDescriptor of many)."""
    root = _parse(xml)
    entities = [root] if root.tag == f"{{{NS['md']}}}EntityDescriptor" else root.findall(".//md:EntityDescriptor", NS)
    idps = []
    for entity in entities:
        descriptor = entity.find("md:IDPSSODescriptor", NS)
        if descriptor is None:
            continue
        sso = descriptor.find(f"md:SingleSignOnService[@Binding='{BINDING_REDIRECT}']", NS)
        if sso is None:
            continue
        slo = descriptor.find(f"md:SingleLogoutService[@Binding='{BINDING_REDIRECT}']", NS)
        certificates = tuple(
            re.sub(r"\s", "", node.text or "")
            for key in descriptor.findall("md:KeyDescriptor", NS)
            if key.get("use") in (None, "signing")
            for node in key.findall(".//ds:X509Certificate", NS)
        )
        name_node = entity.find("md:Organization/md:OrganizationDisplayName", NS)
        name = (name_node.text or "").strip() if name_node is not None else ""
        idps.append(
            IdentityProvider(
                entity_id=entity.get("entityID", ""),
                name=name or entity.get("entityID", ""),
                provider=provider,
                sso_url=sso.get("Location", ""),
                slo_url=slo.get("Location") if slo is not None else None,
                certificates=certificates,
            )
        )
    return idps
