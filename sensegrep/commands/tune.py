"""``sensegrep tune``: learn a sense projection from an index's labelled occurrences.

The training is sensegrep/api/training.py's tune_projection, imported by the command:
torch comes only then.
"""

from __future__ import annotations

from pathlib import Path

import click

from sensegrep.choices import PRECISIONS
from sensegrep.commands.options import output_option
from sensegrep.session import Session

# What tune counts as a word: its senses are told apart within one part of speech.
WORD_IS = "a word is a lemma in one part of speech, its noun apart from its verb"


@click.command("tune")
@output_option("Projection file to write (.npz); use it with `index --projection FILE`.")
@click.option(
    "--model",
    help="Encoder to tune (default: the index's). The index then only supplies the "
    "labelled sentences, so one indexed with a fast model (even fake:16) will do.",
)
@click.option(
    "--precision",
    type=click.Choice(PRECISIONS),
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
    **settings: object,  # tune_projection's: the two stages' steps, rates, batches…
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
    from sensegrep.api.training import LayersError, tune_projection

    try:
        projection = tune_projection(
            session.index(),
            output,
            model=model,
            precision=precision,
            layers=layers,
            adapter=adapter_path,
            progress=progress,
            **settings,
        )
    except LayersError as exc:  # a bad --layers, told as click tells a bad value
        raise click.BadParameter(str(exc)) from None
    details = projection.details
    left_out = details["occurrences"] - details["training_occurrences"]
    click.echo(
        f"wrote {output}: {len(projection.layers)} layers → {projection.dim} dimensions, from "
        f"{details['training_occurrences']:,} labelled occurrences of "
        f"{details['lemmas_with_several_senses']:,} words with several senses "
        f"({details['training_senses']:,} senses, "
        f"{details['senses_with_one_occurrence']:,} of them "
        # A lemma labelled in three senses was "words with one sense left out" where its
        # noun had one label and its verb the others (pass 39e).
        f"with one occurrence, a contrast only; {WORD_IS}); {left_out:,} labelled "
        f"occurrences of words with one sense left out"
        + (
            f"; {details['predicted_left_out']:,} labels guessed by `classify --apply` left out"
            if details.get("predicted_left_out")
            else ""
        )
        + f"; final loss {details['final_loss']:.3f}; trained on the labelled occurrences of "
        f"the index {details['index']}, so a test set drawn from them is no unseen data for "
        "it",
        err=True,
    )
    if adapter_path is not None:
        stage = details.get("adapter_stage", {})
        steps = stage.get("options", {}).get("steps")
        loss = stage.get("final_loss")
        click.echo(
            f"wrote {adapter_path}: the encoder's LoRA adapter ({steps} steps"
            + (f", final loss {loss:.3f}" if loss is not None else "")
            + f"), named by {output}, which loads it wherever it is used",
            err=True,
        )


COMMANDS = [tune]
