"""A sixth valid spec brings its own tests and breaks none: the proof that no test lists
the vendors.

The new spec is a copy of the smallest spec under another vendor name and root class,
with one more example of its own. The specs (the real ones and the new one) are
generated in a temporary directory, then the vendor-parametrized test modules
(``MODULES``: vectors, contract, retry rules, field problems, the retry loops, end to
end over HTTP, the testing kit, the retry-library bridges, ERRORS.md) run in a
subprocess against them (``ERROR_CONTRACTS_SPECS`` / ``ERROR_CONTRACTS_GENERATED``,
read by conftest): they pass, and the new vendor's vectors are among the tests run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SPEC_FILES, VENDORS, vendor_package

NEW = "acmevideo"
MODULES = [
    f"tests/{name}.py"
    for name in (
        "runtime/test_vectors", "runtime/test_contract", "runtime/test_retry", "runtime/test_problems",
        "runtime/test_retry_runtime", "runtime/test_e2e_http", "runtime/test_testing_kit", "runtime/test_bridges",
        "generator/test_reference",
    )
]


def _sixth_spec(source: str) -> str:
    """``source``'s spec as another vendor's: its name and root class changed, one example added."""
    text = SPEC_FILES[source].read_text(encoding="utf-8")
    text, renamed = re.subn(r"(?m)^(  vendor: ).*$", r"\g<1>Acme Video", text, count=1)
    text, rooted = re.subn(r"(?m)^(  root-class: ).*$", r"\g<1>AcmeVideoError", text, count=1)
    assert renamed == rooted == 1
    status, cls = next(iter(vendor_package(source).ERRORS_BY_STATUS.items()))
    own = f"""
    - name: the sixth vendor's own example (an empty {status})
      source: trap (tests/generator/test_new_vendor.py)
      status: {status}
      expect: {{class: {cls.__name__}, code: null, request_id: null, is-a: [AcmeVideoError]}}
"""
    assert "\n  examples:\n" in text
    return text.rstrip("\n") + "\n" + own


def test_a_sixth_spec_brings_its_own_tests_and_breaks_none(tmp_path: Path) -> None:
    source = min(VENDORS, key=lambda slug: SPEC_FILES[slug].stat().st_size)
    specs = tmp_path / "specs"
    specs.mkdir()
    for path in SPEC_FILES.values():
        shutil.copy(path, specs / path.name)
    (specs / f"{NEW}.yaml").write_text(_sixth_spec(source), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    made = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--quiet", "--no-cache", "--specs", str(specs), "--out", str(tmp_path / "generated")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert made.returncode == 0, made.stderr
    vectors = json.loads((tmp_path / "generated" / NEW / "vectors.json").read_text())["vectors"]
    assert len(vectors) == len(json.loads((ROOT / "generated" / source / "vectors.json").read_text())["vectors"]) + 1

    env.update(ERROR_CONTRACTS_SPECS=str(specs), ERROR_CONTRACTS_GENERATED=str(tmp_path / "generated"))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-rN", "-p", "no:cacheprovider", *MODULES],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    passed = [line for line in run.stdout.splitlines() if line.endswith("PASSED") or " PASSED " in line]
    ran = [line for line in passed if f"test_vector[{NEW}: " in line]
    assert len(ran) == len(vectors), ran
    assert any("the sixth vendor's own example" in line for line in ran)
    assert any(f"test_every_documented_code_and_status_has_a_vector[{NEW}]" in line for line in passed)
    assert any(f"test_documented_responses_through_the_loop[{NEW}: " in line for line in passed)
    assert any(f"test_every_documented_example_builds_its_response_and_its_error[{NEW}]" in line for line in passed)
    assert all(any(f"[{slug}: " in line for line in passed) for slug in VENDORS)  # the others still ran too
