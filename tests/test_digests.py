"""digests: a corpus file's digest tells its reading rules too."""

from __future__ import annotations

from pathlib import Path

from sensegrep import digests


def test_a_corpus_files_digest_marks_lone_crs_only(tmp_path: Path) -> None:
    """Bytes alone for LF and CRLF files (indexes hold them so); a mark after the bytes
    of a file with a lone CR, wherever it falls (across the digest's blocks too)."""

    def digest(content: bytes) -> tuple[bool, bool]:
        path = tmp_path / "f.txt"
        path.write_bytes(content)
        plain = digests.file_sha256(path)
        return digests.corpus_file_sha256(path) != plain, plain == digests.file_sha256(path)

    assert digest(b"a\nb\n") == (False, True)
    assert digest(b"a\r\nb\r\n") == (False, True)
    assert digest(b"a\rb\r") == (True, True)
    assert digest(b"a\r\r\n") == (True, True)
    cut = b"x" * (digests.BLOCK - 1) + b"\r"  # a CR ending the first block
    assert digest(cut + b"\nmore\n") == (False, True)
    assert digest(cut + b"more\n") == (True, True)
