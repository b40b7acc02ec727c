"""The floor: the same paragraphs typeset by plain ReportLab, with no apparatus.

    python benchmarks/floor.py TEXT_FILE OUTPUT_PDF [--hyphenate LANG]

One Paragraph per paragraph of TEXT_FILE (paragraphs are separated by blank
lines, as with `paragraphs: blank-lines`; the lines of one paragraph are joined
with spaces), plain text, XML-escaped, in SimpleDocTemplate. It uses what the
`handout` layout uses for the body text: the Noto Serif static faces that
guidebuilder prepares (registered as a family, so the comparison pays for the
same font embedding), A4, margins 20/24/22/22 mm, 10.5/14.5 pt, justified,
compressed page streams, invariant output. It has no paragraph numbers, glossary
marks, links, footnotes, running heads, outline, hyphenation (unless
--hyphenate is given, for an informational comparison) or back matter.

Importing guidebuilder.fonts is allowed here: it only locates the cached font
files (the benchmark runner makes sure they are prepared before timing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

MM = 72 / 25.4
A4 = (595.2756, 841.8898)
MARGINS = {"top": 20 * MM, "bottom": 24 * MM, "inner": 22 * MM, "outer": 22 * MM}  # handout.yaml
BODY_SIZE, BODY_LEADING = 10.5, 14.5  # handout.yaml fonts.body


def paragraphs(text: str) -> list[str]:
    out, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="plain ReportLab floor for the benchmarks")
    parser.add_argument("text", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--hyphenate", metavar="LANG", help="hyphenate with pyphen (e.g. en_GB)")
    args = parser.parse_args()

    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from guidebuilder.fonts import prepare_family

    faces = prepare_family("serif").faces
    names = {"regular": "Floor", "bold": "Floor-Bold", "italic": "Floor-Italic", "bolditalic": "Floor-BoldItalic"}
    for face, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(faces[face])))
    pdfmetrics.registerFontFamily("Floor", normal="Floor", bold="Floor-Bold", italic="Floor-Italic",
                                  boldItalic="Floor-BoldItalic")

    hyphenation = ""
    if args.hyphenate:
        import pyphen
        dictionary = pyphen.Pyphen(lang=args.hyphenate, left=2, right=3)
        hyphenation = dictionary.iterate
    style = ParagraphStyle("body", fontName="Floor", fontSize=BODY_SIZE, leading=BODY_LEADING,
                           alignment=TA_JUSTIFY, spaceAfter=BODY_LEADING * 0.45,
                           hyphenationLang=hyphenation, embeddedHyphenation=1 if hyphenation else 0)
    story = [Paragraph(escape(p), style) for p in paragraphs(args.text.read_text(encoding="utf-8"))]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(args.output), pagesize=A4, leftMargin=MARGINS["inner"],
                            rightMargin=MARGINS["outer"], topMargin=MARGINS["top"],
                            bottomMargin=MARGINS["bottom"], invariant=1, pageCompression=1)
    doc.build(story)
    return 0


if __name__ == "__main__":
    sys.exit(main())
