"""``keywords``: G², Log Ratio and simple maths against hand-computed values on a tiny
corpus, with the rest of the index, another subcorpus or another index as the reference;
against an independent count of a generated corpus; key senses on seeded sense clusters;
and the mistakes a user can make."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import NoVectorsError, QueryError

from ..helpers import conllu, run, text_only_index

# Three documents, 21 tokens (lemmas in brackets where they differ from the form):
#   d1 news     "Bank rates rose ." "Bank shares fell ."   8 tokens
#   d2 fiction  "The river bank flooded ."                 5 tokens
#   d3 science  "The river rose ." "The water rose ."      8 tokens
NEWS = "Bank/bank/NOUN rates/rate/NOUN rose/rise/VERB ././PUNCT"
NEWS_2 = "Bank/bank/NOUN shares/share/NOUN fell/fall/VERB ././PUNCT"
FICTION = "The/the/DET river/river/NOUN bank/bank/NOUN flooded/flood/VERB ././PUNCT"
SCIENCE = "The/the/DET river/river/NOUN rose/rise/VERB ././PUNCT"
SCIENCE_2 = "The/the/DET water/water/NOUN rose/rise/VERB ././PUNCT"


def _document(doc_id: str, genre: str, *sentences: str) -> list[tuple[list[str], str]]:
    head = [f"newdoc id = {doc_id}", f"newdoc genre = {genre}"]
    return [(head if n == 0 else [], s) for n, s in enumerate(sentences)]


@pytest.fixture(scope="module")
def kw_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three documents, text-only. Read it only."""
    text = conllu(
        *_document("d1", "news", NEWS, NEWS_2),
        *_document("d2", "fiction", FICTION),
        *_document("d3", "science", SCIENCE, SCIENCE_2),
    )
    return text_only_index(tmp_path_factory.mktemp("keywords"), text)


@pytest.fixture(scope="module")
def science_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """d3 alone in an index of its own, one "rose" lemmatised "Rise" (lemmas of two
    indexes compare case-folded)."""
    first = SCIENCE.replace("rose/rise", "rose/Rise")
    text = conllu(*_document("s", "science", first, SCIENCE_2))
    return text_only_index(tmp_path_factory.mktemp("science"), text)


def by_item(table: list[dict]) -> dict[str, dict]:
    return {row["item"]: row for row in table}


def g2(*cells: tuple[float, float]) -> float:
    """2 Σ O ln(O/E) over (observed, expected) cells, 0 ln 0 = 0."""
    return 2 * sum(o * math.log(o / e) for o, e in cells if o)


# -- hand-computed ------------------------------------------------------------------------


def test_news_against_the_rest_by_hand(kw_index: Path) -> None:
    with sensegrep.open(kw_index) as index:
        table = index.keywords(where={"genre": "news"}, min_freq=1)
    # Focus: d1, n1 = 8 tokens; reference: d2 + d3, n2 = 13; N = 21.
    assert (table.tokens, table.reference_tokens, table.corpus_tokens) == (8, 13, 21)
    assert table.reference_corpus == "the rest of the index"
    rows = by_item(table)
    bank = rows["bank"]
    # bank: a = 2 of 8, b = 1 of 13. Expected cells, row total × column total / 21:
    # E(a) = 8·3/21 = 8/7, E(b) = 13·3/21 = 13/7, other tokens c = 6, E = 8·18/21 = 48/7,
    # d = 12, E = 13·18/21 = 78/7.
    # G² = 2 (2 ln(7/4) + ln(7/13) + 6 ln(7/8) + 12 ln(14/13))
    #    = 2 (1.11923 − 0.61904 − 0.80119 + 0.88930) = 1.17660
    assert bank["ll"] == round(g2((2, 8 / 7), (1, 13 / 7), (6, 48 / 7), (12, 78 / 7)), 4)
    assert bank["ll"] == 1.1766
    # Log Ratio = log2((2/8) / (1/13)) = log2(3.25) = 1.70044
    assert bank["logratio"] == 1.7004
    # simple maths, N = 1: (250,000 + 1) / (76,923.08 + 1) = 3.24997
    assert bank["simple_maths"] == pytest.approx(250_001 / (1e6 / 13 + 1), rel=1e-5)
    assert (bank["focus_freq"], bank["reference_freq"]) == (2, 1)
    assert (bank["focus_per_million"], bank["reference_per_million"]) == (250_000.0, 76_923.08)
    assert bank["direction"] == "over" and bank["cql"] == '[lemma="bank" %c]'
    rate = rows["rate"]
    # rate: a = 1, b = 0. E(a) = 8/21, c = 7, E = 8·20/21 = 160/21, d = 13,
    # E = 13·20/21 = 260/21; b = 0 adds 0.
    # G² = 2 (ln(21/8) + 7 ln(147/160) + 13 ln(273/260)) = 2 (0.96508 − 0.59319 + 0.63427)
    #    = 2.01233
    assert rate["ll"] == round(g2((1, 8 / 21), (7, 160 / 21), (13, 260 / 21)), 4) == 2.0123
    # Log Ratio with b = 0 taken as 0.5: log2((1/8) / (0.5/13)) = log2(3.25)
    assert rate["logratio"] == 1.7004
    # simple maths: (125,000 + 1) / (0 + 1)
    assert rate["simple_maths"] == 125_001.0
    # Over-represented only, by G²: rate, share and fall tie (alphabetical), then bank,
    # then "." (2/8 against 3/13). rise (1/8 against 2/13) is under-represented.
    assert [r["item"] for r in table] == ["fall", "rate", "share", "bank", "."]
    dot = rows["."]
    # ".": a = 2, b = 3; E(a) = 8·5/21 = 40/21, E(b) = 65/21, c = 6, E = 8·16/21 = 128/21,
    # d = 10, E = 13·16/21 = 208/21
    assert dot["ll"] == round(g2((2, 40 / 21), (3, 65 / 21), (6, 128 / 21), (10, 208 / 21)), 4)
    assert dot["logratio"] == round(math.log2((2 / 8) / (3 / 13)), 4)


def test_a_notebook_shows_what_the_reference_is(kw_index: Path) -> None:
    """The notebook's head of a keywords table said "counted in 8 tokens" (the focus)
    and nothing of the reference, whose size reference_per_million is of (the rest of
    the index, 13 tokens, not the index's 21): the head names it, as the CLI's line."""
    with sensegrep.open(kw_index) as index:
        table = index.keywords(where={"genre": "news"}, min_freq=1)
    said = "reference: the rest of the index, 13 tokens, what reference_per_million is of"
    assert said in repr(table) and said in table._repr_html_()


def test_another_subcorpus_as_the_reference(kw_index: Path) -> None:
    with sensegrep.open(kw_index) as index:
        table = index.keywords(
            where={"genre": "news"}, reference_where={"genre": "science"},
            min_freq=1, direction="both",
        )  # fmt: skip
    assert (table.tokens, table.reference_tokens) == (8, 8)
    # in the library's words, as its notes are: the CLI's flag was in a notebook's repr
    assert table.reference_corpus == "reference_where='genre=science'"
    assert "; reference: reference_where='genre=science', 8 tokens" in repr(table)
    rows = by_item(table)
    # bank: a = 2, b = 0, n1 = n2 = 8, N = 16. E(a) = 8·2/16 = 1; c = 6, E = 8·14/16 = 7;
    # d = 8, E = 7. G² = 2 (2 ln 2 + 6 ln(6/7) + 8 ln(8/7)) = 2 (1.38629 − 0.92491 +
    # 1.06825) = 3.05928
    assert rows["bank"]["ll"] == round(g2((2, 1), (6, 7), (8, 7)), 4) == 3.0593
    # Log Ratio = log2((2/8) / (0.5/8)) = log2 4 = 2; simple maths (250,000 + 1) / 1
    assert (rows["bank"]["logratio"], rows["bank"]["simple_maths"]) == (2.0, 250_001.0)
    # rise: a = 1, b = 2: under-represented. E(a) = E(b) = 1.5; c = 7, d = 6, E = 6.5 each.
    # G² = 2 (ln(2/3) + 2 ln(4/3) + 7 ln(14/13) + 6 ln(12/13)) = 0.41680
    rise = rows["rise"]
    assert rise["direction"] == "under" and rise["ll"] == 0.4168
    # Log Ratio = log2((1/8) / (2/8)) = −1; simple maths (125,001) / (250,001)
    assert rise["logratio"] == -1.0
    assert rise["simple_maths"] == pytest.approx(125_001 / 250_001, rel=1e-5)
    # ".": 2 of 8 on both sides: G² 0, Log Ratio 0, simple maths 1
    assert (rows["."]["ll"], rows["."]["logratio"]) == (0, 0)
    assert rows["."]["direction"] == "equal" and rows["."]["simple_maths"] == 1.0
    # both directions, by G²: bank, and "the" (0 against 2, the same G²) after it by
    # name; the equal "." last
    assert [r["item"] for r in table[:2]] == ["bank", "the"] and table[-1]["item"] == "."


def test_another_index_as_the_reference(kw_index: Path, science_index: Path) -> None:
    """d3 in an index of its own gives the figures of --reference-where genre=science;
    its "Rise" is the same lemma as "rise"."""
    with sensegrep.open(kw_index) as index:
        other = index.keywords(
            where={"genre": "news"}, reference=str(science_index), min_freq=1, direction="both"
        )
        same = index.keywords(
            where={"genre": "news"}, reference_where={"genre": "science"},
            min_freq=1, direction="both",
        )  # fmt: skip
    assert list(other) == list(same)
    assert by_item(other)["rise"]["reference_freq"] == 2
    assert other.reference_tokens == 8 and other.reference_corpus == f"the index {science_index}"
    # The whole index against itself: every item equal, none over-represented.
    with sensegrep.open(science_index) as index:
        # an open index, as a notebook holds its reference, was "reference must be text"
        assert list(index.keywords(reference=index, min_freq=1, direction="both")) == list(
            index.keywords(reference=str(science_index), min_freq=1, direction="both")
        )
        assert index.keywords(reference=str(science_index), min_freq=1).rows == 0


def test_forms_and_tags(kw_index: Path) -> None:
    with sensegrep.open(kw_index) as index:
        forms = by_item(index.keywords(where={"genre": "news"}, by="form", min_freq=1,
                                       direction="both"))  # fmt: skip
        tags = by_item(index.keywords(where={"genre": "news"}, by="pos", min_freq=1,
                                      direction="both"))  # fmt: skip
    # Forms keep their case: "Bank" 2 in news, 0 in the rest; "bank" 0 and 1.
    bank = forms["Bank"]
    assert (bank["focus_freq"], bank["reference_freq"], bank["direction"]) == (2, 0, "over")
    # E(a) = 8·2/21 = 16/21, c = 6, E = 8·19/21 = 152/21, d = 13, E = 13·19/21 = 247/21
    assert bank["ll"] == round(g2((2, 16 / 21), (6, 152 / 21), (13, 247 / 21)), 4)
    assert forms["bank"]["direction"] == "under" and bank["cql"] == '[word="Bank"]'
    # NOUN: 4 of 8 in news, 4 of 13 in the rest. E(a) = 8·8/21 = 64/21, E(b) = 104/21,
    # c = 4, E = 8·13/21 = 104/21, d = 9, E = 13·13/21 = 169/21
    noun = tags["NOUN"]
    expected = g2((4, 64 / 21), (4, 104 / 21), (4, 104 / 21), (9, 169 / 21))
    assert noun["ll"] == round(expected, 4) and noun["logratio"] == round(math.log2(13 / 8), 4)
    assert noun["cql"] == '[pos="NOUN"]'


def test_min_freq_smoothing_and_measures(kw_index: Path) -> None:
    with sensegrep.open(kw_index) as index:
        news = {"genre": "news"}
        assert [r["item"] for r in index.keywords(where=news, min_freq=2)] == ["bank", "."]
        assert index.keywords(where=news).rows == 0  # default min_freq 3: none here
        science = {"reference_where": {"genre": "science"}, "where": news, "min_freq": 1}
        n1 = by_item(index.keywords(**science))["bank"]["simple_maths"]
        n100 = by_item(index.keywords(**science, smoothing=100))["bank"]["simple_maths"]
        million = by_item(index.keywords(**science, smoothing=1e6))["bank"]["simple_maths"]
        # bank, 250,000 per million in news, 0 in science: (250,000 + N) / (0 + N)
        assert (n1, n100, million) == (250_001.0, 2_501.0, 1.25)
        # Under-represented against the rest: rise (1/8 against 2/13) ... and by Log
        # Ratio, the most negative first.
        under = index.keywords(where=news, direction="under", min_freq=1, measure="logratio")
        ratios = [r["logratio"] for r in under]
        assert ratios == sorted(ratios) and {r["direction"] for r in under} == {"under"}
        # the, river, water, flood: 0 in news (taken as 0.5); the is 3 in the rest
        assert under[0]["item"] == "the" and under[0]["logratio"] == round(
            math.log2((0.5 / 8) / (3 / 13)), 4
        )
        by_maths = index.keywords(where=news, min_freq=1, measure="simplemaths")
        values = [r["simple_maths"] for r in by_maths]
        assert values == sorted(values, reverse=True)
        # --max-p 0.05 keeps G² >= 3.84: none of these tiny counts; p = 0.2 keeps G² >=
        # 1.64 (rate, share, fall at 2.0123)
        assert index.keywords(where=news, min_freq=1, max_p=0.05).rows == 0
        assert [r["item"] for r in index.keywords(where=news, min_freq=1, max_p=0.2)] == [
            "fall", "rate", "share",
        ]  # fmt: skip
        quiet = index.keywords(where=news, min_freq=1, ignore_punct=True)
        assert "." not in by_item(quiet) and quiet.tokens == 8
        page = index.keywords(where=news, min_freq=1, k=2, offset=1)
        assert [r["item"] for r in page] == ["rate", "share"] and page.rows == 5


def test_a_row_leads_to_its_lines(kw_index: Path) -> None:
    """The row's cql with the focus's where finds focus_freq lines."""
    with sensegrep.open(kw_index) as index:
        for row in index.keywords(where={"genre": "news"}, min_freq=1):
            hits = index.search(cql=row["cql"], where={"genre": "news"})
            assert hits.total == row["focus_freq"], row


def test_mistakes_say_what_to_do(kw_index: Path, tmp_path: Path) -> None:
    with sensegrep.open(kw_index) as index:
        with pytest.raises(QueryError, match="choose the focus with where=FIELD=VALUE"):
            index.keywords()
        with pytest.raises(QueryError, match="genre"):
            index.keywords(where={"gnre": "news"})
        with pytest.raises(QueryError, match="genre"):
            index.keywords(where={"genre": "news"}, reference_where={"gnre": "x"})
        # pass 30: a reference that keeps no document is named as the reference, not as
        # the focus's where (the page said "where genre=poetry: 0 documents…").
        with pytest.raises(QueryError, match=r"^reference_where: where genre=poetry: 0 doc"):
            index.keywords(where={"genre": "news"}, reference_where={"genre": "poetry"})
        with pytest.raises(QueryError, match="holds no tokens"):
            index.keywords(where=[("genre", "news"), ("genre", "fiction")])
        with pytest.raises(QueryError, match="whole index, so the rest"):
            index.keywords(where={"genre": "news,fiction,science"})
        with pytest.raises(QueryError, match="smoothing must be above 0"):
            index.keywords(where={"genre": "news"}, smoothing=0)
        # As every statistic's mistakes in the library: its keywords (issue 23).
        with pytest.raises(QueryError, match=r"^max_p must be a probability above 0"):
            index.keywords(where={"genre": "news"}, max_p=1.5)
        with pytest.raises(QueryError, match="by takes one of lemma, form, pos"):
            index.keywords(where={"genre": "news"}, by="lemma_pos")
        with pytest.raises(sensegrep.SensegrepError, match="no sensegrep index"):
            index.keywords(where={"genre": "news"}, reference=str(tmp_path / "nothing"))
        # A subcorpus given as --reference was told to create an index named genre=fiction.
        with pytest.raises(QueryError, match="reference_where genre=fiction the documents"):
            index.keywords(where={"genre": "news"}, reference="genre=fiction")
        with pytest.raises(NoVectorsError, match="no vectors"):
            index.keywords(where={"genre": "news"}, key_senses=["bank"])


def test_cli(runner, kw_index: Path, science_index: Path) -> None:
    code, out, err = run(runner, kw_index, "keywords", "--where", "genre=news", "--min-freq",
                         "1", "--format", "jsonl")  # fmt: skip
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    assert list(first) == [
        "item", "focus_freq", "reference_freq", "focus_per_million", "reference_per_million",
        "ll", "logratio", "simple_maths", "direction", "cql",
    ]  # fmt: skip
    assert first["item"] == "fall" and "5 rows" in err and "8 tokens" in err
    assert "reference: the rest of the index, 13 tokens" in err
    code, out, err = run(runner, kw_index, "keywords", "--where", "genre=news", "--reference",
                         str(science_index), "--min-freq", "2", "--format", "tsv")  # fmt: skip
    assert code == 0 and out.splitlines()[1].startswith("bank\t2\t0\t250000.0\t0.0\t3.0593")
    args = ["--smoothing", "0.5", "--measure", "simplemaths", "--min-freq", "1", "-k", "1"]
    code, out, err = run(runner, kw_index, "keywords", "--where", "genre=news", *args)
    assert code == 0 and "fall" in out.splitlines()[1]  # (125,000 + 0.5) / 0.5, tied
    assert "simple maths: N = 0.5 (--smoothing)" in err.splitlines()  # pass 28e: unsaid
    for args, said in [
        ((), "choose the focus"),
        (("--where", "genre=news", "--measure", "mi"), "'mi' is not one of"),
        (("--where", "genre=news", "--smoothing", "x"), "not a valid float"),
    ]:
        code, _out, err = run(runner, kw_index, "keywords", *args)
        assert code != 0 and said in err and "Traceback" not in err, err


def test_http(kw_index: Path) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(kw_index, read_only=True)) as client:
        params = {"where": "genre=news", "min_freq": 1, "reference_where": "genre=science"}
        answer = client.get("/api/stats/keywords", params=params).json()
        # bank (2 against 0), fall, rate, share (1 against 0); "." is 2 and 2
        assert (answer["tokens"], answer["reference_tokens"], answer["rows"]) == (8, 8, 4)
        assert answer["table"][0]["item"] == "bank" and answer["table"][0]["ll"] == 3.0593
        assert answer["reference_corpus"] == "--reference-where genre=science"
        assert answer["smoothing"] == 1  # simple maths' N, which the figures depend on
        csv = client.get("/api/stats/keywords", params={**params, "format": "csv"}).text
        assert csv.splitlines()[0].startswith("item,focus_freq,reference_freq")
        # A web client never names a folder for the server to open.
        refused = client.get("/api/stats/keywords", params={**params, "reference": "/tmp"})
        assert refused.status_code == 400 and "reference" in refused.json()["error"]
        bad = client.get("/api/stats/keywords", params={**params, "smoothing": "x"})
        assert bad.status_code == 400 and "not a valid float" in bad.json()["error"]
        strict = client.get("/api/stats/keywords", params={**params, "max_p": "0.05"}).json()
        assert [r["item"] for r in strict["table"]] == []  # G² 3.06 < 3.84
        empty = client.get("/api/stats/keywords")
        assert empty.status_code == 400 and "choose the focus" in empty.json()["error"]
        # key_senses= (blank) said storage's "give the word to search for (or a --cql
        # pattern, or --any-word with an --example)" on an index with vectors: options of
        # another command; here, that the index has no vectors
        blank = client.get("/api/stats/keywords", params={**params, "key_senses": " "})
        assert blank.json()["error"] == (
            "key_senses names an empty word: give a word, or leave it out"
        )
        schema = client.get("/openapi.json").json()["paths"]["/api/stats/keywords"]["get"]
        names = {p["name"] for p in schema["parameters"]}
        assert {"where", "reference_where", "key_senses", "smoothing"} <= names
        assert "reference" not in names


# -- against an independent count ---------------------------------------------------------

GENRES = ("news", "fiction", "science")


def _generated(path: Path, seed: int = 11) -> list[tuple[str, list[str]]]:
    """A CoNLL-U corpus of 30 documents, each a genre and random lemmas whose odds
    differ by genre: [(genre, lemmas)]."""
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", ","]
    documents, lines = [], []
    for d in range(30):
        genre = GENRES[d % 3]
        weights = [1 + (i * (d % 3 + 1)) % 5 for i in range(len(words))]
        lines += [f"# newdoc id = g{d}", f"# newdoc genre = {genre}"]
        lemmas: list[str] = []
        for _s in range(rng.randint(1, 3)):
            sentence = rng.choices(words, weights, k=rng.randint(2, 12))
            for n, lemma in enumerate(sentence, start=1):
                form = lemma.upper() if rng.random() < 0.2 else lemma
                lines.append(f"{n}\t{form}\t{lemma}\tX\t_\t_\t_\t_\t_\t_")
            lines.append("")
            lemmas += sentence
        documents.append((genre, lemmas))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return documents


def _plain(focus: Counter, reference: Counter, smoothing: float) -> dict[str, tuple]:
    """Each lemma's counts and measures, the plain way."""
    n1, n2 = sum(focus.values()), sum(reference.values())
    n = n1 + n2
    out = {}
    for lemma in set(focus) | set(reference):
        a, b = focus[lemma], reference[lemma]
        cells = [(a, n1, a + b), (b, n2, a + b), (n1 - a, n1, n - a - b), (n2 - b, n2, n - a - b)]
        ll = 2 * sum(o * math.log(o / (col * row / n)) for o, col, row in cells if o > 0)
        ratio = math.log2(((a or 0.5) / n1) / ((b or 0.5) / n2))
        maths = (a / n1 * 1e6 + smoothing) / (b / n2 * 1e6 + smoothing)
        direction = "over" if a / n1 > b / n2 else "under" if a / n1 < b / n2 else "equal"
        out[lemma] = (a, b, ll, ratio, maths, direction)
    return out


@pytest.mark.parametrize("reference_genre", [None, "science"])
def test_agrees_with_an_independent_count(tmp_path: Path, reference_genre: str | None) -> None:
    documents = _generated(tmp_path / "g.conllu")
    focus = Counter(w for genre, lemmas in documents if genre == "news" for w in lemmas)
    reference = Counter(
        w
        for genre, lemmas in documents
        if genre != "news" and reference_genre in (None, genre)
        for w in lemmas
    )
    options = {"where": {"genre": "news"}, "min_freq": 1, "direction": "both", "smoothing": 10}
    if reference_genre:
        options["reference_where"] = {"genre": reference_genre}
    with sensegrep.build(tmp_path / "idx", tmp_path / "g.conllu", vectors_for="none") as index:
        table = index.keywords(**options)
        forms = index.keywords(**options, by="form")
    expected = _plain(focus, reference, 10)
    found = {
        r["item"]: (r["focus_freq"], r["reference_freq"], r["ll"], r["logratio"],
                    r["simple_maths"], r["direction"])
        for r in table
    }  # fmt: skip
    assert set(found) == set(expected)
    for lemma, (a, b, ll, ratio, maths, direction) in expected.items():
        assert found[lemma] == (
            a, b, pytest.approx(ll, abs=6e-5), pytest.approx(ratio, abs=6e-5),
            pytest.approx(maths, rel=1e-5), direction,
        )  # fmt: skip
    lls = [r["ll"] for r in table]
    assert lls == sorted(lls, reverse=True)
    # Forms split a lemma by case; they add up to it.
    per_lemma = Counter()
    for row in forms:
        per_lemma[row["item"].lower()] += row["focus_freq"]
    assert per_lemma == focus


# -- key senses -----------------------------------------------------------------------------


def test_key_senses(seeded: Path, runner) -> None:
    with sensegrep.open(seeded) as index:
        # Named as the option it is ("the key senses of 'bank' needs them" read wrong).
        with pytest.raises(QueryError, match="`sensegrep senses bank`, then ask for key_senses"):
            index.keywords(where={"genre": "news"}, key_senses=["bank"])
        run_id = index.senses("bank", n=3).info.id
        table = index.keywords(where={"genre": "news"}, key_senses=["bank"], min_freq=1)
        both = index.keywords(where={"genre": "news"}, key_senses=["bank"], direction="both")
        with pytest.raises(QueryError, match="leave out reference "):
            index.keywords(where={"genre": "news"}, key_senses=["bank"], reference=str(seeded))
    assert table.kind == "key_senses" and table.sense_runs == {"bank": run_id}
    assert len(table) == 1 and len(both) == 3
    money = table[0]
    assert (money["word"], money["sense_run"], money["direction"]) == ("bank", run_id, "over")
    # Focus: the 18 news documents, n1 = 90 tokens; reference: 36 others, n2 = 180.
    # The money sense: a = 18, b = 0. E(a) = 90·18/270 = 6; other tokens c = 72,
    # E = 90·252/270 = 84; d = 180, E = 180·252/270 = 168.
    # G² = 2 (18 ln 3 + 72 ln(72/84) + 180 ln(180/168)) = 2 (19.77502 − 11.09894 +
    # 12.41872) = 42.18978
    assert (money["focus_freq"], money["reference_freq"]) == (18, 0)
    assert money["ll"] == round(g2((18, 6), (72, 84), (180, 168)), 4) == 42.1898
    # Log Ratio = log2((18/90) / (0.5/180)) = log2 72 = 6.16993
    assert money["logratio"] == 6.1699
    assert (money["focus_share"], money["reference_share"]) == (1.0, 0.0)
    assert {r["direction"] for r in both[1:]} == {"under"}
    assert sorted(r["reference_freq"] for r in both) == [0, 12, 24]
    code, out, err = run(runner, seeded, "keywords", "--where", "genre=news", "--key-senses",
                         "bank", "--format", "jsonl")  # fmt: skip
    assert code == 0 and json.loads(out)["sense"] == money["sense"]
    assert f"sense runs: bank run {run_id}" in err


def test_a_get_never_makes_a_sense_run(seeded: Path) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.storage import Index
    from sensegrep.web import create_app

    params = {"where": "genre=news", "key_senses": "bank"}
    with TestClient(create_app(seeded)) as client:
        refused = client.get("/api/stats/keywords", params=params)
        assert refused.status_code == 400 and "`POST /api/senses/bank`" in refused.json()["error"]
    with Index.open(seeded) as storage:
        assert storage.sense_run_heads("bank") == []
    with sensegrep.open(seeded) as index:
        index.senses("bank")
    with TestClient(create_app(seeded)) as client:
        answer = client.get("/api/stats/keywords", params=params).json()
        assert answer["kind"] == "key_senses" and answer["table"][0]["focus_freq"] == 18
        assert answer["sense_runs"] == {"bank": answer["table"][0]["sense_run"]}


def test_key_senses_of_a_named_run(seeded: Path, runner) -> None:
    """--senses RUN (search's own parameter) names the run --key-senses reads instead of
    the word's current one: the newest run here has 2 senses, the named one 3, whose
    money sense has the figures worked out in test_key_senses (G² 42.1898)."""
    with sensegrep.open(seeded) as index:
        named = index.senses("bank", n=3).info.id
        newest = index.senses("bank", n=2).info.id  # the current run from now on
        current = index.keywords(where={"genre": "news"}, key_senses=["bank"])
        table = index.keywords(where={"genre": "news"}, key_senses=["bank"], senses_run=named)
        with pytest.raises(QueryError, match="give the word"):
            index.keywords(where={"genre": "news"}, senses_run=named)
        with pytest.raises(QueryError, match="one word's sense run: give one key_senses=WORD"):
            index.keywords(where={"genre": "news"}, key_senses=["bank", "the"], senses_run=named)
        with pytest.raises(QueryError, match="no sense run 999"):
            index.keywords(where={"genre": "news"}, key_senses=["bank"], senses_run=999)
    assert current.sense_runs == {"bank": newest} and table.sense_runs == {"bank": named}
    money = table[0]
    assert (money["sense_run"], money["focus_freq"], money["reference_freq"]) == (named, 18, 0)
    assert money["ll"] == 42.1898
    code, out, err = run(runner, seeded, "keywords", "--where", "genre=news", "--key-senses",
                         "bank", "--senses", str(named), "--format", "jsonl")  # fmt: skip
    assert code == 0 and json.loads(out.splitlines()[0])["ll"] == 42.1898
    assert f"sense runs: bank run {named} (the run --senses named)" in err
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    params = {"where": "genre=news", "key_senses": "bank", "senses": named}
    with TestClient(create_app(seeded)) as client:
        answer = client.get("/api/stats/keywords", params=params).json()
    assert answer["sense_runs"] == {"bank": named} and answer["table"][0]["ll"] == 42.1898


# -- issue 23: an empty or doubtful list says why -----------------------------------------------


def test_a_reference_equal_to_the_focus_is_a_mistake(runner, kw_index: Path) -> None:
    news = {"genre": "news"}
    with sensegrep.open(kw_index) as index:
        with pytest.raises(QueryError) as caught:
            index.keywords(where=news, reference_where=news, min_freq=1)
        # d1 is the news and the science+news documents hold it: 8 tokens counted twice
        shared = index.keywords(where=news, reference_where={"genre": "news,science"})
    assert str(caught.value) == (
        "the focus (where='genre=news') and the reference (reference_where='genre=news') "
        "are the same 8 tokens, so nothing can be key: give a reference that differs, or "
        "leave out reference_where to compare with the rest of the index"
    )
    assert shared.notes[0].startswith("the focus and the reference share 8 tokens")
    args = ["keywords", "--where", "genre=news", "--reference-where", "genre=news"]
    code, out, err = run(runner, kw_index, *args)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1


def test_a_threshold_that_leaves_no_row_says_so(runner, kw_index: Path) -> None:
    """The news focus has 5 over-represented items at --min-freq 1, none seen 3 times
    (the default) and none significant at p 0.05 (test_min_freq_smoothing_and_measures)."""
    news = {"genre": "news"}
    with sensegrep.open(kw_index) as index:
        default = index.keywords(where=news)
        strict = index.keywords(where=news, min_freq=1, max_p=0.05)
    # In the library's keywords (min_freq=3, its default, too), as the command line's
    # flags (issue 23).
    assert default.rows == 0 and default.notes == [
        "no rows: all 5 fall below min_freq=3 (lower it to list them)"
    ]
    assert strict.rows == 0 and strict.notes == [
        "no rows: none of the 5 is significant at max_p=0.05 (G2 >= 3.84)"
    ]
    code, out, err = run(runner, kw_index, "keywords", "--where", "genre=news")
    assert code == 0 and out == "" and "note: no rows: all 5 fall below --min-freq 3" in err


def test_both_thresholds_that_leave_no_row_say_so(runner, kw_index: Path) -> None:
    """--max-p with --min-freq left no row and said nothing (issue 23): the news focus's
    5 over-represented items, none significant at 0.05 and none seen 3 times."""
    with sensegrep.open(kw_index) as index:
        both = index.keywords(where={"genre": "news"}, min_freq=3, max_p=0.05)
    assert both.rows == 0 and both.notes == [
        "no rows: of the 5 items, none passes both min_freq=3 and max_p=0.05 (G2 >= 3.84): "
        "0 pass max_p alone, 0 min_freq alone"
    ]
    args = ["keywords", "--where", "genre=news", "--max-p", "0.05"]
    code, out, err = run(runner, kw_index, *args)
    assert code == 0 and out == "" and "none passes both --min-freq 3 and --max-p 0.05" in err


def test_key_senses_say_the_lemma_a_word_was_taken_as(seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        index.senses("bank")
        table = index.keywords(where={"genre": "news"}, key_senses=["banks"], min_freq=1)
        with pytest.raises(QueryError, match="key senses are no words"):
            index.keywords(where={"genre": "news"}, key_senses=["bank"], ignore_punct=True)
    assert table[0]["word"] == "bank" and table.notes == ['lemma "bank" (from "banks")']


def test_ignore_punct_by_pos_is_refused(kw_index: Path) -> None:
    """By pos, PUNCT is a tag like any: --ignore-punct would leave nothing out."""
    refused = pytest.raises(QueryError, match="by='pos' lists no word")
    with sensegrep.open(kw_index) as index, refused:
        index.keywords(where={"genre": "news"}, by="pos", ignore_punct=True)


def test_a_tiny_max_p_is_computed_or_refused_in_one_line(runner, kw_index: Path) -> None:
    """1 − p/2 is 1 in floating point for p below ~1e-16: the G² needed came out of
    NormalDist().inv_cdf(1) as a StatisticsError (a traceback, an HTTP 500). The lower
    tail keeps its digits down to the smallest normal float; below it is a mistake."""
    from sensegrep.stats.keywords import critical_ll

    # chi-square(1) critical values: 3.8415 at 0.05; at 1e-16, 68.97 (the normal
    # quantile at 5e-17 is -8.3048, squared 68.97); at 1e-300, 1373.87
    assert round(critical_ll(0.05), 4) == 3.8415
    assert round(critical_ll(1e-16), 2) == 68.97 and round(critical_ll(1e-300), 2) == 1373.87
    news = {"genre": "news"}
    with sensegrep.open(kw_index) as index:
        assert index.keywords(where=news, min_freq=1, max_p=1e-17).rows == 0
        with pytest.raises(QueryError, match="too small to compute"):
            index.keywords(where=news, max_p=1e-310)
    for p, said in [
        ("1e-300", None),
        ("1e-16", None),
        ("1e-310", "--max-p 1e-310 is too small to compute"),
        ("0", "--max-p must be a probability above 0 and at most 1, got 0.0"),
        ("-1", "--max-p must be a probability above 0 and at most 1, got -1.0"),
        ("1.5", "--max-p must be a probability above 0 and at most 1"),
    ]:
        code, _out, err = run(runner, kw_index, "keywords", "--where", "genre=news",
                              "--min-freq", "1", "--max-p", p)  # fmt: skip
        assert "Traceback" not in err and "StatisticsError" not in err, err
        if said is None:
            assert code == 0, err
        else:
            assert code == 1 and said in err and len(err.strip().splitlines()) == 1, err
    code, out, _err = run(runner, kw_index, "keywords", "--help")
    # 0 is refused, so no "[x>=0]" (--smoothing 0 neither: simple maths divides by it)
    said = " ".join(out.split())
    max_p = said[said.index("--max-p P") : said.index("--ignore-punct")]
    smoothing = said[said.index("--smoothing N") : said.index("--max-p P")]
    assert "above 0, at most 1" in max_p and "x>=0" not in max_p + smoothing


def test_a_tiny_max_p_over_http(kw_index: Path) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(kw_index, read_only=True)) as client:
        params = {"where": "genre=news", "min_freq": 1}
        tiny = client.get("/api/stats/keywords", params={**params, "max_p": "1e-300"})
        assert tiny.status_code == 200 and tiny.json()["table"] == []
        refused = client.get("/api/stats/keywords", params={**params, "max_p": "1e-320"})
        assert refused.status_code == 400
        assert refused.json()["error"].startswith("max_p=1e-320 is too small"), refused.json()
        zero = client.get("/api/stats/keywords", params={**params, "max_p": "0"})
        assert zero.status_code == 400 and "above 0 and at most 1" in zero.json()["error"]


def test_nothing_key_in_the_direction_asked_says_so(runner, kw_index, science_index, seeded):
    """An empty list with no threshold to blame said nothing (a program reads the
    note in keywords: direction='both'). The science documents
    against the science index: every item as frequent on both sides (lemmas
    case-folded), so none is over- or under-represented; a sense run of one sense of
    bank, one use per 5-token document: its share is the same in any focus."""
    science = {"where": {"genre": "science"}, "reference": str(science_index), "min_freq": 1}
    with sensegrep.open(kw_index) as index:
        over = index.keywords(**science)
        under = index.keywords(**science, direction="under")
        both = index.keywords(**science, direction="both")
    assert over.rows == 0 and over.notes == [
        "no rows: none of the 5 items is over-represented in the focus "
        "(direction='both' lists them)"
    ]
    assert under.notes == [
        "no rows: none of the 5 items is under-represented in the focus "
        "(direction='both' lists them)"
    ]
    assert both.rows == 5 and {r["direction"] for r in both} == {"equal"} and not both.notes
    with sensegrep.open(seeded) as index:
        index.senses("bank", n=1)
        senses = index.keywords(where={"genre": "news"}, key_senses=["bank"])
    assert senses.rows == 0 and senses.notes == [
        "no rows: the one sense is not over-represented in the focus (direction='both' lists it)"
    ]
    args = ["keywords", "--where", "genre=news", "--key-senses", "bank"]
    code, out, err = run(runner, seeded, *args)
    assert code == 0 and out == "" and "note: no rows: the one sense is not over" in err


def test_key_senses_say_the_tokens_in_no_sense(
    runner, auxiliaries_index: Path, tmp_path: Path
) -> None:
    """helpers.AUXILIARIES: "have" 5 times, only its 2 verbs with a sense vector (one in
    each genre). Its one sense counts those 2: a note says the other 3 tokens are in no
    sense (a sense's counts and shares are not the word's lines)."""
    import shutil

    folder = Path(shutil.copytree(auxiliaries_index, tmp_path / "idx"))
    with sensegrep.open(folder) as index:
        index.senses("have", n=1)
        table = index.keywords(where={"genre": "news"}, key_senses=["have"],
                               direction="both", min_freq=1)  # fmt: skip
    (row,) = table
    assert (row["focus_freq"], row["reference_freq"]) == (1, 1)
    said = (
        "'have': 3 of its 5 tokens have no sense vector, so they are in no sense: the "
        "senses' counts and shares are of the 2 with one, not of every token"
    )
    assert said in table.notes
    code, _out, err = run(runner, folder, "keywords", "--where", "genre=news",
                          "--key-senses", "have", "--direction", "both")  # fmt: skip
    assert code == 0 and f"note: {said}" in err


def test_a_single_row_left_out_is_said_in_the_singular(seeded: Path) -> None:
    """One over-represented sense (money, 18 in the news) below the thresholds: "all 1
    fall below" and "of the 1 senses" read as a slip; the notes say it in the singular."""
    with sensegrep.open(seeded) as index:
        index.senses("bank", n=3)
        high = index.keywords(where={"genre": "news"}, key_senses=["bank"], min_freq=100)
        both = index.keywords(where={"genre": "news"}, key_senses=["bank"], min_freq=100,
                              max_p=0.05)  # fmt: skip
    assert high.notes[-1] == (
        "no rows: the one there is falls below min_freq=100 (lower it to list it)"
    )
    assert both.notes[-1].startswith("no rows: of the 1 sense, none passes both min_freq=100")


def test_by_with_key_senses_is_refused(runner, seeded: Path) -> None:
    """--by chooses a keyword list's items; key senses list senses, so --by form was
    silently unused: a one-line error."""
    with sensegrep.open(seeded) as index:
        index.senses("bank", n=3)
        with pytest.raises(QueryError, match="chooses the items of a keyword list"):
            index.keywords(where={"genre": "news"}, key_senses=["bank"], by="form")
    code, _out, err = run(runner, seeded, "keywords", "--where", "genre=news", "--key-senses",
                          "bank", "--by", "form")  # fmt: skip
    assert code == 1 and err.strip() == (
        "Error: --by form chooses the items of a keyword list, and --key-senses lists "
        "senses: leave out --by"
    )


def test_key_senses_name_the_senses_min_freq_left_out(seeded: Path) -> None:
    """Pass 27a: a word's senses are few, and --min-freq dropped some unsaid: with
    --direction both, 4 of 7 senses were listed and the 3 missing read as not key. Here
    (test_key_senses' figures) --min-freq 20 keeps the sense seen 24 times in the
    reference; the note names the two it leaves out (18 in the focus, 12 in the
    reference)."""
    with sensegrep.open(seeded) as index:
        index.senses("bank", n=3)
        table = index.keywords(
            where={"genre": "news"}, key_senses=["bank"], direction="both", min_freq=20
        )
        every = index.keywords(
            where={"genre": "news"}, key_senses=["bank"], direction="both", min_freq=1
        )
    assert [r["reference_freq"] for r in table] == [24]
    left_out = sorted(f"bank {r['sense']}" for r in every if r["reference_freq"] != 24)
    said = [n for n in table.notes if "left out" in n]
    assert said == [
        f"2 senses ({', '.join(left_out)}) are left out: seen fewer than min_freq=20 times "
        "where key (min_freq=1 lists them)"
    ]
    assert not [n for n in every.notes if "left out" in n]


def test_a_reference_where_s_note_is_named_as_the_reference_s(tmp_path: Path) -> None:
    """A note on the reference_where condition (the dates within a month asked for as a
    value) read "where date=2020-05 leaves out …", as if of the focus's where, which was
    genre=news; its error was named as the reference's already."""
    records = [
        {"id": f"d{i}", "text": f"The {word} stood by the river.", "genre": genre, "date": date}
        for i, (word, genre, date) in enumerate(
            [("bank", "news", "2020-05"), ("shore", "news", "2020-05-03"),
             ("boat", "fiction", "2020-05"), ("mill", "fiction", "2020-05-17")]
        )
    ]  # fmt: skip
    text = "".join(json.dumps(r) + "\n" for r in records)
    with sensegrep.open(text_only_index(tmp_path, text, "c.jsonl")) as index:
        table = index.keywords(where={"genre": "news"}, reference_where={"date": "2020-05"})
        said = [n for n in table.notes if "a date within the year or month" in n]
        assert said and all(n.startswith("reference_where: where date=2020-05 ") for n in said)
        focus = index.keywords(where={"date": "2020-05"})
        assert any(n.startswith("where date=2020-05 leaves out") for n in focus.notes)


def test_simple_maths_keeps_the_decimals_a_table_shows() -> None:
    """A large simple maths score keeps 4 decimals: the text table lines its column up to
    4 decimals, so one cut to 6 significant digits (5,041.32) showed as 5,041.3200, two
    digits that are not the score's (5 in 992 tokens, none in 5,616: 5,041.3226)."""
    from sensegrep.cells import column_numbers
    from sensegrep.stats.keywords import scores

    measured = scores([5, 17], [0, 3], 992, 5616)
    large, small = measured.simple_maths.tolist()
    assert large == pytest.approx((5 * 1e6 / 992 + 1) / 1, abs=5e-5)
    assert column_numbers([large, small]) == ["5,041.3226", "32.0226"]
    under = scores([1], [14], 586, 6022).simple_maths.tolist()[0]  # far below 1: 6 digits
    assert under == pytest.approx((1e6 / 586 + 1) / (14e6 / 6022 + 1), rel=1e-5)


def test_a_reference_index_tagged_otherwise_is_said(tmp_path: Path) -> None:
    """Plain text lemmatised by spaCy against the same text lemmatised by simplemma:
    spaCy's "banking" (a verb) is the lemma bank, simplemma's stays banking, so bank is
    key only because the taggers differ; a note says so, and none when they agree."""
    corpus = tmp_path / "t.txt"
    corpus.write_text("They were banking on the river.\n\nShe was banking on it.\n")
    for name, tagger in (("spacy", "spacy"), ("spacy2", "spacy"), ("simple", "none")):
        sensegrep.build(tmp_path / name, corpus, vectors_for="none", tagger=tagger).close()
    with sensegrep.open(tmp_path / "spacy") as index:
        table = index.keywords(reference=str(tmp_path / "simple"), min_freq=1)
        same = index.keywords(reference=str(tmp_path / "spacy2"), min_freq=1, direction="both")
    assert "bank" in by_item(table)  # what the note warns of
    assert len(table.notes) == 1
    assert "simplemma" in table.notes[0] and "spacy" in table.notes[0]
    assert "--tagger" in table.notes[0]
    assert same.notes == []


def test_a_reference_index_of_unsplit_clitics_is_said(tmp_path: Path) -> None:
    """Both indexes by simplemma (--tagger none), the reference made before English
    clitics were split (its manifest records no clitics: John's one token there, John 's
    here): 's is key only for that, so a note says so, naming which index split them."""
    corpus = tmp_path / "t.txt"
    corpus.write_text("John's bank was open.\n\nMary's dog ran.\n")
    for name in ("new", "old", "same"):
        sensegrep.build(tmp_path / name, corpus, vectors_for="none", tagger="none").close()
    manifest = tmp_path / "old" / "manifest.json"
    data = json.loads(manifest.read_text())
    del data["text_analysis"]["en"]["clitics"]
    manifest.write_text(json.dumps(data))
    with sensegrep.open(tmp_path / "new") as index:
        table = index.keywords(reference=str(tmp_path / "old"), min_freq=1, direction="both")
        same = index.keywords(reference=str(tmp_path / "same"), min_freq=1, direction="both")
    assert len(table.notes) == 1, table.notes
    assert "clitics not split" in table.notes[0] and "clitics split" in table.notes[0]
    assert same.notes == []
