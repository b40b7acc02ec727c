"""Layout options that the built-ins do not all exercise, each seen in a real PDF."""

from __future__ import annotations

import io
import re

import pdfplumber
from pypdf import PdfReader

from guidebuilder.diagnostics import Diagnostics
from guidebuilder.layouts import MM, load_layout
from guidebuilder.build import build_pdf
from guidebuilder.render.impose import impose_booklet

from helpers import SAMPLE, pdf_text, squash


def _build(layout: str = "handout", *overrides: str) -> bytes:
    diags = Diagnostics()
    spec = load_layout(layout, diags, overrides=overrides)
    assert spec is not None, [d.format() for d in diags.sorted()]
    built = build_pdf(SAMPLE, spec, diags)
    assert built is not None, [d.format() for d in diags.sorted()]
    return built.pdf


def _left_edges(data: bytes) -> list[float]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [min(c["x0"] for c in page.chars if c["size"] > 10) for page in pdf.pages[:2]]


def test_two_sided_pages_mirror_their_margins():
    data = _build("handout", "page.two_sided=true", "page.margins.inner=30mm", "page.margins.outer=15mm")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # the title page is a right-hand page: text starts after the inner margin
        right_hand = min(w["x0"] for w in pdf.pages[2].extract_words() if w["text"] in ("We", "The", "Who"))
        left_hand = min(w["x0"] for w in pdf.pages[1].extract_words() if w["text"] in ("Comrades,", "I", "With"))
    assert abs(right_hand - 30 * MM) < 2 and abs(left_hand - 15 * MM) < 2


def test_line_numbers_every_five_lines_in_the_seminar():
    data = _build("seminar")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # right of the text block (which ends at 595 - 68 mm = 403 pt), in the small margin type
        numbers = [int(w["text"]) for page in pdf.pages[:3] for w in page.extract_words(extra_attrs=["size"])
                   if w["text"].isdigit() and 403 < w["x0"] < 420 and w["size"] < 7]
    assert numbers[:6] == [5, 10, 15, 20, 25, 30]


def test_glossary_marks_every_occurrence_or_none():
    every = _build("handout", "glossary.mark=every")
    none = _build("handout", "glossary.mark=none")

    def term_links(data):
        reader = PdfReader(io.BytesIO(data))
        return sum(1 for page in reader.pages[:4] for a in page.get("/Annots") or []
                   if a.get_object()["/Rect"][3] - a.get_object()["/Rect"][1] > 10)
    assert term_links(every) > term_links(_build()) > term_links(none)


def test_notes_at_the_end_and_after_each_paragraph():
    at_end = pdf_text(_build("handout", "notes.placement=end"))
    headings = [line for page in at_end for line in page.splitlines() if line.strip() == "Notes"]
    assert headings == ["Notes"]
    after = "".join(pdf_text(_build("handout", "notes.placement=after-paragraph")))
    # note 1 follows paragraph 2 ("…would be fatal.") before paragraph 3 begins
    squashed = squash(after)
    assert squashed.index("Twocalendars") < squashed.index("Withallmymight")


def test_crop_marks_grow_the_paper_around_the_page():
    plain = PdfReader(io.BytesIO(_build())).pages[0].mediabox
    marked = PdfReader(io.BytesIO(_build("handout", "crop_marks=true"))).pages[0]
    assert float(marked.mediabox.width) > float(plain.width)
    assert "/TrimBox" in marked and abs(float(marked.trimbox.width) - float(plain.width)) < 0.01


def test_creep_moves_inner_sheets_toward_the_fold():
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A5, invariant=1)
    for n in range(8):
        c.drawString(50, 300, f"P{n}")
        c.showPage()
    c.save()
    flat = impose_booklet(buffer.getvalue())
    crept = impose_booklet(buffer.getvalue(), creep=3 * MM)
    with pdfplumber.open(io.BytesIO(flat)) as a, pdfplumber.open(io.BytesIO(crept)) as b:
        def left_x(pdf, side):
            return min(c["x0"] for c in pdf.pages[side].chars)
        assert abs(left_x(a, 0) - left_x(b, 0)) < 0.01  # the outer sheet does not move
        assert abs(left_x(b, 2) - left_x(a, 2) - 3 * MM) < 0.01  # the inner sheet moves 3 mm


def test_running_heads_fill_in_their_fields():
    text = pdf_text(_build("handout", "header={section}||{page}/{pages}", "footer="))
    lines = [line.strip() for line in text[1].splitlines()]
    assert "The text" in lines and "page 2 of" not in text[1]  # the first section begun on the page
    assert re.search(r"\b2/\d+\b", text[1])
