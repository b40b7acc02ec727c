"""Where the time goes: stage timings and a cProfile of one in-process build.
(Not named profile.py: that would hide the standard library module cProfile needs.)

    python benchmarks/hotspots.py [--case sample|large|both] [--top 15] [--warm]

For each case it profiles one whole build with cProfile and prints the
`--top` entries by cumulative time that belong to guidebuilder or ReportLab;
then it times the stages of another build separately (layout file, load,
model, resolve, fonts, glyph check, layout plan, render, write). By default
the profiled build is the first one in the process (as on the command line,
after the imports); with --warm it is a second one (as in `watch`). The large
guide is generated into build/benchmarks/guides/large when missing. Output is
printed and written to build/benchmarks-hotspots.txt.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

CASES = {"sample": Path("source/letter-1917-10-24"), "large": Path("build/benchmarks/guides/large")}


def short(path: str) -> str:
    """A file name from the package on: 'reportlab/platypus/paragraph.py'."""
    for marker in ("/guidebuilder/", "/reportlab/"):
        at = path.rfind(marker)
        if at >= 0:
            return path[at + 1:]
    return path


# What build_pdf calls, wrapped to time it: (module, attribute, label, depth). Wrapping the
# names build_pdf looks up (rather than re-implementing its steps) keeps the timings true
# while the conductor changes; a name that no longer exists is skipped.
STAGES = [
    ("guidebuilder.build", "load_guide", "load", 0),
    ("guidebuilder.build", "build_guide", "model", 0),
    ("guidebuilder.build", "resolve", "resolve", 0),
    ("guidebuilder.fonts", "family_for", "fonts (locate/prepare)", 0),
    ("guidebuilder.fonts", "unreadable_faces", "fonts (check files)", 0),
    ("guidebuilder.render", "covered_characters", "glyph coverage", 0),
    ("guidebuilder.glyphs", "check_glyphs", "glyph check", 0),
    ("guidebuilder.layout", "plan_guide", "layout plan", 0),
    ("guidebuilder.render", "render_pdf", "render", 0),
    ("guidebuilder.render.document", "register_family", "register fonts", 1),
    ("guidebuilder.render.document", "make_styles", "styles", 1),
    ("guidebuilder.render.document", "build_story", "story (flowables)", 1),
    ("guidebuilder.render.document", "_Document.build", "typeset (doc.build)", 1),
    ("guidebuilder.render.document", "_Canvas.save", "PDF save (in doc.build)", 2),
    ("guidebuilder.render.document", "impose_booklet", "imposition", 1),
]


def _instrument(records: dict) -> list:
    import importlib

    patches = []
    for module_name, attribute, label, _ in STAGES:
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            continue
        name = attribute
        if "." in attribute:
            owner, name = getattr(owner, attribute.split(".")[0], None), attribute.split(".")[1]
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            continue

        def wrapper(*args, __original=original, __label=label, **kwargs):
            started = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                records[__label] = records.get(__label, 0.0) + time.perf_counter() - started
        patches.append((owner, name, original, name in vars(owner)))
        setattr(owner, name, wrapper)
    return patches


def stage_times(folder: Path) -> list[tuple[str, int, float]]:
    """One build (layout file, build_pdf, write) with each stage it calls timed."""
    from guidebuilder.build import build_pdf
    from guidebuilder.diagnostics import Diagnostics
    from guidebuilder.layouts import load_layout
    from guidebuilder.write import write_atomic

    records: dict[str, float] = {}
    patches = _instrument(records)
    try:
        diags = Diagnostics()
        started = time.perf_counter()
        layout = load_layout("handout", diags)
        records["layout file"] = time.perf_counter() - started
        started = time.perf_counter()
        built = build_pdf(folder, layout, diags)
        build = time.perf_counter() - started
        assert built is not None, [d.format() for d in diags.sorted()]
        out = ROOT / "build" / "benchmarks" / "out" / "hotspots.pdf"
        started = time.perf_counter()
        write_atomic(out, built.pdf)
        records["write"] = time.perf_counter() - started
        out.unlink(missing_ok=True)
    finally:
        for owner, name, original, own in reversed(patches):
            if own:
                setattr(owner, name, original)
            else:
                delattr(owner, name)
    rows = [("layout file", 0, records["layout file"])]
    rows += [(label, depth, records[label]) for _, _, label, depth in STAGES if label in records]
    top = sum(records[label] for _, _, label, depth in STAGES if depth == 0 and label in records)
    rows.append(("other, in build_pdf", 0, build - top))
    rows.append(("write", 0, records["write"]))
    return rows


def profile_build(folder: Path, top: int, warm: bool) -> str:
    from guidebuilder.build import build_pdf
    from guidebuilder.diagnostics import Diagnostics
    from guidebuilder.layouts import load_layout

    def once():
        diags = Diagnostics()
        built = build_pdf(folder, load_layout("handout", diags), diags)
        assert built is not None, [d.format() for d in diags.sorted()]

    if warm:
        once()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    once()
    profiler.disable()
    took = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    rows = []
    for (path, line, function), (_, calls, own, cumulative, _) in stats.stats.items():
        if "/guidebuilder/" in path or "/reportlab/" in path:
            rows.append((cumulative, own, calls, f"{short(path)}:{line}({function})"))
    rows.sort(reverse=True)
    own_time: dict[str, float] = {}
    for (path, _, function), (_, _, own, _, _) in stats.stats.items():
        package = next((p for p in ("guidebuilder", "reportlab", "pyphen", "yaml", "fontTools")
                        if f"/{p}/" in path), "other (stdlib, builtins)")
        own_time[package] = own_time.get(package, 0.0) + own
    out = io.StringIO()
    print(f"profiled build: {took:.2f} s under cProfile ({'second' if warm else 'first'} build in the process)",
          file=out)
    print(f"{'cumulative s':>12} {'own s':>8} {'calls':>9}  function", file=out)
    for cumulative, own, calls, name in rows[:top]:
        print(f"{cumulative:12.3f} {own:8.3f} {calls:9d}  {name}", file=out)
    print("own time by package: " + ", ".join(f"{package} {seconds:.2f} s" for package, seconds in
                                               sorted(own_time.items(), key=lambda item: -item[1])), file=out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description="stage timings and cProfile of one in-process build")
    parser.add_argument("--case", choices=["sample", "large", "both"], default="both")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--warm", action="store_true", help="profile a second build in the same process")
    args = parser.parse_args()
    import os
    os.chdir(ROOT)
    report = []
    for name in (["sample", "large"] if args.case == "both" else [args.case]):
        folder = CASES[name]
        if name == "large" and not (folder / "text.txt").exists():
            generate.generate(ROOT / folder)
        report.append(f"== {name}: {folder}")
        profiled = profile_build(folder, args.top, args.warm)
        stages = stage_times(folder)
        total = sum(t for _, depth, t in stages if depth == 0)
        report.append("stages of one more build (in-process, after the profiled one; no profiler):")
        for stage, depth, seconds in stages:
            label = "  " * depth + stage
            report.append(f"  {label:<30}{seconds:8.3f} s  {100 * seconds / total:5.1f}%")
        report.append(f"  {'total':<30}{total:8.3f} s")
        report.append(profiled)
    text = "\n".join(report)
    print(text)
    target = ROOT / "build" / "benchmarks-hotspots.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
