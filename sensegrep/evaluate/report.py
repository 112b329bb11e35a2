"""Markdown tables of evaluation results, printed and optionally appended to a file."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sensegrep.embedder.base import EmbedderConfig

Row = tuple[str, str, str]  # metric, measured value, published anchor ("" when none)


def table(title: str, settings: dict[str, object], rows: Sequence[Row]) -> str:
    lines = [f"### {title}", ""]
    lines += [f"- {name}: {value}" for name, value in settings.items()]
    lines += ["", "| metric | measured | published anchor |", "|---|---|---|"]
    lines += [f"| {metric} | {value} | {anchor} |" for metric, value, anchor in rows]
    return "\n".join(lines)


def git_commit(folder: Path | None = None) -> str:
    folder = folder or Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def append(path: Path, text: str) -> None:
    """Append a report with the date and git commit it was measured at."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(["sensegrep", *(shlex.quote(a) for a in sys.argv[1:])])
    block = f"\n{text}\n\nCommand: `{command}`\n\n_measured {stamp} at commit {git_commit()}_\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(block)


def describe(config: EmbedderConfig) -> str:
    """The embedder settings that decide the vectors, in one line."""
    layers = ",".join(str(n) for n in config.layers)
    text = f"{config.model} (layers {layers}, {config.pooling}"
    if config.projection:
        text += f", projection {config.projection} sha256 {config.projection_sha256[:12]}"
    if config.adapter:
        text += f", adapter {config.adapter} sha256 {config.adapter_sha256[:12]}"
    runtime = "" if config.runtime == "torch" else f"{config.runtime} "
    return text + f"; {runtime}{config.precision}; dim {config.dim})"


def pct(value: float) -> str:
    return f"{100 * value:.1f}"
