"""The coverage report of `check`: each warning kind on a tiny guide, with exact messages and positions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from guidebuilder.coverage import MAX_CANDIDATES, check_coverage
from guidebuilder.diagnostics import Diagnostics
from guidebuilder.words import is_common
from helpers import SAMPLE
from helpers_stage import make_guide, resolved

GUIDE = "title: T\ntext: text.txt\n"
# Every paragraph referred to and every question answered, so that a test sees only its own kind.
ALL_REFS = "- prompt: Q\n  refs: [{refs}]\n  answer: A\n"


def report(folder: Path, kind: str | None = None) -> list[str]:
    """The coverage warnings of a guide as printed (paths relative to the guide folder)."""
    guide, diags = resolved(folder)
    assert guide is not None and not diags.has_errors, [d.format() for d in diags.sorted()]
    coverage = Diagnostics()
    check_coverage(guide, coverage)
    lines = [d.format(folder) for d in coverage.sorted()]
    return [line for line in lines if kind is None or kind in line]


def guide(tmp_path, text: str, paragraphs: int = 1, guide_yaml: str = GUIDE, **lists) -> Path:
    lists.setdefault("questions", ALL_REFS.format(refs=", ".join(str(n) for n in range(1, paragraphs + 1))))
    return make_guide(tmp_path / "g", text, guide=guide_yaml, **lists)


# --- candidate glossary terms ---------------------------------------------------

def test_names_not_at_a_sentence_start_are_candidates(tmp_path):
    folder = guide(tmp_path, "History moved when Verkhovsky left the Winter Palace in October.\n"
                             "Then Verkhovsky spoke.\n", paragraphs=2)
    assert report(folder, "candidate") == [
        "text.txt:1:20: warning: candidate glossary term 'Verkhovsky': a name found twice (¶1, ¶2) "
        "that no glossary entry covers",
        "text.txt:1:40: warning: candidate glossary term 'Winter Palace': a name found once (¶1) "
        "that no glossary entry covers",
    ]  # "History" and "Then" start sentences; "October" is a word every reader knows


def test_a_name_at_a_sentence_start_is_still_a_name(tmp_path):
    folder = guide(tmp_path, "It rained. Kerensky fled.\n")
    assert report(folder, "candidate") == [
        "text.txt:1:12: warning: candidate glossary term 'Kerensky': a name found once (¶1) "
        "that no glossary entry covers"]


def test_names_with_connectors_and_hyphens(tmp_path):
    folder = guide(tmp_path, "They met the Council of People's Commissars and went to Brest-Litovsk.\n")
    assert [line.split(": ", 2)[2] for line in report(folder, "candidate")] == [
        "candidate glossary term 'Council of People's Commissars': a name found once (¶1) "
        "that no glossary entry covers",
        "candidate glossary term 'Brest-Litovsk': a name found once (¶1) that no glossary entry covers",
    ]


def test_less_common_words_must_recur(tmp_path):
    folder = guide(tmp_path, "A quixotic plan.\n\nAnother quixotic plan, and an obstreperous crowd.\n",
                   paragraphs=2)
    assert report(folder, "candidate") == [
        "text.txt:1:3: warning: candidate glossary term 'quixotic': a less common word found twice "
        "(¶1, ¶2) that no glossary entry covers"]
    # "obstreperous" occurs once: a dictionary word, not a glossary term


def test_words_a_glossary_entry_covers_are_not_candidates(tmp_path):
    folder = guide(tmp_path, "Kerensky and Verkhovsky met. Kerensky left the Winter Palace.\n",
                   glossary="- term: Kerensky, Alexander\n  forms: [Kerensky]\n  definition: d\n"
                            "- term: Palace\n  definition: d\n"
                            "- term: Verkhovsky\n  forms: [Verkhovsky met]\n  definition: d\n")
    assert report(folder, "candidate") == []


def test_a_form_that_differs_only_by_ending_gets_a_hint(tmp_path):
    folder = guide(tmp_path, "All power to the Soviets! The Soviet decides.\n",
                   glossary="- term: Soviets\n  definition: councils\n")
    assert report(folder, "candidate") == [
        "text.txt:1:31: warning: candidate glossary term 'Soviet': a name found once (¶1) "
        "that no glossary entry covers (add 'Soviet' to the forms of 'Soviets'?)"]
    folder = guide(tmp_path / "b", "The Bolsheviks won. One Bolshevik spoke.\n",
                   glossary="- term: Bolsheviks\n  definition: a party\n")
    assert report(folder, "candidate") == [
        "text.txt:1:25: warning: candidate glossary term 'Bolshevik': a name found once (¶1) "
        "that no glossary entry covers (add 'Bolshevik' to the forms of 'Bolsheviks'?)"]


def test_spellings_of_one_word_are_one_candidate(tmp_path):
    folder = guide(tmp_path, "The Kornilovites struck; a Kornilovite plot.\n")
    assert report(folder, "candidate") == [
        "text.txt:1:5: warning: candidate glossary term 'Kornilovites', also 'Kornilovite': a name found "
        "twice (¶1) that no glossary entry covers"]


def test_only_the_most_frequent_candidates_are_reported(tmp_path):
    names = ["Abakan", "Belgorod", "Chita", "Dzhankoi", "Elista", "Fergana", "Gomel", "Hrodna", "Izhevsk",
             "Jelgava", "Kaunas", "Luhansk"]
    # Luhansk 12 times, Kaunas 11 times ... Abakan once.
    text = " ".join(f"and {name}" for count, name in enumerate(names, start=1) for _ in range(count))
    folder = guide(tmp_path, f"Names {text}.\n")
    found = report(folder, "candidate")
    assert len(found) == MAX_CANDIDATES == 10
    shown = {line.split("'")[1] for line in found}
    assert shown == set(names[2:])  # Abakan and Belgorod, the rarest, are left out
    assert "'Luhansk': a name found 12 times (¶1)" in " ".join(found)


def test_no_candidates_for_a_text_not_in_english(tmp_path):
    folder = guide(tmp_path, "Der Rat der Volkskommissare tagte im Smolny.\n", guide_yaml=GUIDE + "language: de\n")
    assert report(folder) == []


def test_positions_follow_joined_lines(tmp_path):
    folder = guide(tmp_path, "The letter went\n  to Verkhovsky at once.\n",
                   guide_yaml=GUIDE + "paragraphs: blank-lines\n")
    assert report(folder, "candidate")[0].startswith("text.txt:2:6: warning: candidate glossary term 'Verkhovsky'")


def test_common_word_list_knows_inflections_and_spellings():
    for word in ("realise", "realize", "colours", "colors", "centre", "center", "defence", "defense",
                 "stopped", "happily", "warnings", "unimportant", "disarmed", "people's", "don't"):
        assert is_common(word), word
    for word in ("onslaught", "relinquish", "procrastinating", "tottering", "wavering", "quixotic"):
        assert not is_common(word), word


def test_the_word_list_ships_with_the_package():
    from importlib import resources

    data = resources.files("guidebuilder").joinpath("data/common-words.txt").read_text(encoding="utf-8")
    words = [line for line in data.splitlines() if line and not line.startswith("#")]
    assert len(words) > 3000 and words == sorted(set(words))


# --- the same spot twice --------------------------------------------------------

def test_two_notes_marked_at_the_same_place(tmp_path):
    folder = guide(tmp_path, "On the evening of the 24th he wrote.\n",
                   notes="- anchor: evening of the 24th\n  text: one\n"
                         "- anchor: the 24th\n  text: two\n")
    assert report(folder) == [
        "notes.yaml:3:11: warning: this note's mark stands at the same place as the note at line 1 (¶1); "
        "the reader sees two marks side by side (merge the two notes, or anchor one of them on other words)"]


def test_a_paragraph_note_and_an_anchor_at_the_paragraph_end(tmp_path):
    folder = guide(tmp_path, "To delay action is fatal.\n",
                   notes="- paragraph: 1\n  text: one\n- anchor: is fatal.\n  text: two\n")
    assert report(folder) == [
        "notes.yaml:3:11: warning: this note's mark stands at the same place as the note at line 1 (¶1); "
        "the reader sees two marks side by side (merge the two notes, or anchor one of them on other words)"]


def test_notes_at_different_places_are_fine(tmp_path):
    folder = guide(tmp_path, "On the evening of the 24th he wrote.\n",
                   notes="- anchor: the evening\n  text: one\n- anchor: the 24th\n  text: two\n")
    assert report(folder) == []


def test_a_question_listing_a_paragraph_twice(tmp_path):
    folder = guide(tmp_path, "One.\n\nTwo.\n", paragraphs=2,
                   questions="- prompt: Q\n  refs: [1, 2, 1]\n  answer: A\n")
    assert report(folder) == ["questions.yaml:2:16: warning: question lists ¶1 twice in 'refs' (first at column 10)"]


# --- paragraphs without a note or question --------------------------------------

def test_paragraphs_no_note_or_question_refers_to(tmp_path):
    text = "Comrades,\n\nThe first point is made here.\n\nWait!\n\nThe second point is made.\n\nWith fraternal greetings\n"
    folder = guide(tmp_path, text, questions="- prompt: Q\n  refs: [2]\n  answer: A\n",
                   notes="- anchor: second point\n  text: n\n")
    assert report(folder) == [
        "text.txt:5:1: warning: no note or question refers to ¶3 (anchor a note in it, or add 3 to a question's 'refs')"]
    # ¶1 "Comrades," and ¶5 "With fraternal greetings" are short and no sentences: a salutation, a closing.
    # ¶3 "Wait!" is short but a sentence, so it counts.


def test_a_long_paragraph_without_end_punctuation_counts(tmp_path):
    folder = guide(tmp_path, "One two three four five six\n", questions="")
    assert report(folder) == [
        "text.txt:1:1: warning: no note or question refers to ¶1 (anchor a note in it, or add 1 to a question's 'refs')"]


# --- questions without an answer ------------------------------------------------

def test_questions_without_an_answer(tmp_path):
    folder = guide(tmp_path, "One.\n", questions="- prompt: First?\n  refs: [1]\n"
                                                 "- prompt: Second?\n  answer: Yes.\n"
                                                 "- group: G\n  prompt: >-\n    Third?\n")
    assert report(folder) == [
        "questions.yaml:1:11: warning: question has no 'answer' "
        "(add notes for the teacher; layouts that show answers print them)",
        "questions.yaml:6:11: warning: question has no 'answer' "
        "(add notes for the teacher; layouts that show answers print them)",
    ]


# --- through the command line ---------------------------------------------------

def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidebuilder", *args], cwd=cwd, capture_output=True,
                          text=True, env=os.environ.copy(), timeout=120)


def test_check_prints_the_report_and_strict_fails_on_warnings(tmp_path):
    make_guide(tmp_path / "g", "One.\n\nTwo.\n", guide=GUIDE,
               glossary="- term: Nowhere\n  definition: d\n",
               questions="- prompt: Q\n  refs: [1]\n")
    expected = [
        "g/glossary.yaml:1:9: warning: glossary term 'Nowhere' is not found in the text (forms: 'Nowhere')",
        "g/questions.yaml:1:11: warning: question has no 'answer' "
        "(add notes for the teacher; layouts that show answers print them)",
        "g/text.txt:3:1: warning: no note or question refers to ¶2 "
        "(anchor a note in it, or add 2 to a question's 'refs')",
        "0 error(s), 3 warning(s)",
    ]  # in the order check prints them: by file (as shown), line and column
    result = run("check", "g", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (0, expected)
    assert result.stdout.startswith("g: T\n  words in the text: 2 in 2 paragraphs\n")
    strict = run("check", "--strict", "g", cwd=tmp_path)
    assert (strict.returncode, strict.stderr.splitlines()) == (1, expected)


def test_strict_passes_a_clean_guide(tmp_path):
    make_guide(tmp_path / "g", "One.\n", guide=GUIDE, questions="- prompt: Q\n  refs: [1]\n  answer: A\n")
    result = run("check", "--strict", "g", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_sample_has_an_empty_report():
    guide_, diags = resolved(SAMPLE)
    check_coverage(guide_, diags)
    assert [d.format() for d in diags.sorted()] == []


def test_check_loads_neither_reportlab_nor_fonttools_nor_watchfiles():
    code = ("import sys\nfrom guidebuilder.cli import main_group\n"
            f"try:\n    main_group(['check', {str(SAMPLE)!r}], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'fontTools', 'watchfiles'}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
