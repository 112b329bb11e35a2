"""A learned sense projection: a scalar mix of an encoder's hidden layers followed by a
linear map, trained by ``sensegrep tune`` so that occurrences of a lemma with the same
sense lie close and its other senses far apart.

It is a few hundred kB of numbers on top of a frozen encoder. The file (``.npz``) holds
the map, the layers and their mix weights, and the base model it was trained on; an
index records the file's name and SHA-256, so vectors made with one projection are
never compared with vectors made with another.

``BUILTIN`` projections ship inside the package and are the presets' defaults; any
other projection is a file path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from sensegrep.embedder.base import Embedder, EmbedderConfig
from sensegrep.errors import SensegrepError
from sensegrep.files import write_whole

# Name → file in sensegrep/embedder/data/. Made by `make tune-minilm` and `make tune-mpnet`
# (see BENCHMARKS.md).
BUILTIN: dict[str, str] = {
    "minilm-semcor": "minilm-semcor.npz",
    "mpnet-semcor": "mpnet-semcor.npz",
}
# What each builtin was trained on. Its file records only the occurrence counts and the
# path of the index `tune` read at build time (details["index"]), not the data, and
# rewriting the file would change the SHA-256 that indexes built with it record.
_SEMCOR = "all of SemCor 3.0 (its 226,036 sense-labelled occurrences)"
BUILTIN_TRAINED_ON: dict[str, str] = {"minilm-semcor": _SEMCOR, "mpnet-semcor": _SEMCOR}
# The projection a preset uses when no layers, pooling or projection are asked for.
PRESET_DEFAULT: dict[str, str] = {"minilm": "minilm-semcor", "mpnet": "mpnet-semcor"}
NONE = "none"

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Projection:
    """Mix ``layers`` with softmax(``weights``), then multiply by ``matrix`` (in, out)."""

    model: str
    layers: tuple[int, ...]
    weights: tuple[float, ...]
    matrix: np.ndarray
    details: dict = field(default_factory=dict)  # how it was trained, for the record
    # The LoRA adapter it was trained with (file name beside the projection, or a
    # builtin name) and that file's SHA-256; empty when trained on the plain encoder.
    adapter: str = ""
    adapter_sha256: str = ""

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Mixed word vectors (n, in) → projected (n, out), float32."""
        return (np.asarray(vectors, dtype=np.float32) @ self.matrix).astype(np.float32)

    def save(self, path: Path) -> None:
        header = {
            "model": self.model,
            "layers": list(self.layers),
            "weights": list(self.weights),
            "details": self.details,
            "adapter": self.adapter,
            "adapter_sha256": self.adapter_sha256,
        }

        def write(partial: Path) -> None:
            with open(partial, "wb") as out:
                np.savez(
                    out, matrix=self.matrix.astype(np.float32), header=np.array(json.dumps(header))
                )

        # Whole or not at all: an index names this file by its SHA-256, so a tune stopped
        # while writing must leave the file it had, never half of a new one.
        write_whole(Path(path), write)

    @classmethod
    def load(cls, path: Path) -> Projection:
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                matrix = np.asarray(data["matrix"], dtype=np.float32)
            projection = cls(
                model=str(header["model"]),
                layers=tuple(int(x) for x in header["layers"]),
                weights=tuple(float(x) for x in header["weights"]),
                matrix=matrix,
                details=dict(header.get("details", {})),
                adapter=str(header.get("adapter", "")),
                adapter_sha256=str(header.get("adapter_sha256", "")),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SensegrepError(
                f"{path}: not a sensegrep projection (expected an .npz written by "
                f"`sensegrep tune`): {exc}"
            ) from None
        if matrix.ndim != 2 or len(projection.layers) != len(projection.weights):
            raise SensegrepError(f"{path}: damaged projection (matrix or layer weights)")
        return projection


def resolve(spec: str) -> tuple[str, Path]:
    """(name recorded in an index, file) of a builtin name or a projection file path."""
    if spec in BUILTIN:
        return spec, _DATA / BUILTIN[spec]
    path = Path(spec).expanduser()
    if not path.is_file():
        raise SensegrepError(
            f"projection {spec!r} is neither a file nor a builtin "
            f"({', '.join(BUILTIN)}); make one with `sensegrep tune`, or use --projection none"
        )
    return str(path.resolve()), path


def trained_on(spec: str) -> str:
    """What the projection ``spec`` (a builtin name, or a file from `tune` as an index
    records it) was trained on, in words: data drawn from it is no unseen test data."""
    if spec in BUILTIN_TRAINED_ON:
        return BUILTIN_TRAINED_ON[spec]
    try:
        details = Projection.load(Path(spec)).details
    except SensegrepError:
        return "data it does not record (the file cannot be read)"
    index, occurrences = details.get("index"), details.get("occurrences")
    if not index:
        return "data it does not record"
    count = f" ({occurrences:,} of them)" if isinstance(occurrences, int) else ""
    return f"the labelled occurrences of the index {index}{count}"


def adapter_spec(mapping: Projection, path: Path, asked: str | None) -> str | None:
    """The adapter to load under a projection: the one it was trained with (found beside
    the projection file, or builtin) unless one is asked for; a projection trained with
    an adapter refuses to run without it."""
    from sensegrep.embedder.adapter import BUILTIN as BUILTIN_ADAPTERS

    if not mapping.adapter:
        return asked
    if asked in (None, ""):
        if mapping.adapter in BUILTIN_ADAPTERS:
            return mapping.adapter
        return str(path.parent / mapping.adapter)
    if asked == NONE:
        raise SensegrepError(
            f"projection {path.name} was trained with the adapter {mapping.adapter} and "
            "means nothing without it: drop --adapter none, or use --projection none"
        )
    return asked


def check_adapter(path: Path, mapping: Projection, adapter_sha256: str) -> None:
    if mapping.adapter_sha256 != adapter_sha256:
        raise SensegrepError(
            f"projection {path.name} was trained with the adapter {mapping.adapter or 'none'} "
            f"(sha256 {mapping.adapter_sha256[:12] or '-'}), but the encoder carries "
            f"{adapter_sha256[:12] or 'none'}: use the adapter it was trained with"
        )


def projection_spec(
    projection: str | None,
    preset: str | None,
    layers: Sequence[int] | None,
    pooling: str | None,
    weights: Sequence[float] | None,
) -> str:
    """The projection to load ("" = none). ``None`` means the preset's default, unless
    layers, a pooling or weights are asked for: those mean plain layers."""
    if projection is None:
        asked_plain = layers is not None or pooling is not None or weights is not None
        return "" if asked_plain or preset is None else PRESET_DEFAULT.get(preset, "")
    return "" if projection in ("", NONE) else projection


def check_fixed_settings(
    spec: str, mapping: Projection, layers: Sequence[int] | None, pooling: str | None
) -> None:
    """A projection fixes its layers and their mix: other settings are a mistake."""
    if (layers is not None and tuple(layers) != mapping.layers) or pooling not in (
        None,
        "scalar_mix",
    ):
        raise SensegrepError(
            f"projection {spec} fixes its layers {list(mapping.layers)} and their mix; "
            f"drop --layers/--pooling, or use --projection none"
        )


class ProjectedEmbedder(Embedder):
    """A base embedder (already mixing the projection's layers) followed by the map."""

    def __init__(self, base: Embedder, mapping: Projection, name: str, sha256: str) -> None:
        if base.config.model != mapping.model:
            raise SensegrepError(
                f"projection {name} was trained on {mapping.model!r}, not "
                f"{base.config.model!r}; use it with --model {mapping.model}, or tune one "
                f"for {base.config.model}"
            )
        self.base = base
        self.mapping = mapping
        self._config: EmbedderConfig = replace(
            base.config, dim=mapping.dim, projection=name, projection_sha256=sha256
        )

    @property
    def config(self) -> EmbedderConfig:
        return self._config

    def embed(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        return [self.mapping.apply(v) for v in self.base.embed(sentences)]

    def embed_layers(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """The base model's layers, unprojected (the map applies to their mix only)."""
        return self.base.embed_layers(sentences)
