"""Command line: ``generate``, ``check``, ``validate`` and ``diff``.

Exit status of ``generate``, ``check`` and ``validate``: 0 success; 1 spec errors or
(for ``check``) stale output; 2 usage errors.

Exit status of ``diff``: 0 no change at or above ``--fail-on``; 1 some change at or
above it; 2 usage errors (bad arguments, a side that is neither a directory nor a git
revision, no specs on either side); 3 a spec on either side does not load or validate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .diagnostics import SpecError


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
    diff = sub.add_parser(
        "diff",
        help="report what changes for SDKs between two versions of the specs",
        description="Compare the error surface of two versions of the specs. BASE and HEAD are each a directory "
        "of specs if one exists by that name, else a git revision whose SPECS directory is read without a checkout.",
    )
    diff.add_argument("base", metavar="BASE", help="the version before: a git revision or a directory of specs")
    diff.add_argument("head", metavar="HEAD", nargs="?", help="the version after (default: the SPECS directory)")
    diff.add_argument("--specs", type=Path, default=Path("specs"), help="the specs directory, in the work tree and at revisions (default: specs)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="report format (default: text)")
    diff.add_argument("--fail-on", choices=("breaking", "warning", "never"), default="never",
                      help="exit 1 when a change is at or above this level (default: never)")
    return parser


def _diff(args: argparse.Namespace) -> int:
    from .changes import compare, fails
    from .report import FORMATS
    from .surface import SourceError, load_side

    cwd = Path.cwd()
    sides = []
    for name in (args.base, args.head if args.head is not None else str(args.specs)):
        try:
            sides.append(load_side(name, args.specs, cwd))
        except SourceError as exc:
            print(f"generator: error: {exc}", file=sys.stderr)
            return 2
        except SpecError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic.format(), file=sys.stderr)
            print(f"generator: the specs of {name} do not load; nothing was compared", file=sys.stderr)
            return 3
    base, head = sides
    if not base.vendors and not head.vendors:
        print(f"generator: error: no *.yaml specs in {base.label} or {head.label}", file=sys.stderr)
        return 2
    changes = compare(base.pairs, head.pairs)
    sys.stdout.write(FORMATS[args.format](changes, base.label, head.label))
    return 1 if fails(changes, args.fail_on) else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "diff":
        return _diff(args)
    if not args.specs.is_dir():
        print(f"generator: error: specs directory {str(args.specs)!r} does not exist", file=sys.stderr)
        return 2
    started = time.perf_counter()
    from . import pipeline

    files = pipeline.spec_files(args.specs)
    if not files:
        print(f"generator: error: no *.yaml specs in {str(args.specs)!r}", file=sys.stderr)
        return 2
    try:
        checked = pipeline.load_and_check(files)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        errors = sum(d.level == "error" for d in exc.diagnostics)
        print(f"generator: {errors} error(s) in the specs; nothing was written", file=sys.stderr)
        return 1
    for diagnostic in checked.warnings:
        print(diagnostic.format(), file=sys.stderr)
    if checked.warnings and args.strict:
        print(f"generator: {len(checked.warnings)} warning(s) and --strict; nothing was written", file=sys.stderr)
        return 1
    if args.command == "validate":
        if not args.quiet:
            print(f"{len(checked.vendors)} spec(s) valid")
        return 0

    from .writer import diff, write_tree

    files_out: dict[str, str] = {}
    for vendor in checked.vendors:
        begun = time.perf_counter()
        files_out.update(pipeline.render_vendor(vendor))
        if not args.quiet:
            print(f"  {vendor.slug:<16} {time.perf_counter() - begun:6.2f}s")
    files_out = dict(sorted(files_out.items()))
    if args.command == "check":
        text = diff(args.out, files_out, label=str(args.out))
        if text:
            sys.stdout.write(text)
            print(f"generator: {args.out} is stale: run `make generate` and commit the result", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"{args.out} is up to date ({time.perf_counter() - started:.2f}s)")
        return 0
    changed = write_tree(args.out, files_out)
    if not args.quiet:
        state = "written" if changed else "unchanged"
        print(f"{len(files_out)} files {state} in {args.out} ({time.perf_counter() - started:.2f}s)")
    return 0
