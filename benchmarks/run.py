"""Run every benchmark case and print one table (see benchmarks/README.md).

    python benchmarks/run.py [--runs N] [--quick] [--only a,b,...]

Run from the repository root with guidebuilder installed. Generated guides,
PDFs and the result table go under build/ (not committed); the table is also
written to build/benchmarks-results.md.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

SAMPLE = Path("source/letter-1917-10-24")  # relative to ROOT; children run in ROOT
WORK = Path("build/benchmarks")
GUIDES = WORK / "guides"
RESULTS = Path("build/benchmarks-results.md")
PY = sys.executable
GB = [PY, "-m", "guidebuilder"]
FLOOR = [PY, str(Path("benchmarks") / "floor.py")]

SCALES = {"1×": 1 / 16, "4×": 1 / 4, "16×": 1.0}  # of the large guide; 16× is the large guide itself
BATCH_GUIDES, BATCH_SIZE, BATCH_LAYOUTS = 20, 1 / 32, ("handout", "seminar")


# --- measuring one whole process -----------------------------------------

@dataclass
class Sample:
    seconds: float
    peak_mb: float
    cpu: float  # user + system seconds of the child and the children it waited for
    code: int
    stdout: str
    stderr: str


def run_process(argv: list[str], env: dict | None = None) -> Sample:
    """Run argv in the repository root; wall time, and peak RSS from wait4's rusage of
    exactly this child (and the children it waited for, e.g. worker processes)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Sample(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, child.returncode,
                      out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def run_python(code: str, *args: str, env: dict | None = None) -> dict:
    """Run a snippet in a fresh interpreter; it prints one JSON object as its last line."""
    sample = run_process([PY, "-c", code, *map(str, args)], env)
    if sample.code != 0:
        raise RuntimeError(f"snippet failed (exit {sample.code}):\n{sample.stderr[-2000:]}")
    return json.loads(sample.stdout.strip().splitlines()[-1])


def pdf_pages(path: Path) -> int | None:
    try:
        return len(re.findall(rb"/Type /Page(?![a-zA-Z])", (ROOT / path).read_bytes()))
    except OSError:
        return None


@dataclass
class Series:
    """The runs of one command; the first (warm-up) run is not counted."""

    name: str
    samples: list[Sample] = field(default_factory=list)
    pages: int | None = None
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak(self) -> float:
        return max(s.peak_mb for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)


def paired(runs: int, commands: dict[str, callable], log) -> dict[str, Series]:
    """Run each command once untimed (warm-up: prepares fonts, fills the OS caches), then
    `runs` times, interleaved so drift affects every command alike. A command is a function
    (fresh output path without suffix) -> argv; a PDF goes to that path + ".pdf", a folder of
    PDFs to the path itself; both are removed after the run."""
    out_dir = WORK / "out"
    (ROOT / out_dir).mkdir(parents=True, exist_ok=True)
    result = {name: Series(name) for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            series = result[name]
            if series.error:
                continue
            base = out_dir / f"{name}-{round_}"
            sample = run_process(command(base))
            if sample.code != 0:
                series.error = f"exit {sample.code}: " + " | ".join(sample.stderr.strip().splitlines()[-3:])
                log(f"  {name}: {series.error}")
            elif round_ == 0:
                series.pages = pdf_pages(base.with_suffix(".pdf"))
            else:
                series.samples.append(sample)
                log(f"  {name}: run {round_}/{runs} {sample.seconds:.3f} s {sample.peak_mb:.0f} MB")
            shutil.rmtree(ROOT / base, ignore_errors=True)
            (ROOT / base.with_suffix(".pdf")).unlink(missing_ok=True)
    return result


# --- the table ---------------------------------------------------------------

@dataclass
class Row:
    case: str
    seconds: str = "—"
    ratio: str = "—"
    peak: str = "—"
    peak_ratio: str = "—"
    target: str = "—"
    result: str = "—"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.2f}"


def verdict(checks: list[tuple[str, bool]]) -> str:
    failed = [name for name, ok in checks if not ok]
    if not checks:
        return "—"
    return "pass" if not failed else "FAIL (" + ", ".join(failed) + ")"


CPU_NOTES: list[str] = []


def measured_row(case: str, series: Series, floor: Series | None, time_limit: float | None = None,
                 memory_limit: float | None = 2.0, absolute_limit: float | None = None) -> Row:
    if series.error:
        return Row(case, result=f"ERROR ({series.error[:80]})")
    cpu = f"{series.cpu:.2f}"
    if floor is not None and floor is not series and not floor.error and floor.samples:
        cpu += f" ({series.cpu / floor.cpu:.2f}× floor)"
    CPU_NOTES.append(f"{case.split(' (')[0]}: {cpu}")
    row = Row(case, fmt_s(series.median), peak=f"{series.peak:.0f}")
    checks, targets = [], []
    if floor is not None and not floor.error and floor.samples:
        time_ratio, memory_ratio = series.median / floor.median, series.peak / floor.peak
        row.ratio, row.peak_ratio = f"{time_ratio:.2f}", f"{memory_ratio:.2f}"
        if time_limit is not None:
            targets.append(f"time ≤ {time_limit:g}× floor")
            checks.append(("time", time_ratio <= time_limit))
        if memory_limit is not None:
            targets.append(f"mem ≤ {memory_limit:g}× floor")
            checks.append(("mem", memory_ratio <= memory_limit))
    if absolute_limit is not None:
        targets.append(f"< {absolute_limit:g} s")
        checks.append(("time", series.median < absolute_limit))
    row.target, row.result = "; ".join(targets) or "—", verdict(checks)
    return row


def render_table(rows: list[Row]) -> str:
    header = ["case", "median s", "× floor", "peak MB", "× floor mem", "target", "result"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        lines.append("| " + " | ".join([r.case, r.seconds, r.ratio, r.peak, r.peak_ratio, r.target, r.result]) + " |")
    return "\n".join(lines)


# --- in-process snippets --------------------------------------------------

WARM_REBUILD = r"""
import gc, json, statistics, sys, time
from pathlib import Path
from guidebuilder.build import build_pdf
from guidebuilder.diagnostics import Diagnostics
from guidebuilder.layouts import load_layout
from guidebuilder.write import write_atomic

folder, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
def once():
    # what a rebuild in `watch` does: read the layout, build, write
    diags = Diagnostics()
    layout = load_layout("handout", diags)
    built = build_pdf(folder, layout, diags)
    assert built is not None, [d.format() for d in diags.sorted()]
    write_atomic(out, built.pdf)
started = time.perf_counter(); once(); first = time.perf_counter() - started
times = []
for _ in range(runs):
    gc.collect()
    started = time.perf_counter(); once(); times.append(time.perf_counter() - started)
print(json.dumps({"first": first, "times": times}))
"""

RESOLVE_STAGE = r"""
import gc, json, sys, time
from pathlib import Path
from guidebuilder.diagnostics import Diagnostics
from guidebuilder.load import load_guide
from guidebuilder.model import build_guide
from guidebuilder.resolve import resolve

reps, folders = int(sys.argv[1]), sys.argv[2:]
guides = []
for folder in folders:
    diags = Diagnostics()
    guide = build_guide(load_guide(Path(folder), diags), diags)
    assert guide is not None, [d.format() for d in diags.sorted()]
    guides.append(guide)
times = {folder: [] for folder in folders}
for _ in range(reps + 1):  # the first round warms up
    for folder, guide in zip(folders, guides):
        gc.collect()
        started = time.perf_counter()
        resolve(guide, Diagnostics())
        times[folder].append(time.perf_counter() - started)
print(json.dumps({folder: {"times": t[1:], "entries": len(g.glossary), "paragraphs": len(g.paragraphs)}
                  for (folder, t), g in zip(times.items(), guides)}))
"""

CHECK_IMPORTS = r"""
import contextlib, io, json, sys
from guidebuilder.cli import main_group
code = 0
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main_group.main(["check", sys.argv[1]], prog_name="guidebuilder", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
def loaded(name):
    return any(m == name or m.startswith(name + ".") for m in sys.modules)
print(json.dumps({"code": code, "reportlab": loaded("reportlab"), "fontTools": loaded("fontTools"),
                  "fonts": "guidebuilder.fonts" in sys.modules}))
"""

# Does a changed font package version or fontTools version miss the cache? `notify` is
# called only when a face is about to be prepared, so raising there tells without
# spending the ~20 s of actually preparing it.
FONT_KEY = r"""
import json, sys
import fontTools
import guidebuilder.fonts as fonts
from guidebuilder.fonts import prepare_family

class Rebuild(Exception):
    pass
def notify(message):
    raise Rebuild(message)
def rebuilds():
    try:
        prepare_family("serif", notify)
    except Rebuild:
        return True
    return False

result = {"unchanged": rebuilds()}
real_version = fonts.package_version
fonts.package_version = lambda family: real_version(family) + ".bench"
result["font package version"] = rebuilds()
fonts.package_version = real_version
real_tools = fonts.fonttools_version
fonts.fonttools_version = lambda: real_tools() + ".bench"
result["fontTools version"] = rebuilds()
fonts.fonttools_version = real_tools
print(json.dumps(result))
"""


# --- the cases ---------------------------------------------------------------

class Bench:
    def __init__(self, runs: int, batch_runs: int, resolve_reps: int, only: set[str] | None, verbose: bool):
        self.runs, self.batch_runs, self.resolve_reps = runs, batch_runs, resolve_reps
        self.only, self.verbose = only, verbose
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.floors: dict[str, Series] = {}
        self.large: dict[str, Series] = {}

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, file=sys.stderr, flush=True)

    def wanted(self, case: str) -> bool:
        return self.only is None or case in self.only

    def guide(self, name: str, **options) -> Path:
        folder = GUIDES / name
        generate.generate(ROOT / folder, **options)
        return folder

    @staticmethod
    def floor(folder: Path):
        """The floor for a guide: every paragraph its handout prints, set by plain ReportLab
        in the same fonts, justified and hyphenated in the guide's language."""
        import same_text
        paragraphs, language = same_text.printed_paragraphs(ROOT / folder)
        text = ROOT / "build" / "benchmarks" / f"floor-{Path(folder).name}.txt"
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        hyphenate = language.replace("-", "_")
        return lambda out: FLOOR + [str(text), str(out.with_suffix(".pdf")), "--hyphenate", hyphenate]

    @staticmethod
    def pdf(folder: Path, *extra: str):
        return lambda out: GB + ["pdf", str(folder), "-o", str(out.with_suffix(".pdf")), *extra]

    # (a) the sample guide
    def case_a(self) -> None:
        self.log("(a) sample guide, handout")
        got = paired(self.runs, {"floor-sample": self.floor(SAMPLE),
                                 "sample": self.pdf(SAMPLE, "-l", "handout")}, self.log)
        self.floors["sample"] = floor = got["floor-sample"]
        self.rows.append(measured_row(f"floor: sample text ({floor.pages} pp)", floor, floor, None, None))
        self.rows.append(measured_row(f"(a) sample, handout ({got['sample'].pages} pp)", got["sample"], floor, 1.3))

    # (b) and (c): the large guide, and the same guide at 1/16 and 1/4 of its size
    def case_bc(self) -> None:
        sizes = {label: scale for label, scale in SCALES.items() if self.wanted("c") or scale == 1.0}
        folders = {label: self.guide("large" if scale == 1.0 else f"size-{scale:g}", size=scale)
                   for label, scale in sizes.items()}
        commands = {}
        for label, folder in folders.items():
            commands[f"floor-{label}"] = self.floor(folder)
            commands[f"guide-{label}"] = self.pdf(folder)
        self.log("(b)/(c) large guide and sizes: " + ", ".join(sizes))
        got = paired(self.runs, commands, self.log)
        self.large = got
        self.floors["large"] = floor = got["floor-16×"]
        paragraphs = {label: max(1, round(2000 * scale)) for label, scale in sizes.items()}
        self.rows.append(measured_row(f"floor: large text (2,000 ¶, {floor.pages} pp)", floor, floor, None, None))
        self.rows.append(measured_row(f"(b) large guide, handout ({got['guide-16×'].pages} pp)",
                                      got["guide-16×"], floor, 2.0))
        if not self.wanted("c"):
            return
        for label in sizes:
            if label == "16×":
                continue
            f, g = got[f"floor-{label}"], got[f"guide-{label}"]
            self.rows.append(measured_row(f"floor: {label} text ({paragraphs[label]:,} ¶, {f.pages} pp)", f, f, None, None))
            self.rows.append(measured_row(f"(c) {label} guide ({g.pages} pp)", g, f))
        self.rows.append(Row("(c) 16× = the large guide (b)", result="see (b)"))
        g1, g4, g16 = (got[f"guide-{k}"] for k in ("1×", "4×", "16×"))
        f1, f16 = got["floor-1×"], got["floor-16×"]
        if any(s.error for s in (g1, g4, g16, f1, f16)):
            self.rows.append(Row("(c) t(16×) / t(1×)", result="ERROR (a size failed)"))
            return
        scaling = g16.median / g1.median
        self.rows.append(Row("(c) scaling: t(16×) / t(1×), whole process", f"{scaling:.1f}×",
                             f"floor {f16.median / f1.median:.1f}×", target="≤ 17×",
                             result=verdict([("scaling", scaling <= 17)])))
        # Start-up cost hides growth in the ratio above; the cost of each added sixth
        # of the text between 4× and 16× against that between 1× and 4× does not.
        marginal = ((g16.median - g4.median) / 12) / ((g4.median - g1.median) / 3)
        per_page = [f"{label} {1000 * s.median / s.pages:.0f}" for label, s in (("1×", g1), ("4×", g4), ("16×", g16))
                    if s.pages]
        self.rows.append(Row("(c) cost of each added 1×: between 4× and 16× ÷ between 1× and 4× (info)",
                             f"{marginal:.2f}×",
                             target="1.00 = flat", result="info"))
        self.notes.append("(c) milliseconds per page, whole process: " + ", ".join(per_page)
                          + "; floor: " + ", ".join(f"{label} {1000 * s.median / s.pages:.0f}" for label, s in
                                                    (("1×", f1), ("4×", got["floor-4×"]), ("16×", f16)) if s.pages))

    # (d) 20 versus 2,000 glossary entries on the same text
    def case_d(self) -> None:
        large = GUIDES / "large"
        if not (ROOT / large / "text.txt").exists():
            self.guide("large")
        small = self.guide("glossary-20", glossary=20)
        assert (ROOT / small / "text.txt").read_bytes() == (ROOT / large / "text.txt").read_bytes()
        self.log("(d) resolve stage, 20 vs 2,000 glossary entries")
        data = run_python(RESOLVE_STAGE, self.resolve_reps, small, large)
        r20, r2000 = (statistics.median(data[str(f)]["times"]) for f in (small, large))
        self.rows.append(Row(f"(d) resolve stage, {data[str(small)]['entries']} entries (in-process)",
                             fmt_s(r20), result="info"))
        ratio = r2000 / r20
        self.rows.append(Row(f"(d) resolve stage, {data[str(large)]['entries']:,} entries (in-process)",
                             fmt_s(r2000), f"{ratio:.2f} of 20", target="within 10% of 20 entries",
                             result=verdict([("resolve", abs(ratio - 1) <= 0.10)])))
        self.log("(d) whole process, 20 entries")
        floor = self.floors.get("large")
        commands = {"guide-glossary-20": self.pdf(small)}
        if floor is None:
            commands["floor-large"] = self.floor(large)
        got = paired(self.runs, commands, self.log)
        floor = floor or got["floor-large"]
        self.floors.setdefault("large", floor)
        self.rows.append(measured_row(f"(d) large text, 20 entries, whole process ({got['guide-glossary-20'].pages} pp)",
                                      got["guide-glossary-20"], floor, None))

    # (e) check alone
    def case_e(self) -> None:
        self.log("(e) check")
        commands = {"check": lambda out: GB + ["check", str(SAMPLE)]}
        floor = self.floors.get("sample")
        if floor is None:
            commands["floor-sample"] = self.floor(SAMPLE)
        got = paired(self.runs, commands, self.log)
        floor = floor or got["floor-sample"]
        self.floors.setdefault("sample", floor)
        self.rows.append(measured_row("(e) check, sample (whole process)", got["check"], floor, None,
                                      absolute_limit=0.3))
        imports = run_python(CHECK_IMPORTS, SAMPLE)
        shown = f"ReportLab {'yes' if imports['reportlab'] else 'no'}, fontTools {'yes' if imports['fontTools'] else 'no'}"
        self.rows.append(Row("(e) check imports ReportLab / fontTools?", shown, target="no / no",
                             result=verdict([("imports", not imports["reportlab"] and not imports["fontTools"])])))

    # a rebuild in a warm process (what watch does)
    def case_warm(self) -> None:
        self.log("warm rebuild of the sample, in-process")
        out = WORK / "out" / "warm.pdf"
        (ROOT / out).parent.mkdir(parents=True, exist_ok=True)
        data = run_python(WARM_REBUILD, SAMPLE, out, 5 if self.runs > 1 else 2)
        median = statistics.median(data["times"])
        floor = self.floors.get("sample")
        ratio = f"{median / floor.median:.2f}" if floor and floor.samples else "—"
        self.rows.append(Row("warm rebuild of the sample (in-process, median of "
                             f"{len(data['times'])}; first build {data['first']:.2f} s)",
                             fmt_s(median), ratio, target="≤ 0.1 s", result=verdict([("time", median <= 0.1)])))
        (ROOT / out).unlink(missing_ok=True)

    # fonts: prepared once, cached, keyed by font and version
    def case_fonts(self) -> None:
        self.log("fonts: empty cache (prepares the fonts: about 20 s)")
        (ROOT / WORK / "out").mkdir(parents=True, exist_ok=True)
        cache = Path(tempfile.mkdtemp(prefix="fontcache-", dir=ROOT / WORK))
        try:
            env = dict(os.environ, GUIDEBUILDER_CACHE=str(cache))
            out = WORK / "out" / "fonts.pdf"
            cold = run_process(GB + ["pdf", str(SAMPLE), "-o", str(out)], env)
            warm = run_process(GB + ["pdf", str(SAMPLE), "-o", str(out)], env)
            (ROOT / out).unlink(missing_ok=True)
            prepared_cold = cold.stderr.count("preparing font")
            prepared_warm = warm.stderr.count("preparing font")
            ok = cold.code == 0 and warm.code == 0
            floor = self.floors.get("sample")
            self.rows.append(Row(f"fonts: first build with an empty cache ({prepared_cold} faces prepared)",
                                 fmt_s(cold.seconds), peak=f"{cold.peak_mb:.0f}", result="info" if ok else "ERROR"))
            self.rows.append(Row(f"fonts: second build, same cache ({prepared_warm} faces prepared)",
                                 fmt_s(warm.seconds),
                                 f"{warm.seconds / floor.median:.2f}" if floor and floor.samples else "—",
                                 peak=f"{warm.peak_mb:.0f}", target="prepared once",
                                 result=verdict([("cached", ok and prepared_cold > 0 and prepared_warm == 0)])))
            keys = run_python(FONT_KEY, env=env)
            shown = ", ".join(f"{k}: {'rebuilds' if v else 'kept'}" for k, v in keys.items())
            self.rows.append(Row("fonts: cache key", shown, target="unchanged kept; a changed version rebuilds",
                                 result=verdict([("key", not keys["unchanged"] and keys["font package version"]
                                                  and keys["fontTools version"])])))
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    # batch builds with -j
    def case_batch(self) -> None:
        help_text = run_process(GB + ["pdf", "--help"]).stdout
        has_jobs = bool(re.search(r"(^|\s)(-j\b|--jobs\b)", help_text))
        folders = [self.guide(f"batch-{k:02d}", size=BATCH_SIZE, seed=1917 + k) for k in range(BATCH_GUIDES)]
        layouts = [arg for name in BATCH_LAYOUTS for arg in ("-l", name)]
        what = f"{BATCH_GUIDES} guides × {len(BATCH_LAYOUTS)} layouts"

        def command(*jobs: str):
            return lambda out: GB + ["pdf", *jobs, *layouts, "-o", str(out), *map(str, folders)]

        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        if not has_jobs:
            self.log(f"batch: {what}, sequential (no -j/--jobs in `guidebuilder pdf` yet)")
            got = paired(self.batch_runs, {"batch": command()}, self.log)
            row = measured_row(f"batch: {what}, sequential (no -j yet)", got["batch"], None, None)
            row.target, row.result = "-j 2 ≤ 0.6× -j 1", "PENDING (no -j/--jobs option yet)"
            self.rows.append(row)
            return
        self.log(f"batch: {what}, -j 1 and -j 2")
        got = paired(self.batch_runs, {"j1": command("-j", "1"), "j2": command("-j", "2")}, self.log)
        j1, j2 = got["j1"], got["j2"]
        self.rows.append(measured_row(f"batch: {what}, -j 1", j1, None, None))
        row = measured_row(f"batch: {what}, -j 2", j2, None, None)
        if not j1.error and not j2.error:
            ratio = j2.median / j1.median
            row.ratio, row.target = f"{ratio:.2f} of -j 1", "≤ 0.6× -j 1 (2 cores)"
            row.result = verdict([("speed-up", ratio <= 0.6)]) if cores and cores >= 2 else f"n/a ({cores} core)"
        self.rows.append(row)

    def run(self) -> None:
        steps = [("a", self.case_a), ("b", self.case_bc), ("d", self.case_d), ("e", self.case_e),
                 ("warm", self.case_warm), ("fonts", self.case_fonts), ("batch", self.case_batch)]
        for name, step in steps:
            if name == "b" and not (self.wanted("b") or self.wanted("c")):
                continue
            if name != "b" and not self.wanted(name):
                continue
            try:
                step()
            except Exception as exc:  # one broken case must not hide the others
                self.rows.append(Row(f"({name})", result=f"ERROR ({type(exc).__name__}: {str(exc)[:120]})"))
                self.log(f"case {name} failed: {exc!r}")


def machine() -> str:
    from importlib import metadata
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for name in ("guidebuilder", "reportlab", "fonttools", "pyphen"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    return (f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; nproc {cores}"
            f"{' (' + cpu + ')' if cpu else ''}; Python {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}; {', '.join(versions)}; commit {commit} (working tree may differ)")


def main() -> int:
    parser = argparse.ArgumentParser(description="guidebuilder benchmarks: every case, one table")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median; default 5)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1 timed run each")
    parser.add_argument("--only", help="comma-separated cases: a,b,c,d,e,warm,fonts,batch")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args()
    if not (ROOT / SAMPLE / "guide.yaml").is_file():
        parser.error("the sample guide is missing; run from a checkout of guidebuilder")
    runs = 1 if args.quick else args.runs
    batch_runs = 1 if args.quick else runs  # -j 2 needs both cores: a median of more runs steadies it
    only = set(args.only.split(",")) if args.only else None
    bench = Bench(runs, batch_runs, 5 if args.quick else 21, only, not args.quiet)
    # Byte-compile guidebuilder as pip does when it installs a package, so that no timed
    # run pays for compiling the sources (an editable install under PYTHONDONTWRITEBYTECODE
    # would compile them on every run; ReportLab, installed by pip, never does).
    import guidebuilder

    compileall.compile_dir(str(Path(guidebuilder.__file__).parent), quiet=1)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    started = time.perf_counter()
    bench.run()
    took = time.perf_counter() - started
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    load = (f" Load average (1 min) {load_before:.2f} before, {load_after:.2f} after: other work on the "
            f"machine slows the wall times." if load_before is not None else "")
    command = "python benchmarks/run.py" + "".join(f" {a}" for a in sys.argv[1:])
    text = "\n".join([
        "# guidebuilder benchmarks",
        "",
        f"{machine()}",
        "",
        f"Command: `{command}`; {runs} timed run(s) per whole-process figure (median), after one untimed "
        f"warm-up run; batch {batch_runs} run(s). Ratios are to the plain-ReportLab floor on the same "
        f"text, measured in the same run. Took {took / 60:.1f} min.{load}",
        "",
        render_table(bench.rows),
        "",
        *(f"- {note}" for note in bench.notes),
        *(["- CPU seconds (user + system, median; less disturbed by other load than wall time): "
           + "; ".join(CPU_NOTES)] if CPU_NOTES else []),
    ]).rstrip() + "\n"
    (ROOT / RESULTS).parent.mkdir(parents=True, exist_ok=True)
    (ROOT / RESULTS).write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {RESULTS})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
