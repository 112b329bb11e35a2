"""Fine-tune the encoder itself with low-rank adapters (``sensegrep tune --adapter``).

Stage 2 of tune: starting from the projection fitted on frozen vectors (stage 1), LoRA
updates of the attention's query and value maps and the projection are trained
together with the same objective (same sense of a lemma close, its other senses far),
now back-propagated through the transformer layers. Every step re-encodes its batch's
sentences, so a step costs a forward and a backward pass of the model: batches are
smaller and steps fewer than in stage 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

from sensegrep.embedder.adapter import Adapter, target_layers
from sensegrep.embedder.projection import Projection
from sensegrep.tune.train import batch_rows, contrastive_loss, take_step

if TYPE_CHECKING:
    from sensegrep.embedder.transformer import TransformerEmbedder


@dataclass(frozen=True)
class AdapterOptions:
    rank: int = 8
    alpha: float = 16.0
    steps: int = 300
    learning_rate: float = 2e-4  # for the adapters; the projection keeps stage 1's rate / 10
    lemmas: int = 16
    per_lemma: int = 8
    temperature: float = 0.1
    seed: int = 0
    bf16: bool = False  # train under bfloat16 autocast (for a model indexed in bf16)


@dataclass(frozen=True)
class Occurrences:
    """Labelled occurrences as the trainer needs them: sentence words, target position,
    lemma group and sense codes."""

    words: Sequence[Sequence[str]]
    targets: np.ndarray
    group: np.ndarray
    sense: np.ndarray


class LoraLinear(torch.nn.Module):
    """A frozen linear layer plus a trainable low-rank update (B @ A) · alpha / rank."""

    def __init__(self, base: torch.nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.a = torch.nn.Parameter(torch.empty(rank, base.in_features))
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
        torch.nn.init.kaiming_uniform_(self.a, a=5**0.5)  # B = 0: training starts at W
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale


def attach(net: torch.nn.Module, rank: int, alpha: float) -> dict[str, LoraLinear]:
    """Freeze ``net`` and wrap its attention query/value layers in LoRA layers."""
    for param in net.parameters():
        param.requires_grad_(False)
    wrapped = {}
    for name in target_layers(net):
        parent_name, _, child = name.rpartition(".")
        parent = net.get_submodule(parent_name)
        layer = LoraLinear(getattr(parent, child), rank, alpha)
        setattr(parent, child, layer)
        wrapped[name] = layer
    return wrapped


def detach(net: torch.nn.Module, wrapped: dict[str, LoraLinear]) -> None:
    """Put the original layers back (their weights were never changed)."""
    for name, layer in wrapped.items():
        parent_name, _, child = name.rpartition(".")
        setattr(net.get_submodule(parent_name), child, layer.base)


def train_adapter(
    embedder: TransformerEmbedder,
    data: Occurrences,
    groups: list[np.ndarray],
    projection: Projection,
    options: AdapterOptions,
    progress: Callable[[int, float], None] = lambda _step, _loss: None,
) -> tuple[Adapter, Projection]:
    """LoRA adapters for ``embedder`` (a fp32 TransformerEmbedder) and the projection
    refined with them. ``groups`` are the rows of each lemma with several senses."""
    torch.manual_seed(options.seed)
    rng = np.random.default_rng(options.seed)
    net = embedder.network
    wrapped = attach(net, options.rank, options.alpha)
    mix = torch.nn.Parameter(torch.tensor(projection.weights, dtype=torch.float32))
    matrix = torch.nn.Parameter(torch.from_numpy(projection.matrix.copy()))
    lora_params = [p for layer in wrapped.values() for p in (layer.a, layer.b)]
    optimiser = torch.optim.Adam(
        [
            {"params": lora_params, "lr": options.learning_rate},
            {"params": [mix, matrix], "lr": options.learning_rate / 10},
        ]
    )
    net.train()  # dropout on, as in fine-tuning
    losses: list[float] = []
    autocast = torch.autocast("cpu", dtype=torch.bfloat16) if options.bf16 else nullcontext()
    try:
        for step in range(options.steps):
            rows, group = batch_rows(groups, options.lemmas, options.per_lemma, rng)
            with autocast:
                states = embedder.target_states(
                    [data.words[r] for r in rows], data.targets[rows], projection.layers
                )
            mixed = torch.einsum("l,nld->nd", torch.softmax(mix, 0), states.float())
            z = F.normalize(mixed @ matrix, dim=-1)
            loss = contrastive_loss(
                z, torch.from_numpy(group), torch.from_numpy(data.sense[rows]), options.temperature
            )
            if loss is None:
                continue
            losses.append(take_step(optimiser, loss))
            progress(step, losses[-1])
    finally:
        net.eval()
        detach(net, wrapped)
    return _results(wrapped, mix, matrix, projection, embedder, options, losses)


def _results(
    wrapped: dict[str, LoraLinear],
    mix: torch.Tensor,
    matrix: torch.Tensor,
    projection: Projection,
    embedder: TransformerEmbedder,
    options: AdapterOptions,
    losses: list[float],
) -> tuple[Adapter, Projection]:
    tail = losses[-50:]
    details = {"options": asdict(options), "final_loss": float(np.mean(tail)) if tail else None}
    adapter = Adapter(
        model=embedder.config.model,
        rank=options.rank,
        alpha=options.alpha,
        updates={
            name: (layer.a.detach().numpy().copy(), layer.b.detach().numpy().copy())
            for name, layer in wrapped.items()
        },
        details=details,
    )
    refined = Projection(
        model=projection.model,
        layers=projection.layers,
        weights=tuple(float(w) for w in mix.detach().numpy()),
        matrix=matrix.detach().numpy().copy(),
        details={**projection.details, "adapter_stage": details},
    )
    return adapter, refined
