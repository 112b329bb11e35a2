"""Concordance output, a public module of its own: KWIC for people; JSONL, CSV and TSV
for scripts. It writes the library's :class:`sensegrep.api.Hit` records, so the CLI,
the web app's downloads and a notebook print the same lines for the same hits.

The JSONL fields are a public contract (users' scripts read them): extend, never rename.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from sensegrep.choices import OUTPUT_FORMATS as FORMATS

if TYPE_CHECKING:
    from sensegrep.api import Hit

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


class HitWriter:
    """Writes hits of one or more queries in one format; tables get one header."""

    def __init__(self, fmt: str, width: int | None = None, color: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt = fmt
        self.width = width or shutil.get_terminal_size((120, 24)).columns
        self.color = color
        self._header_done = False

    def write(self, hits: Iterable[Hit]) -> None:
        for hit in hits:
            click.echo(self._line(hit.to_dict()), color=self.color)

    def _line(self, record: dict[str, Any]) -> str:
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
        writer.writerow(table_row(record))
        return buffer.getvalue().rstrip("\n")


def table_row(record: dict[str, Any]) -> list[str]:
    """A hit's CSV/TSV cells: the table's columns, whitespace folded, controls escaped."""
    return ["" if record[f] is None else visible(str(record[f])) for f in TABLE_FIELDS]


def csv_text(hits: Iterable[Hit]) -> str:
    """Hits as one CSV text with its header (the web app's download)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TABLE_FIELDS)
    writer.writerows(table_row(hit.to_dict()) for hit in hits)
    return buffer.getvalue()


def write_counts(rows: Sequence[dict[str, Any]], by: str, fmt: str) -> None:
    """``search --count``: a frequency table (``value``, ``count``, ``share`` rows) in
    the output format (kwic: aligned text), and a summary line on stderr."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        out = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        out.writerow([by, "count", "share"])
        out.writerows([row["value"], row["count"], row["share"]] for row in rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        for row in rows:
            click.echo(f"{row['count']:>7,}  {row['share']:>6.1%}  {visible(row['value'])}")
    hits = sum(row["count"] for row in rows)  # each hit has one value
    click.echo(f"{hits:,} hits, {len(rows):,} distinct {by} values", err=True)


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
