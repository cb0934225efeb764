"""The `thidua` command: turns arguments into BuildOptions and results into output.

No build logic lives here. Content problems print as `path:line: message`
and exit 1; usage errors exit 2 (argparse); tracebacks only with --debug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from .build import build, check
from .problems import ContentError, GeneratorError
from .progress import ProgressLine
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
    build_cmd.add_argument("--strict", action="store_true", help="broken links are errors")

    check_cmd = commands.add_parser("check", help="validate everything a build would; write nothing")
    check_cmd.add_argument("site_dir", nargs="?", default=".", type=Path)
    check_cmd.add_argument("--as-of", type=_date, help="treat this day as today (YYYY-MM-DD)")

    serve_cmd = commands.add_parser("serve", help="preview with live reload on 127.0.0.1")
    serve_cmd.add_argument("site_dir", nargs="?", default=".", type=Path)
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--as-of", type=_date, help="treat this day as today (YYYY-MM-DD)")

    new_cmd = commands.add_parser("new", help="create a ready-to-edit file")
    new_cmd.add_argument("kind", choices=["announcement", "campaign", "bloc"])
    new_cmd.add_argument("name", help="the announcement's title, or the campaign's or bloc's id")
    new_cmd.add_argument("--campaign", help="campaign id of the announcement")
    new_cmd.add_argument("--bloc", help="bloc id of the announcement")
    new_cmd.add_argument("--site", dest="site_dir", default=".", type=Path,
                         help="site folder (default: .)")

    schema_cmd = commands.add_parser("schema", help="write JSON Schemas and editor settings")
    schema_cmd.add_argument("site_dir", nargs="?", default=".", type=Path)
    return parser


def run() -> None:
    """The `thidua` command: `main()`, then out without tearing down what the build made.

    Freeing a 10,000-page site object by object takes a fifth of a second that nobody
    waits for gladly; everything the build writes is closed and committed by then."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"build": _build, "check": _check, "serve": _serve, "new": _new, "schema": _schema}
    if not (args.site_dir / "content").is_dir():
        print(f"error: {args.site_dir}/content/ not found; run thidua in a site folder or name one "
              f"(thidua {args.command} path/to/site)", file=sys.stderr)
        return 2
    try:
        return commands[args.command](args)
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
    options = BuildOptions(args.site_dir, args.output, args.as_of, args.drafts, args.base_url,
                           args.strict)
    progress = ProgressLine()
    try:
        result = build(options, progress)
    finally:
        progress.finish()
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"Built {result.rendered + result.reused} pages ({result.rendered} rendered, "
          f"{result.reused} unchanged; {result.files} files) into {result.output_dir} in {elapsed:.2f} s.")
    if result.next_due:
        print(f"Next scheduled announcement is due {result.next_due.isoformat()}: "
              "rebuild then to publish it.")
    return 0


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = check(BuildOptions(args.site_dir, as_of=args.as_of))
    for warning in result.warnings:
        print(warning)
    counts = ", ".join(f"{n} {k}" for k, n in result.counts.items())
    print(f"No problems: {counts} checked in {time.perf_counter() - started:.2f} s.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import PreviewServer

    preview = PreviewServer(args.site_dir, args.port, args.as_of)
    preview.start()
    print(f"Serving http://127.0.0.1:{preview.port}/ (drafts and future items shown); "
          "watching content/ and theme/. Ctrl+C stops.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        preview.stop()
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_announcement, new_bloc, new_campaign

    content_dir = args.site_dir / "content"
    if args.kind == "announcement":
        path = new_announcement(content_dir, args.name, args.campaign, args.bloc)
    elif args.kind == "campaign":
        path = new_campaign(content_dir, args.name)
    else:
        path = new_bloc(content_dir, args.name)
    print(f"Created {path}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .editor_schemas import write_schemas

    for path in write_schemas(args.site_dir):
        print(f"Wrote {path}")
    return 0
