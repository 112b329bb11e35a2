"""The bilm-tf ELMo biLM in PyTorch: character CNN, highway layers, and one stack of
LSTMs with projection per direction.

Everything follows the original TensorFlow graph so that its weights load unchanged and
give the same numbers: TF LSTM gate order (i, j, f, o) with the forget bias of 1.0 added
at run time, cell and projection clipping, skip connections from the second layer on,
and the backward LSTM running over each row's own tokens reversed (padding stays at the
end). In stateful mode the biLM keeps each row's final (h, c) between calls, as the
original does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import torch
from torch import Tensor, nn

from sensegrep.embedder.elmo.characters import N_CHAR_IDS
from sensegrep.errors import SensegrepError

ACTIVATIONS = ("relu", "tanh")
# TensorFlow's LSTMCell adds this to the forget gate; the saved biases do not include it.
FORGET_BIAS = 1.0
# Multiply-adds of one LSTM step below which the biLM runs on one thread: a parallel
# matmul that small costs more in thread wake-ups than it saves, and on shared cores a
# 3-row step was measured 4000x slower with 2 threads than with 1.
PARALLEL_STEP_WORK = 1 << 20


class ElmoError(SensegrepError):
    """An ELMo model folder that cannot be used as it is; the message says why."""


class ElmoFormatError(ElmoError):
    """An ELMo options or weights file that does not have the expected layout."""


@dataclass(frozen=True)
class ElmoOptions:
    """The model shape, as in a bilm-tf ``options.json``."""

    projection_dim: int
    dim: int
    n_layers: int
    filters: tuple[tuple[int, int], ...]
    char_embed_dim: int
    n_highway: int = 0
    max_characters_per_token: int = 50
    n_characters: int = 262
    activation: str = "relu"
    cell_clip: float | None = None
    proj_clip: float | None = None
    use_skip_connections: bool = False
    # Keys sensegrep does not use (training settings), written back unchanged.
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        self.check()

    @property
    def n_filters(self) -> int:
        return sum(num for _, num in self.filters)

    @property
    def output_dim(self) -> int:
        """Width of every biLM layer: forward and backward side by side."""
        return 2 * self.projection_dim

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ElmoOptions:
        try:
            lstm, cnn = data["lstm"], data["char_cnn"]
            options = cls(
                projection_dim=int(lstm["projection_dim"]),
                dim=int(lstm["dim"]),
                n_layers=int(lstm.get("n_layers", 1)),
                cell_clip=_optional_float(lstm.get("cell_clip")),
                proj_clip=_optional_float(lstm.get("proj_clip")),
                use_skip_connections=bool(lstm.get("use_skip_connections", False)),
                filters=tuple((int(w), int(n)) for w, n in cnn["filters"]),
                char_embed_dim=int(cnn["embedding"]["dim"]),
                n_highway=int(cnn.get("n_highway") or 0),
                max_characters_per_token=int(cnn.get("max_characters_per_token", 50)),
                n_characters=int(cnn.get("n_characters", 262)),
                activation=str(cnn.get("activation", "relu")),
                extra=_extra_keys(data),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ElmoFormatError(
                f"not a bilm-tf options.json ({exc!r} missing or malformed): expected "
                '{"lstm": {"dim", "projection_dim", "n_layers", …}, "char_cnn": '
                '{"filters", "embedding": {"dim"}, …}}'
            ) from exc
        return options

    def check(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ElmoFormatError(
                f"char_cnn activation {self.activation!r} is not one of {', '.join(ACTIVATIONS)}"
            )
        if self.n_layers < 1 or self.projection_dim < 1 or not self.filters:
            raise ElmoFormatError("options.json needs n_layers ≥ 1, projection_dim ≥ 1, filters")
        if self.projection_dim > self.dim:
            raise ElmoFormatError(
                f"projection_dim {self.projection_dim} is larger than the LSTM dim {self.dim}"
            )
        too_wide = [w for w, _ in self.filters if w > self.max_characters_per_token]
        if too_wide:
            raise ElmoFormatError(
                f"filter width {too_wide[0]} exceeds max_characters_per_token "
                f"{self.max_characters_per_token}"
            )

    def to_dict(self) -> dict[str, Any]:
        """The ``options.json`` layout; a file written from it loads as these options."""
        data = {
            key: dict(value) if isinstance(value, dict) else value
            for key, value in self.extra.items()
        }
        lstm = {
            **data.pop("lstm", {}),
            "dim": self.dim,
            "projection_dim": self.projection_dim,
            "n_layers": self.n_layers,
            "use_skip_connections": self.use_skip_connections,
        }
        for key, value in (("cell_clip", self.cell_clip), ("proj_clip", self.proj_clip)):
            if value is not None:
                lstm[key] = value
        cnn = {
            **data.pop("char_cnn", {}),
            "embedding": {"dim": self.char_embed_dim},
            "filters": [list(f) for f in self.filters],
            "n_highway": self.n_highway,
            "n_characters": self.n_characters,
            "max_characters_per_token": self.max_characters_per_token,
            "activation": self.activation,
        }
        return {**data, "lstm": lstm, "char_cnn": cnn}

    @property
    def lstm_projects(self) -> bool:
        # bilm-tf builds its cells with num_proj only when it actually projects down.
        return self.projection_dim < self.dim

    @property
    def cnn_projects(self) -> bool:
        return self.n_filters != self.projection_dim


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _extra_keys(data: dict[str, Any]) -> dict[str, Any]:
    """What ``from_dict`` does not model, so that ``to_dict`` can write it back."""
    known = {
        "lstm": {
            "dim",
            "projection_dim",
            "n_layers",
            "cell_clip",
            "proj_clip",
            "use_skip_connections",
        },
        "char_cnn": {
            "embedding",
            "filters",
            "n_highway",
            "n_characters",
            "max_characters_per_token",
            "activation",
        },
    }
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in known and isinstance(value, dict):
            rest = {k: v for k, v in value.items() if k not in known[key]}
            if rest:
                extra[key] = rest
        else:
            extra[key] = value
    return extra


# --- character CNN ---------------------------------------------------------------------


class Highway(nn.Module):
    """bilm-tf's highway layer: y = g·relu(W_t x + b_t) + (1 − g)·x, g = σ(W_c x + b_c).

    (The original calls g the "carry gate" although it weighs the transform.)
    """

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.carry = nn.Linear(dim, dim)
        self.transform = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        gate = torch.sigmoid(self.carry(x))
        return gate * torch.relu(self.transform(x)) + (1.0 - gate) * x


class CharCnn(nn.Module):
    """Character ids (rows, tokens, chars) → context-free token vectors (rows, tokens, proj)."""

    def __init__(self, options: ElmoOptions) -> None:
        super().__init__()
        # Row 0 is padding (all-zero tokens), not in the original weights.
        self.char_embed = nn.Embedding(N_CHAR_IDS, options.char_embed_dim, padding_idx=0)
        self.convs = nn.ModuleList(
            nn.Conv1d(options.char_embed_dim, num, width) for width, num in options.filters
        )
        self.activation = torch.relu if options.activation == "relu" else torch.tanh
        self.highways = nn.ModuleList(Highway(options.n_filters) for _ in range(options.n_highway))
        self.projection = (
            nn.Linear(options.n_filters, options.projection_dim) if options.cnn_projects else None
        )

    def forward(self, char_ids: Tensor) -> Tensor:
        rows, tokens, chars = char_ids.shape
        # (rows·tokens, embed_dim, chars): Conv1d wants channels before positions.
        embedded = self.char_embed(char_ids.reshape(rows * tokens, chars)).transpose(1, 2)
        # Max over positions, then the activation, as the original (same for monotonic ones).
        pooled = [conv(embedded).max(dim=2).values for conv in self.convs]
        x = self.activation(torch.cat(pooled, dim=1))
        for highway in self.highways:
            x = highway(x)
        if self.projection is not None:
            x = self.projection(x)
        return x.reshape(rows, tokens, -1)


# --- LSTMs -----------------------------------------------------------------------------

State = tuple[Tensor, Tensor]  # (h of shape (rows, proj), c of shape (rows, dim))


class ProjectedLstmCell(nn.Module):
    """TensorFlow's LSTMCell with num_proj, cell_clip and proj_clip, no peepholes.

    ``gates`` holds the original W_0 ([input; h] → 4·dim, order i, j, f, o) and B.
    """

    def __init__(
        self,
        input_dim: int,
        dim: int,
        projection_dim: int | None,
        cell_clip: float | None,
        proj_clip: float | None,
    ) -> None:
        super().__init__()
        self.input_dim = input_dim
        self.dim = dim
        self.output_dim = projection_dim or dim
        self.gates = nn.Linear(input_dim + self.output_dim, 4 * dim)
        self.projection = nn.Linear(dim, projection_dim, bias=False) if projection_dim else None
        self.cell_clip = cell_clip
        self.proj_clip = proj_clip

    def zero_state(self, rows: int, like: Tensor) -> State:
        return like.new_zeros(rows, self.output_dim), like.new_zeros(rows, self.dim)

    def step(self, inputs: Tensor, state: State) -> State:
        h, c = state
        i, j, f, o = self.gates(torch.cat([inputs, h], dim=1)).chunk(4, dim=1)
        c = torch.sigmoid(f + FORGET_BIAS) * c + torch.sigmoid(i) * torch.tanh(j)
        if self.cell_clip is not None:
            c = c.clamp(-self.cell_clip, self.cell_clip)
        h = torch.sigmoid(o) * torch.tanh(c)
        if self.projection is not None:
            h = self.projection(h)
        if self.proj_clip is not None:
            h = h.clamp(-self.proj_clip, self.proj_clip)
        return h, c

    def run(self, inputs: Tensor, lengths: Tensor, state: State) -> tuple[Tensor, State]:
        """(outputs (rows, steps, out), final state): each row stops at its own length.

        Like TF's dynamic_rnn with sequence_length: past a row's end its output is 0 and
        its state is no longer updated, so the final state is the one at its last token.
        """
        outputs = []
        h, c = state
        for t in range(inputs.shape[1]):
            new_h, new_c = self.step(inputs[:, t], (h, c))
            live = (lengths > t).unsqueeze(1)
            h = torch.where(live, new_h, h)
            c = torch.where(live, new_c, c)
            outputs.append(torch.where(live, new_h, torch.zeros_like(new_h)))
        if not outputs:
            return inputs.new_zeros(inputs.shape[0], 0, self.output_dim), (h, c)
        return torch.stack(outputs, dim=1), (h, c)


class LstmStack(nn.Module):
    """One direction's layers; layer l > 0 adds its input to its output when skipping.

    ``dropout`` (training only) drops each layer's input, the one its skip connection
    adds too, as bilm-tf's DropoutWrapper(input_keep_prob) around the ResidualWrapper.
    """

    def __init__(self, options: ElmoOptions, dropout: float = 0.0) -> None:
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        projection = options.projection_dim if options.lstm_projects else None
        self.cells = nn.ModuleList(
            ProjectedLstmCell(
                options.projection_dim,
                options.dim,
                projection,
                options.cell_clip,
                options.proj_clip,
            )
            for _ in range(options.n_layers)
        )
        self.use_skip_connections = options.use_skip_connections

    def forward(
        self, inputs: Tensor, lengths: Tensor, states: Sequence[State]
    ) -> tuple[list[Tensor], list[State]]:
        outputs, finals = [], []
        x = inputs
        for layer, (cell, state) in enumerate(zip(self.cells, states, strict=True)):
            x = self.dropout(x)  # the identity in eval mode
            out, final = cell.run(x, lengths, state)
            if layer > 0 and self.use_skip_connections:
                # Padded positions stay 0, as dynamic_rnn zeroes the wrapped cell's output.
                out = out + torch.where(_live(lengths, x.shape[1]), x, 0.0)
            outputs.append(out)
            finals.append(final)
            x = out
        return outputs, finals


def _live(lengths: Tensor, steps: int) -> Tensor:
    """(rows, steps, 1): True where a step holds one of the row's tokens."""
    steps_range = torch.arange(steps, device=lengths.device).unsqueeze(0)
    return (steps_range < lengths.unsqueeze(1)).unsqueeze(2)


def reverse_rows(x: Tensor, lengths: Tensor) -> Tensor:
    """Each row's first ``length`` steps reversed, the padding left in place
    (TF's reverse_sequence)."""
    steps = x.shape[1]
    t = torch.arange(steps, device=x.device).unsqueeze(0)
    lengths = lengths.unsqueeze(1)
    index = torch.where(t < lengths, lengths - 1 - t, t)
    return x.gather(1, index.unsqueeze(2).expand(-1, -1, x.shape[2]))


# --- the biLM --------------------------------------------------------------------------


class BiLmOutput(NamedTuple):
    """``layers``: n_layers + 1 tensors (rows, tokens, 2·proj), sentence markers included,
    0 past each row's end; layer 0 is the token vector twice, then [forward; backward]
    per LSTM layer. ``lengths``: tokens per row, markers included."""

    layers: list[Tensor]
    lengths: Tensor


class BiLm(nn.Module):
    """The bidirectional language model over character ids (0 = no token).

    Stateless by default: every call starts from zero states. With ``stateful=True`` each
    row's final (h, c) of every layer and direction is kept and becomes row r's initial
    state in the next call, as in bilm-tf: a smaller batch uses and updates only the first
    rows (the others keep theirs), a larger one starts its extra rows from zero.
    ``dropout`` acts in training mode only (see LstmStack).
    """

    def __init__(self, options: ElmoOptions, stateful: bool = False, dropout: float = 0.0) -> None:
        super().__init__()
        self.options = options
        self.stateful = stateful
        self.char_cnn = CharCnn(options)
        self.forward_lstm = LstmStack(options, dropout)
        self.backward_lstm = LstmStack(options, dropout)
        self._states: list[list[State]] | None = None  # [direction][layer]

    def reset_states(self) -> None:
        self._states = None

    def token_vectors(self, char_ids: Tensor) -> Tensor:
        """Context-free vectors (rows, tokens, proj) from the character CNN."""
        return self.char_cnn(char_ids)

    def forward(self, char_ids: Tensor) -> BiLmOutput:
        with _threads_for(self._step_work(char_ids.shape[0])):
            return self._forward(char_ids)

    def _step_work(self, rows: int) -> int:
        cell = self.forward_lstm.cells[0]
        return rows * (cell.input_dim + cell.output_dim) * 4 * cell.dim

    def _forward(self, char_ids: Tensor) -> BiLmOutput:
        lengths = (char_ids > 0).any(dim=2).sum(dim=1)
        # Zero past each row's end, like the LSTM layers (the CNN gives padding a vector).
        tokens = torch.where(_live(lengths, char_ids.shape[1]), self.token_vectors(char_ids), 0.0)
        initial = self._initial_states(tokens)
        fwd, fwd_final = self.forward_lstm(tokens, lengths, initial[0])
        bwd, bwd_final = self.backward_lstm(reverse_rows(tokens, lengths), lengths, initial[1])
        if self.stateful:
            self._keep_states([fwd_final, bwd_final])
        layers = [torch.cat([tokens, tokens], dim=2)]
        layers += [
            torch.cat([f, reverse_rows(b, lengths)], dim=2) for f, b in zip(fwd, bwd, strict=True)
        ]
        return BiLmOutput(layers, lengths)

    def _stacks(self) -> tuple[LstmStack, LstmStack]:
        return self.forward_lstm, self.backward_lstm

    def _initial_states(self, like: Tensor) -> list[list[State]]:
        rows = like.shape[0]
        zero = [[cell.zero_state(rows, like) for cell in stack.cells] for stack in self._stacks()]
        if not self.stateful or self._states is None:
            return zero
        return [
            [_fill_rows(kept, fresh) for kept, fresh in zip(kept_dir, zero_dir, strict=True)]
            for kept_dir, zero_dir in zip(self._states, zero, strict=True)
        ]

    def _keep_states(self, finals: list[list[State]]) -> None:
        if self._states is None:
            self._states = [[(h.detach(), c.detach()) for h, c in d] for d in finals]
            return
        self._states = [
            [_merge_rows(kept, new) for kept, new in zip(kept_dir, new_dir, strict=True)]
            for kept_dir, new_dir in zip(self._states, finals, strict=True)
        ]


@contextmanager
def _threads_for(step_work: int) -> Iterator[None]:
    """One torch thread while steps are small; the caller's setting is restored after."""
    before = torch.get_num_threads()
    if step_work >= PARALLEL_STEP_WORK or before == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _fill_rows(kept: State, fresh: State) -> State:
    """The kept states of the first rows, zeros (``fresh``) for rows never seen."""
    rows = fresh[0].shape[0]

    def fill(k: Tensor, f: Tensor) -> Tensor:
        return torch.cat([k[:rows], f[k.shape[0] :]], dim=0)

    return fill(kept[0], fresh[0]), fill(kept[1], fresh[1])


def _merge_rows(kept: State, new: State) -> State:
    """This call's final states for its rows; rows beyond this batch keep theirs."""
    rows = new[0].shape[0]

    def merge(k: Tensor, n: Tensor) -> Tensor:
        return torch.cat([n.detach(), k[rows:]], dim=0)

    return merge(kept[0], new[0]), merge(kept[1], new[1])
