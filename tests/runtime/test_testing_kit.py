"""The generated ``testing`` module: documented responses, replay transports, a sleep recorder.

An SDK's tests use it without a server: the documented examples as responses and
exceptions, replayed through httpx (sync and async) and requests, under the package's
adapters and with plain clients and ``raise_for_response``.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import importlib
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import requests

from conftest import GENERATED, ROOT, VENDORS, first_documented, vector_response, vectors, vendor_package
from vector_checks import check_error

ANY = vendor_package(VENDORS[0])  # the kit is the same runtime in every package


def kit(vendor: ModuleType) -> Any:
    return importlib.import_module(f"{vendor.__name__}.testing")


TESTING = kit(ANY)
URL = "https://api.test/things"


# -- documented responses ----------------------------------------------------------


@pytest.mark.parametrize("slug", VENDORS)
def test_the_embedded_examples_are_the_vectors(slug: str) -> None:
    """``testing.EXAMPLES`` (literals, so a wheel needs no data file) is ``vectors.json``."""
    embedded = [(e.name, e.source, (e.status, list(e.headers), e.body), e.error_class) for e in kit(vendor_package(slug)).EXAMPLES]
    documented = [(v["name"], v["source"], vector_response(v), v["expect"]["class"]) for v in vectors(slug)]
    assert embedded == documented


@pytest.mark.parametrize("slug", VENDORS)
def test_every_documented_example_builds_its_response_and_its_error(slug: str) -> None:
    vendor = vendor_package(slug)
    testing = kit(vendor)
    for vector in vectors(slug):
        error = testing.error(vector["name"])
        check_error(vendor, vector, error, None)  # what the conformance vector expects of it
        response = testing.response(vector["name"])
        assert (response.status_code, response.content) == vector_response(vector)[::2]
        with pytest.raises(vendor.APIError) as raised:
            vendor.raise_for_response(response)
        assert type(raised.value).__name__ == vector["expect"]["class"]


def test_examples_are_found_by_name_code_or_status() -> None:
    case = first_documented("carries a code", lambda c: c.error.code is not None)
    testing = kit(case.vendor)
    by_code = testing.example(case.error.code)
    assert testing.error(by_code).code == case.error.code
    assert testing.example(case.vector["status"]).status == case.vector["status"]
    assert testing.example(case.vector["name"]).name == case.vector["name"]
    with pytest.raises(KeyError, match="no documented example"):
        testing.example("NO_SUCH_CODE_OR_NAME")
    with pytest.raises(KeyError, match="statuses"):
        testing.example(599)
    with pytest.raises(TypeError):
        testing.example(True)


# -- replayed exchanges -------------------------------------------------------------


def http_client(testing: Any, vendor: ModuleType, *steps: Any, **options: Any) -> tuple[Any, Any, Any]:
    replay, slept = testing.replay(*steps), testing.SleepRecorder()
    transport = vendor.httpx_transport(inner=replay.httpx_transport(), sleep=slept, budget=None, **options)
    return httpx.Client(transport=transport), replay, slept


def test_a_scripted_sequence_through_the_httpx_adapter() -> None:
    policy = ANY.DEFAULT_POLICY.replace(jitter="none", retry_statuses=(429, 503))
    client, replay, slept = http_client(TESTING, ANY, 503, (429, {"Retry-After": "2"}), 200, policy=policy)
    assert client.get(URL).status_code == 200
    assert slept.delays == [policy.backoff(1), 2.0]
    assert [(r.method, r.url) for r in replay.requests] == [("GET", URL)] * 3
    replay.assert_played()


def test_the_same_idempotency_key_and_body_on_every_retry() -> None:
    policy = ANY.DEFAULT_POLICY.replace(idempotency_header="Idempotency-Key", generate_idempotency_key=True)
    client, replay, _ = http_client(TESTING, ANY, TESTING.TIMEOUT, 503, 200, policy=policy.replace(retry_statuses=(503,)))
    assert client.post(URL, json={"title": "x"}).status_code == 200
    keys = {r.headers["Idempotency-Key"] for r in replay.requests}
    assert len(replay.requests) == 3 and len(keys) == 1 and re.fullmatch(r"[0-9a-f-]{36}", keys.pop())
    assert {r.body for r in replay.requests} == {b'{"title":"x"}'}


def test_transport_failures_are_the_clients_own_and_follow_the_gate() -> None:
    client, replay, _ = http_client(TESTING, ANY, TESTING.TIMEOUT, 200)
    with pytest.raises(ANY.APITimeoutError) as raised:
        client.post(URL, content=b"x")
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout) and len(replay.requests) == 1
    assert replay.remaining == 1
    with pytest.raises(AssertionError, match="1 of 2 scripted steps were not played"):
        replay.assert_played()
    client, replay, slept = http_client(TESTING, ANY, TESTING.CONNECT_ERROR, TESTING.NETWORK_ERROR, 200)
    assert client.get(URL).status_code == 200 and len(slept.delays) == 2
    client, replay, _ = http_client(TESTING, ANY, TESTING.NETWORK_ERROR, 200)
    with pytest.raises(ANY.APIConnectionError):
        client.post(URL, content=b"x")  # reset after sending: a POST is not resent
    client, replay, _ = http_client(TESTING, ANY, KeyError("mine"))
    with pytest.raises(KeyError, match="mine"):
        client.get(URL)


def test_a_documented_example_by_name_in_a_script() -> None:
    case = first_documented(
        "is retried after a server wait",
        lambda c: (d := c.vendor.DEFAULT_POLICY.decide(c.error, attempt=1, method="GET")).retry
        and c.error.retry_after is not None and d.delay == c.error.retry_after,
    )
    testing = kit(case.vendor)
    client, replay, slept = http_client(testing, case.vendor, case.vector["name"], 200)
    assert client.get(URL).status_code == 200 and slept.delays == [case.error.retry_after]
    not_retried = first_documented("is not retryable", lambda c: c.vendor is case.vendor and not c.error.retryable)
    client, replay, slept = http_client(testing, case.vendor, testing.example(not_retried.vector["name"]), 200)
    with pytest.raises(case.vendor.APIError) as raised:
        client.get(URL)
    assert type(raised.value).__name__ == not_retried.vector["expect"]["class"] and slept.delays == []


def test_the_script_running_out_fails_loudly_and_is_never_retried() -> None:
    client, replay, _ = http_client(TESTING, ANY, 503)
    with pytest.raises(TESTING.ScriptExhausted, match=r"request 2 \(GET https://api.test/things\) came after the last of 1"):
        client.get(URL)
    assert len(replay.requests) == 2


def test_the_async_httpx_adapter_over_an_async_replay() -> None:
    replay, slept = TESTING.replay(503, 503, 200), TESTING.SleepRecorder()
    policy = ANY.DEFAULT_POLICY.replace(jitter="none", retry_statuses=(503,))

    async def main() -> int:
        transport = ANY.httpx_async_transport(inner=replay.httpx_async_transport(), sleep=slept, policy=policy, budget=None)
        async with httpx.AsyncClient(transport=transport) as client:
            return (await client.put(URL, content=b"body")).status_code

    assert asyncio.run(main()) == 200
    assert slept.delays == [policy.backoff(1), policy.backoff(2)]
    assert [r.body for r in replay.requests] == [b"body"] * 3


def test_plain_clients_and_raise_for_response() -> None:
    case = first_documented("is a documented error", lambda c: True)
    testing = kit(case.vendor)
    replay = testing.replay(case.vector["name"], 200)
    client = httpx.Client(transport=replay.httpx_transport())
    with pytest.raises(case.vendor.APIError) as raised:
        case.vendor.raise_for_response(client.get(URL))
    assert type(raised.value).__name__ == case.vector["expect"]["class"]
    assert client.get(URL).status_code == 200
    session = requests.Session()
    replay = testing.replay(case.vector["name"], (200, {"Content-Type": "application/json"}, b'{"ok": true}'))
    session.mount("https://", replay.requests_adapter())
    with pytest.raises(case.vendor.APIError) as raised:
        case.vendor.raise_for_response(session.get(URL))
    assert type(raised.value).__name__ == case.vector["expect"]["class"]
    assert session.get(URL).json() == {"ok": True}


def test_the_requests_adapter_retries_over_a_replay() -> None:
    slept = TESTING.SleepRecorder()
    policy = ANY.DEFAULT_POLICY.replace(jitter="none", retry_statuses=(429, 503))
    replay = TESTING.replay(TESTING.CONNECT_ERROR, (429, [("Retry-After", "1"), ("Retry-After", "3")]), 200)
    session = requests.Session()
    session.mount("https://", replay.requests_adapter(retrying=ANY.requests_adapter(sleep=slept, policy=policy, budget=None)))
    assert session.post(URL, data=b"payload").status_code == 200
    assert slept.delays == [policy.backoff(1), 3.0]  # a refused POST is resent; repeated waits: the longest
    assert [r.body for r in replay.requests] == [b"payload"] * 3
    replay = TESTING.replay(TESTING.TIMEOUT, 200)
    session.mount("https://", replay.requests_adapter(retrying=ANY.requests_adapter(sleep=slept, budget=None)))
    with pytest.raises(ANY.APITimeoutError):
        session.post(URL, data=b"payload")
    assert len(replay.requests) == 1


def test_a_replay_plays_to_the_loops_without_a_client() -> None:
    """``Replay.send``: standard library failures, for the loops and for Python without
    httpx; the recorder's clock lets the deadline count the recorded sleeps."""
    policy = ANY.DEFAULT_POLICY.replace(
        jitter="none", retry_statuses=(503,), backoff_initial=1.0, backoff_multiplier=2.0, backoff_max=8.0, deadline=None
    )
    for deadline, ends, delays in ((None, 200, [1.0, 2.0]), (2.5, 503, [1.0])):
        replay, slept = TESTING.replay(TESTING.CONNECT_ERROR, 503, 200), TESTING.SleepRecorder()
        options: dict[str, Any] = dict(method="PUT", budget=None, sleep=slept, clock=slept.clock)
        try:
            ended = ANY.call_with_retry(functools.partial(replay.send, "PUT", URL), policy=policy.replace(deadline=deadline), **options).status_code
        except ANY.APIError as error:
            ended = error.status
        assert (ended, slept.delays, slept.total, slept.clock()) == (ends, delays, sum(delays), sum(delays))
        assert len(replay.requests) == len(delays) + 1


def test_bad_steps_are_refused_when_the_script_is_made() -> None:
    for bad in (True, 99, (600, {}), (200, {}, 3), [200], 1.5):
        with pytest.raises((TypeError, ValueError)):
            TESTING.replay(bad)
    with pytest.raises(KeyError):
        TESTING.replay("no such example")
    with pytest.raises(ValueError):
        TESTING.replay()


def test_the_sleep_recorder_serves_sync_and_async_loops() -> None:
    slept = TESTING.SleepRecorder()
    slept(1.0)

    async def main() -> None:
        await slept(2.0)

    asyncio.run(main())
    assert slept.delays == [1.0, 2.0]


# -- never imported by the package, stdlib-only ----------------------------------------


@pytest.mark.parametrize("slug", VENDORS)
def test_nothing_in_the_package_imports_the_testing_kit(slug: str) -> None:
    for file in sorted((GENERATED / slug).glob("*.py")):
        if file.name in ("testing.py", "_testing.py"):
            continue
        for node in ast.walk(ast.parse(file.read_text())):
            named: set[str] = set()
            if isinstance(node, ast.ImportFrom):
                named = {node.module or ""} | {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                named = {alias.name for alias in node.names}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                named = {node.value.lstrip(".")}  # import_module(".testing") or a lazy table
            assert not named & {"testing", "_testing"}, f"{file.name} refers to the testing kit"
    package = vendor_package(slug)
    assert "testing" not in package.__all__ and "testing" not in package._MODULES


def test_the_kit_runs_stdlib_only_without_site_packages(tmp_path: Path) -> None:
    slug = VENDORS[0]
    shutil.copytree(GENERATED / slug, tmp_path / slug, ignore=shutil.ignore_patterns("__pycache__"))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from {slug} import testing
        import {slug} as pkg
        replay, slept = testing.replay(testing.TIMEOUT, 503, 200), testing.SleepRecorder()
        policy = pkg.DEFAULT_POLICY.replace(retry_statuses=(503,))
        assert pkg.call_with_retry(lambda: replay.send("GET"), policy=policy, sleep=slept).status_code == 200
        assert len(slept.delays) == 2 and len(replay.requests) == 3
        for example in testing.EXAMPLES:
            assert type(testing.error(example)).__name__ == example.error_class
        try:
            replay.httpx_transport()
        except ImportError:
            pass
        foreign = sorted(n for n in sys.modules if n.split(".")[0] not in sys.stdlib_module_names
                         and n.split(".")[0] not in ({slug!r}, "__main__"))
        assert not foreign, foreign
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-S", "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


# -- the README's example test -----------------------------------------------------------


def readme_example() -> str:
    """The example test of the README's section on the testing kit."""
    section = (ROOT / "README.md").read_text().split("## The testing kit, for SDK tests", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(# tests/test_errors\.py.*?)```", section, re.S)
    assert found, "the README's testing kit section lost its example test"
    return found[1]


def test_the_readme_example_test_passes(tmp_path: Path) -> None:
    """The README's example, run as an SDK would run it: the vendor it names vendored as
    ``anysdk._vendor.<vendor>``, under pytest."""
    source = readme_example()
    slug = re.search(r"from anysdk\._vendor import (\w+)", source)
    assert slug
    if slug[1] not in VENDORS:
        pytest.skip(f"the README's vendor {slug[1]} is not among the packages under test")
    vendored = tmp_path / "anysdk" / "_vendor"
    shutil.copytree(GENERATED / slug[1], vendored / slug[1], ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "anysdk" / "__init__.py").write_text("")
    (vendored / "__init__.py").write_text("")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_errors.py").write_text(source)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), "tests"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b[3-9] passed\b", result.stdout), result.stdout
