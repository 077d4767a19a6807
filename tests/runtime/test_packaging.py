"""Generated packages are vendorable: stdlib-only, relative imports, typed, mypy --strict clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import GENERATED, VENDORS


def test_mypy_strict_is_clean_on_generated(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / "cache"), "."],
        cwd=GENERATED, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Success: no issues found in {len(list(GENERATED.glob('*/*.py')))} source files" in result.stdout


@pytest.mark.parametrize("slug", VENDORS)
def test_imports_are_stdlib_or_relative(slug: str) -> None:
    for file in sorted((GENERATED / slug).glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, f"{file.name} imports {name}"


@pytest.mark.parametrize("slug", VENDORS)
def test_copied_package_imports_under_another_parent_without_site_packages(tmp_path: Path, slug: str) -> None:
    target = tmp_path / "anysdk" / "_vendor" / slug
    shutil.copytree(GENERATED / slug, target, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "anysdk" / "__init__.py").write_text("")
    (tmp_path / "anysdk" / "_vendor" / "__init__.py").write_text("")
    assert (target / "py.typed").exists()
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import anysdk._vendor.{slug} as pkg
        import anysdk._vendor.{slug}.models
        error = pkg.from_response(503, {{"Retry-After": "1"}}, b"<html>down</html>")
        assert isinstance(error, pkg.ServerError), type(error)
        assert type(error).__module__ == "anysdk._vendor.{slug}.errors"
        pkg.DEFAULT_POLICY.decide(error, attempt=1)
        foreign = sorted(
            name for name in sys.modules
            if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] not in ("anysdk", "__main__")
        )
        assert not foreign, foreign
        assert not any(name.startswith("generated") for name in sys.modules)
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-S", "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


CONSUMER = '''
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from {slug} import retry
from {slug}.adapters import httpx_async_transport, httpx_transport, requests_adapter
from {slug}.errors import APIError, from_response


def send() -> Any: ...


async def send_async() -> Any: ...


policy: retry.RetryPolicy = retry.DEFAULT_POLICY.replace(max_attempts=2, generate_idempotency_key=True)
response: Any = retry.call_with_retry(send)
again: Any = retry.call_with_retry(send, policy=policy, method="POST", request_headers={{}}, budget=None)
pending: Awaitable[Any] = retry.async_call_with_retry(send_async, policy=policy)
transport: Any = httpx_transport(policy=policy)
async_transport: Any = httpx_async_transport()
adapter: Any = requests_adapter(policy=policy, raise_errors=False)
error: APIError = from_response(503, {{}}, b"")
decision: retry.RetryDecision = policy.decide(error, attempt=1, method="GET")
ok: bool = decision.retry and policy.retryable(error)
wait: float | None = policy.retry_after(error)
delay: float = decision.delay
reason: str = decision.reason
kind: str = retry.failure_kind(error)
hint: retry.WaitHint | None = policy.wait_hint(error.headers, 503)
parse: Callable[..., float | None] = retry.parse_wait
'''


def test_a_consumer_of_the_retry_api_is_mypy_strict_clean(tmp_path: Path) -> None:
    """The bound loops and adapters keep their full signatures for an SDK's type checker."""
    shutil.copytree(GENERATED / VENDORS[0], tmp_path / VENDORS[0], ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "sdk.py").write_text(CONSUMER.format(slug=VENDORS[0]))
    (tmp_path / "wrong.py").write_text(f"from {VENDORS[0]} import retry\nretry.call_with_retry(lambda: 1, polcy=None)\n")
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / "cache")]
    result = subprocess.run([*command, "sdk.py"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    wrong = subprocess.run([*command, "wrong.py"], cwd=tmp_path, capture_output=True, text=True)
    assert 'Unexpected keyword argument "polcy"' in wrong.stdout, wrong.stdout  # the signature is the loop's


def test_no_runtime_module_imports_a_vendor_module() -> None:
    """Dependencies run one way: vendor data (errors, retry, adapters) -> runtime."""
    runtime = Path(__file__).resolve().parents[2] / "templates" / "runtime"
    vendor_modules = {"errors", "retry", "adapters", "models"}
    for file in sorted(runtime.glob("_*.py")):
        if file.name == "__init__.py":  # the package's front door, re-exporting vendor names
            continue
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                named = {node.module} if node.module else {alias.name for alias in node.names}
                assert not named & vendor_modules, f"{file.name} imports {named & vendor_modules}"  # even lazily
