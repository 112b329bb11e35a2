"""The command line: one click group, its global options, and the error edge: domain
errors become one-line messages and a non-zero exit here. The commands themselves live
in sensegrep/commands/, each a thin layer over the library API.

torch and transformers are imported only by commands that embed new text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from sensegrep.api.spelling import spoken_by
from sensegrep.choices import DEVICES
from sensegrep.commands import all_commands
from sensegrep.errors import SensegrepError, system_error_message
from sensegrep.session import Session
from sensegrep.version import __version__

DEFAULT_INDEX = "sensegrep-index"


class SensegrepGroup(click.Group):
    """Turns domain errors into ``click.ClickException`` for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with spoken_by("cli"):  # errors name options as the command line spells them
                return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (`sensegrep search … | head`): stop quietly, with the
            # status of a process that SIGPIPE ended, as grep or cat would, and not
            # click's 1, which reads as an error of sensegrep's own.
            _silence_stdout()
            ctx.exit(CLOSED_PIPE_STATUS)
        except SensegrepError as exc:
            raise click.ClickException(str(exc)) from exc
        except Exception as exc:  # a full disk, a busy or unreadable index: one line
            session = ctx.obj
            folder = session.index_dir if session is not None else Path(DEFAULT_INDEX)
            message = system_error_message(exc, folder)
            if message is None:
                raise
            raise click.ClickException(message) from exc


CLOSED_PIPE_STATUS = 128 + 13  # 141: ended by SIGPIPE, as the shell reports it


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of what
    is still buffered cannot fail again on the closed pipe (and print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's runner): nothing to flush
        pass


@click.group(cls=SensegrepGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    "index_dir",
    envvar="SENSEGREP_INDEX",
    default=DEFAULT_INDEX,
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Index folder (env SENSEGREP_INDEX).",
)
@click.option(
    "--db",
    metavar="URL",
    help="Keep the index's metadata in this PostgreSQL database "
    "(postgresql+psycopg://USER@HOST/DB; env SENSEGREP_DB) instead of index.sqlite: "
    "for an index shared by many machines and users. The vector shards stay in the "
    "index folder.",
)
@click.option(
    "--device",
    type=click.Choice(DEVICES),
    envvar="SENSEGREP_DEVICE",
    help="Where the encoder runs (every command that embeds text): auto (default: a "
    "CUDA or Apple GPU when present, else the CPU), cpu, cuda or mps; an absent device "
    "falls back to the CPU with a message (env SENSEGREP_DEVICE).",
)
@click.version_option(__version__, prog_name="sensegrep")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path, db: str | None, device: str | None) -> None:
    """Word-sense concordance search: find the occurrences of a word that mean what it
    means in your example."""
    if device is not None:
        from sensegrep.api import use_device

        use_device(device)
    if ctx.obj is None:
        given = ctx.get_parameter_source("index_dir") != click.core.ParameterSource.DEFAULT
        ctx.obj = Session(index_dir=index_dir, db=db, index_given=given)
        ctx.call_on_close(ctx.obj.close)


def main() -> None:
    cli(prog_name="sensegrep")


# Every command lives in sensegrep/commands/, one module per job.
for _command in all_commands():
    cli.add_command(_command)


def _one_value_each(command: click.Command) -> None:
    """Refuse an option of one value given twice (`--count sense --count label`), which
    click settles silently by keeping the last; repeatable options (``multiple``,
    counted flags) are left as they are. Applied to every command, groups included."""
    parse = command.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        _opts, _rest, order = command.make_parser(ctx).parse_args(args=list(args))
        seen: set[str] = set()
        for param in order:
            if not isinstance(param, click.Option) or param.multiple or param.count:
                continue
            if param.name in seen:
                raise click.UsageError(
                    f"{param.opts[-1]} was given more than once, and it takes one value "
                    "(only the last would count): give it once",
                    ctx,
                )
            seen.add(param.name or "")
        return parse(ctx, args)

    command.parse_args = parse_args  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():
        _one_value_each(sub)


_one_value_each(cli)
