"""Widths of text in the registered faces, and the shape of a word."""

from __future__ import annotations

from dataclasses import replace

from reportlab.pdfbase.pdfmetrics import getFont

_WIDTHS: dict[str, dict[str, float]] = {}  # face -> text -> width at size 1
_SPACES: dict[tuple[str, float], float] = {}

# A word is a tuple, for speed (a long guide has hundreds of thousands):
# (pieces, width, space, gap, stretch, rtl). Pieces are (span, text, width) set without a
# break between them; `space` is the span whose white space follows the word (None at the
# paragraph's end) and `gap` that space's width; `stretch` counts the spaces inside the
# word (no-break runs), which stretch with the others as ReportLab sets a no-break space
# as a space; `rtl` says whether it holds right-to-left letters.
PIECES, WIDTH, SPACE, GAP, STRETCH, RTL = range(6)
SOFT_HYPHEN = "\u00ad"  # a place a word may break; drawn only there, as a hyphen


def widths_of(font: str) -> dict[str, float]:
    """The widths measured so far in a face (text -> width at size 1)."""
    widths = _WIDTHS.get(font)
    if widths is None or len(widths) > 200_000:  # bounded for long-lived processes (watch, batch)
        widths = _WIDTHS[font] = {}
    return widths


def text_width(font: str, text: str) -> float:
    """Width of `text` at size 1 (measured once per face and text; long texts, which
    seldom recur, are measured each time rather than kept)."""
    if len(text) > 80:
        return getFont(font).stringWidth(text, 1.0)
    widths = widths_of(font)
    width = widths.get(text)
    if width is None:
        width = widths[text] = getFont(font).stringWidth(text, 1.0)
    return width


def space_width(span) -> float:
    """Width of one space in a span's face and size (0 for none)."""
    if span is None:
        return 0.0
    key = (span.font, span.size)
    width = _SPACES.get(key)
    if width is None:
        width = _SPACES[key] = text_width(span.font, " ") * span.size
    return width


def stretch_of(pieces) -> int:
    """The spaces inside a word's pieces (no-break runs, no-break spaces): they stretch
    with the spaces between words when a line is justified."""
    return sum(text.count(" ") + text.count("\u00a0") for span, text, _ in pieces
               if span.keep or "\u00a0" in text)


def piece(span, text: str) -> tuple:
    """(span, text, width): a soft hyphen has no width, as it is drawn only at a break."""
    return (span, text, text_width(span.font, text.replace(SOFT_HYPHEN, "")) * span.size if text else 0.0)


def split_pieces(pieces, at: int) -> tuple[list, list]:
    """Pieces cut before character `at` of their joined text; a destination stays with
    the head, so that it is defined once."""
    head, tail, seen = [], [], 0
    for span, text, width in pieces:
        if seen + len(text) <= at:
            head.append((span, text, width))
        elif seen >= at:
            tail.append((span, text, width))
        else:
            cut = at - seen
            head.append(piece(span, text[:cut]))
            tail.append(piece(replace(span, dest=None) if span.dest else span, text[cut:]))
        seen += len(text)
    return head, tail
