"""Hostile paths: nothing outside the guide folder is read, nothing blocks, nothing crashes."""

from __future__ import annotations

import os

import pytest

from hostile_helpers import Timer, make_guide, refused, refused_with, write


def _outside(tmp_path):
    return write(tmp_path / "secret.txt", "A secret outside the guide.\n")


def test_relative_path_leaving_the_folder(tmp_path):
    _outside(tmp_path)
    make_guide(tmp_path, text=None, guide="title: T\ntext: ../secret.txt\n")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path '../secret.txt' leads outside the guide folder"])


def test_relative_path_leaving_and_coming_back_elsewhere(tmp_path):
    _outside(tmp_path)
    make_guide(tmp_path, guide="title: T\ntext: ./sub/../../secret.txt\n")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path './sub/../../secret.txt' leads outside the guide folder"])


def test_absolute_path(tmp_path):
    make_guide(tmp_path, text=None, guide="title: T\ntext: /etc/passwd\n")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path '/etc/passwd' is absolute; "
                       "give a path inside the guide folder"])


def test_text_through_a_symlink_pointing_outside(tmp_path):
    _outside(tmp_path)
    folder = make_guide(tmp_path, text=None, guide="title: T\ntext: link.txt\n")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path 'link.txt' leads outside the guide folder"])


def test_text_through_a_symlinked_folder_pointing_outside(tmp_path):
    _outside(tmp_path)
    folder = make_guide(tmp_path, text=None, guide="title: T\ntext: up/secret.txt\n")
    (folder / "up").symlink_to(tmp_path)
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path 'up/secret.txt' leads outside the guide folder"])


def test_symlink_to_a_device(tmp_path):
    folder = make_guide(tmp_path, text=None, guide="title: T\ntext: zero\n")
    (folder / "zero").symlink_to("/dev/zero")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path 'zero' leads outside the guide folder"])


@pytest.mark.parametrize("name", ["glossary.yaml", "notes.yaml", "questions.yaml", "timeline.yaml"])
def test_list_file_symlinked_outside(tmp_path, name):
    write(tmp_path / "elsewhere.yaml", "- term: a\n  definition: b\n")
    folder = make_guide(tmp_path)
    (folder / name).symlink_to(tmp_path / "elsewhere.yaml")
    refused(tmp_path, [f"g/{name}:1:1: error: {name} leads outside the guide folder"])


def test_guide_yaml_symlinked_outside(tmp_path):
    write(tmp_path / "other.yaml", "title: T\ntext: t.txt\n")
    folder = make_guide(tmp_path)
    (folder / "guide.yaml").unlink()
    (folder / "guide.yaml").symlink_to(tmp_path / "other.yaml")
    refused(tmp_path, ["g/guide.yaml:1:1: error: guide.yaml leads outside the guide folder"])


def test_symlink_loop(tmp_path):
    folder = make_guide(tmp_path, text=None, guide="title: T\ntext: loop\n")
    (folder / "loop").symlink_to("loop")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text path 'loop' cannot be followed (a loop of symbolic links?)"])


def test_list_file_symlink_loop(tmp_path):
    folder = make_guide(tmp_path)
    (folder / "notes.yaml").symlink_to("notes.yaml")
    refused(tmp_path, ["g/notes.yaml:1:1: error: notes.yaml leads outside the guide folder"])


def test_text_path_with_a_nul_character(tmp_path):
    make_guide(tmp_path, guide='title: T\ntext: "t.txt\\0.pdf"\n')
    refused(tmp_path, ["g/guide.yaml:2:7: error: control character U+0000 in 'text' (at character 6)"])


def test_text_missing(tmp_path):
    make_guide(tmp_path, text=None)
    refused(tmp_path, ["g/guide.yaml:2:7: error: text file 't.txt' not found"])


def test_home_is_not_expanded(tmp_path):
    make_guide(tmp_path, guide="title: T\ntext: ~/t.txt\n")
    refused(tmp_path, ["g/guide.yaml:2:7: error: text file 't.txt' not found"])


@pytest.mark.parametrize("path", ["chapters", ".", "chapters/"])
def test_text_is_a_folder(tmp_path, path):
    folder = make_guide(tmp_path, text=None, guide=f"title: T\ntext: {path}\n")
    (folder / "chapters").mkdir()
    name = "g" if path == "." else "chapters"
    refused(tmp_path, [f"g/guide.yaml:2:7: error: expected a text file '{name}', found a folder"])


def test_list_file_is_a_folder(tmp_path):
    folder = make_guide(tmp_path)
    (folder / "glossary.yaml").mkdir()
    refused(tmp_path, ["g/glossary.yaml:1:1: error: expected a YAML file, found a folder"])


@pytest.mark.parametrize("content", [b"", b"\n\n\n", b"  \t \n \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n"],
                         ids=["empty", "newlines", "blanks", "bom", "bom-crlf"])
def test_text_is_empty(tmp_path, content):
    make_guide(tmp_path, text=content)
    refused(tmp_path, ["g/guide.yaml:2:7: error: the text file 't.txt' is empty"])


def test_text_is_a_named_pipe_and_nothing_waits(tmp_path):
    folder = make_guide(tmp_path, text=None, guide="title: T\ntext: pipe\n")
    os.mkfifo(folder / "pipe")
    with Timer() as timer:
        refused(tmp_path, ["g/guide.yaml:2:7: error: text file 'pipe' is not a regular file "
                           "(a pipe, socket or device); give a file"], timeout=20)
    assert timer.seconds < 15


def test_list_file_is_a_named_pipe_and_nothing_waits(tmp_path):
    folder = make_guide(tmp_path)
    os.mkfifo(folder / "glossary.yaml")
    refused(tmp_path, ["g/glossary.yaml:1:1: error: YAML file is not a regular file "
                       "(a pipe, socket or device); give a file"], timeout=20)


def test_guide_folder_and_guide_yaml_missing(tmp_path):
    (tmp_path / "empty").mkdir()
    refused(tmp_path, ["nowhere:1:1: error: guide folder not found"], guide="nowhere")
    refused(tmp_path, ["empty/guide.yaml:1:1: error: guide.yaml not found; every guide folder needs one"],
            guide="empty")


def test_text_larger_than_the_limit_is_refused_quickly(tmp_path):
    folder = make_guide(tmp_path, text=None)
    with open(folder / "t.txt", "wb") as stream:
        stream.truncate(8 * 1024 * 1024 + 1)  # sparse: size is what counts
    with Timer() as timer:
        refused(tmp_path, ["g/guide.yaml:2:7: error: text file 't.txt' is 8,388,609 bytes; the limit is 8,388,608"])
    assert timer.seconds < 15


@pytest.mark.parametrize("content, expected", [
    (b"One.\n\nTw\xc3o.\n", "g/t.txt:3:3: error: invalid UTF-8 (byte 0xc3); save the file as UTF-8"),
    (b"One.\n\xd0\x9e\xd0\xbd\xd0\xb0 \xff\n", "g/t.txt:2:5: error: invalid UTF-8 (byte 0xff); save the file as UTF-8"),
    (b"One.\nT\x00wo.\n", "g/t.txt:2:2: error: control character U+0000 in the text"),
    (b"One.\r\nT\x07wo.\r\n", "g/t.txt:2:2: error: control character U+0007 in the text"),
    ("One.\nT\u0085wo.\n".encode(), "g/t.txt:2:2: error: control character U+0085 in the text"),
    (b"One.\nT\x7fwo.\n", "g/t.txt:2:2: error: control character U+007F in the text"),
    (b"One.\x0cTwo.\n", "g/t.txt:1:5: error: control character U+000C in the text"),
], ids=["bad-utf8", "bad-utf8-after-cyrillic", "nul", "bell-crlf", "c1-next-line", "delete", "form-feed"])
def test_bad_bytes_in_the_text(tmp_path, content, expected):
    make_guide(tmp_path, text=content)
    refused(tmp_path, [expected])


def test_unreadable_text_file(tmp_path):
    folder = make_guide(tmp_path)
    os.chmod(folder / "t.txt", 0)
    try:
        if os.access(folder / "t.txt", os.R_OK):
            pytest.skip("running as a user who can read any file")
        lines = refused_with(tmp_path)
        assert lines == ["g/guide.yaml:2:7: error: cannot read text file 't.txt': Permission denied"]
    finally:
        os.chmod(folder / "t.txt", 0o644)
