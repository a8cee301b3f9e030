"""labels: French dates at their precision, qualifiers, and the completeness of the label table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.labels import count, format_date, format_event_date, load_labels
from build_tools.model import EventDate, FuzzyDate

FR = load_labels("fr")

DATES = [
    (FuzzyDate(2019, 4, 8), "8 avril 2019"),
    (FuzzyDate(2019, 4, 1), "1er avril 2019"),
    (FuzzyDate(2017, 6, 3), "3 juin 2017"),
    (FuzzyDate(2015, 11, 24), "24 novembre 2015"),
    (FuzzyDate(2019, 4), "avril 2019"),
    (FuzzyDate(2018, 2), "février 2018"),
    (FuzzyDate(2018, 8), "août 2018"),
    (FuzzyDate(2018, 12), "décembre 2018"),
    (FuzzyDate(2019), "2019"),
    (FuzzyDate(2019, 1, 31), "31 janvier 2019"),
]


@pytest.mark.parametrize(("when", "expected"), DATES)
def test_format_date(when: FuzzyDate, expected: str) -> None:
    assert format_date(when, FR) == expected


EVENT_DATES = [
    (EventDate(FuzzyDate(2019, 4, 8), None, None, "b"), "8 avril 2019"),
    (EventDate(FuzzyDate(2017, 5), "circa", None, "b"), "vers mai 2017"),
    (EventDate(FuzzyDate(2018), "before", None, "b"), "avant 2018"),
    (EventDate(FuzzyDate(2016, 7), "after", None, "b"), "après juillet 2016"),
    (EventDate(FuzzyDate(2015), "between", FuzzyDate(2016), "b"), "entre 2015 et 2016"),
    (EventDate(FuzzyDate(2017, 9), "between", FuzzyDate(2017, 12), "b"),
     "entre septembre 2017 et décembre 2017"),
]


@pytest.mark.parametrize(("when", "expected"), EVENT_DATES)
def test_format_event_date(when: EventDate, expected: str) -> None:
    assert format_event_date(when, FR) == expected


def test_month_names_are_french_and_complete() -> None:
    assert FR["months"] == ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                            "août", "septembre", "octobre", "novembre", "décembre"]


def test_repeat_notice_wording() -> None:
    notice = FR["repeat_many"].format(first=7, last=11, source_first=2, source_last=6)
    # A narrow no-break space before the colon, as French typography wants.
    assert notice.startswith(
        "Paragraphes 7 à 11\u202f: répétition des paragraphes 2 à 6 dans la source")
    one = FR["repeat_one"].format(first=4, source_first=3)
    assert one.startswith("Paragraphe 4\u202f: répétition du paragraphe 3 dans la source")


def _leaves(table: Any) -> list[str]:
    if isinstance(table, dict):
        return [leaf for value in table.values() for leaf in _leaves(value)]
    if isinstance(table, list):
        return [leaf for value in table for leaf in _leaves(value)]
    return [table]


def test_labels_are_non_empty_strings() -> None:
    # The thousands separator is whitespace by design: « 4 621 », narrow no-break space.
    assert FR["thousands_separator"] == "\u202f"
    words = {key: value for key, value in FR.items() if key != "thousands_separator"}
    for leaf in _leaves(words):
        assert isinstance(leaf, str) and leaf.strip(), leaf


def test_french_typography_in_labels() -> None:
    # French puts a space before ":" ";" "?" "!"; no straight double quote in reader text.
    for leaf in _leaves(FR):
        assert not re.search(r"\S[:;?!](\s|$)", leaf), leaf
        assert '"' not in leaf, leaf


def test_every_label_used_by_a_template_exists() -> None:
    templates = Path(__file__).resolve().parent.parent / "build_tools" / "templates"
    used = set()
    for template in templates.glob("*.j2"):
        used.update(re.findall(r"labels((?:\.[a-z_]+)+)", template.read_text(encoding="utf-8")))
    assert used
    for dotted in sorted(used):
        node: Any = FR
        for key in dotted.strip(".").split("."):
            assert isinstance(node, dict) and key in node, f"labels{dotted} is missing"
            node = node[key]


def test_unknown_language_is_an_explicit_error() -> None:
    with pytest.raises(FileNotFoundError, match="no labels for language 'xx'"):
        load_labels("xx")


@pytest.mark.parametrize(("when", "expected"), [
    (EventDate(FuzzyDate(2015, 11, 24), "after", None, "b"), "après le 24 novembre 2015"),
    (EventDate(FuzzyDate(2019, 4, 8), "before", None, "b"), "avant le 8 avril 2019"),
    (EventDate(FuzzyDate(2019, 4, 8), "circa", None, "b"), "vers le 8 avril 2019"),
    (EventDate(FuzzyDate(2016, 7, 1), "after", None, "b"), "après le 1er juillet 2016"),
    (EventDate(FuzzyDate(2019, 1), "between", FuzzyDate(2019, 4, 7), "b"),
     "entre janvier 2019 et le 7 avril 2019"),
])
def test_qualified_day_dates_take_the_article(when: EventDate, expected: str) -> None:
    assert format_event_date(when, FR) == expected


def test_counts_group_thousands_with_a_narrow_no_break_space() -> None:
    assert count(1, FR["count_articles"], FR["thousands_separator"]) == "1 article"
    assert count(0, FR["count_passages"], FR["thousands_separator"]) == "0 passage"
    assert count(4621, FR["count_articles"], FR["thousands_separator"]) == "4\u202f621 articles"
    assert count(1234567, {"one": "{n}", "many": "{n}"}, ",") == "1,234,567"


def test_an_article_date_is_qualified_like_an_event_date() -> None:
    from build_tools.model import Article

    article = Article("a", "t", FuzzyDate(2019, 7, 17), "b", "fr", None, None, None, None, (),
                      (), published_qualifier="after")
    assert format_event_date(article.published_date, FR) == "après le 17 juillet 2019"
    between = Article("a", "t", FuzzyDate(2019, 7), "b", "fr", None, None, None, None, (), (),
                      published_qualifier="between", published_end=FuzzyDate(2019, 9))
    assert format_event_date(between.published_date, FR) == "entre juillet 2019 et septembre 2019"
