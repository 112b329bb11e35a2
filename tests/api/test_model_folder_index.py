"""An index built with a Hugging Face model folder of the user's, fine-tuned in place.

The folder keeps its path when its weights change, so the index pins its weight files
by their SHA-256 and refuses to rank its stored vectors against queries embedded by the
new weights (a copy of the real minilm package's folder, changed as training would)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sensegrep
from sensegrep.embedder.models import resolve_model
from sensegrep.errors import SensegrepError

RIVER = "the [[bank]] of the river"


@pytest.mark.model
def test_an_index_refuses_its_model_folder_once_the_weights_changed(tmp_path: Path) -> None:
    from safetensors.torch import load_file, save_file

    folder = tmp_path / "my-model"
    shutil.copytree(resolve_model("minilm")[1], folder)
    corpus = tmp_path / "c.txt"
    corpus.write_text("We sat on the bank of the river. The bank raised rates.\n")
    index = tmp_path / "idx"
    sensegrep.build(index, corpus, model=str(folder), tagger="none").close()
    with sensegrep.open(index) as idx:
        assert len(idx.search("bank", example=RIVER)) == 2
    tensors = load_file(folder / "model.safetensors")
    name = next(key for key in tensors if "word_embeddings" in key)
    tensors[name] = tensors[name] * 1.1  # a fine-tuning step, in effect
    save_file(tensors, folder / "model.safetensors", metadata={"format": "pt"})
    with sensegrep.open(index) as idx, pytest.raises(SensegrepError) as refused:
        idx.search("bank", example=RIVER)
    message = str(refused.value)
    assert "\n" not in message and "weights sha256" in message and str(folder) in message
    with pytest.raises(SensegrepError, match="weights sha256"):
        sensegrep.add(index, corpus, model=str(folder), tagger="none")
