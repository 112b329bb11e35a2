"""Issue 23 in the CLI, new-user pass: a plain concordance counts every token of the word
(it once counted only the tokens with a sense vector, the content uses, and said nothing),
and a ranked search's header says it ranked only the occurrences with a vector and how
many matches it left out. helpers.AUXILIARIES: "have" 5 times (2 with a vector) in 3
documents, "the" once (no vector), 23 tokens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..helpers import hits, run


def test_a_plain_concordance_counts_every_token(runner, auxiliaries_index):
    code, out, _ = run(runner, auxiliaries_index, "search", "have", "-k", "1", "--format", "kwic")
    header = out.splitlines()[0]
    assert code == 0 and header.startswith("# 5 matches in 3 documents; 217,391.30 per million")
    code, out, err = run(runner, auxiliaries_index, "search", "the", "--format", "jsonl")
    assert code == 0 and [h["id"] for h in hits(out)] == [13]  # was an error
    assert err.startswith("1 match in 1 document;")


def test_a_ranked_header_says_what_it_could_not_rank(runner, auxiliaries_index):
    code, out, _ = run(
        runner, auxiliaries_index, "search", "have", "--like", "6", "--format", "kwic"
    )
    header = out.splitlines()[0]
    assert code == 0 and header.startswith(
        "# ranked 1 occurrence with a sense vector, in 1 document; "
    )
    assert (
        "; 3 more matches have no sense vector and cannot be ranked (function words like "
        "'the' and auxiliaries like 'has' get none; the same search without ranking lists "
        "them); lines 1-1, best first"
    ) in header


def test_a_closed_pipe_ends_quietly(auxiliaries_index: Path):
    """`sensegrep search … | head`: the reader goes away; no message, and the status of a
    process ended by SIGPIPE (141), not 1 (an error of sensegrep's own)."""
    code = "from sensegrep.cli import main; main()"
    args = ["--index", str(auxiliaries_index), "search", "have", "--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the first line is written: every write fails
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Error" not in err and "Traceback" not in err and "Exception" not in err
