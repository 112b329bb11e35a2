"""Fit a scalar mix of hidden layers and a linear map on labelled occurrences.

Objective: supervised contrastive loss (Khosla et al. 2020) restricted to each lemma:
for every occurrence, the other occurrences of its lemma in the batch with the same
sense are positives, those with another sense the negatives. Occurrences of other
lemmas never meet, because search only ever compares occurrences of one word.
A batch = ``lemmas`` lemma groups (with at least two senses) × up to ``per_lemma``
occurrences each, drawn with the seed, so a run is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F

from sensegrep.embedder.projection import Projection
from sensegrep.errors import SensegrepError
from sensegrep.tune.data import LabelledSet


@dataclass(frozen=True)
class TuneOptions:
    dim: int = 256
    steps: int = 2000
    temperature: float = 0.1
    learning_rate: float = 1e-3
    lemmas: int = 64
    per_lemma: int = 16
    seed: int = 0
    mix_only: bool = False  # learn the layer weights alone; the map stays the identity
    # Weight of a second contrastive term over coarse senses (WordNet lexicographer
    # classes of sense keys, e.g. noun.animal vs noun.artifact); 0 = fine senses only.
    coarse_weight: float = 0.0


class _Head(torch.nn.Module):
    def __init__(self, n_layers: int, dim_in: int, options: TuneOptions) -> None:
        super().__init__()
        self.mix = torch.nn.Parameter(torch.zeros(n_layers))
        out = dim_in if options.mix_only else options.dim
        self.map = torch.nn.Linear(dim_in, out, bias=False)
        if options.mix_only:
            torch.nn.init.eye_(self.map.weight)
            self.map.weight.requires_grad_(False)
        else:
            torch.nn.init.orthogonal_(self.map.weight)

    def forward(self, layered: torch.Tensor) -> torch.Tensor:
        mixed = torch.einsum("l,nld->nd", torch.softmax(self.mix, 0), layered)
        return F.normalize(self.map(mixed), dim=-1)


def contrastive_loss(
    z: torch.Tensor, group: torch.Tensor, sense: torch.Tensor, tau: float
) -> torch.Tensor | None:
    """Mean over anchors that have both a positive and a negative in their lemma."""
    same_group = (group[:, None] == group[None, :]) & ~torch.eye(len(z), dtype=torch.bool)
    positive = same_group & (sense[:, None] == sense[None, :])
    logits = (z @ z.T / tau).masked_fill(~same_group, float("-inf"))
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    useful = positive.any(1) & (same_group & ~positive).any(1)
    if not useful.any():
        return None
    per_anchor = -log_prob.masked_fill(~positive, 0.0).sum(1) / positive.sum(1).clamp(min=1)
    return per_anchor[useful].mean()


def train(
    data: LabelledSet,
    model: str,
    layers: tuple[int, ...],
    options: TuneOptions,
    progress: Callable[[int, float], None] = lambda _step, _loss: None,
) -> Projection:
    groups = data.contrastive_groups()
    if len(groups) < 2:
        raise SensegrepError(
            "tune needs labelled occurrences of at least 2 words with 2 or more senses each; "
            f"found {len(groups)}"
        )
    torch.manual_seed(options.seed)
    rng = np.random.default_rng(options.seed)
    head = _Head(data.vectors.shape[1], data.vectors.shape[2], options)
    trainable = [p for p in head.parameters() if p.requires_grad]
    optimiser = torch.optim.Adam(trainable, lr=options.learning_rate)
    losses: list[float] = []
    for step in range(options.steps):
        rows, group = batch_rows(groups, options.lemmas, options.per_lemma, rng)
        z = head(torch.from_numpy(data.vectors[rows].astype(np.float32)))
        loss = contrastive_loss(
            z, torch.from_numpy(group), torch.from_numpy(data.sense[rows]), options.temperature
        )
        if loss is not None and options.coarse_weight and data.coarse is not None:
            coarse = contrastive_loss(
                z, torch.from_numpy(group), torch.from_numpy(data.coarse[rows]), options.temperature
            )
            if coarse is not None:
                loss = loss + options.coarse_weight * coarse
        if loss is None:
            continue
        losses.append(take_step(optimiser, loss))
        progress(step, losses[-1])
    return _projection(head, model, layers, options, data, groups, losses)


def take_step(optimiser: torch.optim.Optimizer, loss: torch.Tensor) -> float:
    """One optimisation step on ``loss``; its value."""
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    return loss.item()


def batch_rows(
    groups: list[np.ndarray], lemmas: int, per_lemma: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, their group number): ``lemmas`` groups × up to ``per_lemma`` rows each."""
    picked = rng.choice(len(groups), min(lemmas, len(groups)), replace=False)
    rows, group = [], []
    for g in picked:
        members = groups[g]
        take = rng.choice(len(members), min(per_lemma, len(members)), replace=False)
        rows.append(members[take])
        group.append(np.full(len(take), g))
    return np.concatenate(rows), np.concatenate(group)


def _projection(
    head: _Head,
    model: str,
    layers: tuple[int, ...],
    options: TuneOptions,
    data: LabelledSet,
    groups: list[np.ndarray],
    losses: list[float],
) -> Projection:
    tail = losses[-100:]
    trained = np.concatenate(groups)
    # A sense is a word's label: one label text on two words ("A", "other") is two senses.
    _, per_sense = np.unique(_word_senses(data, trained), axis=0, return_counts=True)
    details = {
        "options": asdict(options),
        "occurrences": len(data.sense),  # every labelled occurrence embedded
        # those of words with several senses: the only ones the objective sees
        "training_occurrences": len(trained),
        "training_senses": len(per_sense),
        "senses_with_one_occurrence": int((per_sense == 1).sum()),
        "lemmas_with_several_senses": len(groups),
        "senses": len(np.unique(_word_senses(data, np.arange(len(data.sense))), axis=0)),
        "final_loss": float(np.mean(tail)) if tail else None,
    }
    return Projection(
        model=model,
        layers=layers,
        weights=tuple(float(w) for w in head.mix.detach().numpy()),
        matrix=head.map.weight.detach().numpy().T.copy(),
        details=details,
    )


def _word_senses(data: LabelledSet, rows: np.ndarray) -> np.ndarray:
    """(word group, label) of ``rows``: the senses as tune tells them apart."""
    return np.stack([data.group[rows], data.sense[rows]], axis=1)
