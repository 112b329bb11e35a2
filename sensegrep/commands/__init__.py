"""Every command of the CLI, one module per job, each listing its commands in
``COMMANDS``; sensegrep/cli.py adds them to its group. A command parses its options,
calls the library API (sensegrep.api) and prints. Modules import only click and cheap
front-end modules at the top (sensegrep.api, .request, .output, .choices, .session):
every command's start-up pays for these imports."""

from __future__ import annotations

from importlib import import_module

import click

MODULES = (
    "index",
    "vectors",
    "search",
    "compare",
    "info",
    "shell",
    "models",
    "senses",
    "labels",
    "export",
    "evaluate",
    "embed",
    "tune",
    "elmo",
    "serve",
    "statistics",
    "change",
    "wordnet",
)


def all_commands() -> list[click.Command]:
    commands: list[click.Command] = []
    for name in MODULES:
        commands.extend(import_module(f"sensegrep.commands.{name}").COMMANDS)
    return commands
