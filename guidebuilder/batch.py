"""Building many PDFs: one job per guide and layout, in parallel worker processes.

Each job runs the whole pipeline and writes its PDF atomically; a job's bad
input never stops the others. Workers are reused, so the cost of starting
Python and loading ReportLab and the fonts is paid once per worker, not once
per guide.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .build import build_pdf
from .diagnostics import Diagnostics, SourcePos, display_path
from .layouts import Layout
from .write import write_atomic


@dataclass(frozen=True)
class Job:
    folder: Path
    layout: Layout
    target: Path | None  # the output file, or None: <output folder>/<guide-id>-<layout>.pdf
    folder_out: Path


@dataclass(frozen=True)
class Outcome:
    job: Job
    messages: tuple[str, ...]  # diagnostics, formatted
    written: Path | None  # None: the build failed and nothing was written
    seconds: float


def run_job(job: Job, notify: Callable[[str], None] = lambda message: None) -> Outcome:
    """Build and write one PDF."""
    start = time.perf_counter()
    diags = Diagnostics()
    built = build_pdf(job.folder, job.layout, diags, notify)
    messages = [d.format() for d in diags.sorted()]
    written = None
    if built is not None:
        target = job.target or job.folder_out / f"{built.guide_id}-{built.layout}.pdf"
        try:
            write_atomic(target, built.pdf)
            written = target
        except OSError as exc:
            where = SourcePos(target)
            messages.append(f"{display_path(target)}:{where.line}:{where.column}: error: "
                            f"cannot write the PDF: {exc.strerror or exc}")
    return Outcome(job, tuple(messages), written, time.perf_counter() - start)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_jobs(jobs: list[Job], workers: int, notify: Callable[[str], None]) -> Iterator[Outcome]:
    """Outcomes as jobs finish: in this process for one worker, else in a pool."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield run_job(job, notify)
        return
    # Imported here: a single build (the usual case) need not pay for multiprocessing.
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Prepare the fonts once here, so that workers never race to make them.
    from .fonts import family_for
    families = [family_for(spec, notify) for layout in {job.layout for job in jobs} for spec in layout.font_specs]
    if multiprocessing.get_start_method() == "fork":
        # Forked workers inherit what this process has loaded: load ReportLab and register
        # the packaged fonts once here, not once in every worker. (A layout's own font
        # files are checked by each build before ReportLab reads them.)
        from .render.styles import register_family
        for family in families:
            if family.packaged:
                register_family(family)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = [pool.submit(run_job, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()
