"""Turn input files into Articles, whatever a scrape leaves on disk.

Inputs are plain text (UTF-8 with or without BOM, UTF-16, legacy
Windows-1258), HTML pages (main text, title and date taken by trafilatura)
and JSON Lines files with one article a line. Reading is split in two so that
an incremental run can skip unchanged articles without decoding them:
`scan` finds a file's articles and a digest of each one's bytes, and
`load_article` turns one article's bytes into an `Article`. Anything that
cannot be read raises `ReadError` with a reason code.

Only regular files are read: a named pipe, a device or a socket would block
or never end, a symbolic link that loops leads nowhere. A few damaged bytes
(one that is not UTF-8, a NUL) in otherwise good text are mended and
reported as `repaired` instead of losing the article. A file name that is
not UTF-8 is shown with its bytes escaped (`caf\\xe9.txt`, see `shown`).
An input named `-` is standard input, read once and held (see `stdin_bytes`).
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import io
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from ..model import Article
from ..text.normalise import normalise_text
from .html import html_article

TEXT, HTML, JSON = "text", "html", "json"
KIND_OF_SUFFIX = {".txt": TEXT, ".html": HTML, ".htm": HTML, ".jsonl": JSON}

# A news article is a few tens of kilobytes; far more is not an article, and
# its extraction would take minutes and hundreds of megabytes.
DEFAULT_MAX_BYTES = 2_000_000
# An article read with damaged bytes mended: kept, and listed with this reason.
REPAIRED = "repaired"
# An article whose text does not read as Vietnamese (pipeline.io.language):
# extracted, and listed with one of these reasons.
NOT_VIETNAMESE, NO_DIACRITICS = "not_vietnamese", "no_diacritics"
KEPT = frozenset({REPAIRED, NOT_VIETNAMESE, NO_DIACRITICS})  # listed, yet extracted
# The input `-` is standard input; its articles' doc_id is `stdin` (`stdin#<id>` for JSON Lines).
STDIN, STDIN_ID = "-", "stdin"
# The deepest nesting of elements lxml's HTML parser reads with huge_tree on
# (without it: 256); deeper elements are dropped.
HTML_MAX_DEPTH = 2048


class ReadError(Exception):
    """An input that gives no article; `reason` is a short code for the errors file."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)  # a run holds one per article to extract
class Entry:
    """Where one article's bytes are: a whole file, or one line of a .jsonl."""

    doc_id: str
    path: Path
    kind: str
    digest: str
    offset: int = 0
    length: int = -1
    line: int | None = None

    def read_bytes(self) -> bytes:
        """The article's bytes (raises ReadError when the file is gone or no
        longer a regular file)."""
        with open_regular(self.path) as f:
            f.seek(self.offset)
            return f.read(self.length)


@dataclass(frozen=True)
class Failure:
    """An input, or a line of one, that gave no article; or, with a reason
    of KEPT, one that gave its article: once damaged bytes were mended
    (`repaired`), or whose text does not read as Vietnamese."""

    path: Path
    reason: str
    message: str
    line: int | None = None
    doc_id: str | None = None

    @property
    def lost(self) -> bool:
        """True when the input gave no article."""
        return self.reason not in KEPT

    def said(self) -> str:
        """One line for the terminal (a .jsonl line's message starts with its number)."""
        if self.lost:
            return f"skipped {shown(self.path)}: {self.reason}: {self.message}"
        if self.reason == REPAIRED:
            return f"repaired {shown(self.path)}: {self.message}"
        return f"extracted {shown(self.path)}, but {self.reason}: {self.message}"

    def record(self) -> dict:
        out = {"path": shown(self.path), "reason": self.reason, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
        if self.doc_id is not None:
            out["doc_id"] = self.doc_id
        return out


def digest(raw: bytes) -> str:
    """What identifies an article's content. Final line ends are left out: a
    last .jsonl line that gets its newline later has not changed."""
    return hashlib.blake2b(raw.rstrip(b"\r\n"), digest_size=16).hexdigest()


def kind_of(path: Path) -> str:
    """How to read a file; an unknown suffix given by name is read as text.
    Standard input is read as what it starts with: `<` a page, `{` JSON
    Lines, anything else text."""
    if is_stdin(path):
        start = stdin_bytes().removeprefix(codecs.BOM_UTF8).lstrip()[:1]
        return {b"<": HTML, b"{": JSON}.get(start, TEXT)
    return KIND_OF_SUFFIX.get(path.suffix.lower(), TEXT)


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


class _Stdin:
    """Standard input as read: it can be read only once, and a run reads an
    article's bytes twice (to scan, then to extract)."""

    stream = None
    data = b""


def stdin_bytes() -> bytes:
    """All of standard input, read the first time it is asked for."""
    stream = sys.stdin.buffer
    if _Stdin.stream is not stream:
        _Stdin.stream, _Stdin.data = stream, stream.read()
    return _Stdin.data


def shown(path: Path | str) -> str:
    """A path or name as text that any file and terminal takes: a name whose
    bytes are not UTF-8 keeps them as escapes (`caf\\xe9.txt`)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: Path):
    """`path` opened for reading in binary, if it is a regular file (raises
    ReadError otherwise). Opening does not wait: a named pipe with no writer
    is refused at once instead of blocking the run. Standard input (`-`) is
    its bytes, as read."""
    if is_stdin(path):
        return io.BytesIO(stdin_bytes())
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        reason = "a symbolic link to nothing" if os.path.islink(path) else "no such file"
        raise ReadError("missing", reason) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("unreadable", "a symbolic link that loops") from None
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = next((name for test, name in _NOT_REGULAR if test(mode)), "a special file")
        raise ReadError("not_a_file", f"{what}, not a regular file")
    return os.fdopen(fd, "rb")


def _read_file(path: Path, max_bytes: int) -> bytes:
    with open_regular(path) as f:
        try:
            size = len(f.getbuffer()) if isinstance(f, io.BytesIO) else os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise ReadError("too_large", f"{size} bytes, over the limit of {max_bytes}")
            raw = f.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError("unreadable", exc.strerror or str(exc)) from None
    if len(raw) > max_bytes:  # grown since it was measured
        raise ReadError("too_large", f"over {max_bytes} bytes, the limit")
    if not raw:
        raise ReadError("empty", "nothing on standard input" if is_stdin(path) else "the file is empty")
    return raw


def scan(path: Path, doc_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Entry | Failure]:
    """The articles a file holds, each with the digest of its bytes."""
    kind = kind_of(path)
    try:
        if kind != JSON:
            raw = _read_file(path, max_bytes)
            yield Entry(doc_id, path, kind, digest(raw))
            return
        yield from _scan_jsonl(path, doc_id, max_bytes)
    except ReadError as exc:
        yield Failure(path, exc.reason, exc.message, doc_id=doc_id)
    except OSError as exc:  # a read that fails half-way (a disk error, a file cut short)
        yield Failure(path, "unreadable", exc.strerror or str(exc), doc_id=doc_id)


def _lines(f, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(offset, bytes, length) of each line of a file; a line longer than
    `max_bytes` comes as None, read past without being held."""
    offset = 0
    while line := f.readline(max_bytes + 1):
        length = len(line)
        if length > max_bytes and not line.endswith(b"\n"):
            rest = line = None
            while rest != b"" and not (rest or b"").endswith(b"\n"):
                rest = f.readline(1 << 20)
                length += len(rest)
        yield offset, line, length
        offset += length


def _scan_jsonl(path: Path, file_id: str, max_bytes: int) -> Iterator[Entry | Failure]:
    """One entry per article line; a bad line is a failure, the others go on."""
    seen: dict[str, int] = {}
    lines = 0
    with open_regular(path) as f:
        for number, (start, line, length) in enumerate(_lines(f, max_bytes), start=1):
            if line is not None and not line.strip():
                continue
            lines += 1
            if line is None or length > max_bytes:
                yield Failure(path, "too_large", f"line {number}: {length} bytes, over the limit of {max_bytes}", number)
                continue
            try:
                record, _ = _json_record(line, first=start == 0, last=not line.endswith(b"\n"))
            except ReadError as exc:
                yield Failure(path, exc.reason, f"line {number}: {exc.message}", number)
                continue
            doc_id = f"{file_id}#{_record_id(record) or number}"
            if doc_id in seen:
                yield Failure(path, "duplicate_id", f"line {number}: id already used on line {seen[doc_id]}", number, doc_id)
                continue
            seen[doc_id] = number
            yield Entry(doc_id, path, JSON, digest(line), start, length, number)
    if not lines:
        raise ReadError("empty", "no article lines")


def _json_record(line: bytes, first: bool = False, last: bool = False) -> tuple[dict, str | None]:
    """The JSON object of one line, and what was mended in its bytes (None: nothing)."""
    text, repaired = _mended_utf8(line[len(codecs.BOM_UTF8):] if first and line.startswith(codecs.BOM_UTF8) else line)
    try:
        # strict=False: a control character inside a string is the text's
        # damage (normalisation drops it), not a reason to lose the article.
        record = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        if last:
            raise ReadError("truncated", "last line is cut off (no newline, incomplete JSON)") from None
        raise ReadError("bad_json", f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise ReadError("bad_json", "not a JSON object")
    if not isinstance(record.get("text"), str):
        raise ReadError("bad_json", "no \"text\" string")
    if not isinstance(record.get("id") or "", (str, int)) or isinstance(record.get("id"), bool):
        raise ReadError("bad_json", "\"id\" is neither a string nor an integer")
    return record, repaired


def _record_id(record: dict) -> str:
    """The article's own id; empty when it has none (the line number stands
    in). A lone surrogate (`"\\udce9"`) is kept as its escape."""
    return str(record.get("id") or "").strip().encode("utf-8", "backslashreplace").decode("utf-8")


def articles_in(path: Path, file_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Failure]:
    """The articles of one input file in order, and a Failure for each part
    of it that gives none: what a command reading a few files at once needs."""
    for item in scan(path, file_id, max_bytes):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield load_article(item, item.read_bytes())
        except ReadError as exc:
            yield Failure(item.path, exc.reason, exc.message, item.line, item.doc_id)


def load_article(entry: Entry, raw: bytes) -> Article:
    """The Article in an entry's bytes (raises ReadError); `repaired` says
    what was mended in them."""
    url = None
    if entry.kind == JSON:
        record, repaired = _json_record(raw, first=entry.offset == 0)
        text, title, published = record["text"], record.get("title"), parse_date(record.get("date"))
        if not isinstance(title, str):
            title = None
        url = record.get("url") if isinstance(record.get("url"), str) else None
    elif entry.kind == HTML:
        page, repaired = decode(raw)
        text, title, published, url = html_article(page)
    else:
        (text, repaired), title, published = decode(raw), None, None
    text = normalise_text(text)
    if not text.strip():
        raise ReadError("empty", "no text")
    return Article(entry.doc_id, text, title=title and normalise_text(title), published=published,
                   url=url and url.strip() or None, repaired=repaired)


# --- decoding ------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes) -> tuple[str, str | None]:
    """Text of a file: BOM, UTF-16, UTF-8, else Windows-1258 (raises
    ReadError), and what was mended in it (None: nothing). UTF-8 with a few
    damaged bytes is mended: a byte that is not UTF-8 becomes U+FFFD, a NUL
    is dropped (by normalisation)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding), None
    if b"\x00" in raw and (encoding := _utf16_without_bom(raw)):
        return _strict(raw, encoding), None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(raw):
            raise ReadError("truncated", "the file ends in the middle of a UTF-8 character") from None
        if not _mostly_utf8(raw):
            return _strict(raw, "cp1258"), None
    text, repaired = _mended_utf8(raw)
    return _checked(text), repaired


def _mended_utf8(raw: bytes) -> tuple[str, str | None]:
    """UTF-8 text with each invalid sequence replaced by U+FFFD, and a note of
    what was mended (None: nothing): the sequences that are not UTF-8 and the
    NULs (dropped by normalisation)."""
    try:
        text, first_bad = raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text, first_bad = raw.decode("utf-8", errors="replace"), exc.start
    notes = []
    if first_bad is not None:
        replaced = text.count("\ufffd") - raw.count("\ufffd".encode())
        notes.append(f"{_n(replaced, 'invalid UTF-8 sequence')} replaced by U+FFFD (the first at byte {first_bad})")
    if nuls := raw.count(0):
        notes.append(f"{_n(nuls, 'NUL byte')} dropped (the first at byte {raw.index(0)})")
    return text, "; ".join(notes) or None


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return _checked(raw.decode(encoding))
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16") and exc.end == len(raw):
            raise ReadError("truncated", "the file ends in the middle of a UTF-16 character") from None
        raise ReadError("undecodable", f"not {encoding} at byte {exc.start}") from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text of mostly Latin letters has a zero in every other byte."""
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    """Refuse binary data that happened to decode."""
    if len(_CONTROL.findall(text[:100_000])) > max(2, len(text[:100_000]) // 100):
        raise ReadError("binary", "control characters: not a text file")
    return text


def _mostly_utf8(raw: bytes) -> bool:
    """Valid multi-byte UTF-8 outnumbers bad bytes: a damaged UTF-8 file, not Windows-1258."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return sum(1 for ch in text if ord(ch) > 127) - bad > bad


# --- dates -----------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: object) -> date | None:
    """`2024-10-22`, an ISO date-time, or `22/10/2024`; anything else is no date."""
    if not isinstance(value, str):
        return None
    if m := _ISO_DATE.match(value.strip()):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _VN_DATE.match(value.strip()):
        d, mo, y = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None
