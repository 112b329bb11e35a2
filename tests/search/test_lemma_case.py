"""A pattern's lemma test is case-sensitive (as CQP), while plain text's lemmas are
lower-cased and a CoNLL-U or VRT file's kept as written (pass 34h): in an index of a
German CoNLL-U file (lemma *Mann*) and German text (lemma *mann*), `[lemma="Mann"]`
counted the file's tokens alone, 2 of 5, with nothing said. The result now says how
many more tokens have the lemma in another case, and the pattern that takes them."""

from __future__ import annotations

from pathlib import Path

import sensegrep

from ..helpers import conllu


def _index(tmp_path: Path) -> Path:
    (tmp_path / "ud.conllu").write_text(
        conllu(
            (["newdoc id = u1"], "Der/der/DET Mann/Mann/NOUN geht/gehen/VERB"),
            ([], "Die/der/DET Männer/Mann/NOUN gehen/gehen/VERB"),
        ),
        encoding="utf-8",
    )
    (tmp_path / "t.txt").write_text(
        "Der Mann schläft. Die Männer lachen. Ein Mann singt.\n", encoding="utf-8"
    )
    folder = tmp_path / "idx"
    sensegrep.build(
        folder, [tmp_path / "ud.conllu", tmp_path / "t.txt"], vectors_for="none", lang="de"
    ).close()
    return folder


def test_a_case_sensitive_lemma_test_says_what_it_leaves_out_for_case(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path), lang="de") as idx:
        hits = idx.search("", cql='[lemma="Mann"]')
        assert hits.total == 2  # the CoNLL-U file's, as CQP matches: case-sensitive
        note = next(n for n in hits.notes if "in another case" in n)
        assert note.startswith('3 more tokens have a lemma that [lemma="Mann"] matches')
        assert '[lemma="Mann"%c & lemma!="Mann"]' in note
        assert idx.search("", cql='[lemma="Mann"%c & lemma!="Mann"]').total == 3
        assert idx.search("", cql='[lemma="Mann"%c]').total == 5
        # a count says it too; the other way round as well
        assert any(
            "in another case" in n for n in idx.count("", "form", cql='[lemma="Mann"]').notes
        )
        assert any(
            n.startswith("2 more tokens") for n in idx.search("", cql='[lemma="mann"]').notes
        )
        # under the same filters: the text alone has no other case
        assert not any(
            "in another case" in n
            for n in idx.search("", cql='[lemma="mann"]', doc=[str(tmp_path / "t.txt")]).notes
        )
        # %c, or a lemma every token has in one case, says nothing
        for quiet in ('[lemma="Mann"%c]', '[lemma="gehen"]', '[lemma!="Mann"]'):
            assert not any("in another case" in n for n in idx.search("", cql=quiet).notes)


def test_the_note_is_of_the_patterns_within_subcorpus_as_of_where(tmp_path: Path) -> None:
    """`[lemma="bank"] within genre="news"` is `--where genre=news` (README), but its note
    counted the other-case tokens of the whole index (pass 35f: 3 where --where said 1)
    and gave a pattern without the within that lists them all."""
    (tmp_path / "c.vrt").write_text(
        '<text id="n1" genre="news">\n<s>\nBank\tNNP\tBank\nlends\tVBZ\tlend\n'
        "bank\tNN\tbank\n</s>\n</text>\n"
        '<text id="f1" genre="fiction">\n<s>\nBank\tNNP\tBank\nsees\tVBZ\tsee\n'
        "Bank\tNNP\tBank\n</s>\n</text>\n",
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "c.vrt"], vectors_for="none").close()
    with sensegrep.open(folder) as idx:
        for asked in (
            {"cql": '[lemma="bank"] within genre="news"'},
            {"cql": '[lemma="bank"]', "where": ["genre=news"]},
        ):
            note = next(n for n in idx.search("", **asked).notes if "in another case" in n)
            assert note.startswith("1 more token has a lemma"), note
        note = next(
            n
            for n in idx.search("", cql='[lemma="bank"] within genre="news"').notes
            if "in another case" in n
        )
        listing = '[lemma="bank"%c & lemma!="bank"] within genre="news"'
        assert listing in note
        assert idx.search("", cql=listing).total == 1


def test_the_note_counts_the_matches_the_pattern_gains_not_every_token(tmp_path: Path) -> None:
    """Pass 35f: `[pos="DET"] [lemma="bank"]` said "2 more tokens … which it leaves out:
    [lemma="bank"%c] takes them too" where the pattern with %c took one more match (or
    none: a name at a sentence's start follows no determiner). The note now counts the
    matches the pattern gains, and says nothing where it gains none."""
    rows = [
        ["Bank NNP Bank", "lends VBZ lend", "money NN money"],
        ["The DT the", "Bank NNP Bank", "lends VBZ lend"],
        ["the DT the", "bank NN bank", "lends VBZ lend"],
        ["a DT a", "bank NN bank", "lends VBZ lend", "money NN money"],
    ]
    body = "".join(
        "<s>\n" + "".join("\t".join(t.split()) + "\n" for t in sentence) + "</s>\n"
        for sentence in rows
    )
    (tmp_path / "c.vrt").write_text(f'<text id="d1">\n{body}</text>\n', encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "c.vrt"], vectors_for="none").close()

    def said(idx: sensegrep.SenseIndex, pattern: str) -> list[str]:
        return [n for n in idx.search("", cql=pattern).notes if "in another case" in n]

    with sensegrep.open(folder) as idx:
        assert said(idx, '[lemma="bank"]')[0].startswith("2 more tokens have a lemma")
        pair = '[pos="DET"] [lemma="bank"]'
        assert idx.search("", cql=pair).total == 2
        assert idx.search("", cql='[pos="DET"] [lemma="bank"%c]').total == 3
        (note,) = said(idx, pair)
        assert note.startswith("1 more match of the pattern has a token whose lemma"), note
        assert '[lemma="bank"%c & lemma!="bank"] lists the 2 tokens' in note
        assert not said(idx, '[pos="DET"] [lemma="bank"] [pos="VERB"] [pos="NOUN"]')
