"""The embedder contract: sentences as lists of words in, one vector per word out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from sensegrep import choices

POOLINGS = choices.POOLINGS

# Number formats the encoder can run in: fp32 (exact), bf16 (weights and activations in
# bfloat16; fast on CPUs with AVX-512 BF16 / AMX), int8 (dynamically quantised linear
# layers). Vectors are always returned as float32.
PRECISIONS = choices.PRECISIONS
# What runs the network: torch, or ONNX Runtime on an exported copy of it.
RUNTIMES = choices.RUNTIMES
# Runtimes whose vectors an index may mix, per precision: ONNX Runtime's fp32 vectors
# of mpnet are at cosine >= 0.99999 to torch's fp32 ones (BENCHMARKS.md, issue 22), far
# inside the vector codec's loss. Quantised or bf16 vectors differ by scheme: never.
INTERCHANGEABLE_RUNTIMES = {"fp32": frozenset(RUNTIMES)}


@dataclass(frozen=True)
class EmbedderConfig:
    """What an index records about the embedder that built it.

    ``model`` is the canonical model name (a preset name, or a path / hub name);
    ``layers`` index the model's hidden states (0 = input embeddings);
    ``pooling`` combines those layers: plain mean, or an ELMo-style scalar mix
    γ·Σ softmax(s)ᵢ·hᵢ with the fixed ``weights`` s and ``gamma``.
    Sub-word pieces are always mean-pooled to their word. ``projection`` names a
    learned linear map applied last (``sensegrep tune``; empty = none) and
    ``projection_sha256`` pins its file, so ``dim`` is then the map's output size.
    ``runtime`` is what ran the network (torch; onnx = ONNX Runtime); a manifest
    written before runtimes existed means torch. ``model_sha256`` pins the model's own
    weights file where a folder of the user's may change under the same name (an ELMo
    trained further with ``elmo train``): empty when not pinned, as in an index made
    before it was recorded, which then accepts the weights it finds.
    """

    model: str
    layers: tuple[int, ...]
    pooling: str
    dim: int
    weights: tuple[float, ...] = field(default=())
    gamma: float = 1.0
    projection: str = ""
    projection_sha256: str = ""
    precision: str = "fp32"
    adapter: str = ""
    adapter_sha256: str = ""
    runtime: str = "torch"
    model_sha256: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["layers"] = list(self.layers)
        data["weights"] = list(self.weights)
        if not self.model_sha256:  # unpinned: written as before, so keys made of it hold
            del data["model_sha256"]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> EmbedderConfig:
        return cls(
            model=data["model"],
            layers=tuple(data["layers"]),
            pooling=data["pooling"],
            dim=int(data["dim"]),
            weights=tuple(data.get("weights", ())),
            gamma=float(data.get("gamma", 1.0)),
            projection=str(data.get("projection", "")),
            projection_sha256=str(data.get("projection_sha256", "")),
            precision=str(data.get("precision", "fp32")),
            adapter=str(data.get("adapter", "")),
            adapter_sha256=str(data.get("adapter_sha256", "")),
            runtime=str(data.get("runtime", "torch")),
            model_sha256=str(data.get("model_sha256", "")),
        )

    def pinned_like(self, recorded: EmbedderConfig) -> EmbedderConfig:
        """This config as ``recorded`` would have written it: without the weights' pin
        when ``recorded`` has none (an index made before pins, which cannot tell)."""
        return self if recorded.model_sha256 else replace(self, model_sha256="")

    def interchangeable(self, other: EmbedderConfig) -> bool:
        """Whether vectors made with ``other`` may sit in an index made with this: the
        same settings, or only the runtime differs where its vectors agree (fp32)."""
        other = other.pinned_like(self)
        if self == other:
            return True
        same_otherwise = replace(other, runtime=self.runtime) == self
        allowed = INTERCHANGEABLE_RUNTIMES.get(self.precision, frozenset())
        return same_otherwise and {self.runtime, other.runtime} <= allowed

    def differences(self, other: EmbedderConfig) -> list[str]:
        """What differs from ``other``, as "field: mine vs other" phrases (sha256 pins are
        reported under their file's name)."""
        mine, theirs = asdict(self), asdict(other)
        found = []
        for key, value in mine.items():
            if value != theirs[key]:
                shown = key.removesuffix("_sha256") + (" file" if key.endswith("_sha256") else "")
                found.append(f"{shown} {_short(value)} vs {_short(theirs[key])}")
        return found

    def described(self, other: EmbedderConfig) -> str:
        """This encoder in a few words beside ``other``, for a one-line message: its
        model, and the settings that tell the two apart when the models are the same
        (never layer weights or file hashes)."""
        if self.model != other.model:
            return self.model
        told = [text for text in self._settings(other) if text]
        return f"{self.model} ({', '.join(told)})" if told else self.model

    def _settings(self, other: EmbedderConfig) -> list[str]:
        """The settings of this config that differ from ``other``'s, in words."""
        said = [
            f"layers {','.join(map(str, self.layers))}" if self.layers != other.layers else "",
            f"pooling {self.pooling}" if self.pooling != other.pooling else "",
            f"precision {self.precision}" if self.precision != other.precision else "",
            f"runtime {self.runtime}" if self.runtime != other.runtime else "",
            _file_setting("projection", (self.projection, self.projection_sha256),
                          (other.projection, other.projection_sha256)),
            _file_setting("adapter", (self.adapter, self.adapter_sha256),
                          (other.adapter, other.adapter_sha256)),
            _weights_setting(self.model_sha256, other.model_sha256),
        ]  # fmt: skip
        # Only a mix that has weights has its own (a plain mean has none to tell apart).
        if self.weights and (self.weights, self.gamma) != (other.weights, other.gamma):
            said.append("its own layer weights")
        if self.dim != other.dim:
            said.append(f"{self.dim} dimensions")
        return said


def _file_setting(kind: str, mine: tuple[str, str], theirs: tuple[str, str]) -> str:
    """A projection or adapter (name, sha256) in words where it differs from theirs."""
    if mine[0] != theirs[0]:
        return f"{kind} {Path(mine[0]).name}" if mine[0] else f"no {kind}"
    return f"{kind} {Path(mine[0]).name}, another version" if mine[1] != theirs[1] else ""


def _weights_setting(mine: str, theirs: str) -> str:
    """The model's weights in words where both are pinned and differ: the start of
    their SHA-256, the one thing that tells two versions of one folder apart."""
    return f"weights sha256 {mine[:12]}" if mine and theirs and mine != theirs else ""


def _short(value: object) -> str:
    text = (
        repr(list(value) if isinstance(value, tuple) else value)
        if value not in ("", [], ())
        else "none"
    )
    return text if len(text) <= 40 else text[:37] + "..."


class Embedder(ABC):
    """Turns tokenised sentences into one vector per word."""

    @property
    @abstractmethod
    def config(self) -> EmbedderConfig: ...

    @property
    def dim(self) -> int:
        return self.config.dim

    @abstractmethod
    def embed(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """One float32 array of shape (len(words), dim) per sentence, in input order."""

    def embed_layers(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """All hidden layers: one array (n_layers, len(words), dim) per sentence.

        Embedders that have no layers return a single layer: their ``embed`` output.
        """
        return [vectors[None, :, :] for vectors in self.embed(sentences)]


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (float32; a zero row stays zero). Cosine = dot product
    of unit rows: search, classify and the any-word file all compare vectors this way."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))[:, None]  # 5x faster than norm()
    return vectors / np.maximum(norms, 1e-12)


def mix_layers(
    layers: np.ndarray, pooling: str, weights: Sequence[float] = (), gamma: float = 1.0
) -> np.ndarray:
    """Combine (n_layers, ...) into (...): mean, or γ·Σ softmax(weights)ᵢ·layerᵢ."""
    if pooling == "mean":
        return layers.mean(axis=0)
    if pooling == "scalar_mix":
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (layers.shape[0],):
            raise ValueError(f"scalar mix needs {layers.shape[0]} weights, got {len(w)}")
        s = np.exp(w - w.max())
        s /= s.sum()
        return (gamma * np.tensordot(s, layers, axes=1)).astype(np.float32)
    raise ValueError(f"unknown pooling {pooling!r}: expected one of {', '.join(POOLINGS)}")
