"""``sensegrep export``: sense-matched or sense-balanced batches for annotation tools."""

from __future__ import annotations

from pathlib import Path

import click

from sensegrep.session import Session

EXPORT_FORMATS = ("prodigy", "doccano", "conllu", "webanno", "csv")


@click.command("export")
@click.argument("word")
@click.option(
    "--to", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Annotation tool format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here (default: standard output).",
)
@click.option(
    "--balanced",
    type=click.IntRange(min=1),
    metavar="N",
    help="N occurrences per induced sense (or per label with --by label).",
)
@click.option(
    "--by",
    type=click.Choice(["sense", "label"]),
    default="sense",
    show_default=True,
    help="What --balanced balances over.",
)
@click.option("--sample", type=click.IntRange(min=1), metavar="N", help="A random sample of N.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--options",
    help="Comma-separated labels offered as choices (Prodigy); "
    "default: the labels the word already has.",
)
@click.option("--form", is_flag=True, help="Match the exact word form, not the lemma.")
@click.option("--pos", multiple=True, help="Only this part of speech.")
@click.pass_obj
def export(
    session: Session,
    word: str,
    fmt: str,
    output: Path | None,
    balanced: int | None,
    by: str,
    sample: int | None,
    seed: int,
    options: str | None,
    form: bool,
    pos: tuple[str, ...],
) -> None:
    """Occurrences of WORD in an annotation tool's format, each carrying its occurrence id
    so the labelled file imports back with `sensegrep import`."""
    from sensegrep.export import write

    items = session.index().annotation_items(
        word,
        fmt,
        balanced=balanced,
        by=by,
        sample=sample,
        seed=seed,
        options=options.split(",") if options else None,
        form=form,
        pos=pos,
    )
    text = write(fmt, items)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(items)} occurrence(s) of {word!r} to {output}", err=True)


_BY_EXTENSION = {".conllu": "conllu", ".tsv": "webanno", ".csv": "csv"}


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="The file's format (default: from .conllu, .tsv, .csv; JSONL needs it).",
)
@click.pass_obj
def import_labels(session: Session, path: Path, fmt: str | None) -> None:
    """Read the labels of a file made by `sensegrep export` and annotated in its tool.

    Bad lines and unknown occurrence ids are reported and skipped, the rest applied,
    and the exit status is then 1.
    """
    from sensegrep.errors import InputError
    from sensegrep.export import read_labels
    from sensegrep.labels.labelling import missing_occurrences, set_labels

    fmt = fmt or _BY_EXTENSION.get(path.suffix.lower())
    if fmt is None:
        raise click.UsageError(f"cannot tell the format of {path}: pass --format")
    index = session.searcher().index
    labels, problems = {}, 0
    for item in read_labels(fmt, path):
        if isinstance(item, InputError):
            problems += 1
            click.echo(f"error: {item}", err=True)
        else:
            labels[item[0]] = item[1]
    for missing in missing_occurrences(index, labels):
        problems += 1
        click.echo(f"error: {path}: no occurrence {missing} in {index.folder} (skipped)", err=True)
        labels.pop(missing)
    applied = set_labels(index, labels, source=f"import:{fmt}") if labels else 0
    click.echo(f"applied {applied} label(s) from {path}", err=True)
    if problems:
        raise click.ClickException(f"{problems} problem(s) in {path}, listed above")


COMMANDS: list[click.Command] = [export, import_labels]
