"""The editors' JSON Schemas: generated from the field table, committed, kept fresh by
``build`` and ``serve`` (an out-of-date schema is only a note), and in agreement with the
build; every data file names its schema; the guide's examples are valid.

The committed schemas list the record ids of the day: they may lag behind data/ (an editor
who only ran ``check``), so no test compares them with data/'s ids."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.editor_guide import EXAMPLE_FILES, GUIDE_PAGE, editor_guide
from build_tools.model import Kind
from build_tools.readers import known_ids, stale_schemas
from build_tools.schema import FIELDS, SCHEMA_NAMES, FieldType, json_schema, modeline, schema_text
from tests.conftest import REAL_DATA, REPO, S400, S400_DATA

SCHEMAS = REPO / "schemas"
BASE_DATA = REPO / "tests" / "fixtures" / "errors" / "base" / "data"


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors' language servers read it (1.2 core schema): ``NO`` is a string,
    ``2019`` an integer, ``2019-04-08`` a string."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern),
                                       list(first))


def editor_view(text: str) -> Any:
    """What a YAML 1.2 editor sees in a data file."""
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader subclass


def validator(kind: Kind, ids: dict[Kind, list[str]] | None = None) -> jsonschema.Validator:
    schema = json_schema(kind, ids)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _kind_of(path: Path) -> Kind:
    return Kind(path.parent.name)


# -- committed and fresh ---------------------------------------------------------------------


def _without_examples(node: Any) -> Any:
    """A schema without its ``examples`` (the ids of the day, for completion)."""
    if isinstance(node, dict):
        return {k: _without_examples(v) for k, v in node.items() if k != "examples"}
    if isinstance(node, list):
        return [_without_examples(v) for v in node]
    return node


@pytest.mark.parametrize("kind", list(Kind))
def test_committed_schema_follows_the_field_table(kind: Kind) -> None:
    # Fields are the developers' business: a change of FIELDS comes with its schemas. The
    # ids listed for completion are not compared (build and serve refresh them).
    path = SCHEMAS / f"{SCHEMA_NAMES[kind]}.schema.json"
    committed = json.loads(path.read_text(encoding="utf-8"))
    assert _without_examples(committed) == _without_examples(json_schema(kind)), (
        f"{path.name} does not follow build_tools/schema.py: run python -m build_tools "
        "schemas and commit the result")


def _project_with_new_actor(tmp_path: Path) -> Path:
    """The frozen dossier with the schemas of the day, after an editor added an actor file
    (and ran nothing but ``check``)."""
    root = tmp_path / "project"
    shutil.copytree(S400_DATA, root / "data")
    CliRunner().invoke(main, ["schemas", "--root", str(root)], catch_exceptions=False)
    (root / "data/actors/alliance-nouvelle.yaml").write_text(
        f"{modeline(Kind.ACTOR)}\nname: Alliance nouvelle\nkind: organisation\n"
        "description: Une organisation ajoutée par une rédactrice.\n",
        encoding="utf-8")
    event = root / "data/events/rencontre-poutine-erdogan-kremlin-2019.yaml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("actors:\n", "actors:\n  - alliance-nouvelle\n", 1),
                     encoding="utf-8")
    return root


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


def test_a_stale_schema_is_a_note_and_check_strict_passes(tmp_path: Path) -> None:
    root = _project_with_new_actor(tmp_path)
    before = {p.name: p.read_bytes() for p in (root / "schemas").iterdir()}
    result = CliRunner().invoke(main, ["check", "--strict", "--root", str(root)])
    lines = [line for line in result.output.splitlines() if "[stale-schema]" in line]
    assert lines == [
        "schemas/actor.schema.json:1:1: note: the editor schema is out of date (new ids or "
        "fields); the next build or serve updates it [stale-schema]",
        "schemas/event.schema.json:1:1: note: the editor schema is out of date (new ids or "
        "fields); the next build or serve updates it [stale-schema]",
        "schemas/weapon.schema.json:1:1: note: the editor schema is out of date (new ids or "
        "fields); the next build or serve updates it [stale-schema]",
    ]
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (root / "schemas").iterdir()} == before


def test_build_refreshes_stale_schemas_once(tmp_path: Path) -> None:
    root = _project_with_new_actor(tmp_path)
    old = 1_000_000_000
    for path in (root / "schemas").iterdir():
        os.utime(path, ns=(old, old))
    article_schema = (root / "schemas/article.schema.json").read_bytes()
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "stale-schema" not in result.output
    ids = known_ids(root)
    assert "alliance-nouvelle" in ids[Kind.ACTOR]
    for kind in Kind:
        path = root / "schemas" / f"{SCHEMA_NAMES[kind]}.schema.json"
        assert path.read_text(encoding="utf-8") == schema_text(kind, ids)
    # Sorted ids: the new one takes its alphabetical place, so two editors' additions merge.
    examples = json.loads((root / "schemas/event.schema.json").read_text(encoding="utf-8"))[
        "properties"]["actors"]["items"]["examples"]
    assert examples == sorted(examples) and "alliance-nouvelle" in examples
    # Only the files whose text changed were written (the article schema lists no actor),
    # atomically: no temporary file is left.
    mtimes = _mtimes(root / "schemas")
    assert (root / "schemas/article.schema.json").read_bytes() == article_schema
    assert mtimes["article.schema.json"] == old
    assert sorted(n for n, t in mtimes.items() if t != old) == [
        "actor.schema.json", "event.schema.json", "weapon.schema.json"]
    # A second build finds nothing to do.
    CliRunner().invoke(main, ["build", "--root", str(root)], catch_exceptions=False)
    assert _mtimes(root / "schemas") == mtimes


def test_a_failing_build_refreshes_schemas_but_writes_no_page(tmp_path: Path) -> None:
    root = _project_with_new_actor(tmp_path)
    (root / "data/actors/cassee.yaml").write_text("name: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith("nothing was written.")
    assert not (root / "docs").exists()
    # The ids come from file names: even the broken file's id is offered for completion.
    assert "stale-schema" not in result.output
    ids = known_ids(root)
    assert "cassee" in ids[Kind.ACTOR]
    assert (root / "schemas/actor.schema.json").read_text(encoding="utf-8") == \
        schema_text(Kind.ACTOR, ids)


def test_serve_refreshes_stale_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.serve

    root = _project_with_new_actor(tmp_path)
    monkeypatch.setattr(build_tools.serve, "serve_forever", lambda *args, **kwargs: None)
    result = CliRunner().invoke(main, ["serve", "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not stale_schemas(root)


def test_build_without_a_schemas_folder_creates_none(tmp_path: Path) -> None:
    shutil.copytree(S400_DATA, tmp_path / "data")
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "schemas").exists()


def test_schemas_command_writes_then_reports_up_to_date(tmp_path: Path) -> None:
    shutil.copytree(BASE_DATA, tmp_path / "data")
    runner = CliRunner()
    stale = runner.invoke(main, ["schemas", "--check", "--root", str(tmp_path)])
    assert (stale.exit_code, stale.output.splitlines()[-1]) == (1, "4 of 4 schemas out of date.")
    assert not (tmp_path / "schemas").exists()  # --check writes nothing
    written = runner.invoke(main, ["schemas", "--root", str(tmp_path)])
    assert (written.exit_code, written.output.splitlines()[-1]) == (0, "4 of 4 schemas written.")
    fresh = runner.invoke(main, ["schemas", "--check", "--root", str(tmp_path)])
    assert (fresh.exit_code, fresh.output) == (0, "0 of 4 schemas out of date.\n")
    assert (tmp_path / "schemas/actor.schema.json").read_text(encoding="utf-8") == \
        schema_text(Kind.ACTOR, known_ids(tmp_path))


@pytest.mark.parametrize("kind", list(Kind))
def test_schema_is_generated_from_the_field_table(kind: Kind) -> None:
    schema = json_schema(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    fields = FIELDS[kind]
    assert list(schema["properties"]) == [f.name for f in fields]
    assert schema["required"] == [f.name for f in fields if f.required]
    assert schema["additionalProperties"] is False
    for f in fields:
        assert schema["properties"][f.name]["description"] == f.doc
        if f.type is FieldType.CHOICE:
            assert schema["properties"][f.name]["enum"] == list(f.choices)


def test_known_ids_are_completion_examples_not_an_enum() -> None:
    ids = known_ids(S400)
    event = json_schema(Kind.EVENT, ids)["properties"]
    assert event["actors"]["items"]["examples"] == ids[Kind.ACTOR]
    assert event["weapons"]["items"]["examples"] == ids[Kind.WEAPON]
    sources = event["sources"]["items"]["properties"]
    assert sources["article"]["examples"] == ids[Kind.ARTICLE]
    related = json_schema(Kind.ACTOR, ids)["properties"]["related"]["items"]["examples"]
    assert related == sorted(ids[Kind.ACTOR] + ids[Kind.WEAPON])
    # An id an editor is adding right now is not rejected by the editor.
    record = editor_view((S400_DATA / "events/signature-contrat-s-400-2017.yaml").read_text(
        encoding="utf-8"))
    record["actors"].append("acteur-pas-encore-cree")
    assert not list(validator(Kind.EVENT, ids).iter_errors(record))


# -- the real data against the schemas -------------------------------------------------------------


REAL_FILES = sorted(REAL_DATA.rglob("*.yaml"))


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_data_file_starts_with_its_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == modeline(_kind_of(path))
    # The relative path really leads to the committed schema.
    target = first.split("$schema=", 1)[1]
    assert (path.parent / target).resolve() == \
        (SCHEMAS / f"{SCHEMA_NAMES[_kind_of(path)]}.schema.json").resolve()


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_data_file_is_valid_for_the_editor(path: Path) -> None:
    record = editor_view(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in validator(_kind_of(path), known_ids(REPO)).iter_errors(record)]
    assert not errors


def test_real_dossier_has_no_modeline_or_schema_warning(tmp_path: Path) -> None:
    # With the committed schemas, which may lag behind data/: at most notes.
    shutil.copytree(REAL_DATA, tmp_path / "data")
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    result = CliRunner().invoke(main, ["check", "--strict", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines()
                if ": warning: " in line or ": error: " in line]
    assert result.output.splitlines()[-1].startswith("0 errors, 0 warnings")


# -- the schema and the build agree ---------------------------------------------------------

# (kind, file, change, what the build reports): each change breaks one rule that both the
# build and the editor's schema enforce.
MUTATIONS: list[tuple[Kind, str, str, str, str]] = [
    (Kind.ACTOR, "actors/turquie.yaml", "kind: state", "kind: etat", "bad-choice"),
    (Kind.ACTOR, "actors/turquie.yaml", "aliases:", "alias:", "unknown-field"),
    (Kind.ACTOR, "actors/turquie.yaml", "name: Turquie\n", "", "missing-field"),
    (Kind.ACTOR, "actors/recep-tayyip-erdogan.yaml", "country: turquie", "country: Turquie",
     "bad-id"),
    (Kind.ACTOR, "actors/turquie.yaml", "  - Ankara", "  - [Ankara]", "wrong-type"),
    (Kind.EVENT, "events/signature-accord-s-400.yaml", '"2017-09-12"', '"12/09/2017"',
     "bad-date"),
    (Kind.EVENT, "events/signature-accord-s-400.yaml", "date_basis", "date_bases",
     "unknown-field"),
    (Kind.EVENT, "events/signature-accord-s-400.yaml", "  - turquie\n",
     "  - turquie\n  - turquie\n", "duplicate-item"),
    (Kind.EVENT, "events/signature-accord-s-400.yaml",
     "sources:\n  - article: accord-s-400\n    quote: \"La Turquie a signé un accord pour "
     "l’achat de systèmes S-400\"\n", "sources: []\n", "missing-field"),
    (Kind.ARTICLE, "articles/accord-s-400.yaml", "language: fr", "language: fra",
     "bad-language"),
    (Kind.ARTICLE, "articles/accord-s-400.yaml", "language: fr",
     "language: fr\nurl: ftp://exemple.org/a", "bad-url"),
    (Kind.ARTICLE, "articles/accord-s-400.yaml", "    kind: note", "    kind: remarque",
     "bad-choice"),
    (Kind.ARTICLE, "articles/accord-s-400.yaml", "language: fr",
     "language: fr\nno_link:\n  - text: Turquie\n    paragraph: 0", "wrong-type"),
]


@pytest.mark.parametrize(("kind", "name", "old", "new", "code"), MUTATIONS,
                         ids=[f"{m[1]}:{m[4]}:{m[3][:20]}" for m in MUTATIONS])
def test_schema_and_build_reject_the_same_mistakes(tmp_path: Path, kind: Kind, name: str,
                                                   old: str, new: str, code: str) -> None:
    shutil.copytree(BASE_DATA, tmp_path / "data")
    path = tmp_path / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert f"[{code}]" in result.output
    record = editor_view(path.read_text(encoding="utf-8"))
    assert list(validator(kind, known_ids(tmp_path)).iter_errors(record)), \
        "the editor's schema accepts what the build rejects"


@pytest.mark.parametrize("path", sorted(BASE_DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_yaml_1_2_numbers_the_build_accepts_pass_the_schema(path: Path) -> None:
    # An unquoted year is an integer for the editor and a year for the build.
    record = copy.deepcopy(editor_view(path.read_text(encoding="utf-8")))
    for key in ("date", "published"):
        if key in record:
            record[key] = int(str(record[key])[:4])
    assert not list(validator(_kind_of(path)).iter_errors(record))


# -- the guide's worked examples are a valid dossier -----------------------------------------------


def test_guide_examples_pass_the_build_and_the_schemas(tmp_path: Path) -> None:
    shutil.copytree(BASE_DATA, tmp_path / "data")
    for name, text in EXAMPLE_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        if name.endswith(".yaml"):
            kind = Kind(name.split("/")[1])
            assert not list(validator(kind, known_ids(tmp_path)).iter_errors(editor_view(text)))
    result = CliRunner().invoke(main, ["check", "--strict", "--root", str(tmp_path)])
    assert (result.exit_code, result.output.split(" — ")[0]) == (0, "0 errors, 0 warnings")


def test_guide_shows_each_example_verbatim_and_every_field() -> None:
    page = editor_guide()[GUIDE_PAGE]
    for text in EXAMPLE_FILES.values():
        assert text.rstrip("\n") in page
    for kind in Kind:
        for f in FIELDS[kind]:
            assert f"| `{f.name}` | {'oui' if f.required else 'non'} |" in page
