"""``sensegrep tune``: learn a sense projection from an index's labelled occurrences.

Only click and the session are imported at module level; torch comes with the command.
"""

from __future__ import annotations

from pathlib import Path

import click

from sensegrep.session import Session


@click.command("tune")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Projection file to write (.npz); use it with `index --projection FILE`.",
)
@click.option("--layers", help="Hidden layers to mix, e.g. 3,4,5,6 (default: all).")
@click.option("--dim", default=256, show_default=True, help="Output dimension of the map.")
@click.option("--steps", default=2000, show_default=True, help="Training steps (batches).")
@click.option("--temperature", default=0.1, show_default=True, help="Contrastive temperature.")
@click.option("--learning-rate", default=1e-3, show_default=True)
@click.option("--lemmas", default=64, show_default=True, help="Lemmas per batch.")
@click.option("--per-lemma", default=16, show_default=True, help="Occurrences per lemma.")
@click.option("--seed", default=0, show_default=True)
@click.option(
    "--mix-only", is_flag=True, help="Fit only the layer weights (ELMo-style scalar mix)."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: on a terminal)."
)
@click.pass_obj
def tune(
    session: Session,
    output: Path,
    layers: str | None,
    progress: bool | None,
    **settings: object,
) -> None:
    """Learn a sense projection from the labelled occurrences of the index.

    The index's labelled occurrences (labels that came with the input, e.g. SemCor's,
    and hand labels; never `classify --apply` guesses) are embedded again with every
    hidden layer of the index's model; a weighting of the layers and a linear map are
    fitted so that occurrences of a word with the same label come close and its other
    labels move apart. Index with the result to search in the tuned space:

    \b
    sensegrep --index semcor-idx index semcor.data.xml --format raganato
    sensegrep --index semcor-idx tune -o my-senses.npz
    sensegrep --index corpus-idx index corpus/ --projection my-senses.npz
    """
    from sensegrep.embedder import load_embedder
    from sensegrep.indexer.progress import progress_bar
    from sensegrep.storage import Index
    from sensegrep.tune.data import gather, labelled_tokens
    from sensegrep.tune.train import TuneOptions, train

    options = TuneOptions(**settings)  # type: ignore[arg-type]
    with Index.open(session.index_dir) as index:
        model = index.embedder_config.model
        embedder = load_embedder(model, projection="none")
        chosen = _layers(layers, embedder)
        tokens = labelled_tokens(index)
        sentences = len({t.sentence_id for t in tokens})
        with progress_bar(sentences, "embedding labelled sentences", progress) as bar:
            data = gather(index, tokens, embedder, chosen, bar.update)
    with progress_bar(options.steps, "training", progress) as bar:

        def step(_step: int, loss: float) -> None:
            bar.update(1)
            bar.set_postfix(loss=f"{loss:.3f}")

        projection = train(data, model, chosen, options, step)
    projection.details["index"] = str(session.index_dir)
    projection.save(output)
    click.echo(
        f"wrote {output}: {len(chosen)} layers → {projection.dim} dimensions, from "
        f"{projection.details['occurrences']:,} labelled occurrences of "
        f"{projection.details['lemmas_with_several_senses']:,} words with several senses; "
        f"final loss {projection.details['final_loss']:.3f}",
        err=True,
    )


def _layers(value: str | None, embedder: object) -> tuple[int, ...]:
    n_layers = embedder.embed_layers([["probe"]])[0].shape[0]  # type: ignore[attr-defined]
    if value is None:
        return tuple(range(n_layers))
    try:
        asked = [int(part) for part in value.split(",")]
    except ValueError:
        raise click.BadParameter(f"expected layer numbers like 3,4,5,6, got {value!r}") from None
    if not asked or any(not -n_layers <= n < n_layers for n in asked):
        raise click.BadParameter(
            f"the model has hidden states 0..{n_layers - 1} (negative counts from the top), "
            f"got {value!r}"
        )
    return tuple(n % n_layers for n in asked)


COMMANDS = [tune]
