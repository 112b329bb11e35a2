"""Issue 26, items 2-3: every public method of the library, called with arbitrary
arguments (hypothesis), gives a result or a :class:`SensegrepError` — never a raw
``TypeError``, ``AttributeError``, ``OverflowError``, ``KeyError`` or a database error
from deep inside, and never a mis-read (``label("96")`` labelled 9 and 6). On a small
index made with the fake embedder, in temporary folders only."""

from __future__ import annotations

import inspect
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sensegrep
from sensegrep.api import SenseIndex
from sensegrep.errors import SensegrepError

from ..helpers import write_jsonl

DOCS = [
    {"id": "r1", "text": "We sat on the grassy bank of the river.", "genre": "fiction"},
    {"id": "r2", "text": "The river burst its bank after the storm.", "genre": "news"},
    {"id": "m1", "text": "She paid the cheque into the bank on Monday.", "genre": "news"},
    {"id": "m2", "text": "The bank raised its interest rates again.", "genre": "news"},
]

# Values a caller may pass by mistake, and a few that mean something here.
MEANINGFUL = st.sampled_from(
    ["bank", "river", "96", "-5", "genre=news", "genre=g1", "the [[bank]] of the river",
     "[[bank]]", "", " ", "csv", "prodigy", "xlsx", "sense", "doc", "lemma", "left1",
     '[word="bank"]', '[foo="bank"]', "(a|a)*b", "genre", "a\x00b", "\ud800", "fake:16"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=40),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**30, 99999999999999999999999]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    MEANINGFUL,
    st.binary(max_size=3),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.tuples(SCALARS, SCALARS),
    st.dictionaries(st.text(max_size=5) | MEANINGFUL, SCALARS, max_size=2),
    st.sets(st.integers(min_value=0, max_value=60), max_size=3),
)

# What the methods that write would cost too much with any argument: the encoder named
# by a text (a model download) is kept to the index's own.
SKIPPED = {"close", "embedder", "storage", "searcher"}
METHODS = sorted(
    name
    for name, member in inspect.getmembers(SenseIndex)
    if not name.startswith("_") and callable(member) and name not in SKIPPED
)
# Per method: about 35 methods, the whole file ~15 s on 2 cores in `make test`;
# SENSEGREP_FUZZ_EXAMPLES=200 for a deeper run.
EXAMPLES = int(os.environ.get("SENSEGREP_FUZZ_EXAMPLES", 25))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    corpus = write_jsonl(folder / "c.jsonl", DOCS)
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


@pytest.fixture
def index(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SenseIndex]:
    """A copy to write to, with the working folder a temporary one: a path the test
    makes up (".", "0") names nothing outside it."""
    monkeypatch.chdir(tmp_path)
    with sensegrep.open(shutil.copytree(built, tmp_path / "idx")) as opened:
        yield opened


def call_arguments(function: Any, draw: Any) -> tuple[list[Any], dict[str, Any]]:
    """Arbitrary arguments for ``function``'s parameters: each required one given
    (positionally or by name), each optional one given or not."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    positional = True
    for param in list(inspect.signature(function).parameters.values()):
        if param.name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        required = param.default is param.empty
        if not required and not draw(st.booleans()):
            positional = False
            continue
        value = draw(VALUES)
        if param.kind == param.POSITIONAL_OR_KEYWORD and positional and draw(st.booleans()):
            args.append(value)
        else:
            positional = False
            kwargs[param.name] = value
    return args, kwargs


def answers_or_refuses(call: Any, *args: Any, **kwargs: Any) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a result's notes (SensegrepNote)
            result = call(*args, **kwargs)
            if inspect.isgenerator(result):
                list(result)
    except SensegrepError as error:
        message = str(error)
        assert message.strip(), f"an empty message from {call.__name__}"
        assert "Traceback" not in message


@pytest.mark.parametrize("name", METHODS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_method_answers_or_refuses_any_argument(index: SenseIndex, name: str, data):
    method = getattr(index, name)
    args, kwargs = call_arguments(method, data.draw)
    if name in ("add", "add_vectors"):
        # An encoder named by an arbitrary text would be looked for on disk and online.
        kwargs = {k: v for k, v in kwargs.items() if k not in ("model",)}
    answers_or_refuses(method, *args, **kwargs)


@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_open_add_and_compare_answer_or_refuse_any_argument(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data
):
    monkeypatch.chdir(tmp_path)
    answers_or_refuses(sensegrep.open, data.draw(VALUES), lang=data.draw(VALUES))
    with sensegrep.open(built) as index:
        # The module's compare loads the named encoder: the fake one, any usages.
        answers_or_refuses(sensegrep.compare, data.draw(VALUES), data.draw(VALUES), model="fake:16")
        answers_or_refuses(index.compare, data.draw(VALUES), data.draw(VALUES))
    new = tmp_path / "new"
    answers_or_refuses(
        sensegrep.add, new, data.draw(VALUES), model="fake:16", lang=data.draw(VALUES)
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda i: i.label("96", "x"), "ids must be an occurrence id or a list of ids"),
        (lambda i: i.search("bank", like="abc"), "like must be an occurrence id"),
        (lambda i: i.label([], "a\x00b"), "control characters"),
        (lambda i: i.export("bank", "xlsx"), "to='xlsx': expected one of prodigy"),
        (lambda i: i.senses(None), "word must be text, got NoneType"),
        (lambda i: i.senses("bank", n="3"), "n must be a whole number >= 1, got '3'"),
        (lambda i: i.paragraph(10**30), "occurrence must be a whole number >= 0 and <="),
        (lambda i: i.paragraph("abc"), "occurrence must be a whole number"),
        (lambda i: i.use_senses("bank", 10**30), "run must be a whole number >= 1 and <="),
        (lambda i: i.count("bank", None), "by must be text"),
        (lambda i: i.remove(docs=5), "docs must be a text or a list of texts"),
        (lambda i: i.search("bank", where="genre=g1"), "0 documents have genre 'g1'"),
        (lambda i: i.search(cql='[foo="bank"]'), "its fields: genre; token attributes"),
        (lambda i: sensegrep.open(None), "path must be text, got NoneType"),
        (lambda i: i.run("bank"), "a prepared SearchRequest"),
        (lambda i: i.state_key(labels_of="a\ud800"), "a lone surrogate"),
        (lambda i: i.of_one_state(None), "read must be a function of no arguments"),
    ],
)
def test_the_listed_mistakes_are_one_line_errors(index: SenseIndex, call: Any, message: str):
    """The calls the audit listed: each a SensegrepError saying what is wrong."""
    with pytest.raises(SensegrepError) as raised:
        call(index)
    assert message in str(raised.value) and "\n" not in str(raised.value)
