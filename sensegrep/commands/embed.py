"""``sensegrep embed``: every layer's word vectors of any encoder, one sentence per line
in, one array per sentence out (.npz), for use outside sensegrep or to compare against
vectors made elsewhere (e.g. the original bilm-tf ELMo dumps).

Only click and the session are imported at module level.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from sensegrep.errors import SensegrepError

DEFAULT_BATCH_SIZE = 64


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
@click.option(
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The .npz file to write (replaced if it exists).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Sentences per batch.",
)
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
    from sensegrep.embedder import is_elmo

    if stateful and not is_elmo(model):
        raise click.UsageError(
            "--stateful only applies to ELMo models (--model elmo:DIR or elmo-small)"
        )
    sentences = _read_sentences(input_path)
    embedder = _load_embedder(model, batch_size, stateful)
    _write_npz(output, _embedded(embedder, sentences, batch_size))
    click.echo(
        f"wrote {len(sentences)} sentence(s) from {embedder.config.model} to {output}", err=True
    )


def _load_embedder(model: str, batch_size: int, stateful: bool) -> Any:
    from sensegrep.embedder import embedder_for, is_elmo

    if is_elmo(model):  # ELMo's own settings: carrying state across sentences, batch size
        from sensegrep.embedder.elmo.embedder import ElmoEmbedder, elmo_dir

        return ElmoEmbedder.load(elmo_dir(model) or model, stateful=stateful, batch_size=batch_size)
    return embedder_for(None, model)


def _read_sentences(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SensegrepError(f"cannot read --input {path}: {exc}") from exc
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return [line.split() for line in lines]


def _embedded(embedder: Any, sentences: list[list[str]], batch_size: int) -> Iterator[Any]:
    """Layer arrays in input order. Chunks of --batch-size keep memory to one batch's
    vectors, and in replay mode each chunk is exactly one biLM batch."""
    for start in range(0, len(sentences), batch_size):
        yield from embedder.embed_layers(sentences[start : start + batch_size])


def _write_npz(path: Path, arrays: Iterator[Any]) -> None:
    """An uncompressed .npz written array by array (np.savez needs them all at once),
    into a temporary file that replaces ``path`` only once complete."""
    import zipfile

    import numpy as np

    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for number, layers in enumerate(arrays):
                with archive.open(f"{number}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, np.asarray(layers, dtype=np.float32))
        os.replace(partial, path)
    except OSError as exc:
        raise SensegrepError(f"cannot write --output {path}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)


COMMANDS = [embed]
