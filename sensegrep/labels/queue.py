"""The annotation queue: which occurrences of a word an annotator should label next.

The least confident proposals of ``classify`` first when the word's labelled
occurrences carry two different labels or more (active learning), else its unlabelled
occurrences taken in turn from each induced sense, so that every sense is seen early.
Built on the storage index, the labels and the induced senses; it picks occurrence ids,
and the API (:meth:`sensegrep.api.SenseIndex.annotation_queue`) gives them their
concordance lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from sensegrep.labels import labelling
from sensegrep.storage import Index

HAND_LABELLED_SHOWN = 100  # the last hand-labelled occurrences listed, in corpus order
HAND_LABELLED_FIELDS = ("id", "label", "left", "form", "right")  # of their concordance lines


class ContextLine(Protocol):
    """A concordance line of one occurrence (:class:`sensegrep.api.Hit` is one)."""

    @property
    def id(self) -> int: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Pick:
    """An occurrence to label next; ``guess`` is the label classify proposes for it and
    ``confidence`` how sure it is (both None when picked by induced sense)."""

    id: int
    guess: str | None = None
    confidence: float | None = None


@dataclass
class AnnotationQueue:
    """What to label next for one word, as occurrence ids: the picks in queue order, the
    counts of its labels (most frequent first) and the ids it has labelled by hand."""

    word: str
    occurrences: int
    labelled: int  # occurrences that may vote in classify (input or hand labels)
    order: str
    labels: list[tuple[str, int]]
    picks: list[Pick]
    hand_labelled: list[int]

    def to_dict(self, contexts: Callable[[list[int]], Sequence[ContextLine]]) -> dict[str, Any]:
        """The record of ``/api/annotate/{word}``; ``contexts`` gives the concordance lines
        of ids, in the order given (``SenseIndex.contexts``)."""
        picked = [pick.id for pick in self.picks]
        lines = {line.id: line for line in contexts(picked)} if picked else {}
        hand = contexts(self.hand_labelled) if self.hand_labelled else []
        return {
            "word": self.word,
            "occurrences": self.occurrences,
            "labelled": self.labelled,
            "order": self.order,
            "labels": [{"label": label, "count": count} for label, count in self.labels],
            "queue": [_queue_record(lines[pick.id], pick) for pick in self.picks],
            "hand_labelled": [_fields(line, HAND_LABELLED_FIELDS) for line in hand],
        }


def _fields(line: ContextLine, names: tuple[str, ...]) -> dict[str, Any]:
    record = line.to_dict()
    return {name: record[name] for name in names}


def _queue_record(line: ContextLine, pick: Pick) -> dict[str, Any]:
    record = line.to_dict()
    record["guess"] = pick.guess
    record["confidence"] = None if pick.confidence is None else round(pick.confidence, 4)
    return record


def annotation_queue(
    index: Index, word: str, lang: str = "en", limit: int = 200, senses_run: int | None = None
) -> AnnotationQueue:
    """What an annotator should label next: the least confident proposals of ``classify``
    first when the word has labelled occurrences with two different labels or more
    (active learning; one label would be proposed for everything), else its unlabelled
    occurrences taken in turn from each induced sense (of the word's current sense run,
    or stored run ``senses_run``; so every sense is seen early). On
    a text-only index (no vectors to classify or induce senses from), its unlabelled
    occurrences in corpus order."""
    word, found = labelling.lemma_occurrences(index, word, lang)  # banks: bank's
    labels = labelling.occurrence_labels(index, found.ids)
    reference = labels.reference_mask()
    # A word without vectors (a text-only index, or one of chosen words) has no shard.
    if not index.has_vectors or (len(found) and found.shard_ids.min() < 0):
        order = (
            "corpus order (the " + ("word" if index.has_vectors else "index") + " has no vectors)"
        )
        unlabelled = [int(i) for i, lab in zip(found.ids, labels.labels, strict=True) if not lab]
        picks = [Pick(i) for i in unlabelled[:limit]]
    elif len(labels.reference_counts()) >= 2 and labels.label_on_every_reference() is None:
        # classify needs two labels to tell apart, not one on every labelled occurrence
        order = "least confident first"
        picks = _least_confident(index, word, lang, found.ids, reference, limit)
    else:
        order = "balanced by induced sense"
        unlabelled = [int(i) for i, lab in zip(found.ids, labels.labels, strict=True) if not lab]
        picked = _round_robin(index, word, lang, unlabelled, limit, senses_run)
        picks = [Pick(i) for i in picked]
    counts, _unlabelled = labelling.count_labels(index, found.ids)
    return AnnotationQueue(
        word=word,
        occurrences=len(found.ids),
        labelled=int(reference.sum()),
        order=order,
        labels=[(c.label, c.count) for c in counts],
        picks=picks,
        hand_labelled=_hand_labelled(found.ids, labels.sources),
    )


def _least_confident(
    index: Index, word: str, lang: str, ids: np.ndarray, reference: np.ndarray, limit: int
) -> list[Pick]:
    from sensegrep.labels import classify

    proposals = classify.classify_word(
        index, word, k=classify.DEFAULT_K, weighting=classify.DEFAULT_WEIGHTING, lang=lang
    ).proposals
    picks = [Pick(p.id, p.label, p.confidence) for p in classify.least_confident(proposals, limit)]
    # Occurrences no reference can vote for (another POS) come last, in corpus order.
    proposed = {p.id for p in proposals}
    rest = [int(i) for i, ref in zip(ids, reference, strict=True) if not ref]
    picks += [Pick(i) for i in rest if i not in proposed]
    return picks[:limit]


def _round_robin(
    index: Index, word: str, lang: str, unlabelled: list[int], limit: int, senses_run: int | None
) -> list[int]:
    from sensegrep.senses import word_senses

    if not unlabelled:
        return []
    run = word_senses(index, word, lang=lang, run=senses_run)
    wanted = set(unlabelled)
    per_sense = [
        [int(i) for i in run.ids[run.senses == s.number] if int(i) in wanted] for s in run.clusters
    ]
    picked: list[int] = []
    for turn in range(max(map(len, per_sense), default=0)):
        picked += [group[turn] for group in per_sense if turn < len(group)]
    # The run covers the word's current occurrences (those added since it was made are
    # assigned to it); this only keeps any added by a concurrent indexing run in the queue.
    seen = set(picked)
    picked += [i for i in unlabelled if i not in seen]
    return picked[:limit]


def _hand_labelled(ids: np.ndarray, sources: list[str | None]) -> list[int]:
    """The occurrences labelled by hand: the last ``HAND_LABELLED_SHOWN`` in corpus order.
    Labels read from an annotation tool's file (``import:FMT``) are an annotator's too:
    left out, an import made the page's list shrink while its count grew (pass 24h)."""
    manual = [int(i) for i, source in zip(ids, sources, strict=True) if by_hand(source)]
    return manual[-HAND_LABELLED_SHOWN:]


def by_hand(source: str | None) -> bool:
    """Whether a label's source is an annotator: `label`, the page, or an import."""
    return source == labelling.MANUAL or (source or "").startswith("import:")
