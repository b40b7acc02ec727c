"""Reading statistics: words, sentences, syllables, reading time, Flesch–Kincaid, apparatus."""

from __future__ import annotations

import pytest

from guidebuilder.stats import ReadingStats, count_sentences, flesch_kincaid_grade, reading_stats
from guidebuilder.words import syllables
from helpers import SAMPLE
from helpers_stage import make_guide, model

GUIDE = "title: T\ntext: text.txt\n"


def stats_of(tmp_path, text: str, guide: str = GUIDE, **lists: str) -> ReadingStats:
    built, diags = model(make_guide(tmp_path / "g", text, guide=guide, **lists))
    assert built is not None, [d.format() for d in diags.sorted()]
    return reading_stats(built)


@pytest.mark.parametrize("word, count", [
    ("the", 1), ("cat", 1), ("hoped", 1), ("armed", 1), ("states", 1), ("peace", 1),
    ("wanted", 2), ("horses", 2), ("wishes", 2), ("people", 2), ("quiet", 2), ("fatal", 2),
    ("history", 3), ("period", 3), ("government", 3), ("evening", 3), ("tottering", 3),
    ("revolution", 4), ("situation", 4), ("absolutely", 4), ("immediately", 5),
])
def test_syllable_estimates(word, count):
    assert syllables(word) == count


@pytest.mark.parametrize("text, count", [
    ("Comrades,", 1),
    ("We must not wait! We may lose everything!", 2),
    ("Power must not be left to Kerensky and Co. until the 25th.", 1),
    ("It is late. \"Act now,\" he wrote. 1917 was the year.", 3),
    ("Who must take power?", 1),
    ("No end punctuation here", 1),
])
def test_sentences_are_counted_at_end_punctuation_before_a_capital(text, count):
    assert count_sentences(text) == count


def test_flesch_kincaid_formula_and_floor():
    # 0.39 * 10/2 + 11.8 * 15/10 - 15.59 = 1.95 + 17.7 - 15.59 = 4.06
    assert flesch_kincaid_grade(10, 2, 15) == pytest.approx(4.06)
    assert flesch_kincaid_grade(4, 4, 4) == 0.0  # "Go. Run. Sit. Eat." would be below zero
    assert flesch_kincaid_grade(0, 0, 0) == 0.0


def test_counts_of_a_small_guide(tmp_path):
    stats = stats_of(
        tmp_path, "The cat sat on the mat. It was happy.\n\nThe dog, an All-Russian hound, barked twice!\n",
        glossary="- term: cat\n  definition: d\n- term: dog\n  definition: d\n",
        notes="- paragraph: 1\n  text: n\n",
        questions="- prompt: Q1\n- prompt: Q2\n- prompt: Q3\n")
    # "All-Russian" is one word, All (1) + Rus-sian (2); "hap-py" 2; every other word 1.
    assert (stats.words, stats.sentences, stats.paragraphs) == (16, 3, 2)
    assert stats.syllables == 19
    assert (stats.glossary_terms, stats.notes, stats.questions) == (2, 1, 3)
    assert stats.reading_minutes == 1
    assert stats.grade == round(0.39 * 16 / 3 + 11.8 * 19 / 16 - 15.59, 1)


def test_rows_and_lines_are_ready_to_print(tmp_path):
    stats = stats_of(tmp_path, "One short sentence here.\n")
    assert stats.rows() == (
        ("Words in the text", "4 in 1 paragraph"),
        ("Reading time", "about 1 minute at 200 words a minute"),
        ("Readability", f"Flesch–Kincaid grade {stats.grade:.1f} (reading age about {round(stats.grade) + 5})"),
        ("Glossary terms", "0"),
        ("Notes", "0"),
        ("Questions", "0"),
    )
    assert stats.lines()[0] == "Words in the text: 4 in 1 paragraph"
    assert stats.lines()[1] == "Reading time: about 1 minute at 200 words a minute"


def test_reading_time_rounds_to_whole_minutes(tmp_path):
    assert stats_of(tmp_path / "a", "word " * 299 + "\n").reading_minutes == 1
    assert stats_of(tmp_path / "b", "word " * 300 + "\n").reading_minutes == 2
    assert stats_of(tmp_path / "c", "word " * 1000 + "\n").reading_minutes == 5


def test_markup_and_numbers(tmp_path):
    stats = stats_of(tmp_path, "On the *24th* of **October** 1917 it rained.\n")
    assert stats.words == 8  # asterisks are not words; "24th" and "1917" are


def test_no_grade_for_a_text_not_in_english(tmp_path):
    stats = stats_of(tmp_path, "Вся власть Советам!\n", guide=GUIDE + "language: ru\n")
    assert stats.grade is None
    assert stats.words == 3
    assert dict(stats.rows())["Readability"] == "not computed (Flesch–Kincaid is for English texts)"


def test_english_variants_get_a_grade(tmp_path):
    assert stats_of(tmp_path, "A plain text.\n", guide=GUIDE + "language: en-GB\n").grade is not None


def test_the_sample_guide():
    guide, diags = model(SAMPLE)
    stats = reading_stats(guide)
    assert (stats.words, stats.paragraphs, stats.reading_minutes) == (541, 16, 3)
    assert (stats.glossary_terms, stats.notes, stats.questions) == (
        len(guide.glossary), len(guide.notes), len(guide.questions))
    assert 10 < stats.grade < 15  # long sentences, many long words: upper secondary school
