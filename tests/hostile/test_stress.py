"""Legal but extreme input builds (or is a clear error naming the character and where it is)."""

from __future__ import annotations

import io
import unicodedata

import pytest

from hostile_helpers import (Timer, built, make_guide, no_typography_layout, pdf_text, refused, refused_with,
                             run, squash, yaml_quote)

WORD = 20_000


def test_word_of_20000_characters_in_the_text(tmp_path):
    make_guide(tmp_path, text="Start " + "x" * WORD + " end.\n\nSecond paragraph.\n")
    built(tmp_path)  # the handout
    layout = no_typography_layout(tmp_path)  # no running feet inside the word in the text layer
    assert "x" * WORD in squash(pdf_text(built(tmp_path, "-l", layout.name)))


def test_word_of_20000_characters_in_every_prose_field_but_the_title(tmp_path):
    words = {name: letter * WORD for name, letter in zip(
        ("subtitle", "author", "dateline", "source", "introduction", "term", "definition", "category",
         "note_title", "note_text", "prompt", "group", "answer", "label", "event"), "abcdefghijklmno")}
    make_guide(
        tmp_path, text="Start " + "z" * WORD + " end.\n\nSecond.\n",
        guide=f"title: T\nsubtitle: {words['subtitle']}\nauthor: {words['author']}\n"
              f"dateline: {words['dateline']}\nsource: {words['source']}\nintroduction: {words['introduction']}\n"
              "text: t.txt\n",
        glossary=f"- term: {words['term']}\n  forms: [Second]\n  definition: {words['definition']}\n"
                 f"  category: {words['category']}\n",
        notes=f"- paragraph: 1\n  title: {words['note_title']}\n  text: {words['note_text']}\n",
        questions=f"- prompt: {words['prompt']}\n  group: {words['group']}\n  answer: {words['answer']}\n",
        timeline=f"- date: 1917\n  label: {words['label']}\n  event: x\n- date: 1918\n  label: y\n"
                 f"  event: {words['event']}\n")
    layout = no_typography_layout(tmp_path)
    text = squash(pdf_text(built(tmp_path, "-l", layout.name, timeout=180)))
    # Each field has its own letter. Hanging labels (a note's number) and the column beside
    # a timeline label are extracted in between the lines of a long word, so count its letters.
    for name, word in words.items():
        assert text.count(word[0]) >= WORD, name
    assert "z" * WORD in text


def test_title_of_1000_characters(tmp_path):
    title = " ".join(f"Title{k:03d}" for k in range(125))[:1000]
    assert len(title) == 1000
    make_guide(tmp_path, guide=f"title: {title}\ntext: t.txt\n")
    built(tmp_path)
    layout = no_typography_layout(tmp_path)
    assert squash(title) in squash(pdf_text(built(tmp_path, "-l", layout.name)))


def test_title_beyond_the_limit_is_a_clear_error(tmp_path):
    make_guide(tmp_path, guide="title: " + "x" * WORD + "\ntext: t.txt\n")
    refused(tmp_path, ["g/guide.yaml:1:8: error: 'title' is 20,000 characters; the limit is 2,000 "
                       "(put the rest in 'subtitle')"])


def test_paragraph_beyond_the_limit_is_a_clear_error(tmp_path):
    make_guide(tmp_path, text="Short.\n\n" + "word " * 12_000 + "\n")
    refused(tmp_path, ["g/t.txt:3:1: error: paragraph 2 is 59,999 characters long; the limit is 50,000 "
                       "(split it with a blank line)"])
    make_guide(tmp_path, guide="title: T\ntext: t.txt\nintroduction: " + "word " * 12_000 + "\n")
    refused(tmp_path, ["g/guide.yaml:3:15: error: 'introduction' has a paragraph of 59,999 characters; "
                       "the limit is 50,000 (break it into paragraphs with blank lines)"])


def test_2000_glossary_entries(tmp_path):
    words = [f"Word{k}" for k in range(2000)]
    make_guide(tmp_path, text=" ".join(words) + ".\n",
               glossary="".join(f"- term: {w}\n  definition: the entry for {w}\n  category: c\n" for w in words))
    with Timer() as timer:
        text = squash(pdf_text(built(tmp_path, check=False, timeout=180)))
    assert timer.seconds < 90
    for w in words:
        assert f"{w}c" in text  # the headword and its category in the printed glossary


def test_paragraph_long_words_break_in_linear_time(tmp_path):
    # One word as long as a paragraph may be, plain, with hyphens, with soft hyphens: each
    # line looks only at what can fit on it (this took 45 s when every line hyphenated the
    # whole rest of the word).
    words = ["y" * 45_000, "ab-" * 15_000, "ab\u00ad" * 15_000]
    make_guide(tmp_path, text="\n\n".join(words) + "\n")
    layout = no_typography_layout(tmp_path)  # no running feet inside the words in the text layer
    with Timer() as timer:
        data = built(tmp_path, "-l", layout.name, check=False)
    assert timer.seconds < 30
    printed = squash(pdf_text(data))
    assert "y" * 45_000 in printed and "ab" * 15_000 in printed


def test_many_unmatched_asterisks(tmp_path):
    # Every "*a" could open italics that never close: found in linear time.
    make_guide(tmp_path, text="*a " * 15_000 + "\n")
    with Timer() as timer:
        data = built(tmp_path, check=False)
    assert timer.seconds < 30
    assert squash("*a " * 100) in squash(pdf_text(data))


# --- scripts and special characters ------------------------------------------------------------

RTL = [("hebrew", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"),
       ("arabic", "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645")]


def _words_in_text_layer(words: str, data: bytes) -> None:
    """Each word is in the text layer with its letters in reading order. (The glyphs of
    right-to-left text are stored in the order they stand on the page, as PDF producers
    do; pypdf reads each word back from right to left. Arabic is stored in its joined
    letter forms, which NFKC folds back into the letters.)"""
    printed = unicodedata.normalize("NFKC", pdf_text(data))
    for word in words.split():
        assert unicodedata.normalize("NFKC", word) in printed, word


@pytest.mark.parametrize("script, words", RTL, ids=[r[0] for r in RTL])
def test_right_to_left_text_builds(tmp_path, script, words):
    """The words print in the fallback font of their script, in every place a guide has text."""
    make_guide(tmp_path, text=f"Hello {words} again.\n\nThe end.\n",
               glossary=f"- term: {words.split()[0]}\n  definition: {yaml_quote(words + ' (in full)')}\n",
               notes=f"- paragraph: 1\n  text: {yaml_quote(words)}\n")
    data = built(tmp_path)  # check passes too
    _words_in_text_layer(words, data)
    import pdfplumber

    fonts = {char["fontname"].split("+")[-1] for page in pdfplumber.open(io.BytesIO(data)).pages
             for char in page.chars if not char["text"].isascii() and unicodedata.category(char["text"])[0] == "L"}
    expected = {"hebrew": "FrankRuhlLibre", "arabic": "NotoSansArabic"}[script]
    assert fonts and all(name.startswith(expected) for name in fonts), fonts


# Words whose letters occur once each, so that each glyph can be found on the page.
DISTINCT = [("hebrew", "\u05d0\u05d1\u05d2", "\u05d3\u05d4\u05d6"),  # אבג דהז
            ("arabic", "\u0633\u0645\u0643", "\u062f\u0627\u0631")]  # سمك دار


def _glyph_x(data: bytes) -> dict[str, float]:
    """Letter (its NFKC form) -> x of its glyph on page 1."""
    import pdfplumber

    page = pdfplumber.open(io.BytesIO(data)).pages[0]
    return {unicodedata.normalize("NFKC", c["text"]): c["x0"] for c in page.chars if not c["text"].isascii()}


@pytest.mark.parametrize("script, first, second", DISTINCT, ids=[d[0] for d in DISTINCT])
def test_right_to_left_words_run_from_right_to_left(tmp_path, script, first, second):
    make_guide(tmp_path, text=f"Hello {first} {second} again.\n")
    x = _glyph_x(built(tmp_path))
    reading = [x[letter] for letter in first + second]
    assert reading == sorted(reading, reverse=True), reading  # each letter left of the one before
    latin = pdf_text(built(tmp_path, check=False))
    assert latin.index("Hello") < latin.index("again")  # the sentence around them stays left to right


def test_numbers_in_right_to_left_text_read_left_to_right(tmp_path):
    make_guide(tmp_path, text="\u05d0\u05d1\u05d2 1917 \u05d3\u05d4\u05d6.\n")
    import pdfplumber

    page = pdfplumber.open(io.BytesIO(built(tmp_path))).pages[0]
    body = sorted((c for c in page.chars if c["size"] > 10), key=lambda c: c["x0"])  # not the margin or foot
    digits = [c for c in body if c["text"].isdigit()]
    assert "".join(c["text"] for c in digits) == "1917"  # read from left to right, not 7191
    x = {c["text"]: c["x0"] for c in body}
    assert x["\u05d3"] < digits[0]["x0"] and digits[-1]["x0"] < x["\u05d0"]  # between the words


def test_right_to_left_paragraph_starts_at_the_right(tmp_path):
    hebrew = " ".join(["\u05e9\u05dc\u05d5\u05dd", "\u05e2\u05d5\u05dc\u05dd"] * 3) + "."
    make_guide(tmp_path, text=f"{hebrew}\n\nHello again.\n")
    import pdfplumber

    page = pdfplumber.open(io.BytesIO(built(tmp_path))).pages[0]
    hebrew_chars = [c for c in page.chars if "\u0590" <= c["text"] <= "\u05ff"]
    latin = [c for c in page.chars if c["text"] == "H" and c["size"] > 10]
    right = max(c["x1"] for c in hebrew_chars)
    body = [c for c in page.chars if c["size"] > 10]  # not the margin or foot
    assert right > max(c["x1"] for c in body if c["text"] in "again.") + 100  # set at the right edge
    assert min(c["x0"] for c in latin) < min(c["x0"] for c in hebrew_chars)


def test_hebrew_title_prints_in_the_running_foot(tmp_path):
    make_guide(tmp_path, guide="title: \u05e9\u05dc\u05d5\u05dd and peace\ntext: t.txt\n")
    import pdfplumber

    page = pdfplumber.open(io.BytesIO(built(tmp_path))).pages[0]
    foot = [c for c in page.chars if c["top"] > page.height - 80]
    assert {"\u05e9", "\u05dc", "\u05d5", "\u05dd"} <= {c["text"] for c in foot}
    assert all(c["fontname"].split("+")[-1].startswith("FrankRuhlLibre") for c in foot if c["text"] >= "\u0590")


def test_a_hebrew_character_no_font_has_is_named(tmp_path):
    # Cantillation marks are in the Hebrew block but not in the fallback font.
    make_guide(tmp_path, text="Hello \u05e9\u0591 again.\n")
    lines = refused_with(tmp_path)
    assert lines == ["g/t.txt:1:8: error: character U+0591 HEBREW ACCENT ETNAHTA cannot be printed "
                     "with Noto Serif and Frank Ruhl Libre"], lines


def test_bidirectional_controls_in_latin_text_build(tmp_path):
    text = "Trojan \u202eevil\u202c, marked \u200fright\u200e and \u2067isolated\u2069.\n"
    make_guide(tmp_path, text=text, glossary=f"- term: Trojan\n  definition: {yaml_quote(text.strip())}\n")
    printed = squash(pdf_text(built(tmp_path)))
    assert squash(text) in printed


def test_combining_marks_build(tmp_path):
    text = "Cafe\u0301, n\u0303, Z\u0327\u0301\u0308, \u0418\u0306, \u1f00\u0301 and a\u0332b\u0332.\n"
    make_guide(tmp_path, text=text, notes=f"- paragraph: 1\n  text: {yaml_quote(text.strip())}\n")
    printed = unicodedata.normalize("NFC", squash(pdf_text(built(tmp_path))))
    assert unicodedata.normalize("NFC", squash(text)) in printed


def test_invisible_characters_build(tmp_path):
    text = "Soft\u00adhyphen, zero\u200bwidth, join\u200dner, word\u2060joiner, no\u00a0break.\n"
    make_guide(tmp_path, text=text)
    printed = squash(pdf_text(built(tmp_path)))
    for word in ("Soft", "hyphen", "zero", "width", "join", "ner", "word", "joiner", "no", "break"):
        assert word in printed


@pytest.mark.parametrize("field, value, message", [
    ("title", "A\\x07bell", "control character U+0007 in 'title' (at character 2)"),
    ("subtitle", "\\x1b[31mred", "control character U+001B in 'subtitle' (at character 1)"),
    ("introduction", "line\\rreturn", "control character U+000D in 'introduction' (at character 5)"),
    ("source", "x\\x9by", "control character U+009B in 'source' (at character 2)"),
    ("author", "del\\x7f", "control character U+007F in 'author' (at character 4)"),
], ids=["bell", "escape", "carriage-return", "csi", "delete"])
def test_control_characters_in_prose_are_refused(tmp_path, field, value, message):
    head = "text: t.txt\n" if field == "title" else "title: T\ntext: t.txt\n"
    make_guide(tmp_path, guide=f'{head}{field}: "{value}"\n')
    line = 2 if field == "title" else 3
    column = len(field) + 3
    refused(tmp_path, [f"g/guide.yaml:{line}:{column}: error: {message}"])


def test_tab_in_prose_prints_as_a_space(tmp_path):
    make_guide(tmp_path, glossary='- term: paragraph\n  definition: "tab\\there"\n')
    assert "tab here" in pdf_text(built(tmp_path))


def test_emoji_is_an_error_naming_it_and_where_it_is(tmp_path):
    make_guide(tmp_path, text="One.\n\nA smile \U0001F600 here.\n",
               glossary="- term: smile\n  definition: \"a face \U0001F642\"\n")
    refused(tmp_path, [
        "g/glossary.yaml:2:15: error: character U+1F642 SLIGHTLY SMILING FACE (character 8 of the field) "
        "cannot be printed with Noto Serif",
        "g/t.txt:3:9: error: character U+1F600 GRINNING FACE cannot be printed with Noto Serif",
    ])


def test_one_error_per_character_however_often_it_occurs(tmp_path):
    make_guide(tmp_path, text="".join(f"Paragraph {k} \U0001F600.\n" for k in range(500)),
               notes="- paragraph: 3\n  text: \"\U0001F600\"\n")
    refused(tmp_path, ["g/t.txt:1:13: error: character U+1F600 GRINNING FACE cannot be printed with Noto Serif "
                       "(also in 500 other places)"], commands=("pdf",))


def test_check_reports_unprintable_characters_like_pdf(tmp_path):
    make_guide(tmp_path, text="A smile \U0001F600 here.\n")
    refused(tmp_path, ["g/t.txt:1:9: error: character U+1F600 GRINNING FACE cannot be printed with Noto Serif"])
