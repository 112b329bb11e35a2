"""Which words have vectors on an index with vectors for chosen lemmas (manifest
``vectors_for: "chosen"``, see adding_vectors.py): a lemma in ``vector_lemmas`` behaves
as on a full index, any other word as on a text-only one. Read by occurrences.py (which
candidates a word has) and by the refusals of what needs vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sensegrep.errors import NoVectorsError
from sensegrep.storage import patterns, token_store
from sensegrep.storage.handles import Handles
from sensegrep.storage.manifest import word_without_vectors_message
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.sql import json_list, run, text_values
from sensegrep.text import lemma_of as lemma_of_word


def complete_lemmas(handles: Handles) -> set[str]:
    """The lemma keys of a "chosen" index that have every vector."""
    with handles.engine.connect() as conn:
        return set(run(conn, "SELECT lemma_key FROM vector_lemmas").scalars())


def _completed(handles: Handles, keys: Sequence[str]) -> set[str]:
    """Which of these lemma keys have every vector (a "chosen" index has the table)."""
    with handles.engine.connect() as conn:
        return set(
            run(
                conn,
                f"SELECT lemma_key FROM vector_lemmas WHERE lemma_key IN ({text_values(conn)})",
                (json_list(keys),),
            ).scalars()
        )


def word_has_vectors(handles: Handles, word: str, by_form: bool = False) -> bool:
    """Whether ``word`` (its lemma key, or its form with ``by_form``) behaves as on a
    full index: always on one ("all"), never on a text-only one, and on a "chosen" one
    when its lemma (every lemma of the form's tokens) has all its vectors."""
    manifest = handles.manifest
    if not manifest.chosen:
        return manifest.has_vectors
    key = lemma_key(word.strip())
    if not by_form:
        return bool(_completed(handles, [key]))
    lemmas = _lemmas_of_form(handles, key)
    return bool(lemmas) and _completed(handles, lemmas) == set(lemmas)


def _lemmas_of_form(handles: Handles, key: str) -> list[str]:
    """The lemma keys of the live tokens whose form has this key."""
    words = [i for i, _text in patterns.words_with_key(handles, key)]
    found: set[int] = set()
    current = token_store.snapshot(handles)
    for segment in current.segments:
        positions = segment.positions("form", words)
        dead = current.dead_sentences(segment)  # removed documents, not yet compacted
        if dead is not None:
            positions = positions[~dead[segment.sentence_of(positions)]]
        found.update(np.unique(np.asarray(segment.column("lemma"))[positions]).tolist())
    vocab = patterns.vocabulary(handles)
    return sorted({lemma_key(vocab[i]) for i in found})


def require_word_vectors(
    handles: Handles, word: str, what: str, lang: str = "en", by_form: bool = False
) -> None:
    """NoVectorsError, naming the word and the command that adds its vectors, when
    ``word`` has tokens on a "chosen" index but not all their vectors (a form falls
    back to its lemma as a search does). Nothing on other indexes (their refusal is
    occurrences.require_vectors) and for a word without tokens (the search says so)."""
    if not handles.manifest.chosen:
        return
    key = lemma_key(word.strip())
    for candidate in dict.fromkeys([key, lemma_key(lemma_of_word(key, lang))]):
        total = _frequency(handles, "form" if by_form else "lemma", candidate)
        if not total:
            if by_form:
                break
            continue
        if word_has_vectors(handles, candidate, by_form):
            return
        embedded = _embedded_count(handles, candidate) if not by_form else 0
        raise NoVectorsError(word_without_vectors_message(candidate, what, embedded, total))


def _frequency(handles: Handles, column: str, key: str) -> int:
    """How many live tokens' lemma (or form) has this key, from the token store's lists
    (a removed document's tokens stay in them until a compaction)."""
    words = [i for i, _text in patterns.words_with_key(handles, key)]
    if not words:
        return 0
    current = token_store.snapshot(handles)
    if not len(current.removed):
        return sum(s.frequency(column, words) for s in current.segments)
    return len(current.token_ids_with(column, words))


def _embedded_count(handles: Handles, key: str) -> int:
    with handles.engine.connect() as conn:
        return int(
            run(
                conn, "SELECT coalesce(sum(count), 0) FROM lemma_runs WHERE lemma_key = ?", (key,)
            ).scalar()
        )
