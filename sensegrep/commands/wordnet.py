"""``sensegrep wordnet build``: WordNet sense vectors (LMMS-style) from an index's
labelled occurrences, for ``classify FILE --method`` and ``eval wsd --method``."""

from __future__ import annotations

from pathlib import Path

import click

from sensegrep.session import Session


@click.group("wordnet")
def wordnet_group() -> None:
    """WordNet sense vectors made from an index's labelled occurrences."""


@wordnet_group.command("build")
@click.option(
    "--wordnet",
    "wordnet_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="WordNet 3.0 dict folder (e.g. ../shared/data/wordnet30/dict).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write them here (default: the index's cache file, which classify and eval wsd read).",
)
@click.option(
    "--glosses-for",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Also embed the glosses of these lemmas' senses: a Raganato XML file (its "
    "instances' lemmas) or a file of one lemma a line; repeatable.",
)
@click.option(
    "--all-glosses",
    is_flag=True,
    help="Embed the gloss of every WordNet sense (206,941 forward passes: hours on a CPU).",
)
@click.pass_obj
def build(
    session: Session,
    wordnet_dir: Path,
    out: Path | None,
    glosses_for: tuple[Path, ...],
    all_glosses: bool,
) -> None:
    """Give every WordNet sense a vector: the centroid of its labelled occurrences in
    the index (e.g. SemCor indexed with --format raganato), else propagated from its
    synset, its hypernyms or its lexicographer file; optionally gloss vectors. The file
    records the index's encoder, and is refused with any other."""
    from sensegrep.api.labelling import build_sense_vectors, open_wordnet

    built = build_sense_vectors(
        session.index(),
        open_wordnet(wordnet_dir),
        out=out,
        glosses_for=glosses_for,
        all_glosses=all_glosses,
        log=lambda message: click.echo(message, err=True),
    )
    levels = ", ".join(f"{name} {count:,}" for name, count in built.levels.items())
    click.echo(f"{built.path}")
    click.echo(
        f"sense vectors by level: {levels}; {built.glosses:,} gloss vector(s) "
        f"({built.seconds:.0f} s)",
        err=True,
    )


COMMANDS = [wordnet_group]
