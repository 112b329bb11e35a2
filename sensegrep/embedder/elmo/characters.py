"""Words to the character ids of the bilm-tf / AllenNLP ELMo models. No torch here.

A word is its UTF-8 bytes (0-255), cut to ``max_characters - 2`` bytes and wrapped in
begin-of-word / end-of-word ids, then padded. The sentence markers ``<S>`` and ``</S>``
get one special id each instead of bytes; as in the original vocabularies, a word
spelled ``<S>`` or ``</S>`` is that marker. Every id is shifted by one so that 0 can
mean "no token here" (the padding row of the character embedding).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MAX_CHARACTERS = 50
BOS_CHAR = 256  # begin of sentence
EOS_CHAR = 257  # end of sentence
BOW_CHAR = 258  # begin of word
EOW_CHAR = 259  # end of word
PAD_CHAR = 260  # after the end of a word
BOS_TOKEN = "<S>"
EOS_TOKEN = "</S>"
# 261 character ids plus the all-zero padding row 0.
N_CHAR_IDS = PAD_CHAR + 2


def word_to_char_ids(word: str, max_characters: int = MAX_CHARACTERS) -> np.ndarray:
    """The ``max_characters`` ids of one word, already shifted by one (0 = padding)."""
    code = np.full(max_characters, PAD_CHAR, dtype=np.int64)
    code[0] = BOW_CHAR
    if word in (BOS_TOKEN, EOS_TOKEN):
        code[1] = BOS_CHAR if word == BOS_TOKEN else EOS_CHAR
        code[2] = EOW_CHAR
    else:
        # Bytes, not code points: the models were trained on UTF-8 bytes, and a cut may
        # split a multi-byte character exactly as the original did.
        data = word.encode("utf-8", "ignore")[: max_characters - 2]
        code[1 : len(data) + 1] = np.frombuffer(data, dtype=np.uint8)
        code[len(data) + 1] = EOW_CHAR
    return code + 1


def batch_to_ids(
    sentences: Sequence[Sequence[str]],
    max_characters: int = MAX_CHARACTERS,
    add_markers: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(ids of shape (rows, longest, max_characters), tokens per row).

    With ``add_markers`` every row becomes ``<S> words </S>``, as the biLM expects;
    positions after a row's end are all 0.
    """
    rows = [[BOS_TOKEN, *words, EOS_TOKEN] if add_markers else list(words) for words in sentences]
    lengths = np.array([len(row) for row in rows], dtype=np.int64)
    width = int(lengths.max()) if len(rows) else 0
    ids = np.zeros((len(rows), width, max_characters), dtype=np.int64)
    for r, row in enumerate(rows):
        for t, word in enumerate(row):
            ids[r, t] = word_to_char_ids(word, max_characters)
    return ids, lengths
