"""Readers in other processes while an index run adds batches, replaces edited documents
and compacts: every search and every `info` succeeds (issue 10: ≈1 in 240 searches and 1
in 1,400 `info` calls used to fail while shards were merged)."""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path

import sensegrep
from sensegrep.embedder.fake import FakeEmbedder
from sensegrep.indexer.pipeline import Indexer, IndexOptions
from sensegrep.search.engine import Searcher, SearchRequest
from sensegrep.storage import Index, checking

from ..helpers import write_jsonl

READS_PER_READER = 300  # × 2 readers × (search + info) = 1,200 reads


def _corpus(folder: Path, run: int) -> Path:
    """12 new documents, and the previous run's 12 edited: each run replaces 12."""
    docs = [
        {"id": f"r{run}-{n}", "text": f"The bank of river {run} number {n} was muddy."}
        for n in range(12)
    ]
    docs += [
        {"id": f"r{run - 1}-{n}", "text": f"The bank of river {run - 1} was edited {n} times."}
        for n in range(12 if run else 0)
    ]
    return write_jsonl(folder / f"run{run}.jsonl", docs)


def _writer(folder: str, corpus_dir: str, stop: multiprocessing.Event) -> None:
    embedder, run = FakeEmbedder(16), 1
    while not stop.is_set() and run < 400:
        with Index.open_for_writing(Path(folder), embedder.config) as index:
            options = IndexOptions(batch_occurrences=4, progress=False)  # many shards
            Indexer(index, embedder, options).run([_corpus(Path(corpus_dir), run)])
            index.compact(max_shards=1)  # merge on every run
        run += 1


def _reader(folder: str, results: multiprocessing.Queue) -> None:
    failures, reads = [], 0
    with Index.open(Path(folder)) as index:
        searcher = Searcher(index, lambda: FakeEmbedder(16))
        for n in range(READS_PER_READER):
            for read in ("search", "info"):
                try:
                    if read == "search":
                        request = SearchRequest("bank", example="the [[bank]] of the river")
                        hits = searcher.search(request)
                        assert hits and all(h.occurrence.lemma == "bank" for h in hits)
                    else:
                        assert index.info()["occurrences"] > 0
                except Exception:  # every failure is what this test counts
                    failures.append(f"{read} #{n}: {traceback.format_exc(limit=3)}")
                reads += 1
    results.put((reads, failures))


def test_readers_never_fail_while_a_writer_adds_replaces_and_compacts(tmp_path: Path):
    folder, corpus_dir = tmp_path / "idx", tmp_path / "corpus"
    corpus_dir.mkdir()
    embedder = FakeEmbedder(16)
    with Index.open_for_writing(folder, embedder.config) as index:
        Indexer(index, embedder, IndexOptions(progress=False)).run([_corpus(corpus_dir, 0)])
    ctx = multiprocessing.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    writer = ctx.Process(target=_writer, args=(str(folder), str(corpus_dir), stop))
    readers = [ctx.Process(target=_reader, args=(str(folder), results)) for _ in range(2)]
    writer.start()
    for reader in readers:
        reader.start()
    outcomes = [results.get(timeout=600) for _ in readers]
    stop.set()
    for process in [*readers, writer]:
        process.join(timeout=120)
    reads = sum(n for n, _ in outcomes)
    failures = [f for _, fs in outcomes for f in fs]
    assert reads >= 1000
    assert not failures, f"{len(failures)} of {reads} reads failed:\n" + "\n".join(failures[:3])
    assert writer.exitcode == 0
    with Index.open(folder) as index:  # the writer really compacted while we read
        assert index.info()["shards"] == 1


def test_info_counts_one_state_of_an_index_another_process_adds_to(tmp_path: Path, monkeypatch):
    """`info` counts in several statements; a batch committed between two of them gave
    the documents of one state over the tokens and lemmas of the next ("45 documents,
    1,703 tokens" when those 45 hold 1,568). The write is made between two of them."""
    corpus = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "The bank lends."}])
    more = write_jsonl(tmp_path / "b.jsonl", [{"id": "b", "text": "Old river bank and weir."}])
    sensegrep.add(tmp_path / "idx", corpus, model="fake:16")
    original, done = checking._text_only_lemmas, []

    def lemmas_after_a_write(*args, **kwargs):
        if not done:
            done.append(True)
            sensegrep.add(tmp_path / "idx", more, model="fake:16")
        return original(*args, **kwargs)

    monkeypatch.setattr(checking, "_text_only_lemmas", lemmas_after_a_write)
    with Index.open(tmp_path / "idx") as index:
        info = index.info()
    # the bank lend . + old river and weir: 4 + 6 tokens, 8 lemmas, in 2 documents
    assert (info["documents"], info["tokens"], info["lemmas"]) == (2, 10, 8)
