"""Sense runs: the induced senses of one lemma (:class:`SenseRun`, its :class:`Sense`
clusters), kept in the index under an id (tables ``sense_runs``, ``sense_clusters``,
``sense_members``, ``sense_pins``; the SQL is in sensegrep/storage/senses.py).

A stored run never changes its numbering. Occurrences the word gained since (new
documents, vectors added later) join the run's nearest centroid (:func:`complete`, by
the similarity the induction used); removed ones just drop out. The assignments are
made when a run is read and lacks some of the word's occurrences, and kept when the
index can be written.

What may be written is decided per call chain by :func:`not_stored`: inside it (the
web app's GET requests) no run, assignment, centroid or pin is stored; runs are induced
and occurrences assigned in memory only. Runs read or induced are kept in memory per
open index (a few), so a request that needs a word's senses twice reads them once.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from types import EllipsisType
from typing import Any

import numpy as np

from sensegrep.errors import QueryError
from sensegrep.storage import Candidates, Index
from sensegrep.storage.senses import StoredMembers, StoredRunHead

# Inside ``not_stored()`` (the web app's GET requests, a read-only server's calls): why
# nothing is stored; None outside.
_NOT_STORED: ContextVar[str | None] = ContextVar("sensegrep_store_senses", default=None)
GET_STORES_NONE = "a GET of the web app stores none"
READ_ONLY_SERVER = "this server runs with --read-only"  # its POSTs store none either
KEPT_IN_MEMORY = 8  # runs per open index


@contextmanager
def not_stored(reason: str = GET_STORES_NONE) -> Iterator[None]:
    """Nothing about senses is written inside: runs are induced and occurrences assigned
    in memory only (a GET of the web app never stores a run; a server run with
    --read-only none at all). ``reason`` is what a note on such a run says."""
    token = _NOT_STORED.set(reason)
    try:
        yield
    finally:
        _NOT_STORED.reset(token)


def storing() -> bool:
    """Whether runs, assignments and pins may be stored here (outside ``not_stored``)."""
    return _NOT_STORED.get() is None


def not_storing_because() -> str | None:
    """Why nothing is stored here (``not_stored``'s reason), or None."""
    return _NOT_STORED.get()


# The runs a call had to make for a word without one (None: nobody is listening).
_MADE: ContextVar[list[SenseRun] | None] = ContextVar("sensegrep_runs_made", default=None)


@contextmanager
def recording_made() -> Iterator[list[SenseRun]]:
    """Inside, every run induced because a word had no current run (a ``search
    --sense``, a ``--count sense``) is appended to the list yielded, stored or not, so
    that the caller can say so: a run made unasked must not pass for one the user made."""
    made: list[SenseRun] = []
    token = _MADE.set(made)
    try:
        yield made
    finally:
        _MADE.reset(token)


def note_made(run: SenseRun) -> None:
    """Tell :func:`recording_made` (if anyone listens) that ``run`` was just made."""
    made = _MADE.get()
    if made is not None and all(other is not run for other in made):
        made.append(run)


@dataclass
class Sense:
    """One induced sense: number (from 1, biggest when induced), size (its occurrences
    now), typical occurrence ids (best first) and distinctive collocates (lemma, score;
    best first)."""

    number: int
    size: int
    examples: list[int]
    collocates: list[tuple[str, float]]


@dataclass
class SenseRun:
    """The senses of one lemma: ``ids`` its occurrences (corpus order), ``senses[i]`` the
    sense number of ``ids[i]``. ``id`` is the stored run's (None: induced in memory,
    not stored); ``assigned`` how many of ``ids`` joined after the induction, which saw
    ``induced`` occurrences (fixed: removed ones count still); ``size`` how many it holds
    now; ``current``/``pinned``: whether it is the word's current run, and pinned as
    such."""

    lemma: str
    requested: int | None
    fingerprint: str
    method: str
    ids: np.ndarray
    senses: np.ndarray
    clusters: list[Sense]
    details: dict[str, Any] = field(default_factory=dict)
    stored: bool = False
    id: int | None = None
    created_at: str | None = None
    centre: np.ndarray | None = None
    centroids: np.ndarray | None = None
    induced: int = 0
    assigned: int = 0
    current: bool = False
    pinned: bool = False
    # The occurrences it holds now, counted for a listing of runs (``ids`` left empty).
    counted: int | None = None

    @property
    def k(self) -> int:
        return len(self.clusters)

    @property
    def size(self) -> int:
        """The occurrences the run holds now: the induced ones still in the index and
        those assigned since."""
        return len(self.ids) if self.counted is None else self.counted


def fingerprint(ids: np.ndarray) -> str:
    """What a run was induced from: exactly these occurrences (ids are never reused)."""
    return hashlib.sha256(np.ascontiguousarray(ids, dtype=np.int64).tobytes()).hexdigest()


# -- stored runs -------------------------------------------------------------------------


def stored_run(index: Index, run_id: int, lemma: str, word: str) -> SenseRun:
    """Stored run ``run_id``, which must be one of ``lemma``'s (``word`` as the user
    gave it, for the message); a QueryError naming what to do otherwise."""
    run = load_run(index, run_id)
    if run is None:
        raise QueryError(
            f"no sense run {run_id} in {index.folder}: "
            f"`sensegrep senses {word} --runs` lists the runs of {word!r}"
        )
    if run.lemma != lemma.lower():
        raise QueryError(
            f"sense run {run_id} is of {run.lemma!r}, not {word!r}: "
            f"`sensegrep senses {word} --runs` lists the runs of {word!r}"
        )
    return run


def load_run(index: Index, run_id: int) -> SenseRun | None:
    """Stored run ``run_id`` with every member it has (kept in memory), or None."""
    cached = _cache_get(index, ("run", int(run_id)))
    if cached is not None:
        return cached
    head = index.sense_run_head(run_id)
    if head is None:
        return None
    members = index.sense_run_members(head.id)
    clusters = [
        Sense(number, size, examples, collocates)
        for number, size, examples, collocates in index.sense_run_clusters(head.id)
    ]
    run = _stored_run(
        head,
        members,
        clusters,
        details=head.details,
        created_at=head.created_at,
        induced=head.occurrences,
        assigned=int(members.assigned.sum()),
    )
    _cache_put(index, ("run", head.id), run)
    return run


def _stored_run(
    head: StoredRunHead, members: StoredMembers, clusters: list[Sense], **more: Any
) -> SenseRun:
    """A stored run as read back: its head, the members read (all, or some of them)."""
    return SenseRun(
        lemma=head.lemma_key,
        requested=head.requested,
        fingerprint=head.fingerprint,
        method=head.method,
        ids=members.ids,
        senses=members.senses,
        clusters=clusters,
        stored=True,
        id=head.id,
        centre=head.centre,
        centroids=head.centroids,
        **more,
    )


def save_run(index: Index, run: SenseRun) -> bool:
    """Store ``run`` as a new run of its word (outside ``not_stored`` only); False when
    it is not stored (the run then stays in memory, without an id)."""
    saved = index.save_sense_run(run) if storing() else None
    if saved is None:
        _cache_put(index, _memory_key(run.lemma, run.requested, run.method, run.fingerprint), run)
        return False
    run.id, run.created_at = saved
    run.stored = True
    _cache_put(index, ("run", run.id), run)
    return True


def memory_run(
    index: Index, lemma: str, requested: int | None, method: str, print_: str
) -> SenseRun | None:
    """A run induced earlier in this process and not stored, if any."""
    return _cache_get(index, _memory_key(lemma, requested, method, print_))


def pin(
    index: Index, lemma: str, run_id: int | None, expect: int | EllipsisType | None = ...
) -> bool:
    """Pin ``run_id`` as the lemma's current run (None: the newest again); False when
    it cannot be stored. ``expect``: the run the caller saw pinned (None: none), else
    PinChangedError."""
    return storing() and index.pin_sense_run(lemma, run_id, expect)


def mark_current(index: Index, run: SenseRun) -> SenseRun:
    """``run`` with ``current`` and ``pinned`` set from the index's pins and runs."""
    if run.id is None:
        return run
    head, pinned = index.current_sense_run(run.lemma)
    run.current = head is not None and head.id == run.id
    run.pinned = run.current and pinned
    return run


# -- occurrences the run has not seen ------------------------------------------------------


def complete(index: Index, run: SenseRun, found: Candidates) -> SenseRun:
    """``run`` over the word's current occurrences ``found`` (corpus order): removed
    ones left out, new ones assigned to the nearest centroid (stored when the index
    can be written), the clusters' sizes counted again."""
    found = found.take(np.flatnonzero(found.shard_ids >= 0))  # those with a vector
    known = _in_sorted(found.ids, run.ids)
    if not known.all():
        new = found.take(np.flatnonzero(~known))
        run = _with_members(index, run, new.ids, _assigned(index, run, found, new), keep=True)
    at = np.searchsorted(run.ids, found.ids)
    senses = run.senses[at]
    sizes = np.bincount(senses, minlength=run.k + 1)[1:]
    clusters = [replace(s, size=int(sizes[s.number - 1])) for s in run.clusters]
    return replace(run, ids=found.ids, senses=senses, clusters=clusters)


def _in_sorted(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Which ``values`` are in ``sorted_ids`` (a run's ids, ascending): a binary search
    each, where ``np.isin`` would hash all of a million-member run for a page of hits."""
    if not len(sorted_ids):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return sorted_ids[at] == values


def senses_of(
    index: Index, run: SenseRun, ids: np.ndarray, *, whole: bool = True
) -> dict[int, int]:
    """Occurrence id -> its sense in ``run``, for those of ``ids`` that are the run's
    word's occurrences with a vector (new ones assigned as in :func:`complete`).
    ``whole``: ``run`` holds every member it has (else only some: not kept in memory)."""
    ids = np.unique(np.asarray(ids, dtype=np.int64))
    known = _in_sorted(ids, run.ids)
    if not known.all():
        new = index.existing(ids[~known])
        new = new.take(np.flatnonzero(new.shard_ids >= 0))
        if len(new):
            assigned = _assigned(index, run, None, new)
            run = _with_members(index, run, new.ids, assigned, keep=whole)
    found = ids[_in_sorted(ids, run.ids)]
    numbers = run.senses[np.searchsorted(run.ids, found)]
    return dict(zip(found.tolist(), numbers.tolist(), strict=True))


def stored_senses_of(index: Index, head: StoredRunHead, ids: np.ndarray) -> dict[int, int]:
    """:func:`senses_of` for the stored run ``head`` names, reading only its members
    among ``ids`` unless the run is in memory already (a page of hits of a word with a
    million occurrences needs a few of its rows)."""
    run = _cache_get(index, ("run", head.id))
    if run is not None:
        return senses_of(index, run, ids)
    if head.centroids is None:  # made before centroids were kept: they need every member
        whole = load_run(index, head.id)
        return {} if whole is None else senses_of(index, whole, ids)
    members = index.sense_run_members(head.id, np.asarray(ids, dtype=np.int64))
    some = _stored_run(head, members, [])
    return senses_of(index, some, ids, whole=False)


def _assigned(index: Index, run: SenseRun, found: Candidates | None, new: Candidates) -> np.ndarray:
    """Sense numbers of ``new`` occurrences: their nearest centroids of ``run``."""
    from sensegrep.senses import induce

    if run.centroids is None or run.centre is None:
        _compute_centroids(index, run, found)
    assert run.centroids is not None and run.centre is not None
    return induce.assign(index.vectors_of(new), run.centre, run.centroids) + 1


def ensure_centroids(index: Index, run: SenseRun) -> None:
    """Give ``run`` its centre and centroids if it was stored before they were kept (what
    an occurrence's typicality is measured against)."""
    if run.centroids is None or run.centre is None:
        _compute_centroids(index, run, None)


def _compute_centroids(index: Index, run: SenseRun, found: Candidates | None) -> None:
    """Centroids for a run stored before they were kept, from its members that still
    exist (the same unit means the induction took); stored when it can be."""
    from sensegrep.senses import induce

    members = (
        index.existing(run.ids)
        if found is None
        else found.take(np.flatnonzero(_in_sorted(found.ids, run.ids)))
    )
    x, centre = induce.prepared(index.vectors_of(members))
    labels = run.senses[np.searchsorted(run.ids, members.ids)] - 1
    one_hot = np.zeros((len(labels), run.k))
    one_hot[np.arange(len(labels)), labels] = 1
    sums = one_hot.T @ x
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    run.centre, run.centroids = (
        centre,
        np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0),
    )
    if run.id is not None and storing():
        index.set_sense_run_centroids(run.id, run.centre, run.centroids)


def _with_members(
    index: Index, run: SenseRun, ids: np.ndarray, senses: np.ndarray, *, keep: bool
) -> SenseRun:
    """``run`` with these occurrences added (in id order), stored as assigned when the
    index can be written; ``keep``: the run in memory grows with them."""
    if run.id is not None and storing():
        index.add_sense_members(run.id, ids, senses)
    order = np.argsort(np.concatenate([run.ids, ids]), kind="stable")
    grown = replace(
        run,
        ids=np.concatenate([run.ids, ids])[order],
        senses=np.concatenate([run.senses, senses])[order],
        assigned=run.assigned + len(ids),
    )
    if keep:
        key = (
            ("run", run.id)
            if run.id is not None
            else _memory_key(run.lemma, run.requested, run.method, run.fingerprint)
        )
        _cache_put(index, key, grown)
    return grown


# -- runs kept in memory, per open index -----------------------------------------------------

_CACHE: weakref.WeakKeyDictionary[Index, OrderedDict[tuple[Any, ...], SenseRun]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LOCK = threading.Lock()  # the web app reads from several threads


def _memory_key(lemma: str, requested: int | None, method: str, print_: str) -> tuple[Any, ...]:
    return ("memory", lemma.lower(), requested, method, print_)


def _cache_get(index: Index, key: tuple[Any, ...]) -> SenseRun | None:
    with _CACHE_LOCK:
        runs = _CACHE.get(index)
        if runs is None or key not in runs:
            return None
        runs.move_to_end(key)
        return runs[key]


def _cache_put(index: Index, key: tuple[Any, ...], run: SenseRun) -> None:
    with _CACHE_LOCK:
        runs = _CACHE.setdefault(index, OrderedDict())
        runs[key] = run
        runs.move_to_end(key)
        while len(runs) > KEPT_IN_MEMORY:
            runs.popitem(last=False)
