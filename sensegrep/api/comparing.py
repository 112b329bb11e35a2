"""Comparing two usages of a word, or many pairs, with one encoder: the cosine of the
two usages and, where the encoder has a shipped calibration, the probability that they
share a sense (sensegrep/search/calibration.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.api.spelling import COMPARE, in_keywords
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.search.calibration import Calibration

# Said where an encoder has no calibration, rather than a probability fitted for another.
NO_CALIBRATION = "no calibration for this model: cosine only"
# Said for two different words: the calibration's pairs are two uses of one word, so its
# probability is left out (None) rather than shown as if it meant "same sense".
DIFFERENT_WORDS = (
    "the probability is calibrated on two uses of one word; these are different words "
    "({a}, {b}): cosine only"
)


class Similarity(float):
    """The cosine of two usages — a float, as ``compare`` has always returned — that also
    carries ``probability``, how likely the two usages are the same sense (calibrated on
    WiC train pairs for this encoder; None when the encoder has no calibration, or when
    the two usages are of different words), ``calibration``, what that probability was
    fitted for ("" when none) and ``notes``, what a reader should know (two different
    words)."""

    probability: float | None
    calibration: str
    notes: list[str]

    def __new__(
        cls,
        cosine: float,
        probability: float | None = None,
        calibration: str = "",
        notes: list[str] | None = None,
    ):
        made = super().__new__(cls, cosine)
        made.probability = probability
        made.calibration = calibration
        made.notes = list(notes or [])
        return made

    @property
    def cosine(self) -> float:
        return float(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSONL and HTTP record: ``score`` (the cosine), ``probability`` and
        ``notes``."""
        chance = None if self.probability is None else round(self.probability, 4)
        return {"score": round(float(self), 6), "probability": chance, "notes": self.notes}

    def text(self) -> str:
        """One line for a person: ``same sense: 0.83 (cosine 0.9120)``."""
        if self.probability is None:
            return f"cosine {float(self):.4f} ({'; '.join(self.notes) or NO_CALIBRATION})"
        return f"same sense: {self.probability:.2f} (cosine {float(self):.4f})"

    def __repr__(self) -> str:
        chance = "None" if self.probability is None else f"{self.probability:.3f}"
        return f"Similarity(cosine={float(self):.4f}, probability={chance})"


@in_keywords(COMPARE)
def compare(a: str, b: str, *, word: str | None = None, model: str | None = None) -> Similarity:
    """Cosine similarity of the marked word in two usages (``"the [[bank]] of the
    river"``); ``word`` when the usages do not mark it. The result is a float (the
    cosine) with ``.probability``, how likely the usages share a sense (see
    :class:`Similarity`)."""
    from sensegrep.api import arguments
    from sensegrep.embedder import embedder_for

    a, b = arguments.text("a", a) or "", arguments.text("b", b) or ""
    word = arguments.text("word", word, optional=True)
    model = arguments.text("model", model, optional=True)
    return _compare(embedder_for(None, model), a, b, word, "en")


def compare_pairs(
    pairs: Iterable[tuple[int, str, str, str | None]],
    *,
    word: str | None = None,
    model: str | None = None,
    index: str | Path | None = None,
    lang: str | None = None,
) -> Iterator[tuple[int, Similarity | None, str | None]]:
    """Many comparisons with one encoder: ``(line, a, b, word)`` pairs in,
    ``(line, similarity or None, problem or None)`` out, a bad pair never stopping the
    rest; a similarity is the cosine as a float, with ``.probability``.
    The encoder: ``model``, else the one of the index at ``index`` when there is one,
    else the default (``sensegrep compare``). ``lang``: the usages' language (default:
    the index's, as its searches take it, else English)."""
    from sensegrep.embedder import embedder_for
    from sensegrep.storage import recorded_encoder

    # The index is not read when a model is named (an old one must not stop compare).
    recorded = recorded_encoder(index) if index is not None and model is None else None
    if recorded is not None:
        _index_has_vectors(index, "compare with the index's encoder (or name one with --model)")
    if lang is None:
        from sensegrep.storage.manifest import recorded_language

        lang = recorded_language(index) or "en"
    yield from _similarities(embedder_for(recorded, model), list(pairs), word, lang)


def _similarities(
    embedder: Embedder, pairs: list[tuple[int, str, str, str | None]], word: str | None, lang: str
) -> Iterator[tuple[int, Similarity | None, str | None]]:
    from sensegrep.api.indexing import english_encoder_note
    from sensegrep.search.calibration import calibration_for
    from sensegrep.search.compare import compare_pairs as compare_all
    from sensegrep.search.compare import different_words

    calibration = calibration_for(embedder.config)
    # A shipped English encoder given German usages: said, as a ranked search says it.
    foreign = english_encoder_note(str(getattr(embedder.config, "model", "")), lang)
    found_all = compare_all(embedder, pairs, word, lang)  # one answer a pair, in order
    for (line_no, cosine, problem), (_line, a, b, _problem) in zip(found_all, pairs, strict=True):
        found = None if cosine is None else similarity(cosine, calibration)
        words = None if found is None else different_words(a, b, word, lang)
        if found is not None and words is not None:
            found = Similarity(float(found), notes=[DIFFERENT_WORDS.format(a=words[0], b=words[1])])
        if found is not None and foreign:
            fitted = "; its same-sense probability was fitted on English pairs (WiC)"
            found.notes = [
                *found.notes,
                foreign + (fitted if found.probability is not None else ""),
            ]
        yield line_no, found, problem


def similarity(cosine: float, calibration: Calibration | None) -> Similarity:
    """A cosine with its calibrated probability (None without a calibration)."""
    if calibration is None:
        return Similarity(cosine)
    return Similarity(cosine, calibration.probability(cosine), calibration.name)


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


def _compare(embedder: Embedder, a: str, b: str, word: str | None, lang: str) -> Similarity:
    [(_line, found, problem)] = _similarities(embedder, [(1, a, b, None)], word, lang)
    if problem is not None or found is None:
        raise QueryError(problem or "the usages could not be compared")
    return found
