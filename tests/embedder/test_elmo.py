"""The PyTorch ELMo against the original bilm-tf model and its dumped outputs.

The reference folder (../shared/data/elmo_reference) holds a small bilm-tf model, its
top-layer outputs for 10 batches of 3 sentences from the stateful TensorFlow biLM, and
its context-free token vectors for a vocabulary. Tests that need it skip without it.

Tolerance against the reference: 1e-6 absolute plus 1e-6 relative. The TensorFlow
numbers are float32 themselves: a float64 run of the same model differs from them by up
to 1.1e-6 on values up to 4.6 (2-3 float32 ulps), so a purely absolute 1e-6 would test
TensorFlow's rounding, not the model.
"""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch

from sensegrep.embedder import load_embedder, load_embedder_from_config
from sensegrep.embedder.elmo import (
    BiLm,
    ElmoEmbedder,
    ElmoError,
    ElmoFormatError,
    ElmoOptions,
    batch_to_ids,
    load_weights,
    save_weights,
    word_to_char_ids,
)
from sensegrep.errors import SensegrepError

REFERENCE = {"atol": 1e-6, "rtol": 1e-6}
# Same sentence alone or in a batch: only BLAS kernel choices differ (float32 rounding).
BATCHING = {"atol": 1e-5, "rtol": 0}


@pytest.fixture(scope="module")
def sentences(elmo_dir: Path) -> list[list[list[str]]]:
    """sentences[k][i]: the tokens of row k of batch i."""
    data = json.loads((elmo_dir / "sentences.json").read_text(encoding="utf-8"))
    return [[line.split() for line in group] for group in data]


@pytest.fixture(scope="module")
def options(elmo_dir: Path) -> ElmoOptions:
    return ElmoOptions.from_dict(json.loads((elmo_dir / "options.json").read_text()))


def reference_model(elmo_dir: Path, options: ElmoOptions, stateful: bool = False) -> BiLm:
    model = BiLm(options, stateful=stateful)
    load_weights(model, elmo_dir / "lm_weights.hdf5")
    return model.eval()


def reference_top(elmo_dir: Path, row: int, batch: int) -> np.ndarray:
    """Row ``row`` of batch ``batch``: (n_words, 2·proj), [forward; backward] as we give it.

    The files store it as (direction, n_words, proj)."""
    with h5py.File(elmo_dir / f"lm_embeddings_{row}.hdf5", "r") as fin:
        directions = fin[str(batch)][...]
    return np.concatenate(list(directions), axis=1)


def run(model: BiLm, batch: list[list[str]]) -> list[np.ndarray]:
    """Every layer per row, markers removed: (n_layers + 1, n_words, 2·proj)."""
    ids, lengths = batch_to_ids(batch)
    with torch.inference_mode():
        layers = torch.stack(model(torch.from_numpy(ids)).layers).numpy()
    return [layers[:, r, 1 : n - 1] for r, n in enumerate(lengths)]


# --- (a) character ids ------------------------------------------------------------------


def test_char_ids_of_a_word_are_shifted_bytes_in_word_markers():
    ids = word_to_char_ids("a", max_characters=8)
    # begin-of-word 258, 'a' 97, end-of-word 259, padding 260, all + 1 (0 = no token)
    assert ids.tolist() == [259, 98, 260, 261, 261, 261, 261, 261]


def test_char_ids_use_utf8_bytes():
    assert word_to_char_ids("é", max_characters=6).tolist() == [
        259,
        0xC3 + 1,
        0xA9 + 1,
        260,
        261,
        261,
    ]


def test_sentence_markers_are_single_special_characters():
    assert word_to_char_ids("<S>", max_characters=5).tolist() == [259, 257, 260, 261, 261]
    assert word_to_char_ids("</S>", max_characters=5).tolist() == [259, 258, 260, 261, 261]


def test_long_words_are_cut_to_leave_room_for_the_word_markers():
    ids = word_to_char_ids("x" * 60)
    assert len(ids) == 50
    assert ids[0] == 259 and ids[-1] == 260
    assert (ids[1:49] == ord("x") + 1).all()


def test_batch_ids_add_sentence_markers_and_pad_with_zero_tokens():
    ids, lengths = batch_to_ids([["a", "b"], []], max_characters=6)
    assert ids.shape == (2, 4, 6)
    assert lengths.tolist() == [4, 2]
    assert ids[0, 0].tolist() == word_to_char_ids("<S>", 6).tolist()
    assert ids[0, 3].tolist() == word_to_char_ids("</S>", 6).tolist()
    assert ids[1, 1].tolist() == word_to_char_ids("</S>", 6).tolist()
    assert (ids[1, 2:] == 0).all()


# --- (b) the stateful biLM reproduces TensorFlow's outputs --------------------------------


@pytest.mark.shared
def test_stateful_replay_reproduces_the_tensorflow_outputs(elmo_dir, options, sentences):
    model = reference_model(elmo_dir, options, stateful=True)
    for i in range(len(sentences[0])):
        batch = [sentences[k][i] for k in range(3)]
        out = run(model, batch)
        for row in range(2):  # the reference has outputs for rows 0 and 1
            np.testing.assert_allclose(
                out[row][-1],
                reference_top(elmo_dir, row, i),
                **REFERENCE,
                err_msg=f"batch {i}, row {row}",
            )


@pytest.mark.shared
def test_the_reference_depends_on_carried_state(elmo_dir, options, sentences):
    """Without the carried state batch 1 is far off: the replay test tests the state."""
    model = reference_model(elmo_dir, options, stateful=False)
    fresh = run(model, [sentences[k][1] for k in range(3)])[0][-1]
    assert np.abs(fresh - reference_top(elmo_dir, 0, 1)).max() > 0.1


@pytest.mark.shared
def test_embedder_replay_mode_matches_the_reference(elmo_dir, sentences):
    embedder = ElmoEmbedder.load(elmo_dir, stateful=True, batch_size=3)
    flat = [sentences[k][i] for i in range(10) for k in range(3)]  # batch after batch
    out = embedder.embed_layers(flat)
    for i in range(10):
        for row in range(2):
            np.testing.assert_allclose(
                out[3 * i + row][-1], reference_top(elmo_dir, row, i), **REFERENCE
            )


@pytest.mark.shared
def test_state_is_kept_per_row(elmo_dir, options, sentences):
    """A smaller batch moves only its own rows on; a larger one starts new rows at zero."""
    first = [sentences[k][0] for k in range(3)]
    third = [sentences[k][2] for k in range(3)]
    skipping = reference_model(elmo_dir, options, stateful=True)
    run(skipping, first)
    run(skipping, [sentences[0][1]])  # touches row 0 only
    after_small = run(skipping, third)
    direct = reference_model(elmo_dir, options, stateful=True)
    run(direct, first)
    after_first = run(direct, third)
    for row in (1, 2):
        np.testing.assert_array_equal(after_small[row], after_first[row])
    assert np.abs(after_small[0] - after_first[0]).max() > 1e-3

    growing = reference_model(elmo_dir, options, stateful=True)
    run(growing, [sentences[0][0]])
    grown = run(growing, third)
    fresh = run(reference_model(elmo_dir, options), third)
    for row in (1, 2):
        np.testing.assert_allclose(grown[row], fresh[row], **BATCHING)
    growing.reset_states()
    np.testing.assert_allclose(run(growing, third)[0], fresh[0], **BATCHING)


# --- (c) context-free token vectors -------------------------------------------------------


@pytest.mark.shared
def test_token_vectors_match_the_dumped_vocabulary_embeddings(elmo_dir, options):
    words = (elmo_dir / "vocab_test.txt").read_text(encoding="utf-8").split("\n")
    with h5py.File(elmo_dir / "elmo_token_embeddings.hdf5", "r") as fin:
        expected = fin["embedding"][...]
    assert expected.shape[0] == len(words)  # one row per line, <S> and </S> included
    ids, _ = batch_to_ids([[w] for w in words], add_markers=False)
    with torch.inference_mode():
        got = reference_model(elmo_dir, options).token_vectors(torch.from_numpy(ids))[:, 0]
    np.testing.assert_allclose(got.numpy(), expected, **REFERENCE)


# --- (d) stateless mode -------------------------------------------------------------------


@pytest.mark.shared
def test_stateless_vectors_do_not_depend_on_batch_or_order(elmo_dir, sentences):
    embedder = ElmoEmbedder.load(elmo_dir, batch_size=4)
    group = sentences[0] + sentences[1][:3]
    together = embedder.embed_layers(group)
    reversed_order = embedder.embed_layers(group[::-1])[::-1]
    for words, batched, backwards in zip(group, together, reversed_order, strict=True):
        alone = embedder.embed_layers([words])[0]
        assert batched.shape == (3, len(words), 32)
        np.testing.assert_allclose(alone, batched, **BATCHING)
        np.testing.assert_allclose(backwards, batched, **BATCHING)
    # Calls do not leak state into each other either.
    np.testing.assert_array_equal(embedder.embed_layers(group)[0], together[0])


@pytest.mark.shared
def test_stateless_equals_the_stateful_first_batch(elmo_dir, sentences):
    first = [sentences[k][0] for k in range(3)]
    stateless = ElmoEmbedder.load(elmo_dir).embed_layers(first)
    replay = ElmoEmbedder.load(elmo_dir, stateful=True, batch_size=3).embed_layers(first)
    for a, b in zip(stateless, replay, strict=True):
        np.testing.assert_allclose(a, b, **BATCHING)
    for row in range(2):
        np.testing.assert_allclose(stateless[row][-1], reference_top(elmo_dir, row, 0), **REFERENCE)


@pytest.mark.shared
def test_embed_mixes_the_chosen_layers(elmo_dir, sentences):
    words = sentences[0][:2]
    layers = ElmoEmbedder.load(elmo_dir).embed_layers(words)
    mean = load_embedder(f"elmo:{elmo_dir}").embed(words)
    for got, all_layers in zip(mean, layers, strict=True):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, all_layers.mean(axis=0), atol=1e-6)
    mix = load_embedder(f"elmo:{elmo_dir}", layers=(1, 2), weights=(0.0, np.log(3.0)))
    assert mix.config.pooling == "scalar_mix"
    expected = 0.25 * layers[0][1] + 0.75 * layers[0][2]
    np.testing.assert_allclose(mix.embed(words)[0], expected, atol=1e-6)


@pytest.mark.shared
def test_config_names_the_folder_and_round_trips(elmo_dir):
    embedder = load_embedder(f"elmo:{elmo_dir}")
    config = embedder.config
    assert config.model == f"elmo:{elmo_dir.resolve()}"
    assert (config.layers, config.pooling, config.dim) == ((0, 1, 2), "mean", 32)
    assert load_embedder_from_config(config).config == config
    mixed = load_embedder(f"elmo:{elmo_dir}", pooling="scalar_mix").config
    assert load_embedder_from_config(mixed).config == mixed


# --- (e) saving weights -------------------------------------------------------------------


@pytest.mark.shared
def test_saved_weights_have_the_original_layout_and_values(elmo_dir, options, tmp_path):
    saved = tmp_path / "saved.hdf5"
    save_weights(reference_model(elmo_dir, options), saved)
    with h5py.File(elmo_dir / "lm_weights.hdf5", "r") as a, h5py.File(saved, "r") as b:
        assert _datasets(a).keys() == _datasets(b).keys()
        for name, original in _datasets(a).items():
            np.testing.assert_array_equal(_datasets(b)[name], original, err_msg=name)


def _datasets(fin: h5py.File) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    fin.visititems(
        lambda name, obj: found.update({name: obj[...]}) if isinstance(obj, h5py.Dataset) else None
    )
    return found


@pytest.mark.parametrize(
    "shape",
    [
        {},  # like the reference: relu, 2 highways, projections everywhere
        # tanh, no highway, no CNN projection (filters sum to proj), LSTM without
        # projection (proj == dim), no clipping, no skip connections, 3 layers
        {
            "activation": "tanh",
            "n_highway": 0,
            "filters": ((1, 4), (3, 4)),
            "dim": 8,
            "projection_dim": 8,
            "cell_clip": None,
            "proj_clip": None,
            "use_skip_connections": False,
            "n_layers": 3,
        },
    ],
)
def test_save_then_load_gives_identical_outputs(shape, tmp_path):
    settings = {
        "projection_dim": 6,
        "dim": 10,
        "n_layers": 2,
        "filters": ((1, 4), (2, 5)),
        "char_embed_dim": 3,
        "n_highway": 2,
        "max_characters_per_token": 12,
        "cell_clip": 3.0,
        "proj_clip": 3.0,
        "use_skip_connections": True,
    }
    options = ElmoOptions(**{**settings, **shape})
    torch.manual_seed(0)
    trained = BiLm(options)
    with torch.no_grad():
        for param in trained.parameters():
            param.uniform_(-0.5, 0.5)  # not the default init: every value must travel
        trained.char_cnn.char_embed.weight[0] = 0.0
    save_weights(trained, tmp_path / "w.hdf5")
    loaded = BiLm(options)
    load_weights(loaded, tmp_path / "w.hdf5")
    for (name, a), b in zip(
        trained.state_dict().items(), loaded.state_dict().values(), strict=True
    ):
        assert torch.equal(a, b), name
    batch = [["a", "small", "test"], ["and", "another", "one", "here"]]
    for a, b in zip(run(trained, batch), run(loaded, batch), strict=True):
        np.testing.assert_array_equal(a, b)
    assert ElmoOptions.from_dict(json.loads(json.dumps(options.to_dict()))) == options


@pytest.mark.shared
def test_options_write_back_as_read(elmo_dir):
    data = json.loads((elmo_dir / "options.json").read_text())
    data["lstm"]["n_epochs"] = 10  # a training setting we do not model still survives
    assert ElmoOptions.from_dict(data).to_dict() == data


# --- (f) errors ---------------------------------------------------------------------------


def test_missing_folder_says_what_elmo_needs(tmp_path):
    with pytest.raises(ElmoError, match=r"does not exist.*options\.json"):
        load_embedder(f"elmo:{tmp_path / 'nowhere'}")


def test_folder_without_options(tmp_path):
    with pytest.raises(ElmoError, match=r"no options\.json"):
        ElmoEmbedder.load(tmp_path)


@pytest.mark.shared
def test_folder_without_weights(elmo_dir, tmp_path):
    (tmp_path / "options.json").write_text((elmo_dir / "options.json").read_text())
    with pytest.raises(ElmoError, match=r"no \*\.hdf5"):
        ElmoEmbedder.load(tmp_path)


@pytest.mark.shared
def test_several_hdf5_files_none_of_them_weights(elmo_dir, tmp_path):
    (tmp_path / "options.json").write_text((elmo_dir / "options.json").read_text())
    for name in ("a.hdf5", "b.hdf5"):
        with h5py.File(tmp_path / name, "w") as fout:
            fout.create_dataset("embedding", data=np.zeros((2, 2)))
    with pytest.raises(ElmoError, match=r"no \*\.hdf5 files laid out as ELMo weights"):
        ElmoEmbedder.load(tmp_path)


@pytest.mark.shared
def test_picks_the_weights_among_other_hdf5_files(elmo_dir):
    # The reference folder holds four .hdf5 files; only lm_weights.hdf5 is weights.
    assert ElmoEmbedder.load(elmo_dir).dim == 32


@pytest.mark.shared
def test_weights_missing_a_dataset(elmo_dir, options, tmp_path):
    (tmp_path / "options.json").write_text((elmo_dir / "options.json").read_text())
    save_weights(reference_model(elmo_dir, options), tmp_path / "weights.hdf5")
    with h5py.File(tmp_path / "weights.hdf5", "a") as fout:
        del fout["CNN_high_1/W_carry"]
    with pytest.raises(ElmoFormatError, match="no dataset 'CNN_high_1/W_carry'"):
        ElmoEmbedder.load(tmp_path)


@pytest.mark.shared
def test_weights_that_do_not_fit_the_options(elmo_dir, tmp_path):
    data = json.loads((elmo_dir / "options.json").read_text())
    data["lstm"]["dim"] = 32
    (tmp_path / "options.json").write_text(json.dumps(data))
    (tmp_path / "weights.hdf5").symlink_to(elmo_dir / "lm_weights.hdf5")
    with pytest.raises(ElmoFormatError, match=r"W_0 has shape \(32, 256\).*implies \(32, 128\)"):
        ElmoEmbedder.load(tmp_path)


def test_malformed_options(tmp_path):
    (tmp_path / "options.json").write_text('{"lstm": {"dim": 8}}')
    with pytest.raises(ElmoFormatError, match=r"not a bilm-tf options\.json"):
        ElmoEmbedder.load(tmp_path)
    (tmp_path / "options.json").write_text("not json")
    with pytest.raises(SensegrepError, match="cannot read"):
        ElmoEmbedder.load(tmp_path)


@pytest.mark.shared
def test_bad_layers_and_pooling(elmo_dir):
    with pytest.raises(ElmoError, match=r"layer 3 does not exist.*0\.\.2"):
        load_embedder(f"elmo:{elmo_dir}", layers=(3,))
    with pytest.raises(ElmoError, match="one weight per layer"):
        load_embedder(f"elmo:{elmo_dir}", weights=(1.0,))


def test_a_projection_of_another_model_is_named_before_its_layers_are_looked_for():
    with pytest.raises(SensegrepError, match="projection minilm-semcor was trained on 'minilm'"):
        load_embedder("elmo-small", projection="minilm-semcor")
