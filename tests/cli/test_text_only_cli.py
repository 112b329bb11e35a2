"""`sensegrep index --vectors-for none` and the commands on a text-only index: what
needs no vector works (without loading an encoder), what needs one exits 1 with one line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ..helpers import REPO, heavy_modules_after, hits, run

EXAMPLES = REPO / "examples" / "corpus.jsonl"


@pytest.fixture(scope="module")
def text_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "idx"
    code, _out, err = run(CliRunner(), folder, "index", str(EXAMPLES), "--vectors-for", "none")
    assert code == 0, err
    assert "6,608 tokens, 0 occurrences with sense vectors in" in err
    return folder


def test_index_text_only_loads_no_encoder(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    assert (
        heavy_modules_after(
            folder,
            # (spaCy's thinc imports torch when it is installed: the tagger is left out)
            ["index", str(EXAMPLES), "--vectors-for", "none", "--tagger", "none"],
            ["search", "the", "-k", "3", "--format", "jsonl"],
            ["search", "--cql", '[lemma="the"] [word=".*"]', "--count", "right1"],
            ["info"],
        )
        == "False False"
    )


def test_commands_that_need_no_vector(text_index: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    code, out, _err = run(runner, text_index, "search", "the", "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 594
    code, out, _ = run(runner, text_index, "search", "bank", "--count", "form", "--format", "jsonl")
    assert code == 0
    code, out, _ = run(
        runner,
        text_index,
        "search",
        "--cql",
        '[lemma="the"] [word=".*"]',
        "--where",
        "genre=cooking",
        "--sort",
        "right1",
        "-k",
        "5",
        "--format",
        "jsonl",
    )
    assert code == 0 and len(hits(out)) == 5
    first = hits(run(runner, text_index, "search", "of", "-k", "2", "--format", "jsonl")[1])
    code, _out, err = run(runner, text_index, "label", str(first[0]["id"]), "--as", "PREP")
    assert code == 0, err
    code, out, _ = run(runner, text_index, "labels", "of", "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[0])["label"] == "PREP"
    exported = tmp_path / "of.csv"
    code, _out, err = run(
        runner, text_index, "export", "of", "--to", "csv", "--sample", "3", "-o", str(exported)
    )
    assert code == 0, err
    assert "of" in exported.read_text()
    code, out, _ = run(runner, text_index, "info", "--json")
    assert code == 0 and json.loads(out)["vectors_for"] == "none"
    code, out, err = run(runner, text_index, "check")
    assert code == 0, err


@pytest.mark.parametrize(
    "args",
    [
        ["search", "match", "-e", "a rugby [[match]]"],
        ["search", "match", "--sense", "1"],
        ["search", "--any-word", "-e", "a rugby [[match]]"],
        ["senses", "match"],
        ["classify", "match"],
        ["neighbours", "-e", "a rugby [[match]]"],
        ["compare", "a [[match]]", "a [[game]]"],
        ["export", "match", "--to", "csv", "--balanced", "2"],
    ],
)
def test_commands_that_need_vectors_say_so(text_index: Path, args: list[str]) -> None:
    code, out, err = run(CliRunner(), text_index, *args)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "no vectors (indexed with --vectors-for none)" in lines[0], err


def test_the_other_choice_is_refused(text_index: Path, tmp_path: Path) -> None:
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "x", "text": "More text."}) + "\n")
    code, _out, err = run(CliRunner(), text_index, "index", str(more), "--vectors-for", "all")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "text-only" in err


def test_words_given_to_vectors_for_are_refused_with_how_to_choose_words(tmp_path: Path) -> None:
    """`--vectors-for bank,bass` (a new user's guess at "vectors for these words") was
    refused naming only all and none (pass 36c, polish): it says how to choose words."""
    code, _out, err = run(
        CliRunner(), tmp_path / "idx", "index", str(EXAMPLES), "--vectors-for", "bank,bass"
    )
    assert code == 2 and not (tmp_path / "idx").exists()
    assert "'bank,bass' is not one of 'all', 'none'." in err
    assert err.strip().endswith(
        "index with --vectors-for none, then add theirs: `sensegrep vectors add bank bass`"
    )


def test_an_encoder_option_on_a_text_only_index_is_named_as_a_flag(tmp_path: Path) -> None:
    """It said "leave out model", which names no option (issue 23, new-user pass)."""
    code, _out, err = run(CliRunner(), tmp_path / "idx", "index", str(EXAMPLES),
                          "--vectors-for", "none", "--model", "fake:16")  # fmt: skip
    assert code == 1 and err == (
        "Error: a text-only index (--vectors-for none) embeds nothing: leave out --model\n"
    )


def test_a_file_with_bad_records_is_said_to_be_indexed_in_part(tmp_path: Path) -> None:
    """Its good documents were indexed under "indexed 0 file(s)" (a file with bad records
    is not marked done, so that the next run reads it again)."""
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"id": "a", "text": "A bank."}\n[1, 2]\n{"id": "b", "text": "B."}\n')
    code, _out, err = run(CliRunner(), tmp_path / "idx", "index", str(mixed),
                          "--vectors-for", "none")  # fmt: skip
    assert code == 1 and f"error: {mixed}:2: expected a JSON object" in err
    assert (
        "indexed 0 file(s) (0 unchanged, skipped; 1 in part: bad records skipped, read again "
        "by the next run): 2 documents (0 already indexed)"
    ) in err


def test_a_document_given_twice_in_one_run_is_said_not_already_indexed(tmp_path: Path) -> None:
    """Pass 34d: a VRT text repeated with its id and content, on a fresh index, was counted
    as "1 already indexed" and its tokens once, with nothing naming it: the summary says it
    was given again in this run and a note names it."""
    text = '<text id="t1" year="1900">\n<s>\nA\tDET\ta\nman\tNOUN\tman\n</s>\n</text>\n'
    other = '<text id="t2" year="1901">\n<s>\nThe\tDET\tthe\nsea\tNOUN\tsea\n</s>\n</text>\n'
    corpus = tmp_path / "c.vrt"
    corpus.write_text(text + other + text)
    runner, folder = CliRunner(), tmp_path / "idx"
    code, _out, err = run(runner, folder, "index", str(corpus), "--vectors-for", "none")
    assert code == 0, err
    assert (
        "2 documents (0 already indexed, 1 given again in this run: indexed once), 4 tokens"
    ) in err
    assert (
        "note: documents given again in this run with the same id and content, indexed once "
        f"(their tokens counted once): t1 ({corpus}:13)"
    ) in err
    # Edited: read again. Pass 34g: t1's second copy was counted "already indexed" too,
    # "3 already indexed" of an index of 2 documents, and no note named it.
    corpus.write_text(other + text + text)
    code, _out, err = run(runner, folder, "index", str(corpus))
    assert code == 0, err
    assert "0 documents (2 already indexed, 1 given again in this run: indexed once)" in err
    assert f"indexed once (their tokens counted once): t1 ({corpus}:13)" in err


def test_export_and_import_labels(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "idx"
    assert run(runner, folder, "index", str(EXAMPLES), "--vectors-for", "none")[0] == 0
    exported = tmp_path / "of.csv"
    code, _out, err = run(
        runner, folder, "export", "of", "--to", "csv", "--sample", "2", "-o", str(exported)
    )
    assert code == 0, err
    with exported.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    with exported.open("w", newline="") as handle:  # an annotator fills the label column
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([row | {"label": "PART"} for row in rows])
    code, _out, err = run(runner, folder, "import", str(exported))
    assert code == 0, err
    code, out, _ = run(runner, folder, "labels", "of", "--format", "jsonl")
    assert json.loads(out.splitlines()[0]) | {"label": "PART", "count": 2} == json.loads(
        out.splitlines()[0]
    )


def test_info_on_a_text_only_index_shows_no_encoder_rows(text_index: Path) -> None:
    code, out, err = run(CliRunner(), text_index, "info")
    assert code == 0, err
    assert "None" not in out  # bytes per occurrence None, once
    assert "precision" not in out and "runtime" not in out
    assert "text-only" in out


def test_a_shell_setting_with_a_bad_value_says_what_it_takes(text_index: Path) -> None:
    from sensegrep.cli import cli

    script = ":k 0\n:format xml\n:bogus\nsenses\n:quit\n"
    result = CliRunner().invoke(cli, ["--index", str(text_index), "shell"], input=script)
    assert ":k takes a whole number of at least 1; got '0'" in result.stderr
    assert ":format takes one of kwic" in result.stderr
    assert "unknown setting ':bogus'" in result.stderr
    assert result.exit_code == 1 and "4 line(s) of the script failed" in result.stderr
    assert "sensegrep shell senses" not in result.output  # usage reads as outside the shell
