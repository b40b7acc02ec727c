"""Blocks of the plan become ReportLab flowables."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import HRFlowable, Spacer

from ..layout import (GlossaryItem, Heading, NoteBlock, NoteRef, NoteText, Para, Plan, QuestionItem, Run,
                      StatsBlock, TimelineRow, TitleBlock)
from .flowables import AnswerLines, Columns, Hung, Label
from .page import PageState
from .styles import Styles

FOOTNOTE_SHARE = 0.35  # a note taller than this share of the text block prints after its paragraph
ANSWER_LINE_SPACING = 22.0  # about 7.8 mm: room for handwriting


def _hex(color) -> str:
    return "#" + color.hexval()[2:]


def markup(items, styles: Styles) -> str:
    """ReportLab paragraph markup for runs: user text escaped, only our own tags."""
    out = []
    for item in items:
        if isinstance(item, NoteRef):
            out.append(f'<super rise="{styles.body.fontSize * 0.3:.1f}" size="{styles.body.fontSize * 0.62:.1f}">'
                       f'<a href="#note-{item.number}" color="{_hex(styles.accent)}">{item.number}</a></super>')
            continue
        text = escape(item.text)
        if item.italic:
            text = f"<{styles.emphasis_tag}>{text}</{styles.emphasis_tag}>"
        if item.bold:
            text = f"<b>{text}</b>"
        if item.term and styles.mark_tag:
            text = f"<{styles.mark_tag}>{text}</{styles.mark_tag}>"
        if item.link:
            color = f' color="{_hex(styles.accent)}"' if item.term else ""
            text = f'<a href="#{item.link}"{color}>{text}</a>'
        if item.dest:
            text = f'<a name="{item.dest}"/>{text}'
        out.append(text)
    return "".join(out)


class _Story:
    """Builds the flowables for each block of the plan."""

    def __init__(self, plan: Plan, styles: Styles, page: PageState, width: float, height: float):
        self.plan, self.styles, self.page = plan, styles, page
        self.frame_width, self.frame_height = width, height
        self.flowables: list = []

    def para(self, runs, style, dest: str | None = None) -> Paragraph:
        anchor = f'<a name="{dest}"/>' if dest else ""
        return Paragraph(anchor + markup(runs, self.styles), style)

    def add(self, flowable, outline=None):
        if outline:
            flowable.outline = outline
        self.flowables.append(flowable)

    def note_text(self, note: NoteText, style) -> str:
        title = list(note.title)
        if title and isinstance(title[-1], Run) and not title[-1].text.rstrip().endswith((".", "?", "!", ":")):
            title.append(Run(".", bold=True))
        return f'<a name="{note.dest}"/>' + markup(title + ([Run(" ")] if title else []) + list(note.body), self.styles)

    def note_flowable(self, note: NoteText, style) -> Hung:
        label = Label(str(note.number), self.styles.small_font, style.fontSize, self.styles.accent,
                      style.fontSize * 1.1)
        return Hung(Paragraph(self.note_text(note, style), style), label, indent=style.fontSize * 1.45,
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
                self.add(Paragraph(escape(block.text), style), outline=(block.text, block.dest, block.level - 1))
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
        s = self.styles
        self.add(Paragraph("<b>About the text</b>", s.timeline_label))
        for label, value in block.rows:
            self.add(Columns(Paragraph(escape(label), s.timeline_label), Paragraph(escape(value), s.timeline_event),
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
        margin = [(f"#note-{note.number}", self.margin_note(note)) for note in block.sidenotes]
        margin += [(f"#{gloss.key}", Paragraph(
            f'<a name="{gloss.dest}"/>' + markup(gloss.term, s) + " " + markup(gloss.text, s), s.margin))
            for gloss in block.glosses]
        self.add(Hung(para, label, notes, self.page, origin=block.origin, margin=margin, counted=block.counted))
        self.flowables.extend(after)

    def margin_note(self, note: NoteText) -> Paragraph:
        s = self.styles
        number = f'<font color="{_hex(s.accent)}"><b>{note.number}</b></font> '
        return Paragraph(number + self.note_text(note, s.margin), s.margin)

    def add_glossary(self, block: GlossaryItem):
        s = self.styles
        muted = _hex(s.muted)
        parts = [markup(block.term, s)]
        if block.category:
            parts.append(f' <font color="{muted}"><{s.emphasis_tag}>{escape(block.category)}</{s.emphasis_tag}></font>')
        parts.append(" \u2002" + markup(block.definition, s))
        extras = []
        if block.paragraphs:
            extras.append("¶\u00a0" + ", ".join(
                f'<a href="#p{first}">{first}{"" if first == last else f"–{last}"}</a>'
                for first, last in _ranges(block.paragraphs)))
        if block.see:
            extras.append(f"<{s.emphasis_tag}>see</{s.emphasis_tag}> " + ", ".join(
                f'<a href="#{dest}"><nobr>{escape(term)}</nobr></a>' for term, dest in block.see))
        if extras:
            parts.append(f' <font size="{s.small_size}" color="{muted}">({"; ".join(extras)})</font>')
        para = Paragraph(f'<a name="{block.dest}"/>' + "".join(parts), s.glossary)
        self.add(Hung(para, page=self.page, origin=block.origin))

    def add_question(self, block: QuestionItem):
        s = self.styles
        text = markup(block.prompt, s)
        if block.refs:
            refs = ", ".join(f'<a href="#p{n}">{n}</a>' for n in block.refs)
            text += f' <font size="{s.small_size}" color="{_hex(s.muted)}">(¶\u00a0{refs})</font>'
        indent = s.question.fontSize * 1.9
        label = Label(f"{block.number}.", s.body.fontName + "-Bold", s.question.fontSize, s.accent, indent - 6)
        question = Hung(Paragraph(text, s.question), label, indent=indent, page=self.page, origin=block.origin)
        question.keepWithNext = 1 if (block.lines or block.answer) else 0
        self.add(question)
        if block.answer:
            answer = f"<{s.emphasis_tag}>Answer notes:</{s.emphasis_tag}> " + markup(block.answer, s)
            self.add(Hung(Paragraph(answer, s.answer), indent=indent, page=self.page, origin=block.origin))
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
