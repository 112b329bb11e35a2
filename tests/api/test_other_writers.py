"""An open ``SenseIndex`` (a web app's, a notebook's, the warm server the command line
sends its searches to) sees what another writer changed in the manifest: a text-only
index given an encoder by another process's ``vectors add`` is no longer called
text-only (issue 23: it said "this index has no vectors … add them" after they were
added, and ``info`` said ``vectors_for: none``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep import api

from ..helpers import write_jsonl

USAGE = "we sat on the grassy [[bank]] by the river"


def test_a_reader_sees_vectors_another_writer_added(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    write_jsonl(
        corpus,
        [
            {"id": f"d{i}", "text": text, "year": 2000 + i}
            for i, text in enumerate(
                ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
            )
        ],
    )
    folder = tmp_path / "idx"
    sensegrep.add(folder, corpus, vectors_for="none", tagger="none")
    with sensegrep.open(folder) as reader:
        assert reader.info()["vectors_for"] == "none"
        before = reader.search("bank", k=3)
        # Another writer: a SenseIndex of its own, as another process would open.
        api.add_vectors(folder, ["bank"], model="fake:16", vectors="f16")
        assert reader.info()["vectors_for"] == "chosen"
        assert reader.info()["occurrences"] == before.total == 12
        ranked = reader.search("bank", example=USAGE, k=20)
        with sensegrep.open(folder) as fresh:
            expected = fresh.search("bank", example=USAGE, k=20)
        assert [(h.id, round(h.score, 5)) for h in ranked] == [
            (h.id, round(h.score, 5)) for h in expected
        ]
        assert ranked.total == expected.total == 12


def test_labels_set_by_another_writer_change_a_label_search_s_state(tmp_path: Path):
    """Pass 28a: a search ranked by a label reads the word's labels; another process
    labelling between two of its pages moved its lines (page 2 was of another ranking)
    with the same ``index_state``, so no page said so. Its key takes the word's labels;
    a search not ranked by a label keeps the index's."""
    corpus = tmp_path / "c.jsonl"
    texts = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
    write_jsonl(corpus, [{"id": f"d{i}", "text": text} for i, text in enumerate(texts)])
    folder = tmp_path / "idx"
    sensegrep.build(folder, corpus, model="fake:16", tagger="none").close()
    with sensegrep.open(folder) as reader:
        ids = [h.id for h in reader.search("bank", k=20)]
        reader.label(ids[:1], "money")
        first = reader.search("bank", label="money", k=3)
        plain = reader.search("bank", k=3)
        assert reader.search("bank", label="money", k=3, offset=3).index_state == (
            first.index_state
        )
        with sensegrep.open(folder) as other:  # another writer
            other.label(ids[1:3], "money")
        second = reader.search("bank", label="money", k=3, offset=3)
        assert second.index_state != first.index_state
        assert reader.search("bank", k=3, offset=3).index_state == plain.index_state


def test_a_sense_timeline_and_map_are_read_of_one_state(tmp_path: Path, monkeypatch):
    """Pass 29a: ``senses_by`` read the run's occurrences, then the corpus's tokens and
    the word's every token; a document another process added between them was counted
    in the year's tokens and the word's matches but in no sense (a 2025 row of 62 tokens
    and 0 occurrences of each sense, under a word column of 4), and ``sense_map`` drew
    the occurrences of a document removed meanwhile. Each is now read again when the
    index changed under it."""
    from sensegrep.senses import plot
    from sensegrep.stats import timeline

    def api_remove(folder: Path) -> None:
        with sensegrep.open(folder) as other:
            other.remove(docs=["d0"])

    folder, late = _banks_of_2000(tmp_path)
    with sensegrep.open(folder) as reader:
        reader.senses("bank", 2)
        removed = {h.id for h in reader.search("bank", doc=["d0"])}
        counting, drawing = timeline.index_timeline, plot.sense_map

        def meanwhile(read, write):
            writes = [write]

            def again(*args, **kwargs):
                if writes:
                    writes.pop()()  # another process's write, once
                return read(*args, **kwargs)

            return again

        added = meanwhile(counting, lambda: sensegrep.add(folder, late, tagger="none"))
        monkeypatch.setattr(timeline, "index_timeline", added)
        monkeypatch.setattr(plot, "sense_map", meanwhile(drawing, lambda: api_remove(folder)))
        table = reader.senses_by("bank", "year")
        assert table.values == ["2000", "2025"]
        assert [sum(row) for row in table.counts] == [12, 1] == table.matches
        assert table.tokens[1] == 5
        points = reader.sense_map("bank")
        assert removed and not removed & set(points.ids)
        assert len(points.ids) == points.occurrences == 12  # 12, 1 added, 1 removed


def test_the_command_line_s_sense_table_counts_the_index_it_reads(tmp_path: Path):
    """Pass 29a: `senses bank --by year` tabulated the run as ``senses`` had read it,
    over the corpus's tokens read after: a document another process added between the
    two was in its year's tokens and the word's matches but in no sense. A stored run's
    table is read as ``senses_by`` reads it, of one state."""
    from sensegrep.api.senses import sense_table

    folder, late = _banks_of_2000(tmp_path)
    with sensegrep.open(folder) as reader:
        found = reader.senses("bank", 2)
        sensegrep.add(folder, late, tagger="none")  # another process, meanwhile
        table = sense_table(reader, found, "year")
    assert table.run == found.info.id
    assert [sum(row) for row in table.counts] == [12, 1] == table.matches


def test_a_statistic_of_senses_is_read_of_one_state(tmp_path: Path, monkeypatch):
    """Pass 29a: keywords' key senses read the corpus's tokens, then each word's run;
    a document another process added between them was in the run's occurrences but not
    in the tokens they were counted against (its occurrence put in another document's
    sentence, the reference's size without it). A statistic is now read again when the
    index changed under it: the table is the one a read after the write gives."""
    from sensegrep.api import keywords as module

    texts = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
    records = [{"id": f"d{i}", "text": t, "year": 2000 + 10 * (i % 2)} for i, t in enumerate(texts)]
    corpus, late = tmp_path / "c.jsonl", tmp_path / "late.jsonl"
    write_jsonl(corpus, records)
    write_jsonl(late, [{"id": "late", "text": "The river bank flooded over.", "year": 2010}])
    folder = tmp_path / "idx"
    sensegrep.build(folder, corpus, model="fake:16", tagger="none").close()
    asked = {"where": ["year=2000"], "key_senses": ["bank"], "direction": "both", "min_freq": 1}
    with sensegrep.open(folder) as reader:
        reader.senses("bank", 2)
        reading, writes = module._word_run, [lambda: sensegrep.add(folder, late, tagger="none")]

        def meanwhile(*args, **kwargs):
            if writes:
                writes.pop()()  # another process's `sensegrep index`, once
            return reading(*args, **kwargs)

        monkeypatch.setattr(module, "_word_run", meanwhile)
        table = reader.keywords(**asked)
        monkeypatch.undo()
        fresh = reader.keywords(**asked)
    assert not writes
    assert table.about()["reference_tokens"] == fresh.about()["reference_tokens"]
    assert list(table) == list(fresh)


def test_a_balanced_export_is_read_of_one_state(tmp_path: Path, monkeypatch):
    """Pass 29a: `export --balanced N --by sense` chose the occurrences, then read their
    sentences; a document another process removed between the two was exported, or
    left out so that a sense had N - 1 items with nothing said (19 of 10 + 10, 8 times
    in 811 exports while another process indexed and removed). It is now read again
    when the index changed under it: the items and notes a read after gives."""
    from sensegrep.storage import Index

    texts = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
    folder = tmp_path / "idx"
    sensegrep.build(folder, write_jsonl(tmp_path / "c.jsonl", records), model="fake:16",
                    tagger="none").close()  # fmt: skip
    with sensegrep.open(folder) as reader:
        run = reader.senses("bank", 2)
        smallest = min(run.senses, key=lambda s: s.size)
        one = reader.search("bank", sense=smallest.sense, k=1)[0].doc
        asked = {"balanced": smallest.size, "by": "sense"}
        reading, writes = Index.contexts, [lambda: reader.remove(docs=[one])]

        def meanwhile(*args, **kwargs):
            if writes:
                writes.pop()()  # another process's `sensegrep remove`, once
            return reading(*args, **kwargs)

        monkeypatch.setattr(Index, "contexts", meanwhile)
        items = reader.annotation_items("bank", **asked)
        monkeypatch.undo()
        fresh = reader.annotation_items("bank", **asked)
    assert not writes
    assert [i.occurrence.id for i in items] == [i.occurrence.id for i in fresh]
    assert items.notes == fresh.notes
    assert any("fewer occurrences" in note for note in items.notes)


def _banks_of_2000(tmp_path: Path) -> tuple[Path, Path]:
    """An index of 12 documents of 2000 with a bank each (fake encoder), and a file of
    one more, of 2025, for another process to add: (the index, that file)."""
    texts = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
    corpus, late = tmp_path / "c.jsonl", tmp_path / "late.jsonl"
    write_jsonl(corpus, [{"id": f"d{i}", "text": t, "year": 2000} for i, t in enumerate(texts)])
    write_jsonl(late, [{"id": "late", "text": "The river bank flooded.", "year": 2025}])
    folder = tmp_path / "idx"
    sensegrep.build(folder, corpus, model="fake:16", tagger="none").close()
    return folder, late


def test_a_reader_loads_the_encoder_of_an_index_made_again_with_another(tmp_path: Path):
    """An index folder deleted and indexed again with another model beside an open
    reader that had loaded the first encoder: its next ranked search uses the new
    index's encoder, as a fresh process does (it refused with 'built with the encoder
    fake:8, not fake:16: leave out --model …', though the reader was given none; pass
    32e)."""
    import shutil

    corpus = tmp_path / "c.jsonl"
    write_jsonl(
        corpus,
        [
            {"id": f"d{i}", "text": text}
            for i, text in enumerate(["The bank raised its rates.", "We sat on the bank."] * 3)
        ],
    )
    folder = tmp_path / "idx"
    sensegrep.add(folder, corpus, model="fake:16", tagger="none")
    with sensegrep.open(folder) as reader:
        assert len(reader.search("bank", example=USAGE, k=3)) == 3  # fake:16 loaded
        shutil.rmtree(folder)
        sensegrep.add(folder, corpus, model="fake:8", tagger="none")
        ranked = reader.search("bank", example=USAGE, k=6)
        with sensegrep.open(folder) as fresh:
            expected = fresh.search("bank", example=USAGE, k=6)
        assert [(h.id, round(h.score, 5)) for h in ranked] == [
            (h.id, round(h.score, 5)) for h in expected
        ]


@pytest.mark.parametrize("labelled", [0, 2])
def test_an_annotation_queue_is_read_of_one_state(tmp_path: Path, monkeypatch, labelled: int):
    """Pass 36n: the annotate page's queue read the word's occurrences, then their
    sentences; a document another process removed between the two made the annotator's
    GET /api/annotate/bank a 500 (KeyError, with two labels: classify's first occurrence)
    or a 400 "occurrence … was in a document removed since" (no labels yet) though the
    annotator did nothing wrong. It is now read again when the index changed under it."""
    from sensegrep.storage import Index

    texts = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
    folder = tmp_path / "idx"
    sensegrep.build(folder, write_jsonl(tmp_path / "c.jsonl", records), model="fake:16",
                    tagger="none").close()  # fmt: skip
    with sensegrep.open(folder) as reader:
        hits = list(reader.search("bank", k=20))
        for hit, label in zip(hits[3 : 3 + labelled], ["money", "river"], strict=False):
            reader.label([hit.id], label)
        reading, writes = Index.contexts, [lambda: reader.remove(docs=["d0"])]

        def meanwhile(*args, **kwargs):
            if writes:
                writes.pop()()  # another process's `sensegrep remove`, once
            return reading(*args, **kwargs)

        monkeypatch.setattr(Index, "contexts", meanwhile)
        queue = reader.annotation_queue("bank")
        monkeypatch.undo()
        fresh = reader.annotation_queue("bank")
    assert not writes
    assert queue == fresh
    assert queue["occurrences"] == 11 == len(texts) - 1
    assert queue["labelled"] == labelled
    assert "d0" not in {line["doc"] for line in queue["queue"]}
    assert len(queue["queue"]) == 11 - labelled


def test_a_word_s_label_counts_are_read_of_one_state(tmp_path: Path, monkeypatch):
    """Pass 36n: `labels` (and GET /api/labels/bank, the annotate page's progress line)
    read the word's occurrences, then their labels; a document another process removed
    between the two was in ``occurrences`` and its labelled occurrence counted as
    unlabelled (12 occurrences, 11 labelled, 1 unlabelled, where every one had a label:
    of no state of the index). It is now read again when the index changed under it."""
    from sensegrep.labels import labelling

    texts = ["The bank raised its rates.", "We sat on the grassy bank.", "A bank loan."] * 4
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
    folder = tmp_path / "idx"
    sensegrep.build(folder, write_jsonl(tmp_path / "c.jsonl", records), model="fake:16",
                    tagger="none").close()  # fmt: skip
    with sensegrep.open(folder) as reader:
        reader.label([h.id for h in reader.search("bank", k=20)], "money")
        reading, writes = labelling.count_labels, [lambda: reader.remove(docs=["d0"])]

        def meanwhile(*args, **kwargs):
            if writes:
                writes.pop()()  # another process's `sensegrep remove`, once
            return reading(*args, **kwargs)

        monkeypatch.setattr(labelling, "count_labels", meanwhile)
        found = api.label_counts(reader, "bank")
    assert not writes
    assert (found.occurrences, found.labelled, found.unlabelled) == (11, 11, 0)
    assert [(c.label, c.count) for c in found.labels] == [("money", 11)]
