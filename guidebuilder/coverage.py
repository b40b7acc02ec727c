"""The coverage report of `guidebuilder check`: what an editor may still want to explain.

Warnings only, each at a position in the guide's files:

- candidate glossary terms: names and less common words of the text that no
  glossary entry covers, the most frequent first (English texts only);
- two notes whose marks stand at the same place; a question that lists the
  same paragraph twice;
- paragraphs that no note and no question refers to;
- questions without an answer.

(Glossary entries found nowhere in the text are reported by the resolve stage.)
The rules are documented in the README, section "The coverage report".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostics, SourcePos
from .model import Guide, Paragraph
from .resolve import ResolvedGuide
from .words import WORD, bases, common_words, is_common

MAX_CANDIDATES = 10  # candidate-term warnings per guide, the most frequent first
MIN_RARE_WORD_COUNT = 2  # a less common word must recur to be a candidate; a name need not
SHORT_PARAGRAPH_WORDS = 5  # a paragraph this short that is not a sentence needs no note

# Lower-case words that may join the capitalised words of one name: "Council of People's Commissars".
_CONNECTORS = frozenset({"of", "of the", "de", "von", "van", "der", "den", "du", "la", "le", "da", "del"})
_OPENERS = "\"'“‘„«([*"
_CLOSERS = "\"'”’»)]*"


@dataclass
class Candidate:
    """A name or word of the text that may need a glossary entry."""

    key: str  # casefolded
    text: str  # as first found
    pos: SourcePos  # first occurrence
    order: int  # position of the first occurrence in the text, for stable ranking
    count: int = 0
    name: bool = True  # False once it is found in lower case
    paragraphs: list[int] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # other spellings merged into this one

    def add(self, paragraph: int, lower: bool) -> None:
        self.count += 1
        if lower:
            self.name = False
        if paragraph not in self.paragraphs:
            self.paragraphs.append(paragraph)


def _sentence_start(text: str, start: int) -> bool:
    """True when the word at `start` begins a paragraph, a sentence or a quotation."""
    k = start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    quoted = False
    while k > 0 and text[k - 1] in _OPENERS:
        quoted = True
        k -= 1
        while k > 0 and text[k - 1].isspace():
            k -= 1
    if k == 0:
        return True
    before = text[k - 1]
    return before in ".!?…:" or (quoted and before in ",;—–-")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def _capitalised(word: str) -> bool:
    return word[0].isupper() and len(word) > 1


def _runs(text: str, words: list[tuple[int, int, str]]) -> list[list[int]]:
    """Indexes of words forming capitalised runs: "Winter Palace", "Brest-Litovsk",
    "Council of People's Commissars"."""
    runs: list[list[int]] = []
    i = 0
    while i < len(words):
        if not _capitalised(words[i][2]):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(words):
            gap = text[words[run[-1]][1]:words[j][0]]
            if _capitalised(words[j][2]) and gap in (" ", "-"):
                run.append(j)
                j += 1
                continue
            # A connector: "of", "of the", "von" … between two capitalised words.
            k, joined = j, []
            while k < len(words) and not _capitalised(words[k][2]) and len(joined) < 2:
                joined.append(words[k][2])
                k += 1
            if (joined and " ".join(joined) in _CONNECTORS and k < len(words) and _capitalised(words[k][2])
                    and re.fullmatch(r"( \S+)+ ", text[words[run[-1]][1]:words[k][0]])):
                run.extend(range(j, k + 1))
                j = k + 1
                continue
            break
        runs.append(run)
        i = j
    return runs


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of the sorted, disjoint spans."""
    at = bisect.bisect_right(spans, (end, end)) - 1  # the last span starting before `end`
    return at >= 0 and spans[at][0] < end and start < spans[at][1]


def candidate_terms(paragraphs: tuple[Paragraph, ...], glossary_words: frozenset[str] = frozenset(),
                    hits: dict[int, list[tuple[int, int]]] | None = None,
                    limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """Names and less common words that no glossary entry covers, most frequent first.

    `glossary_words` are the casefolded words of every term and form; `hits` the
    spans of glossary matches per paragraph number. A word inside a match, or
    one of the glossary's words, is covered."""
    hits = hits or {}
    common = common_words()
    found: dict[str, Candidate] = {}
    order = 0

    def note(key: str, shown: str, paragraph: Paragraph, start: int, lower: bool) -> None:
        nonlocal order
        if key not in found:
            found[key] = Candidate(key, shown, paragraph.pos_at(start), order)
            order += 1
        found[key].add(paragraph.number, lower)

    for paragraph in paragraphs:
        text, spans = paragraph.text, hits.get(paragraph.number, [])
        words = _words(text)
        in_run: set[int] = set()
        for run in _runs(text, words):
            in_run.update(run)
            first = words[run[0]]
            if _sentence_start(text, first[0]) and is_common(first[2], common):
                run = run[1:]  # "The", "History" … begin the sentence, they name nothing
            while run and not _capitalised(words[run[0]][2]):
                run = run[1:]  # a connector left at the front
            if not run:
                continue
            start, end = words[run[0]][0], words[run[-1]][1]
            shown = " ".join(text[start:end].split())
            parts = [words[k][2].casefold() for k in run]
            if _overlaps(spans, start, end) or all(p in glossary_words for p in parts):
                continue
            if len(run) == 1 and (is_common(parts[0], common) or len(parts[0]) < 3):
                continue  # "October", "God", "Co": words every reader knows
            note(shown.casefold(), shown, paragraph, start, False)
        for index, (start, end, word) in enumerate(words):
            if index in in_run or len(word) < 3 or _capitalised(word):
                continue
            key = word.casefold().replace("’", "'")
            if key in glossary_words or is_common(key, common) or _overlaps(spans, start, end):
                continue
            note(key, key, paragraph, start, True)
    _merge_forms(found)
    chosen = [c for c in found.values() if c.name or c.count >= MIN_RARE_WORD_COUNT]
    chosen.sort(key=lambda c: (-c.count, c.order))
    return chosen[:limit]


def _merge_forms(found: dict[str, Candidate]) -> None:
    """One candidate per word: "Kornilovite" joins "Kornilovites" when that came first."""
    single = [c for c in found.values() if " " not in c.key]
    derived: dict[str, list[Candidate]] = {}  # base -> candidates that may come from it
    for candidate in single:
        for base in bases(candidate.key):
            if base != candidate.key:
                derived.setdefault(base, []).append(candidate)
    for later in sorted(single, key=lambda c: c.order, reverse=True):
        related = [found[b] for b in bases(later.key) if b != later.key and b in found]
        related += derived.get(later.key, [])
        earlier = [c for c in related if c.order < later.order and c.key in found]
        if not earlier:
            continue
        into = min(earlier, key=lambda c: c.order)
        into.count += later.count
        into.name = into.name and later.name
        into.paragraphs = sorted(set(into.paragraphs) | set(later.paragraphs))
        into.forms += [later.text, *later.forms]
        del found[later.key]


def _glossary_words(guide: Guide) -> dict[str, str]:
    """Each casefolded word of a glossary term or form -> the entry's term."""
    words: dict[str, str] = {}
    for entry in guide.glossary:
        for prose in (entry.term, *entry.forms):
            for word in WORD.findall(prose.text):
                words.setdefault(word.casefold().replace("’", "'"), entry.term.text)
    return words


def _resembles(key: str, words: dict[str, str]) -> str | None:
    """The term of an entry with a word of the same base ("Soviet" and the form "Soviets")."""
    if " " in key:
        return None
    own = bases(key)
    for word, term in words.items():
        if len(word) >= 3 and (word in own or key in bases(word)):
            return term
    return None


def _where(paragraphs: list[int]) -> str:
    shown = ", ".join(f"¶{p}" for p in paragraphs[:6])
    return shown + (", …" if len(paragraphs) > 6 else "")


def check_candidates(resolved: ResolvedGuide, diags: Diagnostics) -> None:
    guide = resolved.guide
    if guide.meta.language.lower().split("-")[0] != "en":
        return  # the common-word list is English
    hits: dict[int, list[tuple[int, int]]] = {}
    for hit in resolved.terms:
        hits.setdefault(hit.paragraph, []).append((hit.start, hit.end))  # in text order, disjoint
    words = _glossary_words(guide)
    for c in candidate_terms(guide.paragraphs, frozenset(words), hits):
        times = "once" if c.count == 1 else "twice" if c.count == 2 else f"{c.count} times"
        kind = "a name" if c.name else "a less common word"
        also = "".join(f", also '{form}'" for form in c.forms)
        like = _resembles(c.key, words)
        hint = f"add '{c.text}' to the forms of '{like}'?" if like else None
        diags.warning(c.pos, f"candidate glossary term '{c.text}'{also}: {kind} found {times} ({_where(c.paragraphs)}) "
                             f"that no glossary entry covers", hint)


def check_same_spot(resolved: ResolvedGuide, diags: Diagnostics) -> None:
    """Two notes marked at one place; a question listing a paragraph twice."""
    seen: dict[tuple[int, int], object] = {}
    for placed in resolved.notes:
        note = placed.note
        here = note.anchor.pos if note.anchor is not None else note.paragraph_pos or note.pos
        spot = (placed.paragraph, placed.offset)
        if spot in seen:
            first = seen[spot]
            diags.warning(here, f"this note's mark stands at the same place as the note at line {first.pos.line} "
                                f"(¶{placed.paragraph}); the reader sees two marks side by side",
                          "merge the two notes, or anchor one of them on other words")
        else:
            seen[spot] = note
    for question in resolved.guide.questions:
        listed: dict[int, SourcePos] = {}
        for ref in question.refs:
            if ref.paragraph in listed:
                diags.warning(ref.pos, f"question lists ¶{ref.paragraph} twice in 'refs' "
                                       f"(first at column {listed[ref.paragraph].column})")
            else:
                listed[ref.paragraph] = ref.pos


def is_short_non_sentence(paragraph: Paragraph) -> bool:
    """A salutation, heading, signature or dateline: a few words without end punctuation."""
    text = paragraph.text.strip().rstrip(_CLOSERS + " ")
    return len(WORD.findall(paragraph.text)) <= SHORT_PARAGRAPH_WORDS and not text.endswith((".", "!", "?", "…"))


def check_uncovered_paragraphs(resolved: ResolvedGuide, diags: Diagnostics) -> None:
    referred = {placed.paragraph for placed in resolved.notes}
    referred.update(ref.paragraph for q in resolved.guide.questions for ref in q.refs)
    for paragraph in resolved.guide.paragraphs:
        if paragraph.number in referred or is_short_non_sentence(paragraph):
            continue
        diags.warning(paragraph.pos, f"no note or question refers to ¶{paragraph.number}",
                      f"anchor a note in it, or add {paragraph.number} to a question's 'refs'")


def check_answers(resolved: ResolvedGuide, diags: Diagnostics) -> None:
    for question in resolved.guide.questions:
        if question.answer is None:
            diags.warning(question.prompt.pos, "question has no 'answer'",
                          "add notes for the teacher; layouts that show answers print them")


def check_coverage(resolved: ResolvedGuide, diags: Diagnostics) -> None:
    """Append the coverage warnings of one resolved guide to `diags`."""
    check_candidates(resolved, diags)
    check_same_spot(resolved, diags)
    check_uncovered_paragraphs(resolved, diags)
    check_answers(resolved, diags)
