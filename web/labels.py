"""Display labels the pages show (the API gives the values themselves)."""

from __future__ import annotations

from datetime import date


def period_label(iso: str | None, precision: str | None) -> str:
    """A date for display: "12 March 2019", "March 2019", "2019" or "date unknown"."""
    if not iso:
        return "date unknown"
    d = date.fromisoformat(iso)
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return d.strftime("%B %Y")
    return f"{d.day} {d.strftime('%B %Y')}"
