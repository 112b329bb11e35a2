"""The biLM's output layer: one softmax (weights and bias) shared by the forward and the
backward language model, as in bilm-tf, computed in full or sampled.

Sampled softmax follows TensorFlow's ``sampled_softmax_loss``: negatives drawn from a
log-uniform (Zipfian) distribution over ids sorted by falling frequency, each logit
corrected by minus the log of its expected count, and a sampled copy of a row's own
target removed. Drawn with replacement and then deduplicated, so a candidate's expected
count is the probability it was drawn at least once.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn


class SharedSoftmax(nn.Module):
    def __init__(self, vocab_size: int, dim: int) -> None:
        super().__init__()
        # bilm-tf's initialisation: N(0, 1/dim) weights, zero bias.
        self.weight = nn.Parameter(torch.randn(vocab_size, dim) / math.sqrt(dim))
        self.bias = nn.Parameter(torch.zeros(vocab_size))

    @property
    def vocab_size(self) -> int:
        return self.weight.shape[0]

    def full_nll(self, hidden: Tensor, targets: Tensor) -> Tensor:
        """Negative log-likelihood of each target, (n,), over the whole vocabulary."""
        logits = F.linear(hidden, self.weight, self.bias)
        return F.cross_entropy(logits, targets, reduction="none")

    def sampled_nll(self, hidden: Tensor, targets: Tensor, n_samples: int) -> Tensor:
        """The sampled-softmax estimate of ``full_nll``; negatives come from torch's
        global generator (so a seeded run is reproducible)."""
        candidates = torch.unique(log_uniform_sample(n_samples, self.vocab_size))
        true_logits = (hidden * self.weight[targets]).sum(dim=1) + self.bias[targets]
        true_logits = true_logits - self._log_expected(targets, n_samples)
        logits = F.linear(hidden, self.weight[candidates], self.bias[candidates])
        logits = logits - self._log_expected(candidates, n_samples)
        # A negative that is the row's own target would count it against itself.
        logits = logits.masked_fill(targets.unsqueeze(1) == candidates.unsqueeze(0), -math.inf)
        all_logits = torch.cat([true_logits.unsqueeze(1), logits], dim=1)
        return torch.logsumexp(all_logits, dim=1) - true_logits

    def _log_expected(self, ids: Tensor, n_samples: int) -> Tensor:
        """log P(id drawn at least once in n_samples draws)."""
        p = log_uniform_probability(ids, self.vocab_size)  # float64: p can be ~1e-6
        return torch.log(-torch.expm1(n_samples * torch.log1p(-p))).to(torch.float32)


def log_uniform_probability(ids: Tensor, vocab_size: int) -> Tensor:
    """P(k) = log((k + 2) / (k + 1)) / log(V + 1): Zipf's law over frequency ranks."""
    k = ids.to(torch.float64)
    return torch.log1p(1.0 / (k + 1.0)) / math.log(vocab_size + 1.0)


def log_uniform_sample(n: int, vocab_size: int) -> Tensor:
    """n ids drawn with replacement from the log-uniform distribution (inverse CDF)."""
    u = torch.rand(n, dtype=torch.float64)
    ids = torch.floor(torch.exp(u * math.log(vocab_size + 1.0))).long() - 1
    return ids.clamp_(0, vocab_size - 1)
