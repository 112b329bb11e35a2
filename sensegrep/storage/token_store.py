"""The token store: an index's tokens as columns of ids, for CQL, counts and concordances.

CWB keeps each positional attribute as an array of vocabulary ids in corpus order with an
inverted list per value; this store does the same, in immutable segments as Lucene does,
so that a batch is added without rewriting what is there.

A **segment** (``tokens/<uuid>.tokens``) holds the tokens of consecutive batches in id
(corpus) order, a position per token:

- per token: ``form`` and ``lemma`` (vocab ids; the lemma is the form when it has none),
  ``pos``, ``tag`` and ``deprel`` (ids in the ``pos_tags`` table of short strings, 0:
  none) and ``head`` (the head's position minus the token's, 0: none), each in the
  smallest unsigned (``head``: signed) type its values fit;
- per sentence: its first position (then the segment's length), its id, its first
  token's id and its document: a position's token id is its sentence's first token id
  plus its place in the sentence;
- per ``form`` and ``lemma``: an inverted list, the positions grouped by value
  (``.values`` the distinct ids ascending, ``.offsets`` where each one's positions
  start, ``.positions`` ascending within a value).

Measured on SemCor (BENCHMARKS.md): form 4 + lemma 4 + pos 1 + tag 1 bytes and the two
inverted lists 4 + 4 bytes per token, plus a few bytes per sentence.

The file: 8 magic bytes, the header's length (8 bytes, little-endian), a JSON header
(``{name: [dtype, offset, count]}``), then the arrays, each at an 8-byte boundary; read
back memory-mapped, so a query touches only the pages it needs. A segment is written to
a temporary name and renamed, and belongs to the index only once the transaction that
adds its row (``token_segments``) commits; other files in the folder are garbage.

Removing a document does not rewrite segments: its id goes into ``removed_documents``
and readers skip its sentences; ``compact`` rewrites the segments without them. Small
segments are merged as batches arrive (``merge_tail``), so a corpus of any size has a few
dozen segments at most. A reader takes the list of segments in one snapshot; a file
removed after that (merged or compacted away) is still readable through the mapping it
holds, and a file gone before it was opened makes the reader take the list again. So
segments need no reader's lease (storage/leases.py), unlike vector shards, whose
locations a reader keeps from one statement to a later one and opens only then
(tests/storage/test_pinning.py runs a compaction at each snapshot a search takes).
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sensegrep import failpoints
from sensegrep.errors import SensegrepError
from sensegrep.files import write_whole
from sensegrep.storage import database, schema
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import run

FOLDER = "tokens"
SUFFIX = ".tokens"
MAGIC = b"SGTOKS01"
TOKEN_COLUMNS = ("form", "lemma", "pos", "tag", "deprel", "head")
POSTED = ("form", "lemma")  # the attributes with inverted lists
SENTENCE_COLUMNS = ("sentence_start", "sentence_id", "sentence_token", "sentence_doc")
# Merging: a segment joins the one before it while that one is at most FANOUT times its
# size, so sizes grow geometrically and a corpus has O(log n) segments.
FANOUT = 8
MERGE_BELOW = 50_000_000  # tokens: a segment this large is left alone until compaction


@dataclass
class SegmentRows:
    """A new segment's tokens, in id order (the arrays of TOKEN_COLUMNS, per token) and
    sentences (SENTENCE_COLUMNS; ``sentence_start`` has one more entry: the length)."""

    columns: dict[str, np.ndarray]
    sentences: dict[str, np.ndarray]

    @property
    def first_token(self) -> int:
        return int(self.sentences["sentence_token"][0])

    @property
    def last_token(self) -> int:
        starts, first = self.sentences["sentence_start"], self.sentences["sentence_token"]
        return int(first[-1] + (starts[-1] - starts[-2]) - 1)

    def __len__(self) -> int:
        return int(self.sentences["sentence_start"][-1])


class Segment:
    """One segment file, memory-mapped (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = np.memmap(path, dtype=np.uint8, mode="r")
        if bytes(raw[:8]) != MAGIC:
            raise SensegrepError(f"{path} is not a token segment (damaged or of another version)")
        size = int(np.frombuffer(raw[8:16], dtype="<u8")[0])
        header = json.loads(bytes(raw[16 : 16 + size]))
        data = _aligned(16 + size)
        self.arrays: dict[str, np.ndarray] = {
            name: np.frombuffer(raw, dtype=np.dtype(dtype), count=count, offset=data + offset)
            if count
            else np.zeros(0, dtype=np.dtype(dtype))
            for name, (dtype, offset, count) in header.items()
        }
        self.sentence_start = self.arrays["sentence_start"].astype(np.int64)
        self._present: dict[str, np.ndarray] = {}
        self._runs: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return int(self.sentence_start[-1])

    def column(self, name: str) -> np.ndarray:
        found = self.arrays.get(name)
        if found is None:  # an OPTIONAL column no token of the segment has
            found = self.arrays[name] = np.zeros(len(self), dtype=np.uint8)
        return found

    def values_present(self, name: str) -> np.ndarray:
        """The distinct non-zero ids of a column (the tags of ``pos``, ``tag`` or
        ``deprel`` its tokens have), read once: a segment file never changes."""
        found = self._present.get(name)
        if found is None:
            column = self.column(name)
            found = np.flatnonzero(np.bincount(column)) if len(column) else column[:0]
            found = self._present[name] = found[found > 0].astype(np.int64)
        return found

    def has_unset(self, name: str) -> bool:
        """Whether some token of the segment has no value in column ``name`` (id 0: an
        untagged token beside tagged ones, in an index of mixed sources)."""
        column = self.column(name)
        return bool(len(column)) and not bool(np.all(column))

    def positions(self, attribute: str, ids: Iterable[int]) -> np.ndarray:
        """The positions (ascending) whose ``attribute`` (form or lemma) is one of ``ids``."""
        offsets = self.arrays[f"{attribute}.offsets"]
        listed = self.arrays[f"{attribute}.positions"]
        parts = [listed[offsets[i] : offsets[i + 1]] for i in self._slots(attribute, ids)]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        found = np.concatenate(parts).astype(np.int64)
        return np.sort(found) if len(parts) > 1 else found

    def frequency(self, attribute: str, ids: Iterable[int]) -> int:
        """How many tokens' ``attribute`` (form or lemma) is one of ``ids``."""
        offsets = self.arrays[f"{attribute}.offsets"]
        at = np.asarray(self._slots(attribute, ids), dtype=np.int64)
        return int((offsets[at + 1].astype(np.int64) - offsets[at]).sum())

    def _slots(self, attribute: str, ids: Iterable[int]) -> list[int]:
        """Where each of ``ids`` that the segment holds is in its inverted list."""
        values = self.arrays[f"{attribute}.values"]
        wanted = np.asarray(sorted(set(ids)), dtype=np.int64)
        at = np.searchsorted(values, wanted)
        present = at < len(values)
        return at[present][values[at[present]] == wanted[present]].tolist()

    @property
    def first_token(self) -> int:
        return int(self.arrays["sentence_token"][0]) if len(self) else 0

    @property
    def last_token(self) -> int:
        if not len(self):
            return -1
        starts = self.sentence_start
        return int(self.arrays["sentence_token"][-1]) + int(starts[-1] - starts[-2]) - 1

    def positions_of_ids(self, token_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, sentence indexes) of these token ids (each in the segment's
        range); -1 for an id that falls between its sentences (not a token of it)."""
        first = self.arrays["sentence_token"]
        sentence = np.searchsorted(first, token_ids, side="right") - 1
        inside = sentence >= 0
        sentence = np.maximum(sentence, 0)
        offset = token_ids - first[sentence]
        inside &= offset < np.diff(self.sentence_start)[sentence]
        return np.where(inside, self.sentence_start[sentence] + offset, -1), sentence

    def sentence_of(self, positions: np.ndarray) -> np.ndarray:
        """The segment's sentence index of each position."""
        return np.searchsorted(self.sentence_start, positions, side="right") - 1

    @functools.cached_property
    def id_offset(self) -> int | None:
        """Token id minus position when it is one number for the whole segment (its
        sentences' ids follow each other without a gap, as a batch writes them); None
        when they do not (a compaction left out a removed document's)."""
        firsts = self.arrays["sentence_token"].astype(np.int64)
        if not len(firsts):
            return None
        offsets = firsts - self.sentence_start[:-1]
        return int(offsets[0]) if bool((offsets == offsets[0]).all()) else None

    def token_ids(self, positions: np.ndarray, sentence: np.ndarray | None = None) -> np.ndarray:
        """The token ids of these positions (``sentence``: their sentence indexes, when
        known already)."""
        if sentence is None and self.id_offset is not None:
            # One addition, not a binary search per position: listing every token of a
            # word of a million (a plain concordance's) took a quarter of a second.
            return np.asarray(positions, dtype=np.int64) + self.id_offset
        if sentence is None:
            sentence = self.sentence_of(positions)
        first = self.arrays["sentence_token"][sentence].astype(np.int64)
        return first + (positions - self.sentence_start[sentence])

    def documents(self, positions: np.ndarray) -> np.ndarray:
        return self.arrays["sentence_doc"][self.sentence_of(positions)].astype(np.int64)

    def document_runs(self) -> tuple[np.ndarray, np.ndarray]:
        """(first sentence, document) of each run of the segment's sentences that one
        document holds, in order; read once (a segment file never changes). A document's
        sentences are consecutive, so counting by runs counts by documents, and there
        are ten to a thousand times fewer runs than tokens."""
        found = self._runs
        if found is None:
            documents = np.asarray(self.arrays["sentence_doc"], dtype=np.int64)
            firsts = np.flatnonzero(np.diff(documents, prepend=-1))
            found = self._runs = (firsts, documents[firsts])
        return found


# ---------------------------------------------------------------------------- writing


def folder_of(handles: Handles) -> Path:
    return handles.folder / FOLDER


def write(handles: Handles, rows: SegmentRows) -> str:
    """Write a segment file for ``rows``; its name (not yet part of the index)."""
    folder = folder_of(handles)
    folder.mkdir(exist_ok=True)
    name = f"{uuid.uuid4().hex}{SUFFIX}"
    arrays = {**_compact_columns(rows.columns), **_sentence_arrays(rows.sentences)}
    for attribute in POSTED:
        arrays.update(_inverted(attribute, rows.columns[attribute]))
    _write_file(folder / name, arrays)
    return name


# Columns left out of a segment whose tokens all have none (no tagger, no parser): a
# reader sees zeros.
OPTIONAL = ("tag", "deprel", "head")


def _compact_columns(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for name in TOKEN_COLUMNS:
        values = np.asarray(columns[name])
        if name in OPTIONAL and not values.any():
            continue
        out[name] = values.astype(_signed(values) if name == "head" else _unsigned(values))
    return out


def _sentence_arrays(sentences: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {
        name: np.asarray(sentences[name], dtype=np.int64).astype(
            np.int32 if name == "sentence_start" else np.int64
        )
        for name in SENTENCE_COLUMNS
    }


def _inverted(attribute: str, values: np.ndarray) -> dict[str, np.ndarray]:
    values = np.asarray(values)
    order = np.argsort(values, kind="stable").astype(np.uint32)
    distinct, counts = np.unique(values, return_counts=True)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return {
        f"{attribute}.values": distinct.astype(np.int64),
        f"{attribute}.offsets": offsets,
        f"{attribute}.positions": order,
    }


def _unsigned(values: np.ndarray) -> type:
    top = int(values.max()) if len(values) else 0
    return np.uint8 if top < 2**8 else np.uint16 if top < 2**16 else np.uint32


def _signed(values: np.ndarray) -> type:
    top = int(np.abs(values).max()) if len(values) else 0
    return np.int8 if top < 2**7 else np.int16 if top < 2**15 else np.int32


def _write_file(path: Path, arrays: dict[str, np.ndarray]) -> None:
    header: dict[str, list] = {}
    offset = 0  # from the start of the data, which follows the header
    for name, array in arrays.items():
        header[name] = [array.dtype.str, offset, int(array.size)]
        offset += _aligned(array.nbytes)
    text = json.dumps(header).encode()

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            handle.write(MAGIC + len(text).to_bytes(8, "little") + text)
            handle.write(b"\0" * (_aligned(16 + len(text)) - 16 - len(text)))
            for array in arrays.values():
                data = np.ascontiguousarray(array).tobytes()
                handle.write(data + b"\0" * (_aligned(len(data)) - len(data)))

    write_whole(path, write, durable=True)


def _aligned(size: int) -> int:
    return (size + 7) // 8 * 8


def register(conn: Connection, name: str, rows: SegmentRows) -> None:
    """Make a written segment part of the index (inside the caller's transaction)."""
    conn.execute(
        schema.token_segments.insert().values(
            file=name, first_token=rows.first_token, last_token=rows.last_token, tokens=len(rows)
        )
    )


# ---------------------------------------------------------------------------- reading


@dataclass
class Snapshot:
    """The segments of one committed state, in corpus order, and the documents removed
    since they were written (``removed``, ascending)."""

    segments: list[Segment]
    removed: np.ndarray

    def dead_sentences(self, segment: Segment) -> np.ndarray | None:
        """Which of the segment's sentences belong to removed documents (None: none)."""
        if not len(self.removed):
            return None
        dead = np.isin(segment.arrays["sentence_doc"], self.removed)
        return dead if dead.any() else None

    @property
    def tokens(self) -> int:
        return sum(len(s) for s in self.segments)

    def token_ids_with(self, column: str, ids: Iterable[int]) -> np.ndarray:
        """The ids (ascending) of the live tokens whose ``column`` (form or lemma) is one
        of the vocab ``ids``: from the inverted lists."""
        parts = [np.zeros(0, dtype=np.int64), *self.token_id_chunks(column, ids, None)]
        return np.concatenate(parts)

    def held(self, column: str, ids: np.ndarray) -> np.ndarray:
        """Which of the vocab ``ids`` (ascending) some token has as its ``column`` (form
        or lemma), from each segment's inverted list (the words of a removed document
        count until compaction)."""
        ids = np.asarray(ids, dtype=np.int64)
        found = np.zeros(len(ids), dtype=bool)
        for segment in self.segments:
            values = segment.arrays[f"{column}.values"]
            if not len(values):
                continue
            at = np.minimum(np.searchsorted(values, ids), len(values) - 1)
            found |= values[at] == ids
        return found

    def token_id_chunks(
        self, column: str, ids: Iterable[int], first_size: int | None = 1_024
    ) -> Iterator[np.ndarray]:
        """``token_ids_with`` a chunk at a time (growing from ``first_size``; None: a
        segment at a time), for a first page that needs only the first few."""
        ids = list(ids)
        for segment in self.segments:
            positions = segment.positions(column, ids)
            dead = self.dead_sentences(segment)
            size = first_size or max(len(positions), 1)
            at = 0
            while at < len(positions):
                chunk = positions[at : at + size]
                if dead is not None:
                    chunk = chunk[~dead[segment.sentence_of(chunk)]]
                yield segment.token_ids(chunk)
                at, size = at + size, size * 4

    def counts_by_document(
        self, segment: Segment, positions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(document, how many of ``positions`` it holds) for each run of the segment's
        sentences that one document holds; ``positions`` ascending. A removed document
        holds none. One binary search per document, not one per position: counting a
        million positions costs what counting their documents does."""
        firsts, documents = segment.document_runs()
        at = np.searchsorted(positions, segment.sentence_start[firsts], side="left")
        counts = np.diff(at, append=len(positions))
        if len(self.removed):
            counts[np.isin(documents, self.removed)] = 0
        return documents, counts

    def locate(
        self, token_ids: np.ndarray
    ) -> Iterator[tuple[Segment, np.ndarray, np.ndarray, np.ndarray]]:
        """(segment, which of ``token_ids``, their positions, their sentence indexes) for
        the ids the store holds in live sentences; ``token_ids`` ascending."""
        token_ids = np.asarray(token_ids, dtype=np.int64)
        for segment in self.segments:
            low = np.searchsorted(token_ids, segment.first_token, side="left")
            high = np.searchsorted(token_ids, segment.last_token, side="right")
            if low == high:
                continue
            positions, sentences = segment.positions_of_ids(token_ids[low:high])
            held = positions >= 0
            dead = self.dead_sentences(segment)
            if dead is not None:
                held &= ~dead[sentences]
            which = np.arange(low, high)[held]
            yield segment, which, positions[held], sentences[held]


def distinct_count(rows: np.ndarray) -> int:
    """How many distinct values (document row ids, >= 0) ``rows`` holds: a table, not
    a sort or a hash (a hundred thousand documents: under a millisecond)."""
    if not len(rows):
        return 0
    seen = np.zeros(int(rows.max()) + 1, dtype=bool)
    seen[rows] = True
    return int(np.count_nonzero(seen))


# Segments by path: their files never change, so an open one serves every later read.
_OPEN: dict[Path, Segment] = {}
_OPEN_MAX = 512


def snapshot(handles: Handles) -> Snapshot:
    """The segments and removed documents, read in one statement (one snapshot)."""
    folder = folder_of(handles)
    listed: list[str] | None = None
    for _attempt in range(3):
        with handles.engine.connect() as conn:
            rows = run(
                conn,
                "SELECT file, first_token, NULL FROM token_segments"
                " UNION ALL SELECT NULL, NULL, doc_id FROM removed_documents",
            ).fetchall()
        files = [f for _first, f in sorted((r[1], r[0]) for r in rows if r[0] is not None)]
        removed = np.sort(np.asarray([r[2] for r in rows if r[0] is None], dtype=np.int64))
        try:
            return Snapshot([_opened(folder / name) for name in files], removed)
        except FileNotFoundError as missing:
            if files == listed:  # the same list twice, a file of it absent: no race
                raise SensegrepError(_not_here(handles, Path(missing.filename or ""))) from None
            listed = files  # merged or compacted away since the list was read: read it again
    raise SensegrepError("the index's token store kept changing while being read: try again")


def _not_here(handles: Handles, missing: Path) -> str:
    """A segment file the database lists that the folder lacks, and why that can be."""
    where = f"{handles.folder / FOLDER / missing.name}, which the index's database lists,"
    if handles.on_server:
        return (
            f"{where} is not in this folder: another folder sharing the index's database "
            "schema (a copy of this one) has written to it since; open the index through "
            "that folder (a copy of the folder alone is no copy of the index)"
        )
    return (
        f"{where} is not in this folder: the index is damaged; build it again in a new "
        "folder (`sensegrep --index NEW index FILES…`)"
    )


def _opened(path: Path) -> Segment:
    segment = _OPEN.get(path)
    if segment is None:
        if len(_OPEN) >= _OPEN_MAX:
            _OPEN.clear()
        segment = _OPEN[path] = Segment(path)
    return segment


def covers_all(handles: Handles) -> bool:
    """Whether every stored token is in the token store (an index made before it has
    none until it is opened for writing, which builds it)."""
    if not database.has_table(handles.engine, "token_segments"):
        return False
    with handles.engine.connect() as conn:
        return _covered_until(conn) >= (
            conn.execute(
                select(schema.tokens.c.id).order_by(schema.tokens.c.id.desc()).limit(1)
            ).scalar()
            or 0
        )


def _covered_until(conn: Connection) -> int:
    t = schema.token_segments
    last = conn.execute(select(t.c.last_token).order_by(t.c.last_token.desc()).limit(1)).scalar()
    return int(last or 0)


# ---------------------------------------------------------------------------- merging


def merge_tail(handles: Handles) -> None:
    """Merge the newest segments while FANOUT of them have the same size class, so that
    sizes grow geometrically (each token is rewritten O(log n) times)."""
    while True:
        with handles.engine.connect() as conn:
            t = schema.token_segments
            rows = conn.execute(
                select(t.c.id, t.c.file, t.c.tokens).order_by(t.c.first_token)
            ).all()
        tail = _same_class_tail(rows)
        if len(tail) < FANOUT:
            return
        _replace(handles, tail, failpoint="tokens:merged-written")


def _same_class_tail(rows: Sequence) -> list:
    if not rows:
        return []
    level = _size_class(rows[-1].tokens)
    tail = []
    for row in reversed(rows):
        if _size_class(row.tokens) != level or row.tokens >= MERGE_BELOW:
            break
        tail.append(row)
    return tail[::-1]


def _size_class(tokens: int) -> int:
    size, level = max(int(tokens), 1), 0
    while size >= 10_000 * FANOUT ** (level + 1):
        level += 1
    return level


def _replace(handles: Handles, rows: Sequence, failpoint: str, clear_removed: bool = False) -> None:
    """Write one segment with the live tokens of ``rows`` (id order), then swap it in."""
    current = snapshot(handles)
    by_name = {s.path.name: s for s in current.segments}
    parts = [by_name[row.file] for row in rows if row.file in by_name]
    merged = _concatenated(parts, current)
    name = write(handles, merged) if len(merged) else None
    failpoints.reach(failpoint)
    with handles.engine.begin() as conn:
        ids = [row.id for row in rows]
        conn.execute(schema.token_segments.delete().where(schema.token_segments.c.id.in_(ids)))
        if name is not None:
            register(conn, name, merged)
        if clear_removed:
            conn.execute(schema.removed_documents.delete())
    remove_unreferenced(handles)


def _concatenated(parts: Sequence[Segment], current: Snapshot) -> SegmentRows:
    """The live sentences of ``parts`` as the rows of one segment."""
    columns: dict[str, list[np.ndarray]] = {name: [] for name in TOKEN_COLUMNS}
    sentences: dict[str, list[np.ndarray]] = {name: [] for name in SENTENCE_COLUMNS}
    length = 0
    for segment in parts:
        starts = segment.sentence_start
        dead = current.dead_sentences(segment)
        keep = np.ones(len(starts) - 1, dtype=bool) if dead is None else ~dead
        sizes = np.diff(starts)[keep]
        token_keep = np.repeat(keep, np.diff(starts))
        for name in TOKEN_COLUMNS:
            columns[name].append(np.asarray(segment.column(name))[token_keep])
        sentences["sentence_start"].append(length + np.cumsum(sizes) - sizes)
        for name in SENTENCE_COLUMNS[1:]:
            sentences[name].append(np.asarray(segment.column(name))[keep])
        length += int(sizes.sum())
    joined_columns = {
        name: np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        for name, arrays in columns.items()
    }
    joined = {
        name: np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        for name, arrays in sentences.items()
    }
    joined["sentence_start"] = np.append(joined["sentence_start"], length)
    return SegmentRows(joined_columns, joined)


def compact(handles: Handles) -> bool:
    """Rewrite the store as one segment without the removed documents' tokens, when it
    has removed documents or more than one segment; whether it did."""
    with handles.engine.connect() as conn:
        t = schema.token_segments
        rows = conn.execute(select(t.c.id, t.c.file, t.c.tokens).order_by(t.c.first_token)).all()
        removed = conn.execute(select(schema.removed_documents.c.doc_id).limit(1)).first()
    if len(rows) <= 1 and removed is None:
        return False
    _replace(handles, rows, failpoint="tokens:compacted-written", clear_removed=True)
    return True


def disk_bytes(handles: Handles) -> int:
    """The bytes of the token store's files (a writer's temporary, renamed or removed
    while they are listed, is not counted: `info` beside a running `index` raised
    FileNotFoundError)."""
    folder = folder_of(handles)
    if not folder.is_dir():
        return 0
    total = 0
    for path in folder.iterdir():
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            continue
    return total


def remove_unreferenced(handles: Handles) -> list[str]:
    """Delete the files of the token folder that no committed row names."""
    folder = folder_of(handles)
    if not folder.is_dir():
        return []
    with handles.engine.connect() as conn:
        referenced = set(conn.scalars(select(schema.token_segments.c.file)))
    removed = []
    for path in folder.iterdir():
        if path.name not in referenced:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


# ------------------------------------------------------------------- an older index


COVER_CHUNK = 2_000_000  # tokens per segment built from an older index's rows


def cover(handles: Handles) -> int:
    """Build segments for the stored tokens no segment holds yet (an index made before
    the token store): read from the tokens table, a segment per COVER_CHUNK tokens.
    Returns the number of tokens added."""
    added = 0
    while True:
        with handles.engine.connect() as conn:
            after = _covered_until(conn)
            sentences = run(
                conn,
                "SELECT id, doc_id, first_token, n_tokens FROM sentences"
                " WHERE first_token > ? AND n_tokens > 0 ORDER BY first_token",
                (after,),
            ).fetchall()
        if not sentences:
            return added
        chunk, size = [], 0
        for row in sentences:
            chunk.append(row)
            size += row[3]
            if size >= COVER_CHUNK:
                break
        rows = _rows_from_tables(handles, chunk)
        if not len(rows):
            return added
        name = write(handles, rows)
        with handles.engine.begin() as conn:
            register(conn, name, rows)
        added += len(rows)


def _rows_from_tables(handles: Handles, sentences: Sequence) -> SegmentRows:
    first = sentences[0][2]
    last = sentences[-1][2] + sentences[-1][3] - 1
    with handles.engine.connect() as conn:
        tokens = run(
            conn,
            "SELECT form_id, coalesce(lemma_id, form_id), coalesce(pos_id, 0) FROM tokens"
            " WHERE id BETWEEN ? AND ? ORDER BY id",
            (first, last),
        ).fetchall()
    table = np.asarray(tokens, dtype=np.int64).reshape(-1, 3)
    sizes = np.asarray([s[3] for s in sentences], dtype=np.int64)
    if len(table) != int(sizes.sum()):
        raise SensegrepError(
            f"{handles.folder}: sentences and tokens disagree between ids {first} and {last};"
            " run `sensegrep check`"
        )
    zeros = np.zeros(len(table), dtype=np.int64)
    columns = {"form": table[:, 0], "lemma": table[:, 1], "pos": table[:, 2]}
    columns.update(tag=zeros, deprel=zeros, head=zeros)
    return SegmentRows(
        columns,
        {
            "sentence_start": np.concatenate([[0], np.cumsum(sizes)]),
            "sentence_id": np.asarray([s[0] for s in sentences], dtype=np.int64),
            "sentence_token": np.asarray([s[2] for s in sentences], dtype=np.int64),
            "sentence_doc": np.asarray([s[1] for s in sentences], dtype=np.int64),
        },
    )


# ---------------------------------------------------------------------------- checking


def check(handles: Handles) -> list[str]:
    """Problems of the token store, one line each: every segment readable, and its live
    tokens the same, column by column, as the tokens table's rows."""
    try:
        current = snapshot(handles)
    except (OSError, ValueError, KeyError, SensegrepError) as exc:
        return [f"{folder_of(handles)}: a token segment cannot be read ({exc}); {_REBUILD}"]
    problems, held = [], 0
    for segment in current.segments:
        dead = current.dead_sentences(segment)
        live = np.ones(len(segment.sentence_start) - 1, dtype=bool) if dead is None else ~dead
        positions = np.flatnonzero(np.repeat(live, np.diff(segment.sentence_start)))
        held += len(positions)
        with handles.engine.connect() as conn:
            rows = run(
                conn,
                "SELECT id, form_id, coalesce(lemma_id, form_id), coalesce(pos_id, 0) FROM tokens"
                " WHERE id BETWEEN ? AND ? ORDER BY id",
                (segment.first_token, segment.last_token),
            ).fetchall()
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        stored = np.stack(
            [segment.token_ids(positions)]
            + [np.asarray(segment.column(c))[positions].astype(np.int64) for c in _CHECKED]
        ).T
        if table.shape != stored.shape or not np.array_equal(table, stored):
            problems.append(
                f"{segment.path}: its tokens differ from the tokens table's; {_REBUILD}"
            )
    with handles.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(schema.tokens)).scalar_one()
    if held != total:
        problems.append(
            f"{folder_of(handles)}: the token store holds {held:,} tokens, the tokens table"
            f" {total:,}; {_REBUILD}"
        )
    return problems


_CHECKED = ("form", "lemma", "pos")
_REBUILD = "the index is damaged: build it again in a new folder"
