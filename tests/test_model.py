"""The model stage: typed guide data, every field checked, positions exact."""

from __future__ import annotations

import pytest

from guidebuilder.load import TextSource
from guidebuilder.model import (build_glossary, build_meta, build_notes, build_questions,
                                build_timeline, split_paragraphs)

from helpers_stage import FIXTURES, lines, make_guide, model, only, parse_yaml


def meta(tmp_path, content):
    path = tmp_path / "guide.yaml"
    node, diags = parse_yaml(path, content)
    assert len(diags) == 0, lines(diags, tmp_path)
    return build_meta(node, path, diags), diags


def run(builder, tmp_path, name, content):
    node, diags = parse_yaml(tmp_path / name, content)
    assert len(diags) == 0, lines(diags, tmp_path)
    return builder(node, diags), diags


def glossary(tmp_path, content):
    return run(build_glossary, tmp_path, "glossary.yaml", content)


def notes(tmp_path, content):
    return run(build_notes, tmp_path, "notes.yaml", content)


def questions(tmp_path, content):
    return run(build_questions, tmp_path, "questions.yaml", content)


def timeline(tmp_path, content):
    return run(build_timeline, tmp_path, "timeline.yaml", content)


# --- a whole guide ----------------------------------------------------------

def test_complete_fixture_builds():
    guide, diags = model(FIXTURES / "complete")
    assert len(diags) == 0
    assert guide.id == "complete"
    assert guide.meta.title.text == "Complete Guide"
    assert guide.meta.dateline.text == "October 24, 1917"
    assert guide.meta.paragraphs_mode == "blank-lines"
    assert [p.text for p in guide.paragraphs] == [
        "Comrades,",
        "The Soviets must act tonight. The Congress of Soviets meets tomorrow.",
        "To delay is fatal.",
    ]
    assert [e.term.text for e in guide.glossary] == ["Soviet", "Congress of Soviets"]
    assert [f.text for f in guide.glossary[0].forms] == ["Soviets"]
    assert [f.text for f in guide.glossary[1].forms] == ["Congress of Soviets"]  # default: [term]
    assert [n.anchor.text for n in guide.notes] == ["delay is fatal", "act tonight"]
    assert [(r.paragraph, r.pos.line, r.pos.column) for r in guide.questions[0].refs] == [(2, 2, 10)]
    assert guide.questions[0].lines == 3
    assert [e.date for e in guide.timeline] == ["1917", "1917-11-07"]


def test_build_guide_is_none_when_there_are_errors(tmp_path):
    folder = make_guide(tmp_path / "g", guide="title: T\ntext: text.txt\ncolour: red\n")
    guide, diags = model(folder)
    assert guide is None
    assert diags.has_errors


# --- guide.yaml ---------------------------------------------------------------

def test_guide_defaults(tmp_path):
    m, diags = meta(tmp_path, "title: T\ntext: a.txt\n")
    assert len(diags) == 0
    assert m.language == "en" and m.paragraphs_mode == "auto"
    assert m.subtitle is m.author is m.dateline is m.source is m.introduction is None
    assert (m.title.text, m.title.pos.line, m.title.pos.column) == ("T", 1, 8)


def test_unknown_key_with_did_you_mean(tmp_path):
    _, diags = meta(tmp_path, "title: T\ntext: a.txt\nsubtitel: S\n")
    assert lines(diags, tmp_path) == [
        "guide.yaml:3:1: error: unknown key 'subtitel' in guide.yaml (did you mean 'subtitle'?)"]


def test_unknown_key_without_close_match_lists_allowed(tmp_path):
    _, diags = meta(tmp_path, "title: T\ntext: a.txt\nzzz: 1\n")
    assert lines(diags, tmp_path) == [
        "guide.yaml:3:1: error: unknown key 'zzz' in guide.yaml (allowed: title, subtitle, author, "
        "dateline, language, source, introduction, text, paragraphs)"]


def test_misspelt_required_key_gives_hint_and_missing(tmp_path):
    _, diags = meta(tmp_path, "titel: T\ntext: a.txt\n")
    assert lines(diags, tmp_path) == [
        "guide.yaml:1:1: error: unknown key 'titel' in guide.yaml (did you mean 'title'?)",
        "guide.yaml:1:1: error: guide.yaml is missing 'title'",
    ]


def test_missing_required_keys(tmp_path):
    _, diags = meta(tmp_path, "subtitle: S\n")
    assert lines(diags, tmp_path) == [
        "guide.yaml:1:1: error: guide.yaml is missing 'title'",
        "guide.yaml:1:1: error: guide.yaml is missing 'text'",
    ]


def test_required_key_left_blank(tmp_path):
    # `title:` with nothing after it is an empty value, not a title.
    _, diags = meta(tmp_path, "title:\ntext: a.txt\n")
    assert lines(diags, tmp_path) == ["guide.yaml:1:7: error: 'title' is empty"]


def test_required_text_left_blank(tmp_path):
    _, diags = meta(tmp_path, "title: T\ntext:\n")
    assert lines(diags, tmp_path) == ["guide.yaml:2:6: error: 'text' is empty"]


def test_blank_text_field_in_a_guide_folder_is_an_error(tmp_path):
    # Without the error the build would stop with nothing reported.
    folder = make_guide(tmp_path / "g", guide="title: T\ntext:\n")
    guide, diags = model(folder)
    assert guide is None
    assert lines(diags, tmp_path) == ["g/guide.yaml:2:6: error: 'text' is empty"]


def test_guide_yaml_that_is_a_list(tmp_path):
    _, diags = meta(tmp_path, "- title: T\n")
    assert lines(diags, tmp_path) == ["guide.yaml:1:1: error: guide.yaml must be a mapping of keys, not a list"]


def test_empty_guide_yaml(tmp_path):
    path = tmp_path / "guide.yaml"
    node, diags = parse_yaml(path, "# to do\n")
    assert build_meta(node, path, diags) is None
    assert lines(diags, tmp_path) == [
        "guide.yaml:1:1: error: guide.yaml is empty; it needs at least 'title' and 'text'"]


@pytest.mark.parametrize("content, where, kind", [
    ("title: [a, b]\ntext: a.txt\n", (1, 8), "a list"),
    ("title:\n  a: b\ntext: a.txt\n", (2, 3), "a mapping"),
    ("title: T\ntext: a.txt\nauthor: {name: X}\n", (3, 9), "a mapping"),
])
def test_list_or_mapping_where_text_belongs(tmp_path, content, where, kind):
    _, diags = meta(tmp_path, content)
    d = only(diags)
    name = d.message.split("'")[1]
    assert d.message == f"'{name}' must be text, not {kind}"
    assert (d.pos.line, d.pos.column) == where


def test_scalars_are_kept_exactly_as_typed(tmp_path):
    content = ("title: no\ntext: a.txt\nsubtitle: 1917\nauthor: 3.10\n"
               "dateline: 2024-01-01\nsource: ~\nintroduction: 1e3\nlanguage: no\n")
    m, diags = meta(tmp_path, content)
    assert len(diags) == 0
    assert m.title.text == "no"
    assert m.subtitle.text == "1917"
    assert m.author.text == "3.10"
    assert m.dateline.text == "2024-01-01"
    assert m.source.text == "~"
    assert m.introduction.text == "1e3"
    assert m.language == "no"  # Norwegian, not false


def test_block_scalar_and_quoted_text(tmp_path):
    m, diags = meta(tmp_path, "title: 'A \"quoted\" <b>title</b>'\ntext: a.txt\n"
                              "introduction: |\n  First.\n\n  Second.\n")
    assert len(diags) == 0
    assert m.title.text == 'A "quoted" <b>title</b>'
    assert m.introduction.text == "First.\n\nSecond.\n"
    assert (m.introduction.pos.line, m.introduction.pos.column) == (3, 15)


def test_language_tags(tmp_path):
    m, diags = meta(tmp_path, "title: T\ntext: a.txt\nlanguage: de-CH\n")
    assert len(diags) == 0 and m.language == "de-CH"
    _, diags = meta(tmp_path, "title: T\ntext: a.txt\nlanguage: en_GB\n")
    assert lines(diags, tmp_path) == [
        "guide.yaml:3:11: error: 'language' must be a language tag such as 'en' or 'de-CH', found 'en_GB'"]


def test_bad_paragraphs_mode_with_hint(tmp_path):
    _, diags = meta(tmp_path, "title: T\ntext: a.txt\nparagraphs: blanklines\n")
    assert lines(diags, tmp_path) == [
        "guide.yaml:3:13: error: 'paragraphs' must be one of auto, lines, blank-lines, "
        "found 'blanklines' (did you mean 'blank-lines'?)"]


def test_control_character_in_prose(tmp_path):
    _, diags = meta(tmp_path, 'title: "A\\u0007B"\ntext: a.txt\n')
    assert lines(diags, tmp_path) == [
        "guide.yaml:1:8: error: control character U+0007 in 'title' (at character 2)"]


# --- paragraphs -----------------------------------------------------------------

def paragraphs(tmp_path, content, mode):
    return split_paragraphs(TextSource(tmp_path / "t.txt", content), mode)


def summary(paras):
    return [(p.number, p.text, p.pos.line, p.pos.column) for p in paras]


MIXED = "One.\nTwo.\n\n  Three a\n\tThree b  \n\n\nFour.\n"


def test_auto_with_a_blank_line_means_blank_lines(tmp_path):
    assert summary(paragraphs(tmp_path, MIXED, "auto")) == [
        (1, "One. Two.", 1, 1),
        (2, "Three a Three b", 4, 3),
        (3, "Four.", 8, 1),
    ]


def test_auto_without_blank_lines_means_lines(tmp_path):
    assert summary(paragraphs(tmp_path, "One.\nTwo.\n  Three.\n", "auto")) == [
        (1, "One.", 1, 1), (2, "Two.", 2, 1), (3, "Three.", 3, 3)]


def test_auto_ignores_blank_lines_at_start_and_end(tmp_path):
    # Blank lines before the first and after the last text line are not
    # "between two non-empty lines".
    assert summary(paragraphs(tmp_path, "\n\nOne.\nTwo.\n\n\n", "auto")) == [
        (1, "One.", 3, 1), (2, "Two.", 4, 1)]


def test_auto_counts_whitespace_only_line_as_blank(tmp_path):
    assert summary(paragraphs(tmp_path, "A\nB\n \t \nC\n", "auto")) == [
        (1, "A B", 1, 1), (2, "C", 4, 1)]


def test_lines_mode(tmp_path):
    assert summary(paragraphs(tmp_path, MIXED, "lines")) == [
        (1, "One.", 1, 1), (2, "Two.", 2, 1), (3, "Three a", 4, 3),
        (4, "Three b", 5, 2), (5, "Four.", 8, 1)]


def test_blank_lines_mode_joins_hard_wrapped_lines(tmp_path):
    assert summary(paragraphs(tmp_path, "One.\nTwo.\n", "blank-lines")) == [(1, "One. Two.", 1, 1)]


def test_tabs_inside_a_line_become_spaces(tmp_path):
    [p] = paragraphs(tmp_path, "a\tb\n", "lines")
    assert p.text == "a b"


def test_pos_at_maps_offsets_back_to_the_file(tmp_path):
    [p] = paragraphs(tmp_path, "Alpha beta\n   gamma delta\nepsilon\n", "blank-lines")
    assert p.text == "Alpha beta gamma delta epsilon"
    assert p.line_starts == ((0, 1, 1), (11, 2, 4), (23, 3, 1))

    def at(offset):
        pos = p.pos_at(offset)
        return (pos.line, pos.column)

    assert at(0) == (1, 1)                                # 'Alpha'
    assert at(p.text.index("beta")) == (1, 7)
    assert at(p.text.index("gamma")) == (2, 4)            # after three spaces
    assert at(p.text.index("delta")) == (2, 10)
    assert at(p.text.index("epsilon")) == (3, 1)
    assert at(p.text.index("psilon")) == (3, 2)
    assert p.pos_at(0).path == tmp_path / "t.txt"


def test_paragraph_mode_from_guide_yaml(tmp_path):
    text = "First line\nsecond line\n\nThird\n"
    folder = make_guide(tmp_path / "lines", text=text,
                        guide="title: T\ntext: text.txt\nparagraphs: lines\n")
    guide, diags = model(folder)
    assert len(diags) == 0
    assert [p.text for p in guide.paragraphs] == ["First line", "second line", "Third"]
    folder = make_guide(tmp_path / "auto", text=text)
    guide, _ = model(folder)
    assert [p.text for p in guide.paragraphs] == ["First line second line", "Third"]
    assert [p.number for p in guide.paragraphs] == [1, 2]


# --- glossary.yaml --------------------------------------------------------------

def test_glossary_entry_fields(tmp_path):
    entries, diags = glossary(tmp_path, "- term: Soviet\n  definition: A council.\n"
                                        "  forms: [Soviet, Soviets]\n  category: organization\n"
                                        "  see: [Congress]\n")
    assert len(diags) == 0
    [e] = entries
    assert e.term.text == "Soviet" and (e.term.pos.line, e.term.pos.column) == (1, 9)
    assert [f.text for f in e.forms] == ["Soviet", "Soviets"]
    assert [(f.pos.line, f.pos.column) for f in e.forms] == [(3, 11), (3, 19)]
    assert e.category.text == "organization"
    assert [s.text for s in e.see] == ["Congress"]
    assert (e.pos.line, e.pos.column) == (1, 3)


def test_glossary_terms_kept_as_typed(tmp_path):
    entries, diags = glossary(tmp_path, "- term: no\n  definition: 1917\n  forms: [3.10, 2024-01-01]\n")
    assert len(diags) == 0
    [e] = entries
    assert (e.term.text, e.definition.text) == ("no", "1917")
    assert [f.text for f in e.forms] == ["3.10", "2024-01-01"]


def test_duplicate_terms_differing_only_in_case(tmp_path):
    entries, diags = glossary(tmp_path, "- term: Soviet\n  definition: d\n- term: SOVIET\n  definition: e\n")
    assert lines(diags, tmp_path) == [
        "glossary.yaml:3:9: error: duplicate term 'SOVIET' (also at line 1; terms ignore case)"]
    assert [e.term.text for e in entries] == ["Soviet"]


def test_glossary_missing_keys_and_unknown_key(tmp_path):
    _, diags = glossary(tmp_path, "- term: x\n  defintion: d\n- definition: e\n")
    assert lines(diags, tmp_path) == [
        "glossary.yaml:1:3: error: glossary entry is missing 'definition'",
        "glossary.yaml:2:3: error: unknown key 'defintion' in glossary entry (did you mean 'definition'?)",
        "glossary.yaml:3:3: error: glossary entry is missing 'term'",
    ]


def test_glossary_that_is_a_mapping(tmp_path):
    _, diags = glossary(tmp_path, "term: x\ndefinition: d\n")
    assert lines(diags, tmp_path) == [
        "glossary.yaml:1:1: error: glossary.yaml must be a list of entries (each starting with '- '), "
        "not a mapping"]


def test_glossary_entries_that_are_text(tmp_path):
    _, diags = glossary(tmp_path, "- Soviet\n- term: x\n  definition: d\n")
    assert lines(diags, tmp_path) == [
        "glossary.yaml:1:3: error: each entry of glossary.yaml must be a mapping of keys, not text"]


def test_forms_items_must_be_text(tmp_path):
    _, diags = glossary(tmp_path, "- term: x\n  definition: d\n  forms: [a, [b], {c: d}]\n")
    assert lines(diags, tmp_path) == [
        "glossary.yaml:3:14: error: each item of 'forms' must be text",
        "glossary.yaml:3:19: error: each item of 'forms' must be text",
    ]


def test_forms_empty_list(tmp_path):
    _, diags = glossary(tmp_path, "- term: x\n  definition: d\n  forms: []\n")
    assert lines(diags, tmp_path) == [
        "glossary.yaml:3:10: error: 'forms' is an empty list; leave it out to use the term"]


def test_forms_given_a_mapping_is_one_error(tmp_path):
    # A mapping where a list belongs: one error at the mapping, and it is not
    # "an empty list" (the teacher wrote something).
    _, diags = glossary(tmp_path, "- term: x\n  definition: d\n  forms: {a: b}\n")
    d = only(diags)
    assert (d.pos.line, d.pos.column) == (3, 10)
    assert "forms" in d.message and "empty list" not in d.message


def test_category_must_be_text(tmp_path):
    _, diags = glossary(tmp_path, "- term: x\n  definition: d\n  category: [a]\n")
    assert lines(diags, tmp_path) == ["glossary.yaml:3:13: error: 'category' must be text, not a list"]


# --- notes.yaml -------------------------------------------------------------------

def test_note_fields(tmp_path):
    result, diags = notes(tmp_path, "- anchor: the 24th\n  occurrence: 2\n  title: T\n  text: t\n"
                                    "- paragraph: 3\n  text: u\n")
    assert len(diags) == 0
    first, second = result
    assert (first.anchor.text, first.occurrence, first.title.text, first.text.text) == ("the 24th", 2, "T", "t")
    assert (first.anchor.pos.line, first.anchor.pos.column) == (1, 11)
    assert (first.occurrence_pos.line, first.occurrence_pos.column) == (2, 15)
    assert (second.paragraph, second.anchor, second.paragraph_pos.line, second.paragraph_pos.column) == (3, None, 5, 14)


def test_note_with_both_anchor_and_paragraph(tmp_path):
    result, diags = notes(tmp_path, "- anchor: a\n  paragraph: 1\n  text: t\n")
    assert result == ()
    assert lines(diags, tmp_path) == ["notes.yaml:1:3: error: a note takes 'anchor' or 'paragraph', not both"]


def test_note_with_neither_anchor_nor_paragraph(tmp_path):
    result, diags = notes(tmp_path, "- title: x\n  text: t\n")
    assert result == ()
    assert lines(diags, tmp_path) == [
        "notes.yaml:1:3: error: note is missing 'anchor' (a phrase from the text) or 'paragraph' (a number)"]


def test_note_missing_text_and_blank_anchor(tmp_path):
    _, diags = notes(tmp_path, "- anchor: a\n- anchor: '  '\n  text: t\n")
    assert lines(diags, tmp_path) == [
        "notes.yaml:1:3: error: note is missing 'text'",
        "notes.yaml:2:11: error: 'anchor' is blank",
    ]


def test_note_integer_fields(tmp_path):
    _, diags = notes(tmp_path, "- anchor: a\n  occurrence: 0\n  text: t\n"
                               "- paragraph: 0\n  text: t\n"
                               "- paragraph: two\n  text: t\n"
                               "- paragraph: 1\n  occurrence: 1\n  text: t\n")
    assert lines(diags, tmp_path) == [
        "notes.yaml:2:15: error: 'occurrence' must be 1 or more, found 0",
        "notes.yaml:4:14: error: 'paragraph' must be 1 or more, found 0",
        "notes.yaml:6:14: error: 'paragraph' must be a whole number, found 'two'",
        "notes.yaml:9:15: error: 'occurrence' only applies to an 'anchor'",
    ]


# --- questions.yaml ---------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [("0", 0), ("40", 40), ("4", 4), ("+5", 5)])
def test_question_lines_in_range(tmp_path, value, expected):
    result, diags = questions(tmp_path, f"- prompt: p\n  lines: {value}\n")
    assert len(diags) == 0
    assert result[0].lines == expected


@pytest.mark.parametrize("value, message", [
    ("41", "'lines' must be from 0 to 40, found 41"),
    ("four", "'lines' must be a whole number, found 'four'"),
    ("3.5", "'lines' must be a whole number, found '3.5'"),
    ("'x'", "'lines' must be a whole number, found 'x'"),
    ("[3]", "'lines' must be a whole number, found 'a list'"),
])
def test_question_lines_out_of_range_or_not_a_number(tmp_path, value, message):
    _, diags = questions(tmp_path, f"- prompt: p\n  lines: {value}\n")
    d = only(diags)
    assert d.message == message
    assert (d.pos.line, d.pos.column) == (2, 10)


def test_question_lines_negative(tmp_path):
    _, diags = questions(tmp_path, "- prompt: p\n  lines: -1\n")
    d = only(diags)
    assert (d.pos.line, d.pos.column) == (2, 10)
    assert d.message.startswith("'lines' must be")


def test_question_refs(tmp_path):
    result, diags = questions(tmp_path, "- prompt: p\n  refs: [1, 0, x, 2]\n- prompt: q\n  refs: 3\n")
    assert lines(diags, tmp_path) == [
        "questions.yaml:2:13: error: 'refs' must be 1 or more, found 0",
        "questions.yaml:2:16: error: 'refs' must be a whole number, found 'x'",
    ]
    assert [(r.paragraph, r.pos.column) for r in result[0].refs] == [(1, 10), (2, 19)]
    assert [r.paragraph for r in result[1].refs] == [3]


def test_question_missing_prompt(tmp_path):
    result, diags = questions(tmp_path, "- group: g\n  lines: 2\n")
    assert result == ()
    assert lines(diags, tmp_path) == ["questions.yaml:1:3: error: question is missing 'prompt'"]


# --- timeline.yaml ----------------------------------------------------------------

def test_timeline_date_formats_and_sorting(tmp_path):
    events, diags = timeline(tmp_path, "- date: 1917-11\n  event: b\n"
                                       "- date: '1916-12-31'\n  event: a\n  label: 31 Dec 1916\n"
                                       "- date: 1917\n  event: y1\n"
                                       "- date: 1917-11-07\n  event: c\n"
                                       "- date: \"1917\"\n  event: y2\n"
                                       "- date: 2024-02-29\n  event: leap\n")
    assert len(diags) == 0
    assert [(e.date, e.sort_key, e.event.text) for e in events] == [
        ("1916-12-31", (1916, 12, 31), "a"),
        ("1917", (1917, 0, 0), "y1"),      # same date: file order kept
        ("1917", (1917, 0, 0), "y2"),
        ("1917-11", (1917, 11, 0), "b"),
        ("1917-11-07", (1917, 11, 7), "c"),
        ("2024-02-29", (2024, 2, 29), "leap"),
    ]
    assert events[0].label.text == "31 Dec 1916"
    assert events[1].label.text == "1917"  # default label: the date as typed


@pytest.mark.parametrize("value", ["2023-02-30", "1917-02-29", "1917-13", "17", "1917-3-8",
                                   "1917-03-08T10:00", "0000", "November 1917"])
def test_timeline_invalid_dates(tmp_path, value):
    _, diags = timeline(tmp_path, f"- date: {value}\n  event: e\n")
    assert lines(diags, tmp_path) == [
        f"timeline.yaml:1:9: error: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '{value}'"]


@pytest.mark.parametrize("value", ["1917-00", "1917-01-00"])
def test_timeline_month_or_day_zero_is_invalid(tmp_path, value):
    _, diags = timeline(tmp_path, f"- date: {value}\n  event: e\n")
    assert lines(diags, tmp_path) == [
        f"timeline.yaml:1:9: error: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '{value}'"]


def test_timeline_missing_keys(tmp_path):
    _, diags = timeline(tmp_path, "- date: 1917\n- event: x\n")
    assert lines(diags, tmp_path) == [
        "timeline.yaml:1:3: error: timeline event is missing 'event'",
        "timeline.yaml:2:3: error: timeline event is missing 'date'",
    ]


def test_all_problems_of_a_guide_are_reported_at_once(tmp_path):
    folder = make_guide(tmp_path / "g",
                        glossary="- term: x\n",
                        notes="- text: t\n",
                        questions="- prompt: p\n  lines: 99\n",
                        timeline="- date: 1917-02-30\n  event: e\n")
    guide, diags = model(folder)
    assert guide is None
    assert lines(diags, tmp_path) == [
        "g/glossary.yaml:1:3: error: glossary entry is missing 'definition'",
        "g/notes.yaml:1:3: error: note is missing 'anchor' (a phrase from the text) or 'paragraph' (a number)",
        "g/questions.yaml:2:10: error: 'lines' must be from 0 to 40, found 99",
        "g/timeline.yaml:1:9: error: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '1917-02-30'",
    ]
