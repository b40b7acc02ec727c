"""Our own paragraphs: styled spans broken into justified, hyphenated lines.

ReportLab's Paragraph parses markup and measures every fragment again on every
break. guidebuilder already knows its spans, so it measures each word once per
font, breaks lines itself and hands ReportLab nothing but text to show: no
markup is ever parsed, whatever the input holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable

from .bidi import has_rtl, paragraph_direction, visual_order
from .measure import (GAP, PIECES, RTL, SOFT_HYPHEN, SPACE, STRETCH, WIDTH, piece, space_width, split_pieces,
                      stretch_of, text_width, widths_of)

HYPHENATE_BELOW = 0.95  # a line fuller than this is not worth a hyphen
MAX_HYPHENS = 2  # consecutive hyphenated lines
LONGEST_HYPHENATED = 60  # longer "words" (a URL, a row of x) are cut where the line ends, not hyphenated


@dataclass(frozen=True, slots=True)
class Span:
    """Text in one face, size and colour; `link` jumps to a destination, `dest` is one."""

    text: str
    font: str
    size: float
    color: object
    link: str | None = None
    dest: str | None = None
    rise: float = 0.0
    underline: bool = False
    keep: bool = False  # no line break inside


_BREAKABLE = re.compile(r"[ \t\n\r\f\v]+")


def make_word(pieces: tuple, space: Span | None) -> tuple:
    """A word of several pieces, measured."""
    return (pieces, sum(piece[2] for piece in pieces), space, space_width(space), stretch_of(pieces),
            any(has_rtl(piece[1]) for piece in pieces))


def word_text(word) -> str:
    return "".join(piece[1] for piece in word[PIECES])


def words_of(spans) -> list[tuple]:
    """The words of a paragraph, white space collapsed as in running text."""
    words: list[tuple] = []
    pieces: list[tuple] = []
    for span in spans:
        text = span.text
        if span.keep or not _BREAKABLE.search(text):
            if text or span.dest:
                pieces.append(piece(span, text))
            continue
        parts = _BREAKABLE.split(text)
        if parts[0] or span.dest:
            pieces.append(piece(span, parts[0]))
        if len(parts) == 1:
            continue
        plain = replace(span, dest=None) if span.dest else span
        if pieces:
            words.append(make_word(tuple(pieces), plain))
            pieces.clear()
        rtl, nbsp = has_rtl(text), "\u00a0" in text
        font, size, gap = plain.font, plain.size, space_width(plain)
        known = widths_of(font)
        for part in parts[1:-1]:  # the hot loop: one-piece words in one span
            if SOFT_HYPHEN in part:
                words.append(make_word((piece(plain, part),), plain))
            elif part:
                width = known.get(part)
                if width is None:
                    width = text_width(font, part)
                width *= size
                words.append((((plain, part, width),), width, plain, gap,
                              part.count("\u00a0") if nbsp else 0, rtl and has_rtl(part)))
        if parts[-1]:
            pieces.append(piece(plain, parts[-1]))
    if pieces:
        words.append(make_word(tuple(pieces), None))
    return words


def _cut(word, at: int, hyphen: bool) -> tuple:
    """Word split before character `at`; the head ends with a hyphen if asked."""
    head, tail = split_pieces(word[PIECES], at)
    if hyphen:
        span, text, _ = head[-1]
        head[-1] = piece(span, (text[:-1] if text.endswith(SOFT_HYPHEN) else text) + "-")
    return make_word(tuple(head), None), make_word(tuple(tail), word[SPACE])


_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _break_points(word, hyphenate, room: float) -> list[int]:
    """Where a word may break, longest head first: at its soft hyphens if it has any, else
    after its own hyphens (Brest-Litovsk), else at the dictionary's points of its letters;
    never inside a no-break piece. Marks are looked for only in the part that can fit in
    `room`: such a word may be huge."""
    text = word_text(word)
    inner = text[1:-1]
    points: list[int] = []
    for marks in (SOFT_HYPHEN, "-\u2010"):
        if any(mark in inner for mark in marks):
            head = text[1:min(_long_cut(word, room) + 1, len(text) - 1)]
            points = [i + 2 for i in range(len(head) - 1, -1, -1) if head[i] in marks]
            break
    else:
        if not hyphenate or not 5 <= len(text) <= LONGEST_HYPHENATED:
            return []
        lead, core, _ = _CORE.match(text).groups()
        points = [len(lead) + point for point in hyphenate(core)]
    if points and any(span.keep for span, _, _ in word[PIECES]):
        kept, seen = [], 0
        for span, piece_text, _ in word[PIECES]:
            if span.keep:
                kept.append((seen, seen + len(piece_text)))
            seen += len(piece_text)
        points = [p for p in points if not any(start < p < end for start, end in kept)]
    return points


def _long_cut(word, room: float) -> int:
    """How many characters of a word too long for any line fit in `room` (at least one)."""
    used, count = 0.0, 0
    for span, text, _ in word[PIECES]:
        for char in text:
            used += text_width(span.font, char) * span.size
            if used > room and count:
                return count
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple
    width: float  # natural width, spaces at their normal size
    last: bool  # the paragraph's last line (never stretched)


def break_lines(words, first: float, rest: float, hyphenate) -> list[Line]:
    """Lines filled first-fit, hyphenating a word that would leave its line loose."""
    lines: list[Line] = []
    todo = list(reversed(words))
    line: list = []
    width, gap, hyphens = 0.0, 0.0, 0

    def close(hyphenated: bool = False):
        nonlocal width, gap, hyphens
        lines.append(Line(tuple(line), width, False))
        hyphens = hyphens + 1 if hyphenated else 0
        line.clear()
        width = gap = 0.0

    while todo:
        word = todo.pop()
        room = first if not lines else rest
        start = width + gap if line else 0.0
        if start + word[WIDTH] <= room + 1e-6:
            line.append(word)
            width, gap = start + word[WIDTH], word[GAP]
            continue
        if (hyphens < MAX_HYPHENS or not line) and width < room * HYPHENATE_BELOW:
            split = None
            for point in _break_points(word, hyphenate, room - start):
                head, tail = _cut(word, point, hyphen=word_text(word)[point - 1] not in "-\u2010")
                if start + head[WIDTH] <= room + 1e-6:
                    split = head, tail
                    break
            if split:
                line.append(split[0])
                width = start + split[0][WIDTH]
                close(hyphenated=True)
                todo.append(split[1])
                continue
        if line:
            close()
            todo.append(word)
            continue
        head, tail = _cut(word, _long_cut(word, room), hyphen=False)
        line.append(head)
        width = head[WIDTH]
        close()
        if tail[PIECES]:
            todo.append(tail)
    if line:
        close()
    if lines:
        lines[-1] = replace(lines[-1], last=True)
    return lines


class TextBlock(Flowable):
    """A paragraph of spans in a ParagraphStyle's geometry (size, leading, alignment,
    indents, space around); it splits between lines, never leaving one line alone."""

    def __init__(self, spans=(), style=None, *, words=None, continued: bool = False):
        super().__init__()
        self.style = style
        # Words are made when the block is first wrapped, so that a long guide holds
        # the words of a page or two at a time rather than of the whole document.
        self.spans, self.words = spans, words
        self.continued = continued  # the rest of a split paragraph: no first-line indent
        self.lines: list[Line] = []
        self._broken_for = None
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)

    def words_now(self) -> list:
        """The block's words, made now if they are not yet."""
        if self.words is None:
            self.words, self.spans = words_of(self.spans), ()
        return self.words

    def _break(self, width: float) -> None:
        if self._broken_for != width:
            self.words_now()
            style = self.style
            rest = width - style.leftIndent
            first = rest - (0 if self.continued else style.firstLineIndent)
            self.lines = break_lines(self.words, first, rest, style.hyphenationLang or None)
            self._broken_for = width

    def wrap(self, availWidth, availHeight):
        self._break(availWidth)
        self.width, self.height = availWidth, len(self.lines) * self.style.leading
        return self.width, self.height

    def _part(self, lines: list[Line], width: float, continued: bool) -> TextBlock:
        part = TextBlock(style=self.style, words=[w for line in lines for w in line.words], continued=continued)
        part.lines, part._broken_for = lines, width
        return part

    def split(self, availWidth, availHeight):
        self._break(availWidth)
        count = len(self.lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= count:
            return []
        fit = min(fit, count - 2)  # no line left alone at the top of the next page
        if fit < 2:  # nor at the foot of this one
            return []
        first = self._part(self.lines[:fit], availWidth, self.continued)
        second = self._part(self.lines[fit:], availWidth, True)
        first.spaceAfter, second.spaceBefore = 0, 0
        return [first, second]

    def line_links(self) -> dict[str, int]:
        """Each link target -> the index of the line it first appears on."""
        found: dict[str, int] = {}
        for index, line in enumerate(self.lines):
            for word in line.words:
                for span, _, _ in word[PIECES]:
                    if span.link:
                        found.setdefault(span.link, index)
        return found

    def draw(self):
        style, canv = self.style, self.canv
        size, leading = style.fontSize, style.leading
        tx = canv.beginText()
        current = [None, None, None, 0.0, 0.0]  # face, size, colour, rise, word space
        links, underlines, dests = [], [], []
        y = self.height - size
        base = None  # the paragraph's direction, found at its first right-to-left line
        for index, line in enumerate(self.lines):
            indent = style.leftIndent + (style.firstLineIndent if index == 0 and not self.continued else 0)
            room = self.width - indent
            words, natural, alignment = line.words, line.width, style.alignment
            if any(word[RTL] for word in words):
                base = base or paragraph_direction(w for line in self.lines for w in line.words)
                words, natural = visual_order(words, base)
                if base == "R" and (alignment == TA_LEFT or (alignment == TA_JUSTIFY and line.last)):
                    alignment = TA_RIGHT  # a right-to-left paragraph starts at the right
            x, stretch = indent, 0.0
            if alignment == TA_JUSTIFY and not line.last:
                spaces = sum(word[STRETCH] for word in words) + sum(
                    1 for word in words[:-1] if word[SPACE] is not None)
                stretch = (room - natural) / spaces if spaces and room > natural else 0.0
            elif alignment == TA_RIGHT:
                x += room - natural
            elif alignment == TA_CENTER:
                x += (room - natural) / 2
            tx.setTextOrigin(x, y)
            if stretch != current[4]:
                tx.setWordSpace(stretch)
                current[4] = stretch
            run_span, run = None, []  # text of one span waiting to be shown
            last = len(words) - 1
            for number, word in enumerate(words):
                pieces = word[PIECES]
                for span, text, width in pieces:
                    if span.dest:
                        dests.append((span.dest, x, y + leading))
                    if span is not run_span:
                        if run:
                            _show(tx, run_span, run, current)
                        run_span, run = span, []
                    run.append(text)
                    end = x + width
                    if word[STRETCH] and (span.keep or "\u00a0" in text):
                        end += stretch * (text.count(" ") + text.count("\u00a0"))
                    if span.link:
                        _extend(links, span.link, x, end, y, span.size, span.rise)
                    if span.underline:
                        _extend(underlines, span.color, x, end, y, span.size)
                    x = end
                space = word[SPACE]
                if number == last or space is None:
                    continue
                if space is not run_span:
                    if run:
                        _show(tx, run_span, run, current)
                    run_span, run = space, []
                run.append(" ")
                end = x + word[GAP] + stretch
                if space.link and space.link == pieces[-1][0].link:
                    _extend(links, space.link, x, end, y, space.size, space.rise)
                if space.underline and pieces[-1][0].underline:
                    _extend(underlines, space.color, x, end, y, space.size)
                x = end
            if run:
                _show(tx, run_span, run, current)
            y -= leading
        canv.drawText(tx)
        for name, x, top in dests:
            canv.bookmarkHorizontal(name, x, top)
        link_to = getattr(canv, "link", None)  # the document's fast links (document._Canvas)
        for link, x0, x1, base, span_size, rise in links:
            base += rise
            rect = (x0, base - span_size * 0.25, x1, base + span_size * 0.95)
            if link_to:
                link_to(link, rect)
            else:
                canv.linkRect("", link, rect, relative=1, thickness=0)
        for (color, x0, x1, base, span_size) in underlines:
            canv.saveState()
            canv.setStrokeColor(color)
            canv.setLineWidth(span_size * 0.06)
            canv.line(x0, base - span_size * 0.12, x1, base - span_size * 0.12)
            canv.restoreState()


def _show(tx, span: Span, run: list, current: list) -> None:
    """Show a run of text in one span, switching face, size, colour and rise where they differ."""
    if span.font != current[0] or span.size != current[1]:
        tx.setFont(span.font, span.size)
        current[0], current[1] = span.font, span.size
    if span.color is not current[2]:
        tx.setFillColor(span.color)
        current[2] = span.color
    if span.rise != current[3]:
        tx.setRise(span.rise)
        current[3] = span.rise
    text = "".join(run)
    if SOFT_HYPHEN in text:
        text = text.replace(SOFT_HYPHEN, "")
    codes = getattr(tx._canvas, "encoded", None)
    if codes is None:
        tx.textOut(text)
        return
    # What ReportLab's text object does for a TrueType font (a string becomes runs of
    # one-byte codes, one subset of the font each), without its per-character loop for
    # printable ASCII, which subset 0 holds as itself.
    face = codes.get(span.font)
    if face is None:
        face = codes[span.font] = _FaceCodes(span.font, tx._canvas)
    code, escape = tx._code, tx._canvas._escape
    for subset, chunk in face.split(text):
        if subset != tx._curSubset:
            code.append(f"{face.name(subset)} {fp_str(span.size)} Tf {fp_str(tx._leading)} TL")
            tx._curSubset = subset
        code.append(f"({escape(chunk)}) Tj")


_ASCII = "".join(map(chr, range(32, 127)))
_NOT_ASCII = re.compile(r"[^\x20-\x7e]+")


def _join(parts: list, subset: int, chunk: bytes) -> None:
    if parts and parts[-1][0] == subset:
        parts[-1] = (subset, parts[-1][1] + chunk)
    else:
        parts.append((subset, chunk))


class _FaceCodes:
    """A face's subsets and codes in one document."""

    def __init__(self, font: str, canv):
        self.font, self.doc = getFont(font), canv._doc
        self.ascii = self.font.splitString(_ASCII, self.doc) == [(0, _ASCII)]
        self.names: dict[int, str] = {}
        self.short: dict[str, list] = {}  # words and phrases with other characters, which recur

    def split(self, text: str) -> list:
        """(subset, codes) runs of `text`, as ReportLab's splitString gives them."""
        if not self.ascii:
            return self._codes(text)
        if text.isascii() and text.isprintable():
            return [(0, text)]
        if len(text) <= 24:
            return self._codes(text)
        # Printable ASCII as itself, the rest (curly quotes, dashes, other scripts) by
        # ReportLab; neighbours in one subset joined, as ReportLab joins them.
        parts: list = []
        at = 0
        for match in _NOT_ASCII.finditer(text):
            if match.start() > at:
                _join(parts, 0, text[at:match.start()].encode("latin-1"))
            for subset, chunk in self._codes(match.group()):
                _join(parts, subset, chunk)
            at = match.end()
        if at < len(text):
            _join(parts, 0, text[at:].encode("latin-1"))
        return parts

    def _codes(self, text: str) -> list:
        if len(text) > 24:  # long runs seldom recur: not kept
            return self.font.splitString(text, self.doc)
        parts = self.short.get(text)
        if parts is None:
            parts = self.short[text] = self.font.splitString(text, self.doc)
        return parts

    def name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name


def _extend(segments: list, key, x0: float, x1: float, base: float, *extra) -> None:
    """Add [x0, x1] to the segment list, joining it to the previous one with the same key."""
    if key is None or x1 <= x0:
        return
    if segments and segments[-1][0] == key and abs(segments[-1][2] - x0) < 0.01 and segments[-1][3] == base:
        segments[-1] = (key, segments[-1][1], x1, base, *extra)
    else:
        segments.append((key, x0, x1, base, *extra))
