"""How fast `extract` is beside underthesea's segmentation alone, and how much memory it takes.

    python benchmarks/bench_extract.py            # 10 copies of each article, 5 pairs; memory at 1 000 and 10 000
    python benchmarks/bench_extract.py --quick    # 3 copies, 3 pairs; memory at 200 and 1 000
    python benchmarks/bench_extract.py --profile  # and where extract_text spends its time

The articles are those of corpus/ and, when ../shared is beside the project,
its dev sets (read from there, written only to a temporary folder), each with
copies in which every sentence is made distinct (`ở xã <name>` before its
end): no cache of sentences can make a copy cheaper than a new article. The
run prints how many of the sentences are distinct.

The baseline is underthesea alone over the same files: `sent_tokenize`, then
`word_tokenize` of each sentence. Each run is a fresh interpreter:
whole-process time is from its start to its exit (imports, models, rules and
writing the dataset included; an extract run ends as `python -m pipeline`
does, without tearing its heap down, and the baseline as a script does);
in-process time is the same child's, from after its imports and a warm-up on
one sentence outside the set. Baseline
and extract alternate (A B B A ...), and the median with the lowest and
highest of each is printed. Every extract run writes a new dataset with the
cache off (`VN_FIGURES_CACHE=off`: no words and no compiled rules kept),
except two: the warm re-run, which reads the words a run before it left (what
a re-run after a change of rules costs), and one small article with the rules
compiled before, as a run on another article leaves them (what a user's
every run after the first costs). `make bench` byte-compiles the package
first, as installing it from a wheel would. Nothing here fails on a slow
machine: it reports.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WARM_UP = "Năm 2023, toàn huyện có 1.250 hộ nghèo, giảm 3,5% so với năm trước."

_PLACES = ("An", "Bình", "Châu", "Đông", "Hà", "Hưng", "Khánh", "Lạc", "Long", "Minh",
           "Ninh", "Phú", "Phước", "Quang", "Sơn", "Tân", "Thạnh", "Thịnh", "Trung", "Vĩnh")


def sources() -> list[Path]:
    """The distinct articles: corpus/ and the dev sets beside the project."""
    found = sorted((ROOT / "corpus").glob("*.txt"))
    for folder in ("corpus-dev", "corpus-dev2"):
        found += sorted((SHARED / folder).glob("*.txt"))
    return found


def _name(k: int) -> str:
    words = []
    while k:
        k, d = divmod(k, len(_PLACES))
        words.append(_PLACES[d])
    return " ".join(words)


def copy_of(text: str, k: int) -> str:
    """The k-th copy of an article (0: the article, normalised): every one of
    its sentences, as the pipeline splits them, ends `ở xã <name k>`."""
    from pipeline.model import Article
    from pipeline.text.document import build_document
    from pipeline.text.normalise import normalise_text

    text = normalise_text(text)
    if k == 0:
        return text
    suffix = f" ở xã {_name(k)}"
    out, pos = [], 0
    for sentence in build_document(Article("", text)).sentences:
        body = text[sentence.start : sentence.end].rstrip()
        end = sentence.start + len(body) - len(re.search(r"[.!?…:;]*$", body).group())
        out += [text[pos:end], suffix]
        pos = end
    return "".join(out) + text[pos:]


def make_folder(base: Path, copies: int, label: str = "") -> Path:
    """Each source article and `copies - 1` copies of it, as .txt files."""
    folder = base / f"articles-{label or copies}"
    if not folder.exists():
        folder.mkdir()
        for j, path in enumerate(sources()):
            text = path.read_text(encoding="utf-8")
            for k in range(copies):
                (folder / f"{k:05d}-{j:03d}.txt").write_text(copy_of(text, k), encoding="utf-8")
    return folder


def make_folder_of(base: Path, n: int) -> Path:
    """n articles, copies of the sources in turn (for memory at scale)."""
    folder = base / f"articles-n{n}"
    if not folder.exists():
        folder.mkdir()
        texts = [p.read_text(encoding="utf-8") for p in sources()]
        for i in range(n):
            k, j = divmod(i, len(texts))
            (folder / f"{i:06d}.txt").write_text(copy_of(texts[j], k), encoding="utf-8")
    return folder


def sentence_counts(folder: Path) -> tuple[int, int]:
    """The pipeline's sentences of the articles in `folder`, and how many are distinct."""
    from pipeline.model import Article
    from pipeline.text.document import build_document

    sentences = [s.text for p in sorted(folder.glob("*.txt"))
                 for s in build_document(Article("", p.read_text(encoding="utf-8"))).sentences]
    return len(sentences), len(set(sentences))


# --- one measured run, in a child process -------------------------------------------


def child(mode: str, folder: str, jobs: int, engine: str, warm: bool) -> dict:
    paths = sorted(Path(folder).glob("*.txt"))
    if mode == "segment":
        from underthesea import sent_tokenize, word_tokenize

        if warm:
            word_tokenize(WARM_UP)
        start = time.perf_counter()
        for path in paths:  # one at a time, as extract reads them
            for sentence in sent_tokenize(path.read_text(encoding="utf-8")):
                word_tokenize(sentence)
    else:
        from pipeline.cli import main

        if warm:
            from pipeline import extract_text

            extract_text(WARM_UP)
        out = Path(tempfile.mkdtemp(dir=os.environ.get("BENCH_TMP"))) / "figures.parquet"
        start = time.perf_counter()
        status = main([mode, folder, "--out", str(out), "--jobs", str(jobs), "--engine", engine, "--no-progress"])
        if status:
            raise SystemExit(f"extract exited {status}")
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"articles": len(paths), "inner": seconds, "peak_mb": max(peak_kb, children_kb) / 1024}


def measure(mode: str, folder: Path, jobs: int = 1, engine: str = "local", warm: bool = True,
            cache: str = "off", argv: list[str] | None = None) -> dict:
    """One fresh interpreter: its whole time and what it reports."""
    env = dict(os.environ, VN_FIGURES_CACHE=cache)
    command = argv or [sys.executable, __file__, "--child", mode, str(folder), str(jobs), engine, str(int(warm))]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    whole = time.perf_counter() - start
    if done.returncode != 0 or (argv is None and not done.stdout.strip()):
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    result = json.loads(done.stdout.strip().splitlines()[-1]) if argv is None else {}
    return {**result, "whole": whole}


# --- reporting -----------------------------------------------------------------------


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} s [{min(values):.2f}-{max(values):.2f}]"


def alternated(folder: Path, pairs: int) -> None:
    runs: dict[str, list[dict]] = {"segment": [], "extract": []}
    for i in range(pairs):
        order = ("segment", "extract") if i % 2 == 0 else ("extract", "segment")
        for mode in order:
            r = measure(mode, folder)
            if "error" in r:
                print(f"  {mode} failed: {r['error']}")
                return
            runs[mode].append(r)
    n = runs["extract"][0]["articles"]
    print(f"\none job, {pairs} alternated pairs on {n} articles: median [lowest-highest]")
    print(f"  {'':<34}{'whole-process':>26}{'in-process':>26}")
    for mode, label in (("segment", "underthesea sent+word_tokenize"), ("extract", "extract")):
        rs = runs[mode]
        print(f"  {label:<34}{_spread([r['whole'] for r in rs]):>26}{_spread([r['inner'] for r in rs]):>26}")
    for kind in ("whole", "inner"):
        seg = statistics.median(r[kind] for r in runs["segment"])
        ext = statistics.median(r[kind] for r in runs["extract"])
        pair = [s[kind] / e[kind] for s, e in zip(runs["segment"], runs["extract"])]
        label = "whole-process" if kind == "whole" else "in-process"
        print(f"  {label}: segmentation time / extract time = {seg / ext:.2f} "
              f"(pairs {min(pair):.2f}-{max(pair):.2f}); extract {n / ext:.1f} articles/s, "
              f"segmentation {n / seg:.1f}")
    print("  target: at least 1.00 whole-process (the aim is 1.50)")


def start_up(base: Path) -> None:
    small = base / "small"
    small.mkdir(exist_ok=True)
    text = sources()[0].read_text(encoding="utf-8")
    (small / "one.txt").write_text(copy_of(text, 999)[:1500], encoding="utf-8")
    out = base / "small.parquet"
    py = [sys.executable, "-m", "pipeline"]
    extract_small = lambda: py + ["extract", str(small), "--out", str(out), "--no-progress"]  # noqa: E731
    # A cache folder as an earlier run on another article leaves it: the
    # rules' compiled stages in it, none of this article's words.
    earlier = base / "other"
    earlier.mkdir(exist_ok=True)
    (earlier / "other.txt").write_text(copy_of(text, 998)[:1500], encoding="utf-8")
    rules_only = base / "cache-after-another-article"
    before = measure("", earlier, cache=str(rules_only), argv=py + ["extract", str(earlier), "--out", str(base / "other.parquet")])
    print("\nstart-up, whole-process, median of 5 [lowest-highest]")
    rows = [
        ("python -m pipeline --help", lambda: py + ["--help"], False, None),
        ("segment one small article", None, False, None),
        ("extract one small article, cache off", extract_small, True, None),
        ("  the same, rules compiled before", extract_small, True, rules_only),
        ("re-run, nothing to extract", extract_small, False, None),
    ]
    if "error" in before or not (rules_only / "rules").is_dir():
        print(f"  the run on another article kept no rules: {before.get('error', 'nothing in the cache folder')}")
        rows = [row for row in rows if row[3] is None]
    for label, argv, fresh, cached in rows:
        times = []
        for k in range(5):
            if fresh and out.exists():
                shutil.rmtree(out)
            cache = "off"
            if cached:  # a copy for each run, so that no run finds the words of another
                cache = str(base / f"cache-{k}")
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(cached / "rules", Path(cache) / "rules")
            r = measure("segment", small, warm=False) if argv is None else measure("", small, cache=cache, argv=argv())
            if "error" in r:
                print(f"  {label:<38} failed: {r['error']}")
                break
            times.append(r["whole"])
        else:
            print(f"  {label:<38}{_spread(times)}")
    print("  target: one small article under 1 s; nothing to extract well under 1 s")


def jobs_and_engines(folder: Path) -> None:
    print(f"\njobs, whole-process ({os.cpu_count()} cores; other work on the machine counts here)")
    one = None
    for label, jobs, engine in (("extract, 1 job", 1, "local"), ("extract, 2 jobs", 2, "local"),
                                ("extract, Dask local cluster, 2", 2, "dask")):
        r = measure("extract", folder, jobs, engine, warm=False)
        if "error" in r:
            print(f"  {label:<34} failed: {r['error']}")
            continue
        one = one or r["whole"]
        print(f"  {label:<34}{r['whole']:7.2f} s  {r['articles'] / r['whole']:6.1f} articles/s  {one / r['whole']:.2f}x one job")


def warm_rerun(folder: Path, base: Path) -> None:
    cache = base / "word-cache"
    first = measure("extract", folder, cache=str(cache))
    second = measure("extract", folder, cache=str(cache))
    if "error" in first or "error" in second:
        print(f"\nwarm re-run failed: {first.get('error') or second.get('error')}")
        return
    print("\nword cache, whole-process (a re-run after a change of rules extracts every article again)")
    print(f"  first run, filling the cache {first['whole']:7.2f} s")
    print(f"  re-run, words from the cache {second['whole']:7.2f} s  ({first['whole'] / second['whole']:.2f}x)")


def memory(base: Path, ns: tuple[int, ...]) -> None:
    print("\npeak resident memory of extract, one job, whole process")
    for n in ns:
        r = measure("extract", make_folder_of(base, n), warm=False)
        if "error" in r:
            print(f"  {n:>7} articles  failed: {r['error']}")
        else:
            print(f"  {n:>7} articles  {r['peak_mb']:7.0f} MB  ({r['articles'] / r['whole']:.1f} articles/s)")


def profile(copies: int, top: int = 25) -> None:
    import cProfile
    import pstats

    os.environ["VN_FIGURES_CACHE"] = "off"
    from pipeline import extract_text

    texts = [copy_of(p.read_text(encoding="utf-8"), k) for k in range(1, copies + 1) for p in sources()]
    extract_text(WARM_UP)
    prof = cProfile.Profile()
    prof.enable()
    for text in texts:
        extract_text(text)
    prof.disable()
    print(f"\nwhere extract_text spends its time ({len(texts)} articles, own time):")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Prints; never fails on a slow machine.")
    parser.add_argument("--quick", action="store_true", help="fewer copies and pairs, for a quick look")
    parser.add_argument("--profile", action="store_true", help="also profile extract_text on the copies")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, folder, jobs, engine, warm = args.child
        print(json.dumps(child(mode, folder, int(jobs), engine, warm == "1")))
        if mode != "segment":
            from pipeline.__main__ import _exit

            _exit(0)  # as `python -m pipeline` ends
        return
    copies, pairs, memory_ns = (3, 3, (200, 1_000)) if args.quick else (10, 5, (1_000, 10_000))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        os.environ["BENCH_TMP"] = tmp
        folder = make_folder(base, copies)
        n_sources = len(sources())
        total, distinct = sentence_counts(folder)
        print(f"{n_sources} distinct articles and {copies - 1} copies of each: "
              f"{n_sources * copies} articles, {total} sentences (as the pipeline splits them), {distinct} distinct")
        alternated(folder, pairs)
        start_up(base)
        jobs_and_engines(folder)
        warm_rerun(folder, base)
        memory(base, memory_ns)
    if args.profile:
        profile(copies)


if __name__ == "__main__":
    main()
