"""POS from tag sets of different grain in one index (pass 28c): a CoNLL-U file in UPOS
(*is* AUX) beside a VRT file's Penn tags and a Raganato file's 12 universal tags, both
mapped to UPOS, where *is* is VERB (neither tag set has AUX) and Raganato's *London* is
NOUN (no PROPN). `search be --pos AUX` listed the CoNLL-U token alone and said nothing of
the others, `--pos VERB` took the others' auxiliaries in as verbs, and `freq --by pos`
showed an AUX row of the UPOS documents alone beside a VERB row of both. Each now says
which documents' tags cannot tell the two apart, and how many matches that concerns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sensegrep
from sensegrep.indexer.readers import detect_format, read_documents

from ..helpers import conllu, raganato

VRT = """<text id="v1">
<s>
It\tPRP\tit
is\tVBZ\tbe
raining\tVBG\train
in\tIN\tin
London\tNP\tLondon
.\tSENT\t.
</s>
</text>
"""


def _corpus(folder: Path, with_upos: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    if with_upos:
        text = conllu(
            (["newdoc id = u1"], "It/it/PRON is/be/AUX raining/rain/VERB !/!/PUNCT"),
            ([], "Paris/Paris/PROPN is/be/AUX far/far/ADV"),
        )
        files.append(folder / "u.conllu")
        files[-1].write_text(text, encoding="utf-8")
    files.append(folder / "v.vrt")
    files[-1].write_text(VRT, encoding="utf-8")
    files.append(folder / "r.data.xml")
    files[-1].write_text(
        raganato("r", "r1", ["London/london/NOUN is/be/VERB big/big/ADJ !/!/."]),
        encoding="utf-8",
    )
    return files


def _index(tmp_path: Path, with_upos: bool = True) -> Path:
    folder = tmp_path / "idx"
    sensegrep.build(folder, _corpus(tmp_path / "c", with_upos), vectors_for="none").close()
    return folder


def _stts_and_french(tmp_path: Path) -> Path:
    vrt = tmp_path / "mix.vrt"
    vrt.write_text(
        '<text id="de">\nEr\tPPER\ter\nhat\tVAFIN\thaben\nein\tART\tein\nHaus\tNN\tHaus\n'
        '.\t$.\t.\n</text>\n<text id="fr">\nIl\tPRO:PER\til\nest\tVER:pres\têtre\n'
        "venu\tVER:pper\tvenir\n.\tSENT\t.\n</text>\n",
        encoding="utf-8",
    )
    return vrt


def test_readers_record_the_tag_set_their_pos_were_mapped_from(tmp_path: Path) -> None:
    files = _corpus(tmp_path)
    tag_sets = {d.id: d.pos_tags for f in files for d in read_documents(f, detect_format(f))}
    assert tag_sets == {"u1": None, "v1": "penn", "r1": "universal"}
    upos_vrt = tmp_path / "upos.vrt"  # a VRT file whose pos column is UPOS already
    upos_vrt.write_text('<text id="w">\nIt\tPRON\tit\nis\tAUX\tbe\n</text>\n', encoding="utf-8")
    assert [d.pos_tags for d in read_documents(upos_vrt, "vrt")] == [None]
    upos_xml = tmp_path / "u.data.xml"  # a Raganato file tagged in UPOS (it has PROPN)
    upos_xml.write_text(raganato("u", "u9", ["Paris/Paris/PROPN is/be/AUX"]), encoding="utf-8")
    assert [d.pos_tags for d in read_documents(upos_xml, "raganato")] == [None]


def test_pos_says_what_documents_of_a_coarser_tag_set_it_cannot_see(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as idx:
        aux = idx.search("be", pos=["AUX"])
        assert aux.total == 2  # the CoNLL-U file's two
        note = " ".join(aux.notes)
        assert "cannot see into documents whose tags were mapped from a coarser tag set" in note
        assert "2 matches there are tagged VERB, some of which may be AUX in UPOS" in note
        assert "v.vrt: Penn tags, which tag AUX as VERB" in note
        assert "r.data.xml: the 12 universal tags of Petrov et al., which tag AUX as VERB" in note
        counted = idx.count("be", "form", pos=["AUX"])
        assert "2 matches there are tagged VERB" in " ".join(counted.notes)
        verbs = idx.search("be", pos=["VERB"])  # be is AUX in the CoNLL-U file
        assert verbs.total == 2  # the VRT's and Raganato's is
        assert "2 of these matches lie in documents whose tags were" in " ".join(verbs.notes)
        assert "some may be AUX in UPOS" in " ".join(verbs.notes)
        propn = idx.search("london", pos=["PROPN"])
        assert propn.total == 1  # the VRT's NP
        assert "1 match there is tagged NOUN" in " ".join(propn.notes)
        assert "v.vrt" not in " ".join(propn.notes)  # Penn tags have PROPN (NP)
        # a filter the tag sets all tell apart, or a search without --pos: no such note
        for hits in (idx.search("rain", pos=["VERB"]), idx.search("be")):
            assert not any("coarser tag set" in n for n in hits.notes)
        # --doc keeps to its documents
        only = idx.search("be", pos=["AUX"], doc=["u1", "v1"])
        assert "1 match there is tagged VERB" in " ".join(only.notes)
        assert "r.data.xml" not in " ".join(only.notes)


def test_freq_by_pos_says_which_rows_miss_those_documents_words(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as idx:
        table = idx.freq(by="pos")
        rows = {row["item"]: row["freq"] for row in table}
        assert rows["AUX"] == 2 and rows["VERB"] == 4 and rows["PROPN"] == 2
        note = " ".join(table.notes)
        assert "10 of the 17 tokens counted lie in documents whose tags were mapped" in note
        assert "v.vrt, 6 tokens: Penn tags" in note and "r.data.xml, 4 tokens" in note
        assert "the rows of AUX, INTJ, PROPN, SCONJ, SYM miss their words" in note
        assert not any("coarser" in n for n in idx.freq(by="lemma").notes)
        inside = idx.freq(by="pos", doc=["u1"])  # a subcorpus of UPOS alone
        assert not any("coarser" in n for n in inside.notes)


def test_an_index_of_one_tag_set_or_made_before_says_nothing(tmp_path: Path) -> None:
    vrt = tmp_path / "one" / "v.vrt"
    vrt.parent.mkdir()
    vrt.write_text(VRT, encoding="utf-8")
    with sensegrep.build(tmp_path / "one" / "idx", vrt, vectors_for="none") as idx:
        # Penn tags alone: no other tags to be mixed with
        assert not any("coarser" in n for n in idx.search("be", pos=["VERB"]).notes)
        assert not any("coarser" in n for n in idx.freq(by="pos").notes)
    with sensegrep.open(_index(tmp_path / "two", with_upos=False)) as idx:
        # Penn and the universal tags: the Penn London is PROPN, Raganato's NOUN
        note = " ".join(idx.freq(by="pos").notes)
        assert "r.data.xml, 4 tokens: the 12 universal tags" in note and "PROPN" in note
    folder = _index(tmp_path / "old")
    with sqlite3.connect(folder / "index.sqlite") as conn:  # as made before it was kept
        conn.execute("ALTER TABLE documents DROP COLUMN pos_tags")
    with sensegrep.open(folder) as idx:
        assert idx.search("be", pos=["AUX"]).total == 2
        assert not any("coarser" in n for n in idx.search("be", pos=["AUX"]).notes)


def test_a_pattern_that_needs_a_tag_a_coarser_tag_set_lacks_says_so(tmp_path: Path) -> None:
    """[pos="AUX"] (in a search, a count or freq's pattern) cannot match the VRT's and
    Raganato's is, tagged VERB there: said, naming them; [pos="VERB"] says nothing."""
    with sensegrep.open(_index(tmp_path)) as idx:
        hits = idx.search(cql='[pos="AUX"]')
        assert hits.total == 2
        note = " ".join(hits.notes)
        assert 'the pattern\'s pos="AUX" misses the words that documents whose tags' in note
        assert "v.vrt: Penn tags" in note and "r.data.xml: the 12 universal tags" in note
        assert 'pos="AUX" misses' in " ".join(idx.count("", "form", cql='[pos="AUX"]').notes)
        assert 'pos="PROPN" misses' in " ".join(idx.freq(cql='[pos="PROPN"]').notes)
        for quiet in (idx.search(cql='[pos="VERB"]'), idx.search(cql='[lemma="be"]')):
            assert not any("misses the words" in n for n in quiet.notes)


def test_collocates_pos_and_collocate_pos_say_what_they_miss(tmp_path: Path) -> None:
    """collocates be --pos AUX, and --collocate-pos PROPN, counted the UPOS documents'
    alone: each says what it misses, naming the documents."""
    with sensegrep.open(_index(tmp_path)) as idx:
        nodes = " ".join(idx.collocates("be", pos=["AUX"], min_freq=1).notes)
        assert "misses the words that documents whose tags were mapped" in nodes
        assert "AUX" in nodes
        assert "v.vrt: Penn tags" in nodes
        near = " ".join(idx.collocates("be", collocate_pos=["PROPN"], min_freq=1).notes)
        assert "PROPN" in near and "misses the words" in near
        assert "r.data.xml: the 12 universal tags" in near and "v.vrt" not in near
        assert not any("misses" in n for n in idx.collocates("be", min_freq=1).notes)


def test_info_counts_the_documents_of_each_coarser_tag_set(tmp_path: Path, runner) -> None:
    from ..helpers import run

    folder = _index(tmp_path)
    with sensegrep.open(folder) as idx:
        assert idx.info()["pos_tag_sets"] == {
            "penn": {
                "name": "Penn tags",
                "lacking": "AUX for modals alone, no SCONJ",
                "documents": 1,
                "tokens": 6,
            },
            "universal": {
                "name": "the 12 universal tags of Petrov et al.",
                "lacking": "no PROPN, AUX, SCONJ, INTJ, SYM",
                "documents": 1,
                "tokens": 4,
            },
        }
    code, out, _err = run(runner, folder, "info")
    assert code == 0 and "\npos tag sets " in out
    assert (
        "  Penn tags (AUX for modals alone, no SCONJ): 1 document, 6 tokens, "
        "mapped to UPOS; the 12 universal tags of Petrov et al. (no PROPN, AUX, SCONJ, "
        "INTJ, SYM): 1 document, 4 tokens, mapped to UPOS"
    ) in out


def test_a_ranked_search_says_which_auxiliaries_have_vectors(tmp_path: Path) -> None:
    """The VRT's and Raganato's *is* is VERB, a content word, and has a sense vector; the
    CoNLL-U file's two (AUX) have none. `search be --example …` ranked the 2 and said
    "2 more matches have no sense vector (function words, auxiliaries…)", as if the
    auxiliaries were none of those ranked: said."""
    folder = tmp_path / "idx"
    sensegrep.build(folder, _corpus(tmp_path / "c"), model="fake:16").close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("be", example="it [[is]] raining")
        assert (hits.total, hits.matches_without_vectors) == (2, 2)
        note = " ".join(hits.notes)
        assert "2 of these occurrences lie in documents whose tags were mapped from a" in note
        assert "there its auxiliaries have sense vectors and are among these" in note
        ranked = idx.search("london", example="in [[London]]")
        assert not any("auxiliaries" in n for n in ranked.notes)


def test_a_tag_an_index_of_a_coarser_tag_set_alone_lacks_is_refused_with_why(
    tmp_path: Path,
) -> None:
    """Pass 36f: on an index of French TreeTagger's tags alone (no AUX, no SCONJ), --pos
    AUX and [pos="SCONJ"] were refused with the tags there are alone, read as the text
    having no auxiliary or subordinator: the refusal says the tag set has none."""
    import pytest

    vrt = tmp_path / "fr.vrt"
    vrt.write_text(
        '<text id="f1">\nIl\tPRO:PER\til\nest\tVER:pres\têtre\nsûr\tADJ\tsûr\nque\tKON\tque\n'
        "Marie\tNAM\tMarie\nviendra\tVER:futu\tvenir\n.\tSENT\t.\n</text>\n",
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", vrt, vectors_for="none") as idx:
        with pytest.raises(sensegrep.QueryError) as aux:
            idx.search("être", pos=["AUX"])
        assert str(aux.value).endswith(
            "; its documents' French TreeTagger tags, which tag AUX as VERB (être, avoir: "
            "VER:*), have none"
        ), aux.value
        with pytest.raises(sensegrep.QueryError) as sconj:
            idx.search(cql='[pos="SCONJ"]')
        assert "French TreeTagger tags, which tag SCONJ as CCONJ (que, si, quand: KON)" in str(
            sconj.value
        )
        with pytest.raises(sensegrep.QueryError) as intj:  # a tag it has: nothing to say
            idx.search(cql='[pos="INTJ"]')
        assert "French TreeTagger" not in str(intj.value)


def test_stts_haben_as_a_full_verb_is_aux_which_pos_verb_says(tmp_path: Path) -> None:
    """Pass 36f: STTS tags haben, sein, werden VA* in every use, so a German VRT file's
    full verb *hat* (er hat ein Haus) is AUX, where UD's German GSD (a CoNLL-U file)
    tags it VERB: `search haben --pos VERB` over both listed the CoNLL-U's alone, and no
    note or `info` said STTS cannot tell the two apart there."""
    vrt = tmp_path / "de.vrt"
    vrt.write_text(
        '<text id="v1">\nEr\tPPER\ter\nhat\tVAFIN\thaben\nein\tART\tein\nHaus\tNN\tHaus\n'
        ".\t$.\t.\nEs\tPPER\tes\nwird\tVAFIN\twerden\ngebaut\tVVPP\tbauen\n.\t$.\t.\n</text>\n",
        encoding="utf-8",
    )
    conllu_file = tmp_path / "de.conllu"
    conllu_file.write_text(
        conllu((["newdoc id = u1"], "Sie/sie/PRON hat/haben/VERB Zeit/Zeit/NOUN !/!/PUNCT")),
        encoding="utf-8",
    )
    (doc,) = read_documents(vrt, "vrt")
    assert doc.pos_tags == "stts"
    with sensegrep.build(tmp_path / "idx", [vrt, conllu_file], vectors_for="none") as idx:
        found = idx.search("haben", pos=["VERB"])
        assert found.total == 1
        assert any(
            "de.vrt: STTS tags, which tag VERB as AUX (haben, sein, werden as full verbs: "
            "VA*)): 1 match there is tagged AUX" in note
            for note in found.notes
        ), found.notes


def test_pos_says_what_it_cannot_see_where_two_coarse_tag_sets_mix(tmp_path: Path) -> None:
    """A VRT file of a German text in STTS (ist VAFIN: AUX) and a French one in French
    TreeTagger's tags (est VER:pres: VERB, no AUX), no UPOS document beside them:
    `search être --pos AUX` said 0 matches and nothing of why, as if être were never an
    auxiliary there; `search haben --pos VERB` likewise (pass 36m)."""
    vrt = _stts_and_french(tmp_path)
    with sensegrep.build(tmp_path / "idx", vrt, vectors_for="none") as idx:
        aux = idx.search("être", pos=["AUX"])
        verb = idx.search("haben", pos=["VERB"])
    assert (aux.total, verb.total) == (0, 0)
    assert any(
        "cannot see into" in n
        and "French TreeTagger tags, which tag AUX as VERB" in n
        and "1 match there is tagged VERB" in n
        for n in aux.notes
    ), aux.notes
    assert any(
        "cannot see into" in n
        and "STTS tags, which tag VERB as AUX" in n
        and "1 match there is tagged AUX" in n
        for n in verb.notes
    ), verb.notes


def test_collocates_pos_says_what_it_cannot_see_as_search_does(tmp_path: Path) -> None:
    """The STTS and French TreeTagger texts of a VRT file: `collocates être --pos AUX`
    said "no rows: 0 lines" alone, as if être were never an auxiliary there, where
    `search être --pos AUX` said that the French tags have no AUX (pass 36q)."""
    vrt = _stts_and_french(tmp_path)
    with sensegrep.build(tmp_path / "idx", vrt, vectors_for="none") as idx:
        searched = idx.search("être", pos=["AUX"])
        table = idx.collocates("être", pos=["AUX"], min_freq=1)
    assert len(table) == 0
    said = [n for n in searched.notes if "cannot see into" in n]
    assert len(said) == 1 and "1 match there is tagged VERB" in said[0]
    assert said[0] in table.notes, table.notes


def test_freq_of_a_pattern_by_pos_says_the_tag_set_without_it(tmp_path: Path) -> None:
    """`freq --cql '[pos="AUX"]'` on the STTS and French TreeTagger texts of a VRT file
    listed haben alone, être and avoir unsaid, where `search --cql '[pos="AUX"]'` said
    the French tags have no AUX (pass 36q)."""
    vrt = _stts_and_french(tmp_path)
    with sensegrep.build(tmp_path / "idx", vrt, vectors_for="none") as idx:
        searched = idx.search(cql='[pos="AUX"]')
        table = idx.freq(cql='[pos="AUX"]')
    assert [(row["item"], row["freq"]) for row in table] == [("haben", 1)]
    said = [n for n in searched.notes if 'pos="AUX" misses' in n]
    assert len(said) == 1 and "French TreeTagger tags" in said[0]
    assert said[0] in table.notes, table.notes


def test_collocates_of_a_pattern_by_pos_says_the_tag_set_without_it(tmp_path: Path) -> None:
    """`collocates --cql '[pos="AUX"]'` on the STTS and French TreeTagger texts of a VRT
    file listed haben's collocates alone, est's unsaid, where search and freq of the
    same pattern said the French tags have no AUX (pass 36r)."""
    vrt = _stts_and_french(tmp_path)
    with sensegrep.build(tmp_path / "idx", vrt, vectors_for="none") as idx:
        searched = idx.search(cql='[pos="AUX"]')
        table = idx.collocates(cql='[pos="AUX"]', min_freq=1)
    assert sorted(row["collocate"] for row in table) == ["ein", "er", "haus"]
    said = [n for n in searched.notes if 'pos="AUX" misses' in n]
    assert len(said) == 1 and "French TreeTagger tags" in said[0]
    assert said[0] in table.notes, table.notes


def test_freq_by_pos_says_what_two_coarse_tag_sets_count_apart(tmp_path: Path) -> None:
    """`freq --by pos` over a VRT file's STTS and French TreeTagger texts alone (no UPOS
    document) listed AUX 1 (haben) and VERB 2 (est, venu) and said nothing, where
    `search --pos AUX` said the French tags have no AUX."""
    with sensegrep.build(tmp_path / "idx", _stts_and_french(tmp_path), vectors_for="none") as idx:
        table = idx.freq(by="pos")
    rows = {row["item"]: row["freq"] for row in table}
    assert (rows["AUX"], rows["VERB"]) == (1, 2)
    note = " ".join(table.notes)
    assert "9 of the 9 tokens counted lie in documents whose tags were mapped" in note
    assert "French TreeTagger tags, which tag AUX as VERB" in note
    assert "STTS tags, which tag VERB as AUX" in note


def test_a_pattern_refusing_a_tag_a_coarse_tag_set_lacks_says_it_lets_its_words_through(
    tmp_path: Path,
) -> None:
    """`[pos!="AUX"]` counted French TreeTagger's est (tagged VERB) among the words that
    are no auxiliary, unsaid: the mirror of the note `[pos="AUX"]` gives (pass 36q)."""
    with sensegrep.build(tmp_path / "idx", _stts_and_french(tmp_path), vectors_for="none") as idx:
        hits = idx.search(cql='[pos!="AUX" & lemma="être"]')
        table = idx.freq(cql='[pos!="AUX"]')
        quiet = idx.search(cql='[pos!="NOUN"]')
    assert hits.total == 1
    said = [n for n in hits.notes if 'pos!="AUX" lets through' in n]
    assert len(said) == 1 and "French TreeTagger tags, which tag AUX as VERB" in said[0]
    assert "STTS" not in said[0]
    assert said[0] in table.notes, table.notes
    assert not any("lets through" in n for n in quiet.notes)


def test_a_pattern_refusing_a_tag_and_the_one_used_instead_lets_nothing_through(
    tmp_path: Path,
) -> None:
    """`[pos!="AUX" & pos!="VERB"]` (no verb of either kind) refuses French TreeTagger's
    être, tagged VERB, and STTS's full-verb haben, tagged AUX, as UPOS text's: it said
    each tag set let its words through (pass 37h), which none is among the matches."""
    with sensegrep.build(tmp_path / "idx", _stts_and_french(tmp_path), vectors_for="none") as idx:
        hits = idx.search(cql='[pos!="AUX" & pos!="VERB"]')
        half = idx.search(cql='[pos!="AUX" & pos!="NOUN"]')
    assert sorted(hit.form for hit in hits) == [".", ".", "Er", "Haus", "Il", "ein"]
    assert not any("lets through" in n for n in hits.notes), hits.notes
    (said,) = [n for n in half.notes if "lets through" in n]
    assert "French TreeTagger tags, which tag AUX as VERB" in said and "STTS" not in said


def _stts_beside_upos(tmp_path: Path) -> list[Path]:
    """Two STTS texts (news: hat, wird; fiction: ist, all VAFIN, so AUX) and a UD file
    whose ist is AUX and hat VERB."""
    vrt = tmp_path / "de.vrt"
    vrt.write_text(
        '<text id="v1" genre="news">\nEr\tPPER\ter\nhat\tVAFIN\thaben\nein\tART\tein\n'
        "Haus\tNN\tHaus\n.\t$.\t.\nEs\tPPER\tes\nwird\tVAFIN\twerden\ngebaut\tVVPP\tbauen\n"
        '.\t$.\t.\n</text>\n<text id="v2" genre="fiction">\nSie\tPPER\tsie\nist\tVAFIN\tsein\n'
        "müde\tADJD\tmüde\n.\t$.\t.\n</text>\n",
        encoding="utf-8",
    )
    ud = tmp_path / "de.conllu"
    ud.write_text(
        conllu(
            (
                ["newdoc id = u1", "newdoc genre = news"],
                "Sie/sie/PRON hat/haben/VERB eine/ein/DET Idee/Idee/NOUN ,/,/PUNCT ist/sein/AUX "
                "froh/froh/ADJ",
            ),
        ),
        encoding="utf-8",
    )
    return [vrt, ud]


def test_a_pattern_on_aux_says_how_many_matches_lie_where_stts_tags_full_verbs_aux(
    tmp_path: Path,
) -> None:
    """Pass 38i: `search --cql '[]' --pos AUX` said that 3 of its 4 matches lie in the
    STTS documents, whose AUX takes full verbs (er hat ein Haus); `--cql '[pos="AUX"]'`,
    the same 4 matches, said nothing, nor did its count, freq or collocates; freq and
    collocates now count them in their --where's documents, as search does."""
    with sensegrep.build(tmp_path / "idx", _stts_beside_upos(tmp_path), vectors_for="none") as idx:
        by_option = idx.search(cql="[]", pos=["AUX"])
        by_pattern = idx.search(cql='[pos="AUX"]')
        counted = idx.count("", "form", cql='[pos="AUX"] [pos="DET"]')
        news = idx.freq(cql='[pos="AUX"]', where="genre=news")
        within = idx.search(cql='[pos="AUX"] within genre="news"')
        ud = idx.search(cql='[pos="AUX"]', doc=["u1"])
    assert (by_option.total, by_pattern.total) == (4, 4)
    assert any("'AUX': 3 of these matches lie in" in n for n in by_option.notes)
    said = (
        "de.vrt: STTS tags, which tag VERB as AUX (haben, sein, werden as full verbs: VA*)): "
        "some may be VERB in UPOS, as the other documents tag them"
    )

    def noted(notes: list[str], matches: str) -> bool:
        start = f'the pattern\'s pos="AUX": {matches} in documents whose tags were mapped'
        return any(n.startswith(start) and n.endswith(said) for n in notes)

    assert noted(by_pattern.notes, "3 of its matches lie"), by_pattern.notes
    assert counted.total == 1
    assert noted(counted.notes, "1 of its matches lies"), counted.notes
    assert noted(news.notes, "2 of its matches lie"), news.notes
    assert noted(within.notes, "2 of its matches lie"), within.notes
    assert not any('the pattern\'s pos="AUX":' in n for n in ud.notes), ud.notes


def test_a_pattern_on_verb_says_it_of_penn_tags_only_where_its_words_are_aux_elsewhere(
    tmp_path: Path,
) -> None:
    """Pass 38i: [pos="VERB"] takes the VRT's and Raganato's *is* (VERB there, AUX in the
    CoNLL-U file): said; [lemma="rain" & pos="VERB"] takes raining alone, which no
    document tags AUX, so it says nothing, as `search rain --pos VERB` does not."""
    with sensegrep.open(_index(tmp_path)) as idx:
        verbs = idx.search(cql='[pos="VERB"]')
        rain = idx.search(cql='[lemma="rain" & pos="VERB"]')
        by_option = idx.search("rain", pos=["VERB"])
    assert verbs.total == 4 and rain.total == 2
    assert any(
        n.startswith('the pattern\'s pos="VERB": 3 of its matches lie in documents')
        and n.endswith("some may be AUX in UPOS, as the other documents tag them")
        for n in verbs.notes
    ), verbs.notes
    assert not any("of its matches" in n for n in rain.notes), rain.notes
    assert not any("of these matches" in n for n in by_option.notes), by_option.notes


def test_a_pattern_on_aux_in_an_stts_document_alone_says_it_as_pos_does(tmp_path: Path) -> None:
    """Pass 38j: [pos="AUX"] with --doc v1 (or a --where keeping the STTS fiction alone)
    took v1's hat and wird, STTS's VAFIN, and said nothing, for the UD file's hat, VERB,
    lay outside the subcorpus; `--pos AUX --doc v1` said it. How the other documents tag
    the words is the whole index's."""
    with sensegrep.build(tmp_path / "idx", _stts_beside_upos(tmp_path), vectors_for="none") as idx:
        by_doc = idx.search(cql='[pos="AUX"]', doc=["v1"])
        by_option = idx.search(cql="[]", pos=["AUX"], doc=["v1"])
        fiction = idx.search(cql='[pos="AUX"]', where="genre=fiction")
        ud = idx.search(cql='[pos="AUX"]', doc=["u1"])
    assert (by_doc.total, by_option.total, fiction.total) == (2, 2, 1)
    assert any("2 of these matches lie in" in n for n in by_option.notes), by_option.notes
    assert any(
        n.startswith('the pattern\'s pos="AUX": 2 of its matches lie in documents')
        for n in by_doc.notes
    ), by_doc.notes
    assert any(
        n.startswith('the pattern\'s pos="AUX": 1 of its matches lies in documents')
        for n in fiction.notes
    ), fiction.notes
    assert not any('the pattern\'s pos="AUX":' in n for n in ud.notes), ud.notes
