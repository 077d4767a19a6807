"""The only stage that touches the output directory.

``write_tree`` replaces the whole directory at once: the new tree is written next to
it, then swapped in with two renames, so a crash leaves either the old or the new
output, never a mix, and files of removed vendors or modules disappear.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from pathlib import Path


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
                fromfile=f"{label}/{path}" if path in current else "/dev/null",
                tofile=f"{label}/{path} (expected)" if path in files else "/dev/null",
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks[-1] += "\n"
    return "".join(chunks)


def write_tree(root: Path, files: dict[str, str]) -> bool:
    """Make ``root`` hold exactly ``files``. Returns False when it already did."""
    if not changed_paths(root, files):
        return False
    root = root.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.new-", dir=root.parent))
    try:
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        old = root.with_name(f".{root.name}.old-{os.getpid()}")
        if root.exists():
            os.replace(root, old)
        os.replace(staging, root)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True
