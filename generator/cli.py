"""Command line: ``generate``, ``check`` and ``validate``.

Exit status: 0 success; 1 spec errors (or warnings with ``--strict``), or for ``check``
stale output; 2 usage errors (bad arguments, no specs, an output directory that is not
the generator's to replace).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .diagnostics import Diagnostic, SpecError

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="generator", description="Generate typed error packages from vendor error specs.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "regenerate the output directory from the specs"),
        ("check", "regenerate in memory and fail with a diff when the output directory is stale"),
        ("validate", "check the specs without generating anything"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--specs", type=Path, default=Path("specs"), help="directory of vendor specs (default: specs)")
        cmd.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name != "validate":
            cmd.add_argument("--out", type=Path, default=Path("generated"), help="output directory (default: generated)")
    return parser


def _usage_error(message: str) -> int:
    print(f"generator: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def _report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.specs.is_dir():
        return _usage_error(f"specs directory {str(args.specs)!r} does not exist or is not a directory")
    out: Path | None = getattr(args, "out", None)
    if args.command == "generate" and out is not None:
        from .writer import output_problem

        if args.specs.resolve() == out.resolve() or out.resolve() in args.specs.resolve().parents:
            return _usage_error(f"the output directory {str(out)!r} would hold the specs; choose another --out")
        if problem := output_problem(out):
            return _usage_error(f"refusing to replace {problem}; point --out at the generated packages' directory")
    started = time.perf_counter()
    from . import pipeline

    files = pipeline.spec_files(args.specs)
    if not files:
        return _usage_error(f"no *.yaml specs in {str(args.specs)!r}")
    try:
        checked = pipeline.load_and_check(files)
    except SpecError as exc:
        _report(exc.diagnostics)
        errors = sum(d.level == "error" for d in exc.diagnostics)
        print(f"generator: {errors} error(s) in the specs; nothing was written", file=sys.stderr)
        return 1
    _report(checked.warnings)
    if checked.warnings and args.strict:
        print(f"generator: {len(checked.warnings)} warning(s) and --strict; nothing was written", file=sys.stderr)
        return 1
    if args.command == "validate":
        if not args.quiet:
            print(f"{len(checked.vendors)} spec(s) valid" + (f", {len(checked.warnings)} warning(s)" if checked.warnings else ""))
        return 0

    from .writer import UnsafeOutput, diff, write_tree

    def progress(slug: str, seconds: float) -> None:
        if not args.quiet:
            print(f"  {slug:<16} {seconds:6.2f}s")

    try:
        files_out = pipeline.render_all(checked, progress)
    except SpecError as exc:
        _report(exc.diagnostics)
        print(f"generator: {len(exc.diagnostics)} package(s) could not be generated; nothing was written", file=sys.stderr)
        return 1
    if args.command == "check":
        text = diff(args.out, files_out, label=str(args.out))
        if text:
            sys.stdout.write(text)
            print(f"generator: {args.out} is stale: run `make generate` and commit the result", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"{args.out} is up to date ({time.perf_counter() - started:.2f}s)")
        return 0
    try:
        changed = write_tree(args.out, files_out)
    except UnsafeOutput as exc:
        return _usage_error(f"refusing to replace {exc}")
    if not args.quiet:
        state = "written" if changed else "unchanged"
        print(f"{len(files_out)} files {state} in {args.out} ({time.perf_counter() - started:.2f}s)")
    return 0
