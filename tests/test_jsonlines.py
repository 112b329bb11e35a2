"""JSON Lines input (sensegrep/jsonlines.py): lines are cut at line feeds only."""

from __future__ import annotations

import json

from sensegrep.jsonlines import json_objects, text_lines


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
