"""The resolve stage: glossary terms and note anchors found in the text."""

from __future__ import annotations

import pytest

from guidebuilder.resolve import TermMatcher

from helpers_stage import FIXTURES, entry, lines, make_guide, only, resolved


def found(entries, text):
    """What TermMatcher.find picks: (matched text, entry index) in text order."""
    return [(text[s:e], n) for s, e, n in TermMatcher(tuple(entries)).find(text)]


# --- TermMatcher ----------------------------------------------------------------

def test_whole_words_only():
    assert found([entry("Soviet")], "The Soviets, Sovietism and the Soviet.") == [("Soviet", 0)]


def test_plural_matches_only_when_it_is_a_form():
    assert found([entry("Soviet", "Soviet", "Soviets")], "The Soviets and the Soviet.") == [
        ("Soviets", 0), ("Soviet", 0)]


def test_case_insensitive():
    assert found([entry("Soviet")], "soviet SOVIET Soviet") == [("soviet", 0), ("SOVIET", 0), ("Soviet", 0)]


def test_case_insensitive_uses_full_case_folding():
    assert found([entry("Straße")], "STRASSE and straße") == [("STRASSE", 0), ("straße", 0)]


def test_numbers_are_whole_words_too():
    assert found([entry("24th")], "the 24th, 124th, 24th.") == [("24th", 0), ("24th", 0)]


def test_longest_match_wins_across_entries():
    entries = [entry("Congress"), entry("Congress of Soviets"), entry("Soviets")]
    assert found(entries, "The Congress of Soviets met; the Soviets; a congress.") == [
        ("Congress of Soviets", 1), ("Soviets", 2), ("congress", 0)]


def test_longest_match_wins_whatever_the_glossary_order():
    entries = [entry("Congress of Soviets"), entry("Congress")]
    assert found(entries, "Congress of Soviets") == [("Congress of Soviets", 0)]


def test_longest_match_wins_when_it_starts_later():
    # 'A B' starts first, but 'B C D' is longer; they overlap on 'B'.
    assert found([entry("A B"), entry("B C D")], "A B C D") == [("B C D", 1)]


def test_overlapping_forms_of_different_entries_equal_length_earlier_wins():
    assert found([entry("x", "Central Committee"), entry("y", "Committee members")],
                 "Central Committee members") == [("Central Committee", 0)]
    assert found([entry("y", "Committee members"), entry("x", "Central Committee")],
                 "Central Committee members") == [("Central Committee", 1)]


def test_matches_never_overlap():
    entries = [entry("a", "ab cd"), entry("b", "cd ef g"), entry("c", "g h"), entry("d", "ef")]
    text = "ab cd ef g h ab cd"
    result = TermMatcher(tuple(entries)).find(text)
    for (s1, e1, _), (s2, e2, _) in zip(result, result[1:]):
        assert e1 <= s2
    assert [(text[s:e], n) for s, e, n in result] == [("cd ef g", 1), ("ab cd", 0)]


def test_multi_word_forms_with_punctuation():
    entries = [entry("U.S.A."), entry("Kornilov's revolt"), entry("All-Russian Congress")]
    text = "In the U.S.A. after Kornilov's revolt, the All-Russian Congress met; U. S. A."
    assert found(entries, text) == [
        ("U.S.A.", 0), ("Kornilov's revolt", 1), ("All-Russian Congress", 2)]


def test_punctuation_spacing_must_match():
    # 'All-Russian' is not 'All - Russian'.
    assert found([entry("All-Russian")], "all - Russian, all-Russian") == [("all-Russian", 0)]


def test_any_white_space_between_words_matches():
    assert found([entry("Petrograd Soviet")], "Petrograd  Soviet and Petrograd\nSoviet") == [
        ("Petrograd  Soviet", 0), ("Petrograd\nSoviet", 0)]


def test_form_ending_in_punctuation_is_still_a_whole_word():
    # 'U.S.' inside 'U.S.A.' is part of a longer word, not the word 'U.S.'.
    assert found([entry("U.S.")], "the U.S.A. and the U.S. too") == [("U.S.", 0)]
    text = "the U.S.A. and the U.S. too"
    [(start, _, _)] = TermMatcher((entry("U.S."),)).find(text)
    assert start == text.index("U.S. too")


def test_terms_found_inside_inline_markup():
    text = "He read *Pravda* and **Pravda**."
    assert [(text[s:e]) for s, e, _ in TermMatcher((entry("Pravda"),)).find(text)] == ["Pravda", "Pravda"]


def test_blank_forms_are_ignored():
    assert found([entry("x", "  ", "word")], "a word") == [("word", 0)]


# --- find_terms / occurrences ---------------------------------------------------

TEXT = "The uprising must begin.\nThe Soviets wait; the\nuprising must not wait.\nNothing here.\n"


def test_first_occurrence_flag_and_occurrences_per_entry(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, glossary=(
        "- term: Soviet\n  definition: d\n  forms: [Soviets]\n"
        "- term: uprising\n  definition: u\n"
        "- term: wait\n  definition: w\n"))
    result, diags = resolved(folder)
    assert len(diags) == 0
    hits = [(h.paragraph, TEXT.split("\n")[h.paragraph - 1][h.start:h.end], h.entry, h.first)
            for h in result.terms]
    assert hits == [
        (1, "uprising", 1, True),
        (2, "Soviets", 0, True),
        (2, "wait", 2, True),
        (3, "uprising", 1, False),
        (3, "wait", 2, False),
    ]
    assert result.occurrences == ((2,), (1, 3), (2, 3))


def test_occurrences_list_a_paragraph_once(tmp_path):
    folder = make_guide(tmp_path / "g", text="wait and wait and wait\nno\n",
                        glossary="- term: wait\n  definition: w\n")
    result, diags = resolved(folder)
    assert len(diags) == 0
    assert [h.first for h in result.terms] == [True, False, False]
    assert result.occurrences == ((1,),)


def test_term_found_nowhere_is_a_warning(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, glossary=(
        "- term: Soviet\n  definition: d\n"
        "- term: Zebra\n  definition: z\n  forms: [zebra, zebras]\n"
        "- term: uprising\n  definition: u\n"))
    result, diags = resolved(folder)
    assert result is not None and not diags.has_errors
    assert lines(diags, tmp_path) == [
        "g/glossary.yaml:1:9: warning: glossary term 'Soviet' is not found in the text (forms: 'Soviet')",
        "g/glossary.yaml:3:9: warning: glossary term 'Zebra' is not found in the text (forms: 'zebra', 'zebras')",
    ]
    assert result.occurrences == ((), (), (1, 3))


def test_blank_forms_do_not_hide_the_term(tmp_path):
    # `forms:` left blank must not turn into a form '' that is never found
    # (and a warning that the term, which is in the text, is not found).
    folder = make_guide(tmp_path / "g", text="The Soviet met.\n",
                        glossary="- term: Soviet\n  definition: d\n  forms:\n")
    result, diags = resolved(folder)
    assert not any("forms: ''" in d.message for d in diags.sorted()), lines(diags, tmp_path)
    if diags.has_errors:
        d = only(diags, "error")
        assert (d.pos.line, d.pos.column) == (3, 9)   # where `forms:` is left blank
    else:
        assert result.occurrences == ((1,),)


def test_complete_fixture_resolves():
    result, diags = resolved(FIXTURES / "complete")
    assert len(diags) == 0
    assert result.occurrences == ((2,), (2,))
    assert result.see == ((), (0,))
    assert [(n.number, n.note.anchor.text, n.paragraph) for n in result.notes] == [
        (1, "act tonight", 2), (2, "delay is fatal", 3)]


# --- note anchors ------------------------------------------------------------------

def test_anchor_not_found(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes="- anchor: nowhere  to be\n    found\n  text: t\n")
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == ["g/notes.yaml:1:11: error: note anchor 'nowhere to be found' is not in the text"]


def test_anchor_is_case_sensitive(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes="- anchor: the uprising must\n  text: t\n")
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == ["g/notes.yaml:1:11: error: note anchor 'the uprising must' is not in the text"]


def test_anchor_ambiguous_lists_paragraphs(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes="- anchor: uprising must\n  text: t\n")
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == [
        "g/notes.yaml:1:11: error: note anchor 'uprising must' occurs 2 times (¶1, ¶3) "
        "(add 'occurrence: N' (1 to 2) to choose one)"]


def test_anchor_occurrence_out_of_range(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes=(
        "- anchor: uprising\n  occurrence: 3\n  text: t\n"
        "- anchor: Nothing\n  occurrence: 2\n  text: t\n"))
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == [
        "g/notes.yaml:2:15: error: 'occurrence' is 3, but 'uprising' occurs 2 times",
        "g/notes.yaml:5:15: error: 'occurrence' is 2, but 'Nothing' occurs once",
    ]


def test_anchor_occurrence_picks_the_match(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes="- anchor: uprising must\n  occurrence: 2\n  text: t\n")
    result, diags = resolved(folder)
    assert len(diags) == 0
    [placed] = result.notes
    assert placed.paragraph == 3
    assert result.guide.paragraphs[2].text[:placed.offset] == "uprising must"


def test_anchor_matches_across_a_line_break_and_any_white_space(tmp_path):
    text = "The Soviets wait; the\nuprising  must\tnot wait.\n\nEnd.\n"
    folder = make_guide(tmp_path / "g", text=text, notes="- anchor: \"the uprising must not\"\n  text: t\n")
    result, diags = resolved(folder)
    assert len(diags) == 0
    [placed] = result.notes
    assert placed.paragraph == 1
    # The mark goes right after the anchor.
    paragraph = result.guide.paragraphs[0].text
    assert paragraph[:placed.offset].endswith("not")
    assert paragraph[placed.offset:] == " wait."


def test_anchor_with_line_break_in_yaml_matches_one_line_of_text(tmp_path):
    folder = make_guide(tmp_path / "g", text="Everything now hangs by a thread.\n",
                        notes="- anchor: >-\n    hangs by\n    a thread\n  text: t\n")
    result, diags = resolved(folder)
    assert len(diags) == 0
    assert result.notes[0].offset == len("Everything now hangs by a thread")


def test_anchor_does_not_match_across_paragraphs(tmp_path):
    folder = make_guide(tmp_path / "g", text="First ends here\nSecond starts here\n",
                        notes="- anchor: here Second\n  text: t\n")
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == ["g/notes.yaml:1:11: error: note anchor 'here Second' is not in the text"]


def test_notes_numbered_in_text_order(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes=(
        "- anchor: Nothing\n  text: n1\n"
        "- paragraph: 1\n  text: p1\n"
        "- anchor: wait\n  occurrence: 2\n  text: n3\n"
        "- anchor: uprising must begin\n  text: n4\n"
        "- anchor: The Soviets\n  text: n5\n"))
    result, diags = resolved(folder)
    assert len(diags) == 0
    assert [(n.number, n.note.text.text, n.paragraph, n.offset) for n in result.notes] == [
        (1, "n4", 1, len("The uprising must begin")),
        (2, "p1", 1, len("The uprising must begin.")),   # a paragraph note goes at the end
        (3, "n5", 2, len("The Soviets")),
        (4, "n3", 3, len("uprising must not wait")),
        (5, "n1", 4, len("Nothing")),
    ]


def test_notes_at_the_same_place_keep_file_order(tmp_path):
    folder = make_guide(tmp_path / "g", text="One.\nTwo.\n", notes=(
        "- paragraph: 2\n  text: first\n- anchor: Two.\n  text: second\n"))
    result, diags = resolved(folder)
    assert len(diags) == 0
    assert [n.note.text.text for n in result.notes] == ["first", "second"]


def test_note_paragraph_out_of_range(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, notes="- paragraph: 4\n  text: ok\n- paragraph: 5\n  text: bad\n")
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == ["g/notes.yaml:3:14: error: note refers to paragraph 5, but the text has 4"]


# --- question refs and `see` ---------------------------------------------------------

def test_refs_out_of_range(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, questions="- prompt: p\n  refs: [1, 4, 5, 9]\n")
    _, diags = resolved(folder)
    assert lines(diags, tmp_path) == [
        "g/questions.yaml:2:16: error: question refers to paragraph 5, but the text has 4",
        "g/questions.yaml:2:19: error: question refers to paragraph 9, but the text has 4",
    ]


def test_see_naming_no_entry_and_itself(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, glossary=(
        "- term: Soviets\n  definition: d\n"
        "- term: uprising\n  definition: u\n  see: [soviets, Soviet, uprising, Soviets]\n"))
    result, diags = resolved(folder)
    assert lines(diags, tmp_path) == [
        "g/glossary.yaml:5:18: error: 'see' names 'Soviet', which is not a term of the glossary",
        "g/glossary.yaml:5:26: error: 'uprising' refers to itself in 'see'",
    ]
    assert result.see == ((), (0,))   # case-insensitive, listed once


@pytest.mark.parametrize("see", ["[Soviets]", "Soviets"])
def test_see_resolves_to_entry_indexes(tmp_path, see):
    folder = make_guide(tmp_path / "g", text=TEXT, glossary=(
        "- term: uprising\n  definition: u\n  see: " + see + "\n"
        "- term: Soviets\n  definition: d\n"))
    result, diags = resolved(folder)
    assert len(diags) == 0
    assert result.see == ((1,), ())


def test_warnings_do_not_stop_resolution(tmp_path):
    folder = make_guide(tmp_path / "g", text=TEXT, glossary="- term: absent\n  definition: d\n")
    result, diags = resolved(folder)
    assert only(diags, "warning").pos.line == 1
    assert not diags.has_errors and result is not None
