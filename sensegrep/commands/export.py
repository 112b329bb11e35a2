"""``sensegrep export``: sense-matched or sense-balanced batches for annotation tools;
``sensegrep import``: their labels back. Written against :class:`SenseIndex` and
sensegrep/api/annotation.py."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sensegrep.api.labelling import words_of
from sensegrep.choices import EXPORT_FORMATS, GROUPINGS, IMPORT_FORMATS
from sensegrep.commands.labels import (
    GUARDED,
    RESTORED,
    first_five,
    near_labels_lines,
    overruled_lines,
    replaced_lines,
    since_export_lines,
    stored_labels_lines,
)
from sensegrep.commands.options import output_option, raw_csv_option
from sensegrep.commands.search import request_option
from sensegrep.commands.signals import exiting_on
from sensegrep.request import BY_SPELLING
from sensegrep.session import Session

if TYPE_CHECKING:
    from sensegrep.api.annotation import LabelImport


@click.command("export")
@click.argument("word")
@click.option(
    "--to", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Annotation tool format."
)
@output_option("Write here (default, or -: standard output).", required=False)
@click.option(
    "--balanced",
    type=click.IntRange(min=1),
    metavar="N",
    help="N occurrences per induced sense (or per label with --by label).",
)
@click.option(
    "--by",
    type=click.Choice(GROUPINGS),
    help="What --balanced balances over (default: sense).",
)
@click.option(
    "--senses",
    "senses_run",
    type=click.IntRange(min=1),
    metavar="RUN",
    help="The stored sense run --by sense balances over (default: the word's current run).",
)
@click.option("--sample", type=click.IntRange(min=1), metavar="N", help="A random sample of N.")
@click.option(
    "--good-examples",
    "good_examples",
    is_flag=True,
    help="Take the best by example quality (GDEX-like: typical of its sense, a whole "
    "sentence of moderate length, few rare words or names, no pronoun at the start) "
    "instead of at random: the N of --balanced per sense or label, or of --sample.",
)
@click.option(
    "--seed",
    type=int,
    help="Seed of the random draw of --sample or --balanced (default: 0).",
)
@click.option(
    "--options",
    help="Comma-separated labels offered as choices (--to prodigy only); "
    "default: the labels the word already has.",
)
@click.option("--form", is_flag=True, help="Match the word form (in any case), not the lemma.")
@click.option("--pos", multiple=True, help="Only this part of speech.")
@raw_csv_option
@request_option(BY_SPELLING["where"])  # search's --where, from the request definition
@click.pass_obj
def export(
    session: Session,
    word: str,
    fmt: str,
    output: Path | None,
    balanced: int | None,
    by: str | None,
    senses_run: int | None,
    sample: int | None,
    good_examples: bool,
    seed: int | None,
    options: str | None,
    form: bool,
    pos: tuple[str, ...],
    raw_csv: bool,
    where: tuple[tuple[str, str], ...],
) -> None:
    """Occurrences of WORD in an annotation tool's format, each carrying its occurrence id
    so the labelled file imports back with `sensegrep import`."""
    index = session.index()
    choice = {
        "balanced": balanced,
        "by": by,
        "sample": sample,
        "seed": seed,
        "options": options.split(",") if options else None,
        "form": form,
        "pos": pos,
        "senses_run": senses_run,
        "good_examples": good_examples,
        "where": list(where),
    }
    # Written as it is read: a few hundred sentences in memory at any size (pass 29d:
    # 30,016 occurrences of "the" read whole passed 6 GB).
    if output is None:
        written = index.export_text(word, fmt, raw_csv=raw_csv, **choice)
        for piece in written:
            try:
                click.echo(piece, nl=False)
            except OSError as error:  # a write names no file: said of the index folder
                if error.filename is None and error.strerror:
                    raise OSError(error.errno, error.strerror, "standard output") from error
                raise
    else:
        # SIGTERM (a job killed, a timeout) unwinds as Ctrl-C does: FILE kept, no FILE.part
        # left beside it (the process ended at once).
        with exiting_on(signal.SIGTERM):
            written = index.export_to(word, fmt, output, raw_csv=raw_csv, **choice)
    for note in written.notes:  # a sense run made to balance by
        # Why nothing passed the filters is said as search says it, without "note:".
        click.echo(note if note == written.why_empty else f"note: {note}", err=True)
    if output is not None:
        click.echo(f"wrote {written.written} occurrence(s) of {word!r} to {output}", err=True)


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="The file's format (default: told by its first lines, else its extension).",
)
@click.pass_obj
def import_labels(session: Session, path: Path, fmt: str | None) -> None:
    """Read the labels of a file made by `sensegrep export` and annotated in its tool,
    or of search output (--format csv, tsv or jsonl) with its label column filled in.

    One line says how many items (lines; target words in CoNLL-U and WebAnno) were
    read, how many labels applied, how many items had no label yet and how many the
    annotator rejected or ignored (Prodigy; all skipped, no error), and how many were
    bad. Bad lines and unknown occurrence ids are reported as FILE:LINE and skipped, the
    rest applied, and the exit status is then 1.
    """
    from sensegrep.api.annotation import (
        blank_file,
        format_detected,
        format_name,
        format_of,
        import_labels,
        undetected_format,
    )

    if fmt is None:
        fmt = format_of(path)
        if fmt is None or blank_file(path):  # (an empty .csv: that it is empty)
            raise undetected_format(path)
        # Told by the extension, not by the lines: "detected" would vouch for columns.
        how = "detected" if format_detected(path) else f"told by its extension {path.suffix}"
        click.echo(f"{path}: read as {format_name(fmt)} ({how}; --format to choose)", err=True)
    elif format_detected(path) and format_of(path) not in (None, fmt):
        # Every line then a bad line ("no sensegrep_id/target") with nothing said of why.
        shown = format_name(format_of(path) or fmt)
        click.echo(
            f"note: {path}: read as --format {fmt} though its first lines show {shown}",
            err=True,
        )
    done = import_labels(session.index(), path, fmt)
    for problem in done.problems:  # in line order
        click.echo(f"error: {problem}", err=True)
    click.echo(_import_summary(done, path), err=True)
    lines = session.index().contexts(list(done.ids)) if done.ids else []
    if lines:  # which words, as label --from says it
        click.echo(f"labelled: occurrences of {words_of(lines)}", err=True)
    stored_labels_lines(done.stored)
    near_labels_lines(session.index(), lines, done)
    replaced_lines(done.replaced)
    overruled_lines(done.overruled)
    since_export_lines(done)
    if done.cleared:
        named = first_five([f"{i} {label}" for i, label in done.cleared])
        click.echo(
            f"note: {len(done.cleared):,} item(s) exported with a label have none in the "
            f"file, and keep the label they have (import removes none): {named}; "
            "`label ID --remove` removes one",
            err=True,
        )
    if done.problems:
        rest = "the other labels were applied" if done.applied else "no label was applied"
        raise click.ClickException(
            f"{done.bad:,} bad line(s) in {path}, listed above and skipped; {rest}"
        )


def _import_summary(done: LabelImport, path: Path) -> str:
    """What an import did, in one line: items read, labels applied, items without a
    label, items the annotator rejected or ignored, bad lines by kind, and ids labelled
    twice."""
    unlabelled = f"{done.unlabelled:,} without a label (skipped"
    unlabelled += ": not annotated yet)" if done.unlabelled and not done.labelled else ")"
    parts = [f"{done.records:,} item(s) read", f"{done.labelled:,} labelled", unlabelled]
    # Turned down by the annotator: no label, but not "not annotated yet" either.
    parts += [f"{n:,} {what} (skipped)" for n, what in
              ((done.rejected, "rejected"), (done.ignored, "ignored")) if n]  # fmt: skip
    if done.no_option:  # answered, not "not annotated yet"
        parts.append(
            f"{done.no_option:,} accepted with no option chosen (skipped: each keeps "
            "the label it has)"
        )
    if done.cleared:  # the annotator deleted the exported label: not applied
        parts.append(
            f"{len(done.cleared):,} with the exported label deleted (skipped: each keeps "
            "the label it has; listed below)"
        )
    if done.predictions:  # label_predicted lines read back unchanged
        parts.append(f"{done.predictions:,} unchanged prediction(s) left as predicted")
    if done.restored:
        parts.append(f"{done.restored:,} {RESTORED}")
    if done.guarded:
        parts.append(f"{done.guarded:,} {GUARDED}")
    if done.held:
        parts.append(
            f"{len(done.held):,} left as exported and changed in the index since (kept "
            "as the index has them; listed below)"
        )
    if done.removed:
        parts.append(
            f"{len(done.removed):,} left as exported and removed in the index since "
            "(kept removed; listed below)"
        )
    if done.bad:
        kinds = [f"{done.unknown:,} unknown occurrence id(s)"] if done.unknown else []
        if done.elsewhere:
            kinds.append(
                f"{done.elsewhere:,} id(s) of another word here than the file says, or of "
                "its word in another sentence or place"
            )
        if done.bad > done.unknown + done.elsewhere:
            malformed = done.bad - done.unknown - done.elsewhere
            kinds.insert(0, f"{malformed:,} malformed or unreadable")
        parts.append(f"{done.bad:,} bad ({', '.join(kinds)}; listed above)")
    same = f" ({done.unchanged:,} already held)" if done.unchanged else ""
    line = f"applied {done.applied:,} label(s){same} from {path}: " + ", ".join(parts)
    if done.repeated:
        line += f"; {done.repeated:,} repeat an earlier id (the later label won)"
    return line


COMMANDS: list[click.Command] = [export, import_labels]
