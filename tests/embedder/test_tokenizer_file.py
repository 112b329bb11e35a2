"""The ONNX encoder reads its model's tokenizer.json and config.json without transformers
(sensegrep/embedder/tokenizer_file.py): the same pieces as transformers' tokenizer, and
a one-off ranked search imports neither transformers nor torch."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sensegrep.embedder import tokenizer_file
from sensegrep.embedder.models import resolve_model
from sensegrep.embedder.transformer import ModelConfig, _load_config

SENTENCES = [
    ["We", "sat", "on", "the", "grassy", "bank", "of", "the", "river", "."],
    ["She", "paid", "the", "cheque", "into", "the", "bank", "on", "Monday"],
    ["", "\u200b", "naïve", "café", "Ünïcödé", "日本語", "😀", "a\tb", " ", "ﬁ", "Straße"],
    ["İstanbul", "x" * 300, "<s>", "[UNK]", "<mask>", "don", "'t", "mole", "'s"],
    ["one"],
]


@pytest.fixture(params=["minilm", "mpnet"])
def model_source(request: pytest.FixtureRequest) -> str:
    try:
        return resolve_model(request.param)[1]
    except Exception as exc:  # the model package is not installed here
        pytest.skip(f"{request.param} not available: {exc}")


def test_the_tokenizer_file_gives_transformers_pieces(model_source: str) -> None:
    transformers = pytest.importorskip("transformers")
    ours = tokenizer_file.load(model_source)
    theirs = transformers.AutoTokenizer.from_pretrained(model_source, local_files_only=True)
    assert ours is not None
    mine = ours(SENTENCES, is_split_into_words=True, add_special_tokens=False)
    want = theirs(SENTENCES, is_split_into_words=True, add_special_tokens=False)
    assert mine["input_ids"] == want["input_ids"]
    assert [mine.word_ids(i) for i in range(len(SENTENCES))] == [
        want.word_ids(i) for i in range(len(SENTENCES))
    ]
    one, theirs_one = (t(["a"], is_split_into_words=True) for t in (ours, theirs))
    assert one["input_ids"] == theirs_one["input_ids"] and one.word_ids() == theirs_one.word_ids()
    assert (ours.pad_token_id, ours.unk_token_id, ours.model_max_length) == (
        theirs.pad_token_id,
        theirs.unk_token_id,
        theirs.model_max_length,
    )
    config = _load_config(model_source)
    theirs_config = transformers.AutoConfig.from_pretrained(model_source, local_files_only=True)
    assert isinstance(config, ModelConfig)
    assert config == ModelConfig(
        theirs_config.model_type,
        theirs_config.num_hidden_layers,
        theirs_config.hidden_size,
        theirs_config.max_position_embeddings,
    )


def test_a_byte_level_or_unknown_tokenizer_is_left_to_transformers(tmp_path) -> None:
    assert tokenizer_file.load(str(tmp_path)) is None  # no files
    (tmp_path / "tokenizer_config.json").write_text('{"tokenizer_class": "RobertaTokenizer"}')
    (tmp_path / "tokenizer.json").write_text("{}")
    assert tokenizer_file.load(str(tmp_path)) is None


@pytest.mark.model
def test_the_onnx_encoder_loads_without_transformers_or_torch() -> None:
    code = (
        "import sys; from sensegrep.embedder import load_embedder;"
        "e = load_embedder('minilm', runtime='onnx');"
        "assert e.embed([['the', 'bank']])[0].shape[0] == 2;"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
