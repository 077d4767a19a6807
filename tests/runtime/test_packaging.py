"""Generated packages are vendorable: stdlib-only, relative imports, typed, mypy --strict clean."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import GENERATED, PYRIGHT_PIN, ROOT, VENDORS, pyright_command


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
        "retry.call_with_retri(lambda: 1)\n"  # the loops load on first use, unseen by mypy
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
    assert 'Module has no attribute "call_with_retri"' in wrong.stdout, wrong.stdout  # no module __getattr__


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
# write it: imports from the package root, annotations that mypy --strict must accept, and
# pyright in strict mode (but for the names it imports only to prove they are exported).
_SDK_MODULE = '''# pyright: strict, reportUnusedImport=false
from __future__ import annotations

import asyncio
from typing import Any

from anysdk._vendor.{slug} import (
    {names}
)
from anysdk._vendor.{slug} import models as models
from anysdk._vendor.{slug} import testing
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


def bridges() -> None:
    import stamina
    import tenacity

    @tenacity.retry(**tenacity_kwargs(method="GET"))
    def fetch() -> int:
        return 1

    count: int = fetch()
    bridge: TenacityBridge = tenacity_bridge(method="POST", request_headers={{}}, policy=DEFAULT_POLICY)
    retrying = tenacity.Retrying(
        retry=tenacity.retry_any(bridge.retry, tenacity.retry_if_result(lambda result: result is None)),
        wait=bridge.wait,
        stop=lambda state: bridge.stop(state) or tenacity.stop_after_delay(5)(state),
        reraise=True,
    )
    for attempt in retrying:
        with attempt:
            fetch()
    slept = testing.SleepRecorder()
    asynchronous = tenacity.AsyncRetrying(**tenacity_kwargs(policy=DEFAULT_POLICY, on_retry=print), sleep=slept)
    recorded = tenacity.Retrying(**tenacity_kwargs(), sleep=slept.record)
    retried: int = tenacity.Retrying(**tenacity_kwargs("PUT", {{"Idempotency-Key": "k"}}))(fetch)

    @stamina.retry(on=stamina_on(method="GET"), **stamina_kwargs())
    def fetch_again() -> str:
        return "x"

    text: str = fetch_again()
    caller = stamina.RetryingCaller(**stamina_kwargs(policy=DEFAULT_POLICY)).on(stamina_on(policy=DEFAULT_POLICY))
    again: int = caller(fetch)
    hook_says: bool | float = stamina_on("POST", {{}})(TimeoutError())
    del count, asynchronous, recorded, retried, text, again, hook_says


def kit() -> None:
    example: testing.Example = testing.example(400)
    examples: tuple[testing.Example, ...] = testing.EXAMPLES
    error: APIError = testing.error(example.name)
    response: testing.Response = testing.response(400)
    status: int = response.status_code
    content: bytes = response.content
    replay: testing.Replay = testing.replay(
        503, (429, {{"Retry-After": "2"}}), (503, [("Retry-After", "1")], b""), 200, example, response,
        example.name, testing.TIMEOUT, testing.CONNECT_ERROR, testing.NETWORK_ERROR, ConnectionResetError(), KeyError,
    )
    slept = testing.SleepRecorder()
    transport: Any = httpx_transport(inner=replay.httpx_transport(), sleep=slept)
    async_transport: Any = httpx_async_transport(inner=replay.httpx_async_transport(), sleep=slept)
    adapter: Any = replay.requests_adapter(retrying=requests_adapter(sleep=slept))
    plain: Any = replay.requests_adapter()
    sent: testing.Response = call_with_retry(lambda: replay.send("POST", "https://x", {{}}, b""), sleep=slept)
    requests: list[testing.RecordedRequest] = replay.requests
    first: tuple[str, str, bytes] = (requests[0].method, requests[0].url, requests[0].body)
    key: str | None = requests[0].headers.get("Idempotency-Key")
    delays: list[float] = slept.delays
    total: float = slept.total + slept.clock()
    left: int = replay.remaining
    replay.assert_played()
    failure: testing.Failure = testing.TIMEOUT
    exhausted: type[AssertionError] = testing.ScriptExhausted
    del examples, error, status, content, transport, async_transport, adapter, plain, sent, first, key
    del delays, total, left, failure, exhausted


def provenance() -> str:
    version: str = GENERATOR_VERSION
    spec: str = SPEC_PATH
    digest: str = SPEC_SHA256
    return f"{{version}} {{spec}} {{digest}}"
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


# pyright: the exact version `make test` installs with npm into the venv running the tests
# (``conftest.pyright_command``). One run (node's start and the stdlib stubs paid once)
# checks the SDK tree of ``_sdk_tree`` once per Python version below, each copy an
# execution environment of its own: 3.9 is the oldest the packages claim, 3.13 the newest.
PYRIGHT_VERSIONS = ("3.9", "3.11", "3.13")
# In every copy: a union evaluated at run time, an error before Python 3.10 only, so the run
# proves that each copy was checked, and for the Python version it names.
CANARY = "version_canary.py"


@pytest.fixture(scope="module")
def pyright_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The errors and warnings of one pyright run in standard mode, by Python version, each
    ``path:line:column: severity: message (rule)`` with the path inside the SDK tree."""
    pyright = pyright_command()
    work = tmp_path_factory.mktemp("pyright")
    for version in PYRIGHT_VERSIONS:
        _sdk_tree(work / version)
        (work / version / CANARY).write_text("Alias = int | None\n")
    environments = [{"root": version, "pythonVersion": version} for version in PYRIGHT_VERSIONS]
    config = {"typeCheckingMode": "standard", "executionEnvironments": environments}
    (work / "pyrightconfig.json").write_text(json.dumps(config, indent=2))
    result = subprocess.run(
        [pyright, "--outputjson", "--pythonpath", sys.executable], cwd=work, capture_output=True, text=True
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 1: it found errors
    report = json.loads(result.stdout)
    if not os.environ.get("PYRIGHT"):
        assert report["version"] == PYRIGHT_PIN, report["version"]
    assert report["summary"]["filesAnalyzed"] == len(list(work.rglob("*.py"))), report["summary"]
    findings: dict[str, list[str]] = {version: [] for version in PYRIGHT_VERSIONS}
    canaries: dict[str, list[str]] = {version: [] for version in PYRIGHT_VERSIONS}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] not in ("error", "warning"):
            continue
        version, *parts = Path(diagnostic["file"]).relative_to(work).parts
        start = diagnostic["range"]["start"]
        line = f"{'/'.join(parts)}:{start['line'] + 1}:{start['character'] + 1}: {diagnostic['severity']}: "
        line += f"{diagnostic['message']} ({diagnostic.get('rule', '')})"
        (canaries if parts == [CANARY] else findings)[version].append(line)
    for version in PYRIGHT_VERSIONS:
        assert bool(canaries[version]) == (version == "3.9"), (version, canaries[version])
    return findings


@pytest.mark.parametrize("version", PYRIGHT_VERSIONS)
def test_the_sdk_tree_passes_pyright(pyright_findings: dict[str, list[str]], version: str) -> None:
    """The tree of ``test_an_sdk_module_using_every_documented_api_passes_mypy_strict``,
    vendored packages included, has no pyright error or warning, the SDK modules in strict
    mode, from the oldest Python the packages claim to the newest."""
    findings = pyright_findings[version]
    assert not findings, "\n".join(findings)


@pytest.mark.parametrize("version", PYRIGHT_VERSIONS)
def test_the_generated_packages_are_clean_under_pyright_standard_mode(
    pyright_findings: dict[str, list[str]], version: str
) -> None:
    """Every generated package (the copies vendored in the SDK tree, byte for byte) with
    ``typeCheckingMode: standard``, from the oldest Python the packages claim to the newest."""
    findings = [line for line in pyright_findings[version] if line.startswith("anysdk/_vendor/")]
    assert not findings, "\n".join(findings)


def test_pyright_is_pinned_exactly_and_locked() -> None:
    """``make test`` runs ``npm ci`` on this lock: one version, with its integrity hash."""
    folder = ROOT / "requirements" / "pyright"
    manifest = json.loads((folder / "package.json").read_text())
    lock = json.loads((folder / "package-lock.json").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", PYRIGHT_PIN) and manifest["dependencies"] == {"pyright": PYRIGHT_PIN}
    assert lock["packages"][""]["dependencies"] == manifest["dependencies"]
    locked = lock["packages"]["node_modules/pyright"]
    assert locked["version"] == PYRIGHT_PIN and locked["integrity"].startswith("sha512-")


def test_without_npm_make_says_so_in_one_line_and_installs_nothing(tmp_path: Path) -> None:
    """The promise "make test needs only Python and pip" holds: without npm the pyright
    step prints why the pyright tests will skip, writes no stamp (so it tries again once npm
    is there) and lets the build go on."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make not found")
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()  # make's order-only prerequisite; never run here
    (tmp_path / "empty").mkdir()
    result = subprocess.run(
        [make, "--no-print-directory", ".venv/.pyright-deps"], cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": str(tmp_path / "empty")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "npm not found: pyright is not installed and the pyright tests will skip (install Node.js with npm to run them)"
    ]
    assert sorted(path.name for path in (tmp_path / ".venv").iterdir()) == ["bin"]


@pytest.mark.parametrize("slug", VENDORS)
def test_the_package_exports_each_module_public_name_once(slug: str) -> None:
    """One list of public names: the package's ``__all__`` is every name the modules
    export (nothing listed unreachable, nothing reachable unlisted), each the module's object."""
    import importlib

    package = importlib.import_module(f"generated.{slug}")
    modules = {
        name: importlib.import_module(f"generated.{slug}.{name}")
        for name in ("errors", "retry", "adapters", "bridges", "provenance")
    }
    listed = {name: module for module in modules.values() for name in module.__all__}
    assert package.__all__ == sorted(listed) and len(set(package.__all__)) == len(package.__all__)
    for name, module in listed.items():
        assert getattr(package, name) is getattr(module, name), name
    assert "failure_kind" in package.__all__ and callable(package.failure_kind)
    assert set(dir(package)) >= set(package.__all__)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
