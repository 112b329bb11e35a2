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


# Appended after them to the digest of a file named as VRT is with a line that opens an
# XML comment it does not close, without a tab (a VRT token line's columns hold one): VRT
# readers skip such a comment to its -->, where older ones took each line of it for a
# token ("a comment", "-->"); an index holding the file under its older digest read it
# so, and reads it again. (Wrongly found, a file is read again once: nothing worse.)
COMMENT_MARK = b"\0XML comments over several lines"
_BOM = b"\xef\xbb\xbf"  # UTF-8's byte order mark
# Lines longer than this are past what a VRT reader takes: looked at no further.
_LONGEST_LINE = 4_000_002
# The files whose comments are looked for: those named as VRT is (a file read as VRT by
# --format alone keeps its older reading, as before the mark; Raganato's XML parser
# always read its comments right).
VRT_SUFFIXES = (".vrt", ".vert", ".xml")


def corpus_file_sha256(path: Path) -> str:
    """The SHA-256 of a corpus file: of its bytes, then of ``LONE_CR_MARK`` when a CR of
    it is not in a CRLF, of ``CR_CR_LF_MARK`` when it holds a CR CR LF, and of
    ``COMMENT_MARK`` when a line of a file named as VRT is opens an XML comment over
    several lines."""
    return corpus_file_digests(path)[0]


def corpus_file_digests(path: Path) -> tuple[str, ...]:
    """``corpus_file_sha256`` of a file, then the digests an older sensegrep gave it
    where they differ, newest first: each with one mark fewer, down to its bytes'."""
    digest, lone, doubled, tail = hashlib.sha256(), False, False, b""
    looking, comment = _named_as_vrt(path), False
    line = b""  # the start of the line going on past the block read
    with path.open("rb") as fin:
        while block := fin.read(BLOCK):
            digest.update(block)
            if looking and not comment:
                # Readers drop a byte order mark before the first line: "<!--" after one
                # opens a comment (a file saved by Notepad).
                first = fin.tell() == len(block)
                seen = block.removeprefix(_BOM) if first else block
                comment, line = _comment_opened(line, seen)
            if doubled or (b"\r" not in block and not tail):
                continue
            data = tail + block  # the last bytes before: a CR there may begin a CRLF
            end = len(data) - 1 if data.endswith(b"\r") else len(data)
            lone = lone or LONE_CR.search(data, 0, end) is not None
            doubled = b"\r\r\n" in data
            tail = data[-2:] if b"\r" in data[-2:] else b""
    comment = comment or (looking and _opens_comment(line))
    versions = [digest.hexdigest()]
    for mark, found in (
        (LONE_CR_MARK, lone or tail.endswith(b"\r")),
        (CR_CR_LF_MARK, doubled),
        (COMMENT_MARK, comment),
    ):
        if found:
            digest.update(mark)
            versions.insert(0, digest.hexdigest())
    return tuple(versions)


def _named_as_vrt(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(VRT_SUFFIXES) and not name.endswith(".data.xml")


def _comment_opened(line: bytes, block: bytes) -> tuple[bool, bytes]:
    """Whether a whole line of ``line`` + ``block`` opens an XML comment over several
    lines; the start of the last line, which may go on in the next block."""
    data = line + block
    end = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
    whole = data[:end]
    if b"<!--" in whole:
        found = [text for text in whole.splitlines() if b"<!--" in text]
        if any(map(_opens_comment, found)):
            return True, b""
    return False, data[end:][:_LONGEST_LINE]


def _opens_comment(line: bytes) -> bool:
    """A line the VRT reader takes for the start of a comment over several lines."""
    text = line.strip()
    return text.startswith(b"<!--") and b"\t" not in text and b"-->" not in text[4:]


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
