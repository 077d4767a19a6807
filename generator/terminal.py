"""What the command line prints where, how much of it, and in colour when it may.

**Streams.** stdout carries only what a command was asked for: ``diff``'s report, a
``--format json|github|sarif`` document, ``check``'s diff. Everything else goes to stderr:
per-vendor progress lines, summaries, warnings and errors, ``--verbose`` notes. So
``diff ... > report.md`` or ``check --format json | jq`` never mix in a status line.

**How much.** ``--quiet`` prints only problems; the default adds a status line or two (and
``generate`` a line per vendor); ``--verbose`` adds what was done and why: per vendor
whether it came from the cache and why, each stage's time, the files written and removed,
what the cache kept and dropped; for ``diff`` how each side was read. Both at once is a
usage error.

**Colour** (``--color auto|always|never``, default ``auto``): ``never`` never colours;
``always`` colours stderr and the text report on stdout whatever they are (an explicit
flag, so it wins over ``NO_COLOR``, as https://no-color.org asks of command-line
arguments); ``auto`` colours a stream only when it is a terminal, and never when
``NO_COLOR`` is set to a non-empty value. ``FORCE_COLOR`` set to a non-empty value
(https://force-color.org) makes ``auto`` colour a stream that is not a terminal too (a CI
log that shows colour); ``NO_COLOR`` wins over it, as in Python 3.13's own rules, and
``TERM=dumb`` turns ``auto`` off. On Windows ``auto``
colours only consoles that Python says understand escape sequences (Python 3.13+).

**Escaping comes first.** Only the generator's own words are coloured: level names
(``error``, ``warning``, ``breaking``, ``info``), ``stale`` and ``up to date``. Every line
is built with its outside text (spec keys and messages, file and side names, git's
words) already escaped by ``display.printable``, and the escape codes are put around
those fixed words last, so spec text can neither carry an escape sequence of its own nor
break one of ours. The json, github, sarif and markdown formats never pass through here.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path

from .display import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the way to a run that changes nothing
if TYPE_CHECKING:
    from typing import TextIO

    from .diff.sides import Side
    from .pipeline import Produced, Timings
    from .spec.diagnostics import Diagnostic

COLOR_MODES = ("auto", "always", "never")

# SGR parameters per style. Keys are the words coloured (a level is its own style).
STYLES = {
    "error": "1;31",  # bold red
    "breaking": "1;31",
    "stale": "1;31",
    "warning": "1;33",  # bold yellow
    "info": "36",  # cyan
    "ok": "32",  # green
}
RESET = "\x1b[0m"


class _Settings:
    def __init__(self, color: str = "auto", verbose: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.verbose = verbose
        self.quiet = quiet


_settings = _Settings()


def configure(color: str = "auto", verbose: bool = False, quiet: bool = False) -> None:
    """Set this run's colour mode and verbosity (the command line does, once per run)."""
    _settings.color, _settings.verbose, _settings.quiet = color, verbose, quiet


def is_verbose() -> bool:
    return _settings.verbose


def colours(stream: TextIO) -> bool:
    """Whether text written to ``stream`` may be coloured (see the module docstring)."""
    if _settings.color != "auto":
        return _settings.color == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty() and _console_reads_escapes()
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed or detached stream
        return False


def _console_reads_escapes() -> bool:
    if sys.platform != "win32":
        return True
    import nt

    supports = getattr(nt, "_supports_virtual_terminal", None)  # Python 3.13+
    return bool(supports is not None and supports())


def paint(word: str, style: str, stream: TextIO) -> str:
    """``word`` (one of the generator's own words, never outside text) in ``style`` when
    ``stream`` may be coloured."""
    if style not in STYLES or not colours(stream):
        return word
    return f"\x1b[{STYLES[style]}m{word}{RESET}"


def levels(stream: TextIO) -> Callable[[str], str]:
    """A function colouring a level word (``error``, ``warning``, ``breaking``, ``info``) for ``stream``."""
    return lambda level: paint(level, level, stream)


# --- lines on stderr --------------------------------------------------------------------------------


def problem(line: str) -> None:
    """A line about a problem: always shown (``--quiet`` too)."""
    print(line, file=sys.stderr)


def status(line: str) -> None:
    """A status or progress line: not with ``--quiet``."""
    if not _settings.quiet:
        print(line, file=sys.stderr)


def note(line: str) -> None:
    """What was done and why: only with ``--verbose``."""
    if _settings.verbose:
        print(line, file=sys.stderr)


def last_words(line: str) -> None:
    """The line a run ends with (an error, an interruption). Never raises: with stderr
    itself gone, the exit status still tells."""
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):
        pass


def error(message: str) -> None:
    """``generator: error: MESSAGE``; ``message`` is already escaped."""
    last_words(f"generator: {paint('error', 'error', sys.stderr)}: {message}")


def warning(message: str) -> None:
    """``generator: warning: MESSAGE``; ``message`` is already escaped."""
    print(f"generator: {paint('warning', 'warning', sys.stderr)}: {message}", file=sys.stderr)


def diagnostic(found: Diagnostic) -> None:
    """One diagnostic (and its hint line), its level coloured."""
    print(found.format(levels(sys.stderr)), file=sys.stderr)


_LEVEL = re.compile(r":\d+:\d+: (error|warning): ")


def formatted_diagnostic(text: str) -> None:
    """A diagnostic already formatted (a cached vendor's warnings are kept as text): its
    first ``:LINE:COL: level: `` coloured. The text was escaped when it was formatted."""
    found = _LEVEL.search(text.split("\n", 1)[0])
    if found is not None:
        start, end = found.span(1)
        text = text[:start] + paint(found.group(1), found.group(1), sys.stderr) + text[end:]
    print(text, file=sys.stderr)


def stale(out: Path, command: str) -> None:
    """``check``'s verdict when the output does not match the specs; ``command`` is the
    configured generate-command."""
    problem(
        f"generator: {printable(out)} is {paint('stale', 'stale', sys.stderr)}: run `{printable(command)}` and commit "
        "the result"
    )


def up_to_date(out: Path, seconds: float) -> None:
    """``check``'s verdict when it does."""
    status(f"{printable(out)} is {paint('up to date', 'ok', sys.stderr)} ({seconds:.2f}s)")


# --- what --verbose tells ----------------------------------------------------------------------------

_ENTRY = re.compile(r"[0-9a-f]{64}\.json")


def _stages(stages: Iterable[tuple[str, float]]) -> str:
    return ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in stages)


def vendors(
    produced: Produced,
    files: Iterable[Path],
    cache_dir: Path | None,
    cached_before: AbstractSet[str] = frozenset(),
    per_vendor_status: bool = True,
) -> None:
    """One line per vendor (``  slug  1.23s  cached|generated``), a status line (or with
    ``per_vendor_status`` False, as for ``check``, a ``--verbose`` note), and with
    ``--verbose`` why it was cached or generated (``cached_before``: ``cache_entries`` from
    before the run) and each stage's time."""
    show = status if per_vendor_status else note
    for file in files:
        if file not in produced.lines:
            continue
        slug, seconds, state = produced.lines[file]
        show(f"  {printable(slug):<16} {seconds:6.2f}s  {state}")
        note(f"      {_cache_decision(produced, file, state, cache_dir, cached_before, per_vendor_status)}")
        if stages := produced.stages.get(file):
            note(f"      {_stages(stages)}")


def _cache_decision(
    produced: Produced,
    file: Path,
    state: str,
    cache_dir: Path | None,
    cached_before: AbstractSet[str],
    generating: bool,
) -> str:
    key = produced.keys.get(file)
    if state == "cached" and key:
        return f"cache entry {key[:12]}: the spec, templates, generator and installed packages are unchanged"
    if cache_dir is None:
        return "generated: --no-cache" if generating else "generated: check never uses the cache"
    if produced.cache_problem or not key:
        return "generated: the cache is not used this run"
    if f"{key}.json" in cached_before:
        return f"cache entry {key[:12]} is unusable (corrupt, edited or of another format): generated again"
    return (
        f"no cache entry {key[:12]}: the spec, a template, the generator or an installed package changed "
        "since it was cached, or it never was"
    )


def cache_entries(cache_dir: Path | None) -> set[str]:
    """The cache's entry names now (``--verbose`` compares them before and after a run)."""
    if cache_dir is None or not _settings.verbose:
        return set()
    try:
        return {name for name in os.listdir(cache_dir) if _ENTRY.fullmatch(name)}
    except OSError:
        return set()


def cache_summary(cache_dir: Path | None, before: set[str], produced: Produced) -> None:
    if cache_dir is None or produced.cache_problem:
        return
    after = cache_entries(cache_dir)
    stored = sum(1 for _, _, state in produced.lines.values() if state == "generated")
    removed = sorted(before - after)
    note(
        f"cache {printable(cache_dir)}: {stored} entr{'y' if stored == 1 else 'ies'} stored, "
        f"{len(removed)} unused removed" + (f" ({', '.join(name[:12] for name in removed)})" if removed else "")
    )


_WRITTEN = {
    "missing": "wrote {} (new)",
    "edited": "wrote {} (it differed)",
    "not a file": "replaced {} (a link or special file)",
    "unexpected": "removed {} (no longer generated)",
}


def output_plan(out: Path, produced: Produced) -> list[tuple[str, str]]:
    """With ``--verbose``, what writing ``produced`` to ``out`` will change (``output.writer.stale``):
    taken just before the write, outside its lock, so only an account of it."""
    if not _settings.verbose:
        return []
    from .output.writer import stale

    return stale(out, produced.files, label=str(out))


def written(plan: list[tuple[str, str]], out: Path, seconds: float) -> None:
    """The files a write changed, from ``output_plan``."""
    if not plan:
        note(f"nothing written: every file in {printable(out)} already matched ({seconds:.2f}s)")
        return
    note(f"{printable(out)} updated in {seconds:.2f}s:")
    for path, state in plan:
        note("  " + _WRITTEN.get(state, state + " {}").format(printable(path)))


def checked_specs(timings: Timings) -> None:
    """``validate``: each spec's stage times."""
    for path, stages in timings.items():
        note(f"  {printable(path)}: {_stages(stages.items())}")


def side(role: str, loaded: Side, seconds: float) -> None:
    """``diff``: how one side was read."""
    count = len(loaded.files)
    note(
        f"{role}: {printable(loaded.described)}, {count} spec{'s' if count != 1 else ''} loaded, validated and "
        f"built in {seconds:.2f}s"
    )
    for shown in loaded.files:
        note(f"  {printable(shown)}")
