"""The annotation queue: which occurrences of a word an annotator should label next.

The least confident proposals of ``classify`` first when the word has labelled
occurrences (active learning), else its unlabelled occurrences taken in turn from each
induced sense, so that every sense is seen early. Built on the library API only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sensegrep.api import Hit, SenseIndex


@dataclass
class QueueItem:
    hit: Hit
    guess: str | None = None  # the label classify proposes
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        record = self.hit.to_dict()
        record["guess"] = self.guess
        record["confidence"] = None if self.confidence is None else round(self.confidence, 4)
        return record


def annotation_queue(index: SenseIndex, word: str, limit: int = 200) -> dict[str, Any]:
    """What an annotator should label next: the least confident proposals of ``classify``
    first when the word has labelled occurrences (active learning), else its unlabelled
    occurrences taken in turn from each induced sense (so every sense is seen early)."""
    from sensegrep.labels import store

    found = store.word_occurrences(index.storage, word, index.lang)
    labels = store.occurrence_labels(index.storage, found.ids)
    reference = labels.reference_mask()
    unlabelled = [int(i) for i, lab in zip(found.ids, labels.labels, strict=True) if not lab]
    if reference.any():
        order = "least confident first"
        picks = _least_confident(index, word, found.ids, reference, limit)
    else:
        order = "balanced by induced sense"
        picks = [(i, None, None) for i in _round_robin(index, word, unlabelled, limit)]
    hits = {h.id: h for h in index.contexts([i for i, _g, _c in picks])} if picks else {}
    return {
        "word": word,
        "occurrences": len(found.ids),
        "labelled": int(reference.sum()),
        "order": order,
        "labels": [{"label": label, "count": count} for label, count in _label_counts(index, word)],
        "queue": [QueueItem(hits[i], g, c).to_dict() for i, g, c in picks],
        "hand_labelled": _hand_labelled(index, found.ids, labels.sources),
    }


def _least_confident(
    index: SenseIndex, word: str, ids: np.ndarray, reference: np.ndarray, limit: int
) -> list[tuple[int, str | None, float | None]]:
    from sensegrep.labels.classify import least_confident

    proposals = index.classify(word).proposals
    picks: list[tuple[int, str | None, float | None]] = [
        (p.id, p.label, p.confidence) for p in least_confident(proposals, limit)
    ]
    # Occurrences no reference can vote for (another POS) come last, in corpus order.
    proposed = {p.id for p in proposals}
    rest = [int(i) for i, ref in zip(ids, reference, strict=True) if not ref]
    picks += [(i, None, None) for i in rest if i not in proposed]
    return picks[:limit]


def _round_robin(index: SenseIndex, word: str, unlabelled: list[int], limit: int) -> list[int]:
    if not unlabelled:
        return []
    run = index.senses(word).run
    wanted = set(unlabelled)
    per_sense = [
        [int(i) for i in run.ids[run.senses == s.number] if int(i) in wanted] for s in run.clusters
    ]
    picked: list[int] = []
    for turn in range(max(map(len, per_sense), default=0)):
        picked += [group[turn] for group in per_sense if turn < len(group)]
    # The run covers the word's current occurrences (it is induced again when they
    # change); this only keeps any added by a concurrent indexing run in the queue.
    seen = set(picked)
    picked += [i for i in unlabelled if i not in seen]
    return picked[:limit]


def _label_counts(index: SenseIndex, word: str) -> list[tuple[str, int]]:
    return sorted(index.labels(word).items(), key=lambda item: (-item[1], item[0]))


def _hand_labelled(
    index: SenseIndex, ids: np.ndarray, sources: list[str | None], limit: int = 100
) -> list[dict[str, Any]]:
    """The occurrences labelled by hand (the last ``limit`` in corpus order), with their
    contexts."""
    from sensegrep.labels.store import MANUAL

    manual = [int(i) for i, source in zip(ids, sources, strict=True) if source == MANUAL][-limit:]
    return [
        {"id": h.id, "label": h.label, "left": h.left, "form": h.form, "right": h.right}
        for h in (index.contexts(manual) if manual else [])
    ]
