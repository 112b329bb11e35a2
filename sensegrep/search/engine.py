"""Sense search: rank a word's occurrences by cosine to the meant usage.

Positives are the example's marked word and any ``--like`` occurrences; negatives the
``--unlike`` occurrences and examples. A hit's score is its mean cosine to the positives
minus half its mean cosine to the negatives, every vector first centred on the mean of
the word's occurrences (search/centring.py; ``scoring="cosine"``: the plain cosines, the
negatives counting fully, as before issue 25).
Stored vectors serve ``--like``/``--unlike`` and plain concordances without loading the
encoder; it is loaded only when an example has to be embedded.
"""

from __future__ import annotations

import functools
import itertools
import json
import shlex
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np
from threadpoolctl import threadpool_limits

from sensegrep.arrays import distinct
from sensegrep.choices import DEFAULT_ANY_WORD_K
from sensegrep.embedder.base import Embedder, unit_rows
from sensegrep.errors import QueryError
from sensegrep.search.cache import StateCache
from sensegrep.search.centring import (
    CENTRE_MIN,
    CENTRED,
    COSINE,
    PLAIN,
    UNLIKE_WEIGHT,
    Centre,
    Scoring,
    WordCentre,
    centred_rows,
    scoring_for,
    word_centre,
)
from sensegrep.search.cql import Pattern, within_where
from sensegrep.search.cql import parse as parse_pattern
from sensegrep.search.example import parse_example, with_infixes_cut
from sensegrep.search.option_notes import option_notes
from sensegrep.search.patterns import (
    MatchSpans,
    PatternMatch,
    find_matches,
    match_details,
    match_spans,
    pos_target_note,
    target_word,
    unmarked_target_note,
)
from sensegrep.search.positions import Nodes, sort_order
from sensegrep.search.query import (
    infix_pieces,
    lemma_searched,
    number_pieces,
    sequence_pattern,
    word_tokens,
)
from sensegrep.search.subcorpus import (
    check_pattern,
    docs_left_out_notes,
    documents_tested,
    first_per_document,
    pattern_filter_notes,
)
from sensegrep.search.token_columns import (
    count_ending_elsewhere,
    count_ending_elsewhere_in,
    count_overlapped,
    count_overlapped_in,
    count_totals,
)
from sensegrep.storage import Candidates, Filters, Index, OccurrenceContext, retry_stale
from sensegrep.storage.fields import nearest_values
from sensegrep.storage.manifest import check_compatible
from sensegrep.storage.occurrences import EMPTY_WORD, occurrences_of
from sensegrep.storage.state import of_one_state as read_of_one_state
from sensegrep.text import lemma_of, wildcard_hint


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
    # How hits are scored (search/centring.py): centred on the word's mean (default since
    # issue 25) or the plain cosine of before.
    scoring: str = CENTRED
    expand: int = 0  # relevance feedback: re-rank with the centroid of positives + top m
    any_word: bool = False  # occurrences of any word in that sense, not only ``word``'s
    cql: str | None = None  # a CQL pattern: its matches' targets instead of ``word``'s
    max_per_doc: int | None = None  # at most this many lines of one document
    # Paging and order (issue 23): lines offset+1 … offset+k of all the matches, in
    # ``sort`` order (keys of choices.SORT_KEYS); positions skip punctuation when asked.
    offset: int = 0
    sort: tuple[str, ...] = ()
    ignore_punct: bool = False
    match_case: bool = False  # words in sort and count keys as written, not case-folded
    # What was searched when it is not the word as asked (set in the request as
    # answered): the lemma the word was resolved to, or the token sequence (a CQL
    # pattern) a word the analyser cuts into several tokens was searched as.
    searched: str | None = None
    # Only the lines with this lemma within ``window`` tokens of their node (issue 24:
    # the lines behind a collocation; search/near.py).
    near: str | None = None
    window: int = 5
    # What --near was resolved to when not the word as typed (set in the request as
    # answered): ``lemma "water" (from "waters")``.
    near_searched: str | None = None
    # A pattern's within FIELD="VALUE" clauses: the last of ``filters.where``, kept
    # apart for messages to name them as the pattern writes them.
    within: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> SearchRequest:
        """The request for values checked by :func:`sensegrep.request.parse` (their
        canonical names; repeated parameters as lists)."""
        examples = [str(e) for e in values.get("example") or ()]
        within = within_where(values.get("cql"))
        return cls(
            word=values.get("word") or "",
            example=examples[0] if examples else None,
            examples=examples[1:],
            expand=values.get("expand") or 0,
            scoring=values.get("scoring") or CENTRED,
            form=bool(values.get("form")),
            any_word=bool(values.get("any_word")),
            cql=values.get("cql"),
            like=list(values.get("like") or ()),
            unlike=list(values.get("unlike") or ()),
            unlike_examples=list(values.get("unlike_example") or ()),
            filters=Filters(
                pos=tuple(values.get("pos") or ()),
                # A pattern's within FIELD="VALUE" is a --where condition.
                where=(*(values.get("where") or ()), *within),
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
            offset=values.get("offset") or 0,
            sort=tuple(filter(None, (values.get("sort") or "").split(","))),
            ignore_punct=bool(values.get("ignore_punct")),
            match_case=bool(values.get("match_case")),
            near=values.get("near"),
            window=values.get("window") or 5,
            within=within,
        )

    @property
    def ranked(self) -> bool:
        return bool(self.example or self.examples or self.like or self.label or self.gloss)

    @property
    def end(self) -> int | None:
        """Where the page asked for ends among all the lines (None: at their end)."""
        return None if self.k is None else self.offset + self.k

    @property
    def sorts_all(self) -> bool:
        """Whether every match must be ordered before the page is taken: a plain
        concordance sorted by something else than its corpus order. (A ranked search
        keeps ranking first and sorts its page.)"""
        return not self.ranked and any(key != "score" for key in self.sort)

    @property
    def filtered(self) -> bool:
        return bool(self.filters.pos or self.filters.where or self.filters.docs)

    @property
    def narrowed(self) -> bool:
        """Whether lines are dropped after the word's or pattern's own filters (by
        sense, or by a lemma near them): a first page must look at all of them."""
        return self.sense is not None or self.near is not None

    @property
    def notes(self) -> list[str]:
        """What an answer says once about how the request was read (set in the request
        as answered): the lemma --near's word was resolved to."""
        return [f"near: {self.near_searched}"] if self.near_searched else []

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
    # Its example quality and the parts of it, when asked for (``--sort quality``).
    quality: float | None = None
    quality_parts: dict[str, float] | None = None


@dataclass(frozen=True)
class Totals:
    """What all the matches of a search amount to, whatever page is shown: how many
    (those that pass the filters; a ranked search orders them all), in how many
    documents, and the sizes of the index and of the subcorpus a --where / --doc filter
    makes (None without one), every token counted as CWB does.

    A plain concordance's matches are every token of the word. A ranked search and
    ``--sense`` can only take the occurrences with a sense vector: ``without_vectors``
    more matches pass the filters but have none (function words, "have" as an
    auxiliary…), 0 when none was left out. ``lines_available``: how many lines the
    pages go through, ``matches`` or fewer with ``--max-per-doc`` (the first N of each
    document) or ``--sample``."""

    matches: int
    documents: int
    tokens: int
    subcorpus_tokens: int | None = None
    searched: str | None = None  # what these are the matches of (SearchRequest.searched)
    without_vectors: int = 0
    lines_available: int | None = None

    @property
    def per_million(self) -> float:
        """Matches per million tokens of the index."""
        return per_million(self.matches, self.tokens)

    @property
    def per_million_subcorpus(self) -> float | None:
        """Matches per million tokens of the filtered subcorpus (None: no filter)."""
        if self.subcorpus_tokens is None:
            return None
        return per_million(self.matches, self.subcorpus_tokens)


def per_million(count: int, tokens: int) -> float:
    """``count`` per million of ``tokens`` (0 when there are none)."""
    return count * 1_000_000 / tokens if tokens else 0.0


@dataclass
class Answer:
    """A page of lines and the totals of all the matches (None for --any-word, which
    finds the k nearest usages and has no total), the request as answered (a
    pattern's target lemma as its word), and notes to show once (what the lines'
    example quality left out)."""

    lines: list[RankedOccurrence]
    totals: Totals | None
    request: SearchRequest
    notes: list[str] = field(default_factory=list)
    # --any-word, a page past the last of the nearest usages: how many there are (its
    # sequence ended before the page began), so that it is said as a page past the end,
    # not as no word used in that sense; None otherwise.
    available: int | None = None


class LineQuality(Protocol):
    """Each line's example quality (stats/examples.py's ``Quality``): its ``score``,
    the parts of each line's (``record``), and notes on what was left out."""

    score: np.ndarray
    notes: list[str]

    def take(self, positions: np.ndarray) -> LineQuality: ...

    def record(self, at: int) -> tuple[float, dict[str, float]]: ...


# What scores the lines' example quality (``--sort quality``): given by the API, which
# owns the statistics it needs (the token store's frequencies, the sense runs).
QualityScorer = Callable[["SearchRequest", np.ndarray], LineQuality]


@dataclass
class Selection:
    """Lines of a search before their contexts are read, kept aligned: each one's
    occurrence (a pattern's target), its node's span, its score once ranked, and for
    a pattern how to read its match (spans from the token store, or the matches read
    sentence by sentence already). ``partial``: only the first lines of all the
    matches (a page's), whose totals are then counted apart; ``word``: the lemma or
    form a word search's occurrences are of."""

    found: Candidates
    nodes: Nodes
    spans: MatchSpans | None = None
    matches: list[PatternMatch] | None = None
    scores: np.ndarray | None = None
    quality: LineQuality | None = None
    # How many more matches pass the filters without a sense vector, which a ranked
    # search or --sense cannot take (None: none was left out): counted only when the
    # totals are asked for.
    without_vectors: Callable[[], int] | None = None
    # Only the first offset+k matches were listed (there may be more): the totals are
    # counted apart (Searcher._count).
    partial: bool = False
    word: str | None = None  # the lemma or form a word's lines are of
    notes: list[str] = field(default_factory=list)  # what choosing them left out, said once

    def __len__(self) -> int:
        return len(self.found)

    def take(self, positions: np.ndarray) -> Selection:
        positions = np.asarray(positions, dtype=np.int64)
        return Selection(
            self.found.take(positions),
            self.nodes.take(positions),
            None if self.spans is None else self.spans.take(positions),
            None if self.matches is None else [self.matches[p] for p in positions.tolist()],
            None if self.scores is None else self.scores[positions],
            None if self.quality is None else self.quality.take(positions),
            self.without_vectors,
            word=self.word,
            notes=self.notes,
        )

    @classmethod
    def of_words(
        cls,
        found: Candidates,
        without_vectors: Callable[[], int] | None = None,
        word: str | None = None,
        partial: bool = False,
    ) -> Selection:
        return cls(
            found,
            Nodes(found.ids, found.ids),
            without_vectors=without_vectors,
            partial=partial,
            word=word,
        )

    def details(self, index: Index) -> list[PatternMatch | None] | None:
        """Each line's pattern match (None: not a pattern)."""
        if self.matches is not None:
            return list(self.matches)
        if self.spans is not None:
            return match_details(index, self.spans)
        return None


# How many times a read is taken again when the index changed under it.
def of_one_state(read: Callable[..., Any]) -> Callable[..., Any]:
    """A Searcher's read of one state of the index. A search reads in several
    statements (the state its kept totals are keyed by, the page's lines, the totals
    counted apart, the corpus's size, the lines' contexts); a batch another process
    commits, or a document it removes, between two of them gave totals of one state
    over the lines of another ("40 matches in 24 documents" over 47 lines in 27). So
    the read is taken again while the index's state after it is not the one before it
    (a writer's commits are seconds apart; a read, milliseconds)."""

    @functools.wraps(read)
    def again(self: Searcher, *args: Any, **kwargs: Any) -> Any:
        return read_of_one_state(self.index.index_state, lambda: read(self, *args, **kwargs))

    return again


class Searcher:
    def __init__(
        self,
        index: Index,
        embedder: Callable[[], Embedder],
        lang: str = "en",
        quality: QualityScorer | None = None,
    ) -> None:
        self.index = index
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None
        self.lang = lang
        self._quality = quality
        # Totals and sizes already counted, per query, on the index state they were
        # counted on: the next pages of a query read them here (search/cache.py).
        self._counted: StateCache[Any] = StateCache()
        # Each word's centre (the mean of its occurrences' unit vectors, their centred
        # lengths), computed on its first ranked search on an index state.
        self._centres: StateCache[tuple[Candidates, WordCentre]] = StateCache(entries=8)

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

    def forget_totals(self) -> None:
        """Count the totals of every query again, as a new process would (the kept
        ones are forgotten by themselves when the index changes)."""
        self._counted.clear()

    def search(self, request: SearchRequest) -> list[RankedOccurrence]:
        """The lines of a page (offset, k) of the search, without its totals."""
        return self.answer(request, totals=False).lines

    @of_one_state
    @retry_stale
    def answer(self, request: SearchRequest, totals: bool = True) -> Answer:
        """The lines of a page (offset, k) in order, and the totals of all the matches."""
        self._check(request)
        if request.any_word:
            lines, said, available = self._any_word(request)
            answer = self._sorted_page(request, lines, [*option_notes(request), *said])
            answer.available = available
            return answer
        said = option_notes(request) + self.filter_notes(request)  # as asked
        counted = None
        if not totals:
            request, selection = self._selection(request, every=request.sorts_all)
        else:
            # A page in corpus order reads only its first offset+k lines; the totals of
            # all the matches are found kept, or counted apart (cheaper than listing
            # them) where they can be.
            state, key = self.index.index_state(), _totals_key(request)
            known = self._kept(state, key) is not None
            every = request.sorts_all or not (known or self._counted_apart(request))
            request, selection = self._selection(request, every=every)
            counted = self._totals(request, selection, state, key)
        page = self.page(request, selection)
        notes = request.notes + said + selection.notes
        notes += [] if counted is None else self.overlap_notes(request.cql, request.filters)
        notes += [] if page.quality is None else list(page.quality.notes)
        return Answer(self.read(page, request.offset), counted, request, notes)

    def filter_notes(self, request: SearchRequest) -> list[str]:
        """What the request's own --where conditions and its pattern's within clauses
        leave out without a word: the documents whose field is no number, which no range
        of numbers takes; and the tokens without a tag (or relation) its pattern tests."""
        where = request.filters.where
        own = where[: len(where) - len(request.within)]
        pattern = parse_pattern(request.cql) if request.cql else None
        # (counted among the documents its tests of metadata keep: [rating="1.0"])
        tested = None if pattern is None else documents_tested(self.index, pattern)
        docs = request.filters.docs
        notes = self.index.numberless_notes(own, request.within, docs, among=tested)
        notes += docs_left_out_notes(self.index, request.filters, len(request.within))
        if pattern is not None:  # a test of tags that some tokens lack (text added unparsed)
            notes += pattern_filter_notes(self.index, pattern, request.filters)
        return notes

    def overlap_notes(self, cql: str | None, filters: Filters | None = None) -> list[str]:
        """Matches do not overlap, where CQP's default strategy lists a match starting
        inside an earlier one that ends elsewhere: a total a CQPweb user would check
        against CQP's ([pos="NOUN"] [pos="NOUN"] over "bank loan rate": 1 here, 2 there)
        says how many more CQP lists, in the whole index, or in the subcorpus the
        ``filters``' --where / --doc (and a pattern's within FIELD="VALUE") make, whose
        totals the result gives. The whole index's is kept per index state by the scan
        that counted or listed every match, else counted here."""
        if cql is None or not self.index.token_store_complete():
            return []
        kept = None if filters is None else self.index.passing_documents(filters)
        if kept is not None:
            where = "subcorpus"
            more = count_ending_elsewhere_in(self.index, parse_pattern(cql), kept)
        else:
            where = "index"
            more = self._counted.get(self.index.index_state(), _ending_key(cql))
            if more is None:
                more = count_ending_elsewhere(self.index, parse_pattern(cql))
                self._keep_ending(cql, more)
        if not more:
            return []
        if filters is not None and filters.pos:  # counted on the pattern's matches alone
            where += " (of the pattern's matches before --pos tests their target)"
        return [
            f"matches do not overlap: {more:,} more in the {where} start inside an earlier "
            'match and end elsewhere (of "bank loan rate", [pos="NOUN"] [pos="NOUN"] is '
            '"bank loan", not "loan rate"), and are not among these; CQP\'s default '
            "strategy lists them too"
        ]

    def _keep_ending(self, cql: str, more: int | None) -> None:
        """Keep what a scan of the whole index found for ``overlap_notes``."""
        if more is not None:
            self._counted.put(self.index.index_state(), _ending_key(cql), more)

    @of_one_state
    @retry_stale
    def selected(self, request: SearchRequest) -> tuple[SearchRequest, Selection, Totals]:
        """The page's lines in order before their contexts are read (what ``--count``
        tabulates), the request as answered (a pattern's target lemma as its word), and
        the totals of all the matches."""
        self._check(request)
        if request.any_word:
            raise QueryError("--count needs a word or a pattern: --any-word has no total")
        state, key = self.index.index_state(), _totals_key(request)
        request, selection = self._selection(request, every=True)
        return request, self.page(request, selection), self._totals(request, selection, state, key)

    def total(self, request: SearchRequest) -> int:
        """How many matches the search has (``Totals.matches``): every match of the
        word or pattern that passes the filters (and is in ``--sense``; a ranked search
        or --sense takes only those with a sense vector), the lines of all its pages
        with no ``k``, sample or --max-per-doc. A ranked search orders these lines; it
        does not drop any."""
        return self.totals(request).matches

    @of_one_state
    @retry_stale
    def totals(self, request: SearchRequest) -> Totals:
        """The totals of all the matches of ``request``, without ranking or reading any
        line (``--any-word`` has none: it finds the k nearest usages)."""
        self._check(request)
        if request.any_word:
            raise QueryError("--any-word finds the k nearest usages: it has no total")
        # The first line only: it names the word found (or fails as a search would),
        # and the totals are found kept or counted apart.
        state, key = self.index.index_state(), _totals_key(request)
        every = not (self._kept(state, key) is not None or self._counted_apart(request))
        request, selection = self._selection(replace(request, offset=0, k=1), every=every)
        return self._totals(request, selection, state, key)

    @retry_stale
    def matches(self, request: SearchRequest) -> tuple[SearchRequest, Nodes]:
        """Every match of a plain request (a word or a pattern, with its filters), in
        corpus order: each one's first and last token id (what a statistic counts)."""
        request, selection = self.matched(request)
        return request, selection.nodes

    @of_one_state
    @retry_stale
    def matched(self, request: SearchRequest) -> tuple[SearchRequest, Selection]:
        """:meth:`matches` with each match's occurrence (``found.ids``: the word's
        token, a pattern's target), whose sense or label a statistic may ask about."""
        self._check(request)
        return self._selection(request, every=True)

    def _check(self, request: SearchRequest) -> None:
        if request.cql is None and not request.any_word and not request.word.strip():
            raise QueryError(EMPTY_WORD)
        if request.cql is not None and request.word.strip():
            # (The pattern's matches were searched, the word silently ignored.)
            raise QueryError(
                f"give WORD or --cql PATTERN, not both (a pattern names its words: "
                f"leave out {request.word.strip()!r}, or --cql)"
            )
        if (request.unlike or request.unlike_examples) and not request.ranked:
            # Named as given: --unlike-example alone was told "--unlike needs …".
            given = "--unlike" if request.unlike else "--unlike-example"
            raise QueryError(
                f"{given} needs something to be like: add --example, --like, --label or --gloss"
            )
        both = sorted(set(request.like) & set(request.unlike))
        if both:  # its cosine cancels out: every score was 0, silently
            raise QueryError(
                f"--like and --unlike both name occurrence {both[0]}: give it to one of them"
            )
        if request.expand and not request.ranked:
            raise QueryError(
                "--expand re-ranks a ranked search, and a plain concordance has no ranking: "
                "add --example, --like, --label or --gloss, or leave out --expand"
            )
        if request.near is not None and request.any_word:
            raise QueryError("--near needs a word or a pattern: leave out --any-word")
        if request.cql is not None and (request.any_word or request.form):
            given = (
                flag
                for flag, on in (("--any-word", request.any_word), ("--form", request.form))
                if on
            )
            raise QueryError(
                f"--cql names its own words: leave out {' and '.join(given)} "
                '(write [word="banks"] for an exact form)'
            )
        needing = _needs_vectors(request)
        if needing:
            # The word's own refusal on an index with vectors for chosen words.
            word = "" if request.any_word or request.cql is not None else request.word
            self.index.require_vectors(needing, word, self.lang, request.form)
        filters = request.filters
        own = filters.where[: len(filters.where) - len(request.within)]
        self.index.check_filters(replace(filters, where=own), within=request.within)

    def _selection(self, request: SearchRequest, every: bool) -> tuple[SearchRequest, Selection]:
        """Every line the search may show, in corpus order (only the first ``end`` when
        nothing else needs them all: not ``every``, no ranking, sample or sense), and
        the request as answered (a pattern's target lemma standing for its word)."""
        request = self._near_resolved(request)
        if request.cql is not None:
            return self._pattern(request, every)
        sequence = self._as_sequence(request)
        if sequence is not None:
            as_pattern = replace(request, cql=sequence, word="", form=False, searched=sequence)
            answered, selection = self._pattern(as_pattern, every)
            said = self._written_apart_note(request.word.strip(), as_pattern, selection)
            selection.notes = [*selection.notes, *([said] if said else [])]
            return answered, selection
        selection = self._candidates(request, every)
        typed = request.word.strip()
        if selection.word != typed.lower():  # "banks": its lemma bank
            request = replace(request, searched=lemma_searched(selection.word or ""))
        elif request.form and typed != selection.word:  # "The" --form: any case of it
            request = replace(request, searched=sequence_pattern([typed]))
        return request, selection

    def _written_apart_note(
        self, word: str, as_pattern: SearchRequest, selection: Selection
    ) -> str | None:
        """How many matches of ``word``, typed as one and searched as the tokens the
        index cut it into (cannot: can not), write those tokens apart (`can not`): they
        were counted as the word with nothing said (`search cannot` and `search "can
        not"` gave one total, pass 39p); and of ``word`` typed in two (`can not`), how
        many write them as one word (cannot), the mirror (pass 40d). None where none
        does. Only of words of letters and digits (cannot, gonna, 300kg; can not): such
        a word is rare, so all its matches are read cheaply, where one with an
        apostrophe (it's) may be of the commonest; a phrase is looked at on an index
        spaCy cut alone (no other tokenizer here cuts such a word in two), and one of more
        matches than WRITTEN_AS_ONE_READ is none that its rules cut from one word (reading
        20,000 matches' offsets costs about half a second)."""
        pieces = word.split()
        if not all(piece.isalnum() for piece in pieces):
            return None
        if len(pieces) > 1 and not self._cut_by_spacy():
            return None  # (only spaCy's rules cut a word of letters and digits in two)
        if selection.partial:  # a first page alone: every match is looked at
            _, selection = self._pattern(as_pattern, True)
        if len(pieces) > 1 and len(selection) > WRITTEN_AS_ONE_READ:
            return None
        details = [m for m in selection.details(self.index) or [] if m is not None]
        if len(pieces) > 1:  # (`can not stay` on "cannot stay" too, pass 40g)
            said = [m for m in details if _some_written_as_one(m)]
        else:
            said = [m for m in details if m.end - m.start > len("".join(m.words))]
        if not said:
            return None
        writes = "writes" if len(said) == 1 else "write"
        how = f"as one word ({''.join(said[0].words)!r})"
        if len(pieces) == 1:
            how = f"apart ({' '.join(said[0].words)!r})"
        elif len(pieces) > 2:  # which of its tokens, the offsets of the whole match do not say
            return (
                f"{len(said):,} of the {len(details):,} matches of {word!r} {writes} some of "
                "its tokens as one word, with no space between them, which the index holds "
                "as the same tokens: the total takes both"
            )
        return (
            f"{len(said):,} of the {len(details):,} matches of {word!r} {writes} its tokens "
            f"{how}, which the index holds as the same tokens: the total takes both"
        )

    def _near_resolved(self, request: SearchRequest) -> SearchRequest:
        """The request with --near's word resolved to the lemma it means, as the
        searched word is ("waters": water; search/near.py), and said in
        ``near_searched`` when that is not the word as typed."""
        if request.near is None or request.near_searched is not None:
            return request
        from sensegrep.search.near import near_lemma

        lemma = near_lemma(self.index, request.near, self.lang)
        typed = request.near.strip()
        if lemma == typed.lower():
            return request
        return replace(request, near=lemma, near_searched=f"{lemma_searched(lemma)} "
                       f"(from {json.dumps(typed, ensure_ascii=False)})")  # fmt: skip

    def _as_sequence(self, request: SearchRequest) -> str | None:
        """The token sequence (a CQL pattern of word forms) to search for a word that
        the analyser cuts into several tokens and the index does not hold whole
        ("mole's": mole 's), each form in any case, or for ``--form --match-case``,
        exactly as written (``[word="The"]``); None for a word of one token searched
        by its lemma or form in any case.

        Searching only its first token (as once, by its lemma) would count "mole" for
        "mole's", and the rest of the word could not be seen in the answer. A piece no
        token has is an error naming the word, as for a word of one token."""
        forms = word_tokens(request.word, self.lang)
        if len(forms) > 1 and self._held_whole(request.word):
            forms = [request.word.strip()]
        elif (
            len(forms) == 1
            and infix_pieces(forms[0])
            and not self._held_whole(forms[0])
            # ex-presidente, whose text wrote ex‑presidente (U+2011): held by its lemma
            # expresidente alone, it was searched as ex - presidente, 0 (pass 37p)
            and not self._held_whole(lemma_of(forms[0], self.lang))
        ):
            # simplemma keeps "well-known" whole; spaCy, which tagged this index, cut it.
            forms = infix_pieces(forms[0])
        elif len(forms) == 1 and self._cut_as_a_unit(forms[0]):
            forms = number_pieces(forms[0])  # 300kg: spaCy cut it 300 kg (pass 39a)
        elif len(forms) == 1 and (pieces := self._cut_by_spacys_rules(forms[0])):
            forms = pieces  # cannot: spaCy's rules cut it can not (pass 39k)
        # --form --match-case: the form exactly as written, which the storage's lookups
        # (by case-folded key) cannot tell apart, as a pattern ([word="The"]).
        exact = request.form and request.match_case
        if len(forms) < 2 and not exact:
            return None
        sequence = sequence_pattern(forms, any_case=not exact)
        try:
            check_pattern(self.index, parse_pattern(sequence))
        except QueryError as exc:
            tokens = "the tokens " if len(forms) > 1 else ""
            raise QueryError(
                f"no occurrences of {request.word.strip()!r} in {self.index.folder}: "
                f"it is searched as {tokens}{sequence}; {exc}{wildcard_hint(request.word)}"
            ) from None
        return sequence

    def _cut_as_a_unit(self, word: str) -> bool:
        """Whether ``word``, a number and letters written together (300kg, 10am), is
        held by this index only as the two tokens spaCy cut it into, as a unit after its
        number (a word spaCy keeps whole, 3rd, is searched whole)."""
        pieces = number_pieces(word)
        if not pieces or not self._cut_by_spacy() or self._held_whole(word):
            return False
        try:
            check_pattern(self.index, parse_pattern(sequence_pattern(pieces)))
        except QueryError:
            return False
        return True

    def _cut_by_spacys_rules(self, word: str) -> list[str]:
        """The tokens spaCy's rules cut ``word``, letters alone, into (cannot: can not,
        gonna: gon na) where this index holds it only so: `search cannot` said "no
        occurrences of 'cannot'" of a text that wrote it (pass 39k); [] for any other."""
        if not word.isalpha() or not self._cut_by_spacy() or self._held_whole(word):
            return []
        # (spaCy, slow to load, only where the index holds the word cut somewhere in two:
        # a typo's error is not kept waiting for it)
        halves = range(1, len(word))
        if not any(self._held_whole(word[:k]) and self._held_whole(word[k:]) for k in halves):
            return []
        from sensegrep.tagger import word_pieces

        pieces = word_pieces(word)
        if len(pieces) < 2:
            # (spaCy's rules are written in lower case and keep CANNOT whole, so `search
            # CANNOT` said "no occurrences" where `search cannot` found the text's 8,
            # pass 39q): the lower-case word's cut, in the case typed
            pieces = _pieces_as_typed(word, word_pieces(word.lower()))
        if len(pieces) < 2:
            return []
        try:
            check_pattern(self.index, parse_pattern(sequence_pattern(pieces)))
        except QueryError:
            return []
        return pieces

    def cut_apart(self, word: str) -> str | None:
        """The pattern of the tokens the analyser cuts ``word`` into (``well-known``:
        well - known), when the index also holds it whole, so that a search of the word
        takes only the whole tokens: a corpus that mixes a tagged format's tokens
        (CoNLL-U, VRT: *well-known* one token) with text the tagger cut. None when the
        word is one token, or the index does not hold it whole (it is then searched as
        that sequence)."""
        forms = word_tokens(word, self.lang)
        if len(forms) == 1:
            forms = infix_pieces(forms[0])
        if len(forms) < 2 or not self._held_whole(word):
            return None
        return sequence_pattern(forms)

    def halves_held(self, word: str) -> list[str]:
        """The patterns of two tokens, each of two letters or more, that ``word``, a word
        of letters this index holds whole, may also be held as where spaCy's rules cut
        it (cannot: can not, gonna: gon na, which they keep whole in capitals, CANNOT):
        those whose halves the index holds; [] on an index that spaCy did not tag.
        Whether the text wrote them as one is for the caller to read (a match's
        offsets): `in to` is no `into`."""
        word = word.strip()
        if not word.isalpha() or not self._cut_by_spacy() or not self._held_whole(word):
            return []
        cuts = range(2, len(word) - 1)
        return [
            sequence_pattern([word[:k], word[k:]])
            for k in cuts
            if self._held_whole(word[:k]) and self._held_whole(word[k:])
        ]

    def _held_whole(self, word: str) -> bool:
        """Whether some token of the index is ``word`` as one form or lemma (an index
        whose text was cut otherwise, before clitics were split)."""
        ids = np.asarray(
            sorted(i for i, _ in self.index.words_with_key(word.strip().lower())), dtype=np.int64
        )
        if not len(ids):
            return False
        return bool(
            self.index.words_held("form", ids).any() or self.index.words_held("lemma", ids).any()
        )

    def _counted_apart(self, request: SearchRequest) -> bool:
        """Whether the totals of ``request``'s matches can be counted without listing
        them (then a page lists only its own lines): a pattern's, or a plain
        concordance's of a word (its matches are every token of the word, which the
        token store's inverted lists count). A ranked search or --sense takes the
        tokens with a vector, listed whole from the word's runs anyway."""
        if request.cql is not None:
            return True
        if request.ranked or request.sense is not None:
            return False
        return bool(self.index.token_store_complete())

    def _kept(self, state: Hashable, key: str | None) -> Totals | None:
        """The totals kept for the query ``key`` on index state ``state`` (None: none)."""
        return None if key is None else self._counted.get(state, key)

    def _totals(
        self, request: SearchRequest, selection: Selection, state: Hashable, key: str | None
    ) -> Totals:
        """The totals of all the matches of ``request`` (as answered; ``key``: the
        query's as asked, read on index state ``state`` before selecting): kept from
        an earlier page of the same query on the same state, else counted (and kept).
        A --max-per-doc cap or a sample chooses the lines shown, not the matches:
        ``lines_available`` says how many lines."""
        totals = self._kept(state, key)
        if totals is None:
            # The documents a --where / --doc keeps, looked up once for both counts.
            kept = self.index.passing_documents(request.filters)
            matches, documents, lines = self._count(request, selection, kept)
            tokens, subcorpus = self._sizes(state, request.filters, kept)
            totals = Totals(
                matches=matches,
                documents=documents,
                tokens=tokens,
                subcorpus_tokens=subcorpus,
                searched=request.searched,
                without_vectors=selection.without_vectors() if selection.without_vectors else 0,
                lines_available=lines,
            )
            if key is not None and self.index.index_state() == state:  # no write meanwhile
                self._counted.put(state, key, totals)
        return totals

    def _count(
        self, request: SearchRequest, selection: Selection, kept: np.ndarray | None
    ) -> tuple[int, int, int]:
        """(matches, documents they fall in, lines the pages go through) of all the
        matches, ``selection`` holding them all or (``partial``) a page's first lines;
        ``kept``: the documents the filters keep (None: all)."""
        if selection.partial:
            counted = self._count_apart(request, selection, kept)
            if counted is not None:
                # A first page is listed alone only without a sample or --max-per-doc:
                # its pages go through every match.
                return counted[0], counted[1], counted[0]
            request, selection = self._selection(request, every=True)  # list them all
        documents = self.index.document_count(selection.nodes.firsts)
        return len(selection), documents, self._lines_available(request, selection)

    def overlapped(self, cql: str, filters: Filters | None = None) -> int:
        """How many matches of the pattern ``cql`` in the index (or in the documents the
        ``filters``' --where / --doc keep) start inside an earlier match, which the scan
        drops (0 where the token store is not complete: an index of an older version,
        matched sentence by sentence)."""
        if not self.index.token_store_complete():
            return 0
        kept = None if filters is None else self.index.passing_documents(filters)
        if kept is not None:
            return count_overlapped_in(self.index, parse_pattern(cql), kept)
        return count_overlapped(self.index, parse_pattern(cql))

    def _count_apart(
        self, request: SearchRequest, selection: Selection, kept: np.ndarray | None
    ) -> tuple[int, int] | None:
        """(matches, documents) counted without listing the matches: a pattern's on
        the token store's positions, a plain concordance's (every token of the word)
        from its inverted lists; None where neither can."""
        if request.cql is not None and selection.spans is not None:
            matches, documents, ending_elsewhere = count_totals(
                self.index, parse_pattern(request.cql)
            )
            self._keep_ending(request.cql, ending_elsewhere)
            return matches, documents
        if selection.word is not None:
            return self.index.candidate_totals(
                selection.word, request.form, request.filters, kept, every_token=True
            )
        return None

    def _sizes(
        self, state: Hashable, filters: Filters, kept: np.ndarray | None
    ) -> tuple[int, int | None]:
        """(tokens of the index, of the subcorpus ``filters`` make: the documents
        ``kept``), kept per state."""
        key = ("sizes", repr(filters))
        sizes = self._counted.get(state, key)
        if sizes is None:
            sizes = (self.index.corpus_tokens(), self.index.subcorpus_tokens(filters, kept))
            self._counted.put(state, key, sizes)
        return sizes

    def _lines_available(self, request: SearchRequest, selection: Selection) -> int:
        """How many lines the pages go through: the sample's, at most N of a document
        with --max-per-doc (min(lines, N) a document, whatever their order)."""
        sampled = self._sampled(request, selection)
        if request.max_per_doc is None:
            return len(sampled)
        return len(first_per_document(self.index, sampled.found.ids, request.max_per_doc))

    def page(self, request: SearchRequest, selection: Selection) -> Selection:
        """Lines offset+1 … offset+k of the selection, sampled, in order: ranked (the
        page of the ranking, then sorted by ``sort``) or, for a plain concordance, in
        ``sort`` order of ALL its lines (with --max-per-doc, of those the cap keeps in corpus
        order), else in corpus order."""
        selection = self._sampled(request, selection)
        window = slice(request.offset, request.end)
        capped = request.max_per_doc is not None
        if request.ranked:
            # With --max-per-doc the whole ranking: its first k may hold fewer documents.
            order, scores = self._rank(replace(request, k=None) if capped else request,
                                       selection.found)  # fmt: skip
            order, scores = self._capped(request, selection, order, scores)
            chosen = selection.take(order[window])
            chosen.scores = scores[window]
            if request.sort:
                chosen = self._with_quality(request, chosen)
                chosen = chosen.take(self._sort_order(request, chosen))
            return chosen
        if not request.sorts_all:
            return selection.take(
                self._capped(request, selection, np.arange(len(selection)))[0][window]
            )
        selection = self._with_quality(request, selection)
        if capped:
            # The cap keeps each document's first lines in corpus order and the sort
            # orders those, as a sort only reorders a concordance in CQPweb (sorting
            # first once made the lines shown depend on the sort key).
            kept = self._capped(request, selection, np.arange(len(selection)))[0]
            selection = selection.take(kept)
        return selection.take(self._sort_order(request, selection, request.end)[window])

    def _capped(
        self,
        request: SearchRequest,
        selection: Selection,
        order: np.ndarray,
        scores: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The lines in ``order`` that ``--max-per-doc`` keeps (the first N of each
        document in that order), with their scores."""
        if request.max_per_doc is None:
            return order, scores
        kept = first_per_document(self.index, selection.found.ids[order], request.max_per_doc)
        return order[kept], None if scores is None else scores[kept]

    def _sort_order(
        self, request: SearchRequest, selection: Selection, first: int | None = None
    ) -> np.ndarray:
        given = {} if selection.quality is None else {"quality": selection.quality.score}
        return sort_order(
            self.index,
            request.sort,
            selection.nodes,
            request.ignore_punct,
            first,
            match_case=request.match_case,
            scores=given,
        )

    def _with_quality(self, request: SearchRequest, selection: Selection) -> Selection:
        """The lines with their example quality when ``sort`` asks for it (scored once,
        then kept aligned with them)."""
        if "quality" not in request.sort or selection.quality is not None:
            return selection
        if self._quality is None:
            raise QueryError("--sort quality needs the example quality the API scores")
        selection.quality = self._quality(request, selection.found.ids)
        return selection

    def read(self, selection: Selection, offset: int = 0) -> list[RankedOccurrence]:
        """The lines with their contexts (and pattern matches), numbered from the
        page's offset; one a concurrent run removed is left out."""
        ids = [int(i) for i in selection.found.ids]
        contexts = self.index.contexts(ids)
        matches = selection.details(self.index)
        scores, quality = selection.scores, selection.quality
        lines = []
        for at, occ_id in enumerate(ids):
            match = None if matches is None else matches[at]
            if occ_id not in contexts or (matches is not None and match is None):
                continue
            score = None if scores is None else float(scores[at])
            line = RankedOccurrence(0, score, contexts[occ_id], match)
            if quality is not None:
                line.quality, line.quality_parts = quality.record(at)
            lines.append(line)
        for number, line in enumerate(lines, start=offset + 1):
            line.rank = number
        return lines

    def _sampled(self, request: SearchRequest, selection: Selection) -> Selection:
        if request.sample is None or request.sample >= len(selection):
            return selection
        rng = np.random.default_rng(request.seed)
        picked = np.sort(rng.choice(len(selection), size=request.sample, replace=False))
        return selection.take(picked)

    def _pattern(self, request: SearchRequest, every: bool) -> tuple[SearchRequest, Selection]:
        """The matches of a CQL pattern that pass the filters, in corpus order; only
        those whose target has a vector when they are to be ranked or put in a sense."""
        pattern = parse_pattern(request.cql or "")
        check_pattern(self.index, pattern, self.lang)
        # The target's literal lemma stands for WORD: in messages, examples, --sense.
        request = replace(request, word=request.word or target_word(pattern))
        if request.gloss and not request.word:
            # The gloss is read as the word's definition ([[WORD]] - gloss): with no word
            # it was "unbalanced [[ ]] in the example '[[]] - …'", an example never given.
            raise QueryError(
                "--gloss with --cql needs a target of one literal lemma, the word the gloss "
                'defines (for example @[lemma="bank"]; not alternatives, bank|shore, nor a '
                "wildcard): search each word, or rank with --example, which takes any pattern"
            )
        by_vector = request.ranked or request.sense is not None
        if by_vector and request.word:  # a target word without vectors (chosen words)
            self.index.require_vectors(_needs_vectors(request), request.word, self.lang)
        first_page = not (
            every
            or by_vector
            or request.sample
            or request.filtered
            or request.max_per_doc
            or request.near is not None
        )
        limit = request.end if first_page else None
        selection = self._matches(pattern, limit)
        selection.partial = limit is not None and len(selection) >= limit
        if request.filtered:
            targets = selection.found.ids
            selection = selection.take(
                np.flatnonzero(np.isin(targets, self.index.passing(targets, request.filters)))
            )
            said = pos_target_note(pattern, request.filters.pos) if request.filters.pos else None
            selection.notes = [*selection.notes, *([said] if said else [])]
            if not len(selection):
                return request, selection  # the filters leave no match: an empty result
        selection = self._near(request, selection)
        if by_vector and not len(selection):
            # no match, as without ranking: "no match of the pattern has a target with a
            # vector: mark a content word with @" was said of a content word's pattern
            return request, selection
        if by_vector:
            matched = len(selection)
            selection = self._with_vectors(pattern, selection)
            left_out = matched - len(selection)
            selection.without_vectors = lambda: left_out
            unmarked = unmarked_target_note(pattern)
            selection.notes = [*selection.notes, *([unmarked] if unmarked else [])]
        return request, self._in_sense(request, self._without_given(request, selection))

    def _without_given(self, request: SearchRequest, selection: Selection) -> Selection:
        """The matches less those whose target --like or --unlike gave, said in a note:
        they are what the ranking is like or unlike, as a word's search leaves them out
        (a pattern's kept them, its liked line first at cosine 1: issue 23)."""
        given = np.asarray([*request.like, *request.unlike], dtype=np.int64)
        if not len(given):
            return selection
        targets = selection.found.ids
        out = np.isin(targets, given)
        if not out.any():
            return selection
        kept = selection.take(np.flatnonzero(~out))
        kept.notes = [*selection.notes, *_given_left_out(request, targets[out])]
        return kept

    def _matches(self, pattern: Pattern, limit: int | None) -> Selection:
        """The first ``limit`` matches (None: all), their targets' vectors unlocated."""
        spans = match_spans(self.index, pattern, limit)
        if spans is not None:
            self._keep_ending(pattern.text, spans.ending_elsewhere)
            return Selection(
                _all_tokens(spans.targets), Nodes(spans.firsts, spans.lasts), spans=spans
            )
        matches = find_matches(self.index, pattern, limit)
        targets = np.asarray([m.target for m in matches], dtype=np.int64)
        nodes = Nodes(
            np.asarray([m.first_token for m in matches], dtype=np.int64),
            np.asarray([m.last_token for m in matches], dtype=np.int64),
            [" ".join(m.words) for m in matches],
        )
        return Selection(_all_tokens(targets), nodes, matches=matches)

    def _with_vectors(self, pattern: Pattern, selection: Selection) -> Selection:
        """The matches whose target has a vector, located (the others cannot be ranked
        or put in a sense)."""
        targets = selection.found.ids
        if selection.spans is not None:
            located, kept = self._located(pattern, targets)
        else:
            located = self.index.existing(targets)  # in the order given, duplicates kept
            kept = np.flatnonzero(np.isin(targets, located.ids))
        if not len(kept):
            raise QueryError(self._no_vector_to_rank(targets))
        chosen = selection.take(kept)
        chosen.found = located
        return chosen

    def _no_vector_to_rank(self, targets: np.ndarray) -> str:
        """Why no match can be ranked: its targets are function words, or, on an index
        with vectors for chosen words, content words not chosen yet (`[word="The"]
        @[pos="NOUN"] [word="flooded"]`, each target a river, was told to mark a content
        word with @, which it did, pass 39p), with the command that gives them vectors."""
        ids = distinct(targets)
        counts = self.index.unembedded_lemmas(ids)
        if not counts:
            return (
                "no match of the pattern has a target with a vector to rank: mark a "
                'content word as the target with @ (for example @[lemma="bank"])'
            )
        shown = ", ".join(f"{word} ({n:,})" for word, n in list(counts.items())[:5])
        more = f" and {len(counts) - 5:,} more" if len(counts) > 5 else ""
        words = " ".join(shlex.quote(word) for word in list(counts)[:5])
        unembedded = sum(counts.values())
        # ("1 of their 2 targets are tokens of content words", pass 39q)
        are = "is a token of a content word" if unembedded == 1 else "are tokens of content words"
        return (
            f"no match of the pattern has a target with a vector to rank: {unembedded:,} "
            f"of their {len(ids):,} targets {are} this index has given no "
            f"vectors (it has them for chosen words): {shown}{more}; `sensegrep vectors add "
            f"{words}` gives them theirs"
        )

    def _located(self, pattern: Pattern, targets: np.ndarray) -> tuple[Candidates, np.ndarray]:
        """Where the vectors of ``targets`` are, in the order given (one without a
        vector left out), and the positions in ``targets`` of those kept: from the runs
        of the target's literal lemma, a few rows, and by id for the others."""
        word = target_word(pattern)
        runs = self.index.candidates(word) if word else _all_tokens(np.zeros(0, np.int64))
        at, in_runs = _positions_in(runs, targets)
        if in_runs.all():
            return runs.take(at), np.arange(len(targets))
        rest = self.index.existing(distinct(targets[~in_runs]))  # ascending
        rest_at, in_rest = _positions_in(rest, targets)
        in_rest &= ~in_runs
        shard_ids, rows = np.empty(len(targets), np.int64), np.empty(len(targets), np.int64)
        shard_ids[in_runs], rows[in_runs] = runs.shard_ids[at[in_runs]], runs.rows[at[in_runs]]
        shard_ids[in_rest] = rest.shard_ids[rest_at[in_rest]]
        rows[in_rest] = rest.rows[rest_at[in_rest]]
        keep = in_runs | in_rest
        return Candidates(targets[keep], shard_ids[keep], rows[keep]), np.flatnonzero(keep)

    def _sorted_page(
        self, request: SearchRequest, lines: list[RankedOccurrence], said: Sequence[str] = ()
    ) -> Answer:
        """A ranked page read already (--any-word's: no totals) in ``sort`` order, as a
        ranked search sorts its page (``sort`` was ignored there, under a note saying it
        sorted), with its notes (``said``) and those of its example quality when sorted
        by it."""
        if not request.sort or not lines:
            return Answer(lines, None, request, list(said))
        ids = np.asarray([line.occurrence.id for line in lines], dtype=np.int64)
        chosen = self._with_quality(request, Selection.of_words(_all_tokens(ids)))
        if chosen.quality is not None:
            for at, line in enumerate(lines):
                line.quality, line.quality_parts = chosen.quality.record(at)
        order = self._sort_order(request, chosen)
        ordered = [lines[at] for at in order.tolist()]
        for number, line in enumerate(ordered, start=request.offset + 1):
            line.rank = number
        notes = [] if chosen.quality is None else list(chosen.quality.notes)
        return Answer(ordered, None, request, [*said, *notes])

    def _any_word(
        self, request: SearchRequest
    ) -> tuple[list[RankedOccurrence], list[str], int | None]:
        """The occurrences of any word nearest to the usage (search across words), what
        it says of the --like and --unlike occurrences it leaves out, and how many lines
        there are in all when the page begins after the last (else None)."""
        if request.label or request.sense or request.sample or request.expand:
            # (--expand was once dropped without a word: issue 23.)
            raise QueryError(
                "--any-word works with --example, --like and --unlike only (not --label, "
                "--sense, --sample or --expand)"
            )
        if not (request.positive_texts or request.like):
            raise QueryError(
                '--any-word needs a usage: --example "… the [[word]] …" (or --like ID)'
            )
        self._check_any_word_word(request)
        marked = [note for text in request.positive_texts for note in self._marked_notes(text)]
        # Lines offset+1 … offset+k of the nearest (the offset was once ignored: every
        # "next page" showed the first one again).
        end = request.offset + (request.k or DEFAULT_ANY_WORD_K)
        filters = request.filters
        filtered = bool(filters.pos or filters.where or filters.docs or request.max_per_doc)
        # Filters and exclusions apply after the search: fetch more so k remain.
        wanted = (
            end * (FILTER_OVERFETCH if filtered else 1) + len(request.like) + len(request.unlike)
        )
        direction = self._direction(request, request.like)[0]
        while True:
            ids, scores = self.index.nearest(direction, wanted)
            fetched = len(ids)
            # The given occurrences are the nearest to themselves: left out, and said so,
            # as a word's search does.
            said = _given_left_out(request, ids, "the lines")
            keep = ~np.isin(ids, np.asarray([*request.like, *request.unlike], dtype=np.int64))
            if filters.pos or filters.where or filters.docs:
                keep &= np.isin(ids, self.index.passing(ids, filters))
            ids, scores = ids[keep], scores[keep]
            if request.max_per_doc is not None:
                kept = first_per_document(self.index, ids, request.max_per_doc)
                ids, scores = ids[kept], scores[kept]
            # Too few passed the filters among those fetched: fetch more, until every
            # occurrence was (a document far from the usage answered "0 matches").
            if len(ids) >= end or fetched < wanted:
                break
            wanted *= 4
        # every line was fetched when the page begins past the last
        available = len(ids) if request.offset and len(ids) <= request.offset else None
        ids, scores = ids[request.offset : end], scores[request.offset : end]
        covered = self.index.ann_coverage()
        said = [*marked, *said, *_approximation_notes(covered)]
        contexts = self.index.contexts([int(i) for i in ids])
        ranked = [
            (float(s), int(i)) for s, i in zip(scores, ids, strict=True) if int(i) in contexts
        ]
        lines = [
            RankedOccurrence(rank, s, contexts[i])
            for rank, (s, i) in enumerate(ranked, start=request.offset + 1)
        ]
        return lines, said, available

    def _check_any_word_word(self, request: SearchRequest) -> None:
        """A WORD beside --any-word is no part of the search: one other than the word
        of its usages (the examples' marked words, the --like occurrences' forms and
        lemmas) is refused, where it was silently dropped (and the search page said the
        lines were of the example of it)."""
        from sensegrep.search.example import parse_example

        typed = request.word.strip()
        if not typed:
            return
        own = {parse_example(t, "", self.lang).target_word for t in request.positive_texts}
        if request.like:
            for line in self.index.contexts([int(i) for i in request.like]).values():
                own |= {line.form, line.lemma}
        if typed.lower() in {w.lower() for w in own if w}:
            return
        words = ", ".join(repr(w) for w in sorted(w for w in own if w)) or "none"
        raise QueryError(
            f"--any-word searches the usages of any word near the usage: the word {typed!r} is "
            f"not the word of its usage ({words}); leave it out"
        )

    def _marked_notes(self, text: str) -> list[str]:
        """Refuse a usage whose marked word has tokens in the index but none with a
        sense vector (a function word): no word of its kind can be among the lines, which
        were content words ranked against it, exit 0 (issue 23). A word the index lacks
        is still a query, and so is one without vectors on an index with vectors for
        chosen words: each is said (its lines, and neighbours' "own lemma left out",
        were read as of its occurrences, none of which was searched)."""
        from sensegrep.search.example import parse_example
        from sensegrep.storage.occurrences import occurrences_of

        word = parse_example(text, "", self.lang).target_word
        if not word or len(word.split()) > 1:
            return []
        # By lemma, else by form ("left", whose tokens the tagger gave the lemma "leave").
        for by_form in (False, True):
            try:
                lemma, _ = occurrences_of(
                    self.index, word, lang=self.lang, by_form=by_form, every_token=True, first=1
                )
                break
            except QueryError:
                continue
        else:
            return [
                f"{word!r} does not occur in the index: the nearest to its usage as written "
                "were searched, none of them its own (check the spelling)"
            ]
        if self.index.manifest.chosen:  # its tokens are there with vectors or without
            _, own = occurrences_of(self.index, lemma, lang=self.lang, by_form=by_form, first=1)
            if len(own) and own.shard_ids.min() >= 0:
                return []
            return [
                f"{word!r} has no vectors yet: none of its own occurrences was searched; "
                f"add them with `sensegrep vectors add {lemma}`"
            ]
        try:
            occurrences_of(self.index, lemma, lang=self.lang, by_form=by_form, first=1)
        except QueryError:
            raise QueryError(
                f"no token of {word!r} in the index has a sense vector (function "
                "words and punctuation get none), so no word used in its sense can be found "
                "(--any-word, neighbours): mark a content word"
            ) from None
        return []

    def _direction(
        self, request: SearchRequest, liked: Sequence[int], centre: Centre | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(direction, positives, negatives): mean cosine to the positives − mean cosine
        to the negatives = one dot product with the direction, divided by each
        candidate's norm. With a word ``centre``: the positives and negatives centred on
        it, the negatives weighted UNLIKE_WEIGHT (search/centring.py)."""
        n_pos = len(request.positive_texts)
        embedded = self.example_vectors(
            request.positive_texts + list(request.unlike_examples), request.word
        )
        positives = np.vstack([self._stored(liked), embedded[:n_pos]])
        negatives = np.vstack([self._stored(request.unlike), embedded[n_pos:]])
        return _direction_of(positives, negatives, centre), positives, negatives

    def _candidates(self, request: SearchRequest, every: bool = False) -> Selection:
        """The word's candidates that pass the filters, in the sense asked for, without
        the --like and --unlike occurrences (only the first offset+k when they are all
        the page needs: ``partial``), the lemma or form matched (``Selection.word``),
        and how many more of its tokens pass the filters without a sense vector,
        counted when called (``without_vectors``), or None. A plain concordance takes
        every token of the word; a ranked search and --sense only those with a vector,
        the others counted apart."""
        by_vector = request.ranked or request.sense is not None
        # A plain concordance's page needs only its first offset+k lines to pass filters.
        plain = not (by_vector or request.sample or request.narrowed or request.max_per_doc)
        first = request.end if plain and not every else None
        key, candidates = occurrences_of(
            self.index,
            request.word,
            lang=self.lang,
            by_form=request.form,
            filters=request.filters,
            first=first,
            form_choice=True,
            every_token=not by_vector,
        )
        if request.near is not None:
            candidates = self._near(request, Selection.of_words(candidates)).found
        without_vectors = None
        if by_vector:
            with_vectors = len(candidates)

            def without_vectors() -> int:
                return self._every_token_count(key, request) - with_vectors

        in_sense = self._in_sense_positions(request, candidates.ids)
        if in_sense is not None:
            candidates = candidates.take(in_sense)
        excluded = set(request.like) | set(request.unlike)
        notes = []
        if excluded:
            keep = ~np.isin(candidates.ids, np.fromiter(excluded, dtype=np.int64))
            notes = _given_left_out(request, candidates.ids[~keep])
            candidates = candidates.take(np.flatnonzero(keep))
            notes += self._given_of_other_words(request, key)
        notes += self._examples_of_other_words(request, key)
        # More than ``first``: the storage listed them all (an index without a complete
        # token store); exactly ``first``: there may be more.
        partial = first is not None and len(candidates) == first
        selection = Selection.of_words(candidates, without_vectors, key, partial)
        selection.notes = notes
        return selection
        return key, candidates, without_vectors

    def _given_of_other_words(self, request: SearchRequest, lemma: str) -> list[str]:
        """A note for --like/--unlike occurrences of another word than the lemma searched
        (an id copied from another word's search): the lines are ranked by their usage
        all the same, which a user who meant one of this word's is told."""
        given = list(dict.fromkeys([*request.like, *request.unlike]))
        if not given or request.form or not lemma or " " in lemma:
            return []
        contexts = self.index.contexts(given)
        other = [(i, contexts[i].lemma) for i in given
                 if i in contexts and contexts[i].lemma.casefold() != lemma.casefold()]  # fmt: skip
        if not other:
            return []
        one = len(other) == 1
        shown = ", ".join(f"{i} ({word!r})" for i, word in other[:5]) + (" …" * (len(other) > 5))
        return [
            f"{shown} {'is an occurrence' if one else 'are occurrences'} of another word than "
            f"{lemma!r}: the lines are ranked by {'its' if one else 'their'} usage all the same"
        ]

    def _examples_of_other_words(self, request: SearchRequest, key: str) -> list[str]:
        """A note for an --example or --unlike-example whose [[ ]] marks none of the word
        searched (``search bank -e "the [[river]] bank"``): the lines are ranked by the
        marked word's usage all the same, which a user who meant this word is told."""
        from sensegrep.text import lemma_of

        texts = [*request.positive_texts, *request.unlike_examples]
        if not texts or not key or " " in key or not request.word:
            return []
        meant = {key.casefold(), request.word.casefold()}
        other = []
        for text in dict.fromkeys(texts):
            if "[[" not in text:
                continue  # unmarked: the word itself is found in it
            try:
                example = parse_example(text, request.word, self.lang)
            except QueryError:
                continue  # the embedding says why
            words = example.words[slice(*example.span)]
            seen = {w.casefold() for w in words}
            seen |= {lemma_of(w, self.lang).casefold() for w in words}
            if not meant & seen:
                other.append(example.target_word)
        if not other:
            return []
        shown = ", ".join(repr(w) for w in dict.fromkeys(other))
        return [
            f"an example marks {shown}, not {key!r}: the lines are ranked by that usage all "
            f"the same; mark {key!r} in it as [[{key}]] if you meant it"
        ]

    def _every_token_count(self, key: str, request: SearchRequest) -> int:
        """How many tokens of the word (its lemma or form ``key``), vector or not, pass
        the filters and --near: what a plain concordance of it would count."""
        if request.near is None:
            return self.index.count_tokens(key, request.form, request.filters)
        every = self.index.candidates(key, request.form, request.filters, every_token=True)
        return len(self._near(request, Selection.of_words(every)))

    def _near(self, request: SearchRequest, selection: Selection) -> Selection:
        """The lines with ``request.near`` within ``request.window`` tokens of their
        node (all without --near)."""
        if request.near is None:
            return selection
        from sensegrep.search.near import lines_near

        return selection.take(lines_near(self.index, selection.nodes, request.near,
                                         request.window))  # fmt: skip

    def _in_sense(self, request: SearchRequest, selection: Selection) -> Selection:
        """The lines in induced sense ``request.sense`` of the word (all without)."""
        positions = self._in_sense_positions(request, selection.found.ids)
        return selection if positions is None else selection.take(positions)

    def _in_sense_positions(self, request: SearchRequest, ids: np.ndarray) -> np.ndarray | None:
        """Which of ``ids`` are in induced sense ``request.sense`` (None: no --sense)."""
        if request.sense is None:
            return None
        from sensegrep.senses import sense_members

        if not request.word:
            raise QueryError(
                "--sense with --cql needs a target with a literal lemma (for example "
                '@[lemma="bank"])'
            )
        members = sense_members(
            self.index, request.word, request.sense, lang=self.lang, run=request.senses_run
        )
        return np.flatnonzero(np.isin(ids, members))

    def _rank(
        self, request: SearchRequest, candidates: Candidates
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions of the top offset+k candidates, all without k, by descending
        score; their scores)."""
        liked = list(request.like) + self._labelled(request, candidates)
        centre = self._centre(request, candidates)
        direction, positives, negatives = self._direction(request, liked, centre)
        # One BLAS thread: a matrix-vector product gains nothing from more, and idle
        # OpenBLAS threads spin and slow the encoder's next forward pass by 2-3x.
        with threadpool_limits(limits=1, user_api="blas"):
            wanted = None if request.end is None else max(request.end, request.expand)
            scoring = scoring_for(centre, direction)
            order, scores = self._scored(candidates, direction, wanted, scoring)
            if request.expand > 0 and len(order):
                # Relevance feedback (Rocchio without weights): the top m hits join the
                # positives, and everything is scored again against their centroid.
                top = self.index.vectors_of(candidates.take(order[: request.expand]))
                direction = _direction_of(np.vstack([positives, top]), negatives, centre)
                scoring = scoring_for(centre, direction)
                order, scores = self._scored(candidates, direction, request.end, scoring)
        if request.end is not None:
            order, scores = order[: request.end], scores[: request.end]
        return order, scores

    def _scored(
        self,
        candidates: Candidates,
        direction: np.ndarray,
        k: int | None,
        scoring: Scoring = PLAIN,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, scores: cosines to ``direction`` as ``scoring`` turns them) of
        the top k candidates (all without k), best first: on the stored codes when the
        top k is a small part of many candidates, else from every decoded vector."""
        if k is not None and len(candidates) >= FAST_MIN and k * FAST_SHARE <= len(candidates):
            fast = coded_top(self.index, candidates, direction, k, scoring)
            if fast is not None:
                return fast
        vectors = self.index.vectors_of(candidates)
        scores = scoring(cosines(vectors, direction))
        order = _top(scores, k)
        return order, scores[order]

    def _centre(self, request: SearchRequest, candidates: Candidates) -> Centre | None:
        """The centre the candidates are scored on: that of all the word's occurrences
        (filters aside, so that a filter only drops lines), else of the candidates
        themselves (a pattern without a literal lemma); None for plain cosine."""
        if request.scoring == COSINE or not len(candidates):
            return None
        state = self.index.index_state()
        key = (request.word.strip().lower(), request.form, self.lang)
        kept = self._centres.get(state, key) if key[0] else None
        if kept is None:
            pool = self._centre_pool(request, candidates)
            kept = (pool, self._computed_centre(pool))
            if key[0] and pool is not candidates:
                self._centres.put(state, key, kept)
        word = kept[1]
        centre = word.of(candidates.ids)
        if centre is None:  # not all among the word's occurrences: their own centre
            word = self._computed_centre(candidates)
            centre = word.of(candidates.ids)
        return centre if len(word.ids) >= CENTRE_MIN else None

    def _centre_pool(self, request: SearchRequest, candidates: Candidates) -> Candidates:
        """Every occurrence of the word searched (lemma, or form with --form), or the
        candidates when there is no word."""
        if not request.word.strip():
            return candidates
        try:
            return occurrences_of(self.index, request.word, lang=self.lang,
                                  by_form=request.form)[1]  # fmt: skip
        except QueryError:
            return candidates

    def _computed_centre(self, pool: Candidates) -> WordCentre:
        pieces = [
            self.index.vectors_of(pool.take(np.arange(at, min(at + CENTRE_CHUNK, len(pool)))))
            for at in range(0, len(pool), CENTRE_CHUNK)
        ]
        return word_centre(pool.ids, pieces or [np.zeros((0, self.index.embedder_config.dim))])

    def _labelled(self, request: SearchRequest, candidates: Candidates) -> list[int]:
        """Occurrences of the word labelled ``request.label``: their centroid is a positive.

        All the word's occurrences with that label, wherever they are: a label names a
        sense, and --where, --cql or --sample choose which matches are ranked, not which
        examples show the sense (README: "the centroid of the word's occurrences
        labelled KEY"); only a pattern without a literal lemma looks among its matches."""
        if not request.label:
            return []
        pool = self._word_pool(request, candidates)
        labelled = self.index.labelled(pool, request.label)
        ids = self._not_predicted(labelled)
        # a pattern without a literal lemma has no word: "no occurrence of ''" (pass 39l)
        of = f"occurrence of {request.word!r}" if request.word.strip() else "match of the pattern"
        if len(labelled) and not len(ids):
            raise QueryError(
                f"--label {request.label}: every {of} with that label "
                f"({len(labelled):,}) has it from `classify --apply` (predicted), which does not "
                "define a sense: label some with `sensegrep label` or at indexing"
            )
        if not len(ids):
            among = "" if pool is not candidates.ids else " among the matches"
            raise QueryError(
                f"--label {request.label}: no {of}{among if request.word.strip() else ''} has "
                f"that label ({self._labels_held(request.label, pool, among)})"
            )
        return [int(i) for i in ids]

    def _not_predicted(self, ids: np.ndarray) -> np.ndarray:
        """``ids`` less those whose label classify --apply predicted: as in classify, only
        labels from the input or given by hand define a sense (issue 23)."""
        from sensegrep.labels.labelling import PREDICTED

        if not len(ids):
            return ids
        rows = self.index.occurrence_labels([int(i) for i in ids])
        keep = [rows.get(int(i), (None, None, None))[2] != PREDICTED for i in ids]
        return ids[np.asarray(keep, dtype=bool)]

    def _word_pool(self, request: SearchRequest, candidates: Candidates) -> np.ndarray:
        """Every occurrence of the word searched (by lemma), filters and sampling aside;
        the candidates themselves when there is no word (a pattern without a literal
        lemma) or the word is not a lemma of the index (--form)."""
        if not request.word.strip():
            return candidates.ids
        try:
            return occurrences_of(self.index, request.word, lang=self.lang)[1].ids
        except QueryError:
            return candidates.ids

    def _labels_held(self, label: str, ids: np.ndarray, some: str = "") -> str:
        """The labels the occurrences ``ids`` have, nearest to ``label`` first (then the
        commonest), as a message lists them; or that none has one (``some``: they are
        some of the word's occurrences, which others may have)."""
        counts: dict[str, int] = {}
        for text in self.index.token_labels([int(i) for i in ids]).values():
            for one in (text or "").split():
                counts[one] = counts.get(one, 0) + 1
        if not counts:
            todo = "" if some else " yet: `sensegrep label` sets them"
            return f"none of them has a label{todo}"
        commonest = sorted(counts, key=lambda one: (-counts[one], one))
        ordered = list(dict.fromkeys([*nearest_values(label, commonest), *commonest]))
        more = " …" if len(ordered) > LABELS_SHOWN else ""
        shown = ", ".join(map(repr, ordered[:LABELS_SHOWN]))
        return f"their labels, nearest first: {shown}{more}"

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
        if self._cut_by_spacy():
            examples = [with_infixes_cut(ex) for ex in examples]
        embedded = self.embedder.embed([ex.words for ex in examples])
        return np.stack([ex.vector(vecs) for vecs, ex in zip(embedded, examples, strict=True)])

    def _cut_by_spacy(self) -> bool:
        """Whether spaCy tokenised the index's plain text in the language of its queries
        (its examples are cut as it cut that text)."""
        recorded = (self.index.manifest.text_analysis or {}).get(self.lang) or {}
        return recorded.get("tokenizer") == "spacy"


# The most matches of a word typed in two (can not) read to say how many write it as
# one word (Searcher._written_apart_note).
WRITTEN_AS_ONE_READ = 20_000


def _some_written_as_one(match: Any) -> bool:
    """Whether a match of several tokens writes two of them with nothing between (spaCy
    cut "cannot stay" into can not stay): each pair written apart has a character at
    least between its tokens, so its span is shorter than its words and a character
    between each two; `search "can not stay"` said nothing of it (pass 40g)."""
    return match.end - match.start < len("".join(match.words)) + len(match.words) - 1


LABELS_SHOWN = 20  # labels an unknown --label's message lists


def _pieces_as_typed(word: str, pieces: list[str]) -> list[str]:
    """``word`` cut where ``pieces``, the tokens of its lower-case spelling, cut it;
    [] where they spell another word."""
    if "".join(pieces) != word.lower() or len(word.lower()) != len(word):
        return []
    ends = list(itertools.accumulate(len(piece) for piece in pieces))
    return [word[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def require_pos(index: Index, what: str) -> None:
    """An index without any POS tag matches no POS: say so rather than find nothing."""
    index.require_tags("pos", what)


FILTER_OVERFETCH = 10  # candidates per wanted hit when filters apply after the search


def _ending_key(cql: str) -> tuple[str, str]:
    """The key ``overlap_notes`` keeps a pattern's count under."""
    return ("ending elsewhere", cql)


def _totals_key(request: SearchRequest) -> str | None:
    """What the totals of ``request`` depend on, as a key (None: not kept, for a
    --sense, whose members change with the word's sense runs, which the index state
    does not follow): the request without its page and order (a sample stays: it
    chooses ``lines_available``)."""
    if request.sense is not None:
        return None
    seed = request.seed if request.sample is not None else None
    # --match-case changes the matches of --form only (the words of sort and count keys
    # otherwise).
    match_case = request.match_case and request.form
    return repr(replace(request, offset=0, k=None, sort=(), ignore_punct=False,
                        match_case=match_case, seed=seed))  # fmt: skip


def _approximation_notes(covered: dict[str, int] | None) -> list[str]:
    """What --any-word says when its lines came from the approximate any-word file
    (``Index.ann_coverage``): they are the nearest it found, which may miss some of the
    exact nearest (issue 23: "the k nearest" was said of them without a word)."""
    if covered is None:
        return []
    exact = covered["exact"]
    exact = f", the other {exact:,} (given vectors since it was built) exactly" if exact else ""
    return [
        f"approximate: {covered['approximate']:,} occurrences were searched through the "
        f"any-word file (IVF-PQ: the {covered['probes']:,} (or more) of its "
        f"{covered['lists']:,} lists nearest the usage, then re-scored exactly){exact}, so "
        "some of the exact nearest may be missing from the lines"
    ]


def _given_left_out(
    request: SearchRequest, ids: np.ndarray, of: str = "the lines and the total"
) -> list[str]:
    """What a word's search says of the --like and --unlike occurrences among its
    matches (``ids``): they are left out of its lines and its total (they are what the
    ranking is like or unlike), which a user counting the matches must be told
    (``of``: what they are left out of; --any-word has no total)."""
    notes = []
    for option, given in (("--like", request.like), ("--unlike", request.unlike)):
        n = int(np.isin(ids, np.asarray(list(given), dtype=np.int64)).sum()) if given else 0
        if n:
            one = n == 1
            notes.append(
                f"the {n:,} occurrence{'' if one else 's'} given by {option} "
                f"{'is' if one else 'are'} left out of {of}"
            )
    return notes


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


def _all_tokens(ids: np.ndarray) -> Candidates:
    """Targets of an unranked pattern query, vector or not (only their ids are read)."""
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
    index: Index,
    candidates: Candidates,
    direction: np.ndarray,
    k: int,
    scoring: Scoring = PLAIN,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(positions, scores) of the top k candidates by cosine to ``direction`` (as
    ``scoring`` turns it into a score), best first, as scoring every decoded vector
    gives them; None when the codes cannot be scanned (then the caller decodes every
    vector).

    Every candidate is scored on the stored codes by FAISS's scanner (its inner product
    over its norm, the norms scanned once per shard and kept): nothing is decoded but
    the top k and their near-ties, whose cosines are then computed exactly as the
    decoding path does."""
    products = index.inner_products(candidates, direction)
    norms = None if products is None else index.norms_of(candidates)
    if products is None or norms is None:
        return None
    approx = scoring(products / np.maximum(norms, 1e-12))
    kth = float(approx[_top(approx, k)[-1]])
    # A centred score near 0 is still off by the products' rounding: an absolute margin.
    margin = NEAR * (abs(kth) + (1.0 if scoring.centred else 0.0))
    near = np.flatnonzero(approx >= kth - margin)  # ascending: corpus order
    scores = scoring(cosines(index.vectors_of(candidates.take(near)), direction), near)
    order = _top(scores, k)
    return near[order], scores[order]


def _direction_of(
    positives: np.ndarray, negatives: np.ndarray, centre: Centre | None
) -> np.ndarray:
    """The direction whose dot product with a candidate's (centred) unit vector is its
    mean cosine to the positives minus its mean cosine to the negatives (times
    UNLIKE_WEIGHT when centred; search/centring.py)."""
    if centre is None:
        direction = unit_rows(positives).mean(axis=0)
        if len(negatives):
            direction -= unit_rows(negatives).mean(axis=0)
        return direction
    direction = centred_rows(positives, centre.mean).mean(axis=0)
    if len(negatives):
        direction -= UNLIKE_WEIGHT * centred_rows(negatives, centre.mean).mean(axis=0)
    return direction


CENTRE_CHUNK = 20_000  # occurrences decoded at a time for a word's centre


def cosines(vectors: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Each row's inner product with ``direction`` divided by the row's norm."""
    norms = np.maximum(np.sqrt(np.einsum("ij,ij->i", vectors, vectors)), 1e-12)
    return (vectors @ direction) / norms


def _top(scores: np.ndarray, k: int | None) -> np.ndarray:
    """Positions by descending score, ties in corpus order; only the top k are sorted."""
    positions = np.arange(len(scores))
    if k is not None and k < len(scores):
        # argpartition picks any of the scores tied with the k-th: keep them all and let
        # the sort take the earliest, so every page is a prefix of the one full order.
        kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
        positions = np.flatnonzero(scores >= kth)
    return positions[np.lexsort((positions, -scores[positions]))][:k]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = unit_rows(a[None, :])[0], unit_rows(b[None, :])[0]
    return float(a @ b)
