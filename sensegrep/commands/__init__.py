"""Click commands beyond the core ones, one module per feature, each listing its
commands in ``COMMANDS``. Modules import only click and sensegrep.session at the top:
every command's start-up pays for these imports."""

from __future__ import annotations

from importlib import import_module

import click

MODULES = (
    "senses",
    "labels",
    "export",
    "evaluate",
    "embed",
    "tune",
    "elmo",
    "sensegrep.web.command",
)


def all_commands() -> list[click.Command]:
    commands: list[click.Command] = []
    for name in MODULES:
        module = name if "." in name else f"sensegrep.commands.{name}"  # a full name: as is
        commands.extend(import_module(module).COMMANDS)
    return commands
