"""Administrations: the public bodies behind challenges, created and edited by admins and commands."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from ..core import audit
from ..core.errors import ServiceError, code_for, commit_or_raise
from ..core.extensions import db
from ..core.permissions import require_admin
from ..core.regions import regions
from ..models import ADMINISTRATION_KINDS, Administration
from ..text.characters import SINGLE_LINE, is_single_line
from ..text.markup import render_markdown
from ..text.slugs import slugify

# The code of a body in AgID's IPA index, as the index publishes it: lower case letters and digits,
# parts joined by an underscore ("c_a944" for a municipality, "r_emiro" for a region, "agid").
IPA_CODE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
IPA_CODE_MAX = 20
# One label of a host name: letters, digits and inner hyphens.
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class AdministrationError(ServiceError):
    """An administration could not be created or changed."""


def parse_kind(value: str) -> str:
    """A kind code from a code ('municipality') or its Italian label ('Comune', 'comune')."""
    code = code_for(value, ADMINISTRATION_KINDS)
    if code is None:
        known = ", ".join(ADMINISTRATION_KINDS)
        raise AdministrationError(
            _("Tipo sconosciuto: %(kind)s (ammessi: %(known)s).", kind=value, known=known), field="kind"
        )
    return code


def parse_region(value: str) -> str:
    """An ISTAT region code from a code ('8', '08') or a name ('Emilia-Romagna')."""
    value = value.strip()
    if value.isdigit() and value.zfill(2) in regions():
        return value.zfill(2)
    for code, name in regions().items():
        if slugify(name) == slugify(value) or slugify(name.split("/")[0]) == slugify(value):
            return code
    raise AdministrationError(_("Regione sconosciuta: %(region)s.", region=value), field="region")


def is_website(value: str) -> bool:
    """An http or https address of a named host ("https://www.comune.ferrara.it/..."), without credentials."""
    if any(character.isspace() for character in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        return False
    labels = (parts.hostname or "").split(".")
    return (
        parts.scheme in ("http", "https")
        and parts.username is None
        and len(labels) >= 2
        and all(HOST_LABEL.match(label) for label in labels)
        and labels[-1].isalpha()
    )


def check_website(value: str, field: str = "website") -> str:
    """An http(s) address, or "" when none is given."""
    value = value.strip()
    if value and not is_website(value):
        raise AdministrationError(
            _("Inserisci un indirizzo web completo, per esempio https://www.comune.esempio.it."), field=field
        )
    return value


def normalised_origin(value: str) -> str | None:
    """ "https://host[:port]" with the host in lower case and no default port, or None for anything
    else (another scheme, a path, a query, credentials, a wildcard, a host without a domain)."""
    try:
        parts = urlsplit(value)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    labels = host.split(".")
    if (
        parts.scheme.lower() != "https"
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
        or "?" in value
        or "#" in value
        or len(labels) < 2
        or not all(HOST_LABEL.match(label) for label in labels)
        or not labels[-1].isalpha()
    ):
        return None
    return f"https://{host}" + (f":{port}" if port not in (None, 443) else "")


def check_embed_origins(text: str) -> str:
    """The origins allowed to frame embed pages, one a line, normalised and without repeats."""
    origins: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        origin = normalised_origin(line)
        if origin is None:
            raise AdministrationError(
                _(
                    "Riga %(number)d: «%(line)s» non è un'origine valida. Scrivi solo https:// e il nome del sito, "
                    "con la porta se serve, senza percorso né asterischi, per esempio https://www.comune.esempio.it.",
                    number=number,
                    line=line[:100],
                ),
                field="embed_origins",
            )
        if origin not in origins:
            origins.append(origin)
    return "\n".join(origins)


@dataclass(frozen=True)
class AdministrationDetails:
    """What an admin fills in; kind and region may be codes or names."""

    name: str
    kind: str
    region: str
    ipa_code: str = ""
    website: str = ""
    email: str = ""
    description: str = ""
    embed_origins: str = ""


def details_of(administration: Administration) -> AdministrationDetails:
    """The administration's current details, the starting point of an edit."""
    return AdministrationDetails(
        name=administration.name,
        kind=administration.kind,
        region=administration.region_code,
        ipa_code=administration.ipa_code,
        website=administration.website,
        email=administration.email,
        description=administration.description,
        embed_origins=administration.embed_origins,
    )


def _checked(details: AdministrationDetails) -> AdministrationDetails:
    name = details.name.strip()
    if not name:
        raise AdministrationError(_("Il nome è obbligatorio."), field="name")
    if not is_single_line(name):
        raise AdministrationError(str(SINGLE_LINE), field="name")
    ipa_code = details.ipa_code.strip()
    if ipa_code and not (IPA_CODE.match(ipa_code) and len(ipa_code) <= IPA_CODE_MAX):
        raise AdministrationError(
            _(
                "Scrivi il codice IPA come lo pubblica l'Indice dei domicili digitali della PA: lettere minuscole "
                "e cifre, con parti unite da un trattino basso (al massimo %(max)d caratteri), per esempio c_a944.",
                max=IPA_CODE_MAX,
            ),
            field="ipa_code",
        )
    email = details.email.strip()
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise AdministrationError(
                _("Inserisci un indirizzo email valido, per esempio nome@esempio.it."), field="email"
            ) from None
    return AdministrationDetails(
        name=name,
        kind=parse_kind(details.kind),
        region=parse_region(details.region),
        ipa_code=ipa_code,
        website=check_website(details.website),
        email=email,
        description=details.description.strip(),
        embed_origins=check_embed_origins(details.embed_origins),
    )


def _apply(administration: Administration, details: AdministrationDetails) -> None:
    administration.name = details.name
    administration.kind = details.kind
    administration.region_code = details.region
    administration.ipa_code = details.ipa_code
    administration.website = details.website
    administration.email = details.email
    administration.description = details.description
    administration.description_html = render_markdown(details.description)
    administration.embed_origins = details.embed_origins


def create_administration(actor: audit.Actor, details: AdministrationDetails) -> Administration:
    """Create an administration; its slug is the slugified name, must be free, and never changes."""
    require_admin(actor)
    details = _checked(details)
    slug = slugify(details.name)
    duplicate = AdministrationError(_("Esiste già un'amministrazione con lo slug %(slug)s.", slug=slug), field="name")
    if db.session.scalar(select(Administration.id).where(Administration.slug == slug)) is not None:
        raise duplicate
    administration = Administration(slug=slug)
    _apply(administration, details)
    db.session.add(administration)
    db.session.flush()
    audit.record(
        actor,
        "administration_create",
        "administration",
        administration.id,
        slug,
        changes=audit.differences({}, asdict(details)),
    )
    commit_or_raise(duplicate)
    return administration


def edit_administration(
    actor: audit.Actor, administration: Administration, details: AdministrationDetails
) -> Administration:
    """Change an administration's details; the slug stays, so links to it keep working."""
    require_admin(actor)
    details = _checked(details)
    changes = audit.differences(asdict(details_of(administration)), asdict(details))
    if changes:
        _apply(administration, details)
        audit.record(
            actor, "administration_edit", "administration", administration.id, administration.slug, changes=changes
        )
        db.session.commit()
    return administration


def edit_some(actor: audit.Actor, administration: Administration, **fields: str) -> Administration:
    """Change only the given fields (the command line's options)."""
    return edit_administration(actor, administration, replace(details_of(administration), **fields))


def find_administration(slug: str) -> Administration | None:
    """The administration with this slug."""
    return db.session.scalar(select(Administration).where(Administration.slug == slug))
