"""``sensegrep serve``: the web app (sensegrep/web/) over the index, until Ctrl-C.
FastAPI, uvicorn and the encoder are imported inside the command: other commands do not
pay for them."""

from __future__ import annotations

import secrets
import signal
import socket
from pathlib import Path
from typing import Any

import click

from sensegrep.commands.options import FiniteFloatRange
from sensegrep.commands.signals import exiting_on
from sensegrep.errors import SensegrepError
from sensegrep.session import Session

DEFAULT_PORT = 8321
# Seconds a request's work may take (a pattern with nested repetitions can take minutes).
DEFAULT_TIME_LIMIT = 30.0
# Where a process on this machine reaches a server listening on every interface.
_LOCAL = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port (0: any free port).",
)
@click.option("--read-only", is_flag=True, help="Refuse every change (labels, propagation).")
@click.option(
    "--token",
    help="Access token every request must carry (generated and printed when --host is "
    "not a loopback address).",
)
@click.option(
    "--time-limit",
    type=FiniteFloatRange(min=0),  # nan was no limit, unsaid; 0 is none
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    metavar="SECONDS",
    help="Stop a request's work after this long with a 503 (0: no limit); work also "
    "stops when its client goes. A search the command line sends here has no limit.",
)
@click.pass_obj
def serve(
    session: Session,
    host: str,
    port: int,
    read_only: bool,
    token: str | None,
    time_limit: float,
) -> None:
    """A local web app over the index: search with a KWIC view, senses with a map,
    annotation with the keyboard, comparison of two usages, and a JSON API.

    It listens on 127.0.0.1 by default. Any other --host needs a token (given, or
    generated and printed); every POST from another origin is refused. Each request
    runs off the event loop under --time-limit: one slow query never holds another.
    """
    from sensegrep.api.remote import announce, withdraw
    from sensegrep.web.security import LOOPBACK_NAMES, is_loopback
    from sensegrep.web.server import base_url, listen_socket

    generated = False
    if not is_loopback(host) and not token:
        token, generated = secrets.token_urlsafe(24), True
    if token is not None and not token.strip():
        raise click.BadParameter("the token cannot be empty", param_hint="--token")
    # On loopback without a token, Host names are checked instead (DNS rebinding).
    hosts = (LOOPBACK_NAMES | {host}) if is_loopback(host) and not token else None
    sock = listen_socket(host, port)
    click.echo(f"loading {session.index_dir} …", err=True)
    app = _app(session.index_dir, read_only, token, hosts, session.db, time_limit or None)
    address = base_url(host, sock.getsockname()[1])
    click.echo(f"sensegrep serve: {address}/" + (f"?token={token}" if token else ""))
    if host.strip("[]") in ("0.0.0.0", "::"):
        click.echo("listening on every interface: from another machine, use this one's address")
    if generated:
        click.echo(f"access token (generated): {token}")
    if read_only:
        # Everything a POST writes is refused, not labels alone.
        click.echo("read-only: labels, sense runs and vectors cannot be changed or added")
    click.echo("Ctrl-C to stop")
    # `sensegrep search` over this index answers through this server while it runs.
    local = base_url(_LOCAL.get(host.strip("[]"), host), sock.getsockname()[1])
    announced = announce(session.index_dir, local, token, session.db)
    # uvicorn raises a SIGTERM again once it has stopped: let that unwind to the finally
    # below (the default action would end the process with the announcement left behind).
    with exiting_on(signal.SIGTERM):
        try:
            _run(app, sock)
        finally:
            withdraw(announced)


def _app(
    index_dir: Path,
    read_only: bool,
    token: str | None,
    hosts: Any,
    db: str | None,
    time_limit: float | None,
) -> Any:
    try:
        from sensegrep.web.app import create_app
    except ImportError as exc:
        raise SensegrepError(
            f"sensegrep serve needs the web extra ({exc.name} is missing): "
            "pip install 'sensegrep[web]'"
        ) from exc
    return create_app(
        index_dir,
        read_only=read_only,
        token=token,
        hosts=hosts,
        preload=True,
        db=db,
        time_limit=time_limit,
    )


def _run(app: Any, sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


COMMANDS = [serve]
