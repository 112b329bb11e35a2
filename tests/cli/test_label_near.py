"""`label --as` says when the label given is new to the word and spelt nearly as one it
has (pass 37f): `label 1240 758 --as mony` on a word labelled money said only
"labelled 2 occurrence(s) of 'bank' as mony", and labels, --count label and classify
then counted mony as a sense of its own. A label the word has, or one near none of
its labels, says nothing more."""

from __future__ import annotations

import sensegrep

from ..helpers import run


def _bank_ids(built: sensegrep.SenseIndex) -> list[int]:
    return list(built.search("bank", k=4).ids)


def test_a_new_label_near_one_of_the_words_is_noted(built, runner):
    ids = _bank_ids(built)
    built.label(ids[:2], "money")
    code, _out, err = run(runner, built.path, "label", str(ids[2]), "--as", "mony")
    assert code == 0
    assert "labelled 1 occurrence(s) of 'bank' as mony" in err
    assert "note: mony is new to 'bank', which has money (2)" in err
    assert built.labels("bank") == {"money": 2, "mony": 1}


def test_a_label_of_other_case_is_noted(built, runner):
    ids = _bank_ids(built)
    built.label(ids[:1], "river")
    _code, _out, err = run(runner, built.path, "label", str(ids[1]), "--as", "River side")
    assert "note: River is new to 'bank', which has river (1)" in err
    assert "side is new" not in err


def test_a_label_the_word_has_or_a_far_one_says_nothing_more(built, runner):
    ids = _bank_ids(built)
    built.label(ids[:1], "money")
    _code, _out, err = run(runner, built.path, "label", str(ids[1]), "--as", "money")
    assert "is new to" not in err
    _code, _out, err = run(runner, built.path, "label", str(ids[2]), "--as", "shore")
    assert "is new to" not in err


def test_the_counts_named_are_those_after_the_write(built, runner):
    """A label replaced everywhere by the new one is no longer the word's: not named."""
    ids = _bank_ids(built)
    built.label(ids[:3], "money")
    _code, _out, err = run(runner, built.path, "label", str(ids[0]), str(ids[1]), "--as", "mony")
    assert "note: mony is new to 'bank', which has money (1)" in err
    _code, _out, err = run(runner, built.path, "label", str(ids[2]), "--as", "monny")
    assert "which has money" not in err
    assert "note: monny is new to 'bank', which has mony (2)" in err


def test_a_comma_in_a_label_is_said_to_make_one_label(built, runner):
    ids = _bank_ids(built)
    built.label(ids[:1], "money")
    _code, _out, err = run(runner, built.path, "label", str(ids[1]), "--as", "money,river")
    assert (
        "note: money,river is one label: a comma or semicolon does not separate labels, "
        "a space does (--as 'money river' sets 2)"
    ) in err
    assert "is new to" not in err
    assert built.labels("bank") == {"money": 1, "money,river": 1}


def test_a_label_the_occurrences_written_held_already_is_not_new(built, runner):
    ids = _bank_ids(built)
    built.label(ids[:2], "money")
    built.label(ids[2:3], "mony")
    _code, _out, err = run(runner, built.path, "label", str(ids[2]), str(ids[2]), "--as", "mony")
    assert "is new to" not in err


def test_a_numbered_sense_beside_another_number_says_nothing_more(built, runner):
    """Senses labelled by number (sense1, sense2) or WordNet key (bank%1:14:00::,
    bank%1:17:01::) differ in their digits alone: the second sense was noted as a slip
    for the first, "sense2 is new to 'bank', which has sense1" (pass 37l)."""
    ids = _bank_ids(built)
    built.label(ids[:1], "sense1 bank%1:14:00::")
    _code, _out, err = run(runner, built.path, "label", str(ids[1]), "--as", "sense2")
    assert "is new to" not in err, err
    _code, _out, err = run(runner, built.path, "label", str(ids[2]), "--as", "bank%1:17:01::")
    assert "is new to" not in err, err
    _code, _out, err = run(runner, built.path, "label", str(ids[3]), "--as", "sence1")
    assert "note: sence1 is new to 'bank', which has sense1 (1)" in err, err


def test_the_label_named_is_the_nearest_as_written(built, runner):
    """A word with river (2) and River (1): `--as rivver` was said new beside River (1),
    the other case's, not river, the nearer and commoner (pass 39g)."""
    ids = _bank_ids(built)
    built.label(ids[:2], "river")
    built.label(ids[2:3], "River")
    _code, _out, err = run(runner, built.path, "label", str(ids[3]), "--as", "rivver")
    assert "note: rivver is new to 'bank', which has river (2)" in err, err
