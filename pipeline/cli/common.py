"""What every command shares: the usage error, exit statuses, reading and
extracting articles one at a time, text safe for a terminal."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

from ..checks.arithmetic import Finding
from ..io.read import REPAIRED, Failure, ReadError, articles_in
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


def exit_statuses(*codes: int, **meanings: str) -> str:
    """The epilog of a command's --help: what each of its exit statuses
    means (`meanings` overrides one, keyed `s0`, `s3`...)."""
    return "exit status: " + "; ".join(f"{c} {meanings.get(f's{c}', EXIT_MEANINGS[c])}" for c in codes) + "."


class CliError(Exception):
    """A usage or input problem reported as one line, exit status 2."""


def say_skipped(failure: Failure) -> None:
    """One line on stderr for an input that gave nothing, or one repaired."""
    print(printable(failure.said()), file=sys.stderr)


def read_articles(inputs: list[str]) -> tuple[list[Article], list[Failure]]:
    """The articles of the inputs, in input order, and the inputs that gave
    none (each said on stderr, as each repaired article is)."""
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
    for failure in failures:
        say_skipped(failure)
    if not articles:
        raise CliError("no article could be read from the inputs")
    return articles, failures


def extract_each(articles: list[Article]) -> Iterator[tuple[Article, list[Figure], list[Finding]] | Failure]:
    """Each article extracted and checked within the time budget, or the
    Failure that says why it could not be (said on stderr too): one article
    never stops a command."""
    for article in articles:
        try:
            yield extract_guarded(lambda: article)
        except ReadError as exc:
            failure = Failure(Path(article.doc_id), exc.reason, exc.message, doc_id=article.doc_id)
            say_skipped(failure)
            yield failure
