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

# The formats a file's extension names; JSONL is Prodigy's or doccano's, so it is asked.
_FORMAT_OF_EXTENSION = {".conllu": "conllu", ".tsv": "webanno", ".csv": "csv"}


def annotation_text(to: str, items: Sequence[ExportItem]) -> str:
    """``items`` in the format of an annotation tool (prodigy, doccano, conllu,
    webanno, csv), each carrying its occurrence id for :func:`import_labels`."""
    from sensegrep.export import write

    return write(to, items)


def format_of(path: str | Path) -> str | None:
    """The export format a file's extension names (.conllu, .tsv, .csv); None for any
    other (a .jsonl file may be Prodigy's or doccano's)."""
    return _FORMAT_OF_EXTENSION.get(Path(path).suffix.lower())


@dataclass(frozen=True)
class LabelImport:
    """What :func:`import_labels` did: the labels it set, and what it skipped."""

    applied: int
    problems: list[SensegrepError]


def import_labels(
    index: SenseIndex,
    path: str | Path,
    fmt: str,
    on_error: Callable[[SensegrepError], None] | None = None,
) -> LabelImport:
    """Set the labels of a file made by :meth:`SenseIndex.export` in format ``fmt``
    and annotated in its tool (source ``import:FMT``). Bad lines (InputError) and ids
    that are no occurrence of the index (QueryError) are skipped, each passed to
    ``on_error`` as it is found; a later label of an id wins."""
    from sensegrep.export import read_labels
    from sensegrep.labels.labelling import missing_occurrences, set_labels

    path = Path(path)
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
