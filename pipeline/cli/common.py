"""What every command shares: the usage error, exit statuses, the --help
layout, reading and extracting articles one at a time, text safe for a
terminal."""
from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path
from typing import Iterator

from ..checks.arithmetic import Finding
from ..io.language import language_note
from ..io.read import REPAIRED, STDIN, Failure, ReadError, articles_in, shown
from ..model import Article, Figure
from ..run.batch import InputError, collect, extract_guarded
from ..run.progress import printable

# Exit statuses, the same for every command (each --help lists its own).
EXIT_OK = 0
EXIT_MISMATCH = 1  # `check`: an article's arithmetic does not hold
EXIT_USAGE = 2  # a bad option or argument, no input, no article at all, an unusable --out
EXIT_SOME_FAILED = 3  # some inputs or articles gave nothing (each reported with its reason)
EXIT_FAILED = 4  # the command could not finish: the engine or the output failed, or a bug
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): 128 + 2
EXIT_TERMINATED = 143  # SIGTERM: 128 + 15

EXIT_MEANINGS = {
    EXIT_OK: "done, every article read and extracted",
    EXIT_MISMATCH: "some article's arithmetic does not hold",
    EXIT_USAGE: "usage error (a bad option, a missing input, no article that could be read)",
    EXIT_SOME_FAILED: "some inputs or articles gave nothing; each is reported with its reason",
    EXIT_FAILED: "the command could not finish (an engine or output failure, or an internal error)",
    EXIT_INTERRUPTED: "interrupted by Ctrl-C",
    EXIT_TERMINATED: "stopped by SIGTERM",
}
# What every command may end with, whatever it does.
EXIT_ALWAYS = (EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED)

STDIN_HELP = "'-' reads one article (text, HTML, or JSON Lines of articles) from standard input"


def exit_statuses(*codes: int, **meanings: str) -> str:
    """The epilog of a command's --help: one line per exit status it may end
    with, and what it means (`meanings` overrides one, keyed `s0`, `s3`...).
    The statuses every command may end with (EXIT_ALWAYS) are always listed."""
    listed = sorted(set(codes) | set(EXIT_ALWAYS))
    return "exit status:\n" + "\n".join(f"  {c:<4} {meanings.get(f's{c}', EXIT_MEANINGS[c])}" for c in listed)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, except that each line of a description or epilog is
    its own paragraph: the exit statuses stand one a line, each wrapped under
    its meaning."""

    _HANGING = re.compile(r"\s*\d+\s+")  # "  130  interrupted ...": wrap under the meaning

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            hanging = self._HANGING.match(line)
            lines.append(textwrap.fill(line, width, initial_indent=indent,
                                       subsequent_indent=indent + " " * (hanging.end() if hanging else 0)))
        return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """Every command's parser: the layout above."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


class CliError(Exception):
    """A usage or input problem reported as one line, exit status 2."""


def dataset_dir(path: str, program: str) -> Path:
    """A dataset directory given by the user (raises CliError when it is none)."""
    dataset = Path(path)
    if not dataset.is_dir() or not any(dataset.glob("part-*.parquet")):
        raise CliError(f"{shown(dataset)}: not a dataset (the directory `{program} extract ... --out DIR` writes)")
    return dataset


def say_skipped(failure: Failure) -> None:
    """One line on stderr for an input that gave nothing, or one extracted
    with a note (repaired, not Vietnamese)."""
    print(printable(failure.said()), file=sys.stderr)


def hint_stdin(inputs: list[str]) -> None:
    """On a terminal, `-` waits for the article to be typed: say how to end it."""
    if STDIN in inputs and sys.stdin.isatty():
        print("reading an article from standard input (end it with Ctrl-D)", file=sys.stderr)


def read_articles(inputs: list[str]) -> tuple[list[Article], list[Failure]]:
    """The articles of the inputs, in input order, and the inputs that gave
    none (each said on stderr, as each repaired article is). No article at
    all is a usage error; when a single input gave none, it says why."""
    hint_stdin(inputs)
    try:
        files, failures = collect(inputs)
    except InputError as exc:
        raise CliError(str(exc)) from None
    articles: list[Article] = []
    for path, file_id in files:
        for item in articles_in(path, file_id):
            if isinstance(item, Failure):
                failures.append(item)
            else:
                articles.append(item)
                if item.repaired:
                    say_skipped(Failure(path, REPAIRED, item.repaired, doc_id=item.doc_id))
    if not articles and len(failures) == 1:
        f = failures[0]
        raise CliError(f"{shown(f.path)}: {f.reason}: {f.message}")
    for failure in failures:
        say_skipped(failure)
    if not articles:
        raise CliError("no article could be read from the inputs")
    return articles, failures


def extract_each(articles: list[Article]) -> Iterator[tuple[Article, list[Figure], list[Finding]] | Failure]:
    """Each article extracted and checked within the time budget, or the
    Failure that says why it could not be (said on stderr too): one article
    never stops a command. A text that does not read as Vietnamese is
    extracted and said on stderr."""
    for article in articles:
        try:
            outcome = extract_guarded(lambda: article)
        except ReadError as exc:
            failure = Failure(Path(article.doc_id), exc.reason, exc.message, doc_id=article.doc_id)
            say_skipped(failure)
            yield failure
            continue
        if note := language_note(article.text):
            say_skipped(Failure(Path(article.doc_id), *note, doc_id=article.doc_id))
        yield outcome
