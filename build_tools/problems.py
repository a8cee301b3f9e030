"""Problems found in the editors' data: one line each, with file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is; warnings fail the build only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # informative only; never fails a build


@dataclass(frozen=True, order=True)
class Problem:
    """One editor-facing problem, printed as ``path:line:col: error: message [code]``."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"


class Problems:
    """Collects problems instead of stopping at the first one."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int, col: int, message: str, code: str) -> None:
        """Record an error at ``path:line:col``."""
        self.items.append(Problem(path, line, col, Severity.ERROR, message, code))

    def warning(self, path: str, line: int, col: int, message: str, code: str) -> None:
        """Record a warning at ``path:line:col``."""
        self.items.append(Problem(path, line, col, Severity.WARNING, message, code))

    def note(self, path: str, line: int, col: int, message: str, code: str) -> None:
        """Record an informative note at ``path:line:col``."""
        self.items.append(Problem(path, line, col, Severity.NOTE, message, code))

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the build."""
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that only fail the build under ``--strict``."""
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        """Problems in file/line order, each reported once."""
        return sorted(set(self.items))


class DataError(Exception):
    """Raised by the pipeline when the data has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
