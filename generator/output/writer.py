"""The only stage that touches the output directory.

Ownership, per package. The output directory may hold anything: this repository's
``generated/`` holds only generated packages, an SDK's ``src/anysdk/_vendor/`` also its
own ``__init__.py`` and other vendored libraries. The generator owns only the package
directories listed in its manifest (``.error-contracts-manifest.json`` in the output
directory: every file it wrote, with its SHA-256) and the manifest itself. Every other
entry is left alone: never read, never replaced, never removed, and ``check`` ignores it.

Writing ``files`` (``write_tree``) replaces each package directory they name and
removes each owned package they no longer name. A package directory that is in the way
must be the generator's to replace (``output_problem``), else nothing is written:

- an owned package may hold only files of the shape the generator writes
  (``<package>/<module>.py``, ``py.typed``, ``ERRORS.md``, ``vectors.json``) and tool
  caches (``__pycache__``, ``.mypy_cache``, ...), which go with it; a symbolic link, a
  special file or a file of another shape inside it is refused;
- a package directory no manifest lists (an SDK's own ``_vendor/shortkit/``) is adopted
  only when every file in it has that shape and names the generator in its first lines
  (the provenance header, or the wording of versions before it): a package copied from a
  generated directory, or written by a run killed before its manifest. Anything else
  is refused;
- a manifest that is not the generator's (not a regular file, not its form) is refused.

The swap, one package at a time. Every changed package is first written complete beside
its target (``<out>/.error-contracts.new.<package>.<pid>-<hex>``, directories created
with the umask's permissions, files and directories synced); nothing in the output has
changed yet, so an error or Ctrl-C while staging leaves it as it was. Then, if packages
that no manifest lists are about to appear, the manifest is first extended to claim
them; then each package is put in place:

- with one atomic ``renameat2(RENAME_EXCHANGE)`` where the platform has it: the
  package is never missing or mixed, whatever moment a kill lands on;
- elsewhere, by renaming the package aside (``.error-contracts.old.<package>.*``) and the
  new tree in; a hard kill between the two renames leaves the complete previous package
  beside it, and the next ``generate`` or ``check`` puts it back (``recover``) first;
- a package directory that cannot be renamed (a mount point, such as a container
  volume: ``os.path.ismount``, or EBUSY/EXDEV from the rename) is updated in place:
  each changed file is written beside itself and renamed over it, then files the
  generator wrote before and no longer produces are removed.

Previous trees and removed packages are renamed (``.error-contracts.del.*``) before they
are deleted, so a kill during deletion never leaves a partial tree that could be
restored. The manifest is replaced last, once every package is right. A kill between
two packages leaves each package complete (the previous or the new one) and the next
run finishes the rest; an error or Ctrl-C there is reported as a partial update.

Reading. Nothing here follows a symbolic link inside a package or reads a file at a path
the generator does not write, and ``diff`` prints the content of no file it cannot tell
it wrote (its package is in the manifest, or the file names the generator): it names
such entries.

Concurrency. Callers hold ``locked(root)`` around ``recover`` and ``write_tree``, so two
runs on one output take turns instead of deleting each other's staging copies.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..display import printable

MANIFEST = ".error-contracts-manifest.json"
_GENERATOR = "error-contract-generator"  # the manifest's "generator" field
# A generated file names the generator in its first lines: the provenance header (every
# file but py.typed), or the wording of the versions before it.
_HEADERS = (b"error-contract-generator", b"the error-contract generator")
_HEADER_BYTES = 2048
TOOL_CACHES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
MAX_COMPARED_BYTES = 16 * 1024 * 1024  # a larger file at a generated path is reported as differing, not read
_PARTIAL = ".error-contracts-partial"  # suffix of a file being written in place
# Directories the swap leaves in the output while it runs: a package being staged, a
# previous package moved aside, a tree being deleted. Only ``recover`` and the swap touch them.
_WORK = ".error-contracts"
_LEFTOVER = re.compile(r"\.error-contracts\.(?P<kind>new|old|del)\.(?P<package>[^/]+)\.[0-9]+-[0-9a-f]{8}")


def _step(name: str) -> None:
    """A point of the swap; fault-injection tests replace this to kill the process there."""


class UnsafeOutput(Exception):
    """The output is not the generator's to write as asked; it is left alone. ``str()`` is
    one line: ``refusing to replace 'out/x': ...``."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C after some packages were replaced: the output is partly updated."""

    partly_updated = True


class WriteError(OSError):
    """An operating-system error while writing the output, saying what was being done to
    which path: ``str()`` is one line, e.g. ``cannot write 'generated/x/errors.py': No
    space left on device (ENOSPC)``."""

    def __init__(self, action: str, path: Path | str, error: OSError, partly_updated: bool = False) -> None:
        super().__init__(error.errno, error.strerror or str(error), str(path))
        self.action = action
        self.partly_updated = partly_updated  # some packages (or files) are new; else the output is as it was

    def __str__(self) -> str:
        code = errno.errorcode.get(self.errno or 0, "")
        return f"cannot {self.action} {self.filename!r}: {self.strerror}" + (f" ({code})" if code else "")


def is_output_path(path: str) -> bool:
    """Whether ``path`` (relative, posix) has the shape of a file the generator writes:
    ``<package>/<module>.py``, ``<package>/py.typed``, ``<package>/ERRORS.md`` or
    ``<package>/vectors.json``, each part a plain name. Cache entries and ``write_tree``
    accept no other path."""
    parts = path.split("/")
    if len(parts) != 2 or not all(parts) or any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return False
    return parts[1].endswith(".py") or parts[1] in ("py.typed", "ERRORS.md", "vectors.json")


def package_of(path: str) -> str:
    """The package directory a relative path is in (its first part)."""
    return path.split("/", 1)[0]


def _is_cache(path: str) -> bool:
    return any(part in TOOL_CACHES for part in path.split("/")[:-1])


def _manifest_json(hashes: Mapping[str, str]) -> str:
    return json.dumps({"generator": _GENERATOR, "format": 1, "files": dict(sorted(hashes.items()))}, indent=1) + "\n"


def _hashes(files: Mapping[str, str]) -> dict[str, str]:
    return {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in files.items()}


def manifest_text(files: Mapping[str, str]) -> str:
    """The manifest of an output holding exactly ``files``: deterministic, sorted."""
    return _manifest_json(_hashes(files))


def with_manifest(files: dict[str, str]) -> dict[str, str]:
    """``files`` plus their manifest: everything of the output the generator owns."""
    return {**files, MANIFEST: manifest_text(files)}


# --- reading, never following a symbolic link ---------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One entry of the output: ``kind`` is "file", "symlink" or "other" (a FIFO, a device)."""

    kind: str
    size: int


def _kind(mode: int) -> str:
    return "file" if stat.S_ISREG(mode) else "symlink" if stat.S_ISLNK(mode) else "other"


def scan(root: Path) -> dict[str, Found]:
    """Every entry under ``root`` except directories, by relative posix path; a symbolic
    link (to a directory too) is one entry and is never followed."""
    found: dict[str, Found] = {}
    if not root.is_dir():
        return found

    def fail(error: OSError) -> None:
        raise error

    for directory, dirs, names in os.walk(root, onerror=fail):
        base = Path(directory)
        for name in dirs + names:
            info = os.lstat(base / name)
            if stat.S_ISDIR(info.st_mode):
                continue
            found[(base / name).relative_to(root).as_posix()] = Found(_kind(info.st_mode), info.st_size)
    return dict(sorted(found.items()))


def _read(file: Path, limit: int = -1) -> bytes:
    """The bytes of a regular file (up to ``limit``), refusing to follow a final symbolic link."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit)


def read_tree(root: Path) -> dict[str, str | None]:
    """Every regular file under ``root`` as ``{relative posix path: text}`` (None if not UTF-8),
    leaving out dot-files, tool caches and symbolic links."""
    found: dict[str, str | None] = {}
    for path, entry in scan(root).items():
        if entry.kind != "file" or "__pycache__" in path.split("/") or any(p.startswith(".") for p in path.split("/")):
            continue
        try:
            found[path] = _read(root / path).decode("utf-8")
        except UnicodeDecodeError:
            found[path] = None
    return found


# --- ownership -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    """The output's manifest: ``state`` "missing", "ours" or "not ours" (a file of that name
    the generator did not write, or a damaged one); ``hashes`` what it lists when ours."""

    state: str
    hashes: Mapping[str, str] = field(default_factory=dict)

    @property
    def packages(self) -> frozenset[str]:
        """The package directories the generator owns."""
        return frozenset(package_of(path) for path in self.hashes)


def read_manifest(root: Path) -> Manifest:
    """The manifest of ``root`` (a link named like it is never followed: "not ours")."""
    try:
        info = os.lstat(root / MANIFEST)
    except (FileNotFoundError, NotADirectoryError):
        return Manifest("missing")
    if not stat.S_ISREG(info.st_mode):
        return Manifest("not ours")
    try:
        data = json.loads(_read(root / MANIFEST, MAX_COMPARED_BYTES))
    except ValueError:
        return Manifest("not ours")
    files = data.get("files") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("generator") != _GENERATOR
        or not isinstance(files, dict)
        or not all(isinstance(path, str) and is_output_path(path) and isinstance(h, str) for path, h in files.items())
    ):
        return Manifest("not ours")
    return Manifest("ours", dict(files))


def owned_by_manifest(root: Path) -> bool:
    """Whether ``root`` holds a manifest the generator wrote (a regular file of its form)."""
    return read_manifest(root).state == "ours"


def _names_the_generator(path: str, content: bytes) -> bool:
    """Whether a file at ``path`` starting with ``content`` says it was generated (an empty py.typed)."""
    if path.endswith("/py.typed"):
        return content == b""
    return any(header in content[:_HEADER_BYTES] for header in _HEADERS)


def _foreign_files(root: Path, package: str, owned: bool, limit: int = 5) -> list[str]:
    """Up to ``limit`` entries of the package directory ``root/package`` that are not the
    generator's to replace (paths relative to ``root``)."""
    found: list[str] = []
    for path, entry in scan(root / package).items():
        full = f"{package}/{path}"
        if _is_cache(full) or (entry.kind == "file" and path.endswith(_PARTIAL)):
            continue  # a partial file is an interrupted in-place update's, removed by ``recover``
        ours = (
            entry.kind == "file"
            and is_output_path(full)
            and (owned or _names_the_generator(full, _read(root / full, _HEADER_BYTES)))
        )
        if not ours:
            found.append(full)
            if len(found) == limit:
                break
    return found


def _package_problem(root: Path, package: str, owned: bool, removing: bool) -> str:
    target = root / package
    verb = "remove" if removing else "replace"
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return ""
    if stat.S_ISLNK(info.st_mode):
        return f"refusing to {verb} {str(target)!r}: it is a symbolic link, not a package directory (links are never followed)"
    if not stat.S_ISDIR(info.st_mode):
        return f"refusing to {verb} {str(target)!r}: it is not a directory"
    foreign = _foreign_files(root, package, owned)
    if not foreign:
        return ""
    listed = printable(", ".join(foreign) + (", ..." if len(foreign) == 5 else ""))
    if owned:
        return (
            f"refusing to {verb} {str(target)!r}: it holds files the generator did not write ({listed}); move them out"
        )
    return (
        f"refusing to replace {str(target)!r}: a package directory the generator did not write ({listed}); "
        f"move it away, or leave {package!r} out of the vendors"
    )


def output_problem(root: Path, packages: Iterable[str] = ()) -> str:
    """Why ``write_tree`` must not write ``packages`` into ``root`` (replacing their
    directories and removing the owned packages not among them), or "" when it may."""
    if os.path.lexists(root) and not root.is_dir():
        return f"refusing to write into {str(root)!r}: it is not a directory"
    if not root.is_dir():
        return ""
    manifest = read_manifest(root)
    if manifest.state == "not ours":
        return (
            f"refusing to replace {str(root / MANIFEST)!r}: it is not the generator's manifest "
            "(a file of that name it did not write, or a damaged one); move it away"
        )
    wanted = set(packages)
    for package in sorted(wanted | manifest.packages):
        if problem := _package_problem(root, package, package in manifest.packages, package not in wanted):
            return printable(problem)
    return ""


# --- comparing -------------------------------------------------------------------------------------


def _entries(root: Path, packages: Iterable[str], manifest: bool = True) -> dict[str, Found]:
    """The entries of ``packages`` under ``root`` (a package that is a link or a file is one
    entry), tool caches left out, and the manifest; nothing else of ``root`` is looked at."""
    found: dict[str, Found] = {}
    for name in sorted(set(packages)) + ([MANIFEST] if manifest else []):
        try:
            info = os.lstat(root / name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        if not stat.S_ISDIR(info.st_mode):
            found[name] = Found(_kind(info.st_mode), info.st_size)
            continue
        for path, entry in scan(root / name).items():
            if not _is_cache(f"{name}/{path}"):
                found[f"{name}/{path}"] = entry
    return dict(sorted(found.items()))


def _differences(
    root: Path, current: Mapping[str, Found], expected: Mapping[str, str]
) -> Iterator[tuple[str, str, bytes | None]]:
    """``(path, state, current bytes)`` for each path where ``current`` differs from
    ``expected``: state "edited" (bytes given when small enough to read), "missing", "not a
    file" (a symbolic link or special file at a generated path) or "unexpected" (never read)."""
    for path in sorted(set(current) | set(expected)):
        entry, text = current.get(path), expected.get(path)
        if entry is None:
            yield path, "missing", None
        elif text is None:
            yield path, "unexpected", None
        elif entry.kind != "file":
            yield path, "not a file", None
        elif entry.size > MAX_COMPARED_BYTES:
            yield path, "edited", None
        else:
            content = _read(root / path)
            if content != text.encode("utf-8"):
                yield path, "edited", content


def _compare(root: Path, expected: Mapping[str, str], owned: Iterable[str]) -> Iterator[tuple[str, str, bytes | None]]:
    """``_differences`` over what the generator owns or would write: the manifest, the
    packages of ``expected`` and the ``owned`` packages. Other entries of ``root`` are ignored."""
    packages = {package_of(path) for path in expected if path != MANIFEST} | set(owned)
    yield from _differences(root, _entries(root, packages), expected)


def changed_paths(root: Path, files: dict[str, str]) -> list[str]:
    """Paths that differ between what the generator owns in ``root`` and ``files`` with their manifest."""
    return [path for path, _, _ in _compare(root, with_manifest(files), read_manifest(root).packages)]


def stale(root: Path, files: dict[str, str], label: str = "generated") -> list[tuple[str, str]]:
    """``(label/path, state)`` for each path ``diff`` reports: "edited", "missing",
    "unexpected" or "not a file"."""
    owned = read_manifest(root).packages
    return [(f"{label}/{path}", state) for path, state, _ in _compare(root, with_manifest(files), owned)]


def diff(root: Path, files: dict[str, str], label: str = "generated") -> str:
    """What differs from what the generator owns in ``root`` to ``files`` and their manifest;
    "" when identical. Entries beside the packages are not looked at. Missing files, and
    edited ones the generator wrote (their package is in the manifest, or the file names
    the generator), get a unified diff; any other entry gets one line, never its content."""
    expected = with_manifest(files)
    manifest = read_manifest(root)
    chunks: list[str] = []
    for path, state, content in _compare(root, expected, manifest.packages):
        shown = printable(f"{label}/{path}")
        if state in ("unexpected", "not a file"):
            what = "not written by the generator" if state == "unexpected" else "a link or special file, not followed"
            chunks.append(f"{state}: {shown} ({what}; content not shown)\n")
            continue
        if state == "edited" and content is None:
            chunks.append(f"edited: {shown} (larger than {MAX_COMPARED_BYTES} bytes; content not shown)\n")
            continue
        if state == "edited":
            if path == MANIFEST:
                mine = manifest.state == "ours"
            else:
                mine = package_of(path) in manifest.packages or _names_the_generator(path, content or b"")
            if not mine:
                chunks.append(
                    f"edited: {shown} (no manifest lists its package, and the file does not name the generator; "
                    "content not shown)\n"
                )
                continue
        if state == "missing" and not expected[path]:
            chunks.append(f"missing: {shown} (an empty file)\n")  # a unified diff of two empty texts is empty
            continue
        old = "" if content is None else content.decode("utf-8", errors="replace")
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                expected[path].splitlines(keepends=True),
                fromfile=shown if state == "edited" else "/dev/null",
                tofile=printable(f"{label}/{path} (expected)"),
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks[-1] += "\n"
    return "".join(chunks)


# --- the lock and recovery -------------------------------------------------------------------------


@contextmanager
def locked(root: Path, on_wait: Callable[[], None] = lambda: None, create: bool = True) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the output's parent directory (no lock file to leave
    behind or to delete under another run). ``on_wait`` is called once if another run holds
    it. Without ``create`` a missing parent means there is nothing to lock."""
    parent = root.resolve().parent
    try:
        import fcntl
    except ImportError:  # not POSIX: runs are not serialised
        yield
        return
    if create:
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError("create the output's parent directory", parent, exc) from None
    elif not parent.is_dir():
        yield
        return
    try:
        fd = os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise WriteError("open the output's parent directory to lock it", parent, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _beside(target: Path) -> Path:
    """Where a file is written before it is renamed over ``target``."""
    return target.with_name(f".{target.name}{_PARTIAL}")


def recover(root: Path) -> None:
    """Undo what an interrupted ``write_tree`` left in ``root``: put back a package moved
    aside whose place is empty, delete staging copies, trees being deleted and partial files.
    Only the swap's own names are touched (``.error-contracts.{new,old,del}.*`` directories,
    ``*.error-contracts-partial`` files in owned packages)."""
    root = root.resolve()
    if not root.is_dir():
        return
    try:
        leftovers = []
        for name in os.listdir(root):
            match = _LEFTOVER.fullmatch(name)
            if match is not None and stat.S_ISDIR(os.lstat(root / name).st_mode):
                leftovers.append((os.lstat(root / name).st_mtime, name, match))
        for _, name, match in sorted(leftovers, reverse=True):  # the newest copy moved aside wins
            target = root / match["package"]
            if match["kind"] == "old" and not os.path.lexists(target):
                os.replace(root / name, target)
            else:
                shutil.rmtree(root / name, ignore_errors=True)
        partials = [_beside(root / MANIFEST)]
        for package in read_manifest(root).packages:
            if (root / package).is_dir() and not (root / package).is_symlink():
                partials.extend((root / package).glob(f".*{_PARTIAL}"))
        for partial in partials:
            if os.path.lexists(partial) and stat.S_ISREG(os.lstat(partial).st_mode):
                partial.unlink()
    except OSError as exc:
        raise WriteError("clean up after an interrupted run in", root, exc) from None


# --- writing ---------------------------------------------------------------------------------------


def _write_file(target: Path, content: str, shown: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # permissions: the umask's
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise WriteError("write", shown, exc) from None


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the renames are still atomic
    finally:
        os.close(fd)


def _work_dir(root: Path, kind: str, package: str) -> Path:
    return root / f"{_WORK}.{kind}.{package}.{os.getpid()}-{os.urandom(4).hex()}"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where
    the platform or file system cannot, OSError for any other failure."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, ImportError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


class _CannotRename(Exception):
    """A package directory cannot be renamed (a mount point); it must be updated in place."""


def _discard(root: Path, tree: Path, package: str) -> None:
    """Delete a previous, staging or removed package tree, renaming it first so a kill
    halfway through never leaves a partial tree under a name ``recover`` would restore."""
    trash = _work_dir(root, "del", package)
    try:
        os.replace(tree, trash)
    except OSError:
        trash = tree
    _step("discarding")
    shutil.rmtree(trash, ignore_errors=True)


def _swap(root: Path, staging: Path, package: str, swapped: Callable[[], None]) -> None:
    """Put the complete tree ``staging`` in place of ``root/package``; ``swapped`` is called
    as soon as it is there (before the previous tree is deleted)."""
    target = root / package
    if not os.path.lexists(target):
        os.rename(staging, target)
        swapped()
        _step("swapped")
        return
    try:
        exchanged = _exchange(staging, target)
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV):
            raise _CannotRename from None
        raise
    if exchanged:
        swapped()
        _step("exchanged")
        _discard(root, staging, package)  # which now holds the previous tree
        return
    old = _work_dir(root, "old", package)
    try:
        os.replace(target, old)
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV):
            raise _CannotRename from None
        raise
    try:
        _step("moved-aside")
        os.replace(staging, target)
    except BaseException:
        if not os.path.lexists(target):
            os.replace(old, target)
        raise
    swapped()
    _step("swapped")
    _discard(root, old, package)


def _stage(root: Path, package: str, files: Mapping[str, str], shown: Path) -> Path:
    """Write ``files`` (``<package>/<name>``) complete into a new directory beside the package."""
    staging = _work_dir(root, "new", package)
    try:
        os.mkdir(staging)  # unlike mkdtemp (0o700), the permissions follow the umask
    except OSError as exc:
        raise WriteError("create a directory in", shown, exc) from None
    try:
        for index, (path, content) in enumerate(sorted(files.items())):
            _write_file(staging / path.split("/", 1)[1], content, shown / path)
            if index == 0:
                _step("staging")
        _fsync_directory(staging)
        _step("staged")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _update_in_place(
    root: Path, package: str, files: Mapping[str, str], shown: Path, touched: Callable[[], None]
) -> None:
    """Make the package directory ``root/package`` (which cannot be renamed) hold ``files``,
    one atomic rename per file, calling ``touched`` after each file replaced or removed.

    Every changed file is written first beside its target, then renamed over it; then the
    files no longer produced are removed (the package was checked to hold only the
    generator's files). A kill halfway can leave some files new and some old: the next
    ``generate`` finishes the update, and ``check`` reports it.
    """
    changed = {path: state for path, state, _ in _differences(root, _entries(root, [package], False), files)}
    replaced = sorted(path for path in changed if path in files)
    removed = sorted(path for path, state in changed.items() if state == "unexpected")
    try:
        for path in replaced:
            _write_file(_beside(root / path), files[path], shown / path)
        _step("staged")
        for path in replaced:
            try:
                os.replace(_beside(root / path), root / path)
            except OSError as exc:
                raise WriteError("replace", shown / path, exc) from None
            touched()
            _step("replaced")
        for path in removed:
            try:
                (root / path).unlink()
                if (root / path).parent != root / package and not any((root / path).parent.iterdir()):
                    (root / path).parent.rmdir()
            except OSError as exc:
                raise WriteError("remove", shown / path, exc) from None
            touched()
            _step("removed")
    finally:
        for path in replaced:
            _beside(root / path).unlink(missing_ok=True)
    _step("swapped")


def _write_manifest(root: Path, text: str, shown: Path, step: str) -> None:
    beside = _beside(root / MANIFEST)
    _write_file(beside, text, shown / MANIFEST)
    try:
        _step(step)
        os.replace(beside, root / MANIFEST)
    except OSError as exc:
        raise WriteError("replace", shown / MANIFEST, exc) from None
    finally:
        beside.unlink(missing_ok=True)


def write_tree(root: Path, files: dict[str, str]) -> bool:
    """Make the packages ``files`` name hold exactly those files, remove the owned packages
    they no longer name, and record them in the manifest; every other entry of ``root`` is
    left alone. Returns False when nothing had to change.

    The caller holds ``locked(root)``.
    """
    if bad := [path for path in files if not is_output_path(path)]:
        raise UnsafeOutput(f"refusing to write {bad[0]!r} into {str(root)!r}: outside a package directory")
    # A link to a directory is kept: the directory it points to is the output. Paths in
    # messages are shown as the caller gave them.
    shown, root = root, root.resolve()
    recover(root)
    packages = {package_of(path) for path in files}
    if problem := output_problem(shown, packages):
        raise UnsafeOutput(problem)
    manifest = read_manifest(root)
    expected = with_manifest(files)
    changes = {path for path, _, _ in _compare(root, expected, manifest.packages)}
    if not changes:
        return False
    touched = {package_of(path) for path in changes if path != MANIFEST}
    replaced, removed = sorted(touched & packages), sorted(touched - packages)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError("create the output directory", shown, exc) from None
    in_place = {package for package in replaced if (root / package).is_dir() and os.path.ismount(root / package)}
    by_package: dict[str, dict[str, str]] = {}
    for path, text in files.items():
        by_package.setdefault(package_of(path), {})[path] = text
    staged: dict[str, Path] = {}
    done = 0  # packages replaced or removed: the output is no longer as it was

    previous: bytes | None = None  # the manifest before a claim, put back if nothing else changed

    def changed() -> None:  # a package (or, in place, a file) is new, or a package is gone
        nonlocal done
        done += 1

    try:
        for package in replaced:
            if package not in in_place:
                staged[package] = _stage(root, package, by_package[package], shown)
        new = packages - manifest.packages
        if new:  # claim the packages about to appear before they do
            previous = _read(root / MANIFEST) if manifest.state == "ours" else b""
            claimed = {**manifest.hashes, **_hashes({p: t for p, t in files.items() if package_of(p) in new})}
            _write_manifest(root, _manifest_json(claimed), shown, "claiming")
            _step("claimed")
        for package in replaced:
            if package in staged:
                try:
                    _swap(root, staged[package], package, changed)
                    del staged[package]  # in place (or, exchanged, already discarded)
                    continue
                except _CannotRename:
                    shutil.rmtree(staged.pop(package), ignore_errors=True)
                except OSError as exc:
                    raise WriteError("replace", shown / package, exc, partly_updated=done > 0) from None
            _update_in_place(root, package, by_package[package], shown, changed)
        for package in removed:
            done += 1  # from the moment it is renamed away
            _discard(root, root / package, package)
        _write_manifest(root, expected[MANIFEST], shown, "manifest")
        _fsync_directory(root)
    except WriteError as exc:
        exc.partly_updated = exc.partly_updated or done > 0 or not _unclaim(root, previous, done, shown)
        raise
    except KeyboardInterrupt:
        if done > 0 or not _unclaim(root, previous, done, shown):
            raise Interrupted from None
        raise
    finally:
        for leftover in staged.values():
            shutil.rmtree(leftover, ignore_errors=True)
    return True


def _unclaim(root: Path, previous: bytes | None, done: int, shown: Path) -> bool:
    """After a failure before any package changed, put back the manifest a claim replaced
    (``previous``: its bytes, b"" when there was none). Whether the output is as it was."""
    if previous is None or done:
        return done == 0
    try:
        if previous:
            _write_manifest(root, previous.decode("utf-8"), shown, "unclaiming")
        else:
            (root / MANIFEST).unlink(missing_ok=True)
    except (OSError, UnicodeDecodeError):
        return False
    return True
