"""Resolve stage: find glossary terms and note anchors in the text, check references."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from .diagnostics import Diagnostics, shorten
from .model import GlossaryEntry, Guide, Note, Paragraph

_TOKEN = re.compile(r"\w+|[^\w\s]")


class TermHit(NamedTuple):
    """A glossary form found in a paragraph: text[start:end] of paragraph `paragraph`.
    (A named tuple: a long glossary makes thousands, and they cost less to create.)"""

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
    if text.isalnum():  # one word (most glossary forms)
        return [(0, len(text), text.casefold())]
    return [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]


def _joined(text: str, start: int, end: int) -> bool:
    """True when the match touches a letter or digit outside it (so it is no whole word):
    "U.S." in "U.S.A." ends right before "A"."""
    # str tests, not a regular expression: this runs once for every candidate match.
    return (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")) or \
        (end < len(text) and (text[end].isalnum() or text[end] == "_"))


class TermMatcher:
    """All glossary forms in one trie of words.

    Matching walks the text's words once; at each word the trie is followed
    only as far as the words ahead match some form, so the cost does not grow
    with the size of the glossary times the length of the text."""

    def __init__(self, entries: tuple[GlossaryEntry, ...]):
        # A trie node is {"next": {key: node}, "ends": [(-length, order, entry)]}; the key of the
        # first word is the word, of a later one (word, whether a space comes before it).
        self.root: dict = {"next": {}, "ends": []}
        first = self.root["next"]
        order = 0
        for number, entry in enumerate(entries):
            for form in entry.forms:
                text = form.text.strip()
                if text.isalnum():  # one word, the usual form: no token list needed
                    key = text.casefold()
                    node = first.get(key)
                    if node is None:
                        node = first[key] = {"next": {}, "ends": []}
                    node["ends"].append((-len(key), order, number))
                    order += 1
                    continue
                tokens = _tokens(text)
                if not tokens:
                    continue
                node = self.root
                for k, (start, _, word) in enumerate(tokens):
                    key = word if k == 0 else (word, start > tokens[k - 1][1])
                    child = node["next"].get(key)
                    if child is None:
                        child = node["next"][key] = {"next": {}, "ends": []}
                    node = child
                node["ends"].append((-sum(len(t[2]) for t in tokens), order, number))
                order += 1

    @property
    def index(self) -> dict:
        """The first words of the forms (for tests and debugging)."""
        return self.root["next"]

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """The longest form starting at each word: (start, end, entry)."""
        tokens = _tokens(text)
        found = []
        first = self.root["next"]
        for i, (start, end, word) in enumerate(tokens):
            node = first.get(word)
            if node is None:
                continue
            if not node["next"] and len(node["ends"]) == 1:  # the usual case: a one-word form
                # A token is a whole run of word characters or one other character, so only
                # a one-character token (punctuation) can touch a letter outside it.
                if end - start > 1 or not _joined(text, start, end):
                    found.append((start, end, node["ends"][0][2]))
                continue
            ends = []  # (-length, order, end, entry) of every form matching here
            j = i
            while True:
                if node["ends"]:
                    end = tokens[j][1]
                    ends.extend((length, order, end, entry) for length, order, entry in node["ends"])
                j += 1
                if j == len(tokens) or not node["next"]:
                    break
                node = node["next"].get((tokens[j][2], tokens[j][0] > tokens[j - 1][1]))
                if node is None:
                    break
            if len(ends) > 1:
                ends.sort()
            for _, _, end, entry in ends:
                if not _joined(text, start, end):
                    found.append((start, end, entry))
                    break
        return found

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Non-overlapping matches; where matches overlap, the longest wins."""
        candidates = self.candidates(text)  # in text order, one per start
        if all(a[1] <= b[0] for a, b in zip(candidates, candidates[1:])):
            return candidates  # the usual case: nothing overlaps
        chosen_starts: list[int] = []
        chosen: list[tuple[int, int, int]] = []
        # Longest first; at equal length the earlier one.
        for start, end, entry in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
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
        number = paragraph.number
        for start, end, entry in matcher.find(paragraph.text):
            if entry in seen:
                hits.append(TermHit(number, start, end, entry, False))
            else:
                hits.append(TermHit(number, start, end, entry, True))
                seen.add(entry)
    return tuple(hits)


_SPACE = re.compile(r"\s+")
_RUN = re.compile(r"\s{2,}")


class _Anchors:
    """The paragraphs as one string with white space runs made single spaces, for
    finding anchor phrases with str.find (linear, unlike a regular expression)."""

    def __init__(self, paragraphs: tuple[Paragraph, ...]):
        parts, self.starts, self.numbers, self.shifts = [], [], [], []
        offset = 0
        for paragraph in paragraphs:
            # Single white space characters only become spaces; runs of two or more become
            # one space and shift the offsets after them, so only runs need bookkeeping.
            text = _SPACE.sub(" ", paragraph.text)
            shifts, removed = [], 0
            for match in _RUN.finditer(paragraph.text):
                start, length = match.start(), match.end() - match.start()
                shifts.append((start - removed + 1, removed + length - 1))
                removed += length - 1
            self.starts.append(offset)
            self.numbers.append(paragraph.number)
            self.shifts.append(shifts)
            parts.append(text)
            offset += len(text) + 1
        self.text = "\n".join(parts)  # no phrase holds a line break, so none runs across paragraphs

    def locate(self, end: int) -> tuple[int, int]:
        """(paragraph number, offset in its original text) of a match ending at `end`."""
        k = bisect.bisect_right(self.starts, end) - 1
        local = end - self.starts[k]
        shifts = self.shifts[k]
        at = bisect.bisect_right(shifts, (local, float("inf"))) - 1
        return self.numbers[k], local + (shifts[at][1] if at >= 0 else 0)

    def count(self, phrase: str) -> int:
        return self.text.count(phrase)

    def ends(self, phrase: str, limit: int):
        """Where the first `limit` matches end, as (paragraph number, offset)."""
        at = 0
        for _ in range(limit):
            found = self.text.find(phrase, at)
            if found < 0:
                return
            at = found + len(phrase)
            yield self.locate(at)


def resolve_anchors(guide: Guide, diags: Diagnostics) -> tuple[PlacedNote, ...]:
    """Place each note in the text and number them in text order."""
    places = []
    count = len(guide.paragraphs)
    anchors = _Anchors(guide.paragraphs) if any(n.anchor for n in guide.notes) else None
    for order, note in enumerate(guide.notes):
        if note.paragraph is not None:
            if note.paragraph > count:
                diags.error(note.paragraph_pos, f"note refers to paragraph {note.paragraph}, but the text has {count}")
                continue
            places.append((note.paragraph, len(guide.paragraphs[note.paragraph - 1].text), order, note))
            continue
        phrase = " ".join(note.anchor.text.split())
        found = anchors.count(phrase)
        shown = shorten(phrase)
        if not found:
            diags.error(note.anchor.pos, f"note anchor '{shown}' is not in the text")
        elif note.occurrence is not None and note.occurrence > found:
            times = "once" if found == 1 else f"{found:,} times"
            diags.error(note.occurrence_pos, f"'occurrence' is {note.occurrence}, but '{shown}' occurs {times}")
        elif note.occurrence is None and found > 1:
            shown_places = sorted({p for p, _ in anchors.ends(phrase, 10)})
            where = ", ".join(f"¶{p}" for p in shown_places) + (" …" if found > 10 else "")
            diags.error(note.anchor.pos, f"note anchor '{shown}' occurs {found:,} times ({where})",
                        f"add 'occurrence: N' (1 to {found}) to choose one")
        else:
            *_, (paragraph, offset) = anchors.ends(phrase, note.occurrence or 1)
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
                diags.error(name.pos, f"'see' names '{shorten(name.text)}', which is not a term of the glossary")
            elif target == number:
                diags.error(name.pos, f"'{shorten(name.text)}' refers to itself in 'see'")
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
            forms = ", ".join(f"'{shorten(f.text)}'" for f in entry.forms[:5]) + (", …" if len(entry.forms) > 5 else "")
            diags.warning(entry.term.pos,
                          f"glossary term '{shorten(entry.term.text)}' is not found in the text (forms: {forms})")
    notes = resolve_anchors(guide, diags)
    check_refs(guide, diags)
    see = resolve_see(guide, diags)
    return ResolvedGuide(guide, terms, notes, tuple(tuple(o) for o in occurrences), see)
