"""Every way a user gives a regular expression matches it in linear time (issue 26,
item 1): a CQL value of a token or of a metadata field, a ``--queries`` line's cql, the
statistics' ``--cql``, through the command line; on a token and a metadata value of 50
a's, where Python's ``re`` would backtrack on ``(a|a)*b`` for longer than the universe
has existed. A ``within`` value is a literal, as ``--where``'s values are (literals
and ranges, never regular expressions)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ..helpers import conllu, run, text_only_index

LONG = "a" * 50
EVIL = "(a|a)*b"  # 2^50 paths for a backtracking engine on LONG


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = conllu(
        (["newdoc id = d1", f"newdoc title = {LONG}"], f"the/the/DET {LONG}/{LONG}/NOUN"),
        (["newdoc id = d2", "newdoc title = b"], "the/the/DET bank/bank/NOUN"),
    )
    return text_only_index(tmp_path_factory.mktemp("long"), text)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["search", "--cql", f'[word="{EVIL}"]'], "no token of"),
        (["search", "--cql", f'[lemma="{EVIL}"%c]'], "no token of"),
        (["search", "--cql", f'"the" [word!="{EVIL}"]'], None),
        (["search", "--cql", f'"the" [] within title="{EVIL}"'], "0 documents have title"),
        (["search", "--cql", f'[title="{EVIL}"] "bank"'], None),  # "b" matches: d2
        (["freq", "--cql", f'[word="{EVIL}"]'], "no token of"),
        (["collocates", "--cql", f'[word="{EVIL}"]'], "no token of"),
        (["search", "--cql", '"(a|a)*"'], None),
    ],
)
def test_a_catastrophic_regex_answers_at_once(runner, folder: Path, args, says) -> None:
    started = time.monotonic()
    code, out, err = run(runner, folder, *args)
    assert time.monotonic() - started < 10
    assert "Traceback" not in out + err
    if says is None:
        assert code == 0 and out
    else:
        assert code == 1 and says in err, err


def test_a_queries_file_s_pattern_answers_at_once(runner, folder: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    lines = [{"cql": f'[word="{EVIL}"]'}, {"cql": '"(a|a)*"'}]
    queries.write_text("".join(json.dumps(q) + "\n" for q in lines), encoding="utf-8")
    started = time.monotonic()
    code, out, err = run(runner, folder, "search", "--queries", str(queries), "--format", "jsonl")
    assert time.monotonic() - started < 10
    assert [json.loads(line)["form"] for line in out.splitlines()] == [LONG]
    assert code == 1 and "no token of" in err  # the first query's mistake, said
