"""Fixtures all tests share (plain helpers and constants are in helpers.py; a folder's own
fixtures in its conftest.py). Tests marked ``shared`` read ../shared/data and skip cleanly
without it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports huggingface_hub or transformers: they read these once.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import sensegrep

from .helpers import (
    AUXILIARIES,
    DOCS,
    EXAMPLES,
    MOLES,
    PUNCTUATED,
    SHARED_DATA,
    SUBCORPUS,
    conllu,
    write_jsonl,
)


@pytest.fixture
def runner():
    """A click CliRunner (stdout and stderr kept apart)."""
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The four-document "bank" corpus (helpers.DOCS) as a JSONL file."""
    return write_jsonl(tmp_path / "corpus.jsonl", DOCS)


@pytest.fixture
def built(tmp_path: Path, corpus: Path) -> Iterator[sensegrep.SenseIndex]:
    """That corpus indexed with the fake embedder, open through the library API."""
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as idx:
        yield idx


@pytest.fixture(scope="session")
def punctuated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """helpers.PUNCTUATED (32 tokens, "bank" 5 times) indexed once per session with the
    fake embedder, from CoNLL-U so that its tokens are exactly those written. Read only:
    never write to it."""
    folder = tmp_path_factory.mktemp("punctuated")
    corpus = folder / "corpus.conllu"
    corpus.write_text(conllu(*PUNCTUATED), encoding="utf-8")
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


@pytest.fixture
def fake_embedder():
    """The deterministic fake embedder the fake:16 indexes are built with."""
    from sensegrep.embedder.fake import FakeEmbedder

    return FakeEmbedder(16)


@pytest.fixture
def calibrated_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """compare's probabilities for fake:16 too: a Platt curve through 0.5 at cosine 0.85
    (the fake's cosines are high), as if fitted and shipped for it (search/calibration.py)."""
    from sensegrep.embedder.fake import FakeEmbedder
    from sensegrep.search import calibration

    entry = {
        "name": "fake:16, made up",
        "encoder": calibration.encoder_key(FakeEmbedder(16).config),
        "precisions": ["fp32"],
        "calibration": {"method": "platt", "slope": 20.0, "intercept": -17.0},
    }
    monkeypatch.setattr(calibration, "_shipped", lambda: (entry,))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def elmo_dir(shared_data: Path) -> Path:
    """The AllenNLP ELMo test fixture: a tiny real ELMo and the TensorFlow outputs."""
    folder = shared_data / "elmo_reference"
    if not folder.is_dir():
        pytest.skip(f"ELMo reference data not found at {folder}")
    return folder


@pytest.fixture(scope="session")
def minilm_embedder():
    """The default real encoder, loaded once per test session (tests marked ``model``)."""
    from sensegrep.embedder.transformer import TransformerEmbedder

    return TransformerEmbedder.load("minilm")


@pytest.fixture(scope="session")
def default_example_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus indexed once per session with the default encoder (the slowest
    set-up there is: tests marked ``model``). Never write to it: take ``example_index``."""
    folder = tmp_path_factory.mktemp("default-example") / "idx"
    sensegrep.build(folder, EXAMPLES / "corpus.jsonl").close()
    return folder


@pytest.fixture
def example_index(default_example_index: Path, tmp_path: Path) -> Path:
    """A copy of ``default_example_index`` of the test's own."""
    return Path(shutil.copytree(default_example_index, tmp_path / "example-idx"))


@pytest.fixture(scope="session")
def minilm_onnx_embedder():
    """minilm run by ONNX Runtime (exported once into sensegrep's cache; tests ``model``)."""
    from sensegrep.embedder.onnx_encoder import OnnxEmbedder

    return OnnxEmbedder.load("minilm")


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private PostgreSQL server for the session (the pgserver wheel's binaries, on a
    Unix socket in a temp folder): every index made on it gets its own schema."""
    pgserver = pytest.importorskip("pgserver")
    pytest.importorskip("psycopg")
    folder = tmp_path_factory.mktemp("postgres")
    server = pgserver.get_server(folder, cleanup_mode="stop")
    yield f"postgresql+psycopg://postgres@/postgres?host={folder}"
    server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on both metadata backends: SENSEGREP_DB names the PostgreSQL server
    (for the library, the CLI and the processes a test starts), or is unset."""
    monkeypatch.delenv("SENSEGREP_DB", raising=False)
    if request.param == "postgresql":
        monkeypatch.setenv("SENSEGREP_DB", request.getfixturevalue("postgres_url"))
    return request.param


@pytest.fixture(scope="session")
def subcorpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """helpers.SUBCORPUS indexed once per session with the fake embedder (spaCy's tags,
    no parse): for filters. Read it only (copy it to write)."""
    folder = tmp_path_factory.mktemp("subcorpus")
    corpus = write_jsonl(folder / "subcorpus.jsonl", SUBCORPUS)
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


@pytest.fixture(scope="session")
def untagged_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four-document corpus (helpers.DOCS) indexed with --tagger none: no POS, tags
    or relations. Read it only."""
    folder = tmp_path_factory.mktemp("untagged")
    corpus = write_jsonl(folder / "corpus.jsonl", DOCS)
    sensegrep.build(folder / "idx", corpus, model="fake:16", tagger="none").close()
    return folder / "idx"


@pytest.fixture(scope="session")
def moles_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """helpers.MOLES indexed once per session with the fake embedder and --tagger none
    (simplemma's lemmas, clitics split): query words the analyser cuts. Read it only."""
    folder = tmp_path_factory.mktemp("moles")
    corpus = write_jsonl(folder / "moles.jsonl", MOLES)
    sensegrep.build(folder / "idx", corpus, model="fake:16", tagger="none").close()
    return folder / "idx"


@pytest.fixture(scope="session")
def auxiliaries_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """helpers.AUXILIARIES indexed once per session with the fake embedder, from CoNLL-U:
    "have" as a verb (with a sense vector) and as an auxiliary (without). Read it only
    (copy it to write)."""
    folder = tmp_path_factory.mktemp("auxiliaries")
    corpus = folder / "corpus.conllu"
    corpus.write_text(conllu(*AUXILIARIES), encoding="utf-8")
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"
