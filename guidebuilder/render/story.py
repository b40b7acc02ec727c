"""Blocks of the plan become ReportLab flowables."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import HexColor
from reportlab.platypus.flowables import HRFlowable, Spacer

from ..layout import (GlossaryItem, Heading, NoteBlock, NoteRef, NoteText, Para, Plan, QuestionItem, Run,
                      StatsBlock, TimelineRow, TitleBlock)
from ..scripts import ANY_SCRIPT, SCRIPT_SPLIT
from .flowables import AnswerLines, Columns, Hung, Label
from .page import PageState
from .styles import Styles, face, face_parts
from .text import Span, TextBlock

FOOTNOTE_SHARE = 0.35  # a note taller than this share of the text block prints after its paragraph
ANSWER_LINE_SPACING = 22.0  # about 7.8 mm: room for handwriting


class Spans:
    """Turns the plan's runs into spans in a style: emphasis, marks, links, note marks."""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.emphasis_bold = styles.emphasis_tag == "b"
        self.mark = styles.mark_tag
        self._reshape = None

    def scripts(self, span: Span) -> list[Span]:
        """A span cut where its text moves into a script of a fallback font (Hebrew, Arabic);
        Arabic is shaped into the letter forms its place in the word needs."""
        text = span.text
        if not self.styles.scripts or text.isascii() or not ANY_SCRIPT.search(text):
            return [span]
        _, bold, italic = face_parts(span.font)
        out, at, dest = [], 0, span.dest
        for match in SCRIPT_SPLIT.finditer(text):
            script, piece = match.lastgroup, match.group()
            if script not in self.styles.scripts:
                continue
            regular, covered = self.styles.scripts[script]
            if match.start() > at:
                out.append(replace(span, text=text[at:match.start()], dest=dest))
                dest = None
            if script == "arabic":
                piece = self.shape(piece, covered)
            out.append(replace(span, text=piece, font=face(regular, bold, italic), dest=dest))
            dest, at = None, match.end()
        if at < len(text):
            out.append(replace(span, text=text[at:], dest=dest))
        return out

    def shape(self, text: str, covered: frozenset[int]) -> str:
        """Arabic letters in their joined forms (isolated, initial, medial, final), unless
        the font lacks one of those forms."""
        if self._reshape is None:
            import arabic_reshaper  # only guides with Arabic need it

            self._reshape = arabic_reshaper.ArabicReshaper(
                configuration={"delete_harakat": False, "support_ligatures": True}).reshape
        shaped = self._reshape(text)
        return shaped if all(ord(c) in covered for c in shaped if not c.isspace()) else text

    def text(self, text: str, style, *, bold=False, italic=False, color=None, size=None, link=None,
             dest=None, keep=False, underline=False) -> Span:
        return Span(text, face(style.fontName, bold, italic), size or style.fontSize,
                    color or style.textColor, link=link, dest=dest, underline=underline, keep=keep)

    def emphasis(self, text: str, style, **extra) -> Span:
        return self.text(text, style, bold=self.emphasis_bold, italic=not self.emphasis_bold, **extra)

    def __call__(self, items, style, *, bold=False, color=None, size=None) -> list[Span]:
        out: list[Span] = []
        for item in items:
            if isinstance(item, NoteRef):
                base = size or style.fontSize
                out.append(Span(str(item.number), face(style.fontName), base * 0.62, self.styles.accent,
                                link=f"note-{item.number}", rise=base * 0.3))
                continue
            italic = item.italic and not self.emphasis_bold
            strong = bold or item.bold or (item.italic and self.emphasis_bold)
            underline = False
            if item.term:
                strong = strong or self.mark == "b"
                italic = italic or self.mark == "i"
                underline = self.mark == "u"
            out += self.scripts(self.text(item.text, style, bold=strong, italic=italic, size=size, link=item.link,
                                          dest=item.dest, underline=underline,
                                          color=self.styles.accent if item.term and item.link else color))
        return out


class _Story:
    """Builds the flowables for each block of the plan."""

    def __init__(self, plan: Plan, styles: Styles, page: PageState, width: float, height: float):
        self.plan, self.styles, self.page = plan, styles, page
        self.frame_width, self.frame_height = width, height
        self.spans = Spans(styles)
        self.flowables: list = []

    def para(self, runs, style, dest: str | None = None) -> TextBlock:
        anchor = [self.spans.text("", style, dest=dest)] if dest else []
        return TextBlock(anchor + self.spans(runs, style), style)

    def add(self, flowable, outline=None):
        if outline:
            flowable.outline = outline
        self.flowables.append(flowable)

    def note_spans(self, note: NoteText, style) -> list[Span]:
        title = list(note.title)
        if title and isinstance(title[-1], Run) and not title[-1].text.rstrip().endswith((".", "?", "!", ":")):
            title.append(Run(".", bold=True))
        return ([self.spans.text("", style, dest=note.dest)] + self.spans(title, style, bold=True)
                + ([self.spans.text(" ", style)] if title else []) + self.spans(note.body, style))

    def note_flowable(self, note: NoteText, style) -> Hung:
        label = Label(str(note.number), self.styles.small_font, style.fontSize, self.styles.accent,
                      style.fontSize * 1.1)
        return Hung(TextBlock(self.note_spans(note, style), style), label, indent=style.fontSize * 1.45,
                    origin=note.origin)

    def build(self) -> list:
        s = self.styles
        for block in self.plan.blocks:
            if isinstance(block, TitleBlock):
                self.add(self.para(block.title, s.title), outline=(self.plan.title, "title", 0))
                for runs, style in ((block.subtitle, s.subtitle), (block.byline, s.byline), (block.source, s.source)):
                    if runs:
                        self.add(self.para(runs, style))
                self.add(HRFlowable(width="100%", thickness=0.6, color=s.muted, spaceBefore=2,
                                    spaceAfter=s.body.leading * 0.6))
            elif isinstance(block, StatsBlock):
                self.add_stats(block)
            elif isinstance(block, Heading):
                style = s.h1 if block.level == 1 else s.h2
                self.add(TextBlock(self.spans.scripts(self.spans.text(block.text, style)), style),
                         outline=(block.text, block.dest, block.level - 1))
            elif isinstance(block, Para):
                self.add_para(block)
            elif isinstance(block, NoteBlock):
                self.add(self.note_flowable(block.note, s.note_block))
            elif isinstance(block, TimelineRow):
                self.add(Columns(self.para(block.label, s.timeline_label), self.para(block.event, s.timeline_event),
                                 left_width=self.frame_width * 0.27, gap=8, origin=block.origin, page=self.page))
            elif isinstance(block, GlossaryItem):
                self.add_glossary(block)
            elif isinstance(block, QuestionItem):
                self.add_question(block)
        return self.flowables

    def add_stats(self, block: StatsBlock):
        """The reading statistics as a small two-column list under a rule-less heading."""
        s, text = self.styles, self.spans.text
        self.add(TextBlock([text("About the text", s.timeline_label, bold=True)], s.timeline_label))
        for label, value in block.rows:
            self.add(Columns(TextBlock([text(label, s.timeline_label)], s.timeline_label),
                             TextBlock([text(value, s.timeline_event)], s.timeline_event),
                             left_width=self.frame_width * 0.27, gap=8, page=self.page))
        self.add(Spacer(1, s.body.leading * 0.4))

    def add_para(self, block: Para):
        s = self.styles
        style = s.dateline if block.style == "dateline" else s.body
        para = self.para(block.runs, style, block.dest)
        label = Label(str(block.number), s.small_font, min(style.fontSize * 0.85, s.small_size + 1), s.accent, -8) \
            if block.number else None
        notes, after = [], []
        for note in block.footnotes:
            flowable = self.note_flowable(note, s.note)
            height = flowable.wrap(self.frame_width, self.frame_height)[1] + s.note.spaceAfter
            if height > self.frame_height * FOOTNOTE_SHARE:
                after.append(self.note_flowable(note, s.note_block))
            else:
                notes.append((note.number, flowable, height))
        margin = [(f"note-{note.number}", self.margin_note(note)) for note in block.sidenotes]
        margin += [(gloss.key, TextBlock([self.spans.text("", s.margin, dest=gloss.dest)]
                                         + self.spans(gloss.term, s.margin) + [self.spans.text(" ", s.margin)]
                                         + self.spans(gloss.text, s.margin), s.margin))
                   for gloss in block.glosses]
        self.add(Hung(para, label, notes, self.page, origin=block.origin, margin=margin, counted=block.counted))
        self.flowables.extend(after)

    def margin_note(self, note: NoteText) -> TextBlock:
        s = self.styles
        number = [self.spans.text(str(note.number), s.margin, bold=True, color=s.accent),
                  self.spans.text(" ", s.margin)]
        return TextBlock(number + self.note_spans(note, s.margin), s.margin)

    def small(self) -> dict:
        """What a reference list in brackets looks like after a glossary entry or question."""
        return {"size": self.styles.small_size, "color": self.styles.muted}

    def add_glossary(self, block: GlossaryItem):
        s, text, style = self.styles, self.spans.text, self.styles.glossary
        parts = self.spans(block.term, style)
        if block.category:
            parts += [text(" ", style), *self.spans.scripts(self.spans.emphasis(block.category, style, color=s.muted))]
        parts += [text(" \u2002", style)] + self.spans(block.definition, style)
        small = self.small()
        extras: list[list[Span]] = []
        if block.paragraphs:
            refs = [text("¶\u00a0", style, **small)]
            for k, (first, last) in enumerate(_ranges(block.paragraphs)):
                if k:
                    refs.append(text(", ", style, **small))
                refs.append(text(f"{first}" if first == last else f"{first}–{last}", style, link=f"p{first}", **small))
            extras.append(refs)
        if block.see:
            see = [self.spans.emphasis("see", style, **small), text(" ", style, **small)]
            for k, (term, dest) in enumerate(block.see):
                if k:
                    see.append(text(", ", style, **small))
                see += self.spans.scripts(text(term, style, link=dest, keep=True, **small))
            extras.append(see)
        if extras:
            parts.append(text(" (", style, **small))
            for k, extra in enumerate(extras):
                if k:
                    parts.append(text("; ", style, **small))
                parts += extra
            parts.append(text(")", style, **small))
        para = TextBlock([text("", style, dest=block.dest)] + parts, style)
        self.add(Hung(para, page=self.page, origin=block.origin))

    def add_question(self, block: QuestionItem):
        s, text, style = self.styles, self.spans.text, self.styles.question
        parts = self.spans(block.prompt, style)
        if block.refs:
            small = self.small()
            parts.append(text(" (¶\u00a0", style, **small))
            for k, n in enumerate(block.refs):
                if k:
                    parts.append(text(", ", style, **small))
                parts.append(text(str(n), style, link=f"p{n}", **small))
            parts.append(text(")", style, **small))
        indent = style.fontSize * 1.9
        label = Label(f"{block.number}.", s.body.fontName + "-Bold", style.fontSize, s.accent, indent - 6)
        question = Hung(TextBlock(parts, style), label, indent=indent, page=self.page, origin=block.origin)
        question.keepWithNext = 1 if (block.lines or block.answer) else 0
        self.add(question)
        if block.answer:
            answer = ([self.spans.emphasis("Answer notes:", s.answer), text(" ", s.answer)]
                      + self.spans(block.answer, s.answer))
            self.add(Hung(TextBlock(answer, s.answer), indent=indent, page=self.page, origin=block.origin))
        if block.lines:
            spacing = max(ANSWER_LINE_SPACING, s.body.leading * 1.5)
            self.add(AnswerLines(block.lines, spacing, indent, HexColor("#8c8c8c")))
        self.add(Spacer(1, s.body.leading * 0.6))


def _ranges(numbers) -> list[tuple[int, int]]:
    """Runs of consecutive numbers, as an index prints them: 3, 4, 5, 9 -> (3, 5), (9, 9)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(first, last) for first, last in runs]


def build_story(plan: Plan, styles: Styles, page: PageState, width: float, height: float) -> list:
    return _Story(plan, styles, page, width, height).build()
