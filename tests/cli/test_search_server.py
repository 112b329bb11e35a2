"""`sensegrep search` answered by a running `sensegrep serve` (--server URL, or on its own
while the index folder announces a live server): exactly the output of a local search,
and a stale or foreign announcement never used."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sensegrep
from sensegrep.api import remote
from sensegrep.session import Session

from ..helpers import RIVER, run

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

REQUESTS = [
    ["search", "bank", "--format", "jsonl"],
    ["search", "bank", "-e", RIVER, "--format", "kwic", "--width", "100"],
    ["search", "bank", "--like", "LIKE", "--unlike-example", "the [[bank]] raised rates"],
    ["search", "bank", "--count", "doc", "--format", "tsv"],
    ["search", "bank", "--sort", "left1", "-k", "2", "--format", "csv"],
    ["search", "bank", "--count", "left1", "--ignore-punct", "--format", "kwic"],
    ["search", "bank", "--sort", "right1,left1", "-k", "1", "--offset", "1", "--format", "kwic"],
    ["search", "--cql", '[lemma="the"] [lemma="bank"]', "--format", "jsonl"],
    ["search", "--any-word", "-e", RIVER, "-k", "3", "--format", "jsonl"],
    ["search", "bank", "--where", "genre=news", "--doc", "r1", "--max-per-doc", "1"],
    ["search", "banks", "--format", "jsonl"],  # stderr: lemma "bank" (from "banks"): …
    ["search", "bank", "--where", "colour=red"],
    ["search", "nosuchword"],
    ["search", "--cql", '[lemma="bnak"]'],
    ["search", "bank", "--sense", "9"],
    ["search", "--queries", "QUERIES", "--format", "jsonl"],
]


@pytest.fixture
def served(built, tmp_path):
    """The built index (fake encoder) served in the background: (folder, URL)."""
    from sensegrep.web import create_app
    from sensegrep.web.server import background_server

    folder = built.path
    built.close()  # the app opens the folder itself
    with background_server(create_app(folder)) as url:
        yield folder, url


def _requests(folder: Path, tmp_path: Path) -> list[list[str]]:
    queries = tmp_path / "queries.jsonl"
    lines = [{"word": "bank", "example": RIVER, "k": 2}, {"word": "nosuchword"}, {"k": 0}]
    queries.write_text("".join(json.dumps(q) + "\n" for q in lines), encoding="utf-8")
    like = json.loads(run_local(folder, ["search", "bank", "--format", "jsonl"])[1].split("\n")[0])
    swap = {"QUERIES": str(queries), "LIKE": str(like["id"])}
    return [[swap.get(arg, arg) for arg in args] for args in REQUESTS]


def run_local(folder: Path, args: list[str]) -> tuple[int, str, str]:
    from click.testing import CliRunner

    return run(CliRunner(), folder, *args, "--no-server")


def test_the_server_prints_exactly_what_a_local_search_prints(served, runner, tmp_path):
    folder, url = served
    codes = []
    for args in _requests(folder, tmp_path):
        local = run_local(folder, args)
        assert run(runner, folder, *args, "--server", f"{url}/") == local, args
        codes.append(local[0])
    assert codes == [0] * 11 + [1] * 5  # errors too are printed alike


def test_a_search_uses_the_server_announced_in_the_index_folder(
    served, runner, tmp_path, monkeypatch
):
    folder, url = served
    args = ["search", "bank", "-e", RIVER, "--format", "jsonl"]
    local = run_local(folder, args)
    announced = remote.announce(folder, url, None, None)
    assert announced == folder / remote.SERVE_FILE
    assert announced.stat().st_mode & 0o077 == 0  # the token is for its owner only

    def opened_here(session: Session) -> None:
        raise AssertionError("the index was opened in this process")

    monkeypatch.setattr(Session, "index", opened_here)
    assert run(runner, folder, *args) == local
    monkeypatch.undo()
    remote.withdraw(announced)
    assert not announced.exists()


def test_a_stale_or_foreign_announcement_is_ignored(served, runner, tmp_path):
    folder, url = served
    args = ["search", "bank", "-e", RIVER, "--format", "jsonl"]
    local = run_local(folder, args)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    record = {"pid": int(gone.stdout), "host": remote.socket.gethostname(), "url": url,
              "token": None, "db": None, "index": str(folder.resolve())}  # fmt: skip
    (folder / remote.SERVE_FILE).write_text(json.dumps(record), encoding="utf-8")
    assert remote.running_server(folder) is None  # its process is gone
    assert run(runner, folder, *args) == local
    # A live server over another folder refuses, and the search is answered here.
    other = tmp_path / "other"
    other.mkdir()
    foreign = remote.RemoteIndex(remote.Server(url), other, same_index=True)
    with pytest.raises(remote.ServerUnavailable, match="this server searches"):
        foreign.search("bank")
    with sensegrep.open(folder) as here:
        fallback = remote.FallbackIndex(foreign, lambda: here)
        assert fallback.search("bank").to_dicts() == here.search("bank").to_dicts()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")
def test_a_stopped_server_is_passed_over_not_waited_for(served, runner, tmp_path):
    # Ctrl-Z in serve's terminal: its port still accepts connections, but nothing
    # answers; a search sent there would wait without end instead of searching here.
    import signal
    import time

    folder, url = served
    args = ["search", "bank", "-e", RIVER, "--format", "jsonl"]
    local = run_local(folder, args)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        record = {"pid": sleeper.pid, "host": remote.socket.gethostname(), "url": url,
                  "token": None, "db": None, "index": str(folder.resolve())}  # fmt: skip
        (folder / remote.SERVE_FILE).write_text(json.dumps(record), encoding="utf-8")
        assert remote.running_server(folder) == remote.Server(url)
        sleeper.send_signal(signal.SIGSTOP)
        for _ in range(100):  # the stop is delivered asynchronously
            if remote.running_server(folder) is None:
                break
            time.sleep(0.05)
        assert remote.running_server(folder) is None
        assert run(runner, folder, *args) == local
        sleeper.send_signal(signal.SIGCONT)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_serve_announces_itself_while_it_runs(runner, built, monkeypatch):
    from sensegrep.cli import cli
    from sensegrep.commands import serve as command

    folder = built.path
    built.close()
    seen = {}

    def serving(app, sock):
        seen["record"] = json.loads((folder / remote.SERVE_FILE).read_text(encoding="utf-8"))
        seen["port"] = sock.getsockname()[1]

    monkeypatch.setattr(command, "_run", serving)
    result = runner.invoke(cli, ["--index", str(folder), "serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert seen["record"]["url"] == f"http://127.0.0.1:{seen['port']}"
    assert seen["record"]["index"] == str(folder.resolve()) and seen["record"]["token"] is None
    assert not (folder / remote.SERVE_FILE).exists()  # removed on exit


def test_a_search_through_a_server_loads_nothing_heavy(served):
    folder, url = served
    code = (
        "import sys; from click.testing import CliRunner; from sensegrep.cli import cli;"
        f"r = CliRunner().invoke(cli, ['--index', {str(folder)!r}, 'search', 'bank', '-e',"
        f" {RIVER!r}, '--server', {url!r}]);"
        "assert r.exit_code == 0 and r.output, r.output;"
        "heavy = ('numpy', 'sqlalchemy', 'sensegrep.storage', 'torch', 'onnxruntime');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_serve_withdraws_its_announcement_when_terminated(built):
    """kill (SIGTERM) ends `sensegrep serve` with its serve.json removed, not left to
    mislead the next search."""
    import time

    folder = built.path
    built.close()
    command = "import sys; from sensegrep.cli import main; sys.argv[0] = 'sensegrep'; main()"
    args = ["--index", str(folder), "serve", "--port", "0"]
    server = subprocess.Popen([sys.executable, "-c", command, *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (folder / remote.SERVE_FILE).exists():
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
            time.sleep(0.1)
        assert remote.running_server(folder) is not None
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 143 and not (folder / remote.SERVE_FILE).exists()


def test_a_bad_server_address_is_one_line(runner, built):
    code, _, err = run(runner, built.path, "search", "bank", "--server", "localhost:8321")
    assert code == 1 and "expected the address `sensegrep serve` printed" in err
    code, _, err = run(runner, built.path, "search", "bank", "--server", "http://127.0.0.1:9/")
    assert code == 1 and "cannot reach the server at http://127.0.0.1:9" in err


def test_a_named_server_of_another_index_is_refused_not_used(served, runner, tmp_path, monkeypatch):
    """--server URL with an --index folder here that the server does not search is an
    error (it answered from the server's index as if from this one), and so is an
    --index folder that does not exist; with no --index, the server's own index answers."""
    folder, url = served
    other = tmp_path / "other-index"
    other.mkdir()
    code, out, err = run(runner, other, "search", "bank", "--server", url)
    assert code == 1 and out == ""
    assert f"does not search --index {other}" in err and "--no-server" in err
    # A mistyped --index is an error, not an answer from the server's own index ...
    code, out, err = run(runner, tmp_path / "absent", "search", "bank", "--server", url)
    assert code == 1 and out == "" and "no such folder" in err
    # ... which answers when no --index is named.
    from sensegrep.cli import cli

    monkeypatch.chdir(tmp_path)  # no sensegrep-index folder here
    result = runner.invoke(cli, ["search", "bank", "--server", url], env={"SENSEGREP_INDEX": None})
    assert result.exit_code == 0 and result.stdout == run_local(folder, ["search", "bank"])[1]


def test_a_server_of_another_version_is_never_a_wrong_answer(served, runner, monkeypatch):
    """A server started before an upgrade (another request definition): it refuses the
    call (412); an announced one is then passed over for a search here, a named one is
    a one-line error. So is an older server's 'unknown parameter' for an option it
    does not know."""
    import urllib.request

    folder, url = served
    call = json.dumps({"contract": "another-version", "method": "total", "args": ["bank"]})
    refused = urllib.request.Request(f"{url}/api/cli", call.encode(), method="POST")
    refused.add_header("Content-Type", "application/json")
    with pytest.raises(urllib.error.HTTPError) as answered:
        urllib.request.urlopen(refused)
    assert answered.value.code == 412
    local = run_local(folder, ["search", "bank", "--format", "jsonl"])
    for status, error in ((412, "another version"), (400, "unknown parameter 'match_case'")):
        monkeypatch.setattr(
            remote.RemoteIndex, "_post", lambda *_a, s=status, e=error: (s, {"error": e})
        )
        announced = remote.announce(folder, url, None, None)
        try:
            assert run(runner, folder, "search", "bank", "--format", "jsonl") == local
        finally:
            remote.withdraw(announced)
        code, out, err = run(runner, folder, "search", "bank", "--server", url)
        assert code == 1 and out == "" and "runs another version of sensegrep" in err


def test_a_value_that_holds_the_index_path_is_printed_as_typed(served, monkeypatch):
    """The server names its index as the client did (`--index idx` here, its full path
    there), but only where the message names the index: a searched word or a --where
    value that holds the path's text is printed as the user typed it, as a local
    search prints it."""
    from click.testing import CliRunner

    folder, url = served
    monkeypatch.chdir(folder.parent)
    given = Path(folder.name)
    for args in (
        ["search", "bank", "--where", f"genre={folder}"],
        ["search", f"{folder}x"],
        ["search", "nosuchword"],  # names the index: as the user named it
    ):
        local = run(CliRunner(), given, *args, "--no-server")
        assert local[0] == 1
        assert run(CliRunner(), given, *args, "--server", f"{url}/") == local, args


def test_a_server_named_alone_names_its_index_by_its_folder_not_its_path(
    served, tmp_path, monkeypatch
):
    """`search nosuchword --server URL` with no --index named the server's index by its
    whole path (`in /srv/…/idx`): the path the web API's messages and /api/info keep
    from whoever the token lets in (they say its folder's name), and not what the user
    named, as they named nothing. It is now the folder's name, as there."""
    from click.testing import CliRunner

    from sensegrep.cli import cli

    folder, url = served
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for args in (["search", "nosuchword"], ["search", "bank", "--doc", "nosuchdoc"]):
        result = CliRunner().invoke(cli, [*args, "--server", f"{url}/"])
        assert result.exit_code == 1, result.output
        assert str(folder) not in result.stderr, result.stderr
        assert re.search(rf" (of|in) {folder.name}\b", result.stderr), result.stderr


def test_a_named_server_without_its_token_says_how_to_give_it_on_the_command_line(built, runner):
    """A server run with a token refuses a --server address without it, or with another:
    the error says to give the address `serve` printed, with its ?token=, to --server
    (an HTTP header is no option of the command line), and prints nothing else."""
    from sensegrep.web import create_app
    from sensegrep.web.server import background_server

    folder = built.path
    built.close()
    with background_server(create_app(folder, token="s3cret")) as url:
        for address in (f"{url}/", f"{url}/?token=wrong"):
            code, out, err = run(runner, folder, "search", "bank", "--server", address)
            assert code == 1 and out == ""
            assert "--server" in err and "?token=" in err and "X-Sensegrep-Token" not in err
        code, out, _ = run(runner, folder, "search", "bank", "--server", f"{url}/?token=s3cret")
        assert code == 0 and out == run_local(folder, ["search", "bank"])[1]


def test_a_named_server_announced_as_stopped_is_an_error_not_a_wait(served, runner):
    """--server URL naming the server the index folder announces while its process is
    stopped (Ctrl-Z in serve's terminal): it would answer nothing until resumed, so the
    search would wait without end and without a word; it is a one-line error instead."""
    import signal
    import time

    folder, url = served
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        record = {"pid": sleeper.pid, "host": remote.socket.gethostname(), "url": url,
                  "token": None, "db": None, "index": str(folder.resolve())}  # fmt: skip
        (folder / remote.SERVE_FILE).write_text(json.dumps(record), encoding="utf-8")
        sleeper.send_signal(signal.SIGSTOP)
        for _ in range(100):  # the stop is delivered asynchronously
            if remote.running_server(folder) is None:
                break
            time.sleep(0.05)
        code, out, err = run(runner, folder, "search", "bank", "--server", f"{url}/")
        assert code == 1 and out == ""
        assert "is stopped" in err and "--no-server" in err
        sleeper.send_signal(signal.SIGCONT)
        code, out, _ = run(runner, folder, "search", "bank", "--server", f"{url}/")
        assert code == 0 and out == run_local(folder, ["search", "bank"])[1]
    finally:
        sleeper.kill()
        sleeper.wait()
