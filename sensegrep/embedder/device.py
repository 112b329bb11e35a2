"""Which device an encoder runs on: ``--device auto|cpu|cuda|mps`` (a global option).

torch's standard handling: ``cuda`` when a CUDA GPU is visible, ``mps`` on Apple
silicon, else ``cpu``. A device asked for but absent falls back to the CPU with one
line on stderr, so the same command works on every machine. ONNX Runtime runs on
the GPU only when its CUDA provider is installed.
"""

from __future__ import annotations

import sys
from typing import Any

from sensegrep.choices import DEVICES
from sensegrep.errors import SensegrepError

_process_default = "auto"


def use_device(name: str | None) -> None:
    """The device every encoder of this process loads on unless one is named (the CLI's
    global --device sets it)."""
    global _process_default
    _process_default = check_device(name or "auto")


def default_device() -> str:
    return _process_default


def check_device(name: str) -> str:
    if name not in DEVICES:
        raise SensegrepError(f"unknown device {name!r}: use one of {', '.join(DEVICES)}")
    return name


def torch_device(asked: str | None) -> str:
    """The torch device to use for ``asked`` (None: the process default)."""
    import torch

    name = check_device(asked or _process_default)
    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": _mps_available(torch)}
    if name == "auto":
        return next(d for d in ("cuda", "mps", "cpu") if available[d])
    if not available[name]:
        fallback(f"device {name} is not available here")
        return "cpu"
    return name


def onnx_providers(asked: str | None) -> list[str]:
    """ONNX Runtime execution providers for ``asked``: CUDA first when it is asked (or
    auto) and both a GPU and the provider are present, the CPU always."""
    import onnxruntime

    name = check_device(asked or _process_default)
    if name == "cpu":
        return ["CPUExecutionProvider"]
    has_cuda = "CUDAExecutionProvider" in onnxruntime.get_available_providers()
    if name in ("cuda", "auto") and has_cuda:
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    if name != "auto":
        fallback(f"ONNX Runtime has no {name} provider here")
    return ["CPUExecutionProvider"]


def fallback(reason: str) -> None:
    print(f"sensegrep: {reason}; running the encoder on the CPU", file=sys.stderr)


def _mps_available(torch: Any) -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())
