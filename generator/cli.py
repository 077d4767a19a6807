"""Command line: ``generate``, ``check``, ``validate`` and ``diff``.

Exit status of ``generate``, ``check`` and ``validate``: 0 success; 1 spec errors (or
warnings with ``--strict``), or for ``check`` stale output; 2 usage errors (bad
arguments, no specs, an output directory that is not the generator's to replace).

Exit status of ``diff``: 0 no change at or above ``--fail-on``; 1 some change at or
above it; 2 usage errors (bad arguments, a side that is neither a directory nor a git
revision, no specs on either side); 3 a spec on either side does not load or validate.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import spec_files
from .spec.diagnostics import Diagnostic, SpecError

if TYPE_CHECKING:
    from . import pipeline

USAGE_ERROR = 2
DEFAULT_CACHE = Path(".cache") / "error-contracts"
LOAD_ERROR = 3  # diff only: a side's specs do not load or validate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="generator", description="Generate typed error packages from vendor error specs."
    )
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
            cmd.add_argument(
                "--out", type=Path, default=Path("generated"), help="output directory (default: generated)"
            )
        if name != "validate":
            cmd.add_argument(
                "--jobs",
                "-j",
                type=int,
                default=os.cpu_count() or 1,
                help="processes for the vendors to regenerate (default: the number of CPUs)",
            )
        if name == "generate":
            cmd.add_argument("--no-cache", action="store_true", help="regenerate every vendor, ignoring the cache")
            cmd.add_argument(
                "--cache-dir", type=Path, default=DEFAULT_CACHE, help=f"cache directory (default: {DEFAULT_CACHE})"
            )
    diff = sub.add_parser(
        "diff",
        help="report what changes for SDKs between two versions of the specs",
        description="Compare the error surface of two versions of the specs. BASE and HEAD are each a directory "
        "of specs if one exists by that name, else a git revision whose SPECS directory is read without a checkout.",
    )
    diff.add_argument("base", metavar="BASE", help="the version before: a git revision or a directory of specs")
    diff.add_argument("head", metavar="HEAD", nargs="?", help="the version after (default: the SPECS directory)")
    diff.add_argument(
        "--specs",
        type=Path,
        default=Path("specs"),
        help="the specs directory, in the work tree and at revisions (default: specs)",
    )
    diff.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="report format (default: text)"
    )
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "warning", "never"),
        default="never",
        help="exit 1 when a change is at or above this level (default: never)",
    )
    for cmd in sub.choices.values():
        _limit_arguments(cmd)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def _limit_arguments(cmd: argparse.ArgumentParser) -> None:
    """The bounds a spec is loaded within (``spec.loader.Limits``); a hostile spec meets them quickly."""
    from .spec.loader import Limits

    cmd.add_argument(
        "--max-spec-bytes",
        type=_positive,
        default=Limits.spec_bytes,
        metavar="N",
        help=f"refuse a spec file larger than N bytes (default: {Limits.spec_bytes})",
    )
    cmd.add_argument(
        "--max-expanded-bytes",
        type=_positive,
        default=Limits.expanded_bytes,
        metavar="N",
        help="refuse a spec whose data, with YAML aliases and merge keys expanded, exceeds N bytes "
        f"(default: {Limits.expanded_bytes})",
    )


def _usage_error(message: str) -> int:
    print(f"generator: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def _report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _diff(args: argparse.Namespace) -> int:
    from .diff.compare import compare
    from .diff.report import FORMATS
    from .diff.rules import fails
    from .diff.sides import SourceError, load_side

    cwd = Path.cwd()
    sides = []
    for name in (args.base, args.head if args.head is not None else str(args.specs)):
        try:
            sides.append(load_side(name, args.specs, cwd))
        except SourceError as exc:
            return _usage_error(str(exc))
        except SpecError as exc:
            _report(exc.diagnostics)
            print(f"generator: the specs of {name} do not load; nothing was compared", file=sys.stderr)
            return LOAD_ERROR
    base, head = sides
    if not base.vendors and not head.vendors:
        return _usage_error(f"no *.yaml specs in {base.label} or {head.label}")
    changes = compare(base.vendors, head.vendors)
    sys.stdout.write(FORMATS[args.format](changes, base.label, head.label))
    return 1 if fails(changes, args.fail_on) else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .spec.loader import Limits, set_limits

    set_limits(Limits(spec_bytes=args.max_spec_bytes, expanded_bytes=args.max_expanded_bytes))
    if args.command == "diff":
        return _diff(args)
    if not args.specs.is_dir():
        return _usage_error(f"specs directory {str(args.specs)!r} does not exist or is not a directory")
    out: Path | None = getattr(args, "out", None)
    if args.command == "generate" and out is not None:
        from .output.writer import output_problem

        if args.specs.resolve() == out.resolve() or out.resolve() in args.specs.resolve().parents:
            return _usage_error(f"the output directory {str(out)!r} would hold the specs; choose another --out")
        if problem := output_problem(out):
            return _usage_error(f"refusing to replace {problem}; point --out at the generated packages' directory")
    started = time.perf_counter()
    files = spec_files(args.specs)
    if not files:
        return _usage_error(f"no *.yaml specs in {str(args.specs)!r}")
    if args.command == "generate":
        return _generate(args, files, started)
    if args.command == "check":
        return _check(args, files, started)
    from . import pipeline

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
    if not args.quiet:
        print(
            f"{len(checked.vendors)} spec(s) valid"
            + (f", {len(checked.warnings)} warning(s)" if checked.warnings else "")
        )
    return 0


def _check(args: argparse.Namespace, files: list[Path], started: float) -> int:
    """Regenerate in memory (never from the cache) and fail with a diff when stale."""
    from . import pipeline
    from .output.writer import diff

    produced = pipeline.produce(files, args.jobs)
    if (status := _problems(produced, args.strict)) is not None:
        return status
    text = diff(args.out, produced.files, label=str(args.out))
    if text:
        sys.stdout.write(text)
        print(f"generator: {args.out} is stale: run `make generate` and commit the result", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{args.out} is up to date ({time.perf_counter() - started:.2f}s)")
    return 0


def _problems(produced: pipeline.Produced, strict: bool) -> int | None:
    """Print every problem and warning at once; the exit status when nothing may be written."""
    if not produced.ok:
        _report(sorted(produced.problems + produced.unrendered))
        if produced.problems:
            errors = sum(d.level == "error" for d in produced.problems)
            print(f"generator: {errors} error(s) in the specs; nothing was written", file=sys.stderr)
        if produced.unrendered:
            print(
                f"generator: {len(produced.unrendered)} package(s) could not be generated; nothing was written",
                file=sys.stderr,
            )
        return 1
    for warning in produced.warnings:
        print(warning, file=sys.stderr)
    if produced.warnings and strict:
        print(f"generator: {len(produced.warnings)} warning(s) and --strict; nothing was written", file=sys.stderr)
        return 1
    return None


def _generate(args: argparse.Namespace, files: list[Path], started: float) -> int:
    """Regenerate the output directory, taking unchanged vendors from the cache.

    Every spec's problems are reported before anything is written; nothing is written
    (or cached) unless every vendor generated.
    """
    from . import pipeline
    from .output.writer import UnsafeOutput

    cache_dir = None if args.no_cache else args.cache_dir
    produced = pipeline.produce(files, args.jobs, cache_dir)
    if (status := _problems(produced, args.strict)) is not None:
        return status
    try:
        changed = pipeline.write_output(args.out, produced, cache_dir)
    except UnsafeOutput as exc:
        return _usage_error(f"refusing to replace {exc}")
    if not args.quiet:
        for file in files:
            slug, seconds, state = produced.lines[file]
            print(f"  {slug:<16} {seconds:6.2f}s  {state}")
        state = "written" if changed else "unchanged"
        print(f"{len(produced.files)} files {state} in {args.out} ({time.perf_counter() - started:.2f}s)")
    return 0
