"""paths: ids, docs-relative page paths and relative links, table-driven and by property."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.model import KINDS, Kind
from build_tools.paths import (
    CHRONOLOGY,
    GENERATED_DIRS,
    SECTIONS,
    PagePath,
    index_path,
    link,
    mentions_path,
    page_path,
    paragraph_anchor,
)
from build_tools.schema import SCHEMA_NAMES
from tests.conftest import REPO

PAGES = [
    (Kind.ACTOR, "vladimir-poutine", "acteurs/vladimir-poutine.md"),
    (Kind.WEAPON, "s-400", "systemes-d-armes/s-400.md"),
    (Kind.EVENT, "signature-contrat-s-400-2017", "evenements/signature-contrat-s-400-2017.md"),
    (Kind.ARTICLE, "rostec-contrat-s400-2017", "articles/rostec-contrat-s400-2017.md"),
    (Kind.ACTOR, "a", "acteurs/a.md"),
    (Kind.WEAPON, "2s19", "systemes-d-armes/2s19.md"),
]


@pytest.mark.parametrize(("kind", "record_id", "expected"), PAGES)
def test_page_path(kind: Kind, record_id: str, expected: str) -> None:
    assert page_path(kind, record_id) == expected


@pytest.mark.parametrize("record_id", [
    "", "A", "é", "a_b", "a--b", "-a", "a-", "a b", "../a", "a/b", "a.md", "index/..", ".",
    "a\nb", "CON",
])
def test_unsafe_ids_never_become_paths(record_id: str) -> None:
    with pytest.raises(ValueError, match="unsafe id"):
        page_path(Kind.ACTOR, record_id)


def test_an_id_with_a_final_newline_is_unsafe() -> None:
    with pytest.raises(ValueError, match="unsafe id"):
        page_path(Kind.ACTOR, "x\n")


def test_sections_and_indexes() -> None:
    assert [index_path(k) for k in Kind] == [
        "acteurs/index.md", "systemes-d-armes/index.md", "evenements/index.md",
        "articles/index.md"]
    assert CHRONOLOGY == "chronologie/index.md"
    assert set(GENERATED_DIRS) == {"acteurs", "systemes-d-armes", "evenements", "articles",
                                   "chronologie", "mentions", "modifier-le-dossier", "mises-a-jour"}
    assert paragraph_anchor(7) == "p-7"


LINKS = [
    # source, target, anchor, expected
    ("acteurs/a.md", "acteurs/b.md", "", "b.md"),
    ("acteurs/a.md", "systemes-d-armes/s-400.md", "", "../systemes-d-armes/s-400.md"),
    ("evenements/e.md", "articles/x.md", "p-3", "../articles/x.md#p-3"),
    ("articles/x.md", "articles/x.md", "p-3", "#p-3"),
    ("articles/x.md", "articles/x.md", "", "x.md"),
    ("chronologie/index.md", "evenements/e.md", "", "../evenements/e.md"),
    ("acteurs/index.md", "acteurs/a.md", "", "a.md"),
    ("index.md", "acteurs/a.md", "", "acteurs/a.md"),
    ("acteurs/a.md", "index.md", "", "../index.md"),
    ("mentions/a/2.md", "mentions/a/index.md", "", "index.md"),
    ("mentions/a/2.md", "articles/x.md", "p-2", "../../articles/x.md#p-2"),
    ("mentions/a/2.md", "mentions/b/index.md", "", "../b/index.md"),
    ("acteurs/a.md", "mentions/a/index.md", "", "../mentions/a/index.md"),
]


@pytest.mark.parametrize(("source", "target", "anchor", "expected"), LINKS)
def test_link(source: str, target: str, anchor: str, expected: str) -> None:
    assert link(PagePath(source), PagePath(target), anchor) == expected


_segment = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,2}", fullmatch=True)
_page = st.builds(lambda dirs, name: PagePath("/".join([*dirs, f"{name}.md"])),
                  st.lists(_segment, max_size=3), _segment)


@given(_page, _page, st.sampled_from(["", "p-1", "p-12"]))
def test_link_resolves_back_to_its_target(source: PagePath, target: PagePath,
                                          anchor: str) -> None:
    href = link(source, target, anchor)
    path, _, fragment = href.partition("#")
    assert fragment == anchor
    assert not href.startswith("/") and "://" not in href
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) \
        if path else source
    assert resolved == target


@given(st.sampled_from(list(Kind)), _segment)
def test_page_path_is_a_function_of_kind_and_id(kind: Kind, record_id: str) -> None:
    path = page_path(kind, record_id)
    assert path == page_path(kind, record_id)
    assert posixpath.basename(path) == f"{record_id}.md"
    assert path.split("/")[0] in GENERATED_DIRS


def test_every_generated_section_is_ignored_by_git() -> None:
    # Generated pages are build output: committing them would fight the generator.
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert [d for d in GENERATED_DIRS if f"docs/{d}/" not in ignored] == []


def test_mention_list_pages_sit_in_a_folder_per_record() -> None:
    assert mentions_path("turquie") == "mentions/turquie/index.md"
    assert mentions_path("turquie", 3) == "mentions/turquie/3.md"
    with pytest.raises(ValueError):
        mentions_path("../etc")


def test_every_kind_has_one_entry_in_the_kinds_table_and_the_derived_tables_follow_it() -> None:
    assert set(KINDS) == set(Kind)
    assert {k: i.section for k, i in KINDS.items()} == SECTIONS
    assert {k: i.schema_name for k, i in KINDS.items()} == SCHEMA_NAMES
    for table in (SECTIONS, SCHEMA_NAMES, {k: i.word for k, i in KINDS.items()}):
        assert len(set(table.values())) == len(Kind)  # one folder, schema, word per kind
    assert all(i.a_word.split(" ", 1)[0] in ("a", "an") for i in KINDS.values())
