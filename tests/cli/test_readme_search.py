"""The README's `sensegrep search WORD` section quotes what the demo index answers (issue
23): the occurrence ids its notes name are of the word they name on that index (it once
quoted ``4203 ('fog')``, where its own ``--like 4203`` two lines up is a *bank*), and
its totals are the demo index's. A text-only index of examples/corpus.jsonl has the demo
index's tokens, ids and tags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sensegrep

from ..helpers import EXAMPLES

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n### `sensegrep search WORD`\n", 1)[1].split("\n### ", 1)[0]


@pytest.fixture(scope="module")
def text_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme-search") / "idx"
    sensegrep.build(folder, EXAMPLES / "corpus.jsonl", vectors_for="none").close()
    return folder


def test_an_id_a_note_names_is_an_occurrence_of_the_word_it_names(text_only: Path) -> None:
    quoted = re.findall(r"`(\d+) \('(\w+)'\) is an occurrence of another word", section())
    assert quoted
    with sensegrep.open(text_only) as idx:
        for number, word in quoted:
            assert int(number) in {hit.id for hit in idx.search(word)}, (number, word)
            assert int(number) not in {hit.id for hit in idx.search("bank")}, number


def test_the_totals_it_quotes_on_the_demo_index(text_only: Path) -> None:
    text = " ".join(section().split())
    with sensegrep.open(text_only) as idx:
        assert f'(from "The"): {idx.search("The", form=True, k=1).total} matches' in text
        exact = idx.search("The", form=True, match_case=True, k=1).total
        assert f'[word="The"] (from "The"): {exact} matches' in text
        assert f'(from "banks"): {idx.search("banks", k=1).total} matches' in text
        empty = idx.search("bank", where={"genre": "letters", "year": "1984"})
        assert empty.total == 0 and empty.why_empty.endswith(
            f"; {idx.search('bank', k=1).total} without them"
        )
        assert (
            "0 matches for 'bank' with --where genre=letters --where year=1984; 30 without" in text
        )
        phrase = idx.search("grassy banks").why_empty
        quoted = re.search(r"`search \"grassy banks\"` on the demo index says `([^`]*)`", text)
        assert quoted and phrase.endswith(quoted.group(1)), (phrase, quoted)
