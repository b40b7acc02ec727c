"""Fonts registered with ReportLab and the paragraph styles of a layout."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..fonts import FontFamily
from ..hyphenate import hyphenator
from ..layouts import Layout

_FACE_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}


def register_family(family: FontFamily) -> str:
    """Register the four faces (once per process and file); returns the regular face's name."""
    # The name carries the files, so two layouts with their own fonts never clash.
    files = "\0".join(f"{face}={path}" for face, path in sorted(family.faces.items()))
    key = hashlib.sha256(files.encode()).hexdigest()[:8]
    base = f"GB-{family.name}" if family.name in ("serif", "sans") else f"GB-{family.name}-{key}"
    registered = pdfmetrics.getRegisteredFontNames()
    for face, suffix in _FACE_SUFFIX.items():
        if base + suffix not in registered:
            pdfmetrics.registerFont(TTFont(base + suffix, str(family.faces[face])))
    pdfmetrics.registerFontFamily(base, normal=base, bold=base + "-Bold", italic=base + "-Italic",
                                  boldItalic=base + "-BoldItalic")
    return base


def face(font: str, bold: bool = False, italic: bool = False) -> str:
    """The registered face of `font`'s family with bold and/or italic added."""
    font, was_bold, was_italic = face_parts(font)
    bold, italic = bold or was_bold, italic or was_italic
    return font + ("-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else "")


def face_parts(font: str) -> tuple[str, bool, bool]:
    """A registered face's family (its regular face), and whether it is bold and italic."""
    for suffix in ("-BoldItalic", "-Bold", "-Italic"):
        if font.endswith(suffix):
            return font[: -len(suffix)], "Bold" in suffix, "Italic" in suffix
    return font, False, False


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    dateline: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    byline: ParagraphStyle
    source: ParagraphStyle
    note: ParagraphStyle
    note_block: ParagraphStyle
    margin: ParagraphStyle
    timeline_label: ParagraphStyle
    timeline_event: ParagraphStyle
    glossary: ParagraphStyle
    question: ParagraphStyle
    answer: ParagraphStyle
    small_font: str  # for numbers and running heads
    margin_font: str
    small_size: float  # the smallest type of the layout: references, running heads
    accent: object
    text_color: object
    muted: object
    emphasis_tag: str  # "i" or "b"
    mark_tag: str  # how glossary marks look: "b", "i", "u" or ""
    scripts: dict = field(default_factory=dict)  # fallback script -> (regular face, characters it draws)


def make_styles(layout: Layout, fonts: dict[str, str], language: str, scripts: dict | None = None) -> Styles:
    """Every paragraph style of the document, derived from the layout's fonts and sizes.

    `fonts` maps a layout font family name to the registered regular face; `scripts`
    a fallback script to its registered regular face and the characters it draws."""
    body_font, head_font, note_font = (fonts[layout.body.family], fonts[layout.headings.family],
                                       fonts[layout.notes_font.family])
    margin_font = fonts.get(layout.margin_font.family, note_font)
    accent, text, muted = HexColor(layout.accent), HexColor(layout.text_color), HexColor(layout.muted)
    hyphenate = (hyphenator(language) if layout.hyphenate else None) or ""
    size, leading = layout.body.size, layout.body.leading
    small = layout.notes_font
    small_size = min(small.size, size)
    body = ParagraphStyle(
        "body", fontName=body_font, fontSize=size, leading=leading, textColor=text,
        alignment=TA_JUSTIFY if layout.justify else TA_LEFT, spaceAfter=leading * 0.45,
        allowWidows=0, allowOrphans=0, hyphenationLang=hyphenate, embeddedHyphenation=1,
        uriWasteReduce=0.3, splitLongWords=1)
    note = ParagraphStyle("note", parent=body, fontName=note_font, fontSize=small.size,
                          leading=small.leading, spaceAfter=small.leading * 0.25)
    heading = layout.headings
    h1 = ParagraphStyle("h1", parent=body, fontName=head_font + "-Bold", fontSize=heading.size,
                        leading=heading.leading, alignment=TA_LEFT, textColor=accent,
                        spaceBefore=leading * 1.4, spaceAfter=leading * 0.5, keepWithNext=1,
                        hyphenationLang="")
    h2 = ParagraphStyle("h2", parent=h1, fontName=head_font + "-BoldItalic", fontSize=max(size + 0.5, heading.size * 0.85),
                        leading=max(leading, heading.leading * 0.85), spaceBefore=leading * 0.8,
                        spaceAfter=leading * 0.3, textColor=text)
    title = ParagraphStyle("title", parent=h1, fontSize=heading.size * 1.75, leading=heading.size * 2.1,
                           alignment=TA_CENTER, spaceBefore=0, spaceAfter=leading * 0.35, textColor=text)
    subtitle = ParagraphStyle("subtitle", parent=body, fontName=head_font + "-Italic", fontSize=heading.size,
                              leading=heading.leading, alignment=TA_CENTER, spaceAfter=leading * 0.5,
                              hyphenationLang="")
    margin_spec = layout.margin_font
    return Styles(
        body=body,
        dateline=ParagraphStyle("dateline", parent=body, alignment=TA_RIGHT, hyphenationLang=""),
        h1=h1, h2=h2, title=title, subtitle=subtitle,
        byline=ParagraphStyle("byline", parent=body, alignment=TA_CENTER, spaceAfter=leading * 0.2,
                              hyphenationLang=""),
        source=ParagraphStyle("source", parent=note, alignment=TA_CENTER, textColor=muted,
                              spaceAfter=leading * 0.8),
        note=note,
        note_block=ParagraphStyle("note_block", parent=note, spaceAfter=leading * 0.45),
        margin=ParagraphStyle("margin", parent=note, fontName=margin_font, fontSize=margin_spec.size,
                              leading=margin_spec.leading, alignment=TA_LEFT, spaceAfter=0,
                              hyphenationLang=hyphenate),
        timeline_label=ParagraphStyle("timeline_label", parent=note, fontSize=small.size + 0.5,
                                      alignment=TA_LEFT, hyphenationLang="", spaceAfter=3),
        timeline_event=ParagraphStyle("timeline_event", parent=note, fontSize=small.size + 0.5,
                                      leading=small.leading + 0.5, spaceAfter=3),
        glossary=ParagraphStyle("glossary", parent=body, fontSize=size - 0.5, leading=leading - 1,
                                leftIndent=12, firstLineIndent=-12, spaceAfter=leading * 0.35),
        question=ParagraphStyle("question", parent=body, spaceAfter=leading * 0.3, keepWithNext=1),
        answer=ParagraphStyle("answer", parent=note, fontSize=max(small.size, size - 0.5),
                              leading=max(small.leading, leading - 1), textColor=muted),
        small_font=note_font, margin_font=margin_font, small_size=small_size,
        accent=accent, text_color=text, muted=muted,
        emphasis_tag="b" if layout.emphasis == "bold" else "i",
        mark_tag={"bold": "b", "italic": "i", "underline": "u", "plain": ""}[layout.mark_style],
        scripts=scripts or {},
    )
