"""Read the data folder: one YAML file per record, plus the verbatim text of each article.

Reading never raises for bad data: every problem is recorded and the record skipped.
Sizes are checked before a file is read, so an oversized file costs no time or memory.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.model import Kind
from build_tools.paths import symlinks_under
from build_tools.problems import Problem, Problems
from build_tools.quotediff import char_name
from build_tools.schema import ID_RE, SCHEMA_NAMES, SCHEMAS_DIR, modeline, schema_text
from build_tools.text import INVISIBLES
from build_tools.yamlsource import (
    MAX_FILE_BYTES,
    LocDict,
    YamlProblem,
    check_characters,
    decode_utf8,
    load_yaml,
    position,
    too_large_message,
)

# Real articles are a few kilobytes; quote matching is linear in the text, so this bounds it.
MAX_ARTICLE_BYTES = 1024 * 1024
_INVISIBLE = re.compile(f"[{INVISIBLES}]")


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
    # Ids of every record file with a valid name, read or not: a reference to a record
    # whose file has a syntax error is not also an "unknown" reference.
    present: dict[Kind, list[str]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when every record file present was read (none had a YAML problem)."""
        return sum(map(len, self.present.values())) == len(self.records)


def display_path(path: Path, root: Path) -> str:
    """The path editors see: relative to the project root, with forward slashes."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    # A file name may hold a newline or a control character: keep each problem on one line.
    if shown.isprintable():
        return shown
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)


def suggest_id(text: str) -> str:
    """A valid id close to ``text``: ASCII, lowercase, words joined by single hyphens."""
    ascii_form = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_form.lower())) or "mon-identifiant"


def closest_word(word: str, candidates: list[str]) -> str | None:
    """The candidate most like ``word``, for « did you mean » hints; for ids, matching one
    hyphenated part is enough (``erdogan`` for ``recep-tayyip-erdogan``)."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    by_part = [(difflib.SequenceMatcher(None, word, part).ratio(), candidate)
               for candidate in candidates for part in candidate.split("-") if len(part) > 2]
    best = max(by_part, default=(0.0, ""))
    return best[1] if best[0] >= 0.8 else None


def known_ids(root: Path) -> dict[Kind, list[str]]:
    """The ids of every record file with a valid name, by kind (sorted); nothing is parsed."""
    ids: dict[Kind, list[str]] = {}
    for kind in Kind:
        folder = root / "data" / kind.value
        if folder.is_dir() and not folder.is_symlink():
            # scandir: the entry types come with the listing (no system call per file).
            with os.scandir(folder) as listing:
                stems = [entry.name[:-5] for entry in listing
                         if entry.name.endswith(".yaml") and not entry.name.startswith(".")
                         and not entry.is_symlink()]
            ids[kind] = sorted(stem for stem in stems if ID_RE.fullmatch(stem))
    return ids


Signature = tuple[int, int, int, int]
# A file changed less than this long before it was read may change again within the
# file system's timestamp granularity without its signature changing (git's "racy clean"
# files): what is read from it is not kept.
RACY_NS = 2_000_000_000


def signature(st: os.stat_result) -> Signature:
    """What tells a file's content changed without reading it: size, times, inode (the
    change time cannot be set back by a program, unlike the modification time)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class FileCache:
    """What was read from each data file (its outcome in :func:`read_data`, its digest in
    the no-op check), kept by ``serve`` and trusted while the file's :func:`signature` is
    the same; a file named by the watcher is always read again (:meth:`forget`), and every
    file's signature is checked at each read, so a missed event still counts."""

    def __init__(self, racy_ns: int = RACY_NS) -> None:
        self.racy_ns = racy_ns  # (tests set 0 to have every file kept)
        # (use, path as listed) -> (signature, value); and each file's keys, by absolute
        # path (the watcher's form), for forget().
        self._entries: dict[tuple[str, str], tuple[Signature, object]] = {}
        self._keys: dict[str, set[tuple[str, str]]] = {}
        # The files hashed again (not kept) by the current output.data_digest, the files it
        # listed and those the last one listed; at its end, the files changed since.
        self._read: set[str] = set()
        self._listed: set[str] = set()
        self._listed_last: set[str] = set()
        self.changed: frozenset[str] = frozenset()

    def begin(self) -> None:
        """A walk of data/ begins."""
        self._read, self._listed_last, self._listed = set(), self._listed, set()

    def listed(self, path: str, read: bool) -> None:
        """The walk found the file at ``path`` and read it (``read``) or kept its digest."""
        self._listed.add(path)
        if read:
            self._read.add(path)

    def end(self) -> None:
        """The walk is over: :attr:`changed` lists (absolute paths) the files read again
        and those gone since the last walk: the git status of those alone may change."""
        self.changed = frozenset(os.path.abspath(path) for path in
                                 self._read | (self._listed_last - self._listed))

    def clear(self) -> None:
        """Read every file again next time."""
        self._entries.clear()
        self._keys.clear()

    def forget(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Read these files again next time, whatever their signature."""
        for path in paths:
            for key in self._keys.pop(os.path.abspath(path), ()):
                self._entries.pop(key, None)

    def get(self, use: str, path: str, st: os.stat_result) -> object | None:
        """What was kept for ``use`` of the file at ``path`` (stat ``st``), if still valid."""
        found = self._entries.get((use, path))
        return found[1] if found is not None and found[0] == signature(st) else None

    def put(self, use: str, path: str, st: os.stat_result, value: object) -> None:
        """Keep ``value`` for ``use`` of this file, unless it changed too recently to tell."""
        key = (use, path)
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < self.racy_ns:
            self._entries.pop(key, None)
        else:
            self._entries[key] = (signature(st), value)
            self._keys.setdefault(os.path.abspath(path), set()).add(key)


class ParsedCache:
    """YAML documents by file content, kept from one :func:`read_data` to the next by
    ``serve``, so that only the files that changed are parsed again (the documents are
    never modified; the cache holds the documents of the last read only)."""

    def __init__(self) -> None:
        self._last: dict[bytes, LocDict] = {}
        self._now: dict[bytes, LocDict] = {}

    def start(self) -> None:
        """A new read begins: what the previous one parsed may be reused."""
        self._last, self._now = self._now, {}

    def load(self, raw: bytes) -> LocDict:
        """The document of ``raw`` (raises :class:`YamlProblem` as ``load_yaml`` does)."""
        doc = self._last.get(raw) or self._now.get(raw)
        if doc is None:
            doc = load_yaml(raw)
        self._now[raw] = doc
        return doc


def read_data(root: Path, problems: Problems, parsed: ParsedCache | None = None,
              files: FileCache | None = None) -> RawData:
    """Read every record file under ``root/data``; problems go to ``problems``.
    ``parsed``: see :class:`ParsedCache`; ``files``: see :class:`FileCache`."""
    if parsed is not None:
        parsed.start()
    data_dir = root / "data"
    if not data_dir.is_dir():
        problems.error(display_path(data_dir, root), 1, 1, "data folder not found; run the "
                       "command from the project folder or pass --root", "no-data")
        return RawData((), {})
    _check_no_symlinks(data_dir, root, problems)
    _check_layout(data_dir, root, problems)
    check_modelines = (root / SCHEMAS_DIR).is_dir()
    ids = known_ids(root)
    records: list[RawRecord] = []
    texts: dict[str, str] = {}
    for kind in Kind:
        folder = data_dir / kind.value
        if folder.is_symlink() or not folder.is_dir():
            continue
        # scandir: the file types come with the listing, not from a system call per file.
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_symlink() or entry.name.startswith("."):
                continue  # symlinks reported above; dotfiles are editor leftovers
            found, found_problems = _entry_outcome(entry, kind, root, ids, check_modelines,
                                                   parsed, files)
            problems.items.extend(found_problems)
            if isinstance(found, RawRecord):
                records.append(found)
            elif found is not None:
                texts[found[0]] = found[1]
    _check_article_pairs(records, texts, data_dir, root, problems)
    if check_modelines:
        _check_schema_files(root, ids, problems)
    return RawData(tuple(records), texts, ids)


# What one entry of data/<kind>/ gives: a record, an article's (id, text) or nothing, and
# the problems of the file.
_Outcome = tuple[RawRecord | tuple[str, str] | None, list[Problem]]


def _entry_outcome(entry: os.DirEntry[str], kind: Kind, root: Path, ids: dict[Kind, list[str]],
                   check_modelines: bool, parsed: ParsedCache | None,
                   files: FileCache | None) -> _Outcome:
    """Read one entry of ``data/<kind>/``; with ``files``, an unchanged file is not read
    again (its outcome and problems are kept)."""
    use, st = f"read:{check_modelines}", None
    if files is not None:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            st = None  # gone meanwhile: reading it reports it
        kept = files.get(use, entry.path, st) if st is not None else None
        if kept is not None:
            return kept  # type: ignore[return-value]
    local = Problems()
    path = Path(entry.path)
    shown = display_path(path, root)
    stem = _checked_stem(path, entry, kind, shown, ids, local)
    if stem is None:
        return None, local.items  # (the message may name other files: not kept)
    found: RawRecord | tuple[str, str] | None = None
    if path.suffix == ".txt":
        text = _read_article_text(path, shown, local)
        found = None if text is None else (stem, text)
    else:
        doc = _read_yaml(path, shown, local, kind if check_modelines else None, parsed)
        found = None if doc is None else RawRecord(kind, stem, shown, doc)
    if files is not None and st is not None:
        files.put(use, entry.path, st, (found, local.items))
    return found, local.items


def _checked_stem(path: Path, entry: os.DirEntry[str], kind: Kind, shown: str,
                  ids: dict[Kind, list[str]], problems: Problems) -> str | None:
    """The record id of ``path`` (listed as ``entry``, shown to editors as ``shown``), or
    ``None`` (with a problem) when the file cannot be one."""
    if entry.is_dir():
        problems.error(shown, 1, 1, f"unexpected folder in data/{kind.value}/; put record "
                       f"files directly in data/{kind.value}/", "unexpected-file")
        return None
    allowed = {".yaml", ".txt"} if kind is Kind.ARTICLE else {".yaml"}
    if path.suffix not in allowed or not entry.is_file():
        hint = " (use .yaml)" if path.suffix.lower() in (".yml", ".yaml") else ""
        expected = "<id>.yaml and <id>.txt" if kind is Kind.ARTICLE else "<id>.yaml"
        problems.error(shown, 1, 1, f"unexpected file in data/{kind.value}/{hint}; "
                       f"expected {expected}", "unexpected-file")
        return None
    stem = path.stem
    if ID_RE.fullmatch(stem):
        return stem
    suggestion = suggest_id(stem)
    taken = [k for k, known in ids.items() if suggestion in known]
    if taken:
        other = f"data/{taken[0].value}/{suggestion}.yaml"
        problems.error(shown, 1, 1, f"file name {stem!r} is the id {suggestion!r} written "
                       f"differently, and {other} already exists (ids ignore case and "
                       "accents); merge the two files", "duplicate-id")
    else:
        problems.error(shown, 1, 1, f"file name {stem!r} is not a valid id; use lowercase "
                       f"ASCII letters, digits and single hyphens (e.g. {suggestion!r})",
                       "bad-id")
    return None


def _read_bytes(path: Path, shown: str, limit: int, problems: Problems) -> bytes | None:
    """The file's bytes, or ``None`` (with a problem) if it is too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            problems.error(shown, 1, 1, too_large_message(size, limit), "file-too-large")
            return None
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        problems.error(shown, 1, 1, f"cannot read the file ({exc.strerror or exc}); check "
                       "its permissions", "unreadable")
        return None
    if len(raw) > limit:
        problems.error(shown, 1, 1, too_large_message(len(raw), limit), "file-too-large")
        return None
    return raw


def _read_yaml(path: Path, shown: str, problems: Problems, kind: Kind | None,
               parsed: ParsedCache | None = None) -> LocDict | None:
    """Parse one record; ``kind`` given means its schema modeline is checked too."""
    raw = _read_bytes(path, shown, MAX_FILE_BYTES, problems)
    if raw is None:
        return None
    try:
        doc = load_yaml(raw) if parsed is None else parsed.load(raw)
    except YamlProblem as exc:
        problems.error(shown, exc.line, exc.col, exc.message, exc.code)
        return None
    if kind is not None:
        _check_modeline(raw, kind, shown, problems)
    return doc


def _check_modeline(raw: bytes, kind: Kind, shown: str, problems: Problems) -> None:
    first = raw.decode("utf-8-sig").split("\n", 1)[0].rstrip("\r")
    expected = modeline(kind)
    if first == expected:
        return
    if first.startswith("# yaml-language-server:"):
        problems.warning(shown, 1, 1, f"the first line points at the wrong schema for "
                         f"data/{kind.value}/; write: {expected}", "bad-modeline")
    else:
        problems.warning(shown, 1, 1, "the first line should name the schema your editor "
                         f"checks this file with; insert: {expected}", "bad-modeline")


def _read_article_text(path: Path, shown: str, problems: Problems) -> str | None:
    raw = _read_bytes(path, shown, MAX_ARTICLE_BYTES, problems)
    if raw is None:
        return None
    try:
        text = decode_utf8(raw)
        bad = check_characters(text)
        if bad:
            raise bad
    except YamlProblem as exc:
        problems.error(shown, exc.line, exc.col, exc.message, exc.code)
        return None
    if not text.strip():
        problems.error(shown, 1, 1, "the article text is empty; paste the article's text "
                       "into it", "empty-file")
        return None
    _note_invisibles(text, shown, problems)
    return text


# Notes per article for its invisible characters; a text copied from a web page may have
# a soft hyphen in every long word, and the first few say all there is to say.
MAX_INVISIBLE_NOTES = 5


def _note_invisibles(text: str, shown: str, problems: Problems) -> None:
    """A note for each invisible character of an article's text (the first few).

    The text stays as received; quote matching ignores the character, so quotes need not
    hold it.
    """
    found = [m.start() for m in _INVISIBLE.finditer(text)]
    for number, index in enumerate(found[:MAX_INVISIBLE_NOTES], 1):
        line, col = position(text, index)
        more = len(found) - MAX_INVISIBLE_NOTES
        rest = (f"; {more} more in this file" if number == MAX_INVISIBLE_NOTES and more > 0
                else "")
        problems.note(shown, line, col, f"invisible {char_name(text[index])} in the article "
                      "text, kept as received: do not remove it (readers do not see it); "
                      f"quotes match with or without it{rest}", "invisible-character")


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


def _check_layout(data_dir: Path, root: Path, problems: Problems) -> None:
    """Anything in ``data/`` besides the four record folders is misplaced (e.g. ``data/actor``)."""
    folders = [k.value for k in Kind]
    for path in sorted(data_dir.iterdir()):
        if path.name in folders or path.name.startswith(".") or path.is_symlink():
            continue
        close = difflib.get_close_matches(path.name, folders, n=1, cutoff=0.6)
        hint = f" (did you mean data/{close[0]}/?)" if close else ""
        what = "folder" if path.is_dir() else "file"
        problems.error(display_path(path, root), 1, 1,
                       f"unexpected {what} in data/; records go in data/actors/, "
                       f"data/weapons/, data/events/ or data/articles/{hint}", "unexpected-file")


def _check_no_symlinks(folder: Path, root: Path, problems: Problems) -> None:
    if folder.is_symlink():
        problems.error(display_path(folder, root), 1, 1, "symbolic links are not allowed in "
                       "data/; replace the link with a real folder", "symlink")
    for path in symlinks_under(folder):
        problems.error(display_path(path, root), 1, 1,
                       "symbolic links are not allowed in data/; copy the file instead",
                       "symlink")


# check_docs (symbolic links in docs/, file/folder clashes in the generated sections) moved
# to build_tools/output.py as ``preflight``: that module alone reads and writes docs/. The
# links of hand-written pages are read there too and checked by build_tools/pagelinks.py.


def _check_schema_files(root: Path, ids: dict[Kind, list[str]], problems: Problems) -> None:
    """Note (never warn: ``check --strict`` stays green) when ``schemas/`` no longer matches
    the fields or the known ids; ``build`` and ``serve`` bring it up to date themselves."""
    for path in stale_schemas(root, ids):
        state = "is missing" if not path.is_file() else "is out of date (new ids or fields)"
        problems.note(display_path(path, root), 1, 1, f"the editor schema {state}; the next "
                      "build or serve updates it", "stale-schema")


def _schema_path(root: Path, kind: Kind) -> Path:
    return root / SCHEMAS_DIR / f"{SCHEMA_NAMES[kind]}.schema.json"


def stale_schemas(root: Path, ids: dict[Kind, list[str]] | None = None) -> list[Path]:
    """The files of ``schemas/`` whose text differs from what the field table and the ids
    of ``data/`` give (missing or unreadable ones included), in kind order."""
    ids = known_ids(root) if ids is None else ids
    return [_schema_path(root, kind) for kind in _stale_kinds(root, ids)]


def _stale_kinds(root: Path, ids: dict[Kind, list[str]]) -> list[Kind]:
    stale = []
    for kind in Kind:
        path = _schema_path(root, kind)
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = None
        if current != schema_text(kind, ids):
            stale.append(kind)
    return stale


def refresh_schemas(root: Path) -> list[Path]:
    """Rewrite the stale files of ``schemas/`` (ids sorted, so two editors' changes merge);
    return them. Each file is replaced atomically, and only when its text changes.

    Does nothing in a project without a ``schemas/`` folder. The ids come from file names
    alone, so this is right even when the data has errors. A file that cannot be written is
    left as it is (``check`` keeps noting it).
    """
    folder = root / SCHEMAS_DIR
    if folder.is_symlink() or not folder.is_dir():
        return []
    ids = known_ids(root)
    written = []
    for kind in _stale_kinds(root, ids):
        path = _schema_path(root, kind)
        try:
            write_atomically(path, schema_text(kind, ids))
        except OSError:
            continue
        written.append(path)
    return written


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader
    (or an editor's language server) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
