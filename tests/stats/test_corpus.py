"""stats/corpus.py: the lemma keys every statistic shares (one cache, per vocabulary)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sensegrep
from sensegrep.stats.corpus import lemma_keys

from ..helpers import conllu, text_only_index


def test_lemma_keys_are_kept_until_the_vocabulary_grows(tmp_path: Path) -> None:
    """Bank and bank are one key; a second call gives the very same (read-only)
    arrays; a new word added to the index gives new keys that include it."""
    text = conllu((["newdoc id = d1"], "Bank/Bank/NOUN banks/bank/NOUN ././PUNCT"))
    folder = text_only_index(tmp_path / "one", text)
    with sensegrep.open(folder) as index:
        codes, names = lemma_keys(index.storage)
        again = lemma_keys(index.storage)
        vocabulary = index.storage.vocabulary()
    assert again[0] is codes and again[1] is names
    assert not codes.flags.writeable  # shared by every caller: nobody may change it
    assert codes[vocabulary.index("Bank")] == codes[vocabulary.index("bank")]
    assert names[codes[vocabulary.index("Bank")]] == "bank"
    more = tmp_path / "more.conllu"
    more.write_text(conllu((["newdoc id = d2"], "Zebras/Zebra/NOUN ././PUNCT")))
    sensegrep.add(folder, more, vectors_for="none")
    with sensegrep.open(folder) as index:
        grown, grown_names = lemma_keys(index.storage)
    assert "zebra" in grown_names and len(grown) > len(codes)
    with pytest.raises(ValueError):
        np.asarray(grown)[0] = 1
