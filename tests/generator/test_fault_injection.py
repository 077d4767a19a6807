"""Kills, concurrent runs, full disks and Ctrl-C, injected (no root, no real full disk needed).

A kill at any step of the swap leaves every package complete (its previous or its new
tree) or, on platforms without an atomic exchange, complete beside it until the next run
puts it back; the manifest claims a package before it appears, so whatever a kill leaves
is still the generator's to finish; two runs on one output take turns; an
operating-system error or Ctrl-C ends the command with one line and a documented exit
status, saying whether the output was left as it was or is partly updated.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, SPECS, project_config, quickest_quiet_vendors
from generator import cli, pipeline
from generator.output import writer
from generator.output.writer import MANIFEST, read_tree

SLUGS = sorted(quickest_quiet_vendors(2))  # quick to regenerate, stderr holds only what is tested; in generation order
# From OLD to NEW: acme replaced, beta added, gone removed. Their files do not name the
# generator, so only the manifest can make a package the generator's.
OLD = {"acme/__init__.py": "old = 1\n", "acme/errors.py": "old = 2\n", "gone/errors.py": "removed vendor\n"}
NEW = {"acme/__init__.py": "new = 1\n", "acme/py.typed": "", "beta/errors.py": "new vendor\n"}

# Each way of replacing a package, and the steps (writer._step names) the OLD -> NEW
# update passes through, in order: every changed package staged complete beside itself,
# the manifest extended to claim beta, acme put in place, beta renamed in, gone deleted,
# the manifest replaced.
MODES = {
    "exchange": ["staging", "staged", "staging", "staged", "claiming", "claimed",
                 "exchanged", "discarding", "swapped", "discarding", "manifest"],
    "rename": ["staging", "staged", "staging", "staged", "claiming", "claimed",
               "moved-aside", "swapped", "discarding", "swapped", "discarding", "manifest"],
    # acme is a mount point: its two changed files written beside them, renamed over them,
    # errors.py removed; beta (new) is still staged and renamed in
    "in-place": ["staging", "staged", "claiming", "claimed",
                 "staged", "replaced", "replaced", "removed", "swapped", "swapped", "discarding", "manifest"],
}

KILLED = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from generator.output import writer

    root, index, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    files = json.loads(sys.argv[4])
    reached = []

    def step_reached(name):
        reached.append(name)
        if len(reached) == index + 1:
            os._exit(137)  # as abrupt as SIGKILL: no cleanup, no finally

    writer._step = step_reached
    if mode == "rename":
        writer._exchange = lambda a, b: False
    if mode == "in-place":
        os.path.ismount = lambda path: Path(path).parent == root and Path(path).is_dir()
    with writer.locked(root):
        writer.write_tree(root, files)
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _owned(root: Path, files: dict[str, str]) -> Path:
    for path, text in writer.with_manifest(files).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def _leftovers(root: Path) -> list[str]:
    """What a swap leaves while it runs: its directories in the output, partial files in packages."""
    return sorted(p.name for p in root.rglob(".*") if p.name != MANIFEST) if root.is_dir() else []


def _packages(files: dict[str, str | None] | dict[str, str]) -> dict[str, dict[str, str | None]]:
    found: dict[str, dict[str, str | None]] = {}
    for path, text in files.items():
        found.setdefault(path.split("/")[0], {})[path] = text
    return found


LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2(RENAME_EXCHANGE) is Linux's")


@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_steps_of_each_way_of_replacing_are_those_the_kill_test_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "exchange" and not sys.platform.startswith("linux"):
        pytest.skip("renameat2(RENAME_EXCHANGE) is Linux's")
    root = _owned(tmp_path / "out", OLD)
    reached: list[str] = []
    monkeypatch.setattr(writer, "_step", reached.append)
    if mode == "rename":
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    if mode == "in-place":
        monkeypatch.setattr(os.path, "ismount", lambda path: Path(path).parent == root and Path(path).is_dir())
    assert writer.write_tree(root, NEW) is True
    assert reached == MODES[mode]


@pytest.mark.parametrize(
    ("mode", "index"),
    [
        pytest.param(mode, index, id=f"{mode}-{index}-{step}", marks=[LINUX_ONLY] if mode == "exchange" else [])
        for mode, steps in MODES.items()
        for index, step in enumerate(steps)
    ],
)
def test_a_kill_at_any_step_is_recovered_by_the_next_run(tmp_path: Path, mode: str, index: int) -> None:
    root = _owned(tmp_path / "out", OLD)
    (root / "__init__.py").write_text("# the SDK's own\n")  # beside the packages: never touched
    (root / "vendored_lib").mkdir()
    (root / "vendored_lib" / "core.py").write_text("x = 1\n")
    theirs = {"__init__.py": "# the SDK's own\n", "vendored_lib/core.py": "x = 1\n"}
    killed = subprocess.run([sys.executable, "-c", KILLED, str(root), str(index), mode, json.dumps(NEW)], env=_env(),
                            capture_output=True, text=True, timeout=60)
    assert killed.returncode == 137, killed.stderr  # the step was reached and the process died there
    old, new = _packages(OLD), _packages(NEW)
    now = _packages(read_tree(root))
    if mode == "exchange":  # each package complete, not even acme missing, before any recovery
        assert now.get("acme") in (old["acme"], new["acme"])
    if mode != "in-place":
        assert now.get("beta") in (None, new["beta"]) and now.get("gone") in (None, old["gone"])
    # the next run (generate or check) first recovers: complete packages, nothing left of the swap
    with writer.locked(root):
        writer.recover(root)
    after = _packages(read_tree(root))
    assert after.get("beta") in (None, new["beta"]) and after.get("gone") in (None, old["gone"])
    if mode == "in-place":  # some files new, some old, none partial
        assert set(after["acme"].items()) <= set(old["acme"].items()) | set(new["acme"].items())
    else:
        assert after["acme"] in (old["acme"], new["acme"])
    assert {name: files for name, files in after.items() if name in theirs or name == "vendored_lib"} == _packages(theirs)
    assert _leftovers(root) == []
    present = {name for name in after if name in ("acme", "beta", "gone")}
    assert present <= writer.read_manifest(root).packages  # whatever is there is still the generator's
    assert writer.output_problem(root, {"acme", "beta"}) == ""  # so the next generate proceeds
    with writer.locked(root):
        writer.write_tree(root, NEW)
    assert read_tree(root) == {**NEW, **theirs} and (root / MANIFEST).read_text() == writer.manifest_text(NEW)
    assert _leftovers(root) == []


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two specs and their packages, with a warm cache so that a run only writes."""
    work = tmp_path_factory.mktemp("warm")
    (work / "specs").mkdir()
    for slug in SLUGS:
        shutil.copy(SPECS / f"{slug}.yaml", work / "specs")
        shutil.copytree(GENERATED / slug, work / "generated" / slug, ignore=shutil.ignore_patterns("__pycache__"))
    files = {path: text for path, text in read_tree(work / "generated").items() if text is not None}
    (work / "generated" / MANIFEST).write_text(writer.manifest_text(files))
    project_config(work)
    assert _run(work, "generate", "--quiet", "--cache-dir", "cache").returncode == 0
    return work


@pytest.fixture
def workdir(warm: Path, tmp_path: Path) -> Path:
    shutil.copytree(warm, tmp_path / "work")
    return tmp_path / "work"


def _run(workdir: Path, *argv: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    script = f"import sys\nfrom generator import cli, pipeline\nfrom generator.output import writer\n{textwrap.dedent(prelude)}\nsys.exit(cli.main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", script, *argv], cwd=workdir, env=_env(), capture_output=True, text=True, timeout=120)


def _hand_edit(workdir: Path) -> Path:
    edited = workdir / "generated" / SLUGS[0] / "retry.py"
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    return edited


@pytest.mark.parametrize("mode", ["rename", "in-place"])
def test_the_next_check_and_generate_recover_from_a_killed_generate(workdir: Path, mode: str) -> None:
    _hand_edit(workdir)  # HAND_EDIT = 1 in the first package's retry.py
    for slug, module, number in ((SLUGS[0], "errors.py", 3), (SLUGS[1], "errors.py", 2)):
        edited = workdir / "generated" / slug / module
        edited.write_text(edited.read_text() + f"HAND_EDIT = {number}\n")
    before = read_tree(workdir / "generated")
    prelude = f"""
        import os
        from pathlib import Path
        if {mode!r} == "rename":
            writer._exchange = lambda a, b: False  # the two-rename swap: a window where a package is missing
        else:
            os.path.ismount = lambda path: Path(path).parent.name == "generated"  # every package a mount point
        def step(name):
            if name == ("moved-aside" if {mode!r} == "rename" else "replaced"):  # the first of two files replaced
                os._exit(137)
        writer._step = step
    """
    killed = _run(workdir, "generate", "--quiet", "--cache-dir", "cache", prelude=prelude)
    assert killed.returncode == 137
    if mode == "rename":
        assert not (workdir / "generated" / SLUGS[0]).exists()  # moved aside, not yet replaced
        check = _run(workdir, "check")
        assert check.returncode == 1 and "-HAND_EDIT = 1" in check.stdout  # the previous package, back in place
        assert read_tree(workdir / "generated") == before
    else:
        assert _leftovers(workdir / "generated")  # the second file's new copy, not yet renamed
        check = _run(workdir, "check")
        assert check.returncode == 1  # half updated, and check says so: one file repaired, the others not yet
        assert "-HAND_EDIT = 3" not in check.stdout and "-HAND_EDIT = 1" in check.stdout and "-HAND_EDIT = 2" in check.stdout
    assert _leftovers(workdir / "generated") == []
    assert _run(workdir, "generate", "--quiet", "--cache-dir", "cache").returncode == 0
    assert _run(workdir, "check", "--quiet").returncode == 0


def test_two_generate_runs_on_one_output_take_turns(workdir: Path) -> None:
    """The first run to hold the lock stays inside write_tree until the second says it is
    waiting for the lock (or 20 s pass: without a lock the second never waits, and they overlap)."""
    log, waiting = workdir / "log.txt", workdir / "second-is-waiting"
    prelude = f"""
        import os, time
        from pathlib import Path
        real_write, real_wait = writer.write_tree, cli._waiting
        def note(event):
            with open({str(log)!r}, "a") as out:
                out.write(f"{{event}} {{os.getpid()}}\\n")
        def write_tree(root, files, *rest):
            note("start")
            deadline = time.monotonic() + 20
            while not Path({str(waiting)!r}).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            changed = real_write(root, files, *rest)
            note("end")
            return changed
        def waiting(out):
            Path({str(waiting)!r}).touch()
            real_wait(out)
        writer.write_tree, cli._waiting = write_tree, waiting
    """
    script = f"import sys\nfrom generator import cli\nfrom generator.output import writer\n{textwrap.dedent(prelude)}\nsys.exit(cli.main(sys.argv[1:]))\n"
    _hand_edit(workdir)
    runs = [
        subprocess.Popen([sys.executable, "-c", script, "generate", "--quiet", "--cache-dir", "cache"], cwd=workdir, env=_env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    events = [line.split() for line in log.read_text().splitlines()]
    assert [kind for kind, _ in events] == ["start", "end", "start", "end"]  # never both inside write_tree
    assert events[0][1] == events[1][1] and events[2][1] == events[3][1]
    assert sum("waiting for another run writing 'generated' to finish" in err for _, err in outputs) == 1
    assert _run(workdir, "check", "--quiet").returncode == 0
    assert _leftovers(workdir / "generated") == []


# --- operating-system errors: one line, exit 4, the output as it was --------------------------------


def _fail(monkeypatch: pytest.MonkeyPatch, target: object, name: str, code: int, when: str = "") -> None:
    """Make ``target.name`` raise OSError ``code`` when its first argument mentions ``when``."""
    import builtins

    real = getattr(target, name, None) or getattr(builtins, name)

    def failing(*args: object, **kwargs: object) -> object:
        subject = str(args[0] if args else kwargs)
        if when in subject:
            raise OSError(code, os.strerror(code), subject)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, failing, raising=False)


@pytest.mark.parametrize(
    ("code", "where", "shown"),
    [
        (errno.ENOSPC, "write", "cannot write 'generated/"),  # disk full while staging
        (errno.EDQUOT, "write", "cannot write 'generated/"),  # quota exceeded
        (errno.EACCES, "mkdir", "cannot create a directory in "),  # no write permission on the parent
        (errno.EROFS, "mkdir", "cannot create a directory in "),  # read-only parent
        (errno.EBUSY, "rename", "cannot replace "),  # busy putting the new tree in place (not a mount point)
        (errno.EPERM, "rename", "cannot replace "),
    ],
    ids=["ENOSPC", "EDQUOT", "EACCES", "EROFS", "EBUSY", "EPERM"],
)
def test_an_os_error_is_one_line_with_the_path_and_cause_and_exit_4(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int, where: str, shown: str
) -> None:
    monkeypatch.chdir(workdir)
    _hand_edit(workdir)
    before = read_tree(workdir / "generated")
    if where == "write":
        _fail(monkeypatch, writer, "open", code, when="/errors.py")
    elif where == "mkdir":
        _fail(monkeypatch, os, "mkdir", code, when=".error-contracts.new.")
    else:  # the two-rename swap, failing once the package is moved aside: it is moved back
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
        _fail(monkeypatch, os, "replace", code, when=".error-contracts.new.")
    status = cli.main(["generate", "--quiet", "--cache-dir", "cache"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == cli.SYSTEM_ERROR
    assert err.count("\n") == 1 and err.startswith("generator: error: ") and shown in err
    assert f"{os.strerror(code)} ({errno.errorcode[code]})" in err and "Traceback" not in err
    assert read_tree(workdir / "generated") == before and _leftovers(workdir / "generated") == []


def test_check_that_cannot_read_the_output_is_one_line(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    _fail(monkeypatch, os, "open", errno.EACCES, when=f"generated/{SLUGS[0]}/errors.py")
    assert cli.main(["check", "--quiet", "--jobs", "1"]) == cli.SYSTEM_ERROR
    assert capsys.readouterr().err == (
        f"generator: error: 'generated/{SLUGS[0]}/errors.py': {os.strerror(errno.EACCES)} (EACCES)\n"
    )


def test_an_in_place_update_stopped_by_a_full_disk_says_so(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    _hand_edit(workdir)
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path).parent.name == "generated")  # packages on volumes
    _fail(monkeypatch, os, "replace", errno.ENOSPC, when=MANIFEST)  # every package file replaced, then the manifest fails
    (workdir / "generated" / SLUGS[1] / "errors.py").unlink()
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == cli.SYSTEM_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot replace 'generated/{MANIFEST}'" in err
    assert err.endswith("(ENOSPC); it is partly updated: run generate again\n")
    monkeypatch.undo()
    monkeypatch.chdir(workdir)
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0
    assert cli.main(["check", "--quiet"]) == 0


def test_a_read_only_parent_of_a_new_output_is_one_line(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    _fail(monkeypatch, Path, "mkdir", errno.EROFS, when="/ro/")
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache", "--out", "ro/deeper/out"]) == cli.SYSTEM_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot create the output's parent directory" in err and "(EROFS)" in err


def test_out_of_memory_is_one_line_naming_the_spec(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    before = read_tree(workdir / "generated")

    def exhausted(checked: object, *args: object) -> dict[str, str]:
        raise MemoryError

    monkeypatch.setattr(pipeline, "render_all", exhausted)
    assert cli.main(["generate", "--quiet", "--no-cache", "--jobs", "1"]) == cli.SYSTEM_ERROR
    err = capsys.readouterr().err
    assert err == f"generator: error: out of memory while generating from specs/{min(SLUGS)}.yaml\n"  # the first by name
    assert read_tree(workdir / "generated") == before


def test_a_failing_cache_is_only_a_slower_run(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    _fail(monkeypatch, tempfile, "mkstemp", errno.ENOSPC, when=".entry-")
    _hand_edit(workdir)
    (workdir / "specs" / f"{SLUGS[0]}.yaml").write_bytes((workdir / "specs" / f"{SLUGS[0]}.yaml").read_bytes() + b"\n")
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0
    assert capsys.readouterr().err == ""


# --- Ctrl-C --------------------------------------------------------------------------------------


def test_ctrl_c_during_the_swap_exits_130_with_one_line(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    _hand_edit(workdir)
    before = read_tree(workdir / "generated")

    def interrupt(name: str) -> None:
        if name == "staged":
            raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_step", interrupt)
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == cli.INTERRUPTED == 130
    assert capsys.readouterr().err == "generator: interrupted; the output was left as it was\n"
    assert read_tree(workdir / "generated") == before and _leftovers(workdir / "generated") == []


def test_ctrl_c_between_two_packages_says_the_output_is_partly_updated(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(workdir)
    for slug in SLUGS:
        edited = workdir / "generated" / slug / "retry.py"
        edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")

    def interrupt(name: str) -> None:
        if name == "discarding":  # the first package is replaced, its previous tree being deleted
            raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_step", interrupt)
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == cli.INTERRUPTED
    assert capsys.readouterr().err == "generator: interrupted; the output is partly updated: run generate again\n"
    monkeypatch.undo()
    monkeypatch.chdir(workdir)
    assert "HAND_EDIT" not in (workdir / "generated" / SLUGS[0] / "retry.py").read_text()
    assert "HAND_EDIT" in (workdir / "generated" / SLUGS[1] / "retry.py").read_text()
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0
    assert cli.main(["check", "--quiet"]) == 0 and _leftovers(workdir / "generated") == []


def test_ctrl_c_while_workers_generate_exits_130_with_one_line(workdir: Path) -> None:
    started = workdir / "started"
    prelude = f"""
        import time
        from pathlib import Path
        def slow(file, *args, **kwargs):
            Path({str(started)!r}).touch()
            time.sleep(60)
        pipeline.generate_spec = slow
    """
    script = f"import sys\nfrom generator import cli, pipeline\n{textwrap.dedent(prelude)}\nsys.exit(cli.main(sys.argv[1:]))\n"
    before = read_tree(workdir / "generated")
    run = subprocess.Popen([sys.executable, "-c", script, "generate", "--no-cache", "--jobs", "2"], cwd=workdir, env=_env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    assert started.exists(), run.communicate(timeout=10)
    os.killpg(run.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group, workers included
    out, err = run.communicate(timeout=30)
    assert run.returncode == 130, err
    assert err == "generator: interrupted; the output was left as it was\n"
    assert read_tree(workdir / "generated") == before
