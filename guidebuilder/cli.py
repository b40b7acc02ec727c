"""The command line: a thin layer that runs the build and prints diagnostics.

Exit status: 0 success, 1 bad input, 2 usage error, 3 internal error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import Diagnostics, SourcePos

PAPERS = click.Choice(["a4", "letter"], case_sensitive=False)


def _print(diags: Diagnostics) -> None:
    for item in diags.sorted():
        click.echo(item.format(), err=True)


def _guides(guides: tuple[str, ...]) -> list[Path]:
    from .build import find_guides

    if guides:
        return [Path(g) for g in guides]
    found = find_guides(Path("source"))
    if not found:
        raise click.UsageError("no guide given and no guide folders under ./source")
    return found


def _check_epoch() -> None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not value.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{value}'")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidebuilder")
def main_group() -> None:
    """Build printable study guides from a primary text and YAML files."""


@main_group.command()
@click.argument("guides", nargs=-1)
@click.option("-l", "--layout", "layouts", multiple=True, metavar="NAME|PATH",
              help="Layout by name or path (repeatable). Default: handout.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The PDF path when one PDF is built, else a folder. Default: ./build")
@click.option("--paper", type=PAPERS, help="Override the layout's paper size.")
@click.option("--set", "overrides", multiple=True, metavar="KEY.PATH=VALUE",
              help="Override one layout value for this run, e.g. --set text.justify=false (repeatable).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None,
              help="Build this many PDFs at once (default: the number of CPUs).")
def pdf(guides: tuple[str, ...], layouts: tuple[str, ...], output: Path | None, paper: str | None,
        overrides: tuple[str, ...], workers: int | None) -> None:
    """Build one PDF per guide and layout."""
    import time

    from .batch import Job, default_workers, run_jobs
    from .layouts import load_layout

    _check_epoch()
    folders = _guides(guides)
    diags = Diagnostics()
    loaded = [load_layout(name, diags, paper.lower() if paper else None, overrides=overrides)
              for name in layouts or ("handout",)]
    if diags.has_errors:
        _print(diags)
        sys.exit(1)
    count = len(folders) * len(loaded)
    single = output is not None and output.suffix.lower() == ".pdf"
    if single and count > 1:
        raise click.UsageError(f"-o {output} names one file, but {count} PDFs are to be built; give a folder")
    jobs = [Job(folder, layout, output if single else None, output or Path("build"))
            for folder in folders for layout in loaded]
    progress = _Progress(len(jobs)) if len(jobs) > 1 else None
    start, built, failed = time.perf_counter(), 0, 0
    for outcome in run_jobs(jobs, workers or default_workers(), notify=lambda m: click.echo(m, err=True)):
        if progress:
            progress.clear()
        for message in outcome.messages:
            click.echo(message, err=True)
        if outcome.written is None:
            failed += 1
        else:
            built += 1
            click.echo(str(outcome.written))
        if progress:
            progress.advance(outcome)
    if progress:
        progress.finish(built, failed, time.perf_counter() - start)
    sys.exit(1 if failed else 0)


class _Progress:
    """A bar on a terminal's standard error; plain lines when it is not a terminal."""

    def __init__(self, total: int):
        self.total, self.done, self.tty = total, 0, sys.stderr.isatty()

    def clear(self) -> None:
        if self.tty and self.done:
            click.echo("\r\033[K", err=True, nl=False)

    def advance(self, outcome) -> None:
        self.done += 1
        name = f"{outcome.job.folder.name} ({outcome.job.layout.name})"
        state = "built" if outcome.written else "failed"
        if self.tty:
            filled = int(30 * self.done / self.total)
            click.echo(f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {state} {name}",
                       err=True, nl=False)
        else:
            click.echo(f"[{self.done}/{self.total}] {state} {name} in {outcome.seconds:.2f} s", err=True)

    def finish(self, built: int, failed: int, seconds: float) -> None:
        self.clear()
        click.echo(f"built {built}, failed {failed}, in {seconds:.1f} s", err=True)


@main_group.command()
@click.argument("guides", nargs=-1)
@click.option("-l", "--layout", "layouts", multiple=True, metavar="NAME|PATH",
              help="Also validate these layouts.")
@click.option("--set", "overrides", multiple=True, metavar="KEY.PATH=VALUE",
              help="Layout overrides to validate with the layouts.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1), e.g. in CI.")
def check(guides: tuple[str, ...], layouts: tuple[str, ...], overrides: tuple[str, ...], strict: bool) -> None:
    """Validate everything a build would read; print every error and warning,
    the coverage report, and each guide's reading statistics (on stdout)."""
    from .build import check_guide, check_printable
    from .coverage import check_coverage
    from .layouts import load_layout
    from .stats import reading_stats

    diags = Diagnostics()
    checked = [load_layout(name, diags, overrides=overrides) for name in layouts or ("handout",)]
    # With only layouts to validate, no guide is needed.
    blocks = 0
    for folder in _guides(guides) if guides or not (layouts or overrides) else []:
        guide_diags = Diagnostics()  # per guide: one guide's errors do not hide the next one's report
        resolved = check_guide(folder, guide_diags)
        if resolved is not None:
            for layout in filter(None, checked):
                check_printable(resolved.guide, layout, guide_diags, notify=lambda m: click.echo(m, err=True))
        # The editor's report and the statistics are for guides that would build.
        if resolved is not None and not guide_diags.has_errors:
            check_coverage(resolved, guide_diags)
            stats = reading_stats(resolved.guide)
            click.echo(("\n" if blocks else "") + f"{resolved.guide.id}: {resolved.guide.meta.title.text}")
            for label, value in stats.rows():
                click.echo(f"  {label.lower() + ':':<19}{value}")
            blocks += 1
        diags.extend(guide_diags)
    _print(diags)
    errors = sum(1 for d in diags.sorted() if d.severity == "error")
    warnings = len(diags) - errors
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    sys.exit(1 if errors or (strict and warnings) else 0)


@main_group.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--text", "text_file", required=True, type=click.Path(path_type=Path), metavar="FILE",
              help="The primary text (plain UTF-8) to copy into the guide.")
@click.option("--title", help="The guide's title. Default: made from the folder's name.")
def init(folder: Path, text_file: Path, title: str | None) -> None:
    """Create a new guide folder: the text, guide.yaml and starter YAML files."""
    from .scaffold import create_guide

    if title is not None and not title.strip():
        raise click.BadParameter("the title is empty", param_hint="--title")
    diags = Diagnostics()
    created = create_guide(folder, text_file, title, diags)
    _print(diags)
    if created is None:
        sys.exit(1)
    for path in created:
        click.echo(str(path))
    click.echo(f"next: write the glossary, notes and questions, then run "
               f"'guidebuilder check {folder}' and 'guidebuilder pdf {folder}'", err=True)
    sys.exit(0)


@main_group.command()
@click.argument("guides", nargs=-1)
@click.option("-l", "--layout", default="handout", show_default=True, metavar="NAME|PATH",
              help="Layout by name or path.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The PDF path when one guide is watched, else a folder. Default: ./build")
@click.option("--paper", type=PAPERS, help="Override the layout's paper size.")
@click.option("--stop-after", type=click.IntRange(1), hidden=True, help="Stop after N rebuilds (for tests).")
@click.option("--timeout", type=click.FloatRange(0), hidden=True, help="Stop after SECONDS (for tests).")
def watch(guides: tuple[str, ...], layout: str, output: Path | None, paper: str | None,
          stop_after: int | None, timeout: float | None) -> None:
    """Build, then rebuild whenever a file of the guide or the layout changes."""
    from .layouts import load_layout
    from .watch import layout_file, watch as run_watch

    _check_epoch()
    folders = _guides(guides)
    if output is not None and len(folders) > 1 and output.suffix.lower() == ".pdf":
        raise click.UsageError(f"-o {output} names one file, but {len(folders)} guides are watched; give a folder")
    found = layout_file(layout)
    if found is None or not found.is_file():
        diags = Diagnostics()
        load_layout(layout, diags)  # says why, with a "did you mean"
        _print(diags)
        sys.exit(1)
    try:
        status = run_watch(folders, layout, output, paper.lower() if paper else None,
                           echo=click.echo, echo_err=lambda message: click.echo(message, err=True),
                           stop_after=stop_after, timeout=timeout)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)
        status = 0
    sys.exit(status)


@main_group.command("layouts")
def list_layouts() -> None:
    """List the layouts that -l accepts."""
    from .layouts import BUILTIN_DIR, available_layouts, read_layout_values

    for name, path in available_layouts().items():
        diags = Diagnostics()
        values = read_layout_values(path, diags)
        if values is None or diags.has_errors:
            description = f"(invalid: run 'guidebuilder check -l {name}')"
        else:
            description = values.get("description", "(no description)")
        where = "built-in" if path.parent == BUILTIN_DIR else str(path)
        click.echo(f"{name:<12} {description} [{where}]")
    sys.exit(0)


def main() -> None:
    """Entry point: run the command; an unexpected failure is a message, not a traceback.

    click's standalone mode is off so that Ctrl-C ends with status 130 (the shell's
    convention) rather than click's "Aborted!" and 1."""
    try:
        main_group(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("interrupted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # usage errors: exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so briefly, exit 3
        where = SourcePos(Path("guidebuilder"))
        click.echo(f"{where.path}: internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
        if os.environ.get("GUIDEBUILDER_DEBUG"):
            raise
        sys.exit(3)
