"""Every character of a guide must be printable by the layout's fonts."""

from __future__ import annotations

import unicodedata
from typing import Iterator

from .diagnostics import Diagnostics
from .model import Guide, Prose

# Characters the layout never draws as glyphs.
_INVISIBLE = {ord(c) for c in " \n\t\u00ad\u200b\u200c\u200d\u2060\ufeff"}


def _prose_fields(guide: Guide) -> Iterator[Prose]:
    meta = guide.meta
    yield from (p for p in (meta.title, meta.subtitle, meta.author, meta.dateline, meta.source,
                            meta.introduction) if p)
    for entry in guide.glossary:
        yield from (entry.term, entry.definition, *entry.see)
        if entry.category:
            yield entry.category
    for note in guide.notes:
        yield from (p for p in (note.title, note.text) if p)
    for question in guide.questions:
        yield from (p for p in (question.prompt, question.group, question.answer) if p)
    for event in guide.timeline:
        yield from (event.label, event.event)


def guide_texts(guide: Guide) -> Iterator[str]:
    """Every text of the guide that gets printed: the paragraphs, then each prose field."""
    yield from (paragraph.text for paragraph in guide.paragraphs)
    yield from (prose.text for prose in _prose_fields(guide))


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def check_glyphs(guide: Guide, covered: frozenset[int], fonts: str, diags: Diagnostics) -> None:
    """Report each character the fonts cannot draw, once, where it first occurs.

    A character that occurs in several paragraphs or fields is reported at the
    first of them, with the number of other places, so that a text in a script
    the fonts lack gives one line per character, not one per paragraph."""
    def missing(text: str) -> list[tuple[int, str]]:
        absent = {c for c in set(text) if ord(c) not in covered and ord(c) not in _INVISIBLE}
        return sorted((text.index(c), c) for c in absent)

    first: dict[str, tuple] = {}  # char -> (pos, message)
    others: dict[str, int] = {}
    for paragraph in guide.paragraphs:
        for offset, char in missing(paragraph.text):
            if char in first:
                others[char] += 1
                continue
            first[char] = (paragraph.pos_at(offset), f"character {_describe(char)} cannot be printed with {fonts}")
            others[char] = 0
    for prose in _prose_fields(guide):
        for offset, char in missing(prose.text):
            if char in first:
                others[char] += 1
                continue
            # The field's position: YAML folding and quoting make a column inside it unreliable.
            first[char] = (prose.pos, f"character {_describe(char)} (character {offset + 1} of the field) "
                                      f"cannot be printed with {fonts}")
            others[char] = 0
    for char, (pos, message) in first.items():
        count = others[char]
        hint = None if not count else f"also in {count} other place{'s' if count > 1 else ''}"
        diags.error(pos, message, hint)
