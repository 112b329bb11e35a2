"""The real encoder (MiniLM): long sentences, empty words, layers, and senses."""

from __future__ import annotations

import numpy as np
import pytest

from sensegrep.embedder.alignment import plan_windows
from sensegrep.errors import SensegrepError

pytestmark = pytest.mark.model


def tokens(text: str) -> list[str]:
    return text.split(" ")


FILLER = tokens(
    "the committee met on tuesday to discuss the annual budget , and after a long debate "
    "about roads , schools and parks it agreed to postpone the final vote until spring ."
)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def long_sentence(n_words: int) -> list[str]:
    return [FILLER[i % len(FILLER)] for i in range(n_words)]


@pytest.fixture(scope="module")
def long_words() -> list[str]:
    return long_sentence(1300)


@pytest.fixture(scope="module")
def long_vectors(minilm_embedder, long_words) -> np.ndarray:
    return minilm_embedder.embed([long_words])[0]


def test_sentence_longer_than_the_model_is_embedded_whole(
    minilm_embedder, long_words, long_vectors
):
    ids, offsets = minilm_embedder.word_pieces(long_words)
    assert len(ids) > 2 * 512
    assert long_vectors.shape == (len(long_words), minilm_embedder.dim)
    assert np.isfinite(long_vectors).all()

    # Each word's vector is exactly what the model gives for the window it is read from
    # (the window where it is most central; see test_alignment for that guarantee).
    plan = plan_windows(offsets, minilm_embedder.max_pieces)
    assert len(plan.windows) >= 3
    for k, (start, end) in enumerate(plan.windows):
        first, last = np.searchsorted(offsets, [start, end])
        alone = minilm_embedder.embed([long_words[first:last]])[0]
        mine = np.array([w for w in range(first, last) if plan.source[offsets[w]] == k])
        assert mine.size, "every window serves some words"
        np.testing.assert_allclose(long_vectors[mine], alone[mine - first], atol=1e-4)


def test_words_far_from_window_edges_match_a_short_context(
    minilm_embedder, long_words, long_vectors
):
    # Different context lengths never give identical vectors (MiniLM's cosine between a
    # 120-word and a 500-piece context is ~0.8-0.9); a misaligned piece would give far less.
    cosines = []
    for centre in (300, 650, 1000):
        short = minilm_embedder.embed([long_words[centre - 60 : centre + 60]])[0][60]
        cosines.append(cosine(long_vectors[centre], short))
        neighbour = cosine(long_vectors[centre + 1], short)
        assert cosines[-1] > neighbour
    assert np.mean(cosines) > 0.75


def test_word_that_tokenises_to_nothing_still_gets_a_vector(minilm_embedder):
    words = ["a", "\u200b", "", "bank", "\u0301"]
    ids, offsets = minilm_embedder.word_pieces(words)
    unk = minilm_embedder._tokenizer.unk_token_id
    assert ids[offsets[1]] == unk and ids[offsets[2]] == unk
    vectors = minilm_embedder.embed([words])[0]
    assert vectors.shape == (5, minilm_embedder.dim)
    assert np.isfinite(vectors).all()


def test_embed_is_the_mix_of_embed_layers(minilm_embedder):
    words = tokens("the fisherman sat on the bank")
    layers = minilm_embedder.embed_layers([words])[0]
    assert layers.shape == (minilm_embedder.n_hidden_states, len(words), minilm_embedder.dim)
    chosen = layers[list(minilm_embedder.config.layers)].mean(axis=0)
    np.testing.assert_allclose(minilm_embedder.embed([words])[0], chosen, atol=1e-5)


@pytest.mark.parametrize("layers", [(7,), (0, 99), (-8,)])
def test_bad_layer_names_the_valid_range(layers):
    from sensegrep.embedder.transformer import _check_layers

    with pytest.raises(SensegrepError, match=r"0\.\.6"):
        _check_layers(layers, "minilm", 7)


def test_load_rejects_a_bad_layer():
    from sensegrep.embedder import load_embedder

    with pytest.raises(SensegrepError, match=r"0\.\.6"):
        load_embedder("minilm", layers=[12])


def test_negative_layers_count_from_the_top():
    from sensegrep.embedder.transformer import _check_layers

    assert _check_layers((-1, -2), "minilm", 7) == (6, 5)


def test_scalar_mix_config(minilm_embedder):
    from sensegrep.embedder.transformer import _check_pooling

    assert _check_pooling(None, [0.1, 0.2], 2) == ("scalar_mix", (0.1, 0.2))
    assert _check_pooling("scalar_mix", None, 3) == ("scalar_mix", (0.0, 0.0, 0.0))
    with pytest.raises(SensegrepError, match="one weight per layer"):
        _check_pooling("scalar_mix", [1.0], 2)
    with pytest.raises(SensegrepError, match="unknown pooling"):
        _check_pooling("max", None, 2)


def test_bank_senses_separate(minilm_embedder):
    sentences = [
        tokens("we had a picnic on the grassy bank of the river"),
        tokens("the boat drifted toward the muddy bank of the stream"),
        tokens("she opened a savings account at the bank downtown"),
    ]
    river1, river2, money = (
        vecs[words.index("bank")]
        for words, vecs in zip(sentences, minilm_embedder.embed(sentences), strict=True)
    )
    assert cosine(river1, river2) > cosine(river1, money)
    assert cosine(river1, river2) > cosine(river2, money)
