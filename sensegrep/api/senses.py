"""Induced senses beyond :meth:`SenseIndex.senses`: the table of a word's senses by a
metadata field for senses already induced, the PNG map of ``sensegrep plot``, and
:func:`no_sense_writes`, inside which nothing about senses is stored.

Both read stored vectors only: no encoder is loaded. numpy and matplotlib load when a
function needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sensegrep.api.results import not_current_note

if TYPE_CHECKING:
    from sensegrep.api.index import SenseIndex
    from sensegrep.api.results import Senses
    from sensegrep.senses import SenseTable


@contextmanager
def no_sense_writes(reason: str | None = None) -> Iterator[None]:
    """Inside it (in this thread or task), nothing about induced senses is written to
    any index: a word without a stored run has its senses induced in memory (their
    ``run`` is None), occurrences added since a run are assigned in memory, and nothing
    is pinned. The web app answers every GET so: a GET never stores a run; and a server
    run with --read-only the command line's searches (``reason`` says so in a note)."""
    from sensegrep.senses.runs import GET_STORES_NONE, not_stored

    with not_stored(reason or GET_STORES_NONE):
        yield


def read_only_server() -> str:
    """The reason a ``--read-only`` server's requests store no run, as notes say it."""
    from sensegrep.senses.runs import READ_ONLY_SERVER

    return READ_ONLY_SERVER


def answering_read_only() -> bool:
    """Whether this thread or task answers for a ``--read-only`` server (inside
    :func:`no_sense_writes` with :func:`read_only_server`'s reason)."""
    from sensegrep.senses.runs import READ_ONLY_SERVER, not_storing_because

    return not_storing_because() == READ_ONLY_SERVER


def sense_table(
    index: SenseIndex, senses: Senses, field: str, *, bin_width: int | None = None
) -> SenseTable:
    """Occurrences of each of ``senses`` (from :meth:`SenseIndex.senses`) per value of
    a document metadata field (``decade`` is derived from a numeric ``year``), with the
    figures of :meth:`SenseIndex.senses_by`; QueryError naming the index's fields when
    no occurrence's document has it. A stored run is read again with the corpus, of one
    state of the index: tabulated as ``senses`` had read it, a document another process
    added since was in its value's tokens but in no sense (pass 29a)."""
    from sensegrep.stats.timeline import index_timeline

    if senses.info.stored:
        return index.senses_by(senses.word, field, run=senses.info.id, bin_width=bin_width)
    return index_timeline(index.storage, senses.run, field, bin_width=bin_width)


def check_sense_field(index: SenseIndex, field: str, *, bin_width: int | None = None) -> None:
    """A QueryError for a field :func:`sense_table` could not tabulate (no document has
    it): ask it before :meth:`SenseIndex.senses` induces a run for the table."""
    from sensegrep.stats.timeline import check_field

    check_field(index.storage, field, bin_width)


def plot_sense_table(table: SenseTable, output: str | Path) -> Path:
    """Draw the chart of a table from :meth:`SenseIndex.senses_by` as a PNG at
    ``output``: a stacked sense timeline (per million tokens) for a numeric field,
    grouped bars for a text one. What the chart leaves out: :func:`not_drawn`."""
    from sensegrep.stats.timeline_chart import draw

    draw(table, Path(output))  # type: ignore[arg-type]
    return Path(output)


def not_drawn(table: SenseTable) -> str | None:
    """The occurrences a numeric timeline's chart leaves out (``(none)``: documents
    without the field), in words, as the chart's subtitle says them; None: none."""
    from sensegrep.stats.timeline_chart import not_drawn as said

    return said(table)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SensePlot:
    """A map written by :func:`plot_senses`: the file, the occurrences drawn, all of
    the word's occurrences, and the sense run coloured (None: not stored)."""

    path: Path
    points: int
    occurrences: int
    run: int | None = None
    notes: list[str] = field(default_factory=list)  # a sense run made for it, said


def plot_senses(
    index: SenseIndex,
    word: str,
    output: str | Path,
    *,
    by: str = "sense",
    n: int | None = None,
    max_points: int | None = None,
    run: int | None = None,
) -> SensePlot:
    """Draw a 2-D map (PCA) of the occurrences of ``word`` as a PNG at ``output``: a
    seeded sample of at most ``max_points`` (default 3000), coloured by induced sense
    or, ``by="label"``, by stored label, a few of them quoted. The senses are the word's
    current run, stored run ``run``, or a new run of ``n`` senses (as
    :meth:`SenseIndex.senses`). For the coordinates alone, undrawn, see
    :meth:`SenseIndex.sense_map`."""
    from sensegrep.senses import runs_made_noted, with_current_collocates, word_senses
    from sensegrep.senses.plot import MAX_POINTS, draw, plot_data

    notes: list[str] = []
    with runs_made_noted(notes):
        senses = word_senses(index.storage, word, n, index.lang, run=run)
    if n is not None and senses.id is not None and not senses.current:
        notes.append(not_current_note(senses.lemma, senses.id))  # as `senses --n` says
    senses = with_current_collocates(index.storage, senses)  # the legend names each sense
    data = plot_data(index.storage, senses, by, max_points or MAX_POINTS)
    draw(data, Path(output))
    return SensePlot(Path(output), data.points, len(senses.ids), senses.id, notes)
