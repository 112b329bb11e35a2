"""``collocates``: every association measure against hand-computed values on a tiny
corpus, windows at sentence edges, punctuation, overlapping windows, node and
collocate filters, a subcorpus, the lines behind each row (``search --near``), an
independent count of a generated corpus, and collocates split by label and by sense."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError, SensegrepError

from ..helpers import SENTENCE_BOUND, run, text_only_index, write_jsonl

# Two documents, 18 tokens (punctuation included, as CWB counts):
#   d1 (news):    s1 "The river bank flooded the bank ."   positions 0-6
#                 s2 "Money and river ."                    positions 7-10
#   d2 (fiction): s3 "Bank river , water"                   positions 11-14
#                 s4 "They bank ."  (bank a VERB here)      positions 15-17
# Lemma frequencies: the 2, river 3, bank 4 (3 NOUN, 1 VERB), flood 1, money 1, and 1,
# water 1, they 1, "." 3, "," 1.
TINY = """\
# newdoc id = d1
# newdoc genre = news
1\tThe\tthe\tDET\t_\t_\t_\t_\t_\t_
2\triver\triver\tNOUN\t_\t_\t_\t_\t_\t_
3\tbank\tbank\tNOUN\t_\t_\t_\t_\t_\t_
4\tflooded\tflood\tVERB\t_\t_\t_\t_\t_\t_
5\tthe\tthe\tDET\t_\t_\t_\t_\t_\t_
6\tbank\tbank\tNOUN\t_\t_\t_\t_\t_\t_
7\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_

1\tMoney\tmoney\tNOUN\t_\t_\t_\t_\t_\t_
2\tand\tand\tCCONJ\t_\t_\t_\t_\t_\t_
3\triver\triver\tNOUN\t_\t_\t_\t_\t_\t_
4\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_

# newdoc id = d2
# newdoc genre = fiction
1\tBank\tbank\tNOUN\t_\t_\t_\t_\t_\t_
2\triver\triver\tNOUN\t_\t_\t_\t_\t_\t_
3\t,\t,\tPUNCT\t_\t_\t_\t_\t_\t_
4\twater\twater\tNOUN\t_\t_\t_\t_\t_\t_

1\tThey\tthey\tPRON\t_\t_\t_\t_\t_\t_
2\tbank\tbank\tVERB\t_\t_\t_\t_\t_\t_
3\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_
"""

MEASURES = ["logdice", "mi", "mi3", "t", "z", "ll", "dice", "logratio"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TINY (this file's) indexed text-only. Read it only."""
    return text_only_index(tmp_path_factory.mktemp("colloc-tiny"), TINY)


def by_collocate(table: list[dict]) -> dict[str, dict]:
    return {row["collocate"]: row for row in table}


def test_every_measure_by_hand(tiny: Path) -> None:
    # The three NOUN "bank"s (f1 = 3), window 2 on each side, inside the sentence:
    #   s1@2: positions 0 1 | 3 4  (The river | flooded the)       4 positions
    #   s1@5: positions 3 4 | 6    (flooded the | .; 7 is s2's)     3 positions
    #   s3@0: (sentence start) | 12 13  (river ,)                   2 positions
    # R1 = 4 + 3 + 2 = 9 window positions ("." and "," among them), N = 18.
    with sensegrep.open(tiny) as index:
        table = index.collocates("bank", window=2, pos=["NOUN"], min_freq=1, measure=MEASURES)
    assert (table.tokens, table.node_freq, table.window_slots) == (18, 3, 9)
    rows = by_collocate(table)
    assert set(rows) == {"the", "river", "flood"}  # punctuation is never a collocate
    river, the, flood = rows["river"], rows["the"], rows["flood"]

    # river: O = 2 (s1@2, s3@0), f2 = 3; E = R1·C1/N = 9·3/18 = 1.5
    assert (river["freq"], river["collocate_freq"], river["node_freq"]) == (2, 3, 3)
    assert river["mi"] == round(math.log2(2 / 1.5), 4) == 0.415  # log2(4/3)
    assert river["mi3"] == round(math.log2(8 / 1.5), 4) == 2.415  # log2(2³/1.5)
    assert river["t"] == round(0.5 / math.sqrt(2), 4) == 0.3536  # (2 − 1.5)/√2
    assert river["z"] == round(0.5 / math.sqrt(1.5), 4) == 0.4082  # (2 − 1.5)/√1.5
    assert river["dice"] == round(2 * 2 / (3 + 3), 4) == 0.6667  # 2·O/(f1 + f2)
    assert river["logdice"] == round(14 + math.log2(4 / 6), 4) == 13.415
    # Cells O: 2, R1−O = 7, C1−O = 1, N−R1−C1+O = 8; E: 1.5, 9·15/18 = 7.5, 1.5, 7.5
    ll = 2 * (2 * math.log(2 / 1.5) + 7 * math.log(7 / 7.5) + math.log(1 / 1.5)
              + 8 * math.log(8 / 7.5))  # fmt: skip
    assert river["ll"] == round(ll, 4) == 0.4065
    # Log Ratio: (O/R1) / ((f2 − O)/(N − R1)) = (2/9) / (1/9) = 2
    assert river["logratio"] == 1.0

    # the: O = 3 (The and the near s1@2; the near s1@5: the token at 4 is in both
    # windows and counts for each), f2 = 2, so O > f2; E = 9·2/18 = 1
    assert (the["freq"], the["collocate_freq"], the["lines"]) == (3, 2, 2)
    assert the["mi"] == round(math.log2(3), 4) and the["mi3"] == round(math.log2(27), 4)
    assert the["z"] == 2.0  # (3 − 1)/√1
    assert the["t"] == round(2 / math.sqrt(3), 4)  # (3 − 1)/√3
    assert the["dice"] == 1.2 and the["logdice"] == round(14 + math.log2(1.2), 4)
    # Cells 3, 6, C1−O = −1 → 0, 18−9−2+3 = 10; E: 1, 8, 1, 8
    ll = 2 * (3 * math.log(3) + 6 * math.log(6 / 8) + 10 * math.log(10 / 8))
    assert the["ll"] == round(ll, 4) == 7.6024
    # f2 − O = −1 outside the windows: taken as 0, then as 0.5: (3/9)/(0.5/9) = 6
    assert the["logratio"] == round(math.log2(6), 4)

    # flood: O = 2 (the one "flooded" is in both s1 windows), f2 = 1; E = 9·1/18 = 0.5
    assert (flood["freq"], flood["collocate_freq"]) == (2, 1)
    # MI = log2(2/0.5) = 2, MI3 = log2(8/0.5) = 4, logDice = 14 + log2(4/4) = 14,
    # Log Ratio = log2((2/9) / (0.5/9)) = 2 (f2 − O = −1 outside: 0, taken as 0.5)
    assert (flood["mi"], flood["mi3"], flood["logdice"], flood["logratio"]) == (2, 4, 14, 2)
    assert flood["t"] == round(1.5 / math.sqrt(2), 4) == 1.0607  # (2 − 0.5)/√2
    assert flood["z"] == round(1.5 / math.sqrt(0.5), 4) == 2.1213  # (2 − 0.5)/√0.5
    # Cells 2, 7, 1−2 → 0, 18−9−1+2 = 10; E: 0.5, 8.5, 0.5, 8.5
    ll = 2 * (2 * math.log(4) + 7 * math.log(7 / 8.5) + 10 * math.log(10 / 8.5))
    assert flood["ll"] == round(ll, 4) == 6.0774

    # Sorted by the first measure (logDice), best first.
    assert [r["collocate"] for r in table] == ["the", "flood", "river"]


def test_windows_stop_at_the_sentence_edge(tiny: Path) -> None:
    # All four "bank"s, window 5: s1@2 sees 0 1 | 3 4 5 6; s1@5 sees 0-4 | 6 (never
    # s2's "Money"); s3@0 sees | 12 13 14; s4@1 sees 15 | 17. R1 = 6 + 6 + 3 + 2 = 17.
    with sensegrep.open(tiny) as index:
        table = index.collocates("bank", min_freq=1, measure="freq")
        right = index.collocates("bank", left=0, right=1, min_freq=1)
    assert (table.node_freq, table.window_slots) == (4, 17)
    counts = {r["collocate"]: (r["freq"], r["lines"]) for r in table}
    # "bank": each s1 node sees the other (a word may be its own collocate).
    assert counts == {"the": (4, 2), "river": (3, 3), "flood": (2, 2), "bank": (2, 2),
                      "water": (1, 1), "they": (1, 1)}  # fmt: skip
    assert "money" not in counts and list(table[0]) == [
        "collocate", "freq", "collocate_freq", "node_freq", "lines", "search",
    ]  # fmt: skip
    # One position to the right: flooded, ".", river, "." (R1 = 4).
    assert right.window_slots == 4
    assert {r["collocate"]: r["freq"] for r in right} == {"flood": 1, "river": 1}
    assert all(r["search"] is None for r in right)  # search's --window is symmetric


def test_the_lines_behind_a_row(tiny: Path) -> None:
    """freq counts co-occurrences, lines the nodes: search --near shows `lines` lines."""
    with sensegrep.open(tiny) as index:
        table = index.collocates("bank", window=2, pos=["NOUN"], min_freq=1)
        for row in table:
            assert row["search"] == {"word": "bank", "near": row["collocate"], "window": 2,
                                     "pos": ["NOUN"]}  # fmt: skip
            assert index.search(**row["search"]).total == row["lines"]
        the = by_collocate(table)["the"]
        assert (the["freq"], the["lines"]) == (3, 2)
        ids = [h.id for h in index.search("bank", near="the", window=2, pos=["NOUN"])]
        assert len(ids) == 2


def test_node_and_collocate_tags(tiny: Path) -> None:
    with sensegrep.open(tiny) as index:
        verb = index.collocates("bank", pos=["VERB"], min_freq=1)
        verbs_near = index.collocates("bank", collocate_pos=["verb"], min_freq=1, window=2)
        nouns = by_collocate(index.collocates("bank", collocate_pos=["NOUN"], min_freq=1))
        tagged = by_collocate(index.collocates("bank", by="lemma_pos", min_freq=1))
        forms = by_collocate(
            index.collocates("bank", by="form", window=2, pos=["NOUN"], min_freq=1)
        )
    assert verb.node_freq == 1 and [r["collocate"] for r in verb] == ["they"]
    assert [r["collocate"] for r in verbs_near] == ["flood"] and verbs_near[0]["search"] is None
    # A collocate of a tag counts only its tokens of that tag: bank as a NOUN (3).
    assert nouns["bank"]["collocate_freq"] == 3 and "the" not in nouns
    assert tagged["bank/NOUN"]["freq"] == 2 and tagged["flood/VERB"]["collocate_freq"] == 1
    assert tagged["flood/VERB"]["search"] is None
    assert (forms["The"]["freq"], forms["the"]["freq"]) == (1, 2)


def test_a_subcorpus(tiny: Path) -> None:
    # d1 only: N = 11, the two s1 nodes (R1 = 4 + 3 = 7); river: O = 1, f2 = 2 (s1, s2),
    # E = 7·2/11, MI = log2(1 / (14/11)).
    with sensegrep.open(tiny) as index:
        table = index.collocates("bank", window=2, where={"genre": "news"}, min_freq=1,
                                 measure="mi")  # fmt: skip
        river = by_collocate(table)["river"]
        assert (table.tokens, table.corpus_tokens, table.node_freq) == (11, 18, 2)
        assert (river["freq"], river["collocate_freq"]) == (1, 2)
        assert river["mi"] == round(math.log2(11 / 14), 4)
        assert river["search"]["where"] == ["genre=news"]
        assert index.search(**river["search"]).total == 1


def test_pattern_nodes_count_from_their_edges(tiny: Path) -> None:
    # "river bank" in s1 (positions 1-2): window 2 → 0 | 3 4 (The | flooded the).
    pattern = '[lemma="river"] [lemma="bank"]'
    with sensegrep.open(tiny) as index:
        table = index.collocates(cql=pattern, window=2, min_freq=1)
        rows = by_collocate(table)
        assert table.window_slots == 3 and set(rows) == {"the", "flood"}
        assert rows["the"]["freq"] == 2 and rows["the"]["search"]["cql"] == pattern
        assert index.search(**rows["the"]["search"]).total == 1


def test_words_added_later_are_counted(tmp_path: Path) -> None:
    """The lemmas of words the index gains after a first count are counted the next
    time (the vocabulary's lemma keys are kept per process while it does not grow)."""
    (tmp_path / "a.conllu").write_text(TINY, encoding="utf-8")
    more = TINY.replace("d1", "d3").replace("d2", "d4").replace("river", "Brook")
    (tmp_path / "b.conllu").write_text(more.replace("\tBrook\t", "\tbrook\t"), "utf-8")
    with sensegrep.build(tmp_path / "idx", tmp_path / "a.conllu", vectors_for="none") as index:
        assert "brook" not in by_collocate(index.collocates("bank", min_freq=1))
    sensegrep.add(tmp_path / "idx", tmp_path / "b.conllu", vectors_for="none")
    with sensegrep.open(tmp_path / "idx") as index:
        rows = by_collocate(index.collocates("bank", min_freq=1))
    assert rows["brook"]["freq"] == rows["river"]["freq"] == 3


def test_mistakes_are_one_line_errors(tiny: Path, untagged_index: Path) -> None:
    with sensegrep.open(tiny) as index:
        for options, message in [
            ({}, "needs a WORD"),
            ({"word": "bank", "cql": '"bank"'}, "not both"),
            ({"word": "bank", "left": 0, "right": 0}, "no window"),
            ({"word": "bank", "collocate_pos": ["ADV"]}, "ADV"),
            ({"word": "bank", "measure": "pmi"}, "logdice"),
            ({"word": "bank", "min_freq": 0}, "min_freq"),
            ({"word": "bank", "label": "river"}, "labelled"),
            ({"word": "nope"}, "no occurrences"),
        ]:
            with pytest.raises(QueryError, match=message):
                index.collocates(**options)
        for option in ({"sense": 1}, {"by_sense": True}):  # no vectors: one line
            with pytest.raises(SensegrepError, match="has no vectors") as caught:
                index.collocates("bank", **option)
            assert "\n" not in str(caught.value)
    with sensegrep.open(untagged_index) as index, pytest.raises(QueryError, match="POS"):
        index.collocates("bank", collocate_pos=["NOUN"])


def test_cli(runner, tiny: Path) -> None:
    code, out, err = run(runner, tiny, "collocates", "bank", "--window", "2", "--pos", "NOUN",
                         "--min-freq", "1", "--measure", "mi,ll", "--measure", "t",
                         "--format", "jsonl")  # fmt: skip
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    assert list(first) == ["collocate", "freq", "collocate_freq", "node_freq", "mi", "ll", "t",
                           "lines", "search"]  # fmt: skip
    assert first["collocate"] == "flood"  # MI first: 2 > log2(3) > log2(4/3)
    assert "3 rows" in err and "18 tokens" in err
    code, out, err = run(runner, tiny, "collocates", "bank", "--window", "2", "--min-freq", "1")
    assert code == 0 and out.splitlines()[0].split() == [
        "freq", "collocate_freq", "node_freq", "logdice", "lines", "collocate",
    ]  # fmt: skip
    code, out, _err = run(runner, tiny, "collocates", "bank", "--min-freq", "2", "--format", "csv")
    assert out.splitlines()[0] == "collocate,freq,collocate_freq,node_freq,logdice,lines,search"
    assert '"{""word"": ""bank"", ""near"": ""the"", ""window"": 5}"' in out
    code, out, err = run(runner, tiny, "search", "bank", "--near", "river", "--window", "2",
                         "--format", "jsonl")  # fmt: skip
    assert code == 0 and len(out.splitlines()) == 2
    code, _out, err = run(runner, tiny, "collocates", "bank", "--by-sense")
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_http(tiny: Path) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(tiny, read_only=True)) as client:
        params = [("word", "bank"), ("window", "2"), ("pos", "NOUN"), ("min_freq", "1"),
                  ("measure", "mi"), ("measure", "ll")]  # fmt: skip
        answer = client.get("/api/stats/collocates", params=params).json()
        assert answer["kind"] == "collocates" and answer["rows"] == 3
        assert answer["table"][0]["collocate"] == "flood" and answer["table"][0]["mi"] == 2.0
        lines = client.get("/api/search", params=answer["table"][0]["search"]).json()
        assert lines["total"] == answer["table"][0]["lines"] == 2
        bad = client.get("/api/stats/collocates", params={"word": "bank", "window": "500"})
        assert bad.status_code == 400


# -- against an independent count ------------------------------------------------------

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", ",", "."]


def _generated(path: Path, seed: int = 11) -> list[list[list[tuple[str, str]]]]:
    """A CoNLL-U corpus of 10 documents of random sentences (forms capitalised now and
    then, lemmas lower-case): documents[d][s] = [(form, lemma), …]."""
    rng = random.Random(seed)
    documents, lines = [], []
    for d in range(10):
        lines.append(f"# newdoc id = g{d}")
        sentences = []
        for _s in range(rng.randint(2, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
            sentence = [(w.capitalize() if rng.random() < 0.3 else w, w) for w in words]
            sentences.append(sentence)
            for n, (form, lemma) in enumerate(sentence, start=1):
                lines.append(f"{n}\t{form}\t{lemma}\tX\t_\t_\t_\t_\t_\t_")
            lines.append("")
        documents.append(sentences)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return documents


def _independent(documents, node: str, left: int, right: int, by: int) -> dict[str, dict]:
    """Counted the plain way: each node's window, token by token (``by``: 0 forms,
    1 lemmas), and the measures' formulas written out again."""
    sentences = [s for doc in documents for s in doc]
    n = sum(len(s) for s in sentences)
    f2 = Counter(token[by] for s in sentences for token in s)
    freq, lines, f1, r1 = Counter(), Counter(), 0, 0
    for sentence in sentences:
        for i, (_form, lemma) in enumerate(sentence):
            if lemma != node:
                continue
            f1 += 1
            seen = set()
            for j in [*range(i - left, i), *range(i + 1, i + right + 1)]:
                if not 0 <= j < len(sentence):
                    continue
                r1 += 1
                item = sentence[j][by]
                if any(ch.isalnum() for ch in item):
                    freq[item] += 1
                    seen.add(item)
            lines.update(seen)
    out = {}
    for item, o in freq.items():
        e = r1 * f2[item] / n
        cells = [(o, e), (r1 - o, r1 * (n - f2[item]) / n), (f2[item] - o, (n - r1) * f2[item] / n),
                 (n - r1 - f2[item] + o, (n - r1) * (n - f2[item]) / n)]  # fmt: skip
        outside = max(f2[item] - o, 0) or 0.5
        out[item] = {
            "freq": o, "lines": lines[item], "collocate_freq": f2[item], "node_freq": f1,
            "mi": math.log2(o / e), "mi3": math.log2(o**3 / e), "t": (o - e) / math.sqrt(o),
            "z": (o - e) / math.sqrt(e), "dice": 2 * o / (f1 + f2[item]),
            "logdice": 14 + math.log2(2 * o / (f1 + f2[item])),
            "ll": 2 * sum(c * math.log(c / x) for c, x in cells if c > 0),
            "logratio": math.log2((o / r1) / (outside / (n - r1))),
        }  # fmt: skip
    return out


@pytest.mark.parametrize(("by", "column"), [("lemma", 1), ("form", 0)])
def test_agrees_with_an_independent_count(tmp_path: Path, by: str, column: int) -> None:
    documents = _generated(tmp_path / "g.conllu")
    expected = _independent(documents, "alpha", 2, 3, column)
    with sensegrep.build(tmp_path / "idx", tmp_path / "g.conllu", vectors_for="none") as index:
        table = index.collocates("alpha", left=2, right=3, by=by, min_freq=1, measure=MEASURES)
        assert len(expected) >= 5 and set(by_collocate(table)) == set(expected)
        for row in table:
            wanted = expected[row["collocate"]]
            for field, value in wanted.items():  # the table rounds to 4 decimals
                assert row[field] == pytest.approx(value, abs=6e-5), (row["collocate"], field)
        if by == "lemma":
            symmetric = index.collocates("alpha", window=3, min_freq=1)
            for row in symmetric:
                assert index.search(**row["search"]).total == row["lines"]


# -- split by label and by sense -------------------------------------------------------

PLANTED = {
    "river": ["water", "fishing", "shore"],
    "money": ["loan", "account", "interest"],
}


def _labelled(path: Path) -> Path:
    """24 "bank" sentences, 12 of each label, each sense's planted words near bank,
    the function words everywhere."""
    rng = random.Random(3)
    records = []
    for label, planted in PLANTED.items():
        for n in range(12):
            near = rng.sample(planted, 3)
            text = f"the {near[0]} by the bank and the {near[1]} of {near[2]} in a town"
            records.append({"id": f"{label}{n}", "text": text, "labels": {"bank": label}})
    return write_jsonl(path, records)


def test_each_label_puts_its_planted_collocates_on_top(tmp_path: Path) -> None:
    corpus = _labelled(tmp_path / "labelled.jsonl")
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as index:
        for label, planted in PLANTED.items():
            table = index.collocates("bank", label=label)
            assert table.node_freq == 12
            assert {r["collocate"] for r in table[:3]} == set(planted), label
            assert all(r["search"] is None for r in table)  # search --label ranks


def test_by_sense_and_one_sense(seeded: Path) -> None:
    """The seeded index's three uses of "bank" (tests/senses/seeded.py) each have their
    own context words: each induced sense's distinctive collocates are one group's."""
    from ..senses.seeded import GROUPS

    with sensegrep.open(seeded) as index:
        made = index.senses("bank").info.id  # a statistic reads a run, never makes one
        table = index.collocates("bank", by_sense=True, measure="ll")
        run = table.sense_run
        assert run == made and {r["sense_run"] for r in table} == {run}
        found = []
        for sense in (1, 2, 3):
            rows = [r for r in table if r["sense"] == sense]
            distinctive = {r["collocate"] for r in rows if r["distinctive"]}
            assert distinctive and any(distinctive == set(g[0]) for g in GROUPS.values())
            found.append(frozenset(distinctive))
            assert by_collocate(rows)["today"]["sense_diff"] == 0.0  # even across senses
            one = index.collocates("bank", sense=sense, measure="ll")
            assert one.node_freq == rows[0]["node_freq"]
            # Each sense's f1 and R1, which its measures are of (pass 32g: the table
            # said only all the senses' node_freq and window_slots, R1 of no sense).
            assert table.sense_node_freq[sense] == one.node_freq
            assert table.sense_window_slots[sense] == one.window_slots
            assert [r["collocate"] for r in one] == [r["collocate"] for r in rows]
            for row in one:
                assert row["search"]["sense"] == sense and row["search"]["senses_run"] == run
                assert index.search(**row["search"]).total == row["lines"]
        assert len(set(found)) == 3
        paged = index.collocates("bank", by_sense=True, measure="ll", k=2, offset=1)
        assert paged.rows == table.rows and len(paged) == 6  # rows 2-3 of each sense
        for sense in (1, 2, 3):
            rows = [r for r in table if r["sense"] == sense]
            assert [r for r in paged if r["sense"] == sense] == rows[1:3]
        assert table.node_freq == sum(count for _words, count, _genre in GROUPS.values())
        assert table.window_slots == sum(table.sense_window_slots.values())
        about = table.about()
        assert about["sense_window_slots"] == table.sense_window_slots


# -- issue 23: nothing that means other than it reads ---------------------------------------


def test_senses_are_read_never_made(runner, seeded: Path) -> None:
    """A statistic reads a stored run: a word without one is a one-line error naming
    `sensegrep senses WORD`, and no run is stored (search --sense makes one, and says so)."""
    with sensegrep.open(seeded) as index:
        for option in ({"sense": 1}, {"by_sense": True}):
            with pytest.raises(QueryError, match="make one with `sensegrep senses bank`"):
                index.collocates("bank", **option)
        assert index.sense_runs("bank") == []
    code, _out, err = run(runner, seeded, "collocates", "bank", "--sense", "2")
    assert code == 1 and "no sense run yet" in err and len(err.strip().splitlines()) == 1


def test_by_sense_pages_say_rows_of_each_sense(runner, seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        run_id = index.senses("bank").info.id
        every = index.collocates("bank", by_sense=True, min_freq=1)
    sizes = every.rows_per_sense
    assert sorted(sizes) == [1, 2, 3] and sum(sizes.values()) == every.rows == len(every)
    args = ["collocates", "bank", "--by-sense", "--min-freq", "1"]
    code, _out, err = run(runner, seeded, *args, "-k", "2")
    # Each count named by its sense: "3 senses (1, 2, 6)" read as sense numbers (issue 23).
    counts = ", ".join(f"sense {sense}: {n}" for sense, n in sizes.items())
    assert (
        code == 0
        and (
            f"collocates: {every.rows} rows in 3 senses ({counts}), rows 1-2 of each sense shown "
            "(next page: --offset 2)"
        )
        in err
    )
    assert f"sense run: {run_id}" in err
    _code, _out, err = run(runner, seeded, *args, "-k", "2", "--offset", "99")
    assert "none after 99 in any sense" in err and "next page" not in err


def test_a_word_is_taken_and_said_as_search_takes_it(runner, tiny: Path) -> None:
    """ "banks" is no lemma of TINY: as `search banks`, its lemma bank is counted, and
    said so (TINY's "Bank" and "bank" are 4 nodes)."""
    with sensegrep.open(tiny) as index:
        banks = index.collocates("banks", min_freq=1)
        bank = index.collocates("bank", min_freq=1)

    def counts(table: list[dict]) -> list[dict]:
        return [{k: v for k, v in row.items() if k != "search"} for row in table]

    assert counts(banks) == counts(bank) and banks.node_freq == 4
    assert banks.searched == 'lemma "bank"' and bank.searched is None
    code, _out, err = run(runner, tiny, "collocates", "banks", "--min-freq", "1")
    assert code == 0 and err.startswith('lemma "bank" (from "banks"): collocates: ')
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(tiny, read_only=True)) as client:
        answer = client.get("/api/stats/collocates", params={"word": "banks"}).json()
    assert answer["searched"] == 'lemma "bank"'


def test_messages_offer_what_collocates_has(tiny: Path, subcorpus_index: Path) -> None:
    with sensegrep.open(tiny) as index, pytest.raises(QueryError) as caught:
        index.collocates("zzz")
    assert "--form" not in str(caught.value)  # collocates has none
    # no token is written zzz either: a pattern by form would find none (pass 36q)
    assert str(caught.value) == f"no occurrences of 'zzz' (by lemma) in {tiny}"
    with sensegrep.open(subcorpus_index) as index, pytest.raises(QueryError) as caught:
        index.collocates("the", sense=1)
    assert str(caught.value) == (
        "collocates by sense (sense, by_sense=True) needs sense vectors and no token of 'the' "
        "has one (function words, auxiliaries and punctuation get none); "
        "`sensegrep collocates the` counts all of its tokens"
    )


def test_a_min_freq_that_leaves_no_row_says_so(runner, tiny: Path) -> None:
    """bank has 8 collocates at --min-freq 1 (test_every_measure_by_hand) and none is
    near it 100 times: no rows, which is no mistake (exit 0), said in a note."""
    with sensegrep.open(tiny) as index:
        table = index.collocates("bank", min_freq=100)
        every = index.collocates("bank", min_freq=1)
    assert list(table) == [] and table.notes == [  # in the library's keywords
        f"no rows: all {len(every)} fall below min_freq=100 (lower it to list them)"
    ]
    code, out, err = run(runner, tiny, "collocates", "bank", "--min-freq", "100")
    assert code == 0 and out == "" and "note: no rows: all" in err
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(tiny, read_only=True)) as client:
        answer = client.get("/api/stats/collocates", params={"word": "bank", "min_freq": 100})
    assert answer.json()["notes"] == [  # in the route's words
        f"no rows: all {len(every)} fall below min_freq=100 (lower it to list them)"
    ]


def test_filters_that_leave_no_node_say_so(runner, tiny: Path) -> None:
    """bank is never a DET in TINY: nothing to count around, said as search says it."""
    with sensegrep.open(tiny) as index:
        table = index.collocates("bank", pos=["DET"], where={"genre": "news"}, min_freq=1)
        pattern = index.collocates(cql='[lemma="bank"] [lemma="money"]')
    assert list(table) == [] and table.notes == [
        "no rows: 0 lines of 'bank' with pos='DET' where='genre=news'"  # the keywords
    ]
    assert pattern.notes == [
        f'no rows: 0 lines of the pattern [lemma="bank"] [lemma="money"]{SENTENCE_BOUND}'
    ]
    code, _out, err = run(runner, tiny, "collocates", "bank", "--pos", "DET")
    assert code == 0 and "note: no rows: 0 lines of 'bank' with --pos DET" in err


def test_a_run_without_a_sense_is_refused(seeded: Path) -> None:
    """--senses RUN alone would be read by nothing: one line, as sketch says it."""
    with sensegrep.open(seeded) as index:
        run_id = index.senses("bank").info.id
        with pytest.raises(QueryError, match="senses_run=RUN names the run that sense=N"):
            index.collocates("bank", senses_run=run_id)


def test_label_nodes_that_are_predictions_are_said(built, runner) -> None:
    """Issue 23: --label takes the occurrences with that label, and classify --apply's
    predictions were among them without a word; the note says how many."""
    from ..api.test_label_provenance import labelled_then_classified

    predicted = labelled_then_classified(built)
    label = predicted["r2"]
    nodes = 1 + sum(1 for found in predicted.values() if found == label)  # r1 or m1 too
    table = built.collocates("bank", label=label, min_freq=1)
    assert table.node_freq == nodes
    said = f": {nodes - 1} of the {nodes} nodes have it as a prediction of classify --apply"
    assert table.notes[0].startswith(f"label={label!r}{said}"), table.notes
    hand = "money" if label == "river" else "river"
    if hand not in predicted.values():  # only the hand-labelled node: nothing to say
        assert built.collocates("bank", label=hand, min_freq=1).notes == []
    code, _, err = run(runner, built.path, "collocates", "bank", "--label", label)
    assert code == 0 and f"note: --label {label}{said}" in err


def test_a_pattern_whose_target_has_no_senses_says_to_mark_the_word(seeded: Path) -> None:
    """--by-sense reads the senses of the pattern's target, its first token unless one is
    marked with @: "the" has no run, so the error says to mark bank (the advice to make
    a run of "the" would miss what was asked), and marked it counts every bank."""
    with sensegrep.open(seeded) as index:
        index.senses("bank")
        with pytest.raises(QueryError) as caught:
            index.collocates(cql='[lemma="the"] [lemma="bank"]', by_sense=True)
        marked = index.collocates(cql='[lemma="the"] @[lemma="bank"]', by_sense=True)
    message = str(caught.value)
    assert message.startswith("'the' has no sense run yet")
    assert message.endswith("""mark the word whose senses to count with @, as in @[lemma="bank"]""")
    assert marked.node_freq == index.total("bank") == 54


def test_lines_in_no_sense_are_said(runner, auxiliaries_index: Path, tmp_path: Path) -> None:
    """helpers.AUXILIARIES: "have" 5 times, only its 2 verbs with a sense vector. Its
    senses' nodes hold 2 lines, not the 5 of `collocates have`: a note says the 3 others
    are in no sense (they once went unsaid, and the senses' tables read as all of it)."""
    import shutil

    folder = Path(shutil.copytree(auxiliaries_index, tmp_path / "idx"))
    with sensegrep.open(folder) as index:
        index.senses("have", n=1)
        every = index.collocates("have", min_freq=1)
        by_sense = index.collocates("have", by_sense=True, min_freq=1)
        one = index.collocates("have", sense=1, min_freq=1)
    assert every.node_freq == 5 and by_sense.node_freq == one.node_freq == 2
    said = (
        "3 lines of 'have' have no sense vector, so they are in no sense and no sense's "
        "nodes; `sensegrep collocates have` counts them too"
    )
    assert by_sense.notes == one.notes == [said] and every.notes == []
    code, _out, err = run(runner, folder, "collocates", "have", "--sense", "1")
    assert code == 0 and f"note: {said}" in err


def test_one_sense_is_said_in_the_singular(runner, seeded: Path) -> None:
    with sensegrep.open(seeded) as index:
        index.senses("bank", n=1)
    code, _out, err = run(runner, seeded, "collocates", "bank", "--by-sense", "-k", "1")
    assert code == 0 and " rows in 1 sense (sense 1: " in err


def test_a_two_sided_ll_says_which_rows_are_seen_less_than_expected(runner, tmp_path: Path) -> None:
    """Pass 33c: G² is as large for a collocate seen far less often near the node than
    expected as for one seen far more, so `collocates the --measure ll` ranked *a*,
    which avoids *the*, second, unsaid. The rows stay as they were (Evert's two-sided
    G²); a note counts and names those below their expectation."""
    sentences = [["the", "x", "a"]] + [["x", "a", "b"]] * 5 + [["the"] * 6] * 10
    text = "\n".join(
        "".join(f"{i}\t{w}\t{w}\tX\t_\t_\t_\t_\t_\t_\n" for i, w in enumerate(s, 1))
        for s in sentences
    )
    index = text_only_index(tmp_path, "# newdoc id = d1\n" + text + "\n")
    with sensegrep.open(index) as idx:
        table = idx.collocates("x", window=2, min_freq=1, measure=["ll", "mi"])
        rows = by_collocate(table)
        assert rows["the"]["mi"] < 0 < rows["a"]["mi"]  # O = 1, E = 12 · 61 / 78
        assert rows["the"]["ll"] > 0  # two-sided, as before
        note = (
            "ll (G²) is two-sided: as large for a collocate seen less often near the node "
            "than expected as for one seen more; 1 of the 3 rows is seen less often (the): "
            "the measures t, z, mi and logratio are below 0 for such a row"
        )
        assert note in table.notes
        assert not any("two-sided" in n for n in idx.collocates("x", window=2, min_freq=1).notes)
    code, _out, err = run(runner, index, "collocates", "x", "--window", "2", "--min-freq", "1",
                          "--measure", "ll")  # fmt: skip
    assert code == 0 and f"note: {note}" in err


def test_a_two_sided_ll_by_sense_names_each_row_with_its_sense(tmp_path: Path) -> None:
    """Pass 38h: by sense, the rows below their expectation were named by collocate only,
    once: "3 of the 18 rows are seen less often (the)", the three rows being *the* in
    three senses. Each is named with its sense. The seeded "bank" documents (*the bank
    X Y today*, 5 tokens) and 40 documents of 20 *the*: in each sense O = c (one *the*
    a node), R1 = 4c, f2 = 54 + 800, N = 270 + 800, so O < E = 4c · 854 / 1070."""
    from sensegrep.storage import Index

    from ..senses.seeded import CONFIG, add_documents, cluster_docs, make_doc

    docs, _sense_of = cluster_docs()
    filler = [(make_doc(f"the{i:02d}", ["the"] * 20, {}), None) for i in range(40)]
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as idx:
        add_documents(idx, [*docs, *filler], seed=1)
    with sensegrep.open(tmp_path / "idx") as index:
        index.senses("bank", n=3)
        table = index.collocates("bank", by_sense=True, measure="ll", min_freq=1)
    assert table.tokens == 1070 and len(table) == 18  # the, today, 4 words, in 3 senses
    said = [n for n in table.notes if n.startswith("ll (G²) is two-sided")]
    assert (
        said
        and "; 3 of the 18 rows are seen less often (the (sense 1), the (sense 2), the (sense 3)): "
        in said[0]
    )


def test_collocates_say_the_nodes_a_search_by_lemma_leaves_out(tmp_path: Path) -> None:
    """`collocates dar` on Galician text counted the windows of *deu* and not of
    *Dálle* or *Déronllo*, where `search dar` said what it leaves out, and Romanian
    `collocates școala` left out *şcoala*, typed with a cedilla (pass 36d): the
    collocates say the same notes of their nodes, and a cedilla is read as the comma."""
    (tmp_path / "gl.txt").write_text(
        "O avó deu o libro ao neno. Dálle o libro á irmá. Déronllo sen dicir nada.\n",
        encoding="utf-8",
    )
    sensegrep.build(tmp_path / "gl", tmp_path / "gl.txt", lang="gl", vectors_for="none").close()
    with sensegrep.open(tmp_path / "gl") as index:
        table = index.collocates("dar", min_freq=1)
    assert [row["node_freq"] for row in table][:1] == [1]  # deu
    assert any(
        n.startswith("2 more tokens hold a form of 'dar' with pronouns written on it")
        for n in table.notes
    ), table.notes
    (tmp_path / "ro.txt").write_text(
        "Am văzut școala veche. Am văzut şcoala nouă.\n", encoding="utf-8"
    )
    sensegrep.build(tmp_path / "ro", tmp_path / "ro.txt", lang="ro", vectors_for="none").close()
    with sensegrep.open(tmp_path / "ro") as index:
        table = index.collocates("școala", min_freq=1)  # by lemma: both spellings
        rows = {row["collocate"]: row["freq"] for row in table}
    assert rows["vedea"] == 2 and rows["vechi"] == 1


def test_a_word_held_as_a_form_alone_is_offered_the_pattern_by_form(tmp_path: Path) -> None:
    """`collocates bellt` on a CoNLL-U file whose bellt has the lemma bellen offers the
    pattern by form, which finds its 2 tokens; a word no token is written as is offered
    nothing (it was offered the pattern too, which matched nothing: pass 36q)."""
    rows = [("Der", "der", "DET"), ("Hund", "Hund", "NOUN"), ("bellt", "bellen", "VERB")]
    lines = [f"{n}\t{form}\t{lemma}\t{pos}" + "\t_" * 6 for n, (form, lemma, pos) in
             enumerate(rows, 1)]  # fmt: skip
    path = tmp_path / "de.conllu"
    path.write_text(("\n".join(lines) + "\n\n") * 2, encoding="utf-8")
    sensegrep.build(tmp_path / "idx", path, vectors_for="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        with pytest.raises(QueryError) as held:
            index.collocates("bellt", min_freq=1)
        with pytest.raises(QueryError) as nowhere:
            index.collocates("zzzz", min_freq=1)
        assert index.search(cql='[word="bellt"%c]').total == 2
    assert str(held.value).endswith("""; to search the word form: cql '[word="bellt"%c]'""")
    assert "to search the word form" not in str(nowhere.value)
