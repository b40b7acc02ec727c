"""Write stage: output files replaced atomically, never left half written."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The permissions of the new file: the old file's, else what a plain open() gives."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A reader (or a failed build) sees either the old file or the complete new
    one: any failure (a full disk, an interrupt) removes the temporary file and
    leaves the old file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)  # mkstemp makes it private (0600)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every system can open a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def create_folder(path: Path, files: dict[str, bytes]) -> None:
    """Create the folder `path` holding `files` (name -> content).

    Refuses with FileExistsError when anything exists at `path`; a failure
    while writing removes the folder again, so no half-made folder is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir()  # atomic: fails when the path exists
    try:
        for name, data in files.items():
            with open(path / name, "xb") as stream:
                stream.write(data)
    except BaseException:
        for name in files:
            try:
                (path / name).unlink()
            except FileNotFoundError:
                pass
        path.rmdir()
        raise
