"""`guidebuilder init`: a new guide folder that builds at once.

The text is copied in (as UTF-8 with \\n line ends), guide.yaml is filled from
the arguments, and the four list files start as commented examples (an empty
list), with help drawn from the text: candidate glossary terms, an anchor
phrase that occurs once, and the paragraph numbers for questions' `refs`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .coverage import candidate_terms
from .diagnostics import Diagnostics, SourcePos
from .load import GUIDE_FILES, read_text
from .model import Paragraph, split_paragraphs
from .write import create_folder

LISTED_PARAGRAPHS = 200  # paragraphs listed in questions.yaml's comment


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def default_title(folder: Path) -> str:
    """"gettysburg-address" -> "Gettysburg address"."""
    words = re.sub(r"[-_.\s]+", " ", folder.name).strip()
    return words[:1].upper() + words[1:] if words else "Untitled guide"


def _excerpt(paragraph: Paragraph, words: int = 8) -> str:
    parts = paragraph.text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _anchor_example(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """Three words from the text that occur exactly once: a working anchor."""
    for paragraph in paragraphs[:20]:
        parts = paragraph.text.split()
        for start in range(0, min(20, len(parts) - 2)):
            phrase = " ".join(parts[start:start + 3])
            pattern = re.compile(r"\s+".join(re.escape(p) for p in phrase.split()))
            if sum(len(pattern.findall(p.text)) for p in paragraphs) == 1:
                return phrase
    return None


def guide_yaml(title: str, text_name: str, paragraphs: tuple[Paragraph, ...], mode: str) -> str:
    count = len(paragraphs)
    how = "blank lines separate paragraphs" if mode == "blank-lines" else "each line is a paragraph"
    return f"""\
# guide.yaml: what the guide is and which text it explains.
# Commented keys are optional: remove the '#' to use one. The README of
# guidebuilder lists every key.
title: {_quoted(title)}
# subtitle: A study guide
# author: The author of the text
# dateline: "The date and place as printed above the text"
language: en
# source: >-
#   Where the text (and its translation) comes from, and under what licence.
# introduction: >-
#   Your headnote: who wrote the text, when, for whom and why.
#
#   A blank line starts a new paragraph.
text: {_quoted(text_name)}
# The text has {count} paragraph{'s' * (count != 1)} ({how}); 'lines' or 'blank-lines' chooses.
paragraphs: auto
"""


def glossary_yaml(paragraphs: tuple[Paragraph, ...]) -> str:
    out = ["""\
# glossary.yaml: terms explained for the reader. A list of entries like this one
# (remove the '#' at the start of its lines):
#
# - term: Name of the term            # the headword, unique in the file
#   category: person                  # optional: person, organization, event, place, concept ...
#   forms: ["spelling", "another"]    # optional: spellings to find in the text (default: the term)
#   definition: >-
#     What the reader needs to know.
#   see: ["Another term"]             # optional: related entries
#
# The first occurrence of each term in the text is marked and linked.
"""]
    candidates = candidate_terms(paragraphs)
    if candidates:
        out.append("#\n# Names and less common words of the text, most frequent first (candidates\n"
                   "# for entries; 'guidebuilder check' lists those still without one):\n")
        for c in candidates:
            times = "once" if c.count == 1 else "twice" if c.count == 2 else f"{c.count} times"
            where = ", ".join(f"¶{p}" for p in c.paragraphs[:6]) + (", …" if len(c.paragraphs) > 6 else "")
            forms = f"#   forms: [{', '.join(_quoted(f) for f in (c.text, *c.forms))}]\n" if c.forms else ""
            out.append(f"#\n# - term: {_quoted(c.text)}\n{forms}#   definition: >-\n#     (found {times}: {where})\n")
    return "".join(out)


def notes_yaml(paragraphs: tuple[Paragraph, ...]) -> str:
    phrase = _anchor_example(paragraphs)
    anchor = _quoted(phrase) if phrase else '"a phrase copied from the text"'
    return f"""\
# notes.yaml: context notes, printed as footnotes. A list of entries like these
# (remove the '#' at the start of their lines):
#
# - anchor: {anchor}
#   title: A short heading            # optional
#   text: >-
#     What the reader needs to know at this point. The mark goes after the
#     anchor, a phrase copied from the text (add 'occurrence: 2' for its
#     second match when it occurs more than once).
#
# - paragraph: 1                      # a note on a whole paragraph: the mark goes at its end
#   text: >-
#     ...
"""


def questions_yaml(paragraphs: tuple[Paragraph, ...]) -> str:
    lines = [f"#   {p.number:>3} = {_excerpt(p)}\n" for p in paragraphs[:LISTED_PARAGRAPHS]]
    if len(paragraphs) > LISTED_PARAGRAPHS:
        lines.append(f"#   … and {len(paragraphs) - LISTED_PARAGRAPHS} more\n")
    return """\
# questions.yaml: discussion questions. A list of entries like this one
# (remove the '#' at the start of its lines):
#
# - group: Comprehension              # optional: a heading; groups print in order of first use
#   prompt: >-
#     What does the author ask for, and why now?
#   refs: [1, 2]                      # optional: the paragraphs (¶) the question is about
#   lines: 4                          # optional: answer lines, 0 to 40
#   answer: >-
#     Notes for the teacher, printed only by layouts that show answers.
#
# The paragraphs of the text, by number:
""" + "".join(lines)


TIMELINE = """\
# timeline.yaml: dated events for a chronology. A list of entries like this one
# (remove the '#' at the start of its lines):
#
# - date: 1914-08-04                  # YYYY, YYYY-MM or YYYY-MM-DD: orders the events
#   label: "4 August 1914"            # optional: the date as printed
#   event: >-
#     What happened.
"""


def _text_name(source: Path) -> str:
    name = source.name
    if name in ("guide.yaml", *GUIDE_FILES) or name.startswith(".") or not name:
        return "text.txt"
    return name


def create_guide(folder: Path, text_file: Path, title: str | None, diags: Diagnostics) -> list[Path] | None:
    """Create the guide folder; the paths made, or None (with diagnostics)."""
    if folder.exists() or folder.is_symlink():
        diags.error(SourcePos(folder), "this folder already exists; init never overwrites anything",
                    "choose a new folder name")
        return None
    text = read_text(text_file, diags)
    if text is None:
        return None
    title = " ".join((title or default_title(folder)).split())
    bad = next((c for c in title if ord(c) < 32 or 0x7F <= ord(c) < 0xA0), None)
    if bad is not None:
        diags.error(SourcePos(Path("--title")), f"control character U+{ord(bad):04X} in the title")
        return None
    # The rule of `paragraphs: auto`: a blank line between two lines of text.
    mode = "blank-lines" if re.search(r"\S[^\S\n]*\n[^\S\n]*\n\s*\S", text.content) else "lines"
    paragraphs = split_paragraphs(text, "auto")
    name = _text_name(text_file)
    files = {
        "guide.yaml": guide_yaml(title, name, paragraphs, mode),
        name: text.content,
        "glossary.yaml": glossary_yaml(paragraphs),
        "notes.yaml": notes_yaml(paragraphs),
        "questions.yaml": questions_yaml(paragraphs),
        "timeline.yaml": TIMELINE,
    }
    try:
        create_folder(folder, {n: content.encode("utf-8") for n, content in files.items()})
    except FileExistsError:
        diags.error(SourcePos(folder), "this folder already exists; init never overwrites anything",
                    "choose a new folder name")
        return None
    except OSError as exc:
        diags.error(SourcePos(folder), f"cannot create the guide folder: {exc.strerror or exc}")
        return None
    return [folder / n for n in files]
