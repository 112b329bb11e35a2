"""The result records are lists, and their list methods must not pass for sensegrep's
words (issue 23): ``hits.sort`` is the keys the lines are sorted by, never a sort by
KWIC keys that would silently order only this page; ``hits.count()`` is not HTTP's
``count``. List behaviour (``len``, ``count(x)``, ``sort(key=…)``) stays."""

from __future__ import annotations

from html import escape

import pytest

import sensegrep
from sensegrep.api.remote import decode, encode
from sensegrep.errors import SensegrepError

from ..helpers import RIVER, write_jsonl


def test_hits_sort_names_the_keys_and_a_sort_by_keys_points_to_search(built):
    found = built.search("bank", sort="doc")
    assert found.sort == "doc" and isinstance(found.sort, str)
    with pytest.raises(SensegrepError, match=r"pass sort='right1,left1' to search\(\)"):
        found.sort("right1,left1")
    assert built.search("bank").sort == ""


def test_hits_sort_with_a_key_function_sorts_these_lines_as_a_list_does(built):
    found = built.search("bank")
    found.sort(key=lambda hit: hit.id, reverse=True)
    assert found.ids == sorted(found.ids, reverse=True)
    assert found.sort == ""  # no longer in the order of any sort keys


def test_hits_count_without_a_value_says_where_the_numbers_are(built):
    found = built.search("bank", k=2)
    with pytest.raises(SensegrepError, match=r"len\(hits\).*hits\.total"):
        found.count()
    assert found.count(found[0]) == 1 and len(found) == 2 and found.total == 4
    table = built.count("bank", "doc")
    with pytest.raises(SensegrepError, match=r"len\(counts\).*counts\.counted"):
        table.count()
    assert table.count(table[0]) == 1


def test_a_servers_hits_keep_their_sort_keys(built):
    found = decode("search", encode(built.search("bank", sort="doc")))
    assert found.sort == "doc"
    with pytest.raises(SensegrepError, match="pass sort="):
        found.sort("doc")


def test_the_repr_of_hits_and_counts_says_what_they_are_in_one_line(built):
    """A notebook showed a list of every field of every line, and no total: the repr is
    one line naming the page, the matches, what was searched and their documents. Still
    a list: equal to the list of its lines, indexed and iterated as one."""
    found = built.search("bank", k=2)
    n, docs = found.total, found.documents  # 4 "bank" in the corpus's documents
    assert repr(found) == f'<Hits: lines 1-2 of {n} matches of "bank" in {docs} documents>'
    assert found == list(found) and isinstance(found, list) and found[0].word == "bank"
    assert repr(built.search("banks", k=1, offset=1)) == (
        f'<Hits: lines 2-2 of {n} matches of lemma "bank" in {docs} documents>'
    )
    # past the end: the word too, as on a page with lines (it was left out, pass 40d)
    assert repr(built.search("bank", offset=n)) == (
        f'<Hits: no line after {n} of {n} matches of "bank" in {docs} documents>'
    )
    assert repr(built.search(cql='"bank"', offset=n)) == (
        f"<Hits: no line after {n} of {n} matches of '\"bank\"' in {docs} documents>"
    )
    one = built.search("bank", doc=[found[0].doc], k=1)
    plural = "es" if one.total != 1 else ""
    assert repr(one) == f'<Hits: lines 1-1 of {one.total} match{plural} of "bank" in 1 document>'
    table = built.count("bank", "form", k=3)
    assert repr(table) == (
        f"<Counts by form: {len(table)} row{'s' * (len(table) != 1)}, 3 lines counted "
        f"of {n} matches in {docs} documents>"
    )
    assert "\n" not in repr(found) + repr(table) and table == list(table)


def test_the_repr_of_a_statistics_table_says_which_rows_of_how_many(built):
    """As Hits and Counts (issue 23): a notebook showed the page's rows as a list, not
    that they are 3 of many, nor the tokens they were counted in."""
    every = built.freq()
    tokens = every.tokens
    assert (
        repr(every) == f"<Table freq by lemma: {every.rows:,} rows; counted in {tokens:,} tokens>"
    )
    page = built.freq(k=3, offset=2)
    assert repr(page) == (
        f"<Table freq by lemma: rows 3-5 of {every.rows:,}; counted in {tokens:,} tokens>"
    )
    assert page == list(page) and len(page) == 3
    past = built.freq(offset=every.rows)
    assert repr(past).startswith(f"<Table freq by lemma: no row after {every.rows:,} of ")
    news = built.freq(k=1, where={"genre": "news"})
    assert repr(news).endswith(
        f"; counted in {news.tokens:,} tokens (a subcorpus of the index's {tokens:,})>"
    )


def test_a_notebook_shows_the_totals_above_the_rows(built):
    """Jupyter shows ``_repr_html_``: the repr's line (the totals) over a table of the
    rows, a concordance's node in bold, corpus text escaped, and the notes."""
    found = built.search("bank", k=2)
    shown = found._repr_html_()
    assert shown.startswith(f"<div class='sensegrep'><p>{escape(repr(found)[1:-1])}</p><p>")
    # The matches per million tokens under it, as the CLI's header says them.
    per_million = f"{found.per_million:,.2f} per million tokens ({found.tokens:,} tokens)"
    assert f"<p>{per_million}</p><table>" in shown
    news = built.search("bank", where={"genre": "news"}, k=1)._repr_html_()
    assert " per million in the filtered subcorpus (" in news
    assert shown.count("<tr>") == 1 + len(found) and shown.count("<b>bank</b>") == 2
    assert escape(found[0].right[:20]) in shown
    past = built.search("bank", offset=found.total)._repr_html_()
    assert "<table>" not in past and "no line to show" in past  # its note
    counts = built.count("bank", "form")
    assert f"<p>{escape(repr(counts)[1:-1])}</p>" in counts._repr_html_()
    table = built.freq()
    said = table._repr_html_()
    assert said.count("<tr>") == 1 + min(len(table), 100)
    if len(table) > 100:
        assert f"{len(table) - 100:,} more rows not shown here" in said


def test_the_repr_of_senses_names_the_run_its_numbers_are_of(built):
    """Two inventories of one word number their senses differently (issue 23: a sense
    number that means another clustering); a notebook showed both with no run id while a
    sense search's repr said "of sense run N". The repr names its run."""
    two, three = built.senses("bank", n=2), built.senses("bank", n=3)
    assert two.run.id != three.run.id
    for senses in (two, three):
        assert repr(senses).startswith(f"Senses(word='bank', run={senses.run.id}, k=")
    found = built.search("bank", sense=1, k=1)
    assert f"of sense run {three.run.id}" in repr(found)  # the newest, as repr(three) says


def test_the_repr_of_senses_of_a_run_not_current_says_so(built):
    """idx.senses(word, n=4) while another run is pinned stores a run that is not the
    word's current one: the notebook's view said so, the repr (print in a script) named
    only its run, so its sense 2 read as what sense=2 searches (pass 36j)."""
    pinned = built.senses("bank", n=2)
    built.use_senses("bank", pinned.run.id)
    try:
        other = built.senses("bank", n=3, new=True)
        assert repr(other).startswith(f"Senses(word='bank', run={other.run.id}, current=False, k=3")
        assert f"of sense run {pinned.run.id}" in repr(built.search("bank", sense=1, k=1))
        assert "current=False" not in repr(built.senses("bank"))  # the pinned run
    finally:
        built.use_senses("bank", None)


def test_a_notebook_shows_senses_as_a_table_under_their_run(built):
    """Senses had no notebook view: Jupyter showed the dataclass's repr, one long line."""
    import re

    from sensegrep.api import no_sense_writes

    senses = built.senses("bank", n=2)
    shown = senses._repr_html_()
    assert (
        f"2 senses (n=2) of {senses.occurrences:,} occurrences, sense run {senses.run.id}"
    ) in shown  # how many were asked, as the CLI's head says it
    chosen = built.senses("bank")._repr_html_()  # the current run: n=2 above
    assert "2 senses (n=2) of " in chosen
    with no_sense_writes():  # k chosen, or fewer than asked: said, as the CLI says it
        said = built.senses("bank", new=True)._repr_html_()
        assert re.search(r"\d sense \(too few occurrences to split\) of 4 occ", said), said
    assert shown.count("<tr>") == 1 + len(senses.senses)
    assert "<script>" not in shown


def test_a_notebook_shows_good_examples_as_the_best_with_their_quality(built):
    """senses(good_examples=N) showed its best examples under "examples", as if typical
    ones, without the quality the CLI shows as q=."""
    senses = built.senses("bank", n=2, good_examples=2)
    shown = senses._repr_html_()
    first = senses.senses[0].examples[0]
    assert "<th>best examples</th>" in shown
    assert f"q={first['quality']:.2f}" in shown
    assert "<th>examples</th>" in built.senses("bank", n=2)._repr_html_()


def test_a_notebook_says_a_run_is_not_current(built):
    """With a run pinned, senses(n=3) makes and shows a new run that sense=N does not
    mean elsewhere; the CLI's head says "not current", the notebook's said nothing."""
    pinned = built.senses("bank", n=2)
    built.use_senses("bank", pinned.run.id)
    try:
        other = built.senses("bank", n=4)
        assert not other.info.current
        assert f"sense run {other.run.id} (not current:" in other._repr_html_()
        assert "not current" not in built.senses("bank")._repr_html_()  # the pinned one
    finally:
        built.use_senses("bank", None)


def test_a_notebook_says_an_older_run_is_not_current_without_a_pin(built):
    """senses(run=1) with a newer run current and none pinned said "'bank' has a
    pinned run", which it has not: the newest run is current (the CLI's --runs says
    "current (the newest)")."""
    older = built.senses("bank", n=2)
    newer = built.senses("bank", n=3)
    assert newer.info.current and not newer.info.pinned
    again = built.senses("bank", run=older.run.id)
    assert not again.info.current
    shown = again._repr_html_()
    assert f"sense run {older.run.id} (not current:" in shown
    assert "pinned" not in shown


def test_a_notebook_says_the_lines_order_and_shows_their_quality(built):
    """search(sort="quality") showed its lines in quality order under a head that said
    nothing of it and without the quality the CLI shows as q=; the head names the sort
    keys, as the CLI's header does, and the table has a quality column."""
    best = built.search("bank", sort="quality", k=2)
    assert repr(best).endswith(" documents, sorted by quality>")
    shown = best._repr_html_()
    assert "<th>quality</th>" in shown and f"{best[0].quality:.4f}".rstrip("0") in shown
    keys = built.search("bank", sort="right1,left1", k=2)
    assert repr(keys).endswith(", sorted by right1,left1>")
    assert "<th>quality</th>" not in keys._repr_html_()
    plain = built.search("bank", k=2)
    assert repr(plain).endswith(" documents>")  # corpus order: nothing to say


def test_a_ranked_page_sorted_after_says_which_ranks_it_holds(built):
    """search(example=…, sort="right1", k=2, offset=2) said "the 2 best, sorted by
    right1" of ranks 3-4, where the CLI's header says "ranks 3-4"; and sort="score,right1"
    (best first, ties by right1) said "sorted by right1", the CLI "best first"."""
    first = built.search("bank", example=RIVER, sort="right1", k=2)
    assert repr(first).endswith(", the 2 best, sorted by right1>")
    later = built.search("bank", example=RIVER, sort="right1", k=2, offset=2)
    assert repr(later).endswith(", ranks 3-4, sorted by right1>")
    ties = built.search("bank", example=RIVER, sort="score,right1", k=2)
    assert repr(ties).endswith(", best first>")
    plain = built.search("bank", sort="right1,score", k=2)
    assert repr(plain).endswith(", sorted by right1>")


def test_a_table_by_sense_past_every_senses_last_row_says_so_of_each_sense(built):
    """collocates(by_sense=True, offset=N) pages each sense: past every sense's last row
    it said "offset=N is past the last of the R rows" with N < R (R all the senses'
    rows together); it names each sense's rows, as the CLI's "none after N in any sense"."""
    built.senses("bank", n=2)
    whole = built.collocates("bank", by_sense=True, min_freq=1)
    per_sense = whole.rows_per_sense
    largest = max(per_sense.values())
    assert largest < whole.rows  # the offset below is past each sense, not past them all
    past = built.collocates("bank", by_sense=True, min_freq=1, offset=largest)
    sizes = ", ".join(f"sense {sense}: {n}" for sense, n in per_sense.items())
    said = f"offset={largest} is past the last row of each sense ({sizes}): no row to show"
    assert (len(past), past.notes, past.past_the_end) == (0, [said], said)


def test_senses_by_gives_a_data_frame_as_the_other_statistics_do(built):
    """idx.senses_by(…).to_pandas() was an AttributeError, where freq, collocates,
    keywords, count and senses give one: a row per (value, sense), its rows()."""
    pytest.importorskip("pandas")
    built.senses("bank", n=2)
    table = built.senses_by("bank", "genre")
    frame, rows = table.to_pandas(), table.rows()
    assert list(frame.columns) == list(rows[0]) and len(frame) == len(rows)
    assert len(rows) == len(table.values) * table.k
    assert frame["count"].tolist() == [row["count"] for row in rows]  # (a dp None: NaN)


def test_counts_and_tables_give_their_rows_as_dicts_as_hits_do(built):
    # The README's notebook user calls .to_dicts() on every result; Counts and Table
    # had none (AttributeError), though they have to_pandas().
    for result in (built.count("bank", "right1"), built.freq(k=3)):
        rows = result.to_dicts()
        assert rows == [dict(row) for row in result] and type(rows) is list
        rows[0]["x"] = 1
        assert "x" not in result[0]


def test_a_count_of_some_lines_says_which_lines_it_counted(built):
    """count(…, k=N) of a ranking counts its N best lines, of a sort the first N in that
    order: the CLI's header says "(best first)", "(sorted by right1)", where the
    notebook's said only "2 lines counted of 4 matches", read as the first two of the
    concordance. A ranked page says "best first" as the CLI's header does."""
    example = "we sat on the [[bank]] of the river"
    best = built.count("bank", "form", example=example, k=2)
    assert ", 2 lines counted (best first) of " in repr(best)
    assert "(best first)" in best._repr_html_()
    keyed = built.count("bank", "form", sort="right1", k=2, offset=1)
    assert ", 2 lines counted from line 2 (sorted by right1) of " in repr(keyed)
    plain = built.count("bank", "form", k=2)
    assert ", 2 lines counted of " in repr(plain)  # corpus order: nothing to say
    every = built.count("bank", "form", sort="right1")
    assert "sorted by" not in repr(every)  # all of them: their order changes nothing
    assert repr(built.search("bank", example=example, k=2)).endswith(" documents, best first>")


def test_a_notebook_names_a_run_not_stored_and_writes_shares_alike(built):
    """Senses induced where nothing is stored (no_sense_writes) said "sense run None";
    the share column wrote 0.17 beside 0.1579, read as less precise."""
    import re

    from sensegrep.api import no_sense_writes

    with no_sense_writes():
        unstored = built.senses("bank", n=2)
    assert unstored.run.id is None
    shown = unstored._repr_html_()
    assert "a sense run not stored" in shown and "sense run None" not in shown
    shares = [re.findall(r"<td[^>]*>([^<]*)</td>", row)[2] for row in shown.split("<tr>")[2:]]
    assert len({len(share.partition(".")[2]) for share in shares}) == 1, shares


def test_a_statistics_table_of_senses_names_their_run(built):
    """collocates(sense=1), by_sense and key_senses count one sense run's numbers: the
    CLI says "sense run: N", a notebook's table named none."""
    run = built.senses("bank", n=2).run.id
    one = built.collocates("bank", sense=1, min_freq=1, k=2)
    assert repr(one).endswith(f"; sense 1 of sense run {run}>")
    both = built.collocates("bank", by_sense=True, min_freq=1, k=2)
    assert repr(both).endswith(f"; senses of sense run {run}>")
    keys = built.keywords(where={"genre": "news"}, key_senses=["bank"], min_freq=1)
    assert f"; senses of bank's sense run {run};" in repr(keys)
    assert "sense run" not in repr(built.collocates("bank", min_freq=1, k=2))


def test_a_table_of_one_sense_says_which_sense(built):
    """collocates(sense=1) and collocates(sense=2) both said "senses of sense run 1",
    as by_sense=True does: two tables of two senses side by side in a notebook read
    alike, and as of the whole word (pass 39b). Each names its sense; its about() too."""
    run = built.senses("bank", n=2).run.id
    first = built.collocates("bank", sense=1, min_freq=1)
    second = built.collocates("bank", sense=2, min_freq=1)
    assert repr(first).endswith(f"; sense 1 of sense run {run}>"), repr(first)
    assert repr(second).endswith(f"; sense 2 of sense run {run}>"), repr(second)
    assert (first.about()["sense"], second.about()["sense"]) == (1, 2)


def test_an_export_written_to_a_file_shows_what_it_wrote_and_its_notes(built, tmp_path):
    """export_to in a notebook showed "<…ExportText object at 0x…>": neither how many
    items it wrote nor its notes (a balanced export whose groups differ in size)."""
    built.senses("bank", n=2)
    written = built.export_to("bank", "csv", tmp_path / "bank.csv", balanced=500, by="sense")
    assert written.notes  # fewer than 500 in each sense: said in a note
    assert repr(written) == (
        f"<ExportText: {written.written:,} items written; {len(written.notes)} "
        f"note{'s' * (len(written.notes) != 1)} (.notes)>"
    )
    shown = written._repr_html_()
    assert all(f"note: {escape(note)}" in shown for note in written.notes)
    assert repr(built.export_text("bank", "csv")).startswith("<ExportText: not written yet")


def test_annotation_items_show_how_many_were_chosen_and_their_notes(built):
    """annotation_items in a notebook printed every item's fields as a list does, and
    not its notes (a balanced choice whose groups are not the same size)."""
    built.senses("bank", n=2)
    items = built.annotation_items("bank", balanced=500, by="sense")
    assert items.notes and repr(items) == (
        f"<ExportItems: {len(items):,} occurrences chosen; {len(items.notes)} "
        f"note{'s' * (len(items.notes) != 1)} (.notes)>"
    )
    shown = items._repr_html_()
    assert shown.count("<tr>") == 1 + len(items) and "<b>bank</b>" in shown
    assert all(f"note: {escape(note)}" in shown for note in items.notes)


def test_a_classification_shows_its_proposals_and_notes_in_a_notebook(built):
    """classify() printed a dataclass: every proposal's fields, then its notes last of
    all (what the confidences do not say); it says what it is in one line, its
    proposals as a table and its notes under them."""
    built.label(built.search("bank", doc=["r1"]).ids, "shore")
    built.label(built.search("bank", doc=["m1"]).ids, "money")
    found = built.classify("bank")
    n = len(found.proposals)
    assert repr(found).startswith(f"<WordClassification of 'bank': {n:,} proposal")
    assert "\n" not in repr(found) and "Proposal(" not in repr(found)
    shown = found._repr_html_()
    assert shown.count("<tr>") == 1 + min(n, 100)
    assert all(f"note: {escape(note)}" in shown for note in found.notes)
    applied = built.classify("bank", apply=True)
    assert f", {applied.applied:,} written (as predicted)" in repr(applied)


def test_contexts_are_a_concordance_and_say_the_ids_they_left_out(built):
    """contexts() (the lines of a sketch row's occurrences) gave a plain list, which a
    notebook printed as every Hit's fields, and skip_missing left ids out unsaid."""
    ids = built.search("bank", k=2).ids
    lines = built.contexts([*ids, 10**9], skip_missing=True)
    assert lines.ids == ids and repr(lines) == "<Hits: lines 1-2>"
    assert lines.notes == [
        "1 of the 3 ids name no occurrence of the index (removed, or of another index), "
        "left out (skip_missing=True)"
    ]
    assert "<b>bank</b>" in lines._repr_html_() and not built.contexts(ids).notes


def test_the_repr_of_a_page_past_the_end_says_which_lines_it_went_through(tmp_path):
    """Pass 40g: past the last line of a search at most 1 per document, the repr said
    "no line after 2 of 3 matches", promising a third line: it says of how many lines,
    as a page with lines does."""
    texts = [{"id": "a", "text": "The bank and the bank."}, {"id": "b", "text": "A bank."}]
    corpus = write_jsonl(tmp_path / "c.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        past = idx.search("bank", max_per_doc=1, offset=2)
        assert repr(past) == (
            '<Hits: no line after 2 of 2 lines (at most 1 per document) of 3 matches of "bank" '
            "in 2 documents>"
        )
        assert repr(idx.search("bank", offset=3)) == (
            '<Hits: no line after 3 of 3 matches of "bank" in 2 documents>'
        )
