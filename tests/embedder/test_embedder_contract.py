"""One contract, every embedder: what the indexer and search rely on."""

from __future__ import annotations

import numpy as np
import pytest

from sensegrep.embedder import Embedder, EmbedderConfig, load_embedder

SENTENCES = [
    ["We", "sat", "on", "the", "bank", "of", "the", "river", "."],
    ["She", "deposited", "the", "cheque", "at", "the", "bank", "."],
    ["Hello"],
    [
        "A",
        "much",
        "longer",
        "sentence",
        "that",
        "pads",
        "the",
        "batch",
        "with",
        "many",
        "more",
        "words",
        "than",
        "the",
        "others",
        ",",
        "so",
        "shapes",
        "differ",
        ".",
    ],
]


@pytest.fixture(
    scope="module",
    params=[
        "fake:16",
        pytest.param("minilm", marks=pytest.mark.model),
        pytest.param("minilm-onnx", marks=pytest.mark.model),
        pytest.param("elmo", marks=pytest.mark.shared),
    ],
)
def embedder(request) -> Embedder:
    if request.param == "minilm":
        return request.getfixturevalue("minilm_embedder")
    if request.param == "minilm-onnx":
        return request.getfixturevalue("minilm_onnx_embedder")
    if request.param == "elmo":
        # The small bilm-tf model of the ELMo reference data (tests/embedder/test_elmo.py).
        folder = request.getfixturevalue("shared_data") / "elmo_reference"
        if not folder.is_dir():
            pytest.skip(f"ELMo reference data not found at {folder}")
        return load_embedder(f"elmo:{folder}")
    return load_embedder(request.param)


def test_one_float32_vector_per_word(embedder: Embedder):
    out = embedder.embed(SENTENCES)
    assert len(out) == len(SENTENCES)
    for words, vectors in zip(SENTENCES, out, strict=True):
        assert vectors.shape == (len(words), embedder.dim)
        assert vectors.dtype == np.float32
        assert np.isfinite(vectors).all()


def test_deterministic(embedder: Embedder):
    first = embedder.embed(SENTENCES)
    second = embedder.embed(SENTENCES)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_independent_of_batch_composition(embedder: Embedder):
    together = embedder.embed(SENTENCES)
    for words, batched in zip(SENTENCES, together, strict=True):
        alone = embedder.embed([words])[0]
        np.testing.assert_allclose(alone, batched, atol=1e-5, rtol=0)
    reversed_out = embedder.embed(SENTENCES[::-1])[::-1]
    for a, b in zip(together, reversed_out, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5, rtol=0)


def test_empty_inputs(embedder: Embedder):
    assert embedder.embed([]) == []
    out = embedder.embed([[], ["word"], []])
    assert [v.shape for v in out] == [(0, embedder.dim), (1, embedder.dim), (0, embedder.dim)]


def test_embed_layers_shape(embedder: Embedder):
    out = embedder.embed_layers(SENTENCES[:2])
    for words, layers in zip(SENTENCES[:2], out, strict=True):
        assert layers.ndim == 3
        assert layers.shape[1:] == (len(words), embedder.dim)


def test_config_round_trips(embedder: Embedder):
    config = embedder.config
    assert config.dim == embedder.dim
    again = EmbedderConfig.from_dict(config.to_dict())
    assert again == config
