"""``freq``: frequencies, documents, DP and Juilland's D, against hand-computed values
(on the conftest's TINY corpus) and against an independent count of a generated
CoNLL-U corpus."""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import SENTENCE_BOUND, run


def rows_by_item(table: list[dict]) -> dict[str, dict]:
    return {row["item"]: row for row in table}


def test_lemma_list_by_hand(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        table = index.freq(parts=3)
    assert table.tokens == 11 and table.corpus_tokens == 11
    bank = rows_by_item(table)["bank"]
    # bank, Banks (d1: 6 tokens) and bank (d2: 5 tokens): f = 3, in 2 documents.
    assert (bank["freq"], bank["docs"]) == (3, 2)
    assert bank["per_million"] == round(3 / 11 * 1e6, 2)
    # DP = ½ (|2/3 − 6/11| + |1/3 − 5/11|) = 4/33
    assert bank["dp"] == round(4 / 33, 4)
    # 3 parts of 11 positions: 0-3, 4-7, 8-10 (sizes 4, 4, 3); bank at 1, 4, 8, so
    # relative frequencies 1/4, 1/4, 1/3: D = 1 − (σ/μ)/√2 = 0.9
    assert bank["juilland_d"] == 0.9
    assert table[0]["item"] == "bank"  # most frequent first
    river = rows_by_item(table)["river"]
    assert (river["freq"], river["docs"], river["dp"], river["juilland_d"]) == (1, 1, 0.5455, 0.0)


def test_no_figure_is_negative_zero(runner, tiny_index: Path) -> None:
    """Over 7 parts, river's D is 1 - 1.0000000000000002: it printed as -0 (issue 23)."""
    with sensegrep.open(tiny_index) as index:
        river = rows_by_item(index.freq(parts=7))["river"]
    assert math.copysign(1, river["juilland_d"]) == 1
    code, out, err = run(runner, tiny_index, "freq", "--parts", "7", "--format", "tsv")
    assert code == 0 and "\tjuilland_d" in out and "-0" not in out, err


def test_forms_keep_case_and_lemmas_fold_it(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        forms = rows_by_item(index.freq(by="form"))
        lemma_pos = rows_by_item(index.freq(by="lemma_pos"))
        tags = rows_by_item(index.freq(by="pos"))
    assert forms["bank"]["freq"] == 2 and forms["Banks"]["freq"] == 1
    assert forms["The"]["freq"] == 2 and "the" not in forms
    assert lemma_pos["bank/NOUN"]["freq"] == 3
    assert tags["NOUN"]["freq"] == 4 and tags["PUNCT"]["freq"] == 2
    # The help says so: `search --count form` folds case, so a bare "form" read as that.
    from sensegrep.request import STATISTICS

    for name in ("freq", "collocates", "keywords"):
        by = next(p for p in STATISTICS[name] if p.name == "by")
        assert "form (as written" in by.help, name


def test_subcorpus_and_metadata_items(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        news = index.freq(where={"genre": "news"})
        genres = rows_by_item(index.freq(by="genre"))
    assert news.tokens == 6 and news.corpus_tokens == 11
    bank = rows_by_item(news)["bank"]
    assert bank["freq"] == 2 and bank["per_million"] == round(2 / 6 * 1e6, 2)
    assert bank["dp"] == 0.0  # one document: spread as the tokens are
    assert genres["news"]["freq"] == 6 and genres["fiction"]["freq"] == 5


def test_punctuation_leaves_the_list_not_the_size(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        with_punct = rows_by_item(index.freq())
        without = index.freq(ignore_punct=True)
    assert with_punct["."]["freq"] == 2
    assert "." not in rows_by_item(without) and without.tokens == 11
    assert rows_by_item(without)["bank"]["per_million"] == with_punct["bank"]["per_million"]
    # and says so, with the count without them (AntConc's word tokens leave them out)
    (note,) = without.notes
    assert "left 2 punctuation tokens" in note and "11 tokens" in note
    assert note.endswith("(9 without them)")
    with sensegrep.open(tiny_index) as index:
        assert list(index.freq().notes) == []


def test_pattern_breakdown(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        table = rows_by_item(index.freq(cql='[pos="DET"] []', by="form"))
        lemmas = rows_by_item(index.freq(cql='[lemma="bank"]', by="form"))
    assert set(table) == {"The bank", "The river"}
    assert lemmas == {
        "bank": lemmas["bank"] | {"freq": 2, "docs": 2},
        "Banks": lemmas["Banks"] | {"freq": 1, "docs": 1},
    }


def test_pattern_breakdown_by_a_metadata_field(tiny_index: Path) -> None:
    """A match of two tokens is one match of its document's genre: "The bank" in d1 and
    "The river" in d2 were listed as "news news" and "fiction fiction" (issue 23)."""
    with sensegrep.open(tiny_index) as index:
        genres = rows_by_item(index.freq(cql='[pos="DET"] []', by="genre"))
        three = rows_by_item(index.freq(cql='[pos="DET"] [] []', by="genre"))
    assert set(genres) == {"news", "fiction"}
    assert genres["news"]["freq"] == 1 and genres["news"]["docs"] == 1
    assert genres["news"]["per_million"] == round(1 / 11 * 1e6, 2)
    assert genres["fiction"]["freq"] == 1
    assert set(three) == {"news", "fiction"}  # The bank rose, The river bank


def test_paging_and_min_freq(tiny_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        every = index.freq()
        page = index.freq(k=2, offset=1)
        frequent = index.freq(min_freq=2)
    assert page.rows == len(every) == 7 and [r["item"] for r in page] == [
        r["item"] for r in every[1:3]
    ]
    assert {r["item"] for r in frequent} == {"bank", "the", "."}


def test_an_empty_list_says_why(runner, tiny_index: Path) -> None:
    """A --min-freq above every item's frequency (bank's 3 is the most), or a pattern
    with no match, is no mistake (exit 0), but the empty list says why (issue 23)."""
    with sensegrep.open(tiny_index) as index:
        above = index.freq(min_freq=4)
        unmatched = index.freq(cql='[lemma="river"] [lemma="rise"]', where={"genre": "news"})
        assert index.freq(min_freq=3).notes == []  # bank is listed: nothing to explain
    assert above.rows == 0 and above.notes == [
        "no rows: all 7 fall below min_freq=4 (lower it to list them)"  # the keyword
    ]
    assert unmatched.notes == [
        'no rows: 0 matches for the pattern [lemma="river"] [lemma="rise"] in the subcorpus'
        f"{SENTENCE_BOUND}"
    ]
    code, out, err = run(runner, tiny_index, "freq", "--min-freq", "4")
    assert code == 0 and out == "" and "note: no rows: all 7 fall below --min-freq 4" in err


def test_mistakes_say_what_is_wrong(tiny_index: Path, untagged_index: Path) -> None:
    with sensegrep.open(tiny_index) as index:
        with pytest.raises(QueryError, match="genre"):
            index.freq(by="year")
        with pytest.raises(QueryError, match="genre"):
            index.freq(where={"gnre": "news"})
        with pytest.raises(QueryError, match="min_freq"):
            index.freq(min_freq=0)
    with sensegrep.open(untagged_index) as index, pytest.raises(QueryError, match="POS"):
        index.freq(by="pos")


def test_lemma_pos_without_pos_names_what_was_typed(runner, untagged_index: Path) -> None:
    """`--by lemma_pos` on an index without POS was refused as "--by pos needs POS
    tags", a value the user had not typed (pass 38a)."""
    for command in (["freq"], ["collocates", "bank"]):
        code, _, err = run(runner, untagged_index, *command, "--by", "lemma_pos")
        assert code == 1 and err.startswith("Error: --by lemma_pos needs POS tags and "), err


def test_cli_formats(runner, tiny_index: Path) -> None:
    code, out, err = run(runner, tiny_index, "freq", "--format", "jsonl", "--parts", "3")
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    assert list(first) == ["item", "freq", "per_million", "docs", "dp", "juilland_d"]
    assert first["item"] == "bank" and first["juilland_d"] == 0.9
    assert "7 rows" in err and "11 tokens" in err
    code, out, _err = run(runner, tiny_index, "freq", "--by", "pos", "--format", "tsv")
    assert out.splitlines()[0] == "item\tfreq\tper_million\tdocs\tdp\tjuilland_d"
    code, out, _err = run(runner, tiny_index, "freq", "-k", "1")
    assert "bank" in out.splitlines()[1] and len(out.splitlines()) == 2
    code, _out, err = run(runner, tiny_index, "freq", "--by", "nope")
    assert code == 1 and "Traceback" not in err and "genre" in err


def test_http(tiny_index: Path) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(tiny_index, read_only=True)) as client:
        answer = client.get("/api/stats/freq", params={"by": "pos", "k": 2}).json()
        assert answer["rows"] == 4 and answer["count"] == 2 and answer["tokens"] == 11
        assert answer["table"][0] == {
            "item": "NOUN", "freq": 4, "per_million": 363636.36, "docs": 2,
            "dp": round(1 / 22, 4), "juilland_d": answer["table"][0]["juilland_d"],
        }  # fmt: skip
        csv = client.get("/api/stats/freq", params={"format": "csv", "where": "genre=news"})
        assert csv.text.splitlines()[1] == "bank,2,333333.33,1,0.0,0.3675"
        bad = client.get("/api/stats/freq", params={"by": "nope"})
        assert bad.status_code == 400 and "genre" in bad.json()["error"]


# -- against an independent count ---------------------------------------------------------

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", ",", "."]


def _generated(path: Path, seed: int = 7) -> list[list[list[str]]]:
    """A CoNLL-U corpus of 12 documents of random sentences: documents[d][s] = forms."""
    rng = random.Random(seed)
    documents, lines = [], []
    for d in range(12):
        lines.append(f"# newdoc id = g{d}")
        sentences = []
        for _s in range(rng.randint(1, 4)):
            forms = [rng.choice(WORDS[: 3 + d % 5]) for _ in range(rng.randint(2, 9))]
            sentences.append(forms)
            for n, form in enumerate(forms, start=1):
                lines.append(f"{n}\t{form}\t{form}\tX\t_\t_\t_\t_\t_\t_")
            lines.append("")
        documents.append(sentences)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return documents


def _independent(documents: list[list[list[str]]], parts: int) -> dict[str, tuple]:
    """freq, docs, DP and Juilland's D, counted the plain way."""
    tokens = [form for doc in documents for sentence in doc for form in sentence]
    size = len(tokens)
    doc_sizes = [sum(len(s) for s in doc) for doc in documents]
    per_doc = [Counter(f for s in doc for f in s) for doc in documents]
    part_of = [p * parts // size for p in range(size)]
    part_sizes = Counter(part_of)
    in_part: dict[str, Counter] = defaultdict(Counter)
    for p, form in enumerate(tokens):
        in_part[form][part_of[p]] += 1
    out = {}
    for form, f in Counter(tokens).items():
        dp = 0.5 * sum(abs(c[form] / f - n / size) for c, n in zip(per_doc, doc_sizes, strict=True))
        rel = [in_part[form][j] / part_sizes[j] for j in range(parts)]
        mean = sum(rel) / parts
        sd = math.sqrt(sum((r - mean) ** 2 for r in rel) / parts)
        d = 1 - (sd / mean) / math.sqrt(parts - 1)
        out[form] = (f, sum(1 for c in per_doc if c[form]), dp, d)
    return out


def test_agrees_with_an_independent_count(tmp_path: Path) -> None:
    documents = _generated(tmp_path / "g.conllu")
    with sensegrep.build(tmp_path / "idx", tmp_path / "g.conllu", vectors_for="none") as index:
        table = index.freq(by="form", parts=7)
    expected = _independent(documents, 7)
    found = {r["item"]: (r["freq"], r["docs"], r["dp"], r["juilland_d"]) for r in table}
    assert set(found) == set(expected)
    for form, (f, docs, dp, d) in expected.items():  # the table rounds to 4 decimals
        assert found[form] == (f, docs, pytest.approx(dp, abs=6e-5), pytest.approx(d, abs=6e-5))


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"by": "pos"}, "by='pos' lists no word"),
        ({"by": "genre"}, "by='genre' lists no word"),
        ({"cql": '[lemma="bank"]'}, "a cql pattern says itself"),
    ],
)
def test_ignore_punct_that_would_leave_nothing_out_is_refused(
    tiny_index: Path, options: dict, said: str
) -> None:
    """Issue 23: by tags or metadata (or a pattern's matches) no item is punctuation,
    so --ignore-punct would silently change nothing (PUNCT still listed)."""
    with sensegrep.open(tiny_index) as index, pytest.raises(QueryError, match=said) as caught:
        index.freq(ignore_punct=True, **options)
    assert "\n" not in str(caught.value)


def test_more_parts_than_tokens_are_said(runner, tiny_index: Path) -> None:
    """Juilland's D takes at most one part a token: --parts above the tokens counted is
    cut to them, which the table said nowhere (D read as over the parts asked)."""
    with sensegrep.open(tiny_index) as index:
        size = index.freq(k=1).tokens
        many = index.freq(parts=size + 1000)
        exact = index.freq(parts=size)
        usual = index.freq()
    assert [r["juilland_d"] for r in many] == [r["juilland_d"] for r in exact]
    assert many.notes == [
        f"parts={size + 1000} is more than the {size:,} tokens counted: Juilland's D is "
        f"over {size:,} parts, one token each"
    ]
    assert exact.notes == usual.notes == []
    code, _out, err = run(runner, tiny_index, "freq", "--parts", str(size + 1000))
    assert code == 0 and f"note: --parts {size + 1000} is more than the" in err


def test_a_list_value_counts_under_each_item(tmp_path: Path) -> None:
    """freq --by FIELD takes a document whose genre is ["news", "sport"] under news and
    under sport, as --where genre=news does: a row's count is the tokens its concordance
    link (cql [] with where genre=news) lists; it counted the whole list as one value."""
    docs = [
        {"id": "d1", "text": "The bank rose.", "genre": "news"},  # 4 tokens
        {"id": "d2", "text": "The bank fell today.", "genre": ["news", "sport"]},  # 5
        {"id": "d3", "text": "A bank.", "genre": "sport"},  # 3
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        table = index.freq(by="genre")
        genres = rows_by_item(table)
        assert set(genres) == {"news", "sport"}
        assert genres["news"]["freq"] == 4 + 5 and genres["news"]["docs"] == 2
        assert genres["sport"]["freq"] == 5 + 3 and genres["sport"]["docs"] == 2
        assert genres["news"]["per_million"] == round(9 / 12 * 1e6, 2)
        assert any("list of values" in note for note in table.notes)
        for item, row in genres.items():
            assert index.search(cql="[]", where=[f"genre={item}"]).total == row["freq"]
        # a pattern's matches too: "bank" in d1, d2 (news) and d2, d3 (sport)
        banks = rows_by_item(index.freq(cql='[lemma="bank"]', by="genre"))
        assert banks["news"]["freq"] == 2 and banks["sport"]["freq"] == 2


def test_a_patterns_list_says_how_many_overlapping_matches_it_does_not_count(tmp_path) -> None:
    """Pass 27a: `freq --cql '[] []'` read as a bigram list counted every other pair of
    a run (matches do not overlap: 4 of the 8 pairs below; on a corpus of 3,603 tokens
    "the bank" 58 times where `"the" []` counted 63), unsaid. The note says how many
    matches start inside an earlier one."""
    from ..helpers import write_jsonl

    text = "The bank is old. I saw the bank."  # the bank | is old | . ; I saw | the bank | .
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        pairs = idx.freq(cql="[] []")
        assert sum(row["freq"] for row in pairs) == 4  # of the 8 pairs inside sentences
        said = [n for n in pairs.notes if n.startswith("matches do not overlap")]
        assert len(said) == 1 and "4 more of the pattern's" in said[0]
        named = idx.freq(cql='"the"%c []')
        assert {row["item"]: row["freq"] for row in named} == {"the bank": 2}
        assert not [n for n in named.notes if "overlap" in n]


def test_a_subcorpus_list_counts_the_overlapping_matches_of_the_subcorpus(tmp_path) -> None:
    """Pass 35f: `freq --cql '[] []' --where genre=news` said "N more of the pattern's
    in the index … are not counted", N the whole index's, beside rows of the news
    documents alone (18 where the subcorpus has 11). It counts those of the subcorpus
    (--where, --doc or the pattern's within FIELD="VALUE"), and says so."""
    from ..helpers import write_jsonl

    docs = [
        {"id": "n1", "genre": "news", "text": "The bank is old."},  # 2 pairs, 2 more
        {"id": "f1", "genre": "fiction", "text": "I saw the bank by the river."},  # 3, 3
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        whole = [n for n in idx.freq(cql="[] []").notes if "overlap" in n]
        assert len(whole) == 1 and "5 more of the pattern's in the index" in whole[0]
        for asked in (
            {"cql": "[] []", "where": ["genre=news"]},
            {"cql": '[] [] within genre="news"'},
            {"cql": "[] []", "doc": ["n1"]},
        ):
            table = idx.freq(**asked)
            assert sum(row["freq"] for row in table) == 2, asked
            said = [n for n in table.notes if "overlap" in n]
            assert len(said) == 1 and "2 more of the pattern's in the subcorpus" in said[0]


def test_freq_by_a_built_in_key_says_a_metadata_field_of_that_name(tmp_path) -> None:
    """Documents with a field "form" (a letter, a poem): `freq --by form` listed the
    tokens' forms without a word of the field, as `search --count form` says it."""
    import sensegrep

    from ..helpers import write_jsonl

    docs = [{"id": "a", "text": "A bank.", "form": "letter"}]
    path = write_jsonl(tmp_path / "f.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        assert any("meta:form counts by it" in n for n in index.freq(by="form").notes)
        assert not any("meta:" in n for n in index.freq().notes)
        assert [r["item"] for r in index.freq(by="meta:form")] == ["letter"]


def test_a_patterns_rows_by_a_field_give_each_values_own_per_million(tmp_path: Path) -> None:
    """freq --cql P --by FIELD gave per_million of the whole corpus alone: "bank" 2 in
    news (10 tokens) and 1 in fiction (3 tokens) read as twice as common in news, where
    it is a tenth of fiction's tokens and a fifth of news'. Each row also gives its
    value's own (``per_million_value`` of ``value_tokens``), as ``search --count``."""
    docs = [
        {"id": "d1", "text": "The bank rose and the bank fell.", "genre": "news"},  # 8
        {"id": "d2", "text": "Rain fell.", "genre": "news"},  # 3
        {"id": "d3", "text": "A bank.", "genre": "fiction"},  # 3
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        banks = rows_by_item(index.freq(cql='[lemma="bank"]', by="genre"))
        counts = {row["value"]: row for row in index.count("", "genre", cql='[lemma="bank"]')}
        in_news = rows_by_item(index.freq(cql='[lemma="bank"]', by="genre", doc=["d1"]))
    assert banks["news"]["per_million"] == round(2 / 14 * 1e6, 2)
    assert (banks["news"]["value_tokens"], banks["fiction"]["value_tokens"]) == (11, 3)
    assert banks["news"]["per_million_value"] == round(2 / 11 * 1e6, 2)
    assert banks["fiction"]["per_million_value"] == round(1 / 3 * 1e6, 2)
    for genre, row in banks.items():
        assert row["per_million_value"] == counts[genre]["per_million_value"], genre
    # within a subcorpus, the value's tokens in it
    assert in_news["news"]["value_tokens"] == 8
    assert in_news["news"]["per_million_value"] == round(2 / 8 * 1e6, 2)
