"""The values the web app's filters offer (``SenseIndex.metadata_values``, /api/info's
``fields``) name a value written composed in one document and decomposed in another
once: "Genève" was offered twice, two values to the eye where --where takes one."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import sensegrep


def test_a_value_composed_and_decomposed_is_offered_once(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Genève")
    records = [
        {"id": "a", "text": "Un café.", "city": "Genève"},
        {"id": "b", "text": "Le café.", "city": nfd},
        {"id": "c", "text": "Du café.", "city": "Zürich"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="fr", vectors_for="none") as index:
        assert index.metadata_values()["city"] == ["Genève", "Zürich"]
