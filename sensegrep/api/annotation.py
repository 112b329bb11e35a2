"""Round trips through annotation tools beyond :meth:`SenseIndex.export`: the text of
occurrences chosen with :meth:`SenseIndex.annotation_items`, and reading the labels of
an annotated file back into the index (``sensegrep export`` and ``import``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sensegrep.errors import InputError, QueryError, SensegrepError

if TYPE_CHECKING:
    from sensegrep.api.index import SenseIndex
    from sensegrep.export import ExportItem

# The formats a file's extension names, when its first lines tell none.
_FORMAT_OF_EXTENSION = {".conllu": "conllu", ".tsv": "webanno", ".csv": "csv"}


def annotation_text(to: str, items: Sequence[ExportItem]) -> str:
    """``items`` in the format of an annotation tool (prodigy, doccano, conllu,
    webanno, csv), each carrying its occurrence id for :func:`import_labels`."""
    from sensegrep.export import write

    return write(to, items)


def format_of(path: str | Path) -> str | None:
    """The format :func:`import_labels` reads a labelled file in: the one its first
    lines show (Prodigy, doccano, CoNLL-U, WebAnno TSV, and search output as CSV, TSV or
    JSONL: sensegrep/detect.py), else the one its extension names (.conllu, .tsv, .csv);
    None when neither tells."""
    from sensegrep.detect import label_format

    path = Path(path)
    return label_format(path) or _FORMAT_OF_EXTENSION.get(path.suffix.lower())


def format_name(fmt: str) -> str:
    """An import format in words: "prodigy" → "Prodigy JSONL"."""
    from sensegrep.detect import LABEL_FORMAT_NAMES

    return LABEL_FORMAT_NAMES.get(fmt, fmt)


def undetected_format(path: str | Path) -> SensegrepError:
    """The one-line error for a labelled file whose format nothing tells."""
    from sensegrep.choices import IMPORT_FORMATS

    return SensegrepError(
        f"cannot tell the format of {path} from its first lines or its extension: "
        f"pass --format (one of {', '.join(IMPORT_FORMATS)})"
    )


@dataclass(frozen=True)
class LabelImport:
    """What :func:`import_labels` did: the labels it set, and what it skipped."""

    applied: int
    problems: list[SensegrepError]


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
    (QueryError) are skipped, each passed to ``on_error`` as it is found; a later label
    of an id wins."""
    from sensegrep.export import read_labels
    from sensegrep.labels.labelling import missing_occurrences, set_labels

    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt is None:
        raise undetected_format(path)
    labels: dict[int, str] = {}
    problems: list[SensegrepError] = []

    def skip(problem: SensegrepError) -> None:
        problems.append(problem)
        if on_error is not None:
            on_error(problem)

    for item in read_labels(fmt, path):
        if isinstance(item, InputError):
            skip(item)
        else:
            labels[item[0]] = item[1]
    for missing in missing_occurrences(index.storage, labels):
        skip(QueryError(f"{path}: no occurrence {missing} in {index.path} (skipped)"))
        labels.pop(missing)
    applied = set_labels(index.storage, labels, source=f"import:{fmt}") if labels else 0
    return LabelImport(applied, problems)
