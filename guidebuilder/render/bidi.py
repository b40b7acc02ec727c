"""Right-to-left text inside a line: placeholder until the bidi pass lands."""

from __future__ import annotations


def has_rtl(text: str) -> bool:
    return False


def visual_order(words):
    return words
