"""Checking an index: ``sensegrep check`` (is it sound?) and ``sensegrep info`` (what
does it hold, in how many bytes?).

The database and the shard files are checked against each other: SQLite's integrity
check, every shard readable with its recorded row count and dimension, every occurrence
inside its shard, the lemma runs matching the occurrences, every token inside its
sentence and the vocabulary.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import distinct, func, select
from sqlalchemy.engine import Connection

from sensegrep.storage import ann, fields, leases, patterns, schema, token_store
from sensegrep.storage.database import DB_NAME
from sensegrep.storage.handles import Handles
from sensegrep.storage.manifest import LEGACY_TEXT_ANALYSIS, Manifest, describe_analysis
from sensegrep.storage.sql import int_values, json_list, run
from sensegrep.storage.state import index_state, of_one_state
from sensegrep.storage.vectors import TRAIN_MIN, file_size
from sensegrep.text import DOTTED_I, composed, undotted


def check(handles: Handles) -> list[str]:
    """Problems found in the index, one line each (none: it is sound): SQLite's
    integrity check, every shard file readable with its recorded row count and
    dimension, every occurrence pointing inside a shard, lemma runs matching the
    occurrences, every token inside its sentence's id range and the vocabulary, the
    search-across-words file readable. A damaged shard's line names the input files to
    index again."""
    problems: list[str] = []
    with handles.engine.connect() as conn:
        # PostgreSQL checks its own pages (and has no quick_check to ask).
        verdict = "ok"
        if not handles.on_server:
            verdict = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if verdict != "ok":
            return [f"{handles.folder / DB_NAME}: SQLite integrity check failed ({verdict})"]
        shards = conn.execute(
            select(schema.shards.c.id, schema.shards.c.file, schema.shards.c.count)
        ).all()
        for shard_id, file, count in shards:
            problem = handles.shards.check(file, count)
            if problem:
                problems.append(
                    f"{problem}; index these files again: {_sources_of(conn, shard_id)}"
                )
        problems += _check_rows(conn)
    ann_problem = ann_file_problem(handles)
    if ann_problem:
        problems.append(ann_problem)
    return problems + _token_store_problems(handles)


def ann_file_problem(handles: Handles, file: str | None = None) -> str | None:
    """What is wrong with the search-across-words file (storage/any_word.py) the index
    names, or ``file``: missing or damaged; None when it is sound or there is none."""
    if file is None:
        with handles.engine.connect() as conn:
            if not conn.dialect.has_table(conn, "ann_state"):
                return None
            file = conn.execute(select(schema.ann_state.c.file)).scalar()
    if file is None:
        return None
    path = handles.shards.folder / file
    if not path.is_file():
        return f"{path}: the search-across-words file is missing; `sensegrep compact` rebuilds it"
    if not ann.readable(path):
        return f"{path}: the search-across-words file is damaged; `sensegrep compact` rebuilds it"
    return None


def _token_store_problems(handles: Handles) -> list[str]:
    """The token store's problems. It is compared with the tokens table in several
    reads, so a write between them (a compaction rewriting the segments) can make a
    sound store look damaged: what is found while the index changed is checked again."""
    problems: list[str] = []
    for _attempt in range(3):
        before = _token_state(handles)
        problems = token_store.check(handles)
        if not problems or _token_state(handles) == before:
            return problems
    return problems


def _token_state(handles: Handles) -> tuple[Any, ...]:
    """What a write that changes the token store changes (its segments, its removed
    documents, the tokens table's size), read in one statement."""
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            "SELECT file FROM token_segments UNION ALL"
            " SELECT CAST(count(*) AS TEXT) FROM removed_documents UNION ALL"
            " SELECT CAST(count(*) AS TEXT) || ':' || CAST(max(id) AS TEXT) FROM tokens",
        ).scalars()
        return tuple(sorted(str(r) for r in rows))


def _sources_of(conn: Connection, shard_id: int) -> str:
    rows = (
        run(
            conn,
            "SELECT DISTINCT d.source FROM tokens t JOIN documents d ON d.id = t.doc_id "
            "WHERE +t.shard_id = ? ORDER BY d.source LIMIT 20",
            (shard_id,),
        )
        .scalars()
        .all()
    )
    return ", ".join(rows) or "(none)"


def _check_rows(conn: Connection) -> list[str]:
    # Unary +: a plain scan of the table, not a walk through the occurrences' form
    # index with a lookup of each row (random reads).
    problems = []
    outside = run(
        conn,
        "SELECT count(*) FROM tokens t LEFT JOIN shards s ON s.id = t.shard_id "
        "WHERE +t.shard_id IS NOT NULL AND (s.id IS NULL OR t.row < 0 OR t.row >= s.count)",
    ).scalar()
    if outside:
        problems.append(f"{outside:,} occurrences point outside their shard")
    with_vectors = run(conn, "SELECT count(*) FROM tokens WHERE shard_id IS NOT NULL").scalar()
    in_runs = run(conn, "SELECT coalesce(sum(count), 0) FROM lemma_runs").scalar()
    # The width byte and the length of each packed run (a few rows per lemma).
    runs = run(conn, "SELECT count, length(ids), substr(ids, 1, 1) FROM lemma_runs")
    bad_runs = sum(
        not schema.run_is_sound(count, length, bytes(head)) for count, length, head in runs
    )
    if in_runs != with_vectors or bad_runs:
        problems.append(
            f"lemma runs list {in_runs:,} occurrences ({bad_runs} malformed) for "
            f"{with_vectors:,} with vectors: build the index again"
        )
    return problems + _check_tokens(conn)


def info(handles: Handles) -> dict[str, Any]:
    """What the index holds (files, documents, sentences, tokens, occurrences, lemmas,
    shards), the encoder it was built with, and its size on disk."""
    stats, database_bytes = _of_one_state(handles)
    occurrences = stats["occurrences"]
    if handles.manifest.database is not None:
        stats["database"] = dict(handles.manifest.database)
    disk = index_bytes(handles.folder) + database_bytes
    stats.update(
        model=handles.manifest.embedder.model,
        layers=list(handles.manifest.embedder.layers),
        pooling=handles.manifest.embedder.pooling,
        # the learned map applied last (a builtin name or a `tune` file), and the encoder's
        # adapter: "none" for the plain layers, which `model` alone does not tell apart
        projection=handles.manifest.embedder.projection or "none",
        adapter=handles.manifest.embedder.adapter or "none",
        precision=handles.manifest.embedder.precision,
        runtime=handles.manifest.embedder.runtime,
        dim=handles.manifest.embedder.dim,
        vectors=handles.manifest.vectors,
        vectors_for=handles.manifest.vectors_for,
        tagger=_tagger(handles.manifest),
        disk_bytes=disk,
        vector_bytes=handles.shards.disk_bytes(),
        # Of vector_bytes: shards a compaction merged away, kept for open readers.
        retired_bytes=leases.retired_bytes(handles),
        token_store_bytes=token_store.disk_bytes(handles),
        bytes_per_occurrence=round(disk / occurrences, 1) if occurrences else None,
        # The figure that compares indexes whose vectors cover different shares of the
        # text (chosen words, a text-only index): per token of the corpus.
        bytes_per_token=round(disk / stats["tokens"], 1) if stats["tokens"] else None,
    )
    if occurrences and handles.shards.untrained():  # `vectors sq4` alone: stored as sq4
        stats["vectors_stored"] = "f16"
        stats["vectors_train_min"] = TRAIN_MIN[handles.manifest.vectors]
    if handles.manifest.chosen:  # vectors for chosen words: which, how much of the text
        stats["lemmas_with_vectors"] = _lemmas_with_vectors(handles)
        stats["embedded_share"] = round(occurrences / stats["tokens"], 4) if stats["tokens"] else 0
    elif handles.manifest.occurrences_have_vectors:  # the content words' lemmas
        stats["lemmas_with_vectors"] = _lemmas_in_runs(handles)
    # The documents whose POS were mapped from a tag set coarser than UPOS, by tag set.
    from sensegrep import pos_tags

    coarse: dict[str, dict[str, Any]] = {}
    for _row, _id, _source, tag_set, tokens in coarse_pos_documents(handles, tokens=True):
        counted = coarse.setdefault(
            tag_set,
            {
                "name": pos_tags.NAMES.get(tag_set, tag_set),
                "lacking": pos_tags.SHORT.get(tag_set, ""),
                "documents": 0,
                "tokens": 0,
            },
        )
        counted["documents"] += 1
        counted["tokens"] += tokens
    if coarse:
        stats["pos_tag_sets"] = dict(sorted(coarse.items()))
    # What --where, --count and --by can name: each field's type and a few values.
    stats["metadata"] = fields.describe(handles)
    return stats


def _of_one_state(handles: Handles) -> tuple[dict[str, Any], int]:
    """:func:`_counts` of one state of the index: read again while a writer in another
    process commits between its statements (documents of one batch over the tokens of
    the next: "45 documents, 1,703 tokens" when those 45 hold 1,568)."""
    return of_one_state(lambda: index_state(handles), lambda: _counts(handles))


def _counts(handles: Handles) -> tuple[dict[str, Any], int]:
    """(the counts of what the index holds, the bytes of its tables on a server)."""
    t, d = schema.tokens, schema.documents
    with handles.engine.connect() as conn:
        count = lambda q: conn.execute(q).scalar_one()  # noqa: E731
        stats = {
            "index": str(handles.folder),
            "files": count(select(func.count()).select_from(schema.files)),
            # Files whose documents are in but which are not done (a bad record, an
            # interrupted run): the next `index` of them reads them again.
            "files_in_part": count(
                select(func.count(distinct(d.c.source))).where(
                    d.c.source.not_in(select(schema.files.c.name))
                )
            ),
            "documents": count(select(func.count()).select_from(schema.documents)),
            "sentences": count(select(func.count()).select_from(schema.sentences)),
            "tokens": count(select(func.count()).select_from(t)),
            "occurrences": count(select(func.count()).where(t.c.shard_id.isnot(None))),
            "lemmas": _text_only_lemmas(handles, conn),
            "shards": count(select(func.count()).select_from(schema.shards)),
        }
        return stats, _server_bytes(conn) if handles.on_server else 0


def lemma_count(handles: Handles) -> int:
    """The distinct lemma keys of every token, as ``freq`` lists them, whichever tokens
    have vectors (a full index once counted only its occurrences' lemmas: the same
    corpus had fewer lemmas indexed with vectors than without)."""
    with handles.engine.connect() as conn:
        return _text_only_lemmas(handles, conn)


def _lemmas_in_runs(handles: Handles) -> int:
    """The distinct lemma keys of a full index's occurrences (the tokens with vectors):
    every occurrence is in its lemma's runs, a few rows per lemma to count."""
    with handles.engine.connect() as conn:
        query = select(func.count(func.distinct(schema.lemma_runs.c.lemma_key)))
        return int(conn.execute(query).scalar_one())


def _text_only_lemmas(handles: Handles, conn: Connection) -> int:
    """The distinct lemma keys of the index's tokens, every one of them: from the token
    store's inverted lists, else (an older index) from the tokens."""
    current = token_store.snapshot(handles) if token_store.covers_all(handles) else None
    if current is None or len(current.removed):  # (removed tokens are in the lists)
        return _one_per_spelling(run(conn, _TEXT_ONLY_LEMMAS).scalars())
    ids = np.unique(
        np.concatenate(
            [np.zeros(0, dtype=np.int64)]
            + [np.asarray(s.column("lemma.values")) for s in current.segments]
        )
    )
    query = f"SELECT DISTINCT coalesce(key, text) FROM vocab WHERE id IN ({int_values(conn)})"
    return _one_per_spelling(run(conn, query, (json_list(ids),)).scalars())


def _one_per_spelling(keys: Iterable[str]) -> int:
    """How many lemmas these stored keys are as ``freq`` lists them: one for a key
    written composed, decomposed, or with a letter's canonical twin (Greek ό with oxia;
    the Greek question mark for ";"), and for a capital İ's key, i and a combining dot
    (stats/corpus.py: lemma keys); SQL's DISTINCT counted each spelling apart."""
    texts = list(keys)
    joined = "\n".join(texts)
    if unicodedata.is_normalized("NFC", joined) and DOTTED_I not in joined:
        return len(texts)  # (most indexes: the keys are the lemmas)
    return len({composed(undotted(text)) for text in texts})


# The distinct lemma keys of a text-only index's tokens, when the token store does not
# hold them all yet.
_TEXT_ONLY_LEMMAS = (
    "SELECT DISTINCT coalesce(v.key, v.text) FROM vocab v WHERE v.id IN"
    " (SELECT DISTINCT coalesce(lemma_id, form_id) FROM tokens)"
)


def _lemmas_with_vectors(handles: Handles) -> int:
    """How many lemmas ``vectors add`` completed (an index of chosen words)."""
    with handles.engine.connect() as conn:
        return int(run(conn, "SELECT count(*) FROM vector_lemmas").scalar_one())


def has_pos(handles: Handles) -> bool:
    """Whether any token of the index has a POS tag: from the token store's POS column
    (pos_tags also holds fine-grained tags and relations), else from pos_tags."""
    return bool(tags_in(handles, "pos"))


def tags_in(handles: Handles, column: str) -> list[str] | None:
    """The values some token has in ``column`` (pos, tag or deprel), sorted: from the
    token store's columns (each segment's read once). Without the store (an older
    index opened read-only): every text of pos_tags for ``pos`` (which also holds fine
    tags and relations), None (cannot tell) for the others."""
    if token_store.covers_all(handles):
        ids = [s.values_present(column) for s in token_store.snapshot(handles).segments]
        present = np.unique(np.concatenate([np.zeros(0, dtype=np.int64), *ids]))
        if not len(present):
            return []
        texts = patterns.tag_texts(handles)
        return sorted({texts[i] for i in present.tolist() if i < len(texts) and texts[i]})
    if column != "pos":
        return None
    with handles.engine.connect() as conn:
        return sorted(str(t) for t in conn.execute(select(schema.pos_tags.c.tag)).scalars())


def text_languages(handles: Handles) -> set[str] | None:
    """The languages the live documents' text was analysed in (``documents.lang``);
    None when some document's cannot be told (indexed before it was kept, or an index
    opened read-only that has no such column)."""
    from sqlalchemy import inspect

    d = schema.documents
    with handles.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns(d.name, schema=d.schema)}
        if d.c.lang.name not in columns:
            return None
        found = {row[0] for row in conn.execute(select(d.c.lang).distinct())}
    if schema.UNKNOWN_LANGUAGE in found:
        return None
    return {lang for lang in found if lang is not None}


def source_languages(handles: Handles, source: str) -> set[str]:
    """The languages the text of the documents of the file ``source`` was analysed in
    (``documents.lang``): none for a file that brought its own tokens, or indexed before
    each document's language was kept."""
    d = schema.documents
    query = select(d.c.lang).where(d.c.source == source).distinct()
    with handles.engine.connect() as conn:
        found = set(conn.execute(query).scalars())
    return {lang for lang in found if lang not in (None, schema.UNKNOWN_LANGUAGE)}


def coarse_pos_documents(
    handles: Handles, *, mixed: bool = False, tokens: bool = False
) -> list[tuple[int, str, str, str, int]]:
    """(row id, document id, source file, tag set, tokens) of each live document whose
    POS were mapped from a tag set coarser than UPOS (sensegrep/pos_tags.py): a VRT
    file's Penn tags, Raganato's 12 universal tags. ``mixed``: [] unless some other
    document is beside them (UPOS-tagged, or untagged) or they are of two tag sets or
    more (a VRT file's STTS text has AUX, its French TreeTagger one none), where alone
    they mix with nothing; ``tokens``: count each one's tokens (else 0: a read of its
    sentences). [] for an index made before this was recorded (opened read-only, it has
    no such column)."""
    from sqlalchemy import inspect

    d = schema.documents
    with handles.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns(d.name, schema=d.schema)}
        if d.c.pos_tags.name not in columns:
            return []
        if (
            mixed
            and conn.execute(select(d.c.id).where(d.c.pos_tags.is_(None)).limit(1)).first() is None
            and len(conn.execute(select(d.c.pos_tags).distinct().limit(2)).all()) < 2
        ):
            return []
        if not tokens:
            query = select(d.c.id, d.c.ext_id, d.c.source, d.c.pos_tags).where(
                d.c.pos_tags.is_not(None)
            )
            return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), 0) for r in conn.execute(query)]
        s = schema.sentences
        query = (
            select(d.c.id, d.c.ext_id, d.c.source, d.c.pos_tags, func.sum(s.c.n_tokens))
            .join(s, s.c.doc_id == d.c.id)
            .where(d.c.pos_tags.is_not(None))
            .group_by(d.c.id, d.c.ext_id, d.c.source, d.c.pos_tags)
        )
        return [
            (int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4] or 0))
            for r in conn.execute(query)
        ]


def has_untagged(handles: Handles, column: str) -> bool:
    """Whether some token has no value in ``column`` (pos, tag or deprel) while others
    have one: an index of tagged and untagged sources (JSONL tagged by spaCy beside
    CoNLL-U files with none), where a filter on the column silently leaves the
    untagged tokens out. False when the index cannot tell (no token store)."""
    if not token_store.covers_all(handles):
        return False
    segments = token_store.snapshot(handles).segments
    return any(s.has_unset(column) for s in segments) and bool(tags_in(handles, column))


def untagged_tokens(handles: Handles, column: str) -> int:
    """How many live tokens have no value in ``column`` (pos, tag or deprel) while
    others have one (0 where none has one, or where the index cannot tell): those a
    pattern's test of the column can never match (text indexed without --parse beside
    parsed text)."""
    if not has_untagged(handles, column):
        return 0
    shot = token_store.snapshot(handles)
    count = 0
    for segment in shot.segments:
        unset = segment.column(column) == 0
        dead = shot.dead_sentences(segment)
        if dead is not None:
            unset &= ~dead[segment.sentence_of(np.arange(len(unset)))]
        count += int(unset.sum())
    return count


def _tagger(manifest: Manifest) -> str:
    """What tokenised and tagged the index's plain text and JSONL, by language."""
    if manifest.text_analysis is None:
        return f"{describe_analysis(LEGACY_TEXT_ANALYSIS)} (not recorded: an older index)"
    if not manifest.text_analysis:
        return "none (the index holds no plain text or JSONL)"  # none indexed, or all removed
    return "; ".join(
        f"{lang}: {describe_analysis(entry)}" for lang, entry in manifest.text_analysis.items()
    )


def _server_bytes(conn: Connection) -> int:
    """The bytes of the index's tables and their indexes in the server database."""
    return int(
        run(
            conn,
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'r'",
        ).scalar()
    )


def _check_tokens(conn: Connection) -> list[str]:
    """What the tokens table has no foreign keys to guard: every token inside its
    sentence's id range and every id range full, every word a vocabulary entry (vocab ids
    are 1 … n: entries are never removed)."""
    words = run(conn, "SELECT count(*), coalesce(max(id), 0) FROM vocab").one()
    astray = run(
        conn,
        "SELECT count(*) FROM tokens t LEFT JOIN sentences s ON s.id = t.sentence_id"
        " WHERE s.id IS NULL OR t.id < s.first_token OR t.id >= s.first_token + s.n_tokens"
        " OR t.form_id NOT BETWEEN 1 AND ? OR t.lemma_id NOT BETWEEN 1 AND ?",
        (words[1], words[1]),
    ).scalar()
    in_ranges = run(conn, "SELECT coalesce(sum(n_tokens), 0) FROM sentences").scalar()
    stored = run(conn, "SELECT count(*) FROM tokens").scalar()
    if astray or in_ranges != stored or words[0] != words[1]:
        return [
            f"{astray:,} tokens outside their sentence or vocabulary, {stored:,} tokens for "
            f"{in_ranges:,} in sentences: build the index again"
        ]
    return []


# SQLite's shared-memory file: an index of the WAL that every open connection maps and the
# last one to close removes; it holds none of the index, so it is not the index's size.
_SHM_SUFFIX = "-shm"


def index_bytes(folder: Path) -> int:
    """The bytes of the index's files: what ``du`` says of the folder when no process has
    it open (its WAL counted, which holds committed pages not yet checkpointed; not the
    readers' leases, which go when they close)."""
    leases_folder = folder / leases.FOLDER
    return sum(
        file_size(p)
        for p in folder.rglob("*")
        if not p.name.endswith(_SHM_SUFFIX) and p.parent != leases_folder
    )
