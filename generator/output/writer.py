"""The only stage that touches the output directory.

Ownership. The generator replaces only a directory it owns: one holding its manifest
(``.error-contracts-manifest.json``: every file it wrote, with its SHA-256), or, for
outputs written before the manifest existed, one whose every file is a package file
(``<package>/<module>.py``, ``py.typed``, ``ERRORS.md``, ``vectors.json``) that names
the generator in its first lines. Anything else non-empty is refused (``output_problem``): a user
package, a dot-directory such as ``.git``, a symbolic link, a file of another shape.
Tool caches (``__pycache__``, ``.mypy_cache``, ...) inside an owned output go with it.

The swap. ``write_tree`` writes the new tree next to the output
(``.<name>.new-*``, directories created with the umask's permissions), then:

- exchanges the two directories in one atomic ``renameat2(RENAME_EXCHANGE)`` where
  the platform has it, so the output is never missing, not even for an instant;
- elsewhere, renames the output aside (``.<name>.old-<pid>``) and the new tree in;
  a hard kill between the two renames leaves the complete previous output beside it,
  and the next ``generate`` or ``check`` puts it back (``recover``) before anything else;
- a previous tree is renamed to ``.<name>.del-*`` before it is deleted, so a kill
  during deletion never leaves a partial tree that could be mistaken for the output.

An error or Ctrl-C at any step removes the staging copy and leaves the previous output
as it was. An output that cannot be renamed (a mount point, such as a container
volume: ``os.path.ismount``, or EBUSY/EXDEV from the rename) is updated in place
instead: each changed file is written beside itself and renamed over it, then files
the generator wrote before and no longer produces are removed, the manifest last.

Reading. Nothing here follows a symbolic link inside the output or reads a file at a
path the generator does not write, and ``diff`` prints the content of no file it cannot
tell it wrote (by the manifest, or the file naming the generator): it names such entries.

Concurrency. Callers hold ``locked(root)`` around ``recover`` and ``write_tree``, so two
runs on one output take turns instead of deleting each other's staging copy.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..display import printable

MANIFEST = ".error-contracts-manifest.json"
_GENERATOR = "error-contract-generator"  # the manifest's "generator" field
_HEADER = b"the error-contract generator"  # every generated file but py.typed names it in its first lines
_HEADER_BYTES = 2048
TOOL_CACHES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
MAX_COMPARED_BYTES = 16 * 1024 * 1024  # a larger file at a generated path is reported as differing, not read
_PARTIAL = ".error-contracts-partial"  # suffix of a file being written in place


def _step(name: str) -> None:
    """A point of the swap; fault-injection tests replace this to kill the process there."""


class UnsafeOutput(Exception):
    """The output directory is not the generator's to replace; it is left alone."""


class WriteError(OSError):
    """An operating-system error while writing the output, saying what was being done to
    which path: ``str()`` is one line, e.g. ``cannot write 'generated/x/errors.py': No
    space left on device (ENOSPC)``."""

    def __init__(self, action: str, path: Path | str, error: OSError, partly_updated: bool = False) -> None:
        super().__init__(error.errno, error.strerror or str(error), str(path))
        self.action = action
        self.partly_updated = partly_updated  # an in-place update stopped halfway; else the output is as it was

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


def _is_cache(path: str) -> bool:
    return any(part in TOOL_CACHES for part in path.split("/")[:-1])


def manifest_text(files: dict[str, str]) -> str:
    """The manifest of an output holding exactly ``files``: deterministic, sorted."""
    hashes = {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(files.items())}
    return json.dumps({"generator": _GENERATOR, "format": 1, "files": hashes}, indent=1, sort_keys=True) + "\n"


def with_manifest(files: dict[str, str]) -> dict[str, str]:
    """``files`` plus their manifest: everything an output directory holds."""
    return {**files, MANIFEST: manifest_text(files)}


# --- reading, never following a symbolic link ---------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One entry of the output: ``kind`` is "file", "symlink" or "other" (a FIFO, a device)."""

    kind: str
    size: int


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
            kind = "file" if stat.S_ISREG(info.st_mode) else "symlink" if stat.S_ISLNK(info.st_mode) else "other"
            found[(base / name).relative_to(root).as_posix()] = Found(kind, info.st_size)
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


def _compare(root: Path, expected: dict[str, str]) -> Iterator[tuple[str, str, bytes | None]]:
    """``(path, state, current bytes)`` for each path where ``root`` differs from ``expected``:
    state "edited" (bytes given when small enough to read), "missing", "not a file" (a symbolic
    link or special file at a generated path) or "unexpected" (never read)."""
    current = {path: entry for path, entry in scan(root).items() if not _is_cache(path)}
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


def changed_paths(root: Path, files: dict[str, str]) -> list[str]:
    """Paths that differ between ``root`` and ``files`` with their manifest (added, removed, edited)."""
    return [path for path, _, _ in _compare(root, with_manifest(files))]


def stale(root: Path, files: dict[str, str], label: str = "generated") -> list[tuple[str, str]]:
    """``(label/path, state)`` for each path ``diff`` reports: "edited", "missing",
    "unexpected" or "not a file"."""
    return [(f"{label}/{path}", state) for path, state, _ in _compare(root, with_manifest(files))]


def diff(root: Path, files: dict[str, str], label: str = "generated") -> str:
    """What differs from ``root`` to ``files`` and their manifest; "" when identical. Missing
    files, and edited ones the generator wrote (the output has its manifest, or the file names
    the generator), get a unified diff; any other entry gets one line, never its content."""
    expected = with_manifest(files)
    owned = owned_by_manifest(root)
    chunks: list[str] = []
    for path, state, content in _compare(root, expected):
        if state in ("unexpected", "not a file"):
            what = "not written by the generator" if state == "unexpected" else "a link or special file, not followed"
            chunks.append(f"{state}: {printable(f'{label}/{path}')} ({what}; content not shown)\n")
            continue
        if state == "edited" and content is None:
            chunks.append(
                f"edited: {printable(f'{label}/{path}')} (larger than {MAX_COMPARED_BYTES} bytes; content not shown)\n"
            )
            continue
        if state == "edited" and not owned and not _names_the_generator(path, content or b""):
            chunks.append(
                f"edited: {printable(f'{label}/{path}')} (no manifest, and the file does not name the generator; content not shown)\n"
            )
            continue
        old = "" if content is None else content.decode("utf-8", errors="replace")
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                expected[path].splitlines(keepends=True),
                fromfile=printable(f"{label}/{path}") if state == "edited" else "/dev/null",
                tofile=printable(f"{label}/{path} (expected)"),
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks[-1] += "\n"
    return "".join(chunks)


# --- ownership -------------------------------------------------------------------------------------


def owned_by_manifest(root: Path) -> bool:
    """Whether ``root`` holds a manifest the generator wrote (a regular file of its form)."""
    try:
        if not stat.S_ISREG(os.lstat(root / MANIFEST).st_mode):
            return False
        data = json.loads(_read(root / MANIFEST, MAX_COMPARED_BYTES))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == _GENERATOR and isinstance(data.get("files"), dict)


def _names_the_generator(path: str, content: bytes) -> bool:
    """Whether a file at ``path`` starting with ``content`` says it was generated (an empty py.typed)."""
    return content == b"" if path.endswith("/py.typed") else _HEADER in content[:_HEADER_BYTES]


def foreign_files(root: Path, limit: int = 5) -> list[str]:
    """Up to ``limit`` entries under ``root`` that are not the generator's to replace."""
    owned = owned_by_manifest(root)
    found: list[str] = []
    for path, entry in scan(root).items():
        if _is_cache(path) or (entry.kind == "file" and (path == MANIFEST or path.endswith(_PARTIAL))):
            continue  # a partial file is an interrupted in-place update's, removed by ``recover``
        ours = (
            entry.kind == "file"
            and is_output_path(path)
            and (owned or _names_the_generator(path, _read(root / path, _HEADER_BYTES)))
        )
        if not ours:
            found.append(path)
            if len(found) == limit:
                break
    return found


def output_problem(root: Path) -> str:
    """Why ``write_tree`` must not replace ``root``, or "" when it may."""
    if root.exists() and not root.is_dir():
        return f"{str(root)!r}: it is not a directory"
    if foreign := foreign_files(root):
        more = ", ..." if len(foreign) == 5 else ""
        return f"{str(root)!r}: it holds files the generator did not write ({', '.join(foreign)}{more})"
    return ""


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


def recover(root: Path) -> None:
    """Undo what an interrupted ``write_tree`` left: restore the previous output, drop copies."""
    root = root.resolve()
    if not root.parent.is_dir():
        return
    try:
        olds = sorted(root.parent.glob(f".{root.name}.old-*"), key=lambda p: p.stat().st_mtime)
        if olds and not root.exists():
            os.replace(olds.pop(), root)
        leftovers = [*olds, *root.parent.glob(f".{root.name}.new-*"), *root.parent.glob(f".{root.name}.del-*")]
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True)
        if root.is_dir():
            for partial in [*root.glob(f".*{_PARTIAL}"), *root.glob(f"*/.*{_PARTIAL}")]:
                partial.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError("clean up after an interrupted run beside", root, exc) from None


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


def _sibling(root: Path, kind: str) -> Path:
    return root.with_name(f".{root.name}.{kind}-{os.getpid()}-{os.urandom(4).hex()}")


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
    """The output cannot be renamed (a mount point); it must be updated in place."""


def _discard(root: Path, tree: Path) -> None:
    """Delete a previous or staging tree, renaming it first so a kill halfway through never
    leaves a partial tree under a name ``recover`` would restore."""
    trash = _sibling(root, "del")
    try:
        os.replace(tree, trash)
    except OSError:
        trash = tree
    _step("discarding")
    shutil.rmtree(trash, ignore_errors=True)


def _swap(staging: Path, root: Path) -> None:
    """Put the complete tree ``staging`` in place of ``root``."""
    if not root.exists():
        os.rename(staging, root)
        _step("swapped")
        return
    try:
        exchanged = _exchange(staging, root)
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV):
            raise _CannotRename from None
        raise
    if exchanged:
        _step("exchanged")
        _discard(root, staging)  # which now holds the previous tree
        return
    old = root.with_name(f".{root.name}.old-{os.getpid()}")
    try:
        os.replace(root, old)
    except OSError as exc:
        if exc.errno in (errno.EBUSY, errno.EXDEV):
            raise _CannotRename from None
        raise
    try:
        _step("moved-aside")
        os.replace(staging, root)
    except BaseException:
        if not root.exists():
            os.replace(old, root)
        raise
    _step("swapped")
    _discard(root, old)


def _update_in_place(root: Path, expected: dict[str, str], shown: Path) -> None:
    """Make ``root`` (which cannot be renamed) hold ``expected``, one atomic rename per file.

    Every changed file is written first beside its target, then renamed over it; then the
    files no longer produced are removed (the output was checked to hold only the
    generator's files), and the manifest is replaced last. A kill halfway can leave some files
    new and some old: the next ``generate`` finishes the update, and ``check`` reports it.
    """
    changed = {path: state for path, state, _ in _compare(root, expected)}
    files = sorted(path for path in changed if path in expected and path != MANIFEST)
    stale = sorted(path for path, state in changed.items() if state == "unexpected")

    def beside(path: str) -> Path:
        target = root / path
        return target.with_name(f".{target.name}{_PARTIAL}")

    touched = 0  # files replaced or removed so far

    def replace(path: str) -> None:
        nonlocal touched
        try:
            os.replace(beside(path), root / path)
        except OSError as exc:
            raise WriteError("replace", shown / path, exc) from None
        touched += 1
        _step("replaced")

    try:
        for path in files:
            _write_file(beside(path), expected[path], shown / path)
        _step("staged")
        for path in files:
            replace(path)
        for path in stale:
            try:
                (root / path).unlink()
                if not any((root / path).parent.iterdir()):
                    (root / path).parent.rmdir()
            except OSError as exc:
                raise WriteError("remove", shown / path, exc) from None
            touched += 1
        _write_file(beside(MANIFEST), expected[MANIFEST], shown / MANIFEST)
        replace(MANIFEST)  # last, once the package files are right
    except WriteError as exc:
        exc.partly_updated = touched > 0
        raise
    finally:
        for path in [*files, MANIFEST]:
            beside(path).unlink(missing_ok=True)
    _step("swapped")


def write_tree(root: Path, files: dict[str, str]) -> bool:
    """Make ``root`` hold exactly ``files`` and their manifest. Returns False when it already did.

    The caller holds ``locked(root)``.
    """
    if bad := [path for path in files if not is_output_path(path)]:
        raise UnsafeOutput(f"{str(root)!r}: refusing to write outside a package directory ({bad[0]!r})")
    # A link to a directory is kept: the directory it points to is the output. Paths in
    # messages are shown as the caller gave them.
    shown, root = root, root.resolve()
    recover(root)
    if problem := output_problem(shown):
        raise UnsafeOutput(problem)
    expected = with_manifest(files)
    if not list(_compare(root, expected)):
        return False
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError("create the output's parent directory", root.parent, exc) from None
    if os.path.ismount(root):
        _update_in_place(root, expected, shown)
        return True
    staging = _sibling(root, "new")
    try:
        os.mkdir(staging)  # unlike mkdtemp (0o700), the permissions follow the umask
    except OSError as exc:
        raise WriteError("create a directory in", root.parent, exc) from None
    try:
        for index, (path, content) in enumerate(expected.items()):
            _write_file(staging / path, content, shown / path)
            if index == 0:
                _step("staging")
        for directory in {(staging / path).parent for path in expected}:
            _fsync_directory(directory)
        _step("staged")
        try:
            _swap(staging, root)
        except OSError as exc:
            raise WriteError("replace", shown, exc) from None
        _fsync_directory(root.parent)
    except _CannotRename:
        shutil.rmtree(staging, ignore_errors=True)
        _update_in_place(root, expected, shown)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True
