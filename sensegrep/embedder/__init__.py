"""Embedders, by name.

``load_embedder("minilm")`` gives the default BERT-family encoder; ``"mpnet"`` the larger
preset; a local Hugging Face folder or a cached hub name works too; ``"elmo:DIR"`` is a
bilm-tf ELMo model (options.json + HDF5 weights in DIR); ``"fake:DIM"`` is the
deterministic test embedder. torch and transformers are imported only when a real
encoder is asked for, so commands served from stored vectors start fast.
"""

from __future__ import annotations

from collections.abc import Sequence

from sensegrep.embedder.base import Embedder, EmbedderConfig, mix_layers
from sensegrep.embedder.projection import NONE
from sensegrep.errors import SensegrepError

DEFAULT_MODEL = "minilm"

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "EmbedderConfig",
    "load_embedder",
    "load_embedder_from_config",
    "mix_layers",
]


def load_embedder(
    model: str = DEFAULT_MODEL,
    layers: Sequence[int] | None = None,
    pooling: str | None = None,
    weights: Sequence[float] | None = None,
    projection: str | None = None,
) -> Embedder:
    """The embedder registered under ``model``; ``None`` settings take the model's defaults.

    ``projection`` (BERT-family models only): a learned map from ``sensegrep tune``,
    a builtin name, or ``"none"``.
    """
    if projection not in (None, "", NONE) and model.startswith(("fake", "elmo:")):
        raise SensegrepError(f"--projection applies to BERT-family models, not {model!r}")
    if model.startswith("fake:") or model == "fake":
        from sensegrep.embedder.fake import FakeEmbedder

        dim = int(model.split(":", 1)[1]) if ":" in model else 16
        return FakeEmbedder(dim)
    if model.startswith("elmo:"):
        from sensegrep.embedder.elmo.embedder import ElmoEmbedder

        folder = model.removeprefix("elmo:")
        return ElmoEmbedder.load(folder, layers=layers, pooling=pooling, weights=weights)
    from sensegrep.embedder.transformer import TransformerEmbedder

    return TransformerEmbedder.load(
        model, layers=layers, pooling=pooling, weights=weights, projection=projection
    )


def load_embedder_from_config(config: EmbedderConfig) -> Embedder:
    """Rebuild the embedder an index was made with, from its recorded config."""
    embedder = load_embedder(
        config.model,
        layers=config.layers,
        pooling=config.pooling,
        weights=config.weights or None,
        projection=config.projection or NONE,
    )
    if embedder.config != config:
        from sensegrep.errors import IndexMismatchError

        raise IndexMismatchError(
            f"the model {config.model!r} now loads as {embedder.config.to_dict()}, but the "
            f"index was built with {config.to_dict()}; rebuild the index with this model"
        )
    return embedder
