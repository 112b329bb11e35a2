"""What `search` says it searched (issue 23's leftovers): a pattern's word that no token
has is an error (exit 1) as `search WORD` is, a sequence of words that each occur is "0
matches" (exit 0), and the KWIC header or the stderr line names what was searched when
it is not the word as typed. On helpers.MOLES (tests/conftest.py: moles_index)."""

from __future__ import annotations

import json

import pytest

from ..helpers import SENTENCE_BOUND, hits, run

MOLE_S = '[word="mole"%c] [word="\'s"%c] (from "mole\'s")'
ONE = "1 match in 1 document; 29,411.76 per million tokens (34 tokens)"


def test_a_pattern_word_no_token_has_is_an_error_like_a_word_search(runner, moles_index):
    code, out, err = run(runner, moles_index, "search", "--cql", '[lemma="bnak"]')
    assert (code, out) == (1, "")
    assert err.startswith('Error: lemma="bnak": no token of ') and "(nearest: 'bank')" in err
    code, _, err = run(runner, moles_index, "search", "bnak")
    assert code == 1 and "(nearest: 'bank')" in err


def test_words_that_never_occur_in_sequence_are_0_matches(runner, moles_index):
    pattern = '[word="mole"] [word="bank"]'
    code, out, err = run(runner, moles_index, "search", "--cql", pattern, "--format", "jsonl")
    assert (code, out, err) == (0, "", f"0 matches for the pattern {pattern}{SENTENCE_BOUND}\n")


def test_the_header_names_the_sequence_a_word_was_searched_as(runner, moles_index):
    code, out, _ = run(runner, moles_index, "search", "mole's", "--format", "kwic")
    header, line = out.splitlines()
    assert code == 0 and header == f"# {MOLE_S}: {ONE}; lines 1-1"
    assert "| mole's |" in line
    code, out, err = run(runner, moles_index, "search", "mole's", "--format", "jsonl")
    assert [h["match"] for h in hits(out)] == [["mole", "'s"]]
    assert err == f"{MOLE_S}: {ONE}; lines 1-1\n"
    code, out, err = run(runner, moles_index, "search", "mole's", "--count", "node")
    assert code == 0 and err.startswith(f"{MOLE_S}: the one match counted")


def test_the_stderr_line_names_the_lemma_a_word_was_resolved_to(runner, moles_index):
    code, _, err = run(runner, moles_index, "search", "banks", "--format", "jsonl")
    assert code == 0 and err.startswith('lemma "bank" (from "banks"): 3 matches in 2 documents')
    code, _, err = run(runner, moles_index, "search", "bank", "--format", "jsonl")
    assert code == 0 and err.startswith("3 matches in 2 documents")


def test_each_query_of_a_batch_names_what_it_searched(runner, moles_index, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        "".join(json.dumps(q) + "\n" for q in ({"word": "mole's"}, {"word": "mole"}))
    )
    code, out, _ = run(runner, moles_index, "search", "--queries", str(queries), "--format", "kwic")
    headers = [line for line in out.splitlines() if line.startswith("#")]
    assert code == 0 and headers[0] == f"# query 0: {MOLE_S}: {ONE}; lines 1-1"
    assert headers[1].startswith("# query 1: 4 matches in 3 documents")


def test_the_header_says_which_case_a_form_was_searched_in(runner, moles_index):
    """`search The --form` (issue 23): the header names the form in any case, and
    --match-case searches it exactly, in the CLI and over HTTP alike."""
    code, out, _ = run(runner, moles_index, "search", "The", "--form", "--format", "kwic")
    assert code == 0 and out.startswith('# [word="The"%c] (from "The"): 5 matches in 3 documents')
    args = ("search", "The", "--form", "--match-case", "--format", "kwic")
    code, out, _ = run(runner, moles_index, *args)
    assert code == 0 and out.startswith('# [word="The"] (from "The"): 2 matches in 2 documents')
    assert {line.split("|")[1].strip() for line in out.splitlines()[1:]} == {"The"}
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(moles_index)) as client:
        params = {"word": "The", "form": "true", "match_case": "true"}
        answer = client.get("/api/search", params=params).json()
    assert answer["total"] == 2 and answer["searched"] == '[word="The"]'
