"""``sensegrep tune``: learn a sense projection from an index's labelled occurrences.

Only click and the session are imported at module level; torch comes with the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sensegrep.session import Session

if TYPE_CHECKING:
    from sensegrep.embedder.projection import Projection
    from sensegrep.tune.data import LabelledSet, LabelledToken
    from sensegrep.tune.lora import AdapterOptions


@click.command("tune")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Projection file to write (.npz); use it with `index --projection FILE`.",
)
@click.option(
    "--model",
    help="Encoder to tune (default: the index's). The index then only supplies the "
    "labelled sentences, so one indexed with a fast model (even fake:16) will do.",
)
@click.option(
    "--precision",
    type=click.Choice(["fp32", "bf16", "int8"]),
    help="Number format the encoder runs in while the vectors are gathered (default: the "
    "index's, or the model's with --model); index with the same one.",
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
    "--coarse-weight",
    default=0.0,
    show_default=True,
    help="Weight of a second objective over coarse senses: the lexicographer class of "
    "WordNet sense-key labels (noun.animal, noun.artifact, …); other labels count as "
    "their own class.",
)
@click.option(
    "--adapter",
    "adapter_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also fine-tune the encoder: LoRA adapters of its attention, trained with the "
    "projection through the transformer layers, written to this file (.npz). The "
    "projection then names it, and loads it wherever it is used.",
)
@click.option("--adapter-steps", default=300, show_default=True, help="Adapter training steps.")
@click.option("--rank", default=8, show_default=True, help="Adapter rank.")
@click.option("--alpha", default=16.0, show_default=True, help="Adapter scale numerator.")
@click.option("--adapter-learning-rate", default=2e-4, show_default=True)
@click.option("--adapter-lemmas", default=16, show_default=True, help="Lemmas per adapter batch.")
@click.option(
    "--adapter-per-lemma", default=8, show_default=True, help="Occurrences per lemma there."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: on a terminal)."
)
@click.pass_obj
def tune(
    session: Session,
    output: Path,
    model: str | None,
    precision: str | None,
    layers: str | None,
    progress: bool | None,
    adapter_path: Path | None,
    adapter_steps: int,
    rank: int,
    alpha: float,
    adapter_learning_rate: float,
    adapter_lemmas: int,
    adapter_per_lemma: int,
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

    With --adapter, a second stage fine-tunes the encoder itself (low-rank adapters of
    its attention layers) together with the projection; each of its steps runs the model
    forwards and backwards, so it is slower per step than the first stage.
    """
    from sensegrep.embedder import load_embedder
    from sensegrep.indexer.progress import progress_bar
    from sensegrep.storage import Index
    from sensegrep.tune.data import gather, labelled_tokens
    from sensegrep.tune.train import TuneOptions, train

    options = TuneOptions(**settings)  # type: ignore[arg-type]
    with Index.open(session.index_dir, db=session.db) as index:
        if model is None:  # the index's encoder, in the index's precision
            model = index.embedder_config.model
            precision = precision or index.embedder_config.precision
        embedder = load_embedder(model, projection="none", precision=precision)
        model = embedder.config.model
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
    projection.details["precision"] = embedder.config.precision
    if adapter_path is not None:
        from sensegrep.tune.lora import AdapterOptions

        adapter_options = AdapterOptions(
            rank=rank,
            alpha=alpha,
            steps=adapter_steps,
            learning_rate=adapter_learning_rate,
            lemmas=adapter_lemmas,
            per_lemma=adapter_per_lemma,
            temperature=options.temperature,
            seed=options.seed,
            bf16=embedder.config.precision == "bf16",
        )
        projection = _tune_adapter(
            session, tokens, data, projection, adapter_options, adapter_path, output, progress
        )
    projection.save(output)
    click.echo(
        f"wrote {output}: {len(chosen)} layers → {projection.dim} dimensions, from "
        f"{projection.details['occurrences']:,} labelled occurrences of "
        f"{projection.details['lemmas_with_several_senses']:,} words with several senses; "
        f"final loss {projection.details['final_loss']:.3f}",
        err=True,
    )


def _tune_adapter(
    session: Session,
    tokens: list[LabelledToken],
    data: LabelledSet,
    projection: Projection,
    options: AdapterOptions,
    adapter_path: Path,
    output: Path,
    progress: bool | None,
) -> Projection:
    """Stage 2: LoRA adapters and the projection, trained through the encoder (fp32
    weights; bf16 autocast when the model runs in bf16). Writes the adapter; returns the
    refined projection, which names the adapter."""
    import os
    from dataclasses import replace

    import numpy as np

    from sensegrep.embedder import load_embedder
    from sensegrep.embedder.projection import file_sha256
    from sensegrep.indexer.progress import progress_bar
    from sensegrep.storage import Index
    from sensegrep.tune.data import sentence_words
    from sensegrep.tune.lora import Occurrences, train_adapter

    with Index.open(session.index_dir, db=session.db) as index:
        words = sentence_words(index, sorted({t.sentence_id for t in tokens}))
    occurrences = Occurrences(
        words=[words[t.sentence_id] for t in tokens],
        targets=np.array([t.position for t in tokens]),
        group=data.group,
        sense=data.sense,
    )
    encoder = load_embedder(projection.model, projection="none", precision="fp32")
    with progress_bar(options.steps, "training adapters", progress) as bar:

        def step(_step: int, loss: float) -> None:
            bar.update(1)
            bar.set_postfix(loss=f"{loss:.3f}")

        adapter, refined = train_adapter(
            encoder, occurrences, data.contrastive_groups(), projection, options, step
        )
    adapter.details["index"] = str(session.index_dir)
    adapter.save(adapter_path)
    name = os.path.relpath(adapter_path.resolve(), output.resolve().parent)
    return replace(refined, adapter=name, adapter_sha256=file_sha256(adapter_path))


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
