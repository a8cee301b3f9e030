"""« État du dossier »: the editors' status, printed by ``status`` and shown under ``serve``."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.status import collect_status, excerpt, status_markdown
from tests.conftest import MINI_DATA

MINI = MINI_DATA.parent


def _status(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["status", "--root", str(root)])
    return result.exit_code, result.output


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI_DATA, root / "data")
    return root


def test_status_command_on_the_mini_dossier() -> None:
    assert _status(MINI) == (0, """\
Dossier status (for editors; not published)
Records: 4 actors, 1 weapon, 4 events, 2 articles; 4 references
Problems: 0 errors, 0 warnings, 0 notes
Editorial notes and date bases: 13, 4 citing references
Notes resting on other sources without a reference (shown as « source à préciser »): 3
  data/articles/article-un.yaml:3: published_basis: Déduite du texte.
  data/events/rencontre.yaml:10: note on a quote: Une note *éditoriale*.
  data/events/rencontre.yaml:15: event note: Contexte venu d'ailleurs.
Events supported by a single article: 4
  data/events/annonce.yaml: annonce (article article-un)
  data/events/apres-annonce.yaml: apres-annonce (article article-deux)
  data/events/negociations.yaml: negociations (article article-deux)
  data/events/rencontre.yaml: rencontre (article article-un)
Records no event uses: 0
""")


def test_status_page_on_the_mini_dossier() -> None:
    page = status_markdown(MINI)
    assert page.startswith("# État du dossier\n\nPage de travail de la rédaction, affichée par "
                           "`serve` et jamais publiée.")
    for line in ("| Acteurs | 4 |", "| Systèmes d’armes | 1 |", "| Événements | 4 |",
                 "| Articles | 2 |", "| Références (sources extérieures) | 4 |",
                 "| Notes de la rédaction et bases de date | 13 |",
                 "| … dont qui citent des références | 4 |",
                 "## Problèmes signalés par la vérification (0)",
                 "Aucun problème : `python -m build_tools check --strict` passe.",
                 "## Notes « source à préciser » (3)",
                 "- `data/events/rencontre.yaml:15` — note d'événement : Contexte venu "
                 "d'ailleurs.",
                 "- `data/articles/article-un.yaml:3` — published_basis : Déduite du texte.",
                 "## Événements appuyés par un seul article (4)",
                 "- `data/events/annonce.yaml` — annonce (article article-un)",
                 "## Fiches qu'aucun événement n'utilise (0)"):
        assert f"\n{line}\n" in page, line


def test_status_lists_unused_records_and_problems_and_still_exits_0(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "data/actors/syrie.yaml").write_text(
        "name: Syrie\nkind: state\ndescription: Un État.\n", encoding="utf-8")
    (root / "data/events/annonce.yaml").write_text(
        (MINI_DATA / "events/annonce.yaml").read_text(encoding="utf-8")
        + "actors: [poutin]\n", encoding="utf-8")
    code, output = _status(root)
    assert code == 0
    lines = output.splitlines()
    assert lines[1] == "Records: 5 actors, 1 weapon, 4 events, 2 articles; 4 references"
    # (With an error, "not referenced" is a guess: check does not warn about syrie.)
    assert lines[2:4] == [
        "Problems: 1 error, 0 warnings, 0 notes",
        "  data/events/annonce.yaml:10:10: error: unknown actor 'poutin' in 'actors' "
        "[unknown-ref]"]
    assert lines[-2:] == ["Records no event uses: 1", "  data/actors/syrie.yaml: actor syrie"]


def test_an_article_no_event_cites_is_unused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    for name in ("article-deux.txt", "article-deux.yaml"):
        shutil.copy(MINI_DATA / "articles" / name, root / "data/articles" / name.replace(
            "deux", "trois"))
    unused = collect_status(root).unused
    assert [(u.kind.value, u.id, u.path) for u in unused] == [
        ("articles", "article-trois", "data/articles/article-trois.yaml")]


def test_editor_text_on_the_status_page_stays_text(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    hostile = "<script>alert(1)</script> {: onclick=x } *[HTML]: y `code` | a <b>gras</b>"
    path = root / "data/events/rencontre.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - Contexte venu d'ailleurs.", f"  - >-\n    {hostile}"),
                    encoding="utf-8")
    status = collect_status(root)
    assert not status.problems and status.unsourced[-1].text == hostile
    page = status_markdown(root)
    html = markdown.markdown(page, extensions=["attr_list", "abbr", "tables"])
    assert "<script>" not in html and "<b>" not in html
    assert "onclick" not in html.replace("onclick&#61;x", "")
    assert "<abbr" not in html
    assert "&#60;script&#62;alert&#40;1&#41;" in html


def test_excerpt_cuts_long_notes_at_a_word() -> None:
    assert excerpt("Une  note\ncourte.") == "Une note courte."
    long = "mot " * 40
    cut = excerpt(long)
    assert cut.endswith(" …") and len(cut) <= 92 and "mo …" not in cut
