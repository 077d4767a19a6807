"""Nothing outside the generator's own files is read, printed or deleted.

A spec that links out of specs/ is refused; ``check`` names a symbolic link or a file the
generator did not write inside a package without following or printing it, and ignores
entries beside the packages; ``--out`` replaces only package directories its manifest lists
(or, from before the manifest, holding only generated files) and leaves every other entry
alone; ``--cache-dir`` deletes only in a directory the cache marked; a cache entry is
verified before use; directories follow the umask; a package on a mount point is updated
in place.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import GENERATED, SPECS, project_config, quickest_quiet_vendors
from generator import cli
from generator.output import cache, writer
from generator.output.writer import MANIFEST, UnsafeOutput, read_tree, write_tree

SLUG = quickest_quiet_vendors(1)[0]  # quick to regenerate, and stderr holds only what is tested
SECRET = "secret-content-7f3a\n"


def _checked_in(slug: str = SLUG) -> dict[str, str]:
    return {path: text for path, text in read_tree(GENERATED).items() if path.startswith(f"{slug}/") and text is not None}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with one spec and its package, as ``generate`` leaves it (manifest included)."""
    (tmp_path / "specs").mkdir()
    shutil.copy(SPECS / f"{SLUG}.yaml", tmp_path / "specs")
    shutil.copytree(GENERATED / SLUG, tmp_path / "generated" / SLUG, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "generated" / MANIFEST).write_text(writer.manifest_text(_checked_in()))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET)
    project_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _everything(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` (links not followed), for before/after comparisons."""
    return {path: (root / path).read_bytes() for path, entry in writer.scan(root).items() if entry.kind == "file"}


# --- specs ---------------------------------------------------------------------------------------


def test_a_spec_linking_out_of_specs_is_refused_and_not_read(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = workdir / "outside" / "vendor.yaml"
    outside.write_text((SPECS / f"{SLUG}.yaml").read_text() + f"# {SECRET}")  # would generate if it were read
    (workdir / "specs" / "linked.yaml").symlink_to(outside)
    for command in (["validate"], ["generate", "--quiet"]):
        assert cli.main(command) == 1
        err = capsys.readouterr().err
        assert "specs/linked.yaml:1:1: error: the spec is a symbolic link to a file outside specs/" in err
        assert SECRET.strip() not in err
    assert not (workdir / "generated" / "linked").exists()


def test_a_link_that_stays_inside_specs_is_read(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "specs" / "kept").mkdir()
    shutil.move(workdir / "specs" / f"{SLUG}.yaml", workdir / "specs" / "kept" / f"{SLUG}.yaml")
    (workdir / "specs" / f"{SLUG}.yaml").symlink_to(Path("kept") / f"{SLUG}.yaml")
    assert cli.main(["validate"]) == 0, capsys.readouterr().err


def test_a_diff_side_with_a_spec_linking_out_of_it_is_refused(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = workdir / "outside" / "vendor.yaml"
    outside.write_text((SPECS / f"{SLUG}.yaml").read_text() + f"# {SECRET}")
    (workdir / "side").mkdir()
    (workdir / "side" / "linked.yaml").symlink_to(outside)
    assert cli.main(["diff", "specs", "side"]) == cli.LOAD_ERROR
    err = capsys.readouterr().err
    assert "side/linked.yaml:1:1: error: the spec is a symbolic link to a file outside side/" in err
    assert SECRET.strip() not in err


# --- check ---------------------------------------------------------------------------------------


def test_check_names_links_and_foreign_files_without_following_or_printing_them(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, secret = workdir / "generated", workdir / "outside" / "secret.txt"
    (out / SLUG / "errors.py").unlink()
    (out / SLUG / "errors.py").symlink_to(secret)  # a link where a generated file belongs
    (out / SLUG / "extra.py").symlink_to(secret)  # a link where nothing belongs
    (out / "linked").symlink_to(workdir / "outside", target_is_directory=True)  # a linked directory beside the packages
    (out / "NOTES.md").write_text(SECRET)  # a file beside the packages
    os.mkfifo(out / SLUG / "pipe.py")  # reading it would block forever
    assert cli.main(["check"]) == 1
    printed = "".join(capsys.readouterr())
    assert SECRET.strip() not in printed
    for path in (f"{SLUG}/errors.py", f"{SLUG}/extra.py", f"{SLUG}/pipe.py"):
        assert f"generated/{path} (" in printed
    assert f"not a file: generated/{SLUG}/errors.py" in printed and f"unexpected: generated/{SLUG}/extra.py" in printed
    assert "linked" not in printed and "NOTES.md" not in printed  # not the generator's: not even looked at
    # generate refuses to replace a package holding what it did not write, and touches nothing
    before = _everything(workdir)
    assert cli.main(["generate", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"refusing to replace 'generated/{SLUG}': it holds files the generator did not write ({SLUG}/errors.py, " in err
    assert _everything(workdir) == before and secret.read_text() == SECRET


def test_check_of_a_directory_without_the_manifest_prints_no_file_that_does_not_name_the_generator(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = workdir / "theirs" / SLUG
    theirs.mkdir(parents=True)
    (theirs / "errors.py").write_text(SECRET)  # at a generated path, but someone else's
    assert cli.main(["check", "--out", "theirs"]) == 1
    printed = "".join(capsys.readouterr())
    assert SECRET.strip() not in printed
    assert f"edited: theirs/{SLUG}/errors.py (no manifest lists its package, and the file does not name the generator" in printed
    assert f"+++ theirs/{SLUG}/retry.py (expected)" in printed  # what it would write is still shown


def test_check_shows_hand_edits_of_generated_files_as_a_diff(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = workdir / "generated" / SLUG / "errors.py"
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    assert cli.main(["check"]) == 1
    assert "-HAND_EDIT = 1" in capsys.readouterr().out


def test_the_checked_in_manifest_lists_every_generated_file_and_its_hash() -> None:
    files = {path: text for path, text in read_tree(GENERATED).items() if text is not None}
    assert (GENERATED / MANIFEST).read_text() == writer.manifest_text(files)
    assert writer.owned_by_manifest(GENERATED)


def test_check_reports_a_missing_or_stale_manifest(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "generated" / MANIFEST).unlink()
    assert cli.main(["check"]) == 1
    assert f"generated/{MANIFEST} (expected)" in capsys.readouterr().out
    assert cli.main(["generate", "--quiet"]) == 0  # adopted: every file is one the generator wrote
    assert cli.main(["check", "--quiet"]) == 0


# --- --out -------------------------------------------------------------------------------------


BESIDE = {
    "user-package": {"mypkg/__init__.py": "VERSION = 1\n", "mypkg/core.py": "def f(): ...\n"},
    "sdk-init": {"__init__.py": "# the SDK's own _vendor/__init__.py\n"},
    "dot-directory": {".git/config": "[core]\n", ".git/HEAD": "ref: refs/heads/main\n"},
    "dot-file": {".env": "TOKEN=x\n"},
}


@pytest.mark.parametrize("beside", sorted(BESIDE))
def test_out_writes_its_packages_beside_entries_it_does_not_own_and_leaves_them_alone(
    workdir: Path, capsys: pytest.CaptureFixture[str], beside: str
) -> None:
    mine = workdir / "mine"
    for path, text in BESIDE[beside].items():
        (mine / path).parent.mkdir(parents=True, exist_ok=True)
        (mine / path).write_text(text)
    (mine / "linked").symlink_to(workdir / "outside", target_is_directory=True)
    before = _everything(mine)
    assert cli.main(["generate", "--quiet", "--out", "mine"]) == 0, capsys.readouterr().err
    after = _everything(mine)
    assert {path: after[path] for path in before} == before and (mine / "linked").is_symlink()
    assert read_tree(mine / SLUG) == {path.split("/", 1)[1]: text for path, text in _checked_in().items()}
    assert writer.read_manifest(mine).packages == {SLUG}
    assert cli.main(["check", "--quiet", "--out", "mine"]) == 0
    assert SECRET.strip() not in "".join(capsys.readouterr())


def test_out_refuses_a_manifest_it_did_not_write(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "mine").mkdir()
    (workdir / "mine" / MANIFEST).write_text("{not the generator's\n")
    before = _everything(workdir)
    assert cli.main(["generate", "--quiet", "--out", "mine"]) == 2
    assert f"refusing to replace 'mine/{MANIFEST}': it is not the generator's manifest" in capsys.readouterr().err
    assert _everything(workdir) == before


@pytest.mark.parametrize("kind", ["foreign-files", "link", "file"])
def test_out_refuses_to_replace_a_package_directory_it_does_not_own(
    workdir: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    theirs = workdir / "vendor" / SLUG  # the SDK's own package of the vendor's name
    if kind == "foreign-files":
        theirs.mkdir(parents=True)
        (theirs / "__init__.py").write_text(SECRET)
        (theirs / "client.py").write_text("def call(): ...\n")
        shown = f"a package directory the generator did not write ({SLUG}/__init__.py, {SLUG}/client.py); "
    elif kind == "link":
        theirs.parent.mkdir()
        theirs.symlink_to(workdir / "outside", target_is_directory=True)
        shown = "it is a symbolic link"
    else:
        theirs.parent.mkdir()
        theirs.write_text(SECRET)
        shown = "it is not a directory"
    before = _everything(workdir)
    assert cli.main(["generate", "--quiet", "--out", "vendor"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"refusing to replace 'vendor/{SLUG}': {shown}" in err and SECRET.strip() not in err
    assert _everything(workdir) == before


def test_out_refuses_a_link_inside_an_owned_directory(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "generated" / SLUG / "linked.py").symlink_to(workdir / "outside" / "secret.txt")
    assert cli.main(["generate", "--quiet"]) == 2
    assert f"({SLUG}/linked.py)" in capsys.readouterr().err
    assert (workdir / "generated" / SLUG / "linked.py").is_symlink()


def test_out_adopts_a_generated_package_no_manifest_lists(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A package copied from a generated directory, or written before the manifest existed:
    every file names the generator. Only the packages it writes are adopted; a package of
    that kind that it does not write ("gone") is not its to remove without a manifest."""
    (workdir / "generated" / MANIFEST).unlink()
    (workdir / "generated" / "gone").mkdir()
    shutil.copy(workdir / "generated" / SLUG / "errors.py", workdir / "generated" / "gone" / "errors.py")
    retry = workdir / "generated" / SLUG / "retry.py"
    retry.write_text(retry.read_text().replace("do not edit", "do not edit!"))  # still names the generator
    assert cli.main(["generate", "--quiet"]) == 0, capsys.readouterr().err
    after = read_tree(workdir / "generated")
    assert {path: text for path, text in after.items() if not path.startswith("gone/")} == _checked_in()
    assert {path for path in after if path.startswith("gone/")} == {"gone/errors.py"}
    assert writer.read_manifest(workdir / "generated").packages == {SLUG}


@pytest.mark.parametrize(
    "header",
    [
        "# Generated by error-contract-generator 0.3.0; do not edit: regenerate with `x`.\n# Source: a.yaml (sha256 0)\n",
        '"""Typed errors. Generated from specs/a.yaml by the error-contract generator; do not edit."""\n',
    ],
    ids=["provenance-header", "before-the-header"],
)
def test_a_package_without_a_manifest_is_adopted_only_if_every_file_names_the_generator(tmp_path: Path, header: str) -> None:
    root = tmp_path / "out"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "errors.py").write_text(header + "x = 1\n")
    (root / "pkg" / "py.typed").write_text("")
    assert writer.output_problem(root, {"pkg"}) == ""
    (root / "pkg" / "helpers.py").write_text("def mine(): ...\n")
    assert writer.output_problem(root, {"pkg"}) == (
        f"refusing to replace {str(root / 'pkg')!r}: a package directory the generator did not write (pkg/helpers.py); "
        "move it away, or leave 'pkg' out of the vendors"
    )
    assert writer.output_problem(root, {"other"}) == ""  # not in the way of what is written


def test_write_tree_refuses_paths_outside_a_package_directory(tmp_path: Path) -> None:
    for path in ("../evil.py", "a/../../evil.py", "/tmp/evil.py", "evil.py", "a/b/c.py", ".hidden/x.py", "a/.x.py", "a/notes.txt"):
        with pytest.raises(UnsafeOutput, match="outside a package directory"):
            write_tree(tmp_path / "out", {path: "import os\n"})
    assert list(tmp_path.iterdir()) == []


@given(st.text(alphabet="ab./\\\0~ _", max_size=24).map(lambda p: p + ".py") | st.text(max_size=24))
def test_a_path_accepted_for_writing_stays_one_package_deep_inside_the_output(path: str) -> None:
    if writer.is_output_path(path):
        root = Path("/nonexistent/out")
        target = Path(os.path.normpath(root / path))
        assert target.parent.parent == root and not target.name.startswith(".") and not target.parent.name.startswith(".")


@given(st.one_of(st.binary(max_size=200), st.from_regex(r'\{"generator": ?"error-contract-generator".{0,40}', fullmatch=True).map(str.encode)))
def test_any_manifest_content_is_judged_without_an_exception(content: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / MANIFEST).write_bytes(content)
        owned = writer.owned_by_manifest(Path(directory))
    data = _json_or_none(content)
    assert not owned or (isinstance(data, dict) and data["generator"] == "error-contract-generator")


def _json_or_none(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return None


# --- the cache directory ----------------------------------------------------------------------------


def test_cache_dir_dot_is_refused_with_a_warning_and_nothing_is_deleted(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "notes.txt").write_text("mine\n")
    (workdir / ("0" * 64 + ".json")).write_text("{}\n")  # looks like an entry, but is in a directory the cache did not make
    edited = workdir / "generated" / SLUG / "retry.py"
    edited.write_text(edited.read_text() + "# edit\n")
    before = _everything(workdir)
    assert cli.main(["generate", "--quiet", "--cache-dir", "."]) == 0
    err = capsys.readouterr().err
    assert "warning: not using the cache: '.' holds files the cache did not create" in err
    after = _everything(workdir)
    assert {path: after[path] for path in before if not path.startswith("generated/")} == {
        path: content for path, content in before.items() if not path.startswith("generated/")
    }
    assert not (workdir / cache.MARKER).exists() and sorted(workdir.glob("*.json")) == [workdir / ("0" * 64 + ".json")]


def test_the_cache_deletes_only_entries_in_its_own_marked_directory(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["generate", "--quiet", "--cache-dir", "new-cache"]) == 0
    store = workdir / "new-cache"
    assert (store / cache.MARKER).read_text() == cache.TAG
    entries = sorted(store.glob("*.json"))
    assert len(entries) == 1
    stale = store / ("f" * 64 + ".json")
    shutil.copy(entries[0], stale)
    (store / "mine.txt").write_text("added later\n")
    assert cli.main(["generate", "--quiet", "--cache-dir", "new-cache"]) == 0
    assert not stale.exists() and entries[0].exists() and (store / "mine.txt").read_text() == "added later\n"


def test_the_cache_removes_temporary_files_of_killed_stores_once_they_are_old(workdir: Path) -> None:
    assert cli.main(["generate", "--quiet", "--cache-dir", "c"]) == 0
    old, recent = workdir / "c" / ".entry-killed", workdir / "c" / ".entry-writing"
    old.write_text("{")
    recent.write_text("{")
    os.utime(old, (0, 0))
    assert cli.main(["generate", "--quiet", "--cache-dir", "c"]) == 0
    assert not old.exists() and recent.exists()


def test_a_cache_from_before_the_marker_is_adopted(workdir: Path) -> None:
    assert cli.main(["generate", "--quiet", "--cache-dir", "old-cache"]) == 0
    (workdir / "old-cache" / cache.MARKER).unlink()
    assert cache.claim(workdir / "old-cache") == ""
    assert (workdir / "old-cache" / cache.MARKER).read_text() == cache.TAG


def _entry(workdir: Path) -> tuple[Path, dict[str, object]]:
    assert cli.main(["generate", "--quiet", "--cache-dir", "c"]) == 0
    [entry] = sorted((workdir / "c").glob("*.json"))
    return entry, json.loads(entry.read_text())


def _resign(payload: dict[str, object]) -> None:
    """Recompute the digest, as a tamperer who knows the format would: only the path check is left."""
    files, warnings = payload["files"], payload["warnings"]
    assert isinstance(files, dict) and isinstance(warnings, list)
    payload["digest"] = cache._digest(str(payload["key"]), str(payload["slug"]), files, warnings)


@pytest.mark.parametrize("tamper", ["path-escapes", "slug-escapes", "content-without-digest"])
def test_a_tampered_cache_entry_is_a_miss_and_is_regenerated(
    workdir: Path, capsys: pytest.CaptureFixture[str], tamper: str
) -> None:
    entry, payload = _entry(workdir)
    files = payload["files"]
    assert isinstance(files, dict)
    if tamper == "path-escapes":
        files[f"{SLUG}/../../evil.py"] = "import os\n"
        _resign(payload)
    elif tamper == "slug-escapes":
        payload["slug"] = "../evil"
        payload["files"] = {f"../evil/{name.split('/')[1]}": text for name, text in files.items()}
        _resign(payload)
    else:
        files[f"{SLUG}/__init__.py"] = "import os; os.system('touch pwned')\n"
    entry.write_text(json.dumps(payload))
    assert cache.load(workdir / "c", entry.stem) is None
    edited = workdir / "generated" / SLUG / "retry.py"
    edited.unlink()  # so that the run writes
    assert cli.main(["generate", "--cache-dir", "c"]) == 0
    assert "generated" in capsys.readouterr().err.split(SLUG, 1)[1].splitlines()[0]
    assert read_tree(workdir / "generated") == _checked_in()
    assert not [*workdir.parent.glob("evil*"), *workdir.rglob("evil*"), *workdir.rglob("pwned")]


# --- permissions and mount points -------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_output_permissions_follow_the_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        write_tree(tmp_path / "out", {"pkg/__init__.py": "x = 1\n"})
    finally:
        os.umask(previous)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~umask
    assert (tmp_path / "out" / "pkg").stat().st_mode & 0o777 == 0o777 & ~umask
    assert (tmp_path / "out" / "pkg" / "__init__.py").stat().st_mode & 0o777 == 0o666 & ~umask


OLD = {"acme/__init__.py": "old = 1\n", "acme/errors.py": "old = 2\n", "gone/errors.py": "removed vendor\n"}
NEW = {"acme/__init__.py": "new = 1\n", "acme/py.typed": "", "beta/errors.py": "new vendor\n"}


def _owned(root: Path, files: dict[str, str]) -> Path:
    for path, text in writer.with_manifest(files).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


@pytest.mark.parametrize("how", ["ismount", "exchange-EBUSY", "rename-EBUSY", "rename-EXDEV"])
def test_a_package_that_cannot_be_renamed_is_updated_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    root = _owned(tmp_path / "volume", OLD)
    (root / "acme" / "__pycache__").mkdir()
    volume = root / "acme"  # a package directory that is a mount point, e.g. a container volume
    inode = volume.stat().st_ino
    real_replace = os.replace

    def busy(code: int) -> OSError:
        return OSError(code, os.strerror(code), str(volume))

    def replace(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        if Path(src) == volume:  # renaming the mount point itself
            raise busy(errno.EXDEV if how == "rename-EXDEV" else errno.EBUSY)
        real_replace(src, dst)

    if how == "ismount":
        monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == volume)
    elif how == "exchange-EBUSY":
        monkeypatch.setattr(writer, "_exchange", lambda a, b: (_ for _ in ()).throw(busy(errno.EBUSY)))
    else:
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
        monkeypatch.setattr(os, "replace", replace)
    assert write_tree(root, NEW) is True
    monkeypatch.undo()
    assert volume.stat().st_ino == inode  # the same directory, not a replacement
    assert read_tree(root) == NEW and writer.owned_by_manifest(root)
    assert (root / MANIFEST).read_text() == writer.manifest_text(NEW)
    assert not (root / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["volume"]  # no staging copy left beside it
    assert not [p for p in root.rglob("*") if p.name.startswith(".") and p.name != MANIFEST]
    assert write_tree(root, NEW) is False


def test_an_in_place_update_still_refuses_foreign_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _owned(tmp_path / "volume", OLD)
    (root / "acme" / "README.md").write_text("mine\n")
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == root / "acme")
    with pytest.raises(UnsafeOutput, match="acme/README.md"):
        write_tree(root, NEW)
    assert read_tree(root) == {**OLD, "acme/README.md": "mine\n"}


def test_an_output_that_is_a_link_to_a_directory_updates_that_directory(tmp_path: Path) -> None:
    real = _owned(tmp_path / "real", OLD)
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    assert write_tree(tmp_path / "out", NEW) is True
    assert (tmp_path / "out").is_symlink() and read_tree(real) == NEW
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "real"]


def test_the_cache_keeps_itself_out_of_git_and_leaves_a_gitignore_of_yours_alone(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new cache directory gets a ``.gitignore`` of everything (an SDK's repository needs no
    rule for it); one already there is not overwritten, and an existing marked cache gets
    one on its next run. ``git status`` in a repository holding the cache shows none of it."""
    import subprocess

    assert cli.main(["generate", "--quiet", "--cache-dir", "c"]) == 0
    assert (workdir / "c" / cache.IGNORE_FILE).read_text() == cache.IGNORE
    (workdir / "c" / cache.IGNORE_FILE).unlink()
    assert cli.main(["generate", "--quiet", "--cache-dir", "c"]) == 0
    assert (workdir / "c" / cache.IGNORE_FILE).read_text() == cache.IGNORE
    mine = workdir / "d"
    mine.mkdir()
    (mine / cache.IGNORE_FILE).write_text("*.artifact\n")
    capsys.readouterr()
    assert cli.main(["generate", "--quiet", "--cache-dir", "d"]) == 0
    assert "not using the cache: 'd' holds files the cache did not create (.gitignore)" in capsys.readouterr().err
    assert (mine / cache.IGNORE_FILE).read_text() == "*.artifact\n" and not (mine / cache.MARKER).exists()
    git = shutil.which("git")
    if git is None:
        return
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run([git, "init", "-q", str(workdir)], check=True, env=env)
    listed = subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=all"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "specs/" in listed and " c/" not in listed
