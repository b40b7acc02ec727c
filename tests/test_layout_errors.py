"""Each kind of mistake in a layout file or --set, with its message and position;
and the layout features that need files: custom fonts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from guidebuilder.diagnostics import Diagnostics
from guidebuilder.fonts import prepare_family
from guidebuilder.layouts import load_layout

from helpers import SAMPLE, build, pdf_text


def _errors(tmp_path, text: str, *overrides: str, name: str = "mine.yaml") -> list[str]:
    if text is not None:
        (tmp_path / name).write_text(text, encoding="utf-8")
    diags = Diagnostics()
    layout = load_layout(name if text is not None else "handout", diags, cwd=tmp_path, overrides=overrides)
    assert (layout is None) == diags.has_errors
    return [d.format(tmp_path) for d in diags.sorted()]


def test_too_light_colour_for_grayscale(tmp_path):
    assert _errors(tmp_path, "colors:\n  accent: '#ffcc00'\n") == [
        "mine.yaml:1:1: error: 'colors.accent' #ffcc00 is too light to read when printed in grayscale "
        "(contrast 1.5:1 on white, needs 4.5:1)"]


def test_margin_too_narrow_for_sidenotes(tmp_path):
    assert _errors(tmp_path, "extends: seminar\npage:\n  margins: {outer: 25mm}\n") == [
        "mine.yaml:1:1: error: 'page.margins.outer' is 25mm, too narrow for notes in the margin (at least 39mm)"]


def test_glosses_in_the_margin_need_marks(tmp_path):
    assert _errors(tmp_path, "extends: seminar\nglossary: {placement: margin, mark: none}\n") == [
        "mine.yaml:1:1: error: glosses in the margin stand beside the marked term: "
        "'glossary.placement' margin or both needs 'glossary.mark' first or every"]


def test_margins_that_leave_no_text_block(tmp_path):
    assert _errors(tmp_path, "page:\n  paper: a5\n  margins: {inner: 80mm, outer: 80mm}\n") == [
        "mine.yaml:1:1: error: the margins leave less than 2 inches of text block"]


def test_custom_paper_size(tmp_path):
    assert _errors(tmp_path, "page: {paper: 150mm x 220mm}\n") == []
    assert _errors(tmp_path, "page: {paper: 10mm x 220mm}\n") == [
        "mine.yaml:1:15: error: 'page.paper' must be a4, letter, a5, half-letter, or a size such as "
        "150mm x 220mm, found '10mm x 220mm'"]


def test_section_listed_twice(tmp_path):
    assert _errors(tmp_path, "sections: [title, text, title]\n") == [
        "mine.yaml:1:25: error: section 'title' is listed twice"]


@pytest.mark.parametrize("files, message", [
    ("{regular: missing.ttf}", "mine.yaml:2:28: error: font file 'missing.ttf' not found"),
    ("{regular: ../outside.ttf}", "mine.yaml:2:28: error: font file '../outside.ttf' must be inside the layout's folder"),
    ("{regular: notes.txt}", "mine.yaml:2:28: error: font file 'notes.txt' must be a TrueType (.ttf) file"),
    ("{regulr: x.ttf}", "mine.yaml:2:19: error: unknown font face 'regulr' in 'fonts.body.family' (did you mean 'regular'?)"),
    ("{bold: notes.txt}", "mine.yaml:2:25: error: font file 'notes.txt' must be a TrueType (.ttf) file"),
])
def test_font_file_mistakes(tmp_path, files, message):
    (tmp_path / "notes.txt").write_text("not a font", encoding="utf-8")
    assert _errors(tmp_path, f"fonts:\n  body: {{family: {files}, size: 10, leading: 13}}\n")[0] == message


def test_unreadable_font_file_is_reported_at_the_file(tmp_path, monkeypatch):
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00 this is no font")
    (tmp_path / "mine.yaml").write_text("fonts:\n  body: {family: {regular: broken.ttf}, size: 10, leading: 13}\n",
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "pdf", str(SAMPLE), "-l", "mine.yaml"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "broken.ttf:1:1: error: font file 'broken.ttf' cannot be read as a TrueType font (TTLibError)")
    assert not (tmp_path / "build").exists()


def test_a_layout_with_its_own_font_files(tmp_path):
    serif = prepare_family("serif")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(serif.faces["regular"], fonts / "Body.ttf")
    shutil.copy(serif.faces["bold"], fonts / "Body-Bold.ttf")
    (tmp_path / "own.yaml").write_text(
        "extends: handout\nfonts:\n  body: {family: {regular: fonts/Body.ttf, bold: fonts/Body-Bold.ttf}, "
        "size: 11, leading: 15}\n", encoding="utf-8")
    data, diags = build(SAMPLE, str(tmp_path / "own.yaml"))
    assert data is not None, [d.format() for d in diags.sorted()]
    assert "Comrades," in "".join(pdf_text(data))


@pytest.mark.parametrize("override, message", [
    ("text.justify=maybe", "--set[1]:1:14: error: 'text.justify' must be true or false, found 'maybe'"),
    ("page.margins.top=5parsec", "--set[1]:1:18: error: 'page.margins.top' must be a length such as 20mm, "
                                 "2cm, 1in or 12pt, found '5parsec'"),
    ("notes.placment=end", "--set[1]:1:7: error: unknown layout key 'notes.placment' (did you mean 'placement'?)"),
    ("sections=text, glossary,foo", "--set[1]:1:25: error: unknown section 'foo'; sections are title, statistics, "
                                    "introduction, timeline, text, notes, glossary, questions"),
    ("nothing", "--set[1]:1:1: error: --set takes key.path=value, found 'nothing'"),
])
def test_set_overrides_are_validated_like_the_file(tmp_path, override, message):
    assert _errors(tmp_path, None, override) == [message]


def test_set_override_changes_one_value(tmp_path):
    diags = Diagnostics()
    layout = load_layout("seminar", diags, overrides=("text.line_numbers=10", "page.paper=letter"))
    assert layout.line_numbers == 10 and layout.paper == "letter" and layout.notes_placement == "margin"


def test_cli_check_validates_a_layout(tmp_path):
    (tmp_path / "bad.yaml").write_text("text: {justify: sometimes}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "check", "-l", "bad.yaml"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "bad.yaml:1:17: error: 'text.justify' must be true or false, found 'sometimes'"
