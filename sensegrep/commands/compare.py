"""``sensegrep compare``: how likely two usages of a word share a sense, with their
cosine, for one pair or many."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from sensegrep import api, choices
from sensegrep.session import Session


@click.command()
@click.argument("usages", nargs=-1)
@click.option(
    "--pairs",
    type=click.Path(path_type=Path, dir_okay=False),
    help='JSONL file of {"a": …, "b": …} pairs.',
)
@click.option("--word", help="The word to compare, where the usages do not mark it with [[ ]].")
@click.option("--model", help="Encoder (default: the index's if there is one, else mpnet).")
@click.option(
    "--format", "fmt", type=click.Choice(choices.LISTING_FORMATS), default="text", show_default=True
)
@click.pass_obj
def compare(
    session: Session,
    usages: tuple[str, ...],
    pairs: Path | None,
    word: str | None,
    model: str | None,
    fmt: str,
) -> None:
    """How likely two usages of a word, each marked with [[ ]], share a sense, with
    their cosine:

    \b
    sensegrep compare "the [[bank]] of the river" "the [[bank]] raised rates"
    0.4611
    same sense: 0.11

    The cosine on stdout (as before), the probability on stderr: it is calibrated
    for the encoder on WiC train pairs; an encoder without a calibration says so.
    Two different words (bank, shore) keep the cosine but get no probability, since
    the calibration is for two uses of one word: stderr says so.
    --format jsonl gives both ("score", "probability") and "notes".
    """
    if pairs is None and len(usages) != 2:
        raise click.UsageError("give two usages, or --pairs FILE")
    if pairs is not None and usages:
        raise click.UsageError("give either two usages or --pairs FILE, not both")
    items = api.read_pairs(pairs) if pairs is not None else [(1, usages[0], usages[1], None)]
    found = api.compare_pairs(
        items, word=word, model=model, index=session.index_dir, lang=session.lang
    )
    failures = 0
    for line_no, similarity, problem in found:
        if problem:
            failures += 1
            where = f"{pairs}:{line_no}: " if pairs else ""
            click.echo(f"error: {where}{problem}", err=True)
        if fmt == "jsonl":
            record: dict[str, Any] = (
                {"score": None, "probability": None} if similarity is None
                else similarity.to_dict()
            )  # fmt: skip
            if problem:
                record["error"] = problem
            click.echo(json.dumps(record))
        elif similarity is not None:
            # stdout keeps the bare cosine (scripts read it); the person reads the rest
            click.echo(f"{float(similarity):.4f}")
            if pairs is None:
                click.echo(_chance(similarity), err=True)
                for note in similarity.notes if similarity.probability is not None else ():
                    click.echo(f"note: {note}", err=True)  # (else _chance said them)
            for note in similarity.notes if pairs is not None else ():
                # What JSONL's "notes" says of this pair (two different words…), by its line.
                click.echo(f"note: {pairs}:{line_no}: {note}", err=True)
        elif pairs is not None:
            # Keep one line per input line; "nan" read as a figure (issue 23).
            click.echo(NOT_COMPARED)
    if pairs is not None and fmt != "jsonl":
        click.echo("note: --format jsonl adds each pair's probability of the same sense",
                   err=True)  # fmt: skip
    if failures:
        raise click.ClickException(f"{failures} pair(s) could not be compared")


NOT_COMPARED = "-"  # a --pairs line that could not be compared, in text format (stderr says why)


def _chance(similarity: api.Similarity) -> str:
    """The stderr line: the probability, or why there is none."""
    if similarity.probability is None:
        return "; ".join(similarity.notes) or "no calibration for this model: cosine only"
    return f"same sense: {similarity.probability:.2f}"


COMMANDS = [compare]
