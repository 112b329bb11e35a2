"""CQL through the token store returns exactly the matches of the sentence matcher: on
SemCor for a pattern of every CQL feature, and on a small index through removals,
replacements and compaction."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.search import patterns
from sensegrep.search.cql import parse

from ..helpers import SHARED_DATA, write_jsonl

SEMCOR = SHARED_DATA / "semcor" / "semcor.data.xml"
SEMCOR_TEXTS = 80  # of 352

# Every CQL feature: literals, regexes, flags, negation, and/or/not, grouping, each
# repetition, the target, metadata fields, within s; anchored and not.
FEATURES = [
    '[lemma="bank"] "of"',
    '[pos="ADJ"] [pos="NOUN"]',
    '"take"%c []{0,2} "off"',
    '[lemma="be"] [pos="ADJ"]',
    '[word="[A-Z].*"] [pos="VERB"]',
    '[]{0,3} @[lemma="bank"] []{0,2} "."',
    '"the" [pos!="NOUN"]+ [pos="NOUN"]',
    '[lemma="go"] [pos="ADV"]? "to"',
    '[word=".*ing"%c & pos="VERB"] "the"',
    '[pos="DET"] [pos="ADJ"]{2,} [pos="NOUN"]',
    '"café"%d',
    '"cafe"%cd',
    '[word!="the"] "of" "the" within s',
    '[!(pos="NOUN" | pos="VERB") & word="\\w+"]{3} [pos="NOUN"]',
    '[lemma="make|take"] []{,1} [pos="NOUN"]*  @[lemma="decision|effort"]',
    '[source="br-a01" & pos="PROPN"] [pos="PROPN"]',
    '[source!="br-a01" & lemma="court"]',
    '"(a|a)*b"',
]


@pytest.fixture(scope="module")
def semcor(tmp_path_factory: pytest.TempPathFactory):
    if not SEMCOR.is_file():
        pytest.skip("needs ../shared/data (SemCor)")
    folder = tmp_path_factory.mktemp("semcor")
    # The first SEMCOR_TEXTS documents (the old matcher reads every candidate sentence in
    # Python: all of SemCor cost CI minutes), text-only (patterns need no vectors).
    part = folder / "semcor-part.data.xml"
    part.write_text(_first_texts(SEMCOR.read_text(encoding="utf-8"), SEMCOR_TEXTS), "utf-8")
    with sensegrep.build(folder / "idx", part, vectors_for="none"):
        pass
    with sensegrep.open(folder / "idx") as index:
        yield index.storage


def _first_texts(xml: str, n: int) -> str:
    """A Raganato corpus cut after its first ``n`` <text> elements."""
    cut = -1
    for _ in range(n + 1):
        cut = xml.find("<text ", cut + 1)
        if cut < 0:
            return xml
    return xml[:cut] + "</corpus>\n"


@pytest.mark.parametrize("query", FEATURES)
def test_the_token_store_finds_what_the_sentence_matcher_finds_on_semcor(semcor, query):
    pattern = parse(query)
    expected = patterns._sentence_by_sentence(semcor, pattern)
    assert patterns._from_token_store(semcor, pattern, None) == expected
    assert patterns.count_matches(semcor, pattern) == len(expected)
    assert patterns._from_token_store(semcor, pattern, 20) == expected[:20]


def test_a_catastrophic_regex_is_linear_time(tmp_path: Path):
    """RE2 answers at once where Python's re would backtrack for minutes (a value no
    word of the index matches is then refused)."""
    corpus = tmp_path / "long.jsonl"
    write_jsonl(corpus, [{"id": "d1", "text": "a" * 50 + " c"}])
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as index:
        for query in ('[word="(a|a)*b"]', '[word="(a*)*b"]', '"(a|aa)*b"%c'):
            with pytest.raises(sensegrep.QueryError, match="has a form that matches it"):
                index.search("", cql=query)
        assert [h.form for h in index.search("", cql='"(a|a)*"')] == ["a" * 50]


def test_what_re2_refuses_is_one_line(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    write_jsonl(corpus, [{"id": "d1", "text": "the bank"}])
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as index:
        for query, says in (('"(?=b)bank"', "lookahead"), ('"(b)\\1"', "backreferences")):
            with pytest.raises(sensegrep.QueryError, match=says) as caught:
                index.search("", cql=query)
            assert "\n" not in str(caught.value)


def test_the_store_follows_removals_replacements_and_compaction(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    docs = [
        {"id": f"d{n}", "text": f"The {w} bank by the river. A loan from the bank of {w}."}
        for n, w in enumerate(["old", "green", "steep", "muddy", "far", "quiet"])
    ]
    write_jsonl(corpus, docs)
    folder = tmp_path / "idx"
    queries = ['"the"%c [] "bank"', '[lemma="bank"] "of"', '[] "by" "the"']

    def agree(index: sensegrep.SenseIndex) -> list[int]:
        storage = index.storage
        assert storage.token_store_complete()
        counts = []
        for query in queries:
            expected = patterns._sentence_by_sentence(storage, parse(query))
            assert patterns._from_token_store(storage, parse(query), None) == expected
            counts.append(len(expected))
        return counts

    with sensegrep.build(folder, corpus, model="fake:16") as index:
        assert agree(index) == [6, 6, 6]
        index.remove(docs=["d1", "d4"])
        assert agree(index) == [4, 4, 4]
    docs[0]["text"] = "The bank by the sea."
    write_jsonl(corpus, docs)
    # d1 and d4, removed by id, stay out of their file read again while unchanged
    # (pass 24f); d0's new text has only '[] "by" "the"'.
    with sensegrep.build(folder, corpus, model="fake:16", on_duplicate="replace") as index:
        assert agree(index) == [3, 3, 4]
        index.compact()
        assert agree(index) == [3, 3, 4]
        assert index.check() == []


def test_total_is_the_number_of_lines_without_k(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    docs = [
        {"id": f"d{n}", "genre": g, "text": f"The {w} bank by the river. A loan from the bank."}
        for n, (w, g) in enumerate(
            [("old", "news"), ("green", "fiction"), ("steep", "news"), ("far", "news")]
        )
    ]
    write_jsonl(corpus, docs)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as index:
        requests = [
            {"word": "bank"},
            {"word": "bank", "where": {"genre": "news"}},
            {"cql": '"the" [lemma="bank"]'},
            {"cql": '"the" @[lemma="bank"]', "where": {"genre": "news"}, "k": 2},
            {"cql": '"the"%c []', "doc": ["d1"]},
        ]
        for request in requests:
            every = {**request, "k": None}
            assert index.total(**request) == len(index.search(**every)) > 0, request


CONLLU = """# sent_id = s1
# text = The banks lent money .
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tbanks\tbank\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tlent\tlend\tVERB\tVBD\t_\t0\troot\t_\t_
4\tmoney\tmoney\tNOUN\tNN\t_\t3\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""


def test_fine_tags_and_relations_are_pattern_attributes(tmp_path: Path):
    """CoNLL-U's XPOS and DEPREL are kept in the token store: ``[tag=…]``, ``[deprel=…]``,
    and the head of each token (as an offset)."""
    corpus = tmp_path / "c.conllu"
    corpus.write_text(CONLLU, encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as index:
        assert [h.match for h in index.search("", cql='[tag="NNS"] [tag="VB."]')] == [
            ["banks", "lent"]
        ]
        assert [h.form for h in index.search("", cql='[deprel="obj|nsubj"]')] == ["banks", "money"]
        assert [h.form for h in index.search("", cql='[pos="NOUN" & tag!="NNS"]')] == ["money"]
        segment = index.storage.token_snapshot().segments[0]
        assert segment.column("head").tolist() == [1, 1, 0, -1, -2]


def test_an_index_made_before_the_store_gets_it_at_its_next_write(tmp_path: Path):
    import shutil
    import sqlite3

    corpus = tmp_path / "c.jsonl"
    docs = [
        {"id": f"d{n}", "genre": g, "text": f"The {w} bank by the river. A loan from the bank."}
        for n, (w, g) in enumerate([("old", "news"), ("green", "fiction"), ("far", "news")])
    ]
    write_jsonl(corpus, docs)
    folder = tmp_path / "idx"
    queries = [
        {"cql": '"the"%c [] [lemma="bank"]'},
        {"cql": '[lemma="bank"] "by"', "where": {"genre": "news"}},
        {"word": "bank", "where": {"genre": "news"}},
    ]

    def answers() -> list:
        with sensegrep.open(folder) as index:
            return [[(h.id, h.start, h.end) for h in index.search(**q)] for q in queries]

    sensegrep.add(folder, corpus, model="fake:16")
    expected = answers()
    with sqlite3.connect(folder / "index.sqlite") as conn:  # as an older version made it
        for table in ("token_segments", "removed_documents", "document_fields"):
            conn.execute(f"DROP TABLE {table}")
    shutil.rmtree(folder / "tokens")
    with sensegrep.open(folder) as index:
        assert not index.storage.token_store_complete()
    assert answers() == expected  # read-only: the old reads
    with sensegrep.open(folder) as index:
        index.compact()  # any write builds the store
        assert index.storage.token_store_complete()
        assert index.check() == []
    assert answers() == expected


def test_a_vocabulary_that_grew_is_scanned_whole():
    """The joined vocabulary is cached per list; a list appended to (as vocabulary()
    extends it) must not be answered from the shorter cached copy."""
    from sensegrep.search.cql.regex import matching

    texts = ["bank", "a\nb"]
    assert matching("ban.*", False, texts).tolist() == [0]
    texts.append("banks")
    assert matching("ban.*", False, texts).tolist() == [0, 2]
