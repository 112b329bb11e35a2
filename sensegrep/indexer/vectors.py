"""Vectors for chosen words (``sensegrep vectors add``): the sentences that hold the
tokens still without a vector, embedded a batch at a time and committed batch by batch.

What to embed comes from storage (adding_vectors.plan: the tokens an all-at-once index
gives vectors to, each sentence once whatever number of them it holds); one embed call
per batch lets the encoder batch across sentences, as the indexer's embed_occurrences
does. A run killed at any point loses at most the batch it was embedding: the next run
plans again and picks the tokens still without vectors.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from sensegrep import failpoints
from sensegrep.embedder.base import Embedder
from sensegrep.indexer.progress import progress_bar
from sensegrep.storage import Index
from sensegrep.storage.adding_vectors import Plan

# Vectors per committed batch: a few seconds to a minute of the encoder's work, so a
# kill loses little and the progress bar moves.
BATCH_VECTORS = 5_000


@dataclass
class VectorReport:
    lemmas: list[str] = field(default_factory=list)  # lemma keys that have every vector
    without_tokens: list[str] = field(default_factory=list)  # asked for; none gets one
    unknown: list[str] = field(default_factory=list)  # asked for; not in the index
    tokens: int = 0  # vectors added by this run
    sentences: int = 0  # sentences embedded
    batches: int = 0
    seconds: float = 0.0
    # Each word given that is a lemma of its own ("played"): the tokens written so that
    # have another lemma, by it ({"play": 15}; storage's Plan.written_otherwise).
    written_otherwise: dict[str, dict[str, int]] = field(default_factory=dict)
    # What the figures leave unsaid: those of them whose lemma has no vectors.
    notes: list[str] = field(default_factory=list)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


@dataclass
class VectorSelection:
    """Which lemmas to give vectors: ``words`` (by lemma; a form falls back to its
    lemma), ``every`` lemma, or those with ``min_count`` tokens (tagged ``pos``)."""

    words: Sequence[str] = ()
    every: bool = False
    pos: Sequence[str] = ()
    min_count: int = 1

    def plan(self, index: Index, all_tokens: bool, lang: str = "en") -> Plan:
        """The tokens of these lemmas still without a vector, and their sentences."""
        return index.plan_vectors(
            self.words,
            every=self.every,
            pos=self.pos,
            min_count=self.min_count,
            all_tokens=all_tokens,
            lang=lang,
        )


def add_vectors(
    index: Index,
    embedder: Embedder,
    selection: VectorSelection,
    all_tokens: bool,
    *,
    lang: str = "en",
    progress: bool | None = None,
    batch_vectors: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    plan: Plan | None = None,
) -> VectorReport:
    """Embed the selected lemmas' tokens still without a vector into ``index`` (open for
    writing, its encoder taken: Index.take_encoder), then bring the any-word ANN file up
    to date. ``on_progress(done, total)``: told the tokens to embed, then after each
    committed batch (the web app shows it). ``plan``: the selection's plan, when the
    caller has made it already (planning reads every token of the lemmas)."""
    started = time.perf_counter()
    plan = plan or selection.plan(index, all_tokens, lang)
    report = VectorReport(plan.lemmas, plan.without_tokens, plan.unknown)
    report.written_otherwise = plan.written_otherwise
    size = batch_vectors or BATCH_VECTORS
    told = on_progress or (lambda done, total: None)
    told(0, plan.tokens)
    with progress_bar(plan.tokens, "embedding", enabled=progress) as bar:
        bar.unit = "tok"
        for batch in plan.batches(index, size):
            failpoints.reach("vectors:before-embed")
            vectors = _embedded(embedder, batch.sentences, batch.picks)
            index.write_vectors(batch, vectors)
            report.tokens += len(batch)
            report.sentences += len(batch.sentences)
            report.batches += 1
            bar.update(len(batch))
            told(report.tokens, plan.tokens)
    index.mark_complete(plan.lemmas)
    # Also when this run added nothing: a killed run's last batch may have committed
    # without the compaction and ANN update that follow (ann_pending left behind).
    index.compact()
    index.update_ann()
    report.seconds = time.perf_counter() - started
    return report


def _embedded(
    embedder: Embedder, sentences: list[list[str]], picks: list[np.ndarray]
) -> np.ndarray:
    """The vectors of the picked tokens, sentence after sentence: one embed call."""
    embedded = embedder.embed(sentences)
    parts = [np.asarray(vecs)[pick] for vecs, pick in zip(embedded, picks, strict=True)]
    if not parts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.concatenate(parts).astype(np.float32, copy=False)
