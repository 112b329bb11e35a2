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


def test_a_column_of_figures_has_one_number_of_decimals_as_the_cli_writes_it():
    # A notebook showed 28,800 beside 17,766.5 and 1.25: read as less precise than the
    # per-million figures are (the CLI's tables write 28,800.00, 17,766.50, 1.25).
    records = [
        {"value": "a", "count": 1234, "per_million": 28800.0, "x": None},
        {"value": "b", "count": 5, "per_million": 17766.5, "x": None},
        {"value": "c", "count": 7, "per_million": None, "x": None},
        {"value": "d", "count": 1, "per_million": 1.25, "x": None},
    ]
    columns, rows = record_rows(records)
    shown = [row[columns.index("per_million")] for row in rows]
    assert shown == ["28,800.00", "17,766.50", "", "1.25"]
    assert [row[columns.index("count")] for row in rows] == ["1,234", "5", "7", "1"]
    assert [row[columns.index("x")] for row in rows] == ["", "", "", ""]


def test_a_concordance_marks_a_predicted_label_as_a_count_by_label_does():
    # classify --apply's k-NN guesses showed in the label column as labels given by
    # hand, where a count by label of the same lines says "money (predicted)".
    from types import SimpleNamespace

    from sensegrep.api.display import kwic_rows

    def hit(label, predicted):
        return SimpleNamespace(
            id=1, doc="d1", left="the ", form="bank", right=" rose", score=None, sense=None,
            sense_run=None, label=label, label_predicted=predicted,
        )  # fmt: skip

    columns, rows = kwic_rows([hit("money", True), hit("shore", False), hit(None, False)])
    labels = [row[columns.index("label")] for row in rows]
    assert labels == ["money (predicted)", "shore", ""]


def test_a_concordances_scores_have_one_number_of_decimals():
    # sort="quality" showed 1 beside 0.7944 (read as less precise than it is).
    from types import SimpleNamespace

    from sensegrep.api.display import kwic_rows

    def hit(quality):
        return SimpleNamespace(
            id=1, doc="d1", left="the ", form="bank", right=" rose", score=None, sense=None,
            sense_run=None, label=None, quality=quality,
        )  # fmt: skip

    columns, rows = kwic_rows([hit(1.0), hit(0.7944), hit(0.7)])
    assert [row[columns.index("quality")] for row in rows] == ["1.0000", "0.7944", "0.7000"]
