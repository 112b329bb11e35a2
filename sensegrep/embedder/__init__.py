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

    ``projection``: a learned map from ``sensegrep tune`` (a file or a builtin name) over
    a mix of the model's layers, or ``"none"``; ``None`` takes the preset's default.
    """
    from sensegrep.embedder.models import preset_name
    from sensegrep.embedder.projection import projection_spec

    spec = projection_spec(projection, preset_name(model), layers, pooling, weights)
    if not spec:
        return _load_plain(model, layers, pooling, weights)
    from sensegrep.embedder import projection as proj

    name, path = proj.resolve(spec)
    mapping = proj.Projection.load(path)
    proj.check_fixed_settings(spec, mapping, layers, pooling)
    base = _load_plain(model, mapping.layers, "scalar_mix", mapping.weights)
    return proj.ProjectedEmbedder(base, mapping, name, proj.file_sha256(path))


def _load_plain(
    model: str,
    layers: Sequence[int] | None,
    pooling: str | None,
    weights: Sequence[float] | None,
) -> Embedder:
    if model.startswith("fake:") or model == "fake":
        from sensegrep.embedder.fake import FakeEmbedder

        dim = int(model.split(":", 1)[1]) if ":" in model else 16
        return FakeEmbedder(dim)
    if is_elmo(model):
        from sensegrep.embedder.elmo.embedder import ElmoEmbedder, elmo_dir

        folder = elmo_dir(model) or model
        return ElmoEmbedder.load(folder, layers=layers, pooling=pooling, weights=weights)
    from sensegrep.embedder.transformer import TransformerEmbedder

    return TransformerEmbedder.load(model, layers=layers, pooling=pooling, weights=weights)


def is_elmo(model: str) -> bool:
    """Whether a model name means an ELMo (``elmo:DIR`` or the ``elmo-small`` preset);
    a string test, so callers need not import torch to ask."""
    return model.startswith("elmo:") or model == "elmo-small"


def load_embedder_from_config(config: EmbedderConfig) -> Embedder:
    """Rebuild the embedder an index was made with, from its recorded config."""
    if config.projection:  # the projection file fixes the layers and their mix
        embedder = load_embedder(config.model, projection=config.projection)
    else:
        embedder = load_embedder(
            config.model,
            layers=config.layers,
            pooling=config.pooling,
            weights=config.weights or None,
            projection=NONE,
        )
    if embedder.config != config:
        from sensegrep.errors import IndexMismatchError

        raise IndexMismatchError(
            f"the model {config.model!r} now loads as {embedder.config.to_dict()}, but the "
            f"index was built with {config.to_dict()}; rebuild the index with this model"
        )
    return embedder
