"""Helpers for the hostile-input suite.

Every case builds a tiny guide in a test's tmp_path and runs the real command
line in a subprocess (`python -m guidebuilder pdf|check ...`, cwd=tmp_path).
An input must end in one of two ways:

- refused: exit status 1, exactly the expected `path:line:column: error: …`
  lines on standard error, no traceback, and no file written (the folder is
  byte-for-byte what it was, so no PDF and no temporary file either);
- built: exit status 0, a PDF that passes a structural check (qpdf's, through
  pikepdf), whose text layer holds the input.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from helpers_stage import make_guide as make_guide_folder, write  # noqa: F401  (write: for the cases)

GUIDE = "title: T\ntext: t.txt\n"
TEXT = "One paragraph here.\n\nTwo paragraphs here.\n"
LINE = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): .+$")


def make_guide(root: Path, name: str = "g", text: str | bytes | None = TEXT, guide: str | bytes = GUIDE,
               text_name: str = "t.txt", **lists: str | bytes) -> Path:
    """A guide folder root/name: guide.yaml, the text file and list files given by stem."""
    return make_guide_folder(root / name, text=text, guide=guide, text_name=text_name, **lists)


def run(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120,
        **kwargs) -> subprocess.CompletedProcess:
    """The command line as a user runs it."""
    return subprocess.run([sys.executable, "-m", "guidebuilder", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=timeout, **kwargs)


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    """Standard error without the one-time font preparation notices."""
    return [line for line in result.stderr.splitlines() if not line.startswith("preparing font")]


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file under root with its content (None for folders and special files)."""
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        out[key] = path.read_bytes() if path.is_file() and not path.is_symlink() and not _special(path) else None
    return out


def _special(path: Path) -> bool:
    import stat
    return not stat.S_ISREG(path.lstat().st_mode)


def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr


def refused(cwd: Path, expected: list[str], *args: str, guide: str = "g",
            commands: tuple[str, ...] = ("check", "pdf"), timeout: float = 60) -> None:
    """Both commands refuse the guide with exactly `expected` (errors and warnings, in order),
    exit status 1, no traceback, and write nothing at all."""
    before = snapshot(cwd)
    for command in commands:
        result = run(command, guide, *args, cwd=cwd, timeout=timeout)
        assert_clean(result)
        lines = stderr_lines(result)
        want = list(expected)
        if command == "check":
            errors = sum(": error: " in line for line in expected)
            want.append(f"{errors} error(s), {len(expected) - errors} warning(s)")
        assert (result.returncode, lines) == (1, want), result.stderr
        assert result.stdout == "", result.stdout
        for line in expected:
            assert LINE.match(line), line
        assert snapshot(cwd) == before, f"{command} wrote or changed a file"


def refused_with(cwd: Path, *args: str, guide: str = "g", commands: tuple[str, ...] = ("check", "pdf"),
                 timeout: float = 60) -> list[str]:
    """Like `refused`, for cases whose message holds a system detail: returns the
    diagnostic lines (the same from both commands) for the caller to check."""
    before = snapshot(cwd)
    seen = None
    for command in commands:
        result = run(command, guide, *args, cwd=cwd, timeout=timeout)
        assert_clean(result)
        assert result.returncode == 1, result.stderr
        lines = [line for line in stderr_lines(result) if not re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", line)]
        assert lines and all(LINE.match(line) for line in lines), lines
        assert seen is None or lines == seen
        seen = lines
        assert snapshot(cwd) == before, f"{command} wrote or changed a file"
    return seen


def built(cwd: Path, *args: str, guide: str = "g", check: bool = True, timeout: float = 120,
          warnings: list[str] | None = None) -> bytes:
    """`check` passes and `pdf` writes out.pdf (and nothing else); returns the checked PDF."""
    if check:
        result = run("check", guide, *args, cwd=cwd, timeout=timeout)
        assert_clean(result)
        assert result.returncode == 0, result.stderr
    before = set(snapshot(cwd))
    result = run("pdf", guide, "-o", "out.pdf", *args, cwd=cwd, timeout=timeout)
    assert_clean(result)
    assert (result.returncode, result.stdout) == (0, "out.pdf\n"), result.stderr
    if warnings is not None:
        assert stderr_lines(result) == warnings
    assert set(snapshot(cwd)) - before <= {"out.pdf"}, "a file other than the PDF was left behind"
    data = (cwd / "out.pdf").read_bytes()
    assert_structure(data)
    return data


def assert_structure(data: bytes) -> None:
    """The PDF passes qpdf's check (through pikepdf) and pypdf reads it in strict mode."""
    import pikepdf
    from pypdf import PdfReader

    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1
    for page in reader.pages:
        page.extract_text()


def pdf_text(data: bytes) -> str:
    """The whole text layer."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    """Text compared without white space and hyphens, so line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def no_typography_layout(root: Path, answers: bool = True) -> Path:
    """A layout printing every character as typed (no curly quotes, no hyphenation),
    with teacher answers shown and nothing in the margins or running heads and feet, so
    that text running across pages stays whole in the text layer: its path, for `-l`."""
    return write(root / "literal.yaml",
                 "description: prints as typed\nextends: handout\n"
                 "text: {typography: false, hyphenate: false, paragraph_numbers: false}\n"
                 "header: ''\nfooter: ''\n"
                 f"questions: {{answers: {'true' if answers else 'false'}}}\n")


def yaml_quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back exactly (any code point)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
