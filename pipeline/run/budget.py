"""A time budget per article: one article that takes too long is stopped and
reported (`too_slow`), and the run goes on with the others.

The extractor needs no hook for it. A watchdog thread (one per process)
waits out the budget and then raises `TooSlow` in the thread doing the work,
at its next Python instruction, wherever it is (reading a page, segmenting, any step of the
extraction). This works in the main thread of a process as in a Dask
worker's threads; work inside one long call into a C library is stopped when
that call returns. `TooSlow` is a BaseException, like KeyboardInterrupt, so
that no `except Exception` of the code it stops can swallow it; where it
lands in code Python can only report an exception of (a `__del__`, a
callback of the garbage collector), it is fired again a moment later.
"""
from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import sys
import threading
import time

# A news article is extracted in well under a second; a minute is far past
# any real one (a 300 kB report takes a few seconds), short enough that one
# hostile file does not stall a batch.
DEFAULT_MAX_SECONDS = 60.0



def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    """Make `thread` raise `exc` at its next instruction (None: no longer)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None if exc is None else ctypes.py_object(exc))


class TooSlow(BaseException):
    """The work of a TimeBudget went past its seconds."""


def _raised_again_if_swallowed(unraisable) -> None:
    """sys.unraisablehook while budgets are watched: a TooSlow that Python
    could only report (it landed in a `__del__` or a garbage collector's
    callback, run in the block's thread) is fired again a moment later, once
    this hook has returned, back in the block, which would otherwise run on
    past its budget; anything else goes to the hook there was before."""
    if unraisable.exc_type is not TooSlow or not _WATCHDOG.again(threading.get_ident()):
        _reported(unraisable)


# The hook there was when budgets were first watched (None: not yet).
_reported = None


class TimeBudget:
    """`with TimeBudget(seconds):` raises TooSlow in this thread once the
    block has run `seconds` (None: no limit). Leaving the block in time
    disarms it: TooSlow is raised inside the block or not at all."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False

    def __enter__(self) -> TimeBudget:
        if self.seconds is not None:
            self._thread = threading.get_ident()
            self._armed = True
            _WATCHDOG.watch(self, time.monotonic() + self.seconds)
        return self

    def _fire(self) -> None:
        with self._lock:
            if self._armed:
                self._fired = True
                _raise_in(self._thread, TooSlow)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self.seconds is None:
            return False
        with self._lock:
            self._armed = False
            fired = self._fired
        if fired:
            # Fired as the block ended, or fired again after one was
            # swallowed: an exception may still wait for this thread's next
            # instruction; clear it, and raise here the one the block did not.
            _raise_in(self._thread, None)
            if exc_type is not TooSlow:
                raise TooSlow
        return False


class _Watchdog:
    """One thread per process that waits for the budgets' ends, the nearest
    first, and fires those still armed: a block costs a push on a heap, not
    the start of a thread (a fifth of a millisecond, thrice an article). A
    budget left in time stays on the heap, disarmed, until its end comes or
    the heap has doubled since it was last cleared of such budgets."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._ends: list[tuple[float, int, TimeBudget]] = []
        self._clear_at = _CLEAR_AT
        self._count = itertools.count()  # orders budgets that end at the same time
        self._thread: threading.Thread | None = None
        self._fired: dict[int, TimeBudget] = {}  # by thread, the budget fired last

    def watch(self, budget: TimeBudget, end: float) -> None:
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="time-budget", daemon=True)
                self._thread.start()
            global _reported
            if _reported is None:  # once per process: a hook set later may call this one in turn
                _reported, sys.unraisablehook = sys.unraisablehook, _raised_again_if_swallowed
            if len(self._ends) >= self._clear_at:
                self._ends = [e for e in self._ends if e[2]._armed]
                heapq.heapify(self._ends)
                self._clear_at = max(_CLEAR_AT, 2 * len(self._ends))
            heapq.heappush(self._ends, (end, next(self._count), budget))
            if self._ends[0][2] is budget:
                self._changed.notify()  # it ends before any the thread waits for

    def _run(self) -> None:
        with self._changed:
            while True:
                if not self._ends:
                    self._changed.wait()
                    continue
                end, _, budget = self._ends[0]
                left = end - time.monotonic()
                if left > 0:
                    self._changed.wait(left)
                    continue
                heapq.heappop(self._ends)
                if budget._armed:
                    self._fired[budget._thread] = budget
                budget._fire()

    def again(self, thread: int) -> bool:
        """Fire once more, a moment from now, the budget fired last in
        `thread` if it is still armed (False: there is none)."""
        with self._changed:
            budget = self._fired.pop(thread, None)
        if budget is None or not budget._armed:
            return False
        self.watch(budget, time.monotonic() + _AGAIN_SECONDS)
        return True

    def forked(self) -> None:
        """In a forked child: the thread was not copied; start afresh."""
        self.__init__()


# How many budgets the heap holds before those left in time are cleared from it.
_CLEAR_AT = 256
# How long after a TooSlow was swallowed it is fired again (the hook that saw it has returned).
_AGAIN_SECONDS = 0.01
_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG.forked)
