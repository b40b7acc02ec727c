"""Hostile references: anchors, paragraph numbers, refs, `see` and terms that point nowhere."""

from __future__ import annotations

import pytest

from hostile_helpers import Timer, built, make_guide, pdf_text, refused, run, squash

TEXT = "The Soviet met. The Soviet voted.\n\nThe  Committee\tdecided.\n\nAll power to the Soviets.\n"


def test_anchor_not_found(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: the Duma\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: note anchor 'the Duma' is not in the text"])


def test_anchor_differing_in_case_is_not_found(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: the soviet met\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: note anchor 'the soviet met' is not in the text"])


def test_anchor_across_paragraphs_is_not_found(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: voted. The\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: note anchor 'voted. The' is not in the text"])


def test_anchor_ambiguous(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: Soviet\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: note anchor 'Soviet' occurs 3 times (¶1, ¶3) "
                       "(add 'occurrence: N' (1 to 3) to choose one)"])


def test_anchor_occurring_very_often_is_listed_briefly(tmp_path):
    make_guide(tmp_path, text="".join(f"The Soviet {k}.\n" for k in range(1, 2001)),
               notes="- anchor: Soviet\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: note anchor 'Soviet' occurs 2,000 times "
                       "(¶1, ¶2, ¶3, ¶4, ¶5, ¶6, ¶7, ¶8, ¶9, ¶10 …) (add 'occurrence: N' (1 to 2000) to choose one)"])


@pytest.mark.parametrize("occurrence, message", [
    ("4", "'occurrence' is 4, but 'Soviet' occurs 3 times"),
    ("0", "'occurrence' must be 1 or more, found 0"),
    ("1001", "'occurrence' is 1,001; the limit is 1,000"),
    ("two", "'occurrence' must be a whole number, found 'two'"),
], ids=["beyond-matches", "zero", "beyond-limit", "not-a-number"])
def test_occurrence_out_of_range(tmp_path, occurrence, message):
    make_guide(tmp_path, text=TEXT, notes=f"- anchor: Soviet\n  occurrence: {occurrence}\n  text: n\n")
    refused(tmp_path, [f"g/notes.yaml:2:15: error: {message}"])


def test_occurrence_of_a_unique_anchor(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: Committee\n  occurrence: 2\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:2:15: error: 'occurrence' is 2, but 'Committee' occurs once"])


def test_occurrence_without_anchor(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- paragraph: 1\n  occurrence: 1\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:2:15: error: 'occurrence' only applies to an 'anchor'"])


def test_anchor_and_paragraph_together(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: Committee\n  paragraph: 2\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:3: error: a note takes 'anchor' or 'paragraph', not both"])


def test_blank_anchor(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: '   '\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: 'anchor' is blank"])


def test_long_anchor_not_found_is_named_briefly(tmp_path):
    make_guide(tmp_path, text=TEXT, notes="- anchor: " + "word " * 2000 + "\n  text: n\n")
    refused(tmp_path, ["g/notes.yaml:1:11: error: note anchor 'word word word word word word word word word "
                       "word word word…' is not in the text"])


@pytest.mark.parametrize("number, message", [
    ("4", "note refers to paragraph 4, but the text has 3"),
    ("999999999", "note refers to paragraph 999999999, but the text has 3"),
    ("0", "'paragraph' must be 1 or more, found 0"),
    ("-2", "'paragraph' must be a whole number, found '-2'"),
    ("1.5", "'paragraph' must be a whole number, found '1.5'"),
], ids=["beyond", "huge", "zero", "negative", "fraction"])
def test_note_paragraph_out_of_range(tmp_path, number, message):
    make_guide(tmp_path, text=TEXT, notes=f"- paragraph: {number}\n  text: n\n")
    refused(tmp_path, [f"g/notes.yaml:1:14: error: {message}"])


def test_refs_out_of_range(tmp_path):
    make_guide(tmp_path, text=TEXT, questions="- prompt: Q\n  refs: [1, 4, 0, 3]\n- prompt: R\n  refs: 7\n")
    refused(tmp_path, [
        "g/questions.yaml:2:16: error: 'refs' must be 1 or more, found 0",
    ])
    make_guide(tmp_path, text=TEXT, questions="- prompt: Q\n  refs: [1, 4, 3]\n- prompt: R\n  refs: 7\n")
    refused(tmp_path, [
        "g/questions.yaml:2:13: error: question refers to paragraph 4, but the text has 3",
        "g/questions.yaml:4:9: error: question refers to paragraph 7, but the text has 3",
    ])


def test_see_naming_no_entry(tmp_path):
    make_guide(tmp_path, text=TEXT, glossary="- term: Soviet\n  definition: a council\n  forms: [Soviet, Soviets]\n"
                                             "  see: [Committe, soviet]\n")
    refused(tmp_path, [
        "g/glossary.yaml:4:9: error: 'see' names 'Committe', which is not a term of the glossary",
        "g/glossary.yaml:4:19: error: 'soviet' refers to itself in 'see'",
    ])


def test_duplicate_terms_differing_only_in_case(tmp_path):
    make_guide(tmp_path, text=TEXT, glossary="- term: Soviet\n  definition: a\n- term: SOVIET\n  definition: b\n"
                                             "- term: ' soviet '\n  definition: c\n")
    refused(tmp_path, [
        "g/glossary.yaml:3:9: error: duplicate term 'SOVIET' (also at line 1; terms ignore case)",
        "g/glossary.yaml:5:9: error: duplicate term 'soviet' (also at line 1; terms ignore case)",
    ])


@pytest.mark.parametrize("lines, message", [
    ("41", "'lines' must be from 0 to 40, found 41"),
    ("1000000", "'lines' must be from 0 to 40, found 1000000"),
    ("-1", "'lines' must be a whole number, found '-1'"),
], ids=["41", "million", "negative"])
def test_answer_lines_out_of_range(tmp_path, lines, message):
    make_guide(tmp_path, text=TEXT, questions=f"- prompt: Q\n  lines: {lines}\n")
    refused(tmp_path, [f"g/questions.yaml:2:10: error: {message}"])


def test_glossary_form_too_long_to_look_for(tmp_path):
    make_guide(tmp_path, text=TEXT, glossary="- term: Soviet\n  definition: d\n  forms: [Soviet, "
                                             + " ".join(["of"] * 30) + "]\n")
    refused(tmp_path, ["g/glossary.yaml:3:19: error: glossary form 'of of of of of of of of of of of of of of of "
                       "of of of of of…' is too long to look for in the text "
                       "(at most 200 characters and 24 words; give a shorter form in 'forms')"])


def test_references_that_do_resolve_build(tmp_path):
    make_guide(tmp_path, text=TEXT,
               notes="- anchor: \"The\\tCommittee  decided\"\n  text: across white space\n"
                     "- anchor: Soviet\n  occurrence: 3\n  text: the third\n",
               questions="- prompt: Which?\n  refs: [1, 3]\n  lines: 40\n- prompt: None\n  lines: 0\n",
               glossary="- term: Soviet\n  definition: a council\n  forms: [Soviet, Soviets]\n  see: [committee]\n"
                        "- term: Committee\n  definition: the Central Committee\n")
    text = squash(pdf_text(built(tmp_path)))
    assert "acrosswhitespace" in text and "thethird" in text


def test_many_forms_sharing_a_first_word_are_checked_quickly(tmp_path):
    # 10,000 forms all starting with "the", against a text of "the the the …": the matcher
    # follows only forms whose next word matches, so this is linear, not 10,000 × the text.
    make_guide(tmp_path, text=(" ".join(["the"] * 100) + ".\n") * 1_000,
               glossary="".join(f"- term: the a{k}\n  definition: d\n" for k in range(10_000)))
    with Timer() as timer:
        result = run("check", "g", cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert timer.seconds < 20
