"""storage/token_store.py: the token folder's files as other processes change them."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sensegrep.storage import token_store


def test_disk_bytes_leaves_out_a_file_gone_while_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer's temporary renamed or removed between the folder's listing and its
    stat raised FileNotFoundError from `info` beside a running `index` (seen in
    tests/storage/test_concurrency.py): the files there are counted, the gone one not."""
    handles = SimpleNamespace(folder=tmp_path)
    folder = token_store.folder_of(handles)
    folder.mkdir()
    (folder / "a.tokens").write_bytes(b"x" * 10)
    (folder / "b.tokens").write_bytes(b"y" * 5)
    listed = list(folder.iterdir())
    gone = folder / "c.tokens.tmp"  # listed, then renamed by the writer
    monkeypatch.setattr(Path, "iterdir", lambda self: iter([*listed, gone]))
    assert token_store.disk_bytes(handles) == 15
