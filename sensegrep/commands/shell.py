"""``sensegrep shell``: a query loop that keeps the index and the encoder loaded, so
every query after the first answers without start-up cost."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

import click

from sensegrep.choices import OUTPUT_FORMATS
from sensegrep.errors import SensegrepError, system_error_message

HISTORY = Path("~/.sensegrep_history").expanduser()
PROMPT = "sensegrep> "
HELP = """Type search arguments as on the command line, e.g.
  bank -e "she sat on the [[bank]] of the river" -k 5
  search bank --like 123 --format jsonl
  compare "the [[bank]] of the river" "the [[bank]] raised rates"
  info, senses bank, labels bank, export bank --to csv, …
Settings: :format kwic|jsonl|csv|tsv (of search, and of freq, collocates, keywords, sketch
and change, whose text kwic means; unset, as on the command line)   :k N (concordance
lines; --count counts every match unless -k is typed on its line, as outside the shell);
:format or :k alone says which is in force   :help   :quit (or quit, exit; `search quit`
searches the word)
Ctrl-C drops the line typed or stops the command running, Ctrl-D leaves; a line starting
with # and a space is a comment"""
# Every command but these works in the shell; anything else is taken as search arguments.
# (serve would hold the shell until Ctrl-C: a server is started outside it.)
NOT_IN_SHELL = ("shell", "index", "serve")


@click.command()
@click.pass_context
def shell(ctx: click.Context) -> None:
    """Interactive queries with the encoder kept loaded: type search arguments
    (bank -e "the [[bank]] of the river" -k 5), :format FMT, :k N, :help, :quit."""
    run_shell(ctx)


def run_shell(ctx: click.Context) -> None:
    session = ctx.obj
    # No :format until one is typed: each command writes as on the command line (a search
    # kwic at a terminal, JSONL into a pipe or file), so `shell < queries.txt > out.jsonl`
    # writes JSONL (a set "kwic" wrote a script's searches as text).
    # Open the index and load the encoder now: fail before the first query if there is
    # no index, and let every query answer without start-up cost.
    session.index().load_encoder()
    _setup_history()
    # A script piped in (`shell < queries.txt > out.jsonl`): the banner and prompts go to
    # stderr, so stdout holds the results alone, and a line that failed makes the exit
    # status 1 (as sqlite3 and psql do with a script).
    interactive = _interactive()
    click.echo(
        f"sensegrep shell on {session.index_dir} — :help for help, :quit to leave",
        err=not interactive,
    )
    failed = 0
    while True:
        try:
            # (a script saved with a byte-order mark, as Windows' Notepad does: its first
            # line, often a :setting, read as a search of "\ufeff:k" and failed)
            line = _read_line(interactive).strip().lstrip("\ufeff").strip()
        except KeyboardInterrupt:
            click.echo(err=not interactive)
            if interactive:  # Ctrl-C drops the line being typed, as Python's shell does
                continue
            break
        except EOFError:
            click.echo(err=not interactive)
            break
        if not line or _is_comment(line):
            continue
        if line in ("quit", "exit"):  # as Python's and sqlite3's shells: `search quit` searches
            break
        if line.startswith(":"):
            done = _setting(session, line)
            if done is None:
                break
            failed += not done
            continue
        failed += not _run_line(ctx, line)
    _save_history()
    if failed and not interactive:
        raise click.ClickException(f"{failed} line(s) of the script failed, said above")


def _home_expanded(arg: str) -> str:
    """A path typed as at a terminal: ``-o ~/out.csv`` (and ``--output=~/out.csv``) is in
    the home folder, as the terminal's shell makes it; this shell has none to do it, so
    the file was written to a folder named "~" under the current one."""
    option, equals, value = arg.partition("=") if arg.startswith("--") else ("", "", arg)
    if value.startswith("~/") or (value == "~" and equals):
        return option + equals + os.path.expanduser(value)
    return arg


def _is_comment(line: str) -> bool:
    """A script's comment: `#` alone or followed by a space (`#metoo` is searched, as
    is `search "#"`)."""
    return line == "#" or line[:2] in ("# ", "#\t")


def _interactive() -> bool:
    """Whether a person types at the prompt (else a script is piped in)."""
    return sys.stdin.isatty()


def _read_line(interactive: bool) -> str:
    """A line typed at the prompt; from a script, with the prompt on stderr."""
    if interactive:
        return input(PROMPT)
    sys.stderr.write(PROMPT)
    sys.stderr.flush()
    return input()


def _setting(session: object, line: str) -> bool | None:
    """Apply a :setting: True when applied (or :help), False for a bad one (said on
    stderr), None to leave the shell."""
    name, _, value = line[1:].partition(" ")
    value = value.strip()
    if name in ("quit", "q", "exit"):
        return None
    if name == "help":
        click.echo(HELP, err=not _interactive())  # a script's stdout is its results alone
    elif name in ("format", "k") and not value:  # what is in force now
        click.echo(_in_force(session.defaults, name), err=True)  # type: ignore[attr-defined]
    elif name == "format":
        if value not in OUTPUT_FORMATS:
            click.echo(f":format takes one of {', '.join(OUTPUT_FORMATS)}; got {value!r}", err=True)
            return False
        session.defaults["format"] = value  # type: ignore[attr-defined]
    elif name == "k":
        if not (value.isascii() and value.isdigit() and int(value) > 0):
            click.echo(f":k takes a whole number of at least 1; got {value!r}", err=True)
            return False
        session.defaults["k"] = int(value)  # type: ignore[attr-defined]
    else:
        click.echo(f"unknown setting {line!r}; :help lists them", err=True)
        return False
    return True


def _in_force(defaults: dict[str, Any], name: str) -> str:
    """What ``:format`` or ``:k`` alone says: the setting in force, and how to change it."""
    if name == "format":
        sets = f":format {'|'.join(OUTPUT_FORMATS)} sets it"
        if defaults.get("format"):
            return f":format is {defaults['format']} ({sets})"
        return (
            ":format is not set: each command writes as on the command line (a search kwic"
            f" at a terminal, jsonl into a pipe or file; a table text) ({sets})"
        )
    if defaults.get("k"):
        return f":k is {defaults['k']} (the lines a search shows unless its line says -k)"
    return ":k is not set: a search shows every line unless its line says -k (:k N sets it)"


def _run_line(ctx: click.Context, line: str) -> bool:
    """Run one line as its command (else as search arguments); False when it failed."""
    cli = ctx.find_root().command  # the sensegrep group, without importing cli (a cycle)
    assert isinstance(cli, click.Group)
    try:
        args = [_home_expanded(arg) for arg in shlex.split(line)]
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        return False
    if args[0] == "sensegrep" and len(args) > 1 and args[1] in cli.commands:
        args = args[1:]  # a command line pasted whole: its command, on this shell's index
    given = args[1:] if args[0] == "sensegrep" else args
    if given and given[0] in _global_options(cli):
        # `sensegrep --index other search bank` failed as "no such option --index" and
        # offered `index`; the shell's index and device are chosen when it opens.
        click.echo(
            f"error: this shell is on {ctx.obj.index_dir}; {given[0]} is given when a shell"
            f" opens (`sensegrep {given[0]} … shell`): type the command without it",
            err=True,
        )
        return False
    if args[0] in NOT_IN_SHELL:
        click.echo(f"error: run `sensegrep {args[0]}` outside the shell", err=True)
        return False
    typed = args[0]
    if typed not in cli.commands:
        args = ["search", *args]
    command = cli.get_command(ctx, args[0])
    try:
        # The root as parent: usage lines read "sensegrep senses …", as outside the shell.
        with command.make_context(args[0], args[1:], parent=ctx.find_root()) as sub:
            command.invoke(sub)
    except SensegrepError as exc:
        click.echo(f"error: {exc}", err=True)
    except click.UsageError as exc:
        exc.show()
        if typed != args[0]:  # "count bank right1": a command mistyped, read as a word
            said = _not_a_command(typed, sorted(cli.commands), exc.message)
            if said:
                click.echo(said, err=True)
    except click.ClickException as exc:
        exc.show()
    except click.exceptions.Exit as exc:
        return exc.exit_code == 0
    except click.Abort:
        click.echo("aborted", err=True)
    except KeyboardInterrupt:
        if not _interactive():  # a script interrupted stops, as sqlite3's does
            raise
        # Ctrl-C to stop a slow search ended the shell, its :k and :format with it; what
        # the command wrote is whole or absent (an export's FILE.part is removed).
        click.echo(
            "interrupted: that line was stopped; the shell goes on (Ctrl-D leaves)", err=True
        )
    except Exception as exc:  # an output file in a missing folder, a busy index: one line
        # (as the command line's edge says it), and the session goes on with the next line
        message = system_error_message(exc, ctx.obj.index_dir)
        if message is None:
            raise
        click.echo(f"error: {message}", err=True)
    else:
        return True
    return False


def _global_options(cli: click.Group) -> set[str]:
    """The options of `sensegrep` itself (--index, --db, --device, …), given before its
    command."""
    options = (param for param in cli.params if param.expose_value)  # not --version
    return {name for param in options for name in param.opts if name.startswith("--")}


def _not_a_command(typed: str, commands: list[str], error: str) -> str | None:
    """What a line not starting with a command was read as, and the commands near it;
    None where the line reads as the search it is (`bank --frob`: a word, then an
    option mistyped), neither near a command nor with words past the search's one."""
    import difflib

    near = difflib.get_close_matches(typed, commands, n=3, cutoff=0.6)
    if not near and "extra argument" not in error:
        return None
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    return (
        f"note: {typed!r} is no command, so the line was read as `search {typed} …`"
        f"{hint} (counts: `search WORD --count KEY`; commands: {', '.join(commands)})"
    )


def _setup_history() -> None:
    try:
        import readline

        if HISTORY.exists():
            readline.read_history_file(HISTORY)
    except (ImportError, OSError):
        pass


def _save_history() -> None:
    try:
        import readline

        readline.write_history_file(HISTORY)
    except (ImportError, OSError):
        pass


COMMANDS = [shell]
