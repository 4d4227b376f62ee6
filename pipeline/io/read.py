"""Turn input files into Articles, whatever a scrape leaves on disk.

Inputs are plain text (UTF-8 with or without BOM, UTF-16, legacy
Windows-1258), HTML pages (main text, title and date taken by trafilatura)
and JSON Lines files with one article a line. Reading is split in two so that
an incremental run can skip unchanged articles without decoding them:
`scan` finds a file's articles and a digest of each one's bytes, and
`load_article` turns one article's bytes into an `Article`. Anything that
cannot be read raises `ReadError` with a reason code.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from ..model import Article
from ..text.normalise import normalise_text
from .html import html_article

TEXT, HTML, JSON = "text", "html", "json"
KIND_OF_SUFFIX = {".txt": TEXT, ".html": HTML, ".htm": HTML, ".jsonl": JSON}

# A news article is a few tens of kilobytes; far more is not an article.
DEFAULT_MAX_BYTES = 5_000_000


class ReadError(Exception):
    """An input that gives no article; `reason` is a short code for the errors file."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
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
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            return f.read(self.length)


@dataclass(frozen=True)
class Failure:
    """An input, or a line of one, that gave no article."""

    path: Path
    reason: str
    message: str
    line: int | None = None
    doc_id: str | None = None

    def record(self) -> dict:
        out = {"path": str(self.path), "reason": self.reason, "message": self.message}
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
    """How to read a file; an unknown suffix given by name is read as text."""
    return KIND_OF_SUFFIX.get(path.suffix.lower(), TEXT)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError("too_large", f"{size} bytes, over the limit of {max_bytes}")
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError("missing", "no such file") from None
    except OSError as exc:
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    if not raw:
        raise ReadError("empty", "the file is empty")
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


def _scan_jsonl(path: Path, file_id: str, max_bytes: int) -> Iterator[Entry | Failure]:
    """One entry per article line; a bad line is a failure, the others go on."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise ReadError("missing", "no such file") from None
    except OSError as exc:
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    seen: dict[str, int] = {}
    offset = 0
    lines = 0
    with f:
        for number, line in enumerate(f, start=1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            lines += 1
            if len(line) > max_bytes:
                yield Failure(path, "too_large", f"line {number}: {len(line)} bytes, over the limit of {max_bytes}", number)
                continue
            try:
                record = _json_record(line, first=start == 0, last=not line.endswith(b"\n"))
            except ReadError as exc:
                yield Failure(path, exc.reason, f"line {number}: {exc.message}", number)
                continue
            doc_id = f"{file_id}#{_record_id(record) or number}"
            if doc_id in seen:
                yield Failure(path, "duplicate_id", f"line {number}: id already used on line {seen[doc_id]}", number, doc_id)
                continue
            seen[doc_id] = number
            yield Entry(doc_id, path, JSON, digest(line), start, len(line), number)
    if not lines:
        raise ReadError("empty", "no article lines")


def _json_record(line: bytes, first: bool = False, last: bool = False) -> dict:
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError("undecodable", f"not UTF-8 at byte {exc.start}") from None
    try:
        record = json.loads(text)
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
    return record


def _record_id(record: dict) -> str:
    """The article's own id; empty when it has none (the line number stands in)."""
    return str(record.get("id") or "").strip()


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
        except OSError as exc:
            yield Failure(item.path, "unreadable", exc.strerror or str(exc), item.line, item.doc_id)


def load_article(entry: Entry, raw: bytes) -> Article:
    """The Article in an entry's bytes (raises ReadError)."""
    url = None
    if entry.kind == JSON:
        record = _json_record(raw, first=entry.offset == 0)
        text, title, published = record["text"], record.get("title"), parse_date(record.get("date"))
        if not isinstance(title, str):
            title = None
        url = record.get("url") if isinstance(record.get("url"), str) else None
    elif entry.kind == HTML:
        text, title, published, url = html_article(decode(raw))
    else:
        text, title, published = decode(raw), None, None
    if not text.strip():
        raise ReadError("empty", "no text")
    return Article(entry.doc_id, normalise_text(text), title=title and normalise_text(title), published=published,
                   url=url and url.strip() or None)


# --- decoding ------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes) -> str:
    """Text of a file: BOM, UTF-16, UTF-8, else Windows-1258 (raises ReadError)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding)
    if b"\x00" in raw:
        return _strict(raw, _utf16_without_bom(raw))
    try:
        return _checked(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(raw):
            raise ReadError("truncated", "the file ends in the middle of a UTF-8 character") from None
        if _mostly_utf8(raw):
            raise ReadError("undecodable", f"invalid UTF-8 at byte {exc.start}") from None
    return _strict(raw, "cp1258")


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return _checked(raw.decode(encoding))
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16") and exc.end == len(raw):
            raise ReadError("truncated", "the file ends in the middle of a UTF-16 character") from None
        raise ReadError("undecodable", f"not {encoding} at byte {exc.start}") from None


def _utf16_without_bom(raw: bytes) -> str:
    """UTF-16 text of mostly Latin letters has a zero in every other byte."""
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    raise ReadError("binary", "contains NUL bytes: not a text file")


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
