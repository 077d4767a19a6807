"""The stages in order: load -> validate -> build -> render -> format -> write.

``generate`` is pure apart from reading the specs and templates (and the project's
configuration, for the provenance header): it returns ``{path relative to the output
directory: content}``. ``produce`` does the same for
the command line, taking unchanged vendors from the cache and generating the others
on worker processes, and ``write_output`` hands the result to ``output.writer`` and
then records it in the cache. Every vendor is checked before any is rendered, so one
bad spec stops the run with all its diagnostics and nothing half-made.

Stages are imported where they run: a cached ``generate`` loads none of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from .output import cache
from .paths import TEMPLATES_DIR, display_path, spec_files
from .provenance import Origin, Provenance
from .records import field, record, replace
from .spec.diagnostics import Diagnostic, SpecError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the way to a run that changes nothing
if TYPE_CHECKING:
    from .emit.bodies import ModelsRequest
    from .emit.formatting import FormatRequest
    from .model import Vendor
    from .spec.loader import LoadedSpec

TYPED_MARKER = ""  # PEP 561: an empty py.typed marks a package that ships inline types

# Seconds per stage ("load", "validate", "build", "render") per spec path as shown, for --verbose.
Timings = dict[str, dict[str, float]]


@record
class Checked:
    specs: tuple[LoadedSpec, ...]
    vendors: tuple[Vendor, ...]  # one per spec, in the same order
    warnings: tuple[Diagnostic, ...]


def load_and_check(files: list[Path], timings: Timings | None = None, store: cache.Artifacts | None = None) -> Checked:
    """Load, validate and build every spec; SpecError with all errors if any."""
    from .spec.loader import load_file

    return check_all([partial(load_file, file, display_path(file)) for file in files], timings, store)


def check_all(
    loaders: Sequence[Callable[[], LoadedSpec]], timings: Timings | None = None, store: cache.Artifacts | None = None
) -> Checked:
    """Run every loader, then validate and build; SpecError with all errors if any.
    Each loaded spec's stage times go into ``timings`` when given; ``store`` keeps the
    OpenAPI validator's verdicts (``validate.openapi_problems``)."""
    from .spec.build import build
    from .spec.validate import validate

    stages: Timings = {} if timings is None else timings
    loaded: list[LoadedSpec] = []
    problems: list[Diagnostic] = []
    for load in loaders:
        begun = time.perf_counter()
        try:
            loaded.append(load())
        except SpecError as exc:
            problems.extend(exc.diagnostics)
            continue
        stages.setdefault(loaded[-1].path, {})["load"] = time.perf_counter() - begun
    problems.extend(spec_clashes([(spec.path, spec.slug) for spec in loaded]))
    for spec in loaded:
        begun = time.perf_counter()
        problems.extend(validate(spec, store))
        stages.setdefault(spec.path, {})["validate"] = time.perf_counter() - begun
    errors = [d for d in problems if d.level == "error"]
    if errors:
        raise SpecError(problems)
    vendors: list[Vendor] = []
    for spec in loaded:
        begun = time.perf_counter()
        vendors.append(build(spec))
        stages.setdefault(spec.path, {})["build"] = time.perf_counter() - begun
    return Checked(tuple(loaded), tuple(vendors), tuple(sorted(problems)))


def spec_clashes(named: Sequence[tuple[str, str]]) -> list[Diagnostic]:
    """An error for each spec (``(path as shown, slug)``) whose package name an earlier one
    already gives: ``x.yaml`` and ``x.yml`` would both be the package ``x``."""
    first: dict[str, str] = {}
    found = []
    for path, slug in named:
        if slug in first:
            found.append(
                Diagnostic(
                    path,
                    1,
                    1,
                    "",
                    f"gives the package name {slug!r}, as {first[slug]} does",
                    "keep one of the two files",
                )
            )
        first.setdefault(slug, path)
    return found


def default_origin() -> Origin:
    """The project root and generate-command of the working directory's configuration."""
    from .config import discover

    config = discover()
    return Origin(config.root, config.command)


def render_vendor(
    vendor: Vendor,
    provenance: Provenance | None = None,
    store: cache.Artifacts | None = None,
    deferred: list[tuple[str, ModelsRequest | FormatRequest]] | None = None,
) -> dict[str, str]:
    """All files of one vendor's package, formatted, keyed ``<slug>/<file>``, its ERRORS.md and
    vectors.json, each starting with the provenance header (``py.typed`` stays empty).
    Without ``provenance``: the spec as the vendor names it, the default generate-command.
    ``store`` keeps what black and datamodel-code-generator made (``output.cache.Artifacts``).
    With ``deferred``, a models.py or a module black has still to format (not in ``store``)
    is left out and its path and request appended there, for the caller to make with
    another process (``generate_specs``)."""
    from .emit.bodies import models_file, models_module, models_request
    from .emit.formatting import FormatRequest, below, formatted, recalled
    from .emit.reference import FILE_NAME as REFERENCE_FILE
    from .emit.reference import render_reference
    from .emit.render import compiled_by, environment, render_modules
    from .emit.vectors import FILE_NAME as VECTORS_FILE
    from .emit.vectors import render_vectors
    from .paths import runtime_modules

    provenance = provenance or Provenance(vendor.spec_file, vendor.spec_sha256)
    vendor = replace(vendor, spec_file=provenance.spec_path)  # the spec as the project names it
    env = compiled_by(environment(), store)
    header = provenance.python()
    modules = render_modules(vendor, env, provenance)
    defer = deferred is not None and store is not None
    files: dict[str, str] = {}
    for name, source in modules.items():
        above, text = below(header, source)
        done = recalled(text, store) if defer else formatted(text, store)
        if done is not None:
            files[f"{vendor.slug}/{name}"] = above + done
        elif deferred is not None:
            deferred.append((f"{vendor.slug}/{name}", FormatRequest(above, text)))
    if defer and deferred is not None and store is not None:
        request = models_request(vendor, header, store)
        body = store.get("models", request.key)
        if isinstance(body, str):
            files[f"{vendor.slug}/models.py"] = models_file(request, body)
        else:
            deferred.append((f"{vendor.slug}/models.py", request))
    else:
        files[f"{vendor.slug}/models.py"] = models_module(vendor, header, store)
    files.update({f"{vendor.slug}/{name}": header + source for name, source in runtime_modules().items()})
    files[f"{vendor.slug}/py.typed"] = TYPED_MARKER
    files[f"{vendor.slug}/{REFERENCE_FILE}"] = provenance.markdown() + "\n" + render_reference(vendor, env)
    files[f"{vendor.slug}/{VECTORS_FILE}"] = render_vectors(vendor, provenance)
    compiled_by(env, store)  # the templates compiled just now are this spec's too
    return dict(sorted(files.items()))


def render_all(
    checked: Checked,
    origin: Origin | None = None,
    store: cache.Artifacts | None = None,
    deferred: list[tuple[str, ModelsRequest | FormatRequest]] | None = None,
) -> dict[str, str]:
    """Every file of every vendor, sorted by path, all in memory.

    A vendor that cannot be rendered (its body models fail ``bodies.check_models``, or a
    template refuses a value) becomes a diagnostic; the others are still tried, and
    SpecError lists them all, so nothing is written unless every vendor succeeded.
    ``origin`` (default: the working directory's configuration) gives the headers' spec
    paths and command; ``store`` and ``deferred``: see ``render_vendor``.
    """
    from .emit.errors import RenderError

    origin = origin or default_origin()
    files: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for spec, vendor in zip(checked.specs, checked.vendors, strict=True):
        provenance = Provenance(origin.spec_path(Path(spec.path)), vendor.spec_sha256, origin.command)
        try:
            files.update(render_vendor(vendor, provenance, store, deferred))
        except RenderError as exc:
            problems.append(spec.diagnostic(exc.pointer, f"cannot generate {vendor.slug}: {exc}", exc.hint))
    if problems:
        raise SpecError(problems)
    return dict(sorted(files.items()))


def generate(specs_dir: Path, origin: Origin | None = None) -> dict[str, str]:
    """Every generated file for every spec in ``specs_dir``, sorted by path (``origin``:
    see ``render_all``)."""
    store = cache.Artifacts()  # this process's memory: vendors with the same schemas share their models
    return render_all(load_and_check(spec_files(specs_dir), store=store), origin, store)


@record
class SpecResult:
    """What generating one spec gave: its files, or the problems that stopped it."""

    file: Path
    slug: str
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...] = ()
    problems: tuple[Diagnostic, ...] = ()  # the spec is invalid
    unrendered: tuple[Diagnostic, ...] = ()  # valid, but its package could not be made
    seconds: float = 0.0
    stages: tuple[tuple[str, float], ...] = ()  # (stage, seconds) in order: load, validate, build, render
    uses: tuple[str, ...] = ()  # the artifacts read or made for it (cache.Artifacts.used)
    spec: LoadedSpec | None = field(default=None, compare=False, repr=False)  # when made in this process


def generate_spec(
    file: Path,
    origin: Origin | None = None,
    store: cache.Artifacts | None = None,
    deferred: list[tuple[str, ModelsRequest | FormatRequest]] | None = None,
) -> SpecResult:
    """Load, validate, build and render one spec; problems are returned, not raised.
    ``store``: the artifacts shared by the specs of a run (``cache.Artifacts``); ``deferred``:
    see ``render_vendor`` (the result lacks the models.py listed there)."""
    begun = time.perf_counter()
    timings: Timings = {}
    from .model import runtime

    store = store if store is not None else cache.Artifacts()
    store.used = set()
    runtime.keep_code_in(store if store.cache_dir is not None else None)
    try:
        try:
            checked = load_and_check([file], timings, store)
        except SpecError as exc:
            return SpecResult(file, file.stem, {}, problems=tuple(exc.diagnostics), seconds=time.perf_counter() - begun)
        rendering = time.perf_counter()
        try:
            files = render_all(checked, origin, store, deferred)
        except SpecError as exc:
            return SpecResult(
                file, file.stem, {}, unrendered=tuple(exc.diagnostics), seconds=time.perf_counter() - begun
            )
    except MemoryError:
        raise MemoryError(f"while generating from {display_path(file)}") from None
    stages = (*next(iter(timings.values()), {}).items(), ("render", time.perf_counter() - rendering))
    return SpecResult(
        file,
        checked.vendors[0].slug,
        files,
        checked.warnings,
        seconds=time.perf_counter() - begun,
        stages=stages,
        uses=tuple(sorted(store.used)),
        spec=checked.specs[0],
    )


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: one message, no traceback per worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


_WORKER_STORE: cache.Artifacts | None = None  # a worker process's store, made by _start_worker


def _start_worker(cache_dir: Path | None, toolchain: str) -> None:
    global _WORKER_STORE
    _ignore_interrupts()
    _WORKER_STORE = cache.Artifacts(cache_dir, toolchain)


def _generate_in_worker(file: Path, origin: Origin) -> tuple[SpecResult, dict[str, dict[str, object]]]:
    """``generate_spec`` in a worker, with the artifacts it made for the parent to store."""
    store = _WORKER_STORE if _WORKER_STORE is not None else cache.Artifacts()
    result = replace(generate_spec(file, origin, store), spec=None)  # the loaded spec stays here
    made = {name: store.pending.pop(name) for name in list(store.pending)}
    return result, made


def _import_formatter() -> None:
    """The helper's first task, started at once: import black while the parent loads,
    validates and renders (a run that renders anything formats something)."""
    from .emit.formatting import black_version, format_source

    black_version()
    format_source("")


def _import_models_generator() -> None:
    """The helper's task when the first body models are asked for: import what
    ``formatted_models`` needs while the parent goes on rendering."""
    import datamodel_code_generator.parser.openapi  # noqa: F401


def _make_models(schemas: dict[str, object]) -> tuple[str, str, str, str]:
    """``bodies.formatted_models`` in the models helper: ``("", body, "", "")``, or
    ``("error", message, pointer, hint)`` for a RenderError (which the parent reports)."""
    from .emit.bodies import formatted_models
    from .emit.errors import RenderError

    try:
        return "", formatted_models(schemas), "", ""
    except RenderError as exc:
        return "error", str(exc), exc.pointer, exc.hint


# A run generates its specs in one process, or spread over a pool of processes when there
# are at least this many specs per process: each worker imports datamodel-code-generator
# (some 0.35 s), which pays only for enough specs. Below it, one helper process makes the
# body models while this process does everything else (see ``generate_specs``).
SPECS_PER_WORKER = 4


def generate_specs(
    files: Sequence[Path], jobs: int, origin: Origin | None = None, store: cache.Artifacts | None = None
) -> list[SpecResult]:
    """``generate_spec`` for each file, in order, on up to ``jobs`` processes.

    With one job everything runs here. With more, the slow imports (black, and
    datamodel-code-generator when body models are to be made) are overlapped with the
    rest: with few specs (fewer than ``SPECS_PER_WORKER`` per job), this process loads,
    validates and renders every spec while one forked helper imports black at once, then
    makes the body models and formats the modules it is sent (``_generate_with_helper``);
    with many, the specs are spread over forked workers that each do everything. Results
    come back in spec order, the artifacts made go into ``store.pending``, and the caller
    writes nothing until it has them all.
    """
    origin = origin or default_origin()
    store = store if store is not None else cache.Artifacts()
    workers = min(jobs, len(files))
    if jobs <= 1 or not files:
        return [generate_spec(file, origin, store) for file in files]
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return [generate_spec(file, origin, store) for file in files]
    if len(files) < SPECS_PER_WORKER * jobs:
        return _generate_with_helper(files, origin, store)
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(store.cache_dir, store.toolchain),
    )
    try:
        done = list(pool.map(partial(_generate_in_worker, origin=origin), files))
    except BaseException:  # Ctrl-C, or a worker's error: stop the others now rather than wait for them
        _stop(pool)
        raise
    pool.shutdown()
    for _, made in done:
        store.pending.update(made)
    return [result for result, _ in done]


def _stop(pool: object) -> None:
    """Stop a pool's processes now rather than wait for them (Ctrl-C, or a worker's error)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    assert isinstance(pool, ProcessPoolExecutor)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in multiprocessing.active_children():
        process.terminate()


def _generate_with_helper(files: Sequence[Path], origin: Origin, store: cache.Artifacts) -> list[SpecResult]:
    """``generate_specs`` with one helper process (see there). The helper is forked first and
    imports black at once; the first body models asked for (vendors with the same schemas
    share one request) make it import datamodel-code-generator, while this process loads,
    validates and renders every spec; then the modules are formatted (``_format_shared``)."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    from .emit.bodies import ModelsRequest, models_file
    from .emit.formatting import memo_key, remember

    helper = ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts
    )
    asked: dict[str, Future[tuple[str, str, str, str]]] = {}
    generated: list[tuple[SpecResult, list[tuple[str, ModelsRequest | FormatRequest]]]] = []
    try:
        helper.submit(_import_formatter)
        for file in files:
            deferred: list[tuple[str, ModelsRequest | FormatRequest]] = []
            result = generate_spec(file, origin, store, deferred)
            for _, request in deferred:
                if isinstance(request, ModelsRequest) and request.key not in asked:
                    if not asked:
                        helper.submit(_import_models_generator)
                    asked[request.key] = helper.submit(_make_models, request.schemas)
            generated.append((result, deferred))
        texts = list(
            dict.fromkeys(r.text for _, deferred in generated for _, r in deferred if not isinstance(r, ModelsRequest))
        )
        black = _format_shared(helper, texts, helper_busy=bool(asked))
        for text, made in black.items():
            remember(text, made, store)
        results = []
        for result, deferred in generated:
            files_made = dict(result.files)
            uses = set(result.uses)
            failed: list[Diagnostic] = []
            for path, request in deferred:
                if not isinstance(request, ModelsRequest):
                    files_made[path] = request.above + black[request.text]
                    if (key := memo_key(request.text)) is not None:
                        uses.add(store.name("black", key))
                    continue
                state, text, pointer, hint = asked[request.key].result()
                if state == "error":
                    assert result.spec is not None
                    failed.append(result.spec.diagnostic(pointer, f"cannot generate {result.slug}: {text}", hint))
                    continue
                store.put("models", request.key, text)
                uses.add(store.name("models", request.key))
                files_made[path] = models_file(request, text)
            if failed:
                results.append(
                    SpecResult(result.file, result.file.stem, {}, unrendered=tuple(failed), seconds=result.seconds)
                )
            else:
                results.append(replace(result, files=dict(sorted(files_made.items())), uses=tuple(sorted(uses))))
    except BaseException:
        _stop(helper)
        raise
    if texts or asked:
        helper.shutdown()
    else:
        _stop(helper)  # it was sent nothing: do not wait for its import
    return results


# Characters black formats in about the time it takes to import it (some 80 ms at some 270
# characters a millisecond, this 2-core machine): with the helper idle, this process
# imports black and formats too only when the text left to format is worth two imports.
FORMAT_HERE_FROM = 45_000


def _format_shared(helper: object, texts: list[str], helper_busy: bool) -> dict[str, str]:
    """black's output for each of ``texts``, made by ``helper`` (a one-process pool that has
    imported black) and, when the helper is busy with body models or the texts are long
    (``FORMAT_HERE_FROM``), this process at once: the helper is sent every text, last
    first, and this process formats them from the first, each one the helper has not
    started (a pending task is cancelled), until the two meet."""
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from .emit.formatting import format_source

    assert isinstance(helper, ProcessPoolExecutor)
    sent = {text: helper.submit(format_source, text) for text in reversed(texts)}
    made: dict[str, str] = {}
    if helper_busy or "black" in sys.modules or sum(map(len, texts)) >= FORMAT_HERE_FROM:
        for text in texts:
            if not sent[text].cancel():
                break  # the helper has this one, and every one after it
            made[text] = format_source(text)
    return {text: made[text] if text in made else sent[text].result() for text in texts}


@record
class Produced:
    """Every spec's package, from the cache or generated; or every problem that stopped it.

    Nothing is written unless ``ok``: every spec valid and every package made.
    """

    files: dict[str, str]  # every generated file, sorted by path ({} unless ok)
    entries: dict[Path, cache.Entry]  # per spec, in spec order
    lines: dict[Path, tuple[str, float, str]]  # per spec: vendor, seconds, "cached" or "generated"
    warnings: tuple[str, ...] = ()  # formatted, in spec order
    warned: tuple[Diagnostic, ...] = ()  # the warnings of the specs generated now (a cache hit keeps only text)
    problems: tuple[Diagnostic, ...] = ()  # in the specs
    unrendered: tuple[Diagnostic, ...] = ()  # valid specs whose package could not be made
    keys: dict[Path, str] = field(default_factory=dict)  # cache keys; {} without the cache
    cache_problem: str = ""  # why the cache directory was not used ("" when it was, or none was given)
    stages: dict[Path, tuple[tuple[str, float], ...]] = field(default_factory=dict)  # per spec generated now
    artifacts: dict[str, dict[str, object]] = field(default_factory=dict)  # made now, to store (cache.Artifacts)
    fresh: frozenset[Path] = frozenset()  # the specs generated now (the others came from the cache)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unrendered


def cache_keys(files: Sequence[Path], origin: Origin) -> dict[Path, str]:
    """The cache key of each spec (its bytes, the templates, the generator, the toolchain,
    and what its provenance header says: the generator's version, the spec's path, the command)."""
    return {file: cache.key(file, TEMPLATES_DIR, origin.key(file)) for file in files}


def produce(files: Sequence[Path], jobs: int, cache_dir: Path | None = None, origin: Origin | None = None) -> Produced:
    """Every spec's files: from ``cache_dir`` where its key has an entry, else generated
    on up to ``jobs`` processes. Without ``cache_dir`` every spec is generated. ``origin``:
    see ``render_all``."""
    origin = origin or default_origin()
    cache_problem = cache.claim(cache_dir) if cache_dir is not None else ""
    if cache_problem:
        cache_dir = None
    keys = cache_keys(files, origin) if cache_dir is not None else {}
    entries: dict[Path, cache.Entry] = {}
    lines: dict[Path, tuple[str, float, str]] = {}
    for file in files:
        begun = time.perf_counter()
        entry = cache.load(cache_dir, keys[file]) if cache_dir is not None else None
        if entry is not None:
            entries[file] = entry
            lines[file] = (entry.slug, time.perf_counter() - begun, "cached")
    problems = spec_clashes([(display_path(file), file.stem) for file in files])
    unrendered: list[Diagnostic] = []
    fresh = [file for file in files if file not in entries]
    warned: list[Diagnostic] = []
    stages: dict[Path, tuple[tuple[str, float], ...]] = {}
    toolchain = cache.toolchain_digest(TEMPLATES_DIR) if cache_dir is not None else ""
    store = cache.Artifacts(cache_dir, toolchain)
    for result in generate_specs(fresh, max(jobs, 1), origin, store) if fresh else []:
        problems.extend(result.problems)
        unrendered.extend(result.unrendered)
        if not result.problems and not result.unrendered:
            entries[result.file] = cache.Entry(
                result.slug, result.files, tuple(d.format() for d in result.warnings), result.uses
            )
            lines[result.file] = (result.slug, result.seconds, "generated")
            stages[result.file] = result.stages
            warned.extend(result.warnings)
    if problems or unrendered:
        return Produced(
            {},
            {},
            lines,
            problems=tuple(problems),
            unrendered=tuple(unrendered),
            keys=keys,
            cache_problem=cache_problem,
            stages=stages,
        )
    entries = {file: entries[file] for file in files}  # spec order
    warnings = tuple(warning for entry in entries.values() for warning in entry.warnings)
    every = dict(sorted((path, text) for entry in entries.values() for path, text in entry.files.items()))
    return Produced(
        every,
        entries,
        lines,
        warnings,
        tuple(warned),
        keys=keys,
        cache_problem=cache_problem,
        stages=stages,
        artifacts=store.pending,
        fresh=frozenset(fresh),
    )


def write_output(
    out: Path, produced: Produced, cache_dir: Path | None = None, on_wait: Callable[[], None] = lambda: None
) -> bool:
    """Replace ``out`` with ``produced`` (``output.writer.write_tree``), then record every
    spec generated now in ``cache_dir`` (its entry and the artifacts the run made) and drop
    entries and artifacts no spec uses, all under the output's lock (``on_wait`` is called
    if another run holds it). Whether anything changed."""
    from .output.writer import Known, locked, with_manifest, write_tree

    with locked(out, on_wait):
        if cache_dir is None or not produced.keys:
            return write_tree(out, produced.files)
        # What the output held when this cache last saw it, so that unchanged files are not read.
        outputs = cache.Artifacts(cache_dir)
        where = str(out.resolve())
        stamps = outputs.get("output", where)
        changed = write_tree(out, produced.files, Known(stamps) if isinstance(stamps, dict) else None)
        seen = Known.of(out.resolve(), with_manifest(produced.files), time.time_ns()).stamps
        if seen != stamps:
            outputs.put("output", where, seen)
        cache.flush(cache_dir, {**produced.artifacts, **outputs.pending})
        for file, entry in produced.entries.items():
            if file in produced.fresh:
                cache.store(cache_dir, produced.keys[file], entry)
        used = {name for entry in produced.entries.values() for name in entry.uses}
        cache.prune(cache_dir, set(produced.keys.values()) | used | {outputs.name("output", where)})
    return changed


def check_output(out: Path, produced: Produced, on_wait: Callable[[], None] = lambda: None) -> str:
    """The diff from ``out`` to ``produced`` ("" when up to date), under the output's lock,
    after recovering the previous output if a generate was killed mid-swap."""
    return compare_output(out, produced, on_wait)[0]


def compare_output(
    out: Path, produced: Produced, on_wait: Callable[[], None] = lambda: None
) -> tuple[str, list[tuple[str, str]]]:
    """``check_output``'s diff and the stale files it covers (``output.writer.stale``)."""
    from .output.writer import diff, locked, recover, stale

    with locked(out, on_wait, create=False):
        recover(out)
        return diff(out, produced.files, label=str(out)), stale(out, produced.files, label=str(out))
