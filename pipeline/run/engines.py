"""Where articles are extracted: this process, a pool of processes, or a Dask cluster.

Every engine maps a function over chunks of work and yields the results in
the order of the chunks, with a bounded number of chunks in flight, so that
the rows come out the same whatever the engine and memory stays flat however
many articles there are.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator


class EngineError(Exception):
    """An engine that cannot start or lost its workers."""


def _ordered(submit: Callable, chunks: Iterable, window: int) -> Iterator:
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _start_worker(parent: int) -> None:
    """In a worker: exit when the run that started it is killed, instead of
    waiting forever on a queue nobody writes to; and die on SIGTERM, whose
    handler the fork copied from the run (the run alone flushes the dataset)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class InProcess:
    def map(self, fn: Callable, chunks: Iterable) -> Iterator:
        return map(fn, chunks)

    def close(self, now: bool = False) -> None:
        pass


class ProcessPool:
    """`jobs` worker processes on this machine."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable, chunks: Iterable) -> Iterator:
        chunks = iter(chunks)
        # The first chunk runs here: it loads the models and rules once, and
        # forked workers then share them instead of each loading its own.
        for first in chunks:
            yield fn(first)
            break
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
        yield from _ordered(lambda chunk: self.pool.submit(fn, chunk), chunks, 4 * self.jobs)

    def close(self, now: bool = False) -> None:
        """Wait for the workers; `now` (the run was interrupted): stop them at
        once, since the work they hold is not written anyway."""
        if self.pool is None:
            return
        if now:
            for process in list(self.pool._processes.values()):  # the executor has no public way to stop them
                process.terminate()
        self.pool.shutdown(wait=not now, cancel_futures=True)


class DaskEngine:
    """An existing Dask cluster at `scheduler`, or a local one with `jobs` workers."""

    def __init__(self, scheduler: str | None, jobs: int):
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                # The scheduler's web server always starts: a free loopback
                # port keeps it private and off the 8787 another cluster may hold.
                self.cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True,
                    dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
        except Exception as exc:  # distributed raises OSError, TimeoutError or RuntimeError
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise EngineError(f"cannot reach {where}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable, chunks: Iterable) -> Iterator:
        return _ordered(lambda chunk: self.client.submit(fn, chunk, pure=False), chunks, 4 * self.workers)

    def close(self, now: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(engine: str, jobs: int, scheduler: str | None = None):
    if engine == "dask":
        return DaskEngine(scheduler, jobs)
    return ProcessPool(jobs) if jobs > 1 else InProcess()
