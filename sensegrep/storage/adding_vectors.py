"""Vectors for chosen lemmas (``sensegrep vectors add``): which tokens still need one,
the sentences that hold them, and each committed batch of their vectors.

An index made text-only (``index --vectors-for none``) gets an encoder at the first add
(manifest ``vectors_for: "chosen"``), then the vectors of the lemmas asked for: the
tokens an all-at-once index would embed (document.is_indexable under the index's
``all_tokens``), each sentence embedded once whatever number of them it holds. A batch
is written as ``add_batch`` writes one (writing.py): its shard first, then one
transaction that points the tokens at their rows, adds the lemma runs and records the
lemmas the batch completes (``vector_lemmas``); so a kill loses at most one batch, and
a new run picks the tokens still without a vector. A lemma in ``vector_lemmas`` behaves
as on a full index; any other word as on a text-only one (occurrences.py).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select

from sensegrep import failpoints
from sensegrep.errors import SensegrepError
from sensegrep.storage import (
    any_word,
    leases,
    occurrences,
    patterns,
    runs,
    schema,
    token_store,
    vector_lemmas,
)
from sensegrep.storage.checking import has_pos, lemma_count
from sensegrep.storage.handles import Handles
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.sql import bulk_insert, bulk_update, json_list, run, text_values
from sensegrep.storage.vectors import SHARD_SUFFIX
from sensegrep.text import lemma_of as lemma_of_word


@dataclass
class VectorBatch:
    """Tokens to give vectors in one transaction, and the sentences to embed for them."""

    token_ids: np.ndarray  # ascending (corpus order)
    keys: list[str]  # each token's lemma key
    sentences: list[list[str]]  # the words of each sentence to embed, each once
    picks: list[np.ndarray]  # each sentence's positions whose vectors are wanted
    completes: list[str]  # lemma keys whose last missing vector is in this batch

    def __len__(self) -> int:
        return len(self.token_ids)


@dataclass
class Plan:
    """What ``vectors add`` has to do: the lemmas it completes, the tokens still
    without a vector (their sentences, in corpus order), and what it cannot do."""

    lemmas: list[str]  # lemma keys that get (or have) every vector
    without_tokens: list[str] = field(default_factory=list)  # asked for, nothing to embed
    unknown: list[str] = field(default_factory=list)  # asked for, not in the index
    # Each word asked for that is a lemma of its own ("played"): the tokens written so
    # that get vectors but have another lemma, by that lemma ({"play": 15}).
    written_otherwise: dict[str, dict[str, int]] = field(default_factory=dict)
    _segments: list[token_store.Segment] = field(default_factory=list)
    _pending: dict[str, np.ndarray] = field(default_factory=dict)  # columns, one per token
    _names: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        """Tokens still without a vector."""
        return len(self._pending.get("id", ()))

    @property
    def sentences(self) -> int:
        if not self.tokens:
            return 0
        return int(_sentence_starts(self._pending).size)

    def batches(self, handles: Handles, size: int) -> Iterator[VectorBatch]:
        """The pending tokens in batches of whole sentences, about ``size`` vectors each."""
        pending, starts = self._pending, _sentence_starts(self._pending)
        if not self.tokens:
            return
        ends = np.append(starts[1:], self.tokens)
        last_of = _last_positions(pending["rank"])
        vocab = patterns.vocabulary(handles)
        at = 0
        while at < len(starts):
            first = int(starts[at])
            stop = at + 1
            while stop < len(starts) and starts[stop] - first < size:
                stop += 1
            end = int(ends[stop - 1])
            yield self._batch(vocab, starts[at:stop], ends[at:stop], last_of, first, end)
            at = stop

    def _batch(
        self,
        vocab: list[str],
        starts: np.ndarray,
        ends: np.ndarray,
        last_of: dict[int, int],
        first: int,
        end: int,
    ) -> VectorBatch:
        pending = self._pending
        sentences, picks = [], []
        for start, stop in zip(starts.tolist(), ends.tolist(), strict=True):
            segment = self._segments[int(pending["segment"][start])]
            sentence = int(pending["sentence"][start])
            low = int(segment.sentence_start[sentence])
            high = int(segment.sentence_start[sentence + 1])
            forms = np.asarray(segment.column("form")[low:high])
            sentences.append([vocab[int(f)] for f in forms])
            picks.append(pending["position"][start:stop] - low)
        ranks = pending["rank"][first:end]
        completes = sorted(self._names[r] for r, last in last_of.items() if first <= last < end)
        return VectorBatch(
            pending["id"][first:end].copy(),
            [self._names[int(r)] for r in ranks],
            sentences,
            picks,
            completes,
        )


def _sentence_starts(pending: dict[str, np.ndarray]) -> np.ndarray:
    """Where each sentence's pending tokens start (they are in corpus order)."""
    segment, sentence = pending["segment"], pending["sentence"]
    change = (segment[1:] != segment[:-1]) | (sentence[1:] != sentence[:-1])
    return np.flatnonzero(np.concatenate([[True], change])) if len(segment) else segment


def _last_positions(ranks: np.ndarray) -> dict[int, int]:
    """Each rank's last place in ``ranks``."""
    reversed_first = np.unique(ranks[::-1], return_index=True)
    return {int(r): len(ranks) - 1 - int(i) for r, i in zip(*reversed_first, strict=True)}


# ------------------------------------------------------------------------- planning


def plan(
    handles: Handles,
    words: Sequence[str] = (),
    *,
    every: bool = False,
    pos: Sequence[str] = (),
    min_count: int = 1,
    all_tokens: bool = False,
    lang: str = "en",
) -> Plan:
    """The lemmas named by ``words`` (a form falls back to its lemma, as a search does),
    or ``every`` lemma, or those with at least ``min_count`` tokens (tagged one of
    ``pos``, when given); and their tokens an all-at-once index embeds that have no
    vector yet, read from the token store."""
    if not token_store.covers_all(handles):
        raise SensegrepError(f"{handles.folder}: open the index for writing first")
    if pos and not has_pos(handles):
        raise SensegrepError(f"--pos needs POS tags, and no token of {handles.folder} has one")
    if pos:  # a tag no token has (a typo) chose no lemma: "vectors for 0 lemma(s)", exit 0
        occurrences.check_pos(handles, pos)
    with handles.engine.connect() as conn:
        names, rank_of_word = runs.key_ranks(conn)
    current = token_store.snapshot(handles)
    lemma_ranks = [_live_lemma_ranks(current, s, rank_of_word) for s in current.segments]
    chosen = np.zeros(len(names), dtype=bool)
    unknown: list[str] = []
    own: dict[str, int] = {}  # words taken as a lemma of their own: its rank
    if words:
        present = np.zeros(len(names), dtype=bool)
        for ranks, _live in lemma_ranks:
            present[ranks] = True
        for word in words:
            at = _asked_rank(names, present, word, lang)
            if at is None:
                unknown.append(word)
            else:
                chosen[at] = True
                if names[at] == lemma_key(word.strip()):
                    own[word] = at
    if every or pos or (min_count > 1 and not words):
        chosen |= _frequent(handles, current, lemma_ranks, len(names), pos, min_count)
    indexable = vector_lemmas.Indexable(handles, all_tokens)
    written = _written_otherwise(current, lemma_ranks, rank_of_word, names, own, indexable)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in _COLUMNS}
    has_tokens = np.zeros(len(names), dtype=bool)
    for at, (segment, (ranks, live)) in enumerate(zip(current.segments, lemma_ranks, strict=True)):
        positions = np.flatnonzero(live & chosen[ranks])
        positions = positions[indexable.mask(segment, positions)]
        has_tokens[ranks[positions]] = True
        sentence = segment.sentence_of(positions)
        parts["id"].append(segment.token_ids(positions, sentence))
        parts["rank"].append(ranks[positions])
        parts["segment"].append(np.full(len(positions), at, dtype=np.int64))
        parts["sentence"].append(sentence)
        parts["position"].append(positions)
    pending = {k: np.concatenate([np.zeros(0, dtype=np.int64), *v]) for k, v in parts.items()}
    asked_names = [names[r] for r in np.flatnonzero(chosen)]
    keep = ~np.isin(pending["id"], _with_vectors(handles, asked_names))
    pending = {k: v[keep] for k, v in pending.items()}
    return Plan(
        lemmas=[names[r] for r in np.flatnonzero(has_tokens)],
        without_tokens=sorted(set(asked_names) - {names[r] for r in np.flatnonzero(has_tokens)}),
        unknown=unknown,
        written_otherwise=written,
        _segments=list(current.segments),
        _pending=pending,
        _names=names,
    )


_COLUMNS = ("id", "rank", "segment", "sentence", "position")


def _written_otherwise(
    current: token_store.Snapshot,
    lemma_ranks: list[tuple[np.ndarray, np.ndarray]],
    rank_of_word: np.ndarray,
    names: list[str],
    own: dict[str, int],
    indexable: vector_lemmas.Indexable,
) -> dict[str, dict[str, int]]:
    """For each word taken as a lemma of its own (rank in ``own``): its live tokens
    written so (case-folded) that get vectors but have another lemma, by that lemma."""
    found: dict[str, Counter[str]] = {word: Counter() for word in own}
    for segment, (ranks, live) in zip(current.segments, lemma_ranks, strict=True):
        forms = rank_of_word[np.asarray(segment.column("form"), dtype=np.int64)]
        for word, at in own.items():
            positions = np.flatnonzero(live & (forms == at) & (ranks != at))
            positions = positions[indexable.mask(segment, positions)]
            others, counts = np.unique(ranks[positions], return_counts=True)
            for rank, count in zip(others, counts, strict=True):
                found[word][names[rank]] += int(count)
    return {word: dict(counts.most_common()) for word, counts in found.items() if counts}


def _live_lemma_ranks(
    current: token_store.Snapshot, segment: token_store.Segment, rank_of_word: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(each position's lemma key rank, whether its document is still there)."""
    ranks = rank_of_word[np.asarray(segment.column("lemma"), dtype=np.int64)]
    dead = current.dead_sentences(segment)
    live = np.ones(len(segment), dtype=bool)
    if dead is not None:
        live = ~np.repeat(dead, np.diff(segment.sentence_start))
    return ranks, live


def _asked_rank(names: list[str], present: np.ndarray, word: str, lang: str) -> int | None:
    """The lemma key rank a word names: its own key when some token has it as lemma,
    else its lemma's (as a search by lemma falls back); None when neither is there."""
    word = word.strip()
    for key in dict.fromkeys([lemma_key(word), lemma_key(lemma_of_word(word, lang))]):
        at = int(np.searchsorted(names, key))
        if at < len(names) and names[at] == key and present[at]:
            return at
    return None


def _frequent(
    handles: Handles,
    current: token_store.Snapshot,
    lemma_ranks: list[tuple[np.ndarray, np.ndarray]],
    n_names: int,
    pos: Sequence[str],
    min_count: int,
) -> np.ndarray:
    """Which lemma ranks have at least ``min_count`` live tokens (tagged one of ``pos``)."""
    tags = [t.upper() for t in patterns.tag_texts(handles)]
    wanted_tags = np.asarray([t in {p.upper() for p in pos} for t in tags], dtype=bool)
    counts = np.zeros(n_names, dtype=np.int64)
    for segment, (ranks, live) in zip(current.segments, lemma_ranks, strict=True):
        keep = live.copy()
        if pos:
            keep &= wanted_tags[np.asarray(segment.column("pos"), dtype=np.int64)]
        counts += np.bincount(ranks[keep], minlength=n_names)
    return counts >= max(min_count, 1)


def _with_vectors(handles: Handles, keys: Sequence[str]) -> np.ndarray:
    """The ids of the tokens of these lemma keys that have a vector (from their runs)."""
    blobs: list[Any] = []
    with handles.engine.connect() as conn:
        for at in range(0, len(keys), 10_000):
            chunk = json_list(keys[at : at + 10_000])
            blobs += run(
                conn,
                f"SELECT ids FROM lemma_runs WHERE lemma_key IN ({text_values(conn)})",
                (chunk,),
            ).scalars()
    return np.concatenate([np.zeros(0, dtype=np.int64), *map(schema.decode_ids, blobs)])


# -------------------------------------------------------------------------- writing


def write_batch(handles: Handles, batch: VectorBatch, vectors: np.ndarray) -> None:
    """Store the vectors of ``batch``'s tokens (in its token order) and mark the lemmas
    it completes, atomically: the shard is written first, then one transaction points
    the tokens at its rows, adds their lemma runs and records the lemmas."""
    if not handles.writable:
        raise SensegrepError("this index was opened read-only")
    if len(vectors) != len(batch):
        raise SensegrepError(f"{len(vectors)} vectors for {len(batch)} tokens")
    ids = np.asarray(batch.token_ids, dtype=np.int64)
    names, ranks, order = runs.shard_order(batch.keys, np.arange(len(ids)))
    shard_file = f"{uuid.uuid4().hex}{SHARD_SUFFIX}"
    if len(ids):
        handles.shards.write(shard_file, np.asarray(vectors, dtype=np.float32)[order])
    failpoints.reach("vectors:shard-written")
    committed = False
    try:
        with handles.engine.begin() as conn:
            if len(ids):
                shard_id = conn.execute(
                    schema.shards.insert().values(
                        id=leases.next_shard_id(conn), file=shard_file, count=len(ids)
                    )
                ).inserted_primary_key[0]
                row_of = np.empty(len(ids), dtype=np.int64)
                row_of[order] = np.arange(len(ids))
                bulk_update(
                    conn,
                    "tokens",
                    ["shard_id", "row"],
                    [(shard_id, int(r), int(t)) for r, t in zip(row_of, ids, strict=True)],
                )
                runs.insert_runs(conn, shard_id, names, ranks[order], ids[order])
                any_word.pend(conn, ids)
            _mark(conn, batch.completes)
            failpoints.reach("vectors:before-commit")
        committed = True
    except BaseException:
        if not committed:  # a Ctrl-C after the commit must not take a published shard
            (handles.shards.folder / shard_file).unlink(missing_ok=True)
        raise
    failpoints.reach("vectors:committed")


def mark_complete(handles: Handles, keys: Sequence[str]) -> None:
    """Record these lemmas as having every vector (those recorded already stay)."""
    with handles.engine.begin() as conn:
        _mark(conn, keys)


def _mark(conn: Any, keys: Sequence[str]) -> None:
    if not keys:
        return
    have = set(
        run(
            conn,
            f"SELECT lemma_key FROM vector_lemmas WHERE lemma_key IN ({text_values(conn)})",
            (json_list(keys),),
        ).scalars()
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [(k, now) for k in sorted(set(keys) - have)]
    bulk_insert(conn, "vector_lemmas", ("lemma_key", "completed_at"), rows)


# -------------------------------------------------------------------------- reading


def coverage(handles: Handles) -> dict[str, Any] | None:
    """On a "chosen" index: tokens with vectors (``occurrences``), ``tokens``, their
    ratio (``embedded_share``), ``lemmas_with_vectors`` and ``lemmas_in_progress`` (some
    of whose tokens have vectors: an add killed before it finished); None on any other."""
    if not handles.manifest.chosen:
        return None
    with handles.engine.connect() as conn:
        tokens, occurrences = _token_counts(conn)
        lemmas = run(conn, "SELECT count(*) FROM vector_lemmas").scalar_one()
        begun = run(
            conn,
            "SELECT count(DISTINCT lemma_key) FROM lemma_runs WHERE lemma_key NOT IN "
            "(SELECT lemma_key FROM vector_lemmas)",
        ).scalar_one()
    return {
        "occurrences": int(occurrences),
        "tokens": int(tokens),
        "embedded_share": round(occurrences / tokens, 4) if tokens else 0.0,
        "lemmas_with_vectors": int(lemmas),
        "lemmas_in_progress": int(begun),
    }


def _token_counts(conn: Any) -> tuple[int, int]:
    """(tokens, those with a vector)."""
    t = schema.tokens
    tokens = conn.execute(select(func.count()).select_from(t)).scalar_one()
    occurrences = conn.execute(select(func.count()).where(t.c.shard_id.isnot(None))).scalar_one()
    return int(tokens), int(occurrences)


def status(handles: Handles, top: int = 20) -> dict[str, Any]:
    """How much of the index has vectors: lemmas and tokens with them, of how many,
    the encoder, and the ``top`` complete lemmas by occurrences (see ``vectors status``)."""
    manifest = handles.manifest
    with handles.engine.connect() as conn:
        tokens, occurrences = _token_counts(conn)
        per_lemma = run(
            conn, "SELECT lemma_key, sum(count) FROM lemma_runs GROUP BY lemma_key"
        ).fetchall()
    counts = {key: int(n) for key, n in per_lemma}
    if manifest.chosen:
        complete = vector_lemmas.complete_lemmas(handles)
    else:
        complete = set(counts) if manifest.has_vectors else set()
    ranked = sorted(complete, key=lambda k: (-counts.get(k, 0), k))
    partial = sorted(set(counts) - complete, key=lambda k: (-counts[k], k))
    embedder = manifest.embedder
    return {
        "index": str(handles.folder),
        "vectors_for": manifest.vectors_for,
        "encoder": None if not manifest.has_vectors else embedder.to_dict(),
        "vectors": manifest.vectors if manifest.has_vectors else None,
        "all_tokens": manifest.all_tokens,
        "lemmas": lemma_count(handles),
        "lemmas_with_vectors": len(complete),
        "lemmas_in_progress": len(partial),
        "tokens": int(tokens),
        "occurrences": int(occurrences),
        "embedded_share": round(occurrences / tokens, 4) if tokens else 0.0,
        "top_lemmas": [{"lemma": k, "occurrences": counts.get(k, 0)} for k in ranked[:top]],
        "in_progress": [{"lemma": k, "occurrences": counts[k]} for k in partial[:top]],
    }
