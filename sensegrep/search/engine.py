"""Sense search: rank a word's occurrences by cosine to the meant usage.

Positives are the example's marked word and any ``--like`` occurrences; negatives the
``--unlike`` occurrences and examples. A hit's score is its mean cosine to the positives
minus its mean cosine to the negatives (plain cosine when there are no negatives).
Stored vectors serve ``--like``/``--unlike`` and plain concordances without loading the
encoder; it is loaded only when an example has to be embedded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from sensegrep.embedder.base import Embedder, unit_rows
from sensegrep.errors import QueryError
from sensegrep.search.cql import Pattern
from sensegrep.search.cql import parse as parse_pattern
from sensegrep.search.example import parse_example
from sensegrep.search.patterns import (
    MatchRows,
    PatternMatch,
    count_matches,
    find_matches,
    match_rows,
    target_ids,
    target_word,
)
from sensegrep.search.subcorpus import check_pattern, first_per_document
from sensegrep.storage import Candidates, Filters, Index, OccurrenceContext, retry_stale
from sensegrep.storage.manifest import check_compatible
from sensegrep.storage.occurrences import occurrences_of


@dataclass
class SearchRequest:
    word: str
    example: str | None = None
    form: bool = False
    like: Sequence[int] = ()
    unlike: Sequence[int] = ()
    unlike_examples: Sequence[str] = ()
    filters: Filters = field(default_factory=Filters)
    k: int | None = None
    sample: int | None = None
    seed: int | None = None

    label: str | None = None
    gloss: str | None = None
    sense: int | None = None
    # The stored sense run that ``sense`` and the hits' senses refer to (None: the
    # word's current run).
    senses_run: int | None = None
    examples: Sequence[str] = ()  # more usages to be like, beside ``example``
    expand: int = 0  # relevance feedback: re-rank with the centroid of positives + top m
    any_word: bool = False  # occurrences of any word in that sense, not only ``word``'s
    cql: str | None = None  # a CQL pattern: its matches' targets instead of ``word``'s
    max_per_doc: int | None = None  # at most this many lines of one document

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> SearchRequest:
        """The request for values checked by :func:`sensegrep.request.parse` (their
        canonical names; repeated parameters as lists)."""
        examples = [str(e) for e in values.get("example") or ()]
        return cls(
            word=values.get("word") or "",
            example=examples[0] if examples else None,
            examples=examples[1:],
            expand=values.get("expand") or 0,
            form=bool(values.get("form")),
            any_word=bool(values.get("any_word")),
            cql=values.get("cql"),
            like=list(values.get("like") or ()),
            unlike=list(values.get("unlike") or ()),
            unlike_examples=list(values.get("unlike_example") or ()),
            filters=Filters(
                pos=tuple(values.get("pos") or ()),
                where=tuple(values.get("where") or ()),
                docs=tuple(values.get("doc") or ()),
            ),
            label=values.get("label"),
            gloss=values.get("gloss"),
            sense=values.get("sense"),
            senses_run=values.get("senses_run"),
            k=values.get("k"),
            sample=values.get("sample"),
            seed=values.get("seed", 0),
            max_per_doc=values.get("max_per_doc"),
        )

    @property
    def ranked(self) -> bool:
        return bool(self.example or self.examples or self.like or self.label or self.gloss)

    @property
    def positive_texts(self) -> list[str]:
        """Usages to be like: the examples, and the word inside its definition (LMMS-style)."""
        texts = [self.example] if self.example else []
        texts += list(self.examples)
        if self.gloss:
            texts.append(f"[[{self.word}]] - {self.gloss}")
        return texts


@dataclass
class RankedOccurrence:
    """An occurrence as search found it: its rank, its score (None when nothing ranks
    it) and, for a pattern, the whole match; ``sensegrep.api.Hit`` is its public line."""

    rank: int
    score: float | None
    occurrence: OccurrenceContext  # the pattern's target token for a pattern match
    match: PatternMatch | None = None


class Searcher:
    def __init__(self, index: Index, embedder: Callable[[], Embedder], lang: str = "en") -> None:
        self.index = index
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None
        self.lang = lang

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self.index.require_vectors("embedding a usage with the index's encoder")
            embedder = self._embedder_factory()
            # Vectors of another model, precision, adapter or projection are not
            # comparable with the stored ones, even when their sizes match.
            check_compatible(self.index.folder, self.index.embedder_config, embedder.config)
            self._embedder = embedder
        return self._embedder

    @retry_stale
    def search(self, request: SearchRequest) -> list[RankedOccurrence]:
        if (request.unlike or request.unlike_examples) and not request.ranked:
            raise QueryError(
                "--unlike needs something to be like: add --example, --like, --label or --gloss"
            )
        if request.cql is not None and (request.any_word or request.form):
            raise QueryError(
                "--cql names its own words: leave out --any-word and --form "
                '(write [word="banks"] for an exact form)'
            )
        needing = _needs_vectors(request)
        if needing:
            # The word's own refusal on an index with vectors for chosen words.
            word = "" if request.any_word or request.cql is not None else request.word
            self.index.require_vectors(needing, word, self.lang, request.form)
        self.index.check_filters(request.filters)
        if request.any_word:
            return self._any_word(request)
        if request.cql is not None:
            return self._pattern(request)
        return self._hits(request, self._sampled(request, self._candidates(request)))

    @retry_stale
    def total(self, request: SearchRequest) -> int:
        """How many lines ``search`` would give with no ``k`` and no sample: every match
        of the word or pattern that passes the filters (and is in ``--sense``). A
        ranked search orders these lines; it does not drop any."""
        if request.any_word:
            raise QueryError("--any-word finds the k nearest usages: it has no total")
        self.index.check_filters(request.filters)
        if request.cql is None:
            return self._count(request, self._candidates(request, every=True).ids)
        pattern = parse_pattern(request.cql)
        check_pattern(self.index, pattern)
        filters = request.filters
        plain = request.sense is None and request.max_per_doc is None
        if plain and not (filters.pos or filters.where or filters.docs):
            return count_matches(self.index, pattern)
        targets = target_ids(self.index, pattern)
        if filters.pos or filters.where or filters.docs:
            targets = targets[np.isin(targets, self.index.passing(targets, filters))]
        if request.sense is None:
            return self._count(request, targets)
        request = replace(request, word=request.word or target_word(pattern))
        return self._count(request, self._in_sense(request, self.index.existing(targets)).ids)

    def _count(self, request: SearchRequest, ids: np.ndarray) -> int:
        """How many of these lines (in corpus order) ``--max-per-doc`` keeps."""
        if request.max_per_doc is None:
            return len(ids)
        return len(first_per_document(self.index, ids, request.max_per_doc))

    def _hits(
        self,
        request: SearchRequest,
        candidates: Candidates,
        matches: Callable[[list[int]], Mapping[int, PatternMatch]] | None = None,
    ) -> list[RankedOccurrence]:
        """The top k candidates, ranked or in corpus order, with their contexts (and
        their pattern matches: ``matches(ids)`` by target id)."""
        capped = request.max_per_doc is not None
        if request.ranked:
            # With --max-per-doc the whole ranking: its first k may hold fewer documents.
            order, scores = self._rank(replace(request, k=None) if capped else request, candidates)
        else:
            order, scores = np.arange(len(candidates)), None
        if capped:
            kept = first_per_document(self.index, candidates.ids[order], request.max_per_doc)
            order = order[kept]
            scores = None if scores is None else scores[kept]
        if request.k is not None:
            order = order[: request.k]
        ids = [int(i) for i in candidates.ids[order]]
        contexts = self.index.contexts(ids)
        matched = None if matches is None else matches(ids)
        # An occurrence whose document a concurrent run replaced has no context left.
        kept = [
            (at, occ_id)
            for at, occ_id in enumerate(ids)
            if occ_id in contexts and (matched is None or occ_id in matched)
        ]
        return [
            RankedOccurrence(
                rank,
                None if scores is None else float(scores[at]),
                contexts[occ_id],
                None if matched is None else matched[occ_id],
            )
            for rank, (at, occ_id) in enumerate(kept, start=1)
        ]

    def _sampled(self, request: SearchRequest, candidates: Candidates) -> Candidates:
        if request.sample is None or request.sample >= len(candidates):
            return candidates
        rng = np.random.default_rng(request.seed)
        picked = np.sort(rng.choice(len(candidates), size=request.sample, replace=False))
        return candidates.take(picked)

    def _pattern(self, request: SearchRequest) -> list[RankedOccurrence]:
        """The matches of a CQL pattern, in corpus order or ranked by their targets'
        sense; only targets with a vector (content words) can be ranked."""
        pattern = parse_pattern(request.cql or "")
        check_pattern(self.index, pattern)
        # The target's literal lemma stands for WORD: in messages, examples, --sense.
        request = replace(request, word=request.word or target_word(pattern))
        by_vector = request.ranked or request.sense is not None
        if by_vector and request.word:  # a target word without vectors (chosen words)
            self.index.require_vectors(_needs_vectors(request), request.word, self.lang)
        rows = match_rows(self.index, pattern) if by_vector else None
        if rows is not None:
            return self._pattern_by_vector(request, pattern, rows)
        matches = self._matches(request, pattern, by_vector)
        if by_vector:
            found = self.index.existing(np.asarray([m.target for m in matches], dtype=np.int64))
        else:
            found = _all_tokens(matches)
        found = self._sampled(request, self._in_sense(request, found))
        by_target = {m.target: m for m in matches}
        return self._hits(request, found, lambda _ids: by_target)

    def _pattern_by_vector(
        self, request: SearchRequest, pattern: Pattern, rows: MatchRows
    ) -> list[RankedOccurrence]:
        """A pattern's matches ranked (or put in a sense) by their targets' vectors: the
        targets located through the lemma runs, the details of the k shown read last."""
        targets = rows.targets
        filters = request.filters
        if filters.pos or filters.where or filters.docs:
            targets = targets[np.isin(targets, self.index.passing(targets, filters))]
            if not len(targets):
                return []  # the filters leave no match: an empty result
        found = self._located(pattern, targets)
        if not len(found):
            raise QueryError(
                "no match of the pattern has a target with a vector to rank: mark a "
                'content word as the target with @ (@[lemma="bank"])'
            )
        found = self._sampled(request, self._in_sense(request, found))
        return self._hits(request, found, lambda ids: rows.matches(self.index, ids))

    def _located(self, pattern: Pattern, targets: np.ndarray) -> Candidates:
        """Where the vectors of ``targets`` are, in the order given (one without a
        vector left out): from the runs of the target's literal lemma, a few rows,
        and by id for the others."""
        word = target_word(pattern)
        runs = self.index.candidates(word) if word else _all_tokens([])
        at, in_runs = _positions_in(runs, targets)
        if in_runs.all():
            return runs.take(at)
        rest = self.index.existing(np.unique(targets[~in_runs]))  # ascending
        rest_at, in_rest = _positions_in(rest, targets)
        in_rest &= ~in_runs
        shard_ids, rows = np.empty(len(targets), np.int64), np.empty(len(targets), np.int64)
        shard_ids[in_runs], rows[in_runs] = runs.shard_ids[at[in_runs]], runs.rows[at[in_runs]]
        shard_ids[in_rest] = rest.shard_ids[rest_at[in_rest]]
        rows[in_rest] = rest.rows[rest_at[in_rest]]
        keep = in_runs | in_rest
        return Candidates(targets[keep], shard_ids[keep], rows[keep])

    def _matches(
        self, request: SearchRequest, pattern: Pattern, by_vector: bool
    ) -> list[PatternMatch]:
        """The pattern's matches whose target passes the filters (and has a vector when
        it is to be ranked or put in a sense); only the first k when nothing else
        decides which k."""
        filters = request.filters
        unfiltered = not (filters.pos or filters.where or filters.docs)
        first_k = not (by_vector or request.sample or request.max_per_doc) and unfiltered
        matches = find_matches(self.index, pattern, request.k if first_k else None)
        if by_vector:
            matches = [m for m in matches if m.target_is_occurrence]
            if not matches:
                raise QueryError(
                    "no match of the pattern has a target with a vector to rank: mark a "
                    'content word as the target with @ (@[lemma="bank"])'
                )
        if not unfiltered:  # after the check above: filters that leave none are no error
            targets = np.asarray([m.target for m in matches], dtype=np.int64)
            keep = set(self.index.passing(targets, filters).tolist())
            matches = [m for m in matches if m.target in keep]
        return matches

    def _any_word(self, request: SearchRequest) -> list[RankedOccurrence]:
        """The occurrences of any word nearest to the usage (search across words)."""
        if request.label or request.sense or request.sample:
            raise QueryError("--any-word works with --example, --like and --unlike only")
        if not (request.positive_texts or request.like):
            raise QueryError(
                '--any-word needs a usage: --example "… the [[word]] …" (or --like ID)'
            )
        k = request.k or DEFAULT_ANY_WORD_K
        filters = request.filters
        filtered = bool(filters.pos or filters.where or filters.docs or request.max_per_doc)
        # Filters and exclusions apply after the search: fetch more so k remain.
        wanted = k * (FILTER_OVERFETCH if filtered else 1) + len(request.like) + len(request.unlike)
        ids, scores = self.index.nearest(self._direction(request, request.like)[0], wanted)
        keep = ~np.isin(ids, np.asarray([*request.like, *request.unlike], dtype=np.int64))
        if filters.pos or filters.where or filters.docs:
            keep &= np.isin(ids, self.index.passing(ids, filters))
        ids, scores = ids[keep], scores[keep]
        if request.max_per_doc is not None:
            kept = first_per_document(self.index, ids, request.max_per_doc)
            ids, scores = ids[kept], scores[kept]
        ids, scores = ids[:k], scores[:k]
        contexts = self.index.contexts([int(i) for i in ids])
        ranked = [
            (float(s), int(i)) for s, i in zip(scores, ids, strict=True) if int(i) in contexts
        ]
        return [
            RankedOccurrence(rank, s, contexts[i]) for rank, (s, i) in enumerate(ranked, start=1)
        ]

    def _direction(
        self, request: SearchRequest, liked: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(direction, positives, negatives): mean cosine to the positives − mean cosine
        to the negatives = one dot product with the direction, divided by each
        candidate's norm."""
        n_pos = len(request.positive_texts)
        embedded = self.example_vectors(
            request.positive_texts + list(request.unlike_examples), request.word
        )
        positives = np.vstack([self._stored(liked), embedded[:n_pos]])
        negatives = np.vstack([self._stored(request.unlike), embedded[n_pos:]])
        direction = unit_rows(positives).mean(axis=0)
        if len(negatives):
            direction -= unit_rows(negatives).mean(axis=0)
        return direction, positives, negatives

    def _candidates(self, request: SearchRequest, every: bool = False) -> Candidates:
        # A plain concordance's first page needs only its first k lines to pass filters.
        plain = not (
            request.ranked or request.sample or request.sense is not None or request.max_per_doc
        )
        first = request.k if plain and not every else None
        _key, candidates = occurrences_of(
            self.index,
            request.word,
            lang=self.lang,
            by_form=request.form,
            filters=request.filters,
            first=first,
        )
        candidates = self._in_sense(request, candidates)
        excluded = set(request.like) | set(request.unlike)
        if excluded:
            keep = ~np.isin(candidates.ids, np.fromiter(excluded, dtype=np.int64))
            candidates = candidates.take(np.flatnonzero(keep))
        return candidates

    def _in_sense(self, request: SearchRequest, candidates: Candidates) -> Candidates:
        """The candidates in induced sense ``request.sense`` of the word (all without)."""
        if request.sense is None:
            return candidates
        from sensegrep.senses import sense_members

        if not request.word:
            raise QueryError(
                '--sense with --cql needs a target with a literal lemma: @[lemma="bank"]'
            )
        members = sense_members(
            self.index, request.word, request.sense, lang=self.lang, run=request.senses_run
        )
        return candidates.take(np.flatnonzero(np.isin(candidates.ids, members)))

    def _rank(
        self, request: SearchRequest, candidates: Candidates
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions of the top k candidates, all without k, by descending score; their
        scores)."""
        liked = list(request.like) + self._labelled(request, candidates)
        direction, positives, negatives = self._direction(request, liked)
        # One BLAS thread: a matrix-vector product gains nothing from more, and idle
        # OpenBLAS threads spin and slow the encoder's next forward pass by 2-3x.
        with threadpool_limits(limits=1, user_api="blas"):
            wanted = None if request.k is None else max(request.k, request.expand)
            order, scores = self._scored(candidates, direction, wanted)
            if request.expand > 0 and len(order):
                # Relevance feedback (Rocchio without weights): the top m hits join the
                # positives, and everything is scored again against their centroid.
                top = candidates.take(order[: request.expand])
                pool = np.vstack([unit_rows(positives), unit_rows(self.index.vectors_of(top))])
                direction = pool.mean(axis=0)
                if len(negatives):
                    direction -= unit_rows(negatives).mean(axis=0)
                order, scores = self._scored(candidates, direction, request.k)
        if request.k is not None:
            order, scores = order[: request.k], scores[: request.k]
        return order, scores

    def _scored(
        self, candidates: Candidates, direction: np.ndarray, k: int | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, cosines to ``direction``) of the top k candidates (all without
        k), best first: on the stored codes when the top k is a small part of many
        candidates, else from every decoded vector."""
        if k is not None and len(candidates) >= FAST_MIN and k * FAST_SHARE <= len(candidates):
            fast = coded_top(self.index, candidates, direction, k)
            if fast is not None:
                return fast
        vectors = self.index.vectors_of(candidates)
        scores = cosines(vectors, direction)
        order = _top(scores, k)
        return order, scores[order]

    def _labelled(self, request: SearchRequest, candidates: Candidates) -> list[int]:
        """Occurrences of the word labelled ``request.label``: their centroid is a positive."""
        if not request.label:
            return []
        ids = self.index.labelled(candidates.ids, request.label)
        if not len(ids):
            raise QueryError(
                f"no occurrence of {request.word!r} is labelled {request.label!r}"
                + (" among the filtered or sampled ones" if request.sample else "")
            )
        return [int(i) for i in ids]

    def _stored(self, ids: Sequence[int]) -> np.ndarray:
        dim = self.index.embedder_config.dim
        if not ids:
            return np.zeros((0, dim), dtype=np.float32)
        found = self.index.candidates_by_id(ids)
        return self.index.vectors_of(found)

    def example_vectors(self, texts: Sequence[str], word: str) -> np.ndarray:
        """The marked word's (or span's) vector in each example, embedded in one batch."""
        dim = self.index.embedder_config.dim
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        examples = [parse_example(text, word, self.lang) for text in texts]
        embedded = self.embedder.embed([ex.words for ex in examples])
        return np.stack([ex.vector(vecs) for vecs, ex in zip(embedded, examples, strict=True)])


DEFAULT_ANY_WORD_K = 20  # --any-word without -k


def require_pos(index: Index, what: str) -> None:
    """An index without any POS tag matches no POS: say so rather than find nothing."""
    index.require_tags("pos", what)


FILTER_OVERFETCH = 10  # candidates per wanted hit when filters apply after the search


def _needs_vectors(request: SearchRequest) -> str:
    """The option of ``request`` that needs stored vectors (the first), or ""."""
    asked = [
        (request.any_word, "--any-word"),
        (request.example or request.examples, "ranking by --example"),
        (request.like or request.unlike, "ranking by --like/--unlike"),
        (request.unlike_examples, "ranking by --unlike-example"),
        (request.label, "ranking by --label"),
        (request.gloss, "ranking by --gloss"),
        (request.sense is not None, "--sense"),
    ]
    return next((what for given, what in asked if given), "")


def _positions_in(found: Candidates, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where each of ``ids`` is in ``found``, whose ids ascend; whether it is there)."""
    if not len(found):
        return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
    at = np.minimum(np.searchsorted(found.ids, ids), len(found) - 1)
    return at, found.ids[at] == ids


def _all_tokens(matches: Sequence[PatternMatch]) -> Candidates:
    """Targets of an unranked pattern query, vector or not (only their ids are read)."""
    ids = np.asarray([m.target for m in matches], dtype=np.int64)
    none = np.full(len(ids), -1, dtype=np.int64)
    return Candidates(ids, none, none)


# The fast ranked path (scoring the stored codes) for FAST_MIN candidates or more, when
# the k asked for are at most 1/FAST_SHARE of them: below that, decoding is as quick.
FAST_MIN = 4_096
FAST_SHARE = 16
# Near-ties of the k-th score re-scored exactly: FAISS's SIMD sums and BLAS's differ in
# the last bits (relative ~1e-6).
NEAR = 1e-5


def coded_top(
    index: Index, candidates: Candidates, direction: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """(positions, cosines) of the top k candidates by cosine to ``direction``, best
    first, as scoring every decoded vector gives them; None when the codes cannot be
    scanned (then the caller decodes every vector).

    Every candidate is scored on the stored codes by FAISS's scanner (its inner product
    over its norm, the norms scanned once per shard and kept): nothing is decoded but
    the top k and their near-ties, whose cosines are then computed exactly as the
    decoding path does."""
    products = index.inner_products(candidates, direction)
    norms = None if products is None else index.norms_of(candidates)
    if products is None or norms is None:
        return None
    approx = products / np.maximum(norms, 1e-12)
    kth = float(approx[_top(approx, k)[-1]])
    near = np.flatnonzero(approx >= kth - NEAR * abs(kth))  # ascending: corpus order
    scores = cosines(index.vectors_of(candidates.take(near)), direction)
    order = _top(scores, k)
    return near[order], scores[order]


def cosines(vectors: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Each row's inner product with ``direction`` divided by the row's norm."""
    norms = np.maximum(np.sqrt(np.einsum("ij,ij->i", vectors, vectors)), 1e-12)
    return (vectors @ direction) / norms


def _top(scores: np.ndarray, k: int | None) -> np.ndarray:
    """Positions by descending score, ties in corpus order; only the top k are sorted."""
    positions = np.arange(len(scores))
    if k is not None and k < len(scores):
        positions = np.argpartition(-scores, k - 1)[:k]
    return positions[np.lexsort((positions, -scores[positions]))]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = unit_rows(a[None, :])[0], unit_rows(b[None, :])[0]
    return float(a @ b)
