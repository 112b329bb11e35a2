"""Label propagation: an occurrence gets the label of its nearest labelled occurrences.

Nearest = highest cosine between stored vectors, among the *reference* occurrences of
the same lemma and part of speech: those labelled at indexing or by hand. Labels
written by ``classify --apply`` are never references (a prediction must not vote for
itself), and their occurrences are classified again on the next run, so predictions
follow the hand labels as they accumulate.

The k nearest references vote with a weight that depends on their cosine
(:data:`WEIGHTINGS`); a reference with several labels splits its weight among them.
The winner's share of the weight is the proposal's *confidence* (1.0 = unanimous).
k and the weighting were chosen on SemEval-2007 with SemCor as the labelled index
(``benchmarks/wsd.py``, figures in ``BENCHMARKS.md``).

Two uses: every unlabelled occurrence of a word in the index (:func:`classify_word`;
refused while the word's labelled occurrences carry fewer than two different labels,
or all carry one label),
and every ``<instance>`` of an external Raganato WSD file (:func:`classify_file`), whose
sentences are embedded with the index's own embedder; there WordNet's first sense of
the lemma answers where the index has no labelled occurrence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sensegrep.embedder.base import unit_rows
from sensegrep.errors import QueryError, SensegrepError
from sensegrep.labels import labelling
from sensegrep.storage import Candidates, Index, StaleRead, retry_stale

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.wordnet import WordNet

DEFAULT_K = 10
DEFAULT_WEIGHTING = "inverse"
_CHUNK = 1024  # query vectors per similarity matrix block: bounds memory for big words


def _uniform(sims: np.ndarray) -> np.ndarray:
    return np.ones_like(sims)


def _cosine(sims: np.ndarray) -> np.ndarray:
    return np.maximum(sims, 0.0)


def _inverse(sims: np.ndarray) -> np.ndarray:
    # 1 / cosine distance: an almost identical context outweighs the rest.
    return 1.0 / np.maximum(1.0 - sims, 1e-6)


WEIGHTINGS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "uniform": _uniform,
    "cosine": _cosine,
    "inverse": _inverse,
}


@dataclass
class References:
    """Labelled occurrences of one lemma (and POS): unit vectors and label tuples."""

    ids: np.ndarray
    vectors: np.ndarray
    labels: list[tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Vote:
    label: str
    confidence: float
    neighbours: tuple[int, ...]  # ids of the references that voted, nearest first


@dataclass(frozen=True)
class Proposal:
    id: int
    pos: str | None
    label: str
    confidence: float
    neighbours: tuple[int, ...]


@dataclass
class WordClassification:
    lemma: str
    proposals: list[Proposal]
    references: int
    unanswerable: int = 0  # targets whose POS has no reference
    notes: list[str] = field(default_factory=list)  # what the confidences do not say
    # With apply: the proposals written; the rest were of occurrences labelled by hand
    # since classify read the labels, which kept that label. None: not applied.
    applied: int | None = None

    def __repr__(self) -> str:
        """One line (the dataclass's printed every proposal, its notes last of all):
        ``<WordClassification of 'bank': 474 proposals from 22 labelled occurrences;
        1 note (.notes)>``. The proposals: ``.proposals``."""
        n, said = len(self.proposals), len(self.notes)
        line = (
            f"<WordClassification of {self.lemma!r}: {n:,} proposal{'' if n == 1 else 's'} "
            f"from {self.references:,} labelled occurrence{'' if self.references == 1 else 's'}"
        )
        if self.applied is not None:
            line += f", {self.applied:,} written (as predicted)"
        if self.unanswerable:
            line += f", {self.unanswerable:,} occurrence(s) without one"
        return line + (f"; {said} note{'' if said == 1 else 's'} (.notes)>" if said else ">")

    @property
    def unanswerable_notes(self) -> list[str]:
        """What the proposals leave out, said before the notes (the HTTP answer had only
        its count, ``unanswerable``)."""
        if not self.unanswerable:
            return []
        return [
            f"{self.unanswerable:,} occurrence(s) left without a proposal: no labelled "
            "occurrence has their part of speech"
        ]

    def _repr_html_(self) -> str:
        """A notebook's view: the repr's line, a row per proposal, then the notes (the
        occurrences left without a proposal, and what the confidences do not say)."""
        from sensegrep.api.display import cell, column_cells, result_html

        confidence = column_cells([p.confidence for p in self.proposals])
        rows = [
            [str(p.id), cell(p.pos), cell(p.label), shown]
            for p, shown in zip(self.proposals, confidence, strict=True)
        ]
        columns = ["id", "pos", "label", "confidence"]
        notes = [*self.unanswerable_notes, *self.notes]
        return result_html(repr(self)[1:-1], columns, rows, notes, whole=".proposals")


@dataclass(frozen=True)
class Instance:
    """One ``<instance>`` of a WSD file: where it is among the embedded sentences."""

    id: str
    lemma: str
    pos: str | None
    sentence: int
    position: int


@dataclass(frozen=True)
class Answer:
    instance_id: str
    label: str | None
    confidence: float | None
    source: str | None  # "neighbours", "wordnet", or None when unanswered


# -- voting -------------------------------------------------------------------------


def check_settings(k: int, weighting: str) -> None:
    if k < 1:
        raise QueryError(f"-k must be at least 1, got {k}")
    if weighting not in WEIGHTINGS:
        raise QueryError(
            f"unknown weighting {weighting!r}; expected one of {', '.join(WEIGHTINGS)}"
        )


def vote(labels: Sequence[tuple[str, ...]], sims: np.ndarray, weighting: str) -> tuple[str, float]:
    """The winning label of neighbours given nearest first, and its weight share.

    Ties go to the label met first, i.e. the one of the nearest neighbour among them.
    """
    weights = WEIGHTINGS[weighting](np.asarray(sims, dtype=np.float64))
    if weights.sum() <= 0:  # all neighbours at cosine <= 0 under "cosine": count them
        weights = np.ones_like(weights)
    totals: dict[str, float] = {}
    for parts, weight in zip(labels, weights, strict=True):
        for part in parts:
            totals[part] = totals.get(part, 0.0) + weight / len(parts)
    best = max(totals, key=lambda label: totals[label])  # max keeps the first of ties
    return best, float(totals[best] / weights.sum())


def nearest(refs: References, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``refs`` of each query's k nearest references, nearest first, and
    their cosines: two (n, min(k, len(refs))) arrays. Vectors must be unit length."""
    k = min(k, len(refs))
    order_parts, sim_parts = [], []
    for start in range(0, len(queries), _CHUNK):
        sims = queries[start : start + _CHUNK] @ refs.vectors.T
        if k < sims.shape[1]:
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(sims.shape[1]), sims.shape).copy()
        top_sims = np.take_along_axis(sims, top, axis=1)
        # Nearest first; equal cosines in reference (corpus) order.
        order = np.lexsort((top, -top_sims), axis=1)
        order_parts.append(np.take_along_axis(top, order, axis=1))
        sim_parts.append(np.take_along_axis(top_sims, order, axis=1))
    if not order_parts:
        return np.zeros((0, k), dtype=np.int64), np.zeros((0, k), dtype=np.float32)
    return np.vstack(order_parts), np.vstack(sim_parts)


def knn_votes(refs: References, queries: np.ndarray, k: int, weighting: str) -> list[Vote]:
    """One vote per query vector (unit length) from its k nearest references."""
    positions, sims = nearest(refs, queries, k)
    votes = []
    for row_positions, row_sims in zip(positions, sims, strict=True):
        label, confidence = vote([refs.labels[p] for p in row_positions], row_sims, weighting)
        votes.append(Vote(label, confidence, tuple(int(refs.ids[p]) for p in row_positions)))
    return votes


# -- one word of the index ----------------------------------------------------------


@retry_stale
def classify_word(
    index: Index,
    word: str,
    k: int = DEFAULT_K,
    weighting: str = DEFAULT_WEIGHTING,
    lang: str = "en",
) -> WordClassification:
    """Proposals for every occurrence of ``word`` not labelled at indexing or by hand,
    from the references of the same POS; in corpus order."""
    check_settings(k, weighting)
    index.require_vectors("classify", word, lang)
    found = labelling.word_occurrences(index, word, lang)
    labels = labelling.occurrence_labels(index, found.ids)
    is_ref = labels.reference_mask()
    if not is_ref.any():
        raise QueryError(
            f"no labelled occurrences of {word!r} in {index.folder}: label some first "
            f"with `sensegrep label ID… --as LABEL`"
        )
    _check_two_labels(word, labels.reference_counts(), labels.label_on_every_reference())
    first = int(found.ids[0])
    line = index.contexts([first]).get(first)
    if line is None:  # its document was removed since found was read: @retry_stale
        raise StaleRead(f"occurrence {first} was removed while {word!r} was being classified")
    result = WordClassification(line.lemma, [], int(is_ref.sum()))
    pos = np.array([p or "" for p in labels.pos], dtype=object)
    # A neighbour must share the POS: "bank" the verb says nothing of "bank" the noun.
    for tag in sorted(set(pos[~is_ref])):
        targets = np.flatnonzero(~is_ref & (pos == tag))
        refs_at = np.flatnonzero(is_ref & (pos == tag))
        if len(refs_at):
            refs = _references(index, found, refs_at, labels)
            proposed = _propose(index, found, targets, refs, tag or None, k, weighting)
            result.proposals += _one_label_capped(
                proposed, refs, tag, len(labels.reference_counts()), result.notes
            )
        else:
            result.unanswerable += len(targets)
    result.proposals.sort(key=lambda p: p.id)
    return result


def _one_label_capped(
    proposals: list[Proposal], refs: References, tag: str, word_labels: int, notes: list[str]
) -> list[Proposal]:
    """The proposals of one POS whose references carry a single label: each got it
    unanimously (confidence 1.0), whatever its sense, as a whole word with one label
    would (refused, _check_two_labels). Their confidence is capped at 1 / the word's
    number of labels (a guess among them), so --review lists them first, and a note
    says so (issue 23)."""
    held = Counter(part for parts in refs.labels for part in parts)
    shared = labelling.shared_label(refs.labels)  # "money side" on each: money wins each
    if shared is None or not proposals:
        return proposals
    got = " or ".join(sorted({p.label for p in proposals}))
    why = (
        "the only label of their part of speech"
        if len(held) == 1
        else "a label every labelled occurrence of their part of speech carries"
    )
    cap = 1.0 / word_labels
    notes.append(
        f"the {len(proposals):,} {tag or 'untagged'} occurrence(s) all get {got}: {why} "
        f"({held[shared]:,} labelled occurrence(s)), whatever their "
        f"sense; their confidence is capped at {cap:.3f} (1/{word_labels} labels) so "
        "--review lists them first: label another sense of them to tell them apart"
    )
    return [replace(p, confidence=min(p.confidence, cap)) for p in proposals]


def _check_two_labels(word: str, counts: Counter[str], shared: str | None = None) -> None:
    """Neighbours tell senses apart only among two labels or more: with one, every
    occurrence would get it, unanimously (confidence 1.0), whatever its sense. So with
    ``shared``, a label every labelled occurrence carries ("river side" alone): it wins
    every vote, tied at best (--apply stored river on every money bank at 0.5)."""
    if len(counts) >= 2 and shared is None:
        return
    if len(counts) >= 2:
        assert shared is not None
        raise QueryError(
            f"classify needs labels that tell the senses of {word!r} apart; every labelled "
            f"occurrence of {word!r} carries {shared} ({counts[shared]:,} occurrence(s)), "
            "which would win every vote whatever the sense: label a few occurrences of "
            f"its other sense(s) with another label, not {shared}, first "
            "(`sensegrep label ID… --as LABEL`)"
        )
    [(label, count)] = counts.items()
    raise QueryError(
        f"classify needs at least two different labels on {word!r} to tell its senses "
        f"apart; its labelled occurrences have one, {label} ({count:,} occurrence(s)), "
        "which every other occurrence would get: label a few occurrences of its other "
        "sense(s) first (`sensegrep label ID… --as LABEL`)"
    )


def _propose(
    index: Index,
    found: Candidates,
    targets: np.ndarray,
    refs: References,
    pos: str | None,
    k: int,
    weighting: str,
) -> list[Proposal]:
    queries = unit_rows(index.vectors_of(found.take(targets)))
    votes = knn_votes(refs, queries, k, weighting)
    return [
        Proposal(int(found.ids[at]), pos, got.label, got.confidence, got.neighbours)
        for at, got in zip(targets, votes, strict=True)
    ]


def _references(
    index: Index, found: Candidates, at: np.ndarray, labels: labelling.OccurrenceLabels
) -> References:
    vectors = unit_rows(index.vectors_of(found.take(at)))
    return References(found.ids[at], vectors, [labelling.split_label(labels.labels[i]) for i in at])


def apply_proposals(index: Index, proposals: Sequence[Proposal]) -> int:
    """Write proposals as labels marked ``predicted`` with their confidence; how many
    were written. An occurrence labelled by hand since classify read the labels (an
    annotator at work meanwhile) keeps that label: the prediction replaced it, unsaid."""
    if not proposals:
        return 0
    left = labelling.set_predictions(
        index,
        {p.id: p.label for p in proposals},
        confidence={p.id: p.confidence for p in proposals},
    )
    return len(proposals) - len(left)


def least_confident(proposals: Sequence[Proposal], n: int) -> list[Proposal]:
    """The n proposals most worth a human look: lowest confidence first (ties in
    corpus order)."""
    return sorted(proposals, key=lambda p: (p.confidence, p.id))[:n]


# -- an external Raganato file ------------------------------------------------------


class ReferenceCache:
    """References of (lemma, POS) from an index, looked up once each."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._cache: dict[tuple[str, str | None], References | None] = {}

    def get(self, lemma: str, pos: str | None) -> References | None:
        key = (lemma.lower(), pos)
        if key not in self._cache:
            self._cache[key] = self._load(*key)
        return self._cache[key]

    def _load(self, lemma: str, pos: str | None) -> References | None:
        found = self.index.candidates(lemma)
        if not len(found):
            return None
        labels = labelling.occurrence_labels(self.index, found.ids)
        same_pos = np.array([tag == pos for tag in labels.pos], dtype=bool)
        at = np.flatnonzero(labels.reference_mask() & same_pos)
        return _references(self.index, found, at, labels) if len(at) else None


def read_instances(path: Path) -> tuple[list[Instance], list[list[str]]]:
    """The instances of a Raganato XML file, in file order, and the word lists of the
    sentences that hold them. The file's gold labels (a sibling key file, which the
    reader picks up) are never looked at. Raises the reader's InputError when bad."""
    from sensegrep.errors import InputError
    from sensegrep.indexer.readers import read_documents

    instances: list[Instance] = []
    sentences: list[list[str]] = []
    for item in read_documents(path, "raganato"):
        if isinstance(item, InputError):
            if item.kept:  # its gold keys' mismatch: keys this never reads
                continue
            # Not "(file skipped)": nothing goes on without the file.
            where = f"{item.path}:{item.line}" if item.line is not None else f"{item.path}"
            raise SensegrepError(f"{where}: {item.message}") from None
        for sentence in item.sentences:
            found = [(i, t) for i, t in enumerate(sentence.tokens) if t.instance_id]
            if not found:
                continue
            for position, token in found:
                lemma = token.lemma or token.form.lower()
                instances.append(
                    Instance(str(token.instance_id), lemma, token.pos, len(sentences), position)
                )
            sentences.append(sentence.words)
    if not instances:
        raise SensegrepError(f"{path}: no <instance> elements to classify")
    return instances, sentences


def embed_instances(
    embedder: Embedder, instances: Sequence[Instance], sentences: Sequence[Sequence[str]]
) -> np.ndarray:
    """Unit vectors of the instances, their sentences embedded as the indexer does."""
    embedded = embedder.embed(sentences)
    return unit_rows(np.stack([embedded[ins.sentence][ins.position] for ins in instances]))


def answer_instances(
    cache: ReferenceCache,
    instances: Sequence[Instance],
    vectors: np.ndarray,
    k: int = DEFAULT_K,
    weighting: str = DEFAULT_WEIGHTING,
    wordnet: WordNet | None = None,
) -> list[Answer]:
    """An answer per instance, in order: nearest labelled neighbours, else WordNet's
    first sense (when given), else none."""
    check_settings(k, weighting)
    answers = []
    for instance, vector in zip(instances, vectors, strict=True):
        refs = cache.get(instance.lemma, instance.pos)
        if refs is not None:
            got = knn_votes(refs, vector[None, :], k, weighting)[0]
            answers.append(Answer(instance.id, got.label, got.confidence, "neighbours"))
            continue
        first = wordnet.first_sense(instance.lemma, instance.pos or "") if wordnet else None
        answers.append(Answer(instance.id, first, None, "wordnet" if first else None))
    return answers


def classify_file(
    index: Index,
    path: Path,
    embedder: Embedder,
    k: int = DEFAULT_K,
    weighting: str = DEFAULT_WEIGHTING,
    wordnet: WordNet | None = None,
) -> list[Answer]:
    """Label every instance of a Raganato XML file from the index's labelled occurrences."""
    check_settings(k, weighting)
    instances, sentences = read_instances(path)
    vectors = embed_instances(embedder, instances, sentences)
    return answer_instances(ReferenceCache(index), instances, vectors, k, weighting, wordnet)
