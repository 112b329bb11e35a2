"""The README's statistics that need no vector show what the code prints (issue 23,
item 9): every ``$ sensegrep --index demo-index freq|collocates|keywords …`` of its
console blocks that reads no sense run is run on a text-only index of
examples/corpus.jsonl (the demo index's tokens and tags) and its output compared line
by line, and the figure its freq text quotes for ``[] []`` is the demo index's (it
once quoted 1,531, from another corpus, where the demo index leaves out 3,026)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import sensegrep

from ..helpers import EXAMPLES, run

README = Path(__file__).resolve().parents[2] / "README.md"
PREFIX = "$ sensegrep --index demo-index "
COMMANDS = ("freq", "collocates", "keywords")
# Options that read a sense run, which a text-only index has not.
SENSES = ("--by-sense", "--sense", "--key-senses", "--senses")


def shown_examples() -> list[tuple[list[str], list[str]]]:
    """(arguments after ``--index demo-index``, the lines shown under them) of each
    statistic without senses in the README's console blocks."""
    examples: list[tuple[list[str], list[str]]] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    for at, line in enumerate(lines):
        if not line.startswith(PREFIX):
            continue
        after = at + 1
        while line.endswith("\\"):  # a command continued on the next line
            line, after = line[:-1] + lines[after].strip(), after + 1
        args = shlex.split(line.removeprefix(PREFIX))
        if args[0] not in COMMANDS or any(option in args for option in SENSES):
            continue
        shown = []
        for following in lines[after:]:
            if not following.strip() or following.startswith(("$ ", "```")):
                break
            shown.append(following)
        examples.append((args, shown))
    return examples


@pytest.fixture(scope="module")
def text_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme-stats") / "idx"
    sensegrep.build(folder, EXAMPLES / "corpus.jsonl", vectors_for="none").close()
    return folder


def test_the_readme_has_its_statistics_examples() -> None:
    commands = [args[0] for args, _shown in shown_examples()]
    assert set(commands) == set(COMMANDS) and len(commands) >= 4


def test_every_statistic_prints_what_the_readme_shows(runner, text_only: Path) -> None:
    for args, shown in shown_examples():
        code, out, err = run(runner, text_only, *args)
        assert code == 0, (args, err)
        printed = [line.rstrip() for line in (out + err).splitlines()]
        assert printed == [line.rstrip() for line in shown], args


def test_the_overlap_note_quoted_is_the_demo_index_s(runner, text_only: Path) -> None:
    text = README.read_text(encoding="utf-8")
    quoted = re.search(r"`freq --cql '([^']+)'`: `(note: matches do not overlap: [^…`]+)", text)
    assert quoted is not None
    code, _out, err = run(runner, text_only, "freq", "--cql", quoted.group(1), "-k", "1")
    assert code == 0 and quoted.group(2) in err, err
