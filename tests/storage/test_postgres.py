"""An index whose metadata is on a real PostgreSQL server (started by the tests, see
conftest.py ``postgres_url``): the same answers as index.sqlite, the URL handling, and
several people working on one index at once."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import signal
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep.storage import Index
from sensegrep.storage.database import ServerWriteLock, postgres_engine, public_url

from ..helpers import DOCS, hits, run, write_jsonl
from ..helpers import sensegrep as in_a_process

QUERIES = [
    ("search", "bank", "--format", "jsonl", "--example", "the grassy [[bank]] of the river"),
    ("search", "bank", "--format", "jsonl", "--where", "genre=news"),
    ("search", "bank", "--format", "jsonl", "--like", "2"),
    ("senses", "bank", "--format", "jsonl", "--n", "2"),
]


@pytest.fixture(autouse=True)
def _no_default_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENSEGREP_DB", raising=False)


def _index(runner: CliRunner, folder: Path, corpus: Path, *db: str) -> None:
    code, _, err = run(runner, folder, *db, "index", str(corpus), "--model", "fake:16")
    assert code == 0, err


def test_postgres_answers_exactly_as_sqlite(runner, tmp_path, postgres_url):
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS * 1)
    local, server = tmp_path / "local", tmp_path / "server"
    _index(runner, local, corpus)
    code, _, err = run(
        runner, server, "--db", postgres_url, "index", str(corpus), "--model", "fake:16"
    )
    assert code == 0, err
    assert not (server / "index.sqlite").exists()
    for query in QUERIES:
        expected = run(runner, local, *query)
        assert expected[0] == 0 and expected[1].strip(), expected
        assert run(runner, server, *query) == expected  # the manifest's URL: no --db needed
    info, local_info = (json.loads(run(runner, f, "info", "--json")[1]) for f in (server, local))
    assert info["database"]["url"] == public_url(postgres_url)
    counts = ("documents", "sentences", "tokens", "occurrences", "lemmas")
    assert [info[c] for c in counts] == [local_info[c] for c in counts]
    assert run(runner, server, "check")[0] == 0


def test_the_manifest_keeps_the_url_without_its_password(tmp_path, postgres_url):
    secret = postgres_url.replace("postgres@", "postgres:s3cret@")
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", db=secret).close()
    manifest = (tmp_path / "idx" / "manifest.json").read_text()
    assert "s3cret" not in manifest
    assert json.loads(manifest)["database"]["url"] == public_url(postgres_url)


def test_a_password_given_in_the_urls_query_is_kept_out_of_the_manifest(
    runner, tmp_path, postgres_url
):
    """libpq reads ?password=… as a password too: the manifest recorded it, and `info`
    and messages showed it, while the README says the manifest keeps the URL without
    its password."""
    secret = f"{postgres_url}&password=s3cret&sslpassword=k3y"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    folder = tmp_path / "idx"
    _index(runner, folder, corpus, "--db", secret)
    manifest = (folder / "manifest.json").read_text()
    assert "s3cret" not in manifest and "k3y" not in manifest
    assert json.loads(manifest)["database"]["url"] == public_url(postgres_url)
    code, out, err = run(runner, folder, "info")
    assert code == 0 and "s3cret" not in out + err, err
    other = tmp_path / "other"
    _index(runner, other, corpus, "--db", postgres_url)
    wrong = secret.replace("/postgres?", "/template1?")
    code, out, err = run(runner, other, "--db", wrong, "search", "bank")
    assert code == 1 and "is not in" in err and "s3cret" not in err, err


def test_url_mistakes_are_one_line(runner, tmp_path, postgres_url):
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    local = tmp_path / "local"
    _index(runner, local, corpus)
    code, _, err = run(runner, local, "--db", postgres_url, "search", "bank")
    assert code == 1 and "keeps its metadata in" in err and "leave out --db" in err
    code, _, err = run(runner, tmp_path / "x", "--db", "mysql://u@h/db", "index", str(corpus))
    assert code == 1 and "is not a PostgreSQL URL" in err
    unreachable = "postgresql+psycopg://u:pw@127.0.0.1:9/db"
    code, _, err = run(
        runner, tmp_path / "y", "--db", unreachable, "index", str(corpus), "--model", "fake:16"
    )
    assert code == 1 and "the index database server" in err and "pw" not in err
    for message in (err,):
        assert "Traceback" not in message and len(message.strip().splitlines()) == 1


def test_indexes_share_a_database_in_schemas_of_their_own(runner, tmp_path, postgres_url):
    a = write_jsonl(tmp_path / "a.jsonl", DOCS[:2])
    b = write_jsonl(tmp_path / "b.jsonl", DOCS[2:])
    _index(runner, tmp_path / "ia", a, "--db", postgres_url)
    _index(runner, tmp_path / "ib", b, "--db", postgres_url)
    docs = {
        name: sorted(
            {
                h["doc"]
                for h in hits(
                    run(runner, tmp_path / name, "search", "bank", "--format", "jsonl")[1]
                )
            }
        )
        for name in ("ia", "ib")
    }
    assert docs == {"ia": ["m1", "r1"], "ib": ["m2", "r2"]}


def test_one_writer_per_index_across_machines(tmp_path, postgres_url):
    """The advisory lock that stands in for the folder's lock file where a network file
    system does not share it."""
    engine = postgres_engine(postgres_url, "public")
    first = ServerWriteLock(engine, "sensegrep_x", "the index")
    try:
        with pytest.raises(sensegrep.SensegrepError, match="another sensegrep process"):
            ServerWriteLock(engine, "sensegrep_x", "the index")
    finally:
        first.release()
    ServerWriteLock(engine, "sensegrep_x", "the index").release()  # free again
    engine.dispose()


# -- a creation killed half-way (issue 26, item 9) -------------------------------------


def _schemas(url: str) -> set[str]:
    from sqlalchemy import text

    engine = postgres_engine(url, "public")
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT schema_name FROM information_schema.schemata "
                     "WHERE schema_name LIKE 'sensegrep%'")
            )  # fmt: skip
            return {row[0] for row in rows}
    finally:
        engine.dispose()


@pytest.mark.parametrize("kill_at", ["create:locked:1", "create:schema:1"])
def test_a_creation_killed_half_way_leaves_no_orphan_schema(tmp_path, postgres_url, kill_at):
    """SIGKILL after the schema is made (its 14 tables too) but before the manifest
    names it: running the same command again takes that schema over, emptied, instead
    of leaving it behind and making another; the index is then whole."""
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    folder = tmp_path / "idx"
    args = ("--db", postgres_url, "index", "--tagger", "none", str(corpus), "--model", "fake:16")
    before = _schemas(postgres_url)
    killed = in_a_process(folder, *args, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (folder / "manifest.json").exists()
    done = in_a_process(folder, *args)
    assert done.returncode == 0, done.stderr
    schema = json.loads((folder / "manifest.json").read_text())["database"]["schema"]
    assert _schemas(postgres_url) - before == {schema}
    with sensegrep.open(folder) as index:
        assert index.info()["documents"] == len(DOCS) and index.check() == []
        assert len(index.search("bank")) == 4


# -- many users at once -------------------------------------------------------------

LABELS_PER_WRITER = 120
SHARED = 20  # occurrences both annotators label (the later write wins)


def _annotator(folder: str, name: str, ids: list[int], results: multiprocessing.Queue) -> None:
    errors = []
    with sensegrep.open(folder) as index:
        for occurrence in ids:
            try:
                index.label(occurrence, name)  # one transaction per label, as in the web app
            except Exception:
                errors.append(traceback.format_exc(limit=3))
    results.put((name, errors))


def _searcher(folder: str, stop: multiprocessing.Event, results: multiprocessing.Queue) -> None:
    errors, reads = [], 0
    with sensegrep.open(folder) as index:
        while not stop.is_set() or reads < 20:
            try:
                found = index.search("bank", example="the [[bank]] of the river", k=50)
                assert len(found) == 50
                index.labels("bank")
            except Exception:
                errors.append(traceback.format_exc(limit=3))
            reads += 1
    results.put(("searcher", errors, reads))


def test_two_annotators_and_a_searcher_at_once_lose_nothing(tmp_path, postgres_url):
    records = [{"id": f"d{n}", "text": f"The bank of river {n} was muddy."} for n in range(300)]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    folder = tmp_path / "idx"
    with sensegrep.build(folder, corpus, model="fake:16", db=postgres_url) as index:
        ids = [hit.id for hit in index.search("bank", k=300)]
    shared = ids[:SHARED]
    own = {
        "river": ids[SHARED::2][:LABELS_PER_WRITER],
        "money": ids[SHARED + 1 :: 2][:LABELS_PER_WRITER],
    }
    ctx = multiprocessing.get_context("spawn")
    results, stop = ctx.Queue(), ctx.Event()
    searcher = ctx.Process(target=_searcher, args=(str(folder), stop, results))
    annotators = [
        ctx.Process(target=_annotator, args=(str(folder), name, shared + mine, results))
        for name, mine in own.items()
    ]
    searcher.start()
    for process in annotators:
        process.start()
    outcomes = [results.get(timeout=300) for _ in annotators]
    stop.set()
    outcomes.append(results.get(timeout=300))
    for process in [*annotators, searcher]:
        process.join(timeout=60)
    assert all(not outcome[1] for outcome in outcomes), outcomes
    with Index.open(folder) as index:
        labels = index.token_labels(ids)
        sources = index.occurrence_labels(ids)
    for name, mine in own.items():
        assert all(labels[i] == name for i in mine)  # no lost label
    assert all(labels[i] in own for i in shared)
    labelled = set(shared) | {i for mine in own.values() for i in mine}
    assert {i for i, row in sources.items() if row[2] == "manual"} == labelled


# -- a member's role, and a schema that lost its tables (pass 29b) ----------------------


def _as_admin(url: str, *statements: str) -> None:
    from sqlalchemy import text

    engine = postgres_engine(url, "public")
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _one_line(code: int, err: str) -> str:
    assert code == 1 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_a_role_without_privileges_is_told_so_not_sent_to_another_database(
    runner, tmp_path, postgres_url
):
    """A member whose role may not read the index's schema was told that the schema is
    not in the database (information_schema hides what a role may not use) and to give
    the URL it was built in, which is the one given; with USAGE but not SELECT, or
    SELECT but not UPDATE, a search or a label was a traceback."""
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    folder = tmp_path / "idx"
    _index(runner, folder, corpus, "--db", postgres_url)
    schema = json.loads((folder / "manifest.json").read_text())["database"]["schema"]
    _as_admin(postgres_url, "DROP ROLE IF EXISTS member29", "CREATE ROLE member29 LOGIN")
    member = postgres_url.replace("postgres@", "member29@")
    err = _one_line(*run(runner, folder, "--db", member, "search", "bank")[::2])
    assert "is not in" not in err and "member29" in err and f"GRANT USAGE ON SCHEMA {schema}" in err
    _as_admin(postgres_url, f"GRANT USAGE ON SCHEMA {schema} TO member29")
    err = _one_line(*run(runner, folder, "--db", member, "search", "bank")[::2])
    assert "may not read" in err and f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema}" in err
    _as_admin(postgres_url, f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO member29")
    code, out, _ = run(runner, folder, "--db", member, "search", "bank", "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 4
    first = str(hits(out)[0]["id"])
    err = _one_line(*run(runner, folder, "--db", member, "label", first, "--as", "x")[::2])
    assert "permission denied for table" in err


def test_a_schema_without_its_tables_is_one_line(runner, tmp_path, postgres_url):
    """The schema the manifest names, emptied (its tables dropped): a read was a
    traceback, and an ``index`` into it made new empty tables beside the folder's
    token store and vectors."""
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    folder = tmp_path / "idx"
    _index(runner, folder, corpus, "--db", postgres_url)
    schema = json.loads((folder / "manifest.json").read_text())["database"]["schema"]
    _as_admin(postgres_url, f'DROP SCHEMA "{schema}" CASCADE', f'CREATE SCHEMA "{schema}"')
    for args in (("search", "bank"), ("info",), ("index", str(corpus), "--model", "fake:16")):
        err = _one_line(*run(runner, folder, *args)[::2])
        assert "no sensegrep tables" in err, err


def test_a_postgres_scheme_url_is_taken_as_libpq_takes_it(runner, tmp_path, postgres_url):
    """``postgres://`` (libpq's other spelling, the one many hosts hand out) was refused
    as 'not a PostgreSQL URL'."""
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    folder = tmp_path / "idx"
    _index(runner, folder, corpus, "--db", postgres_url)
    short = postgres_url.replace("postgresql+psycopg://", "postgres://")
    code, out, err = run(runner, folder, "--db", short, "search", "bank", "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 4, err


def test_a_missing_or_wrong_password_says_where_to_give_it(
    runner, tmp_path, postgres_url, monkeypatch
):
    """The manifest keeps the URL without its password, so a member opening the index
    with it alone is asked for one: the message said to check the URL and that the
    server is running, not where a password is given."""
    from urllib.parse import parse_qs, urlsplit

    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    folder = tmp_path / "idx"
    _index(runner, folder, corpus, "--db", postgres_url)
    hba = Path(parse_qs(urlsplit(postgres_url).query)["host"][0]) / "pg_hba.conf"
    if "local all carol29 scram-sha-256" not in hba.read_text():
        hba.write_text("local all carol29 scram-sha-256\n" + hba.read_text())
    _as_admin(
        postgres_url,
        "DROP ROLE IF EXISTS carol29",
        "CREATE ROLE carol29 LOGIN SUPERUSER PASSWORD 'right'",
        "SELECT pg_reload_conf()",
    )
    monkeypatch.delenv("PGPASSWORD", raising=False)
    for given in ("carol29@", "carol29:wrong@"):
        url = postgres_url.replace("postgres@", given)
        err = _one_line(*run(runner, folder, "--db", url, "search", "bank")[::2])
        assert "PGPASSWORD" in err and ":wrong@" not in err, err
    url = postgres_url.replace("postgres@", "carol29:right@")
    assert run(runner, folder, "--db", url, "search", "bank")[0] == 0


def test_a_folder_whose_copy_wrote_to_their_schema_says_so_not_try_again(
    runner, tmp_path, postgres_url
):
    """A copy of an index folder shares its schema (README, Scaling out): once the
    copy indexed more, the original's reads failed with 'the token store kept changing
    while being read: try again', though nothing was changing and trying again never
    helps."""
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    more = write_jsonl(tmp_path / "more.jsonl", [{"id": "x1", "text": "The bank was shut."}])
    folder = tmp_path / "idx"
    _index(runner, folder, corpus, "--db", postgres_url)
    copy = Path(shutil.copytree(folder, tmp_path / "copy"))
    _index(runner, copy, more)
    assert run(runner, copy, "search", "bank")[0] == 0
    for args in (("search", "bank"), ("info",), ("check",)):
        err = _one_line(*run(runner, folder, *args)[::2])
        assert "kept changing" not in err and "is not in this folder" in err, err
        assert "another folder" in err, err


def test_labels_are_matched_as_written_on_postgres_too(tmp_path, postgres_url):
    """PostgreSQL's LIKE keeps case where SQLite's does not: --label is matched as
    written on both (money and Money apart), two labels in either order (pass 37l)."""
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", db=postgres_url) as index:
        ids = index.search("bank", k=5).ids
        index.label(ids[:2], "money", notes=False)
        index.label(ids[2:3], "Money", notes=False)
        index.label(ids[3:4], "side river", notes=False)
        assert index.collocates("bank", label="money", min_freq=1).node_freq == 2
        assert index.collocates("bank", label="Money", min_freq=1).node_freq == 1
        assert index.collocates("bank", label="river side", min_freq=1).node_freq == 1
        # r1, "We sat on the bank of the river. The water was cold.": 14 tokens
        (row,) = index.count("bank", "doc", docs=["r1"])
        assert (row["count"], row["value_tokens"], row["per_million_value"]) == (1, 14, 71_428.57)
