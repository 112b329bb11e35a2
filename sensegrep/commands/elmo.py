"""``sensegrep elmo train``: train a small ELMo biLM on your own corpus, on CPU, into a
folder that ``--model elmo:DIR`` loads.

The training is sensegrep/api/training.py's train_elmo, imported by the command: torch
comes only then.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import click

from sensegrep.choices import INPUT_FORMATS
from sensegrep.commands.options import FiniteFloatRange, count_option, output_option, seed_option
from sensegrep.errors import InputError


def _parse_filters(_ctx: click.Context, _param: click.Parameter, value: str) -> Any:
    try:
        filters = tuple(
            (int(width), int(count))
            for width, count in (part.split(":") for part in value.split(","))
        )
    except ValueError as exc:
        raise click.BadParameter(
            f"expected WIDTH:COUNT pairs like 1:32,2:64, got {value!r}"
        ) from exc
    if any(width < 1 or count < 1 for width, count in filters):
        raise click.BadParameter("filter widths and counts must be at least 1")
    return filters


@click.group("elmo")
def elmo_group() -> None:
    """Train ELMo biLMs (use them with --model elmo:DIR)."""


@elmo_group.command("train")
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_option("Folder for the model, its checkpoint and training.json.", folder=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(INPUT_FORMATS),
    help="Corpus format (default: from each file's extension).",
)
@count_option("--lstm-dim", 512)
@count_option("--projection-dim", 128, help="LSTM projection = output width per direction.")
@count_option("--lstm-layers", 2)
@click.option(
    "--filters",
    default="1:32,2:32,3:64,4:128,5:256",
    show_default=True,
    callback=_parse_filters,
    help="Character CNN filters, WIDTH:COUNT,…",
)
@count_option("--highway", 2, least=0)
@count_option("--char-dim", 16)
@count_option("--max-chars", 50, least=3, help="Characters per token (longer words are cut).")
@count_option(
    "--min-count",
    2,
    help="Rarer words are <UNK> in the softmax (their characters are still read).",
)
@count_option("--max-vocab", 50_000, least=4)
@count_option(
    "--max-length", 100, help="Longer sentences are trained on in pieces of this many words."
)
@count_option("--batch-size", 32, help="Sentences.")
@count_option("--epochs", 3)
@click.option(
    "--max-minutes",
    type=FiniteFloatRange(min=0, min_open=True),
    help="Stop taking steps after this long, then save the model.",
)
@click.option(
    "--max-steps", type=click.IntRange(min=0), help="Stop at this many steps (all runs together)."
)
@click.option(
    "--optimizer", type=click.Choice(["adam", "adagrad"]), default="adam", show_default=True
)
@click.option(
    "--lr", type=FiniteFloatRange(min=0, min_open=True), help="Default: adam 0.001, adagrad 0.2."
)
@click.option(
    "--clip-norm", type=FiniteFloatRange(min=0, min_open=True), default=10.0, show_default=True
)
@click.option(
    "--dropout", type=FiniteFloatRange(0, 1, max_open=True), default=0.1, show_default=True
)
@click.option(
    "--heldout",
    type=FiniteFloatRange(0, 1, max_open=True),
    default=0.02,
    show_default=True,
    help="Fraction of sentences, from the end, held out for perplexity.",
)
@count_option("--negatives", 8192, help="Sampled-softmax negatives per batch.")
@count_option(
    "--sampled-from",
    20_000,
    help="Vocabulary size from which the training softmax is sampled (else full).",
)
@seed_option
@count_option("--threads", 1, help="torch threads.")
@count_option("--checkpoint-every", 200, help="Steps.")
@click.option("--restart", is_flag=True, help="Ignore an existing checkpoint and start over.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
def train(corpus: tuple[Path, ...], output: Path, fmt: str | None, **options: Any) -> None:
    """Train a biLM on CORPUS (files or folders) into OUTPUT.

    Forward and backward LMs share the character CNN and one softmax over the
    corpus's words (sampled when the vocabulary is large). Held-out perplexity is exp
    of the mean negative log-likelihood per token over both directions, full softmax.
    Checkpoints go to OUTPUT/checkpoint.pt; the same command again resumes (with
    more --epochs, --max-steps or time), --restart starts over. OUTPUT gets
    options.json + weights.hdf5 (bilm-tf layout), vocab.txt and training.json.
    Bad files are reported, skipped, and make the exit status 1.
    """
    from sensegrep.api.training import train_elmo

    errors: list[InputError] = []

    def on_error(error: InputError) -> None:
        errors.append(error)
        click.echo(f"error: {error}", err=True)

    result = train_elmo(
        corpus,
        output,
        fmt=fmt,
        command=_command_line(click.get_current_context()),
        on_error=on_error,
        log=lambda message: click.echo(message, err=True),
        **_settings(options),
    )
    _summary(result)
    if errors:
        files = len({str(e.path) for e in errors})
        raise click.ClickException(
            f"{len(errors)} problem(s) in {files} file(s), listed above; trained on everything else"
        )


def _command_line(ctx: click.Context) -> str:
    """This command as typed, rebuilt from the options given on the command line (the
    defaults are in training.json's options), for training.json."""
    from click.core import ParameterSource

    words = ["sensegrep", "elmo", "train"]
    for param in ctx.command.params:
        name = param.name or ""
        value = ctx.params.get(name)
        if ctx.get_parameter_source(name) != ParameterSource.COMMANDLINE:
            continue
        if isinstance(param, click.Argument):
            words += [str(v) for v in value]
        elif isinstance(param, click.Option) and param.is_flag:
            flags = param.opts if value else param.secondary_opts
            words.append(max(flags, key=len))
        elif isinstance(param, click.Option):
            shown = ",".join(f"{w}:{n}" for w, n in value) if name == "filters" else value
            words += [max(param.opts, key=len), str(shown)]
    return shlex.join(words)


def _settings(options: dict[str, Any]) -> dict[str, Any]:
    """The options under train_elmo's names for them."""
    renamed = {
        "lstm_layers": "n_layers",
        "highway": "n_highway",
        "max_chars": "max_characters",
        "lr": "learning_rate",
    }
    return {renamed.get(key, key): value for key, value in options.items()}


def _summary(result: Any) -> None:
    state = result.state
    resumed = f", resumed from step {result.resumed_from}" if result.resumed_from else ""
    ppl = (
        f"held-out perplexity {state.perplexity:,.2f} (untrained {state.start_perplexity:,.1f})"
        if state.perplexity is not None
        else "no held-out sentences"
    )
    click.echo(
        f"stopped ({result.stopped}) at step {state.step}{resumed}: {ppl}; "
        f"{result.corpus_tokens:,} corpus tokens, vocabulary {result.vocab_size:,} "
        f"({'sampled' if result.sampled else 'full'} softmax), "
        f"{result.tokens_per_second:,.0f} tokens/s; model in {result.output}",
        err=True,
    )


COMMANDS = [elmo_group]
