"""The render stage's own paragraphs: words, line breaking and right-to-left order."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from guidebuilder.render.bidi import _visual_text, paragraph_direction, visual_order
from guidebuilder.render.measure import PIECES, SPACE
from guidebuilder.render.text import Span, break_lines, words_of

FONT = "Helvetica"  # a standard PDF font: no files needed


def span(text: str, **extra) -> Span:
    return Span(text, FONT, 10, None, **extra)


def texts(words) -> list[str]:
    return ["".join(piece[1] for piece in word[PIECES]) for word in words]


def test_words_collapse_white_space_and_keep_pieces_of_one_word_together():
    words = words_of([span("  The  Central"), span("Committee", link="cc"), span(", met\tagain. ")])
    assert texts(words) == ["The", "CentralCommittee,", "met", "again."]
    assert [piece[1] for piece in words[1][PIECES]] == ["Central", "Committee", ","]


def test_no_break_span_is_one_word():
    assert texts(words_of([span("see "), span("Military Revolutionary Committee", keep=True)])) == \
        ["see", "Military Revolutionary Committee"]


def width(text: str) -> float:
    return stringWidth(text, FONT, 10)


def test_lines_are_filled_first_fit_and_the_last_is_marked():
    words = words_of([span("one two three four five six seven eight nine ten")])
    lines = break_lines(words, 60, 60, None)
    shown = [" ".join(texts(line.words)) for line in lines]
    assert " ".join(shown) == "one two three four five six seven eight nine ten"
    for line, text, following in zip(lines, shown, shown[1:] + [None]):
        assert abs(line.width - width(text)) < 1e-6 and line.width <= 60
        if following:  # the next line's first word would not have fitted
            assert width(text + " " + following.split()[0]) > 60
    assert [line.last for line in lines] == [False] * (len(lines) - 1) + [True]


def test_a_word_breaks_at_its_own_hyphen_or_a_dictionary_point():
    words = words_of([span("Treaty of Brest-Litovsk signed")])
    lines = break_lines(words, width("Treaty of Brest-") + 1, 200, None)
    assert texts(lines[0].words) == ["Treaty", "of", "Brest-"]
    assert texts(lines[1].words)[0] == "Litovsk"
    points = {"revolution": (7, 4, 2)}.get  # longest head first
    lines = break_lines(words_of([span("The revolution")]), width("The revo-") + 1, 200,
                        lambda word: points(word, ()))
    assert texts(lines[0].words) == ["The", "revo-"] and texts(lines[1].words) == ["lution"]


def test_soft_hyphen_is_a_break_point_drawn_only_where_the_line_breaks():
    lines = break_lines(words_of([span("The revo\u00adlution")]), width("The revo-") + 1, 200, None)
    assert texts(lines[0].words) == ["The", "revo-"] and texts(lines[1].words) == ["lution"]


def test_a_word_longer_than_the_line_is_cut():
    lines = break_lines(words_of([span("x" * 100)]), 50, 50, None)
    assert "".join("".join(texts(line.words)) for line in lines) == "x" * 100
    assert len(lines) > 5 and all(line.width <= 50 for line in lines)


def test_visual_text_reverses_letters_but_not_numbers_and_mirrors_brackets():
    assert _visual_text("\u05d0\u05d1\u05d2") == "\u05d2\u05d1\u05d0"
    assert _visual_text("(\u05d0\u05d1)") == "(\u05d1\u05d0)"
    assert _visual_text("\u05d01917") == "1917\u05d0"
    assert _visual_text("\u05d0\u05b8\u05d1") == "\u05d1\u05d0\u05b8"  # a point stays after its letter


def test_visual_order_of_words():
    hebrew = words_of([span("Hello \u05d0\u05d1 \u05d2\u05d3 again")])
    ordered, width = visual_order(hebrew, "L")
    assert texts(ordered) == ["Hello", "\u05d3\u05d2", "\u05d1\u05d0", "again"]
    assert width > 0
    assert paragraph_direction(hebrew) == "L"
    rtl = words_of([span("\u05d0\u05d1 \u05d2\u05d3 1917 Lenin Trotsky \u05d4.")])
    assert paragraph_direction(rtl) == "R"
    ordered, _ = visual_order(rtl, "R")
    # the number after Hebrew and the English words form one left-to-right run (rules W7, I2)
    assert texts(ordered) == [".", "\u05d4", "1917", "Lenin", "Trotsky", "\u05d3\u05d2", "\u05d1\u05d0"]
    assert [word[SPACE] is not None for word in ordered] == [False, True, True, True, True, True, False]


def test_punctuation_after_a_right_to_left_word_follows_the_sentence_around_it():
    words = words_of([span("on (\u05d0\u05d1 \u05d2\u05d3), with")])
    ordered, width = visual_order(words, "L")
    assert texts(ordered) == ["on", "(", "\u05d3\u05d2", "\u05d1\u05d0", "),", "with"]
    assert [word[SPACE] is not None for word in ordered] == [True, False, True, False, True, False]
    assert abs(width - stringWidth("on (\u05d0\u05d1 \u05d2\u05d3), with", FONT, 10)) < 1e-6


def test_a_number_after_hebrew_stands_with_it():
    ordered, _ = visual_order(words_of([span("\u05d0\u05d1 1917 again")]), "L")
    assert texts(ordered) == ["1917", "\u05d1\u05d0", "again"]


def test_a_no_break_piece_is_not_hyphenated():
    words = words_of([span("see "), span("Provisional Government", keep=True), span(")")])
    room = width("see Provisional Govern-") + 1
    before_ment = lambda word: (len(word) - 4,) if word.endswith("Government") else ()  # noqa: E731
    lines = break_lines(words, room, 400, before_ment)
    assert texts(lines[0].words) == ["see"] and texts(lines[1].words) == ["Provisional Government)"]
    free = break_lines(words_of([span("see Provisional Government)")]), room, 400, before_ment)
    assert texts(free[0].words) == ["see", "Provisional", "Govern-"]  # the same text without the no-break
