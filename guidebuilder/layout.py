"""Layout stage: a page-independent plan of blocks, decided by the layout file.

The plan says what is printed, in what order and with which links; the render
stage decides only where on the page it lands. `dump_plan` prints it as plain
text for tests and debugging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
class Para:
    runs: tuple[Inline, ...]
    style: str  # "body", "intro", "dateline", "salutation"
    number: int | None = None
    dest: str | None = None
    footnotes: tuple[NoteText, ...] = ()  # printed at the foot of the page where the mark lands
    origin: SourcePos | None = None


@dataclass(frozen=True)
class NoteBlock:
    note: NoteText


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


Block = Union[Heading, TitleBlock, Para, NoteBlock, TimelineRow, GlossaryItem, QuestionItem]


@dataclass(frozen=True)
class Plan:
    title: str  # plain text as typed, for the PDF's metadata
    running_title: str  # as printed in running heads (typography applied)
    author: str
    subject: str
    language: str
    layout: Layout
    blocks: tuple[Block, ...]
    characters: dict = field(default_factory=dict, compare=False)  # char -> first position, for font checks


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


def plan_guide(resolved: ResolvedGuide, layout: Layout) -> Plan:
    """Decide every block of the document, in reading order."""
    guide, meta = resolved.guide, resolved.guide.meta
    runs = _Runs(layout)
    notes_by_paragraph: dict[int, list] = {}
    note_texts = {}
    for placed in resolved.notes:
        notes_by_paragraph.setdefault(placed.paragraph, []).append(placed)
        note_texts[placed.number] = NoteText(
            placed.number,
            runs(placed.note.title.text, bold=True) if placed.note.title else (),
            runs(placed.note.text.text),
            dest=f"note-{placed.number}", back=f"p{placed.paragraph}", origin=placed.note.pos)
    terms_by_paragraph: dict[int, list] = {}
    for hit in resolved.terms:
        if layout.glossary_mark == "every" or (layout.glossary_mark == "first" and hit.first):
            terms_by_paragraph.setdefault(hit.paragraph, []).append(hit)

    blocks: list = []
    for section in layout.sections:
        if section == "title":
            byline = " · ".join(x for x in (_plain(meta.author), _plain(meta.dateline)) if x)
            blocks.append(TitleBlock(runs(meta.title.text),
                                     runs(meta.subtitle.text) if meta.subtitle else (),
                                     runs(byline) if byline else (),
                                     runs(meta.source.text) if meta.source else ()))
        elif section == "introduction" and meta.introduction:
            blocks.append(Heading("Introduction", 1, "introduction"))
            for part in _paragraphs(meta.introduction.text):
                blocks.append(Para(runs(part), "intro", origin=meta.introduction.pos))
        elif section == "timeline" and guide.timeline:
            blocks.append(Heading("Timeline", 1, "timeline"))
            for event in guide.timeline:
                blocks.append(TimelineRow(runs(event.label.text, bold=True), runs(event.event.text), event.pos))
        elif section == "text":
            blocks.append(Heading("The text", 1, "text"))
            if meta.dateline:
                blocks.append(Para(runs(meta.dateline.text, italic=True), "dateline"))
            for paragraph in guide.paragraphs:
                marks = []
                for hit in terms_by_paragraph.get(paragraph.number, ()):
                    extra = {"term": True, "link": f"term-{hit.entry}"}
                    if hit.first:
                        extra["dest"] = f"use-{hit.entry}"
                    marks.append((hit.start, hit.end, extra))
                placed = notes_by_paragraph.get(paragraph.number, [])
                marks.extend((p.offset, p.offset, {"note": p.number}) for p in placed)
                footnotes = tuple(note_texts[p.number] for p in placed) \
                    if layout.notes_placement == "footnotes" else ()
                blocks.append(Para(runs(paragraph.text, tuple(marks)), "body",
                                   paragraph.number if layout.numbers == "paragraphs" else None,
                                   dest=f"p{paragraph.number}", footnotes=footnotes, origin=paragraph.pos))
                if layout.notes_placement == "after-paragraph":
                    blocks.extend(NoteBlock(note_texts[p.number]) for p in placed)
        elif section == "notes" and resolved.notes and layout.notes_placement == "end":
            blocks.append(Heading("Notes", 1, "notes"))
            blocks.extend(NoteBlock(note_texts[p.number]) for p in resolved.notes)
        elif section == "glossary" and guide.glossary:
            blocks.append(Heading("Glossary", 1, "glossary"))
            order = sorted(range(len(guide.glossary)),
                           key=lambda i: (_plain(guide.glossary[i].term).casefold(), i))
            for index in order:
                entry = guide.glossary[index]
                see = tuple((_plain(guide.glossary[t].term), f"term-{t}") for t in resolved.see[index])
                blocks.append(GlossaryItem(runs(entry.term.text, bold=True), _plain(entry.category),
                                           runs(entry.definition.text), resolved.occurrences[index],
                                           see, f"term-{index}", entry.pos))
        elif section == "questions" and guide.questions:
            blocks.append(Heading("Questions", 1, "questions"))
            groups: dict[str, list] = {}
            for question in guide.questions:
                groups.setdefault(_plain(question.group), []).append(question)
            number = 0
            for name, questions in groups.items():
                if name:
                    blocks.append(Heading(name, 2, f"questions-{len(blocks)}"))
                for question in questions:
                    number += 1
                    lines = layout.answer_lines if question.lines is None else question.lines
                    answer = runs(question.answer.text) if question.answer and layout.show_answers else ()
                    blocks.append(QuestionItem(number, runs(question.prompt.text),
                                               tuple(r.paragraph for r in question.refs),
                                               0 if layout.show_answers else lines, answer, question.pos))
    running_title = smarten(_plain(meta.title)) if layout.typography else _plain(meta.title)
    return Plan(_plain(meta.title), " ".join(running_title.split()), _plain(meta.author), _plain(meta.subtitle) or "Study guide",
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
        elif isinstance(block, TimelineRow):
            lines.append(f"event {_inline_text(block.label)}: {_inline_text(block.event)}")
        else:
            lines.append(f"{kind}: {_inline_text(block.title)}")
    return "\n".join(lines) + "\n"
