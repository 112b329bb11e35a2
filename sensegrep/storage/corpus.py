"""Reads of the stored text and metadata around occurrences, for sense induction,
reports and fine-tuning (concordance lines are in index.py: ``contexts``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, func, select, text

from sensegrep.storage import schema
from sensegrep.storage.sql import id_list


class CorpusReads:
    """Sentence and document-metadata reads of :class:`sensegrep.storage.Index`."""

    engine: Engine

    def sentence_words(self, sentence_ids: Sequence[int]) -> dict[int, list[str]]:
        """The word forms of each sentence, in order."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT sentence_id, form FROM tokens "
                "WHERE sentence_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY sentence_id, position",
                (json.dumps([int(i) for i in sentence_ids]),),
            )
            words: dict[int, list[str]] = {}
            for sentence_id, form in rows:
                words.setdefault(sentence_id, []).append(form)
        return words

    def sentence_lemmas(self, ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
        """For each occurrence: (lemma, POS) of the other tokens of its sentence."""
        t, o = schema.tokens, schema.tokens.alias("o")
        query = (
            select(o.c.id, t.c.lemma, t.c.pos)
            .join(t, t.c.sentence_id == o.c.sentence_id)
            .where(o.c.id.in_(id_list(ids)), t.c.id != o.c.id)
        )
        out: dict[int, list[tuple[str, str | None]]] = {int(i): [] for i in ids}
        with self.engine.connect() as conn:
            for occ_id, lemma, pos in conn.execute(query).cursor.fetchall():
                out[occ_id].append((lemma, pos))
        return out

    def sentence_frequencies(self, lemmas: Sequence[str]) -> tuple[dict[str, int], int]:
        """In how many sentences each lemma (lower-cased) occurs, and the number of
        sentences in the index."""
        t = schema.tokens
        key = func.sg_key(t.c.lemma)
        query = (
            select(key, func.count(func.distinct(t.c.sentence_id)))
            .where(key.in_(list(lemmas)))
            .group_by(key)
        )
        with self.engine.connect() as conn:
            counts = dict(conn.execute(query).all()) if lemmas else {}
            total = conn.execute(select(func.count()).select_from(schema.sentences)).scalar_one()
        return counts, int(total)

    def field_values(self, ids: Sequence[int], field_name: str) -> dict[int, Any]:
        """The document metadata value ``field_name`` of each occurrence (None when absent;
        objects and arrays as JSON text)."""
        t, d = schema.tokens, schema.documents
        path = '$."' + field_name.replace('"', '\\"') + '"'
        query = (
            select(t.c.id, func.json_extract(d.c.meta, path))
            .join(d, d.c.id == t.c.doc_id)
            .where(t.c.id.in_(id_list(ids)))
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).cursor.fetchall())

    def metadata_fields(self, limit: int = 20) -> list[str]:
        """Names of document metadata fields in the index, sorted (the first ``limit``)."""
        query = text(
            "SELECT DISTINCT j.key FROM documents, json_each(documents.meta) AS j "
            "ORDER BY j.key LIMIT :limit"
        )
        with self.engine.connect() as conn:
            return [str(k) for k in conn.scalars(query, {"limit": limit})]
