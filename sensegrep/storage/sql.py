"""Query pieces shared by the storage modules.

A token's words are vocabulary ids (schema.py): ``form_of``, ``lemma_of`` and ``pos_of``
read them back as text in SQLAlchemy queries, ``FORM``, ``LEMMA``, ``LEMMA_KEY`` and
``POS`` in raw SQL (on a ``tokens`` row aliased ``t``). ``SENTENCE_TOKENS`` joins a
sentence ``s`` to its tokens ``t``: a range of ids, no index needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy import func, select, text

from sensegrep.storage import schema

FORM = "(SELECT text FROM vocab WHERE id = t.form_id)"
LEMMA = "(SELECT text FROM vocab WHERE id = coalesce(t.lemma_id, t.form_id))"
LEMMA_KEY = "(SELECT coalesce(key, text) FROM vocab WHERE id = coalesce(t.lemma_id, t.form_id))"
POS = "(SELECT tag FROM pos_tags WHERE id = t.pos_id)"
SENTENCE_TOKENS = "t.id BETWEEN s.first_token AND s.first_token + s.n_tokens - 1"


def id_list(ids: Iterable[int] | np.ndarray) -> Any:
    """A subquery over many ids, passed as one JSON parameter (no bound-variable limit)."""
    values = ids.tolist() if isinstance(ids, np.ndarray) else [int(i) for i in ids]
    return select(text("value")).select_from(func.json_each(json.dumps(values)))


def form_of(tokens: Any) -> Any:
    """The form of a row of ``tokens`` (the table or an alias), as text."""
    v = schema.vocab
    return select(v.c.text).where(v.c.id == tokens.c.form_id).scalar_subquery()


def lemma_of(tokens: Any) -> Any:
    """The lemma of a row of ``tokens``, as text (lemma_id NULL: the form)."""
    v = schema.vocab
    word = func.coalesce(tokens.c.lemma_id, tokens.c.form_id)
    return select(v.c.text).where(v.c.id == word).scalar_subquery()


def vocab_key() -> Any:
    """The lookup key of a vocab entry (its text when ``key`` is NULL), as indexed."""
    return func.coalesce(schema.vocab.c.key, schema.vocab.c.text)


def pos_of(tokens: Any) -> Any:
    """The POS tag of a row of ``tokens``, or NULL."""
    p = schema.pos_tags
    return select(p.c.tag).where(p.c.id == tokens.c.pos_id).scalar_subquery()


def in_sentence(tokens: Any, sentences: Any) -> Any:
    """The condition that a row of ``tokens`` is one of the sentence's tokens."""
    last = sentences.c.first_token + sentences.c.n_tokens - 1
    return tokens.c.id.between(sentences.c.first_token, last)
