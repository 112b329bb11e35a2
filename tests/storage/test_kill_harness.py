"""The kill harness: `sensegrep index` is SIGKILLed at 25 distinct points (creating the
index, before embedding a batch, after a shard is written, inside and after a batch's
commit, during compaction, while replacing changed documents), then run again; the index
must then equal the one a clean run builds: same documents, tokens, occurrences and
search results (with scores), and `sensegrep check` finds it sound.

The kills are real (the process sends itself SIGKILL at the named point: see
sensegrep/failpoints.py); batches and the compaction threshold are made small so that
a small corpus goes through every step several times."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest

import sensegrep

from ..helpers import sensegrep as in_a_process
from ..helpers import write_jsonl

KILL_POINTS = [
    "create:locked:1",
    "create:schema:1",
    "batch:before-embed:1",
    "batch:before-embed:2",
    "batch:before-embed:6",
    "batch:before-embed:11",
    "batch:shard-written:1",
    "batch:shard-written:3",
    "batch:shard-written:7",
    "batch:shard-written:12",
    "batch:before-commit:1",
    "batch:before-commit:4",
    "batch:before-commit:9",
    "batch:committed:1",
    "batch:committed:2",
    "batch:committed:5",
    "batch:committed:10",
    "batch:committed:13",
    "compact:shard-written:1",
    "compact:before-commit:1",
    "compact:committed:1",
    "tokens:merged-written:1",
    "tokens:merged-written:2",
    "tokens:compacted-written:1",
]
# A second run that replaces changed documents, killed while removing the old versions.
REPLACE_KILL_POINTS = [
    "batch:old-removed:1",
    "batch:old-removed:3",
    "batch:before-commit:2",
    "compact:before-commit:1",
    "tokens:compacted-written:1",
]
WORDS = ["bank", "river", "money", "loan", "water", "stream", "rates", "grass"]
# Indexing without spaCy: the kills are about storage, and loading spaCy (which loads
# torch) in each of the ~70 processes the harness starts would double its time.
INDEX = ("index", "--tagger", "none")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill-corpus")
    for f in range(3):
        docs = [
            {
                "id": f"f{f}-{n}",
                "text": f"The {WORDS[(f + n) % 8]} bank by the {WORDS[n % 8]}. "
                f"A {WORDS[(n * 3) % 8]} near the {WORDS[(f * 5 + n) % 8]} {WORDS[f]}.",
            }
            for n in range(8)
        ]
        write_jsonl(folder / f"part{f}.jsonl", docs)
    return folder


def user_view(
    index: Path, words: list[str], counted: tuple[str, ...], ranked: bool, cql: str = ""
) -> dict:
    """What a user sees, read in this process (only the killed run and its re-run need
    processes of their own): the counts of ``info``, each word's hits (ranked by an
    example, with their scores, when ``ranked``), a pattern's matches, and what ``check``
    finds wrong."""
    with sensegrep.open(index) as idx:
        info = idx.info()
        found = []
        for n, word in enumerate(words):
            example = f"the [[{word}]] of it" if ranked else None
            found += [
                (n, h.doc, h.start, h.end, None if h.score is None else round(h.score, 4))
                for h in idx.search(word, example)
            ]
        matched = [(h.doc, h.start, h.end) for h in idx.search(cql=cql)] if cql else []
        problems = idx.check()
    counts = {k: info[k] for k in counted}
    return {"counts": counts, "search": found, "patterns": matched, "problems": problems}


def snapshot(index: Path) -> dict:
    """Counts, every word's ranked hits with scores, and a pattern's matches (patterns
    read the token store: it must hold exactly the documents the tables hold)."""
    counted = ("documents", "sentences", "tokens", "occurrences", "lemmas")
    return user_view(index, WORDS, counted, ranked=True, cql='[] "bank" []')


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    index = tmp_path_factory.mktemp("clean") / "idx"
    done = in_a_process(index, *INDEX, str(corpus), "--model", "fake:16")
    assert done.returncode == 0, done.stderr
    return snapshot(index)


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_run_killed_anywhere_is_finished_by_running_it_again(
    corpus: Path, clean: dict, tmp_path: Path, kill_at: str
):
    index = tmp_path / "idx"
    killed = in_a_process(index, *INDEX, str(corpus), "--model", "fake:16", kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    again = in_a_process(index, *INDEX, str(corpus), "--model", "fake:16")
    assert again.returncode == 0, again.stderr
    assert snapshot(index) == clean


@pytest.fixture(scope="module")
def edited(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus with every other document of part1 rewritten under the same id."""
    folder = tmp_path_factory.mktemp("kill-edited")
    for part in corpus.iterdir():
        records = [json.loads(line) for line in part.read_text().splitlines()]
        if part.name == "part1.jsonl":
            for n, record in enumerate(records):
                if n % 2 == 0:
                    record["text"] = f"Edited: the {WORDS[n % 8]} rates of the bank rose."
        write_jsonl(folder / part.name, records)
    return folder


@pytest.fixture(scope="module")
def clean_edited(corpus: Path, edited: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    index = tmp_path_factory.mktemp("clean-edited") / "idx"
    for inputs in (corpus, edited):
        done = in_a_process(index, *INDEX, str(inputs), "--model", "fake:16")
        assert done.returncode == 0, done.stderr
    return snapshot(index)


@pytest.mark.parametrize("kill_at", REPLACE_KILL_POINTS)
def test_a_replacing_run_killed_anywhere_is_finished_by_running_it_again(
    corpus: Path, edited: Path, clean_edited: dict, tmp_path: Path, kill_at: str
):
    index = tmp_path / "idx"
    assert in_a_process(index, *INDEX, str(corpus), "--model", "fake:16").returncode == 0
    killed = in_a_process(index, *INDEX, str(edited), "--model", "fake:16", kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    again = in_a_process(index, *INDEX, str(edited), "--model", "fake:16")
    assert again.returncode == 0, again.stderr
    assert snapshot(index) == clean_edited


# A text-only index (--vectors-for none): batches of 20 tokens, no shard, no encoder.
# The same steps as a full run's, fewer of them: CI's time is bounded, and the points
# differ from KILL_POINTS' only in what a batch holds.
TEXT_ONLY_KILL_POINTS = [
    "create:schema:1",
    "batch:before-embed:4",
    "batch:shard-written:2",
    "batch:before-commit:9",
    "batch:committed:7",
]


def text_snapshot(index: Path) -> dict:
    """Counts, and every word's concordance (function words' too)."""
    counted = ("documents", "sentences", "tokens", "occurrences", "vectors_for")
    return user_view(index, [*WORDS, "the", "by", "."], counted, ranked=False)


@pytest.fixture(scope="module")
def clean_text(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    index = tmp_path_factory.mktemp("clean-text") / "idx"
    done = in_a_process(index, *INDEX, str(corpus), "--vectors-for", "none")
    assert done.returncode == 0, done.stderr
    return text_snapshot(index)


@pytest.mark.parametrize("kill_at", TEXT_ONLY_KILL_POINTS)
def test_a_text_only_run_killed_anywhere_is_finished_by_running_it_again(
    corpus: Path, clean_text: dict, tmp_path: Path, kill_at: str
):
    index = tmp_path / "idx"
    killed = in_a_process(index, *INDEX, str(corpus), "--vectors-for", "none", kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    # The second run names no --vectors-for: a killed creation left no manifest, so it
    # is a new index; otherwise the recorded choice is kept.
    args = ["--vectors-for", "none"] if kill_at.startswith("create") else []
    again = in_a_process(index, *INDEX, str(corpus), *args)
    assert again.returncode == 0, again.stderr
    assert text_snapshot(index) == clean_text


# `vectors add` on a text-only index: batches of 5 vectors (each with its shard and its
# transaction), then a compaction (MAX_SHARDS 3) and the any-word file's upkeep.
# Two points (CI's time is bounded): a kill inside a batch's transaction (its shard
# written, not committed) and one between batches.
VECTORS_KILL_POINTS = ["vectors:before-commit:3", "vectors:committed:4"]
VECTOR_WORDS = ["bank", "river", "money"]


def vectors_snapshot(index: Path) -> dict:
    """Counts (lemmas with vectors among them) and the ranked hits of those words."""
    counted = ("documents", "tokens", "occurrences", "lemmas_with_vectors")
    return user_view(index, VECTOR_WORDS, counted, ranked=True)


@pytest.fixture(scope="module")
def text_index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("vectors-text") / "idx"
    done = in_a_process(index, *INDEX, str(corpus), "--vectors-for", "none")
    assert done.returncode == 0, done.stderr
    return index


def _add_vectors(index: Path, kill_at: str | None = None):
    return in_a_process(
        index, "vectors", "add", *VECTOR_WORDS, "--model", "fake:16", kill_at=kill_at
    )


@pytest.fixture(scope="module")
def clean_vectors(text_index: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    index = Path(shutil.copytree(text_index, tmp_path_factory.mktemp("vectors-clean") / "idx"))
    done = _add_vectors(index)
    assert done.returncode == 0, done.stderr
    return vectors_snapshot(index)


@pytest.mark.parametrize("kill_at", VECTORS_KILL_POINTS)
def test_a_vectors_add_killed_anywhere_is_finished_by_running_it_again(
    text_index: Path, clean_vectors: dict, tmp_path: Path, kill_at: str
):
    index = Path(shutil.copytree(text_index, tmp_path / "idx"))
    killed = _add_vectors(index, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    again = _add_vectors(index)
    assert again.returncode == 0, again.stderr
    assert vectors_snapshot(index) == clean_vectors
