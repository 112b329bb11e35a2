"""CSV and TSV cells a spreadsheet opens as text, never as a formula (issue 26: a document
id or sentence beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return was
written as it is, and a spreadsheet ran it).

As OWASP recommends, such a text cell is written with a leading ``'``, which spreadsheets
show as text and drop. Numbers (a negative score) are never text cells and are left as
they are. A cell that already starts with quotes before such a character gets one more,
so that :func:`cell_text` gives back exactly the text written (``import`` reads a label
column through it). Every CSV and TSV writer of sensegrep calls :func:`spreadsheet_cell`
(sensegrep/output.py, export's csv); ``raw=True`` (``--raw-csv``, ``raw_csv=true``)
writes cells as they are. :func:`number_text` is how a number is written in a text table
(the command line's and a notebook's), :func:`figure` and :func:`figure_text` how a
frequency per million is (stats/, api/results.py, output.py). A ground module: it imports
nothing of sensegrep.
"""

from __future__ import annotations

import math
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def spreadsheet_cell(value: str, raw: bool = False) -> str:
    """A text cell as written to CSV or TSV: with a leading ``'`` when a spreadsheet
    would read it as a formula (unless ``raw``)."""
    if raw or not value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return value
    return QUOTE + value


def cell_text(cell: str) -> str:
    """The text :func:`spreadsheet_cell` wrote as ``cell`` (a cell without its quote is
    itself: a file written raw, or edited in a spreadsheet, which drops the quote)."""
    if cell.startswith(QUOTE) and cell.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def number_text(value: bool | int | float) -> str:
    """A number as a table shows it: thousands separated, at most 4 decimals and none
    trailing (2.0 as 2), a switch as true/false (the text tables and the notebook's)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def per_million(count: float, tokens: int) -> float:
    """``count`` per million of ``tokens`` (0 when there are none), as shown: see
    :func:`figure`."""
    return figure(count * 1e6 / tokens) if tokens else 0.0


def figure(value: float) -> float:
    """A frequency rounded to two decimals as CQPweb shows it, or to two significant
    digits when two decimals would hide it (3 in 2 billion tokens is 0.0015 per million,
    once shown as 0.00: a word that occurs read as one that does not)."""
    if value == 0 or abs(value) >= 0.005:
        return round(value, 2)
    return float(f"{value:.2g}")


def figure_text(value: float) -> str:
    """A :func:`figure` written with thousands separated and two decimals, or the two
    significant digits of one below 0.01 (454.00, 0.0015): two decimals are 0.01 and up,
    so a figure below is of two digits (0.0050, of 0.00499 per million, was written
    0.01 beside the JSON's 0.005)."""
    if value == 0 or abs(value) >= 0.01:
        return f"{value:,.2f}"
    return f"{value:.{1 - math.floor(math.log10(abs(value)))}f}"


def column_numbers(values: list[bool | int | float | None]) -> list[str]:
    """A column of numbers as a text table shows it: as :func:`number_text`, the
    fractions of one column with one number of decimals (the most any of them needs), so
    that they line up and a figure read to the table's precision is not short of its
    zeros (37,227.6 beside 89,891.04 read as less precise; it is 37,227.60). None is
    "-"."""
    shown = ["-" if v is None else number_text(v) for v in values]
    fractions = [v for v in values if isinstance(v, float) and not isinstance(v, bool)]
    places = max((_decimals(number_text(v)) for v in fractions), default=0)
    if not places:
        return shown
    return [
        f"{v:,.{places}f}" if isinstance(v, float) and not isinstance(v, bool) else text
        for v, text in zip(values, shown, strict=True)
    ]


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def match_text(record: dict[str, Any]) -> str:
    """A hit's matched words as one text: the sentence between its left and right
    context (spaces as written: "bank," and "bank ," apart), else its words joined by
    spaces; "" for a record without them."""
    words = record.get("match") or ([record["form"]] if record.get("form") else [])
    sentence, left, right = (record.get(k) or "" for k in ("sentence", "left", "right"))
    inside = sentence[len(left) : len(sentence) - len(right)]
    around = sentence.startswith(left) and sentence.endswith(right)
    around = around and len(left) + len(right) <= len(sentence)
    if words and around and "".join(inside.split()) == "".join("".join(words).split()):
        return inside
    return " ".join(words)
