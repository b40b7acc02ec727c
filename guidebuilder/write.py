"""Write stage: output files replaced atomically, never left half written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A reader (or a failed build) sees either the old file or the complete new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


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
