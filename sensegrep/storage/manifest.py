"""The manifest: what an index folder was built with, checked on every open."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sensegrep import __version__
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.errors import IndexMismatchError, SensegrepError

# 2: a token's words as vocabulary ids, sentences as token id ranges, lemma runs' ids
# packed (storage/schema.py). Format 1 (strings in every token row) is refused: rebuild.
FORMAT_VERSION = 2
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    embedder: EmbedderConfig
    format_version: int = FORMAT_VERSION
    created: str = ""
    created_by: str = ""
    vectors: str = "f16"  # the vector codec (storage/vectors.py); absent in older indexes

    def to_dict(self) -> dict:
        return {
            "format_version": self.format_version,
            "embedder": self.embedder.to_dict(),
            "vectors": self.vectors,
            "created": self.created,
            "created_by": self.created_by,
        }

    @classmethod
    def new(cls, embedder: EmbedderConfig, vectors: str = "f16") -> Manifest:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(
            embedder=embedder,
            created=now,
            created_by=f"sensegrep {__version__}",
            vectors=vectors,
        )


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(
            embedder=EmbedderConfig.from_dict(data["embedder"]),
            format_version=int(data["format_version"]),
            created=data.get("created", ""),
            created_by=data.get("created_by", ""),
            vectors=str(data.get("vectors", "f16")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SensegrepError(f"{path} is not a readable sensegrep manifest: {exc}") from exc
    if manifest.format_version != FORMAT_VERSION:
        raise SensegrepError(
            f"{folder} has index format {manifest.format_version}; this sensegrep reads "
            f"format {FORMAT_VERSION}: rebuild the index"
        )
    return manifest


def write_manifest(folder: Path, manifest: Manifest) -> None:
    path = folder / MANIFEST_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest.to_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def check_compatible(folder: Path, built_with: EmbedderConfig, asked: EmbedderConfig) -> None:
    if built_with != asked:
        raise IndexMismatchError(
            f"{folder} was built with model {built_with.model!r} and other encoder settings "
            f"than the ones asked for ({'; '.join(built_with.differences(asked))}, index vs "
            "asked): "
            "use the index's settings, or another --index folder"
        )
