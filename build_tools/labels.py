"""Reader-facing words and dates, in the dossier's language (``theme.language`` in mkdocs.yml)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from build_tools.model import EventDate, FuzzyDate


@cache
def load_labels(language: str) -> dict[str, Any]:
    """The label table of ``language`` (``build_tools/locales/<language>.yaml``)."""
    source = resources.files("build_tools") / "locales" / f"{language}.yaml"
    if not source.is_file():
        raise FileNotFoundError(f"no labels for language {language!r}: add {source}")
    # Our own file: libyaml's loader when present (the pure-Python one costs a build 30 ms).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    labels: dict[str, Any] = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    return labels


def format_date(when: FuzzyDate, labels: dict[str, Any]) -> str:
    """``8 avril 2019``, ``1er avril 2019``, ``avril 2019`` or ``2019``."""
    parts = [str(when.year)]
    if when.month:
        parts.insert(0, labels["months"][when.month - 1])
    if when.day:
        parts.insert(0, labels["first_day"] if when.day == 1 else str(when.day))
    return " ".join(parts)


def _qualified(when: FuzzyDate, labels: dict[str, Any]) -> str:
    """A date after "vers", "avant"…: a day takes its article ("après le 24 novembre 2015")."""
    text = format_date(when, labels)
    if when.precision != "day":
        return text
    template: str = labels["qualified_day"]
    return template.format(date=text)


def format_event_date(when: EventDate, labels: dict[str, Any]) -> str:
    """The date with its uncertainty: ``vers mai 2017``, ``entre 2015 et 2016``…"""
    start = format_date(when.start, labels)
    if when.qualifier is None:
        return start
    start = _qualified(when.start, labels)
    end = _qualified(when.end, labels) if when.end else ""
    template: str = labels["qualifiers"][when.qualifier]
    return template.format(date=start, end=end)


def count(n: int, forms: dict[str, str], thousands: str = "\u202f") -> str:
    """``1 événement``, ``3 événements``, ``4 621 articles`` (French uses the singular for
    0 and 1; ``thousands`` separates groups of digits)."""
    digits = f"{n:,}".replace(",", thousands)
    return (forms["one"] if n <= 1 else forms["many"]).format(n=digits)
