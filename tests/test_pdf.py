"""End-to-end: the sample guide's real PDF, read back with pypdf and pdfplumber."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from guidebuilder.inline import plain_text, smarten

from helpers import FIXTURES, SAMPLE, build, pdf_text, squash


def _yaml(name):
    return yaml.safe_load((SAMPLE / name).read_text(encoding="utf-8")) or []


def _printed(text: str) -> str:
    """Source prose as the handout prints it: markup removed, typographic punctuation."""
    return squash(smarten(plain_text(" ".join(text.split()))))


def _contains(haystack: str, text: str) -> bool:
    """`text` occurs in `haystack`, allowing note reference numbers between its characters."""
    pattern = "".join(re.escape(c) + r"\d{0,2}" for c in text)
    return re.search(pattern, haystack) is not None


@pytest.fixture(scope="module")
def all_text(sample_pdf):
    """Everything above the running footer, so that text running across pages stays whole."""
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        return squash("".join(page.within_bbox((0, 0, page.width, page.height - 45)).extract_text()
                              for page in pdf.pages))


def _body_text(data: bytes, size: float = 10.5, bold: bool | None = None) -> str:
    """Only the characters set at one size (and weight): by default the letter without
    its notes, footers or numbers."""
    def keep(o) -> bool:
        if o.get("object_type") != "char":
            return True
        weight_ok = bold is None or ("Bold" in o["fontname"]) == bold
        return abs(o["size"] - size) < 0.05 and weight_ok

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return squash("".join(page.filter(keep).extract_text() for page in pdf.pages))


def test_every_paragraph_of_the_letter_is_printed(sample_pdf):
    all_text = _body_text(sample_pdf)
    letter = (SAMPLE / "letter.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in letter.split("\n\n") if p.strip()]
    assert len(paragraphs) == 16
    for paragraph in paragraphs:
        assert _contains(all_text, _printed(paragraph)), paragraph[:60]


def test_every_definition_note_question_and_event_is_printed(sample_pdf, all_text):
    # Each kind of text is read at its own size in the handout, so that a glossary entry
    # running across a page break is not interrupted by that page's footnotes.
    definitions, notes, questions = (_body_text(sample_pdf, size) for size in (10.0, 8.5, 10.5))
    labels, events = _body_text(sample_pdf, 9.0, bold=True), _body_text(sample_pdf, 9.0, bold=False)
    for entry in _yaml("glossary.yaml"):
        assert _printed(entry["definition"]) in definitions, entry["term"]
    for note in _yaml("notes.yaml"):
        assert _printed(note["text"]) in notes, note.get("title")
    for question in _yaml("questions.yaml"):
        assert _printed(question["prompt"]) in questions
        assert _printed(question["answer"]) not in all_text  # the handout hides teacher answers
    for event in _yaml("timeline.yaml"):
        assert _printed(event["event"]) in events
        assert _printed(event["label"]) in labels


def test_title_block_and_introduction(sample_reader):
    first = squash(sample_reader.pages[0].extract_text())
    guide = _yaml("guide.yaml")
    for key in ("title", "subtitle", "author", "dateline", "introduction"):
        assert _printed(guide[key]) in first, key


def test_metadata(sample_reader):
    info = sample_reader.metadata
    assert info.title == "Letter to Central Committee Members"
    assert info.author == "V. I. Lenin"
    assert info.subject == "A study guide"
    assert info.creator.startswith("guidebuilder ")
    assert sample_reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_outline_has_one_entry_per_section(sample_reader):
    top = [item.title for item in sample_reader.outline if not isinstance(item, list)]
    assert top == ["Letter to Central Committee Members", "Introduction", "Timeline", "The text",
                   "Glossary", "Questions"]
    groups = next(item for item in sample_reader.outline if isinstance(item, list))
    assert [g.title for g in groups] == ["Comprehension", "Analysis", "Evaluation and debate"]


def _links(data: bytes) -> list[dict]:
    """Every internal link: its page, the words under it, and the page and height it jumps to."""
    reader = PdfReader(io.BytesIO(data))
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(reader.pages):
            height = float(page.mediabox.height)
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                dest = annot["/Dest"]
                area = pdf.pages[index].crop((x0, height - y1, x1, height - y0), strict=False)
                words = area.extract_text()
                small = "".join(c["text"] for c in area.chars if c["size"] < 8)
                out.append({"page": index, "text": (words or "").strip(), "small": small, "height": y1 - y0,
                            "to_page": page_index[dest[0].idnum], "to_y": float(dest[3])})
    return out


@pytest.fixture(scope="module")
def links(sample_pdf):
    return _links(sample_pdf)


def _glossary_start(sample_reader) -> int:
    entry = next(item for item in sample_reader.outline if not isinstance(item, list) and item.title == "Glossary")
    return sample_reader.get_destination_page_number(entry)


def test_terms_link_to_glossary_and_glossary_links_back(links, sample_reader):
    glossary_page = _glossary_start(sample_reader)
    in_text = [link for link in links if link["page"] < glossary_page and link["height"] > 10]
    # Every entry is marked at its first occurrence (a mark broken across lines has two
    # rectangles), and every mark jumps into the glossary.
    assert len(_yaml("glossary.yaml")) <= len(in_text) <= len(_yaml("glossary.yaml")) + 5
    assert all(link["to_page"] >= glossary_page for link in in_text)
    back = [link for link in links if link["page"] >= glossary_page and re.fullmatch(r"\d+,?", link["text"])]
    assert back and all(link["to_page"] <= glossary_page for link in back)


def test_footnotes_print_on_the_page_of_their_mark(links, sample_reader):
    glossary_page = _glossary_start(sample_reader)
    # Note marks are the small (superscript) links; their number ends the text under them.
    marks = [link for link in links if link["page"] <= glossary_page and link["height"] < 10]
    numbers = sorted(int(m["small"]) for m in marks)
    assert numbers == list(range(1, len(_yaml("notes.yaml")) + 1))
    for mark in marks:
        assert mark["to_page"] == mark["page"], mark


def test_running_footer_counts_pages(sample_pdf):
    pages = pdf_text(sample_pdf)
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in text


def test_text_is_hyphenated_and_numbered_in_the_margin(sample_pdf):
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
        margin = min(w["x0"] for w in words if w["text"] == "Comrades,")
        numbers = {w["text"] for page in pdf.pages for w in page.extract_words() if w["x1"] < margin}
    assert {str(n) for n in range(1, 17)} <= numbers
    lines = "\n".join(pdf_text(sample_pdf)).splitlines()
    letter = (SAMPLE / "letter.txt").read_text(encoding="utf-8")
    broken = [line.split()[-1] for line in lines if re.search(r"[a-z]-$", line)]
    # At least one word was broken by the hyphenator, i.e. it has no hyphen in the source.
    assert any(word.rstrip("-") + "-" not in letter for word in broken)


def test_typographic_quotes_and_dashes(all_text):
    assert "\u201csomeotherinstitution\u201d" in re.sub(r"\d", "", all_text)
    assert '"' not in all_text and "--" not in all_text


def test_identical_input_gives_identical_bytes(sample_pdf):
    again, _ = build(SAMPLE)
    assert again == sample_pdf


def test_source_date_epoch_changes_only_the_dates(monkeypatch, sample_pdf):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated, _ = build(SAMPLE)
    assert dated != sample_pdf
    # The dates, and the file identifier that ReportLab derives from them.
    stamp = re.compile(rb"D:\d{14}[^)]*|/ID \n\[<[0-9a-f]+><[0-9a-f]+>\]")
    assert b"D:20231114" in dated and b"D:2000" in sample_pdf
    assert stamp.sub(b"D", dated) == stamp.sub(b"D", sample_pdf)


def test_latin_cyrillic_and_greek_print():
    data, diags = build(FIXTURES / "scripts")
    assert data is not None, [d.format() for d in diags.sorted()]
    text = "".join(pdf_text(data))
    for word in ("Товарищи", "Ελληνικά", "ἱστορία", "«Вся власть Советам!»", "\u201cquotes\u201d"):
        assert word in text


def test_unprintable_character_is_an_error_with_its_position(tmp_path, monkeypatch):
    guide = tmp_path / "g"
    guide.mkdir()
    (guide / "guide.yaml").write_text("title: T\ntext: t.txt\n", encoding="utf-8")
    (guide / "t.txt").write_text("First line.\nA smile \U0001F600 here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data, diags = build(guide)
    assert data is None
    assert [d.format() for d in diags.sorted()] == [
        "g/t.txt:2:9: error: character U+1F600 GRINNING FACE cannot be printed with Noto Serif"]


def test_long_word_and_long_note_do_not_break_the_build(tmp_path):
    guide = tmp_path / "g"
    guide.mkdir()
    (guide / "guide.yaml").write_text("title: T\ntext: t.txt\n", encoding="utf-8")
    (guide / "t.txt").write_text("Start " + "x" * 20000 + " end.\n\nSecond paragraph here.\n", encoding="utf-8")
    long_note = " ".join(["This note goes on and on."] * 400)
    (guide / "notes.yaml").write_text(f"- anchor: Second paragraph\n  text: {long_note}\n", encoding="utf-8")
    data, diags = build(guide)
    assert data is not None, [d.format() for d in diags.sorted()]
    # Drop running footers ("T", "page N of M") and margin paragraph numbers.
    lines = [line for page in pdf_text(data) for line in page.splitlines()
             if not re.fullmatch(r"T|\d+|page \d+ of \d+", line.strip())]
    text = squash("".join(lines))
    assert "x" * 20000 in text
    assert squash(long_note) in text


def test_no_input_makes_reportlab_interpret_markup(tmp_path):
    guide = tmp_path / "g"
    guide.mkdir()
    hostile = '<b>bold?</b> <font color="red">x</font> &amp; <img src="/etc/passwd"/> <a href="#p1">'
    (guide / "guide.yaml").write_text(f"title: '{hostile}'\ntext: t.txt\n", encoding="utf-8")
    (guide / "t.txt").write_text(hostile + "\n", encoding="utf-8")
    data, diags = build(guide)
    assert data is not None, [d.format() for d in diags.sorted()]
    text = squash("".join(pdf_text(data)))
    # Quotes are made typographic; everything else prints character for character.
    for piece in ("<b>bold?</b>", "<font color=", "&amp;", "<img src=", "/etc/passwd", "<a href="):
        assert text.count(squash(piece)) == 3, piece  # the title block, the running footer and the text
