"""The lines with a lemma near their node: ``search WORD --near LEMMA --window N``, the
concordance behind a row of ``sensegrep collocates`` (stats/collocates.py).

A line's node is its word, or a pattern's whole match (first to last token). Its
window is the N token positions before the node's first token and the N after its
last one, inside its sentence: a sentence's edge cuts it, and punctuation takes a
position like any token, as `collocates` counts. A line is kept when a token of its
window has the lemma (compared case-folded, as search compares lemmas); it counts once
however many such tokens its window holds, where `collocates` counts each one.

Read from the token store's columns, every line at once: one pass per window offset.
"""

from __future__ import annotations

import numpy as np

from sensegrep.errors import QueryError, SensegrepError
from sensegrep.search.positions import Nodes
from sensegrep.storage import Index
from sensegrep.storage.occurrences import lookup_keys
from sensegrep.storage.runs import lemma_key


def near_lemma(index: Index, word: str, lang: str = "en") -> str:
    """The lemma ``--near WORD`` means, resolved as a search word is
    (``lookup_keys``): the word case-folded when some token has it as its lemma, else
    the lemma the indexer gives it ("waters": water). A QueryError naming the nearest
    lemmas when no token has either: a typo would otherwise be an empty concordance."""
    keys: list[str] = []
    for key in lookup_keys(word, lang):
        keys.append(key)
        ids = np.asarray(sorted(i for i, _text in index.words_with_key(key)), np.int64)
        if len(ids) and index.words_held("lemma", ids).any():
            return key
    nearest = index.nearest_words("lemma", keys[0])
    shown = f"nearest: {', '.join(map(repr, nearest))}" if nearest else "no lemma near it"
    raise QueryError(f"--near {word}: no token of {index.folder} has that lemma ({shown})")


def lines_near(index: Index, nodes: Nodes, lemma: str, window: int) -> np.ndarray:
    """The positions (ascending) among ``nodes`` of the lines with a token of ``lemma``
    within ``window`` tokens of their node in the same sentence."""
    if not index.token_store_complete():
        raise SensegrepError(
            "--near reads the token store, which this index does not have yet: open it "
            "once for writing (for example `sensegrep compact`) to build it"
        )
    words = np.asarray([i for i, _text in index.words_with_key(lemma_key(lemma))], np.int64)
    if not len(words):  # a typo would otherwise be an empty concordance
        raise QueryError(f"--near {lemma}: no token of {index.folder} has that lemma")
    kept = np.zeros(len(nodes), dtype=bool)
    if not len(nodes):
        return np.flatnonzero(kept)
    firsts = np.asarray(nodes.firsts, dtype=np.int64)
    spans = np.asarray(nodes.lasts, dtype=np.int64) - firsts
    order = np.argsort(firsts, kind="stable")  # locate() takes ascending ids
    for segment, which, positions, sentences in index.token_snapshot().locate(firsts[order]):
        lines = order[which]
        kept[lines] = within(
            np.asarray(segment.column("lemma")),
            words,
            positions.astype(np.int64),
            positions + spans[lines],
            segment.sentence_start[sentences],
            segment.sentence_start[sentences + 1],
            window,
        )
    return np.flatnonzero(kept)


def within(
    values: np.ndarray,
    wanted: np.ndarray,
    firsts: np.ndarray,
    lasts: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    window: int,
) -> np.ndarray:
    """Whether a position within ``window`` before ``firsts`` or after ``lasts``, inside
    [low, high), holds one of the ``wanted`` values."""
    found = np.zeros(len(firsts), dtype=bool)
    for offset in range(1, window + 1):
        for at, inside in ((firsts - offset, firsts - offset >= low),
                           (lasts + offset, lasts + offset < high)):  # fmt: skip
            found[inside] |= np.isin(values[at[inside]], wanted)
    return found
