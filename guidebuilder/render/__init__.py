"""Render stage: the only part of guidebuilder that imports ReportLab."""

from .document import TooTall, covered_characters, render_pdf

__all__ = ["TooTall", "covered_characters", "render_pdf"]
