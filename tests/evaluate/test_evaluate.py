"""``sensegrep eval``: WiC threshold fitting, CoarseWSD-20 retrieval arithmetic and the
framework's WSD scoring, on tiny files written here and the fake embedder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.evaluate import report
from sensegrep.evaluate.retrieval import macro, random_baseline
from sensegrep.evaluate.wic import accuracy, fit_threshold
from sensegrep.evaluate.wsd import read_key_lines, score


def _wic(folder: Path, name: str, rows: list[tuple[str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for first, second, _gold in rows:
        i = first.split().index("bank")
        j = second.split().index("bank")
        lines.append(f"bank\tN\t{i}-{j}\t{first}\t{second}")
    (folder / f"{name}.data.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / f"{name}.gold.txt").write_text("\n".join(g for *_s, g in rows) + "\n")
    return folder


SAME = "we sat on the bank of the river"
OTHER = "she robbed a bank yesterday morning"


def test_wic_threshold_is_fitted_on_train_only(tmp_path: Path) -> None:
    # Train: identical sentences (cosine 1) are the same sense, different ones are not,
    # so the train threshold lies just under 1. Test flips the labels: its own best
    # threshold would score 50 %, the train one scores 0 %.
    train = _wic(tmp_path / "train", "train", [(SAME, SAME, "T"), (SAME, OTHER, "F")] * 3)
    test = _wic(tmp_path / "test", "test", [(SAME, SAME, "F"), (SAME, OTHER, "T")] * 2)
    result = CliRunner().invoke(
        cli, ["eval", "wic", "--train", str(train), "--test", str(test), "--model", "fake:16"]
    )
    assert result.exit_code == 0, result.output
    assert "| accuracy on test | 0.0 |" in result.output
    assert "| accuracy on train | 100.0 |" in result.output
    assert "BERT-large 65.5" in result.output


def test_wic_on_the_split_it_was_fitted_on_says_so(tmp_path: Path) -> None:
    """Fitted and scored on one split, the accuracy is no measure (it said nothing)."""
    train = _wic(tmp_path / "train", "train", [(SAME, SAME, "T"), (SAME, OTHER, "F")] * 3)
    data = str(train / "train.data.txt")
    result = CliRunner().invoke(
        cli, ["eval", "wic", "--train", str(train), "--test", data, "--model", "fake:16"]
    )
    assert result.exit_code == 0, result.output
    assert "note: --train and --test are the same data" in result.output
    assert "fitted on the pairs it is scored on" in result.output
    # The API says it too (Evaluation.notes): a notebook's table had no word of it.
    from sensegrep.api.evaluation import evaluate_wic

    got = evaluate_wic(train, Path(data), model="fake:16")
    assert len(got.notes) == 1 and "are the same data" in got.notes[0]
    other = _wic(tmp_path / "test", "test", [(SAME, SAME, "F"), (SAME, OTHER, "T")])
    result = CliRunner().invoke(
        cli, ["eval", "wic", "--train", str(train), "--test", str(other), "--model", "fake:16"]
    )
    assert result.exit_code == 0 and "same data" not in result.output


def test_fit_threshold_maximises_accuracy() -> None:
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.9])
    gold = np.array([False, False, True, False, True])
    threshold = fit_threshold(scores, gold)
    assert accuracy(scores, gold, threshold) == pytest.approx(0.8)
    assert 0.2 < threshold <= 0.3  # the lowest of the best: T from 0.3 up


def test_wic_bad_line_names_file_and_line(tmp_path: Path) -> None:
    train = _wic(tmp_path / "train", "train", [(SAME, SAME, "T"), (SAME, OTHER, "F")])
    data = train / "train.data.txt"
    data.write_text(data.read_text() + "bank\tN\t0-0\tonly four fields\n")
    (train / "train.gold.txt").write_text("T\nF\nT\n")
    result = CliRunner().invoke(
        cli, ["eval", "wic", "--train", str(train), "--test", str(train), "--model", "fake:16"]
    )
    assert result.exit_code != 0
    assert f"{data}:3: expected 5 tab-separated fields" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def _coarse(folder: Path, sentences: list[tuple[str, int]]) -> Path:
    folder.mkdir(parents=True)
    data = [f"{s.split().index(folder.name)}\t{s}" for s, _c in sentences]
    (folder / "train.data.txt").write_text("\n".join(data) + "\n")
    (folder / "train.gold.txt").write_text("\n".join(str(c) for _s, c in sentences) + "\n")
    (folder / "classes_map.txt").write_text(json.dumps({"0": "river", "1": "money"}))
    return folder


def test_retrieval_precision_and_random_baseline(tmp_path: Path) -> None:
    # The fake embedder gives a target the same vector whenever its neighbours are the
    # same: every "river" occurrence matches every other exactly, and so does "money".
    river = [(f"w{n} x the bank of y", 0) for n in range(24)]
    money = [(f"v{n} z a bank lent q", 1) for n in range(8)]
    _coarse(tmp_path / "data" / "bank", river + money)
    result = CliRunner().invoke(
        cli, ["eval", "retrieval", "--data", str(tmp_path / "data"), "--model", "fake:16"]
    )
    assert result.exit_code == 0, result.output
    # Index: 12 river + 4 money. River queries: 10/10 river; money queries: 4 money then
    # 6 river = 0.4. Macro over senses: (1.0 + 0.4) / 2 = 70 %; random: (12/16 + 4/16) / 2.
    assert "| P@10 | 70.0 |" in result.output
    assert "| 1-NN accuracy (macro) | 100.0 |" in result.output
    assert "| random ranking, expected P@10 | 50.0 |" in result.output


def test_macro_and_random_arithmetic() -> None:
    # A rare sense counts as much as a common one.
    assert macro([1.0, 1.0, 1.0, 0.0], ["a", "a", "a", "b"]) == pytest.approx(0.5)
    assert random_baseline(["a", "a", "a", "b"], ["a", "b", "b"]) == pytest.approx(0.5)
    assert random_baseline(["a", "a", "a", "b", "c"], ["a"]) == pytest.approx(0.6)


def test_retrieval_bad_target_index(tmp_path: Path) -> None:
    folder = _coarse(tmp_path / "bank", [("the bank of y", 0), ("a bank lent q", 1)])
    (folder / "train.data.txt").write_text("1\tthe bank of y\n9\ta bank lent q\n")
    result = CliRunner().invoke(
        cli, ["eval", "retrieval", "--data", str(folder), "--model", "fake:16"]
    )
    assert result.exit_code != 0
    assert f"{folder / 'train.data.txt'}:2: target index 9 outside the sentence" in result.output
    assert "Traceback" not in result.output


def test_wsd_scoring(tmp_path: Path) -> None:
    gold = tmp_path / "gold.key.txt"
    gold.write_text("d.1 k1\nd.2 k2 k3\nd.3 k4\n")
    keys = tmp_path / "keys.txt"
    keys.write_text("d.1 k1\nd.2 k3 kX\nd.9 k9\n")
    got = score(read_key_lines(keys), read_key_lines(gold))
    # d.9 is not in the gold set; d.2's two answers share the credit: 1 + 0.5 correct.
    assert (got.answered, got.total, got.correct) == (2, 3, 1.5)
    assert got.precision == pytest.approx(0.75)
    assert got.recall == pytest.approx(0.5)
    assert got.f1 == pytest.approx(0.6)


def test_append_adds_commit_and_date(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    report.append(out, report.table("T", {"model": "fake:16"}, [("acc", "50.0", "")]))
    report.append(out, "second")
    text = out.read_text()
    assert text.count("_measured ") == 2
    assert "- model: fake:16" in text and "at commit " in text


def test_retrieval_with_fewer_indexed_than_ten_says_p10_is_the_baseline(tmp_path: Path) -> None:
    # --per-sense 4: 2 river + 2 money indexed, so every query gets all 4 back and
    # P@10 is 50 % whatever the ranking; a note must say so.
    river = [(f"w{n} x the bank of y", 0) for n in range(12)]
    money = [(f"v{n} z a bank lent q", 1) for n in range(12)]
    _coarse(tmp_path / "data" / "bank", river + money)
    args = ["eval", "retrieval", "--data", str(tmp_path / "data"), "--model", "fake:16"]
    result = CliRunner().invoke(cli, [*args, "--per-sense", "4"])
    assert result.exit_code == 0, result.output
    assert "| P@10 | 50.0 |" in result.output
    assert "note: bank: only 4 indexed occurrences, fewer than the 10 ranked" in result.output
    result = CliRunner().invoke(cli, args)
    assert "note:" not in result.output


def test_wic_and_retrieval_say_what_the_projection_was_trained_on(tmp_path: Path) -> None:
    """Through a sense projection the figures are of data its training labels did not
    shape only where the test data is not drawn from them: said, naming them (pass 31d)."""
    from sensegrep.embedder.projection import Projection

    projection = tmp_path / "p.npz"
    matrix = np.random.default_rng(0).normal(size=(16, 8)).astype(np.float32)
    Projection("fake:16", (0,), (0.0,), matrix, {"index": "/data/my-idx"}).save(projection)
    train = _wic(tmp_path / "train", "train", [(SAME, SAME, "T"), (SAME, OTHER, "F")] * 3)
    test = _wic(tmp_path / "test", "test", [(SAME, SAME, "F"), (SAME, OTHER, "T")] * 2)
    wic = ["eval", "wic", "--train", str(train), "--test", str(test), "--model", "fake:16"]
    result = CliRunner().invoke(cli, [*wic, "--projection", str(projection)])
    assert result.exit_code == 0, result.output
    said = "note: the vectors went through the sense projection "
    assert said in result.output
    assert "trained on the labelled occurrences of the index /data/my-idx: a --test" in (
        result.output
    )
    assert "to score without it, add --projection none" in result.output
    assert "note:" not in CliRunner().invoke(cli, wic).output
    river = [(f"w{n} x the bank of y", 0) for n in range(12)]
    money = [(f"v{n} z a bank lent q", 1) for n in range(12)]
    _coarse(tmp_path / "data" / "bank", river + money)
    args = ["eval", "retrieval", "--data", str(tmp_path / "data"), "--model", "fake:16"]
    result = CliRunner().invoke(cli, [*args, "--projection", str(projection)])
    assert result.exit_code == 0, result.output
    assert said in result.output and "a --data drawn from that data" in result.output


def test_retrieval_says_its_vectors_were_f16_when_too_few_to_train_the_codec(
    tmp_path: Path,
) -> None:
    """The table named sq4 for a temporary index of 12 vectors, stored f16 (pass 31d)."""
    river = [(f"w{n} x the bank of y", 0) for n in range(12)]
    money = [(f"v{n} z a bank lent q", 1) for n in range(12)]
    _coarse(tmp_path / "data" / "bank", river + money)
    args = ["eval", "retrieval", "--data", str(tmp_path / "data"), "--model", "fake:16"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    said = "- vectors: f16: the temporary index held 12 vectors, fewer than the 1,000 sq4"
    assert said in result.output
    result = CliRunner().invoke(cli, [*args, "--vectors", "f16"])
    assert "- vectors: f16\n" in result.output


def test_append_records_the_notes_with_the_table(tmp_path: Path) -> None:
    """`--append FILE` recorded the table alone: a figure the printed notes said was no
    measure (train and test one split) went into the record without them (pass 31d)."""
    train = _wic(tmp_path / "train", "train", [(SAME, SAME, "T"), (SAME, OTHER, "F")] * 3)
    out = tmp_path / "bench.md"
    args = ["eval", "wic", "--train", str(train), "--test", str(train), "--model", "fake:16"]
    result = CliRunner().invoke(cli, [*args, "--append", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "| accuracy on test |" in text
    assert "Note: --train and --test are the same data" in text, text
    assert text.index("Note: --train") < text.index("Command: ")
