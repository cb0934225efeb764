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


def write_site(files: dict[str, bytes], copies: list[tuple[Path, str]], output_dir: Path,
               links: list[tuple[Path, str]] = ()) -> int:
    """Write `files`, copy `copies` and hard-link `links` ((source, output_path)); return the count.

    `links` is for files nobody edits in place (the installed theme's assets): a link costs
    nothing. Media are copied, so an in-place edit can never reach a published site.
    """
    output_dir = output_dir.resolve()
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(parent, output_dir.name)
    staging = parent / f".{output_dir.name}.tmp-{os.getpid()}"
    written: set[str] = set()
    try:
        staging.mkdir()
        transfers = [(source, path, _link_or_copy) for source, path in links]
        transfers += [(source, path, shutil.copyfile) for source, path in copies]
        for source, output_path, transfer in transfers:
            transfer(source, _target(staging, output_path, written))
        for output_path, data in sorted(files.items()):
            _target(staging, output_path, written).write_bytes(data)
        _swap(staging, output_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"could not write {output_dir}: {error}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(written)


def _link_or_copy(source: Path, target: Path) -> None:
    # Across file systems, or where links are refused, fall back to a copy.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _target(staging: Path, output_path: str, written: set[str]) -> Path:
    """The file to write for `output_path`, once, and only inside the staging folder."""
    if not is_inside(staging, output_path):
        raise OutputError(f"refusing to write '{output_path}': it is outside the output folder")
    if output_path in written:
        raise OutputError(f"two outputs would be written to '{output_path}'")
    written.add(output_path)
    target = staging / output_path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


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
