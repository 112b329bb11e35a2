"""Read and write ELMo weights in the bilm-tf HDF5 layout (the files AllenNLP and bilm-tf
publish), so original models load unchanged and models we save load the same way.

Layout (TensorFlow shapes, inputs before outputs)::

    char_embed                         (261, char_dim)      no padding row
    CNN/W_cnn_{i}, CNN/b_cnn_{i}       (1, width, char_dim, num), (num,)
    CNN_high_{k}/W_carry, b_carry      (n_filters, n_filters), (n_filters,)
    CNN_high_{k}/W_transform, b_transform
    CNN_proj/W_proj, b_proj            (n_filters, proj), (proj,)   when n_filters ≠ proj
    RNN_{d}/RNN/MultiRNNCell/Cell{l}/LSTMCell/W_0   (in + out, 4·dim), d = 0 forward
    RNN_{d}/RNN/MultiRNNCell/Cell{l}/LSTMCell/B     (4·dim,)
    RNN_{d}/RNN/MultiRNNCell/Cell{l}/LSTMCell/W_P_0 (dim, proj)   when proj < dim
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import h5py
import numpy as np
import torch
from torch import nn

from sensegrep.embedder.elmo.model import BiLm, ElmoFormatError

# How a torch parameter is stored: TF layout conversions, each its own inverse pair.
_TO_FILE = {
    "as_is": lambda p: p,
    "transpose": lambda p: p.T,
    "conv": lambda p: p.permute(2, 1, 0)[None],  # (out, in, width) → (1, width, in, out)
    "char_embed": lambda p: p[1:],  # drop our padding row
}
_FROM_FILE = {
    "as_is": lambda a: a,
    "transpose": lambda a: a.T,
    "conv": lambda a: a[0].transpose(2, 1, 0),
    "char_embed": lambda a: np.concatenate([np.zeros((1, a.shape[1]), a.dtype), a]),
}


def parameter_names(model: BiLm) -> Iterator[tuple[str, nn.Parameter, str]]:
    """(HDF5 dataset name, parameter, conversion) for every weight of ``model``."""
    cnn = model.char_cnn
    yield "char_embed", cnn.char_embed.weight, "char_embed"
    for i, conv in enumerate(cnn.convs):
        yield f"CNN/W_cnn_{i}", conv.weight, "conv"
        yield f"CNN/b_cnn_{i}", conv.bias, "as_is"
    for k, highway in enumerate(cnn.highways):
        for part in ("carry", "transform"):
            linear = getattr(highway, part)
            yield f"CNN_high_{k}/W_{part}", linear.weight, "transpose"
            yield f"CNN_high_{k}/b_{part}", linear.bias, "as_is"
    if cnn.projection is not None:
        yield "CNN_proj/W_proj", cnn.projection.weight, "transpose"
        yield "CNN_proj/b_proj", cnn.projection.bias, "as_is"
    for direction, stack in enumerate((model.forward_lstm, model.backward_lstm)):
        for layer, cell in enumerate(stack.cells):
            prefix = f"RNN_{direction}/RNN/MultiRNNCell/Cell{layer}/LSTMCell"
            yield f"{prefix}/W_0", cell.gates.weight, "transpose"
            yield f"{prefix}/B", cell.gates.bias, "as_is"
            if cell.projection is not None:
                yield f"{prefix}/W_P_0", cell.projection.weight, "transpose"


def load_weights(model: BiLm, path: str | Path) -> None:
    """Fill ``model`` from a bilm-tf HDF5 weights file; every dataset must match its shape."""
    path = Path(path)
    try:
        with h5py.File(path, "r") as fin:
            for name, param, kind in parameter_names(model):
                param_data = _read(fin, name, path)
                value = _FROM_FILE[kind](param_data)
                if tuple(value.shape) != tuple(param.shape):
                    expected = tuple(_TO_FILE[kind](param).shape)
                    raise ElmoFormatError(
                        f"{path}: {name} has shape {param_data.shape}, but options.json "
                        f"implies {expected}; use the options.json that came with these weights"
                    )
                with torch.no_grad():
                    param.copy_(torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32)))
    except OSError as exc:
        raise ElmoFormatError(f"cannot read ELMo weights {path}: {exc}") from exc


def _read(fin: h5py.File, name: str, path: Path) -> np.ndarray:
    item = fin.get(name)
    if not isinstance(item, h5py.Dataset):
        raise ElmoFormatError(
            f"{path} has no dataset {name!r}: expected bilm-tf ELMo weights (char_embed, "
            "CNN/…, CNN_high_*/…, RNN_0/RNN/MultiRNNCell/Cell*/LSTMCell/…) matching "
            "options.json"
        )
    return item[...]


def save_weights(model: BiLm, path: str | Path) -> None:
    """Write ``model`` in the layout ``load_weights`` (and bilm-tf, AllenNLP) read."""
    with h5py.File(Path(path), "w") as fout:
        for name, param, kind in parameter_names(model):
            value = _TO_FILE[kind](param.detach().cpu()).numpy().astype(np.float32)
            fout.create_dataset(name, data=value)


def has_weight_layout(path: str | Path) -> bool:
    """Whether an HDF5 file looks like ELMo weights (for picking among several files)."""
    try:
        with h5py.File(Path(path), "r") as fin:
            return "char_embed" in fin and "RNN_0" in fin
    except OSError:
        return False
