"""Labelling: the sense labels of occurrences in an index (read, set, clear, count) and
label files.

A label lives in ``tokens.label`` (several labels space-separated, as the indexer stores
Raganato gold keys). A space has that one meaning everywhere: no label holds one, and a
space in a label given to ``label --as``, :meth:`SenseIndex.label`, ``POST /api/label``,
a label file, an imported file or the JSONL ``labels`` field separates several labels;
every front end says which labels it stored
(:class:`sensegrep.api.labelling.StoredLabels`). Where it came from is kept in a table of its own,
``label_sources`` (token id, source, confidence, time): no row means the label came with
the input at indexing; ``manual`` was set with ``sensegrep label``; ``predicted`` was
written by ``sensegrep classify --apply`` together with its confidence. A separate table
rather than a new ``tokens`` column leaves older indexes and the code that reads
``tokens`` untouched; it is created on the first write.

Every write is one transaction, and checks its ids first: unknown ids are a
:class:`QueryError` listing them, and nothing is written. The SQL is in
sensegrep/storage/labels.py (methods of :class:`~sensegrep.storage.Index`).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sensegrep.cells import cell_text
from sensegrep.errors import InputError, LabelChangedError, QueryError, tried_too_often
from sensegrep.jsonlines import json_objects, text_lines
from sensegrep.labeltext import label_problem, unescaped
from sensegrep.storage import Candidates, Index
from sensegrep.storage.labels import Expected
from sensegrep.text import composed

INPUT, MANUAL, PREDICTED = "input", "manual", "predicted"

# How a count (``--count label``) and a balanced export (``--by label``) name a label
# classify --apply predicted: apart from the same label given with the input or by hand,
# which a corpus linguist reads as checked (issue 23: the two were added up silently).
PREDICTED_MARK = " (predicted)"
PREDICTED_APART = (
    "labels predicted by classify --apply are {what} apart from input and hand labels, "
    f"as 'LABEL{PREDICTED_MARK}'"
)


# TRUE as a spreadsheet saves it in its user's language (LibreOffice and Excel write a
# cell they read as a boolean so): the German WAHR read as no, and an unchanged
# prediction was applied as a label given by hand, said as "applied" (pass 31f).
_YES = frozenset((
    "true", "1", "yes", "wahr", "vrai", "verdadero", "verdadeiro", "vero", "waar", "sant",
    "sand", "sandt", "prawda", "pravda", "igaz", "tosi", "doğru", "истина",
))  # fmt: skip
# And its no, in the same languages: a label_predicted cell holds one or the other.
_NO = frozenset((
    "false", "0", "no", "falsch", "faux", "falso", "onwaar", "falsk", "fałsz", "nepravda",
    "hamis", "epätosi", "yanlış", "ложь",
))  # fmt: skip


def said_predicted(value: Any) -> bool:
    """Whether a file's ``label_predicted`` value says yes: JSON true, or the text of a
    CSV cell (True, true, 1, yes) as search's table output and a spreadsheet write it
    (TRUE, and WAHR, VRAI… in its user's language)."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in _YES


def unchanged_predictions(index: Index, labels: Mapping[int, str], said: Iterable[int]) -> set[int]:
    """The ids among ``said`` (lines whose ``label_predicted`` says the label is a
    prediction) that still hold that very label as classify --apply's prediction. Read
    back from search output, such a line is no annotator's label: applying it would turn
    a prediction into a hand label without a word (issue 23). A line whose label was
    changed is the annotator's correction, and is applied."""
    wanted = sorted({int(i) for i in said if int(i) in labels})
    if not wanted:
        return set()
    found = occurrence_labels(index, wanted)
    rows = zip(found.ids.tolist(), found.labels, found.sources, strict=True)
    return {
        i
        for i, label, source in rows
        if source == PREDICTED and label == " ".join(labels[i].split())
    }


@dataclass(frozen=True)
class ReadLabels:
    """What :func:`set_read_labels` did with a file's labels: how many it set, and the
    ids of lines marked ``label_predicted`` it treated apart."""

    done: int
    kept: set[int]  # still holding that very prediction: left alone
    restored: set[int]  # the occurrence held no label: stored as a prediction
    guarded: set[int]  # the occurrence holds a checked label: left alone
    # Of those set, the ones whose occurrence held that very label already (given by
    # hand or with the input): a file read back with one label changed said "applied 15".
    same: set[int] = field(default_factory=set)
    # Of those set, the ones whose occurrence held another label given by hand or with
    # the input: (id, that label, the file's). An export read back after another
    # annotator changed a label put the export's old one back, unsaid.
    replaced: tuple[tuple[int, str, str], ...] = ()


def set_read_labels(
    index: Index, labels: Mapping[int, str], said: Iterable[int], source: str = MANUAL
) -> ReadLabels:
    """Set the labels a file gave (``labels``), of which ``said`` are marked as
    classify's predictions (``label_predicted``): those still holding that very
    prediction are left alone (:func:`unchanged_predictions`); those whose occurrence
    holds no label at all are stored as predictions, since the file's mark is all there
    is to go by (an index built again from the same corpus, or labels cleared since):
    stored as ``source`` they would vote in classify and make --label's centroid as
    checked labels, without a word (issue 23); those whose occurrence holds a label given
    by hand or with the input are left alone too (an export read back after its
    predictions were corrected put the stale prediction back, as a hand label; issue
    23); the rest are set as ``source``."""
    said = {int(i) for i in said if int(i) in labels}
    kept = unchanged_predictions(index, labels, said)
    found = occurrence_labels(index, sorted(said - kept))
    rows = list(zip(found.ids.tolist(), found.labels, found.sources, strict=True))
    restored = {i for i, label, _source in rows if not label}
    guarded = {i for i, label, stored in rows if label and stored != PREDICTED}
    apart = kept | restored | guarded
    given = {i: label for i, label in labels.items() if i not in apart}
    done, same, replaced = (
        _set_over_what_was_read(index, given, source) if given else (0, set(), ())
    )
    labelled_since = _restore_predictions(index, {i: labels[i] for i in restored})
    done += len(restored) - len(labelled_since)
    restored -= labelled_since
    return ReadLabels(done, kept, restored, guarded | labelled_since, same, replaced)


# Tries of a write whose occurrences another annotator keeps labelling meanwhile.
_TRIES = 5


def _set_over_what_was_read(
    index: Index, given: Mapping[int, str], source: str
) -> tuple[int, set[int], tuple[tuple[int, str, str], ...]]:
    """Set ``given``, only over the labels read just before (else read again): how many,
    those that held that very label already, and those that held another given by hand
    or with the input (:class:`ReadLabels`). Read apart from the write, a label another
    annotator set in between was replaced unnamed (pass 39i)."""
    for tried in range(1, _TRIES + 1):
        before = occurrence_labels(index, sorted(given))
        rows = list(zip(before.ids.tolist(), before.labels, before.sources, strict=True))
        checked = [(i, label) for i, label, stored in rows if label and stored != PREDICTED]
        same = {i for i, label in checked if label == clean_label(given[i])}
        replaced = tuple((i, label, clean_label(given[i])) for i, label in checked if i not in same)
        # (a prediction given by hand meanwhile, same text, is a label set since, 39n)
        guessed = {i: stored == PREDICTED for i, label, stored in rows if label}
        seen = Expected(
            None, each={i: label or None for i, label, _ in rows}, predicted_each=guessed
        )
        try:
            return set_labels(index, given, source=source, expect=seen), same, replaced
        except LabelChangedError as changed:
            if tried == _TRIES:
                raise tried_too_often(changed, _TRIES) from None
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class SinceExport:
    """Of a file's labels read back as they were exported (the annotator left them),
    what the index did with their occurrences since the export."""

    # Another label now (another annotator, `label`, classify --apply): newer than the
    # file's, which applied would put the old one back. (id, the index's, the file's).
    held: tuple[tuple[int, str, str], ...]
    # No label now and none removed from it: the file puts them back (an index built
    # again, or a removal made before removals were recorded: named). (id, the file's).
    refilled: tuple[tuple[int, str], ...]
    # No label now, one removed since (`label --remove`, an undo): the removal is kept,
    # as the annotator left the label (pass 29g: it came back). (id, the file's label).
    removed: tuple[tuple[int, str], ...] = ()


def since_export(
    index: Index, labels: Mapping[int, str], exported: Mapping[int, str | None]
) -> SinceExport:
    """Of a file's ``labels``, those read back as they were ``exported`` whose occurrence
    holds another label now, those whose occurrence holds none though it held the label
    when exported (so one removed since: the record of removals tells which), and the
    others that hold none, in id order (the occurrences' labels read once)."""
    as_exported = sorted(
        i
        for i, label in labels.items()
        if exported.get(i) is not None and clean_label(label) == clean_label(exported[i] or "")
    )
    found = occurrence_labels(index, as_exported)
    rows = [
        (i, now, clean_label(labels[i]))
        for i, now in zip(found.ids.tolist(), found.labels, strict=True)
    ]
    removed = index.removed_labels([i for i, now, _ in rows if not now])
    return SinceExport(
        held=tuple((i, now, given) for i, now, given in rows if now and now != given),
        refilled=tuple((i, given) for i, now, given in rows if not now and i not in removed),
        removed=tuple((i, given) for i, now, given in rows if not now and i in removed),
    )


def _restore_predictions(index: Index, labels: Mapping[int, str]) -> set[int]:
    """Store these as classify's predictions where each occurrence still holds no label
    when the write has it locked; returns those labelled since they were read (by an
    annotator, between the import's read and its write), which keep that label: a
    prediction from the file overwrote it, unsaid (pass Q)."""
    pending, labelled_since = dict(labels), set()
    while pending:
        try:
            set_labels(index, pending, source=PREDICTED, expect=Expected(None))
            break
        except LabelChangedError as changed:
            labelled_since |= set(changed.current)
            pending = {i: label for i, label in pending.items() if i not in changed.current}
    return labelled_since


def grouped_label(label: str, predicted: bool) -> str:
    """The label as a count row or an export group names it: marked when predicted."""
    return label + PREDICTED_MARK if predicted else label


def grouped_labels_of(label: str | None, predicted: bool) -> tuple[str, ...]:
    """Each of an occurrence's labels (a space separates them) as :func:`grouped_label`
    names it: "river side" is counted, and balanced, under river and under side, as
    ``labels WORD`` counts it."""
    return tuple(grouped_label(part, predicted) for part in split_label(label))


MULTI_LABEL_NOTE = (
    "an occurrence with several labels is {what} under each of them, so the shares "
    "add up to more than 100%"
)


_SHOWN_IDS = 20  # unknown ids listed in a message before "and N more"


@dataclass
class OccurrenceLabels:
    """Labels of occurrences, aligned with ``ids``; ``sources[i]`` is None when unlabelled."""

    ids: np.ndarray
    pos: list[str | None]
    labels: list[str | None]
    sources: list[str | None]

    def reference_mask(self) -> np.ndarray:
        """Which occurrences may vote in classify: labelled at indexing or by hand."""
        pairs = zip(self.labels, self.sources, strict=True)
        return np.array([bool(lab) and src != PREDICTED for lab, src in pairs], dtype=bool)

    def reference_counts(self) -> Counter[str]:
        """Each label of the occurrences that may vote, with how many carry it."""
        mask = self.reference_mask()
        return Counter(part for i in np.flatnonzero(mask) for part in split_label(self.labels[i]))

    def label_on_every_reference(self) -> str | None:
        """A label every occurrence that may vote carries (the first in sorted order;
        None: no label is on all of them): it wins every vote of classify, tied at
        best, whatever the sense, as a word's one label would ("river side" alone)."""
        mask = self.reference_mask()
        return shared_label([split_label(self.labels[i]) for i in np.flatnonzero(mask)])


def shared_label(labels: Sequence[Iterable[str]]) -> str | None:
    """The first (in sorted order) label that each of these occurrences' labels holds;
    None: none is held by all of them, or there is none."""
    held = [set(parts) for parts in labels]
    common = set.intersection(*held) if held else set()
    return min(common) if common else None


@dataclass(frozen=True)
class LabelCount:
    label: str
    count: int
    predicted: int  # how many of ``count`` were written by classify --apply


@dataclass(frozen=True)
class LabelRow:
    """One line of a label file: 1-based line number, occurrence id, label; and whether
    the line says its label is a prediction (search output's ``label_predicted``)."""

    line: int
    id: int
    label: str
    predicted: bool = False
    # The document the line says the occurrence is in, and its word form (search
    # output's ``doc`` and ``form``), checked against the index: None when not said.
    doc: str | None = None
    form: str | None = None
    # The sentence it shows the occurrence in (search output's ``sentence``, a CSV
    # export's ``left``, ``word`` and ``right``), checked too: None when not said.
    sentence: str | None = None
    # And the sentence's text before the word (``left``): which occurrence in it.
    left: str | None = None
    # The label it says the occurrence was exported with (a CSV export's
    # ``label_exported``): one left so yields to a label changed in the index since, as
    # import reads it. None: not said.
    exported: str | None = None


# -- labels -------------------------------------------------------------------------


def removed_put_back(
    index: Index, labels: Mapping[int, str], exported: Mapping[int, str | None]
) -> tuple[tuple[int, str, str], ...]:
    """Of a file's ``labels``, those without a label as ``exported`` (WebAnno, search
    output, an item exported after the removal) that give a label to an occurrence
    holding none now whose label was removed (the record of removals): the file cannot
    tell one the annotator left from one set again, so applying it may undo the removal,
    the label removed or another (one relabelled, then removed, after the export).
    (id, the file's label, the label removed), id order."""
    given = {i: label for i, label in labels.items() if exported.get(i) is None}
    removed = index.removed_labels(list(given))
    return tuple((i, given[i], removed[i]) for i in sorted(removed))


def clean_label(label: str) -> str:
    """A label as stored: whitespace runs become one space (it separates labels), and a
    label given twice is kept once ("river river" was river counted twice under river,
    its one occurrence made two in `labels`); a QueryError for an empty one, a control
    character or an over-long label (sensegrep/labeltext.py)."""
    # Composed (NFC): "café" with a combining accent is the label typed as one character.
    cleaned = " ".join(dict.fromkeys(composed(str(label)).split()))
    if not cleaned:
        raise QueryError("a label cannot be empty; use --remove to clear labels")
    problem = label_problem(cleaned)
    if problem is not None:
        raise QueryError(problem)
    return cleaned


def split_label(label: str | None) -> tuple[str, ...]:
    """The labels of a label text, each once (a space separates them)."""
    return tuple(dict.fromkeys(label.split())) if label else ()


# -- reading ------------------------------------------------------------------------


def word_occurrences(index: Index, word: str, lang: str = "en") -> Candidates:
    """The occurrences of ``word`` by lemma, as search finds them; QueryError when none."""
    return lemma_occurrences(index, word, lang)[1]


def lemma_occurrences(index: Index, word: str, lang: str = "en") -> tuple[str, Candidates]:
    """The lemma ``word`` is looked up by ("banks": bank) and its occurrences, as
    search finds them; QueryError when none. What a count of them names: "6 occurrences
    of 'banks'" were bank's (pass 38b)."""
    from sensegrep.storage.occurrences import occurrences_of

    return occurrences_of(index, word, lang=lang)


def several_labels_note(
    occurrences: int, unlabelled: int, labelled: int, counts: Sequence[LabelCount]
) -> str | None:
    """Said when an occurrence with several labels makes the ``counts`` of a word's
    labels add up to more than its occurrences that hold a label (``labelled`` by hand
    or at indexing, the rest of those not ``unlabelled`` predicted); else None."""
    predicted = occurrences - unlabelled - labelled
    counted, carrying = sum(item.count for item in counts), labelled + predicted
    if counted <= carrying:
        return None
    # With predictions, "the 6 occurrence(s) labelled" under "3 labelled" (pass 33d).
    held = f"that hold a label ({predicted:,} of them predicted)" if predicted else "labelled"
    return (
        f"an occurrence with several labels is counted under each of them, so the "
        f"counts add up to {counted:,}, more than the {carrying:,} occurrence(s) {held}"
    )


def occurrence_labels(index: Index, ids: Sequence[int] | np.ndarray) -> OccurrenceLabels:
    """POS, label and label source of each occurrence id, in the order given."""
    wanted = np.asarray(ids, dtype=np.int64)
    by_id = index.occurrence_labels(wanted.tolist())
    found = [by_id.get(int(i), (None, None, None)) for i in wanted]
    return OccurrenceLabels(
        ids=wanted,
        pos=[pos for pos, _label, _source in found],
        labels=[label for _pos, label, _source in found],
        # No provenance row: the label came with the input.
        sources=[(source or INPUT) if label else None for _pos, label, source in found],
    )


def count_labels(index: Index, ids: Sequence[int] | np.ndarray) -> tuple[list[LabelCount], int]:
    """Each label among the occurrences with its count (most frequent first; an
    occurrence with several labels counts for each), and the number unlabelled."""
    found = occurrence_labels(index, ids)
    counts: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    for label, source in zip(found.labels, found.sources, strict=True):
        for part in split_label(label):
            counts[part] += 1
            predicted[part] += source == PREDICTED
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    unlabelled = sum(1 for label in found.labels if not label)
    return [LabelCount(label, n, predicted[label]) for label, n in ordered], unlabelled


def missing_occurrences(index: Index, ids: Iterable[int]) -> list[int]:
    """The ids among ``ids`` that are no occurrence (token with a vector) of the index."""
    return index.missing_occurrences(ids)


# -- writing ------------------------------------------------------------------------


def set_labels(
    index: Index,
    labels: Mapping[int, str],
    source: str = MANUAL,
    confidence: Mapping[int, float] | None = None,
    expect: Expected | None = None,
) -> int:
    """Set the label of each occurrence id (a space separates several labels); returns
    how many were set. ``expect``: only if each holds that label now (else
    LabelChangedError, nothing set)."""
    cleaned = {int(i): clean_label(label) for i, label in labels.items()}
    _check_ids(index, cleaned)
    _refused_if_moved(index.set_labels(cleaned, source, confidence or {}, expect), expect)
    return len(cleaned)


def set_predictions(
    index: Index, labels: Mapping[int, str], confidence: Mapping[int, float]
) -> list[int]:
    """Store labels as classify --apply's predictions where each occurrence holds no
    label or a prediction when the write has it locked; returns those left alone, which
    hold a label given by hand or with the input (set since classify read them)."""
    cleaned = {int(i): clean_label(label) for i, label in labels.items()}
    _check_ids(index, cleaned)
    return index.set_predictions(cleaned, PREDICTED, confidence)


def clear_labels(index: Index, ids: Iterable[int], expect: Expected | None = None) -> int:
    """Remove the labels of occurrences (and their provenance); returns how many.
    ``expect`` as :func:`set_labels` takes it."""
    wanted = sorted({int(i) for i in ids})
    _check_ids(index, wanted)
    _refused_if_moved(index.clear_labels(wanted, expect), expect)
    return len(wanted)


def _refused_if_moved(moved: Mapping[int, str | None], expect: Expected | None) -> None:
    """LabelChangedError naming the occurrences that held another label than
    ``expect``'s when the write had them locked (none: the write was made)."""
    if not moved or expect is None:
        return
    first, label = next(iter(moved.items()))
    now = f"“{label}”" if label else "no label"
    seen = f"“{expect.seen(first)}”" if expect.seen(first) else "none"
    more = f" (and {len(moved) - 1} more)" if len(moved) > 1 else ""
    said = f"{now} now{more}, not {seen} as expected (another annotator labelled it since)"
    if label and label == expect.seen(first):  # the same text set again: another annotator's
        said = f"{now} set again since it was read{more} (another annotator gave it too)"
    raise LabelChangedError(
        f"occurrence {first} holds {said}: nothing was changed",
        dict(moved),
    )


def _check_ids(index: Index, ids: Iterable[int]) -> None:
    missing = missing_occurrences(index, ids)
    if missing:
        raise QueryError(index.missing_occurrences_message(missing, "; nothing was changed"))


def format_ids(ids: Sequence[int]) -> str:
    shown = ", ".join(map(str, ids[:_SHOWN_IDS]))
    more = len(ids) - _SHOWN_IDS
    return f"{shown} and {more} more" if more > 0 else shown


# -- label files --------------------------------------------------------------------


def read_label_file(path: Path, fmt: str | None = None) -> Iterator[LabelRow | InputError]:
    """The rows of a label file, and a non-fatal InputError for each bad line.

    CSV or TSV with a header naming ``id`` and ``label`` columns (others ignored: search
    output's table fits), or JSONL ``{"id": 12, "label": "bank%1:17:01::"}`` (a search
    hit fits), as ``fmt`` says (csv, tsv, jsonl; None: :func:`label_file_format`).
    Raises InputError (fatal) for an unreadable file, a CSV header without the columns,
    or a file of an annotation tool (``sensegrep import`` reads those).
    """
    from sensegrep.indexer.readers import _common

    name = str(path)
    fmt = fmt or label_file_format(path)
    lines = [(n, line) for n, line in _common.iter_lines(path, name)]
    only = lines[0][1] if len(lines) == 1 else None
    if only is not None and "\r" in only.rstrip("\r\n"):  # lines ended by carriage returns
        lines = list(enumerate(text_lines(only), start=1))  # (Excel for Mac's CSV)
    if fmt == "jsonl":
        yield from _jsonl_rows(name, lines)
    else:
        yield from _csv_rows(name, lines, "\t" if fmt == "tsv" else ",")


def label_file_format(path: Path) -> str:
    """csv, tsv or jsonl: what the file's first lines show (sensegrep/detect.py), else
    its extension (``.jsonl``/``.ndjson`` JSONL, ``.tsv`` TSV, any other CSV). A file
    made for an annotation tool (Prodigy, doccano, CoNLL-U, WebAnno) is a fatal
    InputError that names ``sensegrep import``, which reads it."""
    from sensegrep.detect import LABEL_FORMAT_NAMES, head_lines, label_format

    found = label_format(path)
    if found in ("csv", "tsv", "jsonl"):
        return found
    if found is not None:
        raise InputError(
            str(path),
            f"this is a {LABEL_FORMAT_NAMES[found]} file (told by its first lines): read "
            f"its labels with `sensegrep import {path}`",
        )
    suffix = path.suffix.lower()
    first = head_lines(path)[:1]
    if suffix in (".jsonl", ".ndjson") or (first and first[0].startswith("{")):
        return "jsonl"
    return "tsv" if suffix == ".tsv" else "csv"


def _jsonl_rows(name: str, lines: list[tuple[int, str | None]]) -> Iterator[LabelRow | InputError]:
    expected = 'an object like {"id": 12, "label": "…"}'
    for item in json_objects(name, [line for _number, line in lines], expected):
        if isinstance(item, InputError):
            yield item
            continue
        number, record = item
        yield _row(
            name,
            number,
            record.get("id"),
            record.get("label"),
            record.get("label_predicted"),
            (record.get("doc"), record.get("form")),
            sentence=record.get("sentence"),
            left=left_of_word(record.get("left"), record.get("match"), record.get("form")),
            exported=record.get("label_exported"),
        )


def _csv_rows(
    name: str, lines: list[tuple[int, str | None]], delimiter: str = ","
) -> Iterator[LabelRow | InputError]:
    # One reader over every line, as import reads a CSV: a quoted cell may hold a line
    # break (a note typed with Alt+Enter in a spreadsheet). Read line by line, its second
    # line was a row of its own, "2,fish is what I first thought" labelling occurrence 2.
    numbers = [number for number, _line in lines]
    too_long = {number for number, line in lines if line is None}
    first = next((line for _number, line in lines if line is not None and line.strip()), "")
    if delimiter == "," and ";" in first and len(next(csv.reader([first]), [])) == 1:
        delimiter = ";"  # Excel's CSV where the decimal mark is a comma (as import reads it)
    reader = csv.reader(
        (line if line is not None else "\n" for _n, line in lines), delimiter=delimiter
    )
    columns: dict[str, int] | None = None
    header = 0  # its cells
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a lone carriage return inside an unquoted field
            number = numbers[reader.line_num - 1]
            if columns is None:
                raise InputError(name, f"expected a CSV header ({error})", line=number) from None
            yield _bad(name, number, f"not a CSV line ({error})")
            continue
        number = numbers[reader.line_num - 1]  # the line the row ends on
        if number in too_long:
            yield InputError(name, "line too long", line=number, fatal=False)
            continue
        if not any(field.strip() for field in fields) and len(fields) <= 1:
            continue
        if columns is None:
            columns = {field.strip().lower(): i for i, field in enumerate(fields)}
            if "id" not in columns or "label" not in columns:
                table = "a TSV" if delimiter == "\t" else "a CSV"
                raise InputError(
                    name,
                    f"expected {table} header naming the columns id,label, got {first.strip()!r}",
                    line=number,
                )
            header = len(fields)
            continue
        at_id, at_label = columns["id"], columns["label"]
        if max(at_id, at_label) >= len(fields):
            yield _bad(name, number, f"expected {len(columns)} fields, got {len(fields)}")
            continue
        past = cells_past_header(fields, header, at_label, columns.get("label_predicted"))
        if past is not None:
            yield _bad(name, number, past)
            continue
        at_predicted = columns.get("label_predicted", len(fields))
        predicted = fields[at_predicted] if at_predicted < len(fields) else None
        # search's CSV/TSV quotes a label (and a text) a spreadsheet would run
        # (sensegrep/cells.py).
        place = tuple(
            cell_text(fields[columns[c]]) if columns.get(c, len(fields)) < len(fields) else None
            for c in ("doc", "form")
        )
        label = cell_text(fields[at_label].strip())
        shown = {c: fields[i] for c, i in columns.items() if i < len(fields)}
        exported = cell_text(shown["label_exported"]) if "label_exported" in shown else None
        yield _row(
            name, number, fields[at_id].strip(), label, predicted, place, delimiter,
            row_sentence(shown), row_left(shown), exported,
        )  # fmt: skip


def cells_past_header(
    cells: list[str], header: int, at_label: int, at_predicted: int | None = None
) -> str | None:
    """Why a CSV row of ``cells`` does not fit a header of ``header`` columns by having
    more, or None: the cells past the header hold text, or the cells after the label
    (column ``at_label``) may have moved (a label typed with an unquoted comma: its rest
    dropped unsaid, or read as label_predicted). Empty cells past the header fit where
    every cell after the label is empty ("12,river,") or the one after it is the
    label_predicted column (``at_predicted``) holding a yes or no, as export and search
    write it: a spreadsheet's empty columns past label_exported."""
    extra = cells[header:]
    if not extra:
        return None
    if not any(cell.strip() for cell in extra):
        if not any(cell.strip() for cell in cells[at_label + 1 :]):
            return None
        if at_predicted == at_label + 1 and _yes_or_no(cells[at_predicted]):
            return None
    return (
        f"a row of {len(cells)} cells where the header has {header}: a cell holding the "
        "delimiter unquoted (a label typed with a comma?); quote that cell"
    )


def _yes_or_no(cell: str) -> bool:
    """Whether a label_predicted cell holds what one holds: nothing, a yes or a no."""
    text = cell.strip().lower()
    return not text or text in _YES or text in _NO


def _row(
    name: str,
    number: int,
    raw_id: Any,
    label: Any,
    predicted: Any = None,
    place: tuple[Any, Any] = (None, None),
    delimiter: str | None = None,
    sentence: Any = None,
    left: Any = None,
    exported: Any = None,
) -> LabelRow | InputError:
    # A CSV or TSV cell as a spreadsheet saved it (12.000 where the decimal mark is a
    # comma is 12000, not 12); a JSON value as it is.
    occurrence = (
        parse_occurrence_id(raw_id) if delimiter is None else spreadsheet_id(raw_id, delimiter)
    )
    if occurrence is None:
        return _bad(name, number, f"expected an occurrence id (an integer), got {raw_id!r}")
    if label is None:  # a JSONL line without "label" (or null): said in no Python words
        return _bad(name, number, "no label: each line of a file of labels to set needs one")
    if not isinstance(label, str) or not label.split():
        shown = repr(label) if isinstance(label, str) else json.dumps(label)[:60]
        return _bad(name, number, f"expected a non-empty label, got {shown}")
    problem = label_problem(" ".join(label.split()))
    if problem is not None:
        return _bad(name, number, problem)
    said = said_predicted(predicted)
    doc, form = map(said_text, place)
    shown = sentence if isinstance(sentence, str) and sentence.strip() else None
    label = composed(" ".join(label.split()))
    before = left if isinstance(left, str) and shown is not None else None
    as_exported = " ".join(exported.split()) or None if isinstance(exported, str) else None
    return LabelRow(number, occurrence, label, said, doc, form, shown, before, as_exported)


def row_sentence(row: dict[str, Any]) -> str | None:
    """The sentence a CSV or TSV row shows: search's ``sentence``, or export's ``left``,
    ``word`` and ``right`` (spaces are not compared); None where it shows none."""
    if isinstance(row.get("sentence"), str):
        return said_text(cell_text(row["sentence"]))
    parts = [row.get(name) for name in ("left", "word", "right")]
    if not all(isinstance(part, str) for part in parts):
        return None
    if any(value_like(part) for part in parts):
        return None  # a spreadsheet may have rewritten it: its doc and word are compared
    return said_text(" ".join(cell_text(part) for part in parts))


def row_left(row: dict[str, Any]) -> str | None:
    """The text before the word in its sentence that a CSV or TSV row shows (``left``:
    export's and search's); None where it shows none, or a spreadsheet may have
    rewritten it (:func:`value_like`)."""
    left = row.get("left")
    if not isinstance(left, str) or value_like(left):
        return None
    match, form = row.get("match"), row.get("form", row.get("word"))
    return left_of_word(cell_text(left), match if match is None else cell_text(str(match)), form)


def left_of_word(left: Any, match: Any, form: Any) -> str | None:
    """``left``, the text before the word in its sentence, unless the line is search
    output of a pattern (``match`` more than its ``form``): its ``left`` is the text
    before the whole match, of which the word, the pattern's target, may be any token
    (None then: its sentence is still compared)."""
    if not isinstance(left, str):
        return None
    if match is None:
        return left
    if isinstance(match, list) and all(isinstance(part, str) for part in match):
        match = " ".join(match)
    if not isinstance(match, str) or not isinstance(form, str):
        return None
    return left if _squeezed(match) == _squeezed(form) else None


def value_like(cell: str) -> bool:
    """A context cell a spreadsheet reads as a value and saves as it shows it (007 as 7,
    3.50 as 3.5, 1/2 as 2-Jan, 5 May 2020 as 05/05/2020, true as TRUE): a few words
    with a digit, or a switch. Compared, its row was refused as another sentence's."""
    words = cell.split()
    if len(words) == 1 and words[0].casefold() in ("true", "false"):
        return True
    return 0 < len(words) <= 3 and any(c.isdigit() for c in cell)


def said_text(value: Any) -> str | None:
    """The document id or word form a label file's line gives its occurrence (None:
    none given)."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value)
    return text if text.strip() else None


Place = tuple[int, int, str | None, str | None]  # line, occurrence id, its doc and form


def in_other_places(index: Index, path: Path | str, lines: Iterable[Place]) -> list[InputError]:
    """The lines ``(line, occurrence id, document, form)`` whose id is a token of
    another document of the index, or another word, than the line says: a file written
    from another index (or before its documents were indexed again), whose ids name
    other words here. Each is a bad line; applied, it would label some other word
    without a word (issue 23: an export read into an index of the same texts in
    another order)."""
    said = [place for place in lines if place[2] is not None or place[3] is not None]
    found = index.token_places(place[1] for place in said)
    return [
        _bad(str(path), line, _elsewhere(i, (doc, form), found[i]))
        for line, i, doc, form in said
        if i in found and _differs((doc, form), found[i])
    ]


def in_other_sentences(
    index: Index, path: Path | str, lines: Iterable[tuple[int, int, str, str | None]]
) -> list[InputError]:
    """The lines ``(line, occurrence id, the sentence the file shows it in, the text
    before it there or None)`` whose id is an occurrence in another sentence here, or
    another occurrence of its word in that sentence. WebAnno's only other check is the
    word: a file of another index whose id is another occurrence of the same word here
    put its label on that one without a word (issue 23). Spaces are not compared (a
    tool may space a sentence otherwise)."""
    said = list(lines)
    found = index.contexts([i for _line, i, _sentence, _left in said])
    bad = []
    for line, i, sentence, left in said:
        if i not in found:
            continue
        here = found[i]
        if _squeezed(sentence) != _squeezed(here.sentence):
            bad.append(_bad(str(path), line, _other_sentence(i, sentence, here.sentence)))
        elif left is not None and _squeezed(left) != _squeezed(here.left):
            bad.append(_bad(str(path), line, _other_place(i, here.form, left, here.left)))
    return bad


def _squeezed(sentence: str) -> str:
    """A sentence without its spaces and backslashes, its quotes straight: WebAnno
    escapes its #Text (a tool may write it escaped or not, and space it otherwise), and
    a spreadsheet or editor may make quotes typographic, or an editor save it decomposed
    (NFD), as a search reads it composed."""
    return composed("".join(sentence.split()).replace("\\", "").translate(_STRAIGHT))


_STRAIGHT = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\"")


def _other_sentence(occurrence: int, said: str, found: str) -> str:
    def cut(text: str) -> str:
        text = unescaped(" ".join(text.split()))
        return repr(text if len(text) <= 60 else text[:57] + "...")

    return (
        f"occurrence {occurrence} is in {cut(found)} here, not in {cut(said)} as the file "
        "says: an id edited by hand, or a file written from another index, names another "
        "occurrence here"
    )


def _other_place(occurrence: int, form: str, said: str, found: str) -> str:
    def after(text: str) -> str:
        text = unescaped(" ".join(text.split()))
        return repr(text if len(text) <= 40 else "..." + text[-37:])

    def place(text: str, word: str) -> str:
        return f"the {word} after {after(text)}" if text.strip() else f"the {word} that begins it"

    return (
        f"occurrence {occurrence} is {place(found, repr(form))} in its sentence here, not "
        f"{place(said, 'one')} as the file says: an id edited by hand, or a file written "
        "from another index, names another occurrence here"
    )


def _differs(said: tuple[str | None, str | None], found: tuple[str, str]) -> bool:
    doc, form = said
    if doc is not None and _as_number(doc) is not None and _as_number(doc) == _as_number(found[0]):
        doc = found[0]  # a spreadsheet's number: 00042 saved as 42 (or 42.0) is document 00042
    # Composed: 'café' saved decomposed (NFD) by an editor is the word here, as in a search.
    pairs = zip((doc, form), found, strict=True)
    return any(s is not None and composed(s) != composed(f) for s, f in pairs)


def _as_number(doc: str) -> int | None:
    """A document id a spreadsheet reads as a number (00042, 42.0), as that number; else
    None. Excel saves such an id without its leading zeros: every line of the file was a
    bad line said to be "a file written from another index" (pass 31f)."""
    whole, point, zeros = doc.strip().partition(".")
    if point and set(zeros) != {"0"}:
        return None
    return int(whole) if whole.isascii() and whole.isdigit() else None


def _elsewhere(occurrence: int, said: tuple[str | None, str | None], found: tuple[str, str]) -> str:
    def place(doc: str | None, form: str | None) -> str:
        return " in ".join(repr(part) for part in (form, doc) if part is not None)

    # Only the document differs: a spreadsheet may have rewritten the doc cell (a date,
    # 2020-01-05 saved as 1/5/2020), which read as the file being another index's only.
    rewritten = said[0] is not None and said[1] in (None, found[1])
    return (
        f"occurrence {occurrence} is {place(*found)} here, not {place(*said)} as the line "
        "says: a file written from another index labels other words with these ids"
        + (
            " (or a spreadsheet rewrote the doc cells, as a date or a number: delete the "
            "doc column to import by id and word)"
            if rewritten
            else ""
        )
    )


def overruled(
    lines: Iterable[tuple[int, int, str | None]],
) -> tuple[tuple[int, str, int, str, int], ...]:
    """Of a file's (line, occurrence id, label) in line order, each line that gives an
    id another label than an earlier line did, which it overrules (the later line wins):
    (id, the earlier label, its line, the later label, its line). Two annotators' files
    merged disagree so; counted as repeats only, the earlier label was lost unsaid."""
    last: dict[int, tuple[str, int]] = {}
    found = []
    for line, occurrence, label in lines:
        if label is None:
            continue
        label = " ".join(label.split())
        if occurrence in last and last[occurrence][0] != label:
            found.append((occurrence, *last[occurrence], label, line))
        last[occurrence] = (label, line)
    return tuple(found)


def parse_occurrence_id(value: Any) -> int | None:
    """An occurrence id from a file: a JSON integer or a string of ASCII digits (not
    "²" or "٣", which str.isdigit() accepts and int() does not), or a whole number
    written as a float (5.0, "5.0": pandas writes a column of ids so when one row lacks
    it, as doccano's export of a project with other items does); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str):
        text = value.strip()
        whole, point, zeros = text.partition(".")
        if point and zeros and set(zeros) == {"0"}:
            text = whole
        if text.isascii() and text.isdigit():
            return int(text)
    return None


# A spreadsheet's id cell with its digits grouped by thousands: 12.000, 12,000, 12 000.
_GROUPED = re.compile(r"[1-9]\d{0,2}(?P<mark>[.,' \u00a0\u202f])\d{3}(?:(?P=mark)\d{3})*")


def spreadsheet_id(cell: Any, delimiter: str) -> int | None:
    """An occurrence id from a cell of a CSV or TSV file cut at ``delimiter``, as a
    spreadsheet saves it: as :func:`parse_occurrence_id` reads it, or with its digits
    grouped by thousands as the spreadsheet's locale writes them. A file cut at
    semicolons is saved where the decimal mark is a comma, so 12.000 is twelve thousand
    (and 12,0 twelve); one cut at commas where it is a point (12,000 twelve thousand,
    12.000 twelve). In a TSV, which tells no locale, 12.000 and 12,000 could be either:
    None (a bad line), never a label on occurrence 12 meant for 12000 (issue 23)."""
    if not isinstance(cell, str):
        return parse_occurrence_id(cell)
    text = cell.strip()
    decimal = {";": ",", ",": "."}.get(delimiter)
    grouped = _GROUPED.fullmatch(text)
    if grouped is not None and grouped["mark"] != decimal:
        mark = grouped["mark"]
        if decimal is None and mark in ".," and text.count(mark) == 1 and text.endswith("000"):
            return None  # twelve, or twelve thousand
        return int(re.sub(r"\D", "", text))
    if decimal == ",":
        whole, comma, zeros = text.partition(",")
        if comma and zeros and set(zeros) == {"0"}:
            text = whole  # 12,0: a whole number where the decimal mark is a comma
    return parse_occurrence_id(text)


def unknown_occurrence(
    path: Path | str,
    line: int,
    occurrence: int,
    folder: Path | str,
    token: bool = False,
    removed: bool = False,
) -> InputError:
    """The skipped line of a label file whose id is no occurrence of the index:
    "FILE:LINE: unknown occurrence id 123: …"; ``token``: the id is a token without a
    sense vector (a plain concordance lists it, and no label can go on it); ``removed``:
    it was an occurrence, of a document removed since (as `label ID` says it: the file
    was written before, not from another index)."""
    if token:
        why = (
            "that token has no sense vector (function words and auxiliaries get none): "
            "only an occurrence with one takes a label"
        )
    elif removed:
        why = (
            f"it was in a document of {folder} removed since (by `sensegrep remove`, or "
            "replaced by a new version indexed; ids are never reused)"
        )
    else:
        why = f"no occurrence of {folder} has it (the ids are those of search output and export)"
    return _bad(str(path), line, f"unknown occurrence id {occurrence}: {why}")


def _bad(name: str, number: int, message: str) -> InputError:
    return InputError(name, message, line=number, fatal=False)
