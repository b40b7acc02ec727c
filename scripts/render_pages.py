"""Render pages of built guides to PNG for the README (needs the test extra: pypdfium2).

Usage: python scripts/render_pages.py [LAYOUT ...]
Builds the sample guide in each layout (default: handout) and writes
docs/images/<layout>-page<N>.png for the first pages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "source" / "letter-1917-10-24"
PAGES = 2


def main(layouts: list[str]) -> None:
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    for layout in layouts or ["handout"]:
        pdf_path = ROOT / "build" / f"{GUIDE.name}-{layout}.pdf"
        subprocess.run([sys.executable, "-m", "guidebuilder", "pdf", str(GUIDE), "-l", layout,
                        "-o", str(pdf_path)], check=True, cwd=ROOT)
        document = pypdfium2.PdfDocument(str(pdf_path))
        for index in range(min(PAGES, len(document))):
            image = document[index].render(scale=100 / 72).to_pil()
            image.save(out / f"{layout}-page{index + 1}.png", optimize=True)
            print(out / f"{layout}-page{index + 1}.png")


if __name__ == "__main__":
    main(sys.argv[1:])
