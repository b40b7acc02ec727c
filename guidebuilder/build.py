"""The conductor: runs the stages in order, collecting diagnostics."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostics, SourcePos
from .layouts import Layout, load_layout
from .load import load_guide
from .model import build_guide
from .resolve import ResolvedGuide, resolve


def check_guide(folder: Path, diags: Diagnostics) -> ResolvedGuide | None:
    """load -> model -> resolve; None when there are errors."""
    loaded = load_guide(folder, diags)
    guide = build_guide(loaded, diags)
    if guide is None:
        return None
    resolved = resolve(guide, diags)
    return None if diags.has_errors else resolved


def check_printable(guide, layout: Layout, diags: Diagnostics,
                    notify: Callable[[str], None] = lambda message: None) -> None:
    """What `pdf` checks of the fonts, for `check`: every character of the guide must be
    drawable by the layout's packaged fonts (read from the font cache, no font library).
    A layout's own font files are checked by `pdf`, which reads them anyway."""
    from .fonts import cached_coverage, family_label
    from .glyphs import check_glyphs
    from .scripts import within

    families = sorted({spec.family for spec in layout.font_specs if not spec.files})
    if not families:
        return
    covered = frozenset.intersection(*(cached_coverage(family, notify) for family in families))
    scripts = fallback_scripts(guide)
    for script in scripts:
        covered |= within(script, cached_coverage(script, notify))
    labels = " and ".join(family_label(family) for family in families + scripts)
    check_glyphs(guide, covered, labels, diags)


def fallback_scripts(guide) -> list[str]:
    """The scripts of the guide that the layouts' fonts lack and a fallback font draws."""
    from .glyphs import guide_texts
    from .scripts import scripts_in

    return sorted(scripts_in(guide_texts(guide)))


@dataclass(frozen=True)
class Built:
    guide_id: str
    layout: str
    pdf: bytes


def build_pdf(folder: Path, layout: Layout, diags: Diagnostics,
              notify: Callable[[str], None] = lambda message: None) -> Built | None:
    """All stages up to the PDF bytes; None (with diagnostics) on bad input."""
    # A build makes hundreds of thousands of small objects (words, lines, runs) that make
    # few reference cycles; the cyclic collector would walk them again and again (a
    # quarter of a long guide's time). It runs again once the build is over.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_pdf(folder, layout, diags, notify)
    finally:
        if enabled:
            gc.enable()


def _build_pdf(folder: Path, layout: Layout, diags: Diagnostics, notify: Callable[[str], None]) -> Built | None:
    resolved = check_guide(folder, diags)
    if resolved is None:
        return None
    # Imported here so that `check` never pays for ReportLab or the fonts.
    from .fonts import family_for, family_label, prepare_family, unreadable_faces
    from .glyphs import check_glyphs
    from .layout import plan_guide
    from .render import TooTall, covered_characters, render_pdf
    from .scripts import within

    families = {}
    for spec in layout.font_specs:
        if spec.family not in families:
            families[spec.family] = family_for(spec, notify)
    for family in families.values():
        if not family.packaged:  # a layout's own files: check them before ReportLab reads them
            for path, reason in unreadable_faces(family):
                diags.error(SourcePos(path), f"font file '{path.name}' {reason}")
    if diags.has_errors:
        return None
    covered = covered_characters(families)
    # Hebrew and Arabic come from fallback fonts, prepared only for a guide that has them.
    fallbacks = {script: prepare_family(script, notify) for script in fallback_scripts(resolved.guide)}
    for script, family in fallbacks.items():
        covered |= within(script, covered_characters({script: family}))
    labels = [f.label for f in families.values()] + [family_label(script) for script in fallbacks]
    check_glyphs(resolved.guide, covered, " and ".join(labels), diags)
    if diags.has_errors:
        return None
    plan = plan_guide(resolved, layout)
    try:
        pdf = render_pdf(plan, families, fallbacks)
    except TooTall as exc:
        if exc.origin is None:
            raise
        diags.error(exc.origin, "this item is too large to fit on a page; shorten it or split it")
        return None
    return Built(resolved.guide.id, layout.name, pdf)


def find_guides(root: Path) -> list[Path]:
    """Guide folders under `root` (folders holding a guide.yaml), sorted by name."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "guide.yaml").is_file())


__all__ = ["Built", "build_pdf", "check_guide", "find_guides", "load_layout"]
