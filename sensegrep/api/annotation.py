"""Round trips through annotation tools beyond :meth:`SenseIndex.export`: the text of
occurrences chosen with :meth:`SenseIndex.annotation_items`, and reading the labels of
an annotated file back into the index (``sensegrep export`` and ``import``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sensegrep.api.labelling import StoredLabels
from sensegrep.errors import InputError, SensegrepError

if TYPE_CHECKING:
    from sensegrep.api.index import SenseIndex
    from sensegrep.export import ExportItem

# The formats a file's extension names, when its first lines tell none.
_FORMAT_OF_EXTENSION = {".conllu": "conllu", ".tsv": "webanno", ".csv": "csv"}


def annotation_text(to: str, items: Sequence[ExportItem], raw_csv: bool = False) -> str:
    """``items`` in the format of an annotation tool (prodigy, doccano, conllu,
    webanno, csv), each carrying its occurrence id for :func:`import_labels`. A csv
    text cell a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``)
    starts with ``'``, unless ``raw_csv`` (sensegrep/cells.py)."""
    from sensegrep.export import write

    return write(to, items, raw_csv)


def format_of(path: str | Path) -> str | None:
    """The format :func:`import_labels` reads a labelled file in: the one its first
    lines show (Prodigy, doccano, CoNLL-U, WebAnno TSV, and search output as CSV, TSV or
    JSONL: sensegrep/detect.py), else the one its extension names (.conllu, .tsv, .csv);
    None when neither tells."""
    from sensegrep.detect import label_format

    path = Path(path)
    return label_format(path) or _FORMAT_OF_EXTENSION.get(path.suffix.lower())


def format_detected(path: str | Path) -> bool:
    """Whether the file's first lines show its format (else :func:`format_of` goes by
    its extension, which vouches for no column)."""
    from sensegrep.detect import label_format

    return label_format(Path(path)) is not None


def format_name(fmt: str) -> str:
    """An import format in words: "prodigy" → "Prodigy JSONL"."""
    from sensegrep.detect import LABEL_FORMAT_NAMES

    return LABEL_FORMAT_NAMES.get(fmt, fmt)


def blank_file(path: str | Path) -> bool:
    """Whether the file holds nothing but blank lines (and a byte order mark): told by
    no format, whatever its extension (an empty .csv was "expected a header with id and
    label columns", one bad line of a file without one; pass 39j)."""
    try:
        with open(path, "rb") as file:
            head = file.read(65537)
        return len(head) <= 65536 and not head.decode("utf-8-sig").strip()
    except (OSError, UnicodeDecodeError):
        return False


def undetected_format(path: str | Path) -> SensegrepError:
    """The one-line error for a labelled file whose format nothing tells."""
    from sensegrep.choices import IMPORT_FORMATS
    from sensegrep.indexer.readers._common import not_utf8

    try:
        with open(path, "rb") as file:
            head = file.read(65536)
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Excel's "Unicode Text" is UTF-16: "pass --format" then only led to that error.
        if exc.reason != "unexpected end of data" or len(head) < 65536:
            problem = not_utf8(path, head, exc).message
            return SensegrepError(f"cannot tell the format of {path}: {problem}")
    except OSError:
        pass
    else:
        # "pass --format" led only to "no item to read" (pass 39e); a byte order mark is
        # no content (Notepad's "UTF-8 with BOM" writes one in an empty file, pass 39j).
        text = head.decode("utf-8-sig")
        if not text.strip():
            empty = "is empty" if not text else "holds only blank lines"
            return SensegrepError(
                f"{path} {empty}: no item to read (a labelled file is one `sensegrep "
                "export` or `search` wrote); nothing was changed"
            )
    return SensegrepError(
        f"cannot tell the format of {path} from its first lines or its extension: "
        f"pass --format (one of {', '.join(IMPORT_FORMATS)})"
    )


@dataclass(frozen=True)
class LabelImport:
    """What :func:`import_labels` did: the labels it set (one per occurrence), and the
    lines it skipped as bad (``problems``, in line order: each names its file and line).
    Of the ``records`` the file holds (its JSONL or CSV lines, its CoNLL-U or WebAnno
    target words, bad ones included), ``labelled`` carried a label for an occurrence of
    the index, ``unlabelled`` none (not annotated yet: skipped, no error), ``rejected``
    and ``ignored`` none because the annotator answered so (Prodigy's ``reject`` and
    ``ignore``: skipped, no error), ``no_option`` none because the annotator accepted
    the item with no option chosen (skipped: the occurrence keeps the label it has),
    ``cleared`` none because the annotator deleted the label it was exported with
    (skipped likewise: an import removes no label), and the rest were bad: ``unknown``
    of them an id that is no occurrence of the index,
    ``elsewhere`` an id of another document than the item says (a file from another
    index), the others malformed. ``labelled`` exceeds
    ``applied`` when the file labels an occurrence twice (the later line wins).
    ``predictions``: of ``labelled``, lines of search output (or a CSV export) whose
    ``label_predicted`` says their label is classify --apply's, read back unchanged
    (WebAnno, which cannot say it: a label equal to the occurrence's prediction): left
    as predictions, not applied as the file's; ``restored``: of ``applied``, such
    labels stored as predictions where the occurrence held no label (the file's mark
    is all there is to go by); ``guarded``: such lines left alone because the occurrence
    holds a label given by hand or with the input (a stale prediction never replaces a
    checked label). ``repeated``: of ``labelled``, lines
    of an id an earlier line labelled too (the later line won). ``stored``: the labels
    set (a space in a label separates several)."""

    applied: int
    problems: list[SensegrepError]
    records: int = 0
    labelled: int = 0
    unlabelled: int = 0
    unknown: int = 0
    elsewhere: int = 0
    rejected: int = 0
    ignored: int = 0
    # Prodigy items answered "accept" with no option chosen (the preselected label
    # unticked): no label read, the occurrence's own kept; they were counted as "not
    # annotated yet".
    no_option: int = 0
    # Items exported with a label that the file leaves empty (the annotator deleted it):
    # (id, the label as exported). Not applied (import never removes a label), nor
    # counted in ``unlabelled``: named, with `label --remove`.
    cleared: tuple[tuple[int, str], ...] = ()
    # Of ``applied``, labels the occurrence held already (given by hand or with the
    # input): a file read back with one label changed said "applied 15 label(s)".
    unchanged: int = 0
    # Their ids (file_label_notes: a label they held is not new to their word).
    held_already: tuple[int, ...] = ()
    # Of ``applied``, labels that replaced another label given by hand or with the
    # input: (occurrence id, the label it held, the file's). An export read back after
    # someone else changed a label puts the export's old one back; this says so.
    replaced: tuple[tuple[int, str, str], ...] = ()
    # Labels read back as they were exported whose occurrence was given another label
    # since: left as the index has them, (id, the index's label, the file's). Applied,
    # the export's old label went back over the newer one.
    held: tuple[tuple[int, str, str], ...] = ()
    # Labels read back as they were exported whose occurrence holds no label now, put
    # back: (id, the file's label). An index built again, or a `label --remove` made
    # before the index recorded removals: named, as it may undo one.
    refilled: tuple[tuple[int, str], ...] = ()
    # Labels read back as they were exported whose occurrence's label was removed since
    # (`label --remove`, an undo): left off, as the index has them, (id, the file's
    # label). Applied, the removal was undone (pass 29g).
    removed: tuple[tuple[int, str], ...] = ()
    # Labels of a file without labels as exported (WebAnno, search output, an export
    # made before it) that went on occurrences whose label was removed (the record of
    # removals): (id, the file's label, the label removed). It cannot tell one the
    # annotator left from one set again, so applied, and named (WebAnno undid a removal
    # unsaid, also of a label relabelled after the export, then removed).
    undone: tuple[tuple[int, str, str], ...] = ()
    predictions: int = 0
    restored: int = 0
    guarded: int = 0
    repeated: int = 0
    # Of ``repeated``, lines that gave an id another label than an earlier line (two
    # annotators' files merged): (id, the earlier label, its line, the later, its line).
    overruled: tuple[tuple[int, str, int, str, int], ...] = ()
    stored: StoredLabels = field(default_factory=StoredLabels)  # the labels set
    # The occurrences whose labels it set (or found held already), as label --from's
    # ``ids``: the words they are of are said (a search of a pattern gives the id of its
    # first token: "the", not "bank").
    ids: tuple[int, ...] = ()

    @property
    def bad(self) -> int:
        """Lines skipped as bad: unreadable or malformed ones, unknown ids and ids of
        another document."""
        return len(self.problems)


def import_labels(
    index: SenseIndex,
    path: str | Path,
    fmt: str | None = None,
    on_error: Callable[[SensegrepError], None] | None = None,
) -> LabelImport:
    """Set the labels of a file made by :meth:`SenseIndex.export` in format ``fmt``
    and annotated in its tool, or of search output with labels filled in (source
    ``import:FMT``); ``fmt`` None: :func:`format_of` tells it (SensegrepError when it
    cannot). Bad lines (InputError) and ids that are no occurrence of the index
    (InputError "FILE:LINE: unknown occurrence id N") are skipped, each passed to
    ``on_error`` as it is found, and the rest applied; items without a label are
    counted, not applied; a later label of an id wins. An InputError (raised) when the
    file lists no item at all (an empty file, or one that was not exported by
    sensegrep): there is nothing to read, which is no import of nothing."""
    from sensegrep.export import LabelRecord, read_label_records
    from sensegrep.labels.labelling import (
        in_other_places,
        in_other_sentences,
        missing_occurrences,
        overruled,
        removed_put_back,
        set_read_labels,
        since_export,
        unchanged_predictions,
        unknown_occurrence,
    )

    path = Path(path)
    if fmt is None and blank_file(path):
        raise undetected_format(path)  # (that it is empty)
    fmt = fmt or format_of(path)
    if fmt is None:
        raise undetected_format(path)
    records: list[LabelRecord] = []
    problems: list[SensegrepError] = []

    def skip(problem: SensegrepError) -> None:
        problems.append(problem)
        if on_error is not None:
            on_error(problem)

    for item in read_label_records(fmt, path):
        if isinstance(item, InputError):
            skip(item)
        else:
            records.append(item)
    if not records and not problems:
        raise _nothing_to_read(path, fmt)
    malformed = sum(1 for p in problems if isinstance(p, InputError) and not p.fatal)  # lines
    labelled = [r for r in records if r.label is not None]
    missing = set(missing_occurrences(index.storage, {r.id for r in labelled}))
    tokens = set(index.storage.existing_tokens(missing))  # without a vector
    removed = set(index.storage.removed_tokens(missing))
    # An id of another document than the item says: the file is another index's, and
    # its ids name other words here (said so, rather than that a token has no vector).
    misplaced = in_other_places(
        index.storage, path, ((r.line, r.id, r.doc, r.form) for r in labelled)
    )
    shown = {p.line for p in misplaced}  # WebAnno: the word checked, then its sentence
    sentences = [(r.line, r.id, r.sentence, r.left) for r in labelled if r.sentence is not None]
    misplaced += in_other_sentences(
        index.storage, path, (s for s in sentences if s[0] not in shown)
    )
    lines = {p.line for p in misplaced}
    for record in labelled:
        if record.id in missing and record.line not in lines:
            at = (record.line, record.id, index.path, record.id in tokens, record.id in removed)
            skip(unknown_occurrence(path, *at))
    for problem in misplaced:
        skip(problem)
    # The lines left out: an unknown id, or a line whose id is another word here. Only
    # that line: another line of the same id that says its word rightly still applies
    # (every line of the id was dropped, the right one unsaid and in no count).
    applying = [r for r in labelled if r.id not in missing and r.line not in lines]
    # Later lines win when an id comes twice, as if the file were applied line by line.
    labels = {r.id: r.label for r in applying if r.label is not None}
    said = {r.id for r in applying if r.predicted} - {r.id for r in applying if not r.predicted}
    exported = {r.id: r.exported for r in applying}  # the later line's, as its label
    since = since_export(index.storage, {i: labels[i] for i in labels if i not in said}, exported)
    # A prediction read back as exported whose label was removed since (the lead took a
    # wrong one off) stays off too: it went back on as a prediction, the removal undone.
    unsaid = since_export(index.storage, {i: labels[i] for i in said if i in labels}, exported)
    kept_off = tuple(sorted((*since.removed, *unsaid.removed)))
    for i, *_labels in (*since.held, *kept_off):  # the index's newer word
        del labels[i]
    undone = removed_put_back(index.storage, labels, exported)  # read before they are set
    if fmt == "webanno":
        # WebAnno TSV has no place for label_predicted: a label read back equal to the
        # prediction its occurrence holds is that prediction, unchanged, and stays one
        # (it became a hand label, voting in classify and trained on by tune; issue 23).
        said |= unchanged_predictions(index.storage, labels, labels)
    read_labels = set_read_labels(index.storage, labels, said, f"import:{fmt}")
    kept, restored = read_labels.kept, read_labels.restored
    apart = kept | read_labels.guarded
    stored = StoredLabels.of(label for i, label in labels.items() if i not in apart)
    unknown = len(labelled) - len(applying)  # with those of another document
    moved = len(misplaced)
    # Exported with a label that the file now leaves empty (a CSV cell, a doccano span
    # or a CoNLL-U Sense= deleted): the annotator took it off, which import does not
    # apply (it never removes a label), so they are counted and named apart from the
    # items nobody annotated (they read as "without a label", the removal lost unsaid).
    cleared = tuple(
        (r.id, clean_exported)
        for r in records
        if r.label is None and r.answer is None and (clean_exported := (r.exported or "").strip())
    )
    answers = Counter(r.answer for r in records if r.label is None)
    return LabelImport(
        read_labels.done,
        sorted(problems, key=_line_of),
        records=len(records) + malformed,
        labelled=len(labelled) - unknown,
        unlabelled=answers[None] - len(cleared),
        cleared=cleared,
        unknown=unknown - moved,
        elsewhere=moved,
        rejected=answers["reject"],
        ignored=answers["ignore"],
        no_option=answers["accept"],
        unchanged=len(read_labels.same),
        held_already=tuple(sorted(read_labels.same)),
        replaced=read_labels.replaced,
        held=since.held,
        removed=kept_off,
        undone=tuple(r for r in undone if r[0] not in read_labels.guarded),
        refilled=tuple(r for r in since.refilled if r[0] not in read_labels.guarded),
        predictions=sum(1 for r in applying if r.id in kept),
        restored=len(restored),
        guarded=len(read_labels.guarded),
        # Counted from the lines, not as labelled - applied: the unchanged predictions
        # left alone are no repeats (issue 23: "25 repeat an earlier id" for none).
        repeated=len(applying) - len({r.id for r in applying}),
        overruled=overruled((r.line, r.id, r.label) for r in applying),
        stored=stored,
        ids=tuple(sorted(i for i in labels if i not in apart)),
    )


def _line_of(problem: SensegrepError) -> int:
    return getattr(problem, "line", None) or 0


def _nothing_to_read(path: Path, fmt: str) -> InputError:
    return InputError(
        path,
        f"no item to read as {format_name(fmt)}: the file is empty or holds no occurrence "
        "id (a labelled file is one `sensegrep export` or `search` wrote); nothing was changed",
    )
