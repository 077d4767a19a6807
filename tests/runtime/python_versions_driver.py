"""Run generated packages under another interpreter: ``python -I python_versions_driver.py TESTS ROOT SLUG...``.

Started by ``test_python_versions`` with each Python it finds, where neither pytest nor
hypothesis is installed: standard library only. ``ROOT`` holds a copy of the packages,
``TESTS`` is the tests directory (for ``vector_checks``, the one vector check). Per
package: import every module, check every vector of its ``vectors.json``, and run the
sync and async retry loops over a documented retryable response (then a success) and a
documented response not retried; the testing kit over every documented example, and
the tenacity and stamina bridges where this Python has them (``ROOT/_site``, from 3.10);
``raise_for_response``/``araise_for_response`` over aiohttp- and urllib3-shaped responses.
Prints one line per package; any failure is a traceback and a non-zero exit.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


class FakeResponse:
    """What a client hands the loops: ``status_code``, ``headers``, ``content``, ``close()``."""

    def __init__(self, status: int, headers: dict[str, str], content: bytes) -> None:
        self.status_code = status
        self.headers = headers
        self.content = content
        self.closed = False

    def close(self) -> None:
        self.closed = True


def first_case(vectors: list[dict[str, Any]], retry: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """A vector and its attempt-1 decision (no elapsed time) that retries, or does not
    (a vector expected not retryable: no loop retries it, whatever the request)."""
    for vector in vectors:
        if not retry and vector["expect"].get("retryable") is False:
            return vector, {}
        for case in vector["expect"].get("decisions", []):
            if case["attempt"] == 1 and not case.get("elapsed") and case["retry"] is retry:
                return vector, case
    raise AssertionError(f"no vector whose first attempt is {'retried' if retry else 'not retried'}")


def run_loop(vendor: ModuleType, outcomes: list[Any], asynchronous: bool, **options: Any) -> tuple[Any, list[float]]:
    """What a loop returns when ``send`` returns ``outcomes`` in turn, and the delays it slept."""
    sends = iter(outcomes)
    slept: list[float] = []
    if not asynchronous:
        return vendor.call_with_retry(lambda: next(sends), sleep=slept.append, clock=lambda: 0.0, **options), slept

    async def send() -> Any:
        return next(sends)

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return asyncio.run(vendor.async_call_with_retry(send, sleep=sleep, clock=lambda: 0.0, **options)), slept


def loops(vendor: ModuleType, vectors: list[dict[str, Any]], response: Any) -> int:
    """The retry loops over documented responses; how many runs were checked."""
    vector, case = first_case(vectors, retry=True)
    options = {"method": case.get("method"), "request_headers": dict(case.get("request_headers") or {}), "budget": None}
    for asynchronous in (False, True):
        error, ok = FakeResponse(*response(vector)), FakeResponse(200, {}, b"{}")
        got, slept = run_loop(vendor, [error, ok], asynchronous, **options)
        assert got is ok and error.closed and len(slept) == 1 and slept[0] >= 0, (vector["name"], slept)
    vector, case = first_case(vectors, retry=False)
    error = FakeResponse(*response(vector))
    options = {"method": case.get("method"), "request_headers": dict(case.get("request_headers") or {}), "budget": None}
    try:
        run_loop(vendor, [error], False, **options)  # a second send() would raise StopIteration
    except vendor.APIError as raised:
        assert type(raised).__name__ == vector["expect"]["class"] and error.closed, vector["name"]
        assert len(raised.attempts) == 1, (vector["name"], raised.attempts)
    else:
        raise AssertionError(f"{vector['name']}: not raised")
    return 3


def kit_and_bridges(slug: str, vendor: ModuleType, vectors: list[dict[str, Any]]) -> str:
    """The testing kit (standard library parts) over every documented example and a
    replayed retry; the tenacity and stamina bridges when this Python has them (they
    need 3.10): the same requests and delays as ``call_with_retry``. Names what ran."""
    testing = importlib.import_module(f"{slug}.testing")
    for example in testing.EXAMPLES:
        assert type(testing.error(example)).__name__ == example.error_class, example.name
    vector, case = first_case(vectors, retry=True)
    steps = [vector["name"], 200]
    method, headers = case.get("method") or "GET", dict(case.get("request_headers") or {})
    policy = vendor.DEFAULT_POLICY.replace(jitter="none")

    def send(replay: Any) -> Any:
        return replay.send(method, "https://api.test/things", headers)

    def raising(replay: Any) -> Any:
        response = send(replay)
        vendor.raise_for_response(response)
        return response

    def loop(asynchronous: bool) -> tuple[int, list[float], int]:
        replay, slept = testing.replay(*steps), testing.SleepRecorder()
        options = dict(policy=policy, method=method, request_headers=headers, budget=None, sleep=slept)
        if asynchronous:

            async def asend() -> Any:
                return send(replay)

            response = asyncio.run(vendor.async_call_with_retry(asend, **options))
        else:
            response = vendor.call_with_retry(lambda: send(replay), **options)
        return response.status_code, slept.delays, len(replay.requests)

    expected = loop(False)
    assert expected[0] == 200 and len(expected[1]) == 1 and loop(True) == expected, expected
    ran = ["kit"]
    try:
        import tenacity
    except ImportError:
        return ", ".join(ran)
    replay, delays = testing.replay(*steps), []
    retrying = tenacity.Retrying(**vendor.tenacity_kwargs(method, headers, policy=policy), sleep=delays.append)
    response = retrying(raising, replay)
    assert (response.status_code, delays, len(replay.requests)) == expected, (delays, expected)
    ran.append("tenacity")
    try:
        import stamina
    except ImportError:
        return ", ".join(ran)
    import time

    replay, delays = testing.replay(*steps), []
    sleep, time.sleep = time.sleep, delays.append  # stamina sleeps through tenacity's time.sleep
    try:
        hook = vendor.stamina_on(method, headers, policy=policy)
        response = stamina.retry(on=hook, **vendor.stamina_kwargs(policy=policy))(raising)(replay)
    finally:
        time.sleep = sleep
    assert (response.status_code, delays, len(replay.requests)) == expected, (delays, expected)
    ran.append("stamina")
    return ", ".join(ran)


class Stream:
    """aiohttp's ``content`` stream as the runtime reads it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def read(self, n: int = -1) -> bytes:
        chunk, self.data = self.data[:7], self.data[7:]  # a few bytes at a time
        return chunk

    readany = read


class AiohttpLike:
    """An aiohttp response whose body is still to be read: ``status``, ``headers``, ``_body``, ``content``."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self._body, self.content = status, headers, None, Stream(body)


class Urllib3Like:
    """A urllib3 response as a fake holds it: ``status``, ``headers``, ``data``."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.data = status, headers, body


def clients(vendor: ModuleType, vector: dict[str, Any], response: Any) -> int:
    """``raise_for_response`` and ``araise_for_response`` over the response shapes of aiohttp
    and urllib3 (``status``), and a TypeError for what has no status; how many were checked."""
    expected = vector["expect"]["class"]

    def raised(call: Any) -> BaseException:
        try:
            call()
        except Exception as exc:
            return exc
        raise AssertionError(f"{vector['name']}: nothing raised")

    error = raised(lambda: vendor.raise_for_response(Urllib3Like(*response(vector))))
    assert type(error).__name__ == expected, (vector["name"], error)
    error = raised(lambda: asyncio.run(vendor.araise_for_response(AiohttpLike(*response(vector)))))
    assert type(error).__name__ == expected and error.content == response(vector)[2], (vector["name"], error)
    error = raised(lambda: vendor.raise_for_response(AiohttpLike(*response(vector))))
    assert type(error) is TypeError and "araise_for_response" in str(error), error
    error = raised(lambda: vendor.raise_for_response(object()))
    assert type(error) is TypeError and "expects an HTTP response" in str(error), error
    return 4


def main(tests: str, root: str, slugs: list[str]) -> None:
    sys.path[:0] = [root, tests]
    if sys.version_info >= (3, 10) and (Path(root) / "_site").is_dir():
        sys.path.append(str(Path(root) / "_site"))  # tenacity and stamina, copied by the test
    from vector_checks import check_response, vector_response

    for slug in slugs:
        directory = Path(root) / slug
        modules = sorted(path.stem for path in directory.glob("*.py") if path.stem != "__init__")
        vendor = importlib.import_module(slug)
        for module in modules:
            importlib.import_module(f"{slug}.{module}")
        document = json.loads((directory / "vectors.json").read_text(encoding="utf-8"))
        for vector in document["vectors"]:
            try:
                check_response(vendor, vector, document["jitter_draw"])
            except AssertionError as exc:
                raise AssertionError(f"{slug}: vector {vector['name']!r}: {exc}") from exc

        def response(vector: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
            status, headers, body = vector_response(vector)
            return status, dict(headers), body

        runs = loops(vendor, document["vectors"], response)
        ran = kit_and_bridges(slug, vendor, document["vectors"])
        shapes = clients(vendor, document["vectors"][0], response)
        print(
            f"{slug}: {len(modules) + 1} modules, {len(document['vectors'])} vectors, {runs} loop runs, "
            f"{shapes} client shapes; {ran}"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
