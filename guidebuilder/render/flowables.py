"""Flowables ReportLab lacks: hanging labels, page-foot and margin notes, two columns, answer lines."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from .text import TextBlock


@dataclass
class Label:
    """A number or tag hung to the left of a block, baseline on its first line."""

    text: str
    font: str
    size: float
    color: object
    right: float  # x of the label's right edge, relative to the block's left edge


class Hung(Flowable):
    """A paragraph with an optional hanging label, page-foot notes and margin items.

    Footnotes are (number, flowable, height). Their height is reserved below the
    paragraph while it is placed; the document then gives that space back to the
    text and raises the frame's bottom, so the notes land at the foot of the page
    where their marks are. Margin items are (link, flowable): each is set in the
    margin beside the line holding that link. `page` is the document's PageState."""

    def __init__(self, para: TextBlock, label: Label | None = None, notes=(), page=None,
                 indent: float = 0.0, origin=None, margin=(), counted: bool = False):
        super().__init__()
        self.para, self.label, self.notes, self.page = para, label, list(notes), page
        self.indent, self.origin, self.margin, self.counted = indent, origin, list(margin), counted
        self.reserved = 0.0
        self._wrapped = None  # the width the paragraph was last broken into lines for
        self.spaceBefore, self.spaceAfter = para.spaceBefore, para.spaceAfter
        self.keepWithNext = getattr(para.style, "keepWithNext", 0)

    def _reserve(self, notes) -> float:
        return self.page.reserve([height for _, _, height in notes]) if self.page and notes else 0.0

    def wrap(self, availWidth, availHeight):
        if self.page is not None:
            self.page.origin = self.origin
        self.width = availWidth
        # Breaking lines is most of the cost of a build, and platypus asks again and
        # again (keep-with-next groups, splits, footnote measuring): do it once a width.
        if self._wrapped != availWidth:
            _, self.ph = self.para.wrap(availWidth - self.indent, availHeight)
            self._wrapped = availWidth
        self.reserved = self._reserve(self.notes)
        self.height = self.ph + self.reserved
        return availWidth, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y, _sW)
        if self.page is not None and (self.margin or self.counted):
            self.page.decorate(self, x + self.indent, y + self.reserved + self.ph)

    def draw(self):
        self.para.drawOn(self.canv, self.indent, self.reserved)
        if self.label and self.label.text:
            baseline = self.reserved + self.ph - self.para.style.fontSize
            self.canv.setFont(self.label.font, self.label.size)
            self.canv.setFillColor(self.label.color)
            self.canv.drawRightString(self.label.right, baseline, self.label.text)

    def split(self, availWidth, availHeight):
        width = availWidth - self.indent
        notes, best = self.notes, None
        for _ in range(3):  # fewer notes leave more room; stop at the first consistent split
            room = availHeight - self._reserve(notes)
            if room <= 0:
                break
            if self._wrapped != availWidth:
                self.para.wrap(width, room)
            parts = self.para.split(width, room)
            self._wrapped = None  # split may drop the paragraph's lines: wrap again when asked
            if len(parts) != 2:
                break
            parts[0].wrap(width, room)
            links = parts[0].line_links()
            inside = [n for n in self.notes if f"note-{n[0]}" in links]
            if not all(n in notes for n in inside):
                break
            best = (parts, inside, links)
            if len(inside) == len(notes):
                break
            notes = inside
        if best is None:
            return []
        parts, inside, links = best
        first_margin = [m for m in self.margin if m[0] in links]
        first = Hung(parts[0], self.label, inside, self.page, self.indent, self.origin, first_margin, self.counted)
        second = Hung(parts[1], None, [n for n in self.notes if n not in inside], self.page, self.indent,
                      self.origin, [m for m in self.margin if m not in first_margin], self.counted)
        first.spaceAfter = 0
        second.spaceBefore = 0
        return [first, second]


class Columns(Flowable):
    """Two flowables side by side (a label column and a text column), split together."""

    def __init__(self, left, right, left_width: float, gap: float, origin=None, page=None):
        super().__init__()
        self.left, self.right, self.left_width, self.gap = left, right, left_width, gap
        self.origin, self.page = origin, page
        self.spaceAfter = max(left.getSpaceAfter(), right.getSpaceAfter()) if left and right else 0

    def _widths(self, availWidth):
        return self.left_width, availWidth - self.left_width - self.gap

    def wrap(self, availWidth, availHeight):
        if self.page is not None:
            self.page.origin = self.origin
        lw, rw = self._widths(availWidth)
        self.lh = self.left.wrap(lw, availHeight)[1] if self.left else 0
        self.rh = self.right.wrap(rw, availHeight)[1] if self.right else 0
        self.width, self.height = availWidth, max(self.lh, self.rh)
        return self.width, self.height

    def draw(self):
        if self.left:
            self.left.drawOn(self.canv, 0, self.height - self.lh)
        if self.right:
            self.right.drawOn(self.canv, self.left_width + self.gap, self.height - self.rh)

    def split(self, availWidth, availHeight):
        lw, rw = self._widths(availWidth)
        pieces = []
        for part, width in ((self.left, lw), (self.right, rw)):
            if part is None or part.wrap(width, availHeight)[1] <= availHeight:
                pieces.append((part, None))
                continue
            split = part.split(width, availHeight)
            if len(split) != 2:
                return []
            pieces.append((split[0], split[1]))
        (l1, l2), (r1, r2) = pieces
        return [Columns(l1, r1, self.left_width, self.gap, self.origin, self.page),
                Columns(l2, r2, self.left_width, self.gap, self.origin, self.page)]


class AnswerLines(Flowable):
    """Ruled lines to write an answer on; splits between lines."""

    def __init__(self, count: int, spacing: float, indent: float, color):
        super().__init__()
        self.count, self.spacing, self.indent, self.color = count, spacing, indent, color

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.count * self.spacing
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.4)
        for k in range(self.count):
            y = self.height - (k + 1) * self.spacing
            self.canv.line(self.indent, y, self.width, y)

    def split(self, availWidth, availHeight):
        fit = int(availHeight // self.spacing)
        if fit < 2 or fit >= self.count:
            return []
        return [AnswerLines(fit, self.spacing, self.indent, self.color),
                AnswerLines(self.count - fit, self.spacing, self.indent, self.color)]
