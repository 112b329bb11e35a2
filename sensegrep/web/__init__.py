"""``sensegrep serve``: a local web app over one index (search with a KWIC view, senses
with a map, annotation with the keyboard, comparison, a JSON API). Needs the ``web``
extra (FastAPI, uvicorn, Jinja2). Importing this package imports none of them: the CLI
loads :mod:`sensegrep.commands.serve` at every start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(
    index_path: str | Path, read_only: bool = False, token: str | None = None, **options: Any
) -> FastAPI:
    """The app over the index at ``index_path``; see :func:`sensegrep.web.app.create_app`."""
    from sensegrep.web.app import create_app as create

    return create(index_path, read_only=read_only, token=token, **options)
