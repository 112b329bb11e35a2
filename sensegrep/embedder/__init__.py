"""Embedders, by name.

``load_embedder("mpnet")`` gives the default BERT-family encoder (all-mpnet-base-v2 in
bf16 with its shipped sense projection); ``"minilm"`` the smaller, faster preset; a local
Hugging Face folder or a cached hub name works too; ``"elmo:DIR"`` is a bilm-tf ELMo
model (options.json + HDF5 weights in DIR); ``"fake:DIM"`` is the deterministic test
embedder. torch and transformers are imported only when a real encoder is asked for, so
commands served from stored vectors start fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.digests import file_sha256
from sensegrep.embedder.base import Embedder, EmbedderConfig, mix_layers
from sensegrep.embedder.projection import NONE

if TYPE_CHECKING:
    from sensegrep.embedder.adapter import Adapter

DEFAULT_MODEL = "mpnet"

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "EmbedderConfig",
    "embedder_for",
    "load_embedder",
    "load_embedder_from_config",
    "mix_layers",
]


def embedder_for(
    recorded: EmbedderConfig | None = None,
    model: str | None = None,
    **settings: Any,
) -> Embedder:
    """The one place that decides which encoder to load: the index's own, rebuilt from
    ``recorded`` (the config it was built with: storage.recorded_encoder; None when there
    is no index) when nothing else is asked for; otherwise ``model`` (default: the
    index's model, else the default preset) with ``settings`` (layers, pooling,
    weights, projection, precision, adapter; None means the preset's default)."""
    asked = model is not None or any(v is not None for v in settings.values())
    if recorded is not None and not asked:
        return load_embedder_from_config(recorded)
    if recorded is not None:
        settings = _recorded_number_format(recorded, model, settings)
        # Settings asked without a model are of the index's own model (pooling="mean"
        # alone loaded the default preset, refused as a model nobody asked for).
        model = model or recorded.model
    return load_embedder(model or DEFAULT_MODEL, **settings)


def _recorded_number_format(
    recorded: EmbedderConfig, model: str | None, settings: dict[str, Any]
) -> dict[str, Any]:
    """An index keeps the runtime and precision it recorded: asking for its own model
    with other settings (a projection, say) but no runtime or precision takes the
    index's, not the preset's current default (which may have changed since)."""
    from sensegrep.embedder.models import preset_name

    same_model = model is None or (preset_name(model) or model) == recorded.model
    if not same_model or settings.get("runtime") or settings.get("precision"):
        return settings
    return {**settings, "runtime": recorded.runtime, "precision": recorded.precision}


def load_embedder(
    model: str = DEFAULT_MODEL,
    layers: Sequence[int] | None = None,
    pooling: str | None = None,
    weights: Sequence[float] | None = None,
    projection: str | None = None,
    precision: str | None = None,
    adapter: str | None = None,
    runtime: str | None = None,
    device: str | None = None,
) -> Embedder:
    """The embedder registered under ``model``; ``None`` settings take the model's defaults.

    ``projection``: a learned map from ``sensegrep tune`` (a file or a builtin name) over
    a mix of the model's layers, or ``"none"``; ``None`` takes the preset's default.
    ``precision``: fp32, bf16 or int8 (``None``: the preset's). ``adapter``: LoRA weight
    updates from ``sensegrep tune --adapter`` (a file or a builtin name), or ``"none"``.
    ``runtime``: torch or onnx (ONNX Runtime; ``None``: the preset's). ``device``: auto,
    cpu, cuda or mps (``None``: the process default, ``use_device``); not recorded.
    """
    from sensegrep.embedder.models import preset_name
    from sensegrep.embedder.projection import projection_spec

    spec = projection_spec(projection, preset_name(model), layers, pooling, weights)
    if not spec:
        plain = _PlainSettings(precision, _load_adapter(adapter), runtime, device)
        return _load_plain(model, layers, pooling, weights, plain)
    from sensegrep.embedder import projection as proj

    name, path = proj.resolve(spec)
    mapping = proj.Projection.load(path)
    _check_projection_model(name, mapping.model, model)
    proj.check_fixed_settings(spec, mapping, layers, pooling)
    chosen_adapter = _load_adapter(proj.adapter_spec(mapping, path, adapter))
    plain = _PlainSettings(precision, chosen_adapter, runtime, device)
    proj.check_adapter(path, mapping, plain.adapter.sha256 if plain.adapter else "")
    base = _load_plain(model, mapping.layers, "scalar_mix", mapping.weights, plain)
    return proj.ProjectedEmbedder(base, mapping, name, file_sha256(path))


def _check_projection_model(name: str, trained_on: str, model: str) -> None:
    """A projection of another model, said before its layers are looked for in this
    one (where "layer 7 does not exist in minilm" would hide the real mistake)."""
    from sensegrep.embedder.models import preset_name
    from sensegrep.errors import SensegrepError

    if model in ("elmo-small",) or model.startswith("fake"):
        canonical = model
    elif model.startswith("elmo:"):  # as elmo.embedder.canonical_name, without torch
        folder = Path(model[5:]).expanduser().resolve()
        shipped = folder == (Path(__file__).resolve().parent / "data" / "elmo-small")
        canonical = "elmo-small" if shipped else f"elmo:{folder}"
    else:
        folder = Path(model).expanduser()
        canonical = preset_name(model) or (str(folder.resolve()) if folder.is_dir() else model)
    if canonical != trained_on:
        raise SensegrepError(
            f"projection {name} was trained on {trained_on!r}, not {canonical!r}; use it "
            f"with --model {trained_on}, or tune one for {canonical}"
        )


@dataclass(frozen=True)
class _PlainSettings:
    precision: str | None = None
    adapter: Adapter | None = None
    runtime: str | None = None
    device: str | None = None


def _load_adapter(spec: str | None) -> Adapter | None:
    if spec is None or spec in ("", NONE):
        return None
    from sensegrep.embedder.adapter import Adapter

    return Adapter.open(spec)


def _load_plain(
    model: str,
    layers: Sequence[int] | None,
    pooling: str | None,
    weights: Sequence[float] | None,
    settings: _PlainSettings = _PlainSettings(),
) -> Embedder:
    if model.startswith("fake:") or model == "fake" or is_elmo(model):
        _only_fp32(model, settings)
    if model.startswith("fake:") or model == "fake":
        from sensegrep.embedder.fake import FakeEmbedder

        dim = int(model.split(":", 1)[1]) if ":" in model else 16
        return FakeEmbedder(dim)
    if is_elmo(model):
        from sensegrep.embedder.elmo.embedder import ElmoEmbedder, elmo_dir

        folder = elmo_dir(model) or model
        return ElmoEmbedder.load(folder, layers=layers, pooling=pooling, weights=weights)
    from sensegrep.embedder.transformer import TransformerEmbedder, plan_encoder

    plan = plan_encoder(
        model, layers, pooling, weights, settings.precision, settings.adapter, settings.runtime
    )
    if plan.config.runtime == "onnx":
        from sensegrep.embedder.onnx_encoder import OnnxEmbedder

        return OnnxEmbedder.from_plan(plan, settings.adapter, settings.device)
    return TransformerEmbedder.from_plan(plan, settings.adapter, settings.device)


def _only_fp32(model: str, settings: _PlainSettings) -> None:
    from sensegrep.errors import SensegrepError

    if settings.precision not in (None, "fp32"):
        raise SensegrepError(
            f"{model} runs in fp32 only; --precision {settings.precision} applies to "
            "BERT-family models (minilm, mpnet, model folders)"
        )
    if settings.adapter is not None:
        raise SensegrepError(f"adapters apply to BERT-family models, not {model}; drop --adapter")
    if settings.runtime not in (None, "torch"):
        raise SensegrepError(
            f"{model} runs on torch only; --runtime {settings.runtime} applies to "
            "BERT-family models (minilm, mpnet, model folders)"
        )


def is_elmo(model: str) -> bool:
    """Whether a model name means an ELMo (``elmo:DIR`` or the ``elmo-small`` preset);
    a string test, so callers need not import torch to ask."""
    return model.startswith("elmo:") or model == "elmo-small"


def _changed_files(built: EmbedderConfig, now: EmbedderConfig) -> list[str]:
    """The projection and adapter files the index was built through that are the same
    files, by name, with other content now, in words."""
    return [
        f"the {kind} {name}, which has changed since (sha256 {then[:12]} then, {found[:12]} now)"
        for kind, name, then, named, found in (
            ("projection", *_file_pin(built, "projection"), *_file_pin(now, "projection")),
            ("adapter", *_file_pin(built, "adapter"), *_file_pin(now, "adapter")),
        )
        if name and name == named and then and found and then != found
    ]


def _require_files(config: EmbedderConfig) -> None:
    """The projection and adapter files an index was built through, there still: one
    moved or deleted is said as such, not as a file to make with `tune` or to leave out
    with `--projection none` (which an index built through it refuses)."""
    from sensegrep.embedder.adapter import BUILTIN as BUILTIN_ADAPTERS
    from sensegrep.embedder.projection import BUILTIN as BUILTIN_PROJECTIONS
    from sensegrep.errors import IndexMismatchError

    for kind, name, builtin in (
        ("projection", config.projection, BUILTIN_PROJECTIONS),
        ("adapter", config.adapter, BUILTIN_ADAPTERS),
    ):
        if name and name != NONE and name not in builtin and not Path(name).expanduser().is_file():
            raise IndexMismatchError(
                f"the index was built with the encoder {config.model} through the {kind} "
                f"{name}, which is no longer there: put the file back (sha256 "
                f"{getattr(config, f'{kind}_sha256')[:12]}), or index into a new folder"
            )


def _file_pin(config: EmbedderConfig, kind: str) -> tuple[str, str]:
    """A config's projection or adapter file and its sha256."""
    return getattr(config, kind), getattr(config, f"{kind}_sha256")


def load_embedder_from_config(config: EmbedderConfig) -> Embedder:
    """Rebuild the embedder an index was made with, from its recorded config."""
    _require_files(config)
    plain = {
        "precision": config.precision,
        "adapter": config.adapter or NONE,
        "runtime": config.runtime,
    }
    if config.projection:  # the projection file fixes the layers and their mix
        embedder = load_embedder(config.model, projection=config.projection, **plain)
    else:
        embedder = load_embedder(
            config.model,
            layers=config.layers,
            pooling=config.pooling,
            weights=config.weights or None,
            projection=NONE,
            **plain,
        )
    if embedder.config.pinned_like(config) != config:
        from sensegrep.errors import IndexMismatchError

        changed = _changed_files(config, embedder.config)
        if changed:  # a file of the user's written again (tune -o over it), not the model
            raise IndexMismatchError(
                f"the index was built with the encoder {config.model} through "
                f"{' and '.join(changed)}: put back the file the index was built with, or "
                "index into a new folder"
            )
        raise IndexMismatchError(
            f"the index was built with the encoder {config.described(embedder.config)}, "
            f"which now loads as {embedder.config.described(config)}: install the "
            "version of the model the index was made with, or index into a new folder"
        )
    return embedder
