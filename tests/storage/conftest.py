"""Fixtures of the storage tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sensegrep.storage import Index

from ..helpers import CONFIG


@pytest.fixture
def index(tmp_path: Path) -> Iterator[Index]:
    """A new index open for writing, for synthetic vectors of helpers.DIM dimensions."""
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as idx:
        yield idx
