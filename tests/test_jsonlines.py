"""JSON Lines input (sensegrep/jsonlines.py): lines are cut at line feeds only."""

from __future__ import annotations

import json

import pytest

from sensegrep.jsonlines import JsonProblem, json_objects, parse_line, text_lines


def test_a_record_holding_a_unicode_line_separator_stays_one_line():
    """sensegrep writes JSON with ensure_ascii=False, so a sentence's U+2028 (or U+2029,
    a form feed, U+0085) stays unescaped in its record: str.splitlines() cut the record
    there and it was read as two bad lines (issue 23: an export read back failed)."""
    records = [{"text": f"a{sep}b", "n": n} for n, sep in enumerate("\u2028\u2029\x0c\x85\x1e")]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records)
    assert len(text.splitlines()) > len(records)  # what the readers did
    assert [record for _n, record in json_objects("f", text_lines(text))] == records
    assert text_lines("a\nb\r\n\nc") == ["a", "b", "", "c"]
    assert text_lines("") == [] and text_lines("a\n") == ["a"]


def test_a_key_given_twice_in_one_object_is_refused_not_kept_last():
    """Python's json keeps the last of two values of one key and drops the other without
    a word: `{"word": "bank", "k": 3, "k": 7}` in --queries ran with k=7, a corpus
    record's second "text" replaced its first (pass 32l)."""
    with pytest.raises(JsonProblem, match='the key "k" is given twice'):
        parse_line('{"word": "bank", "k": 3, "k": 7}')
    with pytest.raises(JsonProblem, match='the key "genre" is given twice'):
        parse_line('{"where": {"genre": "news", "genre": "fiction"}}')
    assert parse_line('{"a": {"k": 1}, "k": 2}') == {"a": {"k": 1}, "k": 2}
    items = list(json_objects("q.jsonl", ['{"k": 1, "k": 2}', '{"k": 1}']))
    assert "given twice" in items[0].message and items[0].line == 1
    assert items[1] == (2, {"k": 1})
