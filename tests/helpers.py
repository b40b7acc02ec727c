"""Helpers for tests that build real PDFs."""

from __future__ import annotations

import io
import re
from pathlib import Path

from guidebuilder.build import build_pdf
from guidebuilder.diagnostics import Diagnostics
from guidebuilder.layouts import load_layout

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "letter-1917-10-24"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build(folder: Path, layout: str = "handout", paper: str | None = None) -> tuple[bytes | None, Diagnostics]:
    """Build a guide in-process; returns the PDF bytes (or None) and the diagnostics."""
    diags = Diagnostics()
    spec = load_layout(layout, diags, paper)
    assert spec is not None, [d.format() for d in diags.sorted()]
    built = build_pdf(folder, spec, diags)
    return (built.pdf if built else None), diags


def squash(text: str) -> str:
    """Text compared without white space and hyphens, so line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def pdf_text(data: bytes) -> list[str]:
    """The text layer of each page."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


