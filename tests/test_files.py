"""files.write_whole: a file is replaced whole or left as it was."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sensegrep.files import shared_mode, unique_temporary, write_whole


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old")

    def half(temporary: Path) -> None:
        temporary.write_text("half of the new")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_whole(target, half)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_whole_write_replaces_the_file_under_the_temporary_named(tmp_path: Path) -> None:
    target = tmp_path / "shard.faiss"
    seen: list[Path] = []

    def write(temporary: Path) -> None:
        seen.append(temporary)
        temporary.write_bytes(b"new")

    write_whole(target, write, temporary=tmp_path / "shard.tmp", durable=True)
    assert seen == [tmp_path / "shard.tmp"]
    assert target.read_bytes() == b"new" and sorted(tmp_path.iterdir()) == [target]


def test_a_unique_temporary_is_owner_only_until_given_the_shared_mode(tmp_path: Path) -> None:
    target = tmp_path / "model-fp32.onnx"
    temporary = unique_temporary(target)
    assert temporary.parent == tmp_path and temporary.name.startswith(".model-fp32-")
    assert stat.S_IMODE(temporary.stat().st_mode) == 0o600
    write_whole(target, lambda t: t.write_bytes(b"m"), temporary=temporary, mode=shared_mode())
    assert stat.S_IMODE(target.stat().st_mode) == shared_mode()
    assert not temporary.exists()
