"""Encoder runtimes (torch, ONNX Runtime), devices and threads (issue 22)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sensegrep.embedder import EmbedderConfig, load_embedder
from sensegrep.errors import IndexMismatchError, SensegrepError
from sensegrep.storage import Index
from sensegrep.storage.manifest import check_compatible

SENTENCES = [
    ["We", "sat", "on", "the", "bank", "of", "the", "river", "."],
    ["She", "deposited", "the", "cheque", "at", "the", "bank", "."],
    ["A", "crane", "lifted", "the", "beams", "while", "a", "crane", "stood", "by", "."],
]
BASE = EmbedderConfig(model="mpnet", layers=(12,), pooling="mean", dim=768, precision="fp32")


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_manifest_without_runtime_means_torch():
    data = BASE.to_dict()
    assert data["runtime"] == "torch"
    del data["runtime"]
    assert EmbedderConfig.from_dict(data).runtime == "torch"
    onnx = replace(BASE, runtime="onnx", precision="int8")
    assert EmbedderConfig.from_dict(onnx.to_dict()) == onnx


@pytest.mark.parametrize(
    ("index", "asked", "mixes"),
    [
        (("torch", "fp32"), ("onnx", "fp32"), True),  # cosine >= 0.99999: measured
        (("onnx", "fp32"), ("torch", "fp32"), True),
        (("torch", "bf16"), ("onnx", "int8"), False),
        (("onnx", "int8"), ("torch", "int8"), False),  # two quantisation schemes
        (("onnx", "int8"), ("onnx", "fp32"), False),
        (("torch", "bf16"), ("torch", "fp32"), False),
    ],
)
def test_which_runtimes_may_mix(tmp_path, index, asked, mixes):
    built = replace(BASE, runtime=index[0], precision=index[1])
    other = replace(BASE, runtime=asked[0], precision=asked[1])
    assert built.interchangeable(other) is mixes
    if mixes:
        check_compatible(tmp_path, built, other)
    else:
        with pytest.raises(IndexMismatchError, match=r"runtime|precision"):
            check_compatible(tmp_path, built, other)


def test_index_records_runtime_and_refuses_another(tmp_path):
    folder = tmp_path / "idx"
    recorded = replace(EmbedderConfig("fake:16", (0,), "mean", 16), runtime="onnx")
    with Index.open_for_writing(folder, recorded):
        pass
    with Index.open(folder) as idx:
        assert idx.embedder_config.runtime == "onnx"
    with pytest.raises(IndexMismatchError, match=r"fake:16 \(precision fp32, runtime onnx\)"):
        Index.open_for_writing(folder, replace(recorded, runtime="torch", precision="int8"))


def test_runtime_settings_checked_before_loading():
    with pytest.raises(SensegrepError, match="runs fp32, int8, not bf16"):
        load_embedder("minilm", runtime="onnx", precision="bf16")
    with pytest.raises(SensegrepError, match="torch only"):
        load_embedder("fake:8", runtime="onnx")


def test_absent_device_falls_back_to_cpu_with_one_line(monkeypatch, capsys):
    import torch

    from sensegrep.embedder.device import torch_device

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert torch_device("cuda") == "cpu"
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "device cuda is not available here" in err and "CPU" in err
    assert torch_device("cpu") == "cpu"
    assert torch_device("auto") in ("cpu", "mps")
    assert capsys.readouterr().err == ""


def test_global_device_option_reaches_the_encoder(runner, monkeypatch):
    from sensegrep.cli import cli
    from sensegrep.embedder import device

    monkeypatch.setattr(device, "_process_default", "auto")
    result = runner.invoke(cli, ["--device", "cpu", "models", "--help"])
    assert result.exit_code == 0, result.output
    assert device.default_device() == "cpu"
    bad = runner.invoke(cli, ["--device", "tpu", "models", "--help"])
    assert bad.exit_code != 0 and "tpu" in bad.output


@pytest.mark.model
def test_onnx_fp32_matches_torch_fp32(minilm_embedder, minilm_onnx_embedder):
    assert minilm_onnx_embedder.config == replace(minilm_embedder.config, runtime="onnx")
    torch_vectors = np.concatenate(minilm_embedder.embed(SENTENCES))
    onnx_vectors = np.concatenate(minilm_onnx_embedder.embed(SENTENCES))
    assert cosines(torch_vectors, onnx_vectors).min() >= 0.99999
    layers_torch = minilm_embedder.embed_layers(SENTENCES[:1])[0]
    layers_onnx = minilm_onnx_embedder.embed_layers(SENTENCES[:1])[0]
    np.testing.assert_allclose(layers_onnx, layers_torch, atol=1e-4)


@pytest.mark.model
def test_onnx_int8_close_to_fp32(minilm_embedder):
    int8 = load_embedder("minilm", projection="none", runtime="onnx", precision="int8")
    assert int8.config.precision == "int8" and int8.config.runtime == "onnx"
    reference = np.concatenate(minilm_embedder.embed(SENTENCES))
    assert cosines(reference, np.concatenate(int8.embed(SENTENCES))).min() >= 0.97


@pytest.mark.model
def test_export_is_cached_and_reused(minilm_onnx_embedder):
    from sensegrep.embedder.models import resolve_model
    from sensegrep.embedder.onnx_encoder import exported

    path = minilm_onnx_embedder._model.path
    assert path.is_file() and path.parent.name == "onnx"
    assert exported(resolve_model("minilm")[1], "fp32") == path


def test_failed_export_leaves_no_file(tmp_path):
    from sensegrep.embedder.onnx_encoder import _write_atomically

    target = tmp_path / "model-fp32.onnx"

    def broken(tmp):
        tmp.write_bytes(b"half a model")
        raise RuntimeError("killed")

    with pytest.raises(SensegrepError, match="cannot export the encoder to ONNX"):
        _write_atomically(target, broken)
    assert list(tmp_path.iterdir()) == []
    _write_atomically(target, lambda tmp: tmp.write_bytes(b"whole"))
    assert target.read_bytes() == b"whole" and list(tmp_path.iterdir()) == [target]


@pytest.mark.model
def test_forward_passes_use_every_encoder_thread(minilm_embedder, monkeypatch):
    import torch

    import sensegrep.storage.vectors  # noqa: F401  (sets FAISS, and so OpenMP, to 1 thread)
    from sensegrep.embedder import threads

    monkeypatch.setattr(threads, "_chosen", 2)
    torch.set_num_threads(1)  # what FAISS's setting leaves torch at
    seen = []
    hook = minilm_embedder.network.register_forward_hook(
        lambda *_: seen.append(torch.get_num_threads())
    )
    try:
        minilm_embedder.embed(SENTENCES)
    finally:
        hook.remove()
    assert seen and set(seen) == {2}
    assert torch.get_num_threads() == 1  # restored: FAISS decodes on one thread


def test_default_thread_count_is_the_usable_cores(monkeypatch):
    import os

    from sensegrep.embedder import threads

    monkeypatch.setattr(threads, "_chosen", None)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert threads.encoder_threads() == len(os.sched_getaffinity(0))
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert threads.encoder_threads() == 3
    threads.set_encoder_threads(1)
    assert threads.encoder_threads() == 1


@pytest.mark.model
def test_repeated_sentences_embedded_once(minilm_embedder, monkeypatch):
    passed = []
    original = type(minilm_embedder)._run_distinct

    def spy(self, sentences, all_layers):
        passed.append(len(sentences))
        return original(self, sentences, all_layers)

    monkeypatch.setattr(type(minilm_embedder), "_run_distinct", spy)
    first, _, again = minilm_embedder.embed([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    assert passed == [2]
    np.testing.assert_array_equal(first, again)
    assert first is not again  # a caller may change one without the other


def test_index_runtime_option_is_checked(runner, tmp_path, corpus):
    from sensegrep.cli import cli

    args = ["--index", str(tmp_path / "idx"), "index", str(corpus), "--model", "fake:16"]
    result = runner.invoke(cli, [*args, "--runtime", "onnx"])
    assert result.exit_code == 1
    assert "runs on torch only" in result.output and "Traceback" not in result.output
    bad = runner.invoke(cli, [*args, "--runtime", "tensorflow"])
    assert bad.exit_code == 2 and "torch" in bad.output


def test_asking_for_the_index_model_keeps_its_runtime(monkeypatch):
    import sensegrep.embedder as embedder

    asked = []
    monkeypatch.setattr(embedder, "load_embedder", lambda model, **kw: asked.append((model, kw)))
    old = replace(BASE, precision="bf16")  # an index from before runtimes: torch bf16
    embedder.embedder_for(old, "mpnet")
    embedder.embedder_for(old, "mpnet", precision="fp32")
    embedder.embedder_for(old, "minilm")
    assert asked[0][1] == {"runtime": "torch", "precision": "bf16"}
    assert asked[1][1] == {"precision": "fp32"}
    assert asked[2][1] == {}


def test_the_optimised_graph_is_kept_and_loaded_as_it_is(tmp_path, monkeypatch):
    """A session optimises the graph once and keeps it beside the file; the next one
    loads that (no optimisation) and answers the same."""
    onnx = pytest.importorskip("onnx")
    onnxruntime = pytest.importorskip("onnxruntime")
    from onnx import TensorProto, helper, numpy_helper

    from sensegrep.embedder import onnx_encoder

    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.normal(size=(8, 8)).astype(np.float32), "w")
    bias = numpy_helper.from_array(rng.normal(size=8).astype(np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 8])],
        [weight, bias],
    )
    path = tmp_path / "tiny-fp32.onnx"
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.save(model, path)
    x = {"x": rng.normal(size=(3, 8)).astype(np.float32)}
    first = onnx_encoder._session(onnxruntime, path, ["CPUExecutionProvider"])
    [kept] = tmp_path.glob("tiny-fp32-optimized-*.onnx")
    assert not list(tmp_path.glob(".*.tmp"))
    levels = []
    options = onnx_encoder._options
    monkeypatch.setattr(
        onnx_encoder, "_options", lambda ort, level: levels.append(level) or options(ort, level)
    )
    again = onnx_encoder._session(onnxruntime, path, ["CPUExecutionProvider"])
    assert levels == [
        onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL,
        onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL,
    ]
    assert np.array_equal(first.run(None, x)[0], again.run(None, x)[0])
    assert kept.is_file()


@pytest.mark.model
def test_a_missing_onnxruntime_is_one_line_not_a_traceback_nor_torch(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # what a failed install leaves
    with pytest.raises(SensegrepError) as missing:
        load_embedder("minilm", runtime="onnx")
    message = str(missing.value)
    assert "\n" not in message
    assert "onnxruntime package is not installed" in message and "--runtime torch" in message


def test_an_unpinned_config_is_written_as_before_so_keys_made_of_it_hold():
    """Sense-vector caches are named by a hash of to_dict(): a preset's config (no weights
    pin) must keep its keys, or every cache would be missed and rebuilt."""
    assert "model_sha256" not in BASE.to_dict()
    pinned = replace(BASE, model="elmo:/m", model_sha256="ab" * 32)
    assert EmbedderConfig.from_dict(pinned.to_dict()) == pinned
    assert EmbedderConfig.from_dict(BASE.to_dict()) == BASE


def test_settings_asked_without_a_model_are_of_the_index_model(monkeypatch):
    """Pass 33o: idx.add(files, pooling="mean") on a minilm index loaded mpnet, the
    default preset, and was refused as "built with the encoder minilm, not mpnet", a
    model nobody asked for; the settings are of the index's own model."""
    import sensegrep.embedder as embedder

    asked = []
    monkeypatch.setattr(embedder, "load_embedder", lambda model, **kw: asked.append((model, kw)))
    embedder.embedder_for(replace(BASE, model="minilm"), None, pooling="mean")
    embedder.embedder_for(None, None, pooling="mean")  # no index: the default preset
    assert [model for model, _ in asked] == ["minilm", embedder.DEFAULT_MODEL]
    assert asked[0][1]["pooling"] == "mean"
