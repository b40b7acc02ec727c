"""Model stage: typed, validated guide data built from the loaded trees."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics, SourcePos, shorten
from .load import CONTROL, LoadedGuide, TextSource, YMap, YNode, YScalar, YSeq

MAX_ENTRIES = 10_000  # per list file
MAX_ANSWER_LINES = 40
MAX_OCCURRENCE = 1_000  # which match of a note's anchor
MAX_PARAGRAPH_CHARS = 50_000  # one paragraph of the text or of a prose field
MAX_TITLE_CHARS = 2_000  # the title is measured again for the running head of every page
MAX_FORM_CHARS = 200  # a glossary term or form, as looked for in the text
MAX_FORM_WORDS = 24  # words and punctuation marks of one form


@dataclass(frozen=True)
class Prose:
    """A prose field: text as typed (inline markup still unparsed) and where it was."""

    text: str
    pos: SourcePos


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the primary text, with a map back to the file."""

    number: int
    text: str
    pos: SourcePos
    # (offset in `text`, line, column) where each joined source line begins
    line_starts: tuple[tuple[int, int, int], ...]

    def pos_at(self, offset: int) -> SourcePos:
        start, line, column = self.line_starts[0]
        for candidate in self.line_starts:
            if candidate[0] > offset:
                break
            start, line, column = candidate
        return SourcePos(self.pos.path, line, column + offset - start)


@dataclass(frozen=True)
class GuideMeta:
    title: Prose
    subtitle: Prose | None
    author: Prose | None
    dateline: Prose | None
    language: str
    source: Prose | None
    introduction: Prose | None
    paragraphs_mode: str


@dataclass(frozen=True)
class GlossaryEntry:
    term: Prose
    definition: Prose
    forms: tuple[Prose, ...]
    category: Prose | None
    see: tuple[Prose, ...]
    pos: SourcePos


@dataclass(frozen=True)
class Note:
    text: Prose
    title: Prose | None
    anchor: Prose | None
    paragraph: int | None
    occurrence: int | None
    pos: SourcePos
    paragraph_pos: SourcePos | None
    occurrence_pos: SourcePos | None


@dataclass(frozen=True)
class Ref:
    paragraph: int
    pos: SourcePos


@dataclass(frozen=True)
class Question:
    prompt: Prose
    group: Prose | None
    refs: tuple[Ref, ...]
    lines: int | None
    answer: Prose | None
    pos: SourcePos


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    sort_key: tuple[int, int, int]
    label: Prose
    event: Prose
    pos: SourcePos


@dataclass(frozen=True)
class Guide:
    id: str
    folder: Path
    meta: GuideMeta
    paragraphs: tuple[Paragraph, ...]
    glossary: tuple[GlossaryEntry, ...]
    notes: tuple[Note, ...]
    questions: tuple[Question, ...]
    timeline: tuple[TimelineEvent, ...]


# --- field readers -----------------------------------------------------------

_KIND_NAMES = {YMap: "a mapping", YSeq: "a list", YScalar: "text"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INTEGER = re.compile(r"^[+]?[0-9]{1,9}$")


def _kind(node: YNode) -> str:
    return _KIND_NAMES[type(node)]


class _Fields:
    """The keys of one mapping, checked against a fixed set of names."""

    def __init__(self, node: YMap, allowed: tuple[str, ...], what: str, diags: Diagnostics):
        self.node, self.what, self.diags = node, what, diags
        self.values: dict[str, YNode] = {}
        for key, value in node.items:
            if key.value in allowed:
                self.values[key.value] = value
                continue
            close = difflib.get_close_matches(key.value, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
            diags.error(key.pos, f"unknown key '{shorten(key.value)}' in {what}", hint)

    def _missing(self, name: str) -> None:
        self.diags.error(self.node.pos, f"{self.what} is missing '{name}'")

    def text(self, name: str, required: bool = False) -> Prose | None:
        node = self.values.get(name)
        if node is None:
            if required:
                self._missing(name)
            return None
        if isinstance(node, YScalar) and not node.value.strip():
            # A blank value counts as not given: an error only where the key is required.
            if required:
                self.diags.error(node.pos, f"'{name}' is empty")
            return None
        if not isinstance(node, YScalar):
            self.diags.error(node.pos, f"'{name}' must be text, not {_kind(node)}")
            return None
        return _prose(node, name, self.diags)

    def integer(self, name: str, low: int, high: int | None = None, required: bool = False,
                limit: int | None = None) -> tuple[int | None, SourcePos | None]:
        node = self.values.get(name)
        if node is None:
            if required:
                self._missing(name)
            return None, None
        value = _integer(node, name, low, high, self.diags, limit)
        return value, node.pos

    def text_list(self, name: str) -> tuple[Prose, ...] | None:
        node = self.values.get(name)
        if node is None or (isinstance(node, YScalar) and node.empty):
            return None  # `forms:` with nothing after it counts as not given
        if isinstance(node, YMap):
            self.diags.error(node.pos, f"'{name}' must be a list of text, not a mapping")
            return None
        items = node.items if isinstance(node, YSeq) else (node,)
        out = []
        for item in items:
            if not isinstance(item, YScalar) or item.empty:
                self.diags.error(item.pos, f"each item of '{name}' must be text")
                continue
            prose = _prose(item, name, self.diags)
            if prose is not None:
                out.append(prose)
        return tuple(out)


def _prose(node: YScalar, name: str, diags: Diagnostics) -> Prose | None:
    bad = CONTROL.search(node.value)
    if bad:
        diags.error(node.pos, f"control character U+{ord(bad.group()):04X} in '{name}' "
                              f"(at character {bad.start() + 1})")
        return None
    if len(node.value) > MAX_PARAGRAPH_CHARS:
        longest = max(len(part) for part in _BLANK_LINE.split(node.value))
        if longest > MAX_PARAGRAPH_CHARS:
            diags.error(node.pos, f"'{name}' has a paragraph of {longest:,} characters; "
                                  f"the limit is {MAX_PARAGRAPH_CHARS:,}",
                        "break it into paragraphs with blank lines" if name == "introduction" else "shorten it")
            return None
    return Prose(node.value.replace("\t", " "), node.pos)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _integer(node: YNode, name: str, low: int, high: int | None, diags: Diagnostics,
             limit: int | None = None) -> int | None:
    """A whole number from `low` to `high`; `limit` is a resource limit above that."""
    if not isinstance(node, YScalar) or not _INTEGER.match(node.value):
        shown = shorten(node.value) if isinstance(node, YScalar) else _kind(node)
        diags.error(node.pos, f"'{name}' must be a whole number, found '{shown}'")
        return None
    value = int(node.value)
    if value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"{low} or more"
        diags.error(node.pos, f"'{name}' must be {bound}, found {value}")
        return None
    if limit is not None and value > limit:
        diags.error(node.pos, f"'{name}' is {value:,}; the limit is {limit:,}")
        return None
    return value


def _items(node: YNode | None, file: str, diags: Diagnostics) -> tuple[YMap, ...]:
    """The mappings of a list file; an absent or empty file is an empty list."""
    if node is None or (isinstance(node, YScalar) and node.empty):
        return ()
    if not isinstance(node, YSeq):
        diags.error(node.pos, f"{file} must be a list of entries (each starting with '- '), not {_kind(node)}")
        return ()
    if len(node.items) > MAX_ENTRIES:
        diags.error(node.pos, f"{file} has {len(node.items):,} entries; the limit is {MAX_ENTRIES:,}")
        return ()
    out = []
    for item in node.items:
        if isinstance(item, YMap):
            out.append(item)
        else:
            diags.error(item.pos, f"each entry of {file} must be a mapping of keys, not {_kind(item)}")
    return tuple(out)


# --- the files ---------------------------------------------------------------

GUIDE_KEYS = ("title", "subtitle", "author", "dateline", "language", "source",
              "introduction", "text", "paragraphs")
PARAGRAPH_MODES = ("auto", "lines", "blank-lines")


def build_meta(node: YNode | None, path: Path, diags: Diagnostics) -> GuideMeta | None:
    if node is None:
        if path.exists() and not diags.has_errors_in(path):
            diags.error(SourcePos(path), "guide.yaml is empty; it needs at least 'title' and 'text'")
        return None
    if not isinstance(node, YMap):
        diags.error(node.pos, f"guide.yaml must be a mapping of keys, not {_kind(node)}")
        return None
    fields = _Fields(node, GUIDE_KEYS, "guide.yaml", diags)
    title = fields.text("title", required=True)
    if title is not None and len(title.text) > MAX_TITLE_CHARS:
        diags.error(title.pos, f"'title' is {len(title.text):,} characters; the limit is {MAX_TITLE_CHARS:,}",
                    "put the rest in 'subtitle'")
    fields.text("text", required=True)
    language = fields.text("language")
    if language is not None and not _LANGUAGE.match(language.text):
        diags.error(language.pos, f"'language' must be a language tag such as 'en' or 'de-CH', found '{shorten(language.text)}'")
    mode = fields.text("paragraphs")
    if mode is not None and mode.text not in PARAGRAPH_MODES:
        close = difflib.get_close_matches(mode.text, PARAGRAPH_MODES, n=1)
        diags.error(mode.pos, f"'paragraphs' must be one of {', '.join(PARAGRAPH_MODES)}, found '{shorten(mode.text)}'",
                    f"did you mean '{close[0]}'?" if close else None)
    meta = GuideMeta(
        title=title or Prose("", node.pos),
        subtitle=fields.text("subtitle"),
        author=fields.text("author"),
        dateline=fields.text("dateline"),
        language=language.text if language else "en",
        source=fields.text("source"),
        introduction=fields.text("introduction"),
        paragraphs_mode=mode.text if mode and mode.text in PARAGRAPH_MODES else "auto",
    )
    return meta


def split_paragraphs(text: TextSource, mode: str) -> tuple[Paragraph, ...]:
    """Split the text file into numbered paragraphs, remembering positions."""
    lines = text.content.split("\n")
    if mode == "auto":
        seen_text, gap, mode = False, False, "lines"
        for line in lines:
            if line.strip():
                if seen_text and gap:
                    mode = "blank-lines"
                    break
                seen_text, gap = True, False
            elif seen_text:
                gap = True
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                groups.append(current)
                current = []
            continue
        current.append((number, line))
        if mode == "lines":
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    paragraphs = []
    for index, group in enumerate(groups, start=1):
        parts, starts, offset = [], [], 0
        for line_number, line in group:
            stripped = line.strip().replace("\t", " ")
            column = len(line) - len(line.lstrip()) + 1
            starts.append((offset, line_number, column))
            parts.append(stripped)
            offset += len(stripped) + 1
        first = starts[0]
        paragraphs.append(Paragraph(index, " ".join(parts), SourcePos(text.path, first[1], first[2]), tuple(starts)))
    return tuple(paragraphs)


GLOSSARY_KEYS = ("term", "definition", "forms", "category", "see")


def build_glossary(node: YNode | None, diags: Diagnostics) -> tuple[GlossaryEntry, ...]:
    entries = []
    seen: dict[str, Prose] = {}
    for item in _items(node, "glossary.yaml", diags):
        fields = _Fields(item, GLOSSARY_KEYS, "glossary entry", diags)
        term = fields.text("term", required=True)
        definition = fields.text("definition", required=True)
        forms = fields.text_list("forms")
        if forms is not None and not forms and "forms" in fields.values:
            diags.error(fields.values["forms"].pos, "'forms' is an empty list; leave it out to use the term")
        category, see = fields.text("category"), fields.text_list("see") or ()
        if term is None or definition is None:
            continue
        key = term.text.strip().casefold()
        if key in seen:
            diags.error(term.pos, f"duplicate term '{shorten(term.text)}' (also at line {seen[key].pos.line}; "
                                  "terms ignore case)")
            continue
        seen[key] = term
        if not _forms_fit(forms or (term,), diags):
            continue
        entries.append(GlossaryEntry(term, definition, forms or (term,), category, see, item.pos))
    return tuple(entries)


_FORM_TOKEN = re.compile(r"\w+|[^\w\s]")


def _forms_fit(forms: tuple[Prose, ...], diags: Diagnostics) -> bool:
    """Forms are looked for at every word of the text: each must be short."""
    fit = True
    for form in forms:
        words = len(_FORM_TOKEN.findall(form.text, 0, MAX_FORM_CHARS + 1))
        if len(form.text.strip()) > MAX_FORM_CHARS or words > MAX_FORM_WORDS:
            diags.error(form.pos, f"glossary form '{shorten(form.text)}' is too long to look for in the text",
                        f"at most {MAX_FORM_CHARS} characters and {MAX_FORM_WORDS} words; "
                        "give a shorter form in 'forms'")
            fit = False
    return fit


NOTE_KEYS = ("anchor", "paragraph", "occurrence", "title", "text")


def build_notes(node: YNode | None, diags: Diagnostics) -> tuple[Note, ...]:
    notes = []
    for item in _items(node, "notes.yaml", diags):
        fields = _Fields(item, NOTE_KEYS, "note", diags)
        text = fields.text("text", required=True)
        anchor = fields.text("anchor")
        paragraph, paragraph_pos = fields.integer("paragraph", 1)
        occurrence, occurrence_pos = fields.integer("occurrence", 1, limit=MAX_OCCURRENCE)
        has_anchor, has_paragraph = "anchor" in fields.values, "paragraph" in fields.values
        if has_anchor and has_paragraph:
            diags.error(item.pos, "a note takes 'anchor' or 'paragraph', not both")
            continue
        if not has_anchor and not has_paragraph:
            diags.error(item.pos, "note is missing 'anchor' (a phrase from the text) or 'paragraph' (a number)")
            continue
        if occurrence_pos is not None and not has_anchor:
            diags.error(occurrence_pos, "'occurrence' only applies to an 'anchor'")
        anchor_node = fields.values.get("anchor")
        if has_anchor and anchor is None and isinstance(anchor_node, YScalar):
            diags.error(anchor_node.pos, "'anchor' is blank")
            continue
        if text is None or (has_anchor and anchor is None) or (has_paragraph and paragraph is None):
            continue
        notes.append(Note(text, fields.text("title"), anchor, paragraph, occurrence,
                          item.pos, paragraph_pos, occurrence_pos))
    return tuple(notes)


QUESTION_KEYS = ("prompt", "group", "refs", "lines", "answer")


def build_questions(node: YNode | None, diags: Diagnostics) -> tuple[Question, ...]:
    questions = []
    for item in _items(node, "questions.yaml", diags):
        fields = _Fields(item, QUESTION_KEYS, "question", diags)
        prompt = fields.text("prompt", required=True)
        lines, _ = fields.integer("lines", 0, MAX_ANSWER_LINES)
        refs_node = fields.values.get("refs")
        refs: list[Ref] = []
        if refs_node is not None:
            for ref in refs_node.items if isinstance(refs_node, YSeq) else (refs_node,):
                number = _integer(ref, "refs", 1, None, diags)
                if number is not None:
                    refs.append(Ref(number, ref.pos))
        if prompt is None:
            continue
        questions.append(Question(prompt, fields.text("group"), tuple(refs), lines,
                                  fields.text("answer"), item.pos))
    return tuple(questions)


TIMELINE_KEYS = ("date", "label", "event")


def _date_key(node: Prose, diags: Diagnostics) -> tuple[int, int, int] | None:
    match = _DATE.match(node.text.strip())
    if match:
        year, month, day = (int(part) if part is not None else None for part in match.groups())
        try:
            datetime.date(year, 1 if month is None else month, 1 if day is None else day)
            return (year, month or 0, day or 0)  # 0 sorts a bare year or month first
        except ValueError:
            pass
    diags.error(node.pos, f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '{shorten(node.text)}'")
    return None


def build_timeline(node: YNode | None, diags: Diagnostics) -> tuple[TimelineEvent, ...]:
    events = []
    for item in _items(node, "timeline.yaml", diags):
        fields = _Fields(item, TIMELINE_KEYS, "timeline event", diags)
        date, event = fields.text("date", required=True), fields.text("event", required=True)
        label = fields.text("label")
        key = _date_key(date, diags) if date else None
        if key is None or event is None:
            continue
        events.append(TimelineEvent(date.text.strip(), key, label or date, event, item.pos))
    # Stable sort: events on the same date keep the file's order.
    return tuple(sorted(events, key=lambda e: e.sort_key))


def build_guide(loaded: LoadedGuide, diags: Diagnostics) -> Guide | None:
    """Type and validate a loaded guide; None when it has errors."""
    meta = build_meta(loaded.guide, loaded.folder / "guide.yaml", diags)
    glossary = build_glossary(loaded.lists.get("glossary.yaml"), diags)
    notes = build_notes(loaded.lists.get("notes.yaml"), diags)
    questions = build_questions(loaded.lists.get("questions.yaml"), diags)
    timeline = build_timeline(loaded.lists.get("timeline.yaml"), diags)
    if meta is None or loaded.text is None or diags.has_errors:
        return None
    paragraphs = split_paragraphs(loaded.text, meta.paragraphs_mode)
    for paragraph in paragraphs:
        if len(paragraph.text) > MAX_PARAGRAPH_CHARS:
            how = "with a blank line" if meta.paragraphs_mode != "lines" and "\n\n" in loaded.text.content \
                else "into several lines"
            diags.error(paragraph.pos, f"paragraph {paragraph.number} is {len(paragraph.text):,} characters long; "
                                       f"the limit is {MAX_PARAGRAPH_CHARS:,}", f"split it {how}")
    if diags.has_errors:
        return None
    return Guide(loaded.folder.resolve().name, loaded.folder, meta, paragraphs,
                 glossary, notes, questions, timeline)
