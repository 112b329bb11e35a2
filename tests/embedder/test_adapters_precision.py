"""Encoder precisions (fp32/bf16/int8) and LoRA adapters: load, record, refuse a mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.embedder.adapter import Adapter, target_layers
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.errors import IndexMismatchError, SensegrepError
from sensegrep.storage import Index
from sensegrep.tune.lora import attach, detach

from ..helpers import EXAMPLES, QUERIES, gold_senses, index_corpus, labelled_corpus


class _TinyEncoder(torch.nn.Module):
    """Two BERT-style attention blocks: the names adapters look for."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = torch.nn.ModuleList(
            torch.nn.ModuleDict(
                {
                    "attention": torch.nn.ModuleDict(
                        {"query": torch.nn.Linear(6, 6), "value": torch.nn.Linear(6, 6)}
                    ),
                    "output": torch.nn.Linear(6, 6),
                }
            )
            for _ in range(2)
        )


def _adapter(rank: int = 2, model: str = "tiny") -> Adapter:
    rng = np.random.default_rng(0)
    names = ["layers.0.attention.query", "layers.1.attention.value"]
    updates = {
        n: (rng.standard_normal((rank, 6)).astype(np.float32), rng.standard_normal((6, rank)))
        for n in names
    }
    return Adapter(
        model, rank, 4.0, {n: (a, b.astype(np.float32)) for n, (a, b) in updates.items()}
    )


def test_old_manifests_read_as_fp32_without_adapter():
    old = {"model": "minilm", "layers": [6], "pooling": "mean", "dim": 384}
    config = EmbedderConfig.from_dict(old)
    assert (config.precision, config.adapter, config.adapter_sha256) == ("fp32", "", "")
    assert EmbedderConfig.from_dict(config.to_dict()) == config


def test_config_differences_name_what_differs():
    a = EmbedderConfig("minilm", (6,), "mean", 384)
    b = EmbedderConfig("minilm", (6,), "mean", 384, precision="bf16", adapter="x.npz")
    found = a.differences(b)
    assert any(d.startswith("precision 'fp32' vs 'bf16'") for d in found)
    assert any(d.startswith("adapter none vs 'x.npz'") for d in found)


def test_adapter_file_round_trip_and_merge(tmp_path: Path):
    adapter = _adapter()
    path = tmp_path / "a.npz"
    adapter.save(path)
    loaded = Adapter.open(str(path))
    assert loaded.name == str(path.resolve()) and len(loaded.sha256) == 64
    assert loaded.rank == 2 and loaded.scale == 2.0
    net = _TinyEncoder()
    before = {n: p.detach().clone() for n, p in net.named_parameters()}
    loaded.merge_into(net)
    for name, param in net.named_parameters():
        target = name.rsplit(".", 1)[0]
        if target in loaded.updates and name.endswith("weight"):
            a, b = loaded.updates[target]
            expected = before[name] + 2.0 * torch.from_numpy(b @ a)
            torch.testing.assert_close(param.detach(), expected)
        else:
            torch.testing.assert_close(param.detach(), before[name])


def test_lora_layers_start_at_the_base_weights_and_come_off_cleanly():
    net = _TinyEncoder()
    x = torch.randn(3, 6)
    plain = net.layers[0]["attention"]["query"](x)
    wrapped = attach(net, rank=2, alpha=4.0)
    assert sorted(wrapped) == target_layers(_TinyEncoder())
    assert len(wrapped) == 4  # query and value of both blocks, never "output"
    torch.testing.assert_close(net.layers[0]["attention"]["query"](x), plain)  # B = 0
    assert not any(p.requires_grad for n, p in net.named_parameters() if ".base." in n)
    detach(net, wrapped)
    assert isinstance(net.layers[0]["attention"]["query"], torch.nn.Linear)


def test_bad_adapter_files_say_what_is_expected(tmp_path: Path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SensegrepError, match="not a sensegrep adapter"):
        Adapter.open(str(bad))
    with pytest.raises(SensegrepError, match="neither a file nor a builtin"):
        Adapter.open(str(tmp_path / "missing.npz"))
    with pytest.raises(SensegrepError, match="no 6×6 linear layer"):
        wrong = _adapter()
        wrong.updates = {"layers.0.attention.nothing": wrong.updates["layers.0.attention.query"]}
        wrong.merge_into(_TinyEncoder())


def test_precision_and_adapters_are_refused_where_they_do_not_apply():
    from sensegrep.embedder import load_embedder

    with pytest.raises(SensegrepError, match="fp32 only"):
        load_embedder("fake:8", precision="bf16")
    with pytest.raises(SensegrepError, match="unknown precision"):
        load_embedder("minilm", precision="fp8")


def test_an_index_refuses_another_precision(tmp_path: Path):
    fp32 = EmbedderConfig("minilm", (6,), "mean", 384)
    with Index.open_for_writing(tmp_path / "idx", fp32):
        pass
    bf16 = EmbedderConfig("minilm", (6,), "mean", 384, precision="bf16")
    with pytest.raises(IndexMismatchError) as refused:
        Index.open_for_writing(tmp_path / "idx", bf16)
    assert str(refused.value) == (
        f"{tmp_path / 'idx'} was built with the encoder minilm (precision fp32), not minilm "
        "(precision bf16): leave out --model and the encoder options to use the index's "
        "own encoder, or index into a new folder"
    )


@pytest.mark.model
def test_tune_adapter_is_recorded_by_the_index_and_a_mismatch_refused(tmp_path: Path):
    """tune --adapter trains LoRA through minilm; the projection names its adapter, an
    index built with it records both sha256s, and another adapter is refused."""
    runner = CliRunner()
    corpus = labelled_corpus(tmp_path / "labelled.jsonl")
    labelled = index_corpus(runner, tmp_path / "labelled-idx", corpus)
    out, adapter = tmp_path / "p.npz", tmp_path / "a.npz"
    args = ["--index", str(labelled), "tune", "--model", "minilm", "-o", str(out)]
    args += ["--steps", "10", "--dim", "16", "--adapter", str(adapter), "--adapter-steps", "3"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {adapter}: the encoder's LoRA adapter (3 steps" in result.stderr
    assert f"named by {out}" in result.stderr
    loaded = Adapter.open(str(adapter))
    assert loaded.model == "minilm" and len(loaded.updates) == 12  # q, v of 6 layers
    assert any(np.abs(b).max() > 0 for _a, b in loaded.updates.values())  # it learned

    tuned = tmp_path / "tuned"
    args = ["--index", str(tuned), "index", str(corpus), "--model", "minilm"]
    result = runner.invoke(cli, [*args, "--projection", str(out)])
    assert result.exit_code == 0, result.output
    recorded = json.loads((tuned / "manifest.json").read_text())["embedder"]
    assert recorded["adapter"] == str(adapter.resolve())
    assert recorded["adapter_sha256"] == loaded.sha256

    # the projection refuses to run without its adapter
    result = runner.invoke(cli, [*args, "--projection", str(out), "--adapter", "none"])
    assert result.exit_code == 1 and "means nothing without it" in result.stderr

    # a changed adapter file no longer matches what the index recorded
    loaded.updates = {k: (a, b * 0.5) for k, (a, b) in loaded.updates.items()}
    loaded.save(adapter)
    result = runner.invoke(
        cli, ["--index", str(tuned), "search", "bank", "-e", "the [[bank]] lent money"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "adapter" in result.stderr


@pytest.mark.model
@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_low_precisions_keep_the_top5_of_the_sense_queries(tmp_path: Path, precision: str):
    """bf16 and int8 minilm against fp32 on the example corpus's 22 sense queries: nearly
    the same top-5 documents and the same sense precision; and an index built in one
    precision refuses to be searched in another.

    Tolerances (documented in README). bf16: near-ties at rank 5 may swap, so every
    query's top-5 shares at least 4 of 5 documents with fp32's and the mean P@5 against
    the gold senses moves by at most 0.03 (measured: 4-5 shared, 0.855 → 0.845). int8
    reorders more (measured: 1-5 shared, mean 3.3; P@5 0.855 → 0.827): at least 3
    shared on average and P@5 within 0.05."""
    from sensegrep.embedder import load_embedder
    from sensegrep.search.engine import Searcher, SearchRequest

    gold = gold_senses()
    tops = {}
    for name in ("fp32", precision):
        folder = tmp_path / name
        # Simplemma's tokens, which the tolerances were measured on: this measures the
        # encoder's precision, not which words the tagger gives vectors to.
        corpus = str(EXAMPLES / "corpus.jsonl")
        args = ["--index", str(folder), "index", corpus, "--tagger", "none"]
        # f16 vectors: this measures the encoder's precision alone, not the codec's.
        options = ["--model", "minilm", "--precision", name, "--vectors", "f16"]
        result = CliRunner().invoke(cli, [*args, *options])
        assert result.exit_code == 0, result.output
        with Index.open(folder) as index:
            assert index.embedder_config.precision == name
            searcher = Searcher(index, lambda n=name: load_embedder("minilm", precision=n))
            tops[name] = {
                key: [h.occurrence.doc for h in searcher.search(SearchRequest(key[0], text, k=5))]
                for key, text in QUERIES.items()
            }
    overlap = [len(set(tops["fp32"][key]) & set(tops[precision][key])) for key in QUERIES]

    def p5(name: str) -> float:
        return float(
            np.mean([sum(gold[d] == key[1] for d in tops[name][key]) / 5 for key in QUERIES])
        )

    if precision == "bf16":
        assert min(overlap) >= 4, overlap
        assert abs(p5("fp32") - p5(precision)) <= 0.03, (p5("fp32"), p5(precision))
    else:
        assert np.mean(overlap) >= 3, overlap
        assert abs(p5("fp32") - p5(precision)) <= 0.05, (p5("fp32"), p5(precision))
    with Index.open(tmp_path / precision) as index:
        searcher = Searcher(index, lambda: load_embedder("minilm", precision="fp32"))
        built = f"minilm \\(precision {precision}\\), not minilm \\(precision fp32\\)"
        with pytest.raises(IndexMismatchError, match=built):
            searcher.search(SearchRequest("bank", "the [[bank]] of the river", k=5))


def test_a_refusal_says_layer_weights_only_of_the_encoder_that_has_them(tmp_path: Path):
    mixed = EmbedderConfig("minilm", (5, 6), "scalar_mix", 384, weights=(0.2, 0.8))
    with Index.open_for_writing(tmp_path / "idx", mixed):
        pass
    plain = EmbedderConfig("minilm", (6,), "mean", 384)
    with pytest.raises(IndexMismatchError) as refused:
        Index.open_for_writing(tmp_path / "idx", plain)
    assert str(refused.value).startswith(
        f"{tmp_path / 'idx'} was built with the encoder minilm (layers 5,6, pooling "
        "scalar_mix, its own layer weights), not minilm (layers 6, pooling mean): "
    )
