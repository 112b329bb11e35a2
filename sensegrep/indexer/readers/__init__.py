"""Input readers: files in, :class:`~sensegrep.document.Document` objects out.

``read_documents`` yields Documents and, for bad input, :class:`InputError` values
(never raises them). A fatal error means the whole file is skipped and comes before
any document of that file; a non-fatal one skips one record and reading goes on.
Formats and their conventions are described in each module: ``text`` (txt),
``jsonl``, ``conllu``, ``vrt`` and ``raganato``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from sensegrep.choices import INPUT_FORMATS as FORMATS
from sensegrep.detect import input_format
from sensegrep.document import Document
from sensegrep.errors import InputError, SensegrepError
from sensegrep.indexer.readers import _common, conllu, jsonl, raganato, text, vrt
from sensegrep.indexer.readers._common import MAX_LINE_CHARS
from sensegrep.tagger import analyser

__all__ = [
    "FORMATS",
    "MAX_LINE_CHARS",
    "TEXT_FORMATS",
    "detect_format",
    "detected_format",
    "hidden_files",
    "iter_files",
    "keys_of",
    "read_documents",
]

# Formats whose text sensegrep tokenises and tags itself (the others carry tokens).
TEXT_FORMATS = ("txt", "jsonl")


Reader = Callable[..., Iterator[Document | InputError]]
_READERS: dict[str, Reader] = {
    "txt": text.read,
    "jsonl": jsonl.read,
    "conllu": conllu.read,
    "vrt": vrt.read,
    "raganato": raganato.read,
}
_EXTENSIONS = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".conllu": "conllu",
    ".vrt": "vrt",
    ".vert": "vrt",
    ".xml": "raganato",  # covers *.data.xml
}
_KEY_SUFFIX = ".gold.key.txt"


def detect_format(path: Path) -> str:
    """The format a file's extension names, else the one its first lines show
    (sensegrep/detect.py); SensegrepError when neither tells."""
    return detected_format(path)[0]


def detected_format(path: Path) -> tuple[str, bool]:
    """(the file's format, whether its content told it rather than its extension): an
    extension that names a format wins (but .xml, not .data.xml, whose first lines may
    show VRT); a file with another extension or none is told by its first lines (JSONL
    records with text, CoNLL-U, VRT, Raganato XML; plain text is never guessed).
    SensegrepError, listing the formats, when neither tells."""
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt == "raganato" and not _is_data_xml(path) and input_format(path) == "vrt":
        return "vrt", True  # a vertical file under .xml, as it looks like XML
    if fmt is not None:
        return fmt, False
    fmt = input_format(path)
    if fmt is not None:
        return fmt, True
    packed = _compressed_file(path)
    if packed is not None:  # --format would not help: it is no text
        raise SensegrepError(f"{path}: {packed}")
    shown = f"extension {path.suffix!r}" if path.suffix else "no extension"
    raise SensegrepError(
        f"{path}: cannot tell the format from its {shown} or its first lines; pass "
        f"--format (one of {', '.join(FORMATS)})"
    )


def _compressed_file(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            # (200 bytes: a .docx zip's first member's name is at byte 30)
            return _common.compressed(handle.read(200))
    except OSError:
        return None


def _is_data_xml(path: Path) -> bool:
    return path.name.lower().endswith(".data.xml")


def read_documents(
    path: Path,
    fmt: str,
    *,
    name: str | None = None,
    lang: str = "en",
    tagger: str | None = None,
    parse: bool = False,
    streamed: bool = False,
) -> Iterator[Document | InputError]:
    """Yield the documents of one file, and InputErrors for what could not be read.

    ``name`` is how the file is shown in messages and the base of derived document
    ids (default ``str(path)``); ``lang`` is the language txt/jsonl are analysed in,
    ``tagger`` and ``parse`` how (sensegrep/tagger.py: spaCy or simplemma); formats that
    carry their own tokens and POS are never re-tagged. ``streamed``: a plain-text
    file's document is a ``text.StreamedDocument``, its sentences analysed a piece at a
    time as its ``pieces()`` are read. Raises SensegrepError (before reading) for an
    unknown format, language or tagger.
    """
    reader = _READERS.get(fmt)
    if reader is None:
        raise SensegrepError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    shown = name if name is not None else str(path)
    if fmt in TEXT_FORMATS:
        reader = partial(reader, analyse=analyser(lang, tagger, parse))
    if fmt == "txt" and streamed:
        reader = partial(reader, streamed=True)
    try:
        for item in reader(path, shown, lang):
            if fmt in TEXT_FORMATS and isinstance(item, Document):
                item.lang = lang
            yield item
    except InputError as error:
        yield error
    except OSError as exc:  # e.g. the disk failing halfway: still only skip the file
        yield InputError(shown, f"cannot read: {exc.strerror or exc}")


def iter_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str]]:
    """Expand folders into their files: (file, display name).

    A file given directly is shown as given. A folder is walked recursively in sorted
    order, skipping hidden files and folders (name starting with '.'), symlinked
    folders (they can loop) and gold key files of Raganato data (``X.gold.key.txt``
    next to ``X.data.xml``/``X.xml``: they belong to that file, they are no text);
    its files are shown relative to the folder, with '/' separators.
    """
    for root in paths:
        if root.is_dir():
            yield from _walk(root)
        else:
            yield root, display_name(str(root))


def display_name(name: str) -> str:
    """A file name as text that can be shown and stored: bytes that are not UTF-8 (kept
    by Python as lone surrogates) become ``\\xNN`` escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        names = set(filenames)
        for file_name in filenames:
            if file_name.startswith(".") or _is_key_file(file_name, names):
                continue
            file = Path(folder) / file_name
            found.append((file.relative_to(root).parts, file))
    for parts, file in sorted(found):
        yield file, display_name("/".join(parts))


def hidden_files(paths: Sequence[Path]) -> list[str]:
    """The files of the folders among ``paths`` that their walk leaves out as hidden (a
    name starting with '.', or inside such a folder) and whose extension names a format
    (``.notes/chapter1.txt``), shown as the walk shows files: a folder's text left out
    with nothing said. macOS's ``._NAME`` copies of a file's metadata are no text, nor
    are the files of a tool's folder (_TOOL_FOLDERS: .git, .venv)."""
    found: list[tuple[str, ...]] = []
    for root in (path for path in paths if path.is_dir()):
        for folder, dirnames, filenames in os.walk(root):
            # a tool's own folder holds no text of the corpus (a .venv's thousands of
            # LICENSE.txt filled the note, and walking .git cost the time its size does)
            dirnames[:] = [d for d in dirnames if d not in _TOOL_FOLDERS]
            inside = Path(folder).relative_to(root).parts
            hidden_folder = any(part.startswith(".") for part in inside)
            for file_name in filenames:
                hidden = hidden_folder or file_name.startswith(".")
                if hidden and not file_name.startswith("._") and _named_format(file_name):
                    found.append((*inside, file_name))
    return [display_name("/".join(parts)) for parts in sorted(found)]


# Hidden folders that version control, environments, editors and caches make: the
# note on hidden files does not look in them.
_TOOL_FOLDERS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", ".tox", ".nox", ".idea", ".vscode",
    ".ipynb_checkpoints", ".cache", ".mypy_cache", ".pytest_cache", ".ruff_cache",
})  # fmt: skip


def _named_format(file_name: str) -> bool:
    return Path(file_name).suffix.lower() in _EXTENSIONS


def _is_key_file(file_name: str, siblings: set[str]) -> bool:
    if not file_name.endswith(_KEY_SUFFIX):
        return False
    stem = file_name[: -len(_KEY_SUFFIX)]
    return f"{stem}.data.xml" in siblings or f"{stem}.xml" in siblings


def keys_of(path: Path) -> Path | None:
    """The Raganato data file beside which ``path`` is the gold key file
    (``X.gold.key.txt`` next to ``X.data.xml`` or ``X.xml``), None when it is none:
    named on the command line (``index data/*``) it is read with that file, and is no
    text of its own."""
    if not path.name.endswith(_KEY_SUFFIX):
        return None
    stem = path.name[: -len(_KEY_SUFFIX)]
    for suffix in (".data.xml", ".xml"):
        data = path.with_name(stem + suffix)
        if data.is_file():
            return data
    return None
