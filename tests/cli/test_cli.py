"""The command line end to end, with the deterministic fake embedder (fast).

These prove wiring, storage, formats and error handling — not sense quality; the
real-model tests in tests/search/test_sense_search.py do that.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.storage import Index
from sensegrep.storage.sql import run as run_sql

from ..helpers import DOCS, hits, index_corpus, run, write_jsonl

# Every command on both metadata backends: index.sqlite, and a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def idx(tmp_path: Path, runner: CliRunner, corpus: Path) -> Path:
    return index_corpus(runner, tmp_path / "idx", corpus)


def test_info_writes_every_figure_with_thousands_separated(runner, tmp_path, corpus):
    """A text-only index of a few documents showed "bytes per token  5080.7" under
    "disk bytes  203,229": a float was written as Python prints it (pass 34f)."""
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(corpus), "--vectors-for", "none")[0] == 0
    code, out, _ = run(runner, idx, "info")
    per_token = next(line for line in out.splitlines() if line.startswith("bytes per token"))
    value = json.loads(run(runner, idx, "info", "--json")[1])["bytes_per_token"]
    assert code == 0 and value >= 1000
    assert per_token.split()[-1] == f"{value:,}"


def test_index_then_info(runner, idx):
    code, out, _ = run(runner, idx, "info", "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["documents"] == 4
    assert stats["model"] == "fake:16"
    assert stats["occurrences"] > 0 and stats["tokens"] > stats["occurrences"]
    assert stats["bytes_per_occurrence"] > 0


def test_reindexing_adds_nothing(runner, idx, corpus):
    before = json.loads(run(runner, idx, "info", "--json")[1])
    code, _, err = run(runner, idx, "index", str(corpus))
    assert code == 0
    assert "1 unchanged" in err
    assert json.loads(run(runner, idx, "info", "--json")[1])["tokens"] == before["tokens"]


def test_changed_file_adds_only_new_documents(runner, idx, corpus):
    write_jsonl(
        corpus, [*DOCS, {"id": "n1", "text": "A new bank opened.", "genre": "news", "year": 2020}]
    )
    code, _, err = run(runner, idx, "index", str(corpus))
    assert code == 0, err
    assert "4 already indexed" in err
    assert json.loads(run(runner, idx, "info", "--json")[1])["documents"] == 5


def test_plain_concordance_in_corpus_order_with_exact_offsets(runner, idx):
    code, out, _ = run(runner, idx, "search", "bank", "--format", "jsonl")
    assert code == 0
    found = hits(out)
    assert [h["doc"] for h in found] == ["r1", "m1", "r2", "m2"]
    texts = {d["id"]: d["text"] for d in DOCS}
    for rank, hit in enumerate(found, start=1):
        assert hit["rank"] == rank and hit["query"] == 0 and hit["score"] is None
        assert texts[hit["doc"]][hit["start"] : hit["end"]] == hit["form"] == "bank"
        assert hit["sentence"] == hit["left"] + hit["form"] + hit["right"]
        assert hit["label"] is None
        assert {"id", "lemma", "pos"} <= set(hit)


def test_example_ranks_and_scores_descend(runner, idx):
    code, out, _ = run(
        runner,
        idx,
        "search",
        "bank",
        "--format",
        "jsonl",
        "--example",
        "We sat on the [[bank]] of the river.",
    )
    assert code == 0
    found = hits(out)
    assert len(found) == 4
    scores = [h["score"] for h in found]
    assert scores == sorted(scores, reverse=True)
    # The fake embedder is deterministic: the identical sentence is the top hit.
    assert found[0]["doc"] == "r1" and found[0]["score"] == pytest.approx(1.0, abs=1e-3)


def test_like_and_unlike_use_stored_vectors(runner, idx):
    first = hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])
    r1, m1 = first[0]["id"], first[1]["id"]
    code, out, _ = run(
        runner, idx, "search", "bank", "--format", "jsonl", "--like", str(r1), "--unlike", str(m1)
    )
    assert code == 0
    found = hits(out)
    assert {h["id"] for h in found}.isdisjoint({r1, m1})
    assert len(found) == 2


def test_filters_k_and_sample(runner, idx):
    by_genre = hits(
        run(runner, idx, "search", "bank", "--format", "jsonl", "--where", "genre=news")[1]
    )
    assert {h["doc"] for h in by_genre} == {"m1", "m2"}
    by_year = hits(
        run(runner, idx, "search", "bank", "--format", "jsonl", "--where", "year=2000")[1]
    )
    assert {h["doc"] for h in by_year} == {"m1", "r2"}
    by_doc = hits(run(runner, idx, "search", "bank", "--format", "jsonl", "--doc", "r2")[1])
    assert [h["doc"] for h in by_doc] == ["r2"]
    assert len(hits(run(runner, idx, "search", "bank", "--format", "jsonl", "-k", "2")[1])) == 2
    sample = [
        run(runner, idx, "search", "bank", "--format", "jsonl", "--sample", "2", "--seed", "7")[1]
        for _ in range(2)
    ]
    assert sample[0] == sample[1] and len(hits(sample[0])) == 2


def test_batch_queries_report_bad_lines_and_answer_the_rest(runner, idx, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"word": "bank", "example": "the [[bank]] raised rates", "k": 1}\n'
        "not json\n"
        '{"word": "zebra"}\n'
        '{"word": "bank", "where": {"genre": "fiction"}}\n',
        encoding="utf-8",
    )
    code, out, err = run(runner, idx, "search", "--queries", str(queries), "--format", "jsonl")
    assert code == 1
    found = hits(out)
    assert [h["query"] for h in found] == [0, 3, 3]
    assert "q.jsonl:2" in err and "q.jsonl:3" in err and "zebra" in err
    # Numbered as the headers and the hits' "query" are: line 3 is query 2.
    assert "q.jsonl:3: " in err and "(query 2 skipped)" in err


def test_a_query_holding_a_unicode_line_separator_is_one_query(runner, idx, tmp_path):
    """An example pasted with a U+2028 in it (JSON allows it unescaped): the batch cut
    the line there and reported two bad queries (issue 23)."""
    queries = tmp_path / "q.jsonl"
    line = {"word": "bank", "example": "the [[bank]] of the\u2028river", "k": 1}
    queries.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run(runner, idx, "search", "--queries", str(queries), "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 1 and "not valid JSON" not in err, err


def test_a_queries_file_saved_with_a_byte_order_mark_answers_its_first_line(runner, idx, tmp_path):
    """Notepad's "UTF-8 with BOM" (CRLF line ends too): line 1 was "not valid JSON
    (Unexpected UTF-8 BOM …)", its query skipped and the batch exit 1 (pass 36l)."""
    queries = tmp_path / "q.jsonl"
    queries.write_bytes(b'\xef\xbb\xbf{"word": "bank", "k": 1}\r\n{"word": "bank", "k": 2}\r\n')
    code, out, err = run(runner, idx, "search", "--queries", str(queries), "--format", "jsonl")
    assert code == 0, err
    assert [h["query"] for h in hits(out)] == [0, 1, 1]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'\xef\xbb\xbf{"word": "caf\xe9"}\n')
    code, out, err = run(runner, idx, "search", "--queries", str(bad))
    # The byte counted in the file as it is, its mark included.
    assert err == f"Error: --queries {bad}: invalid UTF-8 at byte 17; expected UTF-8 text\n"


@pytest.mark.parametrize(
    ("key", "empty"),
    [("doc", "[]"), ("docs", "[]"), ("where", "{}"), ("where", "[]"), ("example", "[]"),
     ("pos", "[]"), ("like", "[]")],
)  # fmt: skip
def test_a_queries_line_s_empty_choice_is_refused_not_read_as_none(
    runner, idx, tmp_path, key, empty
):
    """A script's list of ids that came out empty, "doc": [], was read as no doc at all:
    the line searched every document, its totals those of the whole index, with exit 0,
    where the library refuses doc=[] (pass 36l). "where": {} likewise widened it, and
    "example": [] answered a plain concordance, unranked."""
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        f'{{"word": "bank", "{key}": {empty}}}\n{{"word": "bank", "k": 1}}\n', encoding="utf-8"
    )
    code, out, err = run(runner, idx, "search", "--queries", str(queries), "--format", "jsonl")
    assert code == 1
    assert [h["query"] for h in hits(out)] == [1]
    assert f'q.jsonl:1: "{key}": {empty} is empty, which would be read as no {key} at all' in err


def test_an_unknown_queries_key_says_the_key_meant(runner, idx, tmp_path):
    """An option spelt as on the command line (match-case) or one a line cannot take
    (count) was refused as unknown with no word of why, among 30 keys (pass 36l)."""
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"word": "bank", "match-case": true}\n{"word": "bank", "count": "doc"}\n',
        encoding="utf-8",
    )
    code, out, err = run(runner, idx, "search", "--queries", str(queries))
    assert (code, out) == (1, "")
    assert "q.jsonl:1: unknown key(s) match-case (the key is match_case);" in err
    assert "q.jsonl:2: unknown key(s) count (--count is for one search, not a --queries" in err


def test_a_queries_line_s_word_or_pattern_replaces_the_command_line_s(runner, idx, tmp_path):
    """`search bank --queries q.jsonl`: a line's "word" replaced bank, but a line's "cql"
    was refused as "give WORD or --cql PATTERN, not both" (and a --cql with a line's
    word so too), though a line's own value replaces an option's (pass 36l)."""
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"k": 1}\n{"cql": "[lemma=\\"river\\"]", "k": 1}\n{"word": "river", "k": 1}\n',
        encoding="utf-8",
    )
    code, out, err = run(
        runner, idx, "search", "bank", "--queries", str(queries), "--format", "jsonl"
    )
    assert code == 0, err
    assert [(h["query"], h["form"]) for h in hits(out)] == [(0, "bank"), (1, "river"), (2, "river")]
    code, out, err = run(
        runner, idx, "search", "--cql", '[lemma="bank"]', "--queries", str(queries),
        "--format", "jsonl",
    )  # fmt: skip
    assert code == 0, err
    assert [(h["query"], h["form"]) for h in hits(out)] == [(0, "bank"), (1, "river"), (2, "river")]


def test_a_queries_file_that_cannot_be_read_is_one_line_naming_it(runner, idx, tmp_path):
    """It printed Python's "[Errno 2] No such file or directory: 'q.jsonl'" (issue 23)."""
    missing = tmp_path / "missing.jsonl"
    code, out, err = run(runner, idx, "search", "--queries", str(missing))
    assert (code, out, err) == (1, "", f"Error: --queries {missing}: no such file\n")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"word": "caf\xe9"}\n')
    code, out, err = run(runner, idx, "search", "--queries", str(latin))
    assert (code, out) == (1, "") and "Errno" not in err
    assert err == f"Error: --queries {latin}: invalid UTF-8 at byte 14; expected UTF-8 text\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"word": "bank", "k": -3}', '"k": -3 is not in the range x>=1'),
        ('{"word": "bank", "k": 0}', '"k": 0 is not in the range x>=1'),
        ('{"word": "bank", "k": "five"}', "\"k\": 'five' is not a valid integer"),
        ('{"word": "bank", "k": true}', '"k": expected a whole number >= 1, got true'),
        ('{"word": "bank", "sample": -1}', '"sample": -1 is not in the range'),
        ('{"word": "bank", "pos": [{}]}', '"pos": expected text, got {}'),
        ('{"word": "bank", "like": ["x"]}', "\"like\": 'x' is not a valid integer"),
        ('{"word": "bank", "form": "yes"}', '"form": expected true or false'),
        ('{"word": "bank", "where": {"genre": {"a": 1}}}', "\"where\": the value of 'genre'"),
        ('{"word": "bank", "where": "genre"}', '"where": expected key=value'),
        ('{"word": ["bank"]}', '"word": expected text, got ["bank"]'),
        ('{"word": "bank", "expand": -1}', '"expand": -1 is not in the range x>=0'),
    ],
)
def test_query_lines_are_validated_like_the_options(runner, idx, tmp_path, line, message):
    queries = tmp_path / "q.jsonl"
    good = '{"word": "bank", "k": "2"}'  # the CLI takes -k 2 as text too
    queries.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    code, out, err = run(runner, idx, "search", "--queries", str(queries), "--format", "jsonl")
    assert code == 1
    assert [h["query"] for h in hits(out)] == [0, 0, 2, 2]
    assert f"q.jsonl:2: {message}" in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_tables(runner, idx, fmt, delimiter):
    code, out, _ = run(runner, idx, "search", "bank", "--format", fmt)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
    assert len(rows) == 4 and rows[0]["form"] == "bank" and rows[0]["doc"] == "r1"


def test_kwic_aligns_the_word(runner, idx):
    code, out, _ = run(runner, idx, "search", "bank", "--format", "kwic", "--width", "100")
    assert code == 0
    header, *lines = out.splitlines()
    assert header.startswith("# 4 matches in 4 documents;") and len(lines) == 4
    assert len({line.index("| bank |") for line in lines}) == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["search", "zebra"], "no occurrences of 'zebra'"),
        (["search", "bank", "--example", "a sentence without it"], "does not occur in the example"),
        (["search", "bank", "--example", "[[two]] [[marks]]"], "mark one"),
        (["search", "bank", "--like", "999999"], "no occurrence with id 999999"),
        (["search", "bank", "--where", "genre"], "expected key=value"),
        (["search", "bank", "--unlike", "1"], "--unlike needs something to be like"),
        (
            ["search", "bank", "--unlike-example", "the [[bank]] raised rates"],
            "Error: --unlike-example needs something to be like",
        ),
    ],
)
def test_user_mistakes_get_a_message_not_a_traceback(runner, idx, args, message):
    code, out, err = run(runner, idx, *args)
    assert code != 0
    assert message in err
    assert "Traceback" not in out + err


def test_missing_index(runner, tmp_path):
    code, _, err = run(runner, tmp_path / "none", "search", "bank")
    assert code == 1 and "no sensegrep index" in err


def test_indexing_only_missing_paths_makes_no_index(runner, tmp_path, corpus):
    """A mistyped path made an empty index (its encoder fixed) and said "everything else
    was indexed"; now one line, and no folder. Into an index that exists, or beside a
    path that exists, a missing one is still a bad file skipped."""
    folder = tmp_path / "new"
    code, _, err = run(runner, folder, "index", str(tmp_path / "corpus.jsnol"))
    assert code == 1 and not folder.exists()
    assert err.strip() == (
        f"Error: {tmp_path / 'corpus.jsnol'} does not exist: nothing was indexed, and no "
        f"index was made at {folder}"
    )
    code, _, err = run(runner, folder, "index", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 1 and not folder.exists() and "none of " in err
    both = [str(corpus), str(tmp_path / "b")]
    code, _, err = run(runner, folder, "index", *both, "--model", "fake:16")
    assert code == 1 and "no such file or folder" in err and (folder / "manifest.json").exists()


def test_other_model_is_refused(runner, idx, corpus):
    code, _, err = run(runner, idx, "index", str(corpus), "--model", "fake:8")
    assert code == 1
    # One line: both encoders named, what to do; no weights, hashes or settings dumped.
    assert err.strip() == (
        f"Error: {idx} was built with the encoder fake:16, not fake:8: leave out --model "
        "and the encoder options to use the index's own encoder, or index into a new folder"
    )


def test_bad_files_are_skipped_and_the_rest_is_indexed(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "good.jsonl", DOCS[:2])
    (folder / "bad-utf8.txt").write_bytes(b"caf\xe9 on the bank\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02bank")
    (folder / "empty.txt").write_text("")
    (folder / "broken.jsonl").write_text('{"id": "x", "text": "a bank"}\n{oops\n', encoding="utf-8")
    (folder / "broken.data.xml").write_text("<corpus><text id='d'><sentence>", encoding="utf-8")
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", str(folder), "--model", "fake:16")
    assert code == 1
    for name in ("bad-utf8.txt", "binary.txt", "empty.txt", "broken.jsonl:2", "broken.data.xml"):
        assert name in err, name
    assert "Traceback" not in err
    stats = json.loads(run(runner, idx, "info", "--json")[1])
    assert stats["documents"] == 3  # the two good ones and the good line of broken.jsonl


def test_interrupted_run_finishes_on_rerun(runner, tmp_path, monkeypatch):
    many = [{"id": f"d{i}", "text": f"Document {i} mentions the bank once."} for i in range(30)]
    corpus = write_jsonl(tmp_path / "many.jsonl", many)
    clean_idx, idx = tmp_path / "clean", tmp_path / "idx"
    assert run(runner, clean_idx, "index", str(corpus), "--model", "fake:16")[0] == 0

    from sensegrep.indexer import pipeline

    monkeypatch.setattr(pipeline, "BATCH_OCCURRENCES", 10)
    original, calls = Index.add_batch, {"n": 0}

    def crash_on_third_batch(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # as if killed mid-run
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Index, "add_batch", crash_on_third_batch)
    result = runner.invoke(cli, ["--index", str(idx), "index", str(corpus), "--model", "fake:16"])
    # It printed only "Aborted!" (exit 1): was the run lost, or half-written?
    assert result.exit_code == 130
    assert result.stderr.strip() == (
        "index stopped: the batches committed before stay in the index and the one being "
        "written was rolled back; run the same command again to go on (what is indexed "
        "already is skipped)"
    )
    partial = json.loads(run(runner, idx, "info", "--json")[1])
    assert 0 < partial["documents"] < 30

    monkeypatch.setattr(Index, "add_batch", original)
    assert run(runner, idx, "index", str(corpus))[0] == 0
    done = json.loads(run(runner, idx, "info", "--json")[1])
    clean = json.loads(run(runner, clean_idx, "info", "--json")[1])
    for key in ("documents", "sentences", "tokens", "occurrences", "lemmas"):
        assert done[key] == clean[key], key
    assert len(hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])) == 30


def test_compare_pairs_in_order_with_bad_line_kept(runner, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        '{"a": "the [[bank]] of the river", "b": "the [[bank]] of the river"}\n'
        '{"a": "no marker here", "b": "the [[bank]]"}\n'
        '{"a": "the [[bank]] of the river", "b": "the [[bank]] raised rates"}\n',
        encoding="utf-8",
    )
    code, out, err = run(
        runner,
        tmp_path / "none",
        "compare",
        "--pairs",
        str(pairs),
        "--format",
        "jsonl",
        "--model",
        "fake:16",
    )
    assert code == 1 and "pairs.jsonl:2" in err
    scores = [json.loads(line)["score"] for line in out.splitlines()]
    assert len(scores) == 3 and scores[0] == pytest.approx(1.0, abs=1e-5) and scores[1] is None
    assert scores[2] < 1.0
    # Text: a "-" keeps the lines aligned; it printed "nan", as if a figure (issue 23).
    code, out, err = run(runner, tmp_path / "none", "compare", "--pairs", str(pairs),
                         "--model", "fake:16")  # fmt: skip
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3 and lines[1] == "-" and "nan" not in out
    assert float(lines[0]) == pytest.approx(1.0, abs=1e-4) and float(lines[2]) < 1.0
    assert "--format jsonl adds each pair's probability" in err


def test_compare_pairs_text_says_each_pairs_note_by_its_line(runner, tmp_path):
    """A pair of two different words gets no probability and a note: JSONL's "notes"
    said it, the text format said nothing (issue 23); now stderr, by the pair's line."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        '{"a": "the [[bank]] of the river", "b": "the [[bank]] raised rates"}\n'
        '{"a": "the [[bank]] of the river", "b": "the [[shore]] of the lake"}\n',
        encoding="utf-8",
    )
    code, out, err = run(runner, tmp_path / "none", "compare", "--pairs", str(pairs),
                         "--model", "fake:16", "--format", "jsonl")  # fmt: skip
    said = [json.loads(line)["notes"] for line in out.splitlines()]
    assert code == 0 and said[0] == [] and len(said[1]) == 1
    code, out, err = run(runner, tmp_path / "none", "compare", "--pairs", str(pairs),
                         "--model", "fake:16")  # fmt: skip
    assert code == 0 and len(out.splitlines()) == 2
    assert f"note: {pairs}:2: {said[1][0]}" in err.splitlines()
    assert f"{pairs}:1:" not in err


def test_commands_served_from_storage_do_not_import_torch(runner, idx):
    # An occurrence of "bank" (ids depend on the tokeniser: spaCy gives "We" no vector).
    like = str(hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])[0]["id"])
    code = (
        "import sys; from click.testing import CliRunner; from sensegrep.cli import cli;"
        f"r = CliRunner().invoke(cli, ['--index', {str(idx)!r}, 'info']); assert r.exit_code == 0;"
        f"r = CliRunner().invoke(cli, ['--index', {str(idx)!r}, 'search', 'bank', '--like',"
        f" {like!r}]);"
        "assert r.exit_code == 0, r.output;"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_a_plain_concordance_imports_no_encoder_faiss_or_lemmatiser(idx):
    """A one-off `search WORD` reads tokens only: it pays for none of these imports."""
    code = (
        "import sys; from click.testing import CliRunner; from sensegrep.cli import cli;"
        f"r = CliRunner().invoke(cli, ['--index', {str(idx)!r}, 'search', 'bank']);"
        "assert r.exit_code == 0 and r.output, r.output;"
        "heavy = ('torch', 'transformers', 'onnxruntime', 'faiss', 'simplemma', 'spacy');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_formats_in_a_folder_are_noted_not_errors(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "good.jsonl", DOCS[:1])
    (folder / "README.md").write_text("# notes\n")
    write_jsonl(folder / "more.data", DOCS[1:2])  # JSONL under a name that says nothing
    code, _, err = run(runner, tmp_path / "idx", "index", str(folder), "--model", "fake:16")
    assert code == 0, err
    assert "unknown format" in err and "README.md" in err
    assert "note: format told by the first lines: more.data (jsonl)" in err
    assert "indexed 2 file(s)" in err
    code, _, err = run(runner, tmp_path / "idx", "index", str(folder / "README.md"))
    assert code == 1 and "--format" in err


def test_shell_answers_queries_and_survives_mistakes(runner, idx, monkeypatch):
    from sensegrep import embedder as embedder_module

    loads = {"n": 0}
    original = embedder_module.load_embedder_from_config

    def counting(config):
        loads["n"] += 1
        return original(config)

    monkeypatch.setattr(embedder_module, "load_embedder_from_config", counting)
    script = (
        "\n".join(
            [
                ":format jsonl",
                'bank -e "the [[bank]] of the river" -k 2',
                "zebra",
                "bank --where nokeyvalue",
                ":k 1",
                'search bank -e "the [[bank]] raised rates"',
                ":quit",
            ]
        )
        + "\n"
    )
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    # A script's failed lines (zebra, nokeyvalue) make the exit status 1, once it ends.
    assert result.exit_code == 1, result.output
    assert "2 line(s) of the script failed" in result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [h["rank"] for h in found] == [1, 2, 1]
    assert "sensegrep>" not in result.stdout  # prompts go to stderr: stdout is the results
    assert "no occurrences of 'zebra'" in result.stderr
    assert "expected key=value" in result.stderr
    assert loads["n"] == 1  # the encoder is loaded once for the whole session


def test_shell_k_limits_concordance_lines_not_count_tables(runner, idx):
    """:k N is how many lines a concordance shows; a --count table counts every match
    as the command line does without -k (issue 23: :k cut its rows silently)."""
    script = "\n".join([":format jsonl", ":k 1", "bank --count doc", "bank --count doc -k 2",
                         "bank", ":quit"]) + "\n"  # fmt: skip
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line[line.index("{") :]) for line in result.stdout.splitlines()
             if "{" in line]  # fmt: skip
    every = sum(1 for doc in DOCS if "bank" in doc["text"].lower())
    first, typed = lines[:every], lines[every : every + 2]
    assert sorted(row["value"] for row in first) == sorted(
        d["id"] for d in DOCS if "bank" in d["text"].lower()
    )
    assert sum(row["count"] for row in typed) == 2  # -k on the line selects lines
    assert [hit["word"] for hit in lines[every + 2 :]] == ["bank"]  # :k 1: one line
    assert f"all {every} matches counted" in result.stderr


def test_shell_format_applies_to_the_statistics_too(runner, idx):
    """:format jsonl gave a search JSONL but a statistic its text table; a --format
    typed on the line still wins, and kwic is a table's text."""
    script = "\n".join([":format jsonl", "freq -k 2", "freq -k 2 --format csv", ":format kwic",
                         "freq -k 2", ":quit"]) + "\n"  # fmt: skip
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 0, result.output
    out = [line.replace("sensegrep> ", "").strip() for line in result.stdout.splitlines()]
    records = [json.loads(line) for line in out if line.startswith("{")]
    assert len(records) == 2 and {"item", "freq", "dp"} <= set(records[0])
    assert "item,freq,per_million,docs,dp,juilland_d" in out, out
    assert any(line.split()[:2] == ["freq", "per_million"] for line in out), out


@pytest.mark.parametrize("leave", ["quit", "exit"])
def test_a_bare_quit_or_exit_leaves_the_shell(runner, idx, leave):
    """As in Python's and sqlite3's shells (a new user typed `quit` and got the word's
    concordance); `search quit` still searches the word. Nothing typed after it runs."""
    script = f":format jsonl\nsearch quit\n{leave}\nbank\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 1, result.output  # the search for "quit" found nothing
    assert '"word": "bank"' not in result.stdout  # the line after it never ran
    assert "quit" in result.stderr  # the search for the word ran (and found nothing)


def test_an_inflected_query_word_falls_back_to_its_lemma(runner, idx):
    code, out, _ = run(runner, idx, "search", "banks", "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 4
    code, _, err = run(runner, idx, "search", "banks", "--form")
    assert code == 1 and "no occurrences of 'banks' (by word form)" in err


def test_label_ranks_by_the_labelled_centroid_and_gloss_is_an_example(runner, tmp_path):
    records = [
        {"id": "a", "text": "The bank of the river."},
        {"id": "b", "text": "The bank raised rates."},
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    found = hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])
    with Index.open(idx) as index, index.engine.begin() as conn:
        run_sql(conn, "UPDATE tokens SET label = 'bank%1 river' WHERE id = ?", (found[0]["id"],))
    code, out, _ = run(runner, idx, "search", "bank", "--format", "jsonl", "--label", "river")
    ranked = hits(out)
    assert code == 0 and ranked[0]["doc"] == "a" and ranked[0]["label"] == "bank%1 river"
    assert ranked[0]["score"] == pytest.approx(1.0, abs=1e-3)
    code, _, err = run(runner, idx, "search", "bank", "--label", "riv")  # whole labels only
    assert code == 1 and "--label riv: no occurrence of 'bank' has that label" in err
    assert "(their labels, nearest first: 'river', 'bank%1')" in err  # issue 23
    code, out, _ = run(
        runner, idx, "search", "bank", "--format", "jsonl", "--gloss", "sloping land"
    )
    assert code == 0 and len(hits(out)) == 2 and hits(out)[0]["score"] is not None


def test_search_sense_partitions_the_occurrences(runner, idx):
    every = {h["id"] for h in hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])}
    seen: set[int] = set()
    for sense in (1, 2):
        code, out, err = run(
            runner, idx, "search", "bank", "--format", "jsonl", "--sense", str(sense)
        )
        if code != 0:  # only one sense induced for this tiny corpus
            assert sense == 2 and "no sense 2" in err
            break
        ids = {h["id"] for h in hits(out)}
        assert ids and ids.isdisjoint(seen)
        seen |= ids
    assert seen == every
    code, _, err = run(runner, idx, "search", "bank", "--sense", "9")
    assert code == 1 and "no sense 9" in err


def test_shell_runs_other_commands_but_not_index(runner, idx):
    script = "senses bank --format jsonl\nindex foo.txt\n:quit\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 1, result.output  # index refused: one line failed
    assert '"sense": 1' in result.stdout
    assert "outside the shell" in result.stderr
    assert "1 line(s) of the script failed" in result.stderr


def test_shell_refuses_serve_which_would_hold_it(runner, idx):
    """`serve` in the shell started a server that held the shell until Ctrl-C."""
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input="serve\n:quit\n")
    assert result.exit_code == 1 and "run `sensegrep serve` outside the shell" in result.stderr


def test_a_system_error_on_one_line_leaves_the_shell_running(runner, idx, tmp_path):
    """`export … -o` into a folder that does not exist ended the whole shell (an
    OSError past the line's handler): the lines after it never ran, though the README
    says a script's failed line is counted and the rest run."""
    missing = tmp_path / "no-such-folder" / "out.csv"
    script = f":format jsonl\nexport bank --to csv -o {missing}\nbank -k 1\n:quit\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 1, result.output
    assert f"error: {missing}: no such file or directory" in result.stderr
    assert [h["word"] for h in hits(result.stdout)] == ["bank"]  # the next line ran
    assert "1 line(s) of the script failed" in result.stderr


def test_ctrl_c_at_the_prompt_drops_the_line_and_keeps_the_shell(runner, idx, monkeypatch):
    """Ctrl-C at the prompt (to drop a half-typed line) ended the whole session, its
    :k and :format with it, where Python's shell and psql drop the line; Ctrl-D leaves."""
    from sensegrep.commands import shell as shell_module

    typed = iter([":format jsonl", KeyboardInterrupt, "bank -k 1", EOFError])

    def read_line(interactive: bool) -> str:
        step = next(typed)
        if isinstance(step, type) and issubclass(step, BaseException):
            raise step
        return step

    monkeypatch.setattr(shell_module, "_interactive", lambda: True)
    monkeypatch.setattr(shell_module, "_read_line", read_line)
    result = runner.invoke(cli, ["--index", str(idx), "shell"])
    assert result.exit_code == 0, result.output
    assert [h["word"] for h in hits(result.stdout.split("\n", 1)[1])] == ["bank"]


def test_ctrl_c_while_a_command_runs_stops_it_and_keeps_the_shell(runner, idx, monkeypatch):
    """Ctrl-C to stop a slow search ended the whole shell, its :k and :format with it
    (README said so): it stops that command, as Python's shell and psql do, and the
    next line runs with the settings in force."""
    from sensegrep.api.index import SenseIndex
    from sensegrep.commands import shell as shell_module

    typed = iter([":format jsonl", "bank -k 1", "bank -k 1", EOFError])

    def read_line(interactive: bool) -> str:
        step = next(typed)
        if isinstance(step, type) and issubclass(step, BaseException):
            raise step
        return step

    searched = SenseIndex.search
    pressed = iter([True])

    def search(self, *args, **kwargs):  # Ctrl-C pressed during the first search
        if next(pressed, False):
            raise KeyboardInterrupt
        return searched(self, *args, **kwargs)

    monkeypatch.setattr(shell_module, "_interactive", lambda: True)
    monkeypatch.setattr(shell_module, "_read_line", read_line)
    monkeypatch.setattr(SenseIndex, "search", search)
    result = runner.invoke(cli, ["--index", str(idx), "shell"])
    assert result.exit_code == 0, result.output
    assert "interrupted: that line was stopped; the shell goes on" in result.stderr
    assert [h["word"] for h in hits(result.stdout.split("\n", 1)[1])] == ["bank"]


def test_shell_settings_alone_say_what_is_in_force(runner, idx):
    """The prompt shows no setting, and `:k` or `:format` alone was an error ("got ''"):
    after a hundred lines nothing said which were in force. Said on stderr (a script's
    stdout stays its results)."""
    script = ":k\n:format\n:k 4\n:format jsonl\n:k\n:format\n:quit\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    said = [line.replace("sensegrep> ", "") for line in result.stderr.splitlines()[1:]]
    assert [line.split(" (")[0].split(":")[1] for line in said if line.strip()] == [
        "k is not set", "format is not set", "k is 4", "format is jsonl"
    ]  # fmt: skip


def test_a_script_piped_in_writes_what_the_command_line_writes_into_a_pipe(runner, idx):
    """`shell < queries.txt > out.jsonl` (README) wrote a search's kwic text, not the
    JSONL that `sensegrep search` writes into a pipe: each line equals its command's own
    output until :format is set."""
    script = ":help\nbank -k 2\nfreq -k 2\n"  # (:help went to a script's results too)
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 0, result.output
    alone = [run(runner, idx, *line.split())[1] for line in ("search bank -k 2", "freq -k 2")]
    assert result.stdout == "".join(alone)
    assert [json.loads(line)["rank"] for line in alone[0].splitlines()] == [1, 2]


def test_a_command_line_pasted_into_the_shell_runs_on_its_index(runner, idx):
    """`sensegrep search bank` typed in the shell failed as a search of the word
    'sensegrep', and `sensegrep --index other search bank` offered `index`: the prefix is
    read past, and a global option is refused naming the shell's index."""
    script = "sensegrep search bank -k 1\nsensegrep --index other search bank\n--db x bank\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 1 and "2 line(s) of the script failed" in result.stderr
    assert result.stdout == run(runner, idx, "search", "bank", "-k", "1")[1]
    assert f"this shell is on {idx}; --index is given when a shell opens" in result.stderr
    assert "--db is given when a shell opens" in result.stderr
    assert "did you mean" not in result.stderr


def test_a_count_of_one_value_says_value(runner, idx):
    code, _out, err = run(runner, idx, "search", "bank", "--count", "lemma", "--format", "tsv")
    assert code == 0 and ", 1 distinct lemma value;" in err


def test_only_regular_files_are_read_and_size_is_limited(runner, tmp_path):
    """A FIFO and a link to /dev/zero inside a folder would block or never end: they
    are named and skipped; a file over --max-file-size too; the rest is indexed."""
    import os

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("The bank of the river.", encoding="utf-8")
    (folder / "big.txt").write_text("word " * 60_000, encoding="utf-8")  # 0.3 MB
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    code, _, err = run(
        runner,
        tmp_path / "idx",
        "index",
        str(folder),
        "--model",
        "fake:16",
        "--max-file-size",
        "0.1",
    )
    assert code == 1
    assert "pipe.txt: not a regular file (a FIFO)" in err
    assert "zero.txt: not a regular file (a character device)" in err
    assert "big.txt: 0.3 MiB is over the per-file limit of 0.1 MiB" in err
    assert "Traceback" not in err
    code, out, _ = run(runner, tmp_path / "idx", "search", "bank", "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 1


def test_undecodable_file_names_are_indexed_under_an_escaped_name(runner, tmp_path):
    import os

    folder = tmp_path / "corpus"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(b"The bank of the river.")
    code, _, err = run(runner, tmp_path / "idx", "index", str(folder), "--model", "fake:16")
    assert code == 0, err
    code, out, _ = run(runner, tmp_path / "idx", "search", "bank", "--format", "jsonl")
    assert code == 0 and [h["doc"] for h in hits(out)] == ["caf\\xe9.txt"]


@pytest.mark.parametrize("fmt", ["kwic", "csv", "tsv"])
def test_control_characters_are_shown_escaped_and_jsonl_keeps_them(runner, tmp_path, fmt):
    text = "The \x1b]0;owned\x07bank\x1b[2J of the river."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "esc\x1b[31m", "text": text}])
    assert run(runner, tmp_path / "idx", "index", str(corpus), "--model", "fake:16")[0] == 0
    code, out, _ = run(runner, tmp_path / "idx", "search", "bank", "--format", fmt)
    assert code == 0 and out.strip()
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b" in out
    code, out, _ = run(runner, tmp_path / "idx", "search", "bank", "--format", "jsonl")
    [hit] = hits(out)
    assert hit["sentence"] == text and hit["doc"] == "esc\x1b[31m"


def test_a_read_only_index_is_read_without_creating_files(runner, idx, monkeypatch):
    """Where the folder cannot be written (a read-only share; simulated here, since root
    may write anywhere), SQLite opens the database immutable: reads work and leave the
    folder as it was."""
    import sensegrep.storage.index as storage_index

    before = sorted(p.name for p in idx.iterdir())
    monkeypatch.setattr(storage_index, "_can_write", lambda _folder: False)
    code, out, err = run(runner, idx, "search", "bank", "--format", "jsonl")
    assert code == 0, err
    assert len(hits(out)) == 4
    assert run(runner, idx, "info")[0] == 0
    assert sorted(p.name for p in idx.iterdir()) == before


def test_a_deleted_database_is_reported_not_recreated(runner, idx, backend):
    if backend == "postgresql":  # the index's schema dropped from the server
        with Index.open(idx) as index, index.engine.begin() as conn:
            schema = index.manifest.database["schema"]
            run_sql(conn, f"DROP SCHEMA {schema} CASCADE")
        code, _, err = run(runner, idx, "search", "bank")
        assert code == 1 and f"its database schema {schema} is not in" in err
        assert len(err.strip().splitlines()) == 1
        return
    (idx / "index.sqlite").unlink()
    code, _, err = run(runner, idx, "search", "bank")
    assert code == 1 and "index.sqlite is missing" in err
    assert not (idx / "index.sqlite").exists()


def test_check_finds_a_sound_index_sound_and_names_damage(runner, idx):
    code, out, _ = run(runner, idx, "check")
    assert code == 0 and out.startswith("ok: ") and "4 documents" in out
    [shard] = [p for p in (idx / "vectors").iterdir() if p.suffix == ".faiss"]
    shard.write_bytes(shard.read_bytes()[:100])  # truncated
    code, _, err = run(runner, idx, "check")
    assert code == 1
    assert f"problem: {shard}: unreadable shard" in err and "corpus.jsonl" in err
    assert "Traceback" not in err
    shard.unlink()
    code, _, err = run(runner, idx, "check")
    assert code == 1 and "shard file missing" in err


def test_a_truncated_shard_is_one_line_naming_it(runner, idx):
    [shard] = [p for p in (idx / "vectors").iterdir() if p.suffix == ".faiss"]
    shard.write_bytes(shard.read_bytes()[:100])
    code, _, err = run(runner, idx, "search", "bank", "-e", "the [[bank]] of the river")
    assert code == 1 and f"{shard}: the vector shard is damaged" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_an_output_path_that_cannot_be_written_is_one_line(runner, idx, tmp_path):
    target = tmp_path / "no-such-folder" / "out.csv"
    code, _out, err = run(runner, idx, "export", "bank", "--to", "csv", "-o", str(target))
    assert code == 1
    assert err.strip() == f"Error: {target}: no such file or directory"


def test_dash_as_output_is_standard_output_or_refused(runner, idx, tmp_path, monkeypatch):
    """`export -o -` wrote a file named "-" in the current folder, where most Unix tools
    write to standard output; a command that writes only files refuses it."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(runner, idx, "export", "bank", "--to", "csv", "-o", "-")
    _, whole, _ = run(runner, idx, "export", "bank", "--to", "csv")
    assert code == 0 and out == whole and out.count("bank") >= 3, err
    assert "wrote " not in err
    code, _, err = run(runner, idx, "tune", "-o", "-")
    assert code == 2 and "writes a file, not standard output: give its name" in err, err
    assert not (tmp_path / "-").exists()


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "bank", "--sample", "5", "--seed", "-5"], 2, "x>=0"),
        (["search", "bank", "--like", HUGE], 1, "not an occurrence id"),
        (["search", "bank", "--senses", HUGE], 1, "<= 9223372036854775807"),
        (["search", "bank", "--sample", "2", "--seed", HUGE], 1, "<= 9223372036854775807"),
        (["search", "bank", "--near", "river", "--window", HUGE], 2, "1<=x<=1000"),
        (["collocates", "bank", "--window", HUGE], 2, "1<=x<=1000"),
        (["label", HUGE, "--as", "x"], 1, "not an occurrence id"),
        (["senses", "bank", "--use", HUGE], 1, "<= 9223372036854775807"),
        (["export", "bank", "--to", "csv", "--sample", HUGE], 1, "<= 9223372036854775807"),
        (["search", "--cql", '[foo="bank"]'], 1, "token attributes: deprel, lemma, pos"),
    ],
)
def test_huge_and_wrong_numbers_are_one_line_errors(runner, idx, args, code, message):
    """Issue 26: `search bank --sample 5 --seed -5` and `--like 99999999999999999999999`
    were tracebacks; `--senses HUGE` an OverflowError; `--window HUGE` ran out of memory
    (collocates) or never ended (--near). Each is now a one-line error, at once."""
    exit_code, _, err = run(runner, idx, *args)
    assert exit_code == code and message in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("Error")]) == 1


@pytest.mark.parametrize(
    "args",
    [["import", "la\x00bels.jsonl"], ["elmo", "train", "cor\x00pus.txt"], ["index", "a\x00b"]],
)
def test_a_file_name_with_a_nul_is_one_line(runner, idx, args):
    """A NUL in a path (the shell's lines, a script's argv list) made click's os.stat()
    raise ValueError past the edge handler (issue 26's audit: every command driven with
    odd values, tests/cli)."""
    code, out, err = run(runner, idx, *args)
    assert code == 1 and "Traceback" not in out + err
    assert (
        err.strip()
        == "Error: a file name cannot hold a NUL character (\\x00): check the path given"
    )


def test_a_line_that_is_no_command_says_it_was_read_as_a_search(runner, idx):
    """`count bank right1` in the shell answered with search's usage and "unexpected
    extra arguments", never saying that 'count' is no command and was searched."""
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input="count bank right1\n")
    assert result.exit_code == 1, result.output
    assert "'count' is no command, so the line was read as `search count …`" in result.stderr
    assert "`search WORD --count KEY`" in result.stderr


def test_a_search_line_with_a_mistyped_option_is_not_called_no_command(runner, idx):
    """`bank --frob` answered "note: 'bank' is no command, so the line was read as
    `search bank …`" after click's error: the line was the search it looks like."""
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input="bank --frob\n")
    assert result.exit_code == 1 and "No such option '--frob'" in result.stderr
    assert "is no command" not in result.stderr
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input="lables bank\n")
    assert "'lables' is no command" in result.stderr and "did you mean labels" in result.stderr


def test_a_comment_line_in_a_shell_script_is_skipped(runner, idx):
    """A script's `# label the river ones` was searched as the word '#' with extra
    arguments, and counted as a failed line."""
    script = "# the river ones\n:format jsonl\n  # indented\n#\nbank -k 1\n#bank\n:quit\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 1, result.output  # #bank is searched, and is no word here
    assert [h["word"] for h in hits(result.stdout)] == ["bank"]
    assert "no occurrences of '#bank'" in result.stderr
    assert "1 line(s) of the script failed" in result.stderr


def test_a_shell_script_with_a_byte_order_mark_keeps_its_first_line(runner, idx):
    """A script saved by Notepad as UTF-8 (a BOM, CRLF): its first line `:k 1` was read
    as a search of '\\ufeff:k' and failed, and every search after it showed every line."""
    script = "\ufeff:format jsonl\r\n:k 1\r\nbank\r\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script.encode())
    assert result.exit_code == 0, result.output
    assert [h["word"] for h in hits(result.stdout)] == ["bank"]


def test_an_option_of_one_value_given_twice_is_refused(runner, idx):
    """`--count sense --count label` counted by label alone, without a word (click keeps
    the last value): a user asking for both saw one table. Refused, naming the option;
    repeatable options (--where) still repeat."""
    code, printed, err = run(runner, idx, "search", "bank", "--count", "form", "--count", "doc")
    assert code == 2 and printed == ""
    assert "--count was given more than once" in err
    code, _, err = run(runner, idx, "search", "bank", "-k", "2", "-k", "3")
    assert code == 2 and "-k was given more than once" in err
    result = runner.invoke(cli, ["--index", str(idx), "--index", str(idx), "info"])
    assert result.exit_code == 2 and "--index was given more than once" in result.stderr
    code, _, err = run(runner, idx, "search", "bank", "--count", "doc", "-k", "2")
    assert code == 0, err
    code, _, err = run(runner, idx, "search", "bank", "--where", "a=b", "--where", "c=d")
    assert "given more than once" not in err


def test_info_says_what_its_occurrences_are(runner, idx):
    """Info's "occurrences 497" under "tokens 588" did not say what an occurrence is: the
    tokens with a sense vector (what the index message says it made)."""
    stats = json.loads(run(runner, idx, "info", "--json")[1])
    code, out, _ = run(runner, idx, "info")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("occurrences "))
    assert row.split(None, 1)[1] == f"{stats['occurrences']:,} (tokens with a sense vector)"


def test_info_says_vectors_its_codec_has_not_encoded_yet(runner, idx):
    """Info said `vectors  sq4` of an index of a few hundred vectors, all stored f16 (the
    codec trains on its first 1,000 written at once): a user read them as sq4's."""
    stats = json.loads(run(runner, idx, "info", "--json")[1])
    assert stats["vectors"] == "sq4" and stats["vectors_stored"] == "f16"
    assert stats["vectors_train_min"] == 1000
    out = run(runner, idx, "info")[1]
    row = next(line for line in out.splitlines() if line.startswith("vectors "))
    assert "sq4 (not trained yet: the vectors are stored f16 until 1,000 or more" in row
    assert "train min" not in out


def test_a_shell_line_s_home_folder_path_is_the_home_folder(runner, idx, tmp_path, monkeypatch):
    """`export bank -o ~/bank.csv` typed in the shell wrote to a folder named "~" under
    the current one (no terminal shell expands it there); as at a terminal now. A search
    of "~" itself is still a search."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    script = "export bank --to csv -o ~/bank.csv\nexport bank --to csv --output=~/b2.csv\n"
    result = runner.invoke(cli, ["--index", str(idx), "shell"], input=script)
    assert result.exit_code == 0, result.output
    assert (home / "bank.csv").read_text().count("bank") >= 2
    assert (home / "b2.csv").exists() and not (tmp_path / "~").exists()
