"""Annotation formats: write occurrences for annotators, read their labels back.

Every format carries the occurrence id, so a file labelled in Prodigy, doccano,
INCEpTION (WebAnno TSV 3), a CoNLL-U editor or a spreadsheet imports straight back:

- ``prodigy``: choice-task JSONL; the sentence with the word as a span, the senses as
  ``options`` (option id = label), ``meta.id`` = occurrence id. Read back: ``accept``
  (several options accepted: several labels).
- ``doccano``: sequence-labelling JSONL, ``{"text", "label": [[start, end, LABEL]],
  "sensegrep_id", "target": [start, end]}``. Read back: the span on the target (also
  from doccano's export with relations, ``"entities": [{"label", "start_offset",
  "end_offset"}]``).
- ``conllu``: one sentence per occurrence, ``# sent_id = sensegrep-ID``; the target
  token's MISC has ``SensegrepId=ID`` and, when labelled, ``Sense=LABEL`` (several
  labels joined by ","; a ",", "|" or backslash in a label escaped by a backslash).
- ``webanno``: WebAnno TSV 3.3 with a span layer ``webanno.custom.Sense`` whose features
  are ``label`` and ``occurrence``: what INCEpTION imports and exports.
- ``csv``: ``id,doc,left,word,right,label,label_predicted`` with a header; fill in
  ``label``.

Items chosen by example quality (``export --good-examples``) carry their ``quality``
and ``quality_parts``, as search's JSONL does: Prodigy in ``meta``, doccano as fields,
CoNLL-U as ``# quality`` and ``# quality_parts`` comments, CSV as two more columns
after ``label`` (``quality_parts`` as JSON); WebAnno TSV has no place for them.

Search output with a label filled in reads back too: its CSV as ``csv``, its TSV as
``tsv`` and its JSONL (or any ``{"id": …, "label": …}`` lines) as ``jsonl``.

A label that ``classify --apply`` predicted is exported as one: ``label_predicted`` in
Prodigy's ``meta``, as a doccano field and a CSV column (search output has it too),
``SensePredicted=Yes`` in CoNLL-U's MISC. Read back unchanged (and, in Prodigy,
unanswered) it stays a prediction: an import does not turn it into the file's label
(:class:`LabelRecord`'s ``predicted``). WebAnno TSV has no place for the mark: there a
label equal to the prediction the occurrence holds stays one (the import asks the index,
sensegrep/api/annotation.py).

Reading gives every item the file lists (:class:`LabelRecord`: its line, occurrence id
and label, None when nobody labelled it yet), so an import can say how many items it
read, labelled or not, beside the bad lines (each an InputError naming its line). A
label put on a token that carries no occurrence id (CoNLL-U, WebAnno), or a doccano span
on another word than the exported one, is such a bad line: it would otherwise be
dropped unseen.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import zip_longest
from pathlib import Path
from typing import Any

from sensegrep import choices
from sensegrep.cells import cell_text, spreadsheet_cell
from sensegrep.errors import InputError
from sensegrep.indexer.readers._common import not_utf8
from sensegrep.jsonlines import json_objects, text_lines
from sensegrep.labels.labelling import (
    cells_past_header,
    left_of_word,
    parse_occurrence_id,
    row_left,
    row_sentence,
    said_predicted,
    said_text,
    spreadsheet_id,
)
from sensegrep.labeltext import label_problem, misc_value, sense_labels, split_escaped, unescaped
from sensegrep.storage.occurrences import OccurrenceContext, SentenceToken
from sensegrep.text import composed

FORMATS = choices.EXPORT_FORMATS
WEBANNO_LAYER = "webanno.custom.Sense"


@dataclass
class ExportItem:
    occurrence: OccurrenceContext
    tokens: list[SentenceToken]
    # Choices offered to the annotator: (label written back, text shown).
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)
    # Its example quality and the parts of it, when chosen by it (--good-examples).
    quality: float | None = None
    quality_parts: dict[str, float] | None = None
    # The induced sense it was drawn for, and its run (--balanced N --by sense).
    sense: int | None = None
    sense_run: int | None = None

    def sense_fields(self) -> dict[str, Any]:
        """``sense`` and ``sense_run``, or nothing when not balanced by sense."""
        if self.sense is None:
            return {}
        return {"sense": self.sense, "sense_run": self.sense_run}

    def quality_fields(self) -> dict[str, Any]:
        """``quality`` and ``quality_parts``, or nothing when not chosen by quality."""
        if self.quality is None:
            return {}
        return {"quality": self.quality, "quality_parts": dict(self.quality_parts or {})}

    @property
    def target_span(self) -> tuple[int, int]:
        """The word's offsets within its sentence."""
        start = len(self.occurrence.left)
        return start, start + len(self.occurrence.form)


# -- writing ----------------------------------------------------------------------


def write(fmt: str, items: Sequence[ExportItem], raw_csv: bool = False) -> str:
    """``items`` in an annotation tool's format; ``raw_csv``: the csv's text cells as
    they are, not quoted where a spreadsheet would run them (sensegrep/cells.py)."""
    return "".join(write_chunks(fmt, items, raw_csv))


def write_chunks(
    fmt: str,
    items: Iterable[ExportItem],
    raw_csv: bool = False,
    columns: tuple[bool, bool] | None = None,
) -> Iterator[str]:
    """:func:`write`'s text a piece at a time (a header, then one piece per item), so
    an export is written as its items are read. ``columns``: whether the items carry a
    quality and a sense (the CSV's optional columns), when ``items`` is read once;
    else told by the items themselves."""
    if fmt == "csv":
        if columns is None:
            items = list(items)
            columns = (
                any(item.quality is not None for item in items),
                any(item.sense is not None for item in items),
            )
        return _csv(items, raw_csv, *columns)
    return {
        "prodigy": _prodigy,
        "doccano": _doccano,
        "conllu": _conllu,
        "webanno": _webanno,
    }[fmt](items)


def _prodigy(items: Iterable[ExportItem]) -> Iterator[str]:
    return _jsonl(_prodigy_record(item) for item in items)


def _prodigy_record(item: ExportItem) -> dict:
    occ = item.occurrence
    start, end = item.target_span
    record = {
        "text": occ.sentence,
        # The span carries the occurrence id: Prodigy hashes a task from its text, spans
        # and options, and drops a task whose hash it has seen, so an occurrence in a
        # sentence that another one's repeats (another document's identical sentence)
        # was never shown to the annotator, and never read back.
        "spans": [{"start": start, "end": end, "label": occ.lemma.upper(), "sensegrep_id": occ.id}],
        "options": [{"id": label, "text": text} for label, text in item.options],
        "meta": {"id": occ.id, "doc": occ.doc, **item.sense_fields(), **item.quality_fields()},
    }
    if occ.label:
        # Each of its labels is an option ("river side" is two): the text as one id named
        # no option, so Prodigy showed none of them chosen.
        record["accept"] = occ.label.split()
        # Read back without an answer (nobody annotated it), a prediction stays one.
        record["meta"]["label_predicted"] = occ.label_predicted
        record["meta"]["label_exported"] = occ.label
    return record


def _doccano(items: Iterable[ExportItem]) -> Iterator[str]:
    return _jsonl(_doccano_record(item) for item in items)


def _doccano_record(item: ExportItem) -> dict:
    occ = item.occurrence
    start, end = item.target_span
    predicted = (
        {"label_predicted": occ.label_predicted, "label_exported": occ.label} if occ.label else {}
    )
    fields = {
        "sensegrep_id": occ.id,
        "target": [start, end],
        "doc": occ.doc,
        **item.sense_fields(),
        **item.quality_fields(),
        **predicted,  # read back unchanged, a prediction stays one
    }
    # Also under "meta": doccano before 1.5 keeps only a record's "meta" (and text and
    # labels), and writes it back nested, so the occurrence id was lost and the file read
    # as search output with doccano's own ids ("not annotated yet"). Later versions keep
    # every field and write it back at the top.
    return {
        "text": occ.sentence,
        "label": [[start, end, occ.label]] if occ.label else [],
        **fields,
        "meta": fields,
    }


def _jsonl(records: Iterable[dict]) -> Iterator[str]:
    return (json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _conllu(items: Iterable[ExportItem]) -> Iterator[str]:
    for item in items:  # a sentence each, a blank line after it
        yield "\n".join([*_conllu_sentence(item), "", ""])


def _conllu_sentence(item: ExportItem) -> list[str]:
    occ = item.occurrence
    out = [
        f"# sent_id = sensegrep-{occ.id}",
        f"# doc = {occ.doc}",
        f"# text = {_one_line(occ.sentence)}",
    ]
    out += [
        f"# {name} = {json.dumps(value, ensure_ascii=False)}"
        for name, value in {**item.sense_fields(), **item.quality_fields()}.items()
    ]
    for n, tok in enumerate(item.tokens, start=1):
        misc = []
        following = item.tokens[n] if n < len(item.tokens) else None
        if following is not None and following.start == tok.end:
            misc.append("SpaceAfter=No")
        if tok.is_target:
            misc.append(f"SensegrepId={occ.id}")
            if occ.label:
                misc.append(f"Sense={_sense_value(occ.label)}")
            if occ.label and occ.label_predicted:  # read back unchanged: still one
                misc.append("SensePredicted=Yes")
            if occ.label:  # read back as exported: left as the index has it since
                misc.append(f"SenseExported={_sense_value(occ.label)}")
        columns = [
            str(n),
            _conllu_field(tok.form),
            _conllu_field(tok.lemma),
            tok.pos or "_",
            _conllu_field(tok.tag),
            "_",
            *_conllu_head(tok, first_id=item.tokens[0].id),
            "_",
            "|".join(misc) or "_",
        ]
        out.append("\t".join(columns))
    return out


def _conllu_head(token: SentenceToken, first_id: int) -> tuple[str, str]:
    """HEAD and DEPREL: the head's place in the sentence (0: the root), as parsed."""
    if token.deprel is None:
        return "_", "_"
    head = 0 if token.head_id is None else token.head_id - first_id + 1
    return str(head), _conllu_field(token.deprel)


def _webanno(items: Iterable[ExportItem]) -> Iterator[str]:
    yield "\n".join(["#FORMAT=WebAnno TSV 3.3", f"#T_SP={WEBANNO_LAYER}|label|occurrence", "", ""])
    yield "\n"
    offset = 0
    for s_no, item in enumerate(items, start=1):
        occ = item.occurrence
        # One line, each whitespace character a space: the offsets count the sentence's
        # own characters (collapsed, "a  b" and a CRLF put every later token at other
        # characters than its offsets say).
        text = "".join(" " if char.isspace() else char for char in occ.sentence)
        out = [f"#Text={_webanno_text(text)}"]
        for t_no, tok in enumerate(item.tokens, start=1):
            if tok.is_target:
                annotation = f"{_webanno_escape(occ.label) if occ.label else '*'}\t{occ.id}"
            else:
                annotation = "_\t_"
            out.append(
                f"{s_no}-{t_no}\t{offset + tok.start}-{offset + tok.end}\t"
                f"{_webanno_escape(tok.form)}\t{annotation}"
            )
        yield "\n".join([*out, "", ""])
        offset += len(occ.sentence) + 1


def _csv(
    items: Iterable[ExportItem], raw: bool = False, scored: bool = False, by_sense: bool = False
) -> Iterator[str]:
    """The rows, a header first; ``scored`` (--good-examples) and ``by_sense``
    (--balanced N --by sense) add their columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def row_text(row: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield row_text(["id", "doc", "left", "word", "right", "label"]
                   + (["sense", "sense_run"] if by_sense else [])
                   + (["quality", "quality_parts"] if scored else [])
                   + ["label_predicted", "label_exported"])  # fmt: skip
    for item in items:
        occ = item.occurrence
        texts = [occ.doc, _one_line(occ.left), occ.form, _one_line(occ.right), occ.label or ""]
        row = [occ.id, *(spreadsheet_cell(text, raw) for text in texts)]
        if by_sense:
            row += [item.sense if item.sense is not None else "", item.sense_run or ""]
        if scored:
            quality = item.quality_fields()
            row += [quality.get("quality", ""), json.dumps(quality.get("quality_parts", {}))]
        # As search's CSV has it: a prediction read back unchanged stays one.
        row.append(str(occ.label_predicted) if occ.label else "")
        # The label as exported: one read back so is left as the index has it since.
        row.append(spreadsheet_cell(occ.label, raw) if occ.label else "")
        yield row_text(row)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# MISC separates its fields by "|" and the Sense value its labels by ",": a label holding
# either (or a backslash) has it escaped with a backslash, so that it reads back whole
# ("x,y" came back as two labels, x and y, and "fish|salt" as fish; issue 23, pass 24h).
_MISC_SPECIAL = ("\\", "|", ",")


def _sense_value(label: str) -> str:
    """A label text as the Sense value of CoNLL-U's MISC: its labels joined by ",". A
    label "_" is written "\\_": "Sense=_" is CoNLL-U's empty value, read back (and
    indexed) as no label."""
    parts = []
    for part in label.split():
        for char in _MISC_SPECIAL:
            part = part.replace(char, "\\" + char)
        parts.append("\\_" if part == "_" else part)
    return ",".join(parts)


def _misc_fields(misc: str) -> dict[str, str]:
    """The NAME=VALUE fields of a MISC column (values still escaped)."""
    return dict(p.split("=", 1) for p in split_escaped(misc, "|") if "=" in p)


def _conllu_field(value: str | None) -> str:
    return value.replace(" ", "_") if value else "_"


# What INCEpTION reads back from a #Text line (TSV 3.2 and later): a backslash escapes
# only a backslash and the control characters. Its text was escaped as a feature value is
# ("_" "*" "[" ";" "->" …), which INCEpTION keeps as written: "a\_b" held a backslash more
# than the offsets count, so every token after it showed shifted characters there.
_WEBANNO_TEXT_ESCAPES = {
    "\\": "\\\\",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    "\b": "\\b",
}


def _webanno_text(text: str) -> str:
    """A sentence as a #Text line holds it, as INCEpTION escapes it (Escaping.escapeText)."""
    return "".join(
        _WEBANNO_TEXT_ESCAPES.get(char, "\\" + char if ord(char) < 32 else char) for char in text
    )


def _webanno_escape(text: str) -> str:
    for char in ("\\", "[", "]", "|", "_", "->", ";", "\t", "\n", "*"):
        text = text.replace(char, "\\" + char)
    return text


# -- reading labels back ----------------------------------------------------------

Labelled = tuple[int, str]


@dataclass(frozen=True)
class LabelRecord:
    """One item of a labelled file: an occurrence the file lists (one JSONL or CSV line,
    one target word of CoNLL-U or WebAnno), the 1-based line it is on, and its label
    (None: not labelled yet, e.g. a Prodigy or doccano item nobody annotated, or one
    the annotator turned down: ``answer`` then says so, Prodigy's ``reject`` or
    ``ignore``, or ``accept`` for one accepted with no option chosen; None for every
    other item)."""

    line: int
    id: int
    label: str | None
    answer: str | None = None
    # Whether the item says its label is classify --apply's prediction (search output's
    # and a CSV export's ``label_predicted``).
    predicted: bool = False
    # The document the item says the occurrence is in and its word form (every export
    # writes them, but WebAnno only the form, its token column): checked against the
    # index, as ids differ from one index to another.
    doc: str | None = None
    form: str | None = None
    # The sentence the item shows the occurrence in (WebAnno's #Text, which has no place
    # for the document): checked against the index, as the doc is in the other formats.
    sentence: str | None = None
    # The label the item was exported with (None: exported without one, or the file does
    # not say): a label read back as it was exported is the annotator's leaving it, and
    # yields to one set in the index since (labelling.since_export).
    exported: str | None = None
    # The sentence's text before the word, as the item shows it (a CSV's ``left``, search
    # output's, the text before a Prodigy span or doccano target): which of the word's
    # occurrences in that sentence it is. None: not shown.
    left: str | None = None


def read_labels(fmt: str, path: Path) -> Iterator[Labelled | InputError]:
    """(occurrence id, label) for every labelled item; InputError for a bad line."""
    for item in read_label_records(fmt, path):
        if isinstance(item, InputError):
            yield item
        elif item.label is not None:
            yield item.id, item.label


def read_label_records(fmt: str, path: Path) -> Iterator[LabelRecord | InputError]:
    """Every item of a labelled file, labelled or not, in line order; a non-fatal
    InputError naming the line for a bad one, a fatal one for a file that cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc}")
        return
    try:
        # utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte order mark, which made
        # its header "\ufeffid,…" and the file "expected a header with id and label".
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # it said "'utf-8' codec can't decode byte 0xff"
        yield not_utf8(path, data, exc)
        return
    reader = {
        "prodigy": _read_prodigy,
        "doccano": _read_doccano,
        "conllu": _read_conllu,
        "webanno": _read_webanno,
        "csv": _read_csv,
        "tsv": _read_tsv,
        "jsonl": _read_records,
    }[fmt]
    for item in reader(path, text_lines(text)):
        problem = None
        if isinstance(item, LabelRecord):
            # Composed (NFC): "café" with a combining accent is the label typed as one
            # character, not another that looks the same (sensegrep/text.py).
            item = replace(item, label=_composed(item.label), exported=_composed(item.exported))
        if isinstance(item, LabelRecord) and item.label is not None:
            problem = label_problem(item.label)
            if not item.label.strip():  # it stopped the whole import: "use --remove"
                problem = "an empty label: give the item a label, or leave it unlabelled"
        # A control character or an over-long label: that line is skipped, the rest kept.
        yield item if problem is None else InputError(path, problem, item.line, False)


def _composed(label: str | None) -> str | None:
    return None if label is None else composed(label)


class _BadRecord(ValueError):
    """An exported item that cannot be read back; the message says why."""


# What a JSON record holds: (occurrence id, its label or None when not labelled).
# (occurrence id, label) of an item, (id, None, answer) for one turned down, or (id,
# label, None, predicted) for one that says whether its label is a prediction.
Found = tuple[int, str | None] | tuple[int, None, str] | tuple[int, str | None, None, bool]
PRODIGY_ANSWERS = ("accept", "reject", "ignore")
PRODIGY_SPAN_VIEWS = ("ner", "ner_manual", "spans_manual", "pos_manual", "relations")


def _labels_of_records(
    path: Path,
    lines: list[str],
    label_of: Callable[[dict[str, Any]], Found],
    place_of: Callable[[dict[str, Any]], tuple[Any, Any]] = lambda r: (r.get("doc"), r.get("form")),
    exported_of: Callable[[dict[str, Any]], Any] = lambda r: r.get("label_exported"),
    sentence_of: Callable[[dict[str, Any]], Any] = lambda r: r.get("sentence"),
    left_of: Callable[[dict[str, Any]], Any] = lambda r: left_of_word(
        r.get("left"), r.get("match"), r.get("form")
    ),
) -> Iterator[LabelRecord | InputError]:
    """``label_of`` each JSON object of the file, with the document and form
    ``place_of`` says it is, the sentence ``sentence_of`` shows it in and the label
    ``exported_of`` says it was exported with; a non-fatal InputError naming the line
    for a bad one."""
    for item in json_objects(path, lines):
        if isinstance(item, InputError):
            yield item
            continue
        number, record = item
        try:
            found = label_of(record)
        except _BadRecord as bad:
            yield InputError(path, str(bad), number, False)
            continue
        doc, form = map(said_text, place_of(record))
        exported = _exported_label(exported_of(record))
        sentence = sentence_of(record)
        sentence = sentence if isinstance(sentence, str) and sentence.strip() else None
        left = left_of(record)
        yield replace(
            LabelRecord(number, *found),
            doc=doc,
            form=form,
            sentence=sentence,
            left=left if isinstance(left, str) and sentence is not None else None,
            exported=exported,
        )


def _exported_label(value: Any) -> str | None:
    """The label an item says it was exported with, spaced as labels are; None when it
    says none (or not as text)."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _read_prodigy(path: Path, lines: list[str]) -> Iterator[LabelRecord | InputError]:
    return _labels_of_records(
        path, lines, _prodigy_label, _prodigy_place, _prodigy_exported, _record_text,
        lambda r: _before(r, _prodigy_target(r)),
    )  # fmt: skip


def _before(record: dict[str, Any], target: Any) -> str | None:
    """The text of the record before a [start, end] span of it (None: not one)."""
    text = _record_text(record)
    if not isinstance(text, str) or not _is_span(target, 2):
        return None
    return text[: target[0]]


def _record_text(record: dict[str, Any]) -> Any:
    """The sentence a Prodigy or doccano item shows (doccano 1.5 and 1.6 wrote "data"),
    composed: its spans' offsets are of the sentence as exported, so that an editor's
    decomposed (NFD) copy put them a character short after each accent, and each line
    was refused as a file of another index's."""
    text = record.get("text", record.get("data"))
    return composed(text) if isinstance(text, str) else text


def _prodigy_exported(record: dict[str, Any]) -> Any:
    meta = record.get("meta")
    return meta.get("label_exported") if isinstance(meta, dict) else None


def _prodigy_place(record: dict[str, Any]) -> tuple[Any, Any]:
    """The document (meta.doc) and the word its first span marks."""
    meta = record.get("meta")
    doc = meta.get("doc") if isinstance(meta, dict) else None
    return doc, _spanned(record, _prodigy_target(record))


def _prodigy_target(record: dict[str, Any]) -> list[Any] | None:
    """[start, end] of the record's first span, the exported word (None: none)."""
    spans = record.get("spans")
    span = spans[0] if isinstance(spans, list) and spans else None
    return [span.get("start"), span.get("end")] if isinstance(span, dict) else None


def _spanned(record: dict[str, Any], target: Any) -> str | None:
    """The text a [start, end] span of the record's text covers (None: not one)."""
    text = _record_text(record)
    if not isinstance(text, str) or not _is_span(target, 2):
        return None
    return text[target[0] : target[1]]


def _prodigy_label(record: dict[str, Any]) -> Found:
    meta = record.get("meta")
    occ_id = parse_occurrence_id(meta.get("id")) if isinstance(meta, dict) else None
    if occ_id is None:
        raise _BadRecord("no meta.id (the occurrence id sensegrep wrote)")
    accepted = record.get("accept") or []
    if not isinstance(accepted, list) or not all(isinstance(a, str) for a in accepted):
        raise _BadRecord('"accept" must be a list of option ids')
    answer = record.get("answer", "accept")  # an exported item with a label has none
    if answer not in PRODIGY_ANSWERS:  # a typo would read as "not annotated yet"
        raise _BadRecord(
            f'"answer" must be {", ".join(PRODIGY_ANSWERS)}, got {json.dumps(answer)[:60]}'
        )
    if answer != "accept":  # turned down: no label, and said so (not "not annotated")
        return occ_id, None, answer
    if not accepted and "answer" in record and record.get("_view_id") in PRODIGY_SPAN_VIEWS:
        # ner.manual or spans.manual: the labels are on spans, which are not read (it was
        # "accepted with no option chosen", the annotator's spans dropped unsaid).
        raise _BadRecord(
            f"a Prodigy {record['_view_id']} answer: its spans' labels are not read; "
            "annotate the export with a choice recipe (its options, read back from "
            '"accept"), or as a binary one (textcat.manual --label L)'
        )
    binary, view = record.get("label"), record.get("_view_id")
    if (
        isinstance(binary, str)
        and binary.strip()
        and "answer" in record
        and (view == "classification" or (view is None and not accepted))
    ):
        # A binary answer (textcat.manual with one label, the classification view): its
        # top-level label accepted. It was "accepted with no option chosen (skipped)", or
        # read as the "accept" the export preselected, which that view does not show.
        return occ_id, binary, None, False
    if not accepted and "answer" in record:
        # Answered, with no option chosen (the preselected label unticked, none of the
        # options fitting): no label, but not "not annotated yet" either.
        return occ_id, None, "accept"
    # An item nobody answered, carrying its exported prediction: not the annotator's.
    predicted = "answer" not in record and said_predicted(meta.get("label_predicted"))
    # Several options accepted (choice_style "multiple") are several labels, which a
    # space separates, as everywhere (they were a bad line: "2 options accepted").
    return occ_id, (" ".join(accepted) if accepted else None), None, predicted


def _read_doccano(path: Path, lines: list[str]) -> Iterator[LabelRecord | InputError]:
    return _labels_of_records(
        path,
        lines,
        _doccano_label,
        lambda r: (_doccano_fields(r).get("doc"), _spanned(r, _doccano_fields(r).get("target"))),
        lambda r: _doccano_fields(r).get("label_exported"),
        _record_text,
        lambda r: _before(r, _doccano_fields(r).get("target")),
    )


def _doccano_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Where the record keeps the fields sensegrep wrote: at the top, or under "meta" as
    doccano before 1.5 writes them back."""
    meta = record.get("meta")
    if "sensegrep_id" not in record and isinstance(meta, dict) and "sensegrep_id" in meta:
        return meta
    return record


def _doccano_label(record: dict[str, Any]) -> Found:
    fields = _doccano_fields(record)
    occ_id, target = parse_occurrence_id(fields.get("sensegrep_id")), fields.get("target")
    if occ_id is None or not _is_span(target, 2):
        raise _BadRecord("no sensegrep_id/target (written by sensegrep export)")
    labels = record.get("label") or record.get("labels") or _doccano_entities(record)
    if not isinstance(labels, list) or not all(_is_span(s, 3) for s in labels):
        raise _BadRecord("labels must be [start, end, label] spans")
    spans = [s for s in labels if s[0] < target[1] and target[0] < s[1]]
    if len(spans) > 1:
        named = ", ".join(repr(str(span[2])) for span in spans)
        raise _BadRecord(
            f"several labelled spans on the target word ({named}): keep one (a space "
            "separates several labels in one: 'river side')"
        )
    elsewhere = [s for s in labels if s not in spans]
    if elsewhere:  # read as "not annotated yet", the annotator's label was lost unseen
        raise _BadRecord(_doccano_off_target(record, elsewhere[0], target))
    predicted = said_predicted(fields.get("label_predicted"))
    return occ_id, (str(spans[0][2]) if spans else None), None, predicted


def _doccano_entities(record: dict[str, Any]) -> list[Any]:
    """The spans of doccano's other JSONL export (a project with relations):
    ``"entities": [{"label", "start_offset", "end_offset"}]``, as [start, end, label]
    (read as none, its items were all "not annotated yet"); [] when there are none."""
    entities = record.get("entities") or []
    if not isinstance(entities, list):
        return entities
    return [
        [e.get("start_offset"), e.get("end_offset"), e.get("label")] if isinstance(e, dict) else e
        for e in entities
    ]


def _doccano_off_target(record: dict[str, Any], span: list[Any], target: list[int]) -> str:
    """What a label put on another word than the exported one says (as CoNLL-U's and
    WebAnno's: a bad line, never a label dropped unseen)."""
    covered = _spanned(record, span[:2])
    word = _spanned(record, target)
    on = f" ({covered!r})" if covered is not None else ""
    return (
        f"label {span[2]!r} on characters {span[0]}-{span[1]}{on}, not on the exported word "
        f"{word!r} at {target[0]}-{target[1]}: no occurrence to label"
    )


def _is_span(value: Any, size: int) -> bool:
    """[start, end] (size 2) or [start, end, label] (size 3) with integer offsets."""
    return (
        isinstance(value, list)
        and len(value) == size
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value[:2])
        and (size == 2 or isinstance(value[2], str))
    )


def _read_conllu(path: Path, lines: list[str]) -> Iterator[LabelRecord | InputError]:
    doc = None  # the sentence's "# doc = …", as export writes it
    text = None  # and its "# text = …"
    before: list[str] = []  # the sentence's words so far: which occurrence in it
    # A bad token line earlier in the sentence: its word is not in ``before``, so the
    # words before a later one are not known (compared, the good line after it was a
    # second bad line, "an id edited by hand", its label dropped; pass 39e).
    unread = False
    tokens = False  # a token line of the sentence read: a comment after it opens another
    last = 0  # the sentence's last word number: one not above it opens another
    for n, line in enumerate(lines, start=1):
        if not line or (tokens and line.startswith("#")):
            # (the blank line between two sentences deleted by hand: the words of the one
            # before were the next one's words before its word, a second bad line, "an
            # id edited by hand", its label dropped; pass 39j)
            doc = text = None
            before = []
            unread = tokens = False
        if line.startswith("# doc = "):
            doc = line[len("# doc = ") :]
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        # (a word's number: a multiword token's range, `2-3 cannot`, comes before its
        # words, whose 2 opened another sentence, its doc and text forgotten, pass 39q)
        number = columns[0]
        if number.isdigit() and tokens and int(number) <= last:
            # (the blank line and the comments between two sentences deleted by hand: the
            # words start at 1 again; the one before's doc was taken for the next one's,
            # "occurrence 94 is 'bank' in 'd02' here, not … in 'd01' as the line says",
            # its label dropped; pass 39p)
            doc = text = None
            before = []
            unread = False
        last = int(number) if number.isdigit() else last
        tokens = True
        if len(columns) != 10:
            unread = True
            yield InputError(
                path, f"expected 10 tab-separated columns, got {len(columns)}", n, False
            )
            continue
        # The text before the word, its words joined (spaces are not compared); None
        # after a form written with "_" for its spaces, or a bad token line.
        left = None if unread or any("_" in word for word in before) else " ".join(before)
        if columns[0].isdigit():  # a word, not a multiword token ("3-4") or empty node
            before.append(columns[1])
        misc = _misc_fields(columns[9])
        # "_" is CoNLL-U's empty value, as index reads it ("Sense=_" was the label "_").
        sense = misc_value(misc, "Sense")
        sense = sense if sense not in ("", "_") else None
        given = [
            p.split("=", 1)[1]
            for p in split_escaped(columns[9], "|")
            if p[:6].casefold() == "sense="
        ]
        if len(given) > 1:  # the later one was read, the other dropped unsaid
            yield InputError(
                path,
                f"Sense= given {len(given)} times ({', '.join(given)}): keep one (a comma "
                "separates several labels in one: Sense=a,b)",
                n,
                False,
            )
            continue
        occurrence = misc_value(misc, "SensegrepId")
        if occurrence is None:
            if sense is not None:  # a label put on another word: it would be lost unseen
                put = "put it on the exported word, the token whose MISC has SensegrepId"
                yield _off_target(path, n, f"Sense={sense}", "SensegrepId", put)
            continue
        occ_id = parse_occurrence_id(occurrence)
        if occ_id is None:
            yield InputError(path, f"bad SensegrepId {occurrence!r}", n, False)
        else:
            predicted = misc_value(misc, "SensePredicted") == "Yes"
            label = sense and (sense_labels(sense) or None)
            exported = misc_value(misc, "SenseExported")
            exported = exported and (sense_labels(exported) or None)
            # A form written with "_" for its spaces is not compared.
            form = None if "_" in columns[1] else columns[1]
            yield LabelRecord(
                n, occ_id, label, predicted=predicted, doc=said_text(doc), form=form,
                sentence=said_text(text), exported=exported, left=left,
            )  # fmt: skip


def _off_target(path: Path, line: int, label: str, id_name: str, put: str) -> InputError:
    """A label on a token that carries no occurrence id: read as unlabelled, it would be
    lost without a word. ``put``: where the label goes instead. (It said "not the
    exported word", which a WebAnno annotation made anew on that word is.)"""
    message = f"{label} on a token without {id_name}: no occurrence to label ({put})"
    return InputError(path, message, line, False)


_NO_VALUE = ("_", "*", "")  # WebAnno: no annotation here, or a feature left empty
_STACK_MARK = re.compile(r"\[\d+\]$")  # INCEpTION's "[N]" after a stacked annotation's value


def _stacked(column: str) -> list[str | None]:
    """A WebAnno feature column's value for each annotation stacked on the token ("|"
    between them), each without its "[N]" and unescaped; None where it has no value
    ("_", "*" or nothing, asked before unescaping: "\\_" and "\\*" are the labels "_"
    and "*", which were read as none)."""
    values = [_STACK_MARK.sub("", part) for part in split_escaped(column, "|")]
    return [None if value in _NO_VALUE else unescaped(value) for value in values]


def _sense_columns(lines: list[str]) -> tuple[int, int] | None:
    """The columns of the Sense layer's label and occurrence: after the layers the
    ``#T_SP=``/``#T_CH=``/``#T_RL=`` lines declare before it, each a column a feature
    (INCEpTION writes a project's other layers too, a named-entity layer before ours:
    its columns were read as the label and the id). 3 and 4 when no line declares a
    layer; None when they declare others only (a named-entity layer's columns were read
    as the label and the id: "bad occurrence id 'LOC'")."""
    at = 3  # after the token's number, offsets and text
    for line in lines:
        if not line.startswith(("#T_SP=", "#T_CH=", "#T_RL=")):
            if line and not line.startswith("#"):
                break  # the token lines: every layer has been declared
            continue
        layer, *features = line.split("=", 1)[1].split("|")
        if layer == WEBANNO_LAYER and {"label", "occurrence"} <= set(features):
            return at + features.index("label"), at + features.index("occurrence")
        at += len(features)
    return (3, 4) if at == 3 else None


def _marks(column: str) -> list[str | None]:
    """The "[N]" of each annotation stacked in a WebAnno column (None: it has none)."""
    return [
        found.group(0) if (found := _STACK_MARK.search(part)) else None
        for part in split_escaped(column, "|")
    ]


def _read_webanno(path: Path, lines: list[str]) -> Iterator[LabelRecord | InputError]:
    sentence = None
    columns_at = _sense_columns(lines)
    if columns_at is None:
        yield InputError(
            path,
            f"no {WEBANNO_LAYER} layer with label and occurrence features among the layers "
            "its #T_ lines declare: annotate a file `sensegrep export --to webanno` wrote, "
            "in a project with that layer",
        )
        return
    label_at, occurrence_at = columns_at
    # INCEpTION marks an annotation over several tokens with the same "[N]" on each
    # ("muddy bank": river[3] and 6368[3] on both lines): one item, read once, whose word
    # is not the token's (it was "not 'muddy' as the line says: a file written from
    # another index", and the id's label on the word's own line dropped unsaid).
    read: list[LabelRecord | InputError] = []
    spanning: dict[tuple[str, int], int] = {}  # (mark, id): its item's place in read
    before: list[str] = []  # the sentence's tokens so far: which occurrence in it
    unread = False  # a token line without its token before: ``before`` lacks a word
    for n, line in enumerate(lines, start=1):
        if line.startswith("#Text="):
            text = line.removeprefix("#Text=")  # escaped: compared without "\\"
            # A sentence with line breaks may be written as several #Text lines.
            joined = n > 1 and lines[n - 2].startswith("#Text=") and sentence is not None
            sentence = sentence + "\n" + text if joined else text
            before = []
            unread = False
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        # Spaces are not compared; after a line without its token, not known (pass 39e).
        left = None if unread else " ".join(before)
        if len(columns) > 2 and "." not in columns[0]:  # not a sub-token ("1-2.1")
            before.append(unescaped(columns[2]))
        unread = unread or len(columns) <= 2
        if len(columns) <= max(label_at, occurrence_at):
            read.append(
                InputError(path, "expected token lines with label and occurrence", n, False)
            )
            continue
        # We write one annotation per token; INCEpTION stacks a second one put on the
        # same token ("factory[1]|flora[2]", "6368[1]|*[2]"): its label was dropped
        # unsaid, or the line read as off target when it came first.
        labels, ids = _stacked(columns[label_at]), _stacked(columns[occurrence_at])
        stack = list(zip_longest(labels, ids))
        targets = [(label, at) for label, at in stack if at is not None]
        others = [label for label, at in stack if at is None and label is not None]
        if not targets:
            if others:  # a label put on another word
                put = (
                    "set it on the exported word's own Sense annotation, which holds its "
                    "occurrence; one made anew, or on another word, holds none"
                )
                read.append(_off_target(path, n, f"label {others[0]!r}", "an occurrence id", put))
            continue
        if len(targets) > 1 or others:
            named = ", ".join(repr(label or "*") for label, _ in targets) + "".join(
                f", {label!r}" for label in others
            )
            read.append(
                InputError(
                    path,
                    f"several Sense annotations on the exported word ({named}): keep one (a "
                    "space separates several labels in one)",
                    n,
                    False,
                )
            )
            continue
        label_or_none, occurrence = targets[0]
        occ_id = parse_occurrence_id(occurrence)
        if occ_id is None:
            read.append(InputError(path, f"bad occurrence id {occurrence!r}", n, False))
            continue
        # The occurrence's own "[N]": the one target's place in the stack.
        place = next(i for i, (_, at) in enumerate(stack) if at is not None)
        marks = _marks(columns[occurrence_at])
        mark = marks[place] if place < len(marks) else None
        if mark is not None and (mark, occ_id) in spanning:
            first = read[spanning[mark, occ_id]]  # a later token of the same annotation
            if isinstance(first, LabelRecord):  # its first token is not the word
                read[spanning[mark, occ_id]] = replace(first, form=None, left=None)
            continue
        if mark is not None:
            spanning[mark, occ_id] = len(read)
        # The token column says the word: checked against the index, as the other
        # formats' doc and form are (a file of another index put its labels on other
        # words here without a word; issue 23). WebAnno has no place for the document.
        form = unescaped(columns[2]) or None
        read.append(LabelRecord(n, occ_id, label_or_none, form=form, sentence=sentence, left=left))
    yield from read


def _read_tsv(path: Path, lines: list[str]) -> Iterator[LabelRecord | InputError]:
    return _read_csv(path, lines, "\t")


def _read_records(path: Path, lines: list[str]) -> Iterator[LabelRecord | InputError]:
    return _labels_of_records(path, lines, _record_label)


_TOOL_LABELS = ("labels", "entities", "annotations", "accept", "spans")  # doccano's, Prodigy's


def _record_label(record: dict[str, Any]) -> Found:
    """A search hit's (or ``{"id", "label"}``) occurrence id and label (None: none)."""
    occ_id = parse_occurrence_id(record.get("id"))
    if occ_id is None and record.get("id") is not None:
        # A corpus record's document id ("d00") is not an occurrence: say what was found.
        raise _BadRecord(
            f'"id" must be an occurrence id (a whole number, the id of a search hit), got '
            f"{json.dumps(record['id'])[:60]}"
        )
    if occ_id is None:
        raise _BadRecord("no id (the occurrence id of a search hit)")
    tool = next((key for key in _TOOL_LABELS if key in record and "label" not in record), None)
    if tool is not None:
        # An annotation tool's record that lost the fields sensegrep wrote (doccano before
        # 1.5 keeps only "meta"): its "id" is the tool's own, and its labels were read as
        # none, "not annotated yet".
        raise _BadRecord(
            f'labels in "{tool}" and no "label": an annotation tool\'s record without the '
            'occurrence id sensegrep wrote (sensegrep_id, meta.id); its "id" is the tool\'s '
            "own: export again, and annotate the new file"
        )
    label = record.get("label")
    if label is not None and not isinstance(label, str):
        raise _BadRecord(f'"label" must be text, got {json.dumps(label)[:60]}')
    label = " ".join(label.split()) if label and label.strip() else None
    return occ_id, label, None, said_predicted(record.get("label_predicted"))


def _semicolons(header: str) -> bool:
    """Whether a CSV header names the id and label columns only when cut at semicolons
    (Excel's CSV in locales whose decimal mark is a comma)."""
    names = [name.strip().lower() for name in header.split(";")]
    return "," not in header and {"id", "label"} <= set(names)


def _csv_rows(path: Path, rows: csv.DictReader) -> Iterator[dict[str, Any] | InputError]:
    """The rows of ``rows``; a non-fatal InputError for a line the csv module cannot cut
    (a carriage return alone inside a line: it ended the import in a traceback)."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # (line_num does not count the line it failed on)
            yield InputError(path, _csv_problem(exc), rows.line_num + 1, False)
            continue
        yield row


def _csv_problem(exc: csv.Error) -> str:
    if "new-line character" in str(exc):
        return (
            "a carriage return inside an unquoted cell: quote the cell, or save the file "
            "with one kind of line ending"
        )
    return f"not CSV the csv module can read: {exc}"


def _read_csv(
    path: Path, lines: list[str], delimiter: str = ","
) -> Iterator[LabelRecord | InputError]:
    if delimiter == "," and lines and _semicolons(lines[0]):
        delimiter = ";"  # a spreadsheet saving CSV where the decimal mark is a comma
    # Each line with its line feed: a quoted cell over two lines ("money", Alt+Enter,
    # "bank") keeps its line break (given lines without one, the csv module joined the
    # cell's lines with nothing, and the label was "moneybank").
    rows = csv.DictReader((line + "\n" for line in lines), delimiter=delimiter)
    try:
        fieldnames = rows.fieldnames
    except csv.Error as exc:
        yield InputError(path, _csv_problem(exc), 1)
        return
    if fieldnames:  # "ID", " Label": the columns as detection reads them
        rows.fieldnames = [name.strip().lower() for name in fieldnames]
    if not rows.fieldnames or not {"id", "label"} <= set(rows.fieldnames):
        yield InputError(path, "expected a header with id and label columns", 1)
        return
    for row in _csv_rows(path, rows):
        if isinstance(row, InputError):
            yield row
            continue
        n = rows.line_num  # the line the row ends on: blank lines are not rows
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a spreadsheet's empty row (",,,,")
        cells = _cells_problem(row, rows.fieldnames)
        if cells is not None:
            yield InputError(path, cells, n, False)
            continue
        # Written with a leading ' where a spreadsheet would run it (sensegrep/cells.py).
        label = cell_text((row.get("label") or "").strip())
        # As the spreadsheet's locale wrote it: 12.000 cut at semicolons is 12000, not 12.
        occ_id = spreadsheet_id(row.get("id"), delimiter)
        if occ_id is None:
            yield InputError(path, f"bad id {row.get('id')!r}", n, False)
        else:
            predicted = said_predicted(row.get("label_predicted"))
            # search's table names the word form "form", export's "word".
            said = (row.get("doc"), row.get("form", row.get("word")))
            doc, form = (said_text(cell_text(s)) if s else None for s in said)
            exported = _exported_label(cell_text(row.get("label_exported") or ""))
            yield LabelRecord(
                n, occ_id, label or None, predicted=predicted, doc=doc, form=form,
                sentence=row_sentence(row), left=row_left(row), exported=exported,
            )  # fmt: skip


def _cells_problem(row: dict[Any, Any], columns: list[str]) -> str | None:
    """Why a row's cells do not fit the header's ``columns``, or None: a row cut short
    before its label (a truncated file read as "not annotated yet"), or one with more
    cells than the header where that moved cells after the label (labelling.
    cells_past_header). A row without the empty cells after its label fits; a
    spreadsheet's stray column is in its header too."""
    cells = [value for key, value in row.items() if key is not None and value is not None]
    at_label = columns.index("label") if "label" in columns else len(columns) - 1
    at_predicted = columns.index("label_predicted") if "label_predicted" in columns else None
    past = cells_past_header(cells + (row.get(None) or []), len(columns), at_label, at_predicted)
    if past is not None:
        return past
    if row.get("label") is None:
        return (
            f"a row of {len(cells)} cells where the header has {len(columns)}, ending "
            "before its label: a line cut short (a truncated file?); give it its cells, "
            "the label empty for none"
        )
    return None
