"""Shared fixtures. Tests marked ``shared`` read ../shared/data and skip cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
EXAMPLES = REPO / "examples"


@pytest.fixture
def runner():
    """A click CliRunner (stdout and stderr kept apart)."""
    from click.testing import CliRunner

    return CliRunner()


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
