"""German separable verbs: *fängt … an* has the lemma *fangen* and its particle *an* is a
token of its own (no lemmatiser joins them), so `search anfangen` counted only the
joined forms (*anfangen*, *anfing*), a total a German user took for the verb's. The
search says how many more the verb and its particle apart may be, and the pattern that
lists them (pass 32d)."""

from __future__ import annotations

import json
from pathlib import Path

import sensegrep

TEXTS = [
    "„Wir fangen morgen früh an“, sagte er.",
    "Der Bürgermeister fängt um acht Uhr mit der Arbeit an.",
    "Sie wollte endlich anfangen.",
    "Der Hund fängt den Ball.",
]


def _index(tmp_path: Path, lang: str) -> Path:
    path = tmp_path / "de.jsonl"
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(TEXTS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / f"idx-{lang}"
    sensegrep.build(idx, path, lang=lang, vectors_for="none", tagger="none").close()
    return idx


def test_a_separable_verb_searched_by_lemma_says_its_uses_with_the_particle_apart(
    tmp_path: Path,
) -> None:
    with sensegrep.open(_index(tmp_path, "de")) as index:
        hits = index.search("anfangen")
        counts = index.count("anfangen", "form")
        only = index.search("anfangen", doc="d0")
        listed = index.search("", cql='[lemma="fangen"%c] []{0,8} [word="an"%c]')
        plain = index.search("fangen")
    assert hits.total == 1  # "anfangen" alone: the joined form
    pattern = '[lemma="fangen"%c] []{0,8} [word="an"%c]'
    assert any("2 more matches may be 'anfangen'" in n and pattern in n for n in hits.notes), (
        hits.notes
    )
    assert any("2 more matches may be 'anfangen'" in n for n in counts.notes), counts.notes
    assert any("1 more match may be 'anfangen'" in n for n in only.notes), only.notes  # d0
    assert listed.total == 2  # what the note counts is what its pattern lists
    assert not any("separable" in n for n in plain.notes)  # fangen is no particle verb


def test_no_such_note_on_another_language(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, "nl")) as index:
        hits = index.search("anfangen", form=True)
    assert not any("separable" in n for n in hits.notes)


def test_a_dutch_separable_verb_says_its_uses_with_the_particle_apart(tmp_path: Path) -> None:
    """Dutch splits its separable verbs as German does (*belde … op*: opbellen), but only
    German text got the note: `search opbellen` said 1 match where the text has 3, unsaid
    (pass 35d)."""
    texts = [
        "De wethouder belde 's ochtends de provincie op.",
        "Ik bel je morgen op.",
        "Je moet haar opbellen.",
        "De bel ging.",
    ]
    path = tmp_path / "nl.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": t}) for i, t in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="nl", vectors_for="none") as index:
        hits = index.search("opbellen")
        listed = index.search("", cql='[lemma="bellen"%c] []{0,8} [word="op"%c]')
    assert hits.total == 1
    assert any(
        "2 more matches may be 'opbellen'" in n and "Dutch separable verb" in n for n in hits.notes
    ), hits.notes
    assert listed.total == 2


def test_collocates_of_a_separable_verb_say_its_uses_with_the_particle_apart(
    tmp_path: Path,
) -> None:
    with sensegrep.open(_index(tmp_path, "de")) as index:
        table = index.collocates("anfangen", min_freq=1)
    assert table.node_freq == 1
    assert any("2 more matches may be 'anfangen'" in n for n in table.notes), table.notes


def test_a_separable_verb_used_only_apart_is_no_bare_no_occurrences(tmp_path: Path) -> None:
    """`search opbellen` on text that only writes *belde … op* raised "no occurrences"
    (nearest: 'bellen') and nothing of the uses with the particle apart, which a search
    that found one joined form said in a note (pass 35m)."""
    import pytest

    from sensegrep.errors import QueryError

    path = tmp_path / "nl.jsonl"
    texts = ["De wethouder belde de provincie op.", "De bel ging."]
    lines = [json.dumps({"id": f"n{i}", "text": t}) for i, t in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = sensegrep.build(tmp_path / "idx", path, lang="nl", vectors_for="none")
    with index, pytest.raises(QueryError) as raised:
        index.search("opbellen")
    said = str(raised.value)
    assert said.startswith("no occurrences of 'opbellen'")
    assert "1 more match may be 'opbellen' with its particle apart" in said
    assert '[lemma="bellen"%c] []{0,8} [word="op"%c]' in said
