"""Read the data folder: one YAML file per record, plus the verbatim text of each article.

Reading never raises for bad data: every problem is recorded and the record skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from build_tools.model import Kind
from build_tools.problems import Problems
from build_tools.yamlsource import (

    LocDict,
    YamlProblem,
    check_characters,
    decode_utf8,
    load_yaml,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ARTICLE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class RawRecord:
    """A parsed YAML record, not yet checked against its schema."""

    kind: Kind
    id: str
    path: str  # as shown to editors, relative to the project root
    doc: LocDict


@dataclass(frozen=True)
class RawData:
    """Everything read from ``data/``."""

    records: tuple[RawRecord, ...]
    texts: dict[str, str]  # article id -> verbatim text


def display_path(path: Path, root: Path) -> str:
    """The path editors see: relative to the project root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_data(root: Path, problems: Problems) -> RawData:
    """Read every record file under ``root/data``; problems go to ``problems``."""
    data_dir = root / "data"
    if not data_dir.is_dir():
        problems.error(display_path(data_dir, root), 1, 1, "data folder not found", "no-data")
        return RawData((), {})
    records: list[RawRecord] = []
    texts: dict[str, str] = {}
    _check_no_symlinks(data_dir, root, problems)
    for kind in Kind:
        folder = data_dir / kind.value
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            shown = display_path(path, root)
            if path.is_symlink() or path.name.startswith("."):
                continue  # symlinks reported above; dotfiles are editor leftovers
            stem, suffix = path.stem, path.suffix
            allowed = {".yaml", ".txt"} if kind is Kind.ARTICLE else {".yaml"}
            if suffix not in allowed or not path.is_file():
                hint = " (use .yaml)" if suffix == ".yml" else ""
                problems.error(shown, 1, 1, f"unexpected file in data/{kind.value}/{hint}",
                               "unexpected-file")
                continue
            if not ID_RE.match(stem):
                problems.error(
                    shown, 1, 1,
                    f"file name {stem!r} is not a valid id; use lowercase ASCII letters, "
                    f"digits and single hyphens (e.g. {_suggest_id(stem)!r})",
                    "bad-id",
                )
                continue
            if suffix == ".txt":
                text = _read_article_text(path, shown, problems)
                if text is not None:
                    texts[stem] = text
                continue
            doc = _read_yaml(path, shown, problems)
            if doc is not None:
                records.append(RawRecord(kind, stem, shown, doc))
    _check_article_pairs(records, texts, data_dir, root, problems)
    return RawData(tuple(records), texts)


def _suggest_id(stem: str) -> str:
    import unicodedata

    ascii_form = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_form.lower())) or "mon-identifiant"


def _read_yaml(path: Path, shown: str, problems: Problems) -> LocDict | None:
    try:
        return load_yaml(path.read_bytes())
    except YamlProblem as exc:
        problems.error(shown, exc.line, exc.col, exc.message, exc.code)
        return None


def _read_article_text(path: Path, shown: str, problems: Problems) -> str | None:
    raw = path.read_bytes()
    if len(raw) > MAX_ARTICLE_BYTES:
        problems.error(shown, 1, 1, f"file is {len(raw)} bytes; the limit is {MAX_ARTICLE_BYTES}",
                       "file-too-large")
        return None
    try:
        text = decode_utf8(raw)
        bad = check_characters(text.replace("\t", " "))
        if bad:
            raise bad
    except YamlProblem as exc:
        problems.error(shown, exc.line, exc.col, exc.message, exc.code)
        return None
    if not text.strip():
        problems.error(shown, 1, 1, "the article text is empty", "empty-file")
        return None
    return text


def _check_article_pairs(
    records: list[RawRecord], texts: dict[str, str], data_dir: Path, root: Path,
    problems: Problems,
) -> None:
    metadata = {r.id for r in records if r.kind is Kind.ARTICLE}
    folder = data_dir / Kind.ARTICLE.value
    for missing in sorted(metadata - texts.keys()):
        if not (folder / f"{missing}.txt").exists():
            problems.error(display_path(folder / f"{missing}.yaml", root), 1, 1,
                           f"no article text: create data/articles/{missing}.txt", "missing-text")
    for orphan in sorted(texts.keys() - metadata):
        if not (folder / f"{orphan}.yaml").exists():
            problems.error(display_path(folder / f"{orphan}.txt", root), 1, 1,
                           f"no metadata for this article: create data/articles/{orphan}.yaml",
                           "missing-metadata")


def _check_no_symlinks(folder: Path, root: Path, problems: Problems) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            problems.error(display_path(path, root), 1, 1,
                           "symbolic links are not allowed in data/; copy the file instead",
                           "symlink")

