"""The real encoder: a BERT-family model from transformers, one vector per word.

Pipeline per call: tokenise every sentence as pre-split words (fast tokenizer, word
ids), give empty words the unknown token, cut long sentences into overlapping windows,
run all windows through the model in length-sorted batches, mix the chosen hidden
layers, read each piece from its most central window, and mean-pool pieces to words.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sensegrep.embedder.alignment import (
    gather_pieces,
    length_batches,
    plan_windows,
    pool_pieces,
    word_pieces,
)
from sensegrep.embedder.base import POOLINGS, Embedder, EmbedderConfig, mix_layers
from sensegrep.embedder.models import (
    DEFAULT_POOLING,
    check_precision,
    check_runtime,
    default_layers,
    default_precision,
    default_runtime,
    offline_env,
    resolve_model,
)
from sensegrep.embedder.threads import encoder_threads, torch_threads
from sensegrep.errors import SensegrepError

if TYPE_CHECKING:
    import torch
    import transformers

    from sensegrep.embedder.adapter import Adapter

# Before transformers is imported anywhere through this module. torch and transformers
# are imported where they are used: the ONNX encoder of a search needs neither
# (its config and tokenizer are read from the model's files, see tokenizer_file.py).
offline_env()

# Padded tokens per forward pass: 1k-2k measured fastest for MiniLM on 2 CPU cores (8k
# and 16k were 1.3-2x slower), and it keeps peak memory small.
TOKEN_BUDGET = 2048
# Models whose positions start after the padding index: two fewer usable positions.
_OFFSET_POSITIONS = {"roberta", "xlm-roberta", "camembert", "longformer", "mpnet", "bart"}


class TransformerEmbedder(Embedder):
    def __init__(
        self,
        model: transformers.PreTrainedModel,
        tokenizer: transformers.PreTrainedTokenizerBase,
        config: EmbedderConfig,
        token_budget: int = TOKEN_BUDGET,
        device: str = "cpu",
    ) -> None:
        self._model = model
        self._tokenizer = tokenizer
        self._config = config
        self.token_budget = token_budget
        self.device = device
        # None: encoder_threads() at each call (a later set_encoder_threads applies).
        self.threads: int | None = None
        self._prefix, self._suffix = _special_tokens(tokenizer)
        self._pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        self._unk_id = _unk_id(tokenizer)
        specials = len(self._prefix) + len(self._suffix)
        self.max_pieces = _max_positions(tokenizer, model.config) - specials
        # Long sentences are windowed here, so the tokenizer's "sequence too long for the
        # model" warning would be a false alarm.
        tokenizer.model_max_length = sys.maxsize
        self.n_hidden_states = model.config.num_hidden_layers + 1

    RUNTIME = "torch"

    @classmethod
    def load(
        cls,
        model: str = "mpnet",
        layers: Sequence[int] | None = None,
        pooling: str | None = None,
        weights: Sequence[float] | None = None,
        precision: str | None = None,
        adapter: Adapter | None = None,
        device: str | None = None,
    ) -> TransformerEmbedder:
        """Load ``model`` (preset, local folder, or cached hub name) for inference on this
        class's runtime, in ``precision`` (default: the preset's), with ``adapter``'s LoRA
        updates merged in, on ``device`` (None: the process default, embedder/device.py).
        ``load_embedder`` chooses the runtime; this is for callers that need one."""
        plan = plan_encoder(model, layers, pooling, weights, precision, adapter, cls.RUNTIME)
        return cls.from_plan(plan, adapter, device)

    @classmethod
    def from_plan(
        cls, plan: EncoderPlan, adapter: Adapter | None = None, device: str | None = None
    ) -> TransformerEmbedder:
        """The encoder ``plan`` describes, its network loaded in torch."""
        net = _load_model(plan.source)
        if adapter is not None:
            adapter.merge_into(net)
        place = _torch_place(device, plan.config.precision)
        net = to_precision(net, plan.config.precision).to(place)
        return cls(net, _load_tokenizer(plan.source), plan.config, device=place)

    @property
    def config(self) -> EmbedderConfig:
        return self._config

    def embed(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        return self._run(sentences, all_layers=False)

    def embed_layers(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Every hidden state (0 = input embeddings), pooled to words: (n_layers, n_words, dim)."""
        return self._run(sentences, all_layers=True)

    def word_pieces(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """One sentence's piece ids and word offsets, as ``embed`` sees them."""
        return self._tokenize([list(words)])[0]

    @property
    def network(self) -> torch.nn.Module:
        """The underlying transformer (``sensegrep tune --adapter`` trains inside it)."""
        return self._model

    def target_states(
        self, sentences: Sequence[Sequence[str]], targets: Sequence[int], layers: Sequence[int]
    ) -> torch.Tensor:
        """Differentiable, for training: hidden states ``layers`` of word ``targets[i]`` of
        each sentence, mean over its pieces: a tensor (n, len(layers), dim). A sentence
        longer than the model's window is cut to one window around its target."""
        import torch

        rows, spans = [], []
        for words, target in zip(sentences, targets, strict=True):
            ids, offsets = self.word_pieces(words)
            start, end = int(offsets[target]), int(offsets[target + 1])
            low = max(0, min(start - self.max_pieces // 2, len(ids) - self.max_pieces))
            high = min(len(ids), low + self.max_pieces)
            rows.append(ids[low:high])
            spans.append((start - low, max(start - low + 1, min(end, high) - low)))
        input_ids, mask = self._padded(rows)
        out = self._model(
            input_ids=torch.from_numpy(input_ids).to(self.device),
            attention_mask=torch.from_numpy(mask).to(self.device),
            output_hidden_states=True,
        )
        hidden = torch.stack([out.hidden_states[layer] for layer in layers], dim=1)
        p0 = len(self._prefix)
        return torch.stack(
            [hidden[i, :, p0 + a : p0 + b].mean(dim=1) for i, (a, b) in enumerate(spans)]
        )

    # --- internals -------------------------------------------------------------------

    def _padded(self, pieces: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Input ids with the special tokens added, padded to one width, and their mask."""
        width = max(len(ids) for ids in pieces) + len(self._prefix) + len(self._suffix)
        input_ids = np.full((len(pieces), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(pieces), width), dtype=np.int64)
        for row, ids in enumerate(pieces):
            full = np.concatenate([self._prefix, ids, self._suffix])
            input_ids[row, : len(full)] = full
            mask[row, : len(full)] = 1
        return input_ids, mask

    def _run(self, sentences: Sequence[Sequence[str]], all_layers: bool) -> list[np.ndarray]:
        """Each distinct sentence embedded once (boilerplate, headings and quoted lines
        repeat in real corpora), its vectors copied to its repeats."""
        slot: dict[tuple[str, ...], int] = {}
        order = [slot.setdefault(tuple(words), len(slot)) for words in sentences]
        if len(slot) == len(order):
            return self._run_distinct([list(words) for words in sentences], all_layers)
        distinct = self._run_distinct([list(words) for words in slot], all_layers)
        seen: set[int] = set()
        result = []
        for k in order:
            result.append(distinct[k] if k not in seen else distinct[k].copy())
            seen.add(k)
        return result

    def _run_distinct(self, sentences: list[list[str]], all_layers: bool) -> list[np.ndarray]:
        tokenised = self._tokenize(sentences)
        plans = [plan_windows(offsets, self.max_pieces) for _, offsets in tokenised]
        items = [  # (sentence, window number, piece ids) for every non-empty window
            (s, k, ids[start:end])
            for s, ((ids, _), plan) in enumerate(zip(tokenised, plans, strict=True))
            for k, (start, end) in enumerate(plan.windows)
            if end > start
        ]
        results = [self._no_words(all_layers) for _ in sentences]
        pending: dict[int, dict[int, np.ndarray]] = {}
        lengths = [len(ids) + len(self._prefix) + len(self._suffix) for _, _, ids in items]
        for batch in length_batches(lengths, self.token_budget):
            vectors = self._forward([items[i][2] for i in batch], all_layers)
            for i, vec in zip(batch, vectors, strict=True):
                s, k, _ = items[i]
                windows = pending.setdefault(s, {})
                # A copy, so a sentence still waiting for its other windows does not pin
                # this whole batch's hidden states in memory.
                windows[k] = vec if len(plans[s].windows) == 1 else vec.copy()
                if len(windows) == len(plans[s].windows):
                    # Pool as soon as a sentence is complete: memory stays at one batch
                    # plus the word vectors, however many sentences are passed in.
                    ordered = [windows[n] for n in range(len(windows))]
                    results[s] = pool_pieces(gather_pieces(ordered, plans[s]), tokenised[s][1])
                    del pending[s]
        return results

    def _no_words(self, all_layers: bool) -> np.ndarray:
        lead = (self.n_hidden_states,) if all_layers else ()
        return np.zeros((*lead, 0, self._config.dim), dtype=np.float32)

    def _tokenize(self, sentences: list[list[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
        empty = (np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64))
        result = [empty] * len(sentences)
        todo = [i for i, words in enumerate(sentences) if words]
        if not todo:
            return result
        # One batched call: the Rust tokenizer parallelises it.
        enc = self._tokenizer(
            [sentences[i] for i in todo], is_split_into_words=True, add_special_tokens=False
        )
        for row, i in enumerate(todo):
            result[i] = word_pieces(
                enc["input_ids"][row], enc.word_ids(row), len(sentences[i]), self._unk_id
            )
        return result

    def _forward(self, pieces: list[np.ndarray], all_layers: bool) -> list[np.ndarray]:
        """Window vectors for one batch, specials stripped: (len, dim) or (layers, len, dim)."""
        p0 = len(self._prefix)
        input_ids, mask = self._padded(pieces)
        stacked = self._network(input_ids, mask, all_layers)
        return [stacked[..., row, p0 : p0 + len(ids), :] for row, ids in enumerate(pieces)]

    def _network(self, input_ids: np.ndarray, mask: np.ndarray, all_layers: bool) -> np.ndarray:
        """The padded batch through the network: every hidden state (layers, rows, width,
        dim), or the configured mix of them (rows, width, dim); float32."""
        import torch

        threads = self.threads or encoder_threads()
        with torch.inference_mode(), torch_threads(torch, threads):
            out = self._model(
                input_ids=torch.from_numpy(input_ids).to(self.device),
                attention_mask=torch.from_numpy(mask).to(self.device),
                output_hidden_states=True,
            )
            hidden = out.hidden_states
            if all_layers:
                return torch.stack(hidden).float().cpu().numpy()
            chosen = torch.stack([hidden[i] for i in self._config.layers]).float().cpu().numpy()
        return mix_layers(chosen, self._config.pooling, self._config.weights, self._config.gamma)


@dataclass(frozen=True)
class EncoderPlan:
    """What to load: the model's files, its config (transformers' or a ModelConfig),
    the settings checked."""

    source: str
    model_config: transformers.PretrainedConfig | ModelConfig
    config: EmbedderConfig


@dataclass(frozen=True)
class ModelConfig:
    """What the encoder reads of a model's config.json, read without transformers."""

    model_type: str
    num_hidden_layers: int
    hidden_size: int
    max_position_embeddings: int


def plan_encoder(
    model: str,
    layers: Sequence[int] | None = None,
    pooling: str | None = None,
    weights: Sequence[float] | None = None,
    precision: str | None = None,
    adapter: Adapter | None = None,
    runtime: str | None = None,
) -> EncoderPlan:
    """Check the settings against the model's config before any weights load, so that a
    typo fails in a fraction of a second; None settings take the preset's defaults."""
    canonical, source = resolve_model(model)
    model_config = _load_config(source)
    chosen = _check_layers(layers, canonical, model_config.num_hidden_layers + 1)
    pooling, mix_weights = _check_pooling(pooling, weights, len(chosen))
    runtime = runtime or default_runtime(canonical, precision)
    precision = check_precision(precision or default_precision(canonical, runtime))
    check_runtime(runtime, precision)
    if adapter is not None:
        adapter.check_model(canonical)
    config = EmbedderConfig(
        model=canonical,
        layers=chosen,
        pooling=pooling,
        dim=int(model_config.hidden_size),
        weights=mix_weights,
        precision=precision,
        adapter=adapter.name if adapter else "",
        adapter_sha256=adapter.sha256 if adapter else "",
        runtime=runtime,
        model_sha256=_folder_weights_sha256(canonical, source),
    )
    return EncoderPlan(source, model_config, config)


# The files of a Hugging Face folder that hold its weights.
WEIGHT_SUFFIXES = (".safetensors", ".bin")


def _folder_weights_sha256(canonical: str, source: str) -> str:
    """A model folder of the user's pinned by its weight files' SHA-256 (one over them
    all, by name): fine-tuned in place, it keeps its path but no longer makes the
    vectors an index holds. Presets (their packages are checked) and hub names: ""."""
    folder = Path(source)
    if canonical != str(folder) or not folder.is_dir():
        return ""
    from sensegrep.digests import files_sha256

    weights = sorted(folder.iterdir())
    return files_sha256(p for p in weights if p.suffix in WEIGHT_SUFFIXES and p.is_file())


def _load_config(source: str) -> transformers.PretrainedConfig | ModelConfig:
    """The model's config: read from its config.json when that names every field the
    encoder reads (transformers' config classes import torch), else transformers'."""
    light = _light_config(Path(source) / "config.json")
    if light is not None:
        return light
    import transformers

    try:
        return transformers.AutoConfig.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise SensegrepError(f"cannot read the model config of {source}: {exc}") from exc


def _light_config(path: Path) -> ModelConfig | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    fields = ("model_type", "num_hidden_layers", "hidden_size", "max_position_embeddings")
    if not isinstance(data, dict) or not isinstance(data.get("model_type"), str):
        return None
    if not all(isinstance(data.get(f), int) and data[f] > 0 for f in fields[1:]):
        return None
    return ModelConfig(*(data[f] for f in fields))


def _load_tokenizer(source: str, light: bool = False) -> transformers.PreTrainedTokenizerBase:
    """The model's fast tokenizer; ``light``: from its tokenizer.json without transformers
    when that gives the same pieces (tokenizer_file.py), as the ONNX encoder loads it."""
    if light:
        from sensegrep.embedder import tokenizer_file

        found = tokenizer_file.load(source)
        if found is not None:
            return found  # type: ignore[return-value]
    import transformers

    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise SensegrepError(f"cannot load the tokenizer of {source}: {exc}") from exc
    if not tokenizer.is_fast:
        raise SensegrepError(
            f"{source} has no fast tokenizer (tokenizer.json); sensegrep needs one to map "
            "pieces to words"
        )
    if _is_byte_level(tokenizer) and not getattr(tokenizer, "add_prefix_space", False):
        # Byte-level BPE (RoBERTa, GPT-2) marks word starts with a space: pre-split words
        # need it added, or every word would be tokenised as a word-internal piece.
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            source, local_files_only=True, add_prefix_space=True
        )
    return tokenizer


def _is_byte_level(tokenizer: transformers.PreTrainedTokenizerBase) -> bool:
    backend = getattr(tokenizer, "backend_tokenizer", None)
    return backend is not None and "ByteLevel" in repr(backend.pre_tokenizer)


def _load_model(source: str, attention: str | None = None) -> transformers.PreTrainedModel:
    """The fp32 network at ``source``; ``attention``: an attention implementation
    (eager for the ONNX export), else transformers' default."""
    import torch
    import transformers

    extra = {"attn_implementation": attention} if attention else {}
    try:
        with _quiet_loading():
            net = transformers.AutoModel.from_pretrained(
                source, local_files_only=True, dtype=torch.float32, **extra
            )
    except (OSError, ValueError) as exc:
        raise SensegrepError(f"cannot load the model at {source}: {exc}") from exc
    net.eval()
    return net


def _torch_place(device: str | None, precision: str) -> str:
    from sensegrep.embedder.device import fallback, torch_device

    place = torch_device(device)
    if precision == "int8" and place != "cpu":
        # torch's dynamic quantisation has CPU kernels only.
        fallback(f"int8 on torch runs on the CPU only, not {place}")
        return "cpu"
    return place


def to_precision(net: torch.nn.Module, precision: str) -> torch.nn.Module:
    """The network converted for inference in ``precision`` (see ``PRECISIONS``).

    bf16 converts the weights themselves rather than autocasting: autocast re-casts every
    weight on every forward pass, which measured 1.3x slower on MPNet here.
    """
    import torch

    if precision == "bf16":
        return net.to(torch.bfloat16)
    if precision == "int8":
        import warnings

        with warnings.catch_warnings():  # torch's notice that this API moves to torchao
            warnings.simplefilter("ignore")
            return torch.ao.quantization.quantize_dynamic(net, {torch.nn.Linear}, torch.qint8)
    return net


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """No progress bar or load report on the user's terminal (e.g. the unused pooler of a
    sentence-transformers checkpoint is expected, not news)."""
    import transformers

    log = transformers.utils.logging
    bar, level = log.is_progress_bar_enabled(), log.get_verbosity()
    log.disable_progress_bar()
    log.set_verbosity_error()
    try:
        yield
    finally:
        log.set_verbosity(level)
        if bar:
            log.enable_progress_bar()


def _special_tokens(tokenizer: transformers.PreTrainedTokenizerBase) -> tuple[np.ndarray, ...]:
    """The ids the tokenizer puts before and after one sequence ([CLS] … [SEP], <s> … </s>)."""
    enc = tokenizer(["a"], is_split_into_words=True, add_special_tokens=True)
    word_ids = enc.word_ids()
    inside = [k for k, w in enumerate(word_ids) if w is not None]
    ids = enc["input_ids"]
    prefix = np.asarray(ids[: inside[0]], dtype=np.int64)
    suffix = np.asarray(ids[inside[-1] + 1 :], dtype=np.int64)
    return prefix, suffix


def _unk_id(tokenizer: transformers.PreTrainedTokenizerBase) -> int:
    if tokenizer.unk_token_id is not None:
        return int(tokenizer.unk_token_id)
    # Byte-level vocabularies have no unknown token; any neutral piece will do.
    return int(tokenizer(["-"], is_split_into_words=True, add_special_tokens=False)["input_ids"][0])


def _max_positions(
    tokenizer: transformers.PreTrainedTokenizerBase, model_config: transformers.PretrainedConfig
) -> int:
    """Longest input the model takes, special tokens included."""
    limit = int(getattr(model_config, "max_position_embeddings", 512))
    if getattr(model_config, "model_type", "") in _OFFSET_POSITIONS:
        limit -= 2
    if 0 < tokenizer.model_max_length < limit:
        limit = int(tokenizer.model_max_length)
    return limit


def _check_layers(layers: Sequence[int] | None, canonical: str, n_hidden: int) -> tuple[int, ...]:
    if layers is None:
        layers = default_layers(canonical, n_hidden)
    if isinstance(layers, int) and not isinstance(layers, bool):
        layers = (layers,)
    if isinstance(layers, str | bytes):  # read character by character: "45" was 4 and 5
        raise SensegrepError(
            f"layers is a list of layer numbers, e.g. layers=[4, 5] (the command line's "
            f"--layers 4,5), not the text {layers!r}"
        )
    if len(layers) == 0:
        raise SensegrepError("give at least one layer")
    chosen = []
    for layer in layers:
        if not -n_hidden <= int(layer) < n_hidden:
            raise SensegrepError(
                f"layer {layer} does not exist in {canonical}: its hidden states are "
                f"0..{n_hidden - 1} (0 = input embeddings; -1..-{n_hidden} count from the top)"
            )
        chosen.append(int(layer) % n_hidden)
    return tuple(chosen)


def _check_pooling(
    pooling: str | None, weights: Sequence[float] | None, n_layers: int
) -> tuple[str, tuple[float, ...]]:
    if pooling is None:
        pooling = "scalar_mix" if weights else DEFAULT_POOLING
    if pooling not in POOLINGS:
        raise SensegrepError(f"unknown pooling {pooling!r}: use one of {', '.join(POOLINGS)}")
    if pooling == "mean":
        if weights:
            raise SensegrepError("layer weights only apply to scalar_mix pooling, not mean")
        return pooling, ()
    mix = tuple(float(w) for w in weights) if weights else (0.0,) * n_layers
    if len(mix) != n_layers:
        raise SensegrepError(f"scalar_mix needs one weight per layer: {n_layers}, got {len(mix)}")
    return pooling, mix
