"""Font files for the layouts: static instances of the packaged Noto families.

The fonts come as Python packages (fontpkg-noto-serif, fontpkg-noto-sans, and
for the scripts Noto Serif and Noto Sans lack, fontpkg-frank-ruhl-libre for Hebrew
and fontpkg-noto-sans-arabic for Arabic) in variable form. ReportLab embeds only a variable font's default instance, so the
bold and italic faces are made once with fontTools and kept in a cache keyed by
the source file, its package version and the fontTools version.
"""

from __future__ import annotations

import hashlib
import os
from struct import error as struct_error
import tempfile
from dataclasses import dataclass
import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

FACES = {"regular": (400, False), "bold": (700, False), "italic": (400, True), "bolditalic": (700, True)}
# family -> (module, distribution, file stem, printed name)
_PACKAGES = {"serif": ("fontpkg_noto_serif", "fontpkg-noto-serif", "NotoSerif", "Noto Serif"),
             "sans": ("fontpkg_noto_sans", "fontpkg-noto-sans", "NotoSans", "Noto Sans"),
             # Fallbacks for scripts.SCRIPT_RANGES; these scripts have no italics, so their
             # italic faces are the upright ones.
             "hebrew": ("fontpkg_frank_ruhl_libre", "fontpkg-frank-ruhl-libre", "FrankRuhlLibre", "Frank Ruhl Libre"),
             "arabic": ("fontpkg_noto_sans_arabic", "fontpkg-noto-sans-arabic", "NotoSansArabic", "Noto Sans Arabic")}
_RECIPE = "3"  # bump when the way instances are made changes


@dataclass(frozen=True)
class FontFamily:
    name: str  # "serif" or "sans"
    label: str  # human name, e.g. "Noto Serif"
    faces: dict  # face -> Path of a static TTF
    packaged: bool = True  # made by guidebuilder from a font package, not a layout's own file


def cache_dir() -> Path:
    """Where prepared fonts are kept: $GUIDEBUILDER_CACHE, else the user cache,
    else (when that cannot be written) the system's temporary folder."""
    if os.environ.get("GUIDEBUILDER_CACHE"):
        return Path(os.environ["GUIDEBUILDER_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "guidebuilder" / "fonts"
    try:
        base.mkdir(parents=True, exist_ok=True)
        if os.access(base, os.W_OK):
            return base
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / "guidebuilder-fonts"


def _variable_file(family: str, italic: bool) -> Path | None:
    """The package's variable font file, upright or italic (None: the family has no italic)."""
    module, _, stem, _ = _PACKAGES[family]
    package = __import__(module)
    files = Path(package.__file__).parent / "files"
    prefix = f"{stem}-Italic[" if italic else f"{stem}["  # e.g. NotoSerif[wdth,wght].ttf
    found = sorted(p for p in files.iterdir() if p.name.startswith(prefix) and p.suffix == ".ttf")
    return found[0] if found else None


@lru_cache(maxsize=None)
def package_version(family: str) -> str:
    """The font package's version of its fonts (from its metadata.json; importlib.metadata
    would cost more than the rest of a warm build)."""
    module, distribution = _PACKAGES[family][:2]
    meta = Path(__import__(module).__file__).parent / "metadata.json"
    return f"{distribution} {json.loads(meta.read_text(encoding='utf-8')).get('version', '?')}"


@lru_cache(maxsize=None)
def fonttools_version() -> str:
    """fontTools' version, read from its installed metadata folder's name so that
    `check` need not import fontTools (falls back to importing it)."""
    from importlib.util import find_spec

    spec = find_spec("fontTools")
    if spec and spec.origin:
        for info in Path(spec.origin).parent.parent.glob("fonttools-*.dist-info"):
            return info.name[len("fonttools-"):-len(".dist-info")]
    import fontTools
    return fontTools.version


def _key(source: Path, family: str, weight: int) -> str:
    stat = source.stat()
    parts = [_RECIPE, package_version(family), fonttools_version(), source.name, str(stat.st_size), str(weight)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


_STYLE_NAMES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}


def _make_instance(source: Path, weight: int, target: Path, family_name: str, face: str) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source)
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    axes["wght"] = weight
    static = instancer.instantiateVariableFont(font, axes, updateFontNames=False)
    # Each face needs its own PostScript name, or PDF viewers may take one face for another.
    style = _STYLE_NAMES[face]
    postscript = f"{family_name.replace(' ', '')}-{style}"
    names = static["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 25):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family_name), (2, style), (3, f"guidebuilder:{postscript}"),
                           (4, f"{family_name} {style}"), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    try:
        # fontTools stamps the time of saving into the font, and ReportLab copies it into
        # every PDF: keep the source's own date so that the same fonts give the same bytes.
        static.recalcTimestamp = False
        static["head"].modified = static["head"].created
        static.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def family_label(family: str) -> str:
    """The printed name of a packaged family: "Noto Serif" for serif."""
    return _PACKAGES[family][3]


def prepare_family(family: str, notify: Callable[[str], None] = lambda message: None) -> FontFamily:
    """Static faces for `family`, made on first use and cached afterwards."""
    faces = {}
    folder = cache_dir()
    label = family_label(family)
    for face, (weight, italic) in FACES.items():
        source = _variable_file(family, italic)
        if source is None:  # no italic: the upright face of the same weight
            faces[face] = faces["bold" if weight > 400 else "regular"]
            continue
        target = folder / f"{_PACKAGES[family][2]}-{face}-{_key(source, family, weight)}.ttf"
        if not target.exists():
            notify(f"preparing font {label} {face} (once; cached in {folder})")
            _make_instance(source, weight, target, label, face)
            for stale in folder.glob(f"{_PACKAGES[family][2]}-{face}-*.*"):  # older keys
                if stale.stem != target.stem:
                    stale.unlink(missing_ok=True)
        if not target.with_suffix(".chars").exists():
            _write_coverage(target)
        faces[face] = target
    return FontFamily(family, label, faces)


def _write_coverage(font: Path) -> None:
    """Beside a prepared face, the characters it can draw, as hex ranges a line
    ("20-7e"), so that `check` knows them without loading any font library."""
    from fontTools.ttLib import TTFont

    codes = sorted(TTFont(font, lazy=True).getBestCmap())
    ranges, start = [], None
    for previous, code in zip([None, *codes], codes):
        if start is None:
            start = code
        elif code != previous + 1:
            ranges.append(f"{start:x}-{previous:x}")
            start = code
    if start is not None:
        ranges.append(f"{start:x}-{codes[-1]:x}")
    handle, temporary = tempfile.mkstemp(dir=font.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="ascii") as stream:
        stream.write("\n".join(ranges) + "\n")
    os.replace(temporary, font.with_suffix(".chars"))


def cached_coverage(family: str, notify: Callable[[str], None] = lambda message: None) -> frozenset[int]:
    """Characters every face of a packaged family draws, from the files written beside
    the prepared faces (preparing them first if this machine has none yet)."""
    faces = prepare_family(family, notify).faces
    common: frozenset[int] | None = None
    for font in set(faces.values()):
        codes: set[int] = set()
        for line in font.with_suffix(".chars").read_text(encoding="ascii").split():
            low, _, high = line.partition("-")
            codes.update(range(int(low, 16), int(high, 16) + 1))
        common = frozenset(codes) if common is None else common & codes
    return common or frozenset()


def family_for(spec, notify: Callable[[str], None] = lambda message: None) -> FontFamily:
    """The font family a layout's FontSpec names: a packaged one, or the layout's own TTF files."""
    if spec.files:
        return FontFamily(spec.family, spec.family, dict(spec.files), packaged=False)
    return prepare_family(spec.family, notify)


def unreadable_faces(family: FontFamily) -> list[tuple[Path, str]]:
    """(path, reason) for each face file that is no usable TrueType font."""
    from fontTools.ttLib import TTFont, TTLibError

    problems = []
    for path in sorted(set(family.faces.values())):
        try:
            font = TTFont(path, lazy=True)
            if "glyf" not in font or font.getBestCmap() is None:
                problems.append((path, "has no TrueType outlines or no Unicode character map"))
        except (TTLibError, OSError, AssertionError, KeyError, ValueError, struct_error) as exc:
            problems.append((path, f"cannot be read as a TrueType font ({type(exc).__name__})"))
    return problems
