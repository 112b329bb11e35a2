"""A word held whole by one file and cut by the tagger in another (pass 27a): a CoNLL-U
file's token *well-known* and plain text, where spaCy cut *well - known*. `search
well-known` lists the whole tokens only (a word the index holds whole is searched as
one token), and said nothing of the uses the tagger cut: 1 match passed for the word's
frequency where the text had 3. The answer now says how many more, and the pattern that
lists them, under the same filters."""

from __future__ import annotations

from pathlib import Path

import sensegrep

from ..helpers import conllu, run, write_jsonl

PATTERN = '[word="well"%c] [word="-"%c] [word="known"%c]'


def _index(tmp_path: Path) -> Path:
    (tmp_path / "tb.conllu").write_text(
        conllu((["newdoc id = c1", "meta::genre = news"], "A/a/DET well-known/well-known/ADJ "
                "bank/bank/NOUN")),
        encoding="utf-8",
    )  # fmt: skip
    write_jsonl(
        tmp_path / "t.jsonl",
        [
            {"id": "d1", "text": "A well-known bank. A well-known river.", "genre": "news"},
            {"id": "d2", "text": "The well-known author wrote.", "genre": "fiction"},
        ],
    )
    folder = tmp_path / "idx"
    sensegrep.build(folder, [tmp_path / "tb.conllu", tmp_path / "t.jsonl"], vectors_for="none")
    return folder


def test_a_word_held_whole_says_how_many_more_the_tagger_cut(tmp_path: Path, runner) -> None:
    folder = _index(tmp_path)
    with sensegrep.open(folder) as idx:
        hits = idx.search("well-known")
        assert hits.total == 1
        assert idx.total(cql=PATTERN) == 3
        said = [note for note in hits.notes if "cut into several tokens" in note]
        assert len(said) == 1 and said[0].startswith("3 more matches of 'well-known'")
        assert PATTERN in said[0]
        # Under the same filters: d1's two, not d2's.
        news = idx.search("well-known", where={"genre": "news"})
        assert any(note.startswith("2 more matches") for note in news.notes)
        counts = idx.count("well-known", "right1")
        assert any(note.startswith("3 more matches") for note in counts.notes)
        # A word held only cut, or only whole, has nothing more to say.
        assert not [n for n in idx.search("bank").notes if "cut into" in n]
    code, _out, err = run(runner, folder, "search", "well-known", "--format", "kwic")
    assert code == 0, err
    assert "note: 3 more matches of 'well-known' are cut into several tokens" in err


def test_collocates_of_a_word_the_tagger_cut_at_its_hyphen(tmp_path: Path, runner) -> None:
    """`collocates e-mail` (spaCy's e - mail) failed with "no occurrences of 'e-mail'
    (by lemma) … to search the word form: --cql '[word="e-mail"%c]'", a pattern that
    finds nothing either, where `search e-mail` lists the sequence: the statistic
    counts the lines the search lists. And the collocates of a word held whole say
    how many uses the tagger cut, as its search does."""
    folder = _index(tmp_path)
    with sensegrep.open(folder) as idx:
        table = idx.collocates("well-known", min_freq=1)
        assert any(n.startswith("3 more matches of 'well-known'") for n in table.notes)
    write_jsonl(tmp_path / "m.jsonl", [{"id": "m1", "text": "I sent an e-mail to the bank."}])
    sensegrep.build(tmp_path / "m", tmp_path / "m.jsonl", vectors_for="none").close()
    code, out, err = run(runner, tmp_path / "m", "collocates", "e-mail", "--min-freq", "1")
    assert code == 0, err
    assert {line.split()[-1] for line in out.splitlines()[1:]} >= {"send", "bank"}


def test_a_piece_whose_lemma_is_the_word_is_no_match_more(tmp_path: Path) -> None:
    """simplemma cuts Ukrainian вул. into вул and ., and gives the token вул the lemma
    вул.: `search вул.` found that token by its lemma, and the note of the word cut into
    tokens said the same place "1 more match … not among these" (pass 38e)."""
    write_jsonl(
        tmp_path / "uk.jsonl",
        [{"id": "u1", "text": "Хто знає, де вул. Шевченка? Ми живемо тут."}],
    )
    folder = tmp_path / "idx"
    sensegrep.build(
        folder, tmp_path / "uk.jsonl", lang="uk", vectors_for="none", tagger="none"
    ).close()
    with sensegrep.open(folder) as idx:
        hits = idx.search("вул.")
        assert [hit.lemma for hit in hits] == ["вул."]  # (as simplemma lemmatises it)
        assert not [note for note in hits.notes if "cut into several tokens" in note], hits.notes
