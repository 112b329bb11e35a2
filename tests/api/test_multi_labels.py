"""An occurrence with two labels ("river side") counts once under each, in ``labels
WORD``, ``search --count label`` and ``export --balanced N --by label`` alike (issue 23:
the count took "river side" as one value), its shares then adding up to more than 100%."""

from __future__ import annotations


def labelled(idx) -> None:
    """r1 'river side', r2 'river', m1 and m2 'money'."""
    for doc, label in (("r1", "river side"), ("r2", "river"), ("m1", "money"), ("m2", "money")):
        assert idx.label(idx.search("bank", docs=[doc]).ids, label) == 1


def test_a_count_by_label_counts_each_label_of_an_occurrence(built):
    labelled(built)
    counts = built.count("bank", "label")
    by_value = {row["value"]: row for row in counts}
    assert {v: row["count"] for v, row in by_value.items()} == built.labels("bank")
    assert built.labels("bank") == {"river": 2, "money": 2, "side": 1}
    # Shares are of the 4 lines counted: 2/4, 2/4, 1/4, summing to 125%.
    assert {v: row["share"] for v, row in by_value.items()} == {
        "river": 0.5,
        "money": 0.5,
        "side": 0.25,
    }
    assert any("more than 100%" in note for note in counts.notes)
    single = built.count("bank", "label", docs=["r2", "m1"])
    assert not any("more than 100%" in note for note in single.notes)


def test_a_count_of_some_lines_by_label_divides_by_those_lines(built):
    labelled(built)
    counts = built.count("bank", "label", k=2)  # r1 and m1, in corpus order
    assert {row["value"]: row["share"] for row in counts} == {
        "river": 0.5,
        "side": 0.5,
        "money": 0.5,
    }


def test_a_balanced_export_by_label_draws_per_label(built):
    labelled(built)
    for seed in range(5):
        items = built.annotation_items("bank", "csv", balanced=1, by="label", seed=seed)
        per_label = {"river": 0, "side": 0, "money": 0}
        for item in items:
            for part in item.occurrence.label.split():
                per_label[part] += 1
        # side's only occurrence (r1) is also river's one: r2 is not drawn besides.
        assert per_label == {"river": 1, "side": 1, "money": 1}, seed
        assert len(items) == 2


def test_prodigy_offers_each_label_once(built):
    labelled(built)
    items = built.annotation_items("bank", "prodigy")
    assert sorted(label for label, _ in items[0].options) == ["money", "river", "side"]


def test_a_label_text_with_a_space_says_it_set_several_labels(built):
    """A notebook's idx.label(ids, "financial institution") stored two labels,
    financial and institution, and returned 1 with nothing said, where the command
    line says so in a note: the API warns it (SensegrepNote), one label text saying
    nothing, and a front end that says it itself can ask for no warning."""
    import warnings

    import pytest

    from sensegrep.errors import SensegrepNote

    ids = built.search("bank", docs=["m1"]).ids
    with pytest.warns(SensegrepNote, match="'financial institution' set 2 labels") as said:
        assert built.label(ids, "financial institution") == 1
    assert "for one label write financial_institution" in str(said[0].message)
    assert built.labels("bank") == {"financial": 1, "institution": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # (of an unlabelled one: replacing a hand label is said, pass 40d)
        assert built.label(built.search("bank", docs=["m2"]).ids, "money") == 1
        assert built.label(ids, "river side", notes=False) == 1
        assert built.label([], "river side") == 0  # nothing labelled, nothing to say


def test_label_says_what_the_command_line_says_of_the_words_and_the_label(built):
    """idx.label, "what `sensegrep label` does" (README), said nothing of what the
    command line's confirmation and notes say: ids of several words (a mistyped id
    among them labels another word: [bank, bank, river] returned 3) and a label new to
    a word spelt nearly as one it has (`mony` beside money, counted apart) went unsaid
    in a notebook (pass 39b). Each is a SensegrepNote warning; ``notes=False`` (a front
    end that says them itself) none."""
    import warnings

    import pytest

    from sensegrep.errors import SensegrepNote

    banks = built.search("bank", docs=["m1", "m2"]).ids
    river = built.search("river", docs=["r1"]).ids
    with pytest.warns(SensegrepNote) as said:
        assert built.label([*banks, *river], "money") == 3
    assert [str(w.message) for w in said] == [
        "labelled 3 occurrence(s) of 'bank' (2), 'river' (1): the ids are of several words"
    ]
    r1 = built.search("bank", docs=["r1"]).ids
    with pytest.warns(SensegrepNote) as said:
        assert built.label(r1, "mony") == 1
    assert [str(w.message) for w in said] == [
        "mony is new to 'bank', which has money (2): a label spelt otherwise is another "
        "label (`idx.labels(WORD)` lists them; `idx.label(IDS, LABEL)` corrects one)"
    ], [str(w.message) for w in said]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert built.label(r1, "river", notes=False) == 1
        assert built.label([*banks, *river], "mony", notes=False) == 3


def test_label_says_which_ids_it_left_unchanged_and_which_hand_labels_it_replaced(built):
    """idx.label(ids, "money") of two that held money returned 2 with nothing said, and
    replacing a hand label (river → money) said nothing, where `sensegrep label` names
    it with how to put it back; an ``expect`` id not among those labelled was ignored,
    so that a caller guarding 999 thought it guarded (pass 40d). Each is said: the
    unchanged and the replaced in a note, the stray ``expect`` id as an error that
    changes nothing."""
    import pytest

    from sensegrep.errors import QueryError, SensegrepNote

    money = [*built.search("bank", docs=["m1"]).ids, *built.search("bank", docs=["m2"]).ids]
    river = built.search("bank", docs=["r1"]).ids
    built.label([*money, *river], "money", notes=False)
    with pytest.warns(SensegrepNote) as said:
        assert built.label(money, "money") == 2
    assert [str(w.message) for w in said] == [
        "2 of them held money already, given by hand: unchanged"
    ]
    with pytest.warns(SensegrepNote) as said:
        assert built.label([*river, money[0]], "shore") == 2
    assert [str(w.message) for w in said] == [
        f"2 of them held another label, now replaced: {river[0]} money → shore, "
        f"{money[0]} money → shore (idx.label(ID, LABEL) puts one back)"
    ]
    with pytest.warns(SensegrepNote) as said:
        built.label(river, "river")
    assert [str(w.message) for w in said] == [
        f"1 of them held another label, now replaced: {river[0]} shore → river "
        f"(idx.label({river[0]}, 'shore') puts it back)"
    ]
    with pytest.raises(QueryError, match=r"expect names occurrence 999999, which is not among"):
        built.label(river, "x", expect={river[0]: "river", 999999: None})
    assert built.labels("bank") == {"river": 1, "money": 1, "shore": 1}  # nothing changed


def test_label_names_an_id_given_twice_once(built):
    """idx.label([b, b, r], …) labels 2 occurrences and said "labelled 2 occurrence(s)
    of 'bank' (2), 'river' (1)": the repeated id counted twice (pass 39g, misleads)."""
    import pytest

    from sensegrep.errors import SensegrepNote

    bank = built.search("bank", docs=["m1"]).ids[0]
    river = built.search("river", docs=["r1"]).ids[0]
    with pytest.warns(SensegrepNote) as said:
        assert built.label([bank, bank, river], "money") == 2
    assert [str(w.message) for w in said] == [
        "labelled 2 occurrence(s) of 'bank' (1), 'river' (1): the ids are of several words"
    ]


def test_a_comma_in_a_label_is_said_in_a_notebooks_words(built):
    """idx.label(ids, "money,river") was told "(--as 'money river' sets 2)", the
    command line's option, in a notebook (pass 39g, polish)."""
    import pytest

    from sensegrep.errors import SensegrepNote

    ids = built.search("bank", docs=["m1"]).ids
    with pytest.warns(SensegrepNote) as said:
        built.label(ids, "money,river")
    assert [str(w.message) for w in said] == [
        "money,river is one label: a comma or semicolon does not separate labels, a space "
        "does (idx.label(IDS, 'money river') sets 2)"
    ]


def test_clearing_the_labels_of_several_words_is_said(built):
    """idx.label(ids, None) of a bank and a river, a mistyped id, cleared the river's
    label unsaid, where `label --remove` names the words (pass 39g)."""
    import warnings

    import pytest

    from sensegrep.errors import SensegrepNote

    bank = built.search("bank", docs=["m1"]).ids[0]
    river = built.search("river", docs=["r1"]).ids[0]
    built.label([bank, river], "money", notes=False)
    with pytest.warns(SensegrepNote) as said:
        assert built.label([bank, river], None) == 2
    assert [str(w.message) for w in said] == [
        "cleared the labels of 2 occurrence(s) of 'bank' (1), 'river' (1): the ids are of "
        "several words"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert built.label([bank], None) == 1  # one word: nothing said
        assert built.label([bank, river], None, notes=False) == 2


def test_clearing_names_only_the_labels_it_cleared(built):
    """idx.label(ids, None) said "cleared the labels of 2 occurrence(s) of 'bank' (1),
    'river' (1)" of a bank and a river that held no label, and of a labelled bank beside
    an unlabelled river, where `label --remove` says "no label to remove" and "removed
    the labels of 1 occurrence(s) of 'bank'; 1 other(s) had none" (pass 39l, misleads).
    It names the occurrences whose label it cleared."""
    import warnings

    import pytest

    from sensegrep.errors import SensegrepNote

    bank = built.search("bank", docs=["m1"]).ids[0]
    river = built.search("river", docs=["r1"]).ids[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert built.label([bank, river], None) == 2  # neither held one: nothing cleared
        built.label([bank], "money", notes=False)
        assert built.label([bank, river], None) == 2  # the bank's only: one word
    assert built.labels("bank") == {}
    built.label([bank, river], "money", notes=False)
    with pytest.warns(SensegrepNote) as said:
        built.label([bank, river], None)
    assert [str(w.message) for w in said] == [
        "cleared the labels of 2 occurrence(s) of 'bank' (1), 'river' (1): the ids are of "
        "several words"
    ]
