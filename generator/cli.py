"""The `thidua` command: turns arguments into BuildOptions and results into output.

No build logic lives here. Content problems print as `path:line: message`
and exit 1; usage errors exit 2 (argparse); tracebacks only with --debug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from .build import build
from .problems import ContentError, GeneratorError
from .settings import BuildOptions

__all__ = ["main"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2025-01-31") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thidua", description="Static sites for thi đua campaigns.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build a site folder into static files")
    build_cmd.add_argument("site_dir", nargs="?", default=".", type=Path,
                           help="folder holding content/ (default: .)")
    build_cmd.add_argument("--output", type=Path, help="output folder (default: SITE_DIR/site)")
    build_cmd.add_argument("--as-of", type=_date, help="treat this day as today (YYYY-MM-DD)")
    build_cmd.add_argument("--drafts", action="store_true",
                           help="include drafts and announcements dated in the future")
    build_cmd.add_argument("--base-url", help="override site.yml's base_url")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _build(args)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(error.summary() + " The previous output is unchanged.", file=sys.stderr)
        return 1
    except GeneratorError as error:
        if args.debug:
            raise
        print(f"error: {error}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    site_dir = args.site_dir
    if not (site_dir / "content").is_dir():
        print(f"error: {site_dir}/content/ not found; run thidua in a site folder or name one "
              "(thidua build path/to/site)", file=sys.stderr)
        return 2
    options = BuildOptions(site_dir, args.output, args.as_of, args.drafts, args.base_url)
    result = build(options)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"Built {result.rendered} pages ({result.files} files) into {result.output_dir} "
          f"in {elapsed:.2f} s.")
    if result.next_due:
        print(f"Next scheduled announcement is due {result.next_due.isoformat()}: "
              "rebuild then to publish it.")
    return 0
