"""Word senses induced from an index's stored vectors (no encoder is loaded).

``word_senses(index, "bank")`` gives the word's current sense run: the one pinned with
``senses WORD --use RUN``, else its newest, induced (and stored) only when it has none;
``n=`` makes a new run of n senses, ``run=`` names a stored one. A run clusters the
occurrences of a lemma into senses (see ``induce``), with each sense's typical examples
and distinctive collocates (see ``collocates``), and keeps its numbers for good:
occurrences added later join its nearest centroid (see ``runs``). ``sense_members``
gives the occurrence ids of one sense, for ``search WORD --sense N``; ``hit_senses``
the sense of each hit; ``counts_by`` tabulates senses by document metadata.

Imports are deferred to the functions: importing this package costs nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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

__all__ = [
    "SenseTable",
    "counts_by",
    "current_run_id",
    "hit_senses",
    "made_note",
    "pin_run",
    "runs_made_noted",
    "sense_members",
    "stored_senses",
    "word_runs",
    "word_senses",
]


def word_senses(
    index: Index,
    word: str,
    n: int | None = None,
    lang: str = "en",
    params: Params | None = None,
    *,
    run: int | None = None,
    new: bool = False,
) -> SenseRun:
    """The senses of ``word`` (by lemma), over its current occurrences: stored run
    ``run``; with ``n`` (or ``new``), a new run of n senses (k chosen, 1…8); else the
    word's current run (pinned, else newest), induced with k chosen when it has none. A
    run is stored unless inside ``runs.not_stored()`` (then a new run stays in memory,
    and ``n`` takes the newest stored run made with that n, if any)."""
    from sensegrep.storage import retry_stale

    index.require_vectors("inducing senses (senses, --sense, --count=sense, plot)", word, lang)
    return retry_stale(_word_senses)(index, word, n, lang, params, run, new)


def _word_senses(
    index: Index,
    word: str,
    n: int | None,
    lang: str,
    params: Params | None,
    run_id: int | None,
    new: bool,
) -> SenseRun:
    from sensegrep.senses import induce, runs

    params = params or induce.Params()
    lemma, found = _occurrences(index, word, lang)
    if run_id is not None:
        if n is not None or new:
            from sensegrep.errors import QueryError

            raise QueryError(
                f"give --n N or --new (a new run) or --senses {run_id} (a stored run), not both"
            )
        run = runs.stored_run(index, run_id, lemma, word)
    elif n is not None or new:
        if n is not None:
            _check_n(word, n, len(found))
        run = _new_run(index, lemma, found, n, params)
    else:
        head, _pinned = index.current_sense_run(lemma)
        loaded = None if head is None else runs.load_run(index, head.id)
        if loaded is not None:
            run = loaded
        else:  # no current run: one is made, and the caller may say so (made_note)
            run = _new_run(index, lemma, found, None, params)
            runs.note_made(run)
    return runs.mark_current(index, runs.complete(index, run, found))


def current_run_id(index: Index, word: str, lang: str = "en") -> int | None:
    """The id of the word's current stored run (pinned, else newest), read once; None
    when it has none. What a search of one sense names before it reads, so that the
    lines it keeps and the run it says they are of are one run even when another
    process makes or pins a run meanwhile."""
    lemma, _found = _occurrences(index, word, lang)
    head, _pinned = index.current_sense_run(lemma)
    return None if head is None else head.id


def stored_senses(index: Index, word: str, lang: str = "en", what: str = "this") -> SenseRun:
    """The word's current stored run over its current occurrences, never induced (a
    statistic reads senses, it does not make them): a QueryError naming `sensegrep
    senses WORD` when the word has none. ``what`` names the caller in the messages."""
    from sensegrep.storage import retry_stale

    index.require_vectors(what, word, lang)
    return retry_stale(_stored_senses)(index, word, lang, what)


def _stored_senses(index: Index, word: str, lang: str, what: str) -> SenseRun:
    from sensegrep.errors import QueryError
    from sensegrep.senses import runs

    lemma, found = _occurrences(index, word, lang)
    head, _pinned = index.current_sense_run(lemma)
    run = None if head is None else runs.load_run(index, head.id)
    if run is None:
        raise QueryError(
            f"{word!r} has no sense run yet: make one with `sensegrep senses {word}`"
            f"{where_storable()}, then ask for {what} again"
        )
    return runs.mark_current(index, runs.complete(index, run, found))


def _check_n(word: str, n: int, occurrences: int) -> None:
    if not 1 <= n <= occurrences:
        from sensegrep.errors import QueryError

        raise QueryError(
            f"cannot make {n} senses of {word!r}: it has {occurrences} occurrence(s); "
            f"give --n between 1 and {occurrences}"
        )


def _new_run(
    index: Index, lemma: str, found: Candidates, n: int | None, params: Params
) -> SenseRun:
    """A new run (stored when it may be). Not made again when the newest stored run has
    the same parameters and occurrences (it would be the same, seeded); inside
    ``not_stored()``, the newest stored run made with the same n and method stands in
    for it, and only without one is a run induced, in memory."""
    from sensegrep.senses import runs

    print_ = runs.fingerprint(found.ids)
    heads = index.sense_run_heads(lemma)
    same = [h for h in heads if h.requested == n and h.method == params.key]
    if heads and same and heads[-1] is same[-1] and same[-1].fingerprint == print_:
        kept = runs.load_run(index, same[-1].id)
        if kept is not None:
            return kept
    if not runs.storing() and n is not None and same:
        kept = runs.load_run(index, same[-1].id)
        if kept is not None:
            return kept
    # One induced in memory before (a GET), stored now if it may be.
    run = runs.memory_run(index, lemma, n, params.key, print_)
    if run is None:
        run = _induce(index, lemma, found, n, params, print_)
    if run.id is None:
        runs.save_run(index, run)
    return run


def sense_members(
    index: Index,
    word: str,
    sense: int,
    n: int | None = None,
    lang: str = "en",
    *,
    run: int | None = None,
) -> np.ndarray:
    """Occurrence ids (corpus order) of sense ``sense`` (from 1) of ``word`` in its
    current run, or stored run ``run`` (see :func:`word_senses`)."""
    senses = word_senses(index, word, n, lang, run=run)
    check_sense(word, senses, sense, index)
    return senses.ids[senses.senses == sense]


def check_sense(word: str, run: SenseRun, sense: int, index: Index | None = None) -> None:
    """A QueryError when ``run`` has no sense ``sense``; given the ``index``, naming the
    newest other stored run of the word that has it."""
    if not 1 <= sense <= run.k:
        from sensegrep.errors import QueryError

        which = "sense 1 only" if run.k == 1 else f"senses 1 to {run.k}"
        raise QueryError(
            f"{word!r} has {run.k} induced sense{'' if run.k == 1 else 's'} in "
            f"{_run_name(run)}, so {which}; there is no sense {sense} (see "
            f"`sensegrep senses {word}`){_other_run_with(index, run, sense)}"
        )


def _other_run_with(index: Index | None, run: SenseRun, sense: int) -> str:
    """Where another stored run of ``run``'s word has sense ``sense``: the run a user
    looked at (`senses bank --n 5`) before a newer one became current (`--n 3`), so
    that `search bank --sense 5` was refused with no word of the run that has it
    (pass 38a)."""
    if index is None:
        return ""
    others = [
        head for head in index.sense_run_heads(run.lemma) if head.k >= sense and head.id != run.id
    ]
    if not others:
        return ""
    head = others[-1]  # the newest
    return f"; sense run {head.id} has {head.k} senses (--senses RUN names a run)"


@contextmanager
def runs_made_noted(notes: list[str]) -> Iterator[None]:
    """Inside, a sense run made because a word had none (``search --sense``,
    ``--count sense``, ``export --by sense``, ``change --induce``) is said in
    ``notes``, one line each (:func:`made_note`): a run made unasked must not pass for
    one the user made and looked at."""
    from sensegrep.senses.runs import recording_made

    with recording_made() as made:
        yield
    notes.extend(made_note(run) for run in made)


def made_note(run: SenseRun) -> str:
    """One line saying that ``run`` was made because its word had no stored run (see
    ``runs.recording_made``): stored under its id, or induced for this request only."""
    import json

    word = json.dumps(run.lemma, ensure_ascii=False)
    senses = f"{run.k} sense{'' if run.k == 1 else 's'}"
    show = f"`sensegrep senses {run.lemma}`"
    if run.id is not None:
        return (
            f"{word} had no stored sense run: made sense run {run.id} ({senses}, k chosen, "
            f"from {run.induced:,} occurrences), now its current run; {show} shows it"
        )
    return (
        f"{word} had no stored sense run: its {senses} {'was' if run.k == 1 else 'were'} "
        "induced for this request only "
        f"(not stored: {_not_stored_reason()}); {show}{where_storable()} stores a run"
    )


def where_storable() -> str:
    """Where the advice to store a run can be taken: a read-only server takes no POST, so
    there it is the command line (the web app respells `sensegrep senses WORD` as its
    POST elsewhere: web/spelling.py)."""
    from sensegrep.senses.runs import READ_ONLY_SERVER, not_storing_because

    return " on the command line" if not_storing_because() == READ_ONLY_SERVER else ""


def _run_name(run: SenseRun) -> str:
    """The run a sense number is of, as a message names it: a stored one by its id, one
    in memory by why it is not stored."""
    if run.id is not None:
        return f"sense run {run.id}"
    return f"a sense run induced for this request (not stored: {_not_stored_reason()})"


# Why a run could not be stored when nothing said not to: the database refused the write,
# read-only or locked by another process's write for longer than SQLite waits.
WRITE_REFUSED = (
    "the index cannot be written now: a read-only folder, or another process writing to it"
)


def _not_stored_reason() -> str:
    from sensegrep.senses.runs import not_storing_because

    return not_storing_because() or WRITE_REFUSED


def hit_senses(
    index: Index,
    hits: Iterable[tuple[int, str]],
    given: Iterable[SenseRun] = (),
) -> dict[int, tuple[int, int | None]]:
    """Occurrence id -> (its sense, the run's id: None when not stored) for hits given
    as (occurrence id, lemma): in the runs ``given`` for their lemmas, else in the lemma's
    current stored run. A lemma without a stored run gets none here: nothing is
    induced for this."""
    import numpy as np

    from sensegrep.senses import runs

    by_lemma: dict[str, list[int]] = {}
    for occurrence, lemma in hits:
        by_lemma.setdefault(lemma.lower(), []).append(int(occurrence))
    chosen = {run.lemma.lower(): run for run in given}
    out: dict[int, tuple[int, int | None]] = {}
    for lemma, run in chosen.items():
        if lemma in by_lemma:
            ids = np.asarray(by_lemma.pop(lemma), dtype=np.int64)
            out.update({i: (s, run.id) for i, s in runs.senses_of(index, run, ids).items()})
    for lemma, (head, _pinned) in index.current_sense_runs(by_lemma).items():
        ids = np.asarray(by_lemma[lemma], dtype=np.int64)
        out.update({i: (s, head.id) for i, s in runs.stored_senses_of(index, head, ids).items()})
    return out


def word_runs(index: Index, word: str, lang: str = "en") -> tuple[str, list[SenseRun]]:
    """(the lemma, its stored runs oldest first, without members: ``ids`` empty). Each
    says how many occurrences it was induced from (``induced``, fixed), how many it
    holds now (``size``: every occurrence of the word with a vector) and how many of
    those came after it (``assigned``: stored, or assigned when the run is next read)."""
    import numpy as np

    from sensegrep.senses.runs import SenseRun

    lemma, now = _lemma_with_runs(index, word, lang)
    heads = index.sense_run_heads(lemma)
    current, pinned = index.current_sense_run(lemma)
    members = index.sense_run_member_counts(lemma)
    empty = np.zeros(0, dtype=np.int64)
    runs = []
    for h in heads:
        kept, joined = members.get(h.id, (0, 0))
        waiting = max(now - kept - joined, 0)  # new occurrences not yet assigned to it
        is_current = current is not None and current.id == h.id
        runs.append(
            SenseRun(
                lemma=h.lemma_key,
                requested=h.requested,
                fingerprint=h.fingerprint,
                method=h.method,
                ids=empty,
                senses=empty,
                clusters=[],
                details=h.details | {"k": h.k},
                stored=True,
                id=h.id,
                created_at=h.created_at,
                induced=h.occurrences,
                assigned=joined + waiting,
                current=is_current,
                pinned=pinned and is_current,
                counted=kept + joined + waiting,
            )
        )
    return lemma, runs


def pin_run(
    index: Index, word: str, run: int | None, lang: str = "en", expect: Any = ...
) -> SenseRun:
    """Make stored run ``run`` the word's current run (None: its newest again); the
    run now current. A QueryError when it cannot be stored; PinChangedError when
    ``expect`` (the run the caller saw pinned, None: none) is not the one pinned now."""
    from sensegrep.errors import QueryError
    from sensegrep.senses import runs

    lemma, _found = _occurrences(index, word, lang)
    if run is not None:
        runs.stored_run(index, run, lemma, word)  # a run of this word
    elif not index.sense_run_heads(lemma):
        raise QueryError(
            f"{word!r} has no stored sense run: make one with `sensegrep senses {word}`"
            f"{where_storable()}"
        )
    if not runs.pin(index, lemma, run, expect):
        raise QueryError(
            f"cannot pin a sense run: {index.folder} cannot be written now (a read-only "
            "folder, or another process writing to it: run it again when that is done)"
        )
    return word_senses(index, word, lang=lang)


def _lemma_with_runs(index: Index, word: str, lang: str) -> tuple[str, int]:
    """(the lemma, its occurrences with a vector now): a word whose every occurrence was
    removed still lists its runs (0 now), which it was told it had none of ("no
    occurrences of 'seal'") though they are kept and take its occurrences added later."""
    import numpy as np

    from sensegrep.errors import QueryError
    from sensegrep.storage.occurrences import lookup_keys

    try:
        lemma, found = _occurrences(index, word, lang)
    except QueryError:
        kept = [k for k in lookup_keys(word, lang, False) if k and index.sense_run_heads(k)]
        if not kept:
            raise
        return kept[0], 0
    return lemma, int(np.count_nonzero(found.shard_ids >= 0))  # what complete() gives


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
    if len(sample) < len(found):
        # The G² figures are of the sample: say so wherever they are shown (issue 23).
        details["collocate_sample"] = {
            "per_sense": MAX_COLLOCATE_CONTEXTS,
            "sentences": len(sample),
            "of": len(found),
        }
    return SenseRun(
        lemma,
        n,
        print_,
        params.key,
        found.ids,
        result.labels + 1,
        clusters,
        details,
        centre=result.centre,
        centroids=result.centroids,
        induced=len(found),
    )


def with_current_collocates(index: Index, run: SenseRun) -> SenseRun:
    """``run`` (as :func:`word_senses` gives it) with each sense's collocates counted
    over the occurrences it holds now, when they are not those it was induced from
    (documents added or removed since): the stored ones are of the induction's, so a
    sense left with one occurrence still showed the words of removed documents. As at
    induction, a big sense is counted in a seeded sample (``collocate_sample``)."""
    from dataclasses import replace

    import numpy as np

    from sensegrep.senses import induce
    from sensegrep.senses.runs import Sense

    if not run.assigned and len(run.ids) == run.induced:
        return run  # its members are those the stored collocates were counted over
    labels = np.asarray(run.senses, dtype=np.int64) - 1
    details = {k: v for k, v in run.details.items() if k != "collocate_sample"}
    if not len(labels):
        found: list[list[tuple[str, float]]] = [[] for _ in run.clusters]
    else:
        sample = induce.per_sense_sample(labels, MAX_COLLOCATE_CONTEXTS, induce.SEED)
        found = _collocates(index, run.lemma, run.ids[sample], labels[sample], len(labels), run.k)
        if len(sample) < len(labels):
            details["collocate_sample"] = {
                "per_sense": MAX_COLLOCATE_CONTEXTS,
                "sentences": len(sample),
                "of": len(labels),
            }
    clusters = [Sense(c.number, c.size, c.examples, found[c.number - 1]) for c in run.clusters]
    return replace(run, clusters=clusters, details=details)


def _collocates(
    index: Index,
    lemma: str,
    ids: np.ndarray,
    labels: np.ndarray,
    total: int,
    k: int | None = None,
) -> list[list[tuple[str, float]]]:
    """Per sense, its distinctive collocates: against the other senses, or, for a word
    with one sense, against the rest of the corpus. ``ids`` may be a sample of the
    word's ``total`` occurrences (every sense in it). ``k``: the senses (default: the
    highest label's; a run whose last senses lost every occurrence has more)."""
    from sensegrep.senses import collocates

    sentences = index.sentence_lemmas(ids.tolist())
    context_sets = collocates.contexts(sentences, ids.tolist(), lemma)
    k = int(labels.max()) + 1 if k is None else k
    if k > 1:
        return collocates.sense_collocates(context_sets, labels, k=k)
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
        values = {i: decade_of(v) for i, v in index.field_values(ids, "year").items()}
    if all(v is None for v in values.values()):
        from sensegrep.errors import QueryError

        fields = index.field_names()
        known = ", ".join(fields) or "none"
        if name not in fields:
            from sensegrep.storage.fields import case_hint

            raise QueryError(
                f"no document has a metadata field {name!r} (fields in this index: {known})"
                f"{case_hint(name, fields)}"
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


def decade_of(year: Any) -> str | None:
    """The decade of a year (a number or its text) as ``1950s``; None for no number."""
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
