"""Make the README's pictures from real output (needs the test extra: pypdfium2).

Usage: python scripts/render_pages.py
Builds the sample guide in every built-in layout and writes
docs/images/handout-page1.png (the README's first picture) and
docs/images/gallery-<layout>.png (one thumbnail per layout: a page of the text).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "source" / "letter-1917-10-24"
LAYOUTS = ("handout", "seminar", "teacher", "booklet", "large-print")
GALLERY_PAGE = {"handout": 2, "seminar": 2, "teacher": 8, "booklet": 2, "large-print": 5}


def build(layout: str) -> pypdfium2.PdfDocument:
    pdf_path = ROOT / "build" / f"{GUIDE.name}-{layout}.pdf"
    subprocess.run([sys.executable, "-m", "guidebuilder", "pdf", str(GUIDE), "-l", layout,
                    "-o", str(pdf_path)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return pypdfium2.PdfDocument(str(pdf_path))


def main() -> None:
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        document = build(layout)
        if layout == "handout":
            document[0].render(scale=100 / 72).to_pil().save(out / "handout-page1.png", optimize=True)
        page = document[min(GALLERY_PAGE[layout], len(document)) - 1]
        image = page.render(scale=40 / 72).to_pil()
        image.save(out / f"gallery-{layout}.png", optimize=True)
        print(out / f"gallery-{layout}.png")


if __name__ == "__main__":
    main()
