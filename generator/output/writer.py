"""The only stage that touches the output directory.

``write_tree`` replaces the whole directory at once: the new tree is written next to
it (``.<name>.new-*``), then swapped in with two renames, so files of removed vendors
or modules disappear and a failure leaves the previous output as it was:

- an error or Ctrl-C while staging, or between the two renames: the staging copy is
  removed and the previous directory is renamed back;
- a hard kill between the two renames leaves the previous output intact beside it
  (``.<name>.old-<pid>``); the next ``write_tree`` puts it back before doing anything.

It refuses to replace a directory holding anything the generator does not write
(``foreign_files``), so ``--out .`` cannot wipe a checkout. Runs are not meant to be
concurrent: a second run would clean up the first one's staging copy.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from pathlib import Path

from ..display import printable


def read_tree(root: Path) -> dict[str, str | None]:
    """Every file under ``root`` as ``{relative posix path: text}``; None if not UTF-8."""
    found: dict[str, str | None] = {}
    if not root.is_dir():
        return found
    for file in sorted(root.rglob("*")):
        parts = file.relative_to(root).parts
        if file.is_file() and not any(part == "__pycache__" or part.startswith(".") for part in parts):
            try:
                found[file.relative_to(root).as_posix()] = file.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                found[file.relative_to(root).as_posix()] = None
    return found


def changed_paths(root: Path, files: dict[str, str]) -> list[str]:
    """Paths that differ between ``root`` and ``files`` (added, removed or edited)."""
    current = read_tree(root)
    return sorted(p for p in set(current) | set(files) if current.get(p) != files.get(p))


def diff(root: Path, files: dict[str, str], label: str = "generated") -> str:
    """A unified diff from what is in ``root`` to ``files``; "" when identical."""
    current = read_tree(root)
    chunks: list[str] = []
    for path in sorted(set(current) | set(files)):
        old, new = current.get(path), files.get(path)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=printable(f"{label}/{path}") if path in current else "/dev/null",
                tofile=printable(f"{label}/{path} (expected)") if path in files else "/dev/null",
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks[-1] += "\n"
    return "".join(chunks)


def is_generated_path(path: str) -> bool:
    """Whether ``path`` (relative, posix) is something the generator writes, or a tool's cache
    (``__pycache__``, or a dot-directory such as ``.mypy_cache``)."""
    parts = path.split("/")
    if "__pycache__" in parts or any(part.startswith(".") for part in parts[:-1]):
        return True
    return len(parts) == 2 and (parts[1].endswith(".py") or parts[1] in ("py.typed", "ERRORS.md"))


def foreign_files(root: Path, limit: int = 5) -> list[str]:
    """Up to ``limit`` files under ``root`` that the generator would not have written."""
    found: list[str] = []
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            path = (Path(directory) / name).relative_to(root).as_posix()
            if not is_generated_path(path):
                found.append(path)
                if len(found) == limit:
                    return found
    return found


def output_problem(root: Path) -> str:
    """Why ``write_tree`` must not replace ``root``, or "" when it may."""
    if root.exists() and not root.is_dir():
        return f"{str(root)!r}: it is not a directory"
    if foreign := foreign_files(root):
        more = ", ..." if len(foreign) == 5 else ""
        return f"{str(root)!r}: it holds files the generator did not write ({', '.join(foreign)}{more})"
    return ""


class UnsafeOutput(Exception):
    """The output directory is not the generator's to replace; it is left alone."""


def recover(root: Path) -> None:
    """Undo what an interrupted ``write_tree`` left: restore the previous output, drop copies."""
    root = root.resolve()
    if not root.parent.is_dir():
        return
    olds = sorted(root.parent.glob(f".{root.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not root.exists():
        os.replace(olds.pop(), root)
    for leftover in [*olds, *root.parent.glob(f".{root.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def write_tree(root: Path, files: dict[str, str]) -> bool:
    """Make ``root`` hold exactly ``files``. Returns False when it already did."""
    recover(root)
    if problem := output_problem(root):
        raise UnsafeOutput(problem)
    if not changed_paths(root, files):
        return False
    root = root.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.new-", dir=root.parent))
    old = root.with_name(f".{root.name}.old-{os.getpid()}")
    try:
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        if root.exists():
            os.replace(root, old)
        os.replace(staging, root)
    except BaseException:
        if old.exists() and not root.exists():
            os.replace(old, root)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return True
