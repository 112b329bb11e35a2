"""The reads behind CQL patterns (search/patterns.py): the sentences a word occurs in,
found through indexes whatever kind of token it is, and the tokens of sentences, for
the matcher to walk.

An occurrence (a token with a vector) is found through its lemma's runs or
ix_occurrence_form; any other token through ix_token_lemma / ix_token_form, which hold
those tokens only. So a pattern anchored on a word reads that word's rows, never the
whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sensegrep.storage import schema, token_store
from sensegrep.storage.fields import nearest_values
from sensegrep.storage.handles import Handles
from sensegrep.storage.sql import (
    SENTENCE_TOKENS,
    int_values,
    json_list,
    run,
    text_values,
    vocab_ids,
    vocab_rows,
)
from sensegrep.text import key_spellings


@dataclass(frozen=True)
class StoredToken:
    """A token as a pattern sees it (character offsets in the document)."""

    id: int
    form: str
    lemma: str
    pos: str | None
    start: int
    end: int
    occurrence: bool  # has a vector: can be ranked by sense


@dataclass
class StoredSentence:
    id: int
    doc_id: int
    tokens: list[StoredToken] = field(default_factory=list)


# A word's tokens, through the index that holds them: ``{marks}`` is the word's vocab ids
# as placeholders. Given as a list, not a subquery: SQLite walks a whole expression index
# for ``IN (SELECT …)`` but searches it for a list.
_WITHOUT_VECTOR = {
    "lemma": "tokens WHERE shard_id IS NULL AND coalesce(lemma_id, form_id) IN ({marks})",
    "word": "tokens WHERE shard_id IS NULL AND form_id IN ({marks})",
}
_OCCURRENCE_FORMS = "tokens WHERE shard_id IS NOT NULL AND form_id IN ({marks})"


def word_frequency(handles: Handles, attribute: str, key: str) -> int:
    """How many tokens have this lemma or form (``attribute``), by lookup key: an
    estimate of what anchoring a pattern on it costs."""
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, key)
        if not words:
            return 0
        marks = ", ".join("?" * len(words))
        count = int(
            run(
                conn,
                "SELECT count(*) FROM " + _WITHOUT_VECTOR[attribute].format(marks=marks),
                words,
            ).scalar()
        )
        if attribute == "lemma":
            sql = "SELECT coalesce(sum(count), 0) FROM lemma_runs" + _of_key(conn)
            return count + int(run(conn, sql, (json_list(key_spellings(key)),)).scalar())
        sql = "SELECT count(*) FROM " + _OCCURRENCE_FORMS.format(marks=marks)
        return count + int(run(conn, sql, words).scalar())


def _of_key(conn: Any) -> str:
    """A lemma's runs by every stored spelling of its key (text.key_spellings), given
    as one JSON list."""
    return f" WHERE lemma_key IN ({text_values(conn)})"


def tokens_with(handles: Handles, attribute: str, key: str) -> np.ndarray:
    """The ids (ascending) of the tokens whose lemma or form (``attribute``) has this
    lookup key: an occurrence's from its lemma's runs (or ix_occurrence_form), any
    other token's from ix_token_lemma (or ix_token_form)."""
    parts = [np.zeros(0, dtype=np.int64)]
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, key)
        if not words:
            return parts[0]
        marks = ", ".join("?" * len(words))
        if attribute == "lemma":
            sql = "SELECT ids FROM lemma_runs" + _of_key(conn)
            blobs = run(conn, sql, (json_list(key_spellings(key)),))
            parts += [schema.decode_ids(bytes(blob)) for (blob,) in blobs]
        else:
            parts.append(
                _ids(run(conn, "SELECT id FROM " + _OCCURRENCE_FORMS.format(marks=marks), words))
            )
        sql = "SELECT id FROM " + _WITHOUT_VECTOR[attribute].format(marks=marks)
        parts.append(_ids(run(conn, sql, words)))
    return np.sort(np.concatenate(parts))


def sentences_of(handles: Handles, token_ids: np.ndarray) -> np.ndarray:
    """The distinct sentence ids (ascending) of these tokens."""
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT DISTINCT sentence_id FROM tokens WHERE id IN ({int_values(conn)})",
            (json_list(token_ids),),
        ).fetchall()
    return np.sort(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))


def sentence_id_chunks(handles: Handles, sizes: Iterator[int]) -> Iterator[np.ndarray]:
    """Every sentence id, ascending, in chunks of the next of ``sizes`` (a pattern
    with no anchor)."""
    after = -1
    for size in sizes:
        with handles.engine.connect() as conn:
            rows = run(
                conn, "SELECT id FROM sentences WHERE id > ? ORDER BY id LIMIT ?", (after, size)
            ).fetchall()
        if not rows:
            return
        chunk = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        yield chunk
        after = int(chunk[-1])


def stored_sentences(
    handles: Handles, sentence_ids: Sequence[int] | np.ndarray
) -> list[StoredSentence]:
    """The sentences with their tokens, in id (corpus) order."""
    query = (
        "SELECT s.id, s.doc_id, t.id, f.text, coalesce(l.text, f.text), p.tag,"
        " t.char_start, t.char_end, t.shard_id IS NOT NULL"
        f" FROM sentences s JOIN tokens t ON {SENTENCE_TOKENS}"
        " JOIN vocab f ON f.id = t.form_id LEFT JOIN vocab l ON l.id = t.lemma_id"
        " LEFT JOIN pos_tags p ON p.id = t.pos_id"
    )
    out: dict[int, StoredSentence] = {}
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"{query} WHERE s.id IN ({int_values(conn)}) ORDER BY s.id, t.id",
            (json_list(np.asarray(sentence_ids, dtype=np.int64)),),
        ).cursor.fetchall()  # the driver's tuples: Row objects cost more than the query
        for sid, doc_id, tid, form, lemma, pos, start, end, vector in rows:
            sentence = out.get(sid)
            if sentence is None:
                sentence = out[sid] = StoredSentence(sid, doc_id)
            sentence.tokens.append(StoredToken(tid, form, lemma, pos, start, end, bool(vector)))
    return list(out.values())


def document_metadata(handles: Handles, doc_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The metadata of documents by row id."""
    d = schema.documents
    with handles.engine.connect() as conn:
        rows = conn.execute(
            d.select().with_only_columns(d.c.id, d.c.meta).where(d.c.id.in_(list(doc_ids)))
        ).all()
    return {row[0]: row[1] for row in rows}


def _ids(result: Any) -> np.ndarray:
    rows = result.fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


# -------------------------------------------------------------- the token store's reads


@dataclass(frozen=True)
class TokenDetails:
    """What a concordance line of a match needs of a token beyond its ids."""

    form: str
    start: int
    end: int
    occurrence: bool


def token_details(
    handles: Handles, token_ids: Sequence[int] | np.ndarray
) -> dict[int, TokenDetails]:
    """Form, character offsets and whether it has a vector, of each of these tokens (one
    that a concurrent removal took away is missing)."""
    ids = np.unique(np.asarray(token_ids, dtype=np.int64))
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            "SELECT t.id, f.text, t.char_start, t.char_end, t.shard_id IS NOT NULL"
            " FROM tokens t JOIN vocab f ON f.id = t.form_id"
            f" WHERE t.id IN ({int_values(conn)})",
            (json_list(ids),),
        ).cursor.fetchall()
    return {
        tid: TokenDetails(form, start, end, bool(vector)) for tid, form, start, end, vector in rows
    }


def words_with_key(handles: Handles, key: str) -> list[tuple[int, str]]:
    """(vocab id, text) of the words whose lookup key is ``key``."""
    with handles.engine.connect() as conn:
        return vocab_rows(conn, key)


def forms_of_lemma(handles: Handles, key: str) -> list[str] | None:
    """The forms of the live tokens whose lemma has the lookup key ``key``, read from the
    token store's columns (no match is listed: a note asking it costs a first page
    nothing of its own); None on an index the store does not cover."""
    if not token_store.covers_all(handles):
        return None
    lemmas = [i for i, _text in words_with_key(handles, key)]
    found = column_of_live_tokens(handles, "lemma", lemmas, "form")
    return sorted(word_texts(handles, sorted(found)).values()) if found else []


def column_of_live_tokens(
    handles: Handles, attribute: str, ids: Sequence[int], column: str
) -> set[int]:
    """The vocab ids in ``column`` of the live tokens whose ``attribute`` is one of
    ``ids`` (the forms of some lemmas, the lemmas of some forms), from the token store."""
    found: set[int] = set()
    if not ids:
        return found
    current = token_store.snapshot(handles)
    for segment in current.segments:
        positions = segment.positions(attribute, ids)
        dead = current.dead_sentences(segment)  # removed documents, not yet compacted
        if dead is not None:
            positions = positions[~dead[segment.sentence_of(positions)]]
        found.update(np.unique(np.asarray(segment.column(column))[positions]).tolist())
    return found


def word_texts(handles: Handles, ids: Sequence[int] | np.ndarray) -> dict[int, str]:
    """The texts of these vocab ids."""
    with handles.engine.connect() as conn:
        rows = run(
            conn,
            f"SELECT id, text FROM vocab WHERE id IN ({int_values(conn)})",
            (json_list(np.unique(np.asarray(ids, dtype=np.int64))),),
        )
        return dict(rows.fetchall())


# Whole vocabularies, by database: they only ever grow (ids are never reused), so a later
# read adds the rows past the last one it has.
_VOCABULARIES: dict[str, list[str]] = {}


def vocabulary(handles: Handles) -> list[str]:
    """Every vocab text, at its id (index 0: ""): for matching a regex against all of
    them at once. Kept for the process and extended as the index grows."""
    key = f"{handles.manifest.id}#{handles.engine.url}#{handles.folder.resolve()}"
    texts = _VOCABULARIES.get(key)
    with handles.engine.connect() as conn:
        if texts is not None and len(texts) > 1:
            last = run(conn, "SELECT text FROM vocab WHERE id = ?", (len(texts) - 1,)).scalar()
            if last != texts[-1]:  # not the index these texts were read from
                texts = None
        if texts is None:
            texts = _VOCABULARIES[key] = [""]
        rows = run(
            conn, "SELECT id, text FROM vocab WHERE id >= ? ORDER BY id", (len(texts),)
        ).fetchall()
    for word_id, text in rows:
        while len(texts) < word_id:  # a gap (never made today): an empty text
            texts.append("")
        texts.append(text)
    return texts


def tag_texts(handles: Handles) -> list[str]:
    """Every POS tag (and fine tag, and relation) at its id (index 0: "", untagged)."""
    with handles.engine.connect() as conn:
        rows = run(conn, "SELECT id, tag FROM pos_tags ORDER BY id").fetchall()
    texts = [""] * ((rows[-1][0] + 1) if rows else 1)
    for tag_id, tag in rows:
        texts[tag_id] = tag
    return texts


def words_held(handles: Handles, column: str, ids: Sequence[int] | np.ndarray) -> np.ndarray:
    """Which of the vocab ``ids`` (ascending) some token has as its ``column`` ("form" or
    "lemma"; a token without a lemma has its form as its lemma): from the token store's
    inverted lists. An index made before the store and opened read-only cannot tell
    cheaply which column a word is in (its occurrences' lemmas are kept by lookup key
    only): there every word of its vocabulary counts as held."""
    ids = np.asarray(ids, dtype=np.int64)
    if not token_store.covers_all(handles):
        return ids > 0  # id 0 is no word
    return token_store.snapshot(handles).held(column, ids)


def nearest_words(handles: Handles, column: str, text: str, n: int = 3) -> list[str]:
    """The values of ``column`` ("form" or "lemma") that tokens hold nearest to ``text``
    (fields.nearest_values): what a message suggests for a word the index lacks."""
    texts = vocabulary(handles)
    ids = np.arange(len(texts), dtype=np.int64)
    held = ids[words_held(handles, column, ids)].tolist()
    # Outside these lengths difflib's ratio is under nearest_values' cutoff (0.6) anyway:
    # leaving them out makes a suggestion from a large vocabulary several times quicker.
    low, high = 0.4 * len(text) - 1, 2.4 * len(text) + 1
    return nearest_values(text, [t for i in held if low <= len(t := texts[i]) <= high], n)
