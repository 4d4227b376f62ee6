"""Time per figure of `extract_text` on one synthetic article of N figures.

    python benchmarks/bench_article_size.py                       # 1 000, 10 000, 100 000 figures
    python benchmarks/bench_article_size.py 1000 4000 --shape sentence
    python benchmarks/bench_article_size.py 100000 --max-seconds 300

Work per article should be linear in its length: the time per figure flat
from 1 000 to 100 000 figures. Two shapes of article:

- `paragraphs`: a report, three figures a sentence, four sentences a
  paragraph (`Xã thứ 12 giải quyết việc làm cho 1.012 người, hỗ trợ 212 hộ
  nghèo với kinh phí 3.084 triệu đồng.`);
- `sentence`: every figure in one sentence (`Toàn tỉnh có 1.000 người, 1.001
  người, ...`), the shape of a scraped table flattened into one line.

Each size runs in a fresh child process, timed after the models are loaded,
and is stopped after --max-seconds (reported as "over"). Numbers differ from
one figure to the next, so that no cache of sentences makes it faster than a
real article. Nothing fails on a slow machine: it reports.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ("paragraphs", "sentence")


def _vn(n: int) -> str:
    """1234567 -> 1.234.567, as the articles write it."""
    return f"{n:,}".replace(",", ".")


def article(figures: int, shape: str) -> str:
    """A synthetic report of `figures` figures."""
    head = "Bắc Kạn: kết quả công tác lao động, người có công và xã hội năm 2024\n"
    if shape == "sentence":
        return head + "Trong 9 tháng đầu năm 2024, toàn tỉnh có " + ", ".join(f"{_vn(1000 + i)} người" for i in range(figures)) + ".\n"
    lines, sentences = [head, "Trong 9 tháng đầu năm 2024, toàn tỉnh đạt nhiều kết quả."], []
    for i in range((figures + 2) // 3):
        sentences.append(
            f"Xã thứ {i + 1} giải quyết việc làm cho {_vn(1000 + i)} người, hỗ trợ {_vn(200 + i)} hộ nghèo "
            f"với kinh phí {_vn(3000 + 7 * i)} triệu đồng."
        )
        if len(sentences) == 4:
            lines.append(" ".join(sentences))
            sentences = []
    lines.append(" ".join(sentences))
    return "\n".join(lines) + "\n"


def child(figures: int, shape: str) -> dict:
    sys.path.insert(0, str(ROOT))  # this checkout's pipeline, whatever is installed
    from pipeline import extract_text

    text = article(figures, shape)
    extract_text("Toàn tỉnh có 5 người.")  # load the models and rules before the clock starts
    start = time.perf_counter()
    found = extract_text(text)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"figures": len(found), "chars": len(text), "seconds": seconds, "peak_mb": peak_mb}


def measure(figures: int, shape: str, max_seconds: float) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(figures), shape],
            capture_output=True, text=True, cwd=ROOT, timeout=max_seconds + 30,  # + loading the models
        )
    except subprocess.TimeoutExpired:
        return {"over": max_seconds}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 100_000], metavar="FIGURES",
                        help="figures in the article, one run each (default: 1000 10000 100000)")
    parser.add_argument("--shape", choices=(*SHAPES, "both"), default="both", help="the article's shape (default: both)")
    parser.add_argument("--max-seconds", type=float, default=180.0, metavar="S",
                        help="stop one size after S seconds of extraction (default: %(default)g)")
    parser.add_argument("--child", nargs=2, metavar=("FIGURES", "SHAPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1])))
        return
    print(f"{'shape':<12}{'figures':>9}{'chars':>11}{'seconds':>10}{'ms/figure':>11}{'peak MB':>9}")
    for shape in SHAPES if args.shape == "both" else (args.shape,):
        for n in args.sizes:
            r = measure(n, shape, args.max_seconds)
            if "over" in r:
                print(f"{shape:<12}{n:>9}{'':>11}{'over ' + format(r['over'], 'g'):>10}")
            elif "error" in r:
                print(f"{shape:<12}{n:>9}  failed: {r['error']}")
            else:
                per = 1000 * r["seconds"] / max(1, r["figures"])
                print(f"{shape:<12}{r['figures']:>9}{r['chars']:>11}{r['seconds']:>10.1f}{per:>11.2f}{r['peak_mb']:>9.0f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
