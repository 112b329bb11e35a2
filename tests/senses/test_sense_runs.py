"""Sense runs (issue 23, item 1): every induction is a stored run with an id; a word's
current run (pinned with --use, else the newest) is what every command that takes a
sense means, --senses RUN names another, every hit says which run its sense is of, and
occurrences added later are assigned to a run's centroids, never renumbered. On the
seeded clusters of tests/senses/seeded.py (no encoder)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep.senses import word_senses
from sensegrep.storage import Index, schema

from ..helpers import hits, run, write_jsonl
from .seeded import CONFIG, DIM, add_documents, cluster_docs, group_centres, make_doc, seeded_index


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeded_index(tmp_path / "idx")
    return tmp_path / "idx"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def senses_of(runner: CliRunner, folder: Path, *args: str) -> list[dict]:
    code, out, err = run(runner, folder, "senses", "bank", "--format", "jsonl", *args)
    assert code == 0, err
    return hits(out)


def search(runner: CliRunner, folder: Path, *args: str) -> list[dict]:
    code, out, err = run(runner, folder, "search", "bank", "--format", "jsonl", *args)
    assert code == 0, err
    return hits(out)


def failure(runner: CliRunner, folder: Path, *args: str) -> str:
    code, _out, err = run(runner, folder, *args)
    assert code == 1, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def members(folder: Path, run_id: int, sense: int) -> list[int]:
    with sensegrep.open(folder) as idx:
        found = idx.senses("bank", run=run_id).run
    return found.ids[found.senses == sense].tolist()


def test_search_sense_means_the_senses_the_user_just_made(runner, folder):
    five = senses_of(runner, folder, "--n", "5")
    assert [r["sense"] for r in five] == [1, 2, 3, 4, 5]
    found = search(runner, folder, "--sense", "5")  # the 5th of these five senses
    assert len(found) == five[4]["size"]

    run_id = five[0]["run"]
    assert all(r["run"] == run_id for r in five)
    assert [h["id"] for h in found] == members(folder, run_id, 5)
    assert {(h["sense"], h["sense_run"]) for h in found} == {(5, run_id)}
    # Every other line names its sense in the same run.
    assert {h["sense_run"] for h in search(runner, folder)} == {run_id}
    code, out, _ = run(runner, folder, "search", "bank", "--count", "sense", "--format", "jsonl")
    assert code == 0 and len(hits(out)) == 5


def test_a_sense_count_is_the_sense_number_with_its_word_and_run(runner, folder):
    """count by sense: ``value`` the sense number (an int, as the hits' ``sense``), with
    ``lemma`` and ``sense_run`` beside it; the text table still reads "bank 2"."""
    five = senses_of(runner, folder, "--n", "5")
    run_id, sizes = five[0]["run"], {s["sense"]: s["size"] for s in five}
    code, out, err = run(runner, folder, "search", "bank", "--count", "sense", "--format", "jsonl")
    rows = hits(out)
    assert code == 0, err
    assert {r["value"]: r["count"] for r in rows} == sizes
    assert all(type(r["value"]) is int for r in rows)
    assert {(r["lemma"], r["sense_run"]) for r in rows} == {("bank", run_id)}
    text = run(runner, folder, "search", "bank", "--count", "sense", "--format", "kwic")[1]
    assert text.splitlines()[1].endswith(f"  bank {rows[0]['value']} (run {run_id})")
    table = run(runner, folder, "search", "bank", "--count", "sense", "--format", "csv")[1]
    header, first = list(csv.reader(io.StringIO(table)))[:2]
    assert header == ["sense", "count", "share", "per_million", "per_million_subcorpus",
                      "lemma", "sense_run"]  # fmt: skip
    assert first[0] == str(rows[0]["value"]) and first[-2:] == ["bank", str(run_id)]
    with sensegrep.open(folder) as idx:
        assert [r["value"] for r in idx.count("bank", "sense")] == [r["value"] for r in rows]
        # Other keys keep their text values and fields.
        genres = idx.count("bank", "genre")
        assert all(isinstance(r["value"], str) and "lemma" not in r for r in genres)
        assert {type(r["value"]) for r in idx.count("bank", "doc")} == {str}


def test_the_text_report_names_its_run_and_parameters(runner, folder):
    code, out, _ = run(runner, folder, "senses", "bank", "--n", "4", "--width", "400")
    assert code == 0
    line, method = out.splitlines()[1:3]
    assert line.startswith("sense run 1 · current (the newest) · made 20")
    assert line.endswith(" UTC · 4 senses (--n 4) · from 54 occurrences")
    assert method.startswith("  method: v1 kmeans-silhouette/centred-cosine max_k=8")
    listed = run(runner, folder, "senses", "bank", "--runs")[1]
    assert "* run    1" in listed and "4 senses (--n 4), from 54 occurrences, 54 now" in listed


def by_sense(runner: CliRunner, folder: Path, k: int) -> dict[int, int]:
    """Occurrence id -> sense, as `search --sense N` finds them."""
    return {h["id"]: n for n in range(1, k + 1) for h in search(runner, folder, "--sense", str(n))}


def test_numbers_stay_when_documents_are_added(runner, folder, tmp_path):
    senses_of(runner, folder, "--n", "5")
    old_senses = by_sense(runner, folder, 5)
    assert len(old_senses) == 54
    # New documents, through the storage API (vectors at the groups' centres) ...
    centres = group_centres()
    new_docs = [
        (make_doc(f"new-{name}-{i}", ["the", "bank", "today"], {}), centre)
        for name, centre in centres.items()
        for i in range(2)
    ]
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, new_docs, seed=7, tag="new")
    # ... and through `sensegrep index` with the index's own (fake) encoder.
    corpus = write_jsonl(tmp_path / "more.jsonl", [{"id": "cli", "text": "A bank by the sea."}])
    assert run(runner, folder, "index", str(corpus), "--tagger", "none")[0] == 0

    now_senses = by_sense(runner, folder, 5)
    assert {i: now_senses[i] for i in old_senses} == old_senses  # never renumbered
    assert len(now_senses) == 54 + 6 + 1
    after = senses_of(runner, folder)
    run_id = after[0]["run"]
    assert {r["run"] for r in after} == {run_id} and sum(r["size"] for r in after) == 61
    with sensegrep.open(folder) as idx:
        info = idx.senses("bank").info
    assert info.assigned == 7 and info.induced == 54
    # Each new occurrence joined the sense holding the most of its group's occurrences.
    docs = {h["id"]: h["doc"] for h in search(runner, folder)}
    _docs, group_of = cluster_docs()
    majority = {
        name: Counter(s for i, s in old_senses.items() if group_of[docs[i]] == name).most_common(1)[
            0
        ][0]
        for name in centres
    }
    for occurrence, doc in docs.items():
        if doc.startswith("new-"):
            assert now_senses[occurrence] == majority[doc.split("-")[1]], doc
    with Index.open(folder) as idx, idx.engine.connect() as conn:
        assert len(conn.execute(schema.sense_runs.select()).all()) == 1
        assigned = conn.execute(
            schema.sense_members.select().where(schema.sense_members.c.assigned == 1)
        ).all()
    assert len(assigned) == 7  # kept: the next read assigns nothing again
    # --new induces the word again, as a new run that becomes current.
    fresh = senses_of(runner, folder, "--new")
    assert fresh[0]["run"] == run_id + 1 and sum(r["size"] for r in fresh) == 61
    assert senses_of(runner, folder, "--new")[0]["run"] == run_id + 1  # the same: kept


def test_runs_list_what_each_was_made_from_and_what_it_holds_now(runner, folder):
    """`senses --runs` (text, JSONL; the API's record too): the occurrences a run was
    induced from never change, beside those it holds now and those assigned since,
    whether stored already or waiting for the run's next read."""
    first = senses_of(runner, folder, "--n", "5")[0]["run"]
    centres = group_centres()

    def add(tag: str, count: int) -> None:
        docs = [
            (make_doc(f"{tag}{i}", ["the", "bank"], {}), centres["money"]) for i in range(count)
        ]
        with Index.open_for_writing(folder, CONFIG) as idx:
            add_documents(idx, docs, seed=len(tag), tag=tag)

    add("early", 6)
    senses_of(runner, folder)  # run `first` reads them: 6 assignments stored
    second = senses_of(runner, folder, "--n", "2")[0]["run"]  # made from 60
    add("late", 1)  # assigned to neither yet
    gone = search(runner, folder, "--doc", "money00")[0]
    assert run(runner, folder, "remove", "--doc", gone["doc"])[0] == 0

    listed = hits(run(runner, folder, "senses", "bank", "--runs", "--format", "jsonl")[1])
    sizes = [(r["id"], r["induced"], r["occurrences"], r["assigned"]) for r in listed]
    assert sizes == [(first, 54, 60, 7), (second, 60, 60, 1)]
    text = run(runner, folder, "senses", "bank", "--runs")[1]
    assert "5 senses (--n 5), from 54 occurrences, 60 now (7 assigned since, 1 removed)" in text
    assert "2 senses (--n 2), from 60 occurrences, 60 now (1 assigned since, 1 removed)" in text
    # Reading a run assigns the waiting occurrence: the same figures, now stored.
    with sensegrep.open(folder) as idx:
        info = idx.senses("bank", run=first).info
        assert (info.induced, info.occurrences, info.assigned) == (54, 60, 7)
        assert [(r.induced, r.occurrences, r.assigned) for r in idx.sense_runs("bank")] == [
            (54, 60, 7),
            (60, 60, 1),
        ]


def test_a_removed_document_leaves_its_run_numbered_as_it_was(runner, folder):
    before = senses_of(runner, folder, "--n", "4")
    first = search(runner, folder)[0]
    assert run(runner, folder, "remove", "--doc", first["doc"])[0] == 0
    after = senses_of(runner, folder)
    assert {r["run"] for r in after} == {before[0]["run"]}
    sizes = [r["size"] for r in before]
    sizes[first["sense"] - 1] -= 1
    assert [r["size"] for r in after] == sizes


def test_a_word_whose_every_occurrence_was_removed_still_lists_its_runs(runner, folder):
    """`senses bank --runs` said "no occurrences of 'bank'" once every document with it
    was removed, though its runs are kept (and take occurrences added later)."""
    made = senses_of(runner, folder, "--n", "2")[0]["run"]
    docs = sorted({h["doc"] for h in search(runner, folder, "-k", "1000")})
    assert run(runner, folder, "remove", *(a for d in docs for a in ("--doc", d)))[0] == 0
    code, out, err = run(runner, folder, "senses", "bank", "--runs")
    assert code == 0, err
    assert f"run    {made}" in out and "0 now" in out
    with sensegrep.open(folder) as idx:
        assert [(r.id, r.occurrences) for r in idx.sense_runs("bank")] == [(made, 0)]


def test_use_pins_the_current_run(runner, folder):
    auto = senses_of(runner, folder)[0]["run"]
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    code, _, err = run(runner, folder, "senses", "bank", "--use", str(auto))
    assert code == 0 and f"current sense run is now {auto} (pinned)" in err
    assert senses_of(runner, folder)[0]["run"] == auto
    err = failure(runner, folder, "search", "bank", "--sense", "5")
    assert f"has 3 induced senses in sense run {auto}, so senses 1 to 3" in err
    assert {h["sense_run"] for h in search(runner, folder)} == {auto}

    code, out, err = run(runner, folder, "senses", "bank", "--n", "2", "--format", "jsonl")
    two = hits(out)[0]["run"]
    assert code == 0 and two not in (auto, five)
    assert err.strip() == (
        f"note: sense run {two} is stored but not current: 'bank' has a pinned run; "
        f"`sensegrep senses bank --use {two}` makes it current"
    )
    listed = hits(run(runner, folder, "senses", "bank", "--runs", "--format", "jsonl")[1])
    assert [(r["id"], r["k"], r["requested"], r["current"], r["pinned"]) for r in listed] == [
        (auto, 3, None, True, True),
        (five, 5, 5, False, False),
        (two, 2, 2, False, False),
    ]
    assert run(runner, folder, "senses", "bank", "--use", "newest")[0] == 0
    assert senses_of(runner, folder)[0]["run"] == two


def test_use_names_the_run_pinned_before_it(runner, folder):
    """`senses bank --use 5` over a run another user had pinned said only "current sense
    run is now 5 (pinned)": that user's pin was replaced unsaid, where `label --as` names
    a label it replaces. It names the run pinned before, and how to pin it again."""
    auto = senses_of(runner, folder)[0]["run"]
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    code, _, err = run(runner, folder, "senses", "bank", "--use", str(auto))
    assert code == 0 and err.splitlines()[0] == f"bank: current sense run is now {auto} (pinned)"
    code, _, err = run(runner, folder, "senses", "bank", "--use", str(five))
    assert code == 0 and err.splitlines()[0] == (
        f"bank: current sense run is now {five} (pinned); sense run {auto} was pinned "
        f"before (`sensegrep senses bank --use {auto}` pins it again)"
    )
    code, _, err = run(runner, folder, "senses", "bank", "--use", "newest")
    assert code == 0 and err.splitlines()[0] == (
        f"bank: current sense run is now {five} (the newest; no run is pinned); sense run "
        f"{five} was pinned before (`sensegrep senses bank --use {five}` pins it again)"
    )
    code, _, err = run(runner, folder, "senses", "bank", "--use", "newest")
    assert code == 0 and err.splitlines()[0] == (
        f"bank: current sense run is now {five} (the newest; no run is pinned)"
    )


@pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL
def test_use_names_a_run_another_user_pinned_since_it_read(backend, runner, folder, monkeypatch):
    """`senses bank --use 5` read the pin, then pinned: a run another user pinned in
    between was replaced unnamed ("current sense run is now 5 (pinned)"), as two
    annotators' labels were (pass 39i). The pin is made only over the pin read, else
    read again: the note names the other user's run."""
    from sensegrep.api import SenseIndex

    auto = senses_of(runner, folder)[0]["run"]
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    reading, pins = SenseIndex.sense_runs, [auto]

    def meanwhile(self, *args, **kwargs):
        found = reading(self, *args, **kwargs)
        if pins:  # another user's `senses bank --use`, after this one's read
            with sensegrep.open(folder) as other:
                other.use_senses("bank", pins.pop())
        return found

    monkeypatch.setattr(SenseIndex, "sense_runs", meanwhile)
    code, _, err = run(runner, folder, "senses", "bank", "--use", str(five))
    assert not pins and code == 0, err
    assert err.splitlines()[0] == (
        f"bank: current sense run is now {five} (pinned); sense run {auto} was pinned "
        f"before (`sensegrep senses bank --use {auto}` pins it again)"
    )


def test_use_says_it_tried_again_when_others_kept_pinning(runner, folder, monkeypatch):
    """Another user pinning or unpinning between each of its 5 reads and pins: the error
    said nothing about trying again (pass 39n)."""
    from sensegrep.api import SenseIndex

    auto = senses_of(runner, folder)[0]["run"]
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    reading, pins = SenseIndex.sense_runs, [auto, None, auto, None, auto]

    def meanwhile(self, *args, **kwargs):
        found = reading(self, *args, **kwargs)
        if pins:
            with sensegrep.open(folder) as other:
                other.use_senses("bank", pins.pop())
        return found

    monkeypatch.setattr(SenseIndex, "sense_runs", meanwhile)
    code, _, err = run(runner, folder, "senses", "bank", "--use", str(five))
    assert code == 1 and not pins
    assert len(err.splitlines()) == 1
    assert err.startswith(f"Error: sense run {auto} is pinned now, none was when read")
    assert err.rstrip().endswith(
        "read again and tried 5 times, changed by someone else each time: run it again"
    )


def test_senses_names_another_run_everywhere(runner, folder, tmp_path):
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    auto = senses_of(runner, folder, "--n", "3")[0]["run"]
    assert senses_of(runner, folder)[0]["run"] == auto  # the newest
    assert len(senses_of(runner, folder, "--senses", str(five))) == 5

    found = search(runner, folder, "--sense", "5", "--senses", str(five))
    assert [h["id"] for h in found] == members(folder, five, 5)
    assert {h["sense_run"] for h in found} == {five}
    assert {h["sense_run"] for h in search(runner, folder, "--senses", str(five))} == {five}
    code, out, _ = run(
        runner, folder, "search", "bank", "--count", "sense", "--senses", str(five),
        "--format", "jsonl",
    )  # fmt: skip
    assert code == 0 and sorted(r["value"] for r in hits(out)) == [1, 2, 3, 4, 5]
    assert {r["sense_run"] for r in hits(out)} == {five}
    code, out, _ = run(
        runner, folder, "export", "bank", "--to", "csv", "--balanced", "1", "--senses", str(five)
    )
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 5
    code, _, err = run(
        runner, folder, "plot", "bank", "-o", str(tmp_path / "b.png"), "--senses", str(five)
    )
    assert code == 0 and f"sense run {five})" in err
    with sensegrep.open(folder) as idx:
        assert {h.sense_run for h in idx.search("bank", senses_run=five, k=5)} == {five}
        assert {h.sense_run for h in idx.search("bank", senses=five, k=5)} == {five}
        queue = idx.annotation_queue("bank", 10, senses_run=five)
        assert {line["sense_run"] for line in queue["queue"]} == {five}
        assert sorted({line["sense"] for line in queue["queue"]}) == [1, 2, 3, 4, 5]
        assert len(idx.senses_by("bank", "genre", run=five).counts[0]) == 5


def test_an_unknown_run_or_another_words_run_is_a_one_line_error(runner, folder):
    senses_of(runner, folder)
    code, out, err = run(runner, folder, "senses", "loan", "--format", "jsonl")
    assert code == 0, err
    loan = hits(out)[0]["run"]
    assert "no sense run 99 in" in failure(runner, folder, "search", "bank", "--senses", "99")
    err = failure(runner, folder, "search", "bank", "--sense", "1", "--senses", str(loan))
    assert f"sense run {loan} is of 'loan', not 'bank'" in err
    assert "no sense run 99" in failure(runner, folder, "senses", "bank", "--senses", "99")
    assert "no sense run 99" in failure(runner, folder, "senses", "bank", "--use", "99")
    err = failure(
        runner, folder, "export", "bank", "--to", "csv", "--balanced", "1", "--senses", "99"
    )
    assert "no sense run 99" in err
    code, _, err = run(runner, folder, "senses", "bank", "--n", "2", "--senses", "1")
    assert code == 2 and "give one of --n/--new, --senses, --use and --runs" in err
    with (
        sensegrep.open(folder) as idx,
        pytest.raises(sensegrep.QueryError, match="no sense run 99"),
    ):
        idx.search("bank", senses_run=99)


def test_hits_without_a_stored_run_say_so_and_nothing_is_induced_for_them(folder):
    with sensegrep.open(folder) as idx:
        plain = idx.search("bank", k=3)
        assert {(h.sense, h.sense_run) for h in plain} == {(None, None)}
        with idx.storage.engine.connect() as conn:
            assert conn.execute(schema.sense_runs.select()).first() is None
        made = idx.senses("bank", n=2)
        lines = idx.contexts(plain.ids)
        assert {h.sense_run for h in lines} == {made.info.id}
        assert [h.sense for h in lines] == [made.sense_of()[i] for i in plain.ids]
        fields = list(plain[0].to_dict())
        assert fields[-5:-1] == ["sense", "sense_run", "quality", "quality_parts"]
        assert fields[-1] == "label_predicted"


@pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL
def test_an_index_made_before_runs_were_kept_reads_and_migrates(tmp_path):
    folder = tmp_path / "idx"
    seeded_index(folder)
    with Index.open(folder) as idx:
        old = word_senses(idx, "bank")
    with Index.open_for_writing(folder, CONFIG) as idx:  # a document the run never saw
        centre = group_centres()["money"]
        add_documents(idx, [(make_doc("late", ["the", "bank"], {}), centre)], seed=3, tag="x")
        docs = {i: c.doc for i, c in idx.contexts(old.ids.tolist()).items()}
    with Index.open(folder) as idx, idx.engine.begin() as conn:
        # The tables as sensegrep made them before issue 23.
        conn.exec_driver_sql("DROP TABLE sense_pins")
        for table, column in (
            ("sense_runs", "centre"), ("sense_runs", "centroids"), ("sense_members", "assigned")
        ):  # fmt: skip
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    with sensegrep.open(folder) as api_index:  # read as it is, opened for reading
        runs = api_index.sense_runs("bank")
        assert [(r.id, r.k, r.current) for r in runs] == [(old.id, 3, True)]
        # Its sizes are counted without the columns it lacks: "late" waits to be assigned.
        assert [(r.induced, r.occurrences, r.assigned) for r in runs] == [(54, 55, 1)]
        assert {h.sense_run for h in api_index.search("bank", k=3)} == {old.id}
    with Index.open(folder) as idx:
        late = word_senses(idx, "bank")  # centroids from its members; the tables migrated
    assert late.id == old.id and late.assigned == 1 and late.centroids is not None
    np.testing.assert_array_equal(late.senses[np.isin(late.ids, old.ids)], old.senses)
    group_of = cluster_docs()[1]
    pairs = zip(old.ids.tolist(), old.senses.tolist(), strict=True)
    money = {s for i, s in pairs if group_of[docs[i]] == "money"}
    assert late.senses[~np.isin(late.ids, old.ids)].tolist() == [*money]
    with Index.open_for_writing(folder, CONFIG) as idx:  # the migration steps run again
        assert word_senses(idx, "bank").assigned == 1
    with sensegrep.open(folder) as api_index:
        pinned = api_index.use_senses("bank", old.id)
    assert pinned.pinned and pinned.id == old.id


def test_a_run_keeps_its_centroids(folder):
    with Index.open(folder) as idx:
        made = word_senses(idx, "bank")
    assert made.centroids is not None and made.centroids.shape == (3, DIM)


def test_the_senses_methods_take_a_run_as_search_spells_it(folder):
    """senses, senses_by and sense_map take ``senses_run`` as search, export and the
    queue do, beside ``run`` (it was a raw TypeError); two different runs are refused."""
    with sensegrep.open(folder) as idx:
        first = idx.senses("bank", n=2).info.id
        second = idx.senses("bank", n=3).info.id
        assert idx.senses("bank", senses_run=first).info.id == first
        assert idx.senses("bank").info.id == second  # the newest: the current one
        by_genre = idx.senses_by("bank", "genre", senses_run=first)
        assert by_genre.values == idx.senses_by("bank", "genre", run=first).values
        assert len(by_genre.counts[0]) == 2
        assert idx.sense_map("bank", senses_run=first) == idx.sense_map("bank", run=first)
        with pytest.raises(sensegrep.QueryError, match="name two sense runs: give one"):
            idx.senses("bank", run=first, senses_run=second)


@pytest.mark.parametrize("asked", ["search", "count"])
def test_a_run_made_by_another_process_during_a_search_of_one_sense(folder, monkeypatch, asked):
    """`--sense 1` names the run its lines were kept by, even when another process makes
    a new run (or pins one) while the search reads: the lines were kept by the run
    current when the engine read it, and the result named the run current a moment
    later ("sense 1 of sense run 2" over the lines of run 1's sense 1; 1 search in 473
    beside a `senses --new`)."""
    from sensegrep.search import engine

    with sensegrep.open(folder) as idx:
        three = idx.senses("bank", 3).run
        first = three.ids[three.senses == 1].tolist()
        original, done = engine.Searcher._in_sense_positions, []

        def then_a_new_run(self, *args, **kwargs):
            kept = original(self, *args, **kwargs)
            if not done:
                done.append(True)
                with sensegrep.open(folder) as other:  # another annotator's `senses --n 5`
                    assert other.senses("bank", 5).run.id == three.id + 1
            return kept

        monkeypatch.setattr(engine.Searcher, "_in_sense_positions", then_a_new_run)
        if asked == "search":
            found = idx.search("bank", sense=1)
            assert found.sense_run == three.id and found.total == len(first)
            assert sorted(found.ids) == first
            assert {(h.sense, h.sense_run) for h in found} == {(1, three.id)}
        else:
            counts = idx.count("bank", "sense", sense=1)
            assert counts.sense_run == three.id
            assert [(r["value"], r["count"], r["sense_run"]) for r in counts] == [
                (1, len(first), three.id)
            ]


def test_a_run_not_kept_because_another_process_writes_says_so(runner, folder):
    """Another process holding the database's write lock (a long commit, a compaction):
    the run is shown, not stored, and the note names that cause, not "(not writable)",
    which sent the user to the folder's permissions."""
    import sqlite3

    holder = sqlite3.connect(folder / "index.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run(runner, folder, "senses", "bank", "--n", "2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 0 and "sense run not stored" in out
    assert "could not keep the senses" in err and "another process writing to it" in err
    assert "(not writable)" not in err


def test_collocates_are_of_the_occurrences_a_sense_holds_now(runner, folder):
    """A run's collocates were stored when it was made: once documents were removed (or
    added), a sense still listed the words of removed documents (a sense left with one
    tomato plant was described as 'desk, potted, manager'). They are counted again over
    the occurrences it holds now, as its size is; an unchanged run keeps its own."""
    made = senses_of(runner, folder)
    money = next(r["sense"] for r in made if "cash" in {c["word"] for c in r["collocates"]})
    with_loan = [
        h["doc"] for h in search(runner, folder, "-k", "1000", "--sense", str(money))
        if "loan" in h["sentence"].split()
    ]  # fmt: skip
    assert with_loan and "loan" in {c["word"] for c in made[money - 1]["collocates"]}
    assert run(runner, folder, "remove", *(a for d in with_loan for a in ("--doc", d)))[0] == 0
    after = senses_of(runner, folder)
    assert {r["run"] for r in after} == {made[0]["run"]}
    assert "loan" not in {c["word"] for c in after[money - 1]["collocates"]}
    assert after[money - 1]["collocates"], "the rest of the sense still has its collocates"
    code, out, err = run(runner, folder, "senses", "bank")
    assert code == 0 and "loan" not in out, err
    with sensegrep.open(folder) as idx:  # the API, which the web app's senses page reads
        sense = idx.senses("bank").senses[money - 1]
        # Prodigy's options for a word without labels: its senses by their collocates.
        options = json.loads(idx.export("bank", "prodigy").splitlines()[0])["options"]
        # senses_by (the web's table by genre) names each sense by them too.
        names = [row["name"] for row in idx.senses_by("bank", "genre").to_dict()["senses"]]
    assert not any("loan" in name for name in names), names
    assert "loan" not in {c["word"] for c in sense.collocates}
    assert f"sense_{money}_run_{made[0]['run']}" in {o["id"] for o in options}
    assert not any("loan" in o["text"] for o in options), options


def test_a_removed_example_is_passed_over_not_counted(runner, folder):
    """`senses --examples 1` took the first stored example, then left out the removed
    ones: a sense whose first example's document was removed showed no example at all."""
    made = senses_of(runner, folder, "--examples", "1")
    first = made[0]["examples"][0]
    assert run(runner, folder, "remove", "--doc", first["doc"])[0] == 0
    after = senses_of(runner, folder, "--examples", "1")
    assert [len(r["examples"]) for r in after] == [1] * len(after)
    assert after[0]["examples"][0]["id"] != first["id"]
    with sensegrep.open(folder) as idx:
        assert len(idx.senses("bank", examples=2).senses[0].examples) == 2


def test_the_text_report_says_the_occurrences_removed_since(runner, folder):
    """The report's run line said "from 60 occurrences" and the assigned ones, never the
    removed ones, under a headline of fewer: it says them as --runs does."""
    senses_of(runner, folder, "--n", "2")
    gone = search(runner, folder)[0]["doc"]
    assert run(runner, folder, "remove", "--doc", gone)[0] == 0
    code, out, err = run(runner, folder, "senses", "bank", "--width", "400")
    assert code == 0, err
    assert out.splitlines()[0].startswith("bank: 53 occurrences, 2 senses")
    assert out.splitlines()[1].endswith(" · from 54 occurrences, 53 now (1 removed)")


def test_the_plot_legend_names_senses_by_their_collocates_now(
    runner, folder, tmp_path, monkeypatch
):
    """`plot` named each sense by the collocates stored at induction: after documents
    were removed its legend still read 'loan' for a sense none of whose sentences has it
    any more (senses and the web's map named it by the words it holds now)."""
    from sensegrep.api.senses import plot_senses
    from sensegrep.senses import plot

    made = senses_of(runner, folder)
    money = next(r["sense"] for r in made if "cash" in {c["word"] for c in r["collocates"]})
    gone = [h["doc"] for h in search(runner, folder, "-k", "1000", "--sense", str(money))
            if "loan" in h["sentence"].split()]  # fmt: skip
    assert run(runner, folder, "remove", *(a for d in gone for a in ("--doc", d)))[0] == 0
    drawn = []
    monkeypatch.setattr(plot, "draw", lambda data, output: drawn.append(data))
    with sensegrep.open(folder) as idx:
        plot_senses(idx, "bank", tmp_path / "bank.png")
    assert drawn and not any("loan" in name for name in drawn[0].names), drawn[0].names


def test_plot_with_n_says_when_its_new_run_is_not_current(runner, folder, tmp_path):
    auto = senses_of(runner, folder)[0]["run"]
    assert run(runner, folder, "senses", "bank", "--use", str(auto))[0] == 0
    code, _, err = run(runner, folder, "plot", "bank", "--n", "2", "-o", str(tmp_path / "b.png"))
    two = max(
        r["id"]
        for r in hits(run(runner, folder, "senses", "bank", "--runs", "--format", "jsonl")[1])
    )
    assert code == 0 and two != auto
    assert (
        f"note: sense run {two} is stored but not current: 'bank' has a pinned run; "
        f"`sensegrep senses bank --use {two}` makes it current"
    ) in err


def test_a_pin_made_by_another_writer_meanwhile_is_said_not_a_failure(backend, runner, folder):
    """On PostgreSQL a writer that found no pin for a word does not see, nor lock, the
    pin another writer is inserting: its own insert then failed on the word's key (an
    IntegrityError, a 500 on the web app), where SQLite makes the second wait its turn.
    Expecting no pin, it is told the pin moved; not expecting, its pin replaces it."""
    import threading
    import time

    from sensegrep.errors import PinChangedError

    if backend != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    auto = senses_of(runner, folder)[0]["run"]
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    for expect, wanted in ((None, PinChangedError), (..., auto)):
        with Index.open(folder) as other, Index.open(folder) as mine:
            outcome: list[object] = []
            with other.engine.begin() as conn:  # the other writer's pin, not yet committed
                conn.execute(schema.sense_pins.delete())
                conn.execute(
                    schema.sense_pins.insert().values(
                        lemma_key="bank", run_id=five, pinned_at="2026-12-05T00:00:00"
                    )
                )
                writer = threading.Thread(target=_pin, args=(mine, auto, expect, outcome))
                writer.start()
                time.sleep(1.0)  # it waits on the key the uncommitted insert holds
            writer.join(30)
            (seen,) = outcome
            if wanted is PinChangedError:
                assert isinstance(seen, PinChangedError) and seen.current == five, seen
            else:
                assert seen == wanted, seen
            with sensegrep.open(folder) as idx:
                pinned = [r.id for r in idx.sense_runs("bank") if r.pinned]
            assert pinned == ([five] if wanted is PinChangedError else [auto])
        with Index.open(folder) as clean, clean.engine.begin() as conn:
            conn.execute(schema.sense_pins.delete())


def _pin(index: Index, run_id: int, expect: object, outcome: list[object]) -> None:
    """Pin ``run_id`` for bank, what the writer saw put in ``outcome``."""
    try:
        index.pin_sense_run("bank", run_id, expect)
        outcome.append(run_id)
    except Exception as exc:
        outcome.append(exc)


def test_a_timeline_that_made_a_run_says_so_in_its_notes(folder):
    """idx.senses_by on a word without a stored run stores one, now its current run:
    its notes say so, as `senses --by` does on stderr (pass 35j: they said nothing, so
    a notebook's timeline passed for one of a run the user had made and looked at)."""
    with sensegrep.open(folder) as idx:
        table = idx.senses_by("bank", "genre")
        made = [note for note in table.notes if "had no stored sense run" in note]
        assert len(made) == 1 and f"made sense run {table.run}" in made[0], table.notes
        assert made[0] in table.to_dict()["notes"]
        again = idx.senses_by("bank", "genre")  # the stored run, made before: no note
        assert again.run == table.run
        assert not [note for note in again.notes if "sense run" in note], again.notes
        pinned = idx.use_senses("bank", table.run).id
        other = idx.senses_by("bank", "genre", n=3)  # stored, not current: said too
        assert other.run != pinned
        assert any(f"sense run {other.run} is stored but not current" in note
                   for note in other.notes), other.notes  # fmt: skip


def test_a_map_that_made_a_run_says_so_in_its_notes(folder):
    """idx.sense_map on a word without a stored run stores one, as plot does, and says
    so in its notes as plot's do (pass 35j: a SenseMap had no notes)."""
    with sensegrep.open(folder) as idx:
        found = idx.sense_map("bank")
        assert len(found.notes) == 1 and f"made sense run {found.run}" in found.notes[0]
        assert idx.sense_map("bank").notes == []  # the stored run, made before
        idx.use_senses("bank", found.run)
        other = idx.sense_map("bank", n=3)
        assert other.run != found.run
        assert other.notes == [
            f"sense run {other.run} is stored but not current: 'bank' has a pinned run; "
            f"`sensegrep senses bank --use {other.run}` makes it current"
        ]
        assert other.to_dict()["notes"] == other.notes  # /api/senses/{word}/map's JSON


def test_a_sense_the_current_run_lacks_names_the_run_that_has_it(runner, folder):
    """The trial's first defect in a new shape: `senses bank --n 5`, then a newer run of
    3 (`--n 3`) became current, and `search bank --sense 5` was refused with no word of
    the run that has five (pass 38a). The newest other such run is named; with none,
    nothing is added."""
    five = senses_of(runner, folder, "--n", "5")[0]["run"]
    three = senses_of(runner, folder, "--n", "3")[0]["run"]
    err = failure(runner, folder, "search", "bank", "--sense", "5")
    assert err.rstrip().endswith(
        f"there is no sense 5 (see `sensegrep senses bank`); sense run {five} has 5 senses "
        "(--senses RUN names a run)"
    ), err
    assert f"in sense run {three}" in err
    assert str(five) in failure(runner, folder, "collocates", "bank", "--sense", "5")
    err = failure(runner, folder, "search", "bank", "--sense", "6")
    assert err.rstrip().endswith("there is no sense 6 (see `sensegrep senses bank`)"), err
    with sensegrep.open(folder) as idx, pytest.raises(sensegrep.errors.QueryError) as raised:
        idx.search("bank", sense=5)
    assert str(raised.value).endswith("(senses_run=RUN names a run)")
