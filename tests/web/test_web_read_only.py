"""Issue 26, item 5: a GET has no side effect (a page on another site can send one), and a
server started with ``--read-only`` writes nothing at all: after a session of every
read route — each GET of the JSON API and the pages, and the POSTs that only read
(``/api/cli``'s searches, ``/api/compare``) — the index's files, its database and its
WAL included, are byte for byte what they were."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.api.remote import contract
from sensegrep.web import create_app, endpoints, pages

DOCS = [
    {"id": "r1", "text": "We sat on the grassy bank of the river.", "year": 1990},
    {"id": "r2", "text": "The river burst its bank after the storm.", "year": 2001},
    {"id": "m1", "text": "She paid the cheque into the bank on Monday.", "year": 2001},
    {"id": "m2", "text": "The bank raised its interest rates again.", "year": 2010},
]

# A request for every read route (the route's path as declared → addresses); the POSTs
# here only read. A route added without a line here fails the test.
READS: dict[tuple[str, str], list[str]] = {
    ("GET", "/api/search"): [
        "/api/search?word=bank",
        "/api/search?word=bank&sense=1",
        "/api/search?word=bank&count=sense",
        "/api/search?word=bank&example=the+[[bank]]+of+the+river&format=csv",
    ],
    ("GET", "/api/stats"): ["/api/stats"],
    ("GET", "/api/stats/freq"): ["/api/stats/freq"],
    ("GET", "/api/stats/collocates"): ["/api/stats/collocates?word=bank&min_freq=1"],
    ("GET", "/api/stats/keywords"): ["/api/stats/keywords?where=year=2001"],
    ("GET", "/api/stats/sketch"): ["/api/stats/sketch?word=bank"],
    ("GET", "/api/stats/change"): ["/api/stats/change?by=year&between=..2000&between=2001.."],
    ("GET", "/api/context/{occurrence}"): ["/api/context/{id}"],
    ("GET", "/api/senses/{word}"): [f"/api/senses/bank?n={n}" for n in (1, 2, 3)]
    + ["/api/senses/bank?by=year", "/api/senses/bank?good_examples=1"],
    ("GET", "/api/senses/{word}/runs"): ["/api/senses/bank/runs"],
    ("GET", "/api/senses/{word}/map"): ["/api/senses/bank/map?n=2"],
    ("GET", "/api/labels"): ["/api/labels"],
    ("GET", "/api/labels/{word}"): ["/api/labels/bank"],
    ("GET", "/api/annotate/{word}"): ["/api/annotate/bank"],
    ("GET", "/api/classify/{word}"): ["/api/classify/bank"],
    ("GET", "/api/vectors"): ["/api/vectors"],
    ("GET", "/api/info"): ["/api/info"],
    ("POST", "/api/compare"): ["/api/compare"],
    ("POST", "/api/cli"): ["/api/cli"],
    ("GET", "/"): ["/", "/?word=bank&sense=2"],
    ("GET", "/compare"): ["/compare"],
    ("GET", "/annotate"): ["/annotate", "/annotate?word=bank"],
    ("GET", "/annotate/{word}"): ["/annotate/bank"],
    ("GET", "/senses"): ["/senses", "/senses?word=bank&n=2"],
    ("GET", "/senses/{word}"): ["/senses/bank?n=3"],
    ("GET", "/senses/{word}/timeline"): ["/senses/bank/timeline?by=year"],
    ("GET", "/stats"): ["/stats"],
    ("GET", "/stats/{name}"): ["/stats/freq"],
    ("GET", "/docs"): ["/docs", "/openapi.json"],
}
WRITES = {
    ("POST", "/api/senses/{word}"),
    ("POST", "/api/senses/{word}/use"),
    ("POST", "/api/label"),
    ("POST", "/api/classify/{word}"),
    ("POST", "/api/vectors"),
}
# What /api/cli is sent: the command line's searches (api/remote.py's METHODS), those
# that would make a sense run included (--sense, --count sense on a word without one).
CLI_CALLS = [
    {"method": "search", "args": ["bank"], "kwargs": {"sense": 1}},
    {"method": "count", "args": ["bank", "sense"], "kwargs": {}},
    {"method": "search_any", "args": [], "kwargs": {"example": "the [[bank]] of the river"}},
    {"method": "total", "args": ["bank"], "kwargs": {"sense": 1}},
    {"method": "vector_coverage", "args": [], "kwargs": {}},
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("read-only")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


def files_of(folder: Path) -> dict[str, str]:
    """Each file's digest, SQLite's shared-memory file left out (a map of the WAL that
    readers make and the last one removes; it holds none of the index)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith("-shm")
    }


def own_lease(client: TestClient, folder: Path) -> dict[str, str]:
    """The lease a writable server's reader holds while it runs (storage/leases.py: the
    shards a compaction merges away are kept for it); a --read-only server holds none."""
    held = client.app.state.web.index.storage._lease
    if held is None:
        return {}
    return {str(held.relative_to(folder)): hashlib.sha256(held.read_bytes()).hexdigest()}


def without_empty_wal(files: dict[str, str], folder: Path) -> dict[str, str]:
    """An empty WAL (made by a reader's first open) is no WAL: it holds no page."""
    wal = folder / "index.sqlite-wal"
    if wal.exists() and wal.stat().st_size == 0:
        return {k: v for k, v in files.items() if k != "index.sqlite-wal"}
    return files


def test_every_route_is_a_read_or_a_write_listed_here():
    declared = {
        (method, route.path)
        for route in [*endpoints.router.routes, *pages.router.routes]
        for method in route.methods
    }
    assert declared == set(READS) | WRITES


@pytest.mark.parametrize("read_only", [True, False])
def test_a_session_of_every_read_route_writes_nothing(built: Path, tmp_path: Path, read_only):
    """Every GET, and on a --read-only server every request. On main, POST /api/cli's
    search --sense 1 stored a sense run on a --read-only server (only GETs were kept from
    storing one); on a writable one it may, as the same search on the command line does."""
    index_dir = Path(shutil.copytree(built, tmp_path / "idx"))
    before = files_of(index_dir)
    with sensegrep.open(index_dir) as index:
        occurrence = index.search("bank")[0].id
    assert files_of(index_dir) == before  # opening and closing to read leaves nothing
    statuses = {}
    with TestClient(create_app(index_dir, read_only=read_only)) as client:
        lease = own_lease(client, index_dir)
        assert bool(lease) != read_only  # a --read-only server writes nothing at all
        for (method, route), addresses in READS.items():
            for address in addresses:
                address = address.format(id=occurrence)
                if route == "/api/cli" and not read_only:
                    continue  # the command line's search: as it does here, it may store
                if route == "/api/cli":
                    for call in CLI_CALLS:
                        response = client.post(address, json={**call, "contract": contract()})
                        statuses[f"{address} {call['method']}"] = response.status_code
                    continue
                if route == "/api/compare":
                    usages = {"a": "the [[bank]] of the river", "b": "the [[bank]] raised rates"}
                    response = client.post(address, json=usages)
                else:
                    response = client.request(method, address)
                statuses[address] = response.status_code
            # Meanwhile, the database and its WAL are as they were, and no file is new.
            assert without_empty_wal(files_of(index_dir), index_dir) == before | lease, route
        runs = client.get("/api/senses/bank/runs").json()["runs"]
    assert runs == []  # no sense run was stored by any of them
    assert files_of(index_dir) == before  # the writable server's lease went with it
    # Every read answered; these two say why they cannot (no labels yet to classify
    # from, no dependency relations to sketch), and nothing is a 500.
    refused = {"/api/classify/bank", "/api/stats/sketch?word=bank"}
    assert {a: s for a, s in statuses.items() if s != 200} == dict.fromkeys(refused, 400)
