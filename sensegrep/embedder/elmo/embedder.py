"""ELMo as a sensegrep embedder: ``elmo:DIR`` with DIR holding a bilm-tf ``options.json``
and its HDF5 weights, or the preset ``elmo-small`` shipped in the package.

Layers are the biLM's: 0 = the character CNN's token vector (twice, to match the width),
then one [forward; backward] layer per LSTM layer. By default every sentence starts from
a zero LSTM state, so vectors do not depend on batch composition or order. Replay mode
(``stateful=True``) feeds batches in the order given and carries each row's state over,
as bilm-tf does; it exists to reproduce vectors made that way.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from sensegrep.digests import file_sha256
from sensegrep.embedder.alignment import length_batches
from sensegrep.embedder.base import POOLINGS, Embedder, EmbedderConfig, mix_layers
from sensegrep.embedder.elmo.characters import batch_to_ids
from sensegrep.embedder.elmo.model import BiLm, ElmoError, ElmoFormatError, ElmoOptions
from sensegrep.embedder.elmo.weights import has_weight_layout, load_weights

PREFIX = "elmo:"
OPTIONS_NAME = "options.json"
# Sentences per forward pass. The LSTMs step through time, so wide batches amortise the
# per-step overhead; 64 rows keep the largest published model's activations small.
DEFAULT_BATCH_SIZE = 64


# Models shipped inside the package, by the name indexes record for them (a path would
# tie an index to one installation).
PRESETS = {"elmo-small": Path(__file__).resolve().parent.parent / "data" / "elmo-small"}


def elmo_dir(model: str) -> str | None:
    """The folder of an ``elmo:DIR`` model name or an ELMo preset, or None for other names."""
    if model in PRESETS:
        return str(PRESETS[model])
    return model[len(PREFIX) :] if model.startswith(PREFIX) else None


def canonical_name(folder: Path) -> str:
    """What indexes record: the preset's name for a preset's folder, else elmo:ABSPATH."""
    resolved = folder.resolve()
    for name, preset in PRESETS.items():
        if resolved == preset:
            return name
    return f"{PREFIX}{resolved}"


class ElmoEmbedder(Embedder):
    def __init__(
        self,
        model: BiLm,
        config: EmbedderConfig,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        if batch_size < 1:
            raise ElmoError(f"batch size must be at least 1, got {batch_size}")
        self._model = model.eval()
        self._config = config
        self.batch_size = batch_size
        self.max_characters = model.options.max_characters_per_token
        self.n_layers = model.options.n_layers + 1

    @classmethod
    def load(
        cls,
        directory: str | Path,
        layers: Sequence[int] | None = None,
        pooling: str | None = None,
        weights: Sequence[float] | None = None,
        stateful: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> ElmoEmbedder:
        """The model in ``directory``: options.json plus one bilm-tf ``*.hdf5`` weights file."""
        folder = Path(directory).expanduser()
        options = read_options(folder)
        weights_file = find_weights(folder)
        n_layers = options.n_layers + 1
        chosen = _check_layers(layers, n_layers)
        pooling, mix = _check_pooling(pooling, weights, len(chosen))
        config = EmbedderConfig(
            model=canonical_name(folder),
            layers=chosen,
            pooling=pooling,
            dim=options.output_dim,
            weights=mix,
            # The weights file's hash: a folder trained further (`elmo train` resumes
            # into it) keeps its name but no longer makes the vectors an index holds.
            model_sha256=file_sha256(weights_file),
        )
        model = BiLm(options, stateful=stateful)
        load_weights(model, weights_file)
        return cls(model, config, batch_size)

    @property
    def config(self) -> EmbedderConfig:
        return self._config

    @property
    def stateful(self) -> bool:
        return self._model.stateful

    def reset_states(self) -> None:
        """Start the next replay batch from zero states again."""
        self._model.reset_states()

    def embed(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        c = self._config
        return [
            mix_layers(layers[list(c.layers)], c.pooling, c.weights, c.gamma).astype(np.float32)
            for layers in self.embed_layers(sentences)
        ]

    def embed_layers(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Every biLM layer: one float32 (n_layers + 1, n_words, dim) array per sentence."""
        sentences = [list(words) for words in sentences]
        results = [self._no_words() for _ in sentences]
        for batch in self._batches(sentences):
            for i, layers in zip(batch, self._forward([sentences[i] for i in batch]), strict=True):
                results[i] = layers
        return results

    # --- internals -------------------------------------------------------------------

    def _batches(self, sentences: list[list[str]]) -> list[list[int]]:
        if self.stateful:
            # Replay: the order is the meaning, and every sentence (even an empty one,
            # which still has its <S> </S>) moves its row's state on, as in bilm-tf.
            n = len(sentences)
            return [
                list(range(i, min(i + self.batch_size, n))) for i in range(0, n, self.batch_size)
            ]
        todo = [i for i, words in enumerate(sentences) if words]
        # Sorted by length so that rows of a batch need little padding.
        batches = length_batches([len(sentences[i]) for i in todo], sys.maxsize, self.batch_size)
        return [[todo[j] for j in batch] for batch in batches]

    def _forward(self, batch: list[list[str]]) -> list[np.ndarray]:
        ids, lengths = batch_to_ids(batch, self.max_characters)
        with torch.inference_mode():
            layers = torch.stack(self._model(torch.from_numpy(ids)).layers).numpy()
        # Drop the <S> and </S> positions the model added.
        return [
            np.ascontiguousarray(layers[:, row, 1 : n - 1], dtype=np.float32)
            for row, n in enumerate(lengths)
        ]

    def _no_words(self) -> np.ndarray:
        return np.zeros((self.n_layers, 0, self._config.dim), dtype=np.float32)


def read_options(folder: Path) -> ElmoOptions:
    if not folder.is_dir():
        raise ElmoError(
            f"ELMo model folder {folder} does not exist; elmo:DIR needs a folder with "
            f"{OPTIONS_NAME} and the bilm-tf weights (*.hdf5)"
        )
    path = folder / OPTIONS_NAME
    if not path.is_file():
        raise ElmoError(
            f"{folder} has no {OPTIONS_NAME}; put the bilm-tf options file that came with "
            "the weights there, named options.json"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ElmoFormatError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ElmoFormatError(f"{path} is not a JSON object like bilm-tf's options.json")
    return ElmoOptions.from_dict(data)


def find_weights(folder: Path) -> Path:
    """The one ``*.hdf5`` in ``folder``; among several, the one laid out as ELMo weights."""
    candidates = sorted(folder.glob("*.hdf5"))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ElmoError(
            f"{folder} has no *.hdf5 weights file; put the bilm-tf weights "
            "(e.g. …_weights.hdf5) beside options.json"
        )
    # Folders often hold dumped embeddings beside the weights (token vectors, biLM
    # outputs); only the weights have the character embedding and the LSTMs.
    weights = [path for path in candidates if has_weight_layout(path)]
    if len(weights) == 1:
        return weights[0]
    names = ", ".join(p.name for p in (weights or candidates))
    raise ElmoError(
        f"{folder} has {len(weights) or 'no'} *.hdf5 files laid out as ELMo weights "
        f"(char_embed and RNN_0 groups) among {names}; keep exactly one weights file there"
    )


def _check_layers(layers: Sequence[int] | None, n_layers: int) -> tuple[int, ...]:
    if layers is None:
        return tuple(range(n_layers))
    if len(layers) == 0:
        raise ElmoError("give at least one layer")
    for layer in layers:
        if not -n_layers <= int(layer) < n_layers:
            raise ElmoError(
                f"layer {layer} does not exist in this ELMo model: its layers are "
                f"0..{n_layers - 1} (0 = character CNN; -1..-{n_layers} count from the top)"
            )
    return tuple(int(layer) % n_layers for layer in layers)


def _check_pooling(
    pooling: str | None, weights: Sequence[float] | None, n_layers: int
) -> tuple[str, tuple[float, ...]]:
    if pooling is None:
        pooling = "scalar_mix" if weights else "mean"
    if pooling not in POOLINGS:
        raise ElmoError(f"unknown pooling {pooling!r}: use one of {', '.join(POOLINGS)}")
    if pooling == "mean":
        if weights:
            raise ElmoError("layer weights only apply to scalar_mix pooling, not mean")
        return pooling, ()
    mix = tuple(float(w) for w in weights) if weights else (0.0,) * n_layers
    if len(mix) != n_layers:
        raise ElmoError(f"scalar_mix needs one weight per layer: {n_layers}, got {len(mix)}")
    return pooling, mix
