"""`guidebuilder init`: a new guide folder that checks and builds at once, never over an old one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from guidebuilder.diagnostics import Diagnostics
from guidebuilder.scaffold import create_guide, default_title
from helpers import build
from helpers_stage import resolved

TEXT = ("Comrades,\r\n\r\nI am writing these lines on the evening of the 24th. Verkhovsky has gone.\r\n\r\n"
        "We must not wait! Verkhovsky will not return.\r\n")
FILES = ["guide.yaml", "letter.txt", "glossary.yaml", "notes.yaml", "questions.yaml", "timeline.yaml"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidebuilder", *args], cwd=cwd, capture_output=True,
                          text=True, env=os.environ.copy(), timeout=120)


def make(tmp_path: Path, title: str | None = None, name: str = "letter.txt", text: str = TEXT) -> Path:
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    diags = Diagnostics()
    created = create_guide(tmp_path / "new-guide", source, title, diags)
    assert created is not None, [d.format() for d in diags.sorted()]
    return tmp_path / "new-guide"


def test_init_prints_the_files_it_made(tmp_path):
    (tmp_path / "letter.txt").write_text(TEXT, encoding="utf-8")
    result = run("init", "source/my-guide", "--text", "letter.txt", "--title", "My Guide", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"source/my-guide/{name}" for name in FILES]
    assert result.stderr.startswith("next: write the glossary, notes and questions, then run "
                                    "'guidebuilder check source/my-guide'")
    assert sorted(p.name for p in (tmp_path / "source" / "my-guide").iterdir()) == sorted(FILES)
    # the new guide is found by the commands' default (./source)
    check = run("check", cwd=tmp_path)
    assert check.returncode == 0 and check.stdout.startswith("my-guide: My Guide\n")


def test_the_new_guide_builds_and_has_only_warnings(tmp_path):
    folder = make(tmp_path, "A Letter")
    guide, diags = resolved(folder)
    assert guide is not None and not diags.has_errors
    assert len(guide.guide.paragraphs) == 3
    assert (guide.guide.glossary, guide.guide.notes, guide.guide.questions, guide.guide.timeline) == ((),) * 4
    pdf, diags = build(folder)
    assert pdf is not None and pdf.startswith(b"%PDF-"), [d.format() for d in diags.sorted()]


def test_guide_yaml_is_filled_from_the_arguments(tmp_path):
    folder = make(tmp_path, 'Lenin: "Letter" #1 \\ to the CC')
    values = yaml.safe_load((folder / "guide.yaml").read_text(encoding="utf-8"))
    assert values == {"title": 'Lenin: "Letter" #1 \\ to the CC', "language": "en", "text": "letter.txt",
                      "paragraphs": "auto"}
    assert "# The text has 3 paragraphs (blank lines separate paragraphs)" in (folder / "guide.yaml").read_text()


def test_the_default_title_comes_from_the_folder_name(tmp_path):
    assert default_title(Path("source/gettysburg-address")) == "Gettysburg address"
    assert default_title(Path("x/my_new.guide")) == "My new guide"
    folder = make(tmp_path)
    assert yaml.safe_load((folder / "guide.yaml").read_text())["title"] == "New guide"


def test_the_text_is_copied_as_utf8_with_newlines(tmp_path):
    folder = make(tmp_path, text="\ufeff" + TEXT)
    assert (folder / "letter.txt").read_bytes() == TEXT.replace("\r\n", "\n").encode("utf-8")


def test_a_text_named_like_a_guide_file_is_renamed(tmp_path):
    folder = make(tmp_path, name="notes.yaml", text="One line of text.\n")
    assert yaml.safe_load((folder / "guide.yaml").read_text())["text"] == "text.txt"
    assert (folder / "text.txt").read_text() == "One line of text.\n"
    assert (folder / "notes.yaml").read_text().startswith("# notes.yaml:")


def test_starter_files_are_commented_and_help_from_the_text(tmp_path):
    folder = make(tmp_path)
    for name in ("glossary.yaml", "notes.yaml", "questions.yaml", "timeline.yaml"):
        content = (folder / name).read_text(encoding="utf-8")
        assert yaml.safe_load(content) is None, name  # comments only: an empty list
        assert all(line.startswith("#") for line in content.splitlines()), name
    glossary = (folder / "glossary.yaml").read_text(encoding="utf-8")
    assert '# - term: "Verkhovsky"\n#   definition: >-\n#     (found twice: ¶2, ¶3)\n' in glossary
    questions = (folder / "questions.yaml").read_text(encoding="utf-8")
    assert "#     1 = Comrades,\n#     2 = I am writing these lines on the evening …\n" in questions


def test_uncommented_examples_work(tmp_path):
    """The notes example anchors a phrase that occurs once; the glossary stub is a valid entry."""
    folder = make(tmp_path)
    for name in ("notes.yaml", "glossary.yaml"):
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(("# - anchor:", '# - term: "')))
        block = [lines[start]]
        for line in lines[start + 1:]:
            if not line.startswith("#  "):
                break
            block.append(line)
        path.write_text("\n".join(line[2:].split("  #")[0] for line in block) + "\n", encoding="utf-8")
    guide, diags = resolved(folder)
    assert guide is not None and not diags.has_errors, [d.format() for d in diags.sorted()]
    assert guide.guide.notes[0].anchor.text == "I am writing"
    assert guide.guide.glossary[0].term.text == "Verkhovsky"
    assert guide.occurrences == ((2, 3),)


def test_an_existing_folder_is_never_touched(tmp_path):
    (tmp_path / "letter.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "guide.yaml").write_text("title: Mine\n", encoding="utf-8")
    result = run("init", "old", "--text", "letter.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("old:1:1: error: this folder already exists; init never overwrites anything "
                             "(choose a new folder name)\n")
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["guide.yaml"]
    assert (tmp_path / "old" / "guide.yaml").read_text() == "title: Mine\n"
    (tmp_path / "empty").mkdir()
    assert run("init", "empty", "--text", "letter.txt", cwd=tmp_path).returncode == 1
    assert list((tmp_path / "empty").iterdir()) == []


def test_a_bad_text_file_creates_nothing(tmp_path):
    result = run("init", "g", "--text", "missing.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "missing.txt:1:1: error: text file 'missing.txt' not found\n")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    result = run("init", "g", "--text", "latin1.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "latin1.txt:1:4: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8\n"
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    assert run("init", "g", "--text", "empty.txt", cwd=tmp_path).returncode == 1
    assert not (tmp_path / "g").exists()


def test_usage_errors(tmp_path):
    (tmp_path / "t.txt").write_text("Text.\n", encoding="utf-8")
    assert run("init", "g", cwd=tmp_path).returncode == 2  # --text is required
    result = run("init", "g", "--text", "t.txt", "--title", "  ", cwd=tmp_path)
    assert result.returncode == 2 and "the title is empty" in result.stderr
    assert not (tmp_path / "g").exists()
