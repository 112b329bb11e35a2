"""Word senses induced from an index's stored vectors (no encoder is loaded).

``word_senses(index, "bank")`` clusters the occurrences of a lemma into senses (see
``induce``), finds each sense's typical examples and distinctive collocates (see
``collocates``) and keeps the result in the index (see ``runs``) until the word's
occurrences change. ``sense_members`` gives the occurrence ids of one sense, for
``search WORD --sense N``; ``counts_by`` tabulates senses by document metadata.

Imports are deferred to the functions: importing this package costs nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from sensegrep.senses.induce import Params
    from sensegrep.senses.runs import SenseRun
    from sensegrep.storage import Candidates, Index

MAX_EXAMPLES = 10  # kept per sense; reports show fewer
# Collocates are counted in at most this many sentences per sense (a seeded sample):
# reading every sentence of a word of 1M occurrences took most of its first `senses`.
MAX_COLLOCATE_CONTEXTS = 2_500

__all__ = ["SenseTable", "counts_by", "sense_members", "word_senses"]


def word_senses(
    index: Index, word: str, n: int | None = None, lang: str = "en", params: Params | None = None
) -> SenseRun:
    """The senses of ``word`` (by lemma): stored when current, else induced and stored.
    ``n`` forces the number of senses; None chooses it (1…8)."""
    from sensegrep.storage import retry_stale

    index.require_vectors("inducing senses (senses, --sense, --count sense, plot)", word, lang)
    return retry_stale(_word_senses)(index, word, n, lang, params)


def _word_senses(
    index: Index, word: str, n: int | None, lang: str, params: Params | None
) -> SenseRun:
    from sensegrep.senses import induce, runs

    params = params or induce.Params()
    lemma, found = _occurrences(index, word, lang)
    if n is not None and not 1 <= n <= len(found):
        from sensegrep.errors import QueryError

        raise QueryError(
            f"cannot make {n} senses of {word!r}: it has {len(found)} occurrence(s); "
            f"give --n between 1 and {len(found)}"
        )
    print_ = runs.fingerprint(found.ids)
    run = runs.load_run(index, lemma, n, params.key, print_)
    if run is None:
        run = _induce(index, lemma, found, n, params, print_)
        runs.save_run(index, run)
    return run


def sense_members(
    index: Index, word: str, sense: int, n: int | None = None, lang: str = "en"
) -> np.ndarray:
    """Occurrence ids (corpus order) of induced sense ``sense`` (from 1) of ``word``,
    inducing the senses first when they are not stored (automatic k unless ``n``)."""
    run = word_senses(index, word, n, lang)
    if not 1 <= sense <= run.k:
        from sensegrep.errors import QueryError

        which = "sense 1 only" if run.k == 1 else f"senses 1 to {run.k}"
        raise QueryError(
            f"{word!r} has {run.k} induced sense(s), so {which}; there is no sense {sense} "
            f"(see `sensegrep senses {word}`)"
        )
    return run.ids[run.senses == sense]


def _occurrences(index: Index, word: str, lang: str) -> tuple[str, Candidates]:
    """The lemma and its occurrences; an inflected word ("banks") falls back to its lemma."""
    from sensegrep.storage.occurrences import occurrences_of

    return occurrences_of(index, word, lang=lang)


def _induce(
    index: Index, lemma: str, found: Candidates, n: int | None, params: Params, print_: str
) -> SenseRun:
    from sensegrep.senses import induce
    from sensegrep.senses.runs import Sense, SenseRun

    result = induce.induce(index.vectors_of(found), n, params)
    sample = induce.per_sense_sample(result.labels, MAX_COLLOCATE_CONTEXTS, params.seed)
    collocates = _collocates(index, lemma, found.ids[sample], result.labels[sample], len(found))
    examples = _examples(index, found.ids, result)
    sizes = [int(s) for s in (result.labels[:, None] == range(result.k)).sum(axis=0)]
    clusters = [Sense(s + 1, sizes[s], examples[s], collocates[s]) for s in range(result.k)]
    details: dict[str, Any] = {
        "silhouettes": {str(k): v for k, v in result.silhouettes.items()},
        "min_silhouette": params.min_silhouette,
        "forced": n,
    }
    return SenseRun(lemma, n, print_, params.key, found.ids, result.labels + 1, clusters, details)


def _collocates(
    index: Index, lemma: str, ids: np.ndarray, labels: np.ndarray, total: int
) -> list[list[tuple[str, float]]]:
    """Per sense, its distinctive collocates: against the other senses, or, for a word
    with one sense, against the rest of the corpus. ``ids`` may be a sample of the
    word's ``total`` occurrences (every sense in it)."""
    from sensegrep.senses import collocates

    sentences = index.sentence_lemmas(ids.tolist())
    context_sets = collocates.contexts(sentences, ids.tolist(), lemma)
    if labels.max() > 0:
        return collocates.sense_collocates(context_sets, labels)
    inside = Counter(w for words in context_sets for w in words)
    corpus, n_sentences = index.sentence_frequencies(sorted(inside))
    scale = total / len(ids)  # the sample's counts stand for the word's
    outside = {w: max(round(corpus.get(w, 0) - inside[w] * scale), 0) for w in inside}
    return [collocates.distinctive(inside, len(ids), outside, n_sentences - total)]


def _examples(index: Index, ids: np.ndarray, result: Any) -> list[list[int]]:
    from sensegrep.senses import induce

    per_sense = [ids[positions].tolist() for positions in induce.candidates(result)]
    contexts = index.contexts([i for group in per_sense for i in group])
    sentences = {i: c.sentence for i, c in contexts.items()}
    return [
        induce.pick_examples([i for i in group if i in sentences], sentences, MAX_EXAMPLES)
        for group in per_sense
    ]


# -- senses by document metadata ---------------------------------------------------------

NO_VALUE = "(none)"


@dataclass
class SenseTable:
    """``counts[r][s]``: occurrences with value ``values[r]`` in sense s + 1."""

    field: str
    values: list[str]
    counts: list[list[int]]

    def shares(self, row: int) -> list[float]:
        total = sum(self.counts[row])
        return [c / total if total else 0.0 for c in self.counts[row]]


def counts_by(index: Index, run: SenseRun, field: str) -> SenseTable:
    """Occurrences of each sense per value of a document metadata field. ``decade``
    is derived from a numeric ``year`` when the documents have no ``decade`` field;
    ``meta:FIELD`` is the field itself (``meta:decade`` never derived)."""
    from sensegrep.storage.fields import field_name

    ids = run.ids.tolist()
    name = field_name(field)  # meta:FIELD: the field itself, never derived
    values = index.field_values(ids, name)
    if field == "decade" and all(v is None for v in values.values()):
        values = {i: _decade(v) for i, v in index.field_values(ids, "year").items()}
    if all(v is None for v in values.values()):
        from sensegrep.errors import QueryError

        fields = index.field_names()
        known = ", ".join(fields) or "none"
        if name not in fields:
            raise QueryError(
                f"no document has a metadata field {name!r} (fields in this index: {known})"
            )
        raise QueryError(
            f"no document with {run.lemma!r} has the metadata field {name!r} "
            f"(fields in this index: {known})"
        )
    by_value: dict[Any, list[int]] = {}
    for occ_id, sense in zip(ids, run.senses.tolist(), strict=True):
        row = by_value.setdefault(values.get(occ_id), [0] * run.k)
        row[sense - 1] += 1
    order = sorted(by_value, key=_value_order)
    return SenseTable(field, [_shown(v) for v in order], [by_value[v] for v in order])


def _decade(year: Any) -> str | None:
    try:
        return f"{int(float(year)) // 10 * 10}s"
    except (TypeError, ValueError):
        return None


def _value_order(value: Any) -> tuple[int, float, str]:
    """Numbers in numeric order, then text, then the missing value last."""
    if value is None:
        return (2, 0.0, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _shown(value: Any) -> str:
    return NO_VALUE if value is None else str(value)
