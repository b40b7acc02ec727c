"""The render stage: a Plan becomes PDF bytes through ReportLab's platypus."""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..fonts import FontFamily
from ..inline import smarten
from ..layout import Plan
from ..scripts import ANY_SCRIPT
from .flowables import Hung
from .measure import GAP, WIDTH
from .page import PageState
from .story import Spans, build_story
from .styles import Styles, make_styles, register_family
from .text import Span, TextBlock


class TooTall(Exception):
    """A block could not be placed on any page; carries its source position."""

    def __init__(self, origin, message: str):
        super().__init__(message)
        self.origin = origin


class _Link(pdfdoc.LinkAnnotation):
    """A link annotation that writes itself: ReportLab's general dictionary code spends a
    tenth of a long guide's time on thousands of them. The bytes are the same."""

    def format(self, document):
        return (b"<<\n/Border [ 0 0 0 ] /Contents () /Dest " + self.Destination.format(document)
                + f" /Rect [ {fp_str(*self.Rect)} ] /Subtype /Link /Type /Annot\n>>".encode())


class _Canvas(rl_canvas.Canvas):
    """A canvas whose running heads are forms drawn once the page count is known."""

    def link(self, name: str, rect) -> None:
        """An invisible link to the named destination over `rect` (in the current user space)."""
        self._addAnnotation(_Link(self._absRect(rect, 1), "", self._bookmarkReference(name)))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deferred: list[tuple[str, object]] = []
        self.encoded: dict = {}  # face -> its subsets and codes in this document (see text._show)

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


class _MarginFlush(Flowable):
    """Ends the story: adds pages while margin items are still waiting for room."""

    def __init__(self, page: PageState):
        super().__init__()
        self.page, self.rounds = page, 0

    def frameAction(self, frame):
        if self.page.margin_overflows():
            self.rounds += 1
            if self.rounds > 50:
                raise LayoutError("a margin item does not fit in the margin")
            frame.add_generated_content(PageBreak(), self)


def _fit(texts: list[str], width: float, font: str, size: float) -> list[str]:
    """Shorten the first part of a running head with an ellipsis so the parts never collide."""
    gap = size * 2
    others = sum(stringWidth(t, font, size) + gap for t in texts[1:] if t)
    room = width - others
    first = texts[0]
    if stringWidth(first, font, size) <= room:
        return texts
    low, high = 0, len(first)  # the longest prefix that fits with its ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(first[:middle] + "\u2026", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return [first[:low].rstrip() + "\u2026", *texts[1:]]


class _Document(BaseDocTemplate):
    """Page geometry, footnotes at the page foot, outline entries and running heads."""

    def __init__(self, buffer, plan: Plan, styles: Styles):
        layout = plan.layout
        width, height = layout.page_size
        top, bottom, inner, outer = layout.margins
        super().__init__(buffer, pagesize=(width, height), leftMargin=inner, rightMargin=outer,
                         topMargin=top, bottomMargin=bottom, title=plan.title, author=plan.author,
                         subject=plan.subject, creator=f"guidebuilder {__version__}",
                         producer=f"guidebuilder {__version__} (ReportLab)", lang=plan.language,
                         invariant=1, pageCompression=1, displayDocTitle=1,
                         cropMarks=bool(layout.crop_marks))
        self.plan, self.styles = plan, styles
        self.body_frame = Frame(inner, bottom, width - inner - outer, height - top - bottom, id="body",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.page_state = PageState(styles.note.leading * 1.1, styles, layout.line_numbers, width)
        self.section = ""
        self.page_section = None
        self.addPageTemplates([PageTemplate("page", [self.body_frame], onPage=self._page_start,
                                            onPageEnd=self._page_end)])

    def _recto(self) -> bool:
        return not self.plan.layout.two_sided or self.page % 2 == 1

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):
        super().handle_frameBegin(resume, pageTopFlowables)
        frame, layout = self.frame, self.plan.layout
        _, _, inner, outer = layout.margins
        frame._x1 = inner if self._recto() else outer  # mirrored margins on left-hand pages
        frame._geom()  # also undoes the bottom raised for the last page's footnotes
        frame._x = frame._x1
        self.page_state.begin(self.canv, frame, outer_right=self._recto())

    def _page_start(self, canv, doc):
        self.page_section = None
        if self.plan.layout.crop_marks:  # where the printer trims: the page inside its 36 pt border
            width, height = self.plan.layout.page_size
            canv.setTrimBox((36, 36, 36 + width, 36 + height))

    def afterFlowable(self, flowable):
        if isinstance(flowable, Hung) and flowable.reserved:
            self.page_state.notes.extend((note, height) for _, note, height in flowable.notes)
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
        self.page_state.end()
        notes = self.page_state.notes
        if notes:
            frame = self.frame
            y = frame._y1 + sum(height for _, height in notes)
            canv.setStrokeColor(self.styles.muted)
            canv.setLineWidth(0.5)
            rule_y = y + self.page_state.separator * 0.55
            canv.line(frame._x1, rule_y, frame._x1 + 72, rule_y)
            for note, height in notes:
                note.wrap(frame._width, height)
                note.drawOn(canv, frame._x1, y - height)
                y -= height
        self._running_heads(canv)

    def _running_heads(self, canv):
        layout, page = self.plan.layout, canv.getPageNumber()
        width, height = layout.page_size
        top, bottom, _, _ = layout.margins
        left, right = self.frame._x1, self.frame._x1 + self.frame._width
        section = self.page_section or self.section
        font, size, muted = self.styles.small_font, self.styles.small_size, self.styles.muted
        recto, title = self._recto(), self.plan.running_title
        smart = smarten if layout.typography else (lambda text: text)
        lines = [(smart(template).split("|"), y) for template, y in
                 ((layout.header, height - top * 0.55), (layout.footer, bottom * 0.5)) if template]
        if not lines:
            return

        def draw(c, total):
            c.setFont(font, size)
            c.setFillColor(muted)
            for parts, y in lines:
                texts = [p.replace("{title}", title).replace("{section}", section)
                         .replace("{page}", str(page)).replace("{pages}", str(total)) for p in parts]
                if not recto:
                    texts.reverse()  # the outer side of a left-hand page is its left
                texts = _fit(texts, right - left, font, size)
                if len(texts) == 1:
                    self._head_text(c, texts[0], (left + right) / 2, y, TA_CENTER)
                    continue
                self._head_text(c, texts[0], left, y, TA_LEFT)
                self._head_text(c, texts[-1], right, y, TA_RIGHT)
                if len(texts) == 3 and texts[1]:
                    self._head_text(c, texts[1], (left + right) / 2, y, TA_CENTER)
        canv.defer(f"gbhead{page}", draw)

    def _head_text(self, c, text: str, x: float, y: float, alignment: int) -> None:
        """One part of a running head, its baseline at y, starting, centred or ending at x."""
        styles = self.styles
        if not (styles.scripts and ANY_SCRIPT.search(text)):
            {TA_LEFT: c.drawString, TA_RIGHT: c.drawRightString, TA_CENTER: c.drawCentredString}[alignment](x, y, text)
            return
        # Hebrew or Arabic: set like any paragraph, in visual order with the fallback fonts.
        style = ParagraphStyle("head", fontName=styles.small_font, fontSize=styles.small_size,
                               leading=styles.small_size * 1.2, textColor=styles.muted, alignment=alignment)
        spans = Spans(styles).scripts(Span(text, styles.small_font, styles.small_size, styles.muted))
        block = TextBlock(spans, style)
        width = sum(word[WIDTH] + word[GAP] for word in block.words_now()) + 0.01
        block.wrap(width, 1e6)
        left = {TA_LEFT: x, TA_RIGHT: x - width, TA_CENTER: x - width / 2}[alignment]
        block.drawOn(c, left, y - block.height + styles.small_size)

    def handle_flowable(self, flowables):
        try:
            super().handle_flowable(flowables)
        except LayoutError as exc:
            raise TooTall(self.page_state.origin, str(exc)) from None


def covered_characters(families: dict[str, FontFamily]) -> frozenset[int]:
    """Characters every face of every family can draw (from the fonts ReportLab parsed)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    covered: frozenset[int] | None = None
    for family in families.values():
        base = register_family(family)
        for suffix in ("", "-Bold", "-Italic", "-BoldItalic"):
            chars = _COVERAGE.get(base + suffix)
            if chars is None:
                chars = _COVERAGE[base + suffix] = frozenset(getFont(base + suffix).face.charToGlyph)
            covered = chars if covered is None else covered & chars
    return covered or frozenset()


_COVERAGE: dict[str, frozenset[int]] = {}


def render_pdf(plan: Plan, families: dict[str, FontFamily], fallbacks: dict[str, FontFamily] | None = None) -> bytes:
    """Typeset the plan; raises TooTall naming the source of an unplaceable block.
    `fallbacks` are the fonts of scripts the layout's fonts lack (script -> family)."""
    fonts = {name: register_family(family) for name, family in families.items()}
    scripts = {script: (register_family(family), covered_characters({script: family}))
               for script, family in (fallbacks or {}).items()}
    styles = make_styles(plan.layout, fonts, plan.language, scripts)
    buffer = io.BytesIO()
    doc = _Document(buffer, plan, styles)
    story = build_story(plan, styles, doc.page_state, doc.body_frame._width, doc.body_frame._height)
    story.append(_MarginFlush(doc.page_state))
    try:
        doc.build(story, canvasmaker=_Canvas)
    except LayoutError as exc:  # raised at a page's end (its margin), outside handle_flowable
        raise TooTall(doc.page_state.origin, str(exc)) from None
    data = buffer.getvalue()
    if plan.layout.imposition == "booklet":
        from .impose import impose_booklet  # pypdf is slow to import; only booklets need it
        data = impose_booklet(data, plan.layout.creep, plan.layout.sheet_size)
    return data
