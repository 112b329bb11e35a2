"""`sensegrep index --ray`: the index Ray builds is the one a local run builds.

One real local Ray instance serves the whole module (the indexer uses an instance
already running in its process); each run takes a few seconds on 2 cores. The fake
embedder is deterministic, so vectors and rankings must match exactly.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from sensegrep.storage import Index, schema

from ..helpers import DOCS, EXAMPLES, RIVER, RIVER_DOCS, hits, run, write_jsonl

QUERIES = [
    ("bank", "--example", RIVER),
    ("bank", "--example", "she opened a savings account at the [[bank]]"),
    ("bass", "--example", "he caught a huge [[bass]] in the lake"),
]
NOTES = (
    "The boat drifted towards the muddy bank while the heron watched.\n\n"
    "Later the bank manager phoned about the loan. She said the plant would close.\n"
)


@pytest.fixture(scope="module", autouse=True)
def ray_instance() -> Any:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    started = not ray.is_initialized()
    if started:
        ray.init(
            num_cpus=3, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
        )
    yield ray
    if started:
        ray.shutdown()


@pytest.fixture(scope="module", autouse=True)
def small_batches() -> Any:
    """Several committed batches per run, so batch boundaries are compared too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sensegrep.indexer.pipeline.BATCH_OCCURRENCES", 1500)
        yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four files, jsonl and txt: the example corpus in two halves, DOCS and a note."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = (EXAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "part1.jsonl").write_text("".join(lines[:180]), encoding="utf-8")
    (folder / "part2.jsonl").write_text("".join(lines[180:]), encoding="utf-8")
    write_jsonl(folder / "docs.jsonl", DOCS)
    (folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    return [folder / n for n in ("part1.jsonl", "docs.jsonl", "notes.txt", "part2.jsonl")]


def index(folder: Path, files: list[Path], *options: str) -> tuple[int, str]:
    """Run `sensegrep index` with the fake embedder: (exit code, stderr)."""
    args = ["index", *options, *map(str, files), "--model", "fake:16", "--no-progress"]
    code, _, err = run(CliRunner(), folder, *args)
    return code, err


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus: list[Path]) -> dict[str, Any]:
    """The corpus indexed locally and with --ray (two workers)."""
    base = tmp_path_factory.mktemp("indexes")
    local, ray = base / "local", base / "ray"
    local_run = index(local, corpus)
    ray_run = index(ray, corpus, "--ray", "--workers", "2")  # --ray before a path
    return {"local": local, "ray": ray, "local_run": local_run, "ray_run": ray_run}


def summary(stderr: str) -> str:
    """The run's summary line without its timing."""
    line = next(x for x in stderr.splitlines() if x.startswith("indexed "))
    return re.sub(r" in [\d.]+ s \(.*\)$", "", line)


def snapshot(folder: Path) -> dict[str, Any]:
    """Every stored row that indexing writes (ids included), and every vector."""
    idx = Index.open(folder)
    try:
        with idx.engine.connect() as conn:
            tables = {
                table.name: [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]
                for table in (schema.documents, schema.sentences, schema.tokens, schema.vocab)
            }
            files = schema.files
            tables["files"] = conn.execute(
                select(files.c.name, files.c.sha256, files.c.size).order_by(files.c.id)
            ).all()
        occurrences = np.array([r[0] for r in tables["tokens"] if r[-2] is not None])
        vectors = idx.vectors_of(idx.existing(occurrences))
        return {"tables": tables, "occurrences": occurrences, "vectors": vectors}
    finally:
        idx.close()


def assert_same_index(a: Path, b: Path) -> None:
    one, other = snapshot(a), snapshot(b)
    assert one["tables"] == other["tables"]
    assert np.array_equal(one["occurrences"], other["occurrences"])
    assert np.array_equal(one["vectors"], other["vectors"])


def test_ray_builds_the_same_index_as_a_local_run(built):
    (code, local_err), (ray_code, ray_err) = built["local_run"], built["ray_run"]
    assert code == ray_code == 0, ray_err
    assert summary(ray_err) == summary(local_err)
    assert "indexed 4 file(s)" in summary(ray_err)
    info = [run(CliRunner(), built[k], "info", "--json")[1] for k in ("local", "ray")]
    counts = [{k: v for k, v in json.loads(i).items() if k != "index"} for i in info]
    assert counts[0] == counts[1] and counts[0]["documents"] == 354 + len(DOCS) + 1
    assert_same_index(built["local"], built["ray"])


def test_ray_index_answers_searches_like_the_local_one(built):
    runner = CliRunner()
    for word, option, value in QUERIES:
        found = [
            run(runner, built[k], "search", word, option, value, "-k", "20", "--format", "jsonl")
            for k in ("local", "ray")
        ]
        assert found[0] == found[1] and found[0][0] == 0 and hits(found[0][1])
    first = hits(found[0][1])[0]["id"]
    like = [
        run(runner, built[k], "search", "bass", "--like", str(first), "--format", "jsonl")
        for k in ("local", "ray")
    ]
    assert like[0] == like[1] and hits(like[0][1])


def test_ray_with_postgres_metadata_builds_the_same_index(built, corpus, tmp_path, postgres_url):
    """Issue 13's "done when": locally, on a local Ray cluster, and with the metadata on
    PostgreSQL, the same corpus gives the same index and the same answers."""
    folder = tmp_path / "ray-pg"
    args = ["--db", postgres_url, "index", "--ray", "--workers", "2", *map(str, corpus)]
    code, _, err = run(CliRunner(), folder, *args, "--model", "fake:16", "--no-progress")
    assert code == 0, err
    assert summary(err) == summary(built["local_run"][1])
    assert not (folder / "index.sqlite").exists()
    assert_same_index(built["local"], folder)
    for word, option, value in QUERIES:
        query = ("search", word, option, value, "-k", "20", "--format", "jsonl")
        assert run(CliRunner(), folder, *query) == run(CliRunner(), built["local"], *query)


def test_ray_rerun_skips_indexed_files_and_adds_only_a_new_one(built, corpus, tmp_path):
    folder = tmp_path / "ray"
    shutil.copytree(built["ray"], folder)
    code, err = index(folder, corpus, "--ray")
    assert code == 0, err
    assert summary(err).startswith("indexed 0 file(s) (4 unchanged, skipped): 0 documents")
    assert_same_index(built["ray"], folder)

    extra = write_jsonl(tmp_path / "extra.jsonl", [{"id": "n1", "text": "A new bank opened."}])
    code, err = index(folder, [*corpus, extra], "--ray")
    assert code == 0, err
    assert summary(err).startswith("indexed 1 file(s) (4 unchanged, skipped): 1 documents")
    info = json.loads(run(CliRunner(), folder, "info", "--json")[1])
    assert info["documents"] == 354 + len(DOCS) + 2 and info["files"] == 5


def test_a_bad_line_is_reported_as_a_local_run_reports_it(corpus, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "b1", "text": "The bank was steep."}\n{not json\n'
        '{"id": "b2", "text": "The bank closed early."}\n',
        encoding="utf-8",
    )
    files = [corpus[1], bad]
    local = index(tmp_path / "local", files)
    ray = index(tmp_path / "ray", files, "--ray")
    assert local[0] == ray[0] == 1
    assert messages(local[1]) == messages(ray[1])
    errors = [x for x in messages(ray[1]) if x.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad}:2: not valid JSON")
    assert_same_index(tmp_path / "local", tmp_path / "ray")


def messages(stderr: str) -> list[str]:
    """sensegrep's own lines on stderr (Ray's C++ core may log there too), untimed."""
    own = [x for x in stderr.splitlines() if x.startswith(("error: ", "Error: ", "indexed "))]
    return [summary(x) if x.startswith("indexed ") else x for x in own]


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    built, corpus, tmp_path, monkeypatch
):
    marker = tmp_path / "killed"
    monkeypatch.setenv("SENSEGREP_KILL_ONCE", f"ray:before-return={marker}")
    code, err = index(tmp_path / "ray", corpus, "--ray", "--workers", "2")
    assert code == 0, err
    assert marker.exists()  # a worker did die, after embedding a batch
    assert summary(err) == summary(built["local_run"][1])
    assert_same_index(built["local"], tmp_path / "ray")


# The CLI in a process of its own, with this module's batch size (so that its batches
# are those of the local run it is compared with).
DRIVER = (
    "import sys, sensegrep.indexer.pipeline as p; p.BATCH_OCCURRENCES = 1500;"
    "from sensegrep.cli import main; sys.argv[0] = 'sensegrep'; main()"
)


def test_a_run_whose_driver_and_a_worker_are_killed_is_finished_by_running_it_again(
    built, corpus, tmp_path, ray_instance
):
    """SIGKILL a worker after it embedded a batch, and the driver (the process that
    writes the index) inside its second commit, its shard written, on this module's Ray
    instance, as on a cluster that outlives its driver: the same command run again
    finishes the index, equal to an uninterrupted local run (as after a local kill:
    tests/storage/test_kill_harness.py), and `check` finds it sound."""
    address = ray_instance.get_runtime_context().gcs_address
    folder, marker = tmp_path / "ray", tmp_path / "worker-killed"
    args = ["--index", str(folder), "index", "--ray", address, "--workers", "2",
            *map(str, corpus), "--model", "fake:16", "--no-progress"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENSEGREP_KILL")}
    kills = {"SENSEGREP_KILL_AT": "batch:before-commit:2",
             "SENSEGREP_KILL_ONCE": f"ray:before-return={marker}"}  # fmt: skip
    command = [sys.executable, "-c", DRIVER, *args]
    killed = subprocess.run(command, capture_output=True, text=True, env=env | kills, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert marker.exists()  # a worker died too, after embedding a batch
    info = json.loads(run(CliRunner(), folder, "info", "--json")[1])
    assert 0 < info["documents"] < 354 + len(DOCS) + 1  # killed half-way
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert_same_index(built["local"], folder)
    assert run(CliRunner(), folder, "check")[0] == 0


def test_an_error_while_committing_ends_the_run_on_the_instance_it_started(corpus, tmp_path):
    """An error in the driver mid-stream (the database server stopped) printed its one
    line, then the process never exited: Ray Data's executor, still streaming, outlived
    the Ray instance the run had started and shut down."""
    driver = (
        "import sys; from sensegrep.errors import SensegrepError;"
        "import sensegrep.indexer.pipeline as p\n"
        "def fail(self, items, *args): next(iter(items)); raise SensegrepError('boom')\n"
        "p.Indexer._add_file = fail\n"
        "from sensegrep.cli import main; sys.argv[0] = 'sensegrep'; main()"
    )
    args = ["--index", str(tmp_path / "idx"), "index", *map(str, corpus), "--model", "fake:16",
            "--ray", "--no-progress"]  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", driver, *args], capture_output=True, text=True, timeout=150
    )
    assert out.returncode == 1, out.stderr
    assert "Error: boom" in out.stderr


def test_without_ray_installed_the_error_is_one_line(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails
    code, _, err = run(CliRunner(), tmp_path / "idx", "index", "--ray", str(corpus[1]))
    assert not (tmp_path / "idx").exists()  # said before loading a model or making an index
    assert code == 1
    assert err.strip() == "Error: --ray needs the cluster extra: pip install 'sensegrep[cluster]'"


def test_an_unreachable_cluster_is_one_line_and_quick(corpus, tmp_path):
    command = [sys.executable, "-c", "from sensegrep.cli import main; main()"]
    args = ["--index", str(tmp_path / "idx"), "index", "--ray", "127.0.0.1:9", str(corpus[1])]
    out = subprocess.run(
        [*command, *args, "--model", "fake:16"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 1
    assert out.stderr.strip() == "Error: cannot reach Ray at 127.0.0.1:9: Connection refused"


def test_a_cluster_the_workers_would_fill_is_one_line_not_a_hang(corpus, tmp_path, ray_instance):
    """The actors took every CPU of the cluster, so the tasks that read and batch the
    files were never scheduled: the run waited for ever, without a word."""
    address = ray_instance.get_runtime_context().gcs_address
    command = [sys.executable, "-c", "from sensegrep.cli import main; main()"]
    args = ["--index", str(tmp_path / "idx"), "index", str(corpus[1]), "--model", "fake:16",
            "--ray", address, "--workers", "3", "--no-progress"]  # fmt: skip
    out = subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    assert out.stderr.strip().splitlines()[-1] == (
        f"Error: the Ray cluster at {address} has 3 CPU(s): --workers 3 × --cpus-per-worker 1 "
        "take 3, and reading the files needs 1 more, else the run waits for ever: give fewer "
        "--workers or --cpus-per-worker, or the cluster more CPUs (ray start --num-cpus, more "
        "nodes)"
    )


@pytest.mark.parametrize("word", ["127.0.0.1", "headnode", "ray://headnode", "missing.jsonl"])
def test_a_ray_address_without_its_port_is_refused_not_run_locally(corpus, tmp_path, word):
    """`--ray 127.0.0.1` was read as `--ray` and a missing file: the run went on a new
    local Ray instance instead of the cluster, the address named only as a file skipped."""
    folder = tmp_path / "idx"
    code, _, err = run(CliRunner(), folder, "index", "--ray", word, str(corpus[1]))
    assert code == 2 and not folder.exists(), err
    assert f"Invalid value for '--ray': '{word}' is neither a Ray address" in err
    assert "HOST:PORT" in err


def test_workers_need_ray(corpus, tmp_path):
    code, _, err = run(CliRunner(), tmp_path / "idx", "index", str(corpus[1]), "--workers", "2")
    assert code == 2 and "--workers and --cpus-per-worker go with --ray" in err


@pytest.mark.model
def test_ray_with_the_real_encoder_puts_river_banks_first(tmp_path):
    folder = tmp_path / "idx"
    corpus = EXAMPLES / "corpus.jsonl"
    code, _, err = run(CliRunner(), folder, "index", str(corpus), "--model", "minilm", "--ray")
    assert code == 0, err
    code, out, _ = run(CliRunner(), folder, "search", "bank", "-e", RIVER, "-k", "3")
    assert code == 0
    top = hits(out)
    assert len(top) == 3 and {h["doc"] for h in top} <= RIVER_DOCS, [h["sentence"] for h in top]


def test_a_copy_of_a_file_that_gave_nothing_is_read_as_a_local_run_reads_it(corpus, tmp_path):
    """Pass 36a: a copy of a file that gave nothing (empty, not UTF-8) was skipped as
    'the same content as a file already in the index', that file in none, its own
    problem unsaid; a local run reads it and says its error, and so does a Ray run."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(b"")
    files = [corpus[1], tmp_path / "a.txt", tmp_path / "b.txt"]
    local = index(tmp_path / "local", files)
    ray = index(tmp_path / "ray", files, "--ray")
    assert local[0] == ray[0] == 1
    assert messages(local[1]) == messages(ray[1])
    errors = [x for x in messages(ray[1]) if x.startswith("error: ")]
    assert errors == [
        f"error: {tmp_path / n}: empty file (file skipped)" for n in ("a.txt", "b.txt")
    ]
    assert "same content" not in ray[1]
