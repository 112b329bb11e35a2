"""--count sense of a lemma written in two cases (a CoNLL-U PROPN keeps "Court"): one
run, so one row a sense, as `senses` counts it."""

from __future__ import annotations

from pathlib import Path

import sensegrep

from ..helpers import conllu


def test_a_sense_is_one_row_whatever_the_lemma_s_case(tmp_path: Path) -> None:
    sentences = [
        (["newdoc id = d1"], "The/the/DET court/court/NOUN ruled/rule/VERB"),
        ([], "The/the/DET High/High/PROPN Court/Court/PROPN sat/sit/VERB"),
        (["newdoc id = d2"], "A/a/DET clay/clay/NOUN court/court/NOUN dried/dry/VERB"),
        ([], "The/the/DET Court/Court/PROPN agreed/agree/VERB"),
    ]
    (tmp_path / "c.conllu").write_text(conllu(*sentences), encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", tmp_path / "c.conllu", model="fake:16") as idx:
        run = idx.senses("court", n=1)
        assert [s.size for s in run.senses] == [4]
        rows = idx.count("court", "sense")
        assert [(r["value"], r["count"], r["lemma"]) for r in rows] == [(1, 4, "court")]
        assert {h.sense for h in idx.search("court")} == {1}
