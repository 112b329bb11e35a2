"""Search output: KWIC for people; JSONL, CSV and TSV for scripts.

The JSONL fields are a public contract (users' scripts read them): extend, never rename.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterable
from typing import Any

import click

from sensegrep.choices import OUTPUT_FORMATS as FORMATS
from sensegrep.search.engine import RankedOccurrence

TABLE_FIELDS = (
    "query",
    "rank",
    "score",
    "id",
    "doc",
    "start",
    "end",
    "form",
    "lemma",
    "pos",
    "label",
    "left",
    "right",
    "sentence",
)


def hit_record(hit: RankedOccurrence, query: int, word: str) -> dict[str, Any]:
    """A hit as the JSONL contract has it. A pattern match spans its words: ``start``,
    ``end``, ``left`` and ``right`` are the match's, ``match`` its words; ``id``, ``form``,
    ``lemma`` and ``pos`` stay its target token's."""
    occ = hit.occurrence
    record = {
        "query": query,
        "word": word,
        "rank": hit.rank,
        "score": None if hit.score is None else round(hit.score, 6),
        "id": occ.id,
        "doc": occ.doc,
        "start": occ.start,
        "end": occ.end,
        "form": occ.form,
        "lemma": occ.lemma,
        "pos": occ.pos,
        "left": occ.left,
        "right": occ.right,
        "sentence": occ.sentence,
        "label": occ.label,
        "meta": occ.metadata,
        "match": [occ.form],
    }
    if hit.match is not None:
        sentence_start = occ.start - len(occ.left)  # the sentence's offset in the document
        before, after = hit.match.start - sentence_start, hit.match.end - sentence_start
        record.update(
            start=hit.match.start,
            end=hit.match.end,
            left=occ.sentence[:before],
            right=occ.sentence[after:],
            match=list(hit.match.words),
        )
    return record


class HitWriter:
    """Writes hits of one or more queries in one format; tables get one header."""

    def __init__(self, fmt: str, width: int | None = None, color: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt = fmt
        self.width = width or shutil.get_terminal_size((120, 24)).columns
        self.color = color
        self._header_done = False

    def write(self, hits: Iterable[RankedOccurrence], query: int, word: str) -> None:
        for hit in hits:
            click.echo(self._line(hit, query, word), color=self.color)

    def _line(self, hit: RankedOccurrence, query: int, word: str) -> str:
        record = hit_record(hit, query, word)
        if self.fmt == "jsonl":
            return json.dumps(record, ensure_ascii=False)
        if self.fmt == "kwic":
            return kwic_line(record, self.width, self.color)
        return self._table_row(record)

    def _table_row(self, record: dict[str, Any]) -> str:
        buffer = io.StringIO()
        delimiter = "," if self.fmt == "csv" else "\t"
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        if not self._header_done:
            writer.writerow(TABLE_FIELDS)
            self._header_done = True
        writer.writerow(
            ["" if record[f] is None else visible(str(record[f])) for f in TABLE_FIELDS]
        )
        return buffer.getvalue().rstrip("\n")


def kwic_line(record: dict[str, Any], width: int, color: bool = False) -> str:
    """``id  …left context | word | right context…  score  doc``, left context right-aligned."""
    score = "" if record["score"] is None else f"{record['score']:6.3f}"
    prefix = f"{record['id']:>8}  "
    suffix = f"  {score:>6}  {visible(record['doc'])}"
    word = visible(node_text(record))
    room = max(width - len(prefix) - len(suffix) - len(word) - 6, 20)
    left_width = room // 2
    left = visible(record["left"]).rstrip()[-left_width:]
    right = visible(record["right"]).lstrip()[: room - left_width]
    shown = click.style(word, bold=True) if color else word
    return f"{prefix}{left:>{left_width}} | {shown} | {right:<{room - left_width}}{suffix}"


def node_text(record: dict[str, Any]) -> str:
    """What a concordance line centres on: the word, or a pattern's whole match as the
    text has it (between ``left`` and ``right``)."""
    if len(record.get("match") or ()) <= 1:
        return record["form"]
    sentence = record["sentence"]
    return sentence[len(record["left"]) : len(sentence) - len(record["right"])]


def visible(text: str) -> str:
    """Text for a terminal or a table cell: whitespace runs (newlines, tabs) folded to one
    space, and every other control character shown as an escape (``\\x1b``), so corpus
    text can never move the cursor, retitle the terminal or break a row. JSONL output
    keeps the text exact."""
    return _CONTROL.sub(_escape, " ".join(text.split()))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"
