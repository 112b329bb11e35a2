"""``change``: APD and the Jensen–Shannon divergence by hand on tiny vectors; the
command's plumbing on the seeded clusters (tests/senses/seeded.py); and, with the real
encoder, a corpus with a planted change ranks the changed word first on both."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest

import sensegrep
from sensegrep.errors import NoVectorsError, QueryError
from sensegrep.senses import word_senses
from sensegrep.stats.change import apd, jsd

from ..helpers import DOCS, run, write_jsonl
from ..senses.seeded import cluster_docs

# -- the measures, by hand ------------------------------------------------------------------


def test_apd_by_hand() -> None:
    # (1,0)·(1,0): distance 0; (0,1)·(1,0): distance 1. Lengths do not count.
    assert apd(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0]])) == 0.5
    assert apd(np.array([[2.0, 0.0], [0.0, 3.0]]), np.array([[5.0, 0.0]])) == 0.5
    assert apd(np.array([[1.0, 0.0]]), np.array([[-1.0, 0.0]])) == 2.0  # opposite
    # (1,0) and (1,1) against (0,1): cosines 0 and 1/√2, so APD = (1 + 1 − 1/√2) / 2
    value = apd(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 1.0]]))
    assert value == pytest.approx(1 - 1 / (2 * math.sqrt(2)), abs=1e-12)


def test_apd_is_the_mean_over_every_pair() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((7, 5)), rng.standard_normal((4, 5))
    pairs = [1 - x @ y / np.linalg.norm(x) / np.linalg.norm(y) for x in a for y in b]
    assert apd(a, b) == pytest.approx(sum(pairs) / len(pairs), abs=1e-12)


def test_apd_of_the_same_usages_is_never_below_zero() -> None:
    """Identical usages in both groups gave APD 1 − 1.0000000000000002 = −2e-16, shown as
    "apd": -0.0 over HTTP (a distance below zero; issue 23, a pass over the HTTP API)."""
    rng = np.random.default_rng(0)
    for _ in range(50):
        same = np.repeat(rng.standard_normal((1, 256)).astype(np.float32), 3, axis=0)
        assert math.copysign(1.0, apd(same, same)) == 1.0 and apd(same, same) < 1e-6


def test_jsd_by_hand() -> None:
    assert jsd(np.array([3, 0]), np.array([0, 5])) == 1.0  # no sense in common
    assert jsd(np.array([2, 6]), np.array([1, 3])) == 0.0  # the same mix
    # p = (½, ½), q = (1, 0), m = (¾, ¼): JSD = H(m) − (H(p) + H(q)) / 2
    #   = (¾ log2 4/3 + ¼ log2 4) − (1 + 0) / 2 = 2 − ¾ log2 3 − ½
    assert jsd(np.array([1, 1]), np.array([4, 0])) == pytest.approx(
        1.5 - 0.75 * math.log2(3), abs=1e-12
    )
    assert jsd(np.array([1, 1]), np.array([4, 0])) == pytest.approx(0.311278124459, abs=1e-12)


# -- plumbing, on the seeded clusters (every year of 1950…1982, genres) ---------------------


def seeded_years() -> list[int]:
    return [doc.metadata["year"] for doc, _vector in cluster_docs()[0]]


def test_freq_and_where_of_each_group(seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        table = index.change(by="year", between=["..1965", "1966.."], words=["bank"])
    years = seeded_years()  # one "bank" a document, 5 tokens a document
    early = sum(y <= 1965 for y in years)
    (row,) = table
    assert (row["freq_a"], row["freq_b"]) == (early, len(years) - early)
    assert row["per_million_a"] == round(early / (5 * early) * 1e6, 2)
    # What the per-million figures are of: each group's tokens.
    assert (table.tokens_a, table.tokens_b) == (5 * early, 5 * (len(years) - early))
    assert {"tokens_a", "tokens_b"} <= set(table.about())
    assert (row["where_a"], row["where_b"]) == (["year=..1965"], ["year=1966.."])
    assert row["apd"] is not None and 0 <= row["apd"] <= 2
    # No sense run yet: no jsd, and nothing was induced for it.
    assert (row["jsd"], row["sense_run"], row["senses"]) == (None, None, None)
    assert index.sense_runs("bank") == []


def test_a_notebook_shows_what_each_groups_per_million_is_of(seeded: Path) -> None:
    """The notebook's head of a change table said only "counted in N tokens" (the whole
    index) over per_million_a and per_million_b, which are of each group's tokens: the
    head names both groups' tokens, as the CLI's "groups:" line does."""
    with sensegrep.open(seeded) as index:
        table = index.change(by="year", between=["..1965", "1966.."], words=["bank"])
    a, b = f"{table.tokens_a:,}", f"{table.tokens_b:,}"
    for shown in (repr(table), table._repr_html_()):
        assert f"groups A {a} tokens, B {b} tokens" in shown
        assert "what per_million_a and per_million_b are of" in shown


def test_jsd_of_the_current_run(seeded: Path) -> None:
    """The seeded senses are spread over the years alike (JSD near 0) but not over the
    genres (fiction is all sense 1): JSD 1 between fiction and news."""
    with sensegrep.open(seeded) as index:
        made = word_senses(index.storage, "bank")
        by_genre = index.change(by="genre", between=["fiction", "news"], words=["bank"])
        by_year = index.change(by="year", between=["..1965", "1966.."], words=["bank,bank"])
    assert by_genre[0]["jsd"] == 1.0 and by_genre[0]["sense_run"] == made.id
    assert by_genre[0]["senses"] == 3
    assert len(by_year) == 1 and by_year[0]["jsd"] < 0.05


def test_default_words_and_min_freq(seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        table = index.change(by="genre", between=["fiction", "news,science"], min_freq=20)
        fewer = index.change(by="genre", between=["fiction", "news,science"], min_freq=25)
    # bank, the and today are in every document (24 fiction, 30 others); context words
    # of one group are in that group only.
    assert sorted(r["word"] for r in table) == ["bank", "the", "today"]
    assert [r["apd"] for r in table] == sorted((r["apd"] for r in table), reverse=True)
    assert list(fewer) == []


def test_induce_stores_a_run(seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        table = index.change(by="genre", between=["fiction", "news"], words=["bank"], induce=True)
        assert table[0]["jsd"] == 1.0
        assert [r.id for r in index.sense_runs("bank")] == [table[0]["sense_run"]]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"by": "year", "between": ["..1965"]}, "change needs by=FIELD and between twice, group A"),
        ({"between": ["a", "b"]}, "change needs by=FIELD"),
        ({"by": "author", "between": ["a", "b"]}, "no document has a metadata field 'author'"),
        # pass 24: named as by, not as a where condition the user never wrote
        (
            {"by": "Year", "between": ["..1960", "1961.."]},
            r"^by='Year': no document has .*field names are case-sensitive: year$",
        ),
        ({"by": "year", "between": ["1800", "1950"]}, "0 documents have year '1800'"),
        (
            {"by": "year", "between": ["..1960", "1961.."], "where": ["genre=poetry"]},
            "poetry",
        ),
        # pass 30: a group empty in the doc/where subcorpus only says so, not as if the
        # index had no such year (river13 is of 1961)
        (
            {"by": "year", "between": ["..1960", "1961.."], "doc": ["river13"]},
            r"group A \(year=\.\.1960\) has no token in it within the subcorpus doc='?river13'?$",
        ),
        ({"by": "year", "between": ["..1960", "1961.."], "sort": "x"}, "sort"),
        ({"by": "year", "between": ["..1960", "1961.."], "words": ["nothing"]}, "no occurrences"),
        # issue 23: --min-freq is not used with --words: one line, not silently
        (
            {"by": "year", "between": ["..1960", "1961.."], "words": ["bank"], "min_freq": 30},
            "min_freq chooses the words when words names none",
        ),
    ],
)
def test_mistakes_are_one_line(seeded: Path, options: dict, message: str) -> None:
    with sensegrep.open(seeded) as index, pytest.raises(QueryError, match=message) as caught:
        index.change(**options)
    assert "\n" not in str(caught.value)


def test_text_only_index_says_it_needs_vectors(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index, pytest.raises(NoVectorsError, match="change"):
        index.change(by="genre", between=["news", "fiction"])


def test_cli(runner, seeded: Path) -> None:
    args = ["change", "--by", "year", "--between", "..1965", "1966..", "--words", "bank,river"]
    code, stdout, stderr = run(runner, seeded, *args, "--format", "jsonl")
    assert code == 0, stderr
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert {r["word"] for r in rows} == {"bank", "river"}
    assert "2 of 2 words have no sense run" in stderr and "--induce" in stderr
    years = seeded_years()
    early = 5 * sum(y <= 1965 for y in years)
    assert (
        f"groups: A (year=..1965) {early:,} tokens, B (year=1966..) "
        f"{5 * len(years) - early:,} tokens: what per_million_a and per_million_b are of"
    ) in stderr
    code, stdout, _ = run(runner, seeded, *args)
    assert code == 0 and "year=..1965" in stdout.splitlines()[1]
    code, _stdout, stderr = run(runner, seeded, "change", "--by", "year", "--between", "1950")
    assert code != 0 and "requires 2 arguments" in stderr


def test_the_groups_line_names_the_where_its_tokens_are_of(runner, seeded: Path) -> None:
    """With --where genre=news the groups' tokens are news's alone, but the line said
    "A (year=..1965) N tokens", the size of a group it did not name."""
    args = ["change", "--by", "year", "--between", "..1965", "1966..", "--words", "bank"]
    code, _stdout, stderr = run(runner, seeded, *args, "--where", "genre=news")
    with sensegrep.open(seeded) as index:
        table = index.change(
            by="year", between=["..1965", "1966.."], words=["bank"], where={"genre": "news"}
        )
    assert (table.where_a, table.where_b) == (
        ["genre=news", "year=..1965"], ["genre=news", "year=1966.."],
    )  # fmt: skip
    assert (
        code == 0
        and (
            f"groups: A (genre=news & year=..1965) {table.tokens_a:,} tokens, B (genre=news & "
            f"year=1966..) {table.tokens_b:,} tokens"
        )
        in stderr
    )


def test_get_stats_change_stores_no_run(seeded: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(seeded)) as client:
        url = "/api/stats/change?by=genre&between=fiction&between=news&words=bank"
        answer = client.get(url).json()
        refused = client.get(url + "&induce=true")
    assert answer["kind"] == "change" and answer["by"] == "genre"
    (row,) = answer["table"]
    assert row["word"] == "bank" and row["jsd"] is None and row["where_a"] == ["genre=fiction"]
    assert refused.status_code == 400 and "induce" in refused.json()["error"]
    with sensegrep.open(seeded) as index:
        assert index.sense_runs("bank") == []


def test_cli_options_are_the_declared_parameters() -> None:
    from sensegrep.commands.change import change
    from sensegrep.request import params_for

    flags = {flag for option in change.params for flag in option.opts}
    declared = {flag for p in params_for("cli", "change") for flag in p.cli_flags}
    assert declared <= flags and flags - declared == {"--format", "--raw-csv"}
    between = next(o for o in change.params if o.name == "between")
    assert between.nargs == 2


# -- a planted change, with the real encoder -------------------------------------------------


def planted_corpus(path: Path) -> Path:
    """160 one-sentence documents: "plant" as a garden plant before 1900 and as a
    factory after; "bread" the same sense throughout (from one pool of sentences)."""
    garden = [
        f"{who} {did} the {kind} plant {where}."
        for who, did, kind, where in itertools.product(
            ["She", "The gardener", "My aunt", "The old botanist"],
            ["watered", "repotted", "pruned", "fed"],
            ["tomato", "flowering", "potted", "leafy", "young"],
            ["in the garden", "on the windowsill", "by the greenhouse door"],
        )
    ]
    factory = [
        f"{who} {did} at the {kind} plant {where}."
        for who, did, kind, where in itertools.product(
            ["The workers", "Engineers", "The union", "Managers"],
            ["assembled engines", "went on strike", "installed machinery", "worked night shifts"],
            ["steel", "power", "chemical", "car", "nuclear"],
            ["outside the city", "near the harbour", "on the river"],
        )
    ]
    bread = [
        f"{who} {did} the {kind} bread {where}."
        for who, did, kind, where in itertools.product(
            ["She", "The baker", "My aunt", "The children"],
            ["baked", "sliced", "buttered", "ate"],
            ["fresh", "brown", "warm", "rye", "sweet"],
            ["in the kitchen", "for breakfast", "at the market"],
        )
    ]
    records = []
    for i in range(40):  # every 6th of the 240 combinations: all words vary
        records += [
            {"id": f"garden{i}", "text": garden[i * 6], "year": 1850 + i},
            {"id": f"factory{i}", "text": factory[i * 6], "year": 1900 + i},
            {"id": f"bread-then{i}", "text": bread[i * 6], "year": 1850 + i},
            {"id": f"bread-now{i}", "text": bread[i * 6 + 3], "year": 1900 + i},
        ]
    return write_jsonl(path, records)


@pytest.mark.model
def test_planted_change_ranks_the_changed_word_first(tmp_path: Path, minilm_embedder) -> None:
    corpus = planted_corpus(tmp_path / "planted.jsonl")
    with sensegrep.build(
        tmp_path / "idx", corpus, embedder=minilm_embedder, tagger="none"
    ) as index:
        table = index.change(
            by="year", between=["..1899", "1900.."], words=["plant,bread"], induce=True
        )
        by_jsd = index.change(by="year", between=["..1899", "1900.."], words=["bread,plant"],
                              sort="jsd")  # fmt: skip
    rows = {row["word"]: row for row in table}
    assert (rows["plant"]["freq_a"], rows["plant"]["freq_b"]) == (40, 40)
    assert [r["word"] for r in table] == ["plant", "bread"]  # by APD
    assert [r["word"] for r in by_jsd] == ["plant", "bread"]  # by JSD, the runs kept
    assert rows["plant"]["apd"] > 2 * rows["bread"]["apd"]
    assert rows["plant"]["jsd"] > 0.5 > 0.1 > rows["bread"]["jsd"]


# -- issue 23: nothing that reads as a change when it is not one --------------------------------


@pytest.mark.parametrize(
    ("by", "between", "said"),
    [
        ("year", ["..1984", "..1984"], "are the same"),  # every document in both
        ("year", ["..1970", "1960.."], "overlap"),  # 1960-1970 in both
        ("genre", ["news", "news,fiction"], "overlap"),
    ],
)
def test_groups_that_share_documents_are_refused(
    runner, seeded: Path, by: str, between: list[str], said: str
) -> None:
    with sensegrep.open(seeded) as index, pytest.raises(QueryError, match=said) as caught:
        index.change(by=by, between=between, words=["bank"])
    assert "\n" not in str(caught.value) and "no document in common" in str(caught.value)
    code, stdout, stderr = run(runner, seeded, "change", "--by", by, "--between", *between)
    assert code == 1 and stdout == "" and f"the groups {said}" in stderr


def test_notes_count_every_row_not_the_page(runner, seeded: Path) -> None:
    """bank, the and today are in every group (test_default_words_and_min_freq); a page
    of one row still says that all three lack a sense run."""
    with sensegrep.open(seeded) as index:
        table = index.change(by="genre", between=["fiction", "news,science"], min_freq=20, k=1)
        none = index.change(by="genre", between=["fiction", "news,science"], min_freq=25)
    assert table.rows == 3 and len(table) == 1
    assert table.notes[0].startswith("3 of 3 words have no sense run, so no jsd")
    args = ["--by", "genre", "--between", "fiction", "news,science", "--min-freq", "20"]
    code, _stdout, stderr = run(runner, seeded, "change", *args, "-k", "1")
    assert code == 0 and "note: 3 of 3 words have no sense run" in stderr
    assert list(none) == [] and none.notes == [
        "no rows: no word with vectors occurs min_freq=25 times in each group (lower it, "
        "or name words)"  # in the library's keywords (issue 23)
    ]


def test_what_a_word_was_taken_as_and_the_runs_made_are_said(seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        table = index.change(by="genre", between=["fiction", "news"], words=["banks"])
        made = index.change(by="genre", between=["fiction", "news"], words=["bank"], induce=True)
    assert table[0]["word"] == "bank" and table.notes[0] == 'lemma "bank" (from "banks")'
    run_id = made[0]["sense_run"]
    assert [n for n in made.notes if "had no stored sense run" in n] == [
        f'"bank" had no stored sense run: made sense run {run_id} (3 senses, k chosen, from '
        "54 occurrences), now its current run; `sensegrep senses bank` shows it"
    ]


def test_a_word_without_vectors_is_told_in_change_words(subcorpus_index: Path) -> None:
    with sensegrep.open(subcorpus_index) as index, pytest.raises(QueryError) as caught:
        index.change(by="year", between=["..1940", "1941.."], words=["the"])
    message = str(caught.value)
    assert message.startswith("change needs sense vectors and no token of 'the' has one")
    assert "sensegrep search" not in message  # search's advice, not change's


def test_a_word_in_one_group_only_says_why_it_has_no_apd(seeded: Path) -> None:
    """The river uses are fiction only: against news there is nothing to compare."""
    with sensegrep.open(seeded) as index:
        table = index.change(by="genre", between=["fiction", "news"], words=["river", "bank"])
    river = next(row for row in table if row["word"] == "river")
    assert (river["freq_b"], river["apd"], river["jsd"]) == (0, None, None)
    alone = "1 of 2 words has sense vectors in one group only, so no apd or jsd (river)"
    assert table.notes[0] == alone


def test_tokens_without_a_vector_are_counted_apart_and_said(
    runner, auxiliaries_index: Path, tmp_path: Path
) -> None:
    """helpers.AUXILIARIES: "have" 3 times in the news (d1 AUX + VERB, d3 AUX; 9 + 4 =
    13 tokens), twice in fiction (d2 AUX + VERB; 6 + 4 = 10 tokens); only the verbs have
    a sense vector. freq_a/freq_b (1, 1) are what apd compares; the group links
    (where_a, where_b) list 3 and 2 lines, and per million is the word's frequency."""
    import shutil

    folder = Path(shutil.copytree(auxiliaries_index, tmp_path / "idx"))
    with sensegrep.open(folder) as index:
        table = index.change(by="genre", between=["news", "fiction"], words=["have"])
        (row,) = table
        lines = [index.search("have", where=w).total for w in (row["where_a"], row["where_b"])]
    assert (row["freq_a"], row["freq_b"], row["matches_a"], row["matches_b"]) == (1, 1, 3, 2)
    assert lines == [row["matches_a"], row["matches_b"]] == [3, 2]
    # 3 of 13 tokens, 2 of 10
    assert (row["per_million_a"], row["per_million_b"]) == (round(3e6 / 13, 2), 200_000.0)
    assert table.notes[-1] == (
        "'have': 2 occurrences with a sense vector in the two groups (freq_a, freq_b: what "
        "apd and jsd compare), 3 more tokens have none (in no sense; matches_a, matches_b "
        "and per million count every token)"
    )
    code, out, err = run(runner, folder, "change", "--by", "genre", "--between", "news",
                         "fiction", "--words", "have", "--format", "jsonl")  # fmt: skip
    assert code == 0 and json.loads(out)["matches_a"] == 3 and "3 more tokens have none" in err


def test_every_token_with_a_vector_adds_no_note(seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        table = index.change(by="genre", between=["fiction", "news"], words=["bank"])
    (row,) = table
    assert (row["matches_a"], row["matches_b"]) == (row["freq_a"], row["freq_b"]) == (24, 18)
    assert not [n for n in table.notes if "sense vector" in n]


def test_an_apd_from_a_sample_says_so(runner, seeded: Path) -> None:
    """bank: 24 occurrences in fiction, 18 in news. With --apd-sample 10 apd compares 10
    of each, a seeded estimate, while freq_a, freq_b and jsd count all 42: a note says
    which words' apd is sampled; a sample that takes every occurrence says nothing."""
    with sensegrep.open(seeded) as index:
        sampled = index.change(by="genre", between=["fiction", "news"], words=["bank"],
                               apd_sample=10)  # fmt: skip
        whole = index.change(by="genre", between=["fiction", "news"], words=["bank"],
                             apd_sample=24)  # fmt: skip
    assert (sampled[0]["freq_a"], sampled[0]["freq_b"]) == (24, 18)
    assert sampled.notes[-1:] == [
        "apd of 'bank' is from a seeded sample of at most 10 occurrences a group "
        "(apd_sample=10, seed=0; freq_a, freq_b and jsd count every occurrence), not every "
        "pair: bank (24, 18)"
    ]
    assert not [n for n in whole.notes if "sample" in n]
    code, _out, err = run(runner, seeded, "change", "--by", "genre", "--between", "fiction",
                          "news", "--words", "bank", "--apd-sample", "10",
                          "--seed", "3")  # fmt: skip
    assert code == 0 and "(--apd-sample 10, --seed 3;" in err


def test_by_decade_is_derived_from_year_as_senses_by_decade(seeded: Path) -> None:
    """``senses --by decade`` bins a numeric year by decade: ``change --by decade`` takes
    those decades too (it was an error: no document has a field 'decade')."""
    with sensegrep.open(seeded) as index:
        decades = index.change(by="decade", between=["1950s", "1970s.."], words=["bank"])
        years = index.change(by="year", between=["1950..1959", "1970.."], words=["bank"])
        with pytest.raises(QueryError, match="expected decades"):
            index.change(by="decade", between=["1950", "1970s"], words=["bank"])
    assert list(decades) == list(years)
    assert (decades[0]["where_a"], decades[0]["where_b"]) == (["year=1950..1959"], ["year=1970.."])
    assert (decades.tokens_a, decades.tokens_b) == (years.tokens_a, years.tokens_b)


def test_words_of_an_index_with_vectors_for_chosen_words_say_they_are_those_alone(
    tmp_path: Path,
) -> None:
    """Without --words, change ranks the words with vectors: on an index with vectors
    for a few chosen words, a note says so (the frequent others are no candidates)."""
    corpus = write_jsonl(tmp_path / "corpus.jsonl", DOCS)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        index.add_vectors(["bank"], model="fake:16")
        table = index.change(by="year", between=["..1999", "2000.."], min_freq=1)
        named = index.change(by="year", between=["..1999", "2000.."], words=["bank"])
    assert [row["word"] for row in table] == ["bank"]  # "the" is in both groups too
    (note,) = [n for n in table.notes if n.startswith("words:")]
    assert "only the 1 lemma with vectors were candidates" in note
    assert "sensegrep vectors add" in note
    assert not [n for n in named.notes if n.startswith("words:")]  # --words: asked for


def test_candidates_min_freq_left_out_are_named_beside_the_count_of_candidates(
    tmp_path: Path,
) -> None:
    """The note says "only the 2 lemmas with vectors were candidates"; a table of one
    row said nothing of the other, which --min-freq left out (issue 23's user, pass 36b:
    1 row of 5 candidates, the 4 others silently gone). It is named now; a table of
    every candidate, or of --words, says nothing of it."""
    corpus = write_jsonl(tmp_path / "corpus.jsonl", DOCS)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        index.add_vectors(["bank", "river"], model="fake:16")
        table = index.change(by="year", between=["..1999", "2000.."], min_freq=1)
        named = index.change(by="year", between=["..1999", "2000.."], words=["bank"])
    assert [row["word"] for row in table] == ["bank"]  # river: in 1990 alone
    assert (
        "1 of the 2 candidates occur fewer than min_freq=1 times with a vector in a group, "
        "and are not ranked: river (lower min_freq, or name them with words)"
    ) in table.notes, table.notes
    assert not [n for n in named.notes if "candidates occur" in n]


@pytest.mark.parametrize("words", ["", " , ", []])
def test_words_naming_no_word_is_refused(seeded: Path, words) -> None:
    """``words=""`` (an empty variable; ``words=`` over HTTP) answered a table of no row
    and no note, and ``words=[]`` ranked every word as if none were named (issue 23, a
    pass over the HTTP API): one line says to give a word or leave it out."""
    with sensegrep.open(seeded) as index, pytest.raises(QueryError, match=r"no word|is empty"):
        index.change(by="genre", between=["fiction", "news"], words=words)


def test_each_period_says_the_documents_dated_no_number_it_leaves_out(tmp_path: Path) -> None:
    """A period of `change` (``between``) is a subcorpus of its own, not a condition the
    other period must hold too: counting a note's documents among those every other
    condition keeps (pass 40i) must not read ..1860 and 1861.. as both holding, which
    keep no document and silenced the note of the 'c. 1870' documents both leave out."""
    records = [
        {"id": "a", "text": "The bank of the river flooded.", "year": 1850},
        {"id": "b", "text": "The bank lent him money.", "year": 1870},
        {"id": "c", "text": "The bank was steep and muddy.", "year": "c. 1870"},
    ]
    path = write_jsonl(tmp_path / "dated.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        index.add_vectors(["bank"])
        table = index.change(by="year", between=["..1860", "1861.."], words=["bank"])
        assert [n for n in table.notes if "no number" in n] == [
            f"where year={period} leaves out 1 document whose year is no number "
            "('c. 1870'): no range of numbers takes it"
            for period in ("..1860", "1861..")
        ]


def test_a_where_note_counts_the_documents_of_either_period(tmp_path: Path) -> None:
    """Pass 40k: `change --by year --between 1850..1859 1860..1869 --where genre=letter`
    said it left out 3 'Letter' documents, the one of 1880 among them, which neither
    period holds, so that --where genre=letter,Letter took 2 more; a --where note counts
    the documents of either period, and says nothing when neither holds one of them."""
    records = [
        {"id": "a", "text": "The bank of the river.", "genre": "letter", "year": 1850},
        {"id": "b", "text": "The bank lent money.", "genre": "letter", "year": 1865},
        {"id": "c", "text": "The bank was steep.", "genre": "Letter", "year": 1851},
        {"id": "d", "text": "The bank was closed.", "genre": "Letter", "year": 1862},
        {"id": "e", "text": "The bank was open.", "genre": "Letter", "year": 1880},
    ]
    path = write_jsonl(tmp_path / "letters.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        index.add_vectors(["bank"])
        periods = ["1850..1859", "1860..1869"]
        table = index.change(by="year", between=periods, words=["bank"], where="genre=letter")
        assert [n for n in table.notes if "another case" in n] == [
            "where genre=letter leaves out 2 documents whose genre is 'Letter', the same "
            "in another case (values are matched as written): where genre=letter,Letter "
            "takes them too"
        ]
        ends = ["1850..1850", "1863..1869"]  # (a and b, and no 'Letter')
        none = index.change(by="year", between=ends, words=["bank"], where="genre=letter")
        assert not [n for n in none.notes if "another case" in n]
