"""Every problem an editor can make: exact one-line messages, the summary, exit codes.

Each case is a folder of ``tests/fixtures/errors/`` named ``<code>`` or
``<code>--<variant>``: files laid over a small valid dossier (``base/``), plus
``expected.txt``, the exact output of ``check``. Cases that need bytes, links or
sizes a fixture file cannot hold get a setup function below (:data:`SETUPS`).
``pytest --update-goldens`` rewrites the ``expected.txt`` files; review the diff.
"""

from __future__ import annotations

import ast
import html
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.build import run
from build_tools.cli import main
from build_tools.editor_guide import GUIDE_PAGE, editor_guide
from build_tools.model import Kind
from build_tools.paths import SECTIONS, PagePath
from build_tools.problems import CODES, EXIT_CODES, Problems
from build_tools.readers import read_data
from build_tools.text import quote_occurrences, split_paragraphs
from build_tools.validate import validate
from tests.conftest import REPO, S400_DATA

CASES_DIR = REPO / "tests" / "fixtures" / "errors"
BASE_DATA = CASES_DIR / "base" / "data"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir() and p.name != "base")
PAGES = re.compile(r"— \d+ pages would be generated\.$", re.M)


# -- building a case ----------------------------------------------------------------------


def _latin1(root: Path) -> None:
    (root / "data/actors/russie.yaml").write_bytes(
        "name: Russie\nkind: state\ndescription: Fédération de Russie.\n".encode("latin-1"))


def _bidi(root: Path) -> None:
    path = root / "data/actors/russie.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Fédération de Russie.", "Fédération \u202ede Russie."), encoding="utf-8")


def _control(root: Path) -> None:
    path = root / "data/articles/accord-s-400.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("acompte", "acom\x08pte"),
                    encoding="utf-8")


def _huge(root: Path) -> None:
    # Sparse files: 50 MB on paper, nothing on disk; the reader must not read them.
    for name in ("data/actors/enorme.yaml", "data/articles/accord-s-400.txt"):
        with (root / name).open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)


def _no_data(root: Path) -> None:
    shutil.rmtree(root / "data")


def _symlinks(root: Path) -> None:
    (root / "data/actors/moscou.yaml").symlink_to(root / "data/actors/russie.yaml")
    (root / "docs").mkdir()
    (root / "docs/secret.md").symlink_to("/etc/hostname")


def _hand_edited(root: Path) -> None:
    assert not run(root, write=True).problems
    page = root / "docs/acteurs/turquie.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAjout à la main.\n",
                    encoding="utf-8")


def _schemas(root: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schemas", "--root", str(root)]).exit_code == 0


def _bad_modeline(root: Path) -> None:
    _schemas(root)
    for name, first in (("actors/russie.yaml", "# Fiche de la Russie\n"),
                        ("weapons/s-400.yaml", "# yaml-language-server: $schema="
                                               "../../schemas/actor.schema.json\n")):
        path = root / "data" / name
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        path.write_text(first + body, encoding="utf-8")


def _stale_schema(root: Path) -> None:
    _schemas(root)
    (root / "schemas/actor.schema.json").write_text("{}\n", encoding="utf-8")
    (root / "schemas/weapon.schema.json").unlink()


SETUPS: dict[str, Callable[[Path], None]] = {
    "not-utf8": _latin1,
    "bad-character": _bidi,
    "bad-character--control": _control,
    "file-too-large": _huge,
    "no-data": _no_data,
    "symlink": _symlinks,
    "hand-edited": _hand_edited,
    "bad-modeline": _bad_modeline,
    "stale-schema": _stale_schema,
}


def base_root(tmp: Path, name: str = "base") -> Path:
    """A project folder holding a copy of the small valid dossier."""
    root = tmp / name
    shutil.copytree(BASE_DATA, root / "data")
    return root


def make_case(tmp: Path, case: str) -> Path:
    """A project folder: the base dossier, the case's files laid over it, its setup run."""
    root = base_root(tmp, case)
    for path in sorted((CASES_DIR / case).rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(CASES_DIR / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if case in SETUPS:
        SETUPS[case](root)
    return root


def check_output(root: Path, *args: str) -> tuple[int, str]:
    """Exit code and output (stdout and stderr, as a terminal shows them) of ``check``."""
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args],
                                catch_exceptions=False)
    return result.exit_code, PAGES.sub("— N pages would be generated.", result.output)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """The exit code and output of ``check`` for every case, computed once."""
    tmp = tmp_path_factory.mktemp("errors")
    return {case: check_output(make_case(tmp, case)) for case in CASES}


# -- the cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_case_output_is_exact(case: str, outputs: dict[str, tuple[int, str]],
                              update_goldens: bool) -> None:
    code, output = outputs[case]
    expected_file = CASES_DIR / case / "expected.txt"
    if update_goldens:
        expected_file.write_text(output, encoding="utf-8")
    assert output == expected_file.read_text(encoding="utf-8")
    lines = output.splitlines()
    problem_code = case.split("--")[0]
    assert any(line.endswith(f"[{problem_code}]") for line in lines[:-1]), \
        f"case {case} does not produce [{problem_code}]"
    failed = lines[-1].endswith("nothing was written.")
    assert code == (1 if failed else 0)
    # One line per problem, each with path:line:col: severity: message [code].
    line_format = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning|note): .+ \[[a-z0-9-]+\]$")
    assert all(line_format.match(line) for line in lines[:-1]), lines


def test_base_dossier_is_clean(tmp_path: Path) -> None:
    root = base_root(tmp_path)
    assert check_output(root, "--strict") == (0, "0 errors, 0 warnings — N pages would be "
                                                 "generated.\n")


def test_every_code_has_a_case_and_its_example_is_real(
        outputs: dict[str, tuple[int, str]]) -> None:
    produced: dict[str, set[str]] = {}
    for _, output in outputs.values():
        for line in output.splitlines()[:-1]:
            produced.setdefault(line.rsplit("[", 1)[1].rstrip("]"), set()).add(line)
    with_cases = {case.split("--")[0] for case in CASES}
    # "unreadable" and "cannot-write" cannot be fixtures (see test_unreadable_file, test_output);
    # "mkdocs-warning" comes from serve's MkDocs session (test_live_site.py checks its example).
    unchecked = {"unreadable", "cannot-write", "mkdocs-warning"}
    assert with_cases | unchecked == set(CODES)
    for code, doc in CODES.items():
        if code not in unchecked:
            assert doc.example in produced[code], f"the example of {code} is not real"
        assert f": {doc.severity}: " in doc.example
        assert doc.example.endswith(f" [{code}]")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_root(tmp_path)
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "russie.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refusing_open)
    code, output = check_output(root)
    assert code == 1
    assert str(CODES["unreadable"].example) in output.splitlines()


# -- the codes table stays in step with the code ----------------------------------------------


_EMITTERS = {"error", "warning", "note", "YamlProblem", "_problem", "Problem"}
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def codes_in_source() -> set[str]:
    """Every problem code passed as the last argument of an emitting call in build_tools/."""
    found = set()
    for path in sorted((REPO / "build_tools").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            last = node.args[-1]
            if (name in _EMITTERS and isinstance(last, ast.Constant)
                    and isinstance(last.value, str) and _CODE.fullmatch(last.value)):
                found.add(last.value)
    return found


def test_documented_codes_are_the_codes_used() -> None:
    assert codes_in_source() == set(CODES)


def test_guide_documents_every_code_and_exit_code() -> None:
    page = editor_guide()[GUIDE_PAGE]
    for code, doc in CODES.items():
        assert f"| [`{code}`](#{code}) |" in page
        assert f"### `{code}` {{#{code}}}" in page
        assert f"Exemple\u202f: `{doc.example}`" in page
    for exit_code in EXIT_CODES:
        assert re.search(rf"^\| {exit_code} \| ", page, re.M)


def test_cli_docstring_lists_the_exit_codes() -> None:
    import build_tools.cli

    documented = set(map(int, re.findall(r"^\* (\d) —", build_tools.cli.__doc__ or "", re.M)))
    assert documented == set(EXIT_CODES)


# -- exit codes and the summary line ------------------------------------------------------------


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = make_case(tmp_path, "unreferenced")
    assert check_output(root)[0] == 0
    code, output = check_output(root, "--strict")
    assert code == 1
    assert output.splitlines()[-1] == "0 errors, 1 warning — nothing was written."


def test_notes_never_fail(tmp_path: Path) -> None:
    root = make_case(tmp_path, "quote-normalised")
    assert check_output(root, "--strict")[0] == 0


def test_usage_error_exit_code(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--no-such-option"])
    assert result.exit_code == 2
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_a_bug_is_exit_code_3_not_a_data_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.cli

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(build_tools.cli, "run", broken)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 3
    assert "internal error: this is a bug in build_tools" in result.output


# -- a failing build changes nothing -------------------------------------------------------------


def _snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("breakage", ["data error", "hand-edited page", "strict warning"])
def test_failing_build_changes_no_file_in_docs(tmp_path: Path, breakage: str) -> None:
    root = base_root(tmp_path)
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Accueil\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--root", str(root)]).exit_code == 0
    # Old timestamps, so that even a rewrite with the same content would show.
    for path in (root / "docs").rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    # A change that alters pages, so that a successful build would rewrite them...
    russie = root / "data/actors/russie.yaml"
    russie.write_text(russie.read_text(encoding="utf-8").replace("Russie", "Fédération"),
                      encoding="utf-8")
    # ...and a mistake that must stop it.
    args = ["build", "--root", str(root)]
    if breakage == "data error":
        (root / "data/actors/turquie.yaml").write_text("name: [\n", encoding="utf-8")
    elif breakage == "hand-edited page":
        page = root / "docs/acteurs/turquie.md"
        page.write_bytes(page.read_bytes() + b"\n")
        os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    else:
        shutil.copy(russie, root / "data/actors/syrie.yaml")
        args.append("--strict")
    before = _snapshot(root / "docs")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1].endswith("nothing was written.")
    assert _snapshot(root / "docs") == before


# -- hostile sizes: refused or reported, never hanging (run time is for benchmarks) ---------


def test_oversized_files_are_refused_without_reading_them(tmp_path: Path) -> None:
    root = make_case(tmp_path, "file-too-large")
    code, output = check_output(root)
    assert code == 1
    assert "the file is 50.0 MB; the limit is 512 KB; is it the right file?" in output


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    root = base_root(tmp_path)
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (root / "data/actors/bombe.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = check_output(root)
    assert ("data/actors/bombe.yaml:1:5: error: YAML anchors (&a0) are not allowed; write the "
            "value out in full [yaml-alias]") in output.splitlines()


def test_a_quote_missing_from_a_huge_article_is_reported_in_bounded_time(
        tmp_path: Path) -> None:
    root = make_case(tmp_path, "quote-not-found")
    rng = random.Random(4)
    words = ["la", "de", "système", "défense", "russe", "turquie", "accord", "livraison"]
    text = " ".join(rng.choice(words) for _ in range(70_000))  # ~500 KB, one paragraph
    (root / "data/articles/accord-s-400.txt").write_text(
        text + "\nLa Turquie a signé un accord pour l’achat de systèmes S-400.\n"
        "a déjà versé un acompte\n", encoding="utf-8")
    code, output = check_output(root)
    assert code == 1
    assert "[quote-not-found]" in output


# -- fuzzing: bad bytes are problems, never exceptions ---------------------------------------------


def _load(root: Path) -> Problems:
    problems = Problems()
    validate(read_data(root, problems), problems)
    return problems


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(BASE_DATA, root / "data")
    return root


YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{},#&*!|>%@`?~\\é\u2028\x00")),
                  max_size=200)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode)))
def test_random_yaml_is_a_problem_not_an_exception(fuzz_root: Path, raw: bytes) -> None:
    new = fuzz_root / "data/actors/fuzz.yaml"
    existing = fuzz_root / "data/articles/accord-s-400.yaml"
    original = existing.read_bytes()
    new.write_bytes(raw)
    existing.write_bytes(raw)
    try:
        problems = _load(fuzz_root)
    finally:
        new.unlink()
        existing.write_bytes(original)
    assert all(p.path.startswith("data/") for p in problems.items)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_random_article_text_is_a_problem_not_an_exception(fuzz_root: Path, raw: bytes) -> None:
    path = fuzz_root / "data/articles/accord-s-400.txt"
    original = path.read_bytes()
    path.write_bytes(raw)
    try:
        _load(fuzz_root)
    finally:
        path.write_bytes(original)


def test_truncated_real_files_are_problems_not_exceptions(tmp_path: Path) -> None:
    root = tmp_path / "real"
    shutil.copytree(S400_DATA, root / "data")
    rng = random.Random(3)
    cut_in_quote = 0
    files = sorted((root / "data").rglob("*.yaml"))
    for path in rng.sample(files, 12):  # ~0.1 s a load: a sample keeps the suite fast
        original = path.read_bytes()
        for cut in sorted(rng.sample(range(len(original)), 2)):
            path.write_bytes(original[:cut])
            problems = _load(root)  # must not raise
            cut_in_quote += any(p.code == "yaml-syntax" for p in problems.errors)
        path.write_bytes(original)
    assert cut_in_quote > 0  # the cuts did reach the parser's error paths
    assert not _load(root).errors


# -- issue 9: the ways out of the new problems work ---------------------------------------------


def _write(root: Path, name: str, text: str) -> None:
    path = root / "data" / name
    path.write_text(text, encoding="utf-8")


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_search_aliases_end_a_shared_alias_and_never_link(tmp_path: Path) -> None:
    from build_tools.build import load_dossier

    root = make_case(tmp_path, "shared-alias--stub")
    _edit(root, "actors/erdogan.yaml", "aliases:\n  - Recep-Tayyip Erdoğan\n", "")
    assert "[shared-alias]" in check_output(root)[1]
    # The way out the message gives: the alias, kept for search, no longer links.
    _edit(root, "actors/recep-tayyip-erdogan.yaml", "aliases:", "search_aliases:")
    _edit(root, "articles/accord-s-400.txt", "Selon le président turc",
          "Selon Erdogan, président turc")
    assert check_output(root, "--strict") == (0, "0 errors, 0 warnings — N pages would be "
                                                 "generated.\n")
    problems = Problems()
    dossier = load_dossier(root, problems)
    assert dossier is not None
    linked = {(m.entity, n) for n, found in dossier.mentions["accord-s-400"].items()
              for m in found}
    assert ("erdogan", 2) in linked
    assert ("recep-tayyip-erdogan", 1) in linked and ("recep-tayyip-erdogan", 2) not in linked
    # The search-only name is still on the page readers search.
    assert run(root, write=True).problems == ()
    page = (root / "docs/acteurs/recep-tayyip-erdogan.md").read_text(encoding="utf-8")
    assert "Erdogan" in page


def test_distinct_from_ends_a_probable_duplicate(tmp_path: Path) -> None:
    root = make_case(tmp_path, "probable-duplicate")
    _edit(root, "actors/recep-tayyip-erdogan.yaml", "role:",
          "distinct_from:\n  - erdogan-recep-tayyip\nrole:")
    assert check_output(root, "--strict")[0] == 0
    # Either record may say it; saying so does not count as referencing the other.
    root = make_case(tmp_path / "other", "probable-duplicate")
    _edit(root, "actors/erdogan-recep-tayyip.yaml", "kind:",
          "distinct_from: [recep-tayyip-erdogan]\nkind:")
    _edit(root, "actors/russie.yaml", "related:\n  - erdogan-recep-tayyip\n", "")
    assert check_output(root) == (0, (
        "data/actors/erdogan-recep-tayyip.yaml:1:1: warning: 'erdogan-recep-tayyip' is not "
        "referenced by any event or record; list it in an event's actors or weapons, or "
        "delete it [unreferenced]\n0 errors, 1 warning — N pages would be generated.\n"))


def test_a_planned_event_is_not_a_mistake_and_is_shown_announced(tmp_path: Path) -> None:
    root = make_case(tmp_path, "date-after-sources")
    _edit(root, "events/livraison-s-400.yaml", "summary:", "status: planned\nsummary:")
    result = run(root, write=True)
    assert result.problems == ()
    for page in ("evenements/livraison-s-400.md", "chronologie/index.md",
                 "evenements/index.md", "systemes-d-armes/s-400.md"):
        # Pages write the date as literal text (parentheses as entities).
        text = html.unescape((root / "docs" / page).read_text(encoding="utf-8"))
        assert "12 juillet 2019 (annoncé)" in text, page
        assert "12 septembre 2017 (annoncé)" not in text, page


def test_an_article_published_after_a_date_may_report_a_later_event(tmp_path: Path) -> None:
    root = make_case(tmp_path, "date-after-sources")
    _edit(root, "articles/accord-s-400.yaml", "published_basis:",
          "published_qualifier: after\npublished_basis:")
    assert run(root, write=True).problems == ()
    page = html.unescape((root / "docs/articles/accord-s-400.md").read_text(encoding="utf-8"))
    assert "après le 12 septembre 2017" in page
    index = html.unescape((root / "docs/articles/index.md").read_text(encoding="utf-8"))
    assert "après le 12 septembre 2017" in index


def test_an_article_date_between_two_dates(tmp_path: Path) -> None:
    root = make_case(tmp_path, "date-after-sources")
    _edit(root, "articles/accord-s-400.yaml", "published_basis:",
          'published_qualifier: between\npublished_end: "2019-08"\npublished_basis:')
    assert run(root, write=True).problems == ()
    page = html.unescape((root / "docs/articles/accord-s-400.md").read_text(encoding="utf-8"))
    assert "entre le 12 septembre 2017 et août 2019" in page
    _edit(root, "articles/accord-s-400.yaml", '"2019-08"', '"2017-08"')
    assert check_output(root)[1].splitlines()[0] == (
        "data/articles/accord-s-400.yaml:5:1: error: published_end 2017-08 is not after "
        "published 2017-09-12 [bad-date]")


def test_the_latest_plausible_year_follows_today(tmp_path: Path) -> None:
    from datetime import date

    root = base_root(tmp_path)
    problems = Problems()
    validate(read_data(root, problems), problems, today=date(2015, 6, 1))
    assert [str(p) for p in problems.sorted()] == [
        "data/articles/accord-s-400.yaml:3:12: warning: 'published' is '2017-09-12': the year "
        "2017 is after 2016; check the year [year-out-of-range]",
        "data/events/signature-accord-s-400.yaml:3:7: warning: 'date' is '2017-09-12': the "
        "year 2017 is after 2016; check the year [year-out-of-range]"]
    problems = Problems()
    validate(read_data(root, problems), problems, today=date(2016, 1, 1))
    assert problems.items == []


@pytest.mark.parametrize(("field", "bad"), [
    ("status", "prévu"), ("published_qualifier", "vers"), ("search_aliases", "Erdogan"),
    ("distinct_from", "[Russie]")])
def test_bad_values_of_the_new_fields_are_located_and_change_nothing(
        tmp_path: Path, field: str, bad: str) -> None:
    root = base_root(tmp_path)
    name = {"status": "events/signature-accord-s-400.yaml",
            "published_qualifier": "articles/accord-s-400.yaml"}.get(
        field, "actors/turquie.yaml")
    _edit(root, name, "\n", f"\n{field}: {bad}\n")
    code, output = check_output(root)
    assert code == 1
    assert re.match(rf"^data/{name}:2:\d+: error: ", output), output
    assert not (root / "docs").exists()


@pytest.mark.parametrize(("name", "old", "new"), [
    ("events/livraison-s-400.yaml", "date_basis:", "date_qualifier: before\ndate_basis:"),
    ("events/livraison-s-400.yaml", "date_basis:", "date_qualifier: circa\ndate_basis:"),
    ("articles/accord-s-400.yaml", "published_basis:",
     "published_qualifier: circa\npublished_basis:"),
    ("articles/accord-s-400.yaml", "published_basis:",
     'published_qualifier: between\npublished_end: "2019-07"\npublished_basis:'),
    ("articles/accord-s-400.yaml", '"2017-09-12"', '"2019"'),
])
def test_an_event_that_may_precede_its_sources_is_not_reported(
        tmp_path: Path, name: str, old: str, new: str) -> None:
    root = make_case(tmp_path, "date-after-sources")
    _edit(root, name, old, new)
    assert "[date-after-sources]" not in check_output(root)[1]


@pytest.mark.parametrize(("name", "old", "new", "expected"), [
    ("weapons/s-400.yaml", "country: russie", "country: signature-accord-s-400",
     "data/weapons/s-400.yaml:6:10: error: 'signature-accord-s-400' in 'country' is an event, "
     "not an actor; 'country' takes the id of an actor [misplaced-id]"),
    ("events/signature-accord-s-400.yaml", "  - s-400\n", "  - turquie\n",
     "data/events/signature-accord-s-400.yaml:10:5: error: 'turquie' in 'weapons' is an "
     "actor, not a weapon system; list it under 'actors' [misplaced-id]"),
    ("events/signature-accord-s-400.yaml", "article: accord-s-400", "article: turquie",
     "data/events/signature-accord-s-400.yaml:12:14: error: 'turquie' in 'article' is an "
     "actor, not an article; 'article' takes the id of an article [misplaced-id]"),
])
def test_an_id_of_the_wrong_kind_says_where_it_belongs(
        tmp_path: Path, name: str, old: str, new: str, expected: str) -> None:
    root = base_root(tmp_path)
    _edit(root, name, old, new)
    assert expected in check_output(root)[1].splitlines()


# -- issue 10: reserved ids, self-references, ambiguous quotes ----------------------------------


_RECORDS = {Kind.ACTOR: "actors/russie.yaml", Kind.WEAPON: "weapons/s-400.yaml",
            Kind.EVENT: "events/signature-accord-s-400.yaml",
            Kind.ARTICLE: "articles/accord-s-400.yaml"}


@pytest.mark.parametrize("kind", list(Kind))
def test_an_id_whose_page_is_a_section_index_is_refused_and_build_does_not_crash(
        tmp_path: Path, kind: Kind) -> None:
    root = base_root(tmp_path)
    source = root / "data" / _RECORDS[kind]
    # The record renamed, not copied: a copy would also be a duplicate of the original.
    source.rename(source.with_name("index.yaml"))
    if kind is Kind.ARTICLE:
        text = source.with_suffix(".txt")
        text.rename(text.with_name("index.txt"))
    for path in (root / "data").rglob("*.yaml"):  # the references follow
        old = path.read_text(encoding="utf-8")
        new = old.replace(f"- {source.stem}\n", "- index\n").replace(f": {source.stem}\n",
                                                                      ": index\n")
        path.write_text(new, encoding="utf-8")
    section = SECTIONS[kind]
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output
    assert lines[0].startswith(
        f"data/{kind.value}/index.yaml:1:1: error: the id 'index' is reserved: its page would "
        f"be {section}/index.md, which is the index of the section {section}/; rename the "
        "file (e.g. '"), lines
    assert lines[0].endswith("') and the references to it [bad-id]")
    assert len(lines) == 2 and lines[1].endswith("nothing was written.")
    assert not (root / "docs").exists()


def test_the_reserved_ids_come_from_the_page_paths(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    import build_tools.validate

    root = base_root(tmp_path)
    # Were the chronology a page of the actors' section, its name would be reserved there.
    monkeypatch.setattr(build_tools.validate, "CHRONOLOGY", PagePath("acteurs/chronologie.md"))
    _write(root, "actors/chronologie.yaml",
           "name: Chronologie\nkind: organisation\ndescription: Un nom malheureux.\n")
    assert check_output(root)[1].splitlines()[0] == (
        "data/actors/chronologie.yaml:1:1: error: the id 'chronologie' is reserved: its page "
        "would be acteurs/chronologie.md, which is the chronology; rename the file (e.g. "
        "'chronologie-2') and the references to it [bad-id]")


@pytest.mark.parametrize(("name", "field", "value"), [
    ("actors/turquie.yaml", "distinct_from", "[turquie]"),
    ("actors/russie.yaml", "country", "russie"),
    ("weapons/s-400.yaml", "related", "[s-400]"),
])
def test_a_record_naming_itself_is_an_error(tmp_path: Path, name: str, field: str,
                                            value: str) -> None:
    root = base_root(tmp_path)
    _edit(root, name, "\ndescription:", f"\n{field}: {value}\ndescription:")
    record_id = name.split("/")[1].removesuffix(".yaml")
    code, output = check_output(root)
    assert code == 1
    assert re.search(rf"^data/{name}:\d+:\d+: error: '{record_id}' in '{field}' is this record "
                     r"itself; a record cannot refer to itself: remove it \[self-reference\]$",
                     output, re.M), output


def test_a_quote_in_a_repeated_run_counts_once(tmp_path: Path) -> None:
    root = base_root(tmp_path)
    path = root / "data/articles/accord-s-400.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Paragraphs 2-3 pasted twice, as in the Rostec article: the site shows them once.
    path.write_text("\n".join([*lines, *lines[1:3]]) + "\n", encoding="utf-8")
    assert check_output(root, "--strict")[0] == 0
    # Outside the run, the same words make the quote ambiguous again.
    path.write_text("\n".join([*lines, *lines[1:3], "Il a déjà versé un acompte, dit-il."])
                    + "\n", encoding="utf-8")
    assert check_output(root)[1].splitlines()[0] == (
        "data/articles/accord-s-400.yaml:7:12: error: the quote occurs 2 times in "
        "data/articles/accord-s-400.txt (paragraphs 2 and 6); the site marks only the first: "
        "quote a longer passage, one that occurs once [ambiguous-quote]")


def test_the_rostec_repeat_counts_once() -> None:
    paragraphs = split_paragraphs(
        (S400_DATA / "articles/rostec-contrat-s400-2017.txt").read_text(encoding="utf-8"))
    assert paragraphs.is_repeat(9)
    assert "à un pays membre de l'Otan" in paragraphs.texts[9 - 1]
    assert quote_occurrences(paragraphs, "à un pays membre de l'Otan") == [4]


@pytest.mark.parametrize(("text", "quote", "expected"), [
    ("la la la\nla\n", "la la", [1, 1]),  # overlapping occurrences are two places
    ("l’achat ; l'achat\nl’achat\n", "l'achat", [1]),  # found exactly: exact ones count
    ("l’achat\nun l’achat\n", "l'achat", [1, 2]),  # found after normalising: the same way
    ("« S-400 »\nles  S-400\n", '"S-400"', [1]),
    ("a\nb\nc\nb\nc\n", "b", [2]),  # paragraphs 4-5 repeat 2-3 and are not shown
    ("a\n", "", []),
])
def test_quote_occurrences_count_as_the_match_is_made(text: str, quote: str,
                                                      expected: list[int]) -> None:
    assert quote_occurrences(split_paragraphs(text), quote) == expected


@pytest.mark.parametrize(("occurrences", "where"), [
    ([3, 3], "all in paragraph 3"),
    ([2, 2, 5], "paragraphs 2 (twice) and 5"),
    ([1, 1, 1, 4, 6], "paragraphs 1 (3 times), 4 and 6"),
    (list(range(1, 10)), "paragraphs 1, 2, 3, 4, 5 and 4 others"),
])
def test_where_an_ambiguous_quote_occurs(occurrences: list[int], where: str) -> None:
    from build_tools.validate import _where

    assert _where(occurrences) == where
