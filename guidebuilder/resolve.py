"""Resolve stage: find glossary terms and note anchors in the text, check references."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from .diagnostics import Diagnostics
from .model import GlossaryEntry, Guide, Note, Paragraph

_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class TermHit:
    """A glossary form found in a paragraph: text[start:end] of paragraph `paragraph`."""

    paragraph: int
    start: int
    end: int
    entry: int  # index into Guide.glossary
    first: bool  # the entry's first occurrence in the text


@dataclass(frozen=True)
class PlacedNote:
    """A note with its number and the place its mark goes (after the anchor)."""

    number: int
    note: Note
    paragraph: int
    offset: int  # mark position in the paragraph text


@dataclass(frozen=True)
class ResolvedGuide:
    guide: Guide
    terms: tuple[TermHit, ...]
    notes: tuple[PlacedNote, ...]  # in number order
    occurrences: tuple[tuple[int, ...], ...]  # per glossary entry: paragraph numbers
    see: tuple[tuple[int, ...], ...]  # per glossary entry: indexes of `see` entries


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]


def _joined(text: str, start: int, end: int) -> bool:
    """True when the match touches a letter or digit outside it (so it is no whole word):
    "U.S." in "U.S.A." ends right before "A"."""
    return (start > 0 and _WORD.match(text, start - 1) is not None) or \
        (end < len(text) and _WORD.match(text, end) is not None)


class TermMatcher:
    """All glossary forms in one index keyed by first word.

    Matching walks the text's words once; at each word only the forms that
    begin with that word are tried, so the cost does not grow with the size
    of the glossary times the length of the text."""

    def __init__(self, entries: tuple[GlossaryEntry, ...]):
        # first token -> [(tokens, joined-by-space flags, entry)], longest first
        index: dict[str, list[tuple[tuple[str, ...], tuple[bool, ...], int]]] = defaultdict(list)
        for number, entry in enumerate(entries):
            for form in entry.forms:
                tokens = _tokens(form.text.strip())
                if not tokens:
                    continue
                words = tuple(t[2] for t in tokens)
                spaced = tuple(tokens[i][0] > tokens[i - 1][1] for i in range(1, len(tokens)))
                index[words[0]].append((words, spaced, number))
        for forms in index.values():
            forms.sort(key=lambda f: -sum(len(w) for w in f[0]))
        self.index = dict(index)

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """The longest form starting at each word: (start, end, entry)."""
        tokens = _tokens(text)
        found = []
        for i, (start, _, word) in enumerate(tokens):
            for words, spaced, entry in self.index.get(word, ()):
                end_index = i + len(words)
                if end_index > len(tokens):
                    continue
                end = tokens[end_index - 1][1]
                if all(tokens[i + k][2] == words[k] for k in range(1, len(words))) and all(
                    (tokens[i + k][0] > tokens[i + k - 1][1]) == spaced[k - 1] for k in range(1, len(words))
                ) and not _joined(text, start, end):
                    found.append((start, end, entry))
                    break
        return found

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Non-overlapping matches; where matches overlap, the longest wins."""
        chosen_starts: list[int] = []
        chosen: list[tuple[int, int, int]] = []
        # Longest first; at equal length the earlier one.
        for start, end, entry in sorted(self.candidates(text), key=lambda c: (c[0] - c[1], c[0])):
            at = bisect.bisect_left(chosen_starts, start)
            if at > 0 and chosen[at - 1][1] > start:
                continue
            if at < len(chosen) and chosen[at][0] < end:
                continue
            chosen_starts.insert(at, start)
            chosen.insert(at, (start, end, entry))
        return chosen


def find_terms(guide: Guide) -> tuple[TermHit, ...]:
    matcher = TermMatcher(guide.glossary)
    hits, seen = [], set()
    for paragraph in guide.paragraphs:
        for start, end, entry in matcher.find(paragraph.text):
            hits.append(TermHit(paragraph.number, start, end, entry, entry not in seen))
            seen.add(entry)
    return tuple(hits)


def _anchor_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(part) for part in phrase.split()))


def resolve_anchors(guide: Guide, diags: Diagnostics) -> tuple[PlacedNote, ...]:
    """Place each note in the text and number them in text order."""
    places = []
    count = len(guide.paragraphs)
    for order, note in enumerate(guide.notes):
        if note.paragraph is not None:
            if note.paragraph > count:
                diags.error(note.paragraph_pos, f"note refers to paragraph {note.paragraph}, but the text has {count}")
                continue
            places.append((note.paragraph, len(guide.paragraphs[note.paragraph - 1].text), order, note))
            continue
        pattern = _anchor_pattern(note.anchor.text)
        matches = [(p.number, m.end()) for p in guide.paragraphs for m in pattern.finditer(p.text)]
        phrase = " ".join(note.anchor.text.split())
        if not matches:
            diags.error(note.anchor.pos, f"note anchor '{phrase}' is not in the text")
        elif note.occurrence is not None and note.occurrence > len(matches):
            times = "once" if len(matches) == 1 else f"{len(matches)} times"
            diags.error(note.occurrence_pos,
                        f"'occurrence' is {note.occurrence}, but '{phrase}' occurs {times}")
        elif note.occurrence is None and len(matches) > 1:
            where = ", ".join(f"¶{p}" for p, _ in matches)
            diags.error(note.anchor.pos, f"note anchor '{phrase}' occurs {len(matches)} times ({where})",
                        f"add 'occurrence: N' (1 to {len(matches)}) to choose one")
        else:
            paragraph, offset = matches[(note.occurrence or 1) - 1]
            places.append((paragraph, offset, order, note))
    places.sort(key=lambda p: (p[0], p[1], p[2]))
    return tuple(PlacedNote(n, note, paragraph, offset)
                 for n, (paragraph, offset, _, note) in enumerate(places, start=1))


def check_refs(guide: Guide, diags: Diagnostics) -> None:
    count = len(guide.paragraphs)
    for question in guide.questions:
        for ref in question.refs:
            if ref.paragraph > count:
                diags.error(ref.pos, f"question refers to paragraph {ref.paragraph}, but the text has {count}")


def resolve_see(guide: Guide, diags: Diagnostics) -> tuple[tuple[int, ...], ...]:
    by_term = {e.term.text.strip().casefold(): i for i, e in enumerate(guide.glossary)}
    out = []
    for number, entry in enumerate(guide.glossary):
        targets = []
        for name in entry.see:
            target = by_term.get(name.text.strip().casefold())
            if target is None:
                diags.error(name.pos, f"'see' names '{name.text}', which is not a term of the glossary")
            elif target == number:
                diags.error(name.pos, f"'{name.text}' refers to itself in 'see'")
            elif target not in targets:
                targets.append(target)
        out.append(tuple(targets))
    return tuple(out)


def resolve(guide: Guide, diags: Diagnostics) -> ResolvedGuide:
    """Resolve every cross-reference; problems go to `diags`."""
    terms = find_terms(guide)
    occurrences: list[list[int]] = [[] for _ in guide.glossary]
    for hit in terms:
        if not occurrences[hit.entry] or occurrences[hit.entry][-1] != hit.paragraph:
            occurrences[hit.entry].append(hit.paragraph)
    for entry, found in zip(guide.glossary, occurrences):
        if not found:
            forms = ", ".join(f"'{f.text}'" for f in entry.forms)
            diags.warning(entry.term.pos, f"glossary term '{entry.term.text}' is not found in the text (forms: {forms})")
    notes = resolve_anchors(guide, diags)
    check_refs(guide, diags)
    see = resolve_see(guide, diags)
    return ResolvedGuide(guide, terms, notes, tuple(tuple(o) for o in occurrences), see)
