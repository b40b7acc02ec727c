"""Right-to-left words inside a line: the order they take on the page.

Lines are broken in reading (logical) order. Before a line with Hebrew or Arabic
is drawn, its words are put in visual order by a word-level form of the Unicode
bidirectional algorithm: each word is strong right-to-left, strong left-to-right
or neutral (numbers, punctuation); a neutral word between two words of one
direction takes that direction, otherwise the paragraph's; runs are then
reversed by level (rule L2). Inside a right-to-left word the characters run
from right to left, except numbers and Latin letters, and brackets are mirrored.
Explicit embedding controls (U+202A–U+202E, U+2066–U+2069) are not interpreted.
"""

from __future__ import annotations

import unicodedata

from ..scripts import ANY_SCRIPT
from .measure import GAP, PIECES, SPACE, STRETCH, WIDTH, space_width

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


def _levels(words, base: str) -> list[int]:
    directions = [strong_direction("".join(p[1] for p in word[PIECES])) for word in words]
    resolved = []
    for i, direction in enumerate(directions):
        if direction is None:
            before = next((d for d in reversed(directions[:i]) if d), base)
            after = next((d for d in directions[i + 1:] if d), base)
            direction = before if before == after else base
        resolved.append(direction)
    if base == "L":
        return [1 if d == "R" else 0 for d in resolved]
    return [2 if d == "L" else 1 for d in resolved]


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
    """The words of a line in drawing order, right-to-left words turned, and the line's
    natural width (a space after every word but the last)."""
    levels = _levels(words, base)
    turned = []
    for word, level in zip(words, levels):
        pieces = word[PIECES]
        if level % 2:
            pieces = tuple((span, _visual_text(text), width) for span, text, width in reversed(pieces))
        space = word[SPACE] or pieces[-1][0]
        turned.append((pieces, word[WIDTH], space, space_width(space), word[STRETCH], False))
    ordered = _reorder(turned, levels)
    width = sum(word[WIDTH] for word in ordered) + sum(word[GAP] for word in ordered[:-1])
    return ordered, width
