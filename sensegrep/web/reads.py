"""What the web app reads that :mod:`sensegrep.api` does not offer (yet): a paragraph
around an occurrence, the metadata values of an index, a 2-D map of a word's senses and
an annotation queue. Each is built on existing library functions; they are candidates to
move into the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.api import Hit, SenseIndex

MAX_CONTEXT_SENTENCES = 10
MAX_FIELD_VALUES = 50  # values suggested per metadata field in the search form
MAX_FIELDS = 20


# -- a paragraph around an occurrence ----------------------------------------------------


def paragraph(index: SenseIndex, occurrence: int, sentences: int = 2) -> dict[str, Any]:
    """The text around an occurrence: up to ``sentences`` sentences before and after its
    own, cut at blank lines (a paragraph break), as ``before``, ``left``, ``form``,
    ``right``, ``after`` (their concatenation is a stretch of the document text)."""
    sentences = max(0, min(int(sentences), MAX_CONTEXT_SENTENCES))
    with index.storage.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT t.doc_id, t.char_start, t.char_end, s.position, s.char_start, s.char_end "
            "FROM tokens t JOIN sentences s ON s.id = t.sentence_id "
            "WHERE t.id = ? AND t.shard_id IS NOT NULL",
            (int(occurrence),),
        ).first()
        if row is None:
            raise QueryError(f"no occurrence with id {occurrence} in {index.path}")
        doc_id, start, end, position, s_start, s_end = row
        lo, hi = conn.exec_driver_sql(
            "SELECT min(char_start), max(char_end) FROM sentences "
            "WHERE doc_id = ? AND position BETWEEN ? AND ?",
            (doc_id, position - sentences, position + sentences),
        ).one()
        # substr in SQL: a document may be a whole book, only the window is read.
        ext_id, window = conn.exec_driver_sql(
            "SELECT ext_id, substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
            (lo, hi, lo, doc_id),
        ).one()
    before, after = window[: s_start - lo], window[s_end - lo :]
    return {
        "id": int(occurrence),
        "doc": ext_id,
        "before": before[before.rfind("\n\n") + 2 :] if "\n\n" in before else before,
        "left": window[s_start - lo : start - lo],
        "form": window[start - lo : end - lo],
        "right": window[end - lo : s_end - lo],
        "after": after[: after.find("\n\n")] if "\n\n" in after else after,
    }


# -- metadata ----------------------------------------------------------------------------


def metadata_values(index: SenseIndex) -> dict[str, list[str]]:
    """Document metadata fields (up to 20) with their most frequent scalar values (up to
    50 each, as the ``where`` filter compares them: text)."""
    query = (
        "SELECT j.key, CAST(j.value AS TEXT), count(*) AS n "
        "FROM documents, json_each(documents.meta) AS j "
        "WHERE j.type IN ('text', 'integer', 'real') "
        "GROUP BY j.key, CAST(j.value AS TEXT) ORDER BY j.key, n DESC"
    )
    fields: dict[str, list[str]] = {}
    with index.storage.engine.connect() as conn:
        for key, value, _n in conn.exec_driver_sql(query):
            if key not in fields and len(fields) >= MAX_FIELDS:
                continue
            values = fields.setdefault(str(key), [])
            if len(values) < MAX_FIELD_VALUES:
                values.append(str(value))
    return {key: sorted(values, key=_natural) for key, values in fields.items()}


def _natural(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


# -- a 2-D map of a word's senses ----------------------------------------------------------


@dataclass
class SenseMap:
    """Occurrences on the first two principal components of their vectors, scaled to
    0…1, with their induced sense (from 1)."""

    word: str
    k: int
    occurrences: int
    ids: list[int]
    xy: list[tuple[float, float]]
    senses: list[int]
    explained: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "k": self.k,
            "occurrences": self.occurrences,
            "explained": list(self.explained),
            "points": [
                {"id": i, "x": round(x, 5), "y": round(y, 5), "sense": s}
                for i, (x, y), s in zip(self.ids, self.xy, self.senses, strict=True)
            ],
        }


def sense_map(
    index: SenseIndex, word: str, n: int | None = None, max_points: int = 2000
) -> SenseMap:
    """PCA of the stored vectors of ``word``'s occurrences (a seeded sample of at most
    ``max_points``), prepared as sense induction prepares them."""
    from sensegrep.senses.induce import prepare

    run = index.senses(word, n).run
    keep = np.arange(len(run.ids))
    if len(keep) > max_points:
        keep = np.sort(np.random.default_rng(0).choice(len(keep), max_points, replace=False))
    ids = run.ids[keep]
    vectors = index.storage.vectors_of(index.storage.candidates_by_id(ids.tolist()))
    xy, explained = _pca(prepare(vectors))
    return SenseMap(
        word=run.lemma,
        k=run.k,
        occurrences=len(run.ids),
        ids=[int(i) for i in ids],
        xy=[(float(x), float(y)) for x, y in _unit_square(xy)],
        senses=[int(s) for s in run.senses[keep]],
        explained=explained,
    )


def _pca(x: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """The first two principal components, and the share of variance each explains."""
    centred = x - x.mean(axis=0)
    if len(centred) < 2:
        return np.zeros((len(x), 2)), (0.0, 0.0)
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    var = s**2 / max(float((s**2).sum()), 1e-12)
    xy = centred @ vt[:2].T
    if xy.shape[1] < 2:
        xy = np.column_stack([xy, np.zeros(len(xy))])
    return xy, (round(float(var[0]), 4), round(float(var[1]) if len(var) > 1 else 0.0, 4))


def _unit_square(xy: np.ndarray) -> np.ndarray:
    """Both axes scaled by the same factor into 0…1 (distances keep their meaning)."""
    if not len(xy):
        return xy
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = float((high - low).max()) or 1.0
    return (xy - low) / span + (1 - (high - low) / span) / 2


# -- the annotation queue ------------------------------------------------------------------


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
