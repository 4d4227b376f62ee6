"""Command line: `python -m pipeline COMMAND ...` (also installed as `vn-figures`).

Each command lives in its own module of this package with
`register(subparsers)`, which adds its parser and sets `func(args) -> exit
status`; `COMMANDS` lists them in the order `--help` shows.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from ..run.batch import Terminated
from ..run.progress import printable
from . import check, evaluate, export, extract, review, show
from .common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_USAGE, CliError

COMMANDS = (extract, export, evaluate, check, review, show)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn every figure in Vietnamese provincial news reports into a dataset.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except Terminated:
        print("terminated (SIGTERM): the work finished so far is kept", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("interrupted: the work finished so far is kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `... | head` closed the pipe: not an error of ours; silence the
        # interpreter's own flush of stdout at exit
        sys.stdout = open(os.devnull, "w")
        return 0
    except Exception as exc:  # a bug: its own exit status, never check's "mismatch" (1)
        traceback.print_exc()
        print(f"error: internal error ({type(exc).__name__}: {exc}); please report it with the traceback above", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
