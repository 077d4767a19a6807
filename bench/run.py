"""``make bench``: every figure of issue 13's Targets, each against its named alternative.

Each figure alternates the compared commands round by round and reports the median of
the per-round ratios, its interquartile range and the number of rounds (see
``_timing``). Absolute times are shown for orientation; nothing is gated on them, and
the exit status is 0 whether targets are met or not (1 only if a benchmark failed to run).

    python bench/run.py [--quick] [--json] [--only NAME ...] [--rounds N] [--list]

Progress and details go to stderr; the table (or with ``--json`` one JSON document) to
stdout.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_from_response  # noqa: E402
import bench_generate  # noqa: E402
import bench_import  # noqa: E402
import bench_retry_decision  # noqa: E402
import bench_scaling  # noqa: E402
import bench_transport  # noqa: E402
from _timing import Figure, fmt_spread, fmt_target, machine_state, table  # noqa: E402

# module, rounds (full, --quick); the order of the table
GROUPS: list[tuple[ModuleType, int, int]] = [
    (bench_generate, 10, 2),
    (bench_scaling, 3, 2),
    (bench_import, 30, 5),
    (bench_from_response, 15, 3),
    (bench_retry_decision, 15, 3),
    (bench_transport, 15, 3),
]
NAMES = [name for module, _, _ in GROUPS for name in module.FIGURES]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few rounds and small N: a smoke test, not figures")
    parser.add_argument("--json", action="store_true", help="print one JSON document of every figure on stdout")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"run only this figure (repeatable): {', '.join(NAMES)}",
    )
    parser.add_argument("--rounds", type=int, help="rounds per figure (default: per figure; fewer with --quick)")
    parser.add_argument("--list", action="store_true", help="list the figures' names and exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        print("\n".join(NAMES))
        return 0
    selected = {part for value in args.only for part in value.split(",") if part} or set(NAMES)
    if unknown := selected - set(NAMES):
        print(f"bench: unknown figure(s) {', '.join(sorted(unknown))}; one of: {', '.join(NAMES)}", file=sys.stderr)
        return 2
    if args.rounds is not None and args.rounds < 1:
        print("bench: --rounds must be at least 1", file=sys.stderr)
        return 2

    # `kill` ends a run as Ctrl-C does: the running command is stopped, the temporary directories removed
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    before = machine_state()
    log(f"bench: python {before['python']}, {before['cpus']} CPUs, load average {before['loadavg']}")
    started = time.perf_counter()
    figures: list[Figure] = []
    failed: list[str] = []
    noted: set[str] = set()
    for module, full, quick in GROUPS:
        chosen = [name for name in module.FIGURES if name in selected]
        if not chosen:
            continue
        rounds = args.rounds or (quick if args.quick else full)
        run: Callable[..., list[Figure]] = module.run
        try:
            made = run(chosen, rounds, log, quick=args.quick)
        except Exception as exc:  # one benchmark's failure does not hide the others' figures
            log(f"bench: {', '.join(chosen)} failed: {type(exc).__name__}: {exc}")
            failed += chosen
            continue
        for figure in made:
            log(f"{figure.name}: {fmt_spread(figure)} (target {fmt_target(figure.kind, figure.target)})")
            for note in figure.notes:
                if note not in noted:
                    noted.add(note)
                    log(f"  {note}")
        figures += made
    after = machine_state()
    header = (
        f"python {after['python']}, {after['cpus']} CPUs; load average at start {_load(before)}, at end {_load(after)}; "
        f"{time.perf_counter() - started:.0f} s{'; --quick: a smoke test, not figures' if args.quick else ''}"
    )
    if args.json:
        document = {
            "machine": {"before": before, "after": after},
            "quick": args.quick,
            "figures": [figure.as_json() for figure in figures],
            "failed": failed,
        }
        json.dump(document, sys.stdout, indent=2)
        print()
    else:
        print(header)
        print(table(figures))
        if failed:
            print(f"failed to run: {', '.join(failed)}")
    return 1 if failed else 0


def _load(state: dict[str, object]) -> str:
    load = state.get("loadavg") or []
    return "/".join(f"{value:.2f}" for value in load) if isinstance(load, list) and load else "unknown"


if __name__ == "__main__":
    sys.exit(main())
