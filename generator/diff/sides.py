"""The two sides of a spec comparison: a directory of specs, or ``specs/`` at a git revision.

A revision is read with git itself (``rev-parse``, ``ls-tree``, ``cat-file``), with no
checkout and no change to the work tree. Either way each side goes through the same
load -> validate -> build stages as ``generate``, so ``compare.compare`` sees two sets
of intermediate models, never text.
"""

from __future__ import annotations

import subprocess
from collections.abc import Collection
from functools import partial
from pathlib import Path

from ..model import Vendor
from ..paths import SPEC_SUFFIXES, spec_files
from ..pipeline import check_all
from ..records import field, record
from ..spec.loader import LoadedSpec, limits, load_bytes, load_file, too_large


class SourceError(Exception):
    """A side cannot be read at all: no such directory or revision, or git failed."""


@record
class Side:
    """One version of the specs, built: what ``compare.compare`` takes."""

    label: str  # as the user named it: "origin/main", "specs"
    vendors: tuple[Vendor, ...]
    # Each spec as shown ("origin/main:specs/x.yaml") -> where it stands in the file system
    # (for a revision, where it would stand in the work tree): SARIF locations are made from it.
    files: dict[str, Path] = field(default_factory=dict)
    described: str = ""  # how it was read, for --verbose: "directory 'before'", "git revision 'main' (commit ...)"


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SourceError(f"cannot run git: {exc}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        raise SourceError(f"git {args[0]} failed: {detail}")
    return result.stdout


def _commit(name: str, cwd: Path) -> str:
    """The commit ``name`` names, or "" when it is not a git revision."""
    try:
        return (
            _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"], cwd).decode().strip()
        )
    except SourceError:
        return ""


def revision_specs(revision: str, specs_dir: Path, cwd: Path) -> list[tuple[str, bytes | None]]:
    """``[(path in the repository, content)]`` of the ``*.yaml`` and ``*.yml`` files in ``specs_dir`` at ``revision``.

    ``specs_dir`` is taken relative to ``cwd``, like any path on the command line; a
    revision that has no such directory has no specs (the first one that adds them).
    A blob larger than the spec size limit is not read: its content is None.
    """
    commit = _git(["rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}"], cwd).decode().strip()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    try:
        inside = (cwd / specs_dir).resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise SourceError(f"{str(specs_dir)!r} is outside the git repository at {str(top)!r}") from None
    tree = f"{commit}:{'' if inside == '.' else inside}"
    if not _is_revision_path(tree, cwd):
        return []
    found = []
    for entry in _git(["ls-tree", "-z", "-l", "--full-tree", tree], cwd).split(b"\0"):  # not limited to cwd
        if not entry:
            continue
        meta, _, name_bytes = entry.partition(b"\t")
        _mode, kind, obj, size = meta.decode().split()
        name = name_bytes.decode("utf-8", "surrogateescape")
        if kind == "blob" and name.endswith(SPEC_SUFFIXES):
            content = None if int(size) > limits().spec_bytes else _git(["cat-file", "blob", obj], cwd)
            found.append(((f"{inside}/" if inside != "." else "") + name, content))
    return sorted(found)


def _is_revision_path(object_name: str, cwd: Path) -> bool:
    try:
        return _git(["cat-file", "-t", object_name], cwd).strip() == b"tree"
    except SourceError:
        return False


def _oversized(path: str) -> LoadedSpec:
    """A loader for a blob too large to read: the size diagnostic, as for a file."""
    raise too_large(path)


REVISION, DIRECTORY = "rev:", "dir:"  # the explicit forms of a side


def load_side(name: str, specs_dir: Path, cwd: Path, vendors: Collection[str] | None = None) -> Side:
    """The specs ``name`` stands for: ``dir:PATH`` a directory of specs, ``rev:REV`` a git
    revision's ``specs_dir``; a bare name either, whichever exists. With ``vendors`` (the
    configured spec names), only those specs are read.

    A bare name that is both a directory and a revision is refused as ambiguous: a
    committed directory called ``main`` must not stand in for the branch. Raises
    SourceError for an empty, ambiguous or unknown name, SpecError when a spec does not
    load or validate.
    """
    kind, _, bare = name.partition(":") if name.startswith((REVISION, DIRECTORY)) else ("", "", name)
    if not bare:
        raise SourceError(f"empty side name {name!r}: give a directory (dir:PATH) or a git revision (rev:REV)")
    directory = cwd / bare
    is_dir = kind != "rev" and directory.is_dir()
    commit = _commit(bare, cwd) if kind != "dir" else ""
    is_rev = bool(commit)
    if is_dir and is_rev:
        raise SourceError(
            f"{bare!r} is both a directory and a git revision: write dir:{bare} or rev:{bare} to say which"
        )
    if is_dir:
        found = [file for file in spec_files(directory) if vendors is None or file.stem in vendors]
        files = {f"{bare.rstrip('/')}/{file.name}": file for file in found}
        loaders = [partial(load_file, file, shown) for shown, file in files.items()]
        described = f"directory {bare!r}"
    elif is_rev:
        specs = [
            (path, content)
            for path, content in revision_specs(bare, specs_dir, cwd)
            if vendors is None or Path(path).stem in vendors
        ]
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip()) if specs else cwd
        files = {f"{bare}:{path}": top / path for path, _ in specs}  # git's own REV:path notation
        loaders = [
            (
                partial(load_bytes, content, f"{bare}:{path}", Path(path).stem)
                if content is not None
                else partial(_oversized, f"{bare}:{path}")
            )
            for path, content in specs
        ]
        described = f"git revision {bare!r} (commit {commit[:12]})"
    elif kind:
        what = "directory" if kind == "dir" else "git revision"
        raise SourceError(f"{bare!r} is not a {what}")
    else:
        raise SourceError(f"{bare!r} is neither a directory nor a git revision")
    checked = check_all(loaders)
    return Side(bare, checked.vendors, files, described)
