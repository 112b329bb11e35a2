"""``sensegrep elmo train``: a tiny biLM on a repetitive toy corpus (a few seconds).

What is proven: training lowers held-out perplexity; the output folder loads as
``elmo:DIR``; an interrupted run resumes to bit-identical weights; mismatched options
are refused; the sampled softmax estimates the full one; bad files are reported.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import signal
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.embedder import load_embedder
from sensegrep.tune.elmo.softmax import (
    SharedSoftmax,
    log_uniform_probability,
    log_uniform_sample,
)
from sensegrep.tune.elmo.train import RunLimits, TrainConfig, Trainer, train_bilm

TINY = [
    "--lstm-dim", "32", "--projection-dim", "16", "--filters", "1:8,2:8,3:16",
    "--highway", "1", "--char-dim", "8", "--batch-size", "8", "--heldout", "0.1",
    "--lr", "0.01", "--threads", "1", "--no-progress",
]  # fmt: skip
TINY_CONFIG = TrainConfig(
    lstm_dim=32,
    projection_dim=16,
    filters=((1, 8), (2, 8), (3, 16)),
    n_highway=1,
    char_dim=8,
    batch_size=8,
    heldout=0.1,
    learning_rate=0.01,
)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Bit-identical resumes need the same kernels: one thread, as --threads 1."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 sentences from a tiny grammar, one paragraph each: easy to learn."""
    rng = random.Random(0)
    subjects = ["the cat", "the dog", "a bird", "my friend", "the teacher"]
    verbs = ["sees", "likes", "eats", "finds", "wants"]
    objects = ["the fish", "a ball", "the bread", "some water", "the book"]
    lines = [
        f"{rng.choice(subjects).capitalize()} {rng.choice(verbs)} {rng.choice(objects)}."
        for _ in range(60)
    ]
    path = tmp_path_factory.mktemp("corpus") / "toy.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def train_cli(*args: str | Path) -> tuple[int, str]:
    """`elmo train` with TINY's options, an option given in ``args`` in place of TINY's
    (an option of one value given twice is refused)."""
    given = [str(arg) for arg in args]
    tiny = _without(TINY, {arg for arg in given if arg.startswith("--")})
    result = CliRunner().invoke(cli, ["elmo", "train", *tiny, *given])
    return result.exit_code, result.output


def _without(options: list[str], names: set[str]) -> list[str]:
    """``options`` without those named in ``names`` and their values."""
    kept: list[str] = []
    skip_value = False
    for at, item in enumerate(options):
        if skip_value:
            skip_value = False
        elif item in names:
            following = options[at + 1] if at + 1 < len(options) else "--"
            skip_value = not following.startswith("--")
        else:
            kept.append(item)
    return kept


@pytest.fixture(scope="module")
def trained(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three epochs straight through (21 steps)."""
    out = tmp_path_factory.mktemp("trained") / "model"
    code, output = train_cli(corpus, "-o", out, "--epochs", "3")
    assert code == 0, output
    return out


def weights_of(folder: Path) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    with h5py.File(folder / "weights.hdf5", "r") as fin:
        fin.visititems(
            lambda name, item: (
                found.__setitem__(name, item[...]) if isinstance(item, h5py.Dataset) else None
            )
        )
    return found


def record(folder: Path) -> dict:
    return json.loads((folder / "training.json").read_text(encoding="utf-8"))


def test_training_lowers_heldout_perplexity(trained: Path) -> None:
    info = record(trained)
    assert info["steps"] == 21 and info["epochs"] == 3.0
    # Untrained: about the vocabulary size (25); the grammar allows far fewer choices.
    assert info["heldout_perplexity_untrained"] > 20
    assert info["heldout_perplexity"] < 0.5 * info["heldout_perplexity_untrained"]
    assert [h["step"] for h in info["history"]] == [0, 7, 14, 21]
    ppl = [h["heldout_perplexity"] for h in info["history"]]
    assert ppl == sorted(ppl, reverse=True)
    assert info["softmax"] == "full" and info["vocab_size"] == 25
    assert info["tokens"] == 360 and info["heldout_sentences"] == 6
    assert info["command"].startswith("sensegrep elmo train")


def test_output_loads_as_elmo_dir_and_embeds(trained: Path) -> None:
    embedder = load_embedder(f"elmo:{trained}")
    assert embedder.config.dim == 32 and embedder.config.layers == (0, 1, 2)
    vectors = embedder.embed([["The", "cat", "sees", "the", "fish", "."], ["Hello"]])
    assert [v.shape for v in vectors] == [(6, 32), (1, 32)]
    assert np.isfinite(vectors[0]).all() and np.abs(vectors[0]).max() > 0
    options = json.loads((trained / "options.json").read_text())
    assert options["lstm"] == {
        "dim": 32,
        "projection_dim": 16,
        "n_layers": 2,
        "use_skip_connections": True,
        "cell_clip": 3.0,
        "proj_clip": 3.0,
    }
    assert options["char_cnn"]["n_characters"] == 262
    assert options["char_cnn"]["activation"] == "relu"
    assert options["char_cnn"]["filters"] == [[1, 8], [2, 8], [3, 16]]
    vocab = (trained / "vocab.txt").read_text().split("\n")
    assert vocab[:3] == ["<S>", "</S>", "<UNK>"] and "cat" in vocab


def test_interrupted_training_resumes_to_the_same_weights(
    corpus: Path, trained: Path, tmp_path: Path
) -> None:
    out = tmp_path / "model"
    code, output = train_cli(corpus, "-o", out, "--epochs", "3", "--max-steps", "5")
    assert code == 0, output
    assert record(out)["steps"] == 5 and "max steps" in output
    code, output = train_cli(corpus, "-o", out, "--epochs", "3")
    assert code == 0, output
    assert "resumed from step 5" in output
    assert record(out)["steps"] == 21
    straight, resumed = weights_of(trained), weights_of(out)
    assert straight.keys() == resumed.keys()
    for name, value in straight.items():
        np.testing.assert_array_equal(resumed[name], value, err_msg=name)
    assert record(out)["heldout_perplexity"] == record(trained)["heldout_perplexity"]


def test_ctrl_c_stops_between_steps_and_resumes(
    corpus: Path, trained: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "model"
    step = Trainer.step
    calls = []

    def interrupting_step(self: Trainer, batch):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 9:
            signal.raise_signal(signal.SIGINT)  # as Ctrl-C during step 9
        return step(self, batch)

    monkeypatch.setattr(Trainer, "step", interrupting_step)
    result = train_bilm([corpus], out, TINY_CONFIG, RunLimits(epochs=3))
    assert result.stopped == "interrupted" and result.state.step == 9
    monkeypatch.setattr(Trainer, "step", step)
    result = train_bilm([corpus], out, TINY_CONFIG, RunLimits(epochs=3))
    assert result.resumed_from == 9 and result.stopped == "epochs done"
    for name, value in weights_of(trained).items():
        np.testing.assert_array_equal(weights_of(out)[name], value, err_msg=name)


def test_time_budget_stops_and_writes_the_model(corpus: Path, tmp_path: Path) -> None:
    result = train_bilm([corpus], tmp_path, TINY_CONFIG, RunLimits(epochs=3, max_minutes=1e-9))
    assert result.stopped == "time budget" and result.state.step == 0
    assert load_embedder(f"elmo:{tmp_path}").embed([["a", "cat"]])[0].shape == (2, 32)


def test_mismatched_options_are_refused(corpus: Path, trained: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    shutil.copytree(trained, out)
    code, output = train_cli(corpus, "-o", out, "--lstm-dim", "64")
    assert code == 1
    assert "--lstm-dim 32 there, 64 now" in output and "--restart" in output
    other = tmp_path / "other.txt"
    other.write_text("A different text altogether.\n\nAnd another sentence.\n")
    code, output = train_cli(other, "-o", out)
    assert code == 1 and "other text" in output
    code, output = train_cli(corpus, "-o", out, "--lstm-dim", "64", "--restart", "--max-steps", "1")
    assert code == 0, output
    assert record(out)["steps"] == 1 and record(out)["options"]["lstm_dim"] == 64


def test_a_folder_holding_a_model_without_checkpoint_is_not_overwritten(
    corpus: Path, trained: Path, tmp_path: Path
) -> None:
    out = tmp_path / "model"
    shutil.copytree(trained, out)
    (out / "checkpoint.pt").unlink()
    code, output = train_cli(corpus, "-o", out)
    assert code == 1 and "--restart" in output


def test_sampled_softmax_training(corpus: Path, tmp_path: Path) -> None:
    code, output = train_cli(
        corpus, "-o", tmp_path, "--sampled-from", "10", "--negatives", "8", "--epochs", "2"
    )
    assert code == 0, output
    info = record(tmp_path)
    assert info["softmax"] == "sampled (8 negatives)"
    assert math.isfinite(info["heldout_perplexity"])
    assert info["heldout_perplexity"] < info["heldout_perplexity_untrained"]
    options = json.loads((tmp_path / "options.json").read_text())
    assert options["n_negative_samples_batch"] == 8


def test_sampled_loss_equals_full_loss_when_every_word_is_drawn() -> None:
    torch.manual_seed(0)
    softmax = SharedSoftmax(20, 4)
    hidden, targets = torch.randn(7, 4), torch.randint(0, 20, (7,))
    full = softmax.full_nll(hidden, targets)
    # 100k draws over 20 ids: all drawn, each with probability ~1, so no correction.
    sampled = softmax.sampled_nll(hidden, targets, 100_000)
    torch.testing.assert_close(sampled, full, atol=1e-5, rtol=1e-5)
    few = softmax.sampled_nll(hidden, targets, 5)
    assert torch.isfinite(few).all() and (few >= 0).all()


def test_log_uniform_sampler_follows_zipf() -> None:
    torch.manual_seed(0)
    draws = log_uniform_sample(200_000, 1000)
    assert int(draws.min()) >= 0 and int(draws.max()) <= 999
    seen = torch.bincount(draws, minlength=1000)[:3].double() / len(draws)
    expected = log_uniform_probability(torch.arange(3), 1000)
    torch.testing.assert_close(seen, expected, atol=3e-3, rtol=0)
    assert float(log_uniform_probability(torch.arange(1000), 1000).sum()) == pytest.approx(1.0)


def test_bad_files_are_named_skipped_and_fail_the_run(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Fine text here."}\nnot json\n', encoding="utf-8")
    out = tmp_path / "model"
    code, output = train_cli(corpus, bad, tmp_path / "missing.txt", "-o", out, "--max-steps", "2")
    assert code == 1
    assert "error: bad.jsonl:2:" in output.replace(str(tmp_path) + "/", "")
    assert "missing.txt: no such file or folder" in output
    assert "2 problem(s) in 2 file(s)" in output
    info = record(out)
    assert info["corpus"] == [str(corpus), str(bad)] and info["tokens"] > 360


def test_elmo_small_names_the_packaged_model() -> None:
    from sensegrep.embedder.elmo.embedder import PRESETS, canonical_name, elmo_dir

    folder = PRESETS["elmo-small"]
    assert elmo_dir("elmo-small") == str(folder)
    assert elmo_dir("elmo:/x/y") == "/x/y" and elmo_dir("minilm") is None
    # Indexes record the name, not this installation's path.
    assert canonical_name(folder) == "elmo-small"
    if not (folder / "options.json").is_file():
        pytest.skip("elmo-small is not shipped in this checkout")
    embedder = load_embedder("elmo-small")
    assert embedder.config.model == "elmo-small"
    assert embedder.embed([["The", "bank", "of", "the", "river"]])[0].shape == (5, 256)
