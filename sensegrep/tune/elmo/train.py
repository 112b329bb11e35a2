"""Train a bilm-tf style ELMo biLM on CPU and write it where ``elmo:DIR`` loads it.

The forward LM predicts each next token from the forward top layer, the backward LM
each previous token from the backward top layer; both share the character CNN and one
softmax (full, or sampled for large vocabularies). Every sentence is a sequence
``<S> words </S>`` starting from zero LSTM states, exactly as ``ElmoEmbedder`` runs
the model afterwards.

Held-out perplexity is exp of the mean negative log-likelihood per predicted token over
both directions (forward targets: the words and ``</S>``; backward: ``<S>`` and the
words), always with the full softmax, on the last sentences of the corpus.

A run is a function of its ``TrainConfig`` and corpus: data order depends on (seed,
epoch) only and the checkpoint keeps model, softmax, optimizer, RNG and position, so a
run interrupted and resumed gives the same weights as one run straight through
(on one thread; parallel kernels may round differently).
"""

from __future__ import annotations

import json
import math
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from tqdm import tqdm

from sensegrep.embedder.elmo.embedder import OPTIONS_NAME
from sensegrep.embedder.elmo.model import BiLm, ElmoOptions
from sensegrep.embedder.elmo.weights import save_weights
from sensegrep.errors import InputError, SensegrepError
from sensegrep.files import write_whole
from sensegrep.tune.elmo.corpus import (
    Batch,
    Corpus,
    Vocabulary,
    char_table,
    epoch_batches,
    length_ordered_batches,
    make_batch,
    read_corpus,
    split_heldout,
)
from sensegrep.tune.elmo.softmax import SharedSoftmax

CHECKPOINT_NAME = "checkpoint.pt"
WEIGHTS_NAME = "weights.hdf5"
VOCAB_NAME = "vocab.txt"
TRAINING_NAME = "training.json"
CHECKPOINT_FORMAT = 1
DEFAULT_FILTERS = ((1, 32), (2, 32), (3, 64), (4, 128), (5, 256))
DEFAULT_LEARNING_RATES = {"adam": 1e-3, "adagrad": 0.2}  # adagrad 0.2: bilm-tf's
# bilm-tf's clipping of cell and projection values.
CLIP_VALUE = 3.0
# Rows per held-out batch, and predictions per full-softmax chunk (bounds the logits
# matrix to chunk × vocabulary floats).
EVAL_BATCH_ROWS = 64
EVAL_CHUNK = 1024
# Weight of the newest step in the running training loss of the progress bar.
RUNNING_LOSS_WEIGHT = 0.02
PERPLEXITY_DEFINITION = (
    "exp of the mean negative log-likelihood per predicted token over both directions "
    "(forward: words and </S>; backward: <S> and words), full softmax, held-out sentences"
)


class TrainingError(SensegrepError):
    """Training cannot start or resume as asked; the message says what to do."""


@dataclass(frozen=True)
class TrainConfig:
    """Everything that shapes the trained model: a checkpoint resumes only under the
    same values. (How long to train is in ``RunLimits``, which may change.)"""

    # The biLM's shape (ElmoOptions).
    lstm_dim: int = 512
    projection_dim: int = 128
    n_layers: int = 2
    filters: tuple[tuple[int, int], ...] = DEFAULT_FILTERS
    n_highway: int = 2
    char_dim: int = 16
    max_characters: int = 50
    # The softmax vocabulary and how sentences are cut and batched.
    min_count: int = 2
    max_vocab: int = 50_000
    max_length: int = 100
    batch_size: int = 32
    # The optimisation.
    optimizer: str = "adam"
    learning_rate: float | None = None  # None: DEFAULT_LEARNING_RATES[optimizer]
    clip_norm: float = 10.0
    dropout: float = 0.1
    # Held-out sentences, the sampled softmax, and the seed of every random choice.
    heldout: float = 0.02
    negatives: int = 8192
    sampled_from: int = 20_000
    seed: int = 0

    def __post_init__(self) -> None:
        if self.optimizer not in DEFAULT_LEARNING_RATES:
            raise TrainingError(
                f"unknown optimizer {self.optimizer!r}; use {', '.join(DEFAULT_LEARNING_RATES)}"
            )
        if not 0.0 <= self.heldout < 1.0 or not 0.0 <= self.dropout < 1.0:
            raise TrainingError("--heldout and --dropout must be in [0, 1)")

    @property
    def lr(self) -> float:
        return self.learning_rate or DEFAULT_LEARNING_RATES[self.optimizer]

    def samples_softmax(self, vocab_size: int) -> bool:
        return vocab_size >= self.sampled_from and self.negatives < vocab_size

    def elmo_options(self, extra: dict[str, Any] | None = None) -> ElmoOptions:
        return ElmoOptions(
            projection_dim=self.projection_dim,
            dim=self.lstm_dim,
            n_layers=self.n_layers,
            filters=self.filters,
            char_embed_dim=self.char_dim,
            n_highway=self.n_highway,
            max_characters_per_token=self.max_characters,
            activation="relu",
            cell_clip=CLIP_VALUE,
            proj_clip=CLIP_VALUE,
            use_skip_connections=True,
            extra=extra or {},
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["filters"] = [list(f) for f in self.filters]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["filters"] = tuple((int(w), int(n)) for w, n in values.get("filters", ()))
        return cls(**values)


@dataclass(frozen=True)
class RunLimits:
    """When this run stops taking steps; none of it needs to match on resume."""

    epochs: int = 3
    max_minutes: float | None = None
    max_steps: int | None = None
    checkpoint_every: int = 200


@dataclass
class TrainState:
    """Where training stands; saved in the checkpoint."""

    epoch: int = 0  # epochs completed
    batch: int = 0  # batches of the current epoch done
    step: int = 0
    tokens: int = 0  # words trained on (markers not counted), all runs together
    seconds: float = 0.0  # training wall time, all runs together
    start_perplexity: float | None = None
    perplexity: float | None = None
    perplexity_forward: float | None = None
    perplexity_backward: float | None = None
    perplexity_step: int | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class TrainResult:
    output: Path
    state: TrainState
    vocab_size: int
    sampled: bool
    corpus_tokens: int
    stopped: str
    resumed_from: int | None
    run_seconds: float
    run_tokens: int

    @property
    def tokens_per_second(self) -> float:
        return self.run_tokens / self.run_seconds if self.run_seconds > 0 else 0.0


# --- the entry point -------------------------------------------------------------------


def train_bilm(
    paths: Sequence[Path],
    output: Path,
    config: TrainConfig,
    limits: RunLimits,
    *,
    fmt: str | None = None,
    restart: bool = False,
    progress: bool | None = None,
    command: str = "",
    on_error: Callable[[InputError], None] = lambda error: None,
    log: Callable[[str], None] = lambda message: None,
) -> TrainResult:
    """Train (or resume training) on ``paths`` and write the model into ``output``."""
    corpus = read_corpus(paths, fmt, config.max_length, on_error)
    if len(corpus.sentences) < 1:
        raise TrainingError("the corpus has no sentences to train on")
    checkpoint = _prepare_output(output, config, corpus, restart)
    trainer = Trainer(config, corpus, checkpoint)
    if checkpoint is None:
        trainer.evaluate_into_state()  # the untrained model's perplexity, for comparison
    return trainer.run(output, limits, progress, command, log)


def _prepare_output(
    output: Path, config: TrainConfig, corpus: Corpus, restart: bool
) -> dict[str, Any] | None:
    """The checkpoint to resume from (None: start afresh), after checking it fits."""
    path = output / CHECKPOINT_NAME
    if restart:
        path.unlink(missing_ok=True)
    if path.is_file():
        checkpoint = _read_checkpoint(path)
        _check_resumable(checkpoint, path, config, corpus)
        return checkpoint
    if not restart and (output / OPTIONS_NAME).exists():
        raise TrainingError(
            f"{output} already holds a model but no {CHECKPOINT_NAME} to resume from; "
            "pass --restart to overwrite it, or choose another -o folder"
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrainingError(f"cannot create {output}: {exc}") from exc
    return None


def _read_checkpoint(path: Path) -> dict[str, Any]:
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many kinds for a damaged file
        raise TrainingError(
            f"cannot read the checkpoint {path} ({exc}); pass --restart to start over"
        ) from exc
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != CHECKPOINT_FORMAT:
        raise TrainingError(f"{path} is not a sensegrep ELMo checkpoint; pass --restart")
    return checkpoint


# Option names as the command line spells them, for mismatch messages.
FLAGS = {
    "lstm_dim": "--lstm-dim",
    "projection_dim": "--projection-dim",
    "n_layers": "--lstm-layers",
    "filters": "--filters",
    "n_highway": "--highway",
    "char_dim": "--char-dim",
    "max_characters": "--max-chars",
    "min_count": "--min-count",
    "max_vocab": "--max-vocab",
    "max_length": "--max-length",
    "batch_size": "--batch-size",
    "optimizer": "--optimizer",
    "learning_rate": "--lr",
    "clip_norm": "--clip-norm",
    "dropout": "--dropout",
    "heldout": "--heldout",
    "negatives": "--negatives",
    "sampled_from": "--sampled-from",
    "seed": "--seed",
}


def _check_resumable(
    checkpoint: dict[str, Any], path: Path, config: TrainConfig, corpus: Corpus
) -> None:
    saved = TrainConfig.from_dict(checkpoint["config"]).to_dict()
    wanted = config.to_dict()
    differ = [key for key in wanted if saved.get(key) != wanted[key]]
    if differ:
        shown = "; ".join(
            f"{FLAGS.get(k, k)} {_shown(saved.get(k))} there, {_shown(wanted[k])} now"
            for k in differ
        )
        raise TrainingError(
            f"{path} was trained with other options ({shown}); re-run with the "
            "checkpoint's options to resume, or pass --restart to start over"
        )
    if checkpoint["corpus_digest"] != corpus.digest:
        raise TrainingError(
            f"{path} was trained on other text (files {', '.join(checkpoint['files'])}); "
            "give the same corpus to resume, or pass --restart to start over"
        )


def _shown(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return ",".join(f"{w}:{n}" for w, n in value)
    return "default" if value is None else str(value)


# --- the trainer -----------------------------------------------------------------------


class Trainer:
    def __init__(
        self, config: TrainConfig, corpus: Corpus, checkpoint: dict[str, Any] | None
    ) -> None:
        self.config = config
        self.corpus = corpus
        n_heldout = split_heldout(len(corpus.sentences), config.heldout)
        cut = len(corpus.sentences) - n_heldout
        self.train_sentences = corpus.sentences[:cut]
        self.heldout_sentences = corpus.sentences[cut:]
        self.train_lengths = np.array([len(s) for s in self.train_sentences], dtype=np.int64)
        self.vocab = (
            Vocabulary(list(checkpoint["vocab"]))
            if checkpoint is not None
            else Vocabulary.build(
                corpus.types, self.train_sentences, config.min_count, config.max_vocab
            )
        )
        self.targets = torch.from_numpy(self.vocab.ids_of_types(corpus.types))
        self.chars = torch.from_numpy(char_table(corpus.types, config.max_characters))
        self.sampled = config.samples_softmax(len(self.vocab))
        torch.manual_seed(config.seed)
        self.model = BiLm(config.elmo_options(), dropout=config.dropout)
        init_like_bilm_tf(self.model)
        self.softmax = SharedSoftmax(len(self.vocab), config.projection_dim)
        self.optimizer = _optimizer(config, self.parameters())
        self.state = TrainState()
        self.resumed_from: int | None = None
        if checkpoint is not None:
            self._restore(checkpoint)

    def parameters(self) -> list[nn.Parameter]:
        return [*self.model.parameters(), *self.softmax.parameters()]

    # --- one step ----------------------------------------------------------------------

    def tensors(self, batch: Batch) -> tuple[Tensor, Tensor, Tensor]:
        """(character ids, vocabulary targets, lengths); 0 past each row's end."""
        types = torch.from_numpy(batch.types)
        live = types >= 0
        safe = types.clamp(min=0)
        chars = torch.where(live.unsqueeze(2), self.chars[safe].long(), 0)
        targets = torch.where(live, self.targets[safe], 0)
        return chars, targets, torch.from_numpy(batch.lengths)

    def nll(self, top: Tensor, targets: Tensor, lengths: Tensor, sampled: bool) -> Tensor:
        """Negative log-likelihoods: forward predictions first, then backward ones."""
        p = self.config.projection_dim
        steps = top.shape[1]
        # Position j predicts j + 1 (forward); position j + 1 predicts j (backward).
        live = torch.arange(steps - 1).unsqueeze(0) < (lengths - 1).unsqueeze(1)
        hidden = torch.cat([top[:, :-1, :p][live], top[:, 1:, p:][live]])
        wanted = torch.cat([targets[:, 1:][live], targets[:, :-1][live]])
        if sampled:
            return self.softmax.sampled_nll(hidden, wanted, self.config.negatives)
        return torch.cat(
            [
                self.softmax.full_nll(h, t)
                for h, t in zip(hidden.split(EVAL_CHUNK), wanted.split(EVAL_CHUNK), strict=True)
            ]
        )

    def step(self, batch: Batch) -> float:
        """One optimizer step on ``batch``; the mean training loss."""
        chars, targets, lengths = self.tensors(batch)
        top = self.model(chars).layers[-1]
        # bilm-tf drops the top layer's output before the softmax as well.
        top = F.dropout(top, self.config.dropout, training=True)
        loss = self.nll(top, targets, lengths, self.sampled).mean()
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(self.parameters(), self.config.clip_norm)
        self.optimizer.step()
        return loss.item()

    # --- held-out perplexity -----------------------------------------------------------

    def evaluate(self) -> tuple[float, float, float] | None:
        """(perplexity over both directions, forward only, backward only), or None
        without held-out sentences."""
        if not self.heldout_sentences:
            return None
        lengths = np.array([len(s) for s in self.heldout_sentences], dtype=np.int64)
        sums = np.zeros(2)
        count = 0
        self.model.eval()
        try:
            with torch.no_grad():
                for rows in length_ordered_batches(lengths, EVAL_BATCH_ROWS):
                    batch = make_batch([self.heldout_sentences[i] for i in rows])
                    chars, targets, lens = self.tensors(batch)
                    nll = self.nll(self.model(chars).layers[-1], targets, lens, sampled=False)
                    half = nll.shape[0] // 2
                    sums += [float(nll[:half].sum()), float(nll[half:].sum())]
                    count += half
        finally:
            self.model.train()
        both, fwd, bwd = sums.sum() / (2 * count), sums[0] / count, sums[1] / count
        return math.exp(both), math.exp(fwd), math.exp(bwd)

    def evaluate_into_state(self) -> None:
        got = self.evaluate()
        if got is None:
            return
        state = self.state
        if state.start_perplexity is None:
            state.start_perplexity = got[0]
        state.perplexity, state.perplexity_forward, state.perplexity_backward = got
        state.perplexity_step = state.step
        state.history.append(
            {
                "step": state.step,
                "epochs": round(self.epochs_done(), 4),
                "heldout_perplexity": round(got[0], 3),
            }
        )

    def epochs_done(self) -> float:
        per_epoch = max(self.batches_per_epoch(), 1)
        return self.state.epoch + self.state.batch / per_epoch

    def batches_per_epoch(self) -> int:
        return math.ceil(len(self.train_sentences) / self.config.batch_size)

    # --- the loop ----------------------------------------------------------------------

    def run(
        self,
        output: Path,
        limits: RunLimits,
        progress: bool | None,
        command: str,
        log: Callable[[str], None],
    ) -> TrainResult:
        run = _Run(self, output, limits, progress, command, log)
        with _stop_on_interrupt() as interrupted, run.bar:
            stopped = run.loop(interrupted)
            if stopped != "interrupted" and self.state.perplexity_step != self.state.step:
                self.evaluate_into_state()
            run.save(f"stopped: {stopped}")
        return run.result(stopped)

    # --- checkpoints -------------------------------------------------------------------

    def checkpoint(self) -> dict[str, Any]:
        return {
            "format": CHECKPOINT_FORMAT,
            "config": self.config.to_dict(),
            "corpus_digest": self.corpus.digest,
            "files": list(self.corpus.files),
            "vocab": list(self.vocab.words),
            "model": self.model.state_dict(),
            "softmax": self.softmax.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "rng": torch.get_rng_state(),
            "state": asdict(self.state),
        }

    def _restore(self, checkpoint: dict[str, Any]) -> None:
        self.model.load_state_dict(checkpoint["model"])
        self.softmax.load_state_dict(checkpoint["softmax"])
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        torch.set_rng_state(checkpoint["rng"])
        self.state = TrainState(**checkpoint["state"])
        self.resumed_from = self.state.step


class _Run:
    """One invocation's loop: limits, progress bar, checkpoints and outputs."""

    def __init__(
        self,
        trainer: Trainer,
        output: Path,
        limits: RunLimits,
        progress: bool | None,
        command: str,
        log: Callable[[str], None],
    ) -> None:
        self.trainer = trainer
        self.output = output
        self.limits = limits
        self.command = command
        self.log = log
        self.started = time.monotonic()
        self.counted = self.started  # when state.seconds was last brought up to date
        self.tokens = 0
        self.running_loss: float | None = None
        self.bar = self._make_bar(sys.stderr.isatty() if progress is None else progress)

    def _make_bar(self, progress: bool) -> tqdm:
        t = self.trainer
        total = self.limits.epochs * t.batches_per_epoch()
        if self.limits.max_steps is not None:
            total = min(total, self.limits.max_steps)
        return tqdm(
            total=max(total, t.state.step),
            initial=t.state.step,
            unit="step",
            desc="training",
            file=sys.stderr,
            disable=not progress,
            dynamic_ncols=True,
        )

    def loop(self, interrupted: threading.Event) -> str:
        """Train until a limit; the reason it stopped."""
        t, state = self.trainer, self.trainer.state
        while state.epoch < self.limits.epochs:
            batches = epoch_batches(
                t.train_lengths, t.config.batch_size, t.config.seed, state.epoch
            )
            while state.batch < len(batches):
                reason = self._should_stop(interrupted)
                if reason:
                    return reason
                self._train_on(batches[state.batch])
                if state.step % self.limits.checkpoint_every == 0:
                    self.save("checkpoint")
            state.epoch, state.batch = state.epoch + 1, 0
            t.evaluate_into_state()
            self._show()
            if state.epoch < self.limits.epochs:  # else the final save follows at once
                self.save(f"epoch {state.epoch}")
        return "epochs done"

    def _should_stop(self, interrupted: threading.Event) -> str | None:
        if interrupted.is_set():
            return "interrupted"
        if self.limits.max_steps is not None and self.trainer.state.step >= self.limits.max_steps:
            return "max steps"
        budget = self.limits.max_minutes
        if budget is not None and time.monotonic() - self.started >= budget * 60:
            return "time budget"
        return None

    def _train_on(self, rows: np.ndarray) -> None:
        t, state = self.trainer, self.trainer.state
        batch = make_batch([t.train_sentences[i] for i in rows])
        loss = t.step(batch)
        words = int((batch.lengths - 2).sum())
        state.step += 1
        state.batch += 1
        state.tokens += words
        self.tokens += words
        w = RUNNING_LOSS_WEIGHT
        self.running_loss = (
            loss if self.running_loss is None else (1 - w) * self.running_loss + w * loss
        )
        self.bar.update(1)
        self._show()

    def _show(self) -> None:
        state = self.trainer.state
        elapsed = max(time.monotonic() - self.started, 1e-9)
        postfix = {"tok/s": f"{self.tokens / elapsed:,.0f}"}
        if self.running_loss is not None:
            # Sampled-softmax losses estimate the full one; the label says which.
            name = "train ppl~" if self.trainer.sampled else "train ppl"
            postfix[name] = f"{math.exp(min(self.running_loss, 50)):,.1f}"
        if state.perplexity is not None and state.perplexity_step:  # not the untrained one
            postfix["heldout ppl"] = f"{state.perplexity:,.1f}"
        self.bar.set_postfix(postfix, refresh=False)

    def save(self, why: str) -> None:
        """Checkpoint and model files, each written whole and then moved into place."""
        t, state = self.trainer, self.trainer.state
        now = time.monotonic()
        state.seconds += now - self.counted
        self.counted = now
        _atomic(self.output / CHECKPOINT_NAME, lambda p: torch.save(t.checkpoint(), p))
        write_model(self.output, t, self._training_record(why))
        ppl = (
            f", held-out perplexity {state.perplexity:,.2f} at step {state.perplexity_step}"
            if state.perplexity is not None
            else ""
        )
        self._say(f"step {state.step} (epoch {t.epochs_done():.2f}): saved ({why}){ppl}")

    def _say(self, message: str) -> None:
        if not self.bar.disable:
            self.bar.write(message, file=sys.stderr)
        else:
            self.log(message)

    def _training_record(self, saved: str) -> dict[str, Any]:
        t, state = self.trainer, self.trainer.state
        return {
            "corpus": list(t.corpus.files),
            "tokens": t.corpus.tokens,
            "sentences": len(t.corpus.sentences),
            "train_sentences": len(t.train_sentences),
            "heldout_sentences": len(t.heldout_sentences),
            "heldout_tokens": int(sum(len(s) for s in t.heldout_sentences)),
            "vocab_size": len(t.vocab),
            "softmax": f"sampled ({t.config.negatives} negatives)" if t.sampled else "full",
            "steps": state.step,
            "epochs": round(t.epochs_done(), 4),
            "trained_tokens": state.tokens,
            "heldout_perplexity": _rounded(state.perplexity),
            "heldout_perplexity_forward": _rounded(state.perplexity_forward),
            "heldout_perplexity_backward": _rounded(state.perplexity_backward),
            "heldout_perplexity_untrained": _rounded(state.start_perplexity),
            "perplexity_definition": PERPLEXITY_DEFINITION,
            "history": state.history,
            "wall_seconds": round(state.seconds, 1),
            "tokens_per_second": round(state.tokens / state.seconds, 1) if state.seconds else 0,
            "threads": torch.get_num_threads(),
            "saved": saved,
            "command": self.command,
            "options": t.config.to_dict(),
        }

    def result(self, stopped: str) -> TrainResult:
        t = self.trainer
        return TrainResult(
            output=self.output,
            state=t.state,
            vocab_size=len(t.vocab),
            sampled=t.sampled,
            corpus_tokens=t.corpus.tokens,
            stopped=stopped,
            resumed_from=t.resumed_from,
            run_seconds=time.monotonic() - self.started,
            run_tokens=self.tokens,
        )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- outputs ---------------------------------------------------------------------------


def write_model(output: Path, trainer: Trainer, record: dict[str, Any]) -> None:
    """options.json, weights.hdf5 (what ``elmo:DIR`` loads), vocab.txt, training.json."""
    config = trainer.config
    # bilm-tf's training keys beside the model's, as in its published options files.
    extra = {
        "bidirectional": True,
        "dropout": config.dropout,
        "all_clip_norm_val": config.clip_norm,
        "batch_size": config.batch_size,
        "n_tokens_vocab": len(trainer.vocab),
        "n_train_tokens": record["trained_tokens"],
        "n_epochs": record["epochs"],
    }
    if trainer.sampled:
        extra["n_negative_samples_batch"] = config.negatives
    options = config.elmo_options(extra).to_dict()
    _atomic(output / OPTIONS_NAME, lambda p: _write_json(p, options))
    _atomic(output / WEIGHTS_NAME, lambda p: save_weights(trainer.model, p))
    _atomic(output / VOCAB_NAME, lambda p: p.write_text(trainer.vocab.text(), encoding="utf-8"))
    _atomic(output / TRAINING_NAME, lambda p: _write_json(p, record))


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary name and move it over ``path``: an interruption leaves the
    old file or the new one, never half of one. (The name does not end in .hdf5, so
    ``elmo:DIR`` never sees it as a second weights file.)"""
    try:
        write_whole(path, write, temporary=path.with_name(path.name + ".partial"))
    except OSError as exc:
        raise TrainingError(f"cannot write {path}: {exc}") from exc


# --- set-up helpers --------------------------------------------------------------------


def _optimizer(config: TrainConfig, params: list[nn.Parameter]) -> torch.optim.Optimizer:
    if config.optimizer == "adagrad":
        # bilm-tf: Adagrad with accumulators starting at 1.0.
        return torch.optim.Adagrad(params, lr=config.lr, initial_accumulator_value=1.0)
    return torch.optim.Adam(params, lr=config.lr)


def init_like_bilm_tf(model: BiLm) -> None:
    """bilm-tf's initial values, which its training recipe was tuned with: uniform
    character embeddings, scaled normal CNN and highway weights, highway gates biased
    to pass the input through (−2), Glorot-uniform LSTM weights, zero biases."""
    cnn = model.char_cnn
    with torch.no_grad():
        nn.init.uniform_(cnn.char_embed.weight, -1.0, 1.0)
        cnn.char_embed.weight[0].zero_()  # the padding row
        for conv in cnn.convs:
            width, dim = conv.kernel_size[0], conv.in_channels
            nn.init.normal_(conv.weight, std=math.sqrt(1.0 / (width * dim)))
            nn.init.zeros_(conv.bias)
        for highway in cnn.highways:
            for linear, bias in ((highway.carry, -2.0), (highway.transform, 0.0)):
                nn.init.normal_(linear.weight, std=math.sqrt(1.0 / linear.in_features))
                nn.init.constant_(linear.bias, bias)
        if cnn.projection is not None:
            nn.init.normal_(cnn.projection.weight, std=math.sqrt(1.0 / cnn.projection.in_features))
            nn.init.zeros_(cnn.projection.bias)
        for stack in (model.forward_lstm, model.backward_lstm):
            for cell in stack.cells:
                nn.init.xavier_uniform_(cell.gates.weight)
                nn.init.zeros_(cell.gates.bias)
                if cell.projection is not None:
                    nn.init.xavier_uniform_(cell.projection.weight)


@contextmanager
def _stop_on_interrupt() -> Iterator[threading.Event]:
    """Ctrl-C sets the event, so the loop stops between steps and saves; a second
    Ctrl-C interrupts at once. Outside the main thread signals cannot be caught."""
    event = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield event
        return

    def handler(signum: int, frame: Any) -> None:
        if event.is_set():
            raise KeyboardInterrupt
        event.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)
