"""sensegrep/api/display.py: a result's notebook view escapes every text it shows."""

from __future__ import annotations

from sensegrep.api.display import cell, record_rows, result_html

SCRIPT = "<script>alert(1)</script>"


def test_every_text_is_escaped_and_numbers_are_written_as_the_cli_does():
    columns, rows = record_rows([{"item": SCRIPT, "freq": 1234, "dp": 0.25, "x": None}])
    shown = result_html(f"Table {SCRIPT}", columns, rows, [f"note {SCRIPT}"])
    assert "<script>" not in shown and shown.count("&lt;script&gt;") == 3
    assert (cell(1234), cell(0.25), cell(None), cell(True), cell(2.0)) == (
        "1,234", "0.25", "", "true", "2",
    )  # fmt: skip


def test_a_concordance_shows_each_id_as_label_takes_it_not_as_a_figure():
    # "798,208" copied into idx.label([798,208], …) would label two other occurrences.
    from types import SimpleNamespace

    from sensegrep.api.display import kwic_rows

    hit = SimpleNamespace(
        id=798208, doc="d350", left="a big ", form="bank", right=" roll", score=None,
        sense=None, sense_run=None, label=None,
    )  # fmt: skip
    columns, rows = kwic_rows([hit])
    assert rows[0][columns.index("id")] == "798208"
    assert "text-align:right" in result_html("Hits", columns, rows, [])


def test_a_concordance_of_a_pattern_shows_its_whole_match_as_the_node():
    # [lemma="the"] [lemma="bank"]: form is the target, "The"; left + form + right read
    # "The raised its interest rates again.", the bank gone.
    from types import SimpleNamespace

    from sensegrep.api.display import kwic_rows

    hit = SimpleNamespace(
        id=1, doc="d00", left="", form="The", right=" raised rates.", match=["The", "bank"],
        sentence="The bank raised rates.", score=None, sense=None, sense_run=None, label=None,
    )  # fmt: skip
    columns, rows = kwic_rows([hit])
    assert rows[0][columns.index("node")] == "<b>The bank</b>"


def test_a_concordance_marks_a_predicted_label_as_count_label_does():
    # A label classify --apply predicted showed as "shore", as one given by hand does:
    # a guess read as an annotator's decision (search --count label: "shore (predicted)").
    from types import SimpleNamespace

    from sensegrep.api.display import kwic_rows

    line = dict(doc="d0", left="the ", form="bank", right=".", score=None, sense=None,
                sense_run=None)  # fmt: skip
    hits = [
        SimpleNamespace(id=1, label="shore", label_predicted=True, **line),
        SimpleNamespace(id=2, label="shore", label_predicted=False, **line),
        SimpleNamespace(id=3, label=None, label_predicted=False, **line),
    ]
    columns, rows = kwic_rows(hits)
    labels = [row[columns.index("label")] for row in rows]
    assert labels == ["shore (predicted)", "shore", ""]
