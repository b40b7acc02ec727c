"""Right-to-left words inside a line: the order they take on the page.

Lines are broken in reading (logical) order. Before a line with Hebrew or Arabic
is drawn, its words are put in visual order by a word-level form of the Unicode
bidirectional algorithm: punctuation at a word's edges is cut off as a unit of
its own; each unit is right-to-left, left-to-right, a number or neutral; a
number after left-to-right text is left-to-right (rule W7); a neutral unit
between two of one direction takes it, otherwise the paragraph's (N1, N2);
levels follow I1/I2, and runs are reversed by level (L2), the spaces between
units with them. Inside a right-to-left word the characters run
from right to left, except numbers and Latin letters, and brackets are mirrored.
Explicit embedding controls (U+202A–U+202E, U+2066–U+2069) are not interpreted.
"""

from __future__ import annotations

import unicodedata

from ..scripts import ANY_SCRIPT
from .measure import PIECES, SPACE, STRETCH, WIDTH, space_width, split_pieces, stretch_of

_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def has_rtl(text: str) -> bool:
    """Whether text holds Hebrew or Arabic characters."""
    return not text.isascii() and ANY_SCRIPT.search(text) is not None


def strong_direction(text: str) -> str | None:
    """"R" or "L" for the first letter of `text` that has a direction, None for none."""
    for char in text:
        if char.isalpha():
            return "R" if ANY_SCRIPT.match(char) else "L"
    return None


def paragraph_direction(words) -> str:
    """The direction of a paragraph: that of its first letter (rules P2, P3)."""
    for word in words:
        for _, text, _ in word[PIECES]:
            direction = strong_direction(text)
            if direction:
                return direction
    return "L"


def _neutral(char: str) -> bool:
    return not char.isalnum() and not unicodedata.category(char).startswith("M")


def _units(words) -> list[tuple]:
    """The words with their leading and trailing punctuation cut off as units of their own,
    which take their direction from the words around them (a comma after a Hebrew word
    followed by English stays after the Hebrew)."""
    units = []
    for word in words:
        text = "".join(piece[1] for piece in word[PIECES])
        lead = 0
        while lead < len(text) and _neutral(text[lead]):
            lead += 1
        trail = len(text)
        while trail > lead and _neutral(text[trail - 1]):
            trail -= 1
        cuts = [c for c in (lead, trail) if 0 < c < len(text)]
        if lead == len(text) or not cuts:
            units.append(word)
            continue
        parts, rest = [], word[PIECES]
        for cut in reversed(cuts):  # the trailing cut first, so that offsets hold
            rest, part = split_pieces(rest, cut)
            parts.insert(0, tuple(part))
        parts.insert(0, tuple(rest))
        for k, pieces in enumerate(parts):
            space = word[SPACE] if k == len(parts) - 1 else None
            units.append((pieces, sum(p[2] for p in pieces), space, space_width(space), stretch_of(pieces), False))
    return units


def _kind(text: str) -> str | None:
    """"R" or "L" for a unit with letters (its first), "EN" for a number, None for punctuation."""
    direction = strong_direction(text)
    if direction:
        return direction
    return "EN" if any(char.isdigit() for char in text) else None


def _levels(units, base: str) -> list[int]:
    kinds, previous = [], base
    for unit in units:
        kind = _kind("".join(p[1] for p in unit[PIECES]))
        if kind == "EN" and previous == "L":  # rule W7: a number after left-to-right text is L
            kind = "L"
        if kind in ("L", "R"):
            previous = kind
        kinds.append(kind)
    strong = ["R" if kind == "EN" else kind for kind in kinds]  # numbers act as R on neutrals (N1)
    levels = []
    for i, kind in enumerate(kinds):
        if kind is None:
            before = next((d for d in reversed(strong[:i]) if d), base)
            after = next((d for d in strong[i + 1:] if d), base)
            kind = before if before == after else base  # rules N1, N2
        if base == "L":
            levels.append({"L": 0, "R": 1, "EN": 2}[kind])
        else:
            levels.append({"R": 1, "L": 2, "EN": 2}[kind])
    return levels


def _reorder(items: list, levels: list[int]) -> list:
    """Rule L2: from the highest level down to 1, reverse every run at that level or higher."""
    pairs = list(zip(levels, items))
    for level in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(pairs):
            if pairs[i][0] < level:
                i += 1
                continue
            j = i
            while j < len(pairs) and pairs[j][0] >= level:
                j += 1
            pairs[i:j] = reversed(pairs[i:j])
            i = j
    return [item for _, item in pairs]


def _visual_text(text: str) -> str:
    """A right-to-left piece of text as drawn from left to right: clusters (a letter with
    its marks) reversed, numbers and Latin words kept in their order, brackets mirrored."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.category(char).startswith("M"):
            clusters[-1] += char
        else:
            clusters.append(char)
    runs: list[tuple[bool, list[str]]] = []  # (reads left to right, clusters)
    for cluster in clusters:
        ltr = cluster[0].isdigit() or (cluster[0].isalpha() and not ANY_SCRIPT.match(cluster[0]))
        if runs and runs[-1][0] == ltr:
            runs[-1][1].append(cluster)
        else:
            runs.append((ltr, [cluster]))
    out = []
    for ltr, run in reversed(runs):
        out.append("".join(run) if ltr else "".join(reversed(run)).translate(_MIRROR))
    return "".join(out)


def visual_order(words, base: str) -> tuple[list, float]:
    """The words of a line in drawing order, right-to-left ones turned, and the line's natural
    width. The space between two words goes where the reordering puts that boundary: a
    space between two units reversed together is reversed with them (rule L2 applied to
    units and the gaps between them, a gap at the lower level of its two neighbours)."""
    units = _units(words)
    levels = _levels(units, base)
    items, item_levels = [], []
    for i, (unit, level) in enumerate(zip(units, levels)):
        if i:
            items.append(("gap", units[i - 1][SPACE], 0))
            item_levels.append(min(levels[i - 1], level))
        items.append(("unit", unit, level))
        item_levels.append(level)
    ordered: list[tuple] = []
    width = 0.0
    for kind, value, level in _reorder(items, item_levels):
        if kind == "gap":
            if value is not None and ordered:
                last = ordered[-1]
                ordered[-1] = (last[PIECES], last[WIDTH], value, space_width(value), last[STRETCH], False)
                width += space_width(value)
            continue
        pieces = value[PIECES]
        if level % 2:
            pieces = tuple((span, _visual_text(text), w) for span, text, w in reversed(pieces))
        ordered.append((pieces, value[WIDTH], None, 0.0, value[STRETCH], False))
        width += value[WIDTH]
    return ordered, width
