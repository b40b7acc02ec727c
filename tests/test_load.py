"""The load stage: YAML and text files read safely, with exact positions."""

from __future__ import annotations

import os

import pytest

from guidebuilder.load import MAX_DEPTH, YMap, YScalar, YSeq, read_text
from guidebuilder.diagnostics import Diagnostics, SourcePos

from helpers_stage import FIXTURES, load, lines, make_guide, model, only, parse_yaml, write


# --- YAML: what parses, and where it breaks -----------------------------------

def test_mapping_keeps_values_and_positions(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "title: T\nlist:\n  - one\n  - 'two'\n")
    assert len(diags) == 0
    assert isinstance(node, YMap)
    (k1, v1), (k2, v2) = node.items
    assert (k1.value, k1.pos.line, k1.pos.column) == ("title", 1, 1)
    assert isinstance(v1, YScalar) and (v1.value, v1.pos.line, v1.pos.column) == ("T", 1, 8)
    assert isinstance(v2, YSeq)
    assert [(i.value, i.pos.line, i.pos.column) for i in v2.items] == [("one", 3, 5), ("two", 4, 5)]


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    # The second ':' on line 2 (column 8) is the error.
    node, diags = parse_yaml(tmp_path / "f.yaml", "title: T\ntext: a: b\n")
    assert node is None
    d = only(diags)
    assert d.severity == "error"
    assert (d.pos.line, d.pos.column) == (2, 8)
    assert d.message.startswith("YAML syntax: mapping values are not allowed")
    assert d.format(tmp_path).startswith("f.yaml:2:8: error: YAML syntax: ")


@pytest.mark.parametrize("content, line", [
    ("title: T\n\ttext: x\n", 2),            # a tab before a key of the top mapping
    ("a:\n  b: 1\n\tc: 2\n", 3),             # a tab inside indentation
    ("page:\n\tpaper: a4\n", 2),             # a nested mapping indented with a tab
])
def test_tab_indentation_is_named(tmp_path, content, line):
    node, diags = parse_yaml(tmp_path / "f.yaml", content)
    assert node is None
    d = only(diags)
    assert (d.pos.line, d.pos.column) == (line, 1)
    assert d.message.startswith("YAML syntax: ")
    # A teacher must be told that a tab is the problem (the code means to say
    # "a tab character here; indent YAML with spaces").
    assert "tab" in d.message


def test_duplicate_key_reported_at_second_key_naming_the_first(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "title: A\ntext: t.txt\ntitle: B\n")
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:3:1: error: duplicate key 'title' (first at line 1)"]


def test_duplicate_key_in_nested_mapping(tmp_path):
    content = "- term: A\n  definition: d\n  term: B\n"
    node, diags = parse_yaml(tmp_path / "f.yaml", content)
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:3:3: error: duplicate key 'term' (first at line 1)"]


def test_alias_is_refused(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "a: &x 1\nb: *x\n")
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:2:4: error: alias '*x' is not supported; write the value out"]


def test_python_tag_is_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    content = f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
    node, diags = parse_yaml(tmp_path / "f.yaml", content)
    assert node is None
    d = only(diags)
    assert (d.pos.line, d.pos.column) == (1, 8)
    assert d.message == "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    assert not marker.exists()


@pytest.mark.parametrize("content, column", [
    ("a: !!str 1\n", 4),
    ("a: !custom x\n", 4),
    ("!!map {a: 1}\n", 1),
])
def test_any_explicit_tag_is_refused(tmp_path, content, column):
    node, diags = parse_yaml(tmp_path / "f.yaml", content)
    assert node is None
    d = only(diags)
    assert (d.pos.line, d.pos.column) == (1, column)
    assert d.message.startswith("YAML tag '") and d.message.endswith("' is not allowed")


def test_two_documents_are_refused(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "title: A\n---\ntitle: B\n")
    assert node is None
    assert lines(diags, tmp_path) == [
        "f.yaml:2:1: error: a file holds one YAML document; remove the second '---'"]


def test_one_explicit_document_is_fine(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "---\ntitle: A\n...\n")
    assert len(diags) == 0
    assert isinstance(node, YMap) and node.items[0][1].value == "A"


def test_invalid_utf8_position(tmp_path):
    # 'b: caf' is 6 characters, so the bad byte is column 7 of line 2.
    node, diags = parse_yaml(tmp_path / "f.yaml", b"a: 1\nb: caf\xe9\n")
    assert node is None
    assert lines(diags, tmp_path) == [
        "f.yaml:2:7: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_invalid_utf8_column_counts_characters_not_bytes(tmp_path):
    # 'a: é' is 4 characters (5 bytes); the bad byte is column 5.
    node, diags = parse_yaml(tmp_path / "f.yaml", "a: é".encode() + b"\xff\n")
    assert node is None
    d = only(diags)
    assert (d.pos.line, d.pos.column) == (1, 5)


def test_nul_byte_position(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", b"a: 1\nb: x\x00y\n")
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:2:5: error: character U+0000 is not allowed in YAML"]


def test_bom_is_accepted_and_does_not_shift_columns(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", b"\xef\xbb\xbftitle: T\ntext: x\n")
    assert len(diags) == 0
    key, value = node.items[0]
    assert key.value == "title" and (key.pos.line, key.pos.column) == (1, 1)
    assert (value.pos.line, value.pos.column) == (1, 8)


def test_bom_then_error_position(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", b"\xef\xbb\xbfa: 1\na: 2\n")
    assert lines(diags, tmp_path) == ["f.yaml:2:1: error: duplicate key 'a' (first at line 1)"]


def test_crlf_line_endings_keep_line_numbers(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", b"a: 1\r\nb: 2\r\na: 3\r\n")
    assert lines(diags, tmp_path) == ["f.yaml:3:1: error: duplicate key 'a' (first at line 1)"]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "# one\n\n   # two\n"])
def test_empty_or_comment_only_yaml_is_none_without_error(tmp_path, content):
    node, diags = parse_yaml(tmp_path / "f.yaml", content)
    assert node is None
    assert len(diags) == 0


def test_plain_flag_tells_plain_from_quoted_and_block_scalars(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "a: x\nb: 'x'\nc: \"x\"\nd: |\n  x\ne:\n")
    assert len(diags) == 0
    flags = {key.value: (value.value, value.plain) for key, value in node.items}
    assert flags == {"a": ("x", True), "b": ("x", False), "c": ("x", False),
                     "d": ("x\n", False), "e": ("", True)}
    assert [value.empty for _, value in node.items] == [False, False, False, False, True]


def test_line_separator_inside_a_value_does_not_shift_line_numbers(tmp_path):
    # U+2028 (often pasted from web pages) is a line break to YAML 1.1 but not
    # to an editor or to the rest of the tool: the second 'a' is on line 2.
    node, diags = parse_yaml(tmp_path / "f.yaml", 'a: "x\u2028y"\na: 2\n')
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:2:1: error: duplicate key 'a' (first at line 1)"]


def _nested(depth_of_lists: int) -> str:
    return "a: " + "[" * depth_of_lists + "x" + "]" * depth_of_lists + "\n"


def test_nesting_at_the_limit_is_fine(tmp_path):
    # mapping (1) + 30 lists + the scalar = 32 levels
    node, diags = parse_yaml(tmp_path / "f.yaml", _nested(MAX_DEPTH - 2))
    assert len(diags) == 0 and isinstance(node, YMap)


def test_nesting_deeper_than_the_limit(tmp_path):
    # mapping (1) + 31 lists + the scalar = 33 levels; the scalar 'x' is at
    # column 3 ('a: ') + 31 ('[') + 1 = 35.
    node, diags = parse_yaml(tmp_path / "f.yaml", _nested(MAX_DEPTH - 1))
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:1:35: error: nesting deeper than 32 levels"]


def test_complex_key_is_refused(tmp_path):
    node, diags = parse_yaml(tmp_path / "f.yaml", "? [a, b]\n: 1\n")
    assert node is None
    assert lines(diags, tmp_path) == ["f.yaml:1:3: error: a key must be a plain word"]


# --- The guide folder -------------------------------------------------------

def test_minimal_fixture_loads_cleanly():
    loaded, diags = load(FIXTURES / "minimal")
    assert len(diags) == 0
    assert loaded.text is not None and loaded.text.content.startswith("The first paragraph")
    assert loaded.lists == {"glossary.yaml": None, "notes.yaml": None,
                            "questions.yaml": None, "timeline.yaml": None}
    assert (loaded.text_pos.line, loaded.text_pos.column) == (2, 7)


def test_missing_folder_and_missing_guide_yaml(tmp_path):
    _, diags = load(tmp_path / "nope")
    assert lines(diags, tmp_path) == ["nope:1:1: error: guide folder not found"]
    (tmp_path / "empty").mkdir()
    _, diags = load(tmp_path / "empty")
    assert lines(diags, tmp_path) == [
        "empty/guide.yaml:1:1: error: guide.yaml not found; every guide folder needs one"]


@pytest.mark.parametrize("content", ["", "# nothing yet\n"])
def test_empty_and_comment_only_optional_files_are_empty_lists(tmp_path, content):
    folder = make_guide(tmp_path / "g", glossary=content, notes=content,
                        questions=content, timeline=content)
    guide, diags = model(folder)
    assert len(diags) == 0, lines(diags, tmp_path)
    assert guide.glossary == () and guide.notes == () and guide.questions == () and guide.timeline == ()


def test_optional_file_with_only_a_document_marker_and_comments_is_an_empty_list(tmp_path):
    folder = make_guide(tmp_path / "g", glossary="---\n# entries to come\n")
    guide, diags = model(folder)
    assert len(diags) == 0, lines(diags, tmp_path)
    assert guide.glossary == ()


def test_text_file_is_read_with_bom_and_crlf_normalised(tmp_path):
    folder = make_guide(tmp_path / "g", text=b"\xef\xbb\xbfOne\r\nTwo\rThree\n")
    loaded, diags = load(folder)
    assert len(diags) == 0
    assert loaded.text.content == "One\nTwo\nThree\n"


def test_text_path_absolute_is_refused(tmp_path):
    outside = write(tmp_path / "outside.txt", "secret\n")
    folder = make_guide(tmp_path / "g", guide=f"title: T\ntext: {outside}\n")
    loaded, diags = load(folder)
    assert loaded.text is None
    assert lines(diags, tmp_path) == [
        f"g/guide.yaml:2:7: error: text path '{outside}' is absolute; give a path inside the guide folder"]


def test_text_path_with_dotdot_leaving_the_folder_is_refused(tmp_path):
    write(tmp_path / "outside.txt", "secret\n")
    folder = make_guide(tmp_path / "g", guide="title: T\ntext: ../outside.txt\n")
    loaded, diags = load(folder)
    assert loaded.text is None
    assert lines(diags, tmp_path) == [
        "g/guide.yaml:2:7: error: text path '../outside.txt' leads outside the guide folder"]


def test_text_path_with_dotdot_staying_inside_is_fine(tmp_path):
    folder = make_guide(tmp_path / "g", guide="title: T\ntext: sub/../text.txt\n")
    (folder / "sub").mkdir()
    loaded, diags = load(folder)
    assert len(diags) == 0
    assert loaded.text.content == "One paragraph.\n"


def test_text_path_through_symlink_pointing_outside_is_refused(tmp_path):
    outside = write(tmp_path / "outside.txt", "secret\n")
    folder = make_guide(tmp_path / "g", text=None, guide="title: T\ntext: link.txt\n")
    os.symlink(outside, folder / "link.txt")
    loaded, diags = load(folder)
    assert loaded.text is None
    assert lines(diags, tmp_path) == [
        "g/guide.yaml:2:7: error: text path 'link.txt' leads outside the guide folder"]


def test_text_path_through_symlink_inside_the_folder_is_fine(tmp_path):
    folder = make_guide(tmp_path / "g", text="Real text.\n", text_name="real.txt",
                        guide="title: T\ntext: link.txt\n")
    os.symlink("real.txt", folder / "link.txt")
    loaded, diags = load(folder)
    assert len(diags) == 0
    assert loaded.text.content == "Real text.\n"


def test_list_file_symlinked_outside_is_refused_at_its_own_path(tmp_path):
    outside = write(tmp_path / "out" / "elsewhere.yaml", "- anchor: x\n  text: y\n")
    folder = make_guide(tmp_path / "g")
    os.symlink(outside, folder / "notes.yaml")
    loaded, diags = load(folder)
    assert loaded.lists["notes.yaml"] is None
    # The problem is the guide's notes.yaml, so that is the path printed.
    assert lines(diags, tmp_path) == ["g/notes.yaml:1:1: error: notes.yaml leads outside the guide folder"]


def test_text_file_missing(tmp_path):
    folder = make_guide(tmp_path / "g", text=None, guide="title: T\ntext: letter.txt\n")
    _, diags = load(folder)
    assert lines(diags, tmp_path) == ["g/guide.yaml:2:7: error: text file 'letter.txt' not found"]


def test_text_path_is_a_directory(tmp_path):
    folder = make_guide(tmp_path / "g", text=None, guide="title: T\ntext: chapters\n")
    (folder / "chapters").mkdir()
    _, diags = load(folder)
    assert lines(diags, tmp_path) == [
        "g/guide.yaml:2:7: error: expected a text file 'chapters', found a folder"]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"  \n\t\n", b"\xef\xbb\xbf"])
def test_text_file_empty(tmp_path, content):
    folder = make_guide(tmp_path / "g", text=content)
    loaded, diags = load(folder)
    assert loaded.text is None
    assert lines(diags, tmp_path) == ["g/guide.yaml:2:7: error: the text file 'text.txt' is empty"]


def test_text_file_invalid_utf8_position(tmp_path):
    folder = make_guide(tmp_path / "g", text=b"First line.\nSecond \xc0 line.\n")
    _, diags = load(folder)
    assert lines(diags, tmp_path) == [
        "g/text.txt:2:8: error: invalid UTF-8 (byte 0xc0); save the file as UTF-8"]


def test_text_file_nul_byte_position(tmp_path):
    folder = make_guide(tmp_path / "g", text=b"First line.\nab\x00cd\n")
    _, diags = load(folder)
    assert lines(diags, tmp_path) == ["g/text.txt:2:3: error: control character U+0000 in the text"]


def test_text_named_by_a_number_like_scalar(tmp_path):
    # `text: 1917` names the file '1917', not the integer.
    folder = make_guide(tmp_path / "g", text="Year text.\n", text_name="1917",
                        guide="title: T\ntext: 1917\n")
    loaded, diags = load(folder)
    assert len(diags) == 0
    assert loaded.text.path.name == "1917"


def test_read_text_reports_at_origin(tmp_path):
    diags = Diagnostics()
    assert read_text(tmp_path / "absent.txt", diags) is None
    d = only(diags)
    assert d.message == "text file 'absent.txt' not found"
    assert (d.pos.path, d.pos.line, d.pos.column) == (tmp_path / "absent.txt", 1, 1)


def test_format_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    folder = make_guide(tmp_path / "g", text=None, guide="title: T\ntext: gone.txt\n")
    monkeypatch.chdir(tmp_path)
    _, diags = load(folder)
    assert [d.format() for d in diags.sorted()] == [
        "g/guide.yaml:2:7: error: text file 'gone.txt' not found"]


def test_problems_in_several_files_are_all_reported(tmp_path):
    folder = make_guide(tmp_path / "g", glossary="- term: [x\n", notes="- text: a\n  text: b\n")
    _, diags = load(folder)
    assert [d.format(tmp_path).split(": error: ")[0] for d in diags.sorted()] == [
        "g/glossary.yaml:2:1", "g/notes.yaml:2:3"]
    assert diags.sorted()[1].message == "duplicate key 'text' (first at line 1)"


def test_diagnostic_format_and_order(tmp_path):
    diags = Diagnostics()
    diags.warning(SourcePos(tmp_path / "b.yaml", 1, 1), "later file")
    diags.error(SourcePos(tmp_path / "a.yaml", 3, 2), "second", "a hint")
    diags.error(SourcePos(tmp_path / "a.yaml", 3, 2), "third")
    diags.error(SourcePos(tmp_path / "a.yaml", 1, 9), "first")
    assert lines(diags, tmp_path) == [
        "a.yaml:1:9: error: first",
        "a.yaml:3:2: error: second (a hint)",
        "a.yaml:3:2: error: third",
        "b.yaml:1:1: warning: later file",
    ]
    assert diags.has_errors


def test_path_outside_the_working_folder_is_printed_as_given(tmp_path):
    diags = Diagnostics()
    diags.error(SourcePos(tmp_path / "x.yaml", 2, 3), "m")
    assert only(diags).format(tmp_path / "elsewhere") == f"{tmp_path / 'x.yaml'}:2:3: error: m"
