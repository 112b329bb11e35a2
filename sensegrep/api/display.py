"""How a result shows itself in a notebook (Jupyter calls ``_repr_html_``): the line
its ``repr`` says (what the rows are a page of: the totals), the rows as a table (a
concordance's as KWIC, its node in bold), and its notes; every text escaped. A result
shown without its totals would pass a page of rows for all of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from sensegrep.cells import match_text, number_text

SHOWN_ROWS = 100  # more are one scroll too many: list(result) or to_pandas() has them all


def result_html(
    summary: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], notes: Iterable[str]
) -> str:
    """``summary`` (a repr without its angle brackets) over a table of ``rows`` (cells
    already HTML, see :func:`cell`) under ``columns``, and one line per note."""
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    body = "".join(
        "<tr>" + "".join(f"<td{_align(value)}>{value}</td>" for value in row) + "</tr>"
        for row in rows[:SHOWN_ROWS]
    )
    more = len(rows) - SHOWN_ROWS
    said = [escape(note) for note in notes]
    if more > 0:
        said.append(f"{more:,} more rows not shown here: list(…) or .to_pandas() has them all")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if rows else ""
    footer = "".join(f"<p><i>note: {note}</i></p>" for note in said)
    return f"<div class='sensegrep'><p>{escape(summary)}</p>{table}{footer}</div>"


def cell(value: Any) -> str:
    """One cell as HTML: numbers as the command line writes them, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return number_text(value)
    if isinstance(value, dict):
        return escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    if isinstance(value, list):
        return escape(", ".join(str(v) for v in value))
    return escape(str(value))


def kwic_rows(hits: Sequence[Any]) -> tuple[list[str], list[list[str]]]:
    """A concordance's columns and rows: id, document, left context, the node in bold,
    right context, and the score, sense and label where any line has one."""
    extra = [name for name in ("score", "sense", "label") if any(getattr(h, name) for h in hits)]
    if any(getattr(h, "quality", None) is not None for h in hits):  # sort="quality": its q=
        extra.insert(0, "quality")
    runs = {hit.sense_run for hit in hits if hit.sense is not None}
    # A sense number means one clustering: the column names its run (each cell, when the
    # lines are of several words' runs), as every other front end does.
    one_run = runs.pop() if len(runs) == 1 else None
    columns = ["id", "doc", "left", "node", "right", *extra]
    if one_run is not None:
        columns[columns.index("sense")] = f"sense (run {one_run})"
    rows = [
        [
            escape(str(hit.id)),  # an id, to copy into label(): 798208, not "798,208"
            cell(hit.doc),
            _left(hit.left),
            f"<b>{escape(_node(hit))}</b>",
            escape(hit.right[:80]),
            *[
                _sense_cell(hit, one_run)
                if name == "sense"
                else _label_cell(hit)
                if name == "label"
                else cell(getattr(hit, name))
                for name in extra
            ],
        ]
        for hit in hits
    ]
    return columns, rows


def _node(hit: Any) -> str:
    """The matched words: a pattern's whole match, of which ``form`` is only the target
    ("The" of "The bank": left + form + right dropped "bank"), as the CLI's KWIC shows."""
    fields = ("match", "form", "sentence", "left", "right")
    return match_text({name: getattr(hit, name, None) for name in fields})


def _sense_cell(hit: Any, one_run: int | None) -> str:
    if hit.sense is None or hit.sense_run is None or one_run is not None:
        return cell(hit.sense)
    return escape(f"{hit.sense} (run {hit.sense_run})")


def _label_cell(hit: Any) -> str:
    """A label ``classify --apply`` predicted marked so, as ``search --count label`` and
    ``labels`` keep it apart: shown bare, a guess would read as an annotator's label."""
    if hit.label and getattr(hit, "label_predicted", False):
        return escape(f"{hit.label} (predicted)")
    return cell(hit.label)


def record_rows(records: Sequence[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """A table's columns (every field of its rows, in first-seen order) and cells."""
    columns = list(dict.fromkeys(name for record in records for name in record))
    return columns, [[cell(record.get(name)) for name in columns] for record in records]


def _left(text: str) -> str:
    # Right-aligned so that the nodes line up, as a KWIC's; the end nearest the node kept.
    return f"<span style='float:right'>{escape(text[-80:])}</span>"


def _align(value: str) -> str:
    numeric = value.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
    return " style='text-align:right'" if numeric else ""
