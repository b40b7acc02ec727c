"""Diagnostics: problems found in the input, as values with a source position."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourcePos:
    """A 1-based line and column in one input file."""

    path: Path
    line: int = 1
    column: int = 1

    def shifted(self, columns: int) -> "SourcePos":
        return SourcePos(self.path, self.line, self.column + columns)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: an error stops the build, a warning does not."""

    severity: str  # "error" or "warning"
    pos: SourcePos
    message: str
    hint: str | None = None

    def format(self, cwd: Path | None = None) -> str:
        text = f"{display_path(self.pos.path, cwd)}:{self.pos.line}:{self.pos.column}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path relative to the working folder when it lies inside it."""
    # abspath, not resolve: a symlinked file is named by the path the user gave.
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    try:
        return str(Path(os.path.abspath(path)).relative_to(cwd))
    except ValueError:
        return str(path)


def shorten(text: str, limit: int = 60) -> str:
    """User text quoted in a message: one line, at most about `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class Diagnostics:
    """A collector that stages append to; sorted by position when read."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        self._items.append(Diagnostic("error", pos, message, hint))

    def warning(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        self._items.append(Diagnostic("warning", pos, message, hint))

    def extend(self, other: "Diagnostics") -> None:
        self._items.extend(other._items)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self._items)

    def has_errors_in(self, path: Path) -> bool:
        """True when an error was reported in the file `path`."""
        return any(d.severity == "error" and d.pos.path == path for d in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Diagnostic]:
        # Stable: same position keeps discovery order.
        # By absolute path: a file named relative to the working folder and one found
        # through a resolved path (the text file) sort together.
        return sorted(self._items, key=lambda d: (os.path.abspath(d.pos.path), d.pos.line, d.pos.column))


class BuildFailed(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic so far."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = diagnostics
