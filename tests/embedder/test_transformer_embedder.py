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


@pytest.mark.parametrize("layers", ["12", "45", "last"])
def test_layers_given_as_text_are_refused_not_read_digit_by_digit(layers):
    """Pass 33o: sensegrep.build(..., layers="45") embedded with layers 4 and 5 (the
    text's characters), "12" with layers 1 and 2, unsaid; "last" was a raw ValueError."""
    from sensegrep.embedder.transformer import _check_layers

    with pytest.raises(SensegrepError, match=r"layers=\[4, 5\]"):
        _check_layers(layers, "minilm", 7)


def test_one_layer_may_be_given_as_its_number():
    from sensegrep.embedder.transformer import _check_layers

    assert _check_layers(6, "minilm", 7) == (6,)


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


# --- a tiny random byte-level BPE model (RoBERTa-like) from a local folder ---------------


@pytest.fixture(scope="module")
def tiny_bpe(tmp_path_factory) -> tuple[str, object]:
    """A 2-layer RoBERTa with 22 positions: windows of 20 pieces, built in a second."""
    import torch
    import transformers
    from tokenizers import ByteLevelBPETokenizer

    from sensegrep.embedder import load_embedder

    folder = tmp_path_factory.mktemp("tiny-roberta")
    bpe = ByteLevelBPETokenizer()
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    texts = ["the bank of the river", "money in the bank", "a river runs through it"]
    bpe.train_from_iterator(texts * 20, vocab_size=300, min_frequency=1, special_tokens=specials)
    tokenizer = transformers.RobertaTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        bos_token="<s>",
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="<unk>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
    )
    tokenizer.save_pretrained(folder)
    config = transformers.RobertaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=24,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    torch.manual_seed(0)
    transformers.RobertaModel(config).save_pretrained(folder)
    return str(folder), load_embedder(str(folder))


def test_local_folder_model_loads_with_defaults(tiny_bpe):
    folder, embedder = tiny_bpe
    assert embedder.config.model == folder
    assert embedder.config.layers == (0, 1, 2)  # fewer than 4 hidden states: all of them
    assert embedder.config.dim == 32
    assert embedder.max_pieces == 24 - 2 - 2  # RoBERTa positions start after padding


def test_byte_level_bpe_marks_every_word_start(tiny_bpe):
    _, embedder = tiny_bpe
    ids, offsets = embedder.word_pieces(tokens("the bank riverbank"))
    pieces = embedder._tokenizer.convert_ids_to_tokens(ids.tolist())
    assert all(pieces[start].startswith("Ġ") for start in offsets[:-1])


def test_tiny_model_windows_are_exact(tiny_bpe):
    _, embedder = tiny_bpe
    words = tokens("the bank of the river runs through money in the bank " * 7)
    _, offsets = embedder.word_pieces(words)
    plan = plan_windows(offsets, embedder.max_pieces)
    assert len(plan.windows) >= 4
    vectors = embedder.embed([words, words[:5]])[0]
    assert vectors.shape == (len(words), 32)
    for k, (start, end) in enumerate(plan.windows):
        first, last = np.searchsorted(offsets, [start, end])
        alone = embedder.embed([words[first:last]])[0]
        mine = np.array([w for w in range(first, last) if plan.source[offsets[w]] == k])
        np.testing.assert_allclose(vectors[mine], alone[mine - first], atol=1e-5)


def test_word_longer_than_a_window_is_not_truncated(tiny_bpe):
    _, embedder = tiny_bpe
    words = ["a", "riverbank" * 12, "bank"]
    ids, offsets = embedder.word_pieces(words)
    assert offsets[2] - offsets[1] > embedder.max_pieces
    layers = embedder.embed_layers([words])[0]
    assert layers.shape == (3, 3, 32)
    # Rebuild by hand: run every window, read each piece from its window, mean per word.
    plan = plan_windows(offsets, embedder.max_pieces)
    runs = embedder._forward([ids[a:b] for a, b in plan.windows], all_layers=True)
    pieces = np.concatenate(
        [runs[k][:, p - plan.windows[k][0]][:, None] for p, k in enumerate(plan.source)], axis=1
    )
    for w in range(3):
        expected = pieces[:, offsets[w] : offsets[w + 1]].mean(axis=1)
        np.testing.assert_allclose(layers[:, w], expected, atol=1e-5)
