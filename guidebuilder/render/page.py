"""What happens around the text on each page: footnotes, the margin column, line numbers."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from .flowables import line_links

EDGE = 14.0  # nothing is set closer than this to the paper's edge
GUTTER = 24.0  # between the text block and the margin column (line numbers live here)


class PageState:
    """Per-page state the flowables report to while the document is laid out."""

    def __init__(self, separator: float, styles, line_every: int, page_width: float):
        self.separator = separator  # space for the rule above the first footnote of a page
        self.styles, self.line_every, self.page_width = styles, line_every, page_width
        self.notes: list = []  # (flowable, height): footnotes of this page, in order
        self.origin = None  # source position of the block being laid out
        self.lines = 0  # lines of the primary text so far
        self.frame = None  # the body frame of this page (its x moves on two-sided pages)
        self.outer_right = True
        self.cursor = 0.0  # the lowest point used in the margin column on this page
        self.carried: list = []  # margin items continued from the previous page
        self.canv = None

    # footnotes -------------------------------------------------------------
    def reserve(self, heights: list[float]) -> float:
        if not heights:
            return 0.0
        return sum(heights) + (0.0 if self.notes else self.separator)

    # page lifecycle --------------------------------------------------------
    def begin(self, canv, frame, outer_right: bool) -> None:
        self.canv, self.frame, self.outer_right = canv, frame, outer_right
        self.notes.clear()
        self.cursor = frame._y2
        carried, self.carried = self.carried, []
        for flowable, note in carried:
            self._place(flowable, self.cursor, note)

    def column(self) -> tuple[float, float]:
        """x and width of the margin column on this page (the outer margin)."""
        frame = self.frame
        # A hyphen may stick out of a justified or ragged line by a point or two.
        slack = 4.0
        if self.outer_right:
            x = frame._x1 + frame._width + GUTTER
            return x, self.page_width - EDGE - slack - x
        return EDGE + slack, frame._x1 - GUTTER - EDGE - slack

    # drawing beside the text ---------------------------------------------------
    def decorate(self, hung, x: float, top: float) -> None:
        """Line numbers and margin items for a paragraph just drawn with its top-left at (x, top)."""
        para = hung.para
        leading, size = para.style.leading, para.style.fontSize
        lines = getattr(para.blPara, "lines", ())
        if hung.counted:
            if self.line_every:
                self._line_numbers(len(lines), top - size, leading)
            self.lines += len(lines)
        if hung.margin:
            where = line_links(para)
            for href, flowable in hung.margin:
                baseline = top - size - leading * where.get(href, 0)
                self._place(flowable, baseline + self.styles.margin.fontSize)

    def _line_numbers(self, count: int, first_baseline: float, leading: float) -> None:
        canv, styles = self.canv, self.styles
        x = self.frame._x1 + self.frame._width + 6
        canv.saveState()
        canv.setFont(styles.margin_font, styles.margin.fontSize * 0.95)
        canv.setFillColor(styles.muted)
        for k in range(count):
            number = self.lines + k + 1
            if number % self.line_every == 0:
                canv.drawString(x, first_baseline - k * leading, str(number))
        canv.restoreState()

    def _place(self, flowable, top: float, note: str = "") -> None:
        """Set a margin item at `top` or lower, never over another; what does not fit moves
        on to the next page's margin, headed by `note` ("continued" or "from page N")."""
        x, width = self.column()
        gap = self.styles.margin.leading * 0.5
        top = min(top, self.cursor - (gap if self.cursor < self.frame._y2 else 0))
        bottom = self.frame._y1
        page = self.canv.getPageNumber()
        if note:
            marker = Paragraph(f"<i>{note}</i>", self.styles.margin)
            height = marker.wrap(width, top - bottom)[1]
            if height + self.styles.margin.leading > top - bottom:
                self.carried.append((flowable, note))
                return
            marker.drawOn(self.canv, x, top - height)
            top -= height
        height = flowable.wrap(width, top - bottom)[1]
        if height <= top - bottom:
            flowable.drawOn(self.canv, x, top - height)
            self.cursor = top - height
            return
        parts = flowable.split(width, top - bottom) if top - bottom > 0 else []
        if len(parts) == 2:
            first_height = parts[0].wrap(width, top - bottom)[1]
            parts[0].drawOn(self.canv, x, top - first_height)
            self.carried.append((parts[1], "continued"))
        else:
            self.carried.append((flowable, note or f"from page {page}"))
        self.cursor = bottom
