"""Hostile YAML: every broken or malicious file is a clear error at its place, never a traceback."""

from __future__ import annotations

import resource

import pytest

from hostile_helpers import (GUIDE, Timer, built, make_guide, pdf_text, refused, refused_with, run,
                             snapshot, squash)


# --- syntax ------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, expected", [
    ("- term: [Soviet\n  definition: x\n",
     "g/glossary.yaml:2:13: error: YAML syntax: did not find expected ',' or ']'"),
    ("- term: a\n definition: b\n",
     "g/glossary.yaml:2:2: error: YAML syntax: did not find expected '-' indicator"),
    ("- term: a: b\n  definition: c\n",
     "g/glossary.yaml:1:10: error: YAML syntax: mapping values are not allowed in this context"),
    ("- term: 'unclosed\n  definition: c\n",
     "g/glossary.yaml:3:1: error: YAML syntax: found unexpected end of stream"),
], ids=["unclosed-flow", "bad-indent", "colon-in-plain", "unclosed-quote"])
def test_syntax_error_has_line_and_column(tmp_path, content, expected):
    make_guide(tmp_path, glossary=content)
    refused(tmp_path, [expected])


@pytest.mark.parametrize("content, where", [
    ("- term: a\n\tdefinition: b\n", "2:1"),
    ("title: T\ntext: t.txt\nsource:\n\t- a\n", "4:1"),
], ids=["tab-in-list", "tab-in-guide"])
def test_tab_indentation_is_named(tmp_path, content, where):
    if content.startswith("title"):
        make_guide(tmp_path, guide=content)
        path = "g/guide.yaml"
    else:
        make_guide(tmp_path, glossary=content)
        path = "g/glossary.yaml"
    refused(tmp_path, [f"{path}:{where}: error: YAML syntax: a tab character here; indent YAML with spaces"])


def test_duplicate_key_names_the_first(tmp_path):
    make_guide(tmp_path, guide="title: T\ntext: t.txt\ntitle: U\n")
    refused(tmp_path, ["g/guide.yaml:3:1: error: duplicate key 'title' (first at line 1)"])


def test_two_documents_are_refused(tmp_path):
    make_guide(tmp_path, notes="- paragraph: 1\n  text: a\n---\n- paragraph: 2\n  text: b\n")
    refused(tmp_path, ["g/notes.yaml:3:1: error: a file holds one YAML document; remove the second '---'"])


def test_complex_key_is_refused(tmp_path):
    make_guide(tmp_path, glossary="- ? [term]\n  : Soviet\n")
    refused(tmp_path, ["g/glossary.yaml:1:5: error: a key must be a plain word"])


# --- keys --------------------------------------------------------------------------------------

@pytest.mark.parametrize("guide, expected", [
    ("titel: T\ntext: t.txt\n", [
        "g/guide.yaml:1:1: error: unknown key 'titel' in guide.yaml (did you mean 'title'?)",
        "g/guide.yaml:1:1: error: guide.yaml is missing 'title'"]),
    ("title: T\ntext: t.txt\nlangauge: en\n", [
        "g/guide.yaml:3:1: error: unknown key 'langauge' in guide.yaml (did you mean 'language'?)"]),
    ("title: T\ntext: t.txt\ncolour: red\n", [
        "g/guide.yaml:3:1: error: unknown key 'colour' in guide.yaml (allowed: title, subtitle, author, "
        "dateline, language, source, introduction, text, paragraphs)"]),
], ids=["typo-of-required", "typo", "no-close-key"])
def test_unknown_keys(tmp_path, guide, expected):
    make_guide(tmp_path, guide=guide)
    refused(tmp_path, expected)


def test_unknown_key_in_every_list_file(tmp_path):
    make_guide(tmp_path, glossary="- term: One\n  defintion: d\n",
               notes="- paragraph: 1\n  txet: n\n",
               questions="- prompt: Q\n  line: 3\n",
               timeline="- date: 1917\n  evnet: e\n")
    refused(tmp_path, [
        "g/glossary.yaml:1:3: error: glossary entry is missing 'definition'",
        "g/glossary.yaml:2:3: error: unknown key 'defintion' in glossary entry (did you mean 'definition'?)",
        "g/notes.yaml:1:3: error: note is missing 'text'",
        "g/notes.yaml:2:3: error: unknown key 'txet' in note (did you mean 'text'?)",
        "g/questions.yaml:2:3: error: unknown key 'line' in question (did you mean 'lines'?)",
        "g/timeline.yaml:1:3: error: timeline event is missing 'event'",
        "g/timeline.yaml:2:3: error: unknown key 'evnet' in timeline event (did you mean 'event'?)",
    ])


def test_missing_keys(tmp_path):
    make_guide(tmp_path, guide="subtitle: S\n", text=None,
               glossary="- definition: d\n", notes="- title: t\n", questions="- group: g\n",
               timeline="- label: l\n")
    refused(tmp_path, [
        "g/glossary.yaml:1:3: error: glossary entry is missing 'term'",
        "g/guide.yaml:1:1: error: guide.yaml is missing 'title'",
        "g/guide.yaml:1:1: error: guide.yaml is missing 'text'",
        "g/notes.yaml:1:3: error: note is missing 'text'",
        "g/notes.yaml:1:3: error: note is missing 'anchor' (a phrase from the text) or 'paragraph' (a number)",
        "g/questions.yaml:1:3: error: question is missing 'prompt'",
        "g/timeline.yaml:1:3: error: timeline event is missing 'date'",
        "g/timeline.yaml:1:3: error: timeline event is missing 'event'",
    ])


def test_blank_required_value(tmp_path):
    make_guide(tmp_path, guide="title:\ntext: t.txt\n")
    refused(tmp_path, ["g/guide.yaml:1:7: error: 'title' is empty"])


# --- shapes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("files, expected", [
    ({"glossary": "term: One\ndefinition: d\n"},
     "g/glossary.yaml:1:1: error: glossary.yaml must be a list of entries (each starting with '- '), not a mapping"),
    ({"guide": "title: [A, B]\ntext: t.txt\n"}, "g/guide.yaml:1:8: error: 'title' must be text, not a list"),
    ({"guide": "title: T\ntext: {file: t.txt}\n"}, "g/guide.yaml:2:7: error: 'text' must be text, not a mapping"),
    ({"glossary": "- term: One\n  definition:\n    - a\n    - b\n"},
     "g/glossary.yaml:3:5: error: 'definition' must be text, not a list"),
    ({"glossary": "- term: One\n  definition: d\n  forms: {One: 1}\n"},
     "g/glossary.yaml:3:10: error: 'forms' must be a list of text, not a mapping"),
    ({"glossary": "- term: One\n  definition: d\n  see: [[a]]\n"},
     "g/glossary.yaml:3:9: error: each item of 'see' must be text"),
    ({"notes": "- Just a sentence.\n"},
     "g/notes.yaml:1:3: error: each entry of notes.yaml must be a mapping of keys, not text"),
    ({"questions": "- prompt: Q\n  refs: {1: 2}\n"},
     "g/questions.yaml:2:9: error: 'refs' must be a whole number, found 'a mapping'"),
    ({"guide": "- title: T\n- text: t.txt\n"}, "g/guide.yaml:1:1: error: guide.yaml must be a mapping of keys, not a list"),
    ({"timeline": "just text\n"},
     "g/timeline.yaml:1:1: error: timeline.yaml must be a list of entries (each starting with '- '), not text"),
], ids=["map-for-list", "list-for-title", "map-for-path", "list-for-text", "map-for-forms", "list-in-see",
        "text-for-entry", "map-for-refs", "list-for-guide", "text-for-list"])
def test_wrong_shapes(tmp_path, files, expected):
    make_guide(tmp_path, **({"guide": files.pop("guide")} if "guide" in files else {}), **files)
    refused(tmp_path, [expected])


@pytest.mark.parametrize("value, message", [
    ("4.0", "'lines' must be a whole number, found '4.0'"),
    ("0x10", "'lines' must be a whole number, found '0x10'"),
    ("\u00b2", "'lines' must be a whole number, found '\u00b2'"),
    ("\uff14", "'lines' must be a whole number, found '\uff14'"),
    ("99999999999999999999", "'lines' must be a whole number, found '99999999999999999999'"),
    ("-1", "'lines' must be a whole number, found '-1'"),
    ("41", "'lines' must be from 0 to 40, found 41"),
], ids=["float", "hex", "superscript", "fullwidth", "huge", "negative", "above"])
def test_answer_lines_must_be_in_range(tmp_path, value, message):
    make_guide(tmp_path, questions=f"- prompt: Q\n  lines: {value}\n")
    refused(tmp_path, [f"g/questions.yaml:2:10: error: {message}"])


def test_bad_dates_language_and_mode(tmp_path):
    make_guide(tmp_path, guide="title: T\ntext: t.txt\nlanguage: English (UK)\nparagraphs: blank_lines\n",
               timeline="- date: 1917-13-01\n  event: a\n- date: 2023-02-29\n  event: b\n"
                        "- date: 24 October 1917\n  event: c\n")
    refused(tmp_path, [
        "g/guide.yaml:3:11: error: 'language' must be a language tag such as 'en' or 'de-CH', found 'English (UK)'",
        "g/guide.yaml:4:13: error: 'paragraphs' must be one of auto, lines, blank-lines, found 'blank_lines' "
        "(did you mean 'blank-lines'?)",
        "g/timeline.yaml:1:9: error: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '1917-13-01'",
        "g/timeline.yaml:3:9: error: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '2023-02-29'",
        "g/timeline.yaml:5:9: error: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, found '24 October 1917'",
    ])


# --- what YAML could be made to do -------------------------------------------------------------

def test_billion_laughs_is_refused_at_the_first_alias_and_quickly(tmp_path):
    lines = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 10):
        lines.append(f"lol{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]")
    make_guide(tmp_path, glossary="\n".join(lines) + "\n")
    with Timer() as timer:
        refused(tmp_path, ["g/glossary.yaml:2:12: error: alias '*a0' is not supported; write the value out"])
    assert timer.seconds < 20


def test_anchor_without_alias_is_harmless(tmp_path):
    make_guide(tmp_path, glossary="- &x term: One\n  definition: &y d\n")
    built(tmp_path)


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch pwned']",
    "!!python/object/new:subprocess.Popen [['touch', 'pwned']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!str 1917",
    "!mytag x",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch pwned']",
], ids=["apply", "new", "name", "module", "binary", "str", "local", "verbatim"])
def test_tags_are_refused_and_nothing_runs(tmp_path, tag):
    make_guide(tmp_path, glossary=f"- term: {tag}\n  definition: d\n")
    lines = refused_with(tmp_path)
    assert len(lines) == 1 and lines[0].startswith("g/glossary.yaml:1:9: error: YAML tag '")
    assert lines[0].endswith("' is not allowed")
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "g" / "pwned").exists()


def test_tag_on_the_whole_guide_is_refused(tmp_path):
    make_guide(tmp_path, guide="!!python/object/apply:os.system ['touch pwned']\n")
    refused(tmp_path, ["g/guide.yaml:1:1: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                       "is not allowed"])
    assert not (tmp_path / "pwned").exists()


def test_nesting_deeper_than_the_limit(tmp_path):
    make_guide(tmp_path, glossary="".join("  " * k + "a:\n" for k in range(40)) + "  " * 40 + "b\n")
    refused(tmp_path, ["g/glossary.yaml:32:63: error: nesting deeper than 32 levels"])


def test_very_deep_flow_nesting_is_refused_quickly(tmp_path):
    make_guide(tmp_path, glossary="a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    with Timer() as timer:
        lines = refused_with(tmp_path)
    assert timer.seconds < 20
    assert len(lines) == 1
    assert lines[0].startswith("g/glossary.yaml:1:") and lines[0].endswith("error: nesting deeper than 32 levels")


def test_too_many_values_in_one_file(tmp_path):
    make_guide(tmp_path, glossary="- term: One\n  definition: d\n  forms: [" + ", ".join(["x"] * 260_000) + "]\n")
    lines = refused_with(tmp_path)
    assert len(lines) == 1 and lines[0].endswith("error: more than 250,000 YAML values in one file")


def test_too_many_entries_in_one_file(tmp_path):
    make_guide(tmp_path, questions="".join(f"- prompt: Q{k}\n" for k in range(10_001)))
    refused(tmp_path, ["g/questions.yaml:1:1: error: questions.yaml has 10,001 entries; the limit is 10,000"])


def _limit_memory(gib: float):
    def apply():
        limit = int(gib * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


@pytest.mark.parametrize("command", ["check", "pdf"])
def test_40_mb_yaml_is_refused_quickly_within_1_gib(tmp_path, command):
    folder = make_guide(tmp_path)
    entry = "- term: Soviet\n  definition: " + "a council of workers' deputies " * 30 + "\n"
    with open(folder / "glossary.yaml", "w", encoding="utf-8") as stream:
        for _ in range(40 * 1024 * 1024 // len(entry) + 1):
            stream.write(entry)
    size = (folder / "glossary.yaml").stat().st_size
    assert size > 40 * 1024 * 1024
    before = snapshot(tmp_path)
    with Timer() as timer:
        result = run(command, "g", cwd=tmp_path, preexec_fn=_limit_memory(1), timeout=60)
    assert timer.seconds < 20
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == \
        f"g/glossary.yaml:1:1: error: YAML file is {size:,} bytes; the limit is 8,388,608"
    assert snapshot(tmp_path) == before


def test_large_yaml_below_the_limit_is_processed_within_1_gib(tmp_path):
    # 8 MB of glossary, 5,000 entries: checked (not rendered) under a 1 GiB address-space limit.
    definition = "a council of workers' and soldiers' deputies, " * 35
    make_guide(tmp_path, text="The Soviet met.\n",
               glossary="".join(f"- term: Term{k}\n  definition: {definition}\n" for k in range(5_000)))
    assert (tmp_path / "g" / "glossary.yaml").stat().st_size > 7_000_000
    with Timer() as timer:
        result = run("check", "g", cwd=tmp_path, preexec_fn=_limit_memory(1), timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("is not found in the text") == 5_000
    assert timer.seconds < 60


# --- encodings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content, expected", [
    (b"- term: One\n  definition: caf\xe9\n", "g/glossary.yaml:2:18: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
    (b"- term: \xd0\xa1\xd0\xbe\xd0\xb2\n  definition: \xff\n",
     "g/glossary.yaml:2:15: error: invalid UTF-8 (byte 0xff); save the file as UTF-8"),
    (b"- term: One\n  definition: a\x00b\n", "g/glossary.yaml:2:16: error: character U+0000 is not allowed in YAML"),
    (b"- term: \xd0\xa1\xd0\xbe\xd0\xb2\n  definition: a\x00b\n",
     "g/glossary.yaml:2:16: error: character U+0000 is not allowed in YAML"),
    (b"- term: \xe2\x80\xa8One\n  definition: a\x1bb\n",
     "g/glossary.yaml:2:16: error: character U+001B is not allowed in YAML"),
    (b"- term: One\n  definition: \xef\xbf\xbf\n", "g/glossary.yaml:2:15: error: character U+FFFF is not allowed in YAML"),
    ('- term: One\n  definition: "a\\0b"\n'.encode(),
     "g/glossary.yaml:2:15: error: control character U+0000 in 'definition' (at character 2)"),
    ('- term: One\n  definition: "a\\x85b"\n'.encode(),
     "g/glossary.yaml:2:15: error: control character U+0085 in 'definition' (at character 2)"),
], ids=["latin1", "after-cyrillic", "nul", "nul-after-cyrillic", "escape-char-after-line-separator", "noncharacter",
        "escaped-nul", "escaped-c1"])
def test_bad_bytes_and_characters_have_their_position(tmp_path, content, expected):
    make_guide(tmp_path, glossary=content)
    refused(tmp_path, [expected])


def test_line_separator_in_a_value_does_not_shift_later_positions(tmp_path):
    # U+2028 is a line break to YAML, not to an editor: the error is on line 3.
    make_guide(tmp_path, glossary="- term: \"One\u2028Two\"\n  definition: d\n  definition: e\n")
    refused(tmp_path, ["g/glossary.yaml:3:3: error: duplicate key 'definition' (first at line 2)"])


def test_byte_order_marks_are_legal_everywhere(tmp_path):
    bom = b"\xef\xbb\xbf"
    make_guide(tmp_path, guide=bom + GUIDE.encode(), text=bom + "One paragraph here.\n".encode(),
               glossary=bom + b"- term: paragraph\n  definition: a unit of text\n",
               notes=bom + b"- anchor: One\n  text: the first word\n")
    assert "aunitoftext" in squash(pdf_text(built(tmp_path)))


@pytest.mark.parametrize("content", [b"", b"\n", b"# nothing yet\n", b"---\n", b"---\n# to come\n",
                                     b"\xef\xbb\xbf", b"[]\n"],
                         ids=["empty", "newline", "comment", "marker", "marker-comment", "bom", "empty-list"])
def test_empty_optional_files_are_legal(tmp_path, content):
    make_guide(tmp_path, glossary=content, notes=content, questions=content, timeline=content)
    built(tmp_path)


@pytest.mark.parametrize("guide, message", [
    ("", "guide.yaml is empty; it needs at least 'title' and 'text'"),
    ("# a comment\n", "guide.yaml is empty; it needs at least 'title' and 'text'"),
], ids=["empty", "comment"])
def test_empty_guide_yaml_is_an_error(tmp_path, guide, message):
    make_guide(tmp_path, guide=guide)
    refused(tmp_path, [f"g/guide.yaml:1:1: error: {message}"])


def test_scalars_yaml_would_misread_print_as_typed(tmp_path):
    make_guide(tmp_path, guide="title: no\nsubtitle: 1917\nauthor: 3.10\ndateline: 2024-01-01\n"
                               "source: ~\nintroduction: yes\ntext: t.txt\n",
               glossary="- term: 'off'\n  definition: null\n  category: 0o17\n",
               timeline="- date: 1917\n  label: 1e3\n  event: .inf\n")
    text = "".join(pdf_text(built(tmp_path)).split())
    for typed in ("no", "1917", "3.10", "2024-01-01", "~", "yes", "null", "0o17", "1e3", ".inf"):
        assert typed in text, typed
    assert "False" not in text and "True" not in text and "None" not in text and "inf" not in text.replace(".inf", "")
