"""The floor's input: every paragraph a guide's handout prints, as plain text.

    python benchmarks/same_text.py GUIDE_FOLDER OUTPUT_TXT

"The same paragraphs" means all the prose the handout sets (title block,
introduction, timeline, the text, notes, glossary entries, questions), one
paragraph per block, markup removed; "no apparatus" means the floor sets them
with no numbers, marks, links, footnote placement, answer lines, running heads
or outline. The paragraphs come from guidebuilder's own plan, so both sides set
exactly the same words.
"""

from __future__ import annotations

import sys
from pathlib import Path

from guidebuilder.build import check_guide
from guidebuilder.diagnostics import Diagnostics
from guidebuilder.layout import (GlossaryItem, Heading, NoteBlock, Para, QuestionItem, Run, StatsBlock,
                                 TimelineRow, TitleBlock, plan_guide)
from guidebuilder.layouts import load_layout


def _text(runs) -> str:
    return "".join(item.text if isinstance(item, Run) else "" for item in runs)


def printed_paragraphs(folder: Path) -> tuple[list[str], str]:
    """(paragraphs, language) of the handout of the guide in `folder`."""
    diags = Diagnostics()
    resolved = check_guide(folder, diags)
    layout = load_layout("handout", diags)
    if resolved is None or layout is None:
        raise SystemExit("\n".join(d.format() for d in diags.sorted()))
    plan = plan_guide(resolved, layout)
    out: list[str] = []
    for block in plan.blocks:
        if isinstance(block, TitleBlock):
            out.extend(_text(r) for r in (block.title, block.subtitle, block.byline, block.source) if r)
        elif isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Para):
            out.append(_text(block.runs))
            out.extend(_text(n.title) + " " + _text(n.body) for n in block.footnotes)
        elif isinstance(block, NoteBlock):
            out.append(_text(block.note.title) + " " + _text(block.note.body))
        elif isinstance(block, TimelineRow):
            out.append(_text(block.label) + " " + _text(block.event))
        elif isinstance(block, GlossaryItem):
            out.append(f"{_text(block.term)} {block.category} {_text(block.definition)}")
        elif isinstance(block, QuestionItem):
            out.append(_text(block.prompt) + (" " + _text(block.answer) if block.answer else ""))
        elif isinstance(block, StatsBlock):
            out.extend(f"{label}: {value}" for label, value in block.rows)
    return [p for p in out if p.strip()], plan.language


def main() -> None:
    paragraphs, _ = printed_paragraphs(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
