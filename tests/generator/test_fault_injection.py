"""Kills, concurrent runs, full disks and Ctrl-C, injected (no root, no real full disk needed).

A kill at any step of the swap leaves the output complete (the previous or the new tree)
or, on platforms without an atomic exchange, complete beside it until the next run puts
it back; two runs on one output take turns; an operating-system error or Ctrl-C ends
the command with one line and a documented exit status, the output left as it was.
"""

from __future__ import annotations

import errno
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

from conftest import GENERATED, ROOT, SPECS, quickest_quiet_vendors
from generator import cli, pipeline
from generator.output import writer
from generator.output.writer import MANIFEST, read_tree

SLUGS = sorted(quickest_quiet_vendors(2))  # quick to regenerate, stderr holds only what is tested; in generation order
OLD = {"acme/__init__.py": "old = 1\n", "acme/errors.py": "old = 2\n", "gone/errors.py": "removed vendor\n"}
NEW = {"acme/__init__.py": "new = 1\n", "acme/py.typed": "", "beta/errors.py": "new vendor\n"}

# Each way of replacing the output, and the steps it passes through (writer._step names).
MODES = {
    "exchange": ["staging", "staged", "exchanged", "discarding"],
    "rename": ["staging", "staged", "moved-aside", "swapped", "discarding"],
    "in-place": ["staged", "replaced", "swapped"],
}

KILLED = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from generator.output import writer

    root, step, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    files = json.loads(sys.argv[4])

    def step_reached(name):
        if name == step:
            os._exit(137)  # as abrupt as SIGKILL: no cleanup, no finally

    writer._step = step_reached
    if mode == "rename":
        writer._exchange = lambda a, b: False
    if mode == "in-place":
        os.path.ismount = lambda path: Path(path) == root
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
    beside = [p.name for p in root.parent.iterdir() if p.name.startswith(f".{root.name}.")]
    inside = [p.name for p in root.rglob(".*") if p.name != MANIFEST] if root.is_dir() else []
    return sorted(beside + inside)


LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2(RENAME_EXCHANGE) is Linux's")


@pytest.mark.parametrize(
    ("mode", "step"),
    [pytest.param(mode, step, marks=[LINUX_ONLY] if mode == "exchange" else []) for mode, steps in MODES.items() for step in steps],
)
def test_a_kill_at_any_step_is_recovered_by_the_next_run(tmp_path: Path, mode: str, step: str) -> None:
    import json

    root = _owned(tmp_path / "out", OLD)
    killed = subprocess.run([sys.executable, "-c", KILLED, str(root), step, mode, json.dumps(NEW)], env=_env(),
                            capture_output=True, text=True, timeout=60)
    assert killed.returncode == 137, killed.stderr  # the step was reached and the process died there
    now = read_tree(root) if root.exists() else None
    if mode == "exchange":
        assert now in (OLD, NEW)  # never missing, never mixed, not even before recovery
    elif mode == "rename":
        assert now in (OLD, NEW) or (step == "moved-aside" and now is None)
    # the next run (generate or check) first recovers: a complete output, nothing left beside or inside it
    with writer.locked(root):
        writer.recover(root)
    after = read_tree(root)
    assert after in (OLD, NEW) or (mode == "in-place" and set(after) <= set(OLD) | set(NEW))
    assert _leftovers(root) == []
    assert writer.output_problem(root) == ""  # still the generator's own: the next generate proceeds
    with writer.locked(root):
        writer.write_tree(root, NEW)
    assert read_tree(root) == NEW and (root / MANIFEST).read_text() == writer.manifest_text(NEW)
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
    _hand_edit(workdir)
    other = workdir / "generated" / SLUGS[1] / "errors.py"
    other.write_text(other.read_text() + "HAND_EDIT = 2\n")
    before = read_tree(workdir / "generated")
    prelude = f"""
        import os
        from pathlib import Path
        if {mode!r} == "rename":
            writer._exchange = lambda a, b: False  # the two-rename swap: a window where generated/ is missing
        else:
            os.path.ismount = lambda path: Path(path).name == "generated"
        def step(name):
            if name == ("moved-aside" if {mode!r} == "rename" else "replaced"):  # the first of two files replaced
                os._exit(137)
        writer._step = step
    """
    killed = _run(workdir, "generate", "--quiet", "--cache-dir", "cache", prelude=prelude)
    assert killed.returncode == 137
    if mode == "rename":
        assert not (workdir / "generated").exists()
        check = _run(workdir, "check")
        assert check.returncode == 1 and "-HAND_EDIT = 1" in check.stdout  # the previous output, back in place
        assert read_tree(workdir / "generated") == before
    else:
        assert _leftovers(workdir / "generated")  # the second file's new copy, not yet renamed
        check = _run(workdir, "check")
        assert check.returncode == 1  # half updated, and check says so: one file repaired, the other not yet
        assert ("-HAND_EDIT = 1" in check.stdout) != ("-HAND_EDIT = 2" in check.stdout)
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
        def write_tree(root, files):
            note("start")
            deadline = time.monotonic() + 20
            while not Path({str(waiting)!r}).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            changed = real_write(root, files)
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
        _fail(monkeypatch, os, "mkdir", code, when=".generated.new-")
    else:  # the two-rename swap, failing once the output is moved aside: it is moved back
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
        _fail(monkeypatch, os, "replace", code, when=".generated.new-")
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
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path).name == "generated")
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

    def exhausted(checked: object) -> dict[str, str]:
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


def test_ctrl_c_while_workers_generate_exits_130_with_one_line(workdir: Path) -> None:
    started = workdir / "started"
    prelude = f"""
        import time
        from pathlib import Path
        def slow(file):
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
