"""A disk that fills up while indexing: one line saying so, the batches committed before it
intact (`check` passes, search answers), and once there is space again the same command
finishes the index. Uses a small tmpfs, which needs root; skipped elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ..helpers import sensegrep

# On PostgreSQL the vector shards are what fills the folder's disk (faiss used to leave
# a truncated shard there, reported only as damage when read).
pytestmark = pytest.mark.usefixtures("backend")
# Batches of 2,000 occurrences: a few commit before the 1 MB disk fills (DRIVER's
# batches of 5 made ~10,000 transactions of this corpus). Without spaCy: it is not what
# this tests, and it loads torch into each process.
BATCH = 2000
INDEX = ("index", "--tagger", "none")


def _mount_tmpfs(folder: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    folder = tmp_path / "disk"
    if not _mount_tmpfs(folder, "1m"):
        pytest.skip("needs root and permission to mount a tmpfs (a 1 MB disk to fill)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_is_one_line_and_loses_nothing(small_disk: Path, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in range(4):
        lines = [
            json.dumps({"id": f"d{f}-{n}", "text": f"word{n} bank river money " * 10})
            for n in range(300)
        ]
        (corpus / f"part{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = small_disk / "idx"
    full = sensegrep(index, *INDEX, str(corpus), "--model", "fake:16", batch=BATCH)
    assert full.returncode == 1
    assert "the disk is full: free some space and run the same command again" in full.stderr
    assert "Traceback" not in full.stderr and len(full.stderr.strip().splitlines()) == 1
    kept = sensegrep(index, "check")
    assert kept.returncode == 0, kept.stderr
    before = json.loads(sensegrep(index, "info", "--json").stdout)
    assert 0 < before["documents"] < 1200  # the batches committed before the disk filled
    assert sensegrep(index, "search", "bank", "-k", "1").returncode == 0

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    again = sensegrep(index, *INDEX, str(corpus), "--model", "fake:16", batch=BATCH)
    assert again.returncode == 0, again.stderr
    info = json.loads(sensegrep(index, "info", "--json").stdout)
    assert info["documents"] == 1200
    assert sensegrep(index, "check").returncode == 0
