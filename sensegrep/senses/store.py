"""Induced senses kept in the index (tables ``sense_runs``, ``sense_clusters`` and
``sense_members``), and the reads that sense induction needs. The SQL is in
sensegrep/storage/senses.py and storage/corpus.py (methods of
:class:`~sensegrep.storage.Index`).

A run is reused while the word's occurrences are the ones it was computed from (same
sha256 of their ids) and the method is the same; otherwise it is recomputed and replaces
the stale one. Storing is best effort: an index that cannot be written (read-only files,
another process holding the write lock too long) still gets its senses, just not kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sensegrep.storage import Index


@dataclass
class Sense:
    """One induced sense: number (from 1, biggest first), size, typical occurrence ids
    (best first) and distinctive collocates (lemma, score; best first)."""

    number: int
    size: int
    examples: list[int]
    collocates: list[tuple[str, float]]


@dataclass
class SenseRun:
    """The senses of one lemma: ``ids`` its occurrences (corpus order), ``senses[i]`` the
    sense number of ``ids[i]``."""

    lemma: str
    requested: int | None
    fingerprint: str
    method: str
    ids: np.ndarray
    senses: np.ndarray
    clusters: list[Sense]
    details: dict[str, Any] = field(default_factory=dict)
    stored: bool = False

    @property
    def k(self) -> int:
        return len(self.clusters)


def fingerprint(ids: np.ndarray) -> str:
    """What a run depends on: exactly these occurrences (ids never change or get reused)."""
    return hashlib.sha256(np.ascontiguousarray(ids, dtype=np.int64).tobytes()).hexdigest()


def load_run(
    index: Index, lemma: str, requested: int | None, method: str, print_: str
) -> SenseRun | None:
    """The stored run for this lemma and requested k, or None when absent or stale."""
    stored = index.load_sense_run(lemma, requested, print_, method)
    if stored is None:
        return None
    return SenseRun(
        lemma=lemma,
        requested=requested,
        fingerprint=stored.fingerprint,
        method=stored.method,
        ids=stored.ids,
        senses=stored.senses,
        clusters=[Sense(*cluster) for cluster in stored.clusters],
        details=stored.details,
        stored=True,
    )


def save_run(index: Index, run: SenseRun) -> bool:
    """Store ``run`` in place of any earlier one for its lemma and requested k; False when
    the index cannot be written (the run is then simply not kept)."""
    if not index.save_sense_run(run):
        return False
    run.stored = True
    return True


# -- reads for induction and reports ------------------------------------------------------


def sentence_lemmas(index: Index, ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
    """For each occurrence: (lemma, POS) of the other tokens of its sentence."""
    return index.sentence_lemmas(ids)


def sentence_frequencies(index: Index, lemmas: Sequence[str]) -> tuple[dict[str, int], int]:
    """In how many sentences of the whole corpus each lemma (lower-cased) occurs, and the
    number of sentences: the reference for the collocates of a one-sense word."""
    return index.sentence_frequencies(lemmas)


def field_values(index: Index, ids: Sequence[int], field_name: str) -> dict[int, Any]:
    """The document metadata value ``field_name`` of each occurrence (None when absent;
    objects and arrays as JSON text)."""
    return index.field_values(ids, field_name)


def metadata_fields(index: Index, limit: int = 20) -> list[str]:
    """Names of document metadata fields in the index (for error messages)."""
    return index.metadata_fields(limit)


def token_labels(index: Index, ids: Sequence[int]) -> dict[int, str | None]:
    """The stored sense label (from the input) of each occurrence."""
    return index.token_labels(ids)
