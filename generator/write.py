"""Write the site atomically: into a staging folder, then swapped into place.

A build that fails (or is killed) before the swap leaves the previous output
as it was; the staging folder of a killed build is removed by the next one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .problems import OutputError
from .urls import is_inside

__all__ = ["write_site"]


def write_site(files: dict[str, bytes], copies: list[tuple[Path, str]], output_dir: Path) -> int:
    """Write `files` and copy `copies` ((source, output_path)) to `output_dir`; return the count."""
    output_dir = output_dir.resolve()
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(parent, output_dir.name)
    staging = parent / f".{output_dir.name}.tmp-{os.getpid()}"
    written: set[str] = set()
    try:
        staging.mkdir()
        for source, output_path in copies:
            _claim(staging, output_path, written)
            target = staging / output_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for output_path, data in sorted(files.items()):
            _claim(staging, output_path, written)
            target = staging / output_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _swap(staging, output_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"could not write {output_dir}: {error}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(written)


def _claim(staging: Path, output_path: str, written: set[str]) -> None:
    if not is_inside(staging, output_path):
        raise OutputError(f"refusing to write '{output_path}': it is outside the output folder")
    if output_path in written:
        raise OutputError(f"two outputs would be written to '{output_path}'")
    written.add(output_path)


def _swap(staging: Path, output_dir: Path) -> None:
    old = output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"
    if output_dir.exists():
        os.replace(output_dir, old)
    os.replace(staging, output_dir)
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(parent: Path, name: str) -> None:
    for leftover in parent.glob(f".{name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in parent.glob(f".{name}.old-*"):
        shutil.rmtree(leftover, ignore_errors=True)
