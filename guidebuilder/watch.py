"""Watch mode: build the PDFs, then rebuild each one when its guide or the layout changes.

A failed rebuild prints its diagnostics and leaves the last good PDF in place
(the write is atomic, and nothing is written on bad input). Printing is done
through the two callbacks, so the CLI decides where messages go.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostics

Echo = Callable[[str], None]
_TEMPORARY = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")


def layout_file(spec: str) -> Path | None:
    """The file a layout name or path stands for (None: no such layout)."""
    from .layouts import available_layouts

    path = Path(spec)
    if path.suffix.lower() in (".yaml", ".yml") or "/" in spec or os.sep in spec:
        return path
    return available_layouts().get(spec)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class Watcher:
    """The state of one watch session: what to build, where, and what to watch."""

    def __init__(self, folders: list[Path], layout: str, output: Path | None, paper: str | None,
                 echo: Echo, echo_err: Echo):
        self.folders, self.layout_spec, self.output, self.paper = folders, layout, output, paper
        self.echo, self.echo_err = echo, echo_err
        self.built: dict[Path, bool] = {}  # folder -> its last build succeeded
        self.written: set[Path] = set()  # targets that hold a good PDF from this session
        found = layout_file(layout)
        dirs = [found.resolve().parent] if found is not None else []
        if Path("layouts").is_dir():
            dirs.append(Path("layouts").resolve())  # a layout here shadows a built-in one of its name
        self.layout_dirs = sorted(set(dirs))

    # --- building ---------------------------------------------------------

    def target(self, folder: Path, layout_name: str) -> Path:
        if self.output is not None and self.output.suffix.lower() == ".pdf" and len(self.folders) == 1:
            return self.output
        return (self.output or Path("build")) / f"{folder.resolve().name}-{layout_name}.pdf"

    def build(self, folder: Path, again: bool) -> bool:
        """Build one guide and write its PDF; report the result. True when it was written."""
        from .build import build_pdf
        from .layouts import load_layout
        from .write import write_atomic

        started = time.perf_counter()
        diags = Diagnostics()
        layout = load_layout(self.layout_spec, diags, self.paper)
        built = build_pdf(folder, layout, diags, notify=self.echo_err) if layout is not None else None
        for item in diags.sorted():
            self.echo_err(item.format())
        name = layout.name if layout is not None else Path(self.layout_spec).stem
        target = self.target(folder, name)
        if built is None:
            errors = sum(1 for d in diags.sorted() if d.severity == "error")
            kept = f"the last good {target} is kept" if target.exists() else f"no PDF written to {target}"
            self.echo_err(f"{folder}: build failed with {errors} error(s); {kept}")
            self.built[folder] = False
            return False
        try:
            write_atomic(target, built.pdf)
        except OSError as exc:
            self.echo_err(f"{target}: error: cannot write the PDF: {exc.strerror or exc}")
            self.built[folder] = False
            return False
        self.written.add(target.resolve())
        self.echo(f"{'rebuilt' if again else 'built'} {target} in {time.perf_counter() - started:.2f} s")
        self.built[folder] = True
        return True

    # --- watching ---------------------------------------------------------

    def paths(self) -> list[Path]:
        return [f for f in self.folders if f.is_dir()] + self.layout_dirs

    def affected(self, path: Path) -> list[Path]:
        """The guide folders a changed file belongs to (all of them for a layout file)."""
        name = path.name
        if name.startswith(".") or name.endswith(_TEMPORARY) or path in self.written or path.suffix.lower() == ".pdf":
            return []
        for folder in self.layout_dirs:
            if (path.parent == folder and path.suffix.lower() in (".yaml", ".yml")) or \
                    (_inside(path, folder) and path.suffix.lower() == ".ttf"):
                return list(self.folders)
        return [f for f in self.folders if _inside(path, f.resolve())]


def watch(folders: list[Path], layout: str, output: Path | None, paper: str | None,
          echo: Echo, echo_err: Echo, stop: threading.Event | None = None,
          stop_after: int | None = None, timeout: float | None = None) -> int:
    """Build, then rebuild on changes until `stop` is set, `stop_after` rebuild rounds
    have run, or `timeout` seconds have passed (the last two are for tests).

    Returns 0 when the last build of every guide succeeded, else 1."""
    import watchfiles

    watcher = Watcher(folders, layout, output, paper, echo, echo_err)
    for folder in folders:
        watcher.build(folder, again=False)
    if not any(folder.is_dir() for folder in folders):
        return 1  # nothing to watch; the build said why
    stop = stop or threading.Event()
    if timeout is not None:
        timer = threading.Timer(timeout, stop.set)
        timer.daemon = True
        timer.start()
    shown = ", ".join(str(f) for f in folders)
    echo_err(f"watching {shown} and layout '{layout}' for changes (Ctrl-C to stop)")
    rounds = 0
    default = watchfiles.DefaultFilter()
    for changes in watchfiles.watch(*watcher.paths(), watch_filter=default,
                                    stop_event=stop, debounce=400, step=50, raise_interrupt=True):
        todo: list[Path] = []
        for _, changed in sorted(changes, key=lambda c: c[1]):
            for folder in watcher.affected(Path(changed).resolve()):
                if folder not in todo:
                    todo.append(folder)
        if not todo:
            continue
        for folder in todo:
            watcher.build(folder, again=True)
        rounds += 1
        if stop_after is not None and rounds >= stop_after:
            break
    return 0 if all(watcher.built.values()) else 1
