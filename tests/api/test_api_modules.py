"""The API's feature modules (sensegrep/api/: labelling, senses, annotation, embedding,
training) called directly, as a notebook would; the commands written against them are
tested end to end in test_labels.py, test_senses.py, test_export.py, test_tune.py,
test_embed_command.py and test_elmo_train.py."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

import sensegrep
from sensegrep import api
from sensegrep.errors import InputError, QueryError

from ..helpers import heavy_modules_on, labelled_corpus


@pytest.fixture
def labelled(tmp_path: Path) -> sensegrep.SenseIndex:
    """bank (river, money) and bass (fish, music): 6 labelled occurrences per sense."""
    corpus = labelled_corpus(tmp_path / "labelled.jsonl")
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as idx:
        yield idx


def test_the_api_modules_are_re_exported_and_cheap_to_import():
    assert heavy_modules_on("import sensegrep.api") == []
    for name in ("label_counts", "plot_senses", "import_labels", "tune_projection"):
        assert name in api.__all__ and callable(getattr(api, name))


def test_label_counts_and_label_files(labelled: sensegrep.SenseIndex, tmp_path: Path):
    counts = api.label_counts(labelled, "bank")
    assert (counts.occurrences, counts.unlabelled) == (12, 0)
    assert {c.label: c.count for c in counts.labels} == {"river": 6, "money": 6}
    assert labelled.labels("bank") == {"river": 6, "money": 6}

    first = labelled.search("bank")[0].id
    labels = tmp_path / "labels.csv"
    labels.write_text(f"id,label\n{first},shore\nx,y\n999999,z\n", encoding="utf-8")
    done = api.label_from_file(labelled, labels)
    assert done.labelled == 1
    assert [p.line for p in done.problems] == [3, 4]
    assert all(isinstance(p, InputError) for p in done.problems)
    assert "shore" in labelled.labels("bank")
    assert api.clean_label("  a \t b ") == "a b"


def test_classification_settings_and_applying_proposals(labelled: sensegrep.SenseIndex):
    assert api.classify_settings() == (10, "inverse")
    with pytest.raises(QueryError, match="unknown weighting"):
        api.classify_settings(3, "bogus")
    first = labelled.search("bank")[0].id
    labelled.label(first, None)
    result = labelled.classify("bank")
    assert [p.id for p in result.proposals] == [first]
    assert api.least_confident(result.proposals, 1) == result.proposals
    assert api.apply_proposals(labelled, result.proposals) == 1
    assert sum(c.predicted for c in api.label_counts(labelled, "bank").labels) == 1


def test_export_text_and_import_round_trip(labelled: sensegrep.SenseIndex, tmp_path: Path):
    items = labelled.annotation_items("bass", "csv")
    text = api.annotation_text("csv", items)
    assert text == labelled.export("bass", "csv") and len(items) == 12
    path = tmp_path / "bass.csv"
    # (label_predicted says these labels are no predictions; label_exported, the last
    # column, what they were exported with)
    path.write_text(text.replace(",fish,False,fish\n", ",fish!,False,fish\n"), encoding="utf-8")
    assert api.format_of(path) == "csv" and api.format_of("x.jsonl") is None
    seen = []
    done = api.import_labels(labelled, path, "csv", on_error=seen.append)
    assert done.applied == 12 and done.problems == seen == []
    assert labelled.labels("bass") == {"fish!": 6, "music": 6}


def test_sense_table_and_plot(labelled: sensegrep.SenseIndex, tmp_path: Path):
    pytest.importorskip("matplotlib")
    senses = labelled.senses("bank", 2)
    with pytest.raises(QueryError, match="metadata field 'genre'"):
        api.sense_table(labelled, senses, "genre")
    plotted = api.plot_senses(labelled, "bank", tmp_path / "bank.png", by="label")
    assert (plotted.points, plotted.occurrences) == (12, 12)
    assert plotted.path.read_bytes().startswith(b"\x89PNG")


def test_layer_vectors_written_to_npz(tmp_path: Path):
    assert api.is_elmo("elmo-small") and not api.is_elmo("fake:16")
    encoder = api.layer_encoder("fake:16")
    out = tmp_path / "layers.npz"
    api.write_layers(out, encoder, [["a", "cat"], [], ["one"]], batch_size=2)
    with np.load(out) as arrays:
        assert [arrays[n].shape[1] for n in ("0", "1", "2")] == [2, 0, 1]
    assert zipfile.is_zipfile(out) and not (tmp_path / "layers.npz.partial").exists()
    with pytest.raises(OSError):
        api.write_layers(tmp_path / "missing" / "x.npz", encoder, [["a"]])


def test_tune_projection_checks_its_settings_and_layers(
    labelled: sensegrep.SenseIndex, tmp_path: Path
):
    out = tmp_path / "p.npz"
    with pytest.raises(QueryError, match="unknown training setting"):
        api.tune_projection(labelled, out, steps=1, stepz=2)
    with pytest.raises(api.LayersError, match=r"hidden states 0\.\.0"):
        api.tune_projection(labelled, out, layers="0,3", steps=1)
    projection = api.tune_projection(labelled, out, layers=[0], steps=3, dim=4, progress=False)
    assert out.is_file() and projection.layers == (0,) and projection.dim == 4
    assert projection.details["index"] == str(labelled.path)


def test_a_folder_given_to_sense_index_says_to_open_it(tmp_path: Path) -> None:
    """SenseIndex("demo-index") (README names SenseIndex's methods) is a one-line
    SensegrepError saying to use sensegrep.open, not an AttributeError on a str."""
    import pytest

    from sensegrep.api.index import SenseIndex
    from sensegrep.errors import SensegrepError

    for folder in ("demo-index", tmp_path):
        with pytest.raises(SensegrepError, match=r"sensegrep\.open\(PATH\) opens one"):
            SenseIndex(folder)  # type: ignore[arg-type]
