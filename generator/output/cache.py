"""A content-hash cache that lets an unchanged vendor skip every expensive stage.

``generate`` runs in every SDK build and pre-commit hook, and usually nothing changed.
For each spec, the key hashes everything its output depends on:

- the spec file's name and bytes;
- every file under ``templates/`` and every file of the generator itself (its code
  and the extension's JSON Schema);
- the installed distributions and their versions (the names of the ``*.dist-info``
  directories beside black and datamodel-code-generator), so a different black,
  datamodel-code-generator or any of their dependencies is a miss;
- the Python implementation and version;
- what the provenance header says besides the spec's hash: the generator's version, the
  spec's path relative to the project root and the configured generate-command.

A hit returns the files (and warnings) that generation produced for exactly those
inputs, without importing black, datamodel-code-generator, jsonschema or the OpenAPI
validator. The output directory is still compared file by file with what it must
hold, so a hand edit or a deleted file is repaired even on a hit: the cache can make
``generate`` faster, never leave ``generated/`` stale. An unreadable or malformed
entry is a miss.

The cache lives in a directory of its own, marked with a ``CACHEDIR.TAG`` it wrote when it
created the directory (``claim``); it deletes nothing anywhere else, so ``--cache-dir .``
or a directory of the user's files is refused, never pruned. An entry is verified before
use: every path must be one the generator writes inside the output (``<package>/<file>``),
and the entry's digest of its key, files and warnings must match, so a truncated, corrupt
or naively edited entry is a miss and is regenerated. (Whoever can write the cache
directory can also recompute a digest: share a cache only with writers you trust.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import sysconfig
import time
from functools import cache
from pathlib import Path

from ..paths import runtime_modules
from ..records import record
from .writer import is_output_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the way to a run that changes nothing
if TYPE_CHECKING:
    from typing import Any

FORMAT = 3  # bump when the entry or artifact layout changes
GENERATOR_DIR = Path(__file__).resolve().parent.parent
MARKER = "CACHEDIR.TAG"  # https://bford.info/cachedir/: backup tools skip the directory too
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by the error-contract generator.\n"
    "# It deletes files only in directories holding this tag.\n"
)
IGNORE_FILE = ".gitignore"  # as pytest and mypy do: a cache inside a repository is never committed
IGNORE = "# Created by the error-contract generator: its cache is never committed.\n*\n"
_ENTRY = re.compile(r"[0-9a-f]{64}\.(json|artifact)")  # spec entries and artifacts
_NAME = re.compile(r"[0-9a-f]{64}")


@record
class Entry:
    """What generating one spec produced: its files, the warnings it printed, and the
    artifacts (``Artifacts``) its generation read or made, kept as long as the entry is."""

    slug: str
    files: dict[str, str]
    warnings: tuple[str, ...]
    uses: tuple[str, ...] = ()


def _tree_digest(root: Path) -> str:
    """One hash of every file's relative path and bytes under ``root`` (caches skipped)."""
    files: list[tuple[str, str]] = []  # (relative posix path, full path)
    for directory, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        base = os.path.relpath(directory, root).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        for name in names:
            if not name.endswith(".pyc"):
                files.append((prefix + name, os.path.join(directory, name)))
    digest = hashlib.sha256()
    for relative, full in sorted(files):
        if os.path.isfile(full):
            with open(full, "rb") as handle:
                digest.update(relative.encode() + b"\0")
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def _installed() -> str:
    """The ``*.dist-info`` names (name and version) of the environment's site-packages."""
    names: set[str] = set()
    for key in ("purelib", "platlib"):
        folder = sysconfig.get_paths().get(key)
        if folder and os.path.isdir(folder):
            names.update(name for name in os.listdir(folder) if name.endswith(".dist-info"))
    return "\n".join(sorted(names))


@cache
def toolchain_digest(templates_dir: Path) -> str:
    """The part of every key that does not depend on the spec: generator, templates, deps."""
    digest = hashlib.sha256(f"format {FORMAT}\n{sys.implementation.name} {sys.version}\n".encode())
    digest.update(_tree_digest(GENERATOR_DIR).encode())
    digest.update(_tree_digest(templates_dir).encode())
    digest.update(_installed().encode())
    return digest.hexdigest()


def key(spec_file: Path, templates_dir: Path, header: str = "") -> str:
    """The cache key of one spec: its name and bytes, the whole toolchain, and ``header``,
    everything else its files' provenance header says (``provenance.Origin.key``)."""
    digest = hashlib.sha256(toolchain_digest(templates_dir).encode())
    digest.update(spec_file.name.encode() + b"\0")
    digest.update(header.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(spec_file.read_bytes())
    return digest.hexdigest()


def claim(cache_dir: Path) -> str:
    """Make ``cache_dir`` the cache's own directory: "" when it is (created and marked now, or
    marked before), else why it must not be used. An empty directory, or one holding only
    entries (a cache from before the marker), is marked and adopted."""
    marker = cache_dir / MARKER
    try:
        if (
            cache_dir.is_dir()
            and marker.is_file()
            and not marker.is_symlink()
            and marker.read_text(encoding="utf-8") == TAG
        ):
            _ignore(cache_dir)
            return ""
        if cache_dir.exists() and not cache_dir.is_dir():
            return f"{str(cache_dir)!r} is not a directory"
        if cache_dir.is_dir():
            others = sorted(
                name
                for name in os.listdir(cache_dir)
                if not _ENTRY.fullmatch(name) and not name.startswith(".entry-") and not _ours(cache_dir / name)
            )
            if others:
                shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
                return f"{str(cache_dir)!r} holds files the cache did not create ({shown}); give --cache-dir a new or empty directory"
        cache_dir.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when something is written

        handle, temporary = tempfile.mkstemp(prefix=".entry-", dir=cache_dir)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(TAG)
        os.replace(temporary, marker)
        _ignore(cache_dir)
    except OSError as exc:
        return f"cannot use {str(cache_dir)!r}: {exc.strerror or exc}"
    return ""


def _ours(file: Path) -> bool:
    """Whether ``file`` is the ``.gitignore`` the cache writes (``_ignore``)."""
    try:
        return file.name == IGNORE_FILE and not file.is_symlink() and file.read_text(encoding="utf-8") == IGNORE
    except (OSError, UnicodeDecodeError):
        return False


def _ignore(cache_dir: Path) -> None:
    """Write the cache's ``.gitignore`` (everything in it), unless a file of that name is there:
    a cache made inside an SDK's repository stays out of its commits without a rule of theirs."""
    try:
        handle = os.open(
            cache_dir / IGNORE_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
        )
    except OSError:
        return  # there already, or not writable: the cache works without it
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(IGNORE)


def _digest(entry_key: str, slug: str, files: dict[str, str], warnings: list[str], extra: object = None) -> str:
    return hashlib.sha256(
        json.dumps([entry_key, slug, files, warnings, extra], sort_keys=True).encode("utf-8")
    ).hexdigest()


def _runtime_part(slug: str, files: dict[str, str]) -> tuple[dict[str, str], str, list[str]]:
    """``files`` without the runtime modules that are their header and the runtime's source
    (the runtime is in every key, so an entry need not hold it), that header and their names."""
    sources = runtime_modules()
    header = ""
    for name, source in sources.items():
        text = files.get(f"{slug}/{name}")
        if text is not None and text.endswith(source):
            header = text[: len(text) - len(source)]
            break
    names = [name for name, source in sources.items() if header and files.get(f"{slug}/{name}") == header + source]
    kept = {path: text for path, text in files.items() if path.split("/", 1)[1] not in names}
    return kept, header, names


def load(cache_dir: Path, entry_key: str) -> Entry | None:
    """The entry stored under ``entry_key``, or None (missing, unreadable, malformed, a path
    outside the output, or content that does not match its digest)."""
    try:
        raw = json.loads((cache_dir / f"{entry_key}.json").read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT or raw.get("key") != entry_key:
            return None
        files, warnings, slug, uses = raw["files"], raw["warnings"], raw["slug"], raw["uses"]
        header, names = raw["runtime_header"], raw["runtime"]
        sources = runtime_modules()
        if not (
            isinstance(slug, str)
            and isinstance(files, dict)
            and all(
                isinstance(k, str) and isinstance(v, str) and k.startswith(slug + "/") and is_output_path(k)
                for k, v in files.items()
            )
            and isinstance(warnings, list)
            and all(isinstance(w, str) for w in warnings)
            and isinstance(uses, list)
            and all(isinstance(u, str) and _NAME.fullmatch(u) for u in uses)
            and isinstance(header, str)
            and isinstance(names, list)
            and all(isinstance(n, str) and n in sources for n in names)
            and raw.get("digest") == _digest(entry_key, slug, files, warnings, [uses, header, names])
        ):
            return None
        files = {**files, **{f"{slug}/{name}": header + sources[name] for name in names}}
        return Entry(slug, dict(sorted(files.items())), tuple(warnings), tuple(uses))
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


def _write(cache_dir: Path, name: str, payload: object) -> None:
    """``payload`` as JSON in ``cache_dir/name``, atomically; a cache that cannot be written
    is only a slower next run."""
    try:
        import tempfile  # only when something is written

        handle, temporary = tempfile.mkstemp(prefix=".entry-", dir=cache_dir)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, sort_keys=True)
        os.replace(temporary, cache_dir / name)
    except OSError:
        pass


def store(cache_dir: Path, entry_key: str, entry: Entry) -> None:
    """Save ``entry`` atomically; a cache that cannot be written is only a slower next run."""
    warnings = list(entry.warnings)
    files, header, names = _runtime_part(entry.slug, entry.files)
    uses = sorted(set(entry.uses))
    payload = {
        "format": FORMAT,
        "key": entry_key,
        "slug": entry.slug,
        "files": files,
        "warnings": warnings,
        "uses": uses,
        "runtime_header": header,
        "runtime": names,
        "digest": _digest(entry_key, entry.slug, files, warnings, [uses, header, names]),
    }
    if claim(cache_dir):
        return
    _write(cache_dir, f"{entry_key}.json", payload)


# --- artifacts: one stage's result for exactly its inputs --------------------------------------


class Artifacts:
    """Content-addressed results of single stages, shared by every spec and every run:
    a stage's output stored under a key that hashes every input of it (``key``), so a
    spec edit redoes only the stages whose inputs changed (a retry number: not the body
    models, not the OpenAPI validation), and two specs with the same schemas share them.

    Kinds: ``models`` (models.py's body, black-formatted: the schemas, the title, the
    toolchain), ``openapi`` (the OpenAPI validator found no error in exactly this data:
    the spec without its extension, the toolchain), ``black`` (black's output for a text:
    black's version and mode), ``jinja`` (a compiled template: its source, the toolchain).
    "The toolchain" is ``toolchain_digest``: the generator's code, the templates, every
    installed distribution and the Python version.

    Each is a file ``<sha256 of kind and key>.artifact`` (JSON) beside the spec entries, holding its
    kind, key and value and a digest over them (a corrupt or edited file is a miss). What
    a run makes is kept in memory (``pending``) and written by ``flush`` with the entries,
    only once every spec generated; ``used`` names every artifact read or made since it was
    last cleared, which an entry keeps (``Entry.uses``) so that ``prune`` keeps them.
    Without a cache directory the store is this process's memory only.
    """

    def __init__(self, cache_dir: Path | None = None, toolchain: str = "") -> None:
        self.cache_dir = cache_dir
        self.toolchain = toolchain
        self.used: set[str] = set()
        self.pending: dict[str, dict[str, Any]] = {}
        self._memo: dict[str, Any] = {}

    def key(self, *parts: str | bytes) -> str:
        """A key over ``parts`` and the toolchain."""
        digest = hashlib.sha256(self.toolchain.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    @staticmethod
    def name(kind: str, key: str) -> str:
        return hashlib.sha256(f"artifact {FORMAT}\0{kind}\0{key}".encode()).hexdigest()

    def get(self, kind: str, key: str) -> Any:
        """The value stored for ``kind`` and ``key``, or None."""
        name = self.name(kind, key)
        if name in self._memo:
            self.used.add(name)
            return self._memo[name]
        if self.cache_dir is None:
            return None
        try:
            raw = json.loads((self.cache_dir / f"{name}.artifact").read_text(encoding="utf-8"))
            if not (
                raw.get("format") == FORMAT
                and raw.get("artifact") == kind
                and raw.get("key") == key
                and raw.get("digest") == _digest(key, kind, {}, [], raw.get("value"))
            ):
                return None
        except (OSError, ValueError, AttributeError):
            return None
        self._memo[name] = raw["value"]
        self.used.add(name)
        return raw["value"]

    def put(self, kind: str, key: str, value: Any) -> None:
        """Remember ``value`` (JSON data) for ``kind`` and ``key``."""
        name = self.name(kind, key)
        self._memo[name] = value
        self.used.add(name)
        if self.cache_dir is not None:
            self.pending[name] = {
                "format": FORMAT,
                "artifact": kind,
                "key": key,
                "value": value,
                "digest": _digest(key, kind, {}, [], value),
            }


def flush(cache_dir: Path, pending: dict[str, dict[str, Any]]) -> None:
    """Write the artifacts a run made (``Artifacts.pending``, gathered from every process)."""
    if pending and not claim(cache_dir):
        for name, payload in pending.items():
            _write(cache_dir, f"{name}.artifact", payload)


def prune(cache_dir: Path, keep: set[str]) -> None:
    """Delete the entries of keys no longer in use, and the temporary files of stores killed
    over an hour ago: only those files, only in a claimed directory."""
    try:
        if claim(cache_dir):
            return
        for file in cache_dir.iterdir():
            if file.is_symlink() or not file.is_file():
                continue
            stale_entry = _ENTRY.fullmatch(file.name) and file.name[:64] not in keep
            killed_store = file.name.startswith(".entry-") and time.time() - file.stat().st_mtime > 3600
            if stale_entry or killed_store:
                file.unlink(missing_ok=True)
    except OSError:
        pass
