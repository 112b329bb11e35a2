"""``sensegrep embed``: every layer's word vectors of any encoder, one sentence per line
in, one array per sentence out (.npz), for use outside sensegrep or to compare against
vectors made elsewhere (e.g. the original bilm-tf ELMo dumps).

The encoder and the .npz writer are sensegrep/api/embedding.py's, imported by the
command: numpy and torch load only then.
"""

from __future__ import annotations

from pathlib import Path

import click

from sensegrep.commands.options import count_option, output_option
from sensegrep.errors import SensegrepError

DEFAULT_BATCH_SIZE = 64  # as sensegrep/api/embedding.py's


@click.command("embed")
@click.option(
    "--model",
    required=True,
    help="Encoder: minilm, mpnet, a model folder, a cached hub name, elmo:DIR, fake:DIM.",
)
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="UTF-8 text, one whitespace-tokenised sentence per line.",
)
@output_option("The .npz file to write (replaced if it exists).", short=False)
@count_option("--batch-size", DEFAULT_BATCH_SIZE, help="Sentences per batch.")
@click.option(
    "--stateful",
    is_flag=True,
    help="ELMo only: replay bilm-tf's stateful biLM, batches of --batch-size lines fed "
    "in file order, each row's LSTM state carried to the same row of the next batch.",
)
def embed(model: str, input_path: Path, output: Path, batch_size: int, stateful: bool) -> None:
    """Write the word vectors of every layer of MODEL for each line of --input.

    The .npz holds one float32 array per line, named "0", "1", … by line number, of
    shape (layers, tokens, dim), input layer first and top layer last. An empty (or
    blank) line has no tokens: its array has shape (layers, 0, dim). Without --stateful
    every sentence is embedded on its own, so the vectors do not depend on the batch.
    """
    from sensegrep.api.embedding import is_elmo, layer_encoder, write_layers

    if stateful and not is_elmo(model):
        raise click.UsageError(
            "--stateful only applies to ELMo models (--model elmo:DIR or elmo-small)"
        )
    sentences = _read_sentences(input_path)
    encoder = layer_encoder(model, batch_size=batch_size, stateful=stateful)
    try:
        write_layers(output, encoder, sentences, batch_size)
    except OSError as exc:
        raise SensegrepError(f"cannot write --output {output}: {exc}") from exc
    click.echo(
        f"wrote {len(sentences)} sentence(s) from {encoder.config.model} to {output}: every "
        "layer as the encoder gives it (no sense projection or adapter)",
        err=True,
    )


def _read_sentences(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SensegrepError(f"cannot read --input {path}: {exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SensegrepError(
            f"{path}:{line}: not UTF-8 ({exc.reason} at byte {exc.start}); nothing was "
            "written: save the file as UTF-8"
        ) from exc
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return [line.split() for line in lines]


COMMANDS = [embed]
