"""The embedder contract: sentences as lists of words in, one vector per word out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

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
    written before runtimes existed means torch.
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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["layers"] = list(self.layers)
        data["weights"] = list(self.weights)
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
        )

    def interchangeable(self, other: EmbedderConfig) -> bool:
        """Whether vectors made with ``other`` may sit in an index made with this: the
        same settings, or only the runtime differs where its vectors agree (fp32)."""
        if self == other:
            return True
        same_otherwise = replace(other, runtime=self.runtime) == self
        allowed = INTERCHANGEABLE_RUNTIMES.get(self.precision, frozenset())
        return same_otherwise and {self.runtime, other.runtime} <= allowed

    def differences(self, other: EmbedderConfig) -> list[str]:
        """What differs from ``other``, as "field: mine vs other" phrases (sha256 pins are
        reported under their file's name)."""
        mine, theirs = self.to_dict(), other.to_dict()
        found = []
        for key, value in mine.items():
            if value != theirs[key]:
                shown = key.removesuffix("_sha256") + (" file" if key.endswith("_sha256") else "")
                found.append(f"{shown} {_short(value)} vs {_short(theirs[key])}")
        return found


def _short(value: object) -> str:
    text = repr(value) if value not in ("", []) else "none"
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
