"""api/vectors.py: what `vectors add` says of the tokens it left without vectors."""

from __future__ import annotations

from sensegrep.api.vectors import _written_otherwise


def test_the_command_a_written_otherwise_note_offers_names_every_lemma_it_counts() -> None:
    """A form tagged with four other lemmas still without vectors: the note counted the
    tokens of all four but its `sensegrep vectors add` named the first three, which
    left the fourth's tokens without vectors though it said it "gives them theirs"."""
    written = {"saw": {"see": 3, "saw": 2, "sawe": 1, "seen": 1}}
    (note,) = _written_otherwise(written, complete=set())
    assert note.startswith("7 more tokens are written 'saw' with another lemma"), note
    assert "`sensegrep vectors add see saw sawe seen` gives them theirs" in note, note
