"""Hand-written pages of docs/ that link to record pages: a record deleted or renamed by an
editor is reported by ``check`` (and refused by ``build``), not left to ``mkdocs --strict``.

The messages of the ``dead-link`` case are checked in tests/fixtures/errors/dead-link.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.output import check_page_links
from build_tools.pagelinks import markdown_link_targets
from build_tools.problems import Problems
from tests.conftest import REPO, run_cli
from tests.test_errors import base_root, check_output

FAILED = "1 error, 0 warnings — nothing was written."
ROSTEC = """\
name: Rostec
kind: organisation
country: russie
description: Conglomérat russe de défense.
"""
HOME = """\
# Dossier

- [Rostec](acteurs/rostec.md), [la Russie](acteurs/russie.md#role)
- [Tous les acteurs](acteurs/index.md)
"""
DEAD = ("docs/index.md:3:12: error: link to unknown actor 'rostec'{}: there is no "
        "data/actors/rostec.yaml; if that record was deleted or renamed, update the link in "
        "this hand-written page [dead-link]")


def _project(tmp_path: Path) -> Path:
    """The small valid dossier, with an actor the home page links to."""
    root = base_root(tmp_path)
    (root / "data" / "actors" / "rostec.yaml").write_text(ROSTEC, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    return root


def _snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_a_deleted_record_linked_from_the_home_page_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert check_output(root)[0] == 0  # (a warning: the new actor is in no event yet)
    (root / "data" / "actors" / "rostec.yaml").unlink()
    code, output = check_output(root, "--strict")
    assert (code, output.splitlines()) == (1, [DEAD.format(""), FAILED])


def test_a_renamed_record_gets_a_suggestion(tmp_path: Path) -> None:
    root = _project(tmp_path)
    actors = root / "data" / "actors"
    (actors / "rostec.yaml").rename(actors / "rostec-corporation.yaml")
    assert check_output(root)[1].splitlines() == [
        DEAD.format(" (did you mean 'rostec-corporation'?)"), FAILED]


def test_build_refuses_and_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run_cli(root, "build").check()
    docs = root / "docs"
    assert (docs / "acteurs" / "rostec.md").is_file()
    before = _snapshot(docs)
    (root / "data" / "actors" / "rostec.yaml").unlink()
    result = run_cli(root, "build")
    assert result.code == 1
    assert DEAD.format("") in (result.stdout + result.stderr).splitlines()
    assert _snapshot(docs) == before
    # Fixing the page is enough: the build goes through and removes the record's page.
    (docs / "index.md").write_text(HOME.replace("[Rostec](acteurs/rostec.md), ", ""),
                                   encoding="utf-8")
    run_cli(root, "build").check()
    assert not (docs / "acteurs" / "rostec.md").exists()


def test_only_hand_written_pages_and_record_pages_are_checked(tmp_path: Path) -> None:
    root = _project(tmp_path)
    docs = root / "docs"
    (docs / "notes").mkdir()
    # Another site, a section index, the chronology, a heading anchor of an existing record
    # (not checked), a link out of docs/, a page that is not a record's: none is reported.
    (docs / "notes" / "liens.md").write_text(
        "[a](https://example.org/acteurs/x.md) [b](../evenements/index.md) "
        "[c](../chronologie/index.md) [d](../articles/accord-s-400.md#contexte) "
        "[e](../../acteurs/x.md) [f](../a-propos.md) [g](/acteurs/x.md) [h](#acteurs)\n",
        encoding="utf-8")
    # Pages in generated folders are the generator's: not read.
    (docs / "mentions").mkdir()
    (docs / "mentions" / "vieux.md").write_text("[x](../acteurs/x.md)\n", encoding="utf-8")
    problems = Problems()
    check_page_links(root, problems)
    assert problems.items == []


def test_link_targets_are_read_like_markdown() -> None:
    text = (
        "# T\n"
        'Voir [Rostec](acteurs/rostec.md "titre") et ![x](<acteurs/a b.md>), '
        "`[non](acteurs/code.md)` [y](evenements/e.md#p-3).\n"
        "[ref]: ../acteurs/def.md\n"
        "- item [a](acteurs/a.md)\n"
        "  suite [b](acteurs/b.md)\n"
        "\n"
        "    continuation [c](acteurs/c.md)\n"
        "\n"
        "paragraphe\n"
        "\n"
        "    code [d](acteurs/d.md)\n"
        "\n"
        "```md\n"
        "[e](acteurs/e.md)\n"
        "```\n"
        "~~~~\n"
        "```\n"
        "[f](acteurs/f.md)\n"
        "~~~~\n"
        "[g](https://x.org/g.md) [h](acteurs/h_(x).md)\r\n"
    )
    assert markdown_link_targets(text) == [
        (2, 15, "acteurs/rostec.md"),
        (2, 51, "acteurs/a b.md"),
        (2, 98, "evenements/e.md#p-3"),
        (3, 8, "../acteurs/def.md"),
        (4, 12, "acteurs/a.md"),
        (5, 13, "acteurs/b.md"),
        (7, 22, "acteurs/c.md"),
        (20, 5, "https://x.org/g.md"),
        (20, 29, "acteurs/h_(x).md"),
    ]


def test_the_real_hand_written_pages_link_only_to_existing_records() -> None:
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    assert any("acteurs/" in target for _, _, target in markdown_link_targets(home))
    problems = Problems()
    check_page_links(REPO, problems)
    assert problems.items == []


def test_a_paragraph_anchor_must_be_on_the_article_s_page(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs" / "index.md").write_text(
        "[début](articles/accord-s-400.md#p-1) [fin](articles/accord-s-400.md#p-4)\n",
        encoding="utf-8")
    assert check_output(root)[1].splitlines() == [
        "docs/index.md:1:45: error: link to paragraph 4 of article 'accord-s-400', which is "
        "not on its page (it shows 3 paragraphs, up to 3); if the article's text changed, "
        "update the link in this hand-written page [dead-link]", FAILED]


def test_a_repeated_paragraph_has_no_anchor(tmp_path: Path) -> None:
    root = _project(tmp_path)
    article = root / "data" / "articles" / "accord-s-400.txt"
    text = article.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Paragraphs 4 and 5 repeat 2 and 3: they are not shown, so have no anchor.
    article.write_text(text + "\n".join(lines[1:3]) + "\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("[x](articles/accord-s-400.md#p-5)\n",
                                            encoding="utf-8")
    problems = Problems()
    check_page_links(root, problems)
    assert [str(p) for p in problems.items] == [
        "docs/index.md:1:5: error: link to paragraph 5 of article 'accord-s-400', which is not "
        "on its page (it shows 3 paragraphs, up to 3); if the article's text changed, update "
        "the link in this hand-written page [dead-link]"]
