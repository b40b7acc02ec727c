"""Inline markup (`*italic*`, `**bold**`) and typographic punctuation.

Everything else in a prose field is literal text. Spans keep offsets into the
source string so that glossary and note marks found on the source can be
placed inside styled text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Source text[start:end], set in the given style."""

    start: int
    end: int
    bold: bool = False
    italic: bool = False


def _closers(text: str, start: int, stop: int, marker: str) -> list[int]:
    """Every index in [start, stop) where `marker` could close a run, in order.

    A closing marker is preceded by a non-space. While looking for `*`, a `**`
    is stepped over whole, so a closing `*` is never half of a `**`."""
    found = []
    k = start
    while k < stop:
        if marker == "*" and text.startswith("**", k, stop):
            k += 2
            continue
        if text.startswith(marker, k, stop) and k > 0 and not text[k - 1].isspace():
            found.append(k)
        k += 1
    return found


def parse_inline(text: str) -> tuple[Span, ...]:
    """Split `text` into styled spans; unmatched asterisks stay literal.

    An opening marker must be followed, and a closing one preceded, by a
    non-space, so "5 * 3 * 2" stays as typed. The closing places are found
    once per run of text, so many unmatched asterisks cost linear time."""
    if "*" not in text:  # most prose has no markup at all
        return (Span(0, len(text)),) if text else ()
    spans: list[Span] = []
    cache: dict[tuple[str, int], tuple[int, list[int]]] = {}

    def closer(start: int, stop: int, marker: str) -> int:
        """Index of the marker closing a run opened before `start`, or -1."""
        known = cache.get((marker, stop))
        if known is None or known[0] > start:
            known = cache[(marker, stop)] = (start, _closers(text, start, stop, marker))
        places = known[1]
        at = bisect.bisect_right(places, start)
        if at == len(places):
            return -1
        k = places[at]
        if marker == "**" and text.startswith("***", k, stop) and text.count("*", start, k) % 2 == 1:
            return k + 1  # "***" closing an italic run inside: its last two close the bold
        return k

    def walk(start: int, stop: int, bold: bool, italic: bool) -> None:
        plain_from = i = start
        while i < stop:
            marker = "**" if text.startswith("**", i, stop) else "*" if text[i] == "*" else ""
            if marker and (marker == "**" and not bold or marker == "*" and not italic):
                inner = i + len(marker)
                end = closer(inner, stop, marker) if inner < stop and not text[inner].isspace() else -1
                if end > inner:
                    if plain_from < i:
                        spans.append(Span(plain_from, i, bold, italic))
                    walk(inner, end, bold or marker == "**", italic or marker == "*")
                    i = plain_from = end + len(marker)
                    continue
            i += len(marker) or 1
        if plain_from < stop:
            spans.append(Span(plain_from, stop, bold, italic))

    walk(0, len(text), False, False)
    return tuple(spans)


def plain_text(text: str) -> str:
    """The text with its markup removed, as a reader sees it."""
    return "".join(text[s.start:s.end] for s in parse_inline(text))


_OPENING_CONTEXT = set(" \t\n([{\u2014\u2013-/")
_DASHES = re.compile(r"---|--")


def smarten(text: str, before: str = " ") -> str:
    """Curly quotes and en/em dashes for straight ones; `before` is the preceding character."""
    if '"' not in text and "'" not in text and "--" not in text:
        return text
    text = _DASHES.sub(lambda m: "\u2014" if len(m.group()) == 3 else "\u2013", text)
    out = []
    prev = before or " "
    for char in text:
        if char == '"':
            char = "\u201c" if prev in _OPENING_CONTEXT else "\u201d"
        elif char == "'":
            char = "\u2018" if prev in _OPENING_CONTEXT else "\u2019"
        out.append(char)
        prev = char
    return "".join(out)
