"""A time budget per article: one article that takes too long is stopped and
reported (`too_slow`), and the run goes on with the others.

The extractor needs no hook for it. A watchdog thread waits out the budget
and then raises `TooSlow` in the thread doing the work, at its next Python
instruction, wherever it is (reading a page, segmenting, any step of the
extraction). This works in the main thread of a process as in a Dask
worker's threads; work inside one long call into a C library is stopped when
that call returns. `TooSlow` is a BaseException, like KeyboardInterrupt, so
that no `except Exception` of the code it stops can swallow it.
"""
from __future__ import annotations

import ctypes
import threading

# A news article is extracted in well under a second; a minute is far past
# any real one (a 300 kB report takes a few seconds), short enough that one
# hostile file does not stall a batch.
DEFAULT_MAX_SECONDS = 60.0



def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    """Make `thread` raise `exc` at its next instruction (None: no longer)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None if exc is None else ctypes.py_object(exc))


class TooSlow(BaseException):
    """The work of a TimeBudget went past its seconds."""


class TimeBudget:
    """`with TimeBudget(seconds):` raises TooSlow in this thread once the
    block has run `seconds` (None: no limit). Leaving the block in time
    disarms it: TooSlow is raised inside the block or not at all."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> TimeBudget:
        if self.seconds is not None:
            self._thread = threading.get_ident()
            self._armed = True
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _fire(self) -> None:
        with self._lock:
            if self._armed:
                self._fired = True
                _raise_in(self._thread, TooSlow)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self._timer is None:
            return False
        self._timer.cancel()
        with self._lock:
            self._armed = False
            fired = self._fired
        if fired and exc_type is not TooSlow:
            # Fired as the block ended: the exception may still wait for this
            # thread's next instruction; clear it and raise it here instead.
            _raise_in(self._thread, None)
            raise TooSlow
        return False
