"""Every built-in layout, on A4 and letter, built from the sample guide and read back."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from guidebuilder.layouts import BUILTINS
from guidebuilder.render.impose import impose_booklet, saddle_order

from helpers import SAMPLE, build

EDGE = 14.0


def _yaml(name):
    return yaml.safe_load((SAMPLE / name).read_text(encoding="utf-8")) or []


def _words(text: str) -> list[str]:
    """Letters-only words, case-folded, hyphens removed: how the source is compared."""
    return re.findall(r"[^\W\d_]+", re.sub(r"[-\u00ad\u2010]", "", text).casefold())


def _tokens(text: str) -> list[str]:
    """The PDF's words, split at hyphens too: a hyphenated word's halves are two tokens."""
    return re.findall(r"[^\W\d_]+", text.casefold())


def _find(word: str, stream: list[str], start: int, stop: int, parts: int = 4) -> int:
    """The index just after the earliest place `word` ends in stream[start:stop]: as one
    token, or as tokens that make it up in order (a hyphenated word, possibly broken across
    a line or page). Ending earliest leaves the most room for the words after it."""
    stop = min(stop, len(stream))
    best = -1
    for i in range(start, stop):
        if best >= 0 and i >= best:
            break
        token = stream[i]
        if token == word:
            return i + 1 if best < 0 else min(best, i + 1)
        if parts > 1 and len(token) >= 2 and word.startswith(token):
            after = _find(word[len(token):], stream, i + 1, i + 1 + 1500, parts - 1)
            if after >= 0 and (best < 0 or after < best):
                best = after
    return best


def appears(words: list[str], stream: list[str], max_gap: int = 1500) -> bool:
    """`words` occur in `stream` in order, with at most `max_gap` other tokens between two
    of them (a page's footnotes, margin notes or running heads may come between)."""
    if not words:
        return True
    for start in range(len(stream)):
        position = _find(words[0], stream, start, start + 1)
        if position < 0:
            continue
        for word in words[1:]:
            position = _find(word, stream, position, position + 1 + max_gap)
            if position < 0:
                break
        else:
            return True
    return False


@pytest.fixture(scope="module", params=[(name, paper) for name in BUILTINS for paper in ("a4", "letter")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def built(request):
    name, paper = request.param
    data, diags = build(SAMPLE, name, paper)
    assert data is not None, [d.format() for d in diags.sorted()]
    return name, paper, data


_RUNNING_HEAD = re.compile(r"^(Teacher’s edition|Letter to Central Committee Members( · .*)?|.*page \d+ of \d+.*"
                           r"|continued|from page \d+)$")


def _pages(data: bytes, booklet: bool) -> list[str]:
    """The text of each page in reading order; a booklet's sheets are cut in half and
    their halves put back in page order."""
    if not booklet:
        return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    halves = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sides = saddle_order(2 * len(pdf.pages))
        for page, (left, right) in zip(pdf.pages, sides):
            middle = page.width / 2
            halves[left] = page.within_bbox((0, 0, middle, page.height)).extract_text()
            halves[right] = page.within_bbox((middle, 0, page.width, page.height)).extract_text()
    return [halves[index] for index in sorted(halves)]


def _body(data: bytes, booklet: bool = False) -> str:
    """The text layer without running heads and margin markers, which would otherwise join
    a word hyphenated across a page break with their words."""
    lines = [line for page in _pages(data, booklet) for line in page.splitlines()]
    return "\n".join(line for line in lines if not _RUNNING_HEAD.match(line.strip()))


def test_the_text_layer_holds_everything_the_guide_holds(built):
    name, _, data = built
    text = _body(data, booklet=name == "booklet")
    stream = _tokens(text)
    letter = (SAMPLE / "letter.txt").read_text(encoding="utf-8")
    for paragraph in (p for p in letter.split("\n\n") if p.strip()):
        assert appears(_words(paragraph), stream), paragraph[:50]
    guide = _yaml("guide.yaml")
    for key in ("title", "subtitle", "author", "introduction", "dateline"):
        assert appears(_words(guide[key]), stream), key
    for entry in _yaml("glossary.yaml"):
        assert appears(_words(entry["definition"]), stream), entry["term"]
    for note in _yaml("notes.yaml"):
        assert appears(_words(note["text"]), stream), note["title"]
    for event in _yaml("timeline.yaml"):
        assert appears(_words(event["label"]), stream) and appears(_words(event["event"]), stream), event["event"]
    for question in _yaml("questions.yaml"):
        assert appears(_words(question["prompt"]), stream)
        shown = appears(_words(question["answer"]), stream, max_gap=2)
        assert shown == (name == "teacher"), question["prompt"]


def _chars_and_words(data: bytes):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            yield page, page.chars, page.extract_words(keep_blank_chars=False, use_text_flow=True)


def test_no_glyph_near_the_paper_edge(built):
    _, _, data = built
    for page, chars, _ in _chars_and_words(data):
        for c in chars:
            if not c["text"].strip():
                continue
            assert c["x0"] >= EDGE and c["x1"] <= page.width - EDGE, (page.page_number, c["text"], c["x0"])
            assert c["top"] >= EDGE and c["bottom"] <= page.height - EDGE, (page.page_number, c["text"], c["top"])


def _overlap(a, b) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return width * height if width > 0 and height > 0 else 0.0


def test_no_two_lines_of_text_overlap(built):
    _, _, data = built
    for page, _, words in _chars_and_words(data):
        words = sorted(words, key=lambda w: w["top"])
        for i, a in enumerate(words):
            area_a = (a["x1"] - a["x0"]) * (a["bottom"] - a["top"])
            for b in words[i + 1:]:
                if b["top"] > a["bottom"]:
                    break
                area_b = (b["x1"] - b["x0"]) * (b["bottom"] - b["top"])
                assert _overlap(a, b) <= 0.15 * min(area_a, area_b), (page.page_number, a["text"], b["text"])


def test_paper_size(built):
    name, paper, data = built
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    size = (round(float(box.width)), round(float(box.height)))
    expected = {"a4": (595, 842), "letter": (612, 792)}[paper]
    if name == "booklet":
        expected = (expected[1], expected[0])  # landscape sheets holding two pages
    assert size == expected


def test_outline_and_metadata_in_every_layout(built):
    _, _, data = built
    reader = PdfReader(io.BytesIO(data))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "The text" in titles and "Questions" in titles
    assert reader.metadata.title == "Letter to Central Committee Members"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_seminar_margin_items_sit_beside_their_anchor_or_say_where_they_come_from(paper):
    data, _ = build(SAMPLE, "seminar", paper)
    reader = PdfReader(io.BytesIO(data))
    page_of = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    texts = [page.extract_text() for page in reader.pages]
    checked = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(reader.pages):
            height = float(page.mediabox.height)
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                if y1 - y0 >= 10:  # note marks are the small links
                    continue
                area = pdf.pages[index].crop((x0, height - y1, x1, height - y0), strict=False)
                number = "".join(c["text"] for c in area.chars if c["size"] < 8)
                target = page_of[annot["/Dest"][0].idnum]
                checked += 1
                if index == 0 and paper == "a4":
                    # the first page has room above its notes' marks: they move up rather than on
                    assert target == 0, number
                if target != index:
                    assert target > index and f"from page {index + 1}" in texts[target], number
                # the sidenote's text starts with its number, in the margin column
                margin_x = float(page.mediabox.width) * 0.7
                words = [w for w in pdf.pages[target].extract_words() if w["x0"] > margin_x]
                assert number in [w["text"] for w in words]
    assert checked == len(_yaml("notes.yaml"))


@pytest.mark.parametrize("pages, expected", [
    (1, [(None, 0), (None, None)]),
    (4, [(3, 0), (1, 2)]),
    (5, [(None, 0), (1, None), (None, 2), (3, 4)]),
])
def test_saddle_order_small(pages, expected):
    assert saddle_order(pages) == expected


def test_saddle_order_17_pages_reads_in_order_when_folded():
    sides = saddle_order(17)
    assert len(sides) == 10  # 20 pages: 5 sheets, front and back
    # Folding the stack: page k of the booklet is the k-th page in reading order.
    reading = sorted((index, side, half) for side, pair in enumerate(sides)
                     for half, index in enumerate(pair) if index is not None)
    assert [r[0] for r in reading] == list(range(17))
    # Each sheet carries pages that face each other across the fold: a+b = 19 (n-1).
    for left, right in sides:
        if left is not None and right is not None:
            assert left + right == 19
    assert sides[0] == (None, 0)  # the cover is the right half of the first sheet's front


def _numbered_pdf(count: int) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A5, invariant=1)
    for n in range(1, count + 1):
        c.drawString(100, 300, f"PAGE{n:02d}")
        c.showPage()
    c.save()
    return buffer.getvalue()


@pytest.mark.parametrize("count", [1, 4, 5, 17])
def test_imposed_sheets_hold_the_pages_in_saddle_order(count):
    imposed = PdfReader(io.BytesIO(impose_booklet(_numbered_pdf(count))))
    sides = saddle_order(count)
    assert len(imposed.pages) == len(sides) and len(sides) % 2 == 0
    with pdfplumber.open(io.BytesIO(impose_booklet(_numbered_pdf(count)))) as pdf:
        for page, (left, right) in zip(pdf.pages, sides):
            half = page.width / 2
            for pair_index, box in ((left, (0, 0, half, page.height)), (right, (half, 0, page.width, page.height))):
                text = page.within_bbox(box).extract_text() or ""
                assert text == ("" if pair_index is None else f"PAGE{pair_index + 1:02d}")
