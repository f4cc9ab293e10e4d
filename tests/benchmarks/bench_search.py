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
from tests.benchmarks.corpus import REAL_TEXT, cached_articles, folded_words, heaps_exponent

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


def ensure_rg() -> str | None:
    """The rg executable, installed when missing (apt-get, then PyPI's ``ripgrep`` wheel)."""
    for attempt in (
        ["apt-get", "install", "-y", "-q", "ripgrep"],
        [sys.executable, "-m", "pip", "install", "-q", "ripgrep"],
    ):
        if shutil.which("rg"):
            break
        print(f"rg missing: {' '.join(attempt)}")
        subprocess.run(attempt, capture_output=True)
    return shutil.which("rg") or shutil.which("rg", path=str(Path(sys.executable).parent))


def vocabulary_line(words: list[str], terms: int, count: int) -> str:
    """The corpus against the real Turkish text: Heaps' exponent over as many words."""
    real = [w for line in REAL_TEXT.open(encoding="utf-8") for w in folded_words(json.loads(line)["text"])]
    ours, theirs = heaps_exponent(words[: len(real)]), heaps_exponent(real)
    return (
        f"corpus: {terms:,} distinct folded terms in {count:,} articles; Heaps' exponent over the "
        f"first {len(real):,} words {ours:.3f}, the real text's (sadedegel) {theirs:.3f}: "
        f"{ours - theirs:+.3f} (goal within ±0.1)"
    )


def common_word(store: Store, count: int) -> tuple[str, int]:
    """The indexed term whose articles are nearest 10% of the corpus."""
    return store._execute(
        "SELECT term, doc FROM search_terms WHERE length(term) > 3 ORDER BY abs(doc - ?) LIMIT 1",
        [count // 10],
    ).fetchone()


def every_hit_figures(store: Store, database: Path, word: str, vocabulary: Vocabulary) -> str:
    """Every matching id, every ranked hit, and ``hasiye search --count`` for one common word."""
    ids = []
    for _ in range(5):
        started = time.perf_counter()
        found = matching_ids(store, word, vocabulary)
        ids.append(time.perf_counter() - started)
    started = time.perf_counter()
    hits = search(store, word, limit=None, vocabulary=vocabulary)
    ranked = time.perf_counter() - started
    command = [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(database)]
    cli = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([*command, "search", word, "--count"], capture_output=True, check=True)
        cli.append(time.perf_counter() - started)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    python = time.perf_counter() - started
    return (
        f"every hit of {word!r} ({len(found):,} articles): every matching id median "
        f"{statistics.median(ids) * 1000:.0f} ms; every hit ranked with snippets "
        f"({len(hits):,}) {ranked * 1000:.0f} ms; `hasiye search --count` from the shell "
        f"{statistics.median(cli) * 1000:.0f} ms (python -c pass {python * 1000:.0f} ms)"
    )


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        directory = Path(scratch)
        one_file = directory / "corpus.txt"
        line_ids: list[str] = []
        folded_texts: dict[str, str] = {}
        words: list[str] = []
        started = time.perf_counter()
        with Store(directory / "search.db") as store, one_file.open("w", encoding="utf-8") as out:
            batch = []
            for article_id, raw in cached_articles(count):
                article = parse_article_text(article_id, raw)
                batch.append((article, None))
                out.write(f"{article.title} {article.text}".replace("\n", " ") + "\n")
                line_ids.append(article_id)
                folded_texts[article_id] = loose_key(f"{article.title}\n{article.text}")
                if len(words) < 60_000:
                    words.extend(folded_words(raw))
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

            vocabulary = Vocabulary(store)
            print(vocabulary_line(words, store.search_term_count(), count))
            word, _ = common_word(store, count)
            print(every_hit_figures(store, directory / "search.db", word, vocabulary))
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
            f"vocabulary of {figures['terms']:,} terms in the database; the first search of a new "
            f"process {figures['first'] * 1000:.0f} ms; 50 queries, first 20 hits: median {median * 1000:.1f} ms, "
            f"p95 {figures['p95'] * 1000:.1f} ms; peak memory of the searching process "
            f"{figures['memory']:.0f} MB (a bare python importing this module: {figures['baseline']:.0f} MB)"
        )

        tools = [("grep", ["grep", "-n", "-i", "-F"])]
        rg = ensure_rg()
        if rg:
            tools.append(("rg", [rg, "-n", "-i", "-F"]))
        ours_recall, their_recall = [], {name: [] for name, _ in tools}
        our_time = statistics.median(latencies)
        their_time = {name: [] for name, _ in tools}
        below: dict[str, list[str]] = {name: [] for name, _ in tools}
        for query, words in VARIANTS:
            right = right_answers(folded_texts, words)
            if not right:
                continue
            ours_recall.append(len(ours[query] & right) / len(right))
            typed = query.split("'")[0]
            for name, tool in tools:
                _, lines = grep_lines(tool, typed, one_file)
                found = {line_ids[line - 1] for line in lines}
                their_recall[name].append(len(found & right) / len(right))
                if their_recall[name][-1] > ours_recall[-1]:
                    below[name].append(query)
                counting = [part if part != "-n" else "-c" for part in tool]
                their_time[name].append(grep_lines(counting, typed, one_file)[0])
        print(
            f"recall on the {len(ours_recall)} variant queries: hasiye "
            f"{statistics.mean(ours_recall):.0%} (median {our_time * 1000:.1f} ms a query for every "
            "matching id, unranked)"
        )
        for name, _ in tools:
            seconds = statistics.median(their_time[name])
            print(
                f"  {name} -c -i on the one-file corpus: recall {statistics.mean(their_recall[name]):.0%}, "
                f"median {seconds * 1000:.0f} ms a query ({seconds / median:.1f}x hasiye's first page); "
                f"queries where it finds more than hasiye: {below[name] or 'none'}"
            )


def peak_mb() -> float:
    """This program's peak resident memory. Not ru_maxrss: a child forked from a big parent
    inherits the parent's figure across exec; VmHWM starts again with the new program."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def store_terms(database: Path) -> int:
    with Store(database) as store:
        return store.search_term_count()


def query_figures(database: Path) -> dict:
    """Run the 50 queries (first page of hits) on a database: latency and peak memory."""
    with Store(database) as store:
        started = time.perf_counter()  # a new process's first search: nothing read before it
        search(store, QUERIES[-1], limit=20)
        first_seconds = time.perf_counter() - started
        vocabulary = Vocabulary(store)
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
        "terms": store_terms(database),
        "first": first_seconds,
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
