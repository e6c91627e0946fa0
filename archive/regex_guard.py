"""Which characters a text must hold for a regular expression to match anywhere in it.

pysbd runs about ninety substitutions on every paragraph it is given, most of them rules that look for
its own placeholder characters ("∯", "♨", "&ᓴ&"), list markers or brackets the paragraph does not hold:
a substitution that cannot match gives the text back unchanged. `Requirement` reads a pattern's parse tree
once and finds characters that every match needs, each from a part of the pattern a match cannot skip (a
literal, a class of a few literal characters, a group repeated at least once, a positive lookaround, every
branch of an alternation). If the text holds none of one such set, the pattern cannot match and the call is
answered without running it: the same answer `re` gives, at the cost of a `str.__contains__` or two.

Sound by construction, not by sampling: a part of the pattern that may be skipped (`?`, `*`, `{0,n}`, a
negative lookaround, a back-reference, a conditional group) or that matches a large or open class (`.`,
`\\s`, `[^x]`) contributes nothing, and a cased character under `re.IGNORECASE` contributes nothing
(its case twins are left to `re`). `tests/test_regex_guard.py` checks the sets on pysbd's own patterns and
real paragraphs against `re` itself.
"""

from __future__ import annotations

import _sre
import re
import re._constants as C  # noqa: N812 - the parser's opcodes, as `re` names them
import re._parser as P  # noqa: N812
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# A character class of more literal characters than this gives no useful requirement.
_MAX_CLASS = 16
# A fixed repeat ("\\.{3}") longer than this is not spelt out.
_MAX_FIXED_REPEAT = 16
# At most this many sets are tested per call: the rarest first.
_MAX_SETS = 3
# Characters in nearly every paragraph: a set of only these is tested last (it rarely rules a pattern out).
_COMMON = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,")


@dataclass(frozen=True, slots=True)
class Requirement:
    """Sets of texts (mostly single characters); a text can be matched only if it holds one of every set."""

    sets: tuple[tuple[str, ...], ...]

    def excludes(self, text: str) -> bool:
        """Whether the pattern certainly cannot match anywhere in `text`."""
        for chars in self.sets:
            for ch in chars:
                if ch in text:
                    break
            else:
                return True
        return False


NO_REQUIREMENT = Requirement(())


def requirement(pattern: re.Pattern[Any]) -> Requirement:
    """The character sets every match of `pattern` needs (none known: an empty requirement)."""
    if not isinstance(pattern.pattern, str):
        return NO_REQUIREMENT
    try:
        tree = P.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):  # pragma: no cover - `re` compiled it, so it parses
        return NO_REQUIREMENT
    ignore_case = bool(tree.state.flags & re.IGNORECASE)
    found = {frozenset(s) for s in _sequence(list(tree), ignore_case)}
    ranked = sorted(found, key=lambda s: (*_rank(s), sorted(s)))
    return Requirement(tuple(tuple(sorted(s)) for s in ranked[:_MAX_SETS]))


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> Iterator[frozenset[str]]:
    """Every requirement of a sequence: each of its parts that a match cannot skip gives one, and consecutive
    parts of fixed text ("\\.\\.\\.", "(?:ab){2}") give that text whole."""
    run = ""
    for op, av in items:
        fixed = _fixed(op, av, ignore_case)
        if fixed is not None:
            run += fixed
            continue
        if run:
            yield frozenset((run,))
            run = ""
        yield from _item(op, av, ignore_case)
    if run:
        yield frozenset((run,))


def _fixed(op: Any, av: Any, ignore_case: bool) -> str | None:
    """The text a part of a pattern always matches, when it matches one text only (else None)."""
    if op is C.LITERAL:
        return None if ignore_case and _sre.unicode_iscased(av) else chr(av)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] == av[1] and 1 <= av[0] <= _MAX_FIXED_REPEAT:
        inner = _fixed_text(list(av[2]), ignore_case)
        return None if inner is None else inner * av[0]
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner_case = (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _fixed_text(list(sub), inner_case)
    return None


def _fixed_text(items: list[tuple[Any, Any]], ignore_case: bool) -> str | None:
    parts = [_fixed(op, av, ignore_case) for op, av in items]
    return "".join(parts) if parts and None not in parts else None  # type: ignore[arg-type]


def _rank(chars: frozenset[str]) -> tuple[bool, int, int]:
    """Most telling first: not only common characters, the longest texts, the fewest alternatives."""
    return (all(len(c) == 1 and c in _COMMON for c in chars), -min(map(len, chars)), len(chars))


def _item(op: Any, av: Any, ignore_case: bool) -> Iterator[frozenset[str]]:
    if op is C.LITERAL:
        if not (ignore_case and _sre.unicode_iscased(av)):
            yield frozenset(chr(av))
    elif op is C.IN:
        chars = _class_chars(av, ignore_case)
        if chars:
            yield chars
    elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        if low >= 1:
            yield from _sequence(list(sub), ignore_case)
    elif op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner = (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        yield from _sequence(list(sub), inner)
    elif op is C.ATOMIC_GROUP:
        yield from _sequence(list(av), ignore_case)
    elif op is C.ASSERT:  # a positive lookahead or lookbehind: its text is in the string too
        _direction, sub = av
        yield from _sequence(list(sub), ignore_case)
    elif op is C.BRANCH:
        union = _branch(av[1], ignore_case)
        if union:
            yield union
    # anything else (AT, ANY, NOT_LITERAL, ASSERT_NOT, GROUPREF, GROUPREF_EXISTS, ...) requires nothing known


def _branch(alternatives: list[Any], ignore_case: bool) -> frozenset[str] | None:
    """One set for an alternation: the union of each alternative's most telling set (none if any
    alternative requires nothing known)."""
    union: set[str] = set()
    for alt in alternatives:
        sets: list[frozenset[str]] = list(_sequence(list(alt), ignore_case))
        if not sets:
            return None
        best: frozenset[str] = min(sets, key=_rank)
        union |= best
    return frozenset(union) if len(union) <= _MAX_CLASS * 2 else None


def _class_chars(items: list[tuple[Any, Any]], ignore_case: bool) -> frozenset[str] | None:
    """The characters of a class made of a few literal characters and small ranges (else None)."""
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a large range, ...
            return None
    if len(chars) > _MAX_CLASS or (ignore_case and any(_sre.unicode_iscased(ord(c)) for c in chars)):
        return None
    return frozenset(chars)
