"""Scripts the layouts' own fonts lack, set in a fallback font: Hebrew and Arabic.

Both are written right to left. Which characters belong to them is a matter of
Unicode blocks, so `check` knows it without any font library.
"""

from __future__ import annotations

import re

# script -> the Unicode blocks its fallback font draws (letters, points, punctuation)
SCRIPT_RANGES = {
    "hebrew": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
}


def _class(ranges) -> str:
    return "".join(f"\\u{low:04x}-\\u{high:04x}" if high <= 0xFFFF else "" for low, high in ranges)


SCRIPT_RUN = {script: re.compile(f"[{_class(ranges)}]+") for script, ranges in SCRIPT_RANGES.items()}
ANY_SCRIPT = re.compile("[" + "".join(_class(r) for r in SCRIPT_RANGES.values()) + "]")


def script_of(code: int) -> str | None:
    """The fallback script a character belongs to, if any."""
    for script, ranges in SCRIPT_RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return script
    return None


def scripts_in(texts) -> set[str]:
    """The fallback scripts some text of `texts` uses."""
    found: set[str] = set()
    for text in texts:
        if not text.isascii() and ANY_SCRIPT.search(text):
            found.update(script for script, run in SCRIPT_RUN.items() if run.search(text))
    return found


def within(script: str, codes) -> frozenset[int]:
    """The characters of `codes` that belong to `script` (what its fallback font may draw)."""
    ranges = SCRIPT_RANGES[script]
    return frozenset(c for c in codes if any(low <= c <= high for low, high in ranges))


SCRIPT_SPLIT = re.compile("|".join(f"(?P<{script}>[{_class(ranges)}]+)" for script, ranges in SCRIPT_RANGES.items()))
