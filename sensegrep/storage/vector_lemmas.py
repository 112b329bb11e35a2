"""Which words have vectors on an index with vectors for chosen lemmas (manifest
``vectors_for: "chosen"``, see adding_vectors.py): a lemma in ``vector_lemmas`` behaves
as on a full index, any other word as on a text-only one. Read by occurrences.py (which
candidates a word has) and by the refusals of what needs vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sensegrep.document import Token, is_indexable
from sensegrep.errors import NoVectorsError
from sensegrep.storage import patterns, token_store
from sensegrep.storage.handles import Handles
from sensegrep.storage.manifest import word_gets_no_vectors_message, word_without_vectors_message
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.sql import json_list, run, text_values
from sensegrep.text import key_spellings
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
    found = patterns.column_of_live_tokens(handles, "form", words, "lemma")
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
        if not _any_embeddable(handles, "form" if by_form else "lemma", candidate):
            # `vectors add` would add none (a function word): naming it would loop.
            raise NoVectorsError(word_gets_no_vectors_message(word, what, total, by_form))
        embedded = _embedded_count(handles, candidate) if not by_form else 0
        raise NoVectorsError(word_without_vectors_message(candidate, what, embedded, total))


def _any_embeddable(handles: Handles, column: str, key: str) -> bool:
    """Whether any live token whose lemma (or form) has this key is one that gets a
    vector (a content word, or any token on an index recorded with --all-tokens)."""
    words = [i for i, _text in patterns.words_with_key(handles, key)]
    indexable = Indexable(handles, bool(handles.manifest.all_tokens))
    current = token_store.snapshot(handles)
    for segment in current.segments:
        positions = segment.positions(column, words)
        dead = current.dead_sentences(segment)
        if dead is not None:
            positions = positions[~dead[segment.sentence_of(positions)]]
        if indexable.mask(segment, positions).any():
            return True
    return False


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
                conn,
                f"SELECT coalesce(sum(count), 0) FROM lemma_runs WHERE lemma_key IN"
                f" ({text_values(conn)})",
                (json_list(key_spellings(key)),),
            ).scalar()
        )


class Indexable:
    """document.is_indexable of stored tokens (which of them an index embeds): decided
    once per (form, POS) pair."""

    def __init__(self, handles: Handles, all_tokens: bool) -> None:
        self.all_tokens = all_tokens
        self.vocab = patterns.vocabulary(handles)
        self.tags = patterns.tag_texts(handles)

    def mask(self, segment: token_store.Segment, positions: np.ndarray) -> np.ndarray:
        if self.all_tokens or not len(positions):
            return np.ones(len(positions), dtype=bool)
        forms = np.asarray(segment.column("form"), dtype=np.int64)[positions]
        tags = np.asarray(segment.column("pos"), dtype=np.int64)[positions]
        pairs, inverse = np.unique(np.stack([forms, tags]), axis=1, return_inverse=True)
        verdict = np.fromiter(
            (self._indexable(int(f), int(t)) for f, t in pairs.T), dtype=bool, count=pairs.shape[1]
        )
        return verdict[inverse.reshape(-1)]

    def _indexable(self, form: int, tag: int) -> bool:
        token = Token(form=self.vocab[form], start=0, end=0, pos=self.tags[tag] or None)
        return is_indexable(token, self.all_tokens)
