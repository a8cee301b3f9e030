"""Golden tests: the Markdown generated for each fixture dossier, byte for byte.

``tests/fixtures/<case>/data`` is generated into a tmp project and every page of the
generated sections is compared with ``tests/golden/<case>/``. After an intended change
of output, run ``make goldens`` (``pytest tests/test_golden.py --update-goldens``) and
review ``git diff tests/golden`` like any other change.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from build_tools import views
from tests.conftest import FIXTURES, GOLDEN, generated_tree, make_project, run_cli, run_mkdocs

# Fixture dossiers with a golden copy. To add one: create tests/fixtures/<case>/data and an
# empty tests/golden/<case>/ folder, run `make goldens`, then review every generated file.
CASES = sorted({"mini"} | {p.name for p in GOLDEN.iterdir() if p.is_dir()}
               if GOLDEN.is_dir() else {"mini"})

# Limits of the generator changed for one case (both of its tests), as test_render does:
# list pages of 200 articles would need a synthetic dossier of hundreds of articles to
# paginate. With 11 articles a page, synthetic-small's « turquie » (11 articles) gets one
# list page and three entities (12 articles) get two. If a limit moves elsewhere, move it
# here too: setattr fails loudly on a name that no longer exists.
LIMITS: dict[str, dict[str, int]] = {"synthetic-small": {"MENTION_ARCHIVE_PAGE": 11}}

# A home page that links into every section, so that mkdocs --strict checks those links
# without needing the real dossier's records.
HOME = """# Dossier de test

- [Chronologie](chronologie/index.md)
- [Événements](evenements/index.md)
- [Acteurs](acteurs/index.md)
- [Systèmes d'armes](systemes-d-armes/index.md)
- [Articles](articles/index.md)
"""


def _diff(path: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        f"golden/{path}", f"generated/{path}",
    )
    return "".join(list(lines)[:60])


def _rewrite(golden: Path, actual: dict[str, bytes]) -> None:
    if golden.exists():
        shutil.rmtree(golden)
    for path, data in actual.items():
        target = golden / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _set_limits(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in LIMITS.get(case, {}).items():
        monkeypatch.setattr(views, name, value)
    # Goldens hold site-relative permalinks, whatever the developer's shell exports.
    monkeypatch.delenv("SITE_URL", raising=False)


@pytest.mark.parametrize("case", CASES)
def test_generated_markdown_matches_golden(case: str, tmp_path: Path, update_goldens: bool,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _set_limits(case, monkeypatch)
    root = make_project(tmp_path, FIXTURES / case / "data", home=HOME)
    run_cli(root, "build").check()
    actual = generated_tree(root / "docs")
    golden = GOLDEN / case
    if update_goldens:
        _rewrite(golden, actual)
        return
    expected = {p: (golden / p).read_bytes() for p in generated_tree(golden)} \
        if golden.is_dir() else {}
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(p for p in expected.keys() & actual.keys() if expected[p] != actual[p])
    report = [f"missing pages: {missing}"] if missing else []
    report += [f"new pages: {extra}"] if extra else []
    report += [_diff(p, expected[p], actual[p]) for p in changed[:3]]
    assert not report, (
        "generated Markdown differs from tests/golden/" + case + " (if intended: make goldens, "
        "then review git diff tests/golden)\n" + "\n".join(report))


@pytest.mark.parametrize("case", CASES)
def test_fixture_site_builds_strict(case: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _set_limits(case, monkeypatch)
    root = make_project(tmp_path, FIXTURES / case / "data", home=HOME)
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    assert (root / "site" / "articles" / "index.html").is_file()


# The cases added to check the generator beyond `mini` (issue 10) must keep covering what
# they were added for, whatever a regeneration of their goldens does.


def test_hostile_case_has_a_page_of_every_kind() -> None:
    sections = {p.split("/", 1)[0] for p in generated_tree(GOLDEN / "hostile")}
    assert {"acteurs", "articles", "evenements", "systemes-d-armes"} <= sections


def test_synthetic_case_has_one_and_two_page_mention_lists() -> None:
    pages = generated_tree(GOLDEN / "synthetic-small")
    lists: dict[str, list[str]] = {}
    for path in pages:
        if path.startswith("mentions/"):
            lists.setdefault(path.split("/")[1], []).append(path.split("/")[2])
    assert lists["turquie"] == ["index.md"]
    assert sorted(lists["russie"]) == ["2.md", "index.md"]
