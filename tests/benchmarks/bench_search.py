"""Search benchmark: index N generated articles, run 50 queries, compare with grep (and rg).

Run by hand: ``python -m tests.benchmarks.bench_search [N]`` (default 100,000). Prints the index
build time and size against the text's, query latency (median, p95) and this process's peak
memory, and, in the same run, ``grep -c -i`` (and ``rg -c -i`` when installed) on the same corpus
written to one file: time ratio, and recall on the variant queries for both (the share of the
articles that mention the name in any spelling that each one finds).

Targets: build <= 60 s; index <= 1x the text; median <= 15 ms, p95 <= 50 ms, memory <= 300 MB.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotations.importers.text_files import parse_article_text
from annotations.search import Vocabulary, matching_ids, search
from annotations.store import Store
from annotations.turkish import loose_key
from tests.benchmarks.corpus import cached_articles

# (query, the words any spelling of which an article must contain to be a right answer)
VARIANTS = [
    ("istanbul", ["istanbul"]),
    ("erdogan", ["erdogan"]),
    ("kalin", ["kalin"]),
    ("turkiye", ["turkiye"]),
    ("misir", ["misir"]),
    ("israil", ["israil"]),
    ("hayye", ["hayye"]),
    ("Kalın'a", ["kalin"]),
    ("Erdoğan'ın", ["erdogan"]),
    ("erdgoan", ["erdogan"]),
    ("istihbarta", ["istihbarat"]),
    ("kahrie", ["kahire"]),
    ("ISTANBUL", ["istanbul"]),
    ("teskilati", ["teskilati"]),
    ("katar", ["katar"]),
]
OTHERS = [
    "halil hayye", "Halil Hayye'nin", "halil hayya", "İbrahim Kalın", "ibrahim kalin",
    "mit baskani", "MİT Başkanı", "Hamas Kahire", "gazze ateşkes", "ateskes gazze",
    "recep tayyip", "cumhurbaskani erdogan", "abd", "Amerika Birleşik Devletleri",
    '"siyasi bürosu"', '"milli istihbarat"', "kahir*", "teşkil*", "gazz*", "Al Sani",
    "Qatar", "Khalil", "hasan reşat", "reşat", "hassan rashad", "milli istihbrat",
    "uluslararası diplomasi", "enflasyon faiz", "belediye meclis", "xyzzy plugh",
    "yokboyle", "Şeridi", "misir katar israil", "anlaşma müzakere heyet", "Türkiye'ye",
]  # fmt: skip
QUERIES = [query for query, _ in VARIANTS] + OTHERS
assert len(QUERIES) == 50, len(QUERIES)


def right_answers(texts: dict[str, str], words: list[str]) -> set[str]:
    patterns = [re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])") for word in words]
    return {
        article_id
        for article_id, folded in texts.items()
        if all(pattern.search(folded) for pattern in patterns)
    }


def grep_lines(tool: list[str], word: str, corpus: Path) -> tuple[float, set[int]]:
    started = time.perf_counter()
    result = subprocess.run([*tool, word, str(corpus)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    lines = {int(line.split(":", 1)[0]) for line in result.stdout.splitlines() if line}
    return elapsed, lines


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        directory = Path(scratch)
        one_file = directory / "corpus.txt"
        line_ids: list[str] = []
        folded_texts: dict[str, str] = {}
        started = time.perf_counter()
        with Store(directory / "search.db") as store, one_file.open("w", encoding="utf-8") as out:
            batch = []
            for article_id, raw in cached_articles(count):
                article = parse_article_text(article_id, raw)
                batch.append((article, None))
                out.write(f"{article.title} {article.text}".replace("\n", " ") + "\n")
                line_ids.append(article_id)
                folded_texts[article_id] = loose_key(f"{article.title}\n{article.text}")
                if len(batch) == 1000:
                    store.save_articles(batch)
                    batch = []
            store.save_articles(batch)
            print(f"{count:,} articles written and indexed in {time.perf_counter() - started:.1f} s")

            started = time.perf_counter()
            store.rebuild_search_index()
            print(f"index build (hasiye index --rebuild): {time.perf_counter() - started:.1f} s")
            text_bytes = store._execute(
                "SELECT sum(length(CAST(text AS BLOB)) + length(CAST(title AS BLOB))) FROM articles"
            ).fetchone()[0]
            index_bytes = sum(
                store._execute(f"SELECT coalesce(sum(length(block)), 0) FROM {table}").fetchone()[0]
                for table in ("search_index_data",)
            )
            print(
                f"index size {index_bytes / 1e6:.0f} MB for {text_bytes / 1e6:.0f} MB of text "
                f"({index_bytes / text_bytes:.2f}x)"
            )

            vocabulary = Vocabulary(store.search_terms())
            ours = {query: matching_ids(store, query, vocabulary) for query, _ in VARIANTS}
            latencies = []
            for query, _ in VARIANTS:
                started = time.perf_counter()
                matching_ids(store, query, vocabulary)
                latencies.append(time.perf_counter() - started)
        # Latency and memory of searching, in a process of its own (this one holds the corpus).
        child = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.bench_search", "--queries",
             str(directory / "search.db")],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        figures = json.loads(child.stdout)
        median = figures["median"]
        print(
            f"vocabulary of {figures['terms']:,} terms read in {figures['vocabulary'] * 1000:.0f} ms "
            f"(once per process); 50 queries, first 20 hits: median {median * 1000:.1f} ms, "
            f"p95 {figures['p95'] * 1000:.1f} ms; peak memory of the searching process "
            f"{figures['memory']:.0f} MB (a bare python importing this module: {figures['baseline']:.0f} MB)"
        )

        tools = [("grep", ["grep", "-n", "-i", "-F"])]
        if shutil.which("rg"):
            tools.append(("rg", ["rg", "-n", "-i", "-F"]))
        ours_recall, their_recall = [], {name: [] for name, _ in tools}
        our_time = statistics.median(latencies)
        their_time = {name: [] for name, _ in tools}
        for query, words in VARIANTS:
            right = right_answers(folded_texts, words)
            if not right:
                continue
            ours_recall.append(len(ours[query] & right) / len(right))
            typed = query.split("'")[0]
            for name, tool in tools:
                elapsed, lines = grep_lines(tool, typed, one_file)
                found = {line_ids[line - 1] for line in lines}
                their_recall[name].append(len(found & right) / len(right))
                their_time[name].append(elapsed)
        print(
            f"recall on the {len(ours_recall)} variant queries: hasiye "
            f"{statistics.mean(ours_recall):.0%} (median {our_time * 1000:.1f} ms a query for every "
            "matching id, unranked)"
        )
        for name, _ in tools:
            seconds = statistics.median(their_time[name])
            print(
                f"  {name} -c -i on the one-file corpus: recall {statistics.mean(their_recall[name]):.0%}, "
                f"median {seconds * 1000:.0f} ms a query ({seconds / median:.1f}x hasiye's first page)"
            )


def peak_mb() -> float:
    """This program's peak resident memory. Not ru_maxrss: a child forked from a big parent
    inherits the parent's figure across exec; VmHWM starts again with the new program."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def query_figures(database: Path) -> dict:
    """Run the 50 queries (first page of hits) on a database: latency and peak memory."""
    with Store(database) as store:
        started = time.perf_counter()
        vocabulary = Vocabulary(store.search_terms())
        vocabulary_seconds = time.perf_counter() - started
        latencies = []
        for _ in range(3):
            for query in QUERIES:
                started = time.perf_counter()
                search(store, query, limit=20, vocabulary=vocabulary)
                latencies.append(time.perf_counter() - started)
    latencies.sort()
    baseline = subprocess.run(
        [sys.executable, "-c", "from tests.benchmarks.bench_search import peak_mb; print(peak_mb())"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {
        "terms": len(vocabulary.terms),
        "vocabulary": vocabulary_seconds,
        "median": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "memory": peak_mb(),
        "baseline": float(baseline),
    }


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--queries":
        print(json.dumps(query_figures(Path(sys.argv[2]))))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
