"""Helpers for the stage tests (load, model, resolve, layouts).

They write small guide folders and YAML files into a test's tmp_path and run
one stage at a time, so that each test states its input in full.
"""

from __future__ import annotations

from pathlib import Path

from guidebuilder.diagnostics import Diagnostic, Diagnostics, SourcePos
from guidebuilder.load import LoadedGuide, YNode, load_guide, read_yaml
from guidebuilder.model import GlossaryEntry, Guide, Prose, build_guide
from guidebuilder.resolve import ResolvedGuide, resolve

FIXTURES = Path(__file__).parent / "fixtures"

MINIMAL_GUIDE = "title: A Test Guide\ntext: text.txt\n"


def write(path: Path, content: str | bytes) -> Path:
    """Write `content` exactly (no newline translation); create parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def make_guide(folder: Path, text: str | bytes = "One paragraph.\n",
               guide: str = MINIMAL_GUIDE, text_name: str = "text.txt",
               **lists: str | bytes) -> Path:
    """A guide folder: guide.yaml, the text file and any list files.

    List files are given by stem: glossary=..., notes=..., questions=...,
    timeline=... ."""
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "guide.yaml", guide)
    if text is not None:
        write(folder / text_name, text)
    for stem, content in lists.items():
        write(folder / f"{stem}.yaml", content)
    return folder


def parse_yaml(path: Path, content: str | bytes) -> tuple[YNode | None, Diagnostics]:
    """Write one YAML file and read it with the load stage."""
    write(path, content)
    diags = Diagnostics()
    return read_yaml(path, diags), diags


def load(folder: Path) -> tuple[LoadedGuide, Diagnostics]:
    diags = Diagnostics()
    return load_guide(folder, diags), diags


def model(folder: Path) -> tuple[Guide | None, Diagnostics]:
    diags = Diagnostics()
    return build_guide(load_guide(folder, diags), diags), diags


def resolved(folder: Path) -> tuple[ResolvedGuide | None, Diagnostics]:
    """load -> model -> resolve; resolve runs only when the model is clean."""
    guide, diags = model(folder)
    if guide is None:
        return None, diags
    return resolve(guide, diags), diags


def lines(diags: Diagnostics, cwd: Path) -> list[str]:
    """Every diagnostic formatted as the tool prints it, paths relative to cwd."""
    return [d.format(cwd) for d in diags.sorted()]


def only(diags: Diagnostics, severity: str | None = None) -> Diagnostic:
    """The single diagnostic (of a severity); fails when there is not exactly one."""
    items = [d for d in diags.sorted() if severity is None or d.severity == severity]
    assert len(items) == 1, [d.format() for d in items]
    return items[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    """(file name, line, column) of a diagnostic."""
    return (Path(d.pos.path).name, d.pos.line, d.pos.column)


_NOWHERE = SourcePos(Path("glossary.yaml"))


def entry(term: str, *forms: str) -> GlossaryEntry:
    """A glossary entry for TermMatcher tests (positions do not matter there)."""
    prose_forms = tuple(Prose(f, _NOWHERE) for f in forms) or (Prose(term, _NOWHERE),)
    return GlossaryEntry(Prose(term, _NOWHERE), Prose("definition", _NOWHERE),
                         prose_forms, None, (), _NOWHERE)
