"""The user's own alias file, ``corpus/aliases.toml``: it wins over everything the extractor decides.

Format (TOML, read with the standard library)::

    # one table per real entity
    [[entity]]
    name = "Jaish-e-Mohammed"          # canonical display name
    type = "org"                       # "person" or "org"
    variants = ["JeM", "Jaish-e-Muhammad", "Jaish e Mohammad"]

    [[entity]]
    name = "Mike Pompeo"
    type = "person"
    variants = ["Michael Pompeo", "Michael R. Pompeo"]

    # strings that are never a person or organisation facet value (any type, case-insensitive)
    not_entities = ["Agencies", "Twitter"]

    # or only for one type
    [not_entity]
    person = ["Sputnik"]
    org = ["Mumbai"]

Every variant (and the name itself) of an entity maps to its name; matching is case-insensitive.
A variant may belong to one entity of a type only. A name listed as "not an entity" is dropped.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("person", "org")


@dataclass
class Aliases:
    """kind -> {lower-cased variant -> canonical name}; kind -> lower-cased names that are not entities."""

    canonical: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    not_entities: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})

    def lookup(self, kind: str, name: str) -> str | None:
        return self.canonical.get(kind, {}).get(name.strip().lower())

    def is_not_entity(self, kind: str, name: str) -> bool:
        return name.strip().lower() in self.not_entities.get(kind, set())

    def entities(self, kind: str) -> dict[str, list[str]]:
        """canonical name -> its variants as listed (lower-cased)."""
        out: dict[str, list[str]] = {}
        for var, canon in sorted(self.canonical.get(kind, {}).items()):
            out.setdefault(canon, []).append(var)
        return out

    def __bool__(self) -> bool:
        return any(self.canonical[k] or self.not_entities[k] for k in KINDS)


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"aliases: {where} must be a list of non-empty strings")
    return [v.strip() for v in value]


def parse_aliases(data: dict, source: str = "aliases.toml") -> Aliases:
    """Build Aliases from parsed TOML; ValueError names the faulty entry."""
    al = Aliases()
    unknown = set(data) - {"entity", "not_entities", "not_entity"}
    if unknown:
        raise ValueError(
            f"{source}: unknown top-level key(s) {sorted(unknown)}; expected entity, not_entities, not_entity"
        )
    entities = data.get("entity", [])
    if not isinstance(entities, list):
        raise ValueError(f"{source}: 'entity' must be an array of tables ([[entity]])")
    for i, ent in enumerate(entities, 1):
        where = f"{source}: [[entity]] #{i}"
        if not isinstance(ent, dict):
            raise ValueError(f"{where} must be a table")
        name = ent.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where} needs a non-empty string 'name'")
        kind = ent.get("type")
        if kind not in KINDS:
            raise ValueError(f'{where} ({name!r}): \'type\' must be "person" or "org", got {kind!r}')
        extra = set(ent) - {"name", "type", "variants"}
        if extra:
            raise ValueError(f"{where} ({name!r}): unknown key(s) {sorted(extra)}")
        name = name.strip()
        for var in [name, *_strings(ent.get("variants", []), f"{where} variants")]:
            key = var.lower()
            prev = al.canonical[kind].get(key)
            if prev is not None and prev != name:
                raise ValueError(f"{where}: variant {var!r} already belongs to {prev!r}")
            al.canonical[kind][key] = name
    for kind in KINDS:
        al.not_entities[kind].update(
            v.lower() for v in _strings(data.get("not_entities", []), f"{source}: not_entities")
        )
    typed = data.get("not_entity", {})
    if not isinstance(typed, dict) or set(typed) - set(KINDS):
        raise ValueError(f"{source}: [not_entity] may only hold 'person' and 'org' lists")
    for kind, names in typed.items():
        al.not_entities[kind].update(v.lower() for v in _strings(names, f"{source}: not_entity.{kind}"))
    return al


def load_aliases(path: Path) -> Aliases:
    """Read the alias file; a missing file gives empty Aliases, a malformed one a ValueError."""
    path = Path(path)
    if not path.exists():
        return Aliases()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_aliases(data, path.name)


def aliases_fingerprint(aliases: Aliases | None) -> str:
    """Stable short hash of the alias content (part of the extraction cache key)."""
    if aliases is None:
        aliases = Aliases()
    payload = {
        "canonical": {k: sorted(aliases.canonical[k].items()) for k in KINDS},
        "not": {k: sorted(aliases.not_entities[k]) for k in KINDS},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
