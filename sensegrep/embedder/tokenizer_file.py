"""A model's ``tokenizer.json`` run by the tokenizers library itself, without importing
transformers (and, through its config classes, torch): what lets the ONNX encoder of a
one-off ranked search start seconds sooner.

It offers the part of a transformers fast tokenizer the encoder uses (pre-split words
in, piece ids and word ids out; the pad and unknown ids; the longest input) and gives
the same pieces: it is the same Rust tokenizer, loaded from the same file with the
padding and truncation that file may carry turned off, as transformers turns them off
(tests/embedder/test_tokenizer_file.py compares them). Only WordPiece-style files of
models transformers reads the same way qualify (:func:`load`); anything else —
byte-level BPE, which transformers changes for pre-split words, or a folder without
the files — is None, and the caller uses transformers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Tokenizer classes whose tokenizer.json transformers runs as it is.
_PLAIN_CLASSES = frozenset(
    {"BertTokenizer", "BertTokenizerFast", "MPNetTokenizer", "MPNetTokenizerFast"}
)


class Encoding:
    """Encodings read as transformers' BatchEncoding reads: ``["input_ids"]`` one list
    of ids per sentence of a batch (one flat list for one sentence), and
    ``word_ids(row)``."""

    def __init__(self, encodings: list[Any], batched: bool) -> None:
        self._encodings = encodings
        self._batched = batched

    def __getitem__(self, key: str) -> list[Any]:
        if key != "input_ids":
            raise KeyError(key)
        ids = [e.ids for e in self._encodings]
        return ids if self._batched else ids[0]

    def word_ids(self, row: int = 0) -> list[int | None]:
        return self._encodings[row].word_ids


class TokenizerFile:
    """The tokenizer of a model folder, from its tokenizer.json."""

    is_fast = True

    def __init__(self, backend: Any, pad_token_id: int | None, unk_token_id: int | None,
                 model_max_length: int) -> None:  # fmt: skip
        backend.no_padding()
        backend.no_truncation()
        self.backend_tokenizer = backend
        self.pad_token_id = pad_token_id
        self.unk_token_id = unk_token_id
        self.model_max_length = model_max_length

    def __call__(
        self,
        words: Sequence[str] | Sequence[Sequence[str]],
        *,
        is_split_into_words: bool,
        add_special_tokens: bool = True,
    ) -> Encoding:
        """One sentence's words, or a batch of sentences, as transformers takes them."""
        if not is_split_into_words:
            raise ValueError("TokenizerFile takes pre-split words only")
        batched = not (len(words) and isinstance(words[0], str))
        batch = [list(s) for s in words] if batched else [list(words)]  # type: ignore[arg-type]
        encoded = self.backend_tokenizer.encode_batch(
            batch, is_pretokenized=True, add_special_tokens=add_special_tokens
        )
        return Encoding(encoded, batched)


def load(source: str) -> TokenizerFile | None:
    """The tokenizer of the model folder ``source`` from its tokenizer.json, when its
    tokenizer_config.json names a class transformers runs that file as it is; else
    None (use transformers)."""
    folder = Path(source)
    config = _json(folder / "tokenizer_config.json")
    if config is None or config.get("tokenizer_class") not in _PLAIN_CLASSES:
        return None
    if not (folder / "tokenizer.json").is_file():
        return None
    import tokenizers

    try:
        backend = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception:  # a file this tokenizers cannot read: transformers may
        return None
    if "ByteLevel" in repr(backend.pre_tokenizer):
        return None
    pad, unk = _token_id(backend, config, "pad_token"), _token_id(backend, config, "unk_token")
    if unk is None:
        return None
    longest = config.get("model_max_length")
    if not isinstance(longest, int) or longest <= 0 or longest > 10**9:
        longest = sys.maxsize  # as transformers: no limit of its own
    return TokenizerFile(backend, pad, unk, longest)


def _token_id(backend: Any, config: dict[str, Any], key: str) -> int | None:
    token = config.get(key)
    if isinstance(token, dict):  # an AddedToken, as transformers writes it
        token = token.get("content")
    return backend.token_to_id(token) if isinstance(token, str) else None


def _json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
