"""Hyphenation with pyphen's dictionaries, their patterns parsed once per machine.

Parsing a dictionary's patterns costs more than typesetting a short guide, so
the parsed table is kept as JSON beside the prepared fonts, keyed by pyphen's
version and the dictionary file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache

import pyphen

from .fonts import cache_dir

_FORMAT = "1"  # bump when the stored table changes shape


def _load_patterns(path) -> None:
    """Put the parsed patterns of a dictionary file into pyphen's own cache."""
    if path in pyphen.hdcache:
        return
    stat = path.stat()
    key = hashlib.sha256("\0".join((_FORMAT, pyphen.__version__, path.name, str(stat.st_size)))
                         .encode()).hexdigest()[:16]
    stored = cache_dir() / f"{path.stem}-{key}.json"
    try:
        table = json.loads(stored.read_text(encoding="utf-8"))
        patterns = {tag: (start, tuple(values)) for tag, (start, values) in table.items()}
        parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
        parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, max(map(len, patterns))
        pyphen.hdcache[path] = parsed
        return
    except (OSError, ValueError, TypeError, AttributeError):
        pass  # not stored yet, or unreadable: parse the file
    parsed = pyphen.HyphDict(path)
    pyphen.hdcache[path] = parsed
    # Patterns with non-standard breaks (a few languages) carry objects JSON cannot hold.
    if not all(type(v) is int for _, values in parsed.patterns.values() for v in values):
        return
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=stored.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(parsed.patterns, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, stored)
    except OSError:
        pass  # a cache that cannot be written only costs time


def hyphenation_language(tag: str) -> str | None:
    """pyphen's dictionary for a BCP 47 tag, or None when there is none."""
    return pyphen.language_fallback(tag.replace("-", "_"))


@lru_cache(maxsize=None)
def hyphenator(tag: str):
    """The break points of a word in a language, longest head first: pyphen's points,
    at least 2 letters before a break and 3 after (None when pyphen has no dictionary)."""
    language = hyphenation_language(tag)
    if not language:
        return None
    _load_patterns(pyphen.LANGUAGES[language])
    dictionary = pyphen.Pyphen(lang=language, left=2, right=3)

    @lru_cache(maxsize=65536)
    def points(word: str) -> tuple[int, ...]:
        return tuple(reversed(dictionary.positions(word)))
    return points
