"""Sense projections: the file, the wrapped embedder and its index record, training on
seeded synthetic vectors, and the `tune` command end to end (fake embedder). The
shipped minilm projection is checked against real data in tests/search/test_sense_search.py
and measured in BENCHMARKS.md."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.embedder import load_embedder, load_embedder_from_config
from sensegrep.embedder.projection import Projection, projection_spec, resolve
from sensegrep.errors import IndexMismatchError, SensegrepError
from sensegrep.tune.data import LabelledSet
from sensegrep.tune.train import TuneOptions, contrastive_loss, train

from ..helpers import index_corpus, labelled_corpus


def fake_projection(path: Path, dim_in: int = 16, dim_out: int = 4, seed: int = 0) -> Path:
    matrix = np.random.default_rng(seed).normal(size=(dim_in, dim_out)).astype(np.float32)
    Projection(f"fake:{dim_in}", (0,), (0.0,), matrix, {"note": "test"}).save(path)
    return path


def test_projection_file_round_trip(tmp_path: Path):
    path = fake_projection(tmp_path / "p.npz")
    loaded = Projection.load(path)
    assert loaded.model == "fake:16" and loaded.layers == (0,) and loaded.dim == 4
    assert loaded.details == {"note": "test"}
    vectors = np.ones((3, 16), dtype=np.float32)
    np.testing.assert_allclose(loaded.apply(vectors), vectors @ loaded.matrix, rtol=1e-6)


def test_bad_projection_files_say_what_is_expected(tmp_path: Path):
    with pytest.raises(SensegrepError, match="neither a file nor a builtin"):
        resolve(str(tmp_path / "missing.npz"))
    junk = tmp_path / "junk.npz"
    junk.write_text("not numpy")
    with pytest.raises(SensegrepError, match="written by `sensegrep tune`"):
        Projection.load(junk)


def test_presets_get_their_projection_unless_plain_layers_are_asked_for():
    assert projection_spec(None, "minilm", None, None, None) == "minilm-semcor"
    assert projection_spec(None, "mpnet", None, None, None) == "mpnet-semcor"
    assert projection_spec(None, "minilm", (3, 4), None, None) == ""
    assert projection_spec(None, "minilm", None, "mean", None) == ""
    assert projection_spec("none", "minilm", None, None, None) == ""
    assert projection_spec(None, None, None, None, None) == ""  # not a preset
    assert projection_spec("my.npz", None, None, None, None) == "my.npz"


def test_projected_embedder_maps_the_base_vectors_and_records_the_file(tmp_path: Path):
    path = fake_projection(tmp_path / "p.npz")
    plain = load_embedder("fake:16")
    projected = load_embedder("fake:16", projection=str(path))
    sentence = [["the", "river", "bank"]]
    expected = plain.embed(sentence)[0] @ Projection.load(path).matrix
    np.testing.assert_allclose(projected.embed(sentence)[0], expected, rtol=1e-5, atol=1e-6)
    config = projected.config
    assert config.dim == 4 and config.projection == str(path.resolve())
    assert len(config.projection_sha256) == 64
    assert load_embedder_from_config(config).config == config


def test_an_index_refuses_a_changed_projection_file(tmp_path: Path):
    path = fake_projection(tmp_path / "p.npz")
    config = load_embedder("fake:16", projection=str(path)).config
    fake_projection(path, seed=1)  # same name, other numbers
    with pytest.raises(IndexMismatchError) as refused:
        load_embedder_from_config(config)
    # the file changed, not the model: no "install the version of the model" (pass 32c)
    assert str(refused.value).startswith(
        f"the index was built with the encoder fake:16 through the projection {path}, "
        "which has changed since (sha256 "
    ), refused.value
    assert str(refused.value).endswith(
        "now): put back the file the index was built with, or index into a new folder"
    )


def test_a_projection_refuses_another_model(tmp_path: Path):
    path = fake_projection(tmp_path / "p.npz")
    with pytest.raises(SensegrepError, match="trained on 'fake:16'"):
        load_embedder("fake:32", projection=str(path))


def test_contrastive_loss_prefers_senses_apart():
    group = torch.tensor([0, 0, 0, 0])
    sense = torch.tensor([0, 0, 1, 1])
    apart = torch.nn.functional.normalize(torch.tensor([[1.0, 0], [1, 0.1], [0, 1], [0.1, 1]]))
    mixed = torch.nn.functional.normalize(torch.tensor([[1.0, 0], [0, 1], [1, 0.1], [0.1, 1]]))
    assert contrastive_loss(apart, group, sense, 0.1) < contrastive_loss(mixed, group, sense, 0.1)
    assert contrastive_loss(apart, torch.arange(4), sense, 0.1) is None  # no pairs in a lemma


def synthetic_set(seed: int) -> LabelledSet:
    """40 lemmas × 2 senses: the sense is a small shift in 2 of 32 dimensions, buried
    under larger noise in the other 30 and a per-lemma offset."""
    rng = np.random.default_rng(seed)
    n_lemmas, per_sense, dim = 40, 12, 32
    vectors, group, sense = [], [], []
    for lemma in range(n_lemmas):
        offset = rng.normal(0, 3, dim)
        for s in (0, 1):
            signal = np.zeros(dim)
            signal[:2] = (1.5 if s else -1.5) * rng.choice([-1, 1], 2)
            for _ in range(per_sense):
                noise = np.concatenate([rng.normal(0, 0.5, 2), rng.normal(0, 2.0, dim - 2)])
                vectors.append(offset + signal + noise)
                group.append(lemma)
                sense.append(2 * lemma + s)
    layered = np.array(vectors, dtype=np.float16)[:, None, :]
    return LabelledSet(layered, np.array(group), np.array(sense))


def nn_accuracy(vectors: np.ndarray, data: LabelledSet) -> float:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    right = 0
    for g in np.unique(data.group):
        rows = np.flatnonzero(data.group == g)
        sims = unit[rows] @ unit[rows].T
        np.fill_diagonal(sims, -np.inf)
        right += int((data.sense[rows[sims.argmax(1)]] == data.sense[rows]).sum())
    return right / len(data.group)


def test_training_separates_the_senses_of_held_out_words():
    options = TuneOptions(dim=8, steps=300, lemmas=16, per_lemma=12, learning_rate=1e-2)
    projection = train(synthetic_set(0), "fake:32", (0,), options)
    held_out = synthetic_set(1)  # other words, other offsets
    plain = held_out.vectors[:, 0].astype(np.float32)
    before, after = nn_accuracy(plain, held_out), nn_accuracy(projection.apply(plain), held_out)
    assert after > before + 0.15, (before, after)
    again = train(synthetic_set(0), "fake:32", (0,), options)
    np.testing.assert_array_equal(again.matrix, projection.matrix)  # seeded


def test_coarse_labels_are_wordnet_lexicographer_classes():
    from sensegrep.tune.data import coarse_label

    assert coarse_label("bass%1:13:02::") == "1:13"  # noun.food
    assert coarse_label("bass%1:05:00::") == "1:05"  # noun.animal
    assert coarse_label("bank%2:40:00::") == "2:40"
    assert coarse_label("river") == "river"  # a user's own label is its own class
    assert coarse_label("a%b:c") == "a%b:c"


def test_the_coarse_term_takes_part_in_training_and_is_recorded():
    data = synthetic_set(0)
    # coarse classes that cut across the fine senses: each lemma's two senses, split by
    # which half of the occurrences they are in
    data.coarse = np.arange(len(data.sense)) % 2
    options = TuneOptions(dim=8, steps=50, lemmas=16, per_lemma=12)
    plain = train(data, "fake:32", (0,), options)
    weighted = train(
        data, "fake:32", (0,), TuneOptions(**{**options.__dict__, "coarse_weight": 1.0})
    )
    assert not np.array_equal(weighted.matrix, plain.matrix)
    assert weighted.details["options"]["coarse_weight"] == 1.0


def test_tune_counts_a_label_shared_by_two_words_as_two_senses():
    """Labels of one's own repeat across words ("A", "B" for every word annotated): each
    word's label is a sense of its own, as the objective treats it, so 40 words × 2
    labels are 80 senses, not 2 (and a label seen once on each of two words is two senses
    with one occurrence; pass 32c)."""
    data = synthetic_set(0)
    data.sense = data.sense % 2  # every word labelled 0 and 1
    data.sense[[0, 24]] = 2  # a third label, once on word 0 and once on word 1
    projection = train(data, "fake:32", (0,), TuneOptions(dim=8, steps=1))
    assert projection.details["training_senses"] == 82
    assert projection.details["senses"] == 82
    assert projection.details["senses_with_one_occurrence"] == 2


def test_tune_needs_words_with_several_senses():
    data = synthetic_set(0)
    data.sense = data.group.copy()  # one sense per word
    with pytest.raises(SensegrepError, match="at least 2 words"):
        train(data, "fake:32", (0,), TuneOptions(steps=1))


def test_tune_command_writes_a_projection_an_index_can_use(tmp_path: Path):
    runner = CliRunner()
    corpus = labelled_corpus(tmp_path / "labelled.jsonl")
    labelled = index_corpus(runner, tmp_path / "labelled-idx", corpus)
    out = tmp_path / "senses.npz"
    result = runner.invoke(
        cli, ["--index", str(labelled), "tune", "-o", str(out), "--steps", "20", "--dim", "8"]
    )
    assert result.exit_code == 0, result.output
    assert "24 labelled occurrences of 2 words" in result.stderr
    projection = Projection.load(out)
    assert projection.model == "fake:16" and projection.dim == 8
    assert projection.details["options"]["steps"] == 20

    tuned = tmp_path / "tuned-idx"
    args = ["--index", str(tuned), "index", str(corpus), "--model", "fake:16"]
    result = runner.invoke(cli, [*args, "--projection", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tuned / "manifest.json").read_text())
    assert manifest["embedder"]["projection"] == str(out.resolve())
    # `info` says which projection (and adapter) the vectors went through
    shown = runner.invoke(cli, ["--index", str(tuned), "info"]).stdout
    assert f"projection            {out.resolve()}" in shown, shown
    assert "adapter               none" in shown, shown
    plain = runner.invoke(cli, ["--index", str(labelled), "info", "--json"]).stdout
    assert json.loads(plain)["projection"] == "none"
    assert manifest["embedder"]["dim"] == 8
    result = runner.invoke(
        cli, ["--index", str(tuned), "search", "bank", "--example", "the [[bank]] lent money"]
    )
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 12  # every occurrence of bank (fewer than the default -k)


def test_tune_says_how_many_occurrences_it_trained_on_and_what_it_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    runner = CliRunner()
    corpus = labelled_corpus(tmp_path / "labelled.jsonl")
    # a word with one sense only (6 occurrences) and a sense of bank seen once: the first
    # teaches nothing and is left out; the second is a contrast, never an anchor
    extra = [{"text": f"the cat sat{'.' * n}", "labels": {"cat": "pet"}} for n in range(6)]
    extra.append({"text": "the muddy bank of the snow", "labels": {"bank": "snow"}})
    # two unlabelled occurrences of bass: `classify --apply` guesses, never learnt from
    extra += [{"text": f"a bass in the pond{'!' * n}"} for n in (1, 2)]
    with corpus.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in extra)
    labelled = index_corpus(runner, tmp_path / "labelled-idx", corpus)
    applied = runner.invoke(cli, ["--index", str(labelled), "classify", "bass", "--apply"])
    assert applied.exit_code == 0, applied.output
    out = tmp_path / "senses.npz"
    args = ["--index", str(labelled), "tune", "-o", str(out), "--steps", "5", "--dim", "8"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    said = result.stderr
    assert "from 25 labelled occurrences of 2 words with several senses" in said, said
    assert "5 senses, 1 of them with one occurrence" in said, said
    assert "6 labelled occurrences of words with one sense left out" in said, said
    # a lemma's labels on its noun and on its verb are two words' (pass 39e)
    assert "a word is a lemma in one part of speech, its noun apart from its verb" in said
    assert "2 labels guessed by `classify --apply` left out" in said, said
    # what it was trained on, named (pass 31d)
    assert f"trained on the labelled occurrences of the index {labelled.resolve()}," in said
    details = Projection.load(out).details
    assert details["occurrences"] == 31 and details["training_occurrences"] == 25
    # the index it was tuned on, found again from any folder (eval wsd looks there)
    monkeypatch.chdir(tmp_path)
    args[1] = "labelled-idx"
    assert runner.invoke(cli, args).exit_code == 0
    assert Projection.load(out).details["index"] == str(labelled.resolve())


def test_tune_on_an_index_without_labels_says_what_to_do(tmp_path: Path):
    runner = CliRunner()
    corpus = tmp_path / "plain.txt"
    corpus.write_text("the river bank flooded.\n", encoding="utf-8")
    idx = index_corpus(runner, tmp_path / "idx", corpus)
    result = runner.invoke(cli, ["--index", str(idx), "tune", "-o", str(tmp_path / "p.npz")])
    assert result.exit_code == 1
    assert "no labelled occurrences" in result.stderr and "Traceback" not in result.output


@pytest.mark.shared
def test_mix_only_fits_an_elmo_scalar_mix_from_labels(tmp_path: Path, shared_data: Path):
    """The ELMo reference model (3 layers): tune --mix-only learns the layer weights
    from labelled occurrences; an index built with them records the fitted mix."""
    runner = CliRunner()
    model = f"elmo:{shared_data / 'elmo_reference'}"
    corpus = labelled_corpus(tmp_path / "labelled.jsonl")
    labelled = index_corpus(runner, tmp_path / "labelled-idx", corpus, model=model)
    out = tmp_path / "mix.npz"
    args = ["--index", str(labelled), "tune", "-o", str(out), "--mix-only", "--steps", "30"]
    result = runner.invoke(cli, [*args, "--learning-rate", "0.05"])
    assert result.exit_code == 0, result.output
    mix = Projection.load(out)
    assert mix.layers == (0, 1, 2) and mix.dim == 32
    np.testing.assert_array_equal(mix.matrix, np.eye(32, dtype=np.float32))
    assert max(mix.weights) - min(mix.weights) > 1e-3  # moved away from the plain mean

    tuned = tmp_path / "tuned-idx"
    args = ["--index", str(tuned), "index", str(corpus), "--model", model]
    assert runner.invoke(cli, [*args, "--projection", str(out)]).exit_code == 0
    recorded = json.loads((tuned / "manifest.json").read_text())["embedder"]
    assert recorded["pooling"] == "scalar_mix"
    np.testing.assert_allclose(recorded["weights"], mix.weights, rtol=1e-6)


def test_tune_refuses_layers_the_model_lacks(tmp_path: Path):
    runner = CliRunner()
    corpus = labelled_corpus(tmp_path / "labelled.jsonl")
    idx = index_corpus(runner, tmp_path / "idx", corpus)
    result = runner.invoke(
        cli, ["--index", str(idx), "tune", "-o", str(tmp_path / "p.npz"), "--layers", "3"]
    )
    assert result.exit_code == 2
    assert "hidden states 0..0" in result.output and not (tmp_path / "p.npz").exists()


@pytest.mark.parametrize("kind", ["projection", "adapter"])
def test_a_save_stopped_while_writing_leaves_the_file_it_had(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
):
    """tune writes the projection and the adapter an index names by SHA-256: Ctrl-C (or a
    full disk) in the middle of writing one left half a file where the one the index was
    built with had been (pass 32c)."""
    from sensegrep.embedder.adapter import Adapter

    path = tmp_path / f"{kind}.npz"
    if kind == "projection":
        saved = Projection.load(fake_projection(path))
    else:
        a, b = np.ones((2, 4), np.float32), np.ones((4, 2), np.float32)
        saved = Adapter("fake:16", 2, 4.0, {"layer.query": (a, b)})
        saved.save(path)
    before = path.read_bytes()

    def stopped(out, **arrays):
        out.write(b"PK\x03\x04 half of a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", stopped)
    with pytest.raises(KeyboardInterrupt):
        saved.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left


def test_an_index_whose_projection_file_is_gone_says_so(tmp_path: Path):
    """A search of an index built through a projection since moved or deleted was told
    to make one with `tune` or to use --projection none, which the index refuses and
    search does not take (pass 32c)."""
    path = fake_projection(tmp_path / "p.npz")
    config = load_embedder("fake:16", projection=str(path)).config
    path.unlink()
    with pytest.raises(IndexMismatchError) as refused:
        load_embedder_from_config(config)
    assert str(refused.value) == (
        f"the index was built with the encoder fake:16 through the projection "
        f"{config.projection}, which is no longer there: put the file back (sha256 "
        f"{config.projection_sha256[:12]}), or index into a new folder"
    )
