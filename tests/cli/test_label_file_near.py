"""`import` and `label --from` say when a label a file set is new to its word and spelt
nearly as one the word has (pass 39e), as `label --as` says it (test_label_near.py): an
annotator's "Money" typed beside money in a spreadsheet, or "mony" in a tool's free-text
box, was named only among "labels set: Money (1)", and labels, --count label and
classify then counted it as a sense of its own."""

from __future__ import annotations

import csv
import io

import sensegrep

from ..helpers import run


def _csv_export(built: sensegrep.SenseIndex, runner, labels: dict[int, str]) -> str:
    """`export bank --to csv` with these labels typed into its label column."""
    code, out, err = run(runner, built.path, "export", "bank", "--to", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    for row in rows:
        row["label"] = labels.get(int(row["id"]), row["label"])
    written = io.StringIO()
    writer = csv.DictWriter(written, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return written.getvalue()


def test_an_import_naming_a_label_near_one_of_the_words_says_so(built, runner, tmp_path):
    ids = list(built.search("bank", k=4).ids)
    built.label(ids[:2], "money")
    path = tmp_path / "back.csv"
    path.write_text(_csv_export(built, runner, {ids[2]: "Money"}), encoding="utf-8")
    code, _out, err = run(runner, built.path, "import", str(path))
    assert code == 0, err
    assert "note: Money is new to 'bank', which has money (2)" in err, err
    assert built.labels("bank") == {"money": 2, "Money": 1}
    # read back again, Money is the word's: nothing more is said
    code, _out, err = run(runner, built.path, "import", str(path))
    assert code == 0 and "is new to" not in err, err


def test_label_from_a_file_says_so_too(built, runner, tmp_path):
    ids = list(built.search("bank", k=4).ids)
    built.label(ids[:2], "money")
    path = tmp_path / "labels.csv"
    path.write_text(f"id,label\n{ids[2]},mony\n{ids[3]},money\n", encoding="utf-8")
    code, _out, err = run(runner, built.path, "label", "--from", str(path))
    assert code == 0, err
    assert "note: mony is new to 'bank', which has money (3)" in err, err
    # labels the word has, or far from all of them: nothing more
    path.write_text(f"id,label\n{ids[2]},money\n{ids[3]},shore\n", encoding="utf-8")
    code, _out, err = run(runner, built.path, "label", "--from", str(path))
    assert code == 0 and "is new to" not in err, err


def test_a_label_holding_a_semicolon_is_said_to_be_one_label(built, runner, tmp_path):
    """ "money;river" typed in a spreadsheet cell is one label, as `label --as` says."""
    ids = list(built.search("bank", k=4).ids)
    path = tmp_path / "labels.csv"
    path.write_text(f"id,label\n{ids[0]},money;river\n", encoding="utf-8")
    code, _out, err = run(runner, built.path, "label", "--from", str(path))
    assert code == 0, err
    assert "note: money;river is one label: a comma or semicolon does not separate" in err, err
    assert built.labels("bank") == {"money;river": 1}


def test_each_label_holding_a_comma_or_semicolon_is_said(built, runner, tmp_path):
    """Of two labels holding a comma or semicolon, the note named the first alone: the
    others were said only past five ("and N more"), so bank,side went unsaid (pass 39j)."""
    ids = list(built.search("bank", k=4).ids)
    path = tmp_path / "labels.csv"
    path.write_text(f'id,label\n{ids[0]},money;river\n{ids[1]},"bank,side"\n', "utf-8")
    code, _out, err = run(runner, built.path, "label", "--from", str(path))
    assert code == 0, err
    assert "(--as 'money river' sets 2); so is bank,side\n" in err, err
    assert built.labels("bank") == {"money;river": 1, "bank,side": 1}


def test_two_spellings_both_new_from_the_file_are_said_once(built, runner, tmp_path):
    """A file giving a word two labels spelt nearly alike, both new to it, said each
    beside the other: "flow is new to 'bank', which has Flow (1); Flow is new to 'bank',
    which has flow (1)" (pass 39j); once is enough."""
    ids = list(built.search("bank", k=2).ids)
    path = tmp_path / "labels.csv"
    path.write_text(f"id,label\n{ids[0]},flow\n{ids[1]},Flow\n", encoding="utf-8")
    code, _out, err = run(runner, built.path, "label", "--from", str(path))
    assert code == 0, err
    assert err.count(" is new to 'bank'") == 1, err
    assert "note: Flow is new to 'bank', which has flow (1): a label spelt otherwise" in err, err
