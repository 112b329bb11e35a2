"""ELMo (bilm-tf) in PyTorch: loads the original options.json + HDF5 weights unchanged.

``characters`` maps words to character ids (no torch); ``model`` holds the biLM,
``weights`` reads and writes the HDF5 layout, ``embedder`` makes it a sensegrep
``Embedder`` (``elmo:DIR``). Importing this package imports torch and h5py. Training a
biLM is not here: it is in sensegrep/tune/elmo/.
"""

from __future__ import annotations

from sensegrep.embedder.elmo.characters import batch_to_ids, word_to_char_ids
from sensegrep.embedder.elmo.embedder import ElmoEmbedder, elmo_dir
from sensegrep.embedder.elmo.model import (
    BiLm,
    BiLmOutput,
    CharCnn,
    ElmoError,
    ElmoFormatError,
    ElmoOptions,
    LstmStack,
    ProjectedLstmCell,
)
from sensegrep.embedder.elmo.weights import load_weights, save_weights

__all__ = [
    "BiLm",
    "BiLmOutput",
    "CharCnn",
    "ElmoEmbedder",
    "ElmoError",
    "ElmoFormatError",
    "ElmoOptions",
    "LstmStack",
    "ProjectedLstmCell",
    "batch_to_ids",
    "elmo_dir",
    "load_weights",
    "save_weights",
    "word_to_char_ids",
]
