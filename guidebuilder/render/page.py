"""What happens around the text on each page: footnotes, the margin column, line numbers."""

from __future__ import annotations

from reportlab.platypus.doctemplate import LayoutError

from .styles import face
from .text import Span, TextBlock

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
        self.pending: list = []  # (wanted top, flowable, heading) of this page's margin items
        self.carried: list = []  # (flowable, heading) moving on to the next page's margin
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
        self.pending = [(frame._y2, flowable, heading) for flowable, heading in self.carried]
        self.carried = []

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
        lines = para.lines
        if hung.counted:
            if self.line_every:
                self._line_numbers(len(lines), top - size, leading)
            self.lines += len(lines)
        if hung.margin:
            where = para.line_links()
            for href, flowable in hung.margin:
                baseline = top - size - leading * where.get(href, 0)
                self.pending.append((baseline + self.styles.margin.fontSize, flowable, ""))

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

    # the margin column ----------------------------------------------------------
    def _measured(self, width: float) -> list:
        """[wanted top, height, parts, flowable, heading] for each pending item; a carried
        item is headed by a small italic line ("continued", "from page N")."""
        items = []
        for wanted, flowable, heading in self.pending:
            parts = ([self._heading(heading)] if heading else []) + [flowable]
            height = sum(part.wrap(width, 1e6)[1] for part in parts)
            items.append([wanted, height, parts, flowable, heading])
        return items

    def _heading(self, text: str) -> TextBlock:
        style = self.styles.margin
        return TextBlock([Span(text, face(style.fontName, italic=True), style.fontSize, style.textColor)], style)

    def margin_overflows(self) -> bool:
        """Whether this page's margin items cannot all be set on it."""
        if self.carried:
            return True
        if not self.pending:
            return False
        _, width = self.column()
        gap = self.styles.margin.leading * 0.5
        items = self._measured(width)
        total = sum(item[1] for item in items) + gap * (len(items) - 1)
        return total > self.frame._y2 - self.frame._y1

    def end(self) -> None:
        """Set this page's margin items: each level with its mark's line, or lower when the
        one above needs the room; near the foot of the column they move up as far as needed
        (never above another item). Items that cannot all fit move on, in order, to the next
        page's margin, headed "from page N"; an item taller than the whole column is split
        and its rest headed "continued"."""
        if not self.pending:
            return
        x, width = self.column()
        gap = self.styles.margin.leading * 0.5
        top_limit, bottom = self.frame._y2, self.frame._y1
        items = self._measured(width)
        self.pending = []
        count, used = 0, 0.0
        while count < len(items) and used + items[count][1] + (gap if count else 0) <= top_limit - bottom:
            used += items[count][1] + (gap if count else 0)
            count += 1
        page = self.canv.getPageNumber()
        if count == 0:  # one item taller than the column: split it
            _, _, parts, flowable, heading = items[0]
            room = top_limit - bottom - sum(p.wrap(width, 1e6)[1] for p in parts[:-1])
            pieces = flowable.split(width, room) if room > self.styles.margin.leading else []
            if len(pieces) != 2:
                raise LayoutError("a margin note does not fit in the margin")
            self._draw(parts[:-1] + [pieces[0]], x, top_limit, width)
            self.carried.append((pieces[1], "continued"))
            count = 1
        else:
            fit = items[:count]
            tops, cursor = [], top_limit + gap
            for wanted, height, *_ in fit:  # slide down below the item above
                tops.append(min(wanted, cursor - gap))
                cursor = tops[-1] - height
            floor = bottom
            for i in reversed(range(len(fit))):  # and up from the foot of the column
                tops[i] = max(tops[i], floor + fit[i][1])
                floor = tops[i] + gap
            for top, (_, _, parts, _, _) in zip(tops, fit):
                self._draw(parts, x, top, width)
        self.carried.extend((f, h or f"from page {page}") for _, _, _, f, h in items[count:])

    def _draw(self, parts: list, x: float, top: float, width: float) -> None:
        for part in parts:
            height = part.wrap(width, 1e6)[1]
            part.drawOn(self.canv, x, top - height)
            top -= height
