"""CSV cells a spreadsheet will show, never run (OWASP's advice on CSV injection)."""

from __future__ import annotations

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets (a tab or a
# carriage return is skipped first, then the next character decides).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """The cell's text, with an apostrophe before it when it would start a formula: spreadsheets then show it
    as text (the apostrophe itself is hidden by Excel and LibreOffice)."""
    return "'" + value if value.startswith(FORMULA_START) else value
