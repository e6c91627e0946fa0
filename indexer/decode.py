"""Turn the bytes of a corpus file into text without guessing wrong.

Order of evidence: a byte-order mark, a charset the file declares (HTML meta), strict UTF-8, then
charset-normalizer's detector. A file that is binary or undecodable raises `Unreadable` with a reason
the CLI can show.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes


class Unreadable(Exception):
    """A file that cannot be read as text; the message says why."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (meta charset or http-equiv), if a known codec."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, html: bool = False) -> str:
    """Decode `data` to str, or raise Unreadable."""
    if not data.strip():
        raise Unreadable("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise Unreadable(f"invalid {enc} after its byte-order mark: {exc.reason}") from None
    if b"\x00" in data[:8192]:
        # NUL bytes without a UTF-16/32 BOM: an image, archive or other binary file.
        raise Unreadable("binary file (NUL bytes), not text")
    if html:
        declared = declared_charset(data)
        if declared:
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                pass  # the declaration lies; fall through to the evidence in the bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1_000_000]).best()
    western = _try(data, "cp1252")
    if best is None or best.encoding is None:
        if western is None:
            raise Unreadable("undecodable bytes: not UTF-8 and no charset could be detected")
        return western
    text = data.decode(best.encoding, errors="replace")
    # Several single-byte code pages decode the same bytes; for Latin-script text prefer Windows-1252,
    # by far the commonest undeclared one in news archives, unless the detector's reading is more plausible.
    if western is not None and best.encoding != "cp1252" and _latin_score(western) >= _latin_score(text):
        text = western
    if _control_ratio(text) > 0.05:
        raise Unreadable("binary file (control characters), not text")
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _latin_score(text: str) -> float:
    """Share of non-ASCII characters that are Latin letters or typographic punctuation."""
    chars = [ch for ch in text[:100_000] if ord(ch) > 127]
    if not chars:
        return 1.0
    good = sum(1 for ch in chars if unicodedata.category(ch).startswith("P")
               or unicodedata.name(ch, "").startswith("LATIN"))
    return good / len(chars)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)
