"""Reading inputs: every encoding, HTML pages, JSON Lines, and every way a file can fail."""
import json
import os
import unicodedata
from datetime import date

import pytest

from pipeline import extract_text
from pipeline.io.read import Failure, ReadError, load_article, parse_date, scan

REPORT = (
    "Năm 2024, toàn tỉnh Khánh Hòa giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch. "
    "Ủy ban nhân dân tỉnh hỗ trợ 1.250 hộ nghèo xây mới nhà ở, mỗi căn 70 triệu đồng."
)
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese editors wrote it: base letter, then the tone mark."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def read(path, doc_id=None, max_bytes=5_000_000):
    """(articles, failure reasons) of one input file."""
    articles, reasons = [], []
    for item in scan(path, doc_id or path.name, max_bytes):
        if isinstance(item, Failure):
            reasons.append(item.reason)
            continue
        try:
            articles.append(load_article(item, item.read_bytes()))
        except ReadError as exc:
            reasons.append(exc.reason)
    return articles, reasons


ENCODINGS = {
    "utf-8": REPORT.encode("utf-8"),
    "utf-8 with BOM": REPORT.encode("utf-8-sig"),
    "utf-16 with BOM": REPORT.encode("utf-16"),
    "utf-16-le without BOM": REPORT.encode("utf-16-le"),
    "utf-16-be without BOM": REPORT.encode("utf-16-be"),
    "windows-1258": cp1258(REPORT),
    "decomposed utf-8": unicodedata.normalize("NFD", REPORT).encode("utf-8"),
    "old tones, no-break spaces, CRLF": REPORT.replace("Hòa", "Hoà").replace("Ủy", "Uỷ")
    .replace(" người", "\u00a0người").replace(". ", ".\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("raw", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_every_encoding_gives_the_same_figures(tmp_path, raw):
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(raw)
    (article,), reasons = read(path)
    assert reasons == []
    expected = [(f.value, f.unit, f.target) for f in extract_text(REPORT)]
    assert (7000.0, "person", 6400.0) in expected
    assert [(f.value, f.unit, f.target) for f in extract_text(article.text)] == expected


PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Khánh Hòa: giải quyết việc làm vượt kế hoạch</title>
<meta property="article:published_time" content="2024-10-22T08:30:00+07:00">
</head><body><nav><a href="/">Trang chủ</a> | <a href="/xa-hoi">Xã hội</a></nav>
<article><h1>Khánh Hòa: giải quyết việc làm vượt kế hoạch</h1>
<p>Năm 2024, toàn tỉnh Khánh Hòa giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.</p>
<p>Ủy ban nhân dân tỉnh hỗ trợ 1.250 hộ nghèo xây mới nhà ở, mỗi căn 70 triệu đồng.</p></article>
<footer>Bản quyền thuộc Báo Khánh Hòa. Đường dây nóng 0258 3822 000</footer></body></html>"""


def test_html_page_gives_main_text_title_and_date(tmp_path):
    path = tmp_path / "tin.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,), reasons = read(path)
    assert reasons == []
    assert article.title == "Khánh Hòa: giải quyết việc làm vượt kế hoạch"
    assert article.published == date(2024, 10, 22)
    assert "7.000/6.400 người" in article.text
    assert "Trang chủ" not in article.text and "Bản quyền" not in article.text
    values = {(f.value, f.unit) for f in extract_text(article.text)}
    assert {(7000.0, "person"), (1250.0, "household"), (70e6, "VND")} <= values


def test_html_in_windows_1258(tmp_path):
    path = tmp_path / "tin.htm"
    path.write_bytes(cp1258(PAGE.replace('charset="utf-8"', 'charset="windows-1258"')))
    (article,), _ = read(path)
    assert "Ủy ban nhân dân tỉnh hỗ trợ 1.250 hộ nghèo" in article.text


def test_jsonl_articles_ids_titles_dates(tmp_path):
    lines = [
        {"id": "kh-001", "title": "Việc làm", "date": "2024-10-22", "url": "https://example.vn/a", "text": REPORT},
        {"text": "Toàn tỉnh có 15.360 bà mẹ Việt Nam anh hùng, trong đó 120 mẹ còn sống.", "date": "30/06/2024"},
        {"id": 7, "text": "Tỉnh tổ chức 54 phiên giao dịch việc làm."},
        {"id": None, "text": "Tỉnh có 9.920 hộ/40.445 người."},
    ]
    path = tmp_path / "scrape.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    articles, reasons = read(path, "thang10/scrape.jsonl")
    assert reasons == []
    assert [a.doc_id for a in articles] == [f"thang10/scrape.jsonl#{i}" for i in ("kh-001", 2, 7, 4)]
    assert [a.title for a in articles] == ["Việc làm", None, None, None]
    assert [a.published for a in articles] == [date(2024, 10, 22), date(2024, 6, 30), None, None]
    assert articles[0].text == REPORT


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-10-22", date(2024, 10, 22)),
        ("2024-10-22T08:30:00+07:00", date(2024, 10, 22)),
        ("22/10/2024", date(2024, 10, 22)),
        ("2/9/2024 08:00", date(2024, 9, 2)),
        ("31/02/2024", None),
        ("hôm qua", None),
        (20241022, None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


GOOD_LINE = json.dumps({"id": "a", "text": REPORT}, ensure_ascii=False).encode()
CUT_IN_A_LETTER = REPORT.encode()[: REPORT.encode().index("hoạch".encode()) + 3]

# (file name, bytes, reason of each failure): every way a scrape leaves a file unreadable.
FAILURES = [
    ("empty.txt", b"", ["empty"]),
    ("blank.txt", b"  \r\n\n\t ", ["empty"]),
    ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, ["binary"]),
    ("controls.txt", bytes(range(1, 9)) * 50, ["binary"]),
    ("cut.txt", CUT_IN_A_LETTER, ["truncated"]),
    ("cut16.txt", REPORT.encode("utf-16")[:-1], ["truncated"]),
    ("legacy.txt", b"Ph\xf2ng \x81 ban", ["undecodable"]),  # neither UTF-8 nor Windows-1258 (0x81 is unassigned)
    ("big.txt", REPORT.encode() * 20, ["too_large"]),
    ("script.html", b"<html><head><title>Tin</title></head><body><script>var a = 1;</script></body></html>", ["empty"]),
    ("empty.jsonl", b"\n\n", ["empty"]),
    ("lines.jsonl", b"\n".join([
        GOOD_LINE,
        '{"id": "b", "text": "Toàn tỉnh c'.encode(),             # broken in the middle
        b"[1, 2]",                                               # not an object
        b'{"id": "c", "title": "Tin ng\xe1\xba\xafn"}',           # no text
        b'{"id": "d", "text": 15}',                              # text not a string
        b'{"id": true, "text": "x"}',                            # id neither string nor number
        GOOD_LINE,                                               # the same id again
        json.dumps({"id": "e", "text": REPORT * 20}).encode(),   # too large
        b'{"id": "g", "text": "   "}',                           # no text
        b'{"id": "h", "text": "T\xe1\xbb\x89nh c',                # cut off by a scrape in progress
    ]), ["bad_json", "bad_json", "bad_json", "bad_json", "bad_json", "duplicate_id", "too_large",
         "truncated", "empty"]),
]


@pytest.mark.parametrize("name, raw, reasons", FAILURES, ids=[f[0] for f in FAILURES])
def test_unreadable_inputs_fail_with_their_reason(tmp_path, name, raw, reasons):
    path = tmp_path / name
    path.write_bytes(raw)
    articles, got = read(path, max_bytes=2 * len(REPORT.encode()) + 100)
    assert sorted(got) == sorted(reasons)
    assert [a.doc_id for a in articles] == (["lines.jsonl#a"] if name == "lines.jsonl" else [])


def test_missing_and_unreadable_paths(tmp_path):
    assert read(tmp_path / "gone.txt") == ([], ["missing"])
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert read(loop) == ([], ["unreadable"])
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    assert read(dangling) == ([], ["missing"])


# Only regular files are read: anything else would block, never end, or is no file.
def _special(tmp_path, kind):
    path = tmp_path / f"{kind}.jsonl"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("kind, what", [("fifo", "a named pipe"), ("folder", "a folder"), ("device", "a character device")])
def test_only_regular_files_are_read(tmp_path, kind, what):
    (failure,) = list(scan(_special(tmp_path, kind), "x"))
    assert (failure.reason, failure.message) == ("not_a_file", f"{what}, not a regular file")


# (file name, bytes, what reading says it mended): damage that no longer loses the article.
REPAIRS = [
    ("nul.txt", REPORT.encode()[:4] + b"\x00" + REPORT.encode()[4:], "1 NUL byte dropped (the first at byte 4)"),
    ("damaged.txt", REPORT.encode()[:36] + b"\xff\xfe\xfd" + REPORT.encode()[36:],  # before "giải"
     "3 invalid UTF-8 sequences replaced by U+FFFD (the first at byte 36)"),
    ("cut-letter.txt", REPORT.encode()[:38] + REPORT.encode()[39:],  # a byte of "ả" lost
     "2 invalid UTF-8 sequences replaced by U+FFFD (the first at byte 38)"),
    ("both.txt", b"\x00" + REPORT.encode()[:36] + b"\xc0" + REPORT.encode()[36:] + b"\x00",
     "1 invalid UTF-8 sequence replaced by U+FFFD (the first at byte 37); 2 NUL bytes dropped (the first at byte 0)"),
    ("line.jsonl", json.dumps({"id": "f", "text": REPORT}, ensure_ascii=False).encode().replace(b"2024", b"20\xff24"),
     "1 invalid UTF-8 sequence replaced by U+FFFD (the first at byte 28)"),
    ("nul.jsonl", json.dumps({"id": "f", "text": REPORT}, ensure_ascii=False).encode().replace(b"2024", b"2024\x00"),
     "1 NUL byte dropped (the first at byte 30)"),
]


@pytest.mark.parametrize("name, raw, repaired", REPAIRS, ids=[r[0] for r in REPAIRS])
def test_damaged_bytes_are_mended_and_said(tmp_path, name, raw, repaired):
    path = tmp_path / name
    path.write_bytes(raw)
    (article,), reasons = read(path)
    assert reasons == [] and article.repaired == repaired
    assert "\x00" not in article.text and (7000.0, 6400.0) in {(f.value, f.target) for f in extract_text(article.text)}


def test_clean_text_is_not_said_repaired(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(REPORT.encode() + "\ufffd".encode())  # a replacement character the text itself holds
    (article,), _ = read(path)
    assert article.repaired is None


def test_a_lone_surrogate_in_json_is_escaped_or_replaced(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a\\udce9", "title": "T\\ud800", "text": "Tỉnh có 7.000 người.\\udfff"}\n', encoding="utf-8")
    (article,), reasons = read(path)
    assert (article.doc_id, article.title, article.text) == ("x.jsonl#a\\udce9", "T\ufffd", "Tỉnh có 7.000 người.\ufffd")
