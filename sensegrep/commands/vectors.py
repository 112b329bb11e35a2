"""``sensegrep vectors add`` and ``vectors status``: sense vectors for the words being
studied, on an index made text-only (or any index). Each parses its options and makes
one library call (sensegrep.api)."""

from __future__ import annotations

import json

import click

from sensegrep import api, choices
from sensegrep.commands.options import encoder_options
from sensegrep.session import Session


@click.group()
def vectors() -> None:
    """Sense vectors for chosen words: add them, or see which words have them."""


@vectors.command("add")
@click.argument("words", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every lemma of the index.")
@click.option(
    "--pos",
    multiple=True,
    help="The lemmas with tokens of this POS (repeatable), with --min-count of them.",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only lemmas with at least this many tokens (of --pos, when given).",
)
@encoder_options
@click.option(
    "--vectors",
    type=click.Choice(choices.VECTOR_CODECS),
    help="How vectors are stored (f16, sq8, sq4, pq): recorded by the first add "
    "(default sq4), refused if it differs.",
)
@click.option(
    "--all-tokens/--content-words",
    default=None,
    help="Vectors for every token of the words, or their content words only (the "
    "default); recorded by the first add.",
)
@click.option("--lang", default="en", show_default=True, help="Language of the words.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@click.pass_obj
def add(
    session: Session,
    words: tuple[str, ...],
    every: bool,
    pos: tuple[str, ...],
    min_count: int,
    vectors: str | None,
    all_tokens: bool | None,
    lang: str,
    progress: bool | None,
    **encoder: str | None,
) -> None:
    """Embed the sentences of these words' occurrences (each sentence once) with the
    index's encoder, so that ranked search, senses, labels by sense, classify, compare,
    export by sense and --any-word work on them. On a text-only index the first add
    chooses the encoder (--model, --precision, --vectors …) and records it.

    Batches are committed as they are done: a killed run is finished by running it
    again. The vectors equal those of an index built with them all at once."""
    session.close()  # the write below takes the index's lock
    report = api.add_vectors(
        session.index_dir,
        list(words),
        every=every,
        pos=list(pos),
        min_count=min_count,
        vectors=vectors,
        all_tokens=all_tokens,
        lang=lang,
        progress=progress,
        db=session.db,
        **encoder,
    )
    for word in report.unknown:
        click.echo(f"error: no tokens of {word!r} in {session.index_dir}", err=True)
    if report.without_tokens:
        shown = ", ".join(report.without_tokens[:10])
        click.echo(
            f"note: no token of {shown} gets a vector (only content words do; "
            "--all-tokens on a new index gives every token one)",
            err=True,
        )
    if report.lemmas and not report.tokens:  # (0 added read as a failure to add them)
        shown = ", ".join(report.lemmas[:10]) + (" …" if len(report.lemmas) > 10 else "")
        click.echo(
            f"note: every token of {shown} had its vector already (every token that gets "
            "one: content words, unless the index gives every token one)",
            err=True,
        )
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"vectors for {len(report.lemmas):,} lemma(s): {report.tokens:,} added from "
        f"{report.sentences:,} sentences in {report.seconds:.1f} s "
        f"({report.tokens_per_second:,.{1 if report.tokens_per_second < 10 else 0}f} "
        "vectors/s, loading the encoder included)",
        err=True,
    )
    if report.unknown:
        raise click.ClickException(f"{len(report.unknown)} of the given words are not in the index")


@vectors.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "-k", "top", type=click.IntRange(min=0), default=20, show_default=True, help="Lemmas listed."
)
@click.pass_obj
def status(session: Session, as_json: bool, top: int) -> None:
    """Which words have sense vectors: how many lemmas and tokens, of how many, the
    encoder, and the lemmas with vectors, most frequent first."""
    found = session.index().vector_status(top)
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    encoder = found["encoder"]
    click.echo(f"vectors for    {found['vectors_for']}")
    click.echo(f"encoder        {_encoder(encoder, found['vectors'])}")
    click.echo(f"lemmas         {found['lemmas_with_vectors']:,} of {found['lemmas']:,}")
    click.echo(
        f"tokens         {found['occurrences']:,} of {found['tokens']:,} have vectors "
        f"({found['embedded_share']:.2%} of the corpus)"
    )
    for title, key, of in (
        ("with vectors", "top_lemmas", "lemmas_with_vectors"),
        ("in progress", "in_progress", "lemmas_in_progress"),
    ):
        if found[key]:
            listed = ", ".join(f"{e['lemma']} ({e['occurrences']:,})" for e in found[key])
            if len(found[key]) < found[of]:  # (read as every one: a word past -k as none)
                listed += (
                    f" ({len(found[key]):,} of {found[of]:,} lemmas listed: "
                    f"-k {found[of]} lists all)"
                )
            click.echo(f"{title:<14} {listed}")


def _encoder(encoder: dict | None, codec: str | None) -> str:
    if encoder is None:
        return "none (a text-only index: `sensegrep vectors add WORD…` chooses one)"
    precision = encoder.get("precision") or "default"
    return (
        f"{encoder['model']} ({precision} precision on {encoder.get('runtime', 'torch')}, {codec})"
    )


COMMANDS = [vectors]
