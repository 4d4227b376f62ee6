"""`python -m pipeline COMMAND ...` and the installed `vn-figures` script.

Once the command is done and its output written, the process exits without
freeing its memory object by object: 0.1 s of every run.
"""
from __future__ import annotations

import os
import sys
import threading

from .cli import main


def run() -> None:
    _exit(main())


def _exit(status: int) -> None:
    """Exit with `status`: at once when nothing is left to finish (the
    standard streams flushed, no child process, no thread but daemons),
    else as usual. The dataset and every file are closed by then; only the
    interpreter's teardown of its heap is skipped."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None where the stream was closed before the start (`>&-`)
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    children = "multiprocessing" in sys.modules and sys.modules["multiprocessing"].active_children()
    threads = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if children or threads:
        sys.exit(status)
    os._exit(status)


if __name__ == "__main__":
    run()
