"""``senses WORD --by FIELD``: each sense's share, per million tokens of each value's
documents and DP, against figures worked out by hand on a tiny corpus with planted
senses (vectors stored through the storage API: the senses are exactly known), against
an independent plain-Python count, and the chart (its bins, and a valid PNG)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import sensegrep
from sensegrep.errors import QueryError
from sensegrep.request import split_where
from sensegrep.senses import counts_by, word_senses
from sensegrep.stats.timeline_chart import not_drawn, stacks
from sensegrep.storage import Filters, Index

from ..helpers import run, write_jsonl
from ..senses.seeded import CONFIG, DIM, add_documents, make_doc, seeded_index

# (id, year, genre, tokens, the sense of its one "bank": A, B or none). Sizes differ so
# that DP is not trivial; A has 3 occurrences (sense 1, the biggest), B 2 (sense 2).
TINY = [
    ("d1", 1900, "news", 4, "A"),
    ("d2", 1905, "news", 6, "A"),
    ("d3", 1910, "fiction", 5, "B"),
    ("d4", 1912, "fiction", 10, "A"),
    ("d5", 1915, "news", 5, "B"),
    ("d6", 1919, "fiction", 10, None),
]
TINY_IDS = ["d1", "d2", "d3", "d4", "d6"]  # d5 has no place

# A field whose values --where must read with escapes; d5 has none of it.
PLACES = {d: {"place": "St. Ives, Cornwall" if d == "d1" else "York"} for d in TINY_IDS}


def tiny_docs() -> list:
    rng = np.random.default_rng(7)
    common = rng.standard_normal(DIM)
    centres = {"A": common + np.eye(DIM)[0] * 4, "B": common + np.eye(DIM)[1] * 4}
    docs = []
    for doc_id, year, genre, size, sense in TINY:
        words = ["the", "bank"] if sense else ["the", "shore"]
        words += [f"w{i}" for i in range(size - 2)]
        vector = centres[sense or "A"] + rng.normal(0, 0.05, DIM)
        meta = {"year": year, "genre": genre, **PLACES.get(doc_id, {})}
        docs.append((make_doc(doc_id, words, meta), vector))
    return docs


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timeline") / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, tiny_docs(), seed=3)
        run_ = word_senses(idx, "bank", n=2)  # stored: the current run from now on
    assert [c.size for c in run_.clusters] == [3, 2]
    return folder


def test_by_genre_by_hand(tiny: Path) -> None:
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "genre")
    assert table.values == ["fiction", "news"]
    assert table.counts == [[1, 1], [2, 1]]  # fiction: d4 (A), d3 (B); news: d1, d2 (A), d5 (B)
    assert table.tokens == [25, 15] and table.documents == [3, 3]  # d3+d4+d6, d1+d2+d5
    assert table.share == [[0.5, 0.5], [0.6667, 0.3333]]
    # per million tokens of the value's documents: 1/25, 2/15 and 1/15 of a million
    assert table.per_million == [[40000.0, 40000.0], [133333.33, 66666.67]]
    # DP over the value's documents, ½ Σ |v_i/f − s_i|:
    # fiction (d3 5, d4 10, d6 10 tokens: s = .2 .4 .4): sense 1 all in d4:
    #   ½ (.2 + .6 + .4) = .6; sense 2 all in d3: ½ (.8 + .4 + .4) = .8
    # news (d1 4, d2 6, d5 5: s = 4/15 6/15 5/15): sense 1 half in d1, half in d2:
    #   ½ (|.5 − 4/15| + |.5 − 6/15| + 5/15) = 1/3; sense 2 in d5: ½ (4/15 + 6/15 + 10/15) = 2/3
    assert table.dp == [[0.6, 0.8], [0.3333, 0.6667]]
    assert table.docs == [[1, 1], [2, 1]]
    assert table.where == ["genre=fiction", "genre=news"]
    # Over the index (40 tokens; sizes/40 = .1 .15 .125 .25 .125 .25):
    # sense 1 (d1, d2, d4, a third each): ½ (.2333 + .1833 + .125 + .0833 + .125 + .25) = .5
    # sense 2 (d3, d5, half each): ½ (.1 + .15 + .375 + .25 + .375 + .25) = .75
    totals = [(t.sense, t.count, t.share, t.per_million, t.dp, t.docs) for t in table.totals]
    assert totals == [(1, 3, 0.6, 75000.0, 0.5, 3), (2, 2, 0.4, 50000.0, 0.75, 2)]
    assert table.corpus_tokens == 40


def test_binned_years_by_hand(tiny: Path) -> None:
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year", bin_width=10)
    assert table.values == ["1900..1909", "1910..1919"]
    assert table.bins == [(1900.0, 1910.0), (1910.0, 1920.0)]
    assert table.counts == [[2, 0], [1, 2]]
    assert table.tokens == [10, 30]  # d1+d2; d3+d4+d5+d6
    assert table.per_million == [[200000.0, 0.0], [33333.33, 66666.67]]
    # 1900s (d1 4, d2 6): sense 1 half each: ½ (.1 + .1) = .1; no sense 2: no DP.
    # 1910s (d3 5, d4 10, d5 5, d6 10: s = 1/6 1/3 1/6 1/3): sense 1 in d4:
    #   ½ (1/6 + 2/3 + 1/6 + 1/3) = 2/3; sense 2 half in d3, half in d5:
    #   ½ (1/3 + 1/3 + 1/3 + 1/3) = 2/3
    assert table.dp == [[0.1, None], [0.6667, 0.6667]]
    assert table.where == ["year=1900..1909", "year=1910..1919"]
    row = table.rows()[2]  # 1910..1919, sense 1
    assert row | {"search": None} == row | {
        "value": "1910..1919",
        "sense": 1,
        "count": 1,
        "bin_start": 1910,
        "bin_end": 1920,
        "search": None,
    }
    assert row["search"] == {
        "word": "bank",
        "sense": 1,
        "senses_run": table.run,
        "where": ["year=1910..1919"],
    }


def test_every_year_of_a_numeric_field_is_a_row(tiny: Path) -> None:
    """A timeline has no holes: 1919 (d6, no bank) is a row of zeros."""
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year")
    assert table.values == ["1900", "1905", "1910", "1912", "1915", "1919"]
    assert table.counts[-1] == [0, 0] and table.tokens[-1] == 10
    assert table.per_million[-1] == [0.0, 0.0]


def test_a_row_without_the_word_has_no_share(tiny: Path) -> None:
    """1919 has no "bank": each sense's share there was 0.0, which a timeline of shares
    (rows() in a data frame, the JSONL) reads as the sense falling to 0%; there is no
    occurrence to share, so it is None (null), as the CLI's table shows no percentage."""
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year")
    assert table.values[-1] == "1919" and table.counts[-1] == [0, 0]
    assert table.share[-1] == [None, None]
    assert [row["share"] for row in table.rows() if row["value"] == "1919"] == [None, None]
    assert table.to_dict()["share"][-1] == [None, None]
    assert all(None not in shares for shares in table.share[:-1])


def independent_figures(folder: Path, field: str) -> dict[str, dict]:
    """Per value: tokens, and per sense its count and DP, counted in plain Python from
    TINY's documents and each concordance line's document and sense."""
    with sensegrep.open(folder) as index:
        hits = index.search("bank", k=1000)
    value_of = {doc: str({"year": y, "genre": g}[field]) for doc, y, g, _n, _s in TINY}
    size_of = {doc: n for doc, _y, _g, n, _s in TINY}
    out: dict[str, dict] = {}
    for value in set(value_of.values()):
        docs = [d for d, v in value_of.items() if v == value]
        size = sum(size_of[d] for d in docs)
        senses = {}
        for sense in (1, 2):
            per_doc = Counter(h.doc for h in hits if h.sense == sense and h.doc in docs)
            f = sum(per_doc.values())
            dp = 0.5 * sum(abs(per_doc[d] / f - size_of[d] / size) for d in docs) if f else None
            senses[sense] = (f, None if dp is None else round(dp, 4))
        out[value] = {"tokens": size, "senses": senses}
    return out


@pytest.mark.parametrize("field", ["genre", "year"])
def test_agrees_with_an_independent_count(tiny: Path, field: str) -> None:
    expected = independent_figures(tiny, field)
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", field)
    for r, value in enumerate(table.values):
        want = expected[value]
        assert table.tokens[r] == want["tokens"]
        assert [(c, d) for c, d in zip(table.counts[r], table.dp[r], strict=True)] == [
            want["senses"][s + 1] for s in range(table.k)
        ]


def test_each_rows_where_selects_its_documents(tiny: Path) -> None:
    """The ``where`` of a row, given to --where, is exactly the row's subcorpus."""
    with sensegrep.open(tiny) as index:
        places = index.senses_by("bank", "place")
        for field, width in [("genre", None), ("year", None), ("year", 5), ("decade", None)]:
            table = index.senses_by("bank", field, bin_width=width)
            for r, where in enumerate(table.where + places.where):
                if where is None:
                    continue
                filters = Filters(where=[split_where(where)])
                tokens = (table.tokens + places.tokens)[r]
                assert index.storage.subcorpus_tokens(filters) == tokens, where
    assert places.values == ["St. Ives, Cornwall", "York", "(none)"]
    assert places.where == ["place=St\\. Ives\\, Cornwall", "place=York", None]
    assert places.counts == [[1, 0], [2, 1], [0, 1]] and places.tokens == [4, 31, 5]


def test_a_decade_row_counts_what_its_where_gives(tmp_path: Path) -> None:
    """A season's year "1999/2000" was in the (none) row of `--by decade`, while the
    1990s row's where (year=1990..1999, which compares it as text) takes it: the row
    said 1 occurrence, its lines were 2. "n.d." begins with no number: (none)."""
    years = [1998, "1999/2000", "n.d.", 2004]
    records = [{"id": f"d{i}", "text": "The bank held.", "year": y} for i, y in enumerate(years)]
    corpus = write_jsonl(tmp_path / "years.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as index:
        index.senses("bank", n=1)
        table = index.senses_by("bank", "decade")
        assert (table.values, table.counts) == (["1990s", "2000s", "(none)"], [[2], [1], [1]])
        for counts, where in zip(table.counts, table.where, strict=True):
            if where is not None:
                assert index.total("bank", where=[where]) == sum(counts), where
        # Years binned otherwise are refused, naming every text value, the same each time.
        with pytest.raises(QueryError) as caught:
            index.senses_by("bank", "year", bin_width=10)
    assert "'year' has 2 text values: '1999/2000', 'n.d.'; " in str(caught.value)


def test_agrees_with_counts_by(tmp_path: Path) -> None:
    """The old table's counts, values and order are kept (seeded clusters, 54 docs)."""
    seeded_index(tmp_path / "idx")
    with sensegrep.open(tmp_path / "idx") as index:
        run_ = word_senses(index.storage, "bank")
        for field in ("genre", "year", "decade"):
            old = counts_by(index.storage, run_, field)
            new = index.senses_by("bank", field)
            assert (new.values, new.counts) == (old.values, old.counts), field


def test_mistakes(tiny: Path) -> None:
    with sensegrep.open(tiny) as index:
        with pytest.raises(QueryError, match="no document has a metadata field 'author'"):
            index.senses_by("bank", "author")
        with pytest.raises(QueryError, match=r"^bin_width needs a field whose values are numbers"):
            index.senses_by("bank", "genre", bin_width=10)  # the keyword, not --bin-width
        with pytest.raises(QueryError, match="bin_width: expected a whole number >= 1"):
            index.senses_by("bank", "year", bin_width=0)
        with pytest.raises(QueryError, match="give year as field_name with bin_width=N"):
            index.senses_by("bank", "decade", bin_width=20)


def test_a_field_mistake_stores_no_sense_run(runner, tmp_path: Path) -> None:
    """A mistyped --by field (or --bin-width on a text field) for a word without a run
    is refused before a run is induced: it stored one, which as the newest became the
    word's current run and renumbered its senses for every later command."""
    seeded_index(tmp_path / "idx")
    for args in (("--by", "gnre"), ("--by", "genre", "--bin-width", "5")):
        code, _out, err = run(runner, tmp_path / "idx", "senses", "bank", *args)
        assert code == 1 and "Traceback" not in err
        assert "Error: --by gnre: no document has" in err or "--bin-width needs" in err
    with sensegrep.open(tmp_path / "idx") as index:
        for field, width in (("gnre", None), ("genre", 5)):
            with pytest.raises(QueryError):
                index.senses_by("bank", field, bin_width=width)
        assert index.sense_runs("bank") == []


# -- the chart ----------------------------------------------------------------------------


def test_stacks_of_bins(tiny: Path) -> None:
    with sensegrep.open(tiny) as index:
        bars = stacks(index.senses_by("bank", "year", bin_width=10))
    assert bars.labels == ["1900..1909", "1910..1919"]
    assert bars.x.tolist() == [1900.0, 1910.0] and bars.widths.tolist() == [10.0, 10.0]
    # sense 1 at the bottom, sense 2 on top of it
    assert bars.heights.tolist() == [[200000.0, 33333.33], [0.0, 66666.67]]
    assert bars.bottoms.tolist() == [[0.0, 0.0], [200000.0, 33333.33]]


def test_stacks_of_values_are_centred(tiny: Path) -> None:
    with sensegrep.open(tiny) as index:
        bars = stacks(index.senses_by("bank", "year"))
    # The closest values are 2 years apart (1910, 1912): bars 2 wide, centred.
    assert bars.widths.tolist() == [2.0] * 6
    assert bars.x.tolist() == [1899.0, 1904.0, 1909.0, 1911.0, 1914.0, 1918.0]


def is_png(path: Path) -> bool:
    data = path.read_bytes()
    return len(data) > 1000 and data[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "args", [("--by", "year", "--bin-width", "10"), ("--by", "genre"), ("--by", "decade")]
)
def test_cli_plot_writes_a_png(runner, tiny: Path, tmp_path: Path, args: tuple) -> None:
    out = tmp_path / "chart.png"
    code, stdout, stderr = run(runner, tiny, "senses", "bank", *args, "--plot", str(out))
    assert code == 0, stderr
    assert is_png(out) and f"wrote {out}" in stderr
    assert "per million tokens of each value's documents" in stdout


def test_cli_text_table_shows_the_figures_as_jsonl_has_them(runner, tiny: Path) -> None:
    """Pass 23i: the text table rounded the per-million figures (already to 2 decimals)
    and DP (to 4) again, to 1 and 2 decimals: 15 per 1,807 tokens (8,301.05) showed as
    8,301.0, not even its own rounding (8,301.1), and the text never agreed with JSONL."""
    code, stdout, stderr = run(runner, tiny, "senses", "bank", "--by", "genre")
    assert code == 0, stderr
    table = stdout.split("per million tokens of each value's documents")[1].splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in table[4:] if line.strip()}
    # By hand (test_by_genre_by_hand): per million tokens of the value's documents and DP;
    # the word's own column counts every "bank" there (fiction d3, d4: 2 of 25 tokens).
    assert rows == {
        "fiction": ["25", "40,000.00", "(0.6000)", "40,000.00", "(0.8000)", "80,000.00"],
        "news": ["15", "133,333.33", "(0.3333)", "66,666.67", "(0.6667)", "200,000.00"],
        "total": ["40", "75,000.00", "(0.5000)", "50,000.00", "(0.7500)", "125,000.00"],
    }


def test_cli_jsonl_keeps_the_old_fields(runner, tiny: Path) -> None:
    code, stdout, _ = run(runner, tiny, "senses", "bank", "--by", "genre", "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [r["value"] for r in records] == ["fiction", "news", "total"]
    news = records[1]
    assert {"word", "field", "value", "total", "senses"} <= set(news)
    assert (news["tokens"], news["per_million"], news["where"]) == (15, 200000.0, "genre=news")
    assert news["senses"][0] | {"search": None} == {
        "sense": 1,
        "count": 2,
        "share": 0.6667,
        "per_million": 133333.33,
        "dp": 0.3333,
        "docs": 2,
        "search": None,
    }
    total = records[2]
    assert (total["total"], total["tokens"], total["documents"]) == (5, 40, 6)
    assert [(s["count"], s["dp"]) for s in total["senses"]] == [(3, 0.5), (2, 0.75)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--plot", "x.png"), "--bin-width and --plot go with --by FIELD"),
        (("--by", "year", "--plot", "x.jpg"), "expected a .png file name"),
        (("--by", "genre", "--bin-width", "5"), "needs a field whose values are numbers"),
        # issue 23: options the table would silently not use
        (("--by", "genre", "--examples", "5"), "--by shows a table without examples"),
        (("--runs", "--by", "genre"), "--runs lists the word's runs, no senses"),
    ],
)
def test_cli_mistakes(runner, tiny: Path, args: tuple, message: str) -> None:
    code, _stdout, stderr = run(runner, tiny, "senses", "bank", *args)
    assert code != 0 and message in stderr and "Traceback" not in stderr


def test_tokens_without_a_vector_are_counted_apart_and_said(
    runner, auxiliaries_index: Path, tmp_path: Path
) -> None:
    """helpers.AUXILIARIES: "have" 2 times in fiction (10 tokens), 3 in the news (13);
    only the 2 verbs have a sense vector, in the run's one sense. Each value's total
    counts those; matches (the lines its where lists) and per_million every token."""
    import shutil

    folder = Path(shutil.copytree(auxiliaries_index, tmp_path / "idx"))
    with sensegrep.open(folder) as index:
        index.senses("have")
        table = index.senses_by("have", "genre")
        records = [table.value_record(r) for r in range(len(table.values))]
        lines = [index.search("have", where=[r["where"]]).total for r in records]
    assert [(r["value"], r["total"], r["matches"]) for r in records] == [
        ("fiction", 1, 2), ("news", 1, 3),
    ]  # fmt: skip
    assert lines == [2, 3]
    assert [r["per_million"] for r in records] == [200_000.0, round(3e6 / 13, 2)]
    assert table.per_million == [[100_000.0], [round(1e6 / 13, 2)]]  # the sense's: as before
    note = (
        "'have': 2 occurrences with a sense vector (the senses' counts and total), 3 more "
        "tokens have none (in no sense; matches and the per-million figures of each value "
        "count every token)"
    )
    assert table.notes == [note] and table.to_dict()["notes"] == [note]
    assert [row["matches"] for row in table.rows()] == [2, 3]
    code, out, err = run(runner, folder, "senses", "have", "--by", "genre", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and f"note: {note}" in err
    assert [(r["matches"], r["per_million"]) for r in records][-1] == (5, round(5e6 / 23, 2))


def test_the_chart_says_what_it_leaves_out(runner, tmp_path: Path) -> None:
    """A document without a year has no place on the year axis: the table lists its
    occurrences as (none), and the chart left them out without a word, its bars
    summing to fewer occurrences than the word has (issue 23)."""
    docs = tiny_docs()
    no_year, vector = make_doc("d7", ["the", "bank", "w0"], {"genre": "news"}), docs[0][1]
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, [*docs, (no_year, vector)], seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "year")
    assert table.values[-1] == "(none)" and sum(table.counts[-1]) == 1
    assert not_drawn(table) == "1 occurrence in documents without a numeric year not drawn"
    out = tmp_path / "chart.png"
    code, _stdout, stderr = run(
        runner, folder, "senses", "bank", "--by", "year", "--plot", str(out)
    )
    assert code == 0 and is_png(out), stderr
    assert f"wrote {out} (1 occurrence in documents without a numeric year not drawn)" in stderr
    code, _stdout, stderr = run(
        runner, folder, "senses", "bank", "--by", "genre", "--plot", str(out)
    )
    assert code == 0 and f"wrote {out}\n" in stderr  # a text field: every value has a bar


def test_a_text_fields_values_without_the_word_are_named(runner, tmp_path: Path) -> None:
    """One year written "n.d." makes year a text field, whose table lists only the
    values the word occurs with: 1919 (d6, 10 tokens, no "bank") was left out without a
    word, where the numeric field's table has a row for it. A note names such values."""
    docs = tiny_docs()
    undated = make_doc("d7", ["the", "shore", "w0"], {"year": "n.d.", "genre": "poetry"})
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, [*docs, (undated, docs[0][1])], seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        years = index.senses_by("bank", "year")
        genres = index.senses_by("bank", "genre")
    assert years.values == ["1900", "1905", "1910", "1912", "1915"]  # no 1919, no n.d.
    (note,) = years.notes
    assert note == (
        "2 values of year that documents have are not rows, 'bank' being absent there: "
        "1919, n.d. (a text field lists only the values the word occurs with; year is read "
        "as text for its values that are not numbers, 'n.d.')"
    )
    assert years.to_dict()["notes"] == [note]
    assert genres.notes == [
        "1 value of genre that documents have is not a row, 'bank' being absent there: "
        "poetry (a text field lists only the values the word occurs with)"
    ]
    code, _out, err = run(runner, folder, "senses", "bank", "--by", "year")
    assert code == 0 and f"note: {note}" in err
    with sensegrep.open(tiny_folder(tmp_path, docs)) as index:
        assert index.senses_by("bank", "year").notes == []  # numeric: 1919 is a row


def tiny_folder(tmp_path: Path, docs: list) -> Path:
    folder = tmp_path / "numeric"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    return folder


def test_a_bin_no_document_falls_in_is_named(tiny: Path) -> None:
    """A bin no document falls in is no row: the 1860s row stood next to the 1880s with
    nothing to say that the 1870s have no text at all. A note names such bins (TINY's
    years 1900 1905 1910 1912 1915 1919 in bins of 3 from 1899: 1902..1904 has none)."""
    with sensegrep.open(tiny) as index:
        binned = index.senses_by("bank", "year", bin_width=3)
        decades = index.senses_by("bank", "decade")
        years = index.senses_by("bank", "year")
    assert binned.values == ["1899..1901", "1905..1907", "1908..1910", "1911..1913",
                             "1914..1916", "1917..1919"]  # fmt: skip
    assert binned.notes == [
        "1 bin of year between the first row and the last has no document, so no row: 1902..1904"
    ]
    assert decades.values == ["1900s", "1910s"] and decades.notes == []
    assert years.notes == []  # years, unbinned, are the values documents have


def test_a_notebook_shows_the_timeline_as_a_table(tiny: Path) -> None:
    """In a notebook senses_by() showed the dataclass's repr, every list of figures on
    one line; it shows a line saying what it is, and a row per value with its tokens,
    each sense's count and share and per million, then the total row and the notes."""
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year", bin_width=3)
    assert repr(table) == (
        "<SenseTimeline of 'bank' by year (bins of 3): 6 rows, 2 senses of sense run "
        f"{table.run}; 5 occurrences in 40 tokens>"
    )
    shown = table._repr_html_()
    assert shown.count("<tr>") == 1 + 6 + 1  # the head, a row per bin, the total
    # 1899..1901: d1 (4 tokens, sense 1): 1 of 1, 250,000 per million
    assert "<td>1899..1901</td><td style='text-align:right'>4</td><td>1 (100%)</td>" in shown
    assert "250,000" in shown and "<td>total</td>" in shown
    assert "note: 1 bin of year between the first row and the last" in shown


def test_a_list_value_is_in_the_row_of_each_item(tmp_path: Path) -> None:
    """A document whose genre is ["news", "fiction"] (d5 here) is in both rows, as
    --where genre=news and search --count genre take it: each row's where gives exactly
    the row's lines and tokens (its `news` row counted d1, d2 only, while its where's
    search also listed d5's line)."""
    docs = tiny_docs()
    d5 = next(i for i, (doc, _v) in enumerate(docs) if doc.id == "d5")
    doc, vector = docs[d5]
    words = [t.form for t in doc.sentences[0].tokens]
    docs[d5] = (make_doc("d5", words, {**doc.metadata, "genre": ["news", "fiction"]}), vector)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "genre")
        # fiction: d3 (B), d4 (A), d5 (B); news: d1 (A), d2 (A), d5 (B)
        assert table.values == ["fiction", "news"]
        assert table.counts == [[1, 2], [2, 1]]
        assert table.tokens == [5 + 10 + 10 + 5, 4 + 6 + 5] and table.documents == [4, 3]
        assert table.word_matches == 5  # every "bank" once
        assert [t.count for t in table.totals] == [3, 2]  # each occurrence once
        assert any("list of values" in note for note in table.notes)
        for r, where in enumerate(table.where):
            hits = index.search("bank", where=[where])
            assert hits.total == sum(table.counts[r]), where
            assert (
                index.storage.subcorpus_tokens(Filters(where=[split_where(where)]))
                == (table.tokens[r])
            )


def test_a_value_written_none_is_in_the_none_row_and_said(tmp_path: Path) -> None:
    """A document whose genre is written "(none)" (d5) is in the (none) row with those
    without a genre (d3), as search --count and freq --by take it, and a note says so:
    it was a row of its own also labelled (none), read as the documents without a genre
    (pass 34o)."""
    docs = tiny_docs()
    for n, (doc, vector) in enumerate(docs):
        words = [t.form for t in doc.sentences[0].tokens]
        if doc.id == "d5":
            docs[n] = (make_doc("d5", words, {**doc.metadata, "genre": "(none)"}), vector)
        elif doc.id == "d3":
            kept = {k: v for k, v in doc.metadata.items() if k != "genre"}
            docs[n] = (make_doc("d3", words, kept), vector)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "genre")
        # fiction: d4 (A), d6 (no sense); news: d1 (A), d2 (A); (none): d3 (B), d5 (B)
        assert table.values == ["fiction", "news", "(none)"]
        assert table.counts == [[1, 0], [2, 0], [0, 2]]
        assert table.tokens == [10 + 10, 4 + 6, 5 + 5] and table.documents == [2, 2, 2]
        counted = index.count("bank", "genre")
        assert {r["value"]: r["count"] for r in counted}["(none)"] == 2
        assert any("written '(none)' with those without genre" in n for n in table.notes)
        assert not any("written" in n for n in index.senses_by("bank", "year").notes)


def test_a_notebooks_per_million_columns_have_one_number_of_decimals(tiny: Path) -> None:
    """28,800 beside 17,766.5 read as less precise than it is: each per-million column
    of the notebook's table (its total row's figure included) is written with one
    number of decimals, as the CLI's tables write it."""
    import re

    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year", bin_width=3)
    shown = table._repr_html_()
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in shown.split("<tr>")[2:]]
    width = 2 + table.k + 1  # the value, its tokens, each sense, the total
    for column in zip(*[row[width:] for row in rows], strict=True):
        figures = [text.split(" (")[0] for text in column if text]  # the DP beside it
        places = {len(figure.partition(".")[2]) for figure in figures}
        assert len(places) == 1, column


def test_a_notebooks_timeline_shows_each_senses_dp_as_the_cli_does(tiny: Path) -> None:
    """The CLI's per-million table has each sense's DP over the value's documents
    beside its figure; the notebook's had no DP at all (only rows() had it)."""
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year", bin_width=3)
    shown = table._repr_html_()
    assert "<th>sense 1 per million (DP)</th>" in shown
    for r in range(len(table.values)):
        for s in range(table.k):
            dp = table.dp[r][s]
            assert f" ({'-' if dp is None else f'{dp:.4f}'})</td>" in shown
    assert f" ({table.totals[0].dp:.4f})</td>" in shown  # the total row's, over the index


def test_a_long_timeline_in_a_notebook_keeps_its_total_row_and_names_what_has_the_rest(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timeline of more values than the notebook shows cut its total row off with the
    rest, and said that list(…) or .to_pandas() had them all: a timeline has neither."""
    from sensegrep.api import display

    monkeypatch.setattr(display, "SHOWN_ROWS", 2)
    with sensegrep.open(tiny) as index:
        table = index.senses_by("bank", "year", bin_width=3)
    shown = table._repr_html_()
    assert shown.count("<tr>") == 1 + 2 + 1 and "<td>total</td>" in shown
    assert "4 more rows not shown here: rows() or to_dict() has them all" in shown
    assert len(table.rows()) == 6 * table.k


def test_a_value_written_composed_and_decomposed_is_one_row(tmp_path: Path) -> None:
    """A genre 'Nëws' written NFC in one document and NFD in another had two rows that
    looked alike, each with the where genre=Nëws that selects both (as --where and
    search --count genre take them): neither row's lines were what its where gave."""
    import unicodedata

    docs = tiny_docs()
    for i, (doc, vector) in enumerate(docs):
        if doc.metadata.get("genre") == "news":
            form = "NFD" if doc.id == "d1" else "NFC"
            genre = unicodedata.normalize(form, "Nëws")
            words = [t.form for t in doc.sentences[0].tokens]
            docs[i] = (make_doc(doc.id, words, {**doc.metadata, "genre": genre}), vector)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "genre")
        assert table.values == ["Nëws", "fiction"]
        for r, where in enumerate(table.where):
            assert index.search("bank", where=[where]).total == sum(table.counts[r]), where


def test_no_two_senses_of_the_timeline_chart_share_a_colour():
    """The chart cycled tab20: with 21 senses sense 21 was drawn, and listed in the
    legend, in sense 1's colour."""
    from sensegrep.stats.timeline_chart import _colours

    for k in (1, 10, 11, 20, 21, 40):
        colours = [tuple(c) for c in _colours(k)]
        assert len(colours) == k and len(set(colours)) == k, k


def test_bin_width_refused_names_a_date_in_two_scripts_once(tmp_path: Path) -> None:
    """Pass 33m: --bin-width on a field of dates said 'date' had 3 text values, a date
    written 2020-05-14 and ٢٠٢٠-٠٥-١٤ counted twice: a count and --where take 2."""
    dates = ["2020-05-14", "٢٠٢٠-٠٥-١٤", "2021-01-01"]
    records = [{"id": f"d{i}", "text": "The bank held.", "date": d} for i, d in enumerate(dates)]
    corpus = write_jsonl(tmp_path / "dates.jsonl", records)
    with (
        sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as index,
        pytest.raises(QueryError) as caught,
    ):
        index.senses_by("bank", "date", bin_width=10)
    assert "'date' has 2 text values: '2020-05-14', '2021-01-01'" in str(caught.value)


def test_a_timeline_by_date_runs_in_date_order(tmp_path: Path) -> None:
    """Pass 34b: a date field of years (2020) and ISO dates (2020-05, 1949-12-31) drew
    its timeline 2020, 2021, '', 1949-12-31, 2020-05…: the numbers first, then the dates
    as text. A text that begins with a number now stands by that number; others last."""
    dates = ["2021", "2020-05", "May 2020", "1949-12-31", "2020", "", "2020-05-17"]
    records = [{"id": f"d{i}", "text": "The bank held.", "date": d} for i, d in enumerate(dates)]
    corpus = write_jsonl(tmp_path / "dates.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as index:
        table = index.senses_by("bank", "date")
    assert [str(v) for v in table.values] == [
        "1949-12-31",
        "2020",
        "2020-05",
        "2020-05-17",
        "2021",
        "",
        "May 2020",
    ]


def test_a_year_written_none_is_binned_with_the_numbers(tmp_path: Path) -> None:
    """A year written "(none)" (d5) is in the (none) row, as search --count and freq
    --by take it, not a text value: bin_width bins the other years (it was refused,
    naming '(none)' as the field's text value, though the table without bin_width read
    the field as numbers; pass 34p)."""
    docs = tiny_docs()
    for n, (doc, vector) in enumerate(docs):
        if doc.id == "d5":
            words = [t.form for t in doc.sentences[0].tokens]
            docs[n] = (make_doc("d5", words, {**doc.metadata, "year": "(none)"}), vector)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "year", bin_width=10)
        assert table.values == ["1900..1909", "1910..1919", "(none)"]
        assert table.counts == [[2, 0], [1, 1], [0, 1]]  # d1 d2 (A); d3 (B) d4 (A); d5 (B)
        assert table.tokens == [10, 25, 5]
        assert any("written '(none)' with those without year" in n for n in table.notes)


def test_decades_name_the_year_written_none(tmp_path: Path) -> None:
    """By decade, derived from year, the note on a year written "(none)" names year and
    the --where that takes it (it said "decade is written '(none)'" and gave --where
    'decade=(none)', a field no document has: an error; pass 34p)."""
    docs = tiny_docs()
    for n, (doc, vector) in enumerate(docs):
        if doc.id == "d5":
            words = [t.form for t in doc.sentences[0].tokens]
            docs[n] = (make_doc("d5", words, {**doc.metadata, "year": "(none)"}), vector)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "decade")
        assert table.values == ["1900s", "1910s", "(none)"]
        said = [n for n in table.notes if "written '(none)'" in n]
        assert said == [
            "the (none) row counts the documents whose year is written '(none)' with those "
            "without year: --where 'year=(none)' takes only the former"
        ]
        assert index.total("bank", where=["year=(none)"]) == 1  # d5


def test_decades_name_the_years_with_no_number_in_none(tmp_path: Path) -> None:
    """By decade, the (none) row holds d3, whose year is "n.d.", beside d5, written
    "(none)": a note names n.d. (the note on "(none)" alone read as all the row held:
    documents without a year or with one written "(none)"; pass 34p)."""
    docs = tiny_docs()
    for n, (doc, vector) in enumerate(docs):
        year = {"d3": "n.d.", "d5": "(none)", "d6": ["1919", "n.d."]}.get(doc.id)
        if year is not None:
            words = [t.form for t in doc.sentences[0].tokens]
            docs[n] = (make_doc(doc.id, words, {**doc.metadata, "year": year}), vector)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, docs, seed=3)
        word_senses(idx, "bank", n=2)
    with sensegrep.open(folder) as index:
        table = index.senses_by("bank", "decade")
        assert table.values == ["1900s", "1910s", "(none)"]
        assert table.counts == [[2, 0], [1, 0], [0, 2]]  # d1 d2; d4 (d6: no bank); d3 d5
        assert table.tokens == [10, 20, 10]
        assert (
            "the (none) row also counts the documents whose year begins with no number "
            "('n.d.'): no decade takes them"
        ) in table.notes
        assert not any("no number" in n for n in index.senses_by("bank", "genre").notes)
