"""Commands for labels (filled in by the issue that adds them)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
