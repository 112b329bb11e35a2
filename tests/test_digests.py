"""digests: a corpus file's digest tells its reading rules too."""

from __future__ import annotations

import hashlib
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


def test_a_cr_cr_lf_file_gets_a_mark_of_its_own(tmp_path: Path) -> None:
    """A CR CR LF is one line end since stop 46 (two, a blank line, in stops 44-45): the
    digest of a file holding one differs from that stops' (bytes and the lone-CR mark),
    wherever it falls across the digest's blocks; a file of lone CRs keeps its digest."""

    def digest(content: bytes) -> str:
        path = tmp_path / "f.txt"
        path.write_bytes(content)
        return digests.corpus_file_sha256(path)

    def stop_45(content: bytes) -> str:
        import hashlib

        return hashlib.sha256(content + digests.LONE_CR_MARK).hexdigest()

    for content in (b"a\rb\r", b"a\r\rb\r"):
        assert digest(content) == stop_45(content), content
    for cut in range(1, 4):  # the CR CR LF cut by a block's end after each of its bytes
        content = b"x" * (digests.BLOCK - cut) + b"\r\r\nmore\n"
        assert digest(content) != stop_45(content), cut
        content = b"x" * (digests.BLOCK - cut) + b"\r\rxmore\n"
        assert digest(content) == stop_45(content), cut


def test_a_corpus_files_digest_marks_xml_comments_over_several_lines(tmp_path: Path) -> None:
    """Pass 35a: VRT readers skip an XML comment over several lines to its -->, where
    older ones indexed each of its lines as a token; an index holding such a file under
    its older digest read it so, and skipped it as unchanged. A line that opens a comment
    it does not close, without a tab, marks the digest (wherever the blocks cut it); the
    older digests follow it, newest first."""

    def marked(content: bytes) -> bool:
        path = tmp_path / "f.vrt"
        path.write_bytes(content)
        found = digests.corpus_file_digests(path)
        assert found[-1] == digests.file_sha256(path)
        return len(found) > 1

    assert marked(b"<text>\n  <!--\nwords\n-->\n</text>\n")
    assert marked(b"<!-- opened here\r, closed -->\r")  # lone CRs end lines too
    assert not marked(b"<!-- one line -->\n<!---->\nx\n")
    assert not marked(b"<!--\tSYM\t<!--\n")  # a token line of the word <!--
    long = b"x" * (digests.BLOCK - 2) + b"\n <!"  # the opener cut by a block's end
    assert marked(long + b"-- a\nb -->\n") and not marked(long + b"-- a -->\n")
    path = tmp_path / "both.vrt"
    path.write_bytes(b"<!--\ra\r-->\r")
    newest, lone, plain = digests.corpus_file_digests(path)
    assert newest == digests.corpus_file_sha256(path) and plain == digests.file_sha256(path)
    assert lone == hashlib.sha256(path.read_bytes() + digests.LONE_CR_MARK).hexdigest()


def test_a_comment_after_a_byte_order_mark_marks_the_digest(tmp_path: Path) -> None:
    """Pass 36a: a VRT file saved with a byte order mark (Notepad's UTF-8) whose first
    line opens a comment over several lines was hashed without the comment mark, the
    BOM before its <!--, while readers drop the BOM and skip the comment: an index
    holding it as an older reader read it (the comment's last line a token, a document
    of its own) skipped it as unchanged, that token searchable and counted."""
    path = tmp_path / "bom.vrt"
    path.write_bytes(
        b"\xef\xbb\xbf<!-- hidden words\r\nmore hidden -->\r\n<text>\r\nx\r\n</text>\r\n"
    )
    newest, plain = digests.corpus_file_digests(path)
    assert plain == digests.file_sha256(path)
    assert newest == hashlib.sha256(path.read_bytes() + digests.COMMENT_MARK).hexdigest()
    path.write_bytes(b"\xef\xbb\xbf<!-- one line -->\r\n<text>\r\nx\r\n</text>\r\n")
    assert digests.corpus_file_digests(path) == (digests.file_sha256(path),)


def test_only_a_file_named_as_vrt_is_looks_for_comments(tmp_path: Path) -> None:
    """Only the VRT reader took a comment's lines for tokens: plain text holding one (a
    web page's) is hashed as before, not read again once for nothing."""
    for name, marked in (("a.txt", False), ("a.jsonl", False), ("a.VRT", True), ("a.xml", True)):
        path = tmp_path / name
        path.write_bytes(b"<!--\nwords\n-->\n")
        assert (len(digests.corpus_file_digests(path)) > 1) is marked, name
