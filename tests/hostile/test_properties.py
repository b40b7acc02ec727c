"""Properties over generated input: a PDF holding the text, or clear errors; never an exception.

These run in-process (guidebuilder.build), since a subprocess per example would be slow.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from guidebuilder.build import build_pdf, check_guide
from guidebuilder.diagnostics import Diagnostics
from guidebuilder.inline import parse_inline
from guidebuilder.layouts import load_layout

from hostile_helpers import GUIDE, TEXT, assert_structure, make_guide, no_typography_layout, pdf_text, yaml_quote

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow])

# Where a generated string goes: (file, YAML text holding the value as {v}).
FIELDS = {
    "title": ("guide", "title: {v}\ntext: t.txt\n"),
    "subtitle": ("guide", GUIDE + "subtitle: {v}\n"),
    "author": ("guide", GUIDE + "author: {v}\n"),
    "dateline": ("guide", GUIDE + "dateline: {v}\n"),
    "source": ("guide", GUIDE + "source: {v}\n"),
    "introduction": ("guide", GUIDE + "introduction: {v}\n"),
    "term": ("glossary", "- term: {v}\n  forms: [paragraph]\n  definition: d\n"),
    "definition": ("glossary", "- term: paragraph\n  definition: {v}\n"),
    "category": ("glossary", "- term: paragraph\n  definition: d\n  category: {v}\n"),
    "note title": ("notes", "- paragraph: 1\n  title: {v}\n  text: n\n"),
    "note": ("notes", "- paragraph: 1\n  text: {v}\n"),
    "prompt": ("questions", "- prompt: {v}\n"),
    "group": ("questions", "- prompt: q\n  group: {v}\n"),
    "answer": ("questions", "- prompt: q\n  answer: {v}\n"),
    "label": ("timeline", "- date: 1917\n  label: {v}\n  event: e\n"),
    "event": ("timeline", "- date: 1917\n  event: {v}\n"),
    "text": ("text", None),
}

# Mostly characters a guide could hold (so that many examples build), and any code point at all.
PRINTABLE = st.sampled_from(list("aZ09 .,;:!?'\"*-_<>&#%/\\()[]{}|~^`@$=+\t\nÄéßçØЖжЁΩωάἱ«»„“—–…€£§¶°½"
                                 "\u05d0\u05e9\u05dd\u0627\u0644\u0645\u0643"  # Hebrew, Arabic
                                 "\u0301\u0308\u00ad\u00a0\u200b\u200d\u202e\u202c\u200f"))
ANY = st.characters(blacklist_categories=("Cs",))
TEXTS = st.one_of(st.text(PRINTABLE, min_size=1, max_size=40),
                  st.text(st.one_of(PRINTABLE, PRINTABLE, PRINTABLE, ANY), min_size=1, max_size=40))

RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_DIAGNOSTIC = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): \S.*$")


@pytest.fixture(scope="module")
def literal(tmp_path_factory):
    diags = Diagnostics()
    layout = load_layout(str(no_typography_layout(tmp_path_factory.mktemp("layout"))), diags)
    assert layout is not None, [d.format() for d in diags.sorted()]
    return layout


def _visible(text: str) -> str:
    """What must be in the text layer: no white space, markup asterisks, hyphens or characters
    that draw nothing (format controls, combining marks, also those that come composed, as a
    mark put beside another letter by right-to-left order may); compatibility forms folded."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not c.isspace() and c not in "*-\u00ad\u2010"
                   and unicodedata.category(c) not in ("Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc", "Co", "Cn"))


def _guide(folder: Path, field: str, value: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    kind, template = FIELDS[field]
    if kind == "text":
        make_guide(folder.parent, folder.name, text=value + "\n")
    elif kind == "guide":
        make_guide(folder.parent, folder.name, guide=template.format(v=yaml_quote(value)))
    else:
        make_guide(folder.parent, folder.name, **{kind: template.format(v=yaml_quote(value))})


def _clear(diags: Diagnostics, folder: Path) -> None:
    """Every problem is `path:line:column: error: …` at a real place in one of the guide's files."""
    assert diags.has_errors
    for d in diags.sorted():
        line = d.format(folder.parent)
        assert _DIAGNOSTIC.match(line), line
        assert d.pos.line >= 1 and d.pos.column >= 1
        assert Path(d.pos.path).resolve().parent == folder.resolve(), line


@settings(max_examples=50, **SETTINGS)
@given(field=st.sampled_from(sorted(FIELDS)), value=TEXTS)
def test_any_text_in_any_field_prints_or_is_a_clear_error(tmp_path, literal, field, value):
    folder = tmp_path / "g"
    _guide(folder, field, value)
    diags = Diagnostics()
    built = build_pdf(folder, literal, diags)  # an exception here fails the property
    event("built" if built else "refused: " + diags.sorted()[0].message.split("(")[0][:40])
    if built is None:
        _clear(diags, folder)
        return
    assert_structure(built.pdf)
    printed, expected = _visible(pdf_text(built.pdf)), _visible(value)
    if RIGHT_TO_LEFT.search(expected):
        # Right-to-left text is stored in the order it stands on the page, which text
        # extraction reads back in ways of its own, and its brackets are mirrored:
        # every character must be there.
        pairs = str.maketrans(")]}>»›", "([{<«‹")
        assert not Counter(expected.translate(pairs)) - Counter(printed.translate(pairs)), (field, value)
    else:
        assert expected in printed, (field, value)


@settings(max_examples=50, **SETTINGS)
@given(name=st.sampled_from(["guide.yaml", "t.txt", "glossary.yaml", "notes.yaml", "questions.yaml",
                             "timeline.yaml"]),
       data=st.one_of(st.binary(max_size=300),
                      st.text(st.sampled_from(list("- :\n\t[]{},&*!|>'\"#%@`?~\\0aZ\u2028\ufeff")),
                              max_size=120).map(lambda s: s.encode())))
def test_any_bytes_in_any_file_are_checked_without_an_exception(tmp_path, name, data):
    folder = tmp_path / "g"
    shutil.rmtree(folder, ignore_errors=True)
    make_guide(tmp_path, glossary="- term: One\n  definition: d\n", notes="- paragraph: 1\n  text: n\n",
               questions="- prompt: q\n  refs: [1]\n", timeline="- date: 1917\n  event: e\n")
    (folder / name).write_bytes(data)
    diags = Diagnostics()
    resolved = check_guide(folder, diags)  # an exception here fails the property
    if resolved is None:
        _clear(diags, folder)


@settings(max_examples=300, **SETTINGS)
@given(st.text(st.sampled_from(list("*a \n<")), max_size=60))
def test_inline_markup_always_parses_into_ordered_spans(text):
    spans = parse_inline(text)
    position = 0
    for span in spans:
        assert position <= span.start < span.end <= len(text)
        position = span.end
    kept = "".join(text[s.start:s.end] for s in spans)
    assert kept.replace("*", "") == text.replace("*", "")  # only asterisks are ever dropped


def test_plain_guide_prints_all_its_text(tmp_path, literal):
    # The anchor of the property above: with nothing generated, the guide builds and holds its text.
    folder = make_guide(tmp_path, text=TEXT)
    diags = Diagnostics()
    built = build_pdf(folder, literal, diags)
    assert built is not None
    assert _visible(TEXT) in _visible(pdf_text(built.pdf))


KEYS = ["title", "subtitle", "text", "language", "paragraphs", "introduction", "term", "definition", "forms",
        "see", "category", "anchor", "paragraph", "occurrence", "prompt", "group", "refs", "lines", "answer",
        "date", "label", "event", "x"]
SCALARS = st.sampled_from(["", "~", "1", "0", "-1", "40", "41", "1917", "1917-10", "2024-02-30", "t.txt", "One",
                           "paragraph", "'quoted'", "\"a\\tb\"", "|\n    block", "yes", "1e9", "[]", "{}"])
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)),
                      max_leaves=8)


def _yaml(value, indent: int = 0) -> str:
    """A value in flow style (any nesting) that reads back as the same shape."""
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return value if not value.startswith("|") else '"block"'


@settings(max_examples=50, **SETTINGS)
@given(name=st.sampled_from(["guide.yaml", "glossary.yaml", "notes.yaml", "questions.yaml", "timeline.yaml"]),
       entries=st.lists(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5), min_size=1, max_size=4))
def test_any_shape_of_yaml_is_checked_without_an_exception(tmp_path, name, entries):
    folder = tmp_path / "g"
    shutil.rmtree(folder, ignore_errors=True)
    make_guide(tmp_path, text="One paragraph.\n\nTwo paragraph.\n")
    if name == "guide.yaml":
        body = "".join(f"{k}: {_yaml(v)}\n" for k, v in entries[0].items())
    else:
        body = "".join("- " + _yaml(entry) + "\n" for entry in entries)
    (folder / name).write_text(body, encoding="utf-8")
    diags = Diagnostics()
    if check_guide(folder, diags) is None:  # an exception here fails the property
        _clear(diags, folder)
