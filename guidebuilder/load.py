"""Load stage: read YAML and text files into position-aware trees.

Only this module reads guide input. YAML is parsed to events by PyYAML's safe
parser and composed here, so that every node keeps its line and column, no tag
can build an object, aliases cannot multiply, and duplicate keys are caught.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from .diagnostics import Diagnostics, SourcePos, shorten

try:  # libyaml is several times faster; both parsers give the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Resource limits (documented in docs/format.md).
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 250_000


@dataclass(frozen=True)
class YScalar:
    """A scalar exactly as written; `plain` is false for quoted and block scalars."""

    value: str
    pos: SourcePos
    plain: bool

    @property
    def empty(self) -> bool:
        return self.plain and self.value == ""


@dataclass(frozen=True)
class YMap:
    items: tuple[tuple[YScalar, "YNode"], ...]
    pos: SourcePos


@dataclass(frozen=True)
class YSeq:
    items: tuple["YNode", ...]
    pos: SourcePos


YNode = Union[YScalar, YMap, YSeq]


@dataclass(frozen=True)
class TextSource:
    """A decoded text file; `content` has its BOM removed and newlines normalised."""

    path: Path
    content: str


class _Lines:
    """Line starts of a decoded file, to turn a character offset into a line and column.

    Lines are counted at "\\n" only (the file's line endings are normalised
    already). YAML also counts U+0085, U+2028 and U+2029 as line breaks; an
    editor does not, so positions come from the character offset, never from
    PyYAML's own line numbers."""

    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def pos(self, offset: int) -> SourcePos:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset)
        return SourcePos(self.path, line, offset - self.starts[line - 1] + 1)

    def mark(self, mark) -> SourcePos:
        return self.pos(mark.index)


def _pos_of_offset(path: Path, text: str, offset: int) -> SourcePos:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SourcePos(path, line, column)


# Control characters never belong in a guide (tab and line feed are fine).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters the YAML reader refuses (YAML 1.1 "printable" is the complement).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_decoded(path: Path, diags: Diagnostics, what: str = "file",
                 origin: SourcePos | None = None) -> str | None:
    """Read a UTF-8 file (BOM allowed) with size and encoding checks.

    Only regular files are read: a folder, a named pipe or a device is refused
    before anything blocks on it. Problems with the file as a whole are
    reported at `origin` (where the file is named) when given, else at the
    file's first line."""
    start = origin or SourcePos(path)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        diags.error(start, f"{what} not found")
        return None
    except IsADirectoryError:
        diags.error(start, f"expected a {what}, found a folder")
        return None
    except (OSError, ValueError) as exc:
        diags.error(start, f"cannot read {what}: {getattr(exc, 'strerror', None) or exc}")
        return None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            diags.error(start, f"expected a {what}, found a folder")
            return None
        if not stat.S_ISREG(info.st_mode):
            diags.error(start, f"{what} is not a regular file (a pipe, socket or device); give a file")
            return None
        if info.st_size > MAX_FILE_BYTES:
            diags.error(start, f"{what} is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        diags.error(start, f"cannot read {what}: {exc.strerror or exc}")
        return None
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        diags.error(start, f"{what} is more than {MAX_FILE_BYTES:,} bytes; that is the limit")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        diags.error(_pos_of_offset(path, good, len(good)),
                    f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, diags: Diagnostics, origin: SourcePos | None = None) -> TextSource | None:
    """Read the primary text file."""
    content = read_decoded(path, diags, f"text file '{path.name}'", origin)
    if content is None:
        return None
    bad = CONTROL.search(content)
    if bad:
        diags.error(_pos_of_offset(path, content, bad.start()),
                    f"control character U+{ord(bad.group()):04X} in the text")
        return None
    if not content.strip():
        diags.error(origin or SourcePos(path), f"the text file '{path.name}' is empty")
        return None
    return TextSource(path, content)


def read_yaml(path: Path, diags: Diagnostics) -> YNode | None:
    """Parse one YAML file into a YNode tree; None when empty or broken."""
    text = read_decoded(path, diags, "YAML file")
    if text is None:
        return None
    lines = _Lines(path, text)
    bad = _NOT_YAML.search(text)
    if bad:
        diags.error(lines.pos(bad.start()), f"character U+{ord(bad.group()):04X} is not allowed in YAML")
        return None
    before = len(diags)
    try:
        node = _Composer(path, diags, lines).compose(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        at = lines.mark(mark) if mark else SourcePos(path)
        if "tab" in message or (mark and text[mark.index:mark.index + 1] == "\t"):
            message = "a tab character here; indent YAML with spaces"
        elif "nesting depth" in message:
            diags.error(at, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        diags.error(at, f"YAML syntax: {message}")
        return None
    except yaml.reader.ReaderError as exc:  # pragma: no cover - _NOT_YAML catches these first
        diags.error(SourcePos(path), f"YAML: {exc.reason}")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises only the two above
        diags.error(SourcePos(path), f"YAML: {exc}")
        return None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        diags.error(SourcePos(path), f"nesting deeper than {MAX_DEPTH} levels")
        return None
    return None if len(diags) > before else node


class _Composer:
    """Builds YNodes from parser events, refusing what a guide never needs."""

    def __init__(self, path: Path, diags: Diagnostics, lines: _Lines):
        self.path = path
        self.diags = diags
        self.lines = lines
        self.nodes = 0

    def compose(self, events) -> YNode | None:
        self.events = iter(events)
        root: YNode | None = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._fail(event, "a file holds one YAML document; remove the second '---'")
                    return None
            elif isinstance(event, yaml.NodeEvent):
                root = self._node(event, 1)
                if root is None:
                    return None
        return root

    def _fail(self, event, message: str) -> None:
        self.diags.error(self.lines.mark(event.start_mark), message)

    def _node(self, event, depth: int) -> YNode | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._fail(event, f"more than {MAX_NODES:,} YAML values in one file")
            return None
        if depth > MAX_DEPTH:
            self._fail(event, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, f"alias '*{shorten(event.anchor)}' is not supported; write the value out")
            return None
        if event.tag not in (None, "!"):
            self._fail(event, f"YAML tag '{shorten(event.tag)}' is not allowed")
            return None
        pos = self.lines.mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            # A plain scalar's style is None from PyYAML's parser and '' from libyaml's.
            return YScalar(event.value, pos, plain=not event.style)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for child in self.events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return YSeq(tuple(items), pos)
                node = self._node(child, depth + 1)
                if node is None:
                    return None
                items.append(node)
        if isinstance(event, yaml.MappingStartEvent):
            pairs: list[tuple[YScalar, YNode]] = []
            seen: dict[str, YScalar] = {}
            for child in self.events:
                if isinstance(child, yaml.MappingEndEvent):
                    return YMap(tuple(pairs), pos)
                key = self._node(child, depth + 1)
                if key is None:
                    return None
                if not isinstance(key, YScalar):
                    self.diags.error(key.pos, "a key must be a plain word")
                    return None
                value = self._node(next(self.events), depth + 1)
                if value is None:
                    return None
                if key.value in seen:
                    first = seen[key.value].pos
                    self.diags.error(key.pos, f"duplicate key '{shorten(key.value)}' (first at line {first.line})")
                else:
                    seen[key.value] = key
                    pairs.append((key, value))
        self._fail(event, "unexpected YAML structure")  # pragma: no cover
        return None


GUIDE_FILES = ("glossary.yaml", "notes.yaml", "questions.yaml", "timeline.yaml")


@dataclass(frozen=True)
class LoadedGuide:
    """Everything a build reads from one guide folder, still untyped."""

    folder: Path
    guide: YNode | None
    text: TextSource | None
    text_pos: SourcePos | None  # where guide.yaml names the text file
    lists: dict[str, YNode | None]  # file name -> tree (None: absent or empty)


def _text_key(guide: YNode | None) -> YScalar | None:
    if isinstance(guide, YMap):
        for key, value in guide.items:
            if key.value == "text" and isinstance(value, YScalar):
                return value
    return None


def _inside(root: Path, path: Path) -> Path | None:
    """`path` with every symbolic link followed, when it stays inside `root` (resolved); else None."""
    try:
        full = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte ...
        return None
    return full if full == root or root in full.parents else None


def resolve_text_path(folder: Path, value: YScalar, diags: Diagnostics) -> Path | None:
    """The text file's path, refused when it leaves the guide folder."""
    raw = value.value.strip()
    if not raw:
        return None  # the model reports the empty field
    shown = shorten(raw, 200)
    if CONTROL.search(raw):
        return None  # the model reports the control character
    candidate = Path(raw)
    if candidate.is_absolute() or candidate.drive:
        diags.error(value.pos, f"text path '{shown}' is absolute; give a path inside the guide folder")
        return None
    full = _inside(folder.resolve(), folder / candidate)
    if full is None:
        try:
            (folder / candidate).resolve()
        except (OSError, RuntimeError, ValueError):
            diags.error(value.pos, f"text path '{shown}' cannot be followed (a loop of symbolic links?)")
            return None
        diags.error(value.pos, f"text path '{shown}' leads outside the guide folder")
        return None
    return full


def _present(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def load_guide(folder: Path, diags: Diagnostics) -> LoadedGuide:
    """Read guide.yaml, the text it names and the optional list files.

    Nothing outside the guide folder is read: a file that leads outside it
    through a symbolic link is refused at its own path."""
    guide_path = folder / "guide.yaml"
    guide = None
    root = folder.resolve() if folder.is_dir() else folder
    if not folder.is_dir():
        diags.error(SourcePos(folder), "guide folder not found")
    elif not _present(guide_path):
        diags.error(SourcePos(guide_path), "guide.yaml not found; every guide folder needs one")
    elif _inside(root, guide_path) is None:
        diags.error(SourcePos(guide_path), "guide.yaml leads outside the guide folder")
    else:
        guide = read_yaml(guide_path, diags)
    text = None
    key = _text_key(guide)
    if key is not None:
        path = resolve_text_path(folder, key, diags)
        if path is not None:
            text = read_text(path, diags, origin=key.pos)
    lists: dict[str, YNode | None] = {}
    for name in GUIDE_FILES:
        path = folder / name
        if not folder.is_dir() or not _present(path):
            lists[name] = None
        elif _inside(root, path) is None:
            diags.error(SourcePos(path), f"{name} leads outside the guide folder")
            lists[name] = None
        else:
            lists[name] = read_yaml(path, diags)
    return LoadedGuide(folder, guide, text, key.pos if key else None, lists)
