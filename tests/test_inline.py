"""Inline markup (*italic*, **bold**) and typographic punctuation."""

from __future__ import annotations

import pytest

from guidebuilder.inline import Span, parse_inline, plain_text, smarten


def styled(text):
    """(piece of text, style) per span: style is '', 'I', 'B' or 'BI'."""
    return [(text[s.start:s.end], ("B" if s.bold else "") + ("I" if s.italic else ""))
            for s in parse_inline(text)]


def test_plain_text_is_one_span():
    assert parse_inline("plain words") == (Span(0, 11),)


def test_empty_text_has_no_spans():
    assert parse_inline("") == ()


def test_italic():
    assert styled("a *b c* d") == [("a ", ""), ("b c", "I"), (" d", "")]
    assert parse_inline("*it*") == (Span(1, 3, italic=True),)


def test_bold():
    assert styled("a **b** c") == [("a ", ""), ("b", "B"), (" c", "")]
    assert parse_inline("**bold**") == (Span(2, 6, bold=True),)


def test_italic_inside_bold():
    assert styled("**bold *both* bold**") == [("bold ", "B"), ("both", "BI"), (" bold", "B")]


def test_bold_inside_italic():
    assert styled("*it **both** it*") == [("it ", "I"), ("both", "BI"), (" it", "I")]


@pytest.mark.parametrize("text, expected", [
    ("***x***", [("x", "BI")]),
    ("**see *Pravda***", [("see ", "B"), ("Pravda", "BI")]),
    ("***Pravda* said**", [("Pravda", "BI"), (" said", "B")]),
    ("*read **this***", [("read ", "I"), ("this", "BI")]),
])
def test_nested_runs_that_start_or_end_together(text, expected):
    assert styled(text) == expected


def test_several_runs():
    assert styled("**a** and *b*") == [("a", "B"), (" and ", ""), ("b", "I")]
    assert styled("*a* *b*") == [("a", "I"), (" ", ""), ("b", "I")]


def test_book_title_in_a_citation():
    assert styled("V. I. Lenin, *Collected Works*, vol. 26") == [
        ("V. I. Lenin, ", ""), ("Collected Works", "I"), (", vol. 26", "")]


@pytest.mark.parametrize("text", [
    "*unmatched", "unmatched*", "*", "**", "***", "**a*", "*a**",
    "a * b", "5 * 3 * 2", "x ** y ** z", "* x *", "*x *", "* x*", "** bold **",
])
def test_unmatched_or_spaced_asterisks_stay_literal(text):
    assert styled(text) == [(text, "")]
    assert plain_text(text) == text


def test_spans_cover_the_text_in_order_without_overlap():
    text = "a *b* **c *d* e** f * g"
    spans = parse_inline(text)
    for left, right in zip(spans, spans[1:]):
        assert left.end <= right.start
    covered = "".join(text[s.start:s.end] for s in spans)
    assert covered == "a b c d e f * g"


@pytest.mark.parametrize("text", ["<b>not bold</b>", "A & B &amp; C", 'say "hi"', "back\\slash \\n"])
def test_everything_else_is_literal(text):
    assert styled(text) == [(text, "")]


def test_backslash_is_no_escape():
    # `\\*x\\*`: the backslashes are printed as typed and do not protect the asterisks.
    assert styled("\\*x\\*") == [("\\", ""), ("x\\", "I")]


def test_plain_text_removes_markup_only():
    assert plain_text("**Bold** and *italic* and 5 * 3") == "Bold and italic and 5 * 3"


# --- smarten ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('"Hello," she said.', "\u201cHello,\u201d she said."),
    ('He said "no"', "He said \u201cno\u201d"),
    ('("x")', "(\u201cx\u201d)"),
    ("'quoted'", "\u2018quoted\u2019"),
    ("It's Lenin's", "It\u2019s Lenin\u2019s"),
    ("1917--1918", "1917\u20131918"),
    ("wait---now", "wait\u2014now"),
    ("a -- b", "a \u2013 b"),
    ("a - b", "a - b"),
    ("--- \"quote\"", "\u2014 \u201cquote\u201d"),
    ("no quotes", "no quotes"),
])
def test_smarten(text, expected):
    assert smarten(text) == expected


def test_smarten_uses_the_preceding_character():
    assert smarten('"', before="a") == "\u201d"
    assert smarten('"', before=" ") == "\u201c"
    assert smarten("'s", before="n") == "\u2019s"
    assert smarten('"a"', before="") == "\u201ca\u201d"


def test_smarten_quote_after_dash_opens():
    assert smarten("word---\"quoted\"") == "word\u2014\u201cquoted\u201d"


def test_smarten_keeps_length_for_quotes():
    text = "\"a\" 'b' c"
    assert len(smarten(text)) == len(text)
