"""French typography: a narrow no-break space before « : ; ! ? » and inside « », in the text
we generate and the text editors write, never in code, URLs, link targets, times, quotes."""

from __future__ import annotations

import html
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from build_tools import mdtext
from build_tools.labels import load_labels
from build_tools.mdtext import literal, markdown_field
from build_tools.model import Kind
from build_tools.paths import page_path
from build_tools.problems import Problems
from build_tools.readers import read_data
from build_tools.resolve import resolve
from build_tools.site import render_site
from build_tools.typography import NNBSP, french_spacing
from build_tools.validate import validate
from tests.conftest import MINI_DATA, REPO

N = NNBSP


@pytest.mark.parametrize(("typed", "shown"), [
    ("Note: voir", f"Note{N}: voir"),
    ("Note : voir", f"Note{N}: voir"),
    ("Note\u00a0: voir", f"Note{N}: voir"),
    ("Pourquoi ?", f"Pourquoi{N}?"),
    ("Quoi?! Non; oui!", f"Quoi{N}?! Non{N}; oui{N}!"),
    ("« bonjour »", f"«{N}bonjour{N}»"),
    ("Lire «genre».", f"Lire «{N}genre{N}»."),
    ("**Attention**: lire", f"**Attention**{N}: lire"),
    ("(voir plus bas) :", f"(voir plus bas){N}:"),
    # Left alone: times, ratios, paths, URLs, code, link targets, Markdown syntax.
    ("Il est 12:30.", "Il est 12:30."),
    ("un rapport 3:1", "un rapport 3:1"),
    ("C:\\dossier", "C:\\dossier"),
    ("voir https://example.org/a?b=c : ok", f"voir https://example.org/a?b=c{N}: ok"),
    ("<https://example.org/?q=a: b>", "<https://example.org/?q=a: b>"),
    ("voir `id: x ; y !` ici", "voir `id: x ; y !` ici"),
    ("[lien](https://example.org/?a=1: ) !", f"[lien](https://example.org/?a=1: ){N}!"),
    ("[x]: https://example.org/", "[x]: https://example.org/"),
    ("*[OTAN]: Organisation", "*[OTAN]: Organisation"),
    ("Terme\n: définition", "Terme\n: définition"),
    ("!!! note", "!!! note"),
    ("a \\! b", "a \\! b"),
    ("&amp; &#58; x", "&amp; &#58; x"),
    ("(?)", "(?)"),
    # Quoted words stay as typed; only the spaces inside « » are set.
    ("« Il dit : non ! »", f"«{N}Il dit : non ! {N}»".replace(f" {N}", N)),
    ("“English: yes”", "“English: yes”"),
    ("«»", "«»"),
    ("« voir `a » b` »", f"«{N}voir `a » b`{N}»"),
    ("« lire [ceci](https://x.org/»/) »", f"«{N}lire [ceci](https://x.org/»/){N}»"),
])
def test_french_spacing(typed: str, shown: str) -> None:
    assert french_spacing(typed) == shown


_TEXT = st.text(alphabet=st.sampled_from(list("ab1 :;!?«»()[]`*<>/.\n\u00a0\u202f")),
                max_size=40)
# Around a kept span: no character that could open or close code, a link or an autolink.
_AROUND = st.text(alphabet=st.sampled_from(list("ab1 :;!?«»*/.\n\u00a0\u202f")), max_size=40)
_KEPT_WITH_MARKS = st.sampled_from([
    "`code « : » !`", "`voir » ici`", "](https://x.org/«a»?b: !)", "](https://x.org/»/)",
    "<https://x.org/?q=« a »>", "“quoted « : » !”",
])
_KEPT = st.sampled_from([
    "https://example.org/a?b=c:d;e!f", "`code : ; ! ?`", "](https://x.org/?a: !)",
    "12:30", "“quoted : words !”", "&#58;", "<https://x.org/?q=a: b>",
])


def _without_spaces(text: str) -> str:
    return re.sub("[ \t\u00a0\u202f]", "", text)


@given(_TEXT)
@example("a ?? b")
def test_french_spacing_is_idempotent(text: str) -> None:
    once = french_spacing(text)
    assert french_spacing(once) == once


@given(_TEXT)
def test_french_spacing_only_changes_spaces(text: str) -> None:
    # Every character other than a horizontal space is kept, in order; lines stay lines.
    assert _without_spaces(french_spacing(text)) == _without_spaces(text)


@given(_AROUND, st.one_of(_KEPT, _KEPT_WITH_MARKS), _AROUND)
def test_french_spacing_never_changes_code_urls_or_link_targets(
        before: str, kept: str, after: str) -> None:
    # Separated by spaces, as such spans are in text; their own characters never change.
    assert f" {kept} " in french_spacing(f"{before} {kept} {after}").replace(N, " ")
    assert kept in french_spacing(f"{before} {kept} {after}")


@given(st.text(max_size=60))
def test_escaping_sees_only_spacing_changes(text: str) -> None:
    # Typography runs before escaping, and only ever swaps or adds a space: the escaped
    # field is the escaped typed text, spaces aside (test_hostile checks what renders).
    assert _without_spaces(markdown_field(text)) == _without_spaces(_escape_only(text))


def _escape_only(text: str) -> str:
    """markdown_field without the typography step."""
    original = mdtext.french_spacing
    try:
        mdtext.french_spacing = lambda t: t
        return str(mdtext.markdown_field(text))
    finally:
        mdtext.french_spacing = original


def test_plain_literal_text_is_never_respaced() -> None:
    # literal() is what prints names, quotes and article text: it leaves spacing alone.
    assert literal("Erdogan : « oui »") == "Erdogan &#58; « oui »"


# -- the text we generate -------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_label_is_in_french_typography() -> None:
    wrong = [s for s in _strings(load_labels("fr")) if french_spacing(s) != s]
    assert wrong == []


def test_every_template_is_in_french_typography() -> None:
    templates = resources.files("build_tools") / "templates"
    for template in templates.iterdir():
        source = template.read_text(encoding="utf-8")
        # The macros' narrow no-break space is a variable, so that it survives the finalizer.
        prose = re.sub(r"\{\{-? *nnbsp *-?\}\}", "\u202f", source)
        # Jinja tags and Markdown attribute lists ({: #id }, { data-preview }) are syntax.
        prose = re.sub(r"\{[{%#].*?[}%#]\}", "x", prose, flags=re.S)
        prose = re.sub(r"\{[^{}\n]*\}", "", prose)
        assert french_spacing(prose) == prose, template.name


@pytest.mark.parametrize("name", ["index.md", "a-propos.md", "recherche.md"])
def test_hand_written_pages_are_in_french_typography(name: str) -> None:
    text = (REPO / "docs" / name).read_text(encoding="utf-8")
    # The front matter is YAML (« hide: »), not prose.
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    assert "\u00a0" not in body  # a narrow no-break space, not a wide one
    assert french_spacing(body) == body


def test_label_file_parses_to_the_same_table() -> None:
    # The narrow no-break spaces are written as characters, which YAML keeps as is.
    source = (resources.files("build_tools") / "locales" / "fr.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(source) == load_labels("fr")


# -- where it applies: editorial fields, never the sources' words ---------------------------

_EVENT = """title: "Accord : annoncé !"
date: "2019-04"
date_basis: "« en avril » dans l'article ; voir la note"
summary: "Un accord est annoncé : voir [la fiche](../acteurs/rostec.md) ; à 12:30 !"
weapons: [s-400]
sources:
  - article: article-un
    quote: "Pas un titre : l’accord"
    note: "Lu « tel quel » ; rien à corriger."
"""


def test_editorial_fields_are_typeset_and_sources_are_not(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    (data / "events" / "annonce.yaml").write_text(_EVENT, encoding="utf-8")
    problems = Problems()
    dossier = resolve(validate(read_data(tmp_path, problems), problems))
    assert not problems.errors, [str(p) for p in problems.errors]
    pages = render_site(dossier, load_labels("fr"))
    event = html.unescape(pages[page_path(Kind.EVENT, "annonce")])
    assert f"# Accord{N}: annoncé{N}!" in event
    assert f"«{N}en avril{N}» dans l'article{N}; voir la note" in event
    assert f"Un accord est annoncé{N}: voir [la fiche](../acteurs/rostec.md){N}; à 12:30{N}!" \
        in event
    assert f"Lu «{N}tel quel{N}»{N}; rien à corriger." in event
    # The quote is the article's own words, as written there (a plain space before ":").
    assert f"> «{N}Pas un titre : l’accord{N}»" in event
    article = html.unescape(pages[page_path(Kind.ARTICLE, "article-un")])
    assert "# Pas un titre : l’accord" in article
    # Other pages print the event title the same way.
    assert f"Accord{N}: annoncé{N}!" in html.unescape(pages[page_path(Kind.WEAPON, "s-400")])
