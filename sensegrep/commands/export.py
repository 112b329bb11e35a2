"""``sensegrep export``: sense-matched or sense-balanced batches for annotation tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    from sensegrep.export import export_items, labels_of, write
    from sensegrep.storage import Filters

    index = session.searcher().index
    group_of = _grouping(index, word, by) if balanced else None
    items = export_items(
        index,
        word,
        filters=Filters(pos=pos),
        by_form=form,
        sample=sample,
        per_group=balanced,
        group_of=group_of,
        seed=seed,
        options=_options(options, index, word, labels_of),
    )
    if fmt == "prodigy" and not items[0].options:
        raise click.UsageError(
            f"no labels to offer as choices: pass --options a,b,c (no occurrence of {word!r} "
            "is labelled yet)"
        )
    text = write(fmt, items)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(items)} occurrence(s) of {word!r} to {output}", err=True)


def _options(given: str | None, index: Any, word: str, labels_of: Any) -> list[str]:
    if given:
        return [o.strip() for o in given.split(",") if o.strip()]
    ids = index.candidates(word).ids
    return sorted(set(labels_of(index, ids).values())) if len(ids) else []


def _grouping(index: Any, word: str, by: str) -> Any:
    from sensegrep.export import labels_of

    if by == "label":
        return lambda ids: labels_of(index, ids)
    from sensegrep.senses import sense_of

    return lambda ids: {i: f"sense {s}" for i, s in sense_of(index, word).items()}


COMMANDS: list[click.Command] = [export]
