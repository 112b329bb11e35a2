"""Comparing two usages of a word, or many pairs, with one encoder."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sensegrep.api.spelling import COMPARE, in_keywords
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder


@in_keywords(COMPARE)
def compare(a: str, b: str, *, word: str | None = None, model: str | None = None) -> float:
    """Cosine similarity of the marked word in two usages (``"the [[bank]] of the
    river"``); ``word`` when the usages do not mark it."""
    from sensegrep.embedder import embedder_for

    return _compare(embedder_for(None, model), a, b, word, "en")


def compare_pairs(
    pairs: Iterable[tuple[int, str, str, str | None]],
    *,
    word: str | None = None,
    model: str | None = None,
    index: str | Path | None = None,
    lang: str = "en",
) -> Iterator[tuple[int, float | None, str | None]]:
    """Many comparisons with one encoder: ``(line, a, b, word)`` pairs in,
    ``(line, cosine or None, problem or None)`` out, a bad pair never stopping the rest.
    The encoder: ``model``, else the one of the index at ``index`` when there is one,
    else the default (``sensegrep compare``)."""
    from sensegrep.embedder import embedder_for
    from sensegrep.search.compare import compare_pairs as compare_all
    from sensegrep.storage import recorded_encoder

    # The index is not read when a model is named (an old one must not stop compare).
    recorded = recorded_encoder(index) if index is not None and model is None else None
    if recorded is not None:
        _index_has_vectors(index, "compare with the index's encoder (or name one with --model)")
    yield from compare_all(embedder_for(recorded, model), list(pairs), word, lang)


def _index_has_vectors(index: str | Path | None, what: str) -> None:
    """NoVectorsError when the index at ``index`` is text-only: it has no encoder."""
    from sensegrep.errors import NoVectorsError
    from sensegrep.storage.manifest import no_vectors_message, recorded_vectors_for

    if index is not None and recorded_vectors_for(index) == "none":
        raise NoVectorsError(no_vectors_message(index, what))


def read_pairs(path: str | Path) -> list[tuple[int, str, str, str | None]]:
    """The ``{"a": …, "b": …, "word": …}`` lines of a JSONL file as ``(line, a, b,
    word)``; a bad line is a one-line InputError naming it."""
    from sensegrep.search.compare import read_pairs as read

    return read(Path(path))


def _compare(embedder: Embedder, a: str, b: str, word: str | None, lang: str) -> float:
    from sensegrep.search.compare import compare_pairs

    [(_line, score, problem)] = compare_pairs(embedder, [(1, a, b, None)], word, lang)
    if problem is not None or score is None:
        raise QueryError(problem or "the usages could not be compared")
    return score
