"""Where a cold ``generate`` spends its time: imports, stages, libraries. Not a figure of ``make bench``.

    .venv/bin/python bench/profile_generate.py [--synthetic N] [--top K]

1. ``python -X importtime -m generator generate --jobs 1`` (cold: empty cache, new
   output; byte-code compiled by an untimed run before, in a directory of its own):
   the process's wall time and its top-level imports by cumulative time.
2. cProfile of ``generator.cli.main(["generate", "--jobs", "1", ...])`` in a fresh
   interpreter, twice in that process: the first run as a user meets it (imports
   included, where each stage first imports its library), the second with every
   library already imported (the work itself). For each: the cumulative time of
   each stage function found (a stage whose function moved is left out, not guessed),
   and the self time grouped by library.

The specs are ``specs/`` (copied), or with ``--synthetic N`` the per-vendor figure's N
synthetic 50-code vendors.
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _project import PYTHON, env, generate_command, spec_files  # noqa: E402

# (label, path suffix of the file, function): the pipeline's stages as the code names them now
STAGES = [
    ("cache keys (hash the generator, templates, toolchain)", "generator/pipeline.py", "cache_keys"),
    ("load: YAML", "generator/spec/loader.py", "load_file"),
    ("validate (all checks)", "generator/spec/validate.py", "validate"),
    ("  of which the OpenAPI fast check", "generator/spec/openapi.py", "surely_valid"),
    ("  of which the OpenAPI 3.1 validator", "generator/spec/openapi.py", "openapi_errors"),
    ("  of which the extension's schema (jsonschema)", "generator/spec/validate.py", "_schema_error_diagnostics"),
    ("build the model", "generator/spec/build.py", "build"),
    ("Jinja environment", "generator/emit/render.py", "environment"),
    ("render the modules (Jinja)", "generator/emit/render.py", "render_modules"),
    ("models.py (datamodel-code-generator)", "generator/emit/bodies.py", "formatted_models"),
    ("black (format_source)", "generator/emit/formatting.py", "format_source"),
    ("ERRORS.md", "generator/emit/reference.py", "render_reference"),
    ("vectors.json", "generator/emit/vectors.py", "render_vectors"),
    ("write the output and the cache", "generator/pipeline.py", "write_output"),
]

PROFILED = """
import cProfile, sys
from generator import cli
where, argv = sys.argv[1], sys.argv[2:]
for run in ("first", "second"):
    profile = cProfile.Profile()
    status = profile.runcall(cli.main, [a.replace("RUN", run) for a in argv])
    assert status == 0, status
    profile.dump_stats(where.replace("RUN", run))
"""


def _library(filename: str, function: str) -> str:
    """Who a function's self time belongs to: a package under site-packages, the generator,
    a stdlib module, or a built-in function by name (``compile``: Jinja compiling templates...)."""
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].split(".")[0].removesuffix(".py")
    if "generator" in path.parts:
        return "generator"
    if filename.startswith("<frozen importlib"):
        return "import machinery"
    if filename == "~":
        return "built-in: " + function.strip("<>")
    if path.suffix == ".py":
        return "stdlib: " + (path.parent.name if path.stem == "__init__" else path.stem)
    return filename


def report(prof: Path, top: int) -> list[str]:
    stats = pstats.Stats(str(prof))
    table = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _), (_, _, _, ct, _) in table.items())
    lines = [f"  total {total:.2f} s (cProfile's own overhead included)"]
    for label, suffix, function in STAGES:
        found = [
            ct for (file, _, name), (_, _, _, ct, _) in table.items() if file.endswith(suffix) and name == function
        ]
        if found:
            lines.append(f"  {sum(found):7.3f} s {100 * sum(found) / total:5.1f}%  {label}")
    by_library: dict[str, float] = defaultdict(float)
    for (file, _, function), (_, _, tt, _, _) in table.items():
        by_library[_library(file, function)] += tt
    lines.append("  self time by library (built-ins by name):")
    for name, seconds in sorted(by_library.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {seconds:7.3f} s {100 * seconds / total:5.1f}%  {name}")
    return lines


def importtime(command: list[str], cwd: Path, top: int) -> list[str]:
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-X", "importtime", *command[1:]], cwd=cwd, env=env(cwd / "pycache"), capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    done.check_returncode()
    rows, startup = [], True
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        if startup:
            startup = fields[2].strip() != "site"
            continue
        if not fields[2].startswith("  "):  # top level: the imports the generator's code asked for
            rows.append((int(fields[1]) / 1e6, fields[2].strip()))
    rows.sort(reverse=True)
    imported = sum(seconds for seconds, _ in rows)
    lines = [
        f"  process wall time {wall:.2f} s (importtime's own overhead included); imports {imported:.2f} s "
        f"({100 * imported / wall:.0f}%)"
    ]
    lines += [f"  {seconds:7.3f} s  {name}" for seconds, name in rows[:top]]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, metavar="N", help="N synthetic 50-code vendors instead of specs/")
    parser.add_argument("--top", type=int, default=15, help="rows per list (default 15)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        specs = work / "specs"
        if args.synthetic:
            import bench_scaling

            _, data = bench_scaling.template()
            bench_scaling.synthesize(specs, args.synthetic, data)
        else:
            specs.mkdir()
            for file in spec_files():
                shutil.copy2(file, specs / file.name)
        count = len(list(specs.iterdir()))
        print(f"cold generate --jobs 1 of {count} specs ({'synthetic' if args.synthetic else 'specs/'})")
        # an untimed run first: it compiles everything into the byte-code directory the others read
        warm = generate_command(specs, work / "warm" / "out", work / "warm" / "cache", "--jobs", "1")
        subprocess.run(warm, cwd=work, env=env(work / "pycache"), check=True, capture_output=True)
        print("1. python -X importtime: top-level imports by cumulative time")
        print(
            "\n".join(
                importtime(
                    generate_command(specs, work / "it" / "out", work / "it" / "cache", "--jobs", "1"), work, args.top
                )
            )
        )
        command = generate_command(specs, work / "RUN" / "out", work / "RUN" / "cache", "--jobs", "1")
        subprocess.run(
            [PYTHON, "-c", PROFILED, str(work / "RUN.prof"), *command[3:]],
            cwd=work,
            env=env(work / "pycache"),
            check=True,
        )
        print("2a. cProfile, first run in a fresh process (imports included): cumulative time by stage")
        print("\n".join(report(work / "first.prof", args.top)))
        print("2b. cProfile, second run in the same process (libraries imported): cumulative time by stage")
        print("\n".join(report(work / "second.prof", args.top)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
