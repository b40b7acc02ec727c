"""The render stage: a Plan becomes PDF bytes through ReportLab's platypus."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import HRFlowable, Spacer

from .. import __version__
from ..fonts import FontFamily
from ..layout import (GlossaryItem, Heading, NoteBlock, NoteRef, NoteText, Para, Plan, QuestionItem,
                      Run, TimelineRow, TitleBlock)
from .flowables import AnswerLines, Columns, Hung, Label, PageNotes
from .styles import Styles, make_styles, register_family

FOOTNOTE_SHARE = 0.35  # a note taller than this share of the text block prints after its paragraph
ANSWER_LINE_SPACING = 22.0  # about 7.8 mm: room for handwriting


class TooTall(Exception):
    """A block could not be placed on any page; carries its source position."""

    def __init__(self, origin, message: str):
        super().__init__(message)
        self.origin = origin


def markup(items, styles: Styles) -> str:
    """ReportLab paragraph markup for runs: user text escaped, only our own tags."""
    out = []
    accent = styles.accent.hexval()[2:]
    for item in items:
        if isinstance(item, NoteRef):
            out.append(f'<super rise="3.2" size="{styles.body.fontSize * 0.62:.1f}">'
                       f'<a href="#note-{item.number}" color="#{accent}">{item.number}</a></super>')
            continue
        text = escape(item.text)
        if item.italic:
            text = f"<i>{text}</i>"
        if item.bold or item.term:
            text = f"<b>{text}</b>"
        if item.link:
            color = f' color="#{accent}"' if item.term else ""
            text = f'<a href="#{item.link}"{color}>{text}</a>'
        if item.dest:
            text = f'<a name="{item.dest}"/>{text}'
        out.append(text)
    return "".join(out)


class _Canvas(rl_canvas.Canvas):
    """A canvas whose running heads and feet are forms drawn once the page count is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deferred: list[tuple[str, object]] = []

    def defer(self, name: str, draw) -> None:
        self.doForm(name)
        self.deferred.append((name, draw))

    def save(self):
        total = self.getPageNumber() - 1
        for name, draw in self.deferred:
            self.beginForm(name)
            draw(self, total)
            self.endForm()
        super().save()


class _Document(BaseDocTemplate):
    """Page geometry, footnotes at the page foot, outline entries and running feet."""

    def __init__(self, buffer, plan: Plan, styles: Styles, fonts: dict[str, str]):
        layout = plan.layout
        width, height = layout.page_size
        top, bottom, inner, outer = layout.margins
        super().__init__(buffer, pagesize=(width, height), leftMargin=inner, rightMargin=outer,
                         topMargin=top, bottomMargin=bottom, title=plan.title, author=plan.author,
                         subject=plan.subject, creator=f"guidebuilder {__version__}",
                         producer=f"guidebuilder {__version__} (ReportLab)", lang=plan.language,
                         invariant=1, pageCompression=1, displayDocTitle=1)
        self.plan, self.styles, self.fonts = plan, styles, fonts
        frame = Frame(inner, bottom, width - inner - outer, height - top - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.body_frame = frame
        self.page_notes = PageNotes(frame_bottom=bottom, separator=styles.note.leading * 1.1)
        self.section = ""
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._page_start,
                                            onPageEnd=self._page_end)])

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):
        super().handle_frameBegin(resume, pageTopFlowables)
        self.frame._geom()  # undo the bottom raised for the last page's notes

    def _page_start(self, canv, doc):
        self.page_notes.notes.clear()
        self.page_section = None

    def afterFlowable(self, flowable):
        if isinstance(flowable, Hung) and flowable.reserved:
            self.page_notes.notes.extend((note, height) for _, note, height in flowable.notes)
            self.frame._y += flowable.reserved
            self.frame._y1p += flowable.reserved
        outline = getattr(flowable, "outline", None)
        if outline:
            text, key, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level, closed=False)
            if level == 0 and key != "title":
                self.section = text
                self.page_section = self.page_section or text

    def _page_end(self, canv, doc):
        notes = self.page_notes.notes
        if notes:
            frame = self.body_frame
            y = frame._y1 + sum(height for _, height in notes)
            separator = self.page_notes.separator
            canv.setStrokeColor(self.styles.muted)
            canv.setLineWidth(0.5)
            rule_y = y + separator * 0.55
            canv.line(frame._x1, rule_y, frame._x1 + 72, rule_y)
            for note, height in notes:
                note.wrap(frame._width, height)
                note.drawOn(canv, frame._x1, y - height)
                y -= height
        self._draw_foot(canv)

    def _draw_foot(self, canv):
        layout, page = self.plan.layout, canv.getPageNumber()
        width, height = layout.page_size
        top, bottom, inner, outer = layout.margins
        section = self.page_section or self.section
        font, size = self.fonts[layout.body.family], 8.5
        muted = self.styles.muted
        lines = []
        for template, y in ((layout.header, height - top * 0.55), (layout.footer, bottom * 0.5)):
            if template:
                parts = template.split("|")
                lines.append((parts, y))
        if not lines:
            return
        title = self.plan.running_title

        def draw(c, total, lines=lines, page=page, section=section):
            c.setFont(font, size)
            c.setFillColor(muted)
            for parts, y in lines:
                texts = [p.replace("{title}", title).replace("{section}", section)
                         .replace("{page}", str(page)).replace("{pages}", str(total)) for p in parts]
                left, right = inner, width - outer
                texts = _fit(texts, right - left, font, size)
                if len(texts) == 1:
                    c.drawCentredString((left + right) / 2, y, texts[0])
                else:
                    c.drawString(left, y, texts[0])
                    c.drawRightString(right, y, texts[-1])
                    if len(texts) == 3:
                        c.drawCentredString((left + right) / 2, y, texts[1])
        canv.defer(f"gbfoot{page}", draw)

    def handle_flowable(self, flowables):
        try:
            super().handle_flowable(flowables)
        except LayoutError as exc:
            raise TooTall(self.page_notes.origin, str(exc)) from None


def _fit(texts: list[str], width: float, font: str, size: float) -> list[str]:
    """Shorten the first part of a running head with an ellipsis so the parts never collide."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    gap = size * 2
    others = sum(stringWidth(t, font, size) + gap for t in texts[1:])
    room = width - others if len(texts) > 1 else width
    first = texts[0]
    if stringWidth(first, font, size) <= room:
        return texts
    while first and stringWidth(first + "\u2026", font, size) > room:
        first = first[:-1]
    return [first.rstrip() + "\u2026", *texts[1:]]


class _Story:
    """Builds the flowables for each block of the plan."""

    def __init__(self, plan: Plan, styles: Styles, doc: _Document):
        self.plan, self.styles, self.doc = plan, styles, doc
        self.frame_width = doc.body_frame._width
        self.frame_height = doc.body_frame._height
        self.flowables: list = []

    def para(self, runs, style, dest: str | None = None) -> Paragraph:
        anchor = f'<a name="{dest}"/>' if dest else ""
        return Paragraph(anchor + markup(runs, self.styles), style)

    def add(self, flowable, outline=None):
        if outline:
            flowable.outline = outline
        self.flowables.append(flowable)

    def note_flowable(self, note: NoteText, style) -> Hung:
        title = list(note.title)
        if title and isinstance(title[-1], Run) and not title[-1].text.rstrip().endswith((".", "?", "!", ":")):
            title.append(Run(".", bold=True))
        body = title + ([Run(" ")] if title else []) + list(note.body)
        para = Paragraph(f'<a name="{note.dest}"/>' + markup(body, self.styles), style)
        label = Label(str(note.number), self.styles.small_font, style.fontSize, self.styles.accent, 9)
        return Hung(para, label, indent=12, origin=note.origin)

    def build(self) -> list:
        s = self.styles
        area = self.doc.page_notes
        for block in self.plan.blocks:
            if isinstance(block, TitleBlock):
                self.add(self.para(block.title, s.title), outline=(self.plan.title, "title", 0))
                if block.subtitle:
                    self.add(self.para(block.subtitle, s.subtitle))
                if block.byline:
                    self.add(self.para(block.byline, s.byline))
                if block.source:
                    self.add(self.para(block.source, s.source))
                self.add(HRFlowable(width="100%", thickness=0.6, color=s.muted, spaceBefore=2,
                                    spaceAfter=s.body.leading * 0.6))
            elif isinstance(block, Heading):
                style = s.h1 if block.level == 1 else s.h2
                self.add(Paragraph(escape(block.text), style), outline=(block.text, block.dest, block.level - 1))
            elif isinstance(block, Para):
                self.add_para(block, area)
            elif isinstance(block, NoteBlock):
                self.add(self.note_flowable(block.note, s.note_block))
            elif isinstance(block, TimelineRow):
                self.add(Columns(self.para(block.label, s.timeline_label), self.para(block.event, s.timeline_event),
                                 left_width=self.frame_width * 0.27, gap=8, origin=block.origin, area=area))
            elif isinstance(block, GlossaryItem):
                self.add_glossary(block, area)
            elif isinstance(block, QuestionItem):
                self.add_question(block, area)
        return self.flowables

    def add_para(self, block: Para, area: PageNotes):
        s = self.styles
        style = {"body": s.body, "intro": s.intro, "dateline": s.dateline}.get(block.style, s.body)
        para = self.para(block.runs, style, block.dest)
        label = Label(str(block.number), s.small_font, style.fontSize * 0.85, s.accent, -8) \
            if block.number else None
        notes, after = [], []
        for note in block.footnotes:
            flowable = self.note_flowable(note, s.note)
            height = flowable.wrap(self.frame_width, self.frame_height)[1] + s.note.spaceAfter
            if height > self.frame_height * FOOTNOTE_SHARE:
                after.append(self.note_flowable(note, s.note_block))
            else:
                notes.append((note.number, flowable, height))
        self.add(Hung(para, label, notes, area, origin=block.origin))
        self.flowables.extend(after)

    def add_glossary(self, block: GlossaryItem, area: PageNotes):
        s = self.styles
        parts = [markup(block.term, s)]
        if block.category:
            parts.append(f' <font color="#{s.muted.hexval()[2:]}"><i>{escape(block.category)}</i></font>')
        parts.append(" \u2002" + markup(block.definition, s))
        extras = []
        if block.paragraphs:
            links = ", ".join(f'<a href="#p{n}">{n}</a>' for n in block.paragraphs)
            extras.append(f"¶\u00a0{links}")
        if block.see:
            extras.append("<i>see</i> " + ", ".join(f'<a href="#{dest}">{escape(term)}</a>' for term, dest in block.see))
        if extras:
            parts.append(f' <font size="{s.glossary.fontSize - 1}" color="#{s.muted.hexval()[2:]}">'
                         f"({'; '.join(extras)})</font>")
        para = Paragraph(f'<a name="{block.dest}"/>' + "".join(parts), s.glossary)
        self.add(Hung(para, area=area, origin=block.origin))

    def add_question(self, block: QuestionItem, area: PageNotes):
        s = self.styles
        text = markup(block.prompt, s)
        if block.refs:
            refs = ", ".join(f'<a href="#p{n}">{n}</a>' for n in block.refs)
            text += f' <font size="{s.question.fontSize - 1.5}" color="#{s.muted.hexval()[2:]}">(¶\u00a0{refs})</font>'
        label = Label(f"{block.number}.", s.body.fontName + "-Bold", s.question.fontSize, s.accent, 14)
        has_more = block.lines or block.answer
        question = Hung(Paragraph(text, s.question), label, indent=20, area=area, origin=block.origin)
        question.keepWithNext = 1 if has_more else 0
        self.add(question)
        if block.answer:
            self.add(Hung(self.para(block.answer, s.answer), indent=20, area=area, origin=block.origin))
        if block.lines:
            self.add(AnswerLines(block.lines, ANSWER_LINE_SPACING, 20, HexColor("#8c8c8c")))
        self.add(Spacer(1, s.body.leading * 0.6))


def render_pdf(plan: Plan, families: dict[str, FontFamily]) -> bytes:
    """Typeset the plan; raises TooTall naming the source of an unplaceable block."""
    fonts = {name: register_family(family) for name, family in families.items()}
    styles = make_styles(plan.layout, fonts, plan.language)
    buffer = io.BytesIO()
    doc = _Document(buffer, plan, styles, fonts)
    story = _Story(plan, styles, doc).build()
    doc.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()
