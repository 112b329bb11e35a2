"""Sense labels in the index: the SQL behind ``sensegrep label``, ``classify --apply``,
label counts and ``tune``'s training material (see labels/labelling.py for what a label and
its source are).

The provenance table ``label_sources`` is created on the first label write, so older
indexes and read-only ones are read as "every label came with the input".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine, exc, inspect, select
from sqlalchemy.engine import Connection

from sensegrep.errors import SensegrepError
from sensegrep.storage import schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import LEMMA, POS, id_list, int_values, json_list, run

# A label's provenance, set or replaced (both backends read this upsert).
UPSERT_LABEL_SOURCE = (
    "INSERT INTO label_sources (token_id, source, confidence, updated_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (token_id) DO UPDATE SET source = excluded.source,"
    " confidence = excluded.confidence, updated_at = excluded.updated_at"
)

UPSERT_REMOVED_LABEL = (
    "INSERT INTO removed_labels (token_id, label, removed_at) VALUES (?, ?, ?)"
    " ON CONFLICT (token_id) DO UPDATE SET label = excluded.label,"
    " removed_at = excluded.removed_at"
)

# (pos, label, source) of an occurrence; source None: no provenance row.
LabelRow = tuple[str | None, str | None, str | None]
# (sentence id, position, lemma, pos, label, source) of a labelled occurrence.
LabelledRow = tuple[int, int, str, str | None, str, str | None]


def label_sources_exist(conn: Connection) -> bool:
    """Whether the provenance table was made (by a first label write)."""
    return inspect(conn).has_table("label_sources")


# -- reading --------------------------------------------------------------------


def occurrence_labels(handles: Handles, ids: Sequence[int]) -> dict[int, LabelRow]:
    """(pos, label, label source) of each id found among the tokens."""
    with handles.engine.connect() as conn:
        join = (
            f"SELECT t.id, {POS}, t.label, s.source FROM tokens t "
            "LEFT JOIN label_sources s ON s.token_id = t.id"
            if label_sources_exist(conn)
            else f"SELECT t.id, {POS}, t.label, NULL FROM tokens t"
        )
        rows = run(
            conn, f"{join} WHERE t.id IN ({int_values(conn)})", (json_list(map(int, ids)),)
        ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def predicted_labels(handles: Handles, ids: Sequence[int]) -> set[int]:
    """The ids among ``ids`` whose label ``classify --apply`` wrote (source
    ``predicted``); none before a first label write made the provenance table."""
    if not ids:
        return set()
    with handles.engine.connect() as conn:
        if not label_sources_exist(conn):
            return set()
        rows = run(
            conn,
            "SELECT token_id FROM label_sources WHERE source = 'predicted' "
            f"AND token_id IN ({int_values(conn)})",
            (json_list(map(int, ids)),),
        ).fetchall()
    return {int(r[0]) for r in rows}


def token_labels(handles: Handles, ids: Sequence[int]) -> dict[int, str | None]:
    """The stored sense label of each id found among the tokens."""
    t = schema.tokens
    query = select(t.c.id, t.c.label).where(t.c.id.in_(id_list(ids)))
    with handles.engine.connect() as conn:
        return dict(conn.execute(query).cursor.fetchall())


def missing_occurrences(handles: Handles, ids: Iterable[int]) -> list[int]:
    """The ids among ``ids`` (sorted, distinct) that are no occurrence (token with a
    vector) of the index; on a text-only index, no token."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return []
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT id FROM tokens WHERE {_occurrence(handles)} AND id IN ({int_values(conn)})",
            (json_list(wanted),),
        ).fetchall()
    present = {r[0] for r in rows}
    return [i for i in wanted if i not in present]


def labelled_occurrences(handles: Handles) -> list[LabelledRow]:
    """Every labelled occurrence (any labelled token on a text-only index) in sentence
    order, with its label source."""
    with handles.engine.connect() as conn:
        source = (
            "(SELECT source FROM label_sources l WHERE l.token_id = t.id)"
            if label_sources_exist(conn)
            else "NULL"
        )
        rows = run(
            conn,
            f"SELECT t.sentence_id, t.id - s.first_token, {LEMMA}, {POS}, t.label, "
            f"{source} FROM tokens t JOIN sentences s ON s.id = t.sentence_id "
            # +: a scan of the table in id (so sentence, position) order, not a walk
            # through the occurrences' form index with a lookup for each.
            f"WHERE t.label IS NOT NULL AND {_occurrence(handles, '+t.')} ORDER BY t.id",
        ).fetchall()
    return [tuple(row) for row in rows]


def labelled_vectors_at(handles: Handles) -> list[tuple[int, int, int, str, str | None]]:
    """(id, shard, row, label, source) of every labelled occurrence with a vector, in
    id order: where the vectors of the labelled occurrences are, read in one scan
    (WordNet sense vectors average them per sense key)."""
    with handles.engine.connect() as conn:
        source = (
            "(SELECT source FROM label_sources l WHERE l.token_id = t.id)"
            if label_sources_exist(conn)
            else "NULL"
        )
        rows = run(
            conn,
            f"SELECT t.id, t.shard_id, t.row, t.label, {source} FROM tokens t "
            "WHERE t.label IS NOT NULL AND +t.shard_id IS NOT NULL ORDER BY t.id",
        ).fetchall()
    return [tuple(row) for row in rows]


def _occurrence(handles: Handles, prefix: str = "") -> str:
    """The condition on a token that it can carry a label: has a vector, or is any
    token of a text-only index (whose tokens all have none) or of one with vectors for
    chosen words (where a word without them is labelled on its tokens)."""
    return f"{prefix}shard_id IS NOT NULL" if handles.manifest.occurrences_have_vectors else "1 = 1"


# -- writing (ids checked by the caller) -----------------------------------------


class Expected(NamedTuple):
    """What a caller saw on the occurrences it labels: the label text each held (None:
    none), and when that label was set (``label_times``; None: not compared). A write
    given it changes nothing when one holds another now, or the same text set again
    since: another annotator's confirming it is theirs, which an undo of the first
    label removed unseen. ``predicted``: whether the label seen was classify --apply's
    prediction (None: not compared); the same text given by hand since, or predicted
    since, is a label set since too (a prediction reviewed by another annotator was
    replaced unseen by one who saw it still predicted). ``each``: the label text each
    occurrence held, by id (an id not in it: none), in place of ``label``, for a caller
    that labels several occurrences which held different labels (`label ID… --as`, to
    name truly what it replaced when two annotators label at once). ``predicted_each``:
    with ``each``, whether each one's label seen was a prediction, by id (an id not in
    it: a hand label), in place of ``predicted`` (a prediction given by hand meanwhile,
    same text, was replaced unnamed as a prediction, pass 39n)."""

    label: str | None
    set_at: str | None = None
    predicted: bool | None = None
    each: Mapping[int, str | None] | None = None
    predicted_each: Mapping[int, bool] | None = None

    def seen(self, occurrence: int) -> str | None:
        """The label text expected on ``occurrence`` (None: none)."""
        return self.label if self.each is None else self.each.get(occurrence)

    def seen_predicted(self, occurrence: int) -> bool | None:
        """Whether the label seen on ``occurrence`` was a prediction (None: not compared)."""
        if self.predicted_each is None:
            return self.predicted
        return self.predicted_each.get(occurrence, False)


# Occurrences that hold another label than the one expected: each one's label now.
Moved = dict[int, str | None]


def set_labels(
    handles: Handles,
    labels: Mapping[int, str],
    source: str,
    confidence: Mapping[int, float],
    expect: Expected | None = None,
) -> Moved:
    """Set each occurrence's label and its provenance, in one transaction; with
    ``expect``, only if each holds the label expected when the transaction has them
    locked (else nothing is written, and those that do not are returned). Rows are
    written in id order, so two writers at once on a server database lock them in
    the same order (one waits for the other, neither deadlocks)."""
    now = _label_time()
    ids = sorted(labels)
    with _writing_labels(handles) as conn:
        _lock_present(conn, ids)
        moved = _moved_since(conn, ids, expect)
        if not moved:
            run(conn, "UPDATE tokens SET label = ? WHERE id = ?", [(labels[i], i) for i in ids])
            run(conn, UPSERT_LABEL_SOURCE, [(i, source, confidence.get(i), now) for i in ids])
    return moved


def set_predictions(
    handles: Handles, labels: Mapping[int, str], source: str, confidence: Mapping[int, float]
) -> list[int]:
    """Store classify's proposals as labels of ``source`` (its predictions), in one
    transaction, on the occurrences that hold no label or one of ``source`` when the
    write has them locked;
    returns those left alone, which hold a label given by hand or with the input now (an
    annotator labelled them between classify's read and this write: the prediction
    replaced that label, unsaid)."""
    now = _label_time()
    ids = sorted(labels)
    with _writing_labels(handles) as conn:
        _lock_present(conn, ids)
        query = (
            "SELECT t.id FROM tokens t LEFT JOIN label_sources s ON s.token_id = t.id "
            f"WHERE t.id IN ({int_values(conn)}) AND t.label IS NOT NULL "
            "AND (s.source IS NULL OR s.source != ?)"
        )
        held = {int(i) for (i,) in run(conn, query, (json_list(ids), source)).fetchall()}
        free = [i for i in ids if i not in held]
        run(conn, "UPDATE tokens SET label = ? WHERE id = ?", [(labels[i], i) for i in free])
        rows = [(i, source, confidence.get(i), now) for i in free]
        run(conn, UPSERT_LABEL_SOURCE, rows)
    return sorted(held)


def clear_labels(handles: Handles, ids: Sequence[int], expect: Expected | None = None) -> Moved:
    """Remove the labels of occurrences and their provenance, in one transaction (with
    ``expect``, as :func:`set_labels` takes it), recording each label removed and when
    (:func:`removed_labels`)."""
    rows = [(i,) for i in sorted({int(i) for i in ids})]
    with _writing_labels(handles) as conn:
        _lock_present(conn, [i for (i,) in rows])
        moved = _moved_since(conn, [i for (i,) in rows], expect)
        if not moved:
            query = f"SELECT id, label FROM tokens WHERE id IN ({int_values(conn)})"
            held = run(conn, query + " AND label IS NOT NULL", (json_list(i for (i,) in rows),))
            now = _label_time()
            removed = [(i, label, now) for i, label in held.fetchall()]
            if removed:  # none held a label: nothing to record
                run(conn, UPSERT_REMOVED_LABEL, removed)
            run(conn, "UPDATE tokens SET label = NULL WHERE id = ?", rows)
            run(conn, "DELETE FROM label_sources WHERE token_id = ?", rows)
    return moved


def removed_labels(handles: Handles, ids: Sequence[int]) -> dict[int, str]:
    """Of ``ids``, the occurrences that hold no label now and had one removed (with
    ``label --remove`` or an undo, since removals were recorded): the label removed
    last. An index built again has none of them."""
    wanted = sorted({int(i) for i in ids})
    with handles.engine.connect() as conn:
        if not wanted or not inspect(conn).has_table("removed_labels"):
            return {}
        query = (
            "SELECT r.token_id, r.label FROM removed_labels r JOIN tokens t ON t.id = r.token_id"
            f" WHERE r.token_id IN ({int_values(conn)}) AND t.label IS NULL"
        )
        return {int(i): label for i, label in run(conn, query, (json_list(wanted),)).fetchall()}


def _moved_since(conn: Connection, ids: Sequence[int], expect: Expected | None) -> Moved:
    """The occurrences among ``ids`` (sorted) whose label is not ``expect``'s, read
    once their rows are locked: a read before the write let two annotators who saw an
    occurrence unlabelled both be told their label was stored, the later one over the
    earlier unseen. The caller has locked the rows (:func:`_lock_present`)."""
    if expect is None:
        return {}
    query = (
        "SELECT t.id, t.label, s.updated_at, s.source FROM tokens t "
        f"LEFT JOIN label_sources s ON s.token_id = t.id WHERE t.id IN ({int_values(conn)})"
    )
    rows = run(conn, query, (json_list(ids),)).fetchall()
    held = {i: (label, at, source == "predicted") for i, label, at, source in rows}
    nothing = (None, None, False)
    return {
        i: held[i][0] if i in held else None
        for i in ids
        if (held.get(i, nothing)[0] or None) != expect.seen(i)
        or (expect.set_at is not None and held.get(i, nothing)[1] != expect.set_at)
        or (
            expect.seen_predicted(i) is not None
            and expect.seen(i) is not None
            and held.get(i, nothing)[2] != expect.seen_predicted(i)
        )
    }


def _lock_present(conn: Connection, ids: Sequence[int]) -> None:
    """Lock the rows of ``ids`` (sorted) with a no-op update (SQLite's write lock),
    then refuse, before anything is written, when some are gone: the caller checked the
    ids before this transaction, and a removal or a new version of their document
    committed since (the lock waited for it) left the label written to no row and the
    caller told it was stored."""
    run(conn, "UPDATE tokens SET label = label WHERE id = ?", [(i,) for i in ids])
    query = f"SELECT id FROM tokens WHERE id IN ({int_values(conn)})"
    present = {int(i) for (i,) in run(conn, query, (json_list(ids),)).fetchall()}
    gone = [i for i in ids if i not in present]
    if gone:
        more = f" (and {len(gone) - 1} more)" if len(gone) > 1 else ""
        raise SensegrepError(
            f"occurrence {gone[0]}{more} was removed by another process while this label "
            "was being written (its document removed, or replaced by a new version): "
            "nothing was changed; search again for its id now"
        )


def label_times(handles: Handles, ids: Sequence[int]) -> dict[int, str | None]:
    """When each occurrence's label was set (None: it holds none, or it came with the
    input): what a caller expects (``Expected.set_at``) to undo its own label only."""
    wanted = sorted({int(i) for i in ids})
    with handles.engine.connect() as conn:
        query = (
            "SELECT t.id, s.updated_at FROM tokens t LEFT JOIN label_sources s "
            f"ON s.token_id = t.id WHERE t.id IN ({int_values(conn)}) AND t.label IS NOT NULL"
        )
        found = dict(run(conn, query, (json_list(wanted),)).fetchall())
    return {i: found.get(i) for i in wanted}


def _label_time() -> str:
    # To the microsecond: two annotators' labels of one occurrence within a second are
    # told apart (Expected.set_at), and it fits the column's 32 characters.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _writing_labels(handles: Handles) -> _LabelWrite:
    return _LabelWrite(handles.engine, handles.folder)


class _LabelWrite:
    """A write transaction with the provenance table in place; a locked database (an
    indexing run mid-commit for longer than SQLite's wait) becomes a clear message."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.engine = engine
        self.folder = folder
        self._context: Any = None

    def __enter__(self) -> Connection:
        try:
            schema.label_sources.create(self.engine, checkfirst=True)
            schema.removed_labels.create(self.engine, checkfirst=True)
            self._context = self.engine.begin()
            return self._context.__enter__()
        except exc.OperationalError as error:
            raise self._busy(error) from error

    def __exit__(self, *args: Any) -> None:
        try:
            self._context.__exit__(*args)
        except exc.OperationalError as error:
            raise self._busy(error) from error

    def _busy(self, error: exc.OperationalError) -> SensegrepError:
        return SensegrepError(
            f"cannot write labels to {self.folder} ({error.orig}); if an indexing run is "
            "writing to it, try again when it has finished"
        )
