"""Skip a build whose inputs and outputs are exactly as the last successful build left them.

Inputs: every file under ``data/``, ``mkdocs.yml`` and the generator itself (code,
templates, labels), hashed by content (git checkouts and copies change mtimes without
changing anything). Outputs: the manifest already holds the sha256 of every generated
page; they are checked against the files, and the generated sections must hold no other
file, so a hand edit, a deleted page or a stray file makes the build run in full (and
report it as today). The problems of the last build (warnings, notes) are replayed.
The manifest is rewritten only when its content changes, so a no-op build writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from build_tools.paths import GENERATED_DIRS
from build_tools.problems import Problem, Severity
from build_tools.write import MANIFEST, read_manifest

_CODE = Path(__file__).resolve().parent


def inputs_digest(root: Path) -> str:
    """One hash of everything a build reads."""
    digest = hashlib.sha256()
    for base in (root / "data", _CODE):
        # os.walk rather than Path.rglob: a large dossier has tens of thousands of files.
        for folder, folders, files in os.walk(base):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            relative = os.path.relpath(folder, base).replace(os.sep, "/")
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not os.path.isfile(path):
                    continue
                with open(path, "rb") as handle:
                    content = handle.read()
                digest.update(f"{relative}/{name}\0".encode())
                digest.update(hashlib.sha256(content).digest())
    config = root / "mkdocs.yml"
    digest.update(config.read_bytes() if config.exists() else b"")
    return digest.hexdigest()


def _generated_files(docs: Path) -> set[str]:
    found: set[str] = set()
    for section in GENERATED_DIRS:
        for folder, _, files in os.walk(docs / section):
            found.update(Path(folder, f).relative_to(docs).as_posix() for f in files)
    return found


def _outputs_intact(docs: Path) -> bool:
    manifest = read_manifest(docs)
    if not manifest or _generated_files(docs) != set(manifest):
        return False
    for page, digest in manifest.items():
        path = docs / page
        if path.is_symlink() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


def record_inputs(docs: Path, digest: str, pages: int, problems: list[Problem]) -> None:
    """After a successful write: keep the inputs' digest and the problems in the manifest."""
    path = docs / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update({"inputs": digest, "pages": pages, "problems": [
        [p.path, p.line, p.col, p.severity.value, p.message, p.code] for p in problems]})
    payload = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if path.read_text(encoding="utf-8") != payload:
        path.write_text(payload, encoding="utf-8")


def unchanged(docs: Path, digest: str) -> tuple[int, list[Problem]] | None:
    """``(pages, problems)`` of the last build if nothing changed since; else ``None``."""
    try:
        stamp = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("inputs") != digest or not _outputs_intact(docs):
        return None
    problems = [Problem(path, line, col, Severity(severity), message, code)
                for path, line, col, severity, message, code in stamp["problems"]]
    return int(stamp["pages"]), problems
