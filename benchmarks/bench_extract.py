"""Speed and memory of `extract` on the seed corpus repeated, beside underthesea alone.

    python benchmarks/bench_extract.py            # 500 articles; memory at 1 000 and 10 000
    python benchmarks/bench_extract.py --quick    # 100 articles; memory at 200 and 1 000
    python benchmarks/bench_extract.py --profile  # and where extract_text spends its time

Every measurement runs in a fresh child process, timed from after its imports
(pool and cluster start-up included), so runs do not share warm caches and
each child's peak resident memory is its own. Targets (issue 4): one job at
least 0.8 of the segmentation-only speed, two jobs at least 1.7 times one
job. Nothing here fails on a slow machine: it reports.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))


_PLACES = ("An", "Bình", "Châu", "Đông", "Hà", "Hưng", "Khánh", "Lạc", "Long", "Minh",
           "Ninh", "Phú", "Phước", "Quang", "Sơn", "Tân", "Thạnh", "Thịnh", "Trung", "Vĩnh")
_SENTENCE_END = re.compile(r"(?<=[^\d\s])([.!?])(?=\s|$)")


def copy_of(text: str, k: int) -> str:
    """The k-th copy of an article: every sentence ends `ở xã <name k>`, so that no
    cache of sentences makes a repeated corpus faster than a real one."""
    if k == 0:
        return text
    name = []
    while k:
        k, d = divmod(k, len(_PLACES))
        name.append(_PLACES[d])
    return _SENTENCE_END.sub(f" ở xã {' '.join(name)}\\1", text)


def make_folder(base: Path, n: int) -> Path:
    """n articles: the seed corpus repeated, each copy of a sentence distinct."""
    folder = base / f"articles-{n}"
    if not folder.exists():
        folder.mkdir()
        texts = [p.read_text(encoding="utf-8") for p in CORPUS]
        for i in range(n):
            k, j = divmod(i, len(CORPUS))
            (folder / f"{i:06d}-{CORPUS[j].name}").write_text(copy_of(texts[j], k), encoding="utf-8")
    return folder


def child(mode: str, folder: str, jobs: int) -> dict:
    """One measurement, in this (child) process."""
    paths = sorted(Path(folder).glob("*.txt"))  # texts are read one at a time: memory is the run's own
    if mode == "segment":
        from underthesea import word_tokenize

        word_tokenize(paths[0].read_text(encoding="utf-8"))  # load the model before the clock starts
        start = time.perf_counter()
        for path in paths:
            word_tokenize(path.read_text(encoding="utf-8"))
    else:
        from pipeline import extract_text
        from pipeline.run.batch import RunConfig, run

        extract_text(paths[0].read_text(encoding="utf-8"))  # load rules and models before the clock starts
        out = Path(tempfile.mkdtemp()) / "figures.parquet"
        start = time.perf_counter()
        run(RunConfig([folder], out, jobs=jobs, engine=mode, progress=False))
        shutil.rmtree(out.parent)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"articles": len(paths), "seconds": seconds, "peak_mb": peak_kb / 1024}


def measure(mode: str, folder: Path, jobs: int = 1) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(jobs)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(top: int = 18) -> None:
    import cProfile
    import pstats

    from pipeline import extract_text

    texts = [copy_of(p.read_text(encoding="utf-8"), k) for k in range(1, 11) for p in CORPUS]
    extract_text(texts[0])
    prof = cProfile.Profile()
    prof.enable()
    for text in texts:
        extract_text(text)
    prof.disable()
    print(f"\nwhere extract_text spends its time ({len(texts)} articles, cumulative):")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer articles, for a quick look")
    parser.add_argument("--profile", action="store_true", help="also profile extract_text on the corpus")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FOLDER", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, folder, jobs = args.child
        print(json.dumps(child(mode, folder, int(jobs))))
        return

    speed_n, memory_ns = (100, (200, 1_000)) if args.quick else (500, (1_000, 10_000))
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_folder(Path(tmp), speed_n)
        print(f"speed on {speed_n} articles (the {len(CORPUS)} seed articles repeated)")
        print(f"{'run':<34}{'articles/s':>11}{'vs segmentation':>17}{'peak MB':>9}")
        results = {}
        for label, mode, jobs in (
            ("underthesea word_tokenize alone", "segment", 1),
            ("extract, 1 job", "local", 1),
            ("extract, 2 jobs", "local", 2),
            ("extract, dask local cluster, 2", "dask", 2),
        ):
            r = results[label] = measure(mode, folder, jobs)
            if "error" in r:
                print(f"{label:<34}  failed: {r['error']}")
                continue
            rate = r["articles"] / r["seconds"]
            base = results["underthesea word_tokenize alone"]
            ratio = rate / (base["articles"] / base["seconds"]) if "seconds" in base else float("nan")
            print(f"{label:<34}{rate:>11.1f}{ratio:>16.2f}x{r['peak_mb']:>9.0f}")
        one, two = results["extract, 1 job"], results["extract, 2 jobs"]
        if "seconds" in one and "seconds" in two:
            print(f"2 jobs / 1 job: {one['seconds'] / two['seconds']:.2f}x (target 1.7x); "
                  f"1 job / segmentation: target 0.8x")

        print("\npeak memory of extract, 1 job (resident, whole process)")
        for n in memory_ns:
            r = measure("local", make_folder(Path(tmp), n), 1)
            if "error" in r:
                print(f"{n:>7} articles  failed: {r['error']}")
            else:
                print(f"{n:>7} articles  {r['peak_mb']:>7.0f} MB  ({r['articles'] / r['seconds']:.1f} articles/s)")
    if args.profile:
        profile()


if __name__ == "__main__":
    main()
