"""Reading statistics of a guide: length, reading time, readability, apparatus.

Pure Python (no ReportLab), so `check` can print them and a layout can show
them. Counted on the primary text only, not on the editor's prose.

    stats = reading_stats(guide)
    for label, value in stats.rows(): ...   # ("Words in the text", "543") …
    stats.lines()                           # ("Words in the text: 543", …)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .model import Guide
from .words import WORD, syllables

WORDS_PER_MINUTE = 200  # careful, silent reading of a demanding text
# A word: letters or digits, with inner apostrophes or hyphens ("people's", "All-Russian", "24th").
_COUNTED = re.compile(r"\w+(?:['’\-]\w+)*")
# A sentence ends at . ! ? (or …) followed by space and a capital, a digit or an opening
# quote, or at the end of the paragraph. "Co. until" does not end one.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*]*(?=\s+[\"'“‘(\[*]*[^\W_a-z]|\s*$)")


@dataclass(frozen=True)
class ReadingStats:
    words: int
    sentences: int
    syllables: int
    paragraphs: int
    reading_minutes: int
    grade: float | None  # Flesch–Kincaid grade level; None for a text not in English
    glossary_terms: int
    notes: int
    questions: int

    def rows(self) -> tuple[tuple[str, str], ...]:
        """(label, value) pairs for a table or a list, in reading order."""
        minutes = "minute" if self.reading_minutes == 1 else "minutes"
        if self.grade is None:
            readability = "not computed (Flesch–Kincaid is for English texts)"
        else:
            readability = f"Flesch–Kincaid grade {self.grade:.1f} (reading age about {round(self.grade) + 5})"
        return (
            ("Words in the text", f"{self.words:,} in {self.paragraphs} paragraph{'s' * (self.paragraphs != 1)}"),
            ("Reading time", f"about {self.reading_minutes} {minutes} at {WORDS_PER_MINUTE} words a minute"),
            ("Readability", readability),
            ("Glossary terms", str(self.glossary_terms)),
            ("Notes", str(self.notes)),
            ("Questions", str(self.questions)),
        )

    def lines(self) -> tuple[str, ...]:
        """One printable line per statistic: "Words in the text: 543 in 16 paragraphs"."""
        return tuple(f"{label}: {value}" for label, value in self.rows())


def count_sentences(text: str) -> int:
    """Sentences in one paragraph; a paragraph without end punctuation is one."""
    ends = len(_SENTENCE_END.findall(text.strip()))
    stripped = text.strip().rstrip("\"'”’)]* ")
    if stripped and stripped[-1] not in ".!?…":
        ends += 1  # "Comrades," or a heading
    return max(1, ends)


def flesch_kincaid_grade(words: int, sentences: int, syllable_count: int) -> float:
    """The Flesch–Kincaid grade level, not below 0."""
    if not words or not sentences:
        return 0.0
    return max(0.0, 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59)


def reading_stats(guide: Guide) -> ReadingStats:
    """The statistics of one guide (its primary text and apparatus)."""
    words = sentences = syllable_count = 0
    for paragraph in guide.paragraphs:
        counted = _COUNTED.findall(paragraph.text)
        words += len(counted)
        sentences += count_sentences(paragraph.text)
        for token in counted:
            letters = WORD.findall(token)
            syllable_count += sum(syllables(w) for w in letters) if letters else 1
    english = guide.meta.language.lower().split("-")[0] == "en"
    grade = round(flesch_kincaid_grade(words, sentences, syllable_count), 1) if english else None
    minutes = max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))
    return ReadingStats(words, sentences, syllable_count, len(guide.paragraphs), minutes, grade,
                        len(guide.glossary), len(guide.notes), len(guide.questions))
