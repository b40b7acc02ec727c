"""English words: the shipped common-word list, word forms, syllables.

Pure Python, used by the coverage report and the reading statistics. The list
(`data/common-words.txt`) holds base forms; `is_common` also accepts their
inflected and derived forms (`-s`, `-ed`, `-ing`, `-ly`, `-ness` …), a few
prefixes (`un-`, `re-`, `dis-` …) and American spellings of British ones.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# A word: letters, with inner apostrophes ("people's", "don't"); digits excluded.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# Inflections, tried first: (ending, replacements).
_INFLECTIONS = (
    ("'s", ("",)), ("ies", ("y",)), ("ied", ("y",)), ("iest", ("y",)), ("ier", ("y",)), ("ily", ("y",)),
    ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e")), ("d", ("",)), ("ing", ("", "e")),
    ("est", ("", "e")), ("er", ("", "e")), ("ally", ("al", "")), ("ly", ("", "le")), ("ers", ("", "e")),
)
# A second inflection after the first: "warnings" -> "warning" -> "warn".
_SECOND = (("'s", ("",)), ("ing", ("", "e")), ("ed", ("", "e")), ("ly", ("",)))
# Derivations, tried on the word and on each base an inflection left.
_DERIVATIONS = (
    ("ness", ("",)), ("ment", ("",)), ("ful", ("",)), ("less", ("",)), ("able", ("", "e")),
    ("ible", ("", "e")), ("ity", ("", "e")), ("ation", ("", "e", "ate")), ("ion", ("", "e")),
    ("ive", ("", "e")), ("ious", ("y", "")), ("ous", ("", "e")), ("ary", ("",)), ("ist", ("", "ism")),
    ("ism", ("",)), ("ence", ("ent",)), ("ance", ("ant",)), ("ent", ("", "e")), ("ant", ("", "e")),
    ("ish", ("",)), ("hood", ("",)), ("ship", ("",)), ("al", ("", "e")), ("ise", ("",)),
    ("ication", ("y",)), ("age", ("",)), ("en", ("", "e")), ("y", ("", "e")), ("ic", ("", "e", "y")),
    ("ical", ("", "e", "y")), ("ition", ("", "e")), ("sion", ("de", "d", "t")),
)
_PREFIXES = ("un", "re", "dis", "non", "mis", "over", "under", "pre", "co", "anti", "counter",
             "semi", "sub", "super", "inter", "out", "self")
# American endings mapped to the British spellings of the list.
_SPELLINGS = (("ization", "isation"), ("izing", "ising"), ("ize", "ise"), ("yze", "yse"), ("or", "our"),
              ("er", "re"), ("ense", "ence"), ("og", "ogue"), ("eled", "elled"), ("eling", "elling"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The shipped list: lower-case base forms."""
    text = resources.files("guidebuilder").joinpath("data/common-words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _strip(word: str, rules) -> set[str]:
    out = set()
    for ending, replacements in rules:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: -len(ending)]
            for replacement in replacements:
                out.add(stem + replacement)
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
                out.add(stem[:-1])  # stopped -> stop, bigger -> big
    return out


def _spellings(word: str) -> set[str]:
    out = {word}
    for american, british in _SPELLINGS:
        if word.endswith(american):
            out.add(word[: -len(american)] + british)
    return out


@lru_cache(maxsize=65536)
def bases(word: str) -> frozenset[str]:
    """The word (lower case) and the base forms it may come from."""
    word = word.casefold().replace("’", "'")
    found = {word}
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            found.add(word[len(prefix):])
    inflected = set()
    for form in found:
        inflected |= _strip(form, _INFLECTIONS)
    for form in set(inflected):
        inflected |= _strip(form, _SECOND)
    found |= inflected
    derived = set()
    for form in found:
        derived |= _strip(form, _DERIVATIONS)
    found |= derived
    spelled = set()
    for form in found:
        spelled |= _spellings(form)
    return frozenset(spelled)


def is_common(word: str, common: frozenset[str] | None = None) -> bool:
    """True when the word or one of its base forms is in the common-word list."""
    common = common_words() if common is None else common
    return any(form in common for form in bases(word))


_VOWELS = re.compile(r"[aeiouy]+")
# Endings counted apart, so that a silent "e" before them is not counted: "immediate-ly".
_ENDINGS = (("ly", 1), ("ment", 1), ("ness", 1), ("ful", 1), ("less", 1), ("ing", 1))


def _groups(word: str) -> int:
    stem = word
    if stem.endswith(("ses", "zes", "ces", "ges", "xes", "ches", "shes")):
        pass  # "horses", "places": the ending is a syllable
    elif stem.endswith("es"):
        stem = stem[:-1]  # "hopes" -> "hope"
    elif stem.endswith("ed") and not stem.endswith(("ted", "ded")):
        stem = stem[:-1]  # "hoped" -> "hope", "armed" -> "arme": no extra syllable
    elif stem.endswith("s") and not stem.endswith(("ss", "us", "is")):
        stem = stem[:-1]
    if stem.endswith("e") and not stem.endswith(("le", "ee", "ye")) and len(stem) > 3:
        stem = stem[:-1]  # silent final e: "hope", "state"
    count = len(_VOWELS.findall(stem[1:] if stem.startswith("y") else stem))
    # Vowel pairs that are usually two syllables: "pe-ri-od", "qui-et", "ac-tu-al".
    count += len(re.findall(r"[^cgstn]i[ao]|iet|[^gq]ua|uou", stem))
    return max(1, count)


def syllables(word: str) -> int:
    """An estimate of the syllables of an English word (at least 1)."""
    word = re.sub(r"[^a-z]", "", word.casefold())
    if len(word) <= 3:
        return 1
    for ending, extra in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return _groups(word[: -len(ending)]) + extra
    return _groups(word)
