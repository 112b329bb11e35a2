"""What is said of labels just set, by every front end alike: :meth:`SenseIndex.label`
(as SensegrepNote warnings), ``sensegrep label`` and ``POST /api/label`` (the words
the ids were of, a label new to a word spelt nearly as one it has, a comma in a label).
Cheap to import; below the API (api/labelling.py re-exports it), so that
:meth:`SenseIndex.label` says them too (pass 39b: a notebook's label said none).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.storage import Index


def word_labels(storage: Index, lang: str, words: Iterable[str]) -> dict[str, Counter[str]]:
    """Each word's labels now, with how many of its occurrences carry each (predicted
    ones too): what a label given is compared with (:func:`near_labels_note`)."""
    from sensegrep.labels.labelling import count_labels, word_occurrences

    held: dict[str, Counter[str]] = {}
    for word in dict.fromkeys(words):
        try:
            found = word_occurrences(storage, word, lang)
        except QueryError:  # a token that is no occurrence of a word ('.'): nothing to compare
            continue
        counts, _unlabelled = count_labels(storage, found.ids)
        held[word] = Counter({item.label: item.count for item in counts})
    return held


_DIGITS = re.compile(r"\d")


# How each caller lists a word's labels and corrects one (api/spelling.py's callers):
# the annotate page showed the command line's `label ID… --as LABEL`, which no one on
# the page can type (pass 39c), a notebook the same.
_CORRECTING = {
    "cli": "`labels WORD` lists them; `label ID… --as LABEL` corrects one",
    "web": "`GET /api/labels/WORD` lists them, as the annotate page does; the label meant, "
    "given again (a key on that page, `POST /api/label`), corrects one",
    "api": "`idx.labels(WORD)` lists them; `idx.label(IDS, LABEL)` corrects one",
}


def near_labels_note(
    after: dict[str, Counter[str]],
    written: dict[str, list[str | None]],
    label: str,
    caller: str = "cli",
) -> str | None:
    """Said when a label given was new to a word and is spelt nearly as one it has
    (mony beside money, River beside river): a slip makes a second label that
    ``labels``, ``--count label`` and ``classify`` count apart, which the confirmation,
    naming the label typed, did not say. ``after``: :func:`word_labels` read after the
    write (a label it replaced everywhere is no longer the word's); ``written``: per
    word, the label text each occurrence written held before. A label was new to the
    word when only the occurrences written hold it now and none of them held it before
    (one read of the word's labels, not two: a frequent word's are many). None when
    every label given was the word's, or is near none of its labels."""
    said = [_near_said(*one) for one in _near_labels(after, written, label)]
    return _near_note(said, caller) if said else None


def _near_said(part: str, word: str, near: str, count: int) -> str:
    """ "mony is new to 'bank', which has money (12)"."""
    return f"{part} is new to {word!r}, which has {near} ({count:,})"


def _near_note(said: Sequence[str], caller: str) -> str:
    """The note naming labels new to a word and spelt nearly as one it has."""
    fix = _CORRECTING.get(caller, _CORRECTING["cli"])
    return "; ".join(said) + f": a label spelt otherwise is another label ({fix})"


def _near_labels(
    after: dict[str, Counter[str]], written: dict[str, list[str | None]], label: str
) -> list[tuple[str, str, str, int]]:
    """Each label of ``label`` new to a word and near one it has: (the label, the word,
    the one it has, how many hold that) (see :func:`near_labels_note`)."""
    from sensegrep.storage.fields import nearest_values

    said = []
    parts = list(dict.fromkeys(label.split()))
    for word, counts in after.items():
        others = [one for one, _n in counts.most_common() if one not in parts]
        held = {one for text in written.get(word, []) for one in (text or "").split()}
        for part in parts:
            if counts[part] > len(written.get(word, [])) or part in held:
                continue  # the word had it
            if any(mark in part for mark in ",;"):
                continue  # (bird,machine: separator_note says it)
            # numbered senses (sense1, sense2; WordNet's keys) differ in digits alone
            unlike = [one for one in others if _DIGITS.sub("", one) != _DIGITS.sub("", part)]
            near = nearest_values(part, unlike, n=1)
            if near:
                said.append((part, word, near[0], counts[near[0]]))
    return said


def file_label_notes(
    storage: Index,
    lang: str,
    lines: Sequence[Any],
    held_already: Iterable[int],
    replaced: Iterable[tuple[int, str, str]] = (),
    caller: str = "cli",
) -> list[str]:
    """The notes on the labels a file (``import``, ``label --from``) set, as ``label
    --as`` says them (pass 39e): a label holding a comma or semicolon and no space
    (``money;river``, one label), and a label new to a word and spelt nearly as one it
    has (``Blame`` typed beside blame in a spreadsheet, ``defekt`` in a tool's free-text
    box), which were named only among "labels set", then counted apart. ``lines``: the
    occurrences the file labelled, read after the write (their label the file's);
    ``held_already``: those whose label was the file's before; ``replaced``: (id, the
    label it held, the file's) where the file replaced one."""
    held = set(held_already)
    before = {i: old for i, old, _new in replaced}
    written: dict[str, dict[str, list[str | None]]] = {}  # label: word: labels before
    for line in lines:
        if line.label and not line.label_predicted:
            was = line.label if line.id in held else before.get(line.id)
            written.setdefault(line.label, {}).setdefault(line.lemma, []).append(was)
    if not written:
        return []
    # One with a space too is StoredLabels.note's ("a space separates labels").
    joined = [one for one in written if " " not in one and any(m in one for m in ",;")]
    notes = [f"{separator_note(joined[0])}{_so_are(joined[1:])}"] if joined else []
    after = word_labels(storage, lang, {word for words in written.values() for word in words})
    found = [
        one
        for label, words in written.items()
        for one in _near_labels({w: after[w] for w in words if w in after}, words, label)
    ]
    # Two spellings both new, from this file: said once ("Flow is new to 'river', which
    # has flow (1)" came after "flow is new …, which has Flow (1)"; pass 39j).
    pairs = {(part, word, near) for part, word, near, _n in found}
    said = [
        _near_said(part, word, near, n)
        for part, word, near, n in found
        if (near, word, part) not in pairs or part < near
    ]
    return notes + ([_near_note(said[:5], caller) + _more(said)] if said else [])


def _so_are(others: Sequence[str]) -> str:
    """ "; so is bank,side" after the first label holding a comma or semicolon: the
    others were said only past five, "; and N more", so a second one went unsaid."""
    if not others:
        return ""
    more = f" and {len(others) - 4:,} more" if len(others) > 4 else ""
    return f"; so {'is' if len(others) == 1 else 'are'} {', '.join(others[:4])}{more}"


def _more(said: Sequence[str]) -> str:
    """ "; and N more" after the first five of ``said``."""
    return f"; and {len(said) - 5:,} more" if len(said) > 5 else ""


def label_notes(
    storage: Index, lang: str, before: Sequence[Any], label: str, caller: str = "cli"
) -> list[str]:
    """The notes on ``label`` just given to the occurrences ``before`` (their contexts
    read before the write): a comma or semicolon in it, a label new to a word and spelt
    nearly as one it has, in ``caller``'s words. Said by ``label`` and by the web app's
    POST /api/label alike (the annotate page made a second label Money beside money
    unsaid)."""
    text = " ".join(label.split())
    written: dict[str, dict[int, str | None]] = {}
    for line in before:  # each occurrence once (an id given twice is labelled once)
        written.setdefault(line.lemma, {})[line.id] = line.label
    after = word_labels(storage, lang, written)
    held = {word: list(labels.values()) for word, labels in written.items()}
    notes = (separator_note(text, caller), near_labels_note(after, held, text, caller))
    return [note for note in notes if note]


def words_of(lines: Sequence[Any]) -> str:
    """The words of these occurrences (``contexts`` lines), said in a confirmation (a
    mistyped id labels another word: "labelled 1 occurrence(s) as fish" did not say it
    was a seal): ``'note'``, or ``'note' (2), 'in' (1)``, the first five. Each
    occurrence once: an id given twice is labelled once (`label 722 722 304` said
    'pitch' (2) of the 2 it labelled, pass 39g)."""
    counts = Counter(line.lemma for line in {line.id: line for line in lines}.values())
    if len(counts) == 1:
        return repr(next(iter(counts)))
    shown = ", ".join(f"{word!r} ({n})" for word, n in counts.most_common(_SHOWN_WORDS))
    more = len(counts) - _SHOWN_WORDS
    return shown + (f" and {more} more word(s)" if more > 0 else "")


_SHOWN_WORDS = 5


def several_words_note(lines: Sequence[Any], labelled: int, done: str = "labelled") -> str | None:
    """Said by :meth:`SenseIndex.label` when the occurrences it labelled (``lines``,
    read before) are of several words, as ``sensegrep label`` names them in its
    confirmation: idx.label([60, 141, 27], "musical") labelled an *in* beside two
    *note*s, a mistyped id, and returned 3 with nothing said (pass 39b). ``done``: what
    was done to them (``cleared the labels of``: label(ids, None))."""
    if len({line.lemma for line in lines}) < 2:
        return None
    return f"{done} {labelled:,} occurrence(s) of {words_of(lines)}: the ids are of several words"


def separator_note(label: str, caller: str = "cli") -> str | None:
    """Said when a label holds a comma or semicolon: one label (`bird,machine`), as a
    space separates labels, which a user listing two with a comma did not expect; the
    label that sets them in ``caller``'s words (a notebook and the annotate page were
    told `--as`, the command line's, pass 39g)."""
    held = [part for part in label.split() if any(mark in part for mark in ",;")]
    if not held:
        return None
    parts = [piece for part in held for piece in part.replace(";", ",").split(",") if piece]
    spaced = repr(" ".join(parts))
    given = {"api": f"idx.label(IDS, {spaced})", "web": f"the label {spaced}"}
    return (
        f"{held[0]} is one label: a comma or semicolon does not separate labels, a space "
        f"does ({given.get(caller, f'--as {spaced}')} sets {len(parts)})"
    )


def relabel_notes(before: Sequence[Any], label: str | None, caller: str = "cli") -> list[str]:
    """What a label given by hand did to the occurrences ``before`` (their contexts read
    before the write): those that held it already, unchanged (`label 37 48 --as money`
    said "labelled 2" of two that held money, and POST /api/label "changed": 2, pass
    40d), and the labels given by hand or with the input that it replaced, named with how
    to put one back in ``caller``'s words (idx.label replaced a hand label unsaid, as
    `sensegrep label` names it); a prediction replaced is classify's purpose. ``label``
    None: a clear, whose own notes name the labels removed."""
    if label is None:
        return []
    new = " ".join(dict.fromkeys(label.split()))  # as stored
    held = {line.id: line for line in before}  # an id given twice: one occurrence
    same = [i for i, line in held.items() if unchanged(line, new, False)]
    replaced = {
        i: line.label
        for i, line in held.items()
        if line.label and not line.label_predicted and " ".join(line.label.split()) != new
    }
    said = []
    if same:
        who = f"occurrence {same[0]}" if len(held) == 1 else f"{len(same):,} of them"
        said.append(f"{who} held {new} already, given by hand: unchanged")
    if replaced:
        named = ", ".join(f"{i} {old} → {new}" for i, old in list(replaced.items())[:5])
        named += f" and {len(replaced) - 5:,} more" if len(replaced) > 5 else ""
        said.append(
            f"{len(replaced):,} of them held another label, now replaced: {named} "
            f"({_put_back(replaced, caller)})"
        )
    return said


def unchanged(line: Any, label: str | None, predicted: bool) -> bool:
    """Whether the occurrence ``line`` (its context read before a write) holds ``label``
    as stored (None: none) given the same way (by hand, or predicted): a write of it
    changes no label."""
    if label is None:
        return not line.label
    held = " ".join(dict.fromkeys((line.label or "").split()))
    return held == label and bool(line.label_predicted) == predicted


def _put_back(replaced: dict[int, str], caller: str) -> str:
    """How to put back a label replaced, in ``caller``'s words."""
    import shlex

    # (the web's in the words of the annotate page and of HTTP, as _CORRECTING's)
    if len(replaced) > 1:
        given = {
            "api": "idx.label(ID, LABEL)",
            "web": "the label given again (a key on the annotate page, `POST /api/label`)",
        }
        return f"{given.get(caller, '`label ID --as LABEL`')} puts one back"
    first, old = next(iter(replaced.items()))
    given = {
        "api": f"idx.label({first}, {old!r})",
        "web": f'{old} given again (`POST /api/label {{"ids": [{first}], "label": '
        f"{json_text(old)}}}`)",
    }
    return f"{given.get(caller, f'`label {first} --as {shlex.quote(old)}`')} puts it back"


def json_text(text: str) -> str:
    """``text`` as a JSON string."""
    import json

    return json.dumps(text, ensure_ascii=False)
