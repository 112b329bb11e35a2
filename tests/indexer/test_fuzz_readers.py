"""Property-based fuzzing of every reader of user files and of --queries lines: whatever
the bytes, no exception escapes but the project's own (InputError, SensegrepError), and
what is read is well-typed."""

from __future__ import annotations

import contextlib
import itertools
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sensegrep import detect
from sensegrep.choices import IMPORT_FORMATS
from sensegrep.document import Document
from sensegrep.errors import InputError, SensegrepError
from sensegrep.export.formats import read_labels
from sensegrep.indexer.readers import read_documents
from sensegrep.jsonlines import JsonProblem, parse_line
from sensegrep.labels.labelling import LabelRow, read_label_file

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Objects shaped like the real records, with any values: the likeliest to get past the
# first checks and trip a later one.
record_keys = st.sampled_from(
    ["id", "text", "labels", "meta", "accept", "answer", "sensegrep_id", "target", "label", "k"]
)
records = st.dictionaries(record_keys | st.text(max_size=6), json_values, max_size=6)
lines = st.one_of(
    records.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=60),
    st.sampled_from(['{"a": NaN}', '{"t": "\\ud800"}', "[" * 3000, '{"text": "a\\u0000b"}']),
)
files = st.lists(lines, max_size=6).map("\n".join)


_FOLDER = tempfile.TemporaryDirectory(prefix="sensegrep-fuzz-")  # removed at exit
_written = itertools.count()


def _write(text: str, name: str) -> Path:
    path = Path(_FOLDER.name) / f"{next(_written)}-{name}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@FUZZ
@given(line=lines)
def test_parse_line_returns_a_value_or_a_json_problem(line: str):
    with contextlib.suppress(JsonProblem):
        parse_line(line)


@FUZZ
@given(text=files)
@pytest.mark.parametrize(
    ("fmt", "name"),
    [("jsonl", "c.jsonl"), ("txt", "c.txt"), ("vrt", "c.vrt"), ("conllu", "c.conllu")],
)
def test_corpus_readers_yield_documents_or_input_errors(text: str, fmt: str, name: str):
    for item in read_documents(_write(text, name), fmt):
        assert isinstance(item, Document | InputError)


@FUZZ
@given(text=files)
@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
def test_import_readers_yield_labels_or_input_errors(text: str, fmt: str):
    for item in read_labels(fmt, _write(text, "labels.txt")):
        if isinstance(item, InputError):
            continue
        occurrence, label = item
        assert isinstance(occurrence, int) and not isinstance(occurrence, bool)
        assert isinstance(label, str)


@FUZZ
@given(text=files, suffix=st.sampled_from([".jsonl", ".csv", ".tsv", ".txt"]))
def test_label_files_yield_rows_or_input_errors(text: str, suffix: str):
    try:
        for item in read_label_file(_write(text, f"labels{suffix}")):
            assert isinstance(item, LabelRow | InputError)
    except InputError:  # a fatal one (e.g. no CSV header) ends the file
        pass


@FUZZ
@given(text=files)
def test_detection_names_a_format_or_none(text: str):
    path = _write(text, "unnamed")
    assert detect.input_format(path) in (None, "jsonl", "conllu", "vrt", "raganato")
    assert detect.label_format(path) in (None, *IMPORT_FORMATS)


@FUZZ
@given(
    spec=st.dictionaries(
        st.sampled_from(
            [
                "word",
                "example",
                "expand",
                "form",
                "label",
                "gloss",
                "sense",
                "like",
                "unlike",
                "unlike_example",
                "pos",
                "where",
                "doc",
                "k",
                "sample",
                "seed",
            ]
        ),
        json_values,
        max_size=5,
    )
)
def test_query_lines_are_checked_or_refused(spec: dict):
    from sensegrep.request import parse
    from sensegrep.search.engine import SearchRequest

    try:
        checked = parse(spec, "json", "queries")
        SearchRequest.from_values({**checked, "word": "bank"})
    except SensegrepError:
        pass
