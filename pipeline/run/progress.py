"""Progress of a run: a bar on a terminal, plain periodic lines in CI and logs."""
from __future__ import annotations

import os
import sys
import time

import regex
from tqdm import tqdm

# Control characters (ESC and the rest of C0, DEL, C1) and the marks that
# reorder a line: on a terminal they would act instead of showing.
_UNPRINTABLE = regex.compile(r"[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` for a terminal: each control character shown as its escape
    (`\\x1b`) instead of acting on the screen (a file name may hold any)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _eta(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    """Counts things done out of `total` (articles of `extract`, by default);
    `note` prints a line without breaking the bar."""

    def __init__(self, total: int, enabled: bool = True, every: float = 10.0, stream=None,
                 task: str = "extract", things: str = "articles"):
        self.task, self.things = task, things
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.every = every
        self.enabled = enabled and total > 0
        self.start = self._last = time.monotonic()
        terminal = self.stream.isatty() and not os.environ.get("CI")
        self.bar = (tqdm(total=total, unit=things[:3], desc=None if task == "extract" else task, file=self.stream,
                         dynamic_ncols=True) if self.enabled and terminal else None)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.enabled and time.monotonic() - self._last >= self.every:
            self._last = time.monotonic()
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def line(self) -> str:
        elapsed = time.monotonic() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = f", about {_eta((self.total - self.done) / rate)} left" if rate > 0 else ""
        return f"{self.task}: {self.done}/{self.total} {self.things} ({100 * self.done // self.total}%), {rate:.1f}/s{left}"

    def note(self, message: str) -> None:
        message = printable(message)
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        else:
            self.stream.write(message + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
