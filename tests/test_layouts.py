"""Layout files: the built-in handout and user layouts, validated with positions."""

from __future__ import annotations

import dataclasses

import pytest

from guidebuilder.diagnostics import Diagnostics
from guidebuilder.layouts import (BUILTIN_DIR, MM, PAPERS, FontSpec, available_layouts,
                                  find_layout, load_layout)

from helpers_stage import lines, write


def load(spec, cwd, paper=None):
    diags = Diagnostics()
    return load_layout(spec, diags, paper, cwd=cwd), diags


@pytest.fixture
def handout(tmp_path):
    layout, diags = load("handout", tmp_path)
    assert len(diags) == 0
    return layout


def test_handout_values(handout):
    assert handout.name == "handout"
    assert handout.description == ("A4 handout: numbered paragraphs, footnotes, glossary, "
                                   "questions with answer lines")
    assert handout.paper == "a4"
    assert handout.page_size == pytest.approx((595.2756, 841.8898))
    assert handout.margins == pytest.approx((20 * MM, 24 * MM, 22 * MM, 22 * MM))
    assert handout.body == FontSpec("serif", 10.5, 14.5)
    assert handout.headings == FontSpec("serif", 13, 17)
    assert handout.notes_font == FontSpec("serif", 8.5, 11)
    assert (handout.accent, handout.text_color) == ("#1f3a5f", "#000000")
    assert handout.sections == ("title", "introduction", "timeline", "text", "notes",
                                "glossary", "questions")
    assert handout.paragraph_numbers is True and handout.line_numbers == 0
    assert handout.justify is True and handout.hyphenate is True and handout.typography is True
    assert handout.glossary_mark == "first"
    assert handout.notes_placement == "footnotes"
    assert handout.answer_lines == 4
    assert handout.show_answers is False
    assert handout.header == ""
    assert handout.footer == "{title}|page {page} of {pages}"


def test_a4_is_210_by_297_mm():
    width, height = PAPERS["a4"]
    assert (width / MM, height / MM) == pytest.approx((210, 297), abs=0.01)


def test_paper_override(tmp_path):
    layout, diags = load("handout", tmp_path, paper="letter")
    assert len(diags) == 0
    assert layout.paper == "letter" and layout.page_size == (612.0, 792.0)


def test_handout_is_listed(tmp_path):
    assert available_layouts(tmp_path)["handout"] == BUILTIN_DIR / "handout.yaml"


def test_unknown_layout_name_with_hint(tmp_path):
    layout, diags = load("handot", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == ["handot:1:1: error: no layout named 'handot' (did you mean 'handout'?)"]


def test_layout_file_not_found(tmp_path):
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == ["mine.yaml:1:1: error: layout file not found"]


# --- user layout files --------------------------------------------------------------

def test_user_layout_unknown_key_with_hint(tmp_path):
    write(tmp_path / "mine.yaml", "description: mine\npage:\n  papper: a4\n")
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == [
        "mine.yaml:3:3: error: unknown layout key 'page.papper' (did you mean 'paper'?)"]


def test_user_layout_unknown_top_level_key(tmp_path):
    write(tmp_path / "mine.yaml", "descripton: mine\n")
    _, diags = load("mine.yaml", tmp_path)
    assert lines(diags, tmp_path) == [
        "mine.yaml:1:1: error: unknown layout key 'descripton' (did you mean 'description'?)"]


def test_user_layout_bad_values(tmp_path):
    write(tmp_path / "mine.yaml", "page:\n  paper: a3\n  margins: {top: 20 parsecs, bottom: 2cm}\n")
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    # '  paper: ' is 9 characters; '  margins: {top: ' is 17.
    assert lines(diags, tmp_path) == [
        "mine.yaml:2:10: error: 'page.paper' must be a4, letter, a5, half-letter, or a size such as 150mm x 220mm, found 'a3'",
        "mine.yaml:3:18: error: 'page.margins.top' must be a length such as 20mm, 2cm, 1in or 12pt, "
        "found '20 parsecs'",
    ]


def test_user_layout_many_bad_values_reported_together(tmp_path):
    write(tmp_path / "mine.yaml", (
        "fonts:\n  body: {size: 100, family: comic}\n"
        "colors: {accent: red}\n"
        "sections: [title, txt, title]\n"
        "text: {justify: maybe}\n"
        "questions: {lines: 41}\n"
        "glossary: first\n"))
    _, diags = load("mine.yaml", tmp_path)
    assert lines(diags, tmp_path) == [
        "mine.yaml:2:16: error: 'fonts.body.size' must be a number from 5 to 72, found '100'",
        "mine.yaml:2:29: error: 'fonts.body.family' must be serif, sans, or a mapping of regular/bold/italic/bolditalic to .ttf files, found 'comic'",
        "mine.yaml:3:18: error: 'colors.accent' must be a colour as #rrggbb, found 'red'",
        "mine.yaml:4:19: error: unknown section 'txt'; sections are title, statistics, introduction, timeline, "
        "text, notes, glossary, questions (did you mean 'text'?)",
        "mine.yaml:4:24: error: section 'title' is listed twice",
        "mine.yaml:5:17: error: 'text.justify' must be true or false, found 'maybe'",
        "mine.yaml:6:20: error: 'questions.lines' must be a whole number from 0 to 40, found '41'",
        "mine.yaml:7:11: error: 'glossary' must be a mapping with keys mark, mark_style, placement",
    ]


def test_non_ascii_digit_is_an_error_not_a_crash(tmp_path):
    # '²' is a digit to str.isdigit() but not a number; bad input never crashes.
    write(tmp_path / "mine.yaml", "questions: {lines: \u00b2}\n")
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == [
        "mine.yaml:1:20: error: 'questions.lines' must be a whole number from 0 to 40, found '\u00b2'"]


def test_section_that_is_not_a_word(tmp_path):
    write(tmp_path / "mine.yaml", "sections: [title, [text]]\n")
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    [d] = diags.sorted()
    assert (d.pos.line, d.pos.column) == (1, 19)
    assert d.message == "each section must be a name: title, statistics, introduction, timeline, text, notes, glossary, questions"


@pytest.mark.parametrize("content, message", [
    ("", "the layout file is empty"),
    ("# nothing\n", "the layout file is empty"),
    ("- a\n", "a layout file must be a mapping of keys"),
])
def test_empty_or_wrong_shape_layout_file(tmp_path, content, message):
    write(tmp_path / "mine.yaml", content)
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == [f"mine.yaml:1:1: error: {message}"]


def test_extends_handout_changing_one_value(tmp_path, handout):
    write(tmp_path / "big.yaml", "extends: handout\ndescription: Bigger\nfonts:\n  body: {size: 14}\n")
    layout, diags = load("big.yaml", tmp_path)
    assert len(diags) == 0
    expected = dataclasses.replace(handout, name="big", description="Bigger",
                                   body=FontSpec("serif", 14, 14.5))
    assert layout == expected


def test_user_layout_without_extends_starts_from_handout(tmp_path, handout):
    write(tmp_path / "answers.yaml", "questions: {answers: yes}\n")
    layout, diags = load("answers.yaml", tmp_path)
    assert len(diags) == 0
    # Every value not named, the description included, is the handout's.
    assert layout == dataclasses.replace(handout, name="answers", show_answers=True)


@pytest.mark.parametrize("value, points", [("20mm", 20 * MM), ("2cm", 20 * MM), ("1in", 72.0),
                                           ("12pt", 12.0), ("12", 12.0), ("1.5 in", 108.0)])
def test_lengths(tmp_path, value, points):
    write(tmp_path / "m.yaml", f"page:\n  margins: {{top: {value}}}\n")
    layout, diags = load("m.yaml", tmp_path)
    assert len(diags) == 0
    assert layout.margins[0] == pytest.approx(points)


def test_layout_in_local_layouts_folder_by_name(tmp_path, monkeypatch, handout):
    write(tmp_path / "layouts" / "wide.yaml", "extends: handout\npage: {paper: letter}\n")
    monkeypatch.chdir(tmp_path)
    layout, diags = load("wide", tmp_path)
    assert len(diags) == 0
    assert (layout.name, layout.paper) == ("wide", "letter")
    assert find_layout("wide", tmp_path) == tmp_path / "layouts" / "wide.yaml"


def test_extends_chain_of_files(tmp_path):
    write(tmp_path / "base.yaml", "extends: handout\nquestions: {lines: 7}\n")
    write(tmp_path / "child.yaml", "extends: base.yaml\nquestions: {answers: true}\n")
    layout, diags = load("child.yaml", tmp_path)
    assert len(diags) == 0
    assert (layout.answer_lines, layout.show_answers) == (7, True)


def test_extends_unknown_layout(tmp_path):
    write(tmp_path / "mine.yaml", "extends: nosuch\n")
    layout, diags = load("mine.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == ["mine.yaml:1:10: error: 'extends' names 'nosuch', which is no layout"]


def test_extends_itself(tmp_path):
    write(tmp_path / "a.yaml", "extends: a.yaml\n")
    layout, diags = load("a.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == ["a.yaml:1:10: error: 'extends' makes a loop through 'a.yaml'"]


def test_extends_loop_of_two_files(tmp_path):
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "description: B\nextends: a.yaml\n")
    layout, diags = load("a.yaml", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == ["b.yaml:2:10: error: 'extends' makes a loop through 'a.yaml'"]


def test_extends_loop_by_name(tmp_path, monkeypatch):
    write(tmp_path / "layouts" / "one.yaml", "extends: two\n")
    write(tmp_path / "layouts" / "two.yaml", "extends: one\n")
    monkeypatch.chdir(tmp_path)
    layout, diags = load("one", tmp_path)
    assert layout is None
    assert lines(diags, tmp_path) == ["layouts/two.yaml:1:10: error: 'extends' makes a loop through 'one'"]


def test_extends_by_name_uses_the_given_folder(tmp_path, monkeypatch):
    # load_layout(..., cwd=X) looks for named layouts in X/layouts; a name in
    # `extends` must be looked up there too, not in the process's folder.
    write(tmp_path / "project" / "layouts" / "base.yaml", "extends: handout\nquestions: {lines: 9}\n")
    write(tmp_path / "project" / "layouts" / "child.yaml", "extends: base\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    diags = Diagnostics()
    layout = load_layout("child", diags, cwd=tmp_path / "project")
    assert [d.format(tmp_path) for d in diags.sorted()] == []
    assert layout.answer_lines == 9
