"""The Ray engine: the local engine's per-document checks as Ray Data map tasks.

The driver (this process) discovers the corpus and cuts it into the same small reading tasks
as the local engine (file lists, byte ranges of JSONL files). Each task, pickled, becomes one
row of a Ray Data dataset, numbered in document order; a pool of Ray actors, each holding one
Checker, reads the task's documents where they are stored and sends back only their
DocResults (findings, metrics, corpus features: never the text). The driver takes the rows
back in order and feeds them to RunAssembler, which runs the corpus phase, the expectation
suites and the fingerprints exactly as the local engine does, so both engines
report the same findings. The near-duplicate search inside that reduce is spread over the
cluster by band: the signatures go to Ray's object store once, and each LSH band's buckets
are formed by a Ray task (corpus.minhash.bands_mapped_by). The CLI writes the reports.

Ray is an optional extra (`pip install 'corpus-qa[ray]'`) and is imported only here.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from corpus_qa.config import Config
from corpus_qa.corpus.minhash import bands_mapped_by
from corpus_qa.engine.assemble import RunAssembler
from corpus_qa.engine.cache import ResultCache
from corpus_qa.engine.checker import Checker, DocResult
from corpus_qa.engine.local import ProgressCallback
from corpus_qa.run_result import RunResult
from corpus_qa.sources import Discovered, Task, iter_tasks

if TYPE_CHECKING:
    import pyarrow

__all__ = ["run", "RayEngineError"]


# A window of tasks is one Ray Data dataset. Tasks that name a location (files, byte ranges
# of a JSONL file) are ~200 bytes, so one window covers gigabytes of corpus; tasks that carry
# their text (gzip lines, Parquet rows) fill the byte limit first, which bounds what the
# driver puts into the object store at a time.
_WINDOW_TASKS = 20_000
_WINDOW_BYTES = 256 * 1024 * 1024
# Ray Data hands work to actors a block at a time and, keeping order, gives results back a
# block at a time: many small blocks balance the load and keep the driver fed; each block
# costs some scheduling.
_BLOCKS_PER_ACTOR = 32


class RayEngineError(Exception):
    """Ray is missing or the cluster cannot be reached (exit 2 with one line)."""


def _import_ray():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RayEngineError("--engine ray needs Ray: pip install 'corpus-qa[ray]'") from None
    return ray


def _connect(ray, address: str | None, num_cpus: int, verbose: bool) -> bool:
    """Join the cluster at `address` (or $RAY_ADDRESS, as `ray job submit` sets it), or start
    a local instance with `num_cpus` CPUs. True when this call connected, so the run must call
    ray.shutdown(): that stops a local instance and only disconnects from a cluster."""
    if ray.is_initialized():
        return False  # the caller (a test, a notebook) already connected
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.INFO if verbose else logging.ERROR,  # Ray's notices only with -v
        "log_to_driver": verbose,
    }
    try:
        if address or os.environ.get("RAY_ADDRESS"):
            ray.init(address=address, **options)
        else:  # "local": a new instance, even when `ray start` left a cluster running here
            ray.init(address="local", num_cpus=num_cpus, **options)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = address or os.environ.get("RAY_ADDRESS") or "a local instance"
        raise RayEngineError(f"cannot start or join Ray ({where}): {error}") from None
    return True


def _windows(tasks: Iterable[Task]) -> Iterator[list[dict[str, Any]]]:
    """Rows {"seq": document-order number, "task": pickled task}, a window at a time."""
    window: list[dict[str, Any]] = []
    size = 0
    for seq, task in enumerate(tasks):
        blob = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        window.append({"seq": seq, "task": blob})
        size += len(blob)
        if len(window) >= _WINDOW_TASKS or size >= _WINDOW_BYTES:
            yield window
            window, size = [], 0
    if window:
        yield window


class _CheckTasks:
    """A Ray actor's work: read each task's documents where they are stored and check them."""

    def __init__(self, config: Config, verbose: bool, cache_dir: str | None, ruleset: str, cwd: str):
        # Paths are as the user gave them (they are part of each result: `source`, per-path
        # ignores); relative ones mean the driver's working directory, where it exists here.
        if os.path.isdir(cwd):
            os.chdir(cwd)
        self.config, self.verbose, self.cache_dir, self.ruleset = config, verbose, cache_dir, ruleset
        self.options = config.sources
        self.local = threading.local()

    def _checker(self) -> Checker:
        """Ray calls an actor from other threads than the one that built it, and a SQLite
        connection serves only the thread that opened it: one Checker per calling thread."""
        checker = getattr(self.local, "checker", None)
        if checker is None:
            cache = ResultCache(self.cache_dir, self.ruleset, writable=False) if self.cache_dir else None
            checker = self.local.checker = Checker(self.config, self.verbose, cache)
        return checker

    def __call__(self, batch: "pyarrow.Table") -> "pyarrow.Table":
        import pyarrow as pa

        checker = self._checker()
        seqs, sizes, blobs = [], [], []
        for seq, blob in zip(batch.column("seq").to_pylist(), batch.column("task").to_pylist()):
            task = pickle.loads(blob)
            results = checker.run_task(task, self.options)
            seqs.append(seq)
            sizes.append(task.size())
            blobs.append(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        return pa.table({
            "seq": pa.array(seqs, pa.int64()),
            "size": pa.array(sizes, pa.int64()),
            "results": pa.array(blobs, pa.large_binary()),
        })


def _in_order(rows: Iterable[tuple[int, int, bytes]], first: int, count: int) -> Iterator[tuple[int, bytes]]:
    """(size, pickled results) of tasks first .. first+count-1 in that order, whatever order
    the rows arrive in (Ray Data keeps it: preserve_order; this only makes sure)."""
    waiting: dict[int, tuple[int, bytes]] = {}
    expected = first
    for seq, size, blob in rows:
        waiting[seq] = (size, blob)
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
    if expected != first + count or waiting:
        raise RayEngineError(f"Ray Data returned no result for reading task {expected} (of {first}..{first + count - 1})")


def _rows(dataset) -> Iterator[tuple[int, int, bytes]]:
    for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=2):
        yield from zip(batch.column("seq").to_pylist(), batch.column("size").to_pylist(),
                       batch.column("results").to_pylist())


def _results(ray, tasks: Iterable[Task], actors: int, actor_args: tuple) -> Iterator[tuple[int, list[DocResult]]]:
    for window in _windows(tasks):
        pool = min(actors, len(window))  # a small corpus does not start idle actors
        blocks = min(len(window), pool * _BLOCKS_PER_ACTOR)
        dataset = ray.data.from_items(window, override_num_blocks=blocks).map_batches(
            _CheckTasks,
            fn_constructor_args=actor_args,
            batch_size=1,  # one reading task (up to ~1 MiB of text or 16 files) per call
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=pool),
            num_cpus=1,
        )
        for size, blob in _in_order(_rows(dataset), window[0]["seq"], len(window)):
            yield size, pickle.loads(blob)


def run(
    found: Discovered,
    config: Config,
    *,
    address: str | None = None,
    jobs: int = 0,
    verbose: bool = False,
    progress: ProgressCallback | None = None,
    cache_dir: str | None = None,
    report_only: Callable[[dict[str, Any]], bool] | None = None,
) -> RunResult:
    """Check every document on Ray Data, then run the corpus phase and the expectation suites
    in this process (see RunAssembler); the same arguments and result as engine.local.run.

    `address`: join this Ray cluster ("auto", "HOST:6379", "ray://HOST:10001"); without it,
    $RAY_ADDRESS, else a local Ray instance with `jobs` CPUs (default: all cores), started
    here and stopped at the end. `jobs`: actors checking documents (default: every CPU of the
    cluster). Raises RayEngineError when Ray is missing or unreachable, SuiteError (before
    Ray starts) when a configured suite is unusable.
    """
    from corpus_qa.engine.local import resolve_jobs

    ray = _import_ray()
    requested = jobs or config.jobs
    assembler = RunAssembler(config, found, verbose=verbose, cache_dir=cache_dir, jobs=1)  # a broken suite fails here
    unchanged = assembler.unchanged_run()
    if unchanged is not None:  # no file changed since the last run: Ray has nothing to do
        return assembler.result(*unchanged, report_only)
    started_here = _connect(ray, address, resolve_jobs(requested), verbose)
    data_context = ray.data.DataContext.get_current()
    saved = (data_context.execution_options.preserve_order, data_context.enable_progress_bars,
             data_context.print_on_execution_start)
    data_logger = logging.getLogger("ray.data")
    saved_level = data_logger.level
    try:
        # rows come back in dataset order (_in_order copes if they did not); our own progress
        # bar, not Ray's
        data_context.execution_options.preserve_order = True
        data_context.enable_progress_bars = verbose and progress is None
        data_context.print_on_execution_start = verbose
        if not verbose:
            data_logger.setLevel(logging.ERROR)
        actors = requested if requested > 0 else max(1, int(ray.cluster_resources().get("CPU", 1)))
        assembler.jobs = actors
        assembler.prepare_in_background()  # Ray's processes are started (exec'd, not forked) by now
        # Workers read the result cache where it is on this machine's disk: on a local Ray
        # instance. Elsewhere they check every document (SQLite is not for network file
        # systems); the driver still stores fresh results for the next run.
        joined = bool(address or os.environ.get("RAY_ADDRESS"))
        cache = str(Path(cache_dir).resolve()) if cache_dir and not joined else None
        actor_args = (config, verbose, cache, assembler.ruleset, os.getcwd())
        tasks = iter_tasks(found, config.sources, assembler.files.recorded_keys if cache else None)
        done_bytes = 0
        for size, results in _results(ray, tasks, actors, actor_args):
            for result in results:
                assembler.add(result)
            done_bytes += size
            if progress:
                progress(done_bytes, assembler.document_count)
        with bands_mapped_by(_band_mapper(ray)):
            return assembler.result(*assembler.assemble(), report_only)
    except ray.exceptions.RayError as error:  # a worker died, the cluster went away ...
        raise RayEngineError(f"the run on Ray failed: {error}") from error
    finally:
        data_logger.setLevel(saved_level)
        (data_context.execution_options.preserve_order, data_context.enable_progress_bars,
         data_context.print_on_execution_start) = saved
        if started_here:
            ray.shutdown()


def _band_mapper(ray):
    """Run each LSH band of the duplicate search as a Ray task on signatures shared through
    the object store (see corpus.minhash.candidate_pairs)."""
    band_task = ray.remote(num_cpus=1)(_one_band)

    def mapper(band_pairs, signatures, bands: int, rows: int):
        shared = ray.put(signatures)
        return ray.get([band_task.remote(band_pairs, shared, band, rows) for band in range(bands)])

    return mapper


def _one_band(band_pairs, signatures, band: int, rows: int):
    return band_pairs(signatures, band, rows)
