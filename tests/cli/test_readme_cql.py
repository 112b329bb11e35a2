"""The README's CQL examples show what the code prints (issue 23, item 9: its strategy
example once claimed a match the pattern cannot make, and its --count table had an
older header): every ``$ sensegrep --index demo-index search --cql …`` there is run on
a text-only index of examples/corpus.jsonl (the same tokens and tags as the demo
index: "gives the same lines", the README says) and its output compared line by line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import sensegrep

from ..helpers import EXAMPLES, run

README = Path(__file__).resolve().parents[2] / "README.md"
COMMAND = "$ sensegrep --index demo-index search --cql "


def shown_examples() -> list[tuple[list[str], list[str]]]:
    """(arguments after ``--index demo-index``, the lines shown under them) of each
    CQL search in the README's console blocks."""
    examples: list[tuple[list[str], list[str]]] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    for at, line in enumerate(lines):
        if not line.startswith(COMMAND):
            continue
        shown = []
        for following in lines[at + 1 :]:
            if not following.strip() or following.startswith(("$ ", "```")):
                break
            shown.append(following)
        examples.append((shlex.split(line.removeprefix("$ sensegrep --index demo-index ")), shown))
    return examples


@pytest.fixture(scope="module")
def text_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme-cql") / "idx"
    sensegrep.build(folder, EXAMPLES / "corpus.jsonl", vectors_for="none").close()
    return folder


def test_the_readme_has_its_cql_examples() -> None:
    patterns = [args[2] for args, _shown in shown_examples()]
    assert '([pos="ADJ"] ","?)+ @[lemma="bank"]' in patterns and len(patterns) >= 3


def test_every_cql_example_prints_what_the_readme_shows(runner, text_only: Path) -> None:
    for args, shown in shown_examples():
        code, out, err = run(runner, text_only, *args, "--no-server")
        assert code == 0, (args, err)
        printed = [line.rstrip() for line in (out + err).splitlines()]
        assert printed == [line.rstrip() for line in shown], args


def test_the_strategy_text_names_a_line_the_example_shows() -> None:
    """The matching strategy's example (a leading repetition takes its whole run) names
    the first line of the groups example: *steep, sandy banks*, comma and all."""
    text = README.read_text(encoding="utf-8")
    claim = re.search(r"`(\(\[pos=\"ADJ\"\][^`]*\)\+ \[lemma=\"bank\"\])` is \*([^*]+)\*", text)
    assert claim is not None
    groups = dict((args[2], shown) for args, shown in shown_examples())
    shown = groups[claim.group(1).replace("[lemma", "@[lemma")]
    assert f"| {claim.group(2)} |" in shown[1]
