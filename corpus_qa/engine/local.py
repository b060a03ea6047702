"""The local engine: a process pool over reading tasks.

Workers read and check documents and send back DocResults (findings, metrics, corpus
features: never the text), in task order; RunAssembler does the rest in the main process.
With the result cache, unchanged files (engine.unchanged) are not read at all: those the
cache's file table has make the workers fetch the stored results (CachedFilesTask), and those
the last snapshot has take their documents and findings from it in the main process.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from typing import Any, Callable, Iterable, Iterator

from corpus_qa.config import Config
from corpus_qa.engine.assemble import RunAssembler
from corpus_qa.engine.cache import ResultCache
from corpus_qa.engine.checker import Checker, DocResult
from corpus_qa.engine.snapshot import SnapshotRange
from corpus_qa.run_result import RunResult
from corpus_qa.sources import Discovered, Task, iter_tasks

__all__ = ["run", "resolve_jobs"]

ProgressCallback = Callable[[int, int], None]  # (bytes done, documents done)
_TASKS_IN_FLIGHT_PER_JOB = 4
_READ_IN_PROCESS = 1 << 20  # bytes of files to read (about 300 news articles) that workers would not speed up
_END = object()
_EXIT_INTERRUPTED = 130  # as the command line exits on Ctrl-C


_worker_checker: Checker | None = None
_worker_options = None


def _init_worker(config: Config, verbose: bool, cache_dir: str | None, ruleset: str) -> None:
    global _worker_checker, _worker_options
    cache = ResultCache(cache_dir, ruleset, writable=False) if cache_dir else None
    _worker_checker = Checker(config, verbose, cache)
    _worker_options = config.sources


def _init_pool_worker(*init_args) -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool (see _outcomes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(*init_args)


def _run_task(task: Task) -> tuple[int, list[DocResult]]:
    assert _worker_checker is not None
    return task.size(), _worker_checker.run_task(task, _worker_options)


def resolve_jobs(requested: int) -> int:
    """Worker processes for `requested` (0: one per core), never more than the cores this
    process may run on: more only add memory and start-up time (and 100,000 of them would
    exhaust the machine's processes)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(requested, cores) if requested > 0 else cores


def _outcomes(
    items: Iterable[Task | SnapshotRange], jobs: int, init_args: tuple, on_started: Callable[[], None]
) -> Iterator[SnapshotRange | tuple[int, list[DocResult]]]:
    """In document order: each task's (bytes read, results), and the SnapshotRanges between
    them as they are (the main process takes those while the workers read). jobs=0: no
    workers, the main process reads."""
    if jobs == 0:
        _init_worker(*init_args)
        on_started()
        for item in items:
            yield item if isinstance(item, SnapshotRange) else _run_task(item)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    # Pool.imap pulls tasks as fast as it can; tasks read from gzip or Parquet carry their text,
    # so a semaphore keeps only a few per worker in flight and memory flat on any corpus size.
    in_flight = threading.BoundedSemaphore(jobs * _TASKS_IN_FLIGHT_PER_JOB)
    order: queue.SimpleQueue = queue.SimpleQueue()  # SnapshotRange, None for a task, or _END
    stopped = threading.Event()  # set when the run ends early (Ctrl-C, an error): stop feeding

    def tasks() -> Iterator[Task]:  # runs in the pool's feeding thread
        try:
            for item in items:
                if isinstance(item, SnapshotRange):
                    order.put(item)
                    continue
                # a bounded wait: Pool.terminate() joins this thread, which must not block forever
                while not in_flight.acquire(timeout=0.1):
                    if stopped.is_set():
                        return
                if stopped.is_set():
                    return
                order.put(None)
                yield item
        finally:
            order.put(_END)

    with context.Pool(jobs, initializer=_init_pool_worker, initargs=init_args) as pool:
        try:
            # imap keeps task order, so output order never depends on which worker was faster
            outcomes = pool.imap(_run_task, tasks(), chunksize=1)
            on_started()  # every worker is forked: the main process may start threads now
            while (item := order.get()) is not _END:
                if item is None:
                    outcome = next(outcomes)
                    in_flight.release()
                    yield outcome
                else:
                    yield item
            next(outcomes, None)  # raises what went wrong while the tasks were made, if anything
        except BaseException:
            stopped.set()  # before the pool's exit terminates the workers and joins the feeder
            raise


def _save_interrupted(assembler: RunAssembler) -> None:
    """Store what a run stopped by Ctrl-C has checked; a second Ctrl-C meanwhile ends the
    process at once rather than leave it half-stopped."""
    if threading.current_thread() is not threading.main_thread():  # only there can signals be handled
        assembler.save_interrupted()
        return
    previous = signal.signal(signal.SIGINT, lambda *_: os._exit(_EXIT_INTERRUPTED))
    try:
        assembler.save_interrupted()
    finally:
        signal.signal(signal.SIGINT, previous)


def run(
    found: Discovered,
    config: Config,
    *,
    jobs: int = 0,
    verbose: bool = False,
    progress: ProgressCallback | None = None,
    cache_dir: str | None = None,
    report_only: Callable[[dict[str, Any]], bool] | None = None,
) -> RunResult:
    """Check every document on a local process pool, then run the corpus phase and the
    expectation suites (see RunAssembler).

    `cache_dir`: reuse and store per-document results there (content-hash cache).
    `report_only`: keep only the findings of documents it accepts (changed-only checks);
    every document still takes part in the corpus-wide phase.
    Raises SuiteError (before any document is read) when a configured suite is unusable.
    """
    jobs = resolve_jobs(jobs or config.jobs)
    assembler = RunAssembler(config, found, verbose=verbose, cache_dir=cache_dir, jobs=jobs)
    unchanged = assembler.unchanged_run()
    if unchanged is not None:
        if progress:
            progress(found.total_bytes, len(unchanged[0]))
        return assembler.result(*unchanged, report_only)
    cache_dir = assembler.cache_dir  # None when the cache could not be used
    init_args = (config, verbose, cache_dir, assembler.ruleset)
    files = assembler.files
    # files unchanged since the last snapshot take their documents from it, in order
    in_snapshot = files.snapshot_range if cache_dir and assembler.use_snapshot() else None
    items = iter_tasks(found, config.sources, files.recorded_keys if cache_dir else None, in_snapshot)
    # little to read when (nearly) every file is unchanged: the main process reads it in less
    # time than starting workers takes, unless it has the snapshot to decode meanwhile
    to_read = files.bytes_to_read() if cache_dir else found.total_bytes
    if to_read == 0 or jobs == 1:
        workers = 0
    elif to_read <= min(_READ_IN_PROCESS, found.total_bytes - 1):
        workers = 1 if in_snapshot is not None else 0
    else:
        workers = jobs
    done_bytes = 0
    try:
        for outcome in _outcomes(items, workers, init_args, assembler.prepare_in_background):
            if isinstance(outcome, SnapshotRange):
                assembler.add_from_snapshot(outcome)
                continue
            size, results = outcome
            for result in results:
                assembler.add(result)
            done_bytes += size
            if progress:
                progress(done_bytes, assembler.document_count)
    except KeyboardInterrupt:
        _save_interrupted(assembler)
        raise
    if progress:
        progress(found.total_bytes, assembler.document_count)
    return assembler.result(*assembler.assemble(), report_only)


