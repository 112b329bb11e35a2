"""``sensegrep embed``: one (layers, tokens, dim) array per input line, in an .npz."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import numpy as np
import pytest
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.embedder import load_embedder


@pytest.fixture(scope="module")
def sentences(elmo_dir: Path) -> list[list[str]]:
    return json.loads((elmo_dir / "sentences.json").read_text(encoding="utf-8"))


def embed(tmp_path: Path, lines: str, *options: str) -> dict[str, np.ndarray]:
    source = tmp_path / "in.txt"
    source.write_text(lines, encoding="utf-8")
    out = tmp_path / "out.npz"
    result = CliRunner().invoke(
        cli, ["embed", "--input", str(source), "--output", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    with np.load(out) as archive:
        return dict(archive)


@pytest.mark.shared
def test_elmo_layers_per_line(elmo_dir, sentences, tmp_path):
    lines = sentences[0]
    arrays = embed(tmp_path, "\n".join(lines) + "\n", "--model", f"elmo:{elmo_dir}")
    assert sorted(arrays, key=int) == [str(i) for i in range(len(lines))]
    expected = load_embedder(f"elmo:{elmo_dir}").embed_layers([line.split() for line in lines])
    for i, line in enumerate(lines):
        assert arrays[str(i)].shape == (3, len(line.split()), 32)
        assert arrays[str(i)].dtype == np.float32
        np.testing.assert_array_equal(arrays[str(i)][-1], expected[i][-1])


@pytest.mark.shared
def test_elmo_stateful_replay_reproduces_the_reference(elmo_dir, sentences, tmp_path):
    # Batch i is [sentences[0][i], sentences[1][i], sentences[2][i]], batches in order.
    lines = [sentences[k][i] for i in range(10) for k in range(3)]
    arrays = embed(
        tmp_path,
        "\n".join(lines),
        "--model",
        f"elmo:{elmo_dir}",
        "--stateful",
        "--batch-size",
        "3",
    )
    for i in range(10):
        for row in range(2):
            with h5py.File(elmo_dir / f"lm_embeddings_{row}.hdf5", "r") as fin:
                reference = np.concatenate(list(fin[str(i)][...]), axis=1)
            top = arrays[str(3 * i + row)][-1]
            np.testing.assert_allclose(top, reference, atol=1e-6, rtol=1e-6)


def test_fake_model_and_empty_lines(tmp_path):
    arrays = embed(tmp_path, "the bank of the river\n\n  \nHello\n", "--model", "fake:16")
    assert [arrays[str(i)].shape for i in range(4)] == [
        (1, 5, 16),
        (1, 0, 16),
        (1, 0, 16),
        (1, 1, 16),
    ]
    expected = load_embedder("fake:16").embed_layers([["the", "bank", "of", "the", "river"]])
    np.testing.assert_array_equal(arrays["0"], expected[0])


def test_batches_do_not_change_the_arrays(tmp_path):
    text = "a b c\nd e\nf\ng h i j\n"
    whole = embed(tmp_path, text, "--model", "fake:8")
    small = embed(tmp_path, text, "--model", "fake:8", "--batch-size", "1")
    assert whole.keys() == small.keys()
    for name in whole:
        np.testing.assert_array_equal(whole[name], small[name])


def test_stateful_needs_an_elmo_model(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("a b\n")
    result = CliRunner().invoke(
        cli,
        [
            "embed",
            "--model",
            "fake:16",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "o.npz"),
            "--stateful",
        ],
    )
    assert result.exit_code == 2
    assert "--stateful only applies to ELMo models" in result.output
    assert not (tmp_path / "o.npz").exists()


def test_bad_elmo_folder_is_a_one_line_error(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("a b\n")
    out = tmp_path / "o.npz"
    result = CliRunner().invoke(
        cli,
        ["embed", "--model", f"elmo:{tmp_path}", "--input", str(source), "--output", str(out)],
    )
    assert result.exit_code == 1
    assert "Error:" in result.output and "no options.json" in result.output
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_input_that_is_not_utf8_names_its_line(tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(b"good line one\n\xff\xfe bad bytes\nthird line\n")
    out = tmp_path / "o.npz"
    result = CliRunner().invoke(
        cli, ["embed", "--model", "fake:8", "--input", str(source), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert f"{source}:2: not UTF-8" in result.output, result.output
    assert not out.exists()


def test_the_readme_s_elmo_folders_are_the_shipped_one_or_one_it_trains() -> None:
    """The README's `embed --model elmo:models/elmo-small` named a folder the repository
    has not (the shipped ELMo is `--model elmo-small`): typed as shown, it failed."""
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    trained = set(re.findall(r"sensegrep elmo train \S+ -o (\S+)", readme))
    folders = re.findall(r"--model elmo:([^\s`]+)", readme)
    assert folders
    for folder in folders:
        assert folder in trained or folder == "DIR", folder
