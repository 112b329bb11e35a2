"""What a file holds, told from its first non-empty lines: the format of an input to
``index`` whose extension names none, and of a labelled file given to ``import`` or
``label --from`` (sensegrep's own exports and search output, and the common tables).

Only signs no other kind of file shows count: a JSON object per line with the keys the
reader needs, CoNLL-U's ten tab-separated columns, a VRT or Raganato opening tag,
WebAnno's ``#FORMAT`` line, a table header naming ``id`` and ``label``. Plain text is
never guessed (any file would pass for it). A leaf of the ground row: it imports only
the standard library and the strict JSON parser.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from sensegrep.jsonlines import JsonProblem, parse_line, text_lines

HEAD_BYTES = 64 * 1024  # read at most this much of a file
HEAD_LINES = 20  # and look at its first non-empty lines

# Labelled files (`import --format`), in words.
LABEL_FORMAT_NAMES = {
    "prodigy": "Prodigy JSONL",
    "doccano": "doccano JSONL",
    "conllu": "CoNLL-U",
    "webanno": "WebAnno TSV 3",
    "csv": "CSV with id and label columns",
    "tsv": "TSV with id and label columns",
    "jsonl": "JSONL records with an id (search --format jsonl, or id and label)",
}

_CONLLU_ID = re.compile(r"\d+(?:-\d+|\.\d+)?")
_OPENING_TAG = re.compile(r"""<[A-Za-z_][\w.:-]*(\s(?:"[^"]*"|'[^']*'|[^>"'])*)?>""")
_RAGANATO_ROOT = re.compile(r"<corpus[\s>]")
_RAGANATO_TOKEN = re.compile(r"<(sentence|wf|instance)[\s>]")


def head_lines(path: Path) -> list[str]:
    """The first HEAD_LINES non-empty lines of the file (a byte-order mark dropped, a line
    cut by HEAD_BYTES left out); [] when it cannot be read."""
    try:
        with path.open("rb") as file:
            data = file.read(HEAD_BYTES + 1)
    except OSError:
        return []
    text = data[:HEAD_BYTES].decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = text_lines(text)  # a JSON record may hold U+2028 unescaped
    if len(data) > HEAD_BYTES and lines:
        lines.pop()  # cut in the middle
    return [line for line in lines if line.strip()][:HEAD_LINES]


# -- inputs to index ------------------------------------------------------------------


def input_format(path: Path) -> str | None:
    """The input format (jsonl, conllu, vrt, raganato) the file's first lines show; None
    when they show none of them (plain text is never guessed)."""
    lines = head_lines(path)
    if not lines:
        return None
    first = lines[0].strip()
    record = _json_object(first)
    if record is not None:
        return "jsonl" if isinstance(record.get("text"), str) else None
    if _is_conllu(lines):
        return "conllu"
    return _markup_format([line.strip() for line in lines if not line.startswith("<?")])


def looks_like_prose(path: Path) -> bool:
    """Whether the file's first lines read as running text, not as one token a line
    (VRT) or ten columns (CoNLL-U): most lines that are no tags hold several words and no
    tab. Such a file read as VRT gives tokens of whole sentences without a word."""
    lines = [line.strip() for line in head_lines(path)]
    body = [line for line in lines if line and not line.startswith("<")]
    wordy = [line for line in body if "\t" not in line and len(line.split()) >= 3]
    return bool(body) and len(wordy) * 2 > len(body)


def _markup_format(lines: list[str]) -> str | None:
    """raganato (a <corpus> of <sentence>s of <wf> and <instance> elements) or vrt (an
    opening tag such as <text id="…">, then token lines that are no tags)."""
    if not lines or not lines[0].startswith("<"):
        return None
    if _RAGANATO_ROOT.match(lines[0]) and any(_RAGANATO_TOKEN.search(x) for x in lines):
        return "raganato"
    if _OPENING_TAG.fullmatch(lines[0]) and any(not x.startswith("<") for x in lines):
        return "vrt"
    return None


def _is_conllu(lines: list[str]) -> bool:
    """CoNLL-U: its first line that is no comment has ten tab-separated columns, the
    first a word id (3, 1-2, 1.1)."""
    tokens = [line for line in lines if not line.startswith("#")]
    if not tokens:
        return False
    columns = tokens[0].rstrip("\r\n").split("\t")
    return len(columns) == 10 and _CONLLU_ID.fullmatch(columns[0]) is not None


# -- labelled files -------------------------------------------------------------------


def label_format(path: Path) -> str | None:
    """The format of a labelled file (one of choices.IMPORT_FORMATS: sensegrep's exports
    and search output) its first lines show; None when they show none."""
    lines = head_lines(path)
    if not lines:
        return None
    first = lines[0].strip()
    if first.startswith("#FORMAT=WebAnno TSV"):
        return "webanno"
    if first.startswith("{"):
        return _first_record_format(lines)
    if _is_conllu(lines):
        return "conllu"
    # A first line cut at its start (`text": "The bank…` of a Prodigy record) is no
    # header: the records after it tell (pass 39j).
    return _table_format(lines[0]) or _first_record_format(lines[1:])


def _first_record_format(lines: list[str]) -> str | None:
    """The format of the first JSON record that shows one: a first line cut or mistyped
    by hand made the whole file "cannot tell the format", its good lines unread (pass
    39e)."""
    records = (_json_object(line.strip()) for line in lines if line.lstrip().startswith("{"))
    return next(filter(None, (_record_format(r) for r in records if r is not None)), None)


def _record_format(record: dict[str, Any]) -> str | None:
    meta = record.get("meta")
    if "sensegrep_id" in record or (isinstance(meta, dict) and "sensegrep_id" in meta):
        return "doccano"  # its fields at the top, or nested as doccano before 1.5 writes them
    if isinstance(meta, dict) and "id" in meta:
        return "prodigy"
    if "id" in record:
        return "jsonl"  # a search hit, or {"id": 12, "label": "…"}
    return None


def _table_format(header: str) -> str | None:
    """csv or tsv: a header line that names the columns id and label."""
    # A semicolon: Excel's CSV where the decimal mark is a comma (read so by import).
    for fmt, delimiter in (("tsv", "\t"), ("csv", ","), ("csv", ";")):
        if delimiter not in header:
            continue
        try:
            names = next(csv.reader([header], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if {"id", "label"} <= {name.strip().lower() for name in names}:
            return fmt
    return None


def _json_object(line: str) -> dict[str, Any] | None:
    if not line.startswith("{"):
        return None
    try:
        value = parse_line(line)
    except JsonProblem:
        return None
    return value if isinstance(value, dict) else None
