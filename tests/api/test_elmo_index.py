"""An index built with an ELMo folder of the user's, and that folder's weights changing.

``elmo train`` resumes into its folder, so ``elmo:DIR`` can name other weights from one
day to the next: the index pins the weights file by its SHA-256 and refuses to rank its
stored vectors against queries embedded by other ones (the real reference ELMo of
../shared/data, copied into a temporary folder so that it can be changed).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import h5py
import pytest

import sensegrep
from sensegrep.errors import SensegrepError

RIVER = "the [[bank]] of the river"
HERON = "The heron waited on the muddy [[bank]] of the river."
TEXT = (
    "The heron waited on the muddy bank of the river. "
    "She asked the bank for a small loan. "
    "Anglers lined the bank of the stream before sunrise.\n"
)


def _own_elmo(elmo_dir: Path, folder: Path) -> Path:
    folder.mkdir()
    for name in ("options.json", "lm_weights.hdf5"):
        shutil.copy(elmo_dir / name, folder / name)
    return folder


def _train_further(folder: Path) -> None:
    """What more training does to the weights file: new values under the same name."""
    with h5py.File(folder / "lm_weights.hdf5", "r+") as weights:
        weights["char_embed"][...] = weights["char_embed"][...] * 1.5


def _build(tmp_path: Path, elmo: Path) -> Path:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, model=f"elmo:{elmo}", tagger="none").close()
    return tmp_path / "idx"


@pytest.mark.shared
def test_an_index_refuses_its_elmo_folder_once_the_weights_changed(elmo_dir, tmp_path):
    elmo = _own_elmo(elmo_dir, tmp_path / "my-elmo")
    index = _build(tmp_path, elmo)
    with sensegrep.open(index) as idx:
        before = idx.search("bank", example=RIVER, scoring="cosine")
    assert len(before) == 3
    _train_further(elmo)
    with sensegrep.open(index) as idx, pytest.raises(SensegrepError) as refused:
        idx.search("bank", example=RIVER, scoring="cosine")
    message = str(refused.value)
    assert "\n" not in message
    assert "weights sha256" in message and f"elmo:{elmo.resolve()}" in message
    more = tmp_path / "more.txt"
    more.write_text("The bank of the canal was steep.\n", encoding="utf-8")
    with pytest.raises(SensegrepError, match="weights sha256"):
        sensegrep.add(index, more, model=f"elmo:{elmo}", tagger="none")
    with sensegrep.open(index) as idx:  # nothing was added, nothing changed
        assert len(idx.search("bank")) == 3


@pytest.mark.shared
def test_an_index_made_before_the_pin_accepts_the_weights_it_finds(elmo_dir, tmp_path):
    elmo = _own_elmo(elmo_dir, tmp_path / "my-elmo")
    index = _build(tmp_path, elmo)
    manifest = json.loads((index / "manifest.json").read_text())
    assert len(manifest["embedder"].pop("model_sha256")) == 64
    (index / "manifest.json").write_text(json.dumps(manifest))
    with sensegrep.open(index) as idx:
        hits = idx.search("bank", example=HERON, scoring="cosine")
    assert hits[0].sentence.startswith("The heron") and hits[0].score == pytest.approx(1.0)
