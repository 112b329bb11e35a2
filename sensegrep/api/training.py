"""Training: a sense projection (and optionally LoRA adapters of the encoder) from an
index's labelled occurrences (``sensegrep tune``), and an ELMo biLM on a corpus
(``sensegrep elmo train``). The training code is in sensegrep/tune/; torch loads when a
function here is called.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.errors import InputError, QueryError

if TYPE_CHECKING:
    from sensegrep.api.index import SenseIndex
    from sensegrep.embedder.base import Embedder
    from sensegrep.embedder.projection import Projection
    from sensegrep.tune.data import LabelledSet, LabelledToken
    from sensegrep.tune.elmo.train import TrainResult
    from sensegrep.tune.lora import AdapterOptions
    from sensegrep.tune.train import TuneOptions


class LayersError(QueryError):
    """The hidden layers asked for are not the encoder's (the CLI: a bad --layers)."""


# The adapter stage's settings as tune_projection takes them → AdapterOptions' fields.
_ADAPTER_SETTINGS = {
    "adapter_steps": "steps",
    "rank": "rank",
    "alpha": "alpha",
    "adapter_learning_rate": "learning_rate",
    "adapter_lemmas": "lemmas",
    "adapter_per_lemma": "per_lemma",
}


def tune_projection(
    index: SenseIndex,
    output: str | Path,
    *,
    model: str | None = None,
    precision: str | None = None,
    layers: str | Sequence[int] | None = None,
    adapter: str | Path | None = None,
    progress: bool | None = None,
    **settings: Any,
) -> Projection:
    """Learn a sense projection from the index's labelled occurrences (labels that came
    with the input and hand labels; never predicted ones) and write it to ``output``
    (.npz; index with it as ``projection=``).

    The occurrences are embedded again with every hidden layer of ``model`` (default:
    the index's, in the index's ``precision``), and a weighting of the ``layers``
    (default: all; "3,4,5,6" or numbers, negative from the top) and a linear map are
    fitted so that a word's occurrences with the same label come close and its other
    labels move apart. ``settings``: those of sensegrep/tune/train.py's TuneOptions
    (``dim``, ``steps``, ``temperature``, ``learning_rate``, ``lemmas``,
    ``per_lemma``, ``seed``, ``mix_only``, ``coarse_weight``). ``adapter``: also
    fine-tune the encoder (LoRA adapters of its attention) with the projection, write
    the adapters to this file, and name it in the projection; its settings are
    ``adapter_steps``, ``rank``, ``alpha``, ``adapter_learning_rate``,
    ``adapter_lemmas``, ``adapter_per_lemma``. ``progress``: progress bars (default: on
    a terminal). LayersError for layers the encoder does not have."""
    from sensegrep.embedder import load_embedder
    from sensegrep.tune.data import gather, labelled_tokens, predicted_labels
    from sensegrep.tune.train import TuneOptions, train

    options = TuneOptions(**_settings(settings, TuneOptions, _ADAPTER_SETTINGS))
    if model is None:  # the index's encoder, in the index's precision
        index.storage.require_vectors("tune with the index's encoder (or name one with --model)")
        model = index.storage.embedder_config.model
        precision = precision or index.storage.embedder_config.precision
    embedder = load_embedder(model, projection="none", precision=precision)
    chosen = _layers(layers, embedder)
    tokens = labelled_tokens(index.storage)
    sentences = len({t.sentence_id for t in tokens})
    with _bar(sentences, "embedding labelled sentences", progress) as bar:
        data = gather(index.storage, tokens, embedder, chosen, bar.update)
    with _bar(options.steps, "training", progress) as bar:
        projection = train(data, embedder.config.model, chosen, options, _step(bar))
    projection.details["index"] = str(Path(index.path).resolve())
    projection.details["precision"] = embedder.config.precision
    projection.details["predicted_left_out"] = predicted_labels(index.storage)
    if adapter is not None:
        adapter_options = _adapter_options(settings, options, embedder)
        projection = _tune_adapter(
            index, tokens, data, projection, adapter_options, Path(adapter), Path(output), progress
        )
    projection.save(Path(output))
    return projection


def _settings(given: dict[str, Any], options: type, elsewhere: Iterable[str]) -> dict[str, Any]:
    """The settings that are fields of the ``options`` dataclass; QueryError for any
    that is neither one nor named in ``elsewhere`` (another stage's)."""
    known = _fields(options)
    unknown = set(given) - known - set(elsewhere)
    if unknown:
        raise QueryError(f"unknown training setting(s): {', '.join(sorted(unknown))}")
    return {key: value for key, value in given.items() if key in known}


def _adapter_options(
    settings: dict[str, Any], options: TuneOptions, embedder: Embedder
) -> AdapterOptions:
    from sensegrep.tune.lora import AdapterOptions

    return AdapterOptions(
        **{field: settings[key] for key, field in _ADAPTER_SETTINGS.items() if key in settings},
        temperature=options.temperature,
        seed=options.seed,
        bf16=embedder.config.precision == "bf16",
    )


def _tune_adapter(
    index: SenseIndex,
    tokens: list[LabelledToken],
    data: LabelledSet,
    projection: Projection,
    options: AdapterOptions,
    adapter_path: Path,
    output: Path,
    progress: bool | None,
) -> Projection:
    """Stage 2: LoRA adapters and the projection, trained through the encoder (fp32
    weights; bf16 autocast when the model runs in bf16). Writes the adapter; returns the
    refined projection, which names the adapter."""
    import numpy as np

    from sensegrep.digests import file_sha256
    from sensegrep.embedder import load_embedder
    from sensegrep.tune.data import sentence_words
    from sensegrep.tune.lora import Occurrences, train_adapter

    words = sentence_words(index.storage, sorted({t.sentence_id for t in tokens}))
    occurrences = Occurrences(
        words=[words[t.sentence_id] for t in tokens],
        targets=np.array([t.position for t in tokens]),
        group=data.group,
        sense=data.sense,
    )
    # LoRA trains through torch's autograd, whatever runtime the index's vectors came from.
    encoder = load_embedder(projection.model, projection="none", precision="fp32", runtime="torch")
    with _bar(options.steps, "training adapters", progress) as bar:
        adapter, refined = train_adapter(
            encoder, occurrences, data.contrastive_groups(), projection, options, _step(bar)
        )
    adapter.details["index"] = str(Path(index.path).resolve())
    adapter.save(adapter_path)
    name = os.path.relpath(adapter_path.resolve(), output.resolve().parent)
    return replace(refined, adapter=name, adapter_sha256=file_sha256(adapter_path))


def _layers(value: str | Sequence[int] | None, embedder: Embedder) -> tuple[int, ...]:
    n_layers = embedder.embed_layers([["probe"]])[0].shape[0]
    if value is None:
        return tuple(range(n_layers))
    try:
        asked = [int(part) for part in (value.split(",") if isinstance(value, str) else value)]
    except (TypeError, ValueError):
        raise LayersError(f"expected layer numbers like 3,4,5,6, got {value!r}") from None
    if not asked or any(not -n_layers <= n < n_layers for n in asked):
        raise LayersError(
            f"the model has hidden states 0..{n_layers - 1} (negative counts from the top), "
            f"got {value!r}"
        )
    return tuple(n % n_layers for n in asked)


def _bar(total: int, what: str, progress: bool | None) -> Any:
    from sensegrep.indexer.progress import progress_bar

    return progress_bar(total, what, progress)


def _step(bar: Any) -> Callable[[int, float], None]:
    """A training step's report: one more on the bar, the loss beside it."""

    def step(_step: int, loss: float) -> None:
        bar.update(1)
        bar.set_postfix(loss=f"{loss:.3f}")

    return step


# -- ELMo ------------------------------------------------------------------------------


def train_elmo(
    corpus: Sequence[str | Path],
    output: str | Path,
    *,
    fmt: str | None = None,
    restart: bool = False,
    progress: bool | None = None,
    threads: int | None = None,
    command: str = "",
    on_error: Callable[[InputError], None] | None = None,
    log: Callable[[str], None] | None = None,
    **settings: Any,
) -> TrainResult:
    """Train an ELMo biLM (bilm-tf's) on ``corpus`` (files or folders; ``fmt``: their
    format, default from each file's extension) into the folder ``output``, which
    ``elmo:DIR`` then loads; or resume the checkpoint there (``restart``: start over).

    ``settings``: the model and training (sensegrep/tune/elmo/train.py's TrainConfig:
    ``lstm_dim``, ``projection_dim``, ``n_layers``, ``filters``, ``optimizer``…),
    which a checkpoint resumes only under, and how long this run goes on (RunLimits:
    ``epochs``, ``max_minutes``, ``max_steps``, ``checkpoint_every``). ``threads``:
    torch's threads (one gives bit-identical resumes). Bad input is passed to
    ``on_error`` and skipped; ``log`` gets the lines of the run; ``command`` is
    recorded in training.json."""
    import torch

    from sensegrep.tune.elmo.train import RunLimits, TrainConfig, train_bilm

    if threads is not None:
        torch.set_num_threads(threads)
    limits = RunLimits(**_settings(settings, RunLimits, _fields(TrainConfig)))
    config = TrainConfig(**_settings(settings, TrainConfig, _fields(RunLimits)))
    return train_bilm(
        [Path(p) for p in corpus],
        Path(output),
        config,
        limits,
        fmt=fmt,
        restart=restart,
        progress=progress,
        command=command,
        on_error=on_error or (lambda _error: None),
        log=log or (lambda _message: None),
    )


def _fields(options: type) -> set[str]:
    return {f.name for f in fields(options)}
