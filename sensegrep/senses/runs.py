"""Sense runs: the induced senses of one lemma (:class:`SenseRun`, its :class:`Sense`
clusters), kept in the index (tables ``sense_runs``, ``sense_clusters`` and
``sense_members``). The SQL is in sensegrep/storage/senses.py (methods of
:class:`~sensegrep.storage.Index`).

A run is reused while the word's occurrences are the ones it was computed from (same
sha256 of their ids) and the method is the same; otherwise it is recomputed and replaces
the stale one. Storing is best effort: an index that cannot be written (read-only files,
another process holding the write lock too long) still gets its senses, just not kept.
"""

from __future__ import annotations

import hashlib
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
