"""Low-rank adapters (LoRA, Hu et al. 2021): small weight updates for an encoder's
attention, learned by ``sensegrep tune --adapter`` from labelled occurrences.

Each adapted linear layer ``W`` (out × in) gets ``W + (alpha / rank) · B @ A`` with
``A`` (rank × in) and ``B`` (out × rank). At load time the update is merged into the
weights, so an adapted encoder is exactly as fast as the plain one; the base model
package stays untouched and the adapter file is small (rank 8: ~300 kB for minilm, 1.2 MB
for mpnet). An index records the
adapter's name and SHA-256 and refuses vectors made with any other.

``BUILTIN`` adapters ship inside the package; any other adapter is a file path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sensegrep.errors import SensegrepError
from sensegrep.files import write_whole

# Name → file in sensegrep/embedder/data/ (none shipped yet: see BENCHMARKS.md, issue 9).
BUILTIN: dict[str, str] = {}
# Linear layers adapted by default: the attention's query and value maps (as in the LoRA
# paper), by their name inside BERT-style (query/value) and MPNet-style (q/v) models.
TARGET_NAMES = ("query", "value", "q", "v")

_DATA = Path(__file__).parent / "data"


@dataclass
class Adapter:
    """LoRA updates for named linear layers of one base model."""

    model: str
    rank: int
    alpha: float
    updates: dict[str, tuple[np.ndarray, np.ndarray]]  # layer name → (A, B)
    details: dict = field(default_factory=dict)
    name: str = ""  # what an index records: a builtin name or the file's absolute path
    sha256: str = ""

    @property
    def scale(self) -> float:
        return self.alpha / self.rank

    @classmethod
    def open(cls, spec: str) -> Adapter:
        """A builtin adapter by name, or an adapter file."""
        if spec in BUILTIN:
            name, path = spec, _DATA / BUILTIN[spec]
        else:
            path = Path(spec).expanduser()
            if not path.is_file():
                known = f" (builtin: {', '.join(BUILTIN)})" if BUILTIN else ""
                raise SensegrepError(
                    f"adapter {spec!r} is neither a file nor a builtin{known}; make one with "
                    "`sensegrep tune --adapter FILE`, or use --adapter none"
                )
            name = str(path.resolve())
        adapter = cls.load(path)
        adapter.name = name
        adapter.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        return adapter

    @classmethod
    def load(cls, path: Path) -> Adapter:
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                targets = [str(t) for t in header["targets"]]
                updates = {
                    t: (
                        np.asarray(data[f"A{k}"], dtype=np.float32),
                        np.asarray(data[f"B{k}"], dtype=np.float32),
                    )
                    for k, t in enumerate(targets)
                }
            adapter = cls(
                model=str(header["model"]),
                rank=int(header["rank"]),
                alpha=float(header["alpha"]),
                updates=updates,
                details=dict(header.get("details", {})),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SensegrepError(
                f"{path}: not a sensegrep adapter (expected an .npz written by "
                f"`sensegrep tune --adapter`): {exc}"
            ) from None
        for target, (a, b) in adapter.updates.items():
            if a.ndim != 2 or b.ndim != 2 or a.shape[0] != adapter.rank or b.shape[1] != a.shape[0]:
                raise SensegrepError(f"{path}: damaged adapter (the matrices of {target})")
        return adapter

    def save(self, path: Path) -> None:
        targets = list(self.updates)
        header = {
            "model": self.model,
            "rank": self.rank,
            "alpha": self.alpha,
            "targets": targets,
            "details": self.details,
        }
        arrays = {}
        for k, target in enumerate(targets):
            a, b = self.updates[target]
            arrays[f"A{k}"], arrays[f"B{k}"] = a.astype(np.float32), b.astype(np.float32)

        def write(partial: Path) -> None:
            with open(partial, "wb") as out:
                np.savez(out, header=np.array(json.dumps(header)), **arrays)

        write_whole(Path(path), write)  # never half a file where a projection names it

    def check_model(self, model: str) -> None:
        if model != self.model:
            raise SensegrepError(
                f"adapter {self.name or '(unnamed)'} was trained on {self.model!r}, not "
                f"{model!r}; use it with --model {self.model}, or tune one for {model}"
            )

    def merge_into(self, net: object) -> None:
        """Add every update to its layer's weight, in place (before any precision change)."""
        import torch

        modules = dict(net.named_modules())  # type: ignore[attr-defined]
        with torch.no_grad():
            for target, (a, b) in self.updates.items():
                layer = modules.get(target)
                if not isinstance(layer, torch.nn.Linear) or layer.weight.shape != (
                    b.shape[0],
                    a.shape[1],
                ):
                    raise SensegrepError(
                        f"adapter {self.name}: the model has no {b.shape[0]}×{a.shape[1]} "
                        f"linear layer {target!r}; it was made for another model"
                    )
                delta = torch.from_numpy(b) @ torch.from_numpy(a)
                layer.weight.add_(delta.to(layer.weight.dtype), alpha=self.scale)


def target_layers(net: object, names: tuple[str, ...] = TARGET_NAMES) -> list[str]:
    """Names of the attention linear layers an adapter trains: those inside an
    ``attention`` block whose own name is one of ``names``."""
    import torch

    return [
        name
        for name, module in net.named_modules()  # type: ignore[attr-defined]
        if isinstance(module, torch.nn.Linear)
        and "attention" in name
        and name.rsplit(".", 1)[-1] in names
    ]
