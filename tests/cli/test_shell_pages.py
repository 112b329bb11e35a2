"""Pages of one search read at two states of the index: the shell (one session paging
with --offset) says so when documents were added between two pages, as the web app's
search page does; the API's results carry the key of the state they were read at
(``index_state``), the same for two pages of an unchanged index (issue 23)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import sensegrep
from sensegrep.cli import cli
from sensegrep.commands.search import INDEX_CHANGED, LABELS_CHANGED

TEXTS = [f"The river bank number {n} was muddy." for n in range(6)]


def _corpus(path: Path, texts: list[str], first: int = 0) -> Path:
    rows = [{"id": f"d{first + i}", "text": t} for i, t in enumerate(texts)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


class _LinesThen(io.RawIOBase):
    """The shell's input one line per read, calling ``before[n]`` before line n: what
    another process does between two of a user's queries."""

    def __init__(self, lines: list[str], before: dict[int, Callable[[], None]]) -> None:
        self.lines, self.before, self.at = [f"{line}\n".encode() for line in lines], before, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self.at >= len(self.lines):
            return 0
        if self.at in self.before:
            self.before.pop(self.at)()
        line = self.lines[self.at]
        self.at += 1
        buffer[: len(line)] = line
        return len(line)


def test_the_shell_says_a_page_read_after_the_index_changed(runner, tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    sensegrep.build(idx, _corpus(tmp_path / "a.jsonl", TEXTS), vectors_for="none").close()
    more = _corpus(tmp_path / "b.jsonl", ["A bank by the bridge.", "The bank road."], first=50)

    def add_elsewhere() -> None:
        with sensegrep.open(idx) as other:  # another writer than the shell's index
            other.add([more])

    lines = [
        "",  # an empty line first: the test runner's stdin wrapper consumed the first line read
        "bank -k 2",
        "bank -k 2 --offset 2",  # the same index: no note
        "bank -k 2 --offset 4",  # documents added before it
        ":quit",
    ]
    stdin = _LinesThen(lines, {3: add_elsewhere})
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=stdin)
    assert result.exit_code == 0, result.output
    assert result.output.count(INDEX_CHANGED) == 1, result.output
    said = result.output[: result.output.index(INDEX_CHANGED)]  # stdout and stderr, in turn
    last_page = said[said.rindex("sensegrep> ") :]  # the note is the third page's
    assert "8 matches" in last_page and "lines 5-6" in last_page, said


def test_results_carry_the_state_they_were_read_at(tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    with sensegrep.build(idx, _corpus(tmp_path / "a.jsonl", TEXTS), vectors_for="none") as index:
        first, second = index.search("bank", k=2), index.search("bank", k=2, offset=2)
        counts = index.count("bank", "doc")
        assert first.index_state == second.index_state == counts.index_state
        assert first.index_state == index.state_key()
        index.add([_corpus(tmp_path / "b.jsonl", ["One more bank."], first=50)])
        third = index.search("bank", k=2, offset=4)
    assert third.index_state != first.index_state and third.total == 7


def test_the_note_of_a_label_ranking_names_the_labels_it_reads(runner, tmp_path: Path) -> None:
    """`bank --label river`, then `label … --as river` in the same shell, then the next
    page: the note said "documents were added or removed", which nobody had done; the
    ranking had moved because the labels it reads changed."""
    idx = tmp_path / "idx"
    sensegrep.build(idx, _corpus(tmp_path / "a.jsonl", TEXTS), model="fake:16").close()
    with sensegrep.open(idx) as index:
        ids = [hit.id for hit in index.search("bank", k=10)]
        index.label(ids[:1], "river")
    lines = [
        "",  # consumed by the test runner's stdin wrapper (see above)
        "bank --label river -k 2",
        f"label {ids[3]} --as river",
        "bank --label river -k 2 --offset 2",
        ":quit",
    ]
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=_LinesThen(lines, {}))
    assert result.exit_code == 0, result.output
    assert INDEX_CHANGED not in result.output  # no document was added or removed
    assert result.output.count(LABELS_CHANGED) == 1, result.output


def test_a_later_page_of_a_sense_in_a_newer_sense_run_says_so(runner, tmp_path: Path) -> None:
    """`bank --sense 1`, then `senses bank --n 3` (a new current run), then `bank --sense 1
    --offset 2`: the second page was of the new run's sense 1, another set of
    occurrences, with no word but the run's number in its header."""
    idx = tmp_path / "idx"
    texts = [*TEXTS, *(f"The bank raised rates on loan {n}." for n in range(6))]
    sensegrep.build(idx, _corpus(tmp_path / "a.jsonl", texts), model="fake:16").close()
    lines = [
        "",  # consumed by the test runner's stdin wrapper (see above)
        "senses bank --n 2",
        "bank --sense 1 -k 2",
        "senses bank --n 3",
        "bank --sense 1 -k 2 --offset 2",
        "bank --sense 1 -k 2 --offset 2 --senses 1",  # the run paged before: no note
        ":quit",
    ]
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=_LinesThen(lines, {}))
    assert result.exit_code == 0, result.output
    said = (
        "note: sense 1 on this page is of sense run 2, the word's current run now, not of "
        "sense run 1 as on this search's previous page: its lines are of another "
        "clustering; add --senses 1 to page on through the one before"
    )
    assert result.output.count(said) == 1, result.output


def test_a_later_page_of_a_count_read_after_the_index_changed_says_so(
    runner, tmp_path: Path
) -> None:
    """`bank --count doc -k 2` pages through the lines counted as a search pages
    through its lines: a page read after another process added documents counted lines
    that may repeat or skip the page before's, unsaid (a search's page said it)."""
    idx = tmp_path / "idx"
    sensegrep.build(idx, _corpus(tmp_path / "a.jsonl", TEXTS), vectors_for="none").close()
    more = _corpus(tmp_path / "b.jsonl", ["A bank by the bridge.", "The bank road."], first=50)

    def add_elsewhere() -> None:
        with sensegrep.open(idx) as other:
            other.add([more])

    lines = [
        "",  # consumed by the test runner's stdin wrapper (see above)
        "bank -k 2",  # a search's pages are not a count's
        "bank --count doc -k 2",
        "bank --count doc -k 2 --offset 2",  # the same index: no note
        "bank --count doc -k 2 --offset 4",  # documents added before it
        "bank -k 2",  # a new search from its first page: no note
        ":quit",
    ]
    result = runner.invoke(
        cli, ["--index", str(idx), "shell"], input=_LinesThen(lines, {4: add_elsewhere})
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(INDEX_CHANGED) == 1, result.output
    said = result.output[: result.output.index(INDEX_CHANGED)]
    assert "lines 5-6 of 8 counted" in said[said.rindex("sensegrep> ") :], said


def test_a_count_of_a_label_ranking_carries_the_labels_state(tmp_path: Path) -> None:
    """index.count(…, label=L, k, offset) counts the lines that ranking selects, which
    move when the word's labels change: its index_state stayed the same (a search's
    changed), so two pages read across a label could not be told apart."""
    idx = tmp_path / "idx"
    with sensegrep.build(idx, _corpus(tmp_path / "a.jsonl", TEXTS), model="fake:16") as index:
        ids = [hit.id for hit in index.search("bank", k=10)]
        index.label(ids[:1], "river")
        ranked = index.count("bank", "doc", label="river", k=2)
        plain = index.count("bank", "doc", k=2)
        index.label(ids[3:4], "river")
        assert index.count("bank", "doc", label="river", k=2).index_state != ranked.index_state
        assert index.count("bank", "doc", k=2).index_state == plain.index_state
        search = index.search("bank", label="river", k=2)
        assert index.count("bank", "doc", label="river", k=2).index_state == search.index_state
