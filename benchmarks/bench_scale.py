"""`make bench-scale`: storage and search at corpus scale, without the encoder's cost.

A generated corpus (seeded): sentences of 10 tokens drawn from a Zipf vocabulary, plus
four planted words of 1,000, 10,000, 100,000 and 1,000,000 occurrences (fewer when
--occurrences is small), stored through the real storage path (``Index.add_batch`` in
the indexer's batch size, then the indexer's compaction) with seeded random vectors at
the default encoder's dimension (256: mpnet's shipped projection). Every token is an
occurrence. It measures:

- build rate: occurrences/s of the storage path alone (vector generation excluded);
- bytes per token on disk, SQLite and vectors separately; peak memory (max RSS);
- query p50/p95 per word frequency: ranked search by ``like`` ids and by ``example``
  (the fake encoder's cost is ~0; the real default encoder's cost for one example is
  measured apart and reported beside it), the plain concordance (k=20, corpus order),
  a ``where`` filter, and ``senses`` (induction, then the stored run);
- the corpus statistics on the index built (issue 24): ``freq`` (by lemma, by form, in a
  subcorpus), ``collocates`` of each planted word (w10k: the issue's 1 s target),
  ``keywords`` of the news documents against the rest (and the key senses of w10k on
  the sense tier), each in a fresh process: its first call and the median of
  ``--stats-repeats`` more (benchmarks/_common.py), the targets beside them.

    .venv/bin/python benchmarks/bench_scale.py --occurrences 10000000 --append BENCHMARKS.md

Measured, never asserted. Prints a markdown section; --append adds it to a file.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from _common import (  # noqa: E402
    TARGET_COLLOCATES,
    TARGET_FREQ,
    Case,
    append,
    commit,
    load,
    machine,
    peak_rss_mb,
    statistics_table,
    time_statistics,
)

import sensegrep  # noqa: E402
from sensegrep.document import Document, Sentence, Token  # noqa: E402
from sensegrep.embedder.base import EmbedderConfig  # noqa: E402
from sensegrep.storage import Index, PreparedDocument  # noqa: E402
from sensegrep.storage.vectors import DEFAULT_CODEC  # noqa: E402

PLANTED = {"w1k": 1_000, "w10k": 10_000, "w100k": 100_000, "w1m": 1_000_000}
SENTENCE = 10  # tokens
SENTENCES_PER_DOC = 10
BATCH = 20_000  # occurrences per add_batch, as the indexer's BATCH_OCCURRENCES
VOCABULARY = 50_000
GENRES = ("news", "fiction", "science", "travel")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--occurrences", type=int, default=10_000_000)
    parser.add_argument(
        "--dim", type=int, default=default_dim(), help="default: the default encoder's"
    )
    parser.add_argument("--repeats", type=int, default=30, help="queries per measurement")
    parser.add_argument("--folder", type=Path, help="build here and keep it (default: temp)")
    parser.add_argument("--codec", default=None, help="vector codec (default: a new index's)")
    parser.add_argument("--append", type=Path, help="append the markdown section here")
    parser.add_argument("--no-encoder", action="store_true", help="skip the real encoder")
    parser.add_argument(
        "--stats-repeats", type=int, default=5, help="warm calls of each statistic (0: none)"
    )
    parser.add_argument(
        "--statistics-of",
        type=Path,
        metavar="DIR",
        help="only time the statistics on DIR, an index this script built before (the "
        "build takes an hour at 10M); statistics store nothing",
    )
    parser.add_argument(
        "--text-only",
        action="store_true",
        help="the text tier: --occurrences tokens stored without vectors (as `index "
        "--vectors-for none`), and the queries that need none",
    )
    args = parser.parse_args()
    if args.statistics_of:
        append(statistics_of(args.statistics_of, args), args.append)
        return
    if args.text_only:
        text_only(args)
        return
    planted = {w: n for w, n in PLANTED.items() if n * 5 <= args.occurrences}
    with tempfile.TemporaryDirectory(prefix="sensegrep-scale-") as tmp:
        folder = args.folder or Path(tmp) / "idx"
        if folder.exists():
            shutil.rmtree(folder)
        build = build_index(folder, args.occurrences, args.dim, planted, args.codec)
        disk = disk_use(folder, build["occurrences"])
        queries = measure_queries(folder, planted, args.repeats)
        stats = statistics_section(folder, planted, args, key_senses=True)
    encoder_ms = None if args.no_encoder else encoder_cost(args.repeats)
    append(report(args, build, disk, queries, encoder_ms) + stats, args.append)


def default_dim() -> int:
    """The default encoder's output size: its shipped projection's (no model is loaded)."""
    from sensegrep.embedder import DEFAULT_MODEL
    from sensegrep.embedder.projection import PRESET_DEFAULT, Projection, resolve

    return Projection.load(resolve(PRESET_DEFAULT[DEFAULT_MODEL])[1]).dim


# -- the corpus ----------------------------------------------------------------------------


def sentences(total: int, planted: dict[str, int], rng: np.random.Generator) -> Iterator[list[str]]:
    """Sentences of SENTENCE words, ``total`` words in all; each planted word appears its
    number of times, spread evenly; the rest is Zipf (s = 1.1) over VOCABULARY lemmas."""
    n_sentences = total // SENTENCE
    slots: dict[int, list[str]] = {}
    for word, count in planted.items():
        for at in np.linspace(0, n_sentences * SENTENCE - 1, count).astype(np.int64):
            slots.setdefault(int(at) // SENTENCE, []).append(word)
    for number in range(n_sentences):
        ranks = rng.zipf(1.1, SENTENCE)
        words = [f"v{min(int(r), VOCABULARY)}" for r in ranks]
        for i, word in enumerate(slots.get(number, [])[:SENTENCE]):
            words[(number + i * 3) % SENTENCE] = word
        yield words


class SenseSpace:
    """Seeded vectors with sense structure, as an encoder's have: each lemma has two
    sense centres; an occurrence is one of them plus noise (so clustering, ANN search and
    codecs see clusters, not uniform noise)."""

    def __init__(self, planted: dict[str, int], dim: int, rng: np.random.Generator):
        self.row = {f"v{r}": r for r in range(1, VOCABULARY + 1)}
        self.row.update({w: VOCABULARY + 1 + i for i, w in enumerate(planted)})
        self.centres = rng.standard_normal((len(self.row) + 1, 2, dim), dtype=np.float32)
        self.rng = rng

    def vectors(self, words: list[str]) -> np.ndarray:
        rows = np.fromiter((self.row[w] for w in words), dtype=np.int64, count=len(words))
        senses = self.rng.integers(0, 2, len(words))
        noise = self.rng.standard_normal((len(words), self.centres.shape[2]), dtype=np.float32)
        return self.centres[rows, senses] + 0.6 * noise


def batches(
    total: int, planted: dict[str, int], dim: int, seed: int = 0
) -> Iterator[tuple[list[PreparedDocument], np.ndarray]]:
    rng = np.random.default_rng(seed)
    space = SenseSpace(planted, dim, rng)
    docs: list[PreparedDocument] = []
    pending: list[list[str]] = []
    words: list[str] = []
    doc_number = 0
    for sentence in sentences(total, planted, rng):
        pending.append(sentence)
        if len(pending) < SENTENCES_PER_DOC:
            continue
        docs.append(_document(doc_number, pending, len(words)))
        words += [w for s in pending for w in s]
        doc_number += 1
        pending = []
        if len(words) >= BATCH:
            yield docs, space.vectors(words)
            docs, words = [], []
    if pending:
        docs.append(_document(doc_number, pending, len(words)))
        words += [w for s in pending for w in s]
    if docs:
        yield docs, space.vectors(words)


def _document(number: int, sentence_words: list[list[str]], first_row: int) -> PreparedDocument:
    text_parts, sentence_list, vector_rows, at, row = [], [], [], 0, first_row
    for words in sentence_words:
        tokens = []
        for word in words:
            # A tenth of the vocabulary is tagged ADJ, for the unanchored CQL pattern.
            pos = "ADJ" if word.endswith("7") else "NOUN"
            tokens.append(Token(word, at, at + len(word), lemma=word, pos=pos))
            at += len(word) + 1
        sentence_list.append(Sentence(tokens))
        text_parts.append(" ".join(words))
        vector_rows.append(list(range(row, row + len(words))))
        row += len(words)
    doc = Document(
        id=f"d{number}",
        text=" ".join(text_parts),
        sentences=sentence_list,
        metadata={"genre": GENRES[number % len(GENRES)], "year": 1950 + number % 70},
    )
    return PreparedDocument(doc, f"sha-{number}", "generated", vector_rows)


# -- building ------------------------------------------------------------------------------


def build_index(
    folder: Path, total: int, dim: int, planted: dict[str, int], codec: str | None
) -> dict:
    config = EmbedderConfig(model=f"fake:{dim}", layers=(0,), pooling="mean", dim=dim)
    storing = 0.0
    occurrences = 0
    started = time.perf_counter()
    with Index.open_for_writing(folder, config, codec) as index:
        for docs, vectors in batches(total, planted, dim):
            at = time.perf_counter()
            index.add_batch(docs, vectors)
            storing += time.perf_counter() - at
            occurrences += len(vectors)
            if occurrences % 1_000_000 < len(vectors):
                rate = occurrences / storing
                print(f"  {occurrences:,} occurrences stored ({rate:,.0f}/s)", file=sys.stderr)
        at = time.perf_counter()
        index.compact()
        compacting = time.perf_counter() - at
        at = time.perf_counter()
        index.update_ann()  # as the indexer does after a run
        ann_s = time.perf_counter() - at
    return {
        "occurrences": occurrences,
        "storing_s": storing,
        "compacting_s": compacting,
        "ann_s": ann_s,
        "wall_s": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def disk_use(folder: Path, occurrences: int) -> dict:
    sqlite = sum(p.stat().st_size for p in folder.glob("index.sqlite*"))
    files = list((folder / "vectors").iterdir())
    ann = sum(p.stat().st_size for p in files if p.name.startswith("ann-"))
    vectors = sum(p.stat().st_size for p in files) - ann
    return {
        "sqlite_bytes": sqlite,
        "vector_bytes": vectors,
        "ann_bytes": ann,
        "sqlite_per_token": sqlite / occurrences,
        "vectors_per_token": vectors / occurrences,
        "ann_per_token": ann / occurrences,
    }


# -- querying ------------------------------------------------------------------------------


def measure_queries(folder: Path, planted: dict[str, int], repeats: int) -> list[dict]:
    out = []
    with sensegrep.open(folder) as idx:
        for word, count in planted.items():
            like = idx.search(word, k=3).ids
            example = f"v1 v2 [[{word}]] v3 v4"
            kinds: dict[str, Callable[[], object]] = {
                "like": lambda w=word, ids=like: idx.search(w, like=ids, k=20),
                "example": lambda w=word, e=example: idx.search(w, e, k=20),
                "concordance": lambda w=word: idx.search(w, k=20),
                "where": lambda w=word: idx.search(w, k=20, where={"genre": "news"}),
            }
            pattern = f'[lemma="{word}"] []'  # anchored on the planted lemma
            kinds["pattern k=20"] = lambda p=pattern: idx.search("", cql=p, k=20)
            if count <= 100_000:  # every match, then ranked: matching all of them
                kinds["pattern ranked"] = lambda p=pattern, ids=like: idx.search(
                    "", cql=p, like=ids, k=20
                )
            for kind, query in kinds.items():
                out.append({"word": word, "count": count, "kind": kind, **timed(query, repeats)})
            share = ranked_recall(idx, word, like, 20)
            kind = f"like: recall@20 against float scoring of every vector {share:.3f}"
            out.append({"word": word, "count": count, "kind": kind, "p50": 0.0, "p95": 0.0})
            out.append({"word": word, "count": count, "kind": "senses (first)",
                        **timed(lambda w=word: idx.senses(w), 1, warm=False)})  # fmt: skip
            out.append({"word": word, "count": count, "kind": "senses (stored)",
                        **timed(lambda w=word: idx.senses(w), repeats)})  # fmt: skip
        out += measure_any_word(idx, repeats)
        out += measure_unanchored(idx)
    return out


def ranked_recall(idx: sensegrep.SenseIndex, word: str, like: list[int], k: int) -> float:
    """The share of the ranked search's top k that every decoded vector, scored in float,
    also puts in its top k (the same request: ``like`` these ids)."""
    from sensegrep.embedder.base import unit_rows

    storage = idx.storage
    found = storage.candidates(word)
    found = found.take(np.flatnonzero(~np.isin(found.ids, like)))
    direction = unit_rows(storage.vectors_of(storage.candidates_by_id(like))).mean(axis=0)
    scores = unit_rows(storage.vectors_of(found)) @ direction
    exact = set(found.ids[np.argsort(-scores, kind="stable")[:k]].tolist())
    got = set(idx.search(word, like=like, k=k).ids)
    return len(got & exact) / k


def measure_unanchored(idx: sensegrep.SenseIndex) -> list[dict]:
    """A CQL pattern with no literal word: its first page, and every match (a scan of
    every sentence, timed once)."""
    pattern = '[pos="ADJ"] [pos="NOUN"]'
    total = idx.storage.info()["tokens"]
    found: list[int] = []
    first_page = timed(lambda: idx.search("", cql=pattern, k=20), 5)
    every = timed(lambda: found.append(len(idx.search("", cql=pattern))), 1, warm=False)
    return [
        {"word": pattern, "count": total, "kind": "pattern k=20 (no anchor)", **first_page},
        {
            "word": pattern,
            "count": total,
            "kind": f"pattern, every match (no anchor): {found[-1]:,} matches",
            **every,
        },
    ]


def measure_any_word(idx: sensegrep.SenseIndex, repeats: int) -> list[dict]:
    """Search across words: latency, and recall@10 against exact search over every
    occurrence (queries: stored vectors of the planted words, so they have neighbours)."""
    from sensegrep.storage import any_word

    storage = idx.storage
    probes = [int(i) for w in PLANTED if w in _words(storage) for i in idx.search(w, k=5).ids]
    recalls = []
    for probe in probes[:10]:
        query = storage.vectors_of(storage.candidates_by_id([probe]))[0]
        got = set(storage.nearest(query, 10)[0].tolist())
        recalls.append(len(got & set(_exact(storage, query, 10))) / 10)
    query = storage.vectors_of(storage.candidates_by_id([probes[0]]))[0]
    state = any_word.state(storage)
    return [
        {
            "word": "(any word)",
            "count": storage.info()["occurrences"],
            "kind": f"any-word k=10 ({'ANN' if state else 'exact'}; recall@10 "
            f"{np.mean(recalls):.3f} over {len(recalls)} queries)",
            **timed(lambda: storage.nearest(query, 10), repeats),
        }
    ]


def _words(storage: Index) -> set[str]:
    return {w for w in PLANTED if len(storage.candidates(w))}


def _exact(storage: Index, query: np.ndarray, k: int) -> list[int]:
    """Brute force over every occurrence, a chunk of decoded vectors at a time."""
    from sensegrep.embedder.base import unit_rows
    from sensegrep.storage.any_word import locations

    where = locations(storage, 0)
    query = query / np.linalg.norm(query)
    best_ids, best = np.zeros(0, np.int64), np.zeros(0, np.float32)
    for start in range(0, len(where), 500_000):
        part = where[start : start + 500_000]
        scores = unit_rows(storage.vectors(part[:, 1], part[:, 2])) @ query
        best_ids = np.concatenate([best_ids, part[:, 0]])
        best = np.concatenate([best, scores])
        keep = np.argsort(-best)[:k]
        best_ids, best = best_ids[keep], best[keep]
    return best_ids.tolist()


def timed(query: Callable[[], object], repeats: int, warm: bool = True) -> dict:
    if warm:
        query()  # first touch: page cache, SQLite cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    if len(times) == 1:
        return {"p50": times[0], "p95": times[0]}
    q = statistics.quantiles(times, n=20)
    return {"p50": statistics.median(times), "p95": q[18]}


def encoder_cost(repeats: int) -> float:
    """The real default encoder's time to embed one example sentence (ms, median)."""
    from sensegrep.embedder import embedder_for

    embedder = embedder_for(None)
    words = ["we", "had", "a", "picnic", "on", "the", "grassy", "bank", "of", "the", "river"]
    embedder.embed([words])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        embedder.embed([words])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# -- the text tier -------------------------------------------------------------------------

TEXT_BATCH = 200_000  # tokens per add_batch without vectors
TEXT_PATTERNS = [
    ('[pos="ADJ"] [pos="NOUN"]', "no literal"),
    ('[lemma="w1k"] []', "literal, 1k"),
    ('[pos="ADJ"] [lemma="w100k"]', "literal, 100k"),
    ('"v1" [] [lemma="w1m"]', "literal, 1M"),
    ('[word="w1.*"] [pos="NOUN"]', "regex"),
]


def text_only(args: argparse.Namespace) -> None:
    planted = {w: n for w, n in PLANTED.items() if n * 5 <= args.occurrences}
    with tempfile.TemporaryDirectory(prefix="sensegrep-text-") as tmp:
        folder = args.folder or Path(tmp) / "idx"
        if folder.exists():
            shutil.rmtree(folder)
        build = build_text_index(folder, args.occurrences, planted)
        disk = text_disk_use(folder, build["tokens"])
        queries = measure_text_queries(folder, planted, args.repeats)
        stats = statistics_section(folder, planted, args, key_senses=False)
    append(text_report(args, build, disk, queries) + stats, args.append)


def text_batches(total: int, planted: dict[str, int]) -> Iterator[list[PreparedDocument]]:
    """The same generated corpus as ``batches``, with no vector rows."""
    rng = np.random.default_rng(0)
    docs: list[PreparedDocument] = []
    pending: list[list[str]] = []
    tokens = doc_number = 0
    for sentence in sentences(total, planted, rng):
        pending.append(sentence)
        if len(pending) < SENTENCES_PER_DOC:
            continue
        docs.append(_text_document(doc_number, pending))
        tokens += SENTENCE * len(pending)
        doc_number += 1
        pending = []
        if tokens >= TEXT_BATCH:
            yield docs
            docs, tokens = [], 0
    if pending:
        docs.append(_text_document(doc_number, pending))
    if docs:
        yield docs


def _text_document(number: int, sentence_words: list[list[str]]) -> PreparedDocument:
    prepared = _document(number, sentence_words, 0)
    prepared.vector_rows = [[-1] * len(words) for words in sentence_words]
    return prepared


def build_text_index(folder: Path, total: int, planted: dict[str, int]) -> dict:
    from sensegrep.storage.manifest import TEXT_ONLY_ENCODER

    storing, tokens = 0.0, 0
    empty = np.zeros((0, 0), dtype=np.float32)
    started = time.perf_counter()
    with Index.open_for_writing(folder, TEXT_ONLY_ENCODER, vectors_for="none") as index:
        for docs in text_batches(total, planted):
            at = time.perf_counter()
            index.add_batch(docs, empty)
            storing += time.perf_counter() - at
            tokens += sum(len(s.tokens) for d in docs for s in d.document.sentences)
            if tokens % 1_000_000 < TEXT_BATCH:
                print(f"  {tokens:,} tokens stored ({tokens / storing:,.0f}/s)", file=sys.stderr)
        at = time.perf_counter()
        index.compact()
        compacting = time.perf_counter() - at
    return {
        "tokens": tokens,
        "storing_s": storing,
        "compacting_s": compacting,
        "wall_s": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def text_disk_use(folder: Path, tokens: int) -> dict:
    import sqlite3

    store = sum(p.stat().st_size for p in (folder / "tokens").iterdir())
    sqlite = sum(p.stat().st_size for p in folder.glob("index.sqlite*"))
    with sqlite3.connect(folder / "index.sqlite") as conn:
        text = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM documents").fetchone()[0]
    return {"store": store, "sqlite": sqlite, "text": text, "tokens": tokens}


def measure_text_queries(folder: Path, planted: dict[str, int], repeats: int) -> list[dict]:
    out = []
    with sensegrep.open(folder) as idx:
        for word, count in planted.items():
            kinds: dict[str, Callable[[], object]] = {
                "concordance k=20": lambda w=word: idx.search(w, k=20),
                "exact total": lambda w=word: idx.total(w),
                "where k=20": lambda w=word: idx.search(w, k=20, where={"genre": "news"}),
                "where, exact total": lambda w=word: idx.total(w, where={"genre": "news"}),
            }
            for kind, query in kinds.items():
                out.append({"word": word, "count": count, "kind": kind, **timed(query, repeats)})
        for pattern, what in TEXT_PATTERNS:
            if any(w not in planted for w in re.findall(r'lemma="(w\w+)"', pattern)):
                continue  # a planted word this corpus is too small for
            total = idx.total(cql=pattern)
            for kind, query in {
                "pattern k=20": lambda p=pattern: idx.search("", cql=p, k=20),
                "pattern, exact total": lambda p=pattern: idx.total(cql=p),
            }.items():
                row = {"word": f"`{pattern}` ({what})", "count": total, "kind": kind}
                out.append({**row, **timed(query, max(3, repeats // 5))})
    return out


def text_report(args: argparse.Namespace, build: dict, disk: dict, queries: list) -> str:
    n = build["tokens"]
    lines = [
        f"## bench-scale, text tier: {n:,} tokens without vectors "
        f"({time.strftime('%Y-%m-%d')}, commit {commit()})",
        "",
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_scale.py "
        f"--text-only --occurrences {args.occurrences}`: the generated corpus of bench-scale "
        "(10-token sentences, Zipf vocabulary, planted words), stored through the real "
        "storage path with no vectors (`index --vectors-for none`); tagging and reading "
        "files are not included (see bench-textonly for those).",
        "",
        "| build | value |",
        "|---|---|",
        f"| storage path | {n / build['storing_s']:,.0f} tokens/s "
        f"({build['storing_s']:,.0f} s for {n:,}) |",
        f"| compaction at the end | {build['compacting_s']:,.1f} s |",
        f"| token store on disk | {disk['store'] / 2**20:,.0f} MiB = "
        f"{disk['store'] / n:,.1f} bytes/token |",
        f"| SQLite on disk | {disk['sqlite'] / 2**20:,.0f} MiB = "
        f"{disk['sqlite'] / n:,.1f} bytes/token, of which the documents' text "
        f"{disk['text'] / 2**20:,.0f} MiB = {disk['text'] / n:,.1f} bytes/token |",
        f"| peak memory (max RSS) while building | {build['peak_rss_mb']:,.0f} MiB |",
        "",
        "| word or pattern | occurrences or matches | query | p50 ms | p95 ms |",
        "|---|---:|---|---:|---:|",
    ]
    for q in queries:
        lines.append(
            f"| {q['word']} | {q['count']:,} | {q['kind']} | {q['p50']:,.1f} | {q['p95']:,.1f} |"
        )
    lines.append(f"\nPeak memory of the whole run (max RSS): {peak_rss_mb():,.0f} MiB.\n")
    return "\n".join(lines)


# -- statistics (issue 24) ----------------------------------------------------------------


def statistics_cases(planted: dict[str, int], key_senses: bool) -> list[Case]:
    """freq, collocates and keywords on the generated corpus: its planted words are the
    nodes; the news documents (a quarter) the subcorpus and the keywords' focus."""
    news = {"genre": "news"}
    cases = [
        Case("freq --by lemma", "freq", options={"by": "lemma"}, target=TARGET_FREQ),
        Case("freq --by form", "freq", options={"by": "form"}),
        Case("freq --by lemma --where genre=news", "freq", options={"by": "lemma", "where": news}),
    ]
    for word, count in planted.items():
        target = TARGET_COLLOCATES if count == 10_000 else ""
        cases.append(Case(f"collocates {word}", "collocates", [word], target=target))
    if "w10k" in planted:
        every = "logdice,mi,mi3,t,z,ll,dice,logratio"
        cases += [
            Case("collocates w10k --measure (all 8) --window 10", "collocates", ["w10k"],
                 {"measure": every, "window": 10}),
            Case("collocates w10k --where genre=news", "collocates", ["w10k"], {"where": news}),
        ]  # fmt: skip
    cases += [
        Case("keywords --where genre=news", "keywords", options={"where": news}),
        Case("keywords --where genre=news --by form", "keywords",
             options={"where": news, "by": "form"}),
    ]  # fmt: skip
    if key_senses and "w10k" in planted:  # its run: stored by the senses queries above
        cases.append(Case("keywords --where genre=news --key-senses w10k", "keywords",
                          options={"where": news, "key_senses": ["w10k"]}))  # fmt: skip
    return cases


def statistics_section(
    folder: Path, planted: dict[str, int], args: argparse.Namespace, key_senses: bool
) -> str:
    """The statistics' timings on the index built, as a markdown subsection ("" when
    --stats-repeats is 0)."""
    if args.stats_repeats <= 0:
        return ""
    started = load()
    measured = time_statistics(folder, statistics_cases(planted, key_senses), args.stats_repeats)
    return "\n".join([
        "",
        f"### Corpus statistics on this index ({started} at the start, {load()} at the end)",
        "",
        statistics_table(measured, args.stats_repeats),
    ])  # fmt: skip


def statistics_of(folder: Path, args: argparse.Namespace) -> str:
    """The statistics section alone, on an index built before: its planted words, and
    the key senses of w10k when it has a stored sense run."""
    with sensegrep.open(folder) as idx:
        tokens = idx.storage.corpus_tokens()
        planted = {w: n for w, n in PLANTED.items() if _total(idx, w) == n}
        runs = idx.storage.manifest.vectors_for != "none" and idx.storage.sense_run_heads("w10k")
    return (
        f"## bench-scale's statistics on {folder} ({tokens:,} tokens), "
        f"{time.strftime('%Y-%m-%d')}, commit {commit()}\n\n"
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_scale.py "
        f"--statistics-of {folder} --stats-repeats {args.stats_repeats}`.\n"
        + statistics_section(folder, planted, args, key_senses=bool(runs))
    )


def _total(idx: sensegrep.SenseIndex, word: str) -> int:
    from sensegrep.errors import SensegrepError

    try:
        return idx.total(word)
    except SensegrepError:  # not in this index
        return 0


# -- the report ----------------------------------------------------------------------------


def report(args: argparse.Namespace, build: dict, disk: dict, queries: list, encoder_ms) -> str:
    n = build["occurrences"]
    lines = [
        f"## bench-scale: {n:,} occurrences ({time.strftime('%Y-%m-%d')}, commit {commit()})",
        "",
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/bench_scale.py "
        f"--occurrences {args.occurrences}`; vectors: seeded, two sense clusters per "
        f"lemma, dim {args.dim}; codec {args.codec or DEFAULT_CODEC}.",
        "",
        "| build | value |",
        "|---|---|",
        f"| storage path | {n / build['storing_s']:,.0f} occurrences/s "
        f"({build['storing_s']:,.0f} s for {n:,}) |",
        f"| compaction at the end | {build['compacting_s']:,.1f} s |",
        f"| search-across-words file (IVF-PQ) built | {build['ann_s']:,.1f} s, "
        f"{disk['ann_bytes'] / 2**20:,.0f} MiB = {disk['ann_per_token']:,.1f} bytes/token |",
        f"| SQLite on disk | {disk['sqlite_bytes'] / 2**20:,.0f} MiB = "
        f"{disk['sqlite_per_token']:,.1f} bytes/token |",
        f"| vectors on disk | {disk['vector_bytes'] / 2**20:,.0f} MiB = "
        f"{disk['vectors_per_token']:,.1f} bytes/token |",
        f"| peak memory (max RSS) while building | {build['peak_rss_mb']:,.0f} MiB |",
        "",
        "| word | occurrences | query | p50 ms | p95 ms |",
        "|---|---:|---|---:|---:|",
    ]
    for q in queries:
        lines.append(
            f"| {q['word']} | {q['count']:,} | {q['kind']} | {q['p50']:,.1f} | {q['p95']:,.1f} |"
        )
    if encoder_ms is not None:
        lines += [
            "",
            f"`example` queries above embed with the fake encoder (~0 ms); the real default "
            f"encoder adds {encoder_ms:,.1f} ms (median) to embed one example sentence.",
        ]
    lines.append(f"\nPeak memory of the whole run (max RSS): {peak_rss_mb():,.0f} MiB.\n")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
