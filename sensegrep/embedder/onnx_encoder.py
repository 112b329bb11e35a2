"""The transformer run by ONNX Runtime (``--runtime onnx``): the same tokenisation,
windows, sub-word pooling and projection as the torch encoder (it subclasses it); only
the network differs, exported once from the model's local files and cached.

The exported graph takes the padded batch and one weight per hidden state and gives
their weighted sum (the configured mean or scalar mix, computed inside the graph) and
every hidden state (``embed_layers``). ``int8`` is ONNX Runtime's dynamic quantisation
of the fp32 graph's matrix products (weights int8 per channel, activations quantised
per batch), with the products most sensitive to outliers kept in float
(``FLOAT_NODES``). Both files live in sensegrep's cache (``models.cache_root()/onnx``),
named by a key of the model's files, the adapter and the exporter, and are written
beside their final name and renamed into place, so two processes never see half a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.embedder.base import EmbedderConfig
from sensegrep.embedder.models import cache_root
from sensegrep.embedder.threads import encoder_threads
from sensegrep.embedder.transformer import (
    EncoderPlan,
    TransformerEmbedder,
    _load_model,
    _load_tokenizer,
)
from sensegrep.errors import SensegrepError
from sensegrep.files import shared_mode, unique_temporary, write_whole

if TYPE_CHECKING:
    import torch
    import transformers

    from sensegrep.embedder.adapter import Adapter

# Bump when the exported graph or the quantisation changes: old cache files are then
# ignored (a new key), never loaded.
EXPORT_VERSION = 1
OPSET = 17
# Matrix products left in float by int8: the dense layer after the feed-forward block
# (whose inputs carry BERT's outlier features) of the last layers. Measured on mpnet:
# see BENCHMARKS.md (issue 22).
FLOAT_NODES = re.compile(r"layer\.(9|10|11)/output/dense/MatMul")
# How int8 quantises. This CPU has AVX2 without VNNI: there ONNX Runtime multiplies
# uint8 activations by int8 weights with a saturating 16-bit sum, which wrecked mpnet's
# vectors (mean cosine 0.47 to fp32); uint8 weights avoid the saturation.
WEIGHT_TYPE = "QUInt8"
PER_CHANNEL = True
REDUCE_RANGE = False
INPUTS = ("input_ids", "attention_mask", "layer_weights")
MIXED, HIDDEN = "mixed", "hidden_states"


class OnnxEmbedder(TransformerEmbedder):
    """A ``TransformerEmbedder`` whose forward pass is an ONNX Runtime session."""

    RUNTIME = "onnx"

    @classmethod
    def from_plan(
        cls, plan: EncoderPlan, adapter: Adapter | None = None, device: str | None = None
    ) -> OnnxEmbedder:
        """The encoder ``plan`` describes, from its files (exported and, for int8,
        quantised on first use, then read from the cache)."""
        from sensegrep.embedder.device import onnx_providers

        require_onnxruntime(plan.config.model)
        path = exported(plan.source, plan.config.precision, adapter, float_nodes=FLOAT_NODES)
        providers = onnx_providers(device)
        network = _Network(path, plan.model_config, providers)
        place = "cuda" if providers[0] == "CUDAExecutionProvider" else "cpu"
        tokenizer = _load_tokenizer(plan.source, light=True)
        embedder = cls(network, tokenizer, plan.config, device=place)  # type: ignore[arg-type]
        n_states = plan.model_config.num_hidden_layers + 1
        embedder._layer_weights = layer_weights(plan.config, n_states)
        return embedder

    @property
    def network(self) -> Any:
        raise SensegrepError(
            "training runs through torch: load the encoder with --runtime torch to tune it"
        )

    def target_states(self, *args: Any, **kwargs: Any) -> Any:
        return self.network

    def _network(self, input_ids: np.ndarray, mask: np.ndarray, all_layers: bool) -> np.ndarray:
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        feeds["layer_weights"] = self._layer_weights
        return self._model.run(HIDDEN if all_layers else MIXED, feeds)


def require_onnxruntime(model: str) -> None:
    """A one-line error, not an ImportError's traceback, where ONNX Runtime (a
    dependency, but one a platform may lack a wheel of) is missing; never a quiet switch
    to torch, whose vectors an index of another precision would not accept."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise SensegrepError(
            f"{model} runs on ONNX Runtime here (--runtime onnx, recorded by the index or the "
            f"preset's default), but the onnxruntime package is not installed ({exc}): "
            "install it (`pip install onnxruntime`), or index with --runtime torch"
        ) from exc


class _Network:
    """One ONNX Runtime session, with the model's config (for its window size)."""

    def __init__(
        self, path: Path, model_config: transformers.PretrainedConfig, providers: list[str]
    ) -> None:
        import onnxruntime

        self.config = model_config
        self.path = path
        self.session = _session(onnxruntime, path, providers)

    def run(self, output: str, feeds: dict[str, np.ndarray]) -> np.ndarray:
        return self.session.run([output], feeds)[0]


def _session(onnxruntime: Any, path: Path, providers: list[str]) -> Any:
    """An inference session of ``path``, its graph fully optimised. On the CPU the
    optimised graph is kept beside the file (once per machine and ONNX Runtime
    version: some of its fusions are made for this CPU) and later sessions load it as
    it is: optimising mpnet's graph took 1.3-1.8 s of each one-off search's start-up.
    The loaded graph is the one optimisation makes, so the vectors are the same."""
    level = onnxruntime.GraphOptimizationLevel
    options = _options(onnxruntime, level.ORT_ENABLE_ALL)
    if providers != ["CPUExecutionProvider"]:
        return onnxruntime.InferenceSession(str(path), options, providers=providers)
    optimized = path.with_name(f"{path.stem}-optimized-{_machine_key(onnxruntime)}.onnx")
    if optimized.is_file():
        ready = _options(onnxruntime, level.ORT_DISABLE_ALL)
        try:
            return onnxruntime.InferenceSession(str(optimized), ready, providers=providers)
        except Exception:  # unreadable (a damaged cache): optimise again, and keep that
            optimized.unlink(missing_ok=True)
    _remove_stale(optimized)  # a killed process's half-written file (the model's size)
    sessions: list[Any] = []

    def optimise_into(temporary: Path) -> None:
        options.optimized_model_filepath = str(temporary)
        sessions.append(onnxruntime.InferenceSession(str(path), options, providers=providers))

    try:
        write_whole(
            optimized, optimise_into, temporary=unique_temporary(optimized), mode=shared_mode()
        )
    except OSError:  # a read-only cache: optimise at each load, as before
        options.optimized_model_filepath = ""
        return onnxruntime.InferenceSession(str(path), options, providers=providers)
    return sessions[0]


def _options(onnxruntime: Any, level: Any) -> Any:
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = level
    options.intra_op_num_threads = encoder_threads()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # no per-node warnings on the user's terminal
    return options


def _machine_key(onnxruntime: Any) -> str:
    """Names what an optimised graph was made for: ONNX Runtime's version, the machine
    and its CPU's features."""
    import platform

    flags = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith(("flags", "Features")):
                flags = line.split(":", 1)[1]
                break
    except OSError:
        pass
    facts = f"{onnxruntime.__version__}|{platform.machine()}|{' '.join(sorted(flags.split()))}"
    return hashlib.sha256(facts.encode()).hexdigest()[:12]


def layer_weights(config: EmbedderConfig, n_hidden_states: int) -> np.ndarray:
    """One weight per hidden state whose weighted sum is ``config``'s layer mix (mean of
    the chosen layers, or γ·softmax(weights) over them), as the torch path mixes them."""
    weights = np.zeros(n_hidden_states, dtype=np.float64)
    if config.pooling == "mean":
        share = np.full(len(config.layers), 1.0 / len(config.layers))
    else:
        w = np.asarray(config.weights, dtype=np.float64)
        share = np.exp(w - w.max())
        share = config.gamma * share / share.sum()
    for layer, value in zip(config.layers, share, strict=True):
        weights[layer] += value
    return weights.astype(np.float32)


# --- the cached files -----------------------------------------------------------------


def exported(
    source: str,
    precision: str,
    adapter: Adapter | None = None,
    *,
    float_nodes: re.Pattern[str] = FLOAT_NODES,
) -> Path:
    """The cached ONNX file of ``source`` (with ``adapter`` merged) in ``precision``:
    exported (and quantised) now if absent."""
    folder = cache_root() / "onnx"
    key = cache_key(source, adapter)
    fp32 = folder / f"{_stem(source)}-{key}-fp32.onnx"
    if not fp32.is_file():
        _write_atomically(fp32, lambda tmp: export(source, tmp, adapter))
    if precision == "fp32":
        return fp32
    how = f"{float_nodes.pattern}|{WEIGHT_TYPE}|{PER_CHANNEL}|{REDUCE_RANGE}"
    tag = hashlib.sha256(how.encode()).hexdigest()[:8]
    int8 = folder / f"{_stem(source)}-{key}-int8-{tag}.onnx"
    if not int8.is_file():
        _write_atomically(int8, lambda tmp: quantize(fp32, tmp, float_nodes))
    return int8


def cache_key(source: str, adapter: Adapter | None) -> str:
    """Names the export: the model's weight files (name, size, modification time), the
    adapter, and the versions of what exported it."""
    folder = _model_folder(source)
    files = sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if p.suffix in (".safetensors", ".bin", ".json")
    )
    facts = {
        "version": EXPORT_VERSION,
        "opset": OPSET,
        # As torch.__version__ says it, read without importing torch (seconds).
        "torch": metadata.version("torch"),
        "source": str(folder),
        "files": files,
        "adapter": adapter.sha256 if adapter else "",
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def export(source: str, target: Path, adapter: Adapter | None = None) -> None:
    """The model at ``source`` (fp32, eager attention, ``adapter`` merged) as ONNX."""
    import torch

    net = _load_model(source, attention="eager")  # SDPA's masks do not trace faithfully
    if adapter is not None:
        adapter.merge_into(net)
    n_states = net.config.num_hidden_layers + 1
    # A padded row in the example: the graph must keep the attention mask's data path.
    ids = torch.full((2, 8), 5, dtype=torch.long)
    mask = torch.ones((2, 8), dtype=torch.long)
    mask[1, 5:] = 0
    batch = {0: "rows", 1: "width"}
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes it keeps dynamic
        torch.onnx.export(
            _mixing(net),
            (ids, mask, torch.ones(n_states)),
            str(target),
            input_names=list(INPUTS),
            output_names=[MIXED, HIDDEN],
            dynamic_axes={"input_ids": batch, "attention_mask": batch, MIXED: batch},
            opset_version=OPSET,
            dynamo=False,
        )


def quantize(fp32: Path, target: Path, float_nodes: re.Pattern[str]) -> None:
    """Dynamic int8 of ``fp32``'s matrix products with constant weights, except
    ``float_nodes``; weights per output channel."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32), load_external_data=False).graph
    keep = [node.name for node in graph.node if float_nodes.search(node.name)]
    logging.disable(logging.WARNING)  # its advice to pre-process (optional), on the root logger
    try:
        quantize_dynamic(
            str(fp32),
            str(target),
            weight_type=getattr(QuantType, WEIGHT_TYPE),
            per_channel=PER_CHANNEL,
            reduce_range=REDUCE_RANGE,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=keep,
            extra_options={"MatMulConstBOnly": True},
        )
    finally:
        logging.disable(logging.NOTSET)


def _mixing(net: torch.nn.Module) -> torch.nn.Module:
    """The network, with the layer mix inside: (mixed, every hidden state). Defined
    here, not at the top: torch is imported for an export only."""
    import torch

    class Mixing(torch.nn.Module):
        def __init__(self, net: torch.nn.Module) -> None:
            super().__init__()
            self.net = net

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, weights: torch.Tensor
        ) -> tuple[torch.Tensor, torch.Tensor]:
            out = self.net(
                input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True
            )
            states = torch.stack(out.hidden_states)
            return torch.tensordot(weights, states, dims=1), states

    return Mixing(net)


def _write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write through ``write(temporary path)`` beside ``target``, then rename: a crash
    leaves no half file under the final name, and of two processes the last rename wins
    with an identical file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    try:
        # A temporary of its own (two processes may export the same model), then the
        # cache's mode: mkstemp's 0600 would hide a shared cache.
        write_whole(target, write, temporary=unique_temporary(target), mode=shared_mode())
    except Exception as exc:
        if isinstance(exc, SensegrepError):
            raise
        raise SensegrepError(f"cannot export the encoder to ONNX ({target.name}): {exc}") from exc


def _remove_stale(target: Path, age_s: float = 3600.0) -> None:
    """Temporary files of ``target`` left by a killed export an hour ago or more (an
    export takes seconds to minutes; each file is the model's size)."""
    now = time.time()
    for stale in target.parent.glob(f".{target.stem}-*.tmp"):
        try:
            if now - stale.stat().st_mtime > age_s:
                stale.unlink()
        except OSError:
            pass  # another process removed or renamed it


def _model_folder(source: str) -> Path:
    folder = Path(source)
    if folder.is_dir():
        return folder.resolve()
    from huggingface_hub import snapshot_download  # a cached hub name: its local snapshot

    return Path(snapshot_download(source, local_files_only=True))


def _stem(source: str) -> str:
    name = _model_folder(source).name
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:40] or "model"
