"""Options that take a decimal number refuse nan and inf as click refuses a number out
of range: click let them through its bounds, and they failed deep inside, as a
traceback (`index --cpus-per-worker nan`, `index --max-file-size nan`, `elmo train --lr
nan`)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import DOCS, run, write_jsonl


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    "args",
    [
        ["index", "{corpus}", "--model", "fake:16", "--max-file-size"],
        ["index", "{corpus}", "--model", "fake:16", "--ray", "--cpus-per-worker"],
        ["elmo", "train", "{corpus}", "-o", "{tmp}/elmo", "--lr"],
        ["classify", "bank", "--gloss-weight"],
        ["serve", "--port", "0", "--time-limit"],  # nan once meant no limit, unsaid
    ],
)
def test_a_number_that_is_not_finite_is_a_usage_error(tmp_path, args, value):
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    filled = [a.format(corpus=corpus, tmp=tmp_path) for a in args]
    code, out, err = run(CliRunner(), tmp_path / "idx", *filled, value)
    assert code == 2, err
    assert "Error: Invalid value for '--" in err and "Traceback" not in out + err
    assert not (tmp_path / "idx").exists()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, -1.0, "2"])
def test_the_librarys_cpus_per_worker_is_checked_at_its_edge(tmp_path, value):
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    with pytest.raises(QueryError, match="cpus_per_worker must be"):
        sensegrep.build(
            tmp_path / "idx", corpus, model="fake:16", ray="local", cpus_per_worker=value
        )
    assert not (tmp_path / "idx").exists()
