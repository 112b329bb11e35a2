"""A sense run made because a word had none is said (issue 23): ``search --sense``,
``--count sense`` and ``export --by sense`` on a word without a stored run make one
(the CLI and the library may store runs) and say so in one line, on stderr and in the
result's ``notes``; a GET of the web app makes none it stores, and says the senses were
induced for that request only. On the seeded clusters of tests/senses/seeded.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sensegrep

from ..helpers import run
from .seeded import seeded_index


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded index without a sense run: copy it before use (runs are stored)."""
    folder = tmp_path_factory.mktemp("runs-made") / "idx"
    seeded_index(folder)
    return folder


@pytest.fixture
def seeded(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "idx"))


def made(run_id: int) -> str:
    return (
        f'"bank" had no stored sense run: made sense run {run_id} (3 senses, k chosen, from '
        "54 occurrences), now its current run; `sensegrep senses bank` shows it"
    )


@pytest.mark.parametrize("call", ["search", "count", "export", "plot"])
def test_the_library_says_the_run_it_made(seeded: Path, call: str, tmp_path: Path) -> None:
    from sensegrep.api.senses import plot_senses

    with sensegrep.open(seeded) as index:
        if call == "search":
            first, again = (index.search("bank", sense=2) for _ in range(2))
        elif call == "count":
            first, again = (index.count("bank", "sense") for _ in range(2))
        elif call == "export":
            first, again = (index.annotation_items("bank", balanced=2) for _ in range(2))
        else:
            first, again = (plot_senses(index, "bank", tmp_path / "map.png") for _ in range(2))
        (stored,) = index.sense_runs("bank")
    assert first.notes == [made(stored.id)]
    assert again.notes == []  # the run is stored now: nothing is made


def test_the_cli_says_it_on_stderr(runner, seeded: Path) -> None:
    code, out, err = run(runner, seeded, "search", "bank", "--sense", "2", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 18
    assert f"note: {made(1)}" in err.splitlines()
    _code, _out, err = run(runner, seeded, "search", "bank", "--count", "sense")
    assert "had no stored sense run" not in err


@pytest.mark.parametrize(
    "args",
    [["search", "bank", "--count", "sense"], ["export", "bank", "--to", "csv", "--balanced", "2"]],
)
def test_count_and_export_say_it_too(runner, seeded: Path, args: list[str]) -> None:
    code, _out, err = run(runner, seeded, *args)
    assert code == 0 and f"note: {made(1)}" in err.splitlines()


@pytest.mark.parametrize("args", [["--by", "genre"], ["--format", "jsonl"]])
def test_senses_by_a_field_or_as_jsonl_says_the_run_it_made(
    runner, seeded: Path, args: list[str]
) -> None:
    """Pass 28e: `senses bank --n 2 --by genre` made a new run, now the current one (the
    sense numbers of every later --sense changed meaning), and its table said only
    "sense run 2"; the text report says "current (the newest)" in its head. It says so,
    once: the same command again gives the same run back, and says nothing."""
    said = (
        "note: made sense run {}: 2 senses (--n 2), now its current run: the sense "
        "numbers of --sense, --count sense and the rest mean it"
    )
    code, _out, err = run(runner, seeded, "senses", "bank", *args)
    assert code == 0 and "note: made sense run 1 of 'bank': 3 senses (k chosen), now" in err
    code, _out, err = run(runner, seeded, "senses", "bank", "--n", "2", *args)
    assert code == 0 and said.format("2 of 'bank'") in err
    code, _out, err = run(runner, seeded, "senses", "bank", "--n", "2", *args)
    assert code == 0 and "made sense run" not in err  # the newest run given back
    code, _out, err = run(runner, seeded, "senses", "bank", "--senses", "1", *args)
    assert code == 0 and "made sense run" not in err


def test_senses_not_stored_are_said_to_be_for_this_request(seeded: Path) -> None:
    from sensegrep.api import no_sense_writes

    with sensegrep.open(seeded) as index, no_sense_writes():
        hits = index.search("bank", sense=2)
        assert index.sense_runs("bank") == []
    assert hits.notes == [
        '"bank" had no stored sense run: its 3 senses were induced for this request only '
        "(not stored: a GET of the web app stores none); `sensegrep senses bank` stores a run"
    ]


def test_export_which_returns_text_warns_the_run_it_made(seeded: Path) -> None:
    """export() returns plain text, which has no place for notes (issue 23): each is a
    SensegrepNote warning; annotation_items() carries them as notes."""
    import warnings

    from sensegrep.errors import SensegrepNote

    with sensegrep.open(seeded) as index:
        with pytest.warns(SensegrepNote) as said:
            text = index.export("bank", "csv", balanced=2)
        (stored,) = index.sense_runs("bank")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the run is stored now: nothing to say
            index.export("bank", "csv", balanced=2)
    assert [str(w.message) for w in said] == [made(stored.id)]
    assert text.startswith("id,doc,left,word,right,label")
