"""JSON Lines: one document per line, ``{"id": …, "text": …, other keys…}``.

- ``text`` (a string) is required and analysed like a plain-text file (records go to
  the analyser in batches of ``tagger.BATCH_SIZE``).
- ``id`` is optional: a string or a number (stored as its string); when missing or
  null the id is ``NAME:LINE``. Any other type, or an empty string, is an error.
- ``labels`` (optional) gives sense labels to the document's tokens, in one of two forms:

  - an object mapping a word to its label, ``{"labels": {"bank": "river"}}``: every
    token whose lemma is that word (case-insensitive) gets the label, or, when no token
    has it as lemma, every token of that form ("banks") — the usual case of one record
    per sentence and one sense per word in it;
  - an array of character spans, ``{"labels": [{"start": 12, "end": 16, "label":
    "river"}]}`` (offsets into ``text``, end exclusive): every token overlapping the
    span gets the label — for a word that means two things in one document.

  A label is a non-empty string; spaces separate several labels (as in Raganato gold
  keys). A word or span that matches no token, or a malformed ``labels``, makes the
  record bad. Labels are part of a document's identity: an unchanged text with changed
  labels is a new version that replaces it (``sensegrep label --from`` changes labels
  without indexing).
- every other key becomes document metadata, values as parsed.

Blank lines are ignored. A bad record (not JSON, not an object, bad ``text``/``id``, a
``text`` of nothing but white space, over-long line) is a non-fatal error: that line is
skipped, the rest is read. Encoding problems are fatal and found by a first pass, before
any document is yielded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sensegrep.document import Document, Sentence, Token
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common
from sensegrep.jsonlines import JsonProblem, parse_line
from sensegrep.labeltext import label_problem
from sensegrep.tagger import BATCH_SIZE, Analyser, analyser

_RESERVED = frozenset({"id", "text", "labels"})


@dataclass
class _Record:
    """A record read but not yet analysed (records are analysed in batches)."""

    record: dict[str, Any]
    doc_id: str
    text: str
    number: int


def read(
    path: Path, name: str, lang: str, analyse: Analyser | None = None
) -> Iterator[Document | InputError]:
    analyse = analyse or analyser(lang)
    _common.scan(path, name, long_lines_fatal=False)
    pending: list[_Record | InputError] = []
    for number, line in _common.iter_lines(path, name):
        if line is None:
            pending.append(_common.long_line_error(name, number, fatal=False))
        elif line.strip():
            pending.append(_record(line, number, name))
        if len(pending) >= BATCH_SIZE:
            yield from _analysed(pending, analyse, name)
            pending = []
    yield from _analysed(pending, analyse, name)


def _analysed(
    pending: list[_Record | InputError], analyse: Analyser, name: str
) -> Iterator[Document | InputError]:
    """The documents of a batch of records (errors in their places), analysed at once."""
    records = [item for item in pending if isinstance(item, _Record)]
    analysed = iter(analyse([r.text for r in records]) if records else [])
    for item in pending:
        yield item if isinstance(item, InputError) else _document(item, next(analysed), name)


def _document(item: _Record, sentences: list[Sentence], name: str) -> Document | InputError:
    problem = _apply_labels(item.record.get("labels"), sentences, len(item.text))
    if problem:
        return InputError(name, problem, line=item.number, fatal=False)
    metadata = {key: value for key, value in item.record.items() if key not in _RESERVED}
    return Document(
        id=item.doc_id, text=item.text, sentences=sentences, metadata=metadata, line=item.number
    )


def _record(line: str, number: int, name: str) -> _Record | InputError:
    def bad(message: str) -> InputError:
        return InputError(name, message, line=number, fatal=False)

    try:
        record = parse_line(line)
    except JsonProblem as exc:
        return bad(f"{exc}; expected one object")
    if not isinstance(record, dict):
        return bad(f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if not isinstance(text, str):
        got = "nothing" if "text" not in record else _json_type(text)
        return bad(f'expected "text" to be a string, got {got}')
    if not text.strip():
        # As an empty text file: a document with nothing to search is a mistake, and it
        # was indexed silently (and replaced the document's earlier text).
        return bad('"text" is empty: expected the document\'s text')
    doc_id = _doc_id(record.get("id"), f"{name}:{number}")
    if doc_id is None:
        # Shown as JSON, as the file writes it (true, not Python's True).
        got = json.dumps(record["id"], ensure_ascii=False)
        return bad(f'expected "id" to be a non-empty string or a number, got {got}')
    return _Record(record, doc_id, text, number)


def _apply_labels(labels: Any, sentences: list[Sentence], length: int) -> str | None:
    """Set Token.label from the record's ``labels``; the problem, if any, as a message."""
    if labels is None:
        return None
    tokens = [token for sentence in sentences for token in sentence.tokens]
    if isinstance(labels, dict):
        return _label_words(labels, tokens)
    if isinstance(labels, list):
        return _label_spans(labels, tokens, length)
    return f'expected "labels" to be an object or an array, got {_json_type(labels)}'


def _label_words(labels: dict[str, Any], tokens: list[Token]) -> str | None:
    for word, label in labels.items():
        value = _label_value(label)
        if value is None:
            return f'expected the label of "{word}" to be a non-empty string, got {label!r}'
        if label_problem(value) is not None:
            return f'the label of "{word}": {label_problem(value)}'
        key = word.lower()
        # The word's lemma first: "saw" labelled the verb "see" of "I saw the saw" too,
        # and "left" every "left" of "leave". A form ("banks") when no lemma is it.
        matched = [t for t in tokens if (t.lemma or "").lower() == key]
        matched = matched or [t for t in tokens if t.form.lower() == key]
        if not matched:
            return f'"labels" names "{word}", which is no word of the text'
        for token in matched:
            token.label = value
    return None


def _label_spans(spans: list[Any], tokens: list[Token], length: int) -> str | None:
    for number, span in enumerate(spans, start=1):
        where = f'"labels" item {number}'
        if not isinstance(span, dict):
            return f'{where}: expected {{"start": …, "end": …, "label": …}}'
        start, end, value = span.get("start"), span.get("end"), _label_value(span.get("label"))
        if not (_is_int(start) and _is_int(end) and 0 <= start < end <= length):
            return f"{where}: expected 0 <= start < end <= {length}, got {start!r}, {end!r}"
        if value is None:
            return f"{where}: expected a non-empty string label, got {span.get('label')!r}"
        if label_problem(value) is not None:
            return f"{where}: {label_problem(value)}"
        matched = [t for t in tokens if t.start < end and start < t.end]
        if not matched:
            return f"{where}: characters {start}-{end} hold no word"
        for token in matched:
            token.label = value
    return None


def _label_value(label: Any) -> str | None:
    if not isinstance(label, str) or not label.split():
        return None
    return " ".join(dict.fromkeys(label.split()))  # "river river" is river, once


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _doc_id(value: Any, default: str) -> str | None:
    """The record's id as a string, ``default`` when absent, None when unusable."""
    if value is None:
        return default
    if isinstance(value, bool):  # bool is an int subclass, but true is no id
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if type(value) in names:
        return names[type(value)]
    return "a number"
