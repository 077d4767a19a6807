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
from {slug}.adapters import (
    aiohttp_middleware,
    httpx2_async_transport,
    httpx2_transport,
    httpx_async_transport,
    httpx_transport,
    requests_adapter,
    urllib3_pool_manager,
)
from {slug}.errors import APIError, araise_for_response, from_response


def send() -> Any: ...


async def send_async() -> Any: ...


policy: retry.RetryPolicy = retry.DEFAULT_POLICY.replace(max_attempts=2, generate_idempotency_key=True)
response: Any = retry.call_with_retry(send)
again: Any = retry.call_with_retry(send, policy=policy, method="POST", request_headers={{}}, budget=None)
pending: Awaitable[Any] = retry.async_call_with_retry(send_async, policy=policy)
transport: Any = httpx_transport(policy=policy)
async_transport: Any = httpx_async_transport()
adapter: Any = requests_adapter(policy=policy, raise_errors=False)
transport2: Any = httpx2_transport(policy=policy)
async_transport2: Any = httpx2_async_transport(budget=None)
middleware: Any = aiohttp_middleware(policy=policy, raise_errors=False)
manager: Any = urllib3_pool_manager(policy=policy, num_pools=4)
raised: Awaitable[None] = araise_for_response(object(), max_error_body=1024)
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
    (tmp_path / "wrong.py").write_text(
        f"from {VENDORS[0]} import retry\n"
        "retry.call_with_retry(lambda: 1, polcy=None)\n"
        "retry.DEFAULT_POLICY.replace(max_attemps=2)\n"
        'retry.DEFAULT_POLICY.replace(max_attempts="2")\n'
    )
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / "cache")]
    result = subprocess.run([*command, "sdk.py"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    wrong = subprocess.run([*command, "wrong.py"], cwd=tmp_path, capture_output=True, text=True)
    assert 'Unexpected keyword argument "polcy"' in wrong.stdout, wrong.stdout  # the signature is the loop's
    assert 'Unexpected keyword argument "max_attemps"' in wrong.stdout, wrong.stdout  # replace knows its fields
    assert 'Argument "max_attempts" to "replace" of "RetryPolicy" has incompatible type "str"' in wrong.stdout, (
        wrong.stdout  # and their types
    )


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


# A small SDK module using every documented API of a vendored package, as an SDK would
# write it: imports from the package root, annotations that mypy --strict must accept.
_SDK_MODULE = '''
from __future__ import annotations

import asyncio
from typing import Any

from anysdk._vendor.{slug} import (
    {names}
)
from anysdk._vendor.{slug} import models as models
from anysdk._vendor.{slug} import {root}


def classify(status: int, headers: dict[str, str], body: bytes) -> APIError:
    error: APIError = from_response(status, headers, body, truncated=False)
    status_code: int = error.status
    code: str | None = error.code
    kind: str | None = error.kind
    message: str = error.message
    request_id: str | None = error.request_id
    details: Any = error.details
    problems: tuple[Problem, ...] = error.problems
    fields: list[str | None] = [problem.field for problem in problems] + [p.message for p in problems]
    header: str | None = error.headers.get("Retry-After")
    parsed: Any = error.body
    raw: bytes = error.content
    truncated: bool = error.truncated
    attempts: tuple[Attempt, ...] = error.attempts
    wait: float | None = error.retry_after
    again: bool = error.retryable
    title: str | None = error.title
    detail: str | None = error.detail
    instance: str | None = error.instance
    extensions: dict[str, Any] | None = error.extensions
    documented: tuple[int | None, tuple[int, ...], str | None, str | None] = (
        error.documented_status, error.documented_statuses, error.documented_code, error.documented_kind
    )
    del status_code, code, kind, message, request_id, details, fields, header, parsed, raw
    del truncated, attempts, wait, again, title, detail, instance, extensions, documented
    return error


def tables() -> list[type[APIError]]:
    classes: list[type[APIError]] = list(ERRORS_BY_STATUS.values()) + list(ERRORS_BY_CODE.values())
    classes += list(ERRORS_BY_KIND.values())
    classes += [ClientError, ServerError]
    by_status: type[APIError] | None = ERRORS_BY_STATUS.get(429)
    return classes + ([by_status] if by_status is not None else [])


def handle(response: Any) -> str:
    try:
        raise_for_response(response, max_error_body=1024)
    except ClientError as error:
        return f"client {{error.status}}"
    except ServerError as error:
        return str(error)
    except APITimeoutError as error:
        return repr(error.attempts)
    except APIConnectionError as error:
        return error.message
    except {root} as error:
        return type(error).__name__
    return "ok"


async def ahandle(response: Any) -> str:
    try:
        await araise_for_response(response, max_error_body=1024)
    except ClientError as error:
        return f"client {{error.status}}"
    except ServerError as error:
        return str(error)
    except APITimeoutError as error:
        return repr(error.attempts)
    except APIConnectionError as error:
        return error.message
    except {root} as error:
        return type(error).__name__
    return "ok"


def policies() -> RetryDecision:
    policy: RetryPolicy = DEFAULT_POLICY.replace(max_attempts=2, deadline=10.0)
    error = from_response(503, {{"Retry-After": "1"}}, b"")
    decision: RetryDecision = policy.decide(error, attempt=1, elapsed=0.0, method="GET", request_headers={{}})
    retry: bool = decision.retry
    delay: float = decision.delay
    reason: str = decision.reason
    hint: WaitHint | None = policy.wait_hint(Headers({{"Retry-After": "2"}}), 429)
    seconds: float | None = parse_wait("2", "retry-after")
    backoff: float = policy.backoff(1)
    resend: bool = policy.might_resend("POST", {{}})
    kind: str = failure_kind(ConnectionError())
    most: float = MAX_HINT_SECONDS
    budget: RetryBudget = RetryBudget()
    shared: RetryBudget = DEFAULT_BUDGET
    contract: object = CONTRACT
    del retry, delay, reason, hint, seconds, backoff, resend, kind, most, budget, shared, contract
    return decision


def send() -> Any:
    return None


async def asend() -> Any:
    return None


def loops() -> None:
    def log(attempt: Attempt) -> None:
        print(attempt.number, attempt.status, attempt.error, attempt.request_id, attempt.delay, attempt.reason)

    call_with_retry(send, policy=DEFAULT_POLICY, method="GET", request_headers={{}}, on_retry=log, raise_errors=True)
    asyncio.run(async_call_with_retry(asend, policy=DEFAULT_POLICY, method="POST", budget=None))
    transport: Any = httpx_transport(policy=DEFAULT_POLICY)
    async_transport: Any = httpx_async_transport(policy=DEFAULT_POLICY)
    adapter: Any = requests_adapter(policy=DEFAULT_POLICY, max_retries=0)
    transport2: Any = httpx2_transport(policy=DEFAULT_POLICY, replay_buffer=0)
    async_transport2: Any = httpx2_async_transport(policy=DEFAULT_POLICY, on_retry=log)
    middleware: Any = aiohttp_middleware(policy=DEFAULT_POLICY, budget=RetryBudget(10))
    manager: Any = urllib3_pool_manager(policy=DEFAULT_POLICY, raise_errors=False, maxsize=4)
    del transport, async_transport, adapter, transport2, async_transport2, middleware, manager
'''


def _sdk_tree(root: Path) -> list[str]:
    """Every vendor vendored as ``anysdk._vendor.<slug>`` under ``root``, with one SDK
    module per vendor importing every public name; the modules' paths."""
    import importlib

    (root / "anysdk" / "_vendor").mkdir(parents=True)
    (root / "anysdk" / "__init__.py").write_text("")
    (root / "anysdk" / "_vendor" / "__init__.py").write_text("")
    modules = []
    for slug in VENDORS:
        shutil.copytree(GENERATED / slug, root / "anysdk" / "_vendor" / slug, ignore=shutil.ignore_patterns("__pycache__"))
        package = importlib.import_module(f"generated.{slug}")
        classes = [getattr(package, name) for name in package.__all__ if isinstance(getattr(package, name), type)]
        root_class = next(cls.__name__ for cls in classes if cls.__bases__[0].__name__ == "ContractError")
        names = ",\n    ".join(package.__all__)
        (root / "anysdk" / f"sdk_{slug}.py").write_text(_SDK_MODULE.format(slug=slug, names=names, root=root_class))
        modules.append(f"anysdk/sdk_{slug}.py")
    return modules


def test_an_sdk_module_using_every_documented_api_passes_mypy_strict(tmp_path: Path) -> None:
    """Every vendor, vendored as ``anysdk._vendor.<slug>``: a module importing every
    public name from the package root and using the documented API type-checks with no
    error (the explicit re-exports and the literal ``__all__`` make this possible)."""
    modules = _sdk_tree(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / "cache"),
         *modules],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_the_sdk_tree_passes_pyright_when_it_is_installed(tmp_path: Path) -> None:
    """The same tree, vendored packages included, under pyright (not a pinned dependency:
    run with pyright on PATH or PYRIGHT=/path/to/pyright, e.g. from ``npm install pyright``)."""
    import os

    pyright = os.environ.get("PYRIGHT") or shutil.which("pyright")
    if not pyright:
        pytest.skip("pyright is not installed")
    _sdk_tree(tmp_path)
    result = subprocess.run([pyright, "--pythonversion", "3.11", "anysdk"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "0 errors" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("slug", VENDORS)
def test_the_package_exports_each_module_public_name_once(slug: str) -> None:
    """One list of public names: the package's ``__all__`` is every name the modules
    export (nothing listed unreachable, nothing reachable unlisted), each the module's object."""
    import importlib

    package = importlib.import_module(f"generated.{slug}")
    modules = {name: importlib.import_module(f"generated.{slug}.{name}") for name in ("errors", "retry", "adapters")}
    listed = {name: module for module in modules.values() for name in module.__all__}
    assert package.__all__ == sorted(listed) and len(set(package.__all__)) == len(package.__all__)
    for name, module in listed.items():
        assert getattr(package, name) is getattr(module, name), name
    assert "failure_kind" in package.__all__ and callable(package.failure_kind)
    assert set(dir(package)) >= set(package.__all__)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
