"""`flask spid refresh-idps`: copy the IdP metadata into FLASK_SPID_IDP_METADATA_DIR from a folder or a URL."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..spid.metadata import parse_idp_metadata
from ..spid.registry import verify_signed_metadata
from ..spid.saml import SamlError


@click.group()
def spid() -> None:
    """SPID and CIE sign-in."""


def _download(source: str) -> bytes:
    """Metadata from the registry: over https only, and signed with FLASK_SPID_REGISTRY_CERT_FILE's certificate."""
    if not source.startswith("https://"):
        raise click.ClickException("Metadata is downloaded over https only.")
    cert_file = current_app.config.get("SPID_REGISTRY_CERT_FILE")
    if not cert_file:
        raise click.ClickException(
            "FLASK_SPID_REGISTRY_CERT_FILE is not set: the metadata's signature cannot be checked."
        )
    with urllib.request.urlopen(source, timeout=30) as answer:
        content = answer.read()
    try:
        verify_signed_metadata(content, cert_file)
    except SamlError as error:
        raise click.ClickException(
            f"The metadata is not signed by the registry's certificate ({error.code})."
        ) from error
    return content


def _read(source: str) -> list[tuple[str, bytes]]:
    if "://" in source:
        return [(Path(source.split("?")[0]).name or "idps.xml", _download(source))]
    path = Path(source)
    if path.is_dir():
        return [(item.name, item.read_bytes()) for item in sorted(path.glob("*.xml"))]
    return [(path.name, path.read_bytes())]


@spid.command("refresh-idps")
@click.argument("source")
@click.option("--cie", is_flag=True, help="The metadata is CIE's (kept in the cie/ subfolder).")
@with_appcontext
def refresh_idps(source: str, cie: bool) -> None:
    """Read IdP metadata from SOURCE (a folder of .xml files, a file, or an https URL) and keep what parses.

    A download must be signed with the registry's certificate; local files are the operator's own choice.
    """
    folder = current_app.config.get("SPID_IDP_METADATA_DIR")
    if not folder:
        raise click.ClickException("FLASK_SPID_IDP_METADATA_DIR is not set.")
    target = Path(folder) / "cie" if cie else Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    kept = 0
    for name, content in _read(source):
        try:
            idps = parse_idp_metadata(content, "cie" if cie else "spid")
        except SamlError as error:
            click.echo(f"{name}: not IdP metadata ({error.code}), skipped", err=True)
            continue
        if not idps:
            click.echo(f"{name}: no IdP with an HTTP-Redirect sign-on service, skipped", err=True)
            continue
        name = name if name.endswith(".xml") else f"{name}.xml"
        temporary = target / f".{name}.new"
        temporary.write_bytes(content)
        temporary.replace(target / name)  # readers never see half a file
        kept += 1
        for idp in idps:
            click.echo(f"{name}: {idp.entity_id} ({idp.name})")
    if not kept:
        raise click.ClickException("No IdP metadata found.")
    click.echo(f"{kept} file(s) updated in {target}.")
