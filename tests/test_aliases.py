"""The user's alias file: format, errors, fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.aliases import Aliases, aliases_fingerprint, load_aliases

GOOD = """
not_entities = ["Agencies"]

[[entity]]
name = "Mike Pompeo"
type = "person"
variants = ["Michael Pompeo", "Michael R. Pompeo"]

[[entity]]
name = "Jaish-e-Mohammed"
type = "org"
variants = ["JeM", "Jaish e Mohammad"]

[not_entity]
person = ["Sputnik"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "aliases.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_missing_file_is_empty(tmp_path: Path) -> None:
    al = load_aliases(tmp_path / "nope.toml")
    assert isinstance(al, Aliases) and not al


def test_good_file(tmp_path: Path) -> None:
    al = load_aliases(_write(tmp_path, GOOD))
    assert al.lookup("person", "michael r. pompeo") == "Mike Pompeo"
    assert al.lookup("person", "Mike Pompeo") == "Mike Pompeo"
    assert al.lookup("org", "JEM") == "Jaish-e-Mohammed"
    assert al.lookup("org", "Mike Pompeo") is None
    assert al.is_not_entity("org", "agencies") and al.is_not_entity("person", "Agencies")
    assert al.is_not_entity("person", "Sputnik") and not al.is_not_entity("org", "Sputnik")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[[entity]]\nname = 'X'\ntype = 'place'\n", "type"),
        ("[[entity]]\ntype = 'org'\n", "name"),
        ("[[entity]]\nname = 'X'\ntype = 'org'\nvariants = 'Y'\nspelling = 1\n", "unknown key"),
        (
            "[[entity]]\nname = 'A'\ntype = 'org'\nvariants = ['Z']\n[[entity]]\nname = 'B'\ntype = 'org'\n"
            "variants = ['z']\n",
            "already belongs",
        ),
        ("entity = [", "not valid TOML"),
        ("colour = 'red'\n", "unknown top-level"),
        ("not_entities = [1, 2]\n", "non-empty strings"),
    ],
)
def test_malformed_raises_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        load_aliases(_write(tmp_path, text))


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    a = load_aliases(_write(tmp_path, GOOD))
    b = load_aliases(_write(tmp_path, GOOD.replace("Michael R. Pompeo", "M. Pompeo")))
    assert aliases_fingerprint(a) == aliases_fingerprint(load_aliases(_write(tmp_path, GOOD)))
    assert aliases_fingerprint(a) != aliases_fingerprint(b)
    assert aliases_fingerprint(None) == aliases_fingerprint(Aliases())
