"""A word searched by lemma whose form other tokens have with another lemma (pass 28c):
SemCor's Raganato file lemmatises *n't* as n't, where spaCy and a CoNLL-U file say
not; `search n't` found SemCor's lemma n't and listed its 4 tokens alone, though the
index held 18 written *n't* (and, in one source, `search saw` lists the tool and not
the 230 *saw* of see). The answer now says how many more tokens are written so with
another lemma, which lemmas, and how to list them."""

from __future__ import annotations

from pathlib import Path

import sensegrep

from ..helpers import conllu, raganato


def _index(tmp_path: Path) -> Path:
    (tmp_path / "a.conllu").write_text(
        conllu(
            (
                ["newdoc id = c1", "meta::genre = news"],
                "It/it/PRON is/be/AUX n't/not/PART so/so/ADV",
            ),
            ([], "They/they/PRON do/do/AUX n't/not/PART know/know/VERB"),
        ),
        encoding="utf-8",
    )
    (tmp_path / "s.data.xml").write_text(
        raganato(
            "s", "s1", ["I/I/PRON did/do/VERB n't/n't/ADV see/see/VERB the/the/DET saw/saw/NOUN"]
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "a.conllu", tmp_path / "s.data.xml"], vectors_for="none")
    return folder


def test_a_lemma_search_says_how_many_tokens_written_so_have_another_lemma(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as idx:
        hits = idx.search("n't")
        assert hits.total == 1  # SemCor's lemma n't
        note = (
            '2 more tokens are written "n\'t" with another lemma (not: 2), which a search '
            "by lemma leaves out: form=True lists every token written so; the pattern "
            '[word="n\'t"%c & lemma!="n\'t"%c] (cql) lists those alone'
        )
        assert note in hits.notes
        assert idx.search("n't", form=True).total == 3
        assert note in idx.count("n't", "doc").notes
        # under the same filters: the news document holds both of them
        assert "2 more tokens" in " ".join(idx.search("n't", doc=["s1", "c1"]).notes)
        # a word whose tokens all have it as lemma, or a form search: no such note
        for quiet in (idx.search("see"), idx.search("n't", form=True), idx.search("know")):
            assert not any("another lemma" in n for n in quiet.notes)


def test_a_word_resolved_to_its_lemma_says_its_tokens_of_another_lemma(tmp_path: Path) -> None:
    # `search spamming` (no token has the lemma spamming) is searched as the lemma
    # spam, the lemmatiser's; the text's 2 *spamming*, tagged with the lemma spamme,
    # were left out unsaid though the word typed is written so (pass 40m).
    (tmp_path / "f.conllu").write_text(
        conllu(
            (
                ["newdoc id = f1"],
                "He/he/PRON is/be/AUX spamming/spamme/VERB the/the/DET board/board/NOUN",
            ),
            (
                [],
                "Stop/stop/VERB spamming/spamme/VERB ,/,/PUNCT "
                "spam/spam/NOUN is/be/AUX bad/bad/ADJ",
            ),
            ([], "More/more/ADJ spam/spam/NOUN and/and/CCONJ spams/spam/NOUN"),
            ([], "The/the/DET boards/board/NOUN are/be/AUX full/full/ADJ"),
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "f.conllu"], vectors_for="none")
    with sensegrep.open(folder) as idx:
        hits = idx.search("spamming")
        assert hits.searched == 'lemma "spam"'
        assert hits.total == 3  # spam, spam, spams
        note = (
            "2 more tokens are written 'spamming' with another lemma (spamme: 2), which a "
            "search by lemma leaves out: form=True lists every token written so; the "
            'pattern [word="spamming"%c & lemma!="spam"%c] (cql) lists those alone'
        )
        assert note in hits.notes
        assert note in idx.count("spamming", "doc").notes
        assert idx.search("spamming", form=True).total == 2
        # an inflected form whose tokens all have the lemma searched: no such note
        boards = idx.search("boards")
        assert boards.total == 2
        assert not any("another lemma" in n for n in boards.notes)


def test_collocates_say_the_nodes_written_so_with_another_lemma(tmp_path: Path) -> None:
    # `collocates spamming` (lemma spam) and `collocates blocked` (lemma blocked, an
    # adjective) counted the windows of the lemma's tokens alone, the *spamming* of
    # spamme and the *blocked* of block left out unsaid, where `search` said so (pass 40m).
    (tmp_path / "f.conllu").write_text(
        conllu(
            (
                ["newdoc id = f1"],
                "He/he/PRON is/be/AUX spamming/spamme/VERB the/the/DET board/board/NOUN",
            ),
            ([], "More/more/ADJ spam/spam/NOUN on/on/ADP the/the/DET board/board/NOUN"),
            ([], "A/a/DET blocked/blocked/ADJ feed/feed/NOUN"),
            ([], "They/they/PRON blocked/block/VERB him/he/PRON"),
            ([], "We/we/PRON blocked/block/VERB the/the/DET troll/troll/NOUN"),
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "f.conllu"], vectors_for="none")
    with sensegrep.open(folder) as idx:
        spam = idx.collocates("spamming")
        assert spam.node_freq == 1
        said = [n for n in spam.notes if "another lemma" in n]
        assert len(said) == 1, spam.notes
        assert said[0].startswith(
            "1 more token is written 'spamming' with another lemma (spamme: 1), which a "
            "search by lemma leaves out"
        )
        assert '[word="spamming"%c & lemma!="spam"%c]' in said[0]
        blocked = idx.collocates("blocked")
        assert blocked.node_freq == 1
        assert any(
            n.startswith("2 more tokens are written 'blocked' with another lemma (block: 2)")
            for n in blocked.notes
        ), blocked.notes
        assert not any("another lemma" in n for n in idx.collocates("board").notes)


def test_a_collocates_note_of_other_lemmas_names_the_search_that_lists_them(
    tmp_path: Path,
) -> None:
    # `collocates spammed` said "--form lists every token written so", an option
    # collocates has not (No such option '--form'); it names the search that lists
    # them, and its pattern, which collocates takes, counts them as nodes (pass 40n).
    (tmp_path / "f.conllu").write_text(
        conllu(
            (
                ["newdoc id = f1"],
                "He/he/PRON spammed/spamme/VERB the/the/DET board/board/NOUN",
            ),
            ([], "More/more/ADJ spam/spam/NOUN on/on/ADP the/the/DET board/board/NOUN"),
        ),
        encoding="utf-8",
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "f.conllu"], vectors_for="none")
    with sensegrep.open(folder) as idx:
        table = idx.collocates("spammed")
        said = [n for n in table.notes if "another lemma" in n]
        assert said == [
            "1 more token is written 'spammed' with another lemma (spamme: 1), which a "
            "search by lemma leaves out: `search spammed --form` lists every token written "
            'so; the pattern [word="spammed"%c & lemma!="spam"%c] (cql) lists that one alone'
        ]
        assert idx.search("spammed", form=True).total == 1
        nodes = idx.collocates(cql='[word="spammed"%c & lemma!="spam"%c]')
        assert nodes.node_freq == 1
