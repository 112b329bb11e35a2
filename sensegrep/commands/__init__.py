"""Click commands beyond the core ones, one module per feature, each listing its
commands in ``COMMANDS``. Modules import only click and sensegrep.session at the top:
every command's start-up pays for these imports."""

from __future__ import annotations

from importlib import import_module

import click

MODULES = ("senses", "labels", "export", "evaluate", "embed", "tune", "elmo")


def all_commands() -> list[click.Command]:
    commands: list[click.Command] = []
    for name in MODULES:
        commands.extend(import_module(f"sensegrep.commands.{name}").COMMANDS)
    return commands
