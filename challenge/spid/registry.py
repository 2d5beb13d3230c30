"""The AgID registry's signature on the IdP metadata it publishes, checked before the metadata is trusted."""

from __future__ import annotations

from saml2.sigver import SigverError

from .saml import NS, SamlError, _parse
from .signatures import _backend


def verify_signed_metadata(xml: bytes, cert_file: str) -> None:
    """The document's root carries an enveloped signature of itself, valid with the registry's certificate."""
    root = _parse(xml)
    root_id = root.get("ID")
    signatures = root.findall("ds:Signature", NS)
    if not root_id or len(signatures) != 1:
        raise SamlError("metadata_unsigned")
    if next(root.iter(f"{{{NS['ds']}}}Signature")) is not signatures[0]:
        raise SamlError("metadata_signature")  # xmlsec1 checks the first signature it meets: it must be the root's
    references = signatures[0].findall("ds:SignedInfo/ds:Reference", NS)
    if len(references) != 1 or references[0].get("URI") != f"#{root_id}":
        raise SamlError("metadata_signature")
    node_name = root.tag[1:].replace("}", ":")  # {urn:...:metadata}EntitiesDescriptor -> urn:...:metadata:Entities...
    try:
        valid = _backend().validate_signature(xml, cert_file, "pem", node_name, root_id)
    except SigverError:  # xmlsec1 says no by failing
        valid = False
    if not valid:
        raise SamlError("metadata_signature")
