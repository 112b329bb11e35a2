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
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from sensegrep.cells import (
    column_numbers,
    figure_text,
    match_text,
    number_text,
    spreadsheet_cell,
)
from sensegrep.choices import OUTPUT_FORMATS as FORMATS
from sensegrep.choices import punctuation_skipped

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
    "label_predicted",  # added after the others: a script's column numbers stay
    "sense",  # (the induced sense and its run, as in JSONL: a sense search's CSV had none)
    "sense_run",
    # The matched words as the sentence writes them: a pattern's whole match, of which
    # form is only the target ("the" of "the banks of"), so left + match + right is the
    # sentence again; a word's own form otherwise.
    "match",
)


class HitWriter:
    """Writes hits of one or more queries in one format; tables get one header."""

    def __init__(
        self,
        fmt: str,
        width: int | None = None,
        color: bool = False,
        raw_csv: bool = False,
        meta: Sequence[str] = (),
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt = fmt
        self.width = width or shutil.get_terminal_size((120, 24)).columns
        self.color = color
        self.raw_csv = raw_csv  # CSV/TSV text cells as they are (no leading ' before =…)
        self.meta = tuple(meta)  # CSV/TSV: metadata fields as columns after the table's
        self._header_done = False

    def write(self, hits: Iterable[Hit]) -> None:
        if self.fmt == "kwic":
            # One left width for the whole page, so that every node stands in one column
            # whatever the length of its form (bank, banks) and of its document id.
            # And one column for the scores and document ids: a line whose id was shorter
            # (d27 beside d31.txt) had its right context run on, its score further right.
            records = [hit.to_dict() for hit in hits]
            # (A page's widest node too: where a long id leaves the contexts their
            # least room, a line of `banks` beside `bank` had its score a column on.)
            suffix = kwic_suffix_width(records), kwic_node_width(records)
            left = kwic_left_width(records, self.width, *suffix)
            for record in records:
                line = kwic_line(record, self.width, self.color, left, *suffix)
                click.echo(line, color=self.color)
            return
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
        writer = _CsvWriter(buffer, delimiter)
        tsv = self.fmt == "tsv"
        if not self._header_done:
            writer.writerow([*TABLE_FIELDS, *(meta_column(field) for field in self.meta)])
            self._header_done = True
        extra = meta_cells(record, self.meta, self.raw_csv, tsv)
        writer.writerow([*table_row(record, self.raw_csv, tsv), *extra])
        return buffer.getvalue().rstrip("\n")


def table_row(record: dict[str, Any], raw: bool = False, tsv: bool = False) -> list[str]:
    """A hit's CSV/TSV cells: the table's columns, each text as it is (see
    :func:`table_cell`), a text a spreadsheet would run as a formula quoted unless ``raw``
    (sensegrep/cells.py)."""
    cells = {**record, "match": match_text(record)}
    return [_row_cell(cells[f], raw, tsv) for f in TABLE_FIELDS]


def _row_cell(value: Any, raw: bool, tsv: bool) -> str:
    if isinstance(value, str):
        return spreadsheet_cell(table_cell(value, tsv), raw)
    return _cell(value, raw)  # None, a number, a structured field


def table_cell(text: str, tsv: bool = False) -> str:
    """A text cell of a concordance table as it is, spaces and line breaks kept, so that
    ``left + form + right`` is the sentence again and "bank ," is told from "bank,"
    (issue 23: the cells were trimmed and folded as on a terminal). Only a control
    character other than a tab or a line break is escaped (``\\x1b``), as on a terminal;
    in TSV, which cannot quote, each tab or line break becomes one space, one for one,
    so that lengths and offsets within the text still hold."""
    text = _CONTROL.sub(lambda m: m.group() if m.group() in "\t\n\r" else _escape(m), text)
    return text.translate(_TSV_BREAKS) if tsv else text


_TSV_BREAKS = str.maketrans("\t\n\r", "   ")


class _CsvWriter:
    """``csv.writer`` with line feeds ending the rows, and a cell holding a carriage
    return quoted as one holding a line feed is: with ``lineterminator="\\n"`` the csv
    module wrote "ends\\rthe " unquoted, and a spreadsheet, pandas or the csv module
    cut the row there in two."""

    def __init__(self, out: io.StringIO, delimiter: str = ",") -> None:
        self._out, self._row = out, io.StringIO()
        # "\r\n": the characters that make a cell quoted; the row's end is then "\n"
        self._writer = csv.writer(self._row, delimiter=delimiter, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._row.seek(0)
        self._row.truncate()
        self._writer.writerow(row)
        self._out.write(self._row.getvalue()[:-2] + "\n")

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(hits: Iterable[Hit], raw: bool = False, meta: Sequence[str] = ()) -> str:
    """Hits as one CSV text with its header (the web app's download); ``raw``: text
    cells as they are (see :func:`table_row`); ``meta``: document metadata fields added
    as columns after the table's, named as the field (``meta:FIELD`` for one named like
    a column), empty where a document has none."""
    buffer = io.StringIO()
    writer = _CsvWriter(buffer)
    writer.writerow([*TABLE_FIELDS, *(meta_column(field) for field in meta)])
    for hit in hits:
        record = hit.to_dict()
        writer.writerow([*table_row(record, raw), *meta_cells(record, meta, raw, tsv=False)])
    return buffer.getvalue()


def meta_cells(record: dict[str, Any], meta: Sequence[str], raw: bool, tsv: bool) -> list[str]:
    """A hit's cells of the metadata columns ``meta``: empty where its document has none;
    a value as ``--where`` and ``--count FIELD`` read it (a JSON true is ``true``, not
    Python's ``True``; a number 1999.0 is 1999, apart from a text "1999.0"; an object or
    a list its compact JSON)."""
    from sensegrep.document import metadata_text

    fields = record.get("meta") or {}
    return [_row_cell(metadata_text(fields.get(field)) or "", raw, tsv) for field in meta]


def meta_column(field: str) -> str:
    """A metadata field's column head beside the table's: its name, or ``meta:FIELD``
    for one named like a column of the table (a field "doc" beside the doc id)."""
    return f"meta:{field}" if field in TABLE_FIELDS or field.startswith("meta:") else field


COUNT_FIELDS = ("count", "share", "per_million", "per_million_subcorpus")
SENSE_FIELDS = ("lemma", "sense_run")  # beside a sense count's number
VALUE_FIELDS = ("per_million_value", "value_tokens")  # beside a metadata value's count


def write_counts(
    rows: Sequence[dict[str, Any]],
    by: str,
    fmt: str,
    asked: str | None = None,
    raw_csv: bool = False,
) -> None:
    """``search --count``: a frequency table (``value``, ``count``, ``share``,
    ``per_million`` and ``per_million_subcorpus`` rows; a sense's also ``lemma`` and
    ``sense_run``; a metadata value's also ``per_million_value`` and ``value_tokens``)
    in the output format (kwic: aligned text under a header), and on
    stderr which lines were counted and the totals (naming what was searched when it is
    not the word ``asked``: see :func:`totals_line`)."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt in ("csv", "tsv"):
        click.echo(count_table(rows, by, "," if fmt == "csv" else "\t", raw_csv), nl=False)
    else:
        _write_count_text(rows, by)
    values = "value" if len(rows) == 1 else "values"
    skipped = punctuation_skipped(rows, [by])
    summary = f"{counted_line(rows)}, {len(rows):,} distinct {by} {values}{skipped}"
    line = totals_line(rows, lines=False)  # the summary said which lines were counted
    said = sense_prefix(rows) + searched_prefix(rows, asked) + summary
    click.echo(said + (f"; {line}" if line else ""), err=True)


def _write_count_text(rows: Sequence[dict[str, Any]], by: str) -> None:
    """The table as aligned text; the per million columns only where given (a count of
    some of the matches has none), each header saying what it divides by: the index,
    the filtered subcorpus, or (by a metadata field) the documents with the row's value."""
    field = by.removeprefix("meta:")
    # With --where/--doc a value's documents are those of the subcorpus: "tokens of its
    # country" read as all of Canada's documents when they were Canada's debates only.
    inside = (
        " in the subcorpus"
        if any(row.get("per_million_subcorpus") is not None for row in rows)
        else ""
    )
    titles = (
        ("per_million", "per million of the index"),
        ("per_million_subcorpus", "of the subcorpus"),
        ("per_million_value", f"per million of its {field}{inside}"),
        ("value_tokens", f"tokens of its {field}{inside}"),
    )
    columns = [
        (name, title, max(12, len(title)))
        for name, title in titles
        if any(row.get(name) is not None for row in rows)
    ]
    heads = "".join(f"  {title:>{width}}" for _, title, width in columns)
    click.echo(f"{'count':>7}  {'share':>6}{heads}  {by}")
    lines = _lines_counted(rows)
    for row in rows:
        figures = "".join(f"  {_number(row.get(name)):>{width}}" for name, _, width in columns)
        share = row["count"] / lines if lines else row["share"]
        click.echo(f"{row['count']:>7,}  {share:>6.1%}{figures}  {value_shown(count_value(row))}")


def _lines_counted(rows: Sequence[dict[str, Any]]) -> int:
    """What a row's share divides by: the lines counted (a line with several labels
    counts once there), else the rows' counts. The percentage is worked out from the
    count, not from the record's ``share``, which is already rounded to 4 decimals:
    rounding that again would show 4 of 21 as 19.1% (0.1905), not 19.0%."""
    counted = getattr(rows, "counted", None)
    return counted if counted else sum(row["count"] for row in rows)


def count_value(row: dict[str, Any]) -> str:
    """A count row's value as text: a sense as its word, number and run ("bank 2 (run
    7)"), a line without a value as "(none)"."""
    if "sense_run" in row:
        number = "(none)" if row["value"] is None else row["value"]
        run = "" if row["sense_run"] is None else f" (run {row['sense_run']})"
        return f"{row['lemma']} {number}{run}"
    return "(none)" if row["value"] is None else str(row["value"])


def counted_line(counts: Any) -> str:
    """Which lines a frequency table counted, in words: ``all 30 matches counted``,
    ``lines 3-7 of 30 counted (corpus order)``, ``… (best first)``, ``… (sorted by
    right1)``; the number of lines for a table without totals."""
    counted = getattr(counts, "counted", None)
    if counted is None:
        counted = sum(row["count"] for row in counts)  # each line has one value
    total = getattr(counts, "total", None)
    available = getattr(counts, "lines_available", None)
    if total is None and not counted and available:  # --any-word past its last line
        offset = getattr(counts, "offset", 0) or 0
        return f"no line counted: none after line {offset:,} of {available:,}"
    if total is None:
        return f"{counted:,} line{'' if counted == 1 else 's'} counted"
    offset = getattr(counts, "offset", 0)
    if offset == 0 and counted == total:
        return "the one match counted" if total == 1 else f"all {total:,} matches counted"
    sample = getattr(counts, "sample", None)
    of = f"{total:,}"
    if sample is not None and sample < total:
        of = f"a random sample of {sample:,} of the {total:,} matches"
    max_per_doc = getattr(counts, "max_per_doc", None)
    if max_per_doc is not None:  # the lines a cap keeps, of all the matches
        available = lines_available(counts, total)
        of = f"{_plural(available, 'line')} (at most {max_per_doc:,} per document) of " + (
            of if sample is not None and sample < total else f"the {total:,} matches"
        )
        if offset == 0 and counted == available:
            return f"all {of} counted"
    if not counted:
        return f"no line counted: none after line {offset:,} of {of}"
    sorted_by = getattr(counts, "sorted_by", "")
    order = "corpus order"
    if getattr(counts, "ranked", False):
        order = "best first"  # the k best of the ranking, whatever sorts them after
    elif any(key not in ("", "score") for key in sorted_by.split(",")):
        skipped = punctuation_skipped(counts, sorted_by.split(","), bracketed=True)
        order = f"sorted by {sorted_by}{skipped}"
    return f"lines {offset + 1:,}-{offset + counted:,} of {of} counted ({order})"


def count_table(
    rows: Sequence[dict[str, Any]], by: str, delimiter: str = ",", raw: bool = False
) -> str:
    """A frequency table as CSV (or TSV) text with its header (the web app's download);
    a sense count's word and run in columns after the others; ``raw``: text cells as
    they are (see :func:`table_row`)."""
    extra = SENSE_FIELDS if any("sense_run" in row for row in rows) else ()
    if any("value_tokens" in row for row in rows):
        extra = VALUE_FIELDS
    buffer = io.StringIO()
    out = _CsvWriter(buffer, delimiter)
    out.writerow([by, *COUNT_FIELDS, *extra])
    tsv = delimiter == "\t"
    out.writerows(
        [
            # a metadata value as it is: ' news' and 'news ' were both news
            _cell(_ExactCell(table_cell(row["value"], tsv)), raw)
            if "value_tokens" in row and isinstance(row["value"], str)
            else _cell(row["value"], raw),
            *(_cell(row.get(f), raw) for f in (*COUNT_FIELDS, *extra)),
        ]
        for row in rows
    )
    return buffer.getvalue()


def totals_line(result: Any, asked: str | None = None, lines: bool = True) -> str | None:
    """The totals of a search's matches in words, for the KWIC header or stderr:
    ``4 matches in 3 documents; 83,333.33 per million tokens (48 tokens); …; lines
    1-2 (next page: --offset 2)`` (the page's lines when ``lines``); None when the
    result has no total (--any-word). Given the word ``asked``, it starts with what was
    searched when that is not the word as typed: ``lemma "bank" (from "banks"): 4
    matches …``."""
    total = getattr(result, "total", None)
    if total is None:
        return None
    return searched_prefix(result, asked) + _totals_text(result, total, lines)


def sense_prefix(result: Any) -> str:
    """``sense 1 of sense run 2: `` for the result of a query that kept one sense (its
    total is the sense's, not the word's); "" otherwise."""
    sense = getattr(result, "sense", None)
    if sense is None:
        return ""
    run = getattr(result, "sense_run", None)
    return f"sense {sense}{'' if run is None else f' of sense run {run}'}: "


def searched_prefix(result: Any, asked: str | None) -> str:
    """``lemma "bank" (from "banks"): `` when the result's ``searched`` says what was
    searched instead of the word ``asked`` as typed; "" otherwise."""
    searched = getattr(result, "searched", None)
    if not searched or asked is None:
        return ""
    return f"{searched} (from {json.dumps(asked.strip(), ensure_ascii=False)}): "


def _totals_text(result: Any, total: int, lines: bool = True) -> str:
    documents = f"{result.documents:,} document{'' if result.documents == 1 else 's'}"
    without = getattr(result, "matches_without_vectors", None) or 0
    ranked = getattr(result, "ranked", False)
    if ranked and without:  # only the occurrences with a vector were ranked: say so first
        head = f"ranked {_plural(total, 'occurrence')} with a sense vector, in {documents}"
    else:
        head = f"{total:,} match{'' if total == 1 else 'es'} in {documents}"
    parts = [head, f"{_number(result.per_million)} per million tokens ({result.tokens:,} tokens)"]
    if result.subcorpus_tokens == 0:  # no per million of nothing (it read 0.00)
        parts.append("the filtered subcorpus is empty (0 tokens)")
    elif result.subcorpus_tokens is not None:
        parts.append(
            f"{_number(result.per_million_subcorpus)} per million in the filtered "
            f"subcorpus ({result.subcorpus_tokens:,} tokens)"
        )
    if without:
        one = without == 1
        left_out = "cannot be ranked" if ranked else f"{'is' if one else 'are'} in no sense"
        # Said plainly: "(function words, auxiliaries…; a plain concordance lists them)"
        # named no example and a term a new user had not met (pass 40d).
        unlike = "without ranking" if ranked else "without --sense"
        parts.append(
            f"{without:,} more match{' has' if one else 'es have'} no sense vector and "
            f"{left_out} (function words like 'the' and auxiliaries like 'has' get none; "
            f"the same search {unlike} lists {'it' if one else 'them'})"
        )
    offset = getattr(result, "offset", None)
    if offset is not None and lines:
        parts.append(_page_text(result, offset, total))
    return "; ".join(parts)


def _page_text(result: Any, offset: int, total: int) -> str:
    """Which lines a page holds, of how many, and in what order: ``lines 1-3 of 48 (at
    most 1 per document) (next page: --offset 3), the 3 best, sorted by right1``."""
    shown = len(result)
    available = lines_available(result, total)
    page = f"lines {offset + 1:,}-{offset + shown:,}" if shown else f"no line after {offset:,}"
    if not shown and available:  # where the lines end, for the page to ask instead
        page += f" (the last is line {available:,})"
    chosen = []
    # A sample of as many as the matches or more is every match, in the order the page
    # says (corpus order, or best first): "in a random order" was said, and not true.
    if result.sample is not None and result.sample >= total:
        chosen.append(f"all {total:,} (--sample {result.sample:,} asks more)")
    elif result.sample is not None:
        chosen.append(f"a random sample of {result.sample:,}")
    max_per_doc = getattr(result, "max_per_doc", None)
    if max_per_doc is not None:
        chosen.append(f"at most {max_per_doc:,} per document")
    if len(chosen) == 1 and result.sample is not None:
        page += f" of {chosen[0]}"
    elif chosen:
        page += f" of {_plural(available, 'line')} ({', '.join(chosen)})"
    if offset + shown < available and shown:
        # One sense's next page means the same clustering even if a run is made meanwhile
        # (the web page keeps it in its address).
        run = getattr(result, "sense_run", None)
        same_run = f" --senses {run}" if getattr(result, "sense", None) and run else ""
        page += f" (next page: --offset {offset + shown}{same_run})"
    return page + _order_text(result, offset, shown)


def lines_available(result: Any, total: int) -> int:
    """How many lines the pages of ``result`` go through (a sample's, a cap's), from
    the result, or as a result without the field (an older server's) gives them."""
    available = getattr(result, "lines_available", None)
    if available is not None:
        return int(available)
    return total if result.sample is None else min(total, result.sample)


def _order_text(result: Any, offset: int, shown: int) -> str:
    """The page's order, when it is not corpus order: ``, best first``; a ranked
    page sorted after (``, the 3 best, sorted by right1``: the ranking chose the lines,
    the keys order them); a plain concordance's keys (``, sorted by right1``)."""
    keys = [key for key in (getattr(result, "sorted_by", "") or "").split(",") if key]
    ranked = getattr(result, "ranked", False)
    if "score" in keys:  # the lines' own order (ranking, or corpus order): no tie left
        keys = keys[: keys.index("score") + (1 if ranked and keys[0] != "score" else 0)]
    by = ",".join(keys) + punctuation_skipped(result, keys) if keys else ""
    if ranked:
        if not by:
            return ", best first"
        if not shown:
            return f", the best, sorted by {by}"
        best = f"the {shown:,} best" if offset == 0 else f"ranks {offset + 1:,}-{offset + shown:,}"
        return f", {best}, sorted by {by}"
    return f", sorted by {by}" if by else ""


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def _number(value: float | None) -> str:
    if isinstance(value, int):  # a size in tokens
        return f"{value:,}"
    return "" if value is None else figure_text(value)


def kwic_line(
    record: dict[str, Any],
    width: int,
    color: bool = False,
    left_width: int | None = None,
    suffix_width: int | None = None,
    node_width: int | None = None,
) -> str:
    """``id  …left context | word | right context…  score  doc``, left context right-aligned
    (and ``q=0.83``, the example quality, after the score when it was asked for), in
    ``left_width`` columns (``kwic_left_width`` of the page: the same for every line),
    else in half the room this line leaves; the score and document in the last
    ``suffix_width`` columns (``kwic_suffix_width`` of the page), else in their own, past
    a node of ``node_width`` columns (``kwic_node_width``: the page's widest)."""
    prefix, word, suffix = _kwic_parts(record)
    room = _kwic_room(record, width, suffix_width, node_width)
    left_width = room // 2 if left_width is None else min(left_width, room)
    # Cut and padded by the columns a terminal gives them, not by characters: a Chinese
    # character takes two, a combining accent none, so that every line's node lines up.
    left = _last_columns(visible(record["left"]).rstrip(), left_width)
    right = _first_columns(visible(record["right"]).lstrip(), room - left_width)
    shown = click.style(word, bold=True) if color else word
    left = " " * (left_width - columns(left)) + left
    right += " " * (room - left_width - columns(right))
    return f"{prefix}{left} | {shown} | {right}{suffix}"


def kwic_left_width(
    records: Sequence[dict[str, Any]],
    width: int,
    suffix_width: int | None = None,
    node_width: int | None = None,
) -> int | None:
    """The left context's columns on a page of KWIC lines: half the narrowest room a line
    leaves, so that no line runs past ``width`` and every node starts in one column."""
    rooms = (_kwic_room(record, width, suffix_width, node_width) for record in records)
    return min(rooms, default=0) // 2 or None


def kwic_suffix_width(records: Sequence[dict[str, Any]]) -> int | None:
    """The columns of the widest score-and-document end of a page's KWIC lines: each
    line's starts there, so that scores and document ids stand in one column."""
    return max((columns(_kwic_parts(record)[2]) for record in records), default=None)


def kwic_node_width(records: Sequence[dict[str, Any]]) -> int | None:
    """The columns of the widest node of a page's KWIC lines."""
    return max((columns(_kwic_parts(record)[1]) for record in records), default=None)


def _kwic_parts(record: dict[str, Any]) -> tuple[str, str, str]:
    """A KWIC line's id prefix, node and score-and-document suffix."""
    score = "" if record["score"] is None else f"{record['score']:6.3f}"
    quality = record.get("quality")
    score += "" if quality is None else f"  q={quality:.2f}"
    suffix = f"  {score:>6}  {visible(record['doc'])}"
    return f"{record['id']:>8}  ", visible(node_text(record)), suffix


def _kwic_room(
    record: dict[str, Any],
    width: int,
    suffix_width: int | None = None,
    node_width: int | None = None,
) -> int:
    """The columns a KWIC line leaves to its two contexts (its score and document given
    ``suffix_width`` columns, or their own): at least 20 beside the page's widest node
    (``node_width``), and as many more as its own node is narrower, so that the ends
    stand in one column there too."""
    prefix, word, suffix = _kwic_parts(record)
    ending = max(columns(suffix), suffix_width or 0)
    node = columns(word)
    widest = max(node, node_width or 0)
    return max(width - len(prefix) - ending - widest - 6, 20) + widest - node


def columns(text: str) -> int:
    """The terminal columns ``text`` takes: two for a wide (East Asian) character, none
    for a combining mark or a zero-width one, one for the rest."""
    if text.isascii():
        return len(text)
    return sum(_char_columns(ch) for ch in text)


def _char_columns(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff":
        # a decomposed (NFD) Hangul syllable's vowel and final consonant, drawn inside
        # the two columns of its first consonant, as a terminal draws them: Korean text
        # written so took twice its columns, its nodes left of the others' (pass 38d)
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _first_columns(text: str, width: int) -> str:
    """The longest start of ``text`` that fits in ``width`` columns, never ending inside a
    character drawn as one (an emoji cut from its skin tone, a flag's half)."""
    if text.isascii():
        return text[:width]
    used = 0
    for at, ch in enumerate(text):
        used += _char_columns(ch)
        if used > width:
            while at > 0 and _drawn_with_the_one_before(text, at):
                at -= 1
            return text[:at]
    return text


def _last_columns(text: str, width: int) -> str:
    """The longest end of ``text`` that fits in ``width`` columns (never starting on a
    combining mark cut from its letter, nor on a skin tone, a selector, an emoji joined
    to the one before or a flag's second half: 🏿 and 🇫 alone were shown, pass 37a)."""
    if text.isascii():
        return text[-width:] if width > 0 else ""
    used, at = 0, len(text)
    while at > 0 and used + _char_columns(text[at - 1]) <= width:
        at -= 1
        used += _char_columns(text[at])
    while at < len(text) and _drawn_with_the_one_before(text, at):
        at += 1
    return text[at:]


_JOINER = "\u200d"


# The viramas that join the letter before them to the one after into one conjunct
# (Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam: Unicode's InCB=Linker).
_LINKING_VIRAMAS = frozenset("\u094d\u09cd\u0acd\u0b4d\u0c4d\u0d4d")


def _drawn_with_the_one_before(text: str, at: int) -> bool:
    """Whether ``text[at]`` is drawn as one with the character before it: a combining
    mark, a variation selector or keycap, a joiner and the emoji after one, a skin tone,
    a subdivision flag's tag, or the second regional indicator of a flag."""
    if at <= 0:
        return False
    ch = text[at]
    if unicodedata.category(ch)[0] == "M" or ch == _JOINER or text[at - 1] == _JOINER:
        return True
    if text[at - 1] in _LINKING_VIRAMAS and ch.isalpha():
        return True  # (the second letter of a conjunct: क्ष was cut to क्, pass 38d)
    if "\U0001f3fb" <= ch <= "\U0001f3ff" or "\U000e0020" <= ch <= "\U000e007f":
        return True
    if not "\U0001f1e6" <= ch <= "\U0001f1ff":
        return False
    before = at
    while before > 0 and "\U0001f1e6" <= text[before - 1] <= "\U0001f1ff":
        before -= 1
    return (at - before) % 2 == 1


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


def value_shown(text: str) -> str:
    """A metadata value in a text table or line: as :func:`visible` shows it, but quoted
    where that would hide what it is, the empty value and one with spaces around it
    (three rows of a count by genre read `news`: 'news', ' news' and 'news ')."""
    if text == "" or text != text.strip():
        return "'" + _CONTROL.sub(_escape, text) + "'"
    return visible(text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


# -- statistics' tables (freq, collocates, keywords …) -----------------------------------


def write_table(
    table: Sequence[dict[str, Any]], fmt: str, asked: str | None = None, raw_csv: bool = False
) -> None:
    """A statistic's rows: aligned text under a header, TSV, CSV or JSONL (one row a
    line, the fields of the API's rows); what they were counted in goes to stderr,
    naming what was counted when it is not the word ``asked`` (``lemma "bank" (from
    "banks"): collocates: …``), then the table's notes."""
    values = _metadata_items(table)
    if fmt == "jsonl":
        for row in table:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt in ("csv", "tsv"):
        tsv = fmt == "tsv"
        text = table_text(table, "\t" if tsv else ",", raw_csv)
        if values:  # a metadata value as it is: ' news' and 'news ' were both news
            rows = [{**row, "item": _ExactCell(table_cell(row["item"], tsv))} for row in table]
            text = table_text(rows, "\t" if tsv else ",", raw_csv)
        click.echo(text, nl=False)
    else:
        rows = [{**row, "item": value_shown(row["item"])} for row in table] if values else table
        click.echo(_aligned_table(rows), nl=False)
    click.echo(searched_prefix(table, asked) + table_summary(table), err=True)
    said = getattr(table, "past_the_end", None)  # the summary's "none after 100" says it
    for note in getattr(table, "notes", None) or ():
        if note != said:
            click.echo(f"note: {note}", err=True)


class _ExactCell(str):
    """A text cell kept as it is (but for the quote that keeps a spreadsheet from running
    it): a metadata value, whose spaces :func:`visible` would fold."""


# What freq --by counts other than a document metadata field.
_TOKEN_ITEMS = ("lemma", "form", "pos", "lemma_pos")


def _metadata_items(table: Any) -> bool:
    """Whether a statistic's rows are ``freq --by FIELD``'s, each item a metadata value."""
    by = getattr(table, "by", None)
    return (
        getattr(table, "kind", None) == "freq"
        and isinstance(by, str)
        and by not in _TOKEN_ITEMS
        and not getattr(table, "cql", None)
        and all(isinstance(row.get("item"), str) for row in table)
    )


def table_text(table: Sequence[dict[str, Any]], delimiter: str = ",", raw: bool = False) -> str:
    """The rows as CSV (or TSV) with a header line (the web app's download); ``raw``:
    text cells as they are (see :func:`table_row`)."""
    buffer = io.StringIO()
    out = _CsvWriter(buffer, delimiter)
    fields = list(table[0]) if table else []
    out.writerow(fields)
    out.writerows([_cell(row[f], raw) for f in fields] for row in table)
    return buffer.getvalue()


def _cell(value: Any, raw: bool = False) -> str:
    """One CSV/TSV cell: text with whitespace folded and controls escaped, and quoted
    where a spreadsheet would run it as a formula (unless ``raw``); a number as it is
    (a negative score is no formula); a structured field as JSON."""
    if value is None:
        return ""
    if isinstance(value, dict | list):  # a structured field: a row's search request
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, _ExactCell):
        return spreadsheet_cell(str(value), raw)
    if isinstance(value, str):
        return spreadsheet_cell(visible(value), raw)
    return str(value)


def _aligned_table(table: Sequence[dict[str, Any]]) -> str:
    """Numbers right-aligned, the text columns last, left-aligned; structured fields
    (dicts, lists: a collocate's search request, even where none has one) only in the
    other formats."""
    if not table:
        return ""
    fields = [f for f in table[0] if not all(_structured(r[f]) for r in table)]
    texts = [f for f in fields if all(_textual(r[f]) for r in table)]
    numbers = [f for f in fields if f not in texts]
    columns = [_shown_column([r[f] for r in table]) for f in numbers]
    shown = [[*(column[i] for column in columns), *(_text_cell(r[f]) for f in texts)]
             for i, r in enumerate(table)]  # fmt: skip
    header = [*numbers, *texts]
    widths = [max(len(header[i]), *(len(row[i]) for row in shown)) for i in range(len(header))]
    lines = []
    for row in [header, *shown]:
        cells = [c.rjust(w) for c, w in zip(row[: len(numbers)], widths, strict=False)]
        cells += row[len(numbers) :]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _structured(value: Any) -> bool:
    """A field the aligned text leaves out: a dict, or a list that is not of texts."""
    return (
        value is None
        or isinstance(value, dict)
        or (isinstance(value, list) and not _textual(value))
    )


def _text_cell(value: Any) -> str:
    """A text as the aligned table shows it: as written (controls made visible), never
    with the leading ``'`` that keeps a spreadsheet from running a CSV cell (a form
    ``-`` or ``@bbc`` is listed as itself)."""
    if isinstance(value, list):
        return " & ".join(_cell(v, raw=True) for v in value)
    return _cell(value, raw=True)


def _textual(value: Any) -> bool:
    """Text, or a list of texts (change's --where conditions, shown joined by " & ")."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def _per_sense_page(table: Any, per_sense: dict[Any, int], offset: int) -> str:
    """A table paged sense by sense (``collocates --by-sense``: -k rows of each sense
    from --offset): ``in 3 senses (sense 1: 6, sense 2: 6, sense 3: 4), rows 1-2 of each
    sense shown (next page: --offset 2)``; each count named by its sense, since bare
    counts read as sense numbers."""
    counts = ", ".join(f"sense {sense}: {n:,}" for sense, n in per_sense.items())
    what = f" in {len(per_sense)} sense{'' if len(per_sense) == 1 else 's'} ({counts})"
    shown = max(Counter(row.get("sense") for row in table).values(), default=0)
    if not shown:
        return what + (f", none after {offset:,} in any sense" if offset else "")
    if offset == 0 and all(shown >= n for n in per_sense.values()):
        return what  # every row of every sense
    what += f", rows {offset + 1:,}-{offset + shown:,} of each sense shown"
    if any(offset + shown < n for n in per_sense.values()):
        what += f" (next page: --offset {offset + shown})"
    return what


def _shown_column(values: list[Any]) -> list[str]:
    """A column of numbers (maybe a text among them) with its decimals lined up."""
    if all(v is None or isinstance(v, bool | int | float) for v in values):
        return column_numbers(values)
    return [_shown_cell(v) for v in values]


def _shown_cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool | int | float):
        return number_text(value)
    return _text_cell(value)


def table_summary(table: Any) -> str:
    """What a statistic's rows were counted in, in words (stderr, and the web page)."""
    rows, offset = getattr(table, "rows", len(table)), getattr(table, "offset", 0)
    shown = len(table)
    kind = getattr(table, "kind", "") or "table"
    what = f"{kind}: {rows:,} row{'' if rows == 1 else 's'}"
    per_sense = getattr(table, "rows_per_sense", None)
    in_all = getattr(table, "rows_in_all", None)
    if in_all:  # a sketch's -k: the best of each relation, not a page
        each = " and sense" if any("sense" in row for row in table) else ""
        what = f"{kind}: {rows:,} of {in_all:,} rows (-k: the best of each relation{each})"
    elif per_sense:
        what += _per_sense_page(table, per_sense, offset)
    elif shown < rows:
        what += (
            f", {offset + 1:,}-{offset + shown:,} shown" if shown else f", none after {offset:,}"
        )
        if offset + shown < rows and shown:
            what += f" (next page: --offset {offset + shown})"
    tokens, corpus = getattr(table, "tokens", None), getattr(table, "corpus_tokens", None)
    if tokens is not None:
        what += f"; counted in {tokens:,} tokens"
        if corpus is not None and corpus != tokens:
            what += f" (a subcorpus of the index's {corpus:,})"
    return what
