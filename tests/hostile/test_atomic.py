"""Writing is atomic: a failed or interrupted build leaves the old PDF byte-for-byte and no
temporary file; a new PDF appears complete or not at all."""

from __future__ import annotations

import errno
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guidebuilder.write import write_atomic

from hostile_helpers import assert_structure, make_guide, run, snapshot

OLD = b"%PDF-1.4 the old PDF, which must survive\n%%EOF\n"


def _with_old_pdf(tmp_path, **guide):
    make_guide(tmp_path, **guide)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "g.pdf").write_bytes(OLD)
    return tmp_path / "out" / "g.pdf"


def _only_the_old_pdf(tmp_path, target):
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def _run_patched(tmp_path, patch: str, **kwargs) -> subprocess.CompletedProcess:
    """The command line, with `patch` (Python source) applied first in the same process."""
    code = patch + "\nimport sys\nsys.argv = ['guidebuilder', 'pdf', 'g', '-o', 'out/g.pdf']\n" \
                   "from guidebuilder.cli import main\nmain()\n"
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_bad_input_keeps_the_old_pdf(tmp_path):
    target = _with_old_pdf(tmp_path, notes="- anchor: nowhere\n  text: n\n")
    result = run("pdf", "g", "-o", "out/g.pdf", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    _only_the_old_pdf(tmp_path, target)


def test_good_build_replaces_the_old_pdf_with_a_complete_one(tmp_path):
    target = _with_old_pdf(tmp_path)
    result = run("pdf", "g", "-o", "out/g.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_structure(target.read_bytes())
    assert sorted(p.name for p in target.parent.iterdir()) == ["g.pdf"]


def test_exception_inside_reportlab_keeps_the_old_pdf(tmp_path):
    target = _with_old_pdf(tmp_path)
    result = _run_patched(tmp_path, (
        "from reportlab.platypus import doctemplate\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('simulated failure inside ReportLab')\n"
        "doctemplate.BaseDocTemplate.build = boom\n"
        "doctemplate.BaseDocTemplate.multiBuild = boom\n"))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error: RuntimeError: simulated failure inside ReportLab" in result.stderr
    _only_the_old_pdf(tmp_path, target)


def test_full_disk_keeps_the_old_pdf_and_leaves_no_temporary_file(tmp_path):
    # The disk fills up half-way through writing the new PDF.
    target = _with_old_pdf(tmp_path)
    result = _run_patched(tmp_path, (
        "import errno, os\n"
        "_fdopen = os.fdopen\n"
        "class Full:\n"
        "    def __init__(self, stream): self.stream = stream\n"
        "    def __enter__(self): return self\n"
        "    def __exit__(self, *exc): self.stream.close()\n"
        "    def __getattr__(self, name): return getattr(self.stream, name)\n"
        "    def write(self, data):\n"
        "        self.stream.write(data[:len(data) // 2]); self.stream.flush()\n"
        "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
        "def fdopen(fd, mode='r', *args, **kwargs):\n"
        "    stream = _fdopen(fd, mode, *args, **kwargs)\n"
        "    return Full(stream) if 'w' in mode else stream\n"
        "os.fdopen = fdopen\n"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot write the PDF: No space left on device" in result.stderr
    _only_the_old_pdf(tmp_path, target)


def test_file_size_limit_of_the_system_keeps_the_old_pdf(tmp_path):
    # A real failure from the kernel: writing beyond RLIMIT_FSIZE fails with EFBIG.
    target = _with_old_pdf(tmp_path)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = run("pdf", "g", "-o", "out/g.pdf", cwd=tmp_path, preexec_fn=limit)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "cannot write the PDF: File too large" in result.stderr
    _only_the_old_pdf(tmp_path, target)


def test_output_path_that_is_a_folder(tmp_path):
    make_guide(tmp_path)
    (tmp_path / "out.pdf").mkdir()
    before = snapshot(tmp_path)
    result = run("pdf", "g", "-o", "out.pdf", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "out.pdf:1:1: error: cannot write the PDF: Is a directory" in result.stderr
    assert snapshot(tmp_path) == before


def _big_guide(tmp_path):
    text = "\n\n".join("The Soviet met again and voted on the question of power. " * 12
                       for _ in range(8000)) + "\n"
    return _with_old_pdf(tmp_path, text=text)


def _cpu_seconds(pid: int) -> float:
    """User and system time a running process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _interrupt(tmp_path, sig) -> tuple[int, str]:
    process = subprocess.Popen([sys.executable, "-m", "guidebuilder", "pdf", "g", "-o", "out/g.pdf"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Interrupt once the build has worked for a while (loading takes well under a second
    # of CPU; typesetting some 800 pages several more), however busy the machine is.
    while process.poll() is None and _cpu_seconds(process.pid) < 1.5:
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_build_keeps_the_old_pdf(tmp_path, sig):
    target = _big_guide(tmp_path)
    status, stderr = _interrupt(tmp_path, sig)
    assert status != 0 and "Traceback" not in stderr, stderr
    _only_the_old_pdf(tmp_path, target)


def test_interrupt_exits_130(tmp_path):
    _big_guide(tmp_path)
    status, stderr = _interrupt(tmp_path, signal.SIGINT)
    assert (status, stderr.strip().splitlines()[-1]) == (130, "interrupted")


def test_interrupt_while_writing_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "g.pdf"
    target.write_bytes(OLD)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"%PDF-1.4 new")
    _only_the_old_pdf(tmp_path, target)


def test_failed_rename_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "g.pdf"
    target.write_bytes(OLD)

    def refuse(source, destination):
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"%PDF-1.4 new")
    _only_the_old_pdf(tmp_path, target)


def test_new_pdf_has_ordinary_permissions(tmp_path):
    make_guide(tmp_path)

    def umask():
        os.umask(0o022)

    assert run("pdf", "g", "-o", "new.pdf", cwd=tmp_path, preexec_fn=umask).returncode == 0
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o644  # not mkstemp's private 0600


def test_replaced_pdf_keeps_its_permissions(tmp_path):
    target = _with_old_pdf(tmp_path)
    os.chmod(target, 0o640)
    assert run("pdf", "g", "-o", "out/g.pdf", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() != OLD
