"""Load stage: read YAML and text files into position-aware trees.

Only this module reads guide input. YAML is parsed to events by PyYAML's safe
parser and composed here, so that every node keeps its line and column, no tag
can build an object, aliases cannot multiply, and duplicate keys are caught.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from .diagnostics import Diagnostics, SourcePos

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


def _pos(path: Path, mark) -> SourcePos:
    return SourcePos(path, mark.line + 1, mark.column + 1)


def _pos_of_offset(path: Path, text: str, offset: int) -> SourcePos:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SourcePos(path, line, column)


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or ''."""
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def read_decoded(path: Path, diags: Diagnostics, what: str = "file",
                 origin: SourcePos | None = None) -> str | None:
    """Read a UTF-8 file (BOM allowed) with size and encoding checks.

    Problems with the file as a whole are reported at `origin` (where the file
    is named) when given, else at the file's first line."""
    start = origin or SourcePos(path)
    try:
        if path.is_dir():
            diags.error(start, f"expected a {what}, found a folder")
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(start, f"{what} is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        diags.error(start, f"{what} not found")
        return None
    except OSError as exc:
        diags.error(start, f"cannot read {what}: {exc.strerror or exc}")
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
    for offset, char in enumerate(content):
        if (ord(char) < 32 and char not in "\n\t") or 0x7F <= ord(char) < 0xA0:
            diags.error(_pos_of_offset(path, content, offset),
                        f"control character U+{ord(char):04X} in the text")
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
    before = len(diags)
    try:
        node = _Composer(path, diags).compose(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "tab" in message or (mark and _char_at(text, mark.line, mark.column) == "\t"):
            message = "a tab character here; indent YAML with spaces"
        diags.error(_pos(path, mark) if mark else SourcePos(path), f"YAML syntax: {message}")
        return None
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        diags.error(_pos_of_offset(path, text, exc.position),
                    f"character U+{ord(char):04X} is not allowed in YAML")
        return None
    except yaml.YAMLError as exc:
        diags.error(SourcePos(path), f"YAML: {exc}")
        return None
    return None if len(diags) > before else node


class _Composer:
    """Builds YNodes from parser events, refusing what a guide never needs."""

    def __init__(self, path: Path, diags: Diagnostics):
        self.path = path
        self.diags = diags
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
        self.diags.error(_pos(self.path, event.start_mark), message)

    def _node(self, event, depth: int) -> YNode | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._fail(event, f"more than {MAX_NODES:,} YAML values in one file")
            return None
        if depth > MAX_DEPTH:
            self._fail(event, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, f"alias '*{event.anchor}' is not supported; write the value out")
            return None
        if event.tag not in (None, "!"):
            self._fail(event, f"YAML tag '{event.tag}' is not allowed")
            return None
        pos = _pos(self.path, event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            return YScalar(event.value, pos, plain=event.style is None)
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
                    self.diags.error(key.pos, f"duplicate key '{key.value}' (first at line {first.line})")
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


def resolve_text_path(folder: Path, value: YScalar, diags: Diagnostics) -> Path | None:
    """The text file's path, refused when it leaves the guide folder."""
    raw = value.value.strip()
    if not raw:
        return None  # the model reports the empty field
    candidate = Path(raw)
    if candidate.is_absolute():
        diags.error(value.pos, f"text path '{raw}' is absolute; give a path inside the guide folder")
        return None
    root = folder.resolve()
    full = (folder / candidate).resolve()
    if full != root and root not in full.parents:
        diags.error(value.pos, f"text path '{raw}' leads outside the guide folder")
        return None
    return full


def load_guide(folder: Path, diags: Diagnostics) -> LoadedGuide:
    """Read guide.yaml, the text it names and the optional list files."""
    guide_path = folder / "guide.yaml"
    guide = None
    if not folder.is_dir():
        diags.error(SourcePos(folder), "guide folder not found")
    elif not guide_path.exists():
        diags.error(SourcePos(guide_path), "guide.yaml not found; every guide folder needs one")
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
        if not (path.exists() or path.is_symlink()):
            lists[name] = None
        elif folder.resolve() not in path.resolve().parents:
            diags.error(SourcePos(path), f"{name} leads outside the guide folder")
            lists[name] = None
        else:
            lists[name] = read_yaml(path, diags)
    return LoadedGuide(folder, guide, text, key.pos if key else None, lists)
