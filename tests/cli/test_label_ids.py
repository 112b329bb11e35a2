"""`label`'s ids: a list written with commas (`label 110,120 --as x`, as a spreadsheet
copies a column) was refused with Click's "'110,120' is not a valid integer", which did
not say how to list them (pass 39l, polish): the error says a space separates ids."""

from __future__ import annotations

from ..helpers import run


def test_ids_listed_with_commas_are_told_a_space_separates_them(built, runner):
    first, second = (str(i) for i in built.search("bank", k=2).ids)
    code, _out, err = run(runner, built.path, "label", f"{first},{second}", "--as", "money")
    assert code == 2
    assert f"'{first},{second}' is not an id: a space separates ids ({first} {second})" in err
    assert built.labels("bank") == {}
    code, _out, err = run(runner, built.path, "label", "abc", "--as", "money")
    assert code == 2 and "'abc' is not a valid integer" in err
    code, _out, err = run(runner, built.path, "label", first, second, "--as", "money")
    assert code == 0 and "labelled 2 occurrence(s) of 'bank' as money" in err


def test_an_id_written_with_a_comma_before_a_space_is_told_to_drop_the_comma(built, runner):
    """`label 110, 120` was told "'110,' is not an id: a space separates ids (110)", as if
    110 alone were the ids to give (pass 39p): it says to write it without its comma."""
    first, second = (str(i) for i in built.search("bank", k=2).ids)
    code, _out, err = run(runner, built.path, "label", f"{first},", second, "--as", "money")
    assert code == 2
    assert f"'{first},' is not an id: a space separates ids ({first} without its comma)" in err
    assert built.labels("bank") == {}
