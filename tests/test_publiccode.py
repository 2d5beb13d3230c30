"""publiccode.yml, the entry in the catalogue of Italian public software: every key the standard
(publiccodeyml/publiccode.yml, docs/standard/schema.core.rst and schema.it.rst) marks mandatory, in its format."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

ROOT = Path(__file__).resolve().parent.parent
PUBLICCODE = ROOT / "publiccode.yml"

PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
# docs/standard/categories-list.rst and scope-list.rst: the values this file uses must be among them.
CATEGORIES = {
    "online-community",
    "digital-citizenship",
    "feedback-and-reviews-management",
    "collaboration",
    "communications",
    "data-collection",
    "survey",
    "knowledge-management",
}
SCOPES = {
    "agriculture", "culture", "defence", "education", "emergency-services", "employment", "energy", "environment",
    "finance-and-economic-development", "foreign-affairs", "government", "healthcare", "infrastructures", "justice",
    "local-authorities", "manufacturing", "research", "science-and-technology", "security", "society", "sport",
    "tourism", "transportation", "welfare",
}  # fmt: skip
ALIASES = {"gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"}
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47, primary subtag first
IT_CONFORME = {"lineeGuidaDesign", "modelloInteroperabilita", "misureMinimeSicurezza", "gdpr"}
IT_PIATTAFORME = {"spid", "cie", "anpr", "pagopa", "io"}


@pytest.fixture(scope="module")
def publiccode() -> dict:
    text = PUBLICCODE.read_text(encoding="utf-8")  # the standard mandates UTF-8
    return yaml.safe_load(text)


def is_url(value: object) -> bool:
    parts = urlsplit(str(value))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def test_the_file_sits_at_the_repository_root_and_is_a_mapping(publiccode):
    assert isinstance(publiccode, dict)


def test_top_level_mandatory_keys(publiccode):
    assert isinstance(publiccode["publiccodeYmlVersion"], str) and re.fullmatch(
        r"0(\.\d+)*", publiccode["publiccodeYmlVersion"]
    )
    assert isinstance(publiccode["name"], str) and publiccode["name"].strip()
    assert is_url(publiccode["url"])
    platforms = publiccode["platforms"]
    platforms = [platforms] if isinstance(platforms, str) else platforms
    assert platforms and set(platforms) <= PLATFORMS and "web" in platforms
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUSES
    assert publiccode["softwareType"] in SOFTWARE_TYPES


def test_optional_keys_present_have_their_format(publiccode):
    assert publiccode["categories"] and set(publiccode["categories"]) <= CATEGORIES
    audience = publiccode["intendedAudience"]
    assert set(audience["scope"]) <= SCOPES and audience["countries"] == ["it"]
    if "releaseDate" in publiccode:
        date.fromisoformat(publiccode["releaseDate"])
    for item in publiccode["supports"]:
        assert set(item) == {"id"}
        if item["id"].startswith("alias:"):
            assert item["id"].removeprefix("alias:") in ALIASES
        else:
            assert is_url(item["id"])


def test_description_in_italian_and_english_within_the_lengths_allowed(publiccode):
    description = publiccode["description"]
    assert {"it", "en"} <= set(description)
    for language, text in description.items():
        assert LANGUAGE_TAG.match(language)
        short = text["shortDescription"]
        assert isinstance(short, str) and 0 < len(short) <= 150 and "\n" not in short.strip()
        assert 150 <= len(text["longDescription"]) <= 10000
        assert text["features"] and all(isinstance(feature, str) and feature for feature in text["features"])


def test_licence_is_eupl_1_2_as_the_package_declares(publiccode):
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == publiccode["legal"]["license"]


def test_maintenance_names_who_maintains_it(publiccode):
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] == "contract":
        assert maintenance["contractors"]
        for contractor in maintenance["contractors"]:
            assert contractor["name"] and date.fromisoformat(str(contractor["until"]))
    else:
        assert "contractors" not in maintenance
    if maintenance["type"] in ("internal", "community"):
        assert maintenance["contacts"]
    for contact in maintenance.get("contacts", []):
        assert isinstance(contact["name"], str) and contact["name"].strip()
        assert "email" not in contact or re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact["email"])
        assert "phone" not in contact or isinstance(contact["phone"], str)


def test_localisation_lists_the_languages_the_app_serves(publiccode):
    from challenge.config import Config

    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    assert all(LANGUAGE_TAG.match(tag) for tag in localisation["availableLanguages"])
    assert set(localisation["availableLanguages"]) == set(Config.LANGUAGES)


def test_dependencies_name_the_runtime_the_app_needs(publiccode):
    dependencies = publiccode["dependsOn"]["open"]
    names = {dependency["name"] for dependency in dependencies}
    assert {"Python", "PostgreSQL", "SQLite", "Redis"} <= names
    for dependency in dependencies:
        assert set(dependency) <= {"name", "versionMin", "versionMax", "version", "optional"}
        for key in ("versionMin", "versionMax", "version"):
            assert key not in dependency or isinstance(dependency[key], str)
        assert isinstance(dependency.get("optional", False), bool)
    python = next(dependency for dependency in dependencies if dependency["name"] == "Python")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == ">=" + python["versionMin"]


def test_italian_section_has_its_version_and_only_boolean_declarations(publiccode):
    italy = publiccode["IT"]
    assert italy["countryExtensionVersion"] == "1.0"
    assert set(italy["conforme"]) <= IT_CONFORME and all(isinstance(v, bool) for v in italy["conforme"].values())
    assert set(italy["piattaforme"]) <= IT_PIATTAFORME
    assert all(isinstance(v, bool) for v in italy["piattaforme"].values())
    # The app is a SAML service provider for both (challenge/spid/): it claims them, as its metadata routes show.
    assert italy["piattaforme"]["spid"] is True and italy["piattaforme"]["cie"] is True
    assert (ROOT / "challenge" / "spid" / "saml.py").is_file()
