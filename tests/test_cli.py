"""The command line as a user runs it: real processes, exit statuses, messages, files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES, ROOT, SAMPLE


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidebuilder", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300)


def _guide(folder: Path, text: str = "One.\n\nTwo.\n", **files: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "guide.yaml").write_text(files.pop("guide", "title: T\ntext: t.txt\n"), encoding="utf-8")
    (folder / "t.txt").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (folder / f"{name}.yaml").write_text(content, encoding="utf-8")
    return folder


def test_layouts_lists_handout():
    result = run("layouts")
    assert result.returncode == 0
    assert result.stdout.startswith("handout ")
    assert "footnotes" in result.stdout


def test_check_on_the_sample_is_silent():
    """No error and no warning (the coverage report is empty); the statistics go to stdout."""
    result = run("check", "--strict", str(SAMPLE))
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "letter-1917-10-24: Letter to Central Committee Members"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "words in the text", "reading time", "readability", "glossary terms", "notes", "questions"]
    assert lines[1] == "  words in the text: 541 in 16 paragraphs"
    assert lines[2] == "  reading time:      about 3 minutes at 200 words a minute"
    assert lines[3].startswith("  readability:       Flesch–Kincaid grade ")


def test_check_reports_all_errors_at_once(tmp_path):
    _guide(tmp_path / "g", glossary="- term: A\n  defintion: x\n", notes="- anchor: nowhere\n  text: n\n",
           questions="- prompt: Q\n  refs: [9]\n  lines: 41\n")
    result = run("check", "g", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "g/glossary.yaml:1:3: error: glossary entry is missing 'definition'",
        "g/glossary.yaml:2:3: error: unknown key 'defintion' in glossary entry (did you mean 'definition'?)",
        "g/questions.yaml:3:10: error: 'lines' must be from 0 to 40, found 41",
        "3 error(s), 0 warning(s)",
    ]
    assert "Traceback" not in result.stderr


def test_resolve_errors_are_reported_after_the_model_is_valid(tmp_path):
    _guide(tmp_path / "g", notes="- anchor: nowhere\n  text: n\n", questions="- prompt: Q\n  refs: [9]\n")
    result = run("check", "g", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "g/notes.yaml:1:11: error: note anchor 'nowhere' is not in the text",
        "g/questions.yaml:2:10: error: question refers to paragraph 9, but the text has 2",
        "2 error(s), 0 warning(s)",
    ]


def test_pdf_writes_to_build_and_prints_the_path(tmp_path):
    _guide(tmp_path / "source" / "mine")
    result = run("pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "build/mine-handout.pdf"
    assert (tmp_path / "build" / "mine-handout.pdf").read_bytes().startswith(b"%PDF-")


def test_output_file_and_paper(tmp_path):
    _guide(tmp_path / "g")
    result = run("pdf", "g", "-o", "out/x.pdf", "--paper", "letter", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader
    box = PdfReader(tmp_path / "out" / "x.pdf").pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)


def test_failed_build_keeps_the_old_pdf_and_leaves_no_temporary_file(tmp_path):
    _guide(tmp_path / "g")
    assert run("pdf", "g", "-o", "out/g.pdf", cwd=tmp_path).returncode == 0
    before = (tmp_path / "out" / "g.pdf").read_bytes()
    (tmp_path / "g" / "notes.yaml").write_text("- anchor: missing phrase\n  text: n\n", encoding="utf-8")
    result = run("pdf", "g", "-o", "out/g.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "g/notes.yaml:1:11: error: note anchor 'missing phrase' is not in the text"
    assert (tmp_path / "out" / "g.pdf").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["g.pdf"]


def test_exception_inside_reportlab_keeps_the_old_pdf(tmp_path, monkeypatch):
    from guidebuilder import cli
    from guidebuilder.render import document

    _guide(tmp_path / "g")
    target = tmp_path / "g.pdf"
    target.write_bytes(b"%PDF- old")
    monkeypatch.chdir(tmp_path)

    def explode(*args, **kwargs):
        raise RuntimeError("simulated failure inside ReportLab")

    monkeypatch.setattr(document.BaseDocTemplate, "build", explode)
    with pytest.raises(SystemExit) as stop:
        sys.argv = ["guidebuilder", "pdf", "g", "-o", "g.pdf"]
        cli.main()
    assert stop.value.code == 3
    assert target.read_bytes() == b"%PDF- old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g", "g.pdf"]


def test_usage_errors_exit_2(tmp_path):
    assert run("pdf", "--no-such-option").returncode == 2
    assert run("pdf", "--paper", "a3").returncode == 2
    result = run("pdf", cwd=tmp_path)  # no ./source here
    assert result.returncode == 2 and "no guide folders under ./source" in result.stderr


def test_unknown_layout_is_bad_input(tmp_path):
    result = run("pdf", str(SAMPLE), "-l", "handuot", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "handuot:1:1: error: no layout named 'handuot' (did you mean 'handout'?)"


def test_one_file_for_many_pdfs_is_a_usage_error(tmp_path):
    result = run("pdf", str(SAMPLE), str(FIXTURES / "scripts"), "-o", "x.pdf", cwd=tmp_path)
    assert result.returncode == 2


def test_bad_source_date_epoch_is_a_usage_error(tmp_path):
    result = run("pdf", str(SAMPLE), env={"SOURCE_DATE_EPOCH": "yesterday"}, cwd=tmp_path)
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr


def test_batch_build_in_parallel_keeps_going_after_a_bad_guide(tmp_path):
    for name in ("a", "b", "c"):
        _guide(tmp_path / "source" / name)
    (tmp_path / "source" / "b" / "notes.yaml").write_text("- anchor: nowhere\n  text: n\n", encoding="utf-8")
    result = run("pdf", "-j", "2", "-l", "handout", "-l", "teacher", cwd=tmp_path)
    assert result.returncode == 1
    assert sorted(result.stdout.split()) == ["build/a-handout.pdf", "build/a-teacher.pdf",
                                             "build/c-handout.pdf", "build/c-teacher.pdf"]
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["source/b/notes.yaml:1:11: error: note anchor 'nowhere' is not in the text"] * 2
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 6 and progress[-1].startswith("[6/6] ")
    assert result.stderr.splitlines()[-1].startswith("built 4, failed 2, in ")
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        "a-handout.pdf", "a-teacher.pdf", "c-handout.pdf", "c-teacher.pdf"]


def test_parallel_and_serial_builds_give_the_same_bytes(tmp_path):
    for name in ("a", "b"):
        _guide(tmp_path / "source" / name)
    assert run("pdf", "-j", "1", "-o", "one", cwd=tmp_path).returncode == 0
    assert run("pdf", "-j", "2", "-o", "two", cwd=tmp_path).returncode == 0
    for name in ("a-handout.pdf", "b-handout.pdf"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
