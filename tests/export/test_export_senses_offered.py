"""`export --to prodigy --senses RUN` of a word that has labels (pass 39e): the choices
offered are its labels, so the run changed nothing, and the export said nothing of it.
It is refused, saying why; where the run is used (balancing by sense, --good-examples,
a word without labels) it is taken as before."""

from __future__ import annotations

import json

from ..helpers import run


def _options(out: str) -> list[str]:
    return [o["id"] for o in json.loads(out.splitlines()[0])["options"]]


def test_senses_for_the_choices_of_a_labelled_word_is_refused(built, runner):
    assert run(runner, built.path, "senses", "bank", "--n", "2")[0] == 0
    code, out, err = run(runner, built.path, "export", "bank", "--to", "prodigy", "--senses", "1")
    assert code == 0 and _options(out) == ["sense_1_run_1", "sense_2_run_1"], err
    built.label(list(built.search("bank", k=1).ids), "river")
    code, out, err = run(runner, built.path, "export", "bank", "--to", "prodigy", "--senses", "1")
    assert code == 1 and not out, err
    assert (
        "--senses 1 changes nothing here: a Prodigy export offers the labels 'bank' has "
        "(river) as its choices, not a run's senses" in err
    ), err
    # each of the run's two senses, and no "…" as if it had more (pass 39j)
    assert err.rstrip().endswith("--options sense_1_run_1,sense_2_run_1"), err
    for used in (["--balanced", "1"], ["--sample", "2", "--good-examples"]):  # the run is used
        args = ["export", "bank", "--to", "prodigy", "--senses", "1", *used]
        code, out, err = run(runner, built.path, *args)
        assert code == 0 and _options(out) == ["river"], err
