"""Command line: `python -m pipeline COMMAND ...` (also installed as `vn-figures`).

Each command lives in its own module of this package with
`register(subparsers)`, which adds its parser and sets `func(args) -> exit
status`; `COMMANDS` lists them in the order `--help` shows. The program
names itself as it was invoked, and a command's mistake is shown with that
command's usage.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from ..run.batch import Terminated
from ..run.progress import printable
from . import check, evaluate, export, extract, report, review, show
from .common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_MEANINGS,
    EXIT_TERMINATED,
    EXIT_USAGE,
    CliError,
    Parser,
    exit_statuses,
)

COMMANDS = (extract, export, evaluate, check, review, report, show)
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def program_name(argv0: str) -> str:
    """`vn-figures` when run as the installed script, `python -m pipeline`
    when run as a module (whose argv[0] is the path of its __main__.py)."""
    path = Path(argv0)
    if path.name == "__main__.py":
        return f"python -m {path.parent.name}"
    return path.name or "python -m pipeline"


def version() -> str:
    """The project's version: pyproject.toml's in a source checkout, else
    the installed package's."""
    if PYPROJECT.is_file():
        import tomllib

        return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    from importlib.metadata import version as installed

    return installed("vn-figures")


def build_parser(prog: str = "python -m pipeline") -> tuple[Parser, dict[str, argparse.ArgumentParser]]:
    """The parser and each command's own parser, by name."""
    parser = Parser(
        prog=prog,
        description="Turn every figure in Vietnamese provincial news reports into a dataset. "
                    f"Run `{prog} COMMAND --help` for what each command does and its options.",
        epilog=exit_statuses(*EXIT_MEANINGS, s1="check only: some article's arithmetic does not hold"),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser, dict(sub.choices)


def main(argv: list[str] | None = None) -> int:
    parser, commands = build_parser(program_name(sys.argv[0]))
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # an option the command does not take: its usage, not the program's
        commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    args.program = parser.prog
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
