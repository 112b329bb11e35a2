"""`sensegrep vectors add` and `vectors status` on a text-only index: the words given
vectors rank by sense, the others refuse in one line naming `sensegrep vectors add
WORD`, `--any-word` says how much of the corpus it searched, `info` shows the vectors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from ..helpers import REPO, conllu, hits, run, text_only_index

EXAMPLES = REPO / "examples" / "corpus.jsonl"


def test_vectors_add_status_and_refusals(tmp_path: Path) -> None:
    runner = CliRunner()
    idx = tmp_path / "idx"
    text_only = ["--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, idx, "index", str(EXAMPLES), *text_only)
    assert code == 0, err
    code, out, _ = run(runner, idx, "vectors", "status", "--json")
    before = json.loads(out)
    assert code == 0 and before["vectors_for"] == "none" and before["occurrences"] == 0

    adding = ["vectors", "add", "bank", "--model", "fake:16", "--runtime", "torch"]
    code, _out, err = run(runner, idx, *adding)
    assert code == 0 and "vectors for 1 lemma(s): 30 added" in err, err
    assert "had its vector already" not in err
    code, _out, err = run(runner, idx, *adding)  # again: nothing to add, and said why
    assert code == 0 and "note: every token of bank had its vector already" in err, err
    assert "every token that gets one: content words" in err  # not the function words'
    code, out, _ = run(runner, idx, "vectors", "status")
    assert code == 0 and "bank (30)" in out and "1 of" in out and "fake:16" in out
    assert "on torch" in out  # the runtime the vectors came from
    code, out, _ = run(runner, idx, "info")
    assert "lemmas with vectors" in out and "chosen" in out
    assert re.search(r"^runtime +torch$", out, re.M)  # what the vectors came from
    # The whole index's bytes over 30 occurrences (thousands each) would say nothing:
    # an index with a few words' vectors shows its size per token of the corpus.
    assert "bytes per occurrence" not in out and "bytes per token" in out
    code, out, _ = run(runner, idx, "info", "--json")
    stats = json.loads(out)
    assert stats["bytes_per_token"] == round(stats["disk_bytes"] / stats["tokens"], 1)

    code, out, _ = run(runner, idx, "search", "bank", "-e", "the [[bank]] of the river", "-k", "3")
    assert code == 0 and all(h["score"] is not None for h in hits(out))
    code, _out, err = run(runner, idx, "search", "water", "-e", "cold [[water]]")
    assert code == 1 and err.strip().splitlines()[-1].endswith(
        "'water' has no vectors yet: ranking by --example needs them; add them with "
        "`sensegrep vectors add water`"
    )
    code, _out, err = run(runner, idx, "senses", "water")
    assert code == 1 and "`sensegrep vectors add water`" in err
    code, out, _ = run(runner, idx, "search", "water", "-k", "2")
    assert code == 0 and len(hits(out)) == 2
    code, _out, err = run(runner, idx, "search", "--any-word", "-e", "the [[bank]] of it")
    assert code == 0 and "note: searched the 30 tokens with vectors" in err

    code, _out, err = run(runner, idx, "vectors", "add", "zzzq")
    assert code == 1 and "no tokens of 'zzzq'" in err
    code, _out, err = run(runner, idx, "vectors", "add", "river", "--model", "fake:8")
    assert code == 1 and "fake:16" in err


def test_function_word_refusal_does_not_name_vectors_add(tmp_path: Path) -> None:
    """On a tagged index with vectors for chosen words, ranking a function word would
    send the user to `vectors add the`, which adds none (only content words get one):
    the refusal says that none of its tokens can have a vector and names the plain
    concordance instead, as a full index does."""
    from ..helpers import conllu, text_only_index

    tagged = conllu(
        (["newdoc id = d1"], "The/the/DET bank/bank/NOUN closed/close/VERB ././PUNCT"),
        (["newdoc id = d2"], "We/we/PRON sat/sit/VERB on/on/ADP the/the/DET bank/bank/NOUN"),
    )
    idx = text_only_index(tmp_path, tagged)
    runner = CliRunner()
    code, _out, err = run(runner, idx, "vectors", "add", "bank", "the", "--model", "fake:16")
    assert code == 0 and "no token of the gets a vector" in err, err
    code, _out, err = run(runner, idx, "search", "the", "-e", "the [[the]] bank")
    assert code == 1
    assert "none of the 2 tokens of 'the' can have one" in err, err
    assert "vectors add the" not in err and "`sensegrep search the`" in err
    code, out, _err = run(runner, idx, "search", "the")
    assert code == 0 and len(hits(out)) == 2  # the concordance it names lists them
    # A content word without vectors still names the command that adds them.
    code, _out, err = run(runner, idx, "search", "sit", "-e", "we [[sat]] down")
    assert code == 1 and "`sensegrep vectors add sit`" in err, err


def test_status_says_when_it_lists_only_some_of_the_lemmas_with_vectors(tmp_path: Path) -> None:
    """More lemmas with vectors than -k (20) lists: the line read as every word with
    vectors, and a word past the 20th as one without."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", str(EXAMPLES), "--vectors-for", "none")
    assert code == 0, err
    adding = ["vectors", "add", "bank", "river", "money", "--model", "fake:16"]
    code, _out, err = run(runner, idx, *adding)
    assert code == 0, err
    code, out, _ = run(runner, idx, "vectors", "status", "-k", "2")
    listed = next(line for line in out.splitlines() if line.startswith("with vectors"))
    assert listed.count("(") == 3 and listed.endswith("(2 of 3 lemmas listed: -k 3 lists all)")
    code, out, _ = run(runner, idx, "vectors", "status")
    assert "listed" not in out


def test_add_of_a_word_that_is_a_lemma_of_its_own_says_what_its_form_left_out(
    tmp_path: Path,
) -> None:
    """`vectors add played`, where one token has the lemma "played" and others are
    written so with the lemma play: "vectors for 1 lemma(s): 1 added" read as the
    played tokens having vectors, though play's got none (a search says so; the add
    said nothing)."""
    idx = text_only_index(
        tmp_path,
        conllu(
            ([], "the/the/DET played/played/ADJ tune/tune/NOUN"),
            ([], "they/they/PRON played/play/VERB well/well/ADV"),
            ([], "we/we/PRON played/play/VERB chess/chess/NOUN"),
        ),
    )
    runner = CliRunner()
    code, _out, err = run(runner, idx, "vectors", "add", "played", "--model", "fake:16")
    assert code == 0 and "vectors for 1 lemma(s): 1 added" in err, err
    assert (
        "note: 2 more tokens are written 'played' with another lemma (play: 2), which got no "
        "vectors (vectors go by lemma): `sensegrep vectors add play` gives them theirs"
    ) in err, err
    code, _out, err = run(runner, idx, "vectors", "add", "play", "--model", "fake:16")
    assert code == 0 and "written" not in err, err
    code, _out, err = run(runner, idx, "vectors", "add", "played", "--model", "fake:16")
    assert code == 0 and "written" not in err, err  # play has its vectors now


def test_indexing_into_an_index_of_chosen_words_says_what_got_no_vectors(
    tmp_path: Path,
) -> None:
    """New documents get vectors for the words that have them only: after `vectors add
    --all`, a new file's new words got none, and the run said only "N occurrences with
    sense vectors" (read as every content word of it having one)."""
    idx = text_only_index(tmp_path, conllu(([], "the/the/DET tune/tune/NOUN ended/end/VERB")))
    runner = CliRunner()
    code, _out, err = run(runner, idx, "vectors", "add", "--all", "--model", "fake:16")
    assert code == 0 and "vectors for 2 lemma(s): 2 added" in err, err
    more = tmp_path / "more.conllu"
    more.write_text(
        conllu(([], "a/a/DET tune/tune/NOUN played/play/VERB on/on/ADP violins/violin/NOUN")),
        encoding="utf-8",
    )
    code, _out, err = run(runner, idx, "index", str(more))
    assert code == 0 and "1 occurrences with sense vectors" in err, err
    assert (
        "note: 2 tokens of 2 lemmas without vectors got none: on an index with vectors "
        "for chosen words, new documents get them for the words that have them; "
        "`sensegrep vectors add WORD…` (or --all) gives others theirs"
    ) in err, err


def test_vectors_for_given_words_says_how_chosen_words_get_vectors(tmp_path: Path) -> None:
    """`index --vectors-for bank,spring` (the option's name reads as taking words) was
    refused as click refuses any value, "is not one of 'all', 'none'", leaving the user
    to find `vectors add`; it now names the way, and a mistyped choice is told as
    before, with no advice about words."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", str(EXAMPLES), "--vectors-for", "bank,spring")
    assert code == 2 and not idx.exists()
    assert "'bank,spring' is not one of 'all', 'none'" in err, err
    assert (
        "index with --vectors-for none, then add theirs: `sensegrep vectors add bank spring`" in err
    )
    code, _out, err = run(runner, idx, "index", str(EXAMPLES), "--vectors-for", "alll")
    assert code == 2 and "'alll' is not one of 'all', 'none'." in err and "vectors add" not in err
