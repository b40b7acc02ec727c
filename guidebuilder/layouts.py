"""Layout files: how a guide looks on paper, validated like the guide sources.

A layout file is a YAML mapping whose keys are listed in SCHEMA (documented in
layouts/README.md). Built-in layouts live in guidebuilder/layouts/; a layout
may `extends:` another (a built-in name or a file) and change only what it
names; any key no layout in the chain gives takes the `handout` value.
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
BUILTINS = ("handout", "seminar", "teacher", "booklet", "large-print")

MM = 72 / 25.4
PAPERS = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0), "a5": (419.5276, 595.2756),
          "half-letter": (396.0, 612.0)}
SECTIONS = ("title", "statistics", "introduction", "timeline", "text", "notes", "glossary", "questions")
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|cm|in|pt)?\s*$")
_UNITS = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0, None: 1.0}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
FACES = ("regular", "bold", "italic", "bolditalic")
MARGIN_COLUMN_MIN = 72.0  # narrowest margin column for notes (1 inch); 38 pt more for gutter and edge


class _Kind:
    """A leaf value: `parse` returns the value or None, `describe` says what is expected."""

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
    digits = re.compile(r"^[0-9]+$")  # ASCII only: str.isdigit() also accepts '²'
    return _Kind(lambda s: int(s) if digits.match(s) and low <= int(s) <= high else None,
                 f"a whole number from {low} to {high}")


def parse_length(s: str) -> float | None:
    match = _LENGTH.match(s)
    if not match:
        return None
    value = float(match.group(1)) * _UNITS[match.group(2)]
    return value if value <= 2000 else None


def _paper(s: str):
    """A paper name, or WIDTH x HEIGHT with units (e.g. 150mm x 220mm)."""
    if s.lower() in PAPERS:
        return s.lower()
    parts = re.split(r"\s*[x×]\s*", s.strip().lower())
    if len(parts) == 2:
        width, height = (parse_length(p) for p in parts)
        if width and height and 144 <= width <= 2000 and 144 <= height <= 2000:
            return (width, height)
    return None


def luminance(color: str) -> float:
    """Relative luminance (WCAG) of #rrggbb: what a grayscale printer keeps of it."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_on_white(color: str) -> float:
    return 1.05 / (luminance(color) + 0.05)


_BOOL = _Kind(lambda s: {"true": True, "yes": True, "on": True, "false": False, "no": False,
                         "off": False}.get(s.lower()), "true or false")
_TEXT = _Kind(lambda s: s, "text")
_LEN = _Kind(parse_length, "a length such as 20mm, 2cm, 1in or 12pt")
_COLOUR = _Kind(lambda s: s.lower() if _COLOR.match(s) else None, "a colour as #rrggbb")
_PAPER = _Kind(_paper, "a4, letter, a5, half-letter, or a size such as 150mm x 220mm")
_FONT = {"family": "family", "size": _number(5, 72), "leading": _number(5, 100)}

# Every key a layout file may hold. A dict is a nested mapping; "family" and
# "sections" are special values checked by their own functions.
SCHEMA: dict[str, Any] = {
    "description": _TEXT,
    "extends": _TEXT,
    "page": {
        "paper": _PAPER,
        "orientation": _choice("portrait", "landscape"),
        "two_sided": _BOOL,
        "margins": {"top": _LEN, "bottom": _LEN, "inner": _LEN, "outer": _LEN},
    },
    "fonts": {"body": _FONT, "headings": _FONT, "notes": _FONT, "margin": _FONT},
    "colors": {"text": _COLOUR, "accent": _COLOUR, "muted": _COLOUR},
    "sections": "sections",
    "text": {
        "paragraph_numbers": _BOOL,
        "line_numbers": _integer(0, 100),
        "justify": _BOOL,
        "hyphenate": _BOOL,
        "typography": _BOOL,
        "emphasis": _choice("italic", "bold"),
    },
    "glossary": {
        "mark": _choice("first", "every", "none"),
        "mark_style": _choice("bold", "italic", "underline", "plain"),
        "placement": _choice("end", "margin", "both"),
    },
    "notes": {"placement": _choice("footnotes", "margin", "after-paragraph", "end")},
    "questions": {"lines": _integer(0, 40), "answers": _BOOL},
    "header": _TEXT,
    "footer": _TEXT,
    "imposition": _choice("none", "booklet"),
    "creep": _LEN,
    "crop_marks": _BOOL,
}


@dataclass(frozen=True)
class FontSpec:
    family: str  # "serif", "sans", or a name for a set of TTF files
    size: float
    leading: float
    files: tuple[tuple[str, Path], ...] = ()  # (face, path) for TTF families


@dataclass(frozen=True)
class Layout:
    """A complete, validated layout."""

    name: str
    description: str
    paper: str  # a paper name, or "custom"
    page_size: tuple[float, float]  # of one (logical) page
    two_sided: bool
    margins: tuple[float, float, float, float]  # top, bottom, inner, outer
    body: FontSpec
    headings: FontSpec
    notes_font: FontSpec
    margin_font: FontSpec
    text_color: str
    accent: str
    muted: str
    sections: tuple[str, ...]
    paragraph_numbers: bool
    line_numbers: int  # every N lines; 0: none
    justify: bool
    hyphenate: bool
    typography: bool
    emphasis: str
    glossary_mark: str
    mark_style: str
    glossary_placement: str
    notes_placement: str
    answer_lines: int
    show_answers: bool
    header: str
    footer: str
    imposition: str
    creep: float
    crop_marks: bool

    @property
    def sheet_size(self) -> tuple[float, float]:
        """The landscape sheet a booklet is printed on: A4 for A5 pages, letter for
        half-letter, else twice the page's width."""
        sheet = {"a5": "a4", "half-letter": "letter"}.get(self.paper)
        if sheet:
            width, height = PAPERS[sheet]
            return (height, width)
        return (2 * self.page_size[0], self.page_size[1])

    @property
    def font_specs(self) -> tuple[FontSpec, ...]:
        """The fonts this layout prints with (the margin font only when it has a margin
        or line numbers)."""
        specs = (self.body, self.headings, self.notes_font)
        return specs + (self.margin_font,) if self.uses_margin or self.line_numbers else specs

    @property
    def uses_margin(self) -> bool:
        return self.notes_placement == "margin" or self.glossary_placement in ("margin", "both")


# --- validation ---------------------------------------------------------------

def _validate(node: YMap, schema: dict, where: str, diags: Diagnostics, base: Path) -> dict:
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
                out[key.value] = _validate(value, rule, name, diags, base)
            else:
                diags.error(value.pos, f"'{name}' must be a mapping with keys {', '.join(rule)}")
        elif rule == "sections":
            out[key.value] = _sections(value, diags)
        elif rule == "family":
            family = _family(value, name, diags, base)
            if family is not None:
                out[key.value] = family
        elif not isinstance(value, YScalar):
            diags.error(value.pos, f"'{name}' must be {rule.describe}")
        else:
            parsed = rule.parse(value.value.strip())
            if parsed is None:
                diags.error(value.pos, f"'{name}' must be {rule.describe}, found '{value.value}'")
            else:
                out[key.value] = parsed
    return out


def _family(node: YNode, name: str, diags: Diagnostics, base: Path):
    """`serif`, `sans`, or a mapping of faces to TTF files inside the layout's folder."""
    if isinstance(node, YScalar):
        if node.value in ("serif", "sans"):
            return node.value
        diags.error(node.pos, f"'{name}' must be serif, sans, or a mapping of regular/bold/italic/"
                              f"bolditalic to .ttf files, found '{node.value}'")
        return None
    if not isinstance(node, YMap):
        diags.error(node.pos, f"'{name}' must be serif, sans or a mapping of font files")
        return None
    files = {}
    root = base.resolve()
    for key, value in node.items:
        if key.value not in FACES:
            close = difflib.get_close_matches(key.value, FACES, n=1)
            diags.error(key.pos, f"unknown font face '{key.value}' in '{name}'",
                        f"did you mean '{close[0]}'?" if close else "faces: " + ", ".join(FACES))
            continue
        if not isinstance(value, YScalar) or not value.value.strip():
            diags.error(value.pos, f"'{name}.{key.value}' must be the path of a .ttf file")
            continue
        path = (base / value.value.strip()).resolve()
        if Path(value.value.strip()).is_absolute() or (path != root and root not in path.parents):
            diags.error(value.pos, f"font file '{value.value}' must be inside the layout's folder")
        elif not path.is_file():
            diags.error(value.pos, f"font file '{value.value}' not found")
        elif path.suffix.lower() != ".ttf":
            diags.error(value.pos, f"font file '{value.value}' must be a TrueType (.ttf) file")
        else:
            files[key.value] = path
    if "regular" not in files and not diags.has_errors:
        diags.error(node.pos, f"'{name}' needs at least a 'regular' font file")
        return None
    for face in FACES:  # a missing face falls back to the nearest given one
        files.setdefault(face, files.get("bold" if face == "bolditalic" else "regular") or files.get("regular"))
    return tuple(sorted(files.items())) if all(files.values()) else None


def _sections(node: YNode, diags: Diagnostics) -> tuple[str, ...]:
    if not isinstance(node, YSeq):
        diags.error(node.pos, "'sections' must be a list such as [title, text, glossary]")
        return ()
    names: list[str] = []
    for item in node.items:
        if not isinstance(item, YScalar):
            diags.error(item.pos, f"each section must be a name: {', '.join(SECTIONS)}")
            continue
        value = item.value
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


# --- finding and reading --------------------------------------------------------

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
    values = _validate(node, SCHEMA, "", diags, path.parent)
    parent_name = values.pop("extends", None)
    if parent_name is None:
        return values
    parent_node = next(v for k, v in node.items if k.value == "extends")
    # A path is relative to the layout file; a name is looked up like -l does.
    is_path = "/" in parent_name or parent_name.endswith((".yaml", ".yml"))
    parent = find_layout(parent_name, path.parent if is_path else cwd)
    if parent is None or not parent.is_file():
        diags.error(parent_node.pos, f"'extends' names '{parent_name}', which is no layout")
        return None
    if parent.resolve() in chain or parent.resolve() == path.resolve():
        diags.error(parent_node.pos, f"'extends' makes a loop through '{parent_name}'")
        return None
    base = read_layout_values(parent, diags, chain + (path.resolve(),), cwd)
    return None if base is None else _merge(base, values)


def parse_override(text: str, index: int, diags: Diagnostics) -> dict | None:
    """One `--set key.path=value` as nested values, validated like a layout file.

    Positions are `--set[N]:1:column`, the column counted in the option's text."""
    origin = SourcePos(Path(f"--set[{index}]"), 1, 1)
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        diags.error(origin, f"--set takes key.path=value, found '{text}'")
        return None
    value_column = len(key) + 2
    parts = key.split(".")
    if parts[-1] == "sections":  # a comma-separated list: sections=title,text,glossary
        items, offset = [], 0
        for item in raw.split(","):
            if item.strip():
                lead = len(item) - len(item.lstrip())
                items.append(YScalar(item.strip(), SourcePos(origin.path, 1, value_column + offset + lead), True))
            offset += len(item) + 1
        node: YNode = YSeq(tuple(items), SourcePos(origin.path, 1, value_column))
    else:
        node = YScalar(raw.strip(), SourcePos(origin.path, 1, value_column), plain=True)
    columns = [1]
    for part in parts[:-1]:
        columns.append(columns[-1] + len(part) + 1)
    for part, column in reversed(list(zip(parts, columns))):
        node = YMap(((YScalar(part.strip(), SourcePos(origin.path, 1, column), True), node),), origin)
    return _validate(node, SCHEMA, "", diags, Path.cwd())


def load_layout(spec: str, diags: Diagnostics, paper: str | None = None,
                cwd: Path | None = None, overrides: tuple[str, ...] = ()) -> Layout | None:
    """Find, read and validate a layout; None (with diagnostics) when unusable.

    `paper` (a4 or letter, from --paper) sets the paper; for a booklet it sets the
    sheet, whose half is the page. `overrides` are --set key.path=value strings."""
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
    for index, text in enumerate(overrides, start=1):
        override = parse_override(text, index, diags)
        if values is not None and override is not None:
            values = _merge(values, override)
    if values is None or diags.has_errors:
        return None
    if path.resolve() != (BUILTIN_DIR / "handout.yaml").resolve():
        base = read_layout_values(BUILTIN_DIR / "handout.yaml", diags) or {}
        values = _merge(base, values)  # every key has a value: handout's unless named
    return _layout(path.stem, values, paper, diags, path)


def _layout(name: str, values: dict, paper: str | None, diags: Diagnostics, path: Path) -> Layout | None:
    page, fonts, text, colors = values["page"], values["fonts"], values["text"], values["colors"]
    imposition = values.get("imposition", "none")
    chosen = page["paper"]
    if paper:
        chosen = {"a4": "a5", "letter": "half-letter"}[paper] if imposition == "booklet" else paper
    size = PAPERS[chosen] if isinstance(chosen, str) else chosen
    if page.get("orientation") == "landscape":
        size = (max(size), min(size))
    margins = page["margins"]
    top, bottom, inner, outer = margins["top"], margins["bottom"], margins["inner"], margins["outer"]
    where = SourcePos(path)
    if inner + outer > size[0] - 144 or top + bottom > size[1] - 144:
        diags.error(where, "the margins leave less than 2 inches of text block")
    for key, minimum in (("text", 7.0), ("accent", 4.5), ("muted", 4.5)):
        ratio = contrast_on_white(colors[key])
        if ratio < minimum:
            diags.error(where, f"'colors.{key}' {colors[key]} is too light to read when printed in grayscale "
                               f"(contrast {ratio:.1f}:1 on white, needs {minimum:g}:1)")
    glossary, notes = values["glossary"], values["notes"]
    in_margin = notes["placement"] == "margin" or glossary["placement"] in ("margin", "both")
    if glossary["placement"] in ("margin", "both") and glossary["mark"] == "none":
        diags.error(where, "glosses in the margin stand beside the marked term: "
                           "'glossary.placement' margin or both needs 'glossary.mark' first or every")
    if in_margin and outer < MARGIN_COLUMN_MIN + 38:
        diags.error(where, f"'page.margins.outer' is {outer / MM:.0f}mm, too narrow for notes in the margin "
                           f"(at least {(MARGIN_COLUMN_MIN + 38) / MM:.0f}mm)")
    if diags.has_errors:
        return None

    def font(role: str) -> FontSpec:
        spec = fonts[role]
        family = spec["family"]
        if isinstance(family, tuple):
            return FontSpec(f"{name}-{role}", spec["size"], spec["leading"], family)
        return FontSpec(family, spec["size"], spec["leading"])

    return Layout(
        name=name,
        description=values.get("description", ""),
        paper=chosen if isinstance(chosen, str) else "custom",
        page_size=size,
        two_sided=page.get("two_sided", False),
        margins=(top, bottom, inner, outer),
        body=font("body"), headings=font("headings"), notes_font=font("notes"), margin_font=font("margin"),
        text_color=colors["text"], accent=colors["accent"], muted=colors["muted"],
        sections=values["sections"],
        paragraph_numbers=text["paragraph_numbers"],
        line_numbers=text["line_numbers"],
        justify=text["justify"], hyphenate=text["hyphenate"], typography=text["typography"],
        emphasis=text["emphasis"],
        glossary_mark=values["glossary"]["mark"],
        mark_style=values["glossary"]["mark_style"],
        glossary_placement=values["glossary"]["placement"],
        notes_placement=values["notes"]["placement"],
        answer_lines=values["questions"]["lines"],
        show_answers=values["questions"]["answers"],
        header=values.get("header", ""),
        footer=values.get("footer", ""),
        imposition=imposition,
        creep=values.get("creep", 0.0),
        crop_marks=values.get("crop_marks", False),
    )


def available_layouts(cwd: Path | None = None) -> dict[str, Path]:
    """Layout names usable with -l: the built-ins in their usual order, then ./layouts
    (a file there with a built-in's name takes its place)."""
    cwd = cwd or Path.cwd()
    found = {name: BUILTIN_DIR / f"{name}.yaml" for name in BUILTINS}
    local = cwd / "layouts"
    if local.is_dir():
        for path in sorted(local.glob("*.yaml")):
            found[path.stem] = path
    return found
