"""Dependency versions are pinned in exactly one place: the requirements files build/dev.py
installs. A version typed twice is a version that will differ (pyproject.toml once listed the
same packages as requirements.txt, and only one of the two lists is ever installed)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import ROOT

REQUIREMENT_FILES = sorted(p for p in ROOT.glob("requirements*.txt")
                           if not p.name.startswith("requirements-variant-"))
# A variant file re-pins packages of the requirements for one target (the 信创 Qt): it may only
# replace pins that exist, never add a package of its own.
VARIANT_FILES = sorted(ROOT.glob("requirements-variant-*.txt"))
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9,._-]+\])?==[^\s=;]+$")
INCLUDE = re.compile(r"^-r\s+(?P<file>\S+)$")
# a quoted requirement with a version in it: "name==1.2", "name>=1", "name[extra]~=2"
SPEC_IN_QUOTES = re.compile(r"""["'][A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*(==|>=|<=|~=|!=|>|<)""")


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503: PySide6_Essentials == pyside6-essentials


def _lines(path: Path) -> list[tuple[int, str]]:
    out = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            out.append((number, line))
    return out


def test_there_are_requirement_files():
    names = {p.name for p in REQUIREMENT_FILES}
    assert {"requirements.txt", "requirements-dev.txt", "requirements-build.txt"} <= names


def test_every_requirement_is_pinned_exactly():
    for path in REQUIREMENT_FILES:
        for number, line in _lines(path):
            include = INCLUDE.match(line)
            if include:
                assert (ROOT / include["file"]).is_file(), f"{path.name}:{number}: {line}"
                continue
            assert PINNED.match(line), \
                f"{path.name}:{number}: {line!r} is not pinned as name==version"


def test_no_package_is_pinned_twice():
    seen: dict[str, str] = {}
    for path in REQUIREMENT_FILES:
        for number, line in _lines(path):
            pinned = PINNED.match(line)
            if not pinned:
                continue
            name = _normalized(pinned["name"])
            where = f"{path.name}:{number}"
            assert name not in seen, f"{pinned['name']} is pinned in {seen[name]} and {where}"
            seen[name] = where


def test_pyproject_pins_nothing():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    specs = [m.group(0) for m in SPEC_IN_QUOTES.finditer(text)]
    assert not specs, f"pyproject.toml names versions {specs}: pin them in requirements*.txt only"
    for table in ("dependencies", "optional-dependencies"):
        assert not re.search(rf"^{table}\s*=\s*\[", text, re.MULTILINE), \
            f"pyproject.toml declares {table}: they live in requirements*.txt"


def test_a_variant_only_replaces_existing_pins():
    assert VARIANT_FILES, "the 信创 variant (requirements-variant-glibc228.txt) is declared"
    pinned = {_normalized(m["name"]) for path in REQUIREMENT_FILES for _, line in _lines(path)
              if (m := PINNED.match(line))}
    for path in VARIANT_FILES:
        lines = _lines(path)
        assert lines, path.name
        for number, line in lines:
            m = PINNED.match(line)
            assert m, f"{path.name}:{number}: {line!r} is not pinned as name==version"
            assert _normalized(m["name"]) in pinned, f"{path.name}:{number}: adds a package"
