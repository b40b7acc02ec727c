"""Layout stage: a page-independent plan of blocks, decided by the layout file.

The plan says what is printed, in what order and with which links; the render
stage decides only where on the page it lands. `dump_plan` prints it as plain
text for tests and debugging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from .diagnostics import SourcePos
from .inline import parse_inline, plain_text, smarten
from .layouts import Layout
from .model import Prose
from .resolve import ResolvedGuide


@dataclass(frozen=True)
class Run:
    """Text in one style; `link` is a destination to jump to, `dest` one defined here."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    dest: str | None = None
    term: bool = False  # set as a glossary mark


@dataclass(frozen=True)
class NoteRef:
    number: int


Inline = Union[Run, NoteRef]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 section, 2 group
    dest: str


@dataclass(frozen=True)
class TitleBlock:
    title: tuple[Inline, ...]
    subtitle: tuple[Inline, ...]
    byline: tuple[Inline, ...]
    source: tuple[Inline, ...]


@dataclass(frozen=True)
class NoteText:
    number: int
    title: tuple[Inline, ...]
    body: tuple[Inline, ...]
    dest: str
    back: str  # where its mark stands
    origin: SourcePos | None = None


@dataclass(frozen=True)
class Gloss:
    """A short gloss set in the margin beside a glossary term's first occurrence."""

    term: tuple[Inline, ...]
    text: tuple[Inline, ...]
    key: str  # the link of the term's mark in the text
    dest: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Inline, ...]
    style: str  # "body", "intro", "dateline"
    number: int | None = None
    dest: str | None = None
    footnotes: tuple[NoteText, ...] = ()  # printed at the foot of the page where the mark lands
    origin: SourcePos | None = None
    sidenotes: tuple[NoteText, ...] = ()  # printed in the margin beside the mark's line
    glosses: tuple[Gloss, ...] = ()
    counted: bool = False  # a line of the primary text, for line numbers


@dataclass(frozen=True)
class NoteBlock:
    note: NoteText


@dataclass(frozen=True)
class StatsBlock:
    """Reading statistics, as (label, value) rows."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TimelineRow:
    label: tuple[Inline, ...]
    event: tuple[Inline, ...]
    origin: SourcePos | None = None


@dataclass(frozen=True)
class GlossaryItem:
    term: tuple[Inline, ...]
    category: str
    definition: tuple[Inline, ...]
    paragraphs: tuple[int, ...]
    see: tuple[tuple[str, str], ...]  # (term, destination)
    dest: str
    origin: SourcePos | None = None


@dataclass(frozen=True)
class QuestionItem:
    number: int
    prompt: tuple[Inline, ...]
    refs: tuple[int, ...]
    lines: int
    answer: tuple[Inline, ...]
    origin: SourcePos | None = None


Block = Union[Heading, TitleBlock, StatsBlock, Para, NoteBlock, TimelineRow, GlossaryItem, QuestionItem]


@dataclass(frozen=True)
class Plan:
    title: str  # plain text as typed, for the PDF's metadata
    running_title: str  # as printed in running heads (typography applied)
    author: str
    subject: str
    language: str
    layout: Layout
    blocks: tuple[Block, ...]


class _Runs:
    """Turns prose into runs, applying the layout's typography."""

    def __init__(self, layout: Layout):
        self.smart = layout.typography

    def __call__(self, text: str, marks: tuple = (), bold: bool = False,
                 italic: bool = False) -> tuple[Inline, ...]:
        """Runs for `text`. `marks` are (start, end, attributes) found on the source:
        a range gives its run those Run attributes; an empty range {"note": n}
        places note n's reference there."""
        ranges = [m for m in marks if m[0] < m[1]]
        notes = sorted((m[0], m[2]["note"]) for m in marks if m[0] == m[1])
        cuts = {m[0] for m in ranges} | {m[1] for m in ranges} | {n[0] for n in notes}
        out: list[Inline] = []

        def flush(upto: int) -> None:
            while notes and notes[0][0] <= upto:
                out.append(NoteRef(notes.pop(0)[1]))

        for span in parse_inline(text):
            points = [span.start, *sorted(c for c in cuts if span.start < c < span.end), span.end]
            for a, b in zip(points, points[1:]):
                flush(a)
                extra: dict = {}
                for start, end, attributes in ranges:
                    if start <= a and b <= end:
                        extra.update(attributes)
                piece = smarten(text[a:b], _before(text, a)) if self.smart else text[a:b]
                out.append(Run(piece, bold=span.bold or bold, italic=span.italic or italic, **extra))
                flush(b)
        flush(len(text))
        return tuple(out)


def _before(text: str, index: int) -> str:
    """The character before `index`, looking through markup asterisks."""
    while index > 0 and text[index - 1] == "*":
        index -= 1
    return text[index - 1] if index > 0 else " "


def _paragraphs(text: str) -> list[str]:
    """Split prose into paragraphs at blank lines; lines inside one are joined."""
    return [" ".join(part.split()) if "\n" in part.strip() else part.strip()
            for part in text.replace("\r", "").split("\n\n") if part.strip()]


def _plain(prose: Prose | None) -> str:
    return plain_text(prose.text) if prose else ""


_CLOSING = set(".,;:!?)]}\"'\u201d\u2019\u00bb")


def _after_closing(text: str, offset: int) -> int:
    """A note mark follows the punctuation that closes its anchor ("fatal.²", "institution”⁷")."""
    while offset < len(text) and text[offset] in _CLOSING:
        offset += 1
    return offset


def _first_sentence(text: str, limit: int = 14) -> str:
    """The definition's first sentence, cut to about `limit` words: a margin gloss."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*])", text)
    sentence = text[:match.start()] if match and match.start() > 20 else text
    words = sentence.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


class _Planner:
    """Builds the blocks of each section; one method a section."""

    def __init__(self, resolved: ResolvedGuide, layout: Layout):
        self.resolved, self.layout = resolved, layout
        self.guide, self.meta = resolved.guide, resolved.guide.meta
        self.runs = _Runs(layout)
        self.notes_by_paragraph: dict[int, list] = {}
        self.note_texts: dict[int, NoteText] = {}
        for placed in resolved.notes:
            self.notes_by_paragraph.setdefault(placed.paragraph, []).append(placed)
            self.note_texts[placed.number] = NoteText(
                placed.number,
                self.runs(placed.note.title.text, bold=True) if placed.note.title else (),
                self.runs(placed.note.text.text),
                dest=f"note-{placed.number}", back=f"p{placed.paragraph}", origin=placed.note.pos)
        self.terms_by_paragraph: dict[int, list] = {}
        for hit in resolved.terms:
            if layout.glossary_mark == "every" or (layout.glossary_mark == "first" and hit.first):
                self.terms_by_paragraph.setdefault(hit.paragraph, []).append(hit)
        self.glossary_at_end = layout.glossary_placement in ("end", "both")
        self.glosses_in_margin = layout.glossary_placement in ("margin", "both") and layout.glossary_mark != "none"

    def title(self) -> list:
        meta, runs = self.meta, self.runs
        byline = " · ".join(x for x in (_plain(meta.author), _plain(meta.dateline)) if x)
        return [TitleBlock(runs(meta.title.text), runs(meta.subtitle.text) if meta.subtitle else (),
                           runs(byline) if byline else (), runs(meta.source.text) if meta.source else ())]

    def statistics(self) -> list:
        from .stats import reading_stats
        return [StatsBlock(reading_stats(self.guide).rows())]

    def introduction(self) -> list:
        intro = self.meta.introduction
        if not intro:
            return []
        return [Heading("Introduction", 1, "introduction"),
                *(Para(self.runs(part), "intro", origin=intro.pos) for part in _paragraphs(intro.text))]

    def timeline(self) -> list:
        if not self.guide.timeline:
            return []
        return [Heading("Timeline", 1, "timeline"),
                *(TimelineRow(self.runs(e.label.text, bold=True), self.runs(e.event.text), e.pos)
                  for e in self.guide.timeline)]

    def text(self) -> list:
        layout, runs = self.layout, self.runs
        blocks: list = [Heading("The text", 1, "text")]
        if self.meta.dateline:
            blocks.append(Para(runs(self.meta.dateline.text, italic=True), "dateline"))
        target = "term" if self.glossary_at_end else "gloss"
        for paragraph in self.guide.paragraphs:
            marks, glosses = [], []
            for hit in self.terms_by_paragraph.get(paragraph.number, ()):
                extra = {"term": True, "link": f"{target}-{hit.entry}"}
                if hit.first:
                    extra["dest"] = f"use-{hit.entry}"
                    if self.glosses_in_margin:
                        entry = self.guide.glossary[hit.entry]
                        glosses.append(Gloss(runs(entry.term.text, bold=True),
                                             runs(_first_sentence(entry.definition.text)),
                                             key=f"{target}-{hit.entry}", dest=f"gloss-{hit.entry}"))
                marks.append((hit.start, hit.end, extra))
            placed = self.notes_by_paragraph.get(paragraph.number, [])
            marks.extend((_after_closing(paragraph.text, p.offset),) * 2 + ({"note": p.number},) for p in placed)
            notes = tuple(self.note_texts[p.number] for p in placed)
            blocks.append(Para(
                runs(paragraph.text, tuple(marks)), "body",
                paragraph.number if layout.paragraph_numbers else None,
                dest=f"p{paragraph.number}", origin=paragraph.pos, counted=True,
                footnotes=notes if layout.notes_placement == "footnotes" else (),
                sidenotes=notes if layout.notes_placement == "margin" else (),
                glosses=tuple(glosses)))
            if layout.notes_placement == "after-paragraph":
                blocks.extend(NoteBlock(note) for note in notes)
        return blocks

    def notes(self) -> list:
        if not self.resolved.notes or self.layout.notes_placement != "end":
            return []
        return [Heading("Notes", 1, "notes"),
                *(NoteBlock(self.note_texts[p.number]) for p in self.resolved.notes)]

    def glossary(self) -> list:
        glossary = self.guide.glossary
        if not glossary or not self.glossary_at_end:
            return []
        blocks: list = [Heading("Glossary", 1, "glossary")]
        for index in sorted(range(len(glossary)), key=lambda i: (_plain(glossary[i].term).casefold(), i)):
            entry = glossary[index]
            see = tuple((_plain(glossary[t].term), f"term-{t}") for t in self.resolved.see[index])
            blocks.append(GlossaryItem(self.runs(entry.term.text, bold=True), _plain(entry.category),
                                       self.runs(entry.definition.text), self.resolved.occurrences[index],
                                       see, f"term-{index}", entry.pos))
        return blocks

    def questions(self) -> list:
        layout, runs = self.layout, self.runs
        if not self.guide.questions:
            return []
        blocks: list = [Heading("Questions", 1, "questions")]
        groups: dict[str, list] = {}
        for question in self.guide.questions:
            groups.setdefault(_plain(question.group), []).append(question)
        number = 0
        for group, (name, questions) in enumerate(groups.items(), start=1):
            if name:
                blocks.append(Heading(name, 2, f"questions-{group}"))
            for question in questions:
                number += 1
                lines = layout.answer_lines if question.lines is None else question.lines
                answer = runs(question.answer.text) if question.answer and layout.show_answers else ()
                blocks.append(QuestionItem(number, runs(question.prompt.text),
                                           tuple(r.paragraph for r in question.refs),
                                           0 if layout.show_answers else lines, answer, question.pos))
        return blocks


def plan_guide(resolved: ResolvedGuide, layout: Layout) -> Plan:
    """Decide every block of the document, in reading order."""
    planner = _Planner(resolved, layout)
    blocks: list = []
    for section in layout.sections:
        blocks.extend(getattr(planner, section)())
    meta = resolved.guide.meta
    title = _plain(meta.title)
    running_title = " ".join((smarten(title) if layout.typography else title).split())
    return Plan(title, running_title, _plain(meta.author), _plain(meta.subtitle) or "Study guide",
                meta.language, layout, tuple(blocks))


def _inline_text(items) -> str:
    return "".join(i.text if isinstance(i, Run) else f"[{i.number}]" for i in items)


def dump_plan(plan: Plan) -> str:
    """The plan as plain text, one line a block."""
    lines = []
    for block in plan.blocks:
        kind = type(block).__name__
        if isinstance(block, Heading):
            lines.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Para):
            number = f"{block.number} " if block.number else ""
            notes = "".join(f" {{note {n.number}}}" for n in block.footnotes)
            lines.append(f"{block.style}: {number}{_inline_text(block.runs)}{notes}")
        elif isinstance(block, NoteBlock):
            lines.append(f"note {block.note.number}: {_inline_text(block.note.body)}")
        elif isinstance(block, GlossaryItem):
            lines.append(f"term {_inline_text(block.term)} ({block.category}) ¶{block.paragraphs}")
        elif isinstance(block, QuestionItem):
            lines.append(f"question {block.number}: {_inline_text(block.prompt)} ¶{block.refs} lines={block.lines}")
        elif isinstance(block, StatsBlock):
            lines.extend(f"stat {label}: {value}" for label, value in block.rows)
        elif isinstance(block, TimelineRow):
            lines.append(f"event {_inline_text(block.label)}: {_inline_text(block.event)}")
        else:
            lines.append(f"{kind}: {_inline_text(block.title)}")
    return "\n".join(lines) + "\n"
