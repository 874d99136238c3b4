"""A pool of fresh worker processes, for pure work that is worth a process (reading files, rendering PDFs)."""

from __future__ import annotations

import multiprocessing
import os
import sys
import types
from concurrent.futures import ProcessPoolExecutor, wait


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """A started pool of `workers` processes made with 'spawn' (no forked Polars or DuckDB threads).

    A spawned process runs the parent's __main__ script again unless it is guarded by
    `if __name__ == "__main__"`; a caller's script is none of our business, so the workers are started
    (one per submit) while __main__ is a blank module: they import only what they run.
    """
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        started = [pool.submit(os.getpid) for _ in range(workers)]
    finally:
        sys.modules["__main__"] = main
    wait(started)
    return pool
