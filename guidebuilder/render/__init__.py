"""Render stage: the only part of guidebuilder that imports ReportLab."""

from .document import TooTall, render_pdf

__all__ = ["TooTall", "render_pdf"]
