"""SHA-256 digests of files, read in 1 MB blocks (ELMo weights and corpus files run to
hundreds of MB): the one helper for the indexer (a file's content, to tell a changed
file), the encoders (the weights an index is pinned to) and projections. A ground
module: it imports nothing of sensegrep."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

BLOCK = 1 << 20

# A carriage return not followed by a line feed: an old Mac line end, or the first CR of
# a CR CR LF.
LONE_CR = re.compile(rb"\r(?!\n)")
# Appended to the digest of a file with such a line end. Readers have taken a lone CR for
# a line end only since stop 44 (a VRT file was one garbage token, JSONL lost every
# record): an index holding such a file under its bytes' digest alone read it the old
# way, and reads it again rather than skip it as unchanged.
LONE_CR_MARK = b"\0lone CR line ends"
# Appended after it for a file with a CR CR LF, which readers take for one line end since
# stop 46 (two before, a blank line: a CoNLL-U sentence per token, plain text's sentences
# cut at every line), so that an index of stops 44-45 reads the file again.
CR_CR_LF_MARK = b"\0CR CR LF line ends"


def file_sha256(path: Path) -> str:
    """The SHA-256 of one file's bytes, as hex."""
    return _read_into(hashlib.sha256(), path).hexdigest()


def corpus_file_sha256(path: Path) -> str:
    """The SHA-256 of a corpus file: of its bytes, then of ``LONE_CR_MARK`` when a CR of
    it is not in a CRLF and of ``CR_CR_LF_MARK`` when it holds a CR CR LF."""
    digest, lone, doubled, tail = hashlib.sha256(), False, False, b""
    with path.open("rb") as fin:
        while block := fin.read(BLOCK):
            digest.update(block)
            if doubled or (b"\r" not in block and not tail):
                continue
            data = tail + block  # the last bytes before: a CR there may begin a CRLF
            end = len(data) - 1 if data.endswith(b"\r") else len(data)
            lone = lone or LONE_CR.search(data, 0, end) is not None
            doubled = b"\r\r\n" in data
            tail = data[-2:] if b"\r" in data[-2:] else b""
    if lone or tail.endswith(b"\r"):
        digest.update(LONE_CR_MARK)
    if doubled:
        digest.update(CR_CR_LF_MARK)
    return digest.hexdigest()


def files_sha256(paths: Iterable[Path]) -> str:
    """One SHA-256 over several files, each as its name, a NUL and its bytes, in the
    order given (a model folder's weight files, by name)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        _read_into(digest, path)
    return digest.hexdigest()


def _read_into(digest: hashlib._Hash, path: Path) -> hashlib._Hash:
    with path.open("rb") as fin:
        while block := fin.read(BLOCK):
            digest.update(block)
    return digest
