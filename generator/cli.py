"""Command line: ``generate``, ``check``, ``validate`` and ``diff``.

Exit status of ``generate``, ``check`` and ``validate``: 0 success; 1 spec errors (or
warnings with ``--strict``), or for ``check`` stale output; 2 usage errors (bad
arguments or configuration, no specs, a package directory in the output that is not
the generator's to replace).

Every command reads ``[tool.error-contracts]`` from the nearest ``pyproject.toml`` (or
``--config FILE``, see ``config``); ``--specs``, ``--out`` and ``--cache-dir`` override it.

Exit status of ``diff``: 0 no change at or above ``--fail-on``; 1 some change at or
above it; 2 usage errors (bad arguments; a side that is empty, neither a directory nor
a git revision, or a bare name that is both, see ``diff.sides``; no specs on either
side); 3 a spec on either side does not load or validate.

Every command: 4 an operating-system error (disk full, permission denied, read-only
file system, busy, out of memory; reading the specs, the output or a configuration file,
or writing the output or stdout), reported on one line naming the path and the cause,
the previous output left as it was; 130 interrupted (Ctrl-C), one line.

Every command takes ``-v/--verbose`` and ``--color auto|always|never``, before or after
its name; stdout carries only the output asked for, everything else goes to stderr
(``terminal``).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__, terminal
from .config import DEFAULT_CACHE, DEFAULT_COMMAND, DEFAULT_OUT, DEFAULT_SPECS, ConfigError
from .display import printable
from .paths import spec_files
from .report import FORMATS, as_github, as_json
from .spec.diagnostics import Diagnostic, SpecError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the way to a run that changes nothing
if TYPE_CHECKING:
    from . import pipeline

USAGE_ERROR = 2
LOAD_ERROR = 3  # diff only: a side's specs do not load or validate
SYSTEM_ERROR = 4  # disk full, permission denied, read-only file system, busy, out of memory
INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


COMMANDS = ("generate", "check", "validate", "diff")


def _columns() -> int:
    """``shutil.get_terminal_size().columns`` (COLUMNS, else the terminal of stdout, else 80),
    without importing shutil (which imports zlib, bz2 and lzma): argparse asks for it as
    soon as an option is added, to check its help text."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, at the width it would choose (``_columns``)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. With ``only`` (the command named in the arguments), only that
    command: the others are not needed to parse it, and building every option of every
    command was a tenth of a run that changes nothing."""
    parser = argparse.ArgumentParser(
        prog="error-contracts",
        description="Generate typed error packages from vendor error specs.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _conventions(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "regenerate the output directory from the specs"),
        ("check", "regenerate in memory and fail with a diff when the output directory is stale"),
        ("validate", "check the specs without generating anything"),
    ):
        if only is not None and name != only:
            continue
        cmd = sub.add_parser(name, help=help_text, formatter_class=_HelpFormatter)
        cmd.add_argument(
            "--specs",
            type=Path,
            help=f"directory of vendor specs (default: the configuration's specs, else {DEFAULT_SPECS})",
        )
        cmd.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
        if name != "generate":
            cmd.add_argument(
                "--format",
                choices=FORMATS,
                default="text",
                help="diagnostics as text on stderr (default), one JSON document on stdout, "
                "GitHub Actions workflow commands on stdout, or a SARIF 2.1.0 log on stdout",
            )
        if name != "validate":
            cmd.add_argument(
                "--out",
                type=Path,
                help=f"output directory (default: the configuration's out, else {DEFAULT_OUT}); only the package "
                "directories the generator owns there are replaced, every other entry is left alone",
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
                "--cache-dir",
                type=Path,
                help=f"cache directory (default: the configuration's cache-dir, else {DEFAULT_CACHE}); used only "
                "if new, empty or the cache's own",
            )
    if only is None or only == "diff":
        diff = sub.add_parser(
            "diff",
            formatter_class=_HelpFormatter,
            help="report what changes for SDKs between two versions of the specs",
            description="Compare the error surface of two versions of the specs. BASE and HEAD are each dir:PATH, a "
            "directory of specs, or rev:REV, a git revision whose SPECS directory is read without a checkout; a bare "
            "name is whichever of the two exists, and refused when both do.",
        )
        _diff_arguments(diff)
    for cmd in sub.choices.values():
        _limit_arguments(cmd)
        cmd.add_argument(
            "--config",
            type=Path,
            metavar="FILE",
            help="read [tool.error-contracts] from FILE (default: the nearest pyproject.toml from here upward)",
        )
        _conventions(cmd, top=False)
    return parser


def _diff_arguments(diff: argparse.ArgumentParser) -> None:
    diff.add_argument("base", metavar="BASE", help="the version before: rev:REV or dir:PATH")
    diff.add_argument("head", metavar="HEAD", nargs="?", help="the version after (default: dir:SPECS)")
    diff.add_argument(
        "--specs",
        type=Path,
        help=f"the specs directory, in the work tree and at revisions (default: the configuration's specs, else "
        f"{DEFAULT_SPECS})",
    )
    diff.add_argument(
        "--format",
        choices=("text", "markdown", "json", "sarif"),
        default="text",
        help="report format (default: text); sarif is a SARIF 2.1.0 log for code scanning",
    )
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "warning", "never"),
        default="never",
        help="exit 1 when a change is at or above this level (default: never)",
    )


def _conventions(cmd: argparse.ArgumentParser, top: bool) -> None:
    """``-v`` and ``--color``, accepted before the command's name and after it (where a
    default would overwrite the one given before, so there is none)."""
    cmd.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="also say what was done and why, on stderr (per vendor: cache decision and stage times; files written)",
    )
    cmd.add_argument(
        "--color",
        "--colour",
        choices=terminal.COLOR_MODES,
        default="auto" if top else argparse.SUPPRESS,
        help="colour levels: auto (default: on a terminal, unless NO_COLOR is set), always or never",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def _limit_arguments(cmd: argparse.ArgumentParser) -> None:
    """The bounds a spec is loaded within (``spec.limits.Limits``); a hostile spec meets them quickly."""
    from .spec.limits import Limits

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
    terminal.error(printable(message))  # may quote git, file names
    return USAGE_ERROR


def _waiting(out: Path) -> None:
    print(f"generator: waiting for another run writing {str(out)!r} to finish", file=sys.stderr)


def _report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        terminal.diagnostic(diagnostic)


def _emit(
    form: str,
    diagnostics: Sequence[Diagnostic],
    stale: Sequence[tuple[str, str]] | None = None,
    diff: str = "",
    command: str = DEFAULT_COMMAND,
) -> None:
    """The diagnostics (and for ``check`` the stale files) in ``--format`` json, github or sarif, on stdout."""
    from .sarif import as_sarif

    ordered = sorted(diagnostics)
    if form == "sarif":
        sys.stdout.write(as_sarif(ordered, stale, command=command))
    else:
        sys.stdout.write(as_json(ordered, stale, diff) if form == "json" else as_github(ordered, stale or (), command))


def _diff(args: argparse.Namespace) -> int:
    from .diff.compare import compare
    from .diff.report import FORMATS, text_report
    from .diff.rules import fails
    from .diff.sarif import sarif_report
    from .diff.sides import SourceError, load_side
    from .sarif import artifact_root

    cwd = Path.cwd()
    sides = []
    for role, name in (("base", args.base), ("head", args.head if args.head is not None else f"dir:{args.specs}")):
        begun = time.perf_counter()
        try:
            sides.append(load_side(name, args.specs, cwd, args.vendors))
        except SourceError as exc:
            return _usage_error(str(exc))
        except SpecError as exc:
            _report(exc.diagnostics)
            terminal.problem(f"generator: the specs of {printable(name)} do not load; nothing was compared")
            return LOAD_ERROR
        terminal.side(role, sides[-1], time.perf_counter() - begun)
    base, head = sides
    if not base.vendors and not head.vendors:
        return _usage_error(f"no *.yaml or *.yml specs in {base.label} or {head.label}")
    begun = time.perf_counter()
    changes = compare(base.vendors, head.vendors)
    terminal.note(f"compared in {time.perf_counter() - begun:.2f}s: {len(changes)} change(s)")
    if args.format == "sarif":
        sys.stdout.write(sarif_report(changes, {**base.files, **head.files}, artifact_root(cwd)))
    elif args.format == "text":
        sys.stdout.write(text_report(changes, base.label, head.label, terminal.levels(sys.stdout)))
    else:
        sys.stdout.write(FORMATS[args.format](changes, base.label, head.label))
    failing = fails(changes, args.fail_on)
    terminal.note(
        f"exit status {int(failing)}: " + ("a" if failing else "no") + f" change at or above --fail-on {args.fail_on}"
    )
    return 1 if failing else 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; operating-system errors and Ctrl-C end it with one line, never a traceback."""
    from .output.writer import WriteError

    terminal.configure()
    try:
        status = _main(argv)
        sys.stdout.flush()  # a closed pipe is reported here, not after the exit status is decided
        return status
    except KeyboardInterrupt as exc:
        partly = getattr(exc, "partly_updated", False)  # output.writer.Interrupted
        state = "the output is partly updated: run generate again" if partly else "the output was left as it was"
        terminal.last_words(f"generator: interrupted; {state}")
        return INTERRUPTED
    except WriteError as exc:
        state = "it is partly updated: run generate again" if exc.partly_updated else "the output was left as it was"
        terminal.error(f"{printable(exc)}; {state}")
        return SYSTEM_ERROR
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            _discard_stdout()
        where = f"{str(exc.filename)!r}: " if exc.filename is not None else ""
        code = errno.errorcode.get(exc.errno or 0, "")
        terminal.error(printable(f"{where}{exc.strerror or exc}" + (f" ({code})" if code else "")))
        return SYSTEM_ERROR
    except MemoryError as exc:
        where = f" {exc.args[0]}" if exc.args else ""
        terminal.error(printable(f"out of memory{where}"))
        return SYSTEM_ERROR


def _configure(args: argparse.Namespace) -> None:
    """Fill in ``args`` from the configuration (``config``): the specs, output and cache
    directories a flag did not give, the vendors, the generate-command and the origin of
    the provenance headers. ConfigError when the configuration cannot be used."""
    from .config import discover, shown
    from .provenance import Origin

    config = discover(explicit=args.config)

    def setting(flag: Path | None, configured: Path | None, default: Path) -> Path:
        if flag is not None:
            return flag  # as typed, relative to the working directory
        return Path(shown(configured if configured is not None else config.root / default))

    args.specs = setting(args.specs, config.specs, DEFAULT_SPECS)
    if hasattr(args, "out"):
        args.out = setting(args.out, config.out, DEFAULT_OUT)
    if hasattr(args, "cache_dir"):
        args.cache_dir = setting(args.cache_dir, config.cache_dir, DEFAULT_CACHE)
    args.config_found = config
    args.vendors = config.vendors
    args.generate_command = config.command
    args.origin = Origin(config.root, config.command)


def _selected(args: argparse.Namespace) -> list[Path]:
    """The specs to work on: every spec of ``args.specs``, or the configured vendors'."""
    from .config import unknown_vendors

    files = spec_files(args.specs)
    if args.vendors is None:
        return files
    if error := unknown_vendors(args.config_found, sorted({file.stem for file in files}), str(args.specs)):
        raise error
    return [file for file in files if file.stem in args.vendors]


def _discard_stdout() -> None:
    """After a reader closed stdout (``| head``), point it at the null device, so that the
    interpreter's last flush at exit raises nothing."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


def _main(argv: list[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    named = next((word for word in words if word in COMMANDS), None)  # no option of the top level takes one as a value
    args = _parser(named).parse_args(argv)
    terminal.configure(args.color, args.verbose, getattr(args, "quiet", False))
    if args.verbose and getattr(args, "quiet", False):
        return _usage_error("--verbose and --quiet contradict each other: give one")
    from .spec.limits import Limits, set_limits

    set_limits(Limits(spec_bytes=args.max_spec_bytes, expanded_bytes=args.max_expanded_bytes))
    try:
        _configure(args)
        if args.command == "diff":
            if args.vendors is not None and args.specs.is_dir():
                _selected(args)  # an unknown vendor is an error here too
            return _diff(args)
        if not args.specs.is_dir():
            return _usage_error(f"specs directory {str(args.specs)!r} does not exist or is not a directory")
        started = time.perf_counter()
        files = _selected(args)
    except ConfigError as exc:
        return _usage_error(str(exc))
    if not files:
        return _usage_error(f"no *.yaml or *.yml specs in {str(args.specs)!r}")
    out: Path | None = getattr(args, "out", None)
    if args.command == "generate" and out is not None:
        from .output.writer import output_problem

        if args.specs.resolve() == out.resolve() or out.resolve() in args.specs.resolve().parents:
            return _usage_error(f"the output directory {str(out)!r} would hold the specs; choose another --out")
        if problem := output_problem(out, {file.stem for file in files}):
            return _usage_error(problem)
    if args.command == "generate":
        return _generate(args, files, started)
    if args.command == "check":
        return _check(args, files, started)
    from . import pipeline

    timings: pipeline.Timings = {}
    try:
        checked = pipeline.load_and_check(files, timings)
    except SpecError as exc:
        terminal.checked_specs(timings)
        if args.format == "text":
            _report(exc.diagnostics)
        else:
            _emit(args.format, exc.diagnostics)
        errors = sum(d.level == "error" for d in exc.diagnostics)
        terminal.problem(f"generator: {errors} error(s) in the specs; nothing was written")
        return 1
    terminal.checked_specs(timings)
    if args.format != "text":
        _emit(args.format, checked.warnings)
        if checked.warnings and args.strict:
            terminal.problem(f"generator: {len(checked.warnings)} warning(s) and --strict; nothing was written")
        return 1 if checked.warnings and args.strict else 0
    _report(checked.warnings)
    if checked.warnings and args.strict:
        terminal.problem(f"generator: {len(checked.warnings)} warning(s) and --strict; nothing was written")
        return 1
    terminal.status(
        f"{len(checked.vendors)} spec(s) valid" + (f", {len(checked.warnings)} warning(s)" if checked.warnings else "")
    )
    return 0


def _check(args: argparse.Namespace, files: list[Path], started: float) -> int:
    """Regenerate in memory (never from the cache) and fail with a diff when stale."""
    from . import pipeline

    produced = pipeline.produce(files, args.jobs, origin=args.origin)
    terminal.vendors(produced, files, None, per_vendor_status=False)
    if (status := _problems(produced, args.strict, args.format)) is not None:
        return status
    if args.format != "text" or terminal.is_verbose():
        text, stale = pipeline.compare_output(args.out, produced, on_wait=lambda: _waiting(args.out))
        terminal.note(f"compared {len(produced.files)} files with {printable(args.out)}: {len(stale)} stale")
    else:
        text, stale = pipeline.check_output(args.out, produced, on_wait=lambda: _waiting(args.out)), []
    if args.format != "text":
        _emit(args.format, produced.warned, stale, text, args.generate_command)
    else:
        sys.stdout.write(text)
    if text:
        terminal.stale(args.out, args.generate_command)
        return 1
    if args.format == "text":
        terminal.up_to_date(args.out, time.perf_counter() - started)
    return 0


def _problems(produced: pipeline.Produced, strict: bool, form: str = "text") -> int | None:
    """Print every problem and warning at once; the exit status when nothing may be written.
    In ``form`` json or github the warnings are left to the caller unless this fails."""
    if not produced.ok:
        if form == "text":
            _report(sorted(produced.problems + produced.unrendered))
        else:
            _emit(form, produced.problems + produced.unrendered)
        if produced.problems:
            errors = sum(d.level == "error" for d in produced.problems)
            terminal.problem(f"generator: {errors} error(s) in the specs; nothing was written")
        if produced.unrendered:
            terminal.problem(
                f"generator: {len(produced.unrendered)} package(s) could not be generated; nothing was written"
            )
        return 1
    if form != "text":
        if produced.warned and strict:
            _emit(form, produced.warned)
            terminal.problem(f"generator: {len(produced.warned)} warning(s) and --strict; nothing was written")
            return 1
        return None
    for warning in produced.warnings:
        terminal.formatted_diagnostic(warning)
    if produced.warnings and strict:
        terminal.problem(f"generator: {len(produced.warnings)} warning(s) and --strict; nothing was written")
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
    cached_before = terminal.cache_entries(cache_dir)
    produced = pipeline.produce(files, args.jobs, cache_dir, args.origin)
    if produced.cache_problem:
        terminal.warning(f"not using the cache: {printable(produced.cache_problem)}")
    if (status := _problems(produced, args.strict)) is not None:
        return status
    plan = terminal.output_plan(args.out, produced)
    writing = time.perf_counter()
    try:
        changed = pipeline.write_output(args.out, produced, cache_dir, on_wait=lambda: _waiting(args.out))
    except UnsafeOutput as exc:
        return _usage_error(str(exc))
    terminal.vendors(produced, files, cache_dir, cached_before)
    terminal.written(plan, args.out, time.perf_counter() - writing)
    terminal.cache_summary(cache_dir, cached_before, produced)
    state = "written" if changed else "unchanged"
    terminal.status(
        f"{len(produced.files)} files {state} in {printable(args.out)} ({time.perf_counter() - started:.2f}s)"
    )
    return 0
