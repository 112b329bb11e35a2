"""Token vectors in FAISS shard files.

Each indexing batch writes one immutable shard: a FAISS index of codes in the index's
vector codec, rows sorted by lemma so one word's vectors are a few contiguous runs.

Codecs (``index --vectors``; bytes per vector at the default 256 dimensions):
``f16`` half floats (512), ``sq8`` and ``sq4`` 8- and 4-bit scalar quantisation (256,
128), ``pq`` product quantisation, one byte per 8 dimensions (32). All but f16 are
trained: a codec is trained once, on the first batch large enough (``TRAIN_MIN``), and
kept as ``vectors/codec.trained``; shards written before that are f16 until a compaction
rewrites them. Every shard file says its own codec, so reading needs nothing else.

Shards are memory-mapped on read (``IO_FLAG_MMAP_IFC``) and rows are decoded straight
from the mapped codes, so a query touches only the rows of its word. A shard is written
to a temporary name and renamed, and becomes part of the index only when the SQLite
transaction that refers to it commits; any other file in the folder is garbage from an
interrupted run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.choices import DEFAULT_VECTOR_CODEC
from sensegrep.choices import VECTOR_CODECS as CODECS
from sensegrep.errors import SensegrepError
from sensegrep.files import write_whole

SHARD_SUFFIX = ".faiss"
# For new indexes. Chosen on dev data with mpnet-semcor vectors (BENCHMARKS.md, issue 12):
# sq8 and sq4 keep CoarseWSD-20 P@10 (83.4) and SemEval-2007 F1 (68.1 vs 67.9, one
# instance of 455) at a half and a quarter of f16's bytes; pq costs 1.5 F1.
DEFAULT_CODEC = DEFAULT_VECTOR_CODEC
TRAINED_NAME = "codec.trained"
# Vectors a codec is trained on: the first batch with at least TRAIN_MIN (PQ's k-means
# wants ~40 points per centroid, 256 centroids), at most TRAIN_MAX of them.
TRAIN_MIN = {"sq8": 1_000, "sq4": 1_000, "pq": 10_000}
TRAIN_MAX = 100_000
FLOAT_MAX = float(np.finfo(np.float32).max)


class _LazyFaiss:
    """FAISS, imported when a vector is first read or written: a plain concordance reads
    none, and a one-off `sensegrep search WORD` should not pay for the import."""

    _module: ModuleType | None = None

    def __getattr__(self, name: str) -> Any:
        if _LazyFaiss._module is None:
            import faiss as module

            # Decoding a word's rows is small work: FAISS's OpenMP threads would only
            # spin after it and take CPU from the encoder (set in the importing thread;
            # the web app sets it in its workers too).
            module.omp_set_num_threads(1)
            _LazyFaiss._module = module
        return getattr(_LazyFaiss._module, name)


if TYPE_CHECKING:
    import faiss
else:
    faiss = _LazyFaiss()


class ShardFolder:
    """The folder of an index's vector shards (and its ANN file) in one codec."""

    def __init__(self, folder: Path, dim: int, codec: str = "f16") -> None:
        if codec not in CODECS:
            raise SensegrepError(f"unknown vector codec {codec!r}; expected one of {CODECS}")
        self.folder = folder
        self.dim = dim
        self.codec = codec
        self._open: dict[str, tuple[faiss.Index, np.ndarray]] = {}
        self._anns: dict[str, faiss.Index] = {}
        # Each shard's decoded rows' norms, NaN until first needed (shards are immutable).
        self._norms: dict[str, np.ndarray] = {}

    def write(self, name: str, vectors: np.ndarray | Iterable[np.ndarray]) -> None:
        """Write ``vectors`` (n, dim), or chunks of them in order, as shard ``name``,
        atomically. A codec still untrained is trained on the first chunk."""
        chunks = iter([vectors] if isinstance(vectors, np.ndarray) else vectors)
        self.folder.mkdir(parents=True, exist_ok=True)
        index = None
        for chunk in chunks:
            chunk = np.ascontiguousarray(chunk, dtype=np.float32)
            if chunk.ndim != 2 or chunk.shape[1] != self.dim:
                raise ValueError(f"expected vectors of shape (n, {self.dim}), got {chunk.shape}")
            if index is None:
                index = self._empty_codec(chunk)
            index.add(chunk)
        if index is None:  # no chunks: an empty shard
            index = new_codec("f16", self.dim)
        write_index_atomically(index, self.folder / name)

    def _empty_codec(self, vectors: np.ndarray) -> faiss.Index:
        """An empty index in the shard codec: the trained one, trained now on these
        vectors when they are enough, else f16 (see the module's docstring)."""
        if self.codec == "f16":
            return new_codec("f16", self.dim)
        trained = self.folder / TRAINED_NAME
        if trained.is_file():
            return faiss.read_index(str(trained))
        if len(vectors) < TRAIN_MIN[self.codec]:
            return new_codec("f16", self.dim)
        index = new_codec(self.codec, self.dim)
        sample = vectors
        if len(vectors) > TRAIN_MAX:  # seeded: a re-run trains the same codec
            rows = np.random.default_rng(0).choice(len(vectors), TRAIN_MAX, replace=False)
            sample = vectors[np.sort(rows)]
        index.train(sample)
        write_index_atomically(index, trained)
        return index

    def rows(self, name: str, rows: np.ndarray) -> np.ndarray:
        """The float32 vectors at ``rows`` of shard ``name``; FileNotFoundError when the
        shard is gone (merged away by a compaction after the caller located it)."""
        index, codes = self._mapped(name)
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) and rows[-1] - rows[0] == len(rows) - 1 and np.all(np.diff(rows) == 1):
            picked = codes[rows[0] : rows[-1] + 1]  # one contiguous run: no copy
        else:
            picked = codes[rows]
        # FAISS decodes fp16 with SIMD, about 3x faster than numpy's astype.
        return index.sa_decode(picked)

    def can_scan(self, name: str) -> bool:
        """Whether shard ``name``'s codes can be scored in place (scalar quantisers:
        f16, sq8, sq4; not pq)."""
        return isinstance(self._mapped(name)[0], faiss.IndexScalarQuantizer)

    def inner_products(self, name: str, start: int, count: int, query: np.ndarray) -> np.ndarray:
        """The inner product of ``query`` with each decoded row ``start`` … ``start +
        count - 1`` of shard ``name``, scored on the stored codes by FAISS's SIMD scanner
        straight from the mapped file: nothing is decoded to floats (the same products
        as decoding first, up to float rounding; ~6x faster)."""
        return self._scan(name, start, count, query, faiss.METRIC_INNER_PRODUCT)

    def norms(self, name: str, rows: np.ndarray) -> np.ndarray:
        """The norms of the decoded rows ``rows`` of shard ``name``: scored on the codes
        once per shard row (the distance to the origin) and kept (4 bytes a row) while
        the shard is open."""
        index = self._mapped(name)[0]
        kept = self._norms.get(name)
        if kept is None:
            kept = self._norms[name] = np.full(index.ntotal, np.nan, dtype=np.float32)
        rows = np.asarray(rows, dtype=np.int64)
        missing = rows[np.isnan(kept[rows])]
        if len(missing):
            low, high = int(missing.min()), int(missing.max()) + 1
            origin = np.zeros(self.dim, dtype=np.float32)
            squares = self._scan(name, low, high - low, origin, faiss.METRIC_L2)
            kept[low:high] = np.sqrt(np.maximum(squares, 0))
        return kept[rows]

    def _scan(
        self, name: str, start: int, count: int, query: np.ndarray, metric: int
    ) -> np.ndarray:
        """Every row's inner product with (or squared L2 distance to) ``query``."""
        index, codes = self._mapped(name)
        query = np.ascontiguousarray(query, dtype=np.float32)
        part = np.ascontiguousarray(codes[start : start + count])  # a view: no copy
        scanner = index.sq.select_InvertedListScanner(metric, None, True, None, False)
        scanner.set_query(faiss.swig_ptr(query))
        scanner.set_list(0, 0.0)  # with store_pairs, a label is (list << 32) | offset
        # A range search with a radius that keeps every row: all scores, no heap.
        result = faiss.RangeSearchResult(1)
        partial = faiss.RangeSearchPartialResult(result)
        keep_all = -FLOAT_MAX if metric == faiss.METRIC_INNER_PRODUCT else FLOAT_MAX
        scanner.scan_codes_range(count, faiss.swig_ptr(part), None, keep_all, partial.new_result(0))
        partial.finalize()
        found = int(faiss.rev_swig_ptr(result.lims, 2)[1])
        out = np.full(count, np.nan, dtype=np.float32)
        offsets = faiss.rev_swig_ptr(result.labels, found) & 0xFFFFFFFF
        out[offsets] = faiss.rev_swig_ptr(result.distances, found)
        return out

    def _mapped(self, name: str) -> tuple[faiss.Index, np.ndarray]:
        if name not in self._open:
            path = self.folder / name
            if not path.is_file():
                raise FileNotFoundError(path)
            # read_index already returns the concrete type; re-wrapping it with
            # downcast_index would let the owning proxy free the index under us.
            try:
                index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
            except RuntimeError:
                raise SensegrepError(
                    f"{path}: the vector shard is damaged (truncated or overwritten); "
                    "`sensegrep check` lists the files to index again"
                ) from None
            flat = faiss.rev_swig_ptr(index.codes.data(), index.ntotal * index.code_size)
            # Keep ``index`` alive with its view: the view borrows its memory.
            self._open[name] = (index, flat.reshape(index.ntotal, index.code_size))
        return self._open[name]

    def ann(self, name: str) -> faiss.Index:
        """The ANN file ``name`` (storage/ann.py), memory-mapped and kept open."""
        if name not in self._anns:
            path = self.folder / name
            if not path.is_file():
                raise FileNotFoundError(path)
            try:
                self._anns[name] = faiss.read_index(str(path), faiss.IO_FLAG_MMAP)
            except RuntimeError:
                raise SensegrepError(
                    f"{path}: the search-across-words file is damaged; `sensegrep "
                    "compact` rebuilds it"
                ) from None
        return self._anns[name]

    def check(self, name: str, count: int) -> str | None:
        """What is wrong with shard ``name`` expected to hold ``count`` vectors, or None."""
        path = self.folder / name
        if not path.is_file():
            return f"{path}: shard file missing"
        try:
            index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
        except RuntimeError as exc:
            return f"{path}: unreadable shard ({str(exc).splitlines()[0][:120]})"
        if index.ntotal != count or index.d != self.dim:
            return (
                f"{path}: holds {index.ntotal:,} vectors of {index.d} dimensions, "
                f"expected {count:,} of {self.dim}"
            )
        return None

    def close(self) -> None:
        self._open.clear()
        self._norms.clear()
        self._anns.clear()

    def remove_unreferenced(self, referenced: set[str]) -> list[str]:
        """Delete shard and temp files no committed transaction refers to."""
        removed = []
        if not self.folder.exists():
            return removed
        for path in self.folder.iterdir():
            if path.name not in referenced and path.suffix in (SHARD_SUFFIX, ".tmp"):
                path.unlink()
                removed.append(path.name)
        return removed

    def untrained(self) -> bool:
        """Whether the codec needs training and has none yet, so every shard is f16."""
        return self.codec != "f16" and not (self.folder / TRAINED_NAME).is_file()

    def disk_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        return sum(file_size(p) for p in self.folder.iterdir())


def write_index_atomically(index: faiss.Index, final: Path) -> None:
    """Write a FAISS file under a temporary name, fsync it, rename it into place."""
    tmp = final.with_suffix(".tmp")

    def write(temporary: Path) -> None:
        # Through Python's file, not faiss's own: faiss only prints a failed close (a
        # full disk) and leaves a truncated file; here it is an OSError naming the file.
        try:
            with temporary.open("wb") as handle:
                faiss.write_index(index, faiss.PyCallbackIOWriter(handle.write))
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(temporary)) from exc

    # Durable: the rename must reach the disk before the commit that publishes the
    # file; after a power loss the database must never name a missing file.
    write_whole(final, write, temporary=tmp, durable=True)


def new_codec(codec: str, dim: int) -> faiss.Index:
    """An empty FAISS index that stores vectors in ``codec`` (untrained when it needs
    training)."""
    if codec == "pq":
        if dim % 8:
            raise SensegrepError(f"--vectors pq needs a dimension divisible by 8, not {dim}")
        return faiss.IndexPQ(dim, dim // 8, 8, faiss.METRIC_INNER_PRODUCT)
    kinds = {
        "f16": faiss.ScalarQuantizer.QT_fp16,
        "sq8": faiss.ScalarQuantizer.QT_8bit,
        "sq4": faiss.ScalarQuantizer.QT_4bit,
    }
    return faiss.IndexScalarQuantizer(dim, kinds[codec], faiss.METRIC_INNER_PRODUCT)


def file_size(path: Path) -> int:
    """A file's size; 0 for a folder, or for a file a concurrent compaction just removed."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except FileNotFoundError:
        return 0
