"""A batch run: input folders -> articles new or changed -> engine -> dataset and errors file.

A run scans every input file, keys each article by its bytes and the
extractor's code and rules, extracts only the articles whose key the dataset
does not hold yet, and writes their rows as they come, in input order. No
input stops the run: a file or folder that cannot be read, an article over
the size or time budget, an extractor error on one article are each reported
with their reason in the errors file, and the run goes on. SIGTERM (what a
scheduler or `docker stop` sends) ends it as Ctrl-C does, keeping every
article finished so far.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, TypeVar

import pyarrow as pa

from .. import rules
from ..checks.arithmetic import Finding
from ..extract import document_figures, extract_document, read_meaning, sentences_with_words_to_find
from ..io.articles import article_record
from ..io.dataset import Dataset, errors_path
from ..io.language import language_note
from ..io.read import (
    DEFAULT_MAX_BYTES,
    KIND_OF_SUFFIX,
    REPAIRED,
    STDIN,
    STDIN_ID,
    Entry,
    Failure,
    ReadError,
    digest,
    is_stdin,
    load_article,
    scan,
    shown,
)
from ..io.write import arrow_without_pandas, figures_table
from ..meaning.indicator import sentences_to_read
from ..model import Article, Document, Figure
from ..text.document import build_document
from ..text.words import forget_models, forget_words, segment_together, segment_untagged
from .budget import DEFAULT_MAX_SECONDS, TimeBudget, TooSlow
from .engines import EngineError, make_engine
from .progress import Progress

CHUNK = 4  # articles sent to a worker at once: enough to hide the hand-over
MAX_NOTES = 20  # failures printed on the terminal; all go to the errors file


class InputError(Exception):
    """An input path that does not exist or holds no article file."""


class OutputError(Exception):
    """The errors file of a run cannot be written (the dataset is complete)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM: the run stops as on Ctrl-C, keeping what is finished."""


@dataclass
class RunConfig:
    inputs: list[str]
    out: Path
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_seconds: float | None = DEFAULT_MAX_SECONDS  # per article; None: no limit
    part_size: int = 500
    prune: bool = False
    progress: bool = True
    rules: rules.Rules = field(default_factory=rules.default_rules)


@dataclass
class RunReport:
    found: int = 0
    unchanged: int = 0
    duplicates: int = 0  # new articles whose content the dataset holds under another doc_id
    extracted: int = 0
    removed: int = 0
    figures: int = 0
    failures: list[Failure] = field(default_factory=list)  # inputs that gave no article
    # Articles extracted and listed all the same: damaged bytes mended
    # (repaired), or a text that does not read as Vietnamese.
    noted: list[Failure] = field(default_factory=list)
    dataset_articles: int = 0
    dataset_figures: int = 0
    seconds: float = 0.0


def collect(inputs: Iterable[str], exclude: Iterable[Path] = ()) -> tuple[list[tuple[Path, str]], list[Failure]]:
    """Input files with their doc_id (the path relative to the folder given,
    or the file's name; `stdin` for `-`, standard input), and the folders that
    could not be listed: each such Failure's doc_id is the prefix of every
    doc_id the folder would give (`thang10/`), so that nothing of it is taken
    for removed."""
    skip = {os.path.realpath(p) for p in exclude}
    files: list[tuple[Path, str]] = []
    unlisted: list[Failure] = []
    for name in inputs:
        if name == STDIN:
            files.append((Path(STDIN), STDIN_ID))
            continue
        top = Path(name)
        if not top.is_dir():
            if not top.exists() and not top.is_symlink():
                raise InputError(f"{shown(name)}: no such file or folder")
            files.append((top, shown(top.name)))
            continue
        listed_before = len(unlisted)

        def unreadable(exc: OSError, top: Path = top) -> None:
            folder = Path(exc.filename or top)
            prefix = "" if folder == top else shown(folder.relative_to(top).as_posix()) + "/"
            unlisted.append(Failure(folder, "unreadable", f"folder not read: {exc.strerror or exc}", doc_id=prefix))

        found = []
        for folder, dirs, names in os.walk(top, onerror=unreadable):
            here = Path(folder)
            dirs[:] = [d for d in dirs if not d.startswith(".") and os.path.realpath(here / d) not in skip]
            found += [
                here / n for n in names
                if not n.startswith(".") and Path(n).suffix.lower() in KIND_OF_SUFFIX and os.path.realpath(here / n) not in skip
            ]
        if not found and len(unlisted) == listed_before:
            suffixes = ", ".join(sorted(KIND_OF_SUFFIX))
            raise InputError(f"{shown(name)}: no article files ({suffixes}) in this folder")
        files += sorted(((p, shown(p.relative_to(top).as_posix())) for p in found), key=lambda f: f[1])
    return files, unlisted


# The packages whose code decides the rows; commands, runs and reports do not.
_EXTRACTOR_CODE = ("model.py", "extract.py", "rules.py", "text", "figures", "meaning", "checks")
# Libraries whose models decide the words the rules read.
_EXTRACTOR_LIBRARIES = ("underthesea", "underthesea_core")


def fingerprint(r: rules.Rules | None = None) -> str:
    """Changes with the extractor's code, its rules or the version of a library
    whose models it reads, so that a new version redoes old rows."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=16)
    code = []
    for name in _EXTRACTOR_CODE:
        path = package / name
        code += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in code:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update((r or rules.default_rules()).fingerprint().encode())
    for library in _EXTRACTOR_LIBRARIES:
        try:
            h.update(f"{library}=={version(library)}".encode())
        except PackageNotFoundError:
            h.update(f"{library} missing".encode())
    return h.hexdigest()


def extract_guarded(
    load: Callable[[], Article], r: rules.Rules | None = None, max_seconds: float | None = DEFAULT_MAX_SECONDS
) -> tuple[Article, list[Figure], list[Finding]]:
    """Read an article (`load()`) and extract and check it within the time
    budget. Whatever goes wrong with this one article raises ReadError with
    its reason: the reader's own, `too_slow`, or `extract_error` (a bug of the
    extractor on this text, which must not stop a run of thousands)."""
    doc, figures, findings = _guarded(lambda: extract_document(load(), r), max_seconds)
    return doc.article, figures, findings


_T = TypeVar("_T")


def _guarded(work: Callable[[], _T], max_seconds: float | None, spent: float = 0.0) -> _T:
    """`work()` of one article within what is left of its time budget after
    `spent` seconds; whatever goes wrong, a ReadError."""
    try:
        with TimeBudget(None if max_seconds is None else max(max_seconds - spent, 0.0)):
            return work()
    except ReadError:
        raise
    except TooSlow:
        raise ReadError("too_slow", f"not done after {max_seconds:g} s, the time budget of one article") from None
    except Exception as exc:
        raise _extract_error(exc) from None


def _extract_error(exc: Exception) -> ReadError:
    return ReadError("extract_error", f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Done:
    """An article extracted by a worker: its rows are the next `rows` of the chunk's table."""

    doc_id: str
    key: str
    rows: int
    article: dict  # its row of the articles table
    notes: tuple[Failure, ...] = ()  # repaired, not Vietnamese


# A worker's compiled rules, by fingerprint: each chunk brings its own copy
# of the rules' files, compiled only the first time.
_WORKER_RULES: dict[str, rules.Rules] = {}


def extract_chunk(
    r: rules.Rules, max_seconds: float | None, chunk: list[tuple[Entry, bytes, str]]
) -> tuple[list[Done | Failure], pa.Table]:
    """Extract a few articles: per article a Done or a Failure, and all rows."""
    r = _WORKER_RULES.setdefault(r.fingerprint(), r)
    arrow_without_pandas()
    # Each article's document first; then the sentences whose figures are
    # found with words, segmented in one pass; then each article's figures;
    # then the sentences the chunk's meaning steps will read, segmented in
    # one pass; then each article's meaning.
    built: list[_InChunk | Failure] = []
    for entry, raw, key in chunk:
        started = time.monotonic()
        try:
            doc, with_words = _guarded(lambda: _document_of(load_article(entry, raw), r), max_seconds)
        except ReadError as exc:
            built.append(_failure(entry, exc.reason, exc.message))
            continue
        built.append(_InChunk(entry, key, raw, doc, with_words, time.monotonic() - started))
    _in_one_pass(segment_untagged, [item.with_words for item in built if isinstance(item, _InChunk)], max_seconds)
    found: list[_InChunk | Failure] = []
    for item in built:
        if isinstance(item, Failure):
            found.append(item)
            continue
        started = time.monotonic()
        try:
            doc, figures = _guarded(lambda: document_figures(item.doc, item.with_words), max_seconds, item.spent)
        except ReadError as exc:
            found.append(_failure(item.entry, exc.reason, exc.message))
            continue
        found.append(item._replace(doc=doc, figures=figures, spent=item.spent + time.monotonic() - started))
    to_read = [sentences_to_read(item.doc, item.figures) for item in found if isinstance(item, _InChunk)]
    _in_one_pass(segment_together, to_read, max_seconds)
    outcomes: list[Done | Failure | None] = []
    read: list[tuple[int, Entry, str, Article, dict, list[Figure]]] = []  # where its outcome goes, and its figures
    for item in found:
        if isinstance(item, Failure):
            outcomes.append(item)
            continue
        entry, key = item.entry, item.key
        try:
            doc, figures, _ = _guarded(lambda: read_meaning(item.doc, item.figures), max_seconds, item.spent)
            record = article_record(doc, figures, digest(item.raw))
        except ReadError as exc:
            outcomes.append(_failure(entry, exc.reason, exc.message))
            continue
        read.append((len(outcomes), entry, key, doc.article, record, figures))
        outcomes.append(None)
    table, refused = _chunk_table([figures for *_, figures in read])
    for k, (at, entry, key, article, record, figures) in enumerate(read):
        if k in refused:  # a row the schema refuses: this article's failure, not the run's
            error = _extract_error(refused[k])
            outcomes[at] = _failure(entry, error.reason, error.message)
            continue
        notes = [(REPAIRED, article.repaired)] if article.repaired else []
        notes += filter(None, [language_note(article.text, r)])
        outcomes[at] = Done(entry.doc_id, key, len(figures), record, tuple(_failure(entry, *n) for n in notes))
    return outcomes, table


def _chunk_table(figures_of_articles: list[list[Figure]]) -> tuple[pa.Table, dict[int, Exception]]:
    """The rows of a chunk's articles as one table (one conversion, not one
    per article), and, should the schema refuse a row, the table of the
    others with the error of each article left out, by its index."""
    try:
        return figures_table([f for figures in figures_of_articles for f in figures]), {}
    except Exception:
        tables, refused = [figures_table([])], {}
        for k, figures in enumerate(figures_of_articles):
            try:
                tables.append(figures_table(figures))
            except Exception as exc:
                refused[k] = exc
        return pa.concat_tables(tables), refused


class _InChunk(NamedTuple):
    """An article of a chunk on its way through the chunk's steps."""

    entry: Entry
    key: str
    raw: bytes
    doc: Document
    with_words: list[str]  # the sentences in which its figures are found with words
    spent: float  # seconds of its time budget
    figures: list[Figure] | None = None  # once found; its meaning not yet read


def _in_one_pass(
    segmenting: Callable[[list[str]], None], sentences_of_articles: list[list[str]], max_seconds: float | None
) -> None:
    """Segment in one pass the sentences a step will read in a chunk's
    articles: the segmenter runs once over all of them (and the tagger, its
    Viterbi stepping through them side by side), where each article alone
    would give it a few. Only an article whose sentences are of a news
    article's size joins the pass (a long one segments its own, within its
    own time budget, as before), so the pass takes a fraction of a second and
    no article's budget is spent on another's words. Should it still fail or
    pass the budget of one article, each article segments its own sentences."""
    sentences = [s for these in sentences_of_articles if sum(map(len, these)) <= AHEAD_CHARS for s in these]
    try:
        with TimeBudget(max_seconds):
            segmenting(sentences)
    except (Exception, TooSlow):
        return


def _document_of(article: Article, r: rules.Rules) -> tuple[Document, list[str]]:
    """The article's document model, and the sentences in which its figures are found with words."""
    doc = build_document(article, r)
    return doc, sentences_with_words_to_find(doc)


# At most how many characters of an article's sentences join a chunk's pass
# (a news article's sentences with figures hold a few thousand).
AHEAD_CHARS = 20_000


def _failure(entry: Entry, reason: str, message: str) -> Failure:
    if entry.line is not None:
        message = f"line {entry.line}: {message}"
    return Failure(entry.path, reason, message, entry.line, entry.doc_id)


class _Run:
    def __init__(self, config: RunConfig, stream):
        self.config = config
        self.stream = stream
        self.report = RunReport()
        self.progress = Progress(0, enabled=False, stream=stream)
        self.salt = fingerprint(config.rules).encode()
        self.unlisted: list[Failure] = []  # folders that could not be listed

    def key(self, content_digest: str) -> str:
        return digest(self.salt + content_digest.encode())

    def fail(self, failure: Failure) -> None:
        """Record an input that gave no article, or an article listed all the
        same (repaired, not Vietnamese)."""
        (self.report.failures if failure.lost else self.report.noted).append(failure)
        n = len(self.report.failures) + len(self.report.noted)
        if n <= MAX_NOTES:
            self.progress.note(failure.said())
        elif n == MAX_NOTES + 1:
            self.progress.note("more files skipped or noted: see the errors file")

    def plan(self, files: list[tuple[Path, str]], dataset: Dataset) -> deque[Entry]:
        """Articles to extract; failures of this stage are recorded."""
        entries: list[Entry] = []
        first_path: dict[str, Path] = {}
        for path, file_id in files:
            for item in scan(path, file_id, self.config.max_bytes):
                if isinstance(item, Failure):
                    self.fail(item)
                elif item.doc_id in first_path:
                    self.fail(Failure(path, "duplicate_id", f"doc_id {item.doc_id} already read from {first_path[item.doc_id]}", item.line, item.doc_id))
                else:
                    first_path[item.doc_id] = path
                    entries.append(item)
        gone = self.prune(dataset, set(first_path), files) if self.config.prune else set()
        held = self.held_contents(dataset, entries, gone)
        todo: deque[Entry] = deque()
        for item in entries:
            self.report.found += 1
            if dataset.key_of(item.doc_id) is None and held.setdefault(item.digest, item.doc_id) != item.doc_id:
                self.duplicate(item, held[item.digest])
            elif dataset.key_of(item.doc_id) == self.key(item.digest) and dataset.content_hash_of(item.doc_id) is not None:
                self.report.unchanged += 1
            else:
                todo.append(item)
        return todo

    @staticmethod
    def held_contents(dataset: Dataset, entries: list[Entry], gone: set[str]) -> dict[str, str]:
        """Content hash -> doc_id of the articles the dataset keeps: those the
        inputs no longer hold (unless pruned) as they are, those they hold as
        they are now. Only an article new to the dataset can be a second copy."""
        present = {e.doc_id: e.digest for e in entries if dataset.key_of(e.doc_id) is not None}
        held: dict[str, str] = {}
        for doc in dataset.part_of:
            content = dataset.content_hash_of(doc)
            if doc not in present and doc not in gone and content:
                held.setdefault(content, doc)
        for doc, content in present.items():
            held.setdefault(content, doc)
        return held

    def duplicate(self, entry: Entry, same: str) -> None:
        """A second path to content already held: reported, and kept once."""
        self.report.duplicates += 1
        if self.report.duplicates <= MAX_NOTES:
            self.progress.note(f"skipped {shown(entry.path)}{f' line {entry.line}' if entry.line else ''}: "
                               f"same content as {same}, kept once")
        elif self.report.duplicates == MAX_NOTES + 1:
            self.progress.note("more articles with the same content as others skipped")

    def prune(self, dataset: Dataset, present: set[str], files: list[tuple[Path, str]]) -> set[str]:
        """Drop articles no input holds any more, keeping those of files that
        failed to read and everything under a folder that could not be listed;
        the doc_ids dropped."""
        failed = {str(f.path) for f in self.report.failures}
        unlisted = [f.doc_id for f in self.unlisted]
        file_ids = {file_id: str(p) for p, file_id in files}
        gone = []
        for doc in list(dataset.part_of):
            if doc in present or any(doc.startswith(prefix) for prefix in unlisted):
                continue
            source = file_ids.get(doc) or file_ids.get(doc.rpartition("#")[0])
            if source not in failed:
                gone.append(doc)
        dataset.remove(gone)
        self.report.removed = len(gone)
        return set(gone)

    def chunks(self, todo: deque[Entry], paths: dict[str, str]) -> Iterator[list[tuple[Entry, bytes, str]]]:
        """Chunks of (entry, bytes, key), read only when the engine asks for
        them. Each entry is let go once read, and `paths` holds the shown path
        of each article only until its outcome comes back: what a run holds
        does not grow with its number of articles."""
        chunk = []
        while todo:
            entry = todo.popleft()
            try:
                raw = entry.read_bytes()
            except ReadError as exc:
                self.fail(_failure(entry, exc.reason, f"{exc.message} (since the scan)"))
                self.progress.advance()
                continue
            except OSError as exc:
                self.fail(_failure(entry, "unreadable", f"{exc.strerror or exc} (since the scan)"))
                self.progress.advance()
                continue
            paths[entry.doc_id] = shown(entry.path if is_stdin(entry.path) else entry.path.absolute())
            chunk.append((entry, raw, self.key(digest(raw))))
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def extract(self, todo: deque[Entry], dataset: Dataset) -> None:
        config = self.config
        if not todo:
            return
        paths: dict[str, str] = {}  # of the articles read and not yet back
        engine = make_engine(config.engine, config.jobs, config.scheduler)
        interrupted = True
        try:
            for outcomes, table in engine.map(partial(extract_chunk, config.rules, config.max_seconds), self.chunks(todo, paths)):
                start = 0
                for outcome in outcomes:
                    self.progress.advance()
                    path = paths.pop(outcome.doc_id)
                    if isinstance(outcome, Failure):
                        self.fail(outcome)
                        continue
                    for note in outcome.notes:
                        self.fail(note)
                    dataset.put(outcome.doc_id, outcome.key, table.slice(start, outcome.rows), {**outcome.article, "path": path})
                    start += outcome.rows
                    self.report.extracted += 1
                    self.report.figures += outcome.rows
            interrupted = False
        except BrokenProcessPool:
            raise EngineError("a worker process died (out of memory?); rerun to finish the work") from None
        finally:
            engine.close(now=interrupted)
            # the tables written beside the dataset next reuse their memory
            forget_words()
            forget_models()

    def run(self) -> RunReport:
        config = self.config
        started = time.monotonic()
        out = Path(config.out)
        files, self.unlisted = collect(config.inputs, exclude=[out, errors_path(out)])
        dataset = Dataset(out, config.part_size)
        try:
            for failure in self.unlisted:
                self.fail(failure)
            todo = self.plan(files, dataset)
            del files  # the entries to extract hold their paths, and each is let go once read
            self.progress.close()
            self.progress = Progress(len(todo), enabled=config.progress, stream=self.stream)
            if config.progress and not self.progress.bar and todo:
                self.progress.note(f"extract: {self.report.found} articles found, {len(todo)} to extract")
            self.extract(todo, dataset)
        except (KeyboardInterrupt, EngineError):
            dataset.close()  # keep every article finished so far, and say what failed so far
            try:
                _write_errors(errors_path(out), self.report)
            except OutputError as exc:
                self.progress.note(str(exc))
            raise
        except BaseException:
            dataset.abandon()
            raise
        finally:
            self.progress.close()
        dataset.close()
        report = self.report
        report.dataset_articles, report.dataset_figures = dataset.articles, dataset.rows
        report.seconds = time.monotonic() - started
        _write_errors(errors_path(out), report)
        return report


def _write_errors(path: Path, report: RunReport) -> None:
    """The errors file of the last run, replaced whole: the inputs that gave
    no article, then those extracted with a note (empty when every file was
    read whole, as Vietnamese)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for failure in report.failures + report.noted:
                f.write(json.dumps(failure.record(), ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise OutputError(f"cannot write the errors file {shown(path)}: {exc.strerror or exc}") from None


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While the run lasts, SIGTERM raises Terminated, as Ctrl-C raises
    KeyboardInterrupt (only the main thread can take signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(config: RunConfig, stream=None) -> RunReport:
    with _sigterm_interrupts():
        return _Run(config, stream or sys.stderr).run()
