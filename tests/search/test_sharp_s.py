"""ß and ss: STRASSE (a capital ß is written SS) and Swiss Strasse are Straße to a
German reader, but a lookup lower-cases STRASSE to strasse, another word. A search says
how many matches it leaves out so, and ``--count`` (which case-folded ß to ss, alone
of the counts) keeps them apart as search and ``freq`` do."""

from __future__ import annotations

import json
from pathlib import Path

import sensegrep

TEXTS = ["Die Straße war lang.", "Auf der STRASSE standen Häuser.", "Die Straßen von Zürich."]


def _index(tmp_path: Path) -> Path:
    path = tmp_path / "de.jsonl"
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(TEXTS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, path, lang="de", vectors_for="none").close()
    return idx


def test_a_search_says_what_it_leaves_out_for_spelling_sharp_s_as_ss(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as index:
        sharp = index.search("Straße")
        double = index.search("STRASSE", form=True)
        other = index.search("Zürich")
        only = index.search("Straße", doc="d0")
    assert sharp.total == 2 and double.total == 1
    assert any(
        "1 more match spells ß as ss" in n and '[lemma="strasse"%c]' in n for n in sharp.notes
    ), sharp.notes
    assert any(
        "2 more matches spell ss as ß" in n or "1 more match spells ss as ß" in n
        for n in double.notes
    ), double.notes
    assert not any("ß" in n for n in other.notes) and not any("ß" in n for n in only.notes)


def test_count_keeps_sharp_s_and_ss_apart_as_freq_does(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as index:
        counts = index.count("", "lemma", cql='[lemma="stra(ß|ss)e"%c]')
        rows = {row["item"]: row["freq"] for row in index.freq(by="lemma", k=100)}
    counted = {row["value"]: row["count"] for row in counts}
    assert counted == {"straße": 2, "strasse": 1}
    assert rows["straße"] == 2 and rows["strasse"] == 1


def test_a_search_says_what_it_leaves_out_for_spelling_oe_as_o_and_e(tmp_path: Path) -> None:
    """French œ typed as oe (oeuvre for œuvre, as a keyboard without œ writes it) is
    another word to a lookup, and simplemma lemmatises it at random (oeuvre: oeuvrer;
    coeur: cœur): `search œuvre` counted 1 of 2, unsaid. A search says how many more
    matches spell it the other way, and none it already has (coeur, lemma cœur)."""
    path = tmp_path / "fr.jsonl"
    texts = ["Cette œuvre est belle.", "Une autre oeuvre du peintre.", "Le cœur et le coeur."]
    lines = [
        json.dumps({"id": f"f{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="fr", vectors_for="none") as index:
        ligature = index.search("œuvre")
        apart = index.search("oeuvre", form=True)
        heart = index.search("cœur")
        listed = index.search("", cql='[(lemma="oeuvre"%c | word="oeuvre"%c) & lemma!="œuvre"%c]')
    assert ligature.total == 1 and listed.total == 1
    assert any("1 more match spells œ as oe" in n for n in ligature.notes), ligature.notes
    assert any(
        "1 more match spells oe as œ" in n and '[word="œuvre"%c]' in n for n in apart.notes
    ), apart.notes
    assert heart.total == 2 and not any("œ" in n for n in heart.notes), heart.notes
