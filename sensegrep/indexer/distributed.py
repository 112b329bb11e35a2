"""Indexing on Ray (`sensegrep index --ray`): Ray Data reads the files and a pool of
embedder actors computes the vectors; this process replays the stream, in file order,
through the local Indexer's own logic and commits each batch as a local run does.

So the index is the one a local run makes (same documents, ids, occurrences; the same
vectors from a deterministic encoder): file skip by content hash, document dedup,
--on-duplicate, retirement of changed files and error reporting all happen here, on
the one process that writes the index. Workers only read and embed.

ray is imported only when --ray is used; it comes with the ``cluster`` extra.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import pickle
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from sensegrep import failpoints
from sensegrep.document import Document
from sensegrep.embedder.base import Embedder, EmbedderConfig
from sensegrep.errors import InputError, SensegrepError
from sensegrep.indexer.pipeline import (
    EmbeddedDocument,
    Indexer,
    IndexOptions,
    IndexReport,
    embed_occurrences,
)
from sensegrep.indexer.readers import TEXT_FORMATS, read_documents
from sensegrep.storage import Index
from sensegrep.tagger import analyser

MISSING_RAY = "--ray needs the cluster extra: pip install 'sensegrep[cluster]'"
# A read task is mostly waiting on the disk: asking for a sliver of a CPU lets it run
# beside the embedder actors, which would otherwise hold every CPU and starve it.
READ_CPUS = 0.25
# Documents per actor call: few, because a document can be a whole text (a SemCor one
# has ~100 sentences) and the batches must spread over every worker; the per-call cost
# of Ray (about a millisecond) is small beside embedding even four short sentences.
ROWS_PER_BATCH = 4
# Reached in an actor after it embedded a batch and before it returns it: the test
# that kills a worker mid-batch stops the process here.
FAILPOINT = "ray:before-return"
CONNECT_TIMEOUT_S = 10.0

Item = Document | InputError


@dataclass(frozen=True)
class ClusterOptions:
    address: str | None = None  # None or "local": start a local Ray instance
    workers: int = 1  # embedder actors
    cpus_per_worker: float = 1.0


@dataclass(frozen=True)
class _File:
    path: Path
    name: str
    size: int
    sha: str
    fmt: str


class RayIndexer(Indexer):
    """An Indexer whose files are read and embedded on Ray (see the module docstring)."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        options: IndexOptions | None = None,
        on_error: Callable[[InputError], None] | None = None,
        cluster: ClusterOptions | None = None,
    ) -> None:
        super().__init__(index, embedder, options, on_error)
        self.cluster = cluster or ClusterOptions()

    def run(self, paths: Sequence[Path]) -> IndexReport:
        verbose = bool(self.options.progress)
        with ray_session(self.cluster, verbose) as ray:
            self._ray = ray
            return super().run(paths)

    def _index_files(self, files: Sequence[tuple[Path, str, int, bool]]) -> None:
        # Files already indexed or unreadable are settled here, before any goes to Ray.
        admitted = []
        for path, name, size, in_folder in files:
            found = self._admit(path, name, in_folder)
            if found is None:
                self._progress.advance_file(size)
            else:
                admitted.append(_File(path, name, size, *found))
        if any(f.fmt in TEXT_FORMATS for f in admitted):
            # As read_documents would, before Ray starts (the manifest's check was in
            # _admit).
            analyser(self.options.lang, self.options.tagger, self.options.parse)
        if admitted:
            rows = self._stream(admitted)
            try:
                self._replay(admitted, rows)
            finally:
                rows.close()  # an error here: stop Ray Data's executor before Ray shuts down
        again = self._copies_of_nothing()
        if again:  # copies of a file that gave nothing: read each, as a local run does
            self._index_files(again)

    def _replay(self, files: Sequence[_File], rows: Iterator[tuple[int, Item | None]]) -> None:
        """Feed each file's items to the local logic, as reading it here would."""
        for number, group in itertools.groupby(rows, key=lambda row: row[0]):
            file = files[number]
            # Admitted before the run, but an earlier file of this run may have had the
            # same content and been committed since: a local run would skip it now.
            indexed = self.index.file_with_content(file.sha)
            if indexed is not None:
                self.report.files_skipped += 1
                if indexed != file.name:
                    self.report.files_copies.append((file.name, indexed))
            else:
                self._progress.start_file(file.path, file.size)
                items = (item for _, item in group if item is not None)
                self._add_file(items, file.name, file.sha, file.size, file.path, file.fmt)
            self._progress.advance_file(file.size)

    def _stream(self, files: Sequence[_File]) -> Iterator[tuple[int, Item | None]]:
        """(file number, item) in file order; None ends each file, so that a file with
        no documents is still seen (and recorded as indexed)."""
        dataset = self._dataset(files)
        dim = self.embedder.dim
        # iter(): iter_batches gives an iterable; its iterator's close() is what shuts
        # the executor down at once (a for loop's hidden one waits for the collector).
        batches = iter(dataset.iter_batches(batch_size=None, batch_format="numpy"))
        try:
            for batch in batches:
                for number, raw, vectors in zip(
                    batch["file"], batch["item"], batch["vectors"], strict=True
                ):
                    yield int(number), _unpack(raw, vectors, dim)
        except Exception as exc:
            # A SensegrepError raised on a worker (an unknown language, a model that
            # loads differently there) stays a one-line message.
            cause = _user_error(exc)
            if cause is None:
                raise
            raise cause from None
        finally:
            close = getattr(batches, "close", None)
            if close is not None:
                close()

    def _dataset(self, files: Sequence[_File]) -> Any:
        data = self._ray.data
        records = [
            {"file": i, "path": str(f.path.absolute()), "name": f.name, "fmt": f.fmt}
            for i, f in enumerate(files)
        ]
        cluster = self.cluster
        # Tests: a failpoint set in this process must reach the actors.
        runtime_env = {"env_vars": failpoints.environment()} if failpoints.environment() else None
        return (
            data.from_items(records, override_num_blocks=len(records))  # one task per file
            .flat_map(
                _read_file,
                fn_kwargs={
                    "lang": self.options.lang,
                    "tagger": self.options.tagger,
                    "parse": self.options.parse,
                },
                num_cpus=READ_CPUS,
            )
            .repartition(target_num_rows_per_block=ROWS_PER_BATCH)
            .map_batches(
                EmbedActor,
                fn_constructor_kwargs={
                    "config": self.embedder.config.to_dict(),
                    "all_tokens": self.options.all_tokens,
                    "threads": max(int(cluster.cpus_per_worker), 1),
                },
                batch_size=ROWS_PER_BATCH,
                batch_format="numpy",
                concurrency=cluster.workers,
                num_cpus=cluster.cpus_per_worker,
                runtime_env=runtime_env,
                # Ray Data restarts a dead actor and retries its batch by itself
                # (max_restarts and max_task_retries -1 are its defaults for actors).
            )
        )


class EmbedActor:
    """One embedder per actor, loaded once from the config the driver's embedder has."""

    def __init__(self, config: dict[str, Any], all_tokens: bool, threads: int) -> None:
        from sensegrep.embedder import load_embedder_from_config
        from sensegrep.embedder.threads import set_encoder_threads

        set_encoder_threads(threads)  # before loading: an ONNX session fixes its threads
        self.embedder = load_embedder_from_config(EmbedderConfig.from_dict(config))
        self.all_tokens = all_tokens

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        items = [pickle.loads(raw) for raw in batch["item"]]
        documents = [item for item in items if isinstance(item, Document)]
        vectors = iter(embed_occurrences(self.embedder, documents, self.all_tokens))
        batch["vectors"] = np.array(
            [next(vectors).tobytes() if isinstance(i, Document) else b"" for i in items],
            dtype=object,
        )
        failpoints.reach(FAILPOINT)
        return batch


def _read_file(
    record: dict[str, Any], lang: str, tagger: str | None, parse: bool
) -> Iterator[dict[str, Any]]:
    """One row per document or InputError of a file, in file order, then its end."""
    items = read_documents(
        Path(record["path"]),
        record["fmt"],
        name=record["name"],
        lang=lang,
        tagger=tagger,
        parse=parse,
    )
    for item in itertools.chain(items, [None]):
        yield {"file": record["file"], "item": _pack(item)}


def _pack(item: Item | None) -> bytes:
    # An exception pickles as its message alone, which InputError's constructor cannot
    # take back: send its fields.
    if isinstance(item, InputError):
        return pickle.dumps(tuple(getattr(item, f.name) for f in fields(item)))
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(raw: bytes, vectors: bytes, dim: int) -> Item | None:
    item = pickle.loads(raw)
    if isinstance(item, tuple):
        return InputError(*item)
    if isinstance(item, Document):
        found = np.frombuffer(vectors, dtype=np.float32).reshape(-1, dim)
        return EmbeddedDocument(
            **{f.name: getattr(item, f.name) for f in fields(item)}, vectors=found
        )
    return item


def _user_error(exc: BaseException | None) -> SensegrepError | None:
    """The SensegrepError a worker raised, out of Ray's wrappers (RayTaskError,
    UserCodeException), cut to its first line: Ray appends retry advice to it."""
    for _ in range(10):  # a chain of causes is short; never loop on a cyclic one
        if exc is None:
            return None
        if isinstance(exc, SensegrepError) and type(exc).__module__.startswith("sensegrep"):
            return SensegrepError(_first_line(exc))
        exc = getattr(exc, "cause", None) or exc.__cause__
    return None


@contextmanager
def ray_session(cluster: ClusterOptions, verbose: bool) -> Iterator[ModuleType]:
    """Ray, initialised for this run (an instance already running in this process is
    used as it is); shut down afterwards if this run started it."""
    ray = import_ray()
    _quiet_ray_data(ray, verbose)
    started = False
    if not ray.is_initialized():
        _init(ray, cluster, verbose)
        started = True
    try:
        _check_cpus(ray, cluster)
        yield ray
    finally:
        if started:
            _let_ray_data_finish()
            ray.shutdown()


def _let_ray_data_finish(timeout: float = 60.0) -> None:
    """Ray Data's executor threads and actor handles, ended while Ray still runs: one
    touching the worker after ray.shutdown() makes Ray end the process at once (exit 1),
    before a run's error is printed. The executor's own shutdown waits 2 s only, which a
    loaded machine outlasts."""
    gc.collect()  # handles held in cycles (an error's traceback) go now, not after
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and _is_ray_data(thread):
            thread.join(max(0.0, deadline - time.monotonic()))
    gc.collect()


def _is_ray_data(thread: threading.Thread) -> bool:
    return type(thread).__module__.startswith("ray.data")


def import_ray() -> ModuleType:
    """ray, or the one-line SensegrepError that says how to install it."""
    try:
        import ray
        import ray.data  # the extra brings Ray Data with Ray
    except ImportError:
        raise SensegrepError(MISSING_RAY) from None
    return ray


def _init(ray: ModuleType, cluster: ClusterOptions, verbose: bool) -> None:
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": verbose,
        "logging_level": logging.INFO if verbose else logging.ERROR,
    }
    local = cluster.address in (None, "local")
    if local:
        # At least one CPU beyond the actors' so the read tasks always get to run.
        needed = int(np.ceil(cluster.workers * cluster.cpus_per_worker)) + 1
        kwargs.update(address="local", num_cpus=max(os.cpu_count() or 1, needed))
    else:
        _check_reachable(cluster.address)
        kwargs["address"] = cluster.address
    try:
        ray.init(**kwargs)
    except Exception as exc:  # Ray raises several kinds; all mean the same here
        where = "start a local Ray instance" if local else f"reach Ray at {cluster.address}"
        raise SensegrepError(f"cannot {where}: {_first_line(exc)}") from None


def _check_cpus(ray: ModuleType, cluster: ClusterOptions) -> None:
    """Refuse a cluster whose CPUs the embedder actors would take all of: the tasks that
    read the files and cut them into batches (one CPU) would never be scheduled, and the
    run would wait for ever without a word."""
    have = float(ray.cluster_resources().get("CPU", 0))
    taken = cluster.workers * cluster.cpus_per_worker
    if have < taken + 1:
        where = f" at {cluster.address}" if cluster.address not in (None, "local") else ""
        raise SensegrepError(
            f"the Ray cluster{where} has {have:g} CPU(s): --workers {cluster.workers} × "
            f"--cpus-per-worker {cluster.cpus_per_worker:g} take {taken:g}, and reading the "
            f"files needs 1 more, else the run waits for ever: give fewer --workers or "
            f"--cpus-per-worker, or the cluster more CPUs (ray start --num-cpus, more nodes)"
        )


def _check_reachable(address: str) -> None:
    """Fail fast when nothing listens at host:port: ray.init would retry for ever."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return  # "auto": Ray finds the address itself, and says so when it cannot
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise SensegrepError(f"cannot reach Ray at {address}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    lines = (getattr(exc, "strerror", None) or str(exc)).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _quiet_ray_data(ray: ModuleType, verbose: bool) -> None:
    """Documents in file order, and no progress bars or execution logs on stderr unless
    --progress (sensegrep's own bar stays). Set on the current DataContext, which each
    new Dataset copies."""
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = verbose
    context.print_on_execution_start = verbose
    # Errors raised in a worker keep their own type, so a SensegrepError stays one line.
    context.raise_original_map_exception = True
    # Not even its errors: the one that stops a run is raised here and reported once.
    logging.getLogger("ray.data").setLevel(logging.INFO if verbose else logging.CRITICAL)
