"""`make bench`: indexing speed against the bare forward pass, query latency, disk, memory.

Measured, never asserted: these machines are shared and noisy. Prints a markdown
section and, with --append FILE, appends it with the machine and commit.

    .venv/bin/python benchmarks/bench.py --precisions --runtimes --append BENCHMARKS.md

--runtimes times end-to-end indexing of the default encoder in each runtime, precision
and thread setting side by side (b0cffb4's default, torch bf16 on the one thread that
FAISS's OpenMP setting left it, is the reference), with the vectors' cosine to torch
fp32 and dev quality (CoarseWSD-20 P@10, WiC) on a fixed seeded subset.

Indexing uses the first --docs documents of SemCor (../shared/data) when present, else
the example corpus. Query latency uses a synthetic index (seeded random vectors) with
words of 100, 10,000 and 100,000 occurrences, answered by the real search path with the
real encoder embedding each example.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from _common import commit, machine  # noqa: E402  (bench_ray.py imports them from here)

import sensegrep  # noqa: E402
from sensegrep.document import Document, Sentence, Token, is_indexable  # noqa: E402
from sensegrep.embedder import load_embedder  # noqa: E402
from sensegrep.embedder.alignment import length_batches  # noqa: E402
from sensegrep.embedder.models import resolve_model  # noqa: E402
from sensegrep.embedder.threads import encoder_threads, set_encoder_threads  # noqa: E402
from sensegrep.embedder.transformer import TOKEN_BUDGET  # noqa: E402
from sensegrep.evaluate.report import describe  # noqa: E402
from sensegrep.indexer.pipeline import Indexer, IndexOptions  # noqa: E402
from sensegrep.indexer.readers import read_documents  # noqa: E402
from sensegrep.storage import Index, PreparedDocument  # noqa: E402

SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
SEMCOR = SHARED / "semcor" / "semcor.data.xml"


def corpus_documents(n_docs: int) -> tuple[str, list[Document]]:
    if SEMCOR.exists():
        docs = []
        for item in read_documents(SEMCOR, "raganato"):
            if isinstance(item, Document):
                docs.append(item)
            if len(docs) == n_docs:
                break
        return f"SemCor, first {len(docs)} documents", docs
    path = REPO / "examples" / "corpus.jsonl"
    docs = [d for d in read_documents(path, "jsonl") if isinstance(d, Document)]
    return "examples/corpus.jsonl", docs


# The default before issue 9 (minilm + minilm-semcor, fp32): the speed floor's reference.
PREVIOUS_DEFAULT = {"model": "minilm", "precision": "fp32"}


def bench_indexing(n_docs: int, repeats: int = 3) -> dict:
    """End-to-end indexing with the default encoder vs the bare forward pass of the same
    model in the same precision, and vs the previous default end to end; same sentences."""
    source, docs = corpus_documents(n_docs)
    embedder = load_embedder()
    previous = load_embedder(**PREVIOUS_DEFAULT)
    sentences = [
        s.words for d in docs for s in d.sentences if any(is_indexable(t, False) for t in s.tokens)
    ]
    tokens = sum(len(s.tokens) for d in docs for s in d.sentences)
    embedder.embed(sentences[:16])  # warm-up
    previous.embed(sentences[:16])
    config = embedder.config

    # Alternate the measurements and keep the best of each: the machine is shared, and
    # the fastest run is the one least disturbed by other work.
    bare_runs, e2e_runs, previous_runs = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "docs.vrt"
        write_vrt(docs, corpus)  # the same tokens, POS and lemmas, through the real pipeline
        for attempt in range(repeats):
            bare_runs.append(bare_forward_seconds(sentences, config.model, config.precision))
            for runs, encoder in ((e2e_runs, embedder), (previous_runs, previous)):
                folder = Path(tmp) / f"idx{attempt}-{len(runs)}-{id(encoder)}"
                started = time.perf_counter()
                with Index.open_for_writing(folder, encoder.config) as idx:
                    report = Indexer(idx, encoder, IndexOptions(progress=False)).run([corpus])
                runs.append(time.perf_counter() - started)
                if encoder is embedder:
                    with Index.open(folder) as idx:
                        info = idx.info()
                        occurrences = report.occurrences
    bare, e2e, before = min(bare_runs), min(e2e_runs), min(previous_runs)
    return {
        "source": source,
        "repeats": repeats,
        "model": describe(config),
        "previous": describe(previous.config),
        "documents": len(docs),
        "tokens": tokens,
        "occurrences": occurrences,
        "e2e_s": e2e,
        "bare_s": bare,
        "previous_s": before,
        "e2e_tok_s": tokens / e2e,
        "bare_tok_s": tokens / bare,
        "previous_tok_s": tokens / before,
        "ratio": bare / e2e,
        "speed_vs_previous": before / e2e,
        "bytes_per_occurrence": info["bytes_per_occurrence"],
        "disk_bytes": info["disk_bytes"],
    }


def write_vrt(docs: list[Document], path: Path) -> None:
    """The same tokens, POS and lemmas as a VRT file, so indexing sees the same sentences."""
    with path.open("w", encoding="utf-8") as out:
        for d in docs:
            out.write(f'<text id="{d.id}">\n')
            for sentence in d.sentences:
                out.write("<s>\n")
                for t in sentence.tokens:
                    out.write(f"{t.form}\t{t.pos or 'X'}\t{t.lemma or t.form}\n")
                out.write("</s>\n")
            out.write("</text>\n")


@functools.cache
def _bare_model(model: str, precision: str) -> tuple[Any, Any]:
    from transformers import AutoModel, AutoTokenizer

    from sensegrep.embedder.transformer import to_precision

    _, source = resolve_model(model)
    tokenizer = AutoTokenizer.from_pretrained(source)
    return tokenizer, to_precision(AutoModel.from_pretrained(source).eval(), precision)


def bare_forward_seconds(
    sentences: list[list[str]], model: str, precision: str, token_budget: int = TOKEN_BUDGET
) -> float:
    """Tokenise + forward with plain transformers, batches grouped by length the same way."""
    import torch

    tokenizer, model = _bare_model(model, precision)
    started = time.perf_counter()
    lengths = [
        len(ids) + 2
        for ids in tokenizer(sentences, is_split_into_words=True, add_special_tokens=False)[
            "input_ids"
        ]
    ]
    with torch.inference_mode():
        for batch in length_batches(lengths, token_budget):
            enc = tokenizer(
                [sentences[i] for i in batch],
                is_split_into_words=True,
                padding=True,
                truncation=True,
                return_tensors="pt",
            )
            model(**enc, output_hidden_states=True)
    return time.perf_counter() - started


def bench_queries(repeats: int) -> list[dict]:
    """Latency of `search WORD --example …` on a synthetic index of 110,100 occurrences."""
    embedder = load_embedder()
    sizes = {"rare": 100, "common": 10_000, "frequent": 100_000}
    rng = np.random.default_rng(0)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "idx"
        with Index.open_for_writing(folder, embedder.config) as idx:
            for word, count in sizes.items():
                for start in range(0, count, 20_000):
                    n = min(20_000, count - start)
                    docs, vectors = synthetic_batch(word, start, n, embedder.dim, rng)
                    idx.add_batch(docs, vectors)
            idx.compact(max_shards=1)
        with sensegrep.open(folder, embedder=embedder) as idx:  # the library API
            for word, count in sizes.items():
                example = f"a [[{word}]] in a sentence"
                # Warm-up (mmap, SQLite cache) by plain cosine; then the first centred
                # query, which computes the word's centre once for this index state.
                idx.search(word, example, k=20, scoring="cosine")
                started = time.perf_counter()
                idx.search(word, example, k=20)
                first_ms = (time.perf_counter() - started) * 1000
                times: dict[str, list[float]] = {"cosine": [], "centred": []}
                for _ in range(repeats):  # the two scorings alternate: same conditions
                    for scoring, kept in times.items():
                        started = time.perf_counter()
                        idx.search(word, example, k=20, scoring=scoring)
                        kept.append((time.perf_counter() - started) * 1000)
                row = {"word": word, "occurrences": count, "first_centred_ms": first_ms}
                for scoring, kept in times.items():
                    row[f"{scoring}_p50_ms"] = statistics.median(kept)
                    row[f"{scoring}_p95_ms"] = statistics.quantiles(kept, n=20)[18]
                # Ranking alone (no encoder): --like a stored occurrence.
                like = [idx.search(word, example, k=1)[0].id]
                ranking: dict[str, list[float]] = {"cosine": [], "centred": []}
                for _ in range(repeats):
                    for scoring, kept in ranking.items():
                        started = time.perf_counter()
                        idx.search(word, like=like, k=20, scoring=scoring)
                        kept.append((time.perf_counter() - started) * 1000)
                for scoring, kept in ranking.items():
                    row[f"like_{scoring}_p50_ms"] = statistics.median(kept)
                row["p50_ms"], row["p95_ms"] = row["centred_p50_ms"], row["centred_p95_ms"]
                results.append(row)
    return results


def synthetic_batch(word: str, start: int, n: int, dim: int, rng: np.random.Generator):
    docs = []
    for i in range(start, start + n):
        text = f"doc {i} has one {word} here"
        tokens, pos = [], 0
        for form in text.split():
            tokens.append(Token(form, pos, pos + len(form), lemma=form, pos="NOUN"))
            pos += len(form) + 1
        doc = Document(id=f"{word}-{i}", text=text, sentences=[Sentence(tokens)])
        rows = [-1, -1, -1, -1, 0, -1]
        docs.append((doc, rows))
    prepared, vectors = [], rng.standard_normal((n, dim)).astype(np.float32)
    for k, (doc, rows) in enumerate(docs):
        prepared.append(
            PreparedDocument(doc, f"{doc.id}", "synthetic", [[k if r == 0 else -1 for r in rows]])
        )
    return prepared, vectors


def shown_command() -> str:
    return ".venv/bin/python benchmarks/bench.py " + " ".join(sys.argv[1:])


def report(indexing: dict, queries: list[dict]) -> str:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## make bench — {when}, commit {commit()}",
        "",
        f"Machine: {machine()}. Command: `make bench` (`{shown_command()}`).",
        "",
        f"**Indexing** ({indexing['source']}: {indexing['documents']} documents, "
        f"{indexing['tokens']:,} tokens, {indexing['occurrences']:,} occurrences; default "
        f"model {indexing['model']})",
        "",
        "| measure | value |",
        "|---|---|",
        f"| end-to-end indexing (best of {indexing['repeats']}) | "
        f"{indexing['e2e_tok_s']:,.0f} tokens/s "
        f"({indexing['e2e_s']:.1f} s) |",
        f"| bare forward pass in torch (plain transformers), same model, precision and "
        f"sentences (best of {indexing['repeats']}) | "
        f"{indexing['bare_tok_s']:,.0f} tokens/s "
        f"({indexing['bare_s']:.1f} s) |",
        "| ratio end-to-end / bare torch (target ≥ 0.9; above 1 when the runtime is faster) | "
        f"{indexing['ratio']:.2f} |",
        f"| previous default end-to-end, {indexing['previous']} (best of "
        f"{indexing['repeats']}) | {indexing['previous_tok_s']:,.0f} tokens/s "
        f"({indexing['previous_s']:.1f} s) |",
        f"| default / previous default, end-to-end (floor ≥ 0.5) | "
        f"{indexing['speed_vs_previous']:.2f} |",
        f"| disk per occurrence (SQLite + vectors) | "
        f"{indexing['bytes_per_occurrence']:,.0f} bytes |",
        f"| peak memory of this benchmark process | {peak_mb:,.0f} MB |",
        "",
    ]
    return "\n".join(lines) + "\n" + query_report(queries)


def query_report(queries: list[dict]) -> str:
    lines = [
        "**Query latency** (`search WORD --example … -k 20`, encoder loaded, synthetic index; "
        "target p50 ≤ 50 ms at 10,000 occurrences; the default centred scoring and "
        "`--scoring cosine` alternating in one run; first centred: the query that computes "
        "the word's centre, once per index state)",
        "",
        "| occurrences of the word | p50 (default: centred) | p95 | p50 `--scoring cosine` "
        "| p95 | first centred query | `--like ID` p50, centred | `--like ID` p50, cosine |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {q['occurrences']:,} | {q['centred_p50_ms']:.1f} ms | {q['centred_p95_ms']:.1f} ms "
        f"| {q['cosine_p50_ms']:.1f} ms | {q['cosine_p95_ms']:.1f} ms "
        f"| {q['first_centred_ms']:.1f} ms | {q['like_centred_p50_ms']:.1f} ms "
        f"| {q['like_cosine_p50_ms']:.1f} ms |"
        for q in queries
    ]
    return "\n".join(lines) + "\n"


def bench_precisions(n_docs: int, repeats: int = 3) -> str:
    """Encoder speed of each preset in each precision on the same sentences, side by
    side (runs alternate, best of ``repeats``), with the vectors' cosine to fp32's."""
    source, docs = corpus_documents(n_docs)
    sentences = [s.words for d in docs for s in d.sentences]
    words = sum(len(s) for s in sentences)
    settings = [(m, p) for m in ("minilm", "mpnet") for p in ("fp32", "bf16", "int8")]
    # torch throughout: the runtimes have their own section (--runtimes).
    encoders = {key: load_embedder(key[0], precision=key[1], runtime="torch") for key in settings}
    outputs, runs = {}, {key: [] for key in settings}
    for _ in range(repeats):
        for key, encoder in encoders.items():
            started = time.perf_counter()
            outputs[key] = np.concatenate(encoder.embed(sentences))
            runs[key].append(time.perf_counter() - started)
    reference = min(runs[("minilm", "fp32")])
    lines = [
        f"**Encoder precision** ({source}: {len(sentences):,} sentences, {words:,} words; "
        f"each preset with its default projection; best of {repeats}, runs alternating)",
        "",
        "| model | precision | words/s | speed vs minilm fp32 | cosine to fp32 (mean / min) |",
        "|---|---|---|---|---|",
    ]
    for key in settings:
        a, b = outputs[key], outputs[(key[0], "fp32")]
        cos = np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        best = min(runs[key])
        lines.append(
            f"| {key[0]} | {key[1]} | {words / best:,.0f} | {reference / best:.2f} | "
            f"{cos.mean():.4f} / {cos.min():.4f} |"
        )
    return "\n".join(lines) + "\n"


# (label, load_embedder settings, encoder threads; None = every usable core). The first
# is b0cffb4's default as it ran: storage set OpenMP, shared with torch, to one thread.
RUNTIME_SETTINGS: list[tuple[str, dict[str, str], int | None]] = [
    ("b0cffb4 default: torch bf16, 1 thread", {"runtime": "torch", "precision": "bf16"}, 1),
    ("torch bf16, thread fix", {"runtime": "torch", "precision": "bf16"}, None),
    ("torch fp32, thread fix", {"runtime": "torch", "precision": "fp32"}, None),
    ("onnx fp32 (new default)", {"runtime": "onnx", "precision": "fp32"}, None),
    ("onnx int8", {"runtime": "onnx", "precision": "int8"}, None),
]
REFERENCE = "torch fp32, thread fix"
COSINE_SENTENCES = 60
QUALITY_FOR: list[str] = []  # labels whose quality is measured (--quality-for; default all)


def semcor_sentences(n: int) -> list[Document]:
    """The first ``n`` SemCor sentences (those with a content word), one a document."""
    if not SEMCOR.exists():
        raise SystemExit(f"--runtimes needs SemCor at {SEMCOR}")
    found: list[Document] = []
    for item in read_documents(SEMCOR, "raganato"):
        if not isinstance(item, Document):
            continue
        for k, sentence in enumerate(item.sentences):
            if any(is_indexable(t, False) for t in sentence.tokens):
                found.append(Document(f"{item.id}.s{k}", item.text, [sentence], item.metadata))
            if len(found) == n:
                return found
    return found


def bench_runtimes(n_sentences: int, repeats: int, quality: bool) -> str:
    """End-to-end indexing speed of each RUNTIME_SETTINGS entry on the same sentences
    (runs alternate, best of ``repeats``), its vectors' cosine to torch fp32's, and
    (``quality``) dev CoarseWSD-20 P@10 and WiC on a fixed seeded subset."""
    docs = semcor_sentences(n_sentences)
    tokens = sum(len(s.tokens) for d in docs for s in d.sentences)
    sentences = [s.words for d in docs for s in d.sentences]
    cosine_sample = sentences[:COSINE_SENTENCES]
    encoders = {label: load_embedder(**settings) for label, settings, _ in RUNTIME_SETTINGS}
    threads = {label: count for label, _, count in RUNTIME_SETTINGS}
    runs: dict[str, list[float]] = {label: [] for label in encoders}
    vectors: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "sentences.vrt"
        write_vrt(docs, corpus)
        for label, encoder in encoders.items():
            set_encoder_threads(threads[label])
            encoder.embed(sentences[:16])  # warm-up
            vectors[label] = np.concatenate(encoder.embed(cosine_sample))
        for attempt in range(repeats):
            for label, encoder in encoders.items():
                set_encoder_threads(threads[label])
                folder = Path(tmp) / f"idx-{attempt}-{len(runs[label])}-{id(encoder)}"
                started = time.perf_counter()
                with Index.open_for_writing(folder, encoder.config) as idx:
                    Indexer(idx, encoder, IndexOptions(progress=False)).run([corpus])
                runs[label].append(time.perf_counter() - started)
                print(f"  {label}: {tokens / runs[label][-1]:,.0f} tokens/s", file=sys.stderr)
        scores = {}
        if quality:
            for label, encoder in encoders.items():
                if QUALITY_FOR and label not in QUALITY_FOR:
                    continue
                set_encoder_threads(threads[label])
                scores[label] = dev_quality(encoder)
                print(f"  {label}: {scores[label]}", file=sys.stderr)
    set_encoder_threads(None)
    base = min(runs[RUNTIME_SETTINGS[0][0]])
    lines = [
        f"**Encoder runtimes** (SemCor, first {len(docs):,} sentences, one a document: "
        f"{tokens:,} tokens; model {describe(encoders[RUNTIME_SETTINGS[0][0]].config)} "
        f"in the runtime and precision shown; end-to-end indexing, best of {repeats}, runs "
        f"alternating; {encoder_threads()} encoder threads after the fix; cosine to torch "
        f"fp32 over the {sum(len(s) for s in cosine_sample):,} words of the first "
        f"{len(cosine_sample)} sentences; quality: {quality_note()})",
        "",
        "| configuration | tokens/s | speed vs b0cffb4 default | cosine to torch fp32 "
        "(mean / min) | CoarseWSD-20 P@10 | WiC dev acc |",
        "|---|---|---|---|---|---|",
    ]
    for label in encoders:
        best = min(runs[label])
        cosine = "-"
        if REFERENCE in vectors:
            cos = row_cosines(vectors[label], vectors[REFERENCE])
            cosine = f"{cos.mean():.5f} / {cos.min():.5f}"
        quality = " | ".join(f"{100 * x:.1f}" for x in scores.get(label, ())) or "- | -"
        lines.append(
            f"| {label} | {tokens / best:,.0f} | {base / best:.2f}x | {cosine} | {quality} |"
        )
    return "\n".join(lines) + "\n"


def row_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


QUALITY_SEED = 0
QUALITY_SUBSET = {"per_sense": 30, "wic_train": 1000, "wic_dev": 0}  # 0: all dev pairs


def quality_note() -> str:
    per_sense, wic_train = QUALITY_SUBSET["per_sense"], QUALITY_SUBSET["wic_train"]
    dev = QUALITY_SUBSET["wic_dev"]
    dev_pairs = f"{dev} pairs drawn with seed {QUALITY_SEED}" if dev else "all 638 pairs"
    return (
        f"CoarseWSD-20 P@10 as `sensegrep eval retrieval --per-sense {per_sense} --seed "
        f"{QUALITY_SEED}`; WiC dev ({dev_pairs}) "
        f"with the threshold fitted on {wic_train} train pairs drawn with seed {QUALITY_SEED}: "
        "the same subset for every configuration"
    )


def dev_quality(encoder: Any) -> tuple[float, float]:
    """(CoarseWSD-20 P@10, WiC dev accuracy) on the fixed seeded subset."""
    from sensegrep.evaluate import retrieval, wic

    retrieved = retrieval.evaluate(
        encoder, SHARED / "coarsewsd20", per_sense=QUALITY_SUBSET["per_sense"], seed=QUALITY_SEED
    )
    train_pairs, train_gold = wic.read_wic(SHARED / "wic" / "train")
    order = np.random.default_rng(QUALITY_SEED).permutation(len(train_pairs))
    pick = order[: QUALITY_SUBSET["wic_train"]]
    pick.sort()
    train_scores = wic.cosines(encoder, [train_pairs[i] for i in pick])
    threshold = wic.fit_threshold(train_scores, train_gold[pick])
    test_pairs, test_gold = wic.read_wic(SHARED / "wic" / "dev")
    if QUALITY_SUBSET["wic_dev"]:
        keep = np.random.default_rng(QUALITY_SEED).permutation(len(test_pairs))
        keep = np.sort(keep[: QUALITY_SUBSET["wic_dev"]])
        test_pairs, test_gold = [test_pairs[i] for i in keep], test_gold[keep]
    accuracy = wic.accuracy(wic.cosines(encoder, test_pairs), test_gold, threshold)
    return retrieved.mean("precision"), accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20, help="SemCor documents to index")
    parser.add_argument("--repeats", type=int, default=30, help="queries per word")
    parser.add_argument("--append", type=Path, help="append the report to this markdown file")
    parser.add_argument(
        "--precisions",
        action="store_true",
        help="also time every preset in every precision (a few minutes more)",
    )
    parser.add_argument(
        "--runtimes",
        action="store_true",
        help="also time the default encoder in every runtime, with dev quality (~20 min)",
    )
    parser.add_argument("--sentences", type=int, default=1500, help="SemCor sentences (runtimes)")
    parser.add_argument("--runtime-repeats", type=int, default=2, help="runs per runtime")
    parser.add_argument("--no-quality", action="store_true", help="runtimes without quality")
    parser.add_argument("--per-sense", type=int, default=30, help="CoarseWSD-20 subset (quality)")
    parser.add_argument("--wic-train", type=int, default=1000, help="WiC train pairs (quality)")
    parser.add_argument("--wic-dev", type=int, default=0, help="WiC dev pairs (0: all)")
    parser.add_argument(
        "--configs", help="comma-separated RUNTIME_SETTINGS numbers to run (default: all)"
    )
    parser.add_argument(
        "--quality-for", help="comma-separated RUNTIME_SETTINGS numbers to score (default: all)"
    )
    parser.add_argument(
        "--only-runtimes", action="store_true", help="skip the indexing and query sections"
    )
    parser.add_argument(
        "--only-queries", action="store_true", help="only the query latency section"
    )
    args = parser.parse_args()
    QUALITY_SUBSET.update(per_sense=args.per_sense, wic_train=args.wic_train, wic_dev=args.wic_dev)
    if args.quality_for:
        QUALITY_FOR.extend(RUNTIME_SETTINGS[int(n)][0] for n in args.quality_for.split(","))
    if args.configs:
        chosen = [RUNTIME_SETTINGS[int(n)] for n in args.configs.split(",")]
        RUNTIME_SETTINGS[:] = chosen
    if args.only_runtimes:
        text = bench_runtimes(args.sentences, args.runtime_repeats, not args.no_quality)
        print(text)
        if args.append:
            header = f"## make bench (runtimes) — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
            header += f"commit {commit()}\n\nMachine: {machine()}. Command: `{shown_command()}`\n\n"
            with args.append.open("a", encoding="utf-8") as out:
                out.write("\n" + header + text)
        return
    if args.only_queries:
        print(query_report(bench_queries(args.repeats)))
        return
    indexing = bench_indexing(args.docs)
    queries = bench_queries(args.repeats)
    text = report(indexing, queries)
    if args.precisions:
        text += "\n" + bench_precisions(max(2, args.docs // 4))
    if args.runtimes:
        text += "\n" + bench_runtimes(args.sentences, args.runtime_repeats, not args.no_quality)
    print(text)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
