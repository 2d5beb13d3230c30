"""Signatures: ours made with xmlsec1 through pysaml2's backend, the IdP's verified against the certificates
of its metadata (never against a certificate carried by the message)."""

from __future__ import annotations

import base64
from functools import lru_cache
from urllib.parse import unquote_plus

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree
from saml2.sigver import CryptoBackendXmlSec1, SigverError, get_xmlsec_binary, make_temp

from .saml import ENVELOPED, EXC_C14N, NS, RSA_SHA256, SHA256, IdentityProvider, SamlError


def _backend() -> CryptoBackendXmlSec1:
    return CryptoBackendXmlSec1(xmlsec_binary=_xmlsec())


@lru_cache(maxsize=1)
def _xmlsec() -> str:
    return get_xmlsec_binary(["/usr/bin", "/usr/local/bin"])


def _signature_template(reference_id: str, certificate: str) -> str:
    return (
        f'<ds:Signature xmlns:ds="{NS["ds"]}"><ds:SignedInfo>'
        f'<ds:CanonicalizationMethod Algorithm="{EXC_C14N}"/>'
        f'<ds:SignatureMethod Algorithm="{RSA_SHA256}"/>'
        f'<ds:Reference URI="#{reference_id}"><ds:Transforms>'
        f'<ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{EXC_C14N}"/>'
        f'</ds:Transforms><ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue></ds:DigestValue>'
        "</ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>"
        f"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate>"
        "</ds:X509Data></ds:KeyInfo></ds:Signature>"
    )


def sign_xml(xml: str, node_name: str, node_id: str, key_file: str) -> str:
    """Sign the element with that ID (its template already in place) with xmlsec1."""
    return _backend().sign_statement(xml, node_name, key_file, node_id)


def _verify(xml: bytes, element: etree._Element, node_name: str, idp: IdentityProvider, code: str) -> None:
    """The element carries an enveloped signature of itself, valid with one of the IdP's certificates."""
    element_id = element.get("ID")
    signatures = element.findall("ds:Signature", NS)
    if not element_id or len(signatures) != 1:
        raise SamlError(code)
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) < 2 or children[1] is not signatures[0]:
        raise SamlError(code)  # right after the Issuer, as the schema puts it: the first signature xmlsec1 meets
    references = signatures[0].findall("ds:SignedInfo/ds:Reference", NS)
    if len(references) != 1 or references[0].get("URI") != f"#{element_id}":
        raise SamlError(code)
    transforms = [t.get("Algorithm") for t in references[0].findall("ds:Transforms/ds:Transform", NS)]
    if any(t not in (ENVELOPED, EXC_C14N, "http://www.w3.org/2001/10/xml-exc-c14n#WithComments") for t in transforms):
        raise SamlError(code)  # no XSLT or XPath transforms
    backend = _backend()

    for certificate in idp.certificates:
        pem = "-----BEGIN CERTIFICATE-----\n" + certificate + "\n-----END CERTIFICATE-----\n"
        cert_file = make_temp(pem.encode(), suffix=".pem", decode=False)
        try:
            if backend.validate_signature(xml, cert_file.name, "pem", node_name, element_id):
                return
        except SigverError:  # xmlsec1 says no by failing
            continue
    raise SamlError(code)


_SIGNATURE_HASHES = {RSA_SHA256: hashes.SHA256, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512}


def _verify_redirect(raw_query: str, parameter: str, idp: IdentityProvider) -> None:
    """The HTTP-Redirect binding's signature: over the parameters as the IdP encoded them, in order."""
    parts = dict(part.split("=", 1) for part in raw_query.split("&") if "=" in part)
    signed = "&".join(f"{key}={parts[key]}" for key in (parameter, "RelayState", "SigAlg") if key in parts)
    algorithm = _SIGNATURE_HASHES.get(unquote_plus(parts.get("SigAlg", "")))
    if algorithm is None or "Signature" not in parts:
        raise SamlError("logout_signature")
    signature = base64.b64decode(unquote_plus(parts["Signature"]))
    for certificate in idp.certificates:
        public_key = x509.load_der_x509_certificate(base64.b64decode(certificate)).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            continue
        try:
            public_key.verify(signature, signed.encode(), padding.PKCS1v15(), algorithm())
        except InvalidSignature:
            continue
        return
    raise SamlError("logout_signature")
