"""A one-off search answered by a running ``sensegrep serve`` over the same index.

A new process pays for its imports and, for a ranked search, for loading the encoder
(seconds); a server has both loaded. ``sensegrep search --server URL``, or on its own
when the index folder names a live server (``serve`` writes ``serve.json`` there while
it runs), sends the search to the server and prints what comes back with the same code
as a local search: the same hits, the same records, the same messages.

- The client: :class:`RemoteIndex`, whose methods are those of :class:`SenseIndex`
  that a search calls (``METHODS``), each one POST to ``/api/cli``. It imports no
  numpy, storage or torch.
- The server: :func:`answer`, called by the web app's ``/api/cli`` endpoint, runs the
  method on its open index and encodes the result (hits as their JSONL records).
- The announcement: :func:`announce` writes the server's address (and token, the file
  readable by its owner only) into the index folder, :func:`withdraw` removes it on
  exit, :func:`running_server` reads it, ignoring a file whose process is gone, made
  on another machine or for another database.
"""

from __future__ import annotations

import inspect
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from sensegrep import errors
from sensegrep.api.spelling import spoken_by
from sensegrep.errors import SensegrepError
from sensegrep.files import unique_temporary, write_whole

if TYPE_CHECKING:
    from sensegrep.api.index import SenseIndex

SERVE_FILE = "serve.json"
CALL_PATH = "/api/cli"
TOKEN_HEADER = "X-Sensegrep-Token"
# What a search command asks of its index: the only methods a client may call.
METHODS = ("search", "search_any", "count", "total", "vector_coverage", "info")
# How long the client waits to connect to an announced server before searching here.
CONNECT_SECONDS = 2.0


class ServerUnavailable(SensegrepError):
    """The server could not be reached, or answered for another index."""


@dataclass(frozen=True)
class Server:
    """A running server: its base URL (no trailing slash) and access token, if any."""

    url: str
    token: str | None = None


def parse_server(address: str) -> Server:
    """A server from the address ``serve`` printed (``http://127.0.0.1:8321/`` or
    ``…/?token=T``); SensegrepError for anything else."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SensegrepError(
            f"--server {address!r}: expected the address `sensegrep serve` printed, "
            "like http://127.0.0.1:8321/"
        )
    token = parse_qs(parts.query).get("token", [None])[-1]
    return Server(f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}", token)


# -- the announcement -------------------------------------------------------------------


def announce(folder: Path, url: str, token: str | None, db: str | None) -> Path | None:
    """Write ``folder/serve.json`` naming this process's server; None when the folder
    cannot be written (a read-only index is served all the same)."""
    path = Path(folder) / SERVE_FILE
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "url": url,
        "token": token,
        "db": db,
        "index": str(Path(folder).resolve()),
    }
    try:
        # Owner-only from the start (unique_temporary's): the token is a password for
        # the corpus.
        write_whole(
            path,
            lambda tmp: tmp.write_text(json.dumps(record), encoding="utf-8"),
            temporary=unique_temporary(path),
        )
    except OSError:
        return None
    return path


def withdraw(path: Path | None) -> None:
    """Remove the announcement ``path`` if it is still this process's (a later server
    over the same index may have replaced it)."""
    if path is not None and (_read(path) or {}).get("pid") == os.getpid():
        path.unlink(missing_ok=True)


def running_server(folder: Path, db: str | None = None) -> Server | None:
    """The server announced in ``folder`` when it looks alive: its process runs on this
    machine and it serves this folder with the same database; else None (a stale file
    of a killed server is ignored, never trusted)."""
    record = _read(Path(folder) / SERVE_FILE)
    if record is None or not isinstance(record.get("url"), str):
        return None
    if record.get("host") != socket.gethostname() or record.get("db") != db:
        return None
    if record.get("index") != str(Path(folder).resolve()) or not _alive(record.get("pid")):
        return None
    if _stopped(record["pid"]):
        return None
    token = record.get("token")
    return Server(record["url"].rstrip("/"), token if isinstance(token, str) else None)


def announced_stopped(folder: Path, server: Server) -> bool:
    """Whether ``folder`` announces ``server`` (the same address) from a process on this
    machine that is stopped (Ctrl-Z in serve's terminal): a search named to it with
    ``--server`` would wait without end, as an announced one is never waited for."""
    record = _read(Path(folder) / SERVE_FILE)
    if record is None or not isinstance(record.get("url"), str):
        return False
    if record["url"].rstrip("/") != server.url or record.get("host") != socket.gethostname():
        return False
    return _alive(record.get("pid")) and _stopped(record["pid"])


def _read(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _stopped(pid: int) -> bool:
    """Whether the process is stopped (Ctrl-Z in serve's terminal, SIGSTOP): the system
    still accepts connections for it, but it answers none until it is resumed, so a
    search sent to it would wait without end. Read from Linux's /proc; False elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    state = stat.rpartition(")")[2].split()[:1]  # the field after the command's name
    return state in (["T"], ["t"])


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: ask the server
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


# -- the client -------------------------------------------------------------------------


class RemoteIndex:
    """The methods of :class:`SenseIndex` a search calls, answered by a server.

    ``index``: this process's index folder as the user gave it. With ``same_index``
    (a server found by :func:`running_server`), the server refuses when it serves
    another folder (ServerUnavailable: search here instead); with ``check_index`` (a
    server named by the user while ``index`` is a folder here) that refusal is the
    user's error, never an answer from another index; either way it names the folder
    in its messages as the user did, so they read exactly as a local search's.
    """

    def __init__(
        self, server: Server, index: Path, same_index: bool = False, check_index: bool = False
    ) -> None:
        self.server = server
        self.index = index
        self.same_index = same_index
        self.check_index = check_index
        self.connect_timeout: float | None = CONNECT_SECONDS if same_index else None

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name not in METHODS:
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        body = {
            "contract": contract(),
            "method": method,
            "args": list(args),
            "kwargs": kwargs,
            "index": {
                "given": str(self.index),
                "resolved": str(self.index.resolve()),
                "required": self.same_index or self.check_index,
            },
        }
        status, payload = self._post(json.dumps(body).encode("utf-8"))
        if status == 200:
            return decode(method, payload.get("result"))
        if self.same_index and (status != 400 or _older_server(payload)):
            # Another index, or a server found on its own that cannot answer (an older
            # version without /api/cli, a new token): search here instead.
            raise ServerUnavailable(str(payload.get("error")))
        if status == 412 or _older_server(payload):
            raise SensegrepError(
                f"the server at {self.server.url} runs another version of sensegrep (its "
                "search options differ from this one's): restart `sensegrep serve`, or "
                "search here with --no-server"
            )
        if status == 409:
            raise SensegrepError(
                f"the server at {self.server.url} does not search --index {self.index} "
                f"({payload.get('error')}): leave out --index to search the server's index, "
                "or --no-server to search this one here"
            )
        message = payload.get("error")
        if status == 403 and isinstance(message, str) and "token" in message:
            # The web app's advice (open the address, send a header) is no option here.
            raise SensegrepError(
                f"the server at {self.server.url} refused the search "
                f"({message.split(':', 1)[0]}): give --server the address `sensegrep serve` "
                "printed, with its ?token=…"
            )
        raise _error_of(payload, status, self.server.url)

    def _post(self, data: bytes) -> tuple[int, dict[str, Any]]:
        import http.client

        parts = urlsplit(self.server.url)
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = kind(parts.netloc, timeout=self.connect_timeout)
        headers = {"Content-Type": "application/json"}
        if self.server.token:
            headers[TOKEN_HEADER] = self.server.token
        try:
            connection.connect()
            connection.sock.settimeout(None)  # a long search is no failure
            connection.request("POST", parts.path + CALL_PATH, data, headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
        except OSError as exc:
            raise ServerUnavailable(f"cannot reach the server at {self.server.url}: {exc}") from exc
        finally:
            connection.close()
        try:
            payload = json.loads(text)
        except ValueError:
            payload = {"error": text.strip()[:200]}
        return response.status, payload if isinstance(payload, dict) else {}


def contract() -> str:
    """A fingerprint of the search request's definition: a server started by another
    version of sensegrep (whose options differ) is told apart from this one's."""
    import hashlib

    from sensegrep import request

    shape = [(p.name, p.kind, p.repeat, str(p.default), p.choices) for p in request.PARAMS]
    return hashlib.sha256(repr(shape).encode("utf-8")).hexdigest()[:16]


def _older_server(payload: dict[str, Any]) -> bool:
    """An error a server of an older version gives for an option it does not know (the
    command line has checked every option the user gave, so it is not theirs)."""
    message = payload.get("error")
    return isinstance(message, str) and message.startswith("unknown parameter")


def _error_of(payload: dict[str, Any], status: int, url: str) -> SensegrepError:
    """The server's error as the same kind and message a local search raises."""
    message = payload.get("error")
    if status == 400 and isinstance(message, str):
        kind = getattr(errors, str(payload.get("kind")), SensegrepError)
        if (
            isinstance(kind, type)
            and issubclass(kind, SensegrepError)
            and kind is not errors.InputError
        ):
            return kind(message)
        return SensegrepError(message)
    return SensegrepError(f"the server at {url} answered {status}: {message or 'no message'}")


def decode(method: str, result: Any) -> Any:
    """A result as :class:`SenseIndex` returns it: hits become :class:`Hits` again."""
    if method in ("search", "search_any"):
        from sensegrep.api.results import Hit, Hits

        hits = Hits(Hit(**record) for record in result["hits"])
        for name, value in result.get("attributes", {}).items():
            setattr(hits, name, value)
        return hits
    if method == "count" and isinstance(result, dict) and "rows" in result:
        from sensegrep.api.results import Counts

        counts = Counts(result["rows"])
        for name, value in result.get("attributes", {}).items():
            setattr(counts, name, value)
        return counts
    return result


# -- the server -------------------------------------------------------------------------


def answer(index: SenseIndex, body: Any) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON object) for a client's call: 200 and the result, 409 when the
    client wants another index, 412 when it runs another version of sensegrep (another
    request definition), 400 with the error's kind and message for a mistake."""
    if not isinstance(body, dict) or body.get("method") not in METHODS:
        return 400, {"error": f"expected a call of one of {', '.join(METHODS)}"}
    args, kwargs = body.get("args") or [], body.get("kwargs") or {}
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        return 400, {"error": "expected args as a list and kwargs as an object"}
    if body.get("contract", contract()) != contract():
        return 412, {"error": "this server runs another version of sensegrep"}
    method = getattr(index, body["method"])
    refused = _cannot_take(method, args, kwargs)
    if refused is not None:
        return 400, {"error": f"{body['method']}: {refused}", "kind": "QueryError"}
    asked = body.get("index") if isinstance(body.get("index"), dict) else {}
    own = str(index.path.resolve())
    same = asked.get("resolved") == own
    if asked.get("required") and not same:
        return 409, {"error": f"this server searches {own}, not {asked.get('resolved')}"}
    try:
        with spoken_by("cli"):  # the command line's call: its options, as it spells them
            result = method(*args, **kwargs)
    except SensegrepError as exc:
        # Named as the client named it; a client that named none (--server alone) gets
        # the folder's name, as the web API's messages and /api/info give it: the
        # server's whole path is not for everyone its token lets in.
        named = asked.get("given") if same and isinstance(asked.get("given"), str) else None
        message = _name_index(str(exc), str(index.path), named or index.path.name)
        return 400, {"error": message, "kind": type(exc).__name__}
    return 200, {"result": encode(result)}


def _name_index(message: str, path: str, given: str) -> str:
    """``message`` naming the index as the client named it: ``path`` where it stands
    as the index's name (after a space or a bracket, before a space, a colon, a comma,
    a bracket or a sentence's end), never inside a word, a quoted value or a
    ``field=value`` the user typed (a word 'idxx' searched on a server of 'idx')."""
    import re

    name = re.compile(r"(?<![^\s(])" + re.escape(path) + r"(?=$|[\s:;,)]|\.(?:\s|$))")
    return name.sub(lambda _match: given, message)


def _cannot_take(method: Any, args: list[Any], kwargs: dict[str, Any]) -> str | None:
    """Why Python would refuse this call before the method runs (too many arguments, a
    keyword it has no parameter for; a raw TypeError otherwise), read from its code: a
    method taking ``**options`` checks their names itself, every spelling included."""
    function = inspect.unwrap(method.__func__)
    code = function.__code__
    positional = code.co_argcount - 1  # less self
    if not code.co_flags & inspect.CO_VARARGS and len(args) > positional:
        return f"takes at most {positional} positional argument(s), got {len(args)}"
    required = code.co_varnames[1 : code.co_argcount - len(function.__defaults__ or ())]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    required += tuple(n for n in keyword_only if n not in (function.__kwdefaults__ or {}))
    twice = [n for n in code.co_varnames[1 : 1 + min(len(args), positional)] if n in kwargs]
    if twice:  # Python's "got multiple values for argument"
        return f"{', '.join(twice)} given both by position and by keyword"
    missing = [n for n in required[len(args) :] if n not in kwargs]
    if missing:
        return f"missing argument(s) {', '.join(missing)}"
    if code.co_flags & inspect.CO_VARKEYWORDS:
        return None
    names = set(code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount])
    unknown = sorted(set(kwargs) - names)
    return f"unknown keyword(s) {', '.join(unknown)}" if unknown else None


def encode(result: Any) -> Any:
    """A result as JSON: hits as their records (and any attributes the list carries)."""
    from sensegrep.api.results import Counts, Hits

    if isinstance(result, Hits):
        return {"hits": result.to_dicts(), "attributes": dict(vars(result))}
    if isinstance(result, Counts):  # the rows, and the totals the table carries
        return {"rows": list(result), "attributes": dict(vars(result))}
    return result


class FallbackIndex:
    """A server's index while it answers, else this process's: a server found by
    :func:`running_server` that is gone or serves another folder (ServerUnavailable)
    is dropped, and this call and every later one are answered by ``local()``."""

    def __init__(self, remote: RemoteIndex, local: Callable[[], Any]) -> None:
        self._remote: RemoteIndex | None = remote
        self._local = local

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name not in METHODS:
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, args, kwargs)

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self._remote is not None:
            try:
                return self._remote.call(name, *args, **kwargs)
            except ServerUnavailable:
                self._remote = None
        return getattr(self._local(), name)(*args, **kwargs)
