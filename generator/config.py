"""Settings from ``[tool.error-contracts]`` in ``pyproject.toml``, so the command line,
pre-commit and CI agree without repeating arguments.

The file is the nearest ``pyproject.toml`` from the working directory upward (the
search stops at the first one found, whether or not it has the table), or the one
``--config FILE`` names. Keys:

- ``specs``: the directory of vendor specs (default ``specs``);
- ``out``: the directory the packages are written into (default ``generated``);
- ``vendors``: the spec slugs to generate (default: every spec in ``specs``);
- ``cache-dir``: the generate cache (default ``.cache/error-contracts``);
- ``generate-command``: the command that messages and generated files' headers tell
  people to run (default ``error-contracts generate``).

Paths are relative to the file's directory, the *project root*; without the table the
project root is the working directory and the defaults apply there, as before. A flag
on the command line wins over the file. An unknown key, a value of the wrong type or a
file that is not TOML is a ``ConfigError``: one line naming the file and the key.
"""

from __future__ import annotations

import os
from pathlib import Path

from .display import printable
from .records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the way to a run that changes nothing
if TYPE_CHECKING:
    from typing import Any

FILE_NAME = "pyproject.toml"
TABLE = "error-contracts"  # [tool.error-contracts]
DEFAULT_COMMAND = "error-contracts generate"
DEFAULT_SPECS = Path("specs")
DEFAULT_OUT = Path("generated")
DEFAULT_CACHE = Path(".cache") / "error-contracts"
KEYS = ("cache-dir", "generate-command", "out", "specs", "vendors")


class ConfigError(Exception):
    """The configuration cannot be used; ``str()`` is one line naming the file and the key."""


@record
class Config:
    """What the configuration says; paths are absolute (under ``root``) or None when not set."""

    root: Path  # the project root: the configuration file's directory, else the working directory
    file: Path | None = None  # the file holding the table (None: no table, defaults only)
    specs: Path | None = None
    out: Path | None = None
    cache_dir: Path | None = None
    vendors: tuple[str, ...] | None = None  # None: every spec
    command: str = DEFAULT_COMMAND


def find(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` or a directory above it."""
    for directory in (start, *start.parents):
        candidate = directory / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def shown(path: Path, cwd: Path | None = None) -> str:
    """``path`` (absolute) as messages show it and flags take it: relative to the working
    directory (``../generated`` from a subdirectory), posix; absolute only where no relative
    path exists (another drive)."""
    here = (cwd or Path.cwd()).resolve()
    try:
        return Path(os.path.relpath(path, here)).as_posix()
    except ValueError:
        return str(path)


def discover(cwd: Path | None = None, explicit: Path | None = None) -> Config:
    """The configuration for a run in ``cwd``: ``explicit`` (``--config``) or the nearest
    ``pyproject.toml``; defaults (project root ``cwd``) when it has no table."""
    here = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        file = explicit if explicit.is_absolute() else here / explicit
        if not file.is_file():
            raise ConfigError(f"{printable(explicit)}: no such file (given with --config)")
        config = load(file, here)
        if config.file is None:
            raise ConfigError(f"{printable(shown(file, here))}: no [tool.{TABLE}] table (given with --config)")
        return config
    found = find(here)
    return load(found, here) if found is not None else Config(root=here)


def load(file: Path, cwd: Path | None = None) -> Config:
    """The ``[tool.error-contracts]`` table of ``file``; ``Config(root=cwd)`` when it has none."""
    here = (cwd or Path.cwd()).resolve()
    name = printable(shown(file.resolve(), here))
    with open(file, "rb") as handle:  # an unreadable file is an OSError: one line, exit 4
        try:
            import tomllib  # only when there is a file to read

            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{name}: not valid TOML: {exc}") from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or TABLE not in tool:
        return Config(root=here)
    table = tool[TABLE]
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: tool.{TABLE} must be a table ([tool.{TABLE}]), not {_kind(table)}")
    root = file.resolve().parent

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{name}: [tool.{TABLE}] {printable(key)}: {problem}")

    unknown = sorted(key for key in table if key not in KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (known keys: {', '.join(KEYS)})")

    def path(key: str) -> Path | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"expected a path (a non-empty string), not {_kind(value)}")
        if "\0" in value:
            raise fail(key, "a path cannot hold a NUL character")
        return root / value

    vendors = table.get("vendors")
    if vendors is not None:
        if not isinstance(vendors, list) or not all(isinstance(slug, str) for slug in vendors):
            raise fail("vendors", f"expected a list of spec names (strings), not {_kind(vendors)}")
        if not vendors:
            raise fail("vendors", "is empty: list the specs to generate, or leave the key out for all of them")
        repeated = sorted({slug for slug in vendors if vendors.count(slug) > 1})
        if repeated:
            raise fail("vendors", f"{repeated[0]!r} is listed twice")
    command = table.get("generate-command", DEFAULT_COMMAND)
    if not isinstance(command, str):
        raise fail("generate-command", f"expected a string, not {_kind(command)}")
    if problem := command_problem(command):
        raise fail("generate-command", problem)
    return Config(
        root=root,
        file=file.resolve(),
        specs=path("specs"),
        out=path("out"),
        cache_dir=path("cache-dir"),
        vendors=tuple(vendors) if vendors is not None else None,
        command=command,
    )


def command_problem(command: str) -> str:
    """Why ``command`` cannot be the generate-command, or "". It is written into every
    generated file's first line (a Python comment, an HTML comment in ERRORS.md), in
    backticks: one printable line without a backtick or the end of an HTML comment."""
    if not command.strip():
        return "is empty"
    if not command.isprintable():
        return "must be one line of printable characters"
    if "`" in command:
        return "cannot hold a backtick (messages quote the command in backticks)"
    if "-->" in command or "--!>" in command:
        return "cannot hold '-->' (it would end the HTML comment at the top of ERRORS.md)"
    if len(command) > 200:
        return "is longer than 200 characters"
    return ""


def unknown_vendors(config: Config, slugs: list[str], specs: str) -> ConfigError | None:
    """An error naming the first configured vendor that has no spec among ``slugs``."""
    if config.vendors is None or config.file is None:
        return None
    missing = [slug for slug in config.vendors if slug not in slugs]
    if not missing:
        return None
    found = ", ".join(slugs) if slugs else "none"
    return ConfigError(
        f"{printable(shown(config.file))}: [tool.{TABLE}] vendors: no spec {printable(repr(missing[0]))} "
        f"in {printable(repr(specs))} (specs there: {printable(found)})"
    )


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")
