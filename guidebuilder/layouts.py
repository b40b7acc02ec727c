"""Layout files: how a guide looks on paper, validated like the guide sources.

A layout file is a YAML mapping whose keys are listed in SCHEMA. Built-in
layouts live in guidebuilder/layouts/; a layout may `extends:` another and
change only what it names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics, SourcePos
from .load import YMap, YNode, YScalar, YSeq, read_yaml

BUILTIN_DIR = Path(__file__).parent / "layouts"
BUILTINS = ("handout",)

MM = 72 / 25.4
PAPERS = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0), "a5": (419.5276, 595.2756)}
SECTIONS = ("title", "introduction", "timeline", "text", "notes", "glossary", "questions")
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|cm|in|pt)?\s*$")
_UNITS = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0, None: 1.0}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class _Kind:
    """A leaf value: parse a scalar or report why not."""

    def __init__(self, parse, describe: str):
        self.parse, self.describe = parse, describe


def _choice(*options: str) -> _Kind:
    return _Kind(lambda s: s if s in options else None, "one of " + ", ".join(options))


def _number(low: float, high: float) -> _Kind:
    def parse(s: str):
        try:
            value = float(s)
        except ValueError:
            return None
        return value if low <= value <= high else None
    return _Kind(parse, f"a number from {low:g} to {high:g}")


def _integer(low: int, high: int) -> _Kind:
    return _Kind(lambda s: int(s) if s.isdigit() and low <= int(s) <= high else None,
                 f"a whole number from {low} to {high}")


def _length(s: str):
    match = _LENGTH.match(s)
    if not match:
        return None
    value = float(match.group(1)) * _UNITS[match.group(2)]
    return value if value <= 2000 else None


_BOOL = _Kind(lambda s: {"true": True, "yes": True, "on": True, "false": False, "no": False,
                         "off": False}.get(s.lower()), "true or false")
_TEXT = _Kind(lambda s: s, "text")
_LEN = _Kind(_length, "a length such as 20mm, 2cm, 1in or 12pt")
_COLOUR = _Kind(lambda s: s.lower() if _COLOR.match(s) else None, "a colour as #rrggbb")
_FAMILY = _choice("serif", "sans")
_FONT = {"family": _FAMILY, "size": _number(5, 48), "leading": _number(5, 80)}

SCHEMA: dict[str, Any] = {
    "description": _TEXT,
    "extends": _TEXT,
    "page": {
        "paper": _choice(*PAPERS),
        "margins": {"top": _LEN, "bottom": _LEN, "inner": _LEN, "outer": _LEN},
    },
    "fonts": {"body": _FONT, "headings": _FONT, "notes": _FONT},
    "colors": {"accent": _COLOUR, "text": _COLOUR},
    "sections": "sections",
    "text": {
        "numbers": _choice("paragraphs", "none"),
        "justify": _BOOL,
        "hyphenate": _BOOL,
        "typography": _BOOL,
    },
    "glossary": {"mark": _choice("first", "every", "none")},
    "notes": {"placement": _choice("footnotes", "after-paragraph", "end")},
    "questions": {"lines": _integer(0, 40), "answers": _BOOL},
    "header": _TEXT,
    "footer": _TEXT,
}


@dataclass(frozen=True)
class FontSpec:
    family: str
    size: float
    leading: float


@dataclass(frozen=True)
class Layout:
    """A complete, validated layout."""

    name: str
    description: str
    paper: str
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, bottom, inner, outer
    body: FontSpec
    headings: FontSpec
    notes_font: FontSpec
    accent: str
    text_color: str
    sections: tuple[str, ...]
    numbers: str
    justify: bool
    hyphenate: bool
    typography: bool
    glossary_mark: str
    notes_placement: str
    answer_lines: int
    show_answers: bool
    header: str
    footer: str


def _validate(node: YMap, schema: dict, where: str, diags: Diagnostics) -> dict:
    """Check a mapping against `schema`; return the parsed values given."""
    out: dict[str, Any] = {}
    for key, value in node.items:
        rule = schema.get(key.value)
        name = f"{where}.{key.value}" if where else key.value
        if rule is None:
            close = difflib.get_close_matches(key.value, list(schema), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(schema)
            diags.error(key.pos, f"unknown layout key '{name}'", hint)
        elif isinstance(rule, dict):
            if isinstance(value, YMap):
                out[key.value] = _validate(value, rule, name, diags)
            else:
                diags.error(value.pos, f"'{name}' must be a mapping with keys {', '.join(rule)}")
        elif rule == "sections":
            out[key.value] = _sections(value, diags)
        elif not isinstance(value, YScalar):
            diags.error(value.pos, f"'{name}' must be {rule.describe}")
        else:
            parsed = rule.parse(value.value.strip())
            if parsed is None:
                diags.error(value.pos, f"'{name}' must be {rule.describe}, found '{value.value}'")
            else:
                out[key.value] = parsed
    return out


def _sections(node: YNode, diags: Diagnostics) -> tuple[str, ...]:
    if not isinstance(node, YSeq):
        diags.error(node.pos, "'sections' must be a list such as [title, text, glossary]")
        return ()
    names = []
    for item in node.items:
        value = item.value if isinstance(item, YScalar) else None
        if value not in SECTIONS:
            close = difflib.get_close_matches(str(value), SECTIONS, n=1)
            diags.error(item.pos, f"unknown section '{value}'; sections are {', '.join(SECTIONS)}",
                        f"did you mean '{close[0]}'?" if close else None)
        elif value in names:
            diags.error(item.pos, f"section '{value}' is listed twice")
        else:
            names.append(value)
    return tuple(names)


def _merge(base: dict, child: dict) -> dict:
    merged = dict(base)
    for key, value in child.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def find_layout(spec: str, cwd: Path | None = None) -> Path | None:
    """A layout by name (./layouts, then built-in) or by path."""
    cwd = cwd or Path.cwd()
    if spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec:
        return cwd / spec
    for folder in (cwd / "layouts", BUILTIN_DIR):
        candidate = folder / f"{spec}.yaml"
        if candidate.is_file():
            return candidate
    return None


def read_layout_values(path: Path, diags: Diagnostics, chain: tuple[Path, ...] = (),
                       cwd: Path | None = None) -> dict | None:
    """Validated values of a layout file with its `extends` chain applied."""
    node = read_yaml(path, diags)
    if node is None:
        if path.is_file() and not diags.has_errors:
            diags.error(SourcePos(path), "the layout file is empty")
        return None
    if not isinstance(node, YMap):
        diags.error(node.pos, "a layout file must be a mapping of keys")
        return None
    values = _validate(node, SCHEMA, "", diags)
    parent_name = values.pop("extends", None)
    if parent_name is None:
        return values
    parent_node = next(v for k, v in node.items if k.value == "extends")
    # A path is relative to the layout file; a name is looked up like -l does.
    is_path = "/" in parent_name or parent_name.endswith((".yaml", ".yml"))
    parent = find_layout(parent_name, path.parent if is_path else cwd)
    if parent is None:
        diags.error(parent_node.pos, f"'extends' names '{parent_name}', which is no layout")
        return None
    if parent.resolve() in chain or parent.resolve() == path.resolve():
        diags.error(parent_node.pos, f"'extends' makes a loop through '{parent_name}'")
        return None
    base = read_layout_values(parent, diags, chain + (path.resolve(),), cwd)
    return None if base is None else _merge(base, values)


def load_layout(spec: str, diags: Diagnostics, paper: str | None = None,
                cwd: Path | None = None) -> Layout | None:
    """Find, read and validate a layout; None (with diagnostics) when unusable."""
    path = find_layout(spec, cwd)
    if path is None:
        close = difflib.get_close_matches(spec, list(available_layouts(cwd)), n=1)
        diags.error(SourcePos(Path(spec)), f"no layout named '{spec}'",
                    f"did you mean '{close[0]}'?" if close else "see 'guidebuilder layouts'")
        return None
    if not path.is_file():
        diags.error(SourcePos(path), "layout file not found")
        return None
    values = read_layout_values(path, diags, cwd=cwd)
    if values is None or diags.has_errors:
        return None
    base = read_layout_values(BUILTIN_DIR / "handout.yaml", diags) if path.parent != BUILTIN_DIR else {}
    values = _merge(base or {}, values)  # every key has a value: handout's unless named
    if paper:
        values["page"]["paper"] = paper
    page, fonts, text = values["page"], values["fonts"], values["text"]
    margins = page["margins"]
    return Layout(
        name=path.stem,
        description=values.get("description", ""),
        paper=page["paper"],
        page_size=PAPERS[page["paper"]],
        margins=(margins["top"], margins["bottom"], margins["inner"], margins["outer"]),
        body=FontSpec(**fonts["body"]),
        headings=FontSpec(**fonts["headings"]),
        notes_font=FontSpec(**fonts["notes"]),
        accent=values["colors"]["accent"],
        text_color=values["colors"]["text"],
        sections=values["sections"],
        numbers=text["numbers"],
        justify=text["justify"],
        hyphenate=text["hyphenate"],
        typography=text["typography"],
        glossary_mark=values["glossary"]["mark"],
        notes_placement=values["notes"]["placement"],
        answer_lines=values["questions"]["lines"],
        show_answers=values["questions"]["answers"],
        header=values.get("header", ""),
        footer=values.get("footer", ""),
    )


def available_layouts(cwd: Path | None = None) -> dict[str, Path]:
    """Layout names usable with -l: ./layouts first, then built-ins."""
    cwd = cwd or Path.cwd()
    found: dict[str, Path] = {}
    for folder in (cwd / "layouts", BUILTIN_DIR):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return found
