"""What every command shares: the usage error, exit statuses, reading articles."""
from __future__ import annotations

import sys

from ..io.read import Failure, articles_in
from ..model import Article
from ..run.batch import InputError, collect

EXIT_MISMATCH = 1  # `check`: an article's arithmetic does not hold
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3


class CliError(Exception):
    """A usage or input problem reported as one line, exit status 2."""


def read_articles(inputs: list[str]) -> tuple[list[Article], list[Failure]]:
    """The articles of the inputs, in input order, and the inputs that gave none."""
    try:
        files = collect(inputs)
    except InputError as exc:
        raise CliError(str(exc)) from None
    articles: list[Article] = []
    failures: list[Failure] = []
    for path, file_id in files:
        for item in articles_in(path, file_id):
            (failures if isinstance(item, Failure) else articles).append(item)
    for failure in failures:
        where = f"{failure.path}" + (f" line {failure.line}" if failure.line else "")
        print(f"skipped {where}: {failure.reason}: {failure.message}", file=sys.stderr)
    if not articles:
        raise CliError("no article could be read from the inputs")
    return articles, failures
