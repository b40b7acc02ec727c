"""`guidebuilder watch`: change a file, observe the rebuild (every wait is bounded)."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from guidebuilder.watch import Watcher, watch
from helpers_stage import make_guide

GUIDE = "title: Watched\ntext: text.txt\n"
DEADLINE = 90  # seconds; a rebuild takes well under one


class Session:
    """watch() in a thread, its messages in a queue."""

    def __init__(self, folders: list[Path], layout: str = "handout", output: Path | None = None):
        self.messages: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.stop = threading.Event()
        self.status: list[int] = []
        self.thread = threading.Thread(target=lambda: self.status.append(watch(
            folders, layout, output, None, echo=self.messages.put, echo_err=lambda m: self.messages.put("! " + m),
            stop=self.stop)), daemon=True)
        self.thread.start()

    def wait_for(self, pattern: str, seconds: float = DEADLINE) -> str | None:
        """The next message matching `pattern` within `seconds`, else None."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                message = self.messages.get(timeout=min(0.2, max(0.01, end - time.monotonic())))
            except queue.Empty:
                continue
            self.seen.append(message)
            if re.fullmatch(pattern, message):
                return message
        return None

    def change_until(self, change, pattern: str) -> str:
        """Make the change (again, as the watcher may start a moment after the first build) until
        a message matches."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            change()
            found = self.wait_for(pattern, seconds=3)
            if found:
                return found
        raise AssertionError(f"no message like {pattern!r}; seen: {self.seen}")

    def close(self) -> int:
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()
        return self.status[0]


def test_rebuilds_on_change_and_keeps_the_last_good_pdf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_guide(tmp_path / "g", "One.\n", guide=GUIDE)
    session = Session([Path("g")])
    try:
        assert session.wait_for(r"built build/g-handout\.pdf in \d+\.\d\d s")
        assert session.wait_for(r"! watching g and layout 'handout' for changes \(Ctrl-C to stop\)")
        pdf = tmp_path / "build" / "g-handout.pdf"
        first = pdf.read_bytes()

        session.change_until(lambda: (tmp_path / "g" / "text.txt").write_text("One.\n\nTwo.\n"),
                             r"rebuilt build/g-handout\.pdf in \d+\.\d\d s")
        second = pdf.read_bytes()
        assert second != first

        session.change_until(lambda: (tmp_path / "g" / "questions.yaml").write_text("- prompt: Q\n  refs: [9]\n"),
                             r"! g: build failed with 1 error\(s\); the last good build/g-handout\.pdf is kept")
        assert "! g/questions.yaml:2:10: error: question refers to paragraph 9, but the text has 2" in session.seen
        assert pdf.read_bytes() == second
        assert [p.name for p in pdf.parent.iterdir()] == ["g-handout.pdf"]  # no temporary file left

        session.change_until(lambda: (tmp_path / "g" / "questions.yaml").write_text("- prompt: Q\n  refs: [2]\n"),
                             r"rebuilt build/g-handout\.pdf in \d+\.\d\d s")
    finally:
        status = session.close()
    assert status == 0


def test_a_change_to_the_layout_rebuilds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_guide(tmp_path / "g", "One.\n", guide=GUIDE)
    (tmp_path / "mine.yaml").write_text('description: "Mine"\n')
    session = Session([Path("g")], layout="./mine.yaml", output=Path("out"))
    try:
        assert session.wait_for(r"built out/g-mine\.pdf in \d+\.\d\d s")
        session.change_until(lambda: (tmp_path / "mine.yaml").write_text('description: "Mine"\nfonts:\n  body: {size: 14}\n'),
                             r"rebuilt out/g-mine\.pdf in \d+\.\d\d s")
    finally:
        assert session.close() == 0


def test_which_changes_rebuild_what(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_guide(tmp_path / "a", "One.\n", guide=GUIDE)
    make_guide(tmp_path / "b", "One.\n", guide=GUIDE)
    (tmp_path / "mine.yaml").write_text('description: "Mine"\n')
    watcher = Watcher([Path("a"), Path("b")], "./mine.yaml", Path("a"), None, print, print)
    root = tmp_path.resolve()
    assert watcher.affected(root / "a" / "text.txt") == [Path("a")]
    assert watcher.affected(root / "b" / "notes.yaml") == [Path("b")]
    assert watcher.affected(root / "mine.yaml") == [Path("a"), Path("b")]  # the layout: every guide
    for ignored in (".text.txt.swp", "text.txt~", ".g-mine.pdf.abc.tmp", "a-mine.pdf"):
        assert watcher.affected(root / "a" / ignored) == [], ignored  # editors' files and our own output
    assert watcher.affected(root / "elsewhere.txt") == []
    assert watcher.affected(root / "build" / "x.yaml") == []


def run_cli(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "guidebuilder", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())


def test_the_command_rebuilds_and_stops(tmp_path):
    make_guide(tmp_path / "g", "One.\n", guide=GUIDE)
    process = run_cli("watch", "g", "--stop-after", "1", "--timeout", str(DEADLINE), cwd=tmp_path)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        first = lines.get(timeout=DEADLINE)
        assert re.fullmatch(r"built build/g-handout\.pdf in \d+\.\d\d s\n", first)
        end = time.monotonic() + DEADLINE
        while process.poll() is None and time.monotonic() < end:
            (tmp_path / "g" / "text.txt").write_text("One.\n\nTwo.\n")
            time.sleep(0.5)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert re.fullmatch(r"rebuilt build/g-handout\.pdf in \d+\.\d\d s\n", lines.get(timeout=5))
    stderr = process.stderr.read()
    assert stderr == "watching g and layout 'handout' for changes (Ctrl-C to stop)\n"


def test_the_command_reports_a_bad_guide_and_an_unknown_layout(tmp_path):
    make_guide(tmp_path / "g", "One.\n", guide=GUIDE, questions="- prompt: Q\n  refs: [3]\n")
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "watch", "g", "--timeout", "0.5"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=DEADLINE)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "g/questions.yaml:2:10: error: question refers to paragraph 3, but the text has 1",
        "g: build failed with 1 error(s); no PDF written to build/g-handout.pdf",
        "watching g and layout 'handout' for changes (Ctrl-C to stop)",
    ]
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "watch", "g", "-l", "handot"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 1
    assert result.stderr.startswith("handot:1:1: error: no layout named 'handot' (did you mean 'handout'?)")


@pytest.mark.parametrize("args", [["--stop-after", "0"], ["-o", "x.pdf", "a", "b"]])
def test_usage_errors(tmp_path, args):
    make_guide(tmp_path / "a", "One.\n", guide=GUIDE)
    make_guide(tmp_path / "b", "One.\n", guide=GUIDE)
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "watch", *args], cwd=tmp_path,
                            capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 2


def test_the_hidden_options_are_hidden(tmp_path):
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "watch", "--help"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 0 and "--layout" in result.stdout
    assert "--stop-after" not in result.stdout and "--timeout" not in result.stdout


def test_nothing_to_watch(tmp_path):
    result = subprocess.run([sys.executable, "-m", "guidebuilder", "watch", "missing", "--timeout", "30"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "missing:1:1: error: guide folder not found",
        "missing: build failed with 1 error(s); no PDF written to build/missing-handout.pdf",
    ]
