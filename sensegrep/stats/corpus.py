"""The tokens a statistic counts, and what their values are called.

A statistic counts the live tokens of the index, or of a subcorpus (the documents a
``--where`` / ``--doc`` filter keeps), read from the token store's columns: each
segment's kept sentences are concatenated in corpus order, so that a position here is a
place in the (sub)corpus. Every token counts, punctuation included, as CWB counts a
corpus; a statistic that leaves punctuation out of its list still counts it in the size.

An item is what a row of a table counts (``--by``): a form (its exact text), a lemma
(compared case-folded, as search compares them), a POS tag, a lemma with its POS, or a
document's metadata value. :func:`item_codes` gives every position its item as a whole
number and the items' names, so that counting is ``np.bincount``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sensegrep.errors import QueryError, SensegrepError
from sensegrep.search.positions import is_punctuation
from sensegrep.storage import Filters, Index, token_store
from sensegrep.storage.fields import case_hint, value_key
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.token_store import Segment
from sensegrep.text import composed, undotted

ITEM_KINDS = ("lemma", "form", "pos", "lemma_pos")
NO_VALUE = "(none)"  # a document without the field, a token without a POS


@dataclass(frozen=True)
class Shape:
    """A (sub)corpus's size in tokens and each document's size (``documents``
    ascending, ``document_sizes`` beside them): what dispersion compares with."""

    size: int
    documents: np.ndarray
    document_sizes: np.ndarray


@dataclass
class CorpusTokens:
    """The live tokens of an index or a subcorpus, as columns in corpus order.

    ``parts``: each segment with its kept sentences (a boolean per sentence; None: all
    of them). Columns are concatenated on first use and kept."""

    index: Index
    parts: list[tuple[Segment, np.ndarray | None]]
    documents_kept: np.ndarray | None  # the subcorpus's documents (None: the whole index)
    _columns: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.sentence_starts[-1])

    def shape(self) -> Shape:
        documents, which = np.unique(self.sentence_documents, return_inverse=True)
        sizes = np.bincount(which, weights=np.diff(self.sentence_starts), minlength=len(documents))
        return Shape(self.size, documents, sizes.astype(np.int64))

    def column(self, name: str) -> np.ndarray:
        """A token column (``form``, ``lemma``, ``pos``, ``tag``, ``deprel``, ``head``) at
        every kept position."""
        if name not in self._columns:
            pieces = [_kept(segment.column(name), segment, keep) for segment, keep in self.parts]
            self._columns[name] = _joined(pieces, np.uint32 if name != "head" else np.int32)
        return self._columns[name]

    @property
    def sentence_starts(self) -> np.ndarray:
        """Each kept sentence's first position, then the size."""
        if "sentence_starts" not in self._columns:
            sizes = [_sentence_sizes(segment, keep) for segment, keep in self.parts]
            flat = _joined(sizes, np.int64)
            self._columns["sentence_starts"] = np.concatenate([[0], np.cumsum(flat)])
        return self._columns["sentence_starts"]

    @property
    def sentence_of(self) -> np.ndarray:
        """Each position's sentence (its index among the kept sentences)."""
        if "sentence_of" not in self._columns:
            sizes = np.diff(self.sentence_starts)
            self._columns["sentence_of"] = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        return self._columns["sentence_of"]

    @property
    def sentence_documents(self) -> np.ndarray:
        """Each kept sentence's document (row id)."""
        if "sentence_documents" not in self._columns:
            pieces = [
                _kept_sentences(segment.column("sentence_doc"), keep)
                for segment, keep in self.parts
            ]
            self._columns["sentence_documents"] = _joined(pieces, np.int64)
        return self._columns["sentence_documents"]

    @property
    def documents(self) -> np.ndarray:
        """Each position's document (row id)."""
        if "documents" not in self._columns:
            sizes = np.diff(self.sentence_starts)
            self._columns["documents"] = np.repeat(self.sentence_documents, sizes)
        return self._columns["documents"]

    @property
    def sentence_tokens(self) -> np.ndarray:
        """Each kept sentence's first token id (ascending: ids are in corpus order)."""
        if "sentence_tokens" not in self._columns:
            pieces = [
                _kept_sentences(segment.column("sentence_token"), keep)
                for segment, keep in self.parts
            ]
            self._columns["sentence_tokens"] = _joined(pieces, np.int64)
        return self._columns["sentence_tokens"]

    def token_ids(self, positions: np.ndarray) -> np.ndarray:
        """The token ids at these positions (to show their concordance lines)."""
        positions = np.asarray(positions, dtype=np.int64)
        sentence = self.sentence_of[positions]
        return self.sentence_tokens[sentence] + (positions - self.sentence_starts[sentence])

    def positions_of(self, token_ids: np.ndarray) -> np.ndarray:
        """The positions of these token ids (which must be among the kept tokens)."""
        token_ids = np.asarray(token_ids, dtype=np.int64)
        sentence = np.searchsorted(self.sentence_tokens, token_ids, side="right") - 1
        return self.sentence_starts[sentence] + (token_ids - self.sentence_tokens[sentence])


def corpus_tokens(
    index: Index, filters: Filters | None = None, within: Sequence[tuple[str, str]] = ()
) -> CorpusTokens:
    """The live tokens of the index, or of the documents ``filters``' where and docs keep
    (checked first: a field or value no document has is an error, not an empty count).
    ``within``: the last of ``filters.where`` are a pattern's ``within FIELD="VALUE"``
    clauses, which an error names as the pattern writes them (as a search's)."""
    if not index.token_store_complete():
        raise SensegrepError(
            "statistics read the token store, which this index does not have yet: open it "
            "once for writing (for example `sensegrep compact`) to build it"
        )
    documents = None
    if filters is not None:
        own = filters.where[: len(filters.where) - len(within)]
        index.check_filters(Filters(where=own, docs=filters.docs), within=within)
        documents = index.subcorpus_documents(filters)
    current = index.token_snapshot()
    parts = [(segment, _live(current, segment, documents)) for segment in current.segments]
    return CorpusTokens(index, parts, documents)


def _live(
    current: token_store.Snapshot, segment: Segment, documents: np.ndarray | None
) -> np.ndarray | None:
    """Which of the segment's sentences are counted: not removed, and in the subcorpus."""
    dead = current.dead_sentences(segment)
    keep = None if dead is None else ~dead
    if documents is not None:
        owners = np.asarray(segment.column("sentence_doc"), dtype=np.int64)
        inside = np.isin(owners, documents, assume_unique=False)
        keep = inside if keep is None else keep & inside
    return keep


def _sentence_sizes(segment: Segment, keep: np.ndarray | None) -> np.ndarray:
    sizes = np.diff(segment.sentence_start)
    return sizes if keep is None else sizes[keep]


def _kept_sentences(values: np.ndarray, keep: np.ndarray | None) -> np.ndarray:
    return values if keep is None else values[keep]


def _kept(values: np.ndarray, segment: Segment, keep: np.ndarray | None) -> np.ndarray:
    """A token column's values in the kept sentences."""
    if keep is None:
        return values
    return values[np.repeat(keep, np.diff(segment.sentence_start))]


def _joined(pieces: list[np.ndarray], dtype: type) -> np.ndarray:
    if not pieces:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([np.asarray(p, dtype=dtype) for p in pieces])


# -- items ------------------------------------------------------------------------------


@dataclass
class Items:
    """Every position's item (``codes``) and the items' names (``names[code]``)."""

    by: str
    codes: np.ndarray
    names: list[str]

    @property
    def of_documents(self) -> bool:
        """Whether an item is its token's document's (a metadata value), so every token of
        one match has the same: a match is counted once under it, not once per token."""
        return self.by not in ("form", "lemma", "pos", "lemma_pos")

    def punctuation(self) -> np.ndarray | None:
        """Which items are punctuation: a form or lemma without a letter or digit;
        None for items that are never punctuation (tags, metadata values)."""
        if self.by in ("form", "lemma"):
            return punctuation_of(self.names)
        if self.by == "lemma_pos":
            return punctuation_of([n.rpartition("/")[0] for n in self.names])
        return None


def item_codes(tokens: CorpusTokens, by: str) -> Items:
    """Each position's item for ``--by`` (lemma, form, pos, lemma_pos or a metadata
    field, ``meta:FIELD`` for one named like the others)."""
    index = tokens.index
    if by == "form":
        codes, names = form_keys(index)
        return Items(by, codes[tokens.column("form")], names)
    if by == "lemma":
        codes, names = lemma_keys(index)
        return Items(by, codes[tokens.column("lemma")], names)
    if by == "pos":
        _require_pos(index, by)
        return Items(by, tokens.column("pos").astype(np.int64), _tag_names(index))
    if by == "lemma_pos":
        _require_pos(index, by)
        codes, names = lemma_keys(index)
        tags = _tag_names(index)
        combined = codes[tokens.column("lemma")] * len(tags) + tokens.column("pos")
        distinct, dense = np.unique(combined, return_inverse=True)
        shown = [f"{names[c // len(tags)]}/{tags[c % len(tags)]}" for c in distinct.tolist()]
        return Items(by, dense.astype(np.int64), shown)
    return _field_items(tokens, by)


def lemma_keys(index: Index) -> tuple[np.ndarray, list[str]]:
    """Each vocab id's lemma key as a dense code (``codes[vocab_id]``), and the keys:
    "Bank" and "bank" are one lemma, as search compares them, and so are a "zürich"
    composed and one decomposed (NFC and NFD). Kept for the process (shared: read them,
    never change them)."""
    return _keys(index, lemma=True)


def form_keys(index: Index) -> tuple[np.ndarray, list[str]]:
    """Each vocab id's form as a dense code and the forms, composed (NFC): a word the
    file wrote decomposed is one item with its composed spelling, as search finds
    both. Kept for the process, as :func:`lemma_keys`."""
    return _keys(index, lemma=False)


def _keys(index: Index, lemma: bool) -> tuple[np.ndarray, list[str]]:
    vocabulary = index.vocabulary()
    key = (id(vocabulary), len(vocabulary), lemma)
    with _LEMMA_KEYS_LOCK:  # the web app counts in several threads
        found = _LEMMA_KEYS.get(key)
    if found is None:
        found = (vocabulary, *_keys_of(vocabulary, lemma))
        with _LEMMA_KEYS_LOCK:
            while len(_LEMMA_KEYS) >= _LEMMA_KEYS_KEPT:
                _LEMMA_KEYS.pop(next(iter(_LEMMA_KEYS)))
            _LEMMA_KEYS[key] = found
    return found[1], found[2]


# Each vocabulary's lemma keys (a Python pass over every word: most of a collocates
# call's time at 10M tokens), by the vocabulary list the process keeps for an index
# (storage's vocabulary()) and its length: the list only grows, and a vocab id never
# changes its text. The list is kept with its keys, so that its id cannot become
# another list's.
_LEMMA_KEYS: dict[tuple[int, int, bool], tuple[list[str], np.ndarray, list[str]]] = {}
_LEMMA_KEYS_KEPT = 4
_LEMMA_KEYS_LOCK = threading.Lock()


def _keys_of(texts: list[str], lemma: bool) -> tuple[np.ndarray, list[str]]:
    keys = [composed(undotted(lemma_key(t)) if lemma else t) if t else "" for t in texts]
    distinct: dict[str, int] = {}
    codes = np.fromiter((distinct.setdefault(k, len(distinct)) for k in keys), np.int64, len(keys))
    codes.setflags(write=False)  # shared by every caller
    return codes, list(distinct)


def punctuation_of(names: Sequence[str]) -> np.ndarray:
    """Whether each name is punctuation (no letter or digit), as CQPweb's 'ignore
    punctuation' decides."""
    return np.fromiter((is_punctuation(n) for n in names), bool, len(names))


def _tag_names(index: Index) -> list[str]:
    return [t or NO_VALUE for t in index.tag_texts()]


def _require_pos(index: Index, by: str) -> None:
    # named as typed: `--by lemma_pos` was refused as "--by pos needs POS tags" (pass 38a)
    index.require_tags("pos", f"--by {by}")


def _field_items(tokens: CorpusTokens, by: str) -> Items:
    index = tokens.index
    field_name = by.removeprefix("meta:")
    known = index.field_names()
    if field_name not in known:
        fields = ", ".join(known) or "none"
        raise QueryError(
            f"--by {by}: expected lemma, form, pos, lemma_pos or a metadata field; this "
            f"index's fields: {fields}{case_hint(field_name, known)}"
        )
    # Composed (NFC): a value a file wrote decomposed is the one --where takes with it.
    values = {d: value_key(v) for d, v in index.document_field_values(field_name).items()}
    names = [*sorted(set(values.values())), NO_VALUE]
    code_of = {v: i for i, v in enumerate(names)}
    documents, sentence_doc = np.unique(tokens.sentence_documents, return_inverse=True)
    doc_codes = np.fromiter(
        (code_of[values.get(int(d), NO_VALUE)] for d in documents), np.int64, len(documents)
    )
    per_sentence = doc_codes[sentence_doc]
    return Items(by, np.repeat(per_sentence, np.diff(tokens.sentence_starts)), names)
