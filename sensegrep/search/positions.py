"""The words around a concordance's nodes, from the token store's columns: what
``--sort`` orders by and ``--count`` tabulates (search/arrange.py counts).

A line's node is a span of token ids (the word, or a pattern's whole match); ``left1``
/ ``left2`` are the first and second token before it in its sentence, ``right1`` /
``right2`` after it; with ``ignore_punct`` a token without a letter or digit is stepped
over (CQPweb's "ignore punctuation"). A position past the sentence's edge has no word
(vocab id 0, the empty string).

Sorting a million lines reads no sentence text: a line's neighbour is a form id beside
its node in the segment, and a sort key is each distinct word's place in the
case-folded order (``match_case``: code point order) of the few distinct words
involved. Several keys break ties in turn, then the lines keep the order they had
(corpus order, or the ranking). An index without a complete token store (an older one
opened read-only) reads the sentences' tokens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sensegrep.choices import SORT_KEYS
from sensegrep.errors import QueryError
from sensegrep.search.patterns import span_forms
from sensegrep.storage import Index
from sensegrep.text import composed, fold_case

POSITIONS = {"left1": -1, "left2": -2, "right1": 1, "right2": 2}


@dataclass(frozen=True)
class Nodes:
    """Each line's node: its first and last token ids, and its words when they are read
    already (``None``: read from the token store when needed)."""

    firsts: np.ndarray
    lasts: np.ndarray
    words: Sequence[str] | None = None

    def __len__(self) -> int:
        return len(self.firsts)

    def take(self, positions: np.ndarray) -> Nodes:
        words = None if self.words is None else [self.words[int(p)] for p in positions]
        return Nodes(self.firsts[positions], self.lasts[positions], words)


def is_punctuation(text: str) -> bool:
    """A token without a letter or digit (``,`` ``"`` ``--`` ``…``): what
    ``ignore_punct`` steps over."""
    return not any(ch.isalnum() for ch in text)


def sort_order(
    index: Index,
    keys: Sequence[str],
    nodes: Nodes,
    ignore_punct: bool = False,
    first: int | None = None,
    match_case: bool = False,
    scores: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """The positions of the lines in ``keys`` order: the first key, ties broken by the
    next, then by the lines' present order; only the ``first`` of them when given (a
    page needs no more). Words compare case-folded unless ``match_case`` (then in code
    point order: capitals first). ``scores``: each line's value of keys scored
    elsewhere (``quality``), higher first."""
    for key in keys:
        if key not in SORT_KEYS:
            raise QueryError(f"--sort takes one of {', '.join(SORT_KEYS)}, not {key!r}")
    scores = scores or {}
    columns = [
        _descending(scores[key])
        if key in scores
        else _sort_column(index, key, nodes, ignore_punct, match_case)
        for key in keys
    ]
    return _ordered(columns, len(nodes), first)


def _descending(values: np.ndarray) -> np.ndarray:
    """Each value's place among the distinct values, highest first (small whole numbers,
    as the other keys' columns are)."""
    return np.unique(-np.asarray(values, dtype=np.float64), return_inverse=True)[1].reshape(-1)


def _ordered(columns: list[np.ndarray], size: int, first: int | None = None) -> np.ndarray:
    """The order of the rows by the columns (small whole numbers) in turn, then by row:
    the columns packed into one number when they fit in 63 bits, so that the first
    rows are a partition (linear) and a sort of those only; else lexsort."""
    packed, room = np.arange(size, dtype=np.int64), max(size, 1)
    for column in reversed(columns):
        width = int(column.max()) + 1 if len(column) else 1
        if room * width >= 2**62:
            return np.lexsort([np.arange(size), *reversed(columns)])[:first]
        packed += column.astype(np.int64) * room
        room *= width
    if first is None or first >= size:
        return np.argsort(packed)
    if first <= 0:
        return np.zeros(0, dtype=np.int64)
    chosen = np.argpartition(packed, first - 1)[:first]  # every packed value is distinct
    return chosen[np.argsort(packed[chosen])]


def _sort_column(
    index: Index, key: str, nodes: Nodes, ignore_punct: bool, match_case: bool
) -> np.ndarray:
    fold = not match_case
    if key == "score":  # the order they have: ranked, or corpus order
        return np.arange(len(nodes))
    if key == "quality":
        raise QueryError("--sort quality needs the lines' example quality, scored by the API")
    if key == "doc":
        return _document_ranks(index, nodes)
    if key == "node" and nodes.words is not None:
        return _text_ranks(nodes.words, fold)
    if key == "node" and not np.array_equal(nodes.firsts, nodes.lasts):
        return _text_ranks(node_texts(index, nodes), fold)
    offset = 0 if key == "node" else POSITIONS[key]
    ids = position_ids(index, nodes, offset, ignore_punct)
    if ids is None:
        return _text_ranks(position_texts(index, nodes, offset, ignore_punct), fold)
    return _id_ranks(index, ids, fold)


def _text_ranks(texts: Sequence[str], fold: bool = True) -> np.ndarray:
    """Each text's place in the (case-folded) order of the distinct texts, composed
    (NFC): "Zürich" written with a combining mark sorts, and ties, with the other."""
    keys = [fold_case(t) if fold else composed(t) for t in texts]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = np.zeros(len(keys), dtype=np.int64)
    rank, previous = -1, None
    for at in order:
        if keys[at] != previous:
            rank, previous = rank + 1, keys[at]
        ranks[at] = rank
    return ranks


def _id_ranks(index: Index, ids: np.ndarray, fold: bool = True) -> np.ndarray:
    """Each vocab id's place in the (case-folded) order of the distinct words (0, no
    word, is "" and comes first): the distinct words are few, the lines may be
    millions, so the words are ranked once and each line looks its rank up."""
    distinct = _distinct(ids)
    table = np.zeros(int(distinct[-1]) + 1 if len(distinct) else 1, dtype=np.int64)
    table[distinct] = _text_ranks(word_texts(index, distinct), fold)
    return table[ids]


def _distinct(ids: np.ndarray) -> np.ndarray:
    """The distinct values (ascending) of small non-negative ids: a table, not a sort."""
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    seen = np.zeros(int(ids.max()) + 1, dtype=bool)
    seen[ids] = True
    return np.flatnonzero(seen)


# Beyond this many distinct words, the whole vocabulary (read once per process, then
# kept) is cheaper than looking each one up.
MANY_WORDS = 5_000


def word_texts(index: Index, ids: np.ndarray) -> list[str]:
    """The text of each vocab id ("" for 0, no word)."""
    if len(ids) > MANY_WORDS:
        vocabulary = index.vocabulary()
        return [vocabulary[i] if 0 < i < len(vocabulary) else "" for i in ids.tolist()]
    texts = index.word_texts(ids[ids > 0]) if len(ids) else {}
    return [texts.get(i, "") for i in ids.tolist()]


def _document_ranks(index: Index, nodes: Nodes) -> np.ndarray:
    """Each line's place in the order of its document's id (as given, not folded)."""
    rows = index.document_rows(nodes.firsts)
    distinct = _distinct(rows[rows >= 0])
    names = index.document_names(distinct)
    table = np.zeros(int(distinct[-1]) + 2 if len(distinct) else 1, dtype=np.int64)
    table[distinct + 1] = _text_ranks([names.get(int(r), "") for r in distinct], fold=False) + 1
    return table[rows + 1]  # a removed one (-1) first


def document_names(index: Index, nodes: Nodes) -> list[str]:
    rows = index.document_rows(nodes.firsts)
    names = index.document_names(_distinct(rows[rows >= 0]))
    return [names.get(int(r), "") for r in rows.tolist()]


# -- the words at a position --------------------------------------------------------------


def position_ids(
    index: Index, nodes: Nodes, offset: int, ignore_punct: bool = False
) -> np.ndarray | None:
    """The form id of the token ``offset`` tokens before (negative) or after each node in
    its sentence (0: none, past the sentence's edge; offset 0: the node's first token),
    from the token store; None without a complete one."""
    if not index.token_store_complete():
        return None
    edge = nodes.firsts if offset <= 0 else nodes.lasts
    found = np.zeros(len(edge), dtype=np.int64)
    ascending = bool((edge[1:] >= edge[:-1]).all())  # corpus order: no sort needed
    order = None if ascending else np.argsort(edge, kind="stable")
    punctuation = _Punctuation(index)
    located = index.token_snapshot().locate(edge if order is None else edge[order])
    for segment, which, positions, sentences in located:
        forms = np.asarray(segment.column("form"))
        low = segment.sentence_start[sentences]
        high = segment.sentence_start[sentences + 1]
        at, inside = _stepped(positions, low, high, offset, forms, punctuation, ignore_punct)
        found[which] = np.where(inside, forms[np.clip(at, 0, len(forms) - 1)], 0)
    if order is None:
        return found
    out = np.empty_like(found)
    out[order] = found
    return out


def _stepped(
    at: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    offset: int,
    forms: np.ndarray,
    punctuation: _Punctuation,
    ignore_punct: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``offset`` tokens from ``at`` within [low, high), stepping over
    punctuation when asked; and whether each is still inside its sentence."""
    at = at.astype(np.int64)
    step = -1 if offset < 0 else 1
    inside = np.ones(len(at), dtype=bool)
    for _ in range(abs(offset)):
        at = at + step
        inside &= (at >= low) & (at < high)
        while ignore_punct:
            over = np.zeros(len(at), dtype=bool)
            over[inside] = punctuation.of(forms[at[inside]])
            if not over.any():
                break
            at = np.where(over, at + step, at)
            inside &= (at >= low) & (at < high)
    return at, inside


class _Punctuation:
    """Whether each vocab id is punctuation, looked up once per distinct id."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.known: dict[int, bool] = {}

    def of(self, ids: np.ndarray) -> np.ndarray:
        distinct, inverse = np.unique(ids, return_inverse=True)
        unknown = [int(i) for i in distinct if int(i) not in self.known]
        if unknown:
            texts = self.index.word_texts(unknown)
            self.known.update({i: is_punctuation(texts.get(i, "")) for i in unknown})
        flags = np.asarray([self.known[int(i)] for i in distinct], dtype=bool)
        return flags[inverse]


def position_texts(
    index: Index, nodes: Nodes, offset: int, ignore_punct: bool = False
) -> list[str]:
    """The word ``offset`` tokens from each node ("" past the sentence's edge), as it is
    written: from the token store's columns, or the sentences' tokens without one."""
    ids = position_ids(index, nodes, offset, ignore_punct)
    if ids is not None:
        texts = index.word_texts(np.unique(ids[ids > 0]))
        return [texts.get(int(i), "") for i in ids.tolist()]
    edges = nodes.firsts if offset <= 0 else nodes.lasts
    sentences = index.sentence_tokens(np.unique(edges).tolist())
    words = []
    for edge in edges.tolist():
        tokens = sentences.get(edge, [])
        ids_in = [t.id for t in tokens]
        at = ids_in.index(edge) if edge in ids_in else -1  # gone: removed meanwhile
        for _ in range(abs(offset)):
            if at < 0:
                break
            at += 1 if offset > 0 else -1
            while ignore_punct and 0 <= at < len(tokens) and is_punctuation(tokens[at].form):
                at += 1 if offset > 0 else -1
            at = at if 0 <= at < len(tokens) else -1
        words.append(tokens[at].form if 0 <= at < len(tokens) else "")
    return words


def node_texts(index: Index, nodes: Nodes) -> list[str]:
    """Each node's words joined by a space (a pattern's whole match)."""
    if nodes.words is not None:
        return list(nodes.words)
    if not index.token_store_complete():
        return position_texts(index, nodes, 0)
    forms = span_forms(index, nodes.firsts, nodes.lasts)
    present = [f for f in forms if f is not None]
    texts = index.word_texts(np.unique(np.concatenate(present))) if present else {}
    return ["" if f is None else " ".join(texts[int(i)] for i in f) for f in forms]
