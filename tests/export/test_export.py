"""Export for annotators and reading their labels back: every format round-trips."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import conllu
import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep.api import import_labels
from sensegrep.export import read_labels
from sensegrep.labeltext import unescaped
from sensegrep.storage import Index
from sensegrep.storage.sql import run as run_sql

from ..helpers import DOCS, hits, run, write_jsonl

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL


@pytest.fixture
def labelled_idx(tmp_path):
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    found = hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])
    ids = {h["doc"]: h["id"] for h in found}
    with Index.open(idx) as index, index.engine.begin() as conn:
        run_sql(conn, "UPDATE tokens SET label = 'river' WHERE id = ?", (ids["r1"],))
        run_sql(conn, "UPDATE tokens SET label = 'money' WHERE id = ?", (ids["m1"],))
    return idx, ids


def held_labels(index, *ids: int) -> list[str | None]:
    """The labels the occurrences hold now, in the order given."""
    found = index.storage.occurrence_labels(list(ids))
    return [found[i][1] for i in ids]


def export(idx, *args):
    code, out, err = run(CliRunner(), idx, "export", "bank", *args)
    assert code == 0, err
    return out


def annotate(fmt: str, text: str, occ_id: int, label: str) -> str:
    """What an annotator's tool writes back after labelling occurrence ``occ_id``."""
    if fmt in ("prodigy", "doccano"):
        records = [json.loads(line) for line in text.split("\n") if line]
        for r in records:
            if fmt == "prodigy" and r["meta"]["id"] == occ_id:
                r.update(accept=[label], answer="accept")
            if fmt == "doccano" and r["sensegrep_id"] == occ_id:
                r["label"] = [[*r["target"], label]]
        return "".join(json.dumps(r) + "\n" for r in records)
    if fmt == "conllu":
        # The word's Sense= replaced when it has one: a second one beside it is a bad line
        # (it was read as the old label, this one dropped unsaid).
        text = re.sub(rf"(SensegrepId={occ_id})\|Sense=[^|\t\n]*", r"\1", text)
        return text.replace(f"SensegrepId={occ_id}", f"SensegrepId={occ_id}|Sense={label}")
    if fmt == "webanno":
        return text.replace(f"*\t{occ_id}\n", f"{label}\t{occ_id}\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if int(row["id"]) == occ_id:
            row["label"] = label
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "webanno", "csv"])
def test_labels_round_trip(labelled_idx, tmp_path, fmt):
    idx, ids = labelled_idx
    offered = ["--options", "river,money"] if fmt == "prodigy" else []  # Prodigy's choices
    text = export(idx, "--to", fmt, *offered)
    labelled = tmp_path / f"back.{fmt}"
    labelled.write_text(annotate(fmt, text, ids["r2"], "river"), encoding="utf-8")
    back = dict(read_labels(fmt, labelled))
    # The two stored labels travel out and back, and so does the new one.
    assert back == {ids["r1"]: "river", ids["m1"]: "money", ids["r2"]: "river"}


def test_prodigy_offers_the_options_and_marks_the_word(labelled_idx):
    idx, _ = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "prodigy").splitlines()]
    assert len(records) == 4
    assert [o["id"] for o in records[0]["options"]] == ["money", "river"]  # existing labels
    span = records[0]["spans"][0]
    assert records[0]["text"][span["start"] : span["end"]] == "bank"


def test_a_label_holding_a_comma_or_a_pipe_reads_back_whole_from_conllu(labelled_idx, tmp_path):
    """CoNLL-U's MISC cuts its fields at "|" and the Sense value at ",": "x,y" came back
    as two labels, x and y, and "fish|salt" as fish, without a word (issue 23, pass
    24h). They are escaped with a backslash, and read back as they were."""
    idx, ids = labelled_idx
    labels = {ids["r1"]: "x,y", ids["m1"]: "fish|salt side", ids["r2"]: "back\\slash"}
    with sensegrep.open(idx) as index:
        for occurrence, label in labels.items():
            index.label([occurrence], label)
    path = tmp_path / "back.conllu"
    path.write_text(export(idx, "--to", "conllu"), encoding="utf-8")
    assert dict(read_labels("conllu", path)) == labels
    assert len(conllu.parse(path.read_text(encoding="utf-8"))) == len(ids)


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "webanno", "csv"])
def test_a_label_that_is_a_formats_empty_mark_reads_back(labelled_idx, tmp_path, fmt):
    """A label "_" (CoNLL-U's and WebAnno's empty value) or "*" (WebAnno's): CoNLL-U
    wrote Sense=_ and WebAnno unescaped its "\\_" and "\\*" before asking whether they
    were empty, so the label came back as none ("without a label", "exported label
    deleted") and was lost from the file unsaid (issue 23, pass 34f)."""
    idx, ids = labelled_idx
    labels = {ids["r1"]: "_", ids["m1"]: "*", ids["r2"]: "river _"}
    with sensegrep.open(idx) as index:
        for occurrence, label in labels.items():
            index.label([occurrence], label)
    path = tmp_path / f"back.{fmt}"
    path.write_text(export(idx, "--to", fmt), encoding="utf-8")
    assert dict(read_labels(fmt, path)) == labels


def test_two_doccano_spans_on_the_word_say_how_to_give_two_labels(labelled_idx, tmp_path):
    """doccano gives a word two labels as two spans over it: a bad line that named
    neither label nor how to write two (WebAnno's stack says both; issue 23, pass 34f)."""
    idx, ids = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "doccano").splitlines()]
    record = next(r for r in records if r["sensegrep_id"] == ids["r2"])
    record["label"] = [[*record["target"], "river"], [*record["target"], "shore"]]
    path = tmp_path / "back.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1
    assert "several labelled spans on the target word ('river', 'shore'): keep one" in err
    assert "a space separates several labels in one" in err


@pytest.mark.parametrize("fmt", ["doccano", "conllu", "webanno", "csv"])
def test_options_where_no_choices_are_written_are_refused(labelled_idx, fmt):
    """--options are the choices of Prodigy's tasks: beside --to csv (doccano, CoNLL-U,
    WebAnno) they were dropped unsaid, the file written as without them (pass 34f)."""
    idx, _ = labelled_idx
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", fmt, "--options", "a,b")
    assert code == 1 and out == ""
    assert "--options only applies with --to prodigy" in err and f"a {fmt} file" in err
    with (
        sensegrep.open(idx) as index,
        pytest.raises(sensegrep.QueryError, match="options only applies"),
    ):
        index.annotation_items("bank", fmt, options=["a", "b"])
    assert "options" in export(idx, "--to", "prodigy", "--options", "a,b")


@pytest.mark.parametrize("fmt", ["csv", "prodigy", "conllu"])
def test_a_file_saved_with_a_byte_order_mark_imports(labelled_idx, tmp_path, fmt):
    """A spreadsheet saves "CSV UTF-8" with a byte order mark (and CRLF): import read
    the header as "\ufeffid,…" and refused the file, "expected a header with id and
    label columns", though `label --from` read it (issue 23, pass 24h)."""
    idx, ids = labelled_idx
    text = annotate(fmt, export(idx, "--to", fmt), ids["r2"], "river")
    path = tmp_path / f"back.{fmt}"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0 and "applied 3 label(s)" in err, err


def test_conllu_export_is_valid_conllu(labelled_idx):
    idx, _ = labelled_idx
    sentences = conllu.parse(export(idx, "--to", "conllu"))
    assert len(sentences) == 4
    target = [t for t in sentences[0] if t["misc"] and "SensegrepId" in t["misc"]]
    assert len(target) == 1 and target[0]["form"] == "bank"
    assert target[0]["misc"]["Sense"] == "river"
    assert sentences[0].metadata["text"] == "We sat on the bank of the river."


PARSED = """# sent_id = s1
# text = She sat on the bank.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsat\tsit\tVERB\tVBD\t_\t0\troot\t_\t_
3\ton\ton\tADP\tIN\t_\t5\tcase\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tbank\tbank\tNOUN\tNN\t_\t2\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""


def test_conllu_export_keeps_the_index_s_tags_and_parse(tmp_path):
    """Issue 23: an index made from a parsed CoNLL-U file exported to CoNLL-U wrote ``_``
    for XPOS, HEAD and DEPREL: an annotation tool got the sentence without its parse.
    They are written as the index holds them (``_`` only where it has none)."""
    source = tmp_path / "p.conllu"
    source.write_text(PARSED + PARSED.replace("s1", "s2"), encoding="utf-8")
    idx = tmp_path / "idx"
    assert run(CliRunner(), idx, "index", str(source), "--vectors-for", "none")[0] == 0
    sentences = conllu.parse(export(idx, "--to", "conllu"))
    given = conllu.parse(PARSED)[0]
    assert len(sentences) == 2
    for sentence in sentences:
        for field in ("form", "upos", "xpos", "head", "deprel"):
            assert [t[field] for t in sentence] == [t[field] for t in given], field


def test_webanno_offsets_point_at_the_tokens(labelled_idx):
    idx, _ = labelled_idx
    text = export(idx, "--to", "webanno")
    assert text.startswith("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Sense|label|occurrence")
    sentences = [line[len("#Text=") :] for line in text.splitlines() if line.startswith("#Text=")]
    joined = "\n".join(sentences)
    for line in text.splitlines():
        if line and not line.startswith("#"):
            span, form = line.split("\t")[1:3]
            start, end = map(int, span.split("-"))
            assert joined[start:end] == form.replace("\\", "")


def test_balanced_by_label_and_sample(labelled_idx):
    idx, _ = labelled_idx
    rows = list(
        csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--balanced", "1", "--by", "label")))
    )
    assert sorted(r["label"] for r in rows) == ["money", "river"]
    sampled = list(
        csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--sample", "3", "--seed", "4")))
    )
    again = list(
        csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--sample", "3", "--seed", "4")))
    )
    assert len(sampled) == 3 and sampled == again


def test_a_balanced_export_or_sample_smaller_than_asked_says_so(labelled_idx):
    """`--balanced 5 --by label` of a word with one river and two money gave 1 and 2,
    and `--sample 100` of its occurrences all of them, without a word: a "balanced"
    file that is not, taken for one (issue 23, pass 24h). A note names each short group
    and its size; the API has it in ``notes``."""
    idx, ids = labelled_idx
    with sensegrep.open(idx) as index:
        index.label([ids["r2"]], "money")
        total = len(index.search("bank"))
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "5",
                         "--by", "label")  # fmt: skip
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    assert (
        "note: --balanced 5: 2 group(s) have fewer occurrences, all of them exported, so the "
        "groups are not the same size: river (1), money (2)"
    ) in err, err
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--by", "label")  # fmt: skip
    assert code == 0 and "note: --balanced" not in err
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--sample", "100")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == total
    assert f"note: --sample 100: only {total} occurrence(s) to draw from, all of them" in err
    with sensegrep.open(idx) as index:
        items = index.annotation_items("bank", "csv", balanced=2, by="label")
        assert items.notes == [
            "balanced=2: 1 group(s) have fewer occurrences, all of them exported, so the groups "
            "are not the same size: river (1)"
        ]


def test_balancing_by_label_a_subcorpus_without_labels_does_not_say_the_word_has_none(
    labelled_idx,
):
    """`export bank --balanced 1 --by label --where year=2010` (one occurrence there, not
    labelled) said "no labelled occurrences of 'bank' to balance by label: label some
    first" of a word with two labelled occurrences, outside that subcorpus: read as the
    labels lost (pass 33d). It names the filters and the labelled occurrences outside
    them; a subcorpus with no occurrence at all says so, each label at 0, as by sense."""
    idx, _ = labelled_idx
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--by", "label", "--where", "year=2010")  # fmt: skip
    assert code == 1 and "no labelled occurrences of 'bank'" not in err, err
    assert (
        "none of the 1 occurrence(s) of 'bank' that the filters keep (--where, --pos, --form) "
        "holds a label; 2 of its occurrences outside them do"
    ) in err, err
    with sensegrep.open(idx) as index, pytest.raises(sensegrep.QueryError, match=r"p \(where"):
        index.annotation_items("bank", "csv", balanced=1, by="label", where="year=2010")
    empty = ("--where", "year=1990", "--where", "genre=news")  # each value held, not together
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--by", "label", *empty)  # fmt: skip
    assert code == 0 and list(csv.DictReader(io.StringIO(out))) == [], err
    assert "so the groups are not the same size: money (0), river (0)" in err, err
    assert "0 matches for 'bank' with --where year=1990 --where genre=news" in err, err


def test_a_sample_of_a_balanced_export_says_its_groups_sizes(labelled_idx):
    """`export bank --balanced 2 --sample 3` drew 3 of the 6 balanced occurrences at
    random (2 of one sense, 1 of another, none of the third) and said nothing: a
    "balanced" file that is not, taken for one (pass 33d). A note gives each group's
    size in the file, as a short group's note does."""
    idx, ids = labelled_idx
    with sensegrep.open(idx) as index:
        index.label([ids["r2"]], "money")
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--by", "label", "--sample", "1")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 1, err
    kept, left = ("money", "river") if rows[0]["label"] == "money" else ("river", "money")
    assert (
        "note: --sample 1 drew from the 2 occurrence(s) --balanced 1 chose, so the groups are "
        f"not the same size: {left} (0), {kept} (1)"
    ) in err, err
    with sensegrep.open(idx) as index:
        items = index.annotation_items("bank", "csv", balanced=1, by="label", sample=1)
        assert any(
            n.startswith("sample=1 drew from the 2 occurrence(s) balanced=1") for n in items.notes
        )


def test_prodigy_offers_induced_senses_when_nothing_is_labelled(tmp_path):
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, out, err = run(runner, idx, "export", "bank", "--to", "prodigy")
    assert code == 0, err
    options = json.loads(out.splitlines()[0])["options"]
    assert options and all(o["id"].startswith("sense_") for o in options)
    assert all(o["text"].startswith(o["id"].replace("_", " ") + ":") for o in options)
    # An accepted option comes back as one label, not two ("sense 1": sense and 1).
    first = json.loads(out.splitlines()[0])
    back = tmp_path / "back.jsonl"
    back.write_text(annotate("prodigy", out, first["meta"]["id"], options[0]["id"]))
    assert run(runner, idx, "import", str(back))[0] == 0
    assert run(runner, idx, "labels", "bank")[1].count(options[0]["id"]) == 1
    assert sensegrep.open(idx).labels("bank") == {options[0]["id"]: 1}


def test_balanced_by_label_without_labels_is_refused(tmp_path):
    """It wrote a file of only a header, exit 0, and said nothing (issue 23)."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", str(write_jsonl(tmp_path / "c.jsonl", DOCS)),
               "--model", "fake:16")[0] == 0  # fmt: skip
    code, out, err = run(runner, idx, "export", "bank", "--to", "csv", "--balanced", "2",
                         "--by", "label")  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "Error: no labelled occurrences of 'bank' to balance by label: label some first, "
        "or use --by sense\n"
    )


def test_bad_lines_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "back.jsonl"
    path.write_text(
        '{"meta": {"id": 5}, "accept": ["x"], "answer": "accept"}\nnot json\n', encoding="utf-8"
    )
    items = list(read_labels("prodigy", path))
    assert items[0] == (5, "x")
    assert "back.jsonl:2" in str(items[1])


def test_a_record_whose_id_is_no_occurrence_id_says_what_it_found(tmp_path):
    """A corpus file read back as labels: its "id" is a document's, and the message
    says so (it said "no id" of a record that has one)."""
    path = write_jsonl(tmp_path / "corpus.jsonl", [{"id": "d00", "text": "A bank."}, {"x": 1}])
    first, second = read_labels("jsonl", path)
    assert 'corpus.jsonl:1: "id" must be an occurrence id' in str(first)
    assert 'got "d00"' in str(first)
    assert "corpus.jsonl:2: no id" in str(second)


def test_import_applies_labels_and_reports_bad_lines(labelled_idx, tmp_path):
    idx, ids = labelled_idx
    text = export(idx, "--to", "conllu")
    annotated = annotate("conllu", text, ids["r2"], "river")
    annotated += "1\tbroken line\n"  # a line an editor mangled
    path = tmp_path / "back.conllu"
    path.write_text(annotated, encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "back.conllu:" in err and "applied 3 label(s)" in err
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)}["r2"] == "river"


def test_import_tells_every_export_format_from_its_first_lines(labelled_idx, tmp_path):
    """No --format, and an extension that names nothing: each export is recognised by
    its content, and one line says what it was read as."""
    idx, ids = labelled_idx
    names = {"prodigy": "Prodigy", "doccano": "doccano", "conllu": "CoNLL-U",
             "webanno": "WebAnno", "csv": "CSV"}  # fmt: skip
    for fmt, name in names.items():
        path = tmp_path / f"{fmt}-back.txt"
        text = annotate(fmt, export(idx, "--to", fmt), ids["r2"], f"river-{fmt}")
        path.write_text(text, encoding="utf-8")
        code, _, err = run(CliRunner(), idx, "import", str(path))
        assert code == 0, err
        assert f"read as {name}" in err.splitlines()[0] and "applied 3 label(s)" in err
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)}["r2"] == "river-csv"


def test_search_output_with_labels_filled_in_reads_back(labelled_idx, tmp_path):
    """search --format jsonl, csv or tsv, a label filled in, read back by import and by
    label --from, told by the first lines (lines left unlabelled are no error for
    import)."""
    idx, ids = labelled_idx
    for fmt in ("jsonl", "csv", "tsv"):
        code, out, err = run(CliRunner(), idx, "search", "bank", "--format", fmt)
        assert code == 0, err
        path = tmp_path / f"hits-{fmt}.txt"
        path.write_text(_fill_label(fmt, out, ids["r2"], f"shore-{fmt}"), encoding="utf-8")
        code, _, err = run(CliRunner(), idx, "import", str(path))
        assert code == 0, err
        assert f"read as {fmt.upper()}" in err and "applied 3 label(s)" in err
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)}["r2"] == "shore-tsv"
    table = tmp_path / "one.csv"  # a TSV whatever its name says
    table.write_text(f"id\tlabel\n{ids['m2']}\tmoney\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "label", "--from", str(table))
    assert code == 0, err
    assert "read as TSV" in err and "labelled 1 occurrence(s)" in err


def _fill_label(fmt: str, text: str, occ_id: int, label: str) -> str:
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.split("\n") if line]
        for record in records:
            if record["id"] == occ_id:
                record["label"] = label
        return "".join(json.dumps(r) + "\n" for r in records)
    delimiter = "," if fmt == "csv" else "\t"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    for row in rows:
        if int(row["id"]) == occ_id:
            row["label"] = label
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_file_nothing_tells_is_one_line_naming_the_formats(labelled_idx, tmp_path):
    idx, _ = labelled_idx
    path = tmp_path / "notes.txt"
    path.write_text("river bank, money bank\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "prodigy, doccano, conllu, webanno, csv, tsv, jsonl" in err and "--format" in err
    prodigy = tmp_path / "p.jsonl"
    prodigy.write_text(export(idx, "--to", "prodigy"), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "label", "--from", str(prodigy))
    assert code == 1 and "Prodigy" in err and f"sensegrep import {prodigy}" in err


def test_balanced_by_induced_sense(labelled_idx):
    idx, _ = labelled_idx
    rows = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--balanced", "1"))))
    senses = json.loads(
        run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines()[0]
    )
    assert senses["sense"] == 1
    n_senses = len(run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines())
    assert len(rows) == n_senses  # one occurrence per induced sense


def test_a_sense_with_no_occurrence_in_the_subcorpus_is_said(labelled_idx):
    """`export --balanced 5 --by sense --where decade=..1970` of a word whose later senses
    have no occurrence before 1980 wrote 5 of each earlier sense and said nothing of the
    others, while a sense of 3 was named (pass 25x): a sense of the run with none in the
    subcorpus is named with 0. Here year=1990 holds one "bank" (r1), so one of two
    senses has none there."""
    idx, ids = labelled_idx
    assert run(CliRunner(), idx, "senses", "bank", "--n", "2")[0] == 0
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--where", "year=1990")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [int(r["id"]) for r in rows] == [ids["r1"]]
    other = 3 - int(rows[0]["sense"])
    assert (
        "note: --balanced 1: 1 group(s) have fewer occurrences, all of them exported, so the "
        f"groups are not the same size: sense {other} (0)"
    ) in err, err
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1")
    assert code == 0 and "note: --balanced" not in err  # each sense has one or more


def test_a_short_sense_is_named_with_its_run(labelled_idx):
    """`export --balanced N --by sense` named "sense 7 (1)" with no run while the user had
    looked at a run of 6 senses (a newer run was current): the note names the run whose
    numbers they are, as each exported line's sense_run does."""
    idx, _ = labelled_idx
    assert run(CliRunner(), idx, "senses", "bank", "--n", "2")[0] == 0
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--where", "year=1990")  # fmt: skip
    runs = {r["sense_run"] for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and len(runs) == 1, (out, err)
    assert f"(0) (senses of sense run {runs.pop()})" in err, err


def test_a_sense_whose_documents_were_all_removed_is_said(labelled_idx):
    """A sense of the run whose every occurrence was removed since (`remove --doc`) was
    in no group: `export --balanced 1` wrote one line fewer than the run has senses and
    said nothing, where a sense with none in a --where subcorpus is named with 0."""
    idx, _ = labelled_idx
    assert run(CliRunner(), idx, "senses", "bank", "--n", "2")[0] == 0
    senses = {h["doc"]: h["sense"] for h in hits(run(CliRunner(), idx, "search", "bank",
                                                     "--format", "jsonl")[1])}  # fmt: skip
    gone = sorted(d for d, s in senses.items() if s == 2)
    assert gone and len(gone) < len(senses)
    assert run(CliRunner(), idx, "remove", *(a for d in gone for a in ("--doc", d)))[0] == 0
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1")
    assert code == 0, err
    assert [r["sense"] for r in csv.DictReader(io.StringIO(out))] == ["1"]
    assert (
        "note: --balanced 1: 1 group(s) have fewer occurrences, all of them exported, so the "
        "groups are not the same size: sense 2 (0)"
    ) in err, err


def test_a_label_with_no_occurrence_in_the_subcorpus_is_said(labelled_idx):
    """`export --balanced 1 --by label --where year=1990` wrote river's one line and said
    nothing of money, which the word's other occurrences carry, where a sense with none
    in the subcorpus is named with 0 (pass 25x): a label is named the same way."""
    idx, ids = labelled_idx
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--by", "label", "--where", "year=1990")  # fmt: skip
    assert code == 0, err
    assert [int(r["id"]) for r in csv.DictReader(io.StringIO(out))] == [ids["r1"]]
    assert (
        "note: --balanced 1: 1 group(s) have fewer occurrences, all of them exported, so the "
        "groups are not the same size: money (0)"
    ) in err, err
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "1",
                         "--by", "label")  # fmt: skip
    assert code == 0 and "note: --balanced" not in err, err


def test_a_file_balanced_by_sense_says_each_occurrences_sense_and_run(labelled_idx, tmp_path):
    """The annotator sees which sense of which run each occurrence was drawn for, the
    sense search --sense N gives it (every format but WebAnno's fixed layer); the file
    still imports back."""
    idx, _ = labelled_idx
    listed = run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines()
    run_id = json.loads(listed[0])["run"]
    sense_of = {}
    for sense in range(1, len(listed) + 1):
        found = run(CliRunner(), idx, "search", "bank", "--sense", str(sense), "--format", "jsonl")
        sense_of.update({h["id"]: sense for h in hits(found[1])})
    rows = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--balanced", "1"))))
    assert len(rows) == len(listed)
    assert {int(r["id"]): int(r["sense"]) for r in rows} == {
        int(r["id"]): sense_of[int(r["id"])] for r in rows
    }
    assert {r["sense_run"] for r in rows} == {str(run_id)}
    for record in map(json.loads, export(idx, "--to", "prodigy", "--balanced", "1").splitlines()):
        assert record["meta"]["sense"] == sense_of[record["meta"]["id"]]
        assert record["meta"]["sense_run"] == run_id
    for record in map(json.loads, export(idx, "--to", "doccano", "--balanced", "1").splitlines()):
        assert record["sense"] == sense_of[record["sensegrep_id"]]
    text = export(idx, "--to", "conllu", "--balanced", "1")
    assert text.count("# sense = ") == len(listed) and f"# sense_run = {run_id}" in text
    plain = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv"))))
    assert "sense" not in plain[0]  # not balanced by sense: no guess to show
    path = tmp_path / "b.conllu"
    path.write_text(text, encoding="utf-8")
    assert run(CliRunner(), idx, "import", str(path))[0] == 0


# -- what an import says it did (issue 23) -------------------------------------------------


def test_an_export_nobody_annotated_yet_says_its_items_have_no_label(tmp_path):
    """Nothing annotated is no error, and no silent "applied 0": the summary says how
    many items were read and that none had a label yet."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    for fmt in ("prodigy", "doccano", "conllu", "webanno", "csv"):
        path = tmp_path / f"untouched.{fmt}"
        path.write_text(export(idx, "--to", fmt), encoding="utf-8")
        code, _, err = run(runner, idx, "import", str(path), "--format", fmt)
        assert code == 0, err
        assert err.strip() == (
            f"applied 0 label(s) from {path}: 4 item(s) read, 0 labelled, "
            "4 without a label (skipped: not annotated yet)"
        ), fmt


def test_the_summary_counts_items_labels_unlabelled_and_bad_lines(labelled_idx, tmp_path):
    idx, _ = labelled_idx
    lines = export(idx, "--to", "prodigy").splitlines()  # r1 and m1 labelled, 2 not
    lines.insert(2, json.dumps({"meta": {"id": 999999}, "accept": ["x"], "answer": "accept"}))
    lines.insert(4, "not json")
    lines.append(lines[0])  # r1 again: the later line wins
    path = tmp_path / "back.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "Traceback" not in err
    assert f"{path}:3: unknown occurrence id 999999" in err
    assert f"{path}:5: not valid JSON" in err
    assert (
        f"applied 2 label(s) (2 already held) from {path}: 7 item(s) read, 3 labelled, 2 "
        "without a label (skipped), 2 bad (1 malformed or unreadable, 1 unknown occurrence "
        "id(s); listed above); 1 repeat an earlier id (the later label won)"
    ) in err
    assert "2 bad line(s)" in err.splitlines()[-1] and "other labels were applied" in err


def test_the_summary_says_how_many_labels_read_back_were_held_already(labelled_idx, tmp_path):
    """A CSV export read back with one label filled in said "applied 3 label(s)": two of
    them were the labels the occurrences held already. It says so; label --from too."""
    idx, ids = labelled_idx
    path = tmp_path / "back.csv"
    path.write_text(annotate("csv", export(idx, "--to", "csv"), ids["r2"], "river"), "utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert f"applied 3 label(s) (2 already held) from {path}: 4 item(s) read" in err, err
    with sensegrep.open(idx) as index:
        assert import_labels(index, path).unchanged == 3  # r2's now too
    lines = ["id,label", f"{ids['r1']},river", f"{ids['m1']},shore"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "label", "--from", str(path))
    assert code == 0, err
    assert "labelled 2 occurrence(s) of 'bank' (1 already held that label) from" in err, err


@pytest.mark.parametrize("fmt", ["csv", "prodigy", "doccano", "conllu"])
def test_a_label_read_back_as_exported_yields_to_one_changed_in_the_index_since(
    labelled_idx, tmp_path, fmt
):
    """Pass 28b: two annotators' overlapping exports. The second annotator's file, read
    back after the first changed r1 from river to shore, put river back (then named, and
    still applied). The file carries each label as exported: one the annotator left is
    older than the index's, which is kept, counted and named; one they changed (r2) is
    applied; the Python API's result lists the kept ones."""
    idx, ids = labelled_idx
    path = tmp_path / f"stale.{fmt}"
    text = export(idx, "--to", fmt)  # r1 river, m1 money
    path.write_text(annotate(fmt, text, ids["r2"], "river"), encoding="utf-8")
    assert run(CliRunner(), idx, "label", str(ids["r1"]), "--as", "shore")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert f"applied 2 label(s) (1 already held) from {path}" in err, err
    assert "1 left as exported and changed in the index since (kept as the index" in err
    assert (
        f"note: 1 label(s) the file gives as they were exported were changed in the index "
        f"since, and are kept as it has them: {ids['r1']} shore (file: river)"
    ) in err, err
    assert "replaced one given by hand" not in err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r1"], ids["r2"]) == ["shore", "river"]
        assert import_labels(index, path).held == ((ids["r1"], "shore", "river"),)


def test_label_from_a_csv_export_yields_to_labels_changed_or_removed_since(labelled_idx, tmp_path):
    """`label --from` of a CSV export read its label_exported column not: r1 left river
    as exported, changed to shore in the index since by another annotator, went back to
    river (exit 0), where `import` of the same file keeps shore; and m1's label, removed
    since, came back. The note blamed files without label_exported, which this is not."""
    idx, ids = labelled_idx
    path = tmp_path / "stale.csv"
    text = export(idx, "--to", "csv")  # r1 river, m1 money
    for doc, label in (("r2", "river"), ("m2", "money")):
        text = annotate("csv", text, ids[doc], label)
    path.write_text(text, encoding="utf-8")
    assert run(CliRunner(), idx, "label", str(ids["r1"]), "--as", "shore")[0] == 0
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--remove")[0] == 0
    code, _, err = run(CliRunner(), idx, "label", "--from", str(path))
    assert code == 0, err
    assert "labelled 2 occurrence(s) of 'bank' from" in err, err
    assert "1 left as exported and changed in the index since (kept as the index" in err, err
    assert "1 left as exported and removed in the index since (kept removed" in err, err
    assert (
        f"note: 1 label(s) the file gives as they were exported were changed in the index "
        f"since, and are kept as it has them: {ids['r1']} shore (file: river)"
    ) in err, err
    assert f"stay removed: {ids['m1']} money" in err, err
    assert "replaced one given by hand" not in err, err
    with sensegrep.open(idx) as index:
        found = held_labels(index, ids["r1"], ids["m1"], ids["r2"], ids["m2"])
        assert found == ["shore", None, "river", "money"]


def test_a_label_the_annotator_changed_is_applied_over_one_changed_since(labelled_idx, tmp_path):
    """Both changed r1: the annotator's label is applied, and named as replacing the
    index's; an occurrence whose label was removed since stays removed (the annotator
    left it as exported), named."""
    idx, ids = labelled_idx
    path = tmp_path / "changed.csv"
    path.write_text(annotate("csv", export(idx, "--to", "csv"), ids["r1"], "ford"), "utf-8")
    assert run(CliRunner(), idx, "label", str(ids["r1"]), "--as", "shore")[0] == 0
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--remove")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert f"{ids['r1']} shore → ford" in err and "exported and changed" not in err, err
    assert f"stay removed: {ids['m1']} money" in err, err
    # The file gives each label as exported, so ford is the annotator's change, never an
    # old label put back: the note says that happens to files without them (pass 29h).
    assert "where the annotator left them, so one read back" not in err, err
    assert "a file without the labels as exported (label_exported" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r1"], ids["m1"]) == ["ford", None]


@pytest.mark.parametrize("fmt", ["csv", "prodigy"])
def test_a_label_removed_since_the_export_stays_removed_and_is_named(labelled_idx, tmp_path, fmt):
    """Pass 29g: annotator A exports, the lead runs `label --remove` on m1, A imports the
    file untouched: m1's label as exported went back on (first unsaid, then named with
    the way to remove it again, as the index kept no trace of a removal). Removals are
    recorded now: the label the annotator left stays removed, counted and named."""
    idx, ids = labelled_idx
    path = tmp_path / f"a.{fmt}"
    path.write_text(export(idx, "--to", fmt), encoding="utf-8")  # r1 river, m1 money
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--remove")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "1 left as exported and removed in the index since (kept removed" in err, err
    assert (
        f"note: 1 label(s) the file gives as they were exported were removed from the index "
        f"since, and stay removed: {ids['m1']} money; `label ID --as LABEL` sets one"
    ) in err, err
    assert "put back" not in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r1"], ids["m1"]) == ["river", None]
        again = import_labels(index, path)
        assert again.removed == ((ids["m1"], "money"),) and again.refilled == ()
        index.label(ids["m1"], "money")  # given again by hand: the file's is the same
        assert import_labels(index, path).removed == ()


def test_a_removed_label_put_back_by_a_file_without_labels_as_exported_is_named(
    labelled_idx, tmp_path
):
    """WebAnno has no place for the label as exported: m1's label, removed since the
    export, went back on unsaid ("applied 2 label(s)", pass 29g in WebAnno), though the
    index records the removal. The file cannot tell a label left from one set again, so it
    is applied and named, with the command that removes it again."""
    idx, ids = labelled_idx
    path = tmp_path / "a.tsv"
    path.write_text(export(idx, "--to", "webanno"), encoding="utf-8")  # r1 river, m1 money
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--remove")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert (
        f"note: 1 label(s) went back on occurrences whose label was removed in the index "
        f"(`label --remove`, an undo): {ids['m1']} money;"
    ) in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r1"], ids["m1"]) == ["river", "money"]
        index.label(ids["m1"], None)
        assert import_labels(index, path).undone == ((ids["m1"], "money", "money"),)


def test_a_label_relabelled_then_removed_and_put_back_by_webanno_is_named(labelled_idx, tmp_path):
    """Pass 30f: m1 exported as money to WebAnno (which carries no label as exported),
    then relabelled cash and removed: the file's money went back on unsaid, the note of
    removals undone naming only a label equal to the one removed. Any label a file puts on
    an occurrence whose label was removed is named, with the label removed."""
    idx, ids = labelled_idx
    path = tmp_path / "a.tsv"
    path.write_text(export(idx, "--to", "webanno"), encoding="utf-8")  # r1 river, m1 money
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--as", "cash")[0] == 0
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--remove")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert (
        f"note: 1 label(s) went back on occurrences whose label was removed in the index "
        f"(`label --remove`, an undo): {ids['m1']} money (removed: cash);"
    ) in err, err


def test_an_export_read_into_an_index_built_again_puts_its_labels_back(labelled_idx, tmp_path):
    """An index built again from the same corpus (the same ids, no labels, no removals):
    the file's labels as exported go back on, named, as nothing removed them."""
    idx, ids = labelled_idx
    path = tmp_path / "a.csv"
    path.write_text(export(idx, "--to", "csv"), encoding="utf-8")  # r1 river, m1 money
    again = tmp_path / "again"
    corpus = write_jsonl(tmp_path / "c2.jsonl", DOCS)
    assert run(CliRunner(), again, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, _, err = run(CliRunner(), again, "import", str(path))
    assert code == 0, err
    assert "were put back on occurrences that hold none now (an index built again" in err, err
    with sensegrep.open(again) as index:
        assert held_labels(index, ids["r1"], ids["m1"]) == ["river", "money"]


@pytest.mark.parametrize("fmt", ["csv", "doccano", "conllu"])
def test_an_exported_label_the_annotator_deleted_is_named_not_counted_as_unannotated(
    labelled_idx, tmp_path, fmt
):
    """Pass 29g: an annotator deleted r1's exported label (the CSV cell, the doccano
    span, the CoNLL-U Sense=): the import said "3 without a label (skipped)", as if
    nobody had looked at it, and r1 kept river unsaid. The file says it was exported
    with one: it is counted apart and named, with the command that removes it."""
    idx, ids = labelled_idx
    text = export(idx, "--to", fmt)  # r1 river, m1 money, 2 unlabelled
    if fmt == "csv":
        text = annotate(fmt, text, ids["r1"], "")
    elif fmt == "doccano":
        records = [json.loads(line) for line in text.splitlines()]
        for r in records:
            if r["sensegrep_id"] == ids["r1"]:
                r["label"] = []
        text = "".join(json.dumps(r) + "\n" for r in records)
    else:
        text = text.replace(f"SensegrepId={ids['r1']}|Sense=river|", f"SensegrepId={ids['r1']}|")
    path = tmp_path / f"deleted.{fmt}"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert (
        "4 item(s) read, 1 labelled, 2 without a label (skipped), 1 with the exported "
        "label deleted (skipped: each keeps the label it has; listed below)"
    ) in err, err
    assert (
        f"note: 1 item(s) exported with a label have none in the file, and keep the label "
        f"they have (import removes none): {ids['r1']} river;"
    ) in err, err
    with sensegrep.open(idx) as index:
        assert import_labels(index, path).cleared == ((ids["r1"], "river"),)
        assert held_labels(index, ids["r1"]) == ["river"]


@pytest.mark.parametrize("fmt", ["csv", "webanno"])
def test_a_file_without_the_exported_label_says_it_put_the_old_one_back(
    labelled_idx, tmp_path, fmt
):
    """WebAnno has no place for the label as exported, and a CSV written before it had
    none: such a file read back after a label changed puts the old one back, named
    (it read as any other label applied); label --from says the same."""
    idx, ids = labelled_idx
    path = tmp_path / f"stale.{fmt}"
    text = export(idx, "--to", fmt)
    if fmt == "csv":  # as export wrote it before label_exported
        rows = [line.rsplit(",", 1)[0] for line in text.splitlines()]
        text = "\n".join(rows) + "\n"
    path.write_text(text, encoding="utf-8")
    assert run(CliRunner(), idx, "label", str(ids["r1"]), "--as", "shore")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path), "--format", fmt)
    assert code == 0, err
    assert (
        f"note: 1 label(s) replaced one given by hand or with the input: {ids['r1']} shore → river"
    ) in err, err
    assert run(CliRunner(), idx, "label", str(ids["m1"]), "--as", "shore")[0] == 0
    listed = tmp_path / "labels.csv"
    listed.write_text(f"id,label\n{ids['m1']},money\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "label", "--from", str(listed))
    assert code == 0 and f"{ids['m1']} shore → money" in err, err


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_a_csv_saved_in_another_encoding_says_which_and_what_to_do(
    labelled_idx, tmp_path, encoding
):
    """Pass 28b: a spreadsheet's "Unicode Text" (UTF-16) or a Windows "CSV" (cp1252) was
    "cannot read: 'utf-8' codec can't decode byte 0xff in position 0" (import) or
    "binary file (NUL byte)" (label --from), saying neither the encoding nor the fix."""
    idx, ids = labelled_idx
    path = tmp_path / "saved.csv"
    path.write_text(f"id,label\n{ids['r2']},rivière\n", encoding=encoding)
    line = "1: UTF-16 text" if encoding == "utf-16" else "2: invalid UTF-8 (byte 0xE8"
    for command in (["import", str(path)], ["label", "--from", str(path)]):
        code, _, err = run(CliRunner(), idx, *command)
        assert code == 1 and "Traceback" not in err
        assert f"{path}:{line}" in err and "save the file as UTF-8" in err, err


def test_prodigy_rejected_and_ignored_answers_are_counted_as_such(labelled_idx, tmp_path):
    """An answer of reject or ignore is the annotator's decision, not an item nobody
    annotated: the one summary line counts each apart (issue 23); an answer Prodigy
    never writes is a bad line, not an unannotated item."""
    idx, ids = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "prodigy").splitlines()]
    answers = {ids["r2"]: "reject", ids["m2"]: "ignore"}
    for record in records:
        if record["meta"]["id"] in answers:
            record.update(accept=["river"], answer=answers[record["meta"]["id"]])
    typo = {**records[0], "answer": "acept"}
    path = tmp_path / "answered.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [*records, typo]), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and f'{path}:5: "answer" must be accept, reject, ignore, got "acept"' in err
    summary = next(line for line in err.splitlines() if line.startswith("applied"))
    assert summary == (
        f"applied 2 label(s) (2 already held) from {path}: 5 item(s) read, 2 labelled, 0 "
        "without a label (skipped), 1 rejected (skipped), 1 ignored (skipped), 1 bad (1 "
        "malformed or unreadable; listed above)"
    )
    with sensegrep.open(idx) as index:
        done = import_labels(index, path)
        assert (done.labelled, done.unlabelled, done.rejected, done.ignored) == (2, 0, 1, 1)
        assert {h.doc: h.label for h in index.search("bank")}["r2"] is None  # not applied


def test_a_prodigy_item_accepted_with_no_option_is_counted_apart(labelled_idx, tmp_path):
    """An item answered "accept" with its preselected label unticked and no other option
    chosen was counted as "without a label (skipped: not annotated yet)": it was
    answered. Counted apart, and the occurrence keeps its label."""
    idx, ids = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "prodigy").splitlines()]
    r1 = next(r for r in records if r["meta"]["id"] == ids["r1"])
    assert r1["accept"] == ["river"]  # preselected
    r1.update(accept=[], answer="accept")
    path = tmp_path / "answered.jsonl"
    path.write_text(json.dumps(r1) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "not annotated yet" not in err
    assert (
        f"applied 0 label(s) from {path}: 1 item(s) read, 0 labelled, 0 without a label "
        "(skipped), 1 accepted with no option chosen (skipped: each keeps the label it has)"
    ) in err
    with sensegrep.open(idx) as index:
        done = import_labels(index, path)
        assert (done.labelled, done.unlabelled, done.no_option) == (0, 0, 1)
        assert {h.doc: h.label for h in index.search("bank")}["r1"] == "river"


def _unknown_id(fmt: str, text: str, occ_id: int) -> str:
    """The annotated file with ``occ_id`` replaced by an id the index does not have."""
    written = {
        "prodigy": '"id": {}', "doccano": '"sensegrep_id": {}', "conllu": "SensegrepId={}",
        "webanno": "\t{}\n", "csv": "\n{},",
    }[fmt]  # fmt: skip
    assert written.format(occ_id) in text
    return text.replace(written.format(occ_id), written.format(999999))


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "webanno", "csv"])
def test_an_unknown_occurrence_id_names_its_file_and_line(labelled_idx, tmp_path, fmt):
    """Skipped with FILE:LINE, the rest applied, exit status 1."""
    idx, ids = labelled_idx
    annotated = annotate(fmt, export(idx, "--to", fmt), ids["r2"], "shore")
    text = _unknown_id(fmt, annotated, ids["r2"])
    path = tmp_path / f"back.{fmt}"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "999999" in s)
    code, _, err = run(CliRunner(), idx, "import", str(path), "--format", fmt)
    assert code == 1 and "Traceback" not in err
    assert f"error: {path}:{line}: unknown occurrence id 999999: " in err
    assert f"applied 2 label(s) (2 already held) from {path}" in err  # r1's and m1's
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)} == {
        "r1": "river", "m1": "money", "r2": None, "m2": None
    }  # fmt: skip


def test_a_label_on_another_word_or_a_file_without_ids_is_not_an_import_of_nothing(
    labelled_idx, tmp_path
):
    idx, _ = labelled_idx
    text = export(idx, "--to", "conllu")
    first_word = next(s for s in text.splitlines() if s.startswith("1\t"))
    moved = text.replace(first_word, first_word[: -len("_")] + "Sense=shore", 1)
    path = tmp_path / "moved.conllu"
    path.write_text(moved, encoding="utf-8")
    line = moved.splitlines().index(first_word[: -len("_")] + "Sense=shore") + 1
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1
    assert f"{path}:{line}: Sense=shore on a token without SensegrepId" in err
    # A CoNLL-U file of another tool: no item carries an occurrence id.
    other = tmp_path / "other.conllu"
    other.write_text("# text = A bank.\n1\tA\ta\tDET\t_\t_\t_\t_\t_\tSense=x\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(other))
    assert code == 1 and f"{other}:2: Sense=x on a token without SensegrepId" in err
    assert "applied 0 label(s)" in err and "no label was applied" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(empty), "--format", "prodigy")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "no item to read as Prodigy JSONL" in err


def test_prodigy_offers_each_of_several_labels_and_reads_several_options_back(
    labelled_idx, tmp_path
):
    """An occurrence labelled "river side" went out as accept ["river side"], an option
    id no option has (Prodigy showed none chosen), and an answer with two options chosen
    was a bad line, "2 options accepted; expected one", though a space separates labels
    everywhere else (issue 23, pass 24h)."""
    idx, ids = labelled_idx
    with sensegrep.open(idx) as index:
        index.label([ids["r1"]], "river side")
    records = [json.loads(line) for line in export(idx, "--to", "prodigy").splitlines()]
    by_id = {r["meta"]["id"]: r for r in records}
    assert by_id[ids["r1"]]["accept"] == ["river", "side"]
    option_ids = {o["id"] for o in by_id[ids["r1"]]["options"]}
    assert {"river", "side"} <= option_ids
    by_id[ids["r2"]].update(accept=["money", "side"], answer="accept")
    path = tmp_path / "answered.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        found = {c.id: c.label for c in index.contexts([ids["r1"], ids["r2"]])}
        assert found == {ids["r1"]: "river side", ids["r2"]: "money side"}
        assert index.labels("bank") == {"river": 1, "side": 2, "money": 2}


def test_a_doccano_label_on_another_word_is_a_bad_line(labelled_idx, tmp_path):
    """A doccano span put on another word than the exported one was read as "not
    annotated yet" and dropped, exit 0 (issue 23, pass 24h): CoNLL-U and WebAnno say so
    as a bad line, and so does doccano now, naming the word it is on."""
    idx, ids = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "doccano").splitlines()]
    record = next(r for r in records if r["sensegrep_id"] == ids["r2"])
    record["label"] = [[0, 3, "river"]]  # "The", not "bank"
    path = tmp_path / "moved.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    line = records.index(record) + 1
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1, err
    assert f"{path}:{line}: label 'river' on characters 0-3 ('The'), not on the exported " in err
    assert "without a label (skipped: not annotated yet)" not in err
    with sensegrep.open(idx) as index:
        assert index.contexts([ids["r2"]])[0].label is None


def test_doccano_entities_read_back_as_its_label_spans(labelled_idx, tmp_path):
    """doccano's export of a project with relations writes the spans as "entities"
    (dicts with start_offset, end_offset, label): every item was read as "not annotated
    yet", exit 0, and no label applied. They are the annotator's labels, as "label"'s."""
    idx, ids = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "doccano").splitlines()]
    for n, record in enumerate(records):
        start, end = record.pop("target")
        record.pop("label")
        record.update(id=n + 1, relations=[], target=[start, end])
        record["entities"] = [{"id": n, "label": "side", "start_offset": start, "end_offset": end}]
    moved = next(r for r in records if r["sensegrep_id"] == ids["r2"])
    moved["entities"][0].update(start_offset=0, end_offset=1)  # another word: a bad line
    path = tmp_path / "entities.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1, err
    assert f"{path}:{records.index(moved) + 1}: label 'side' on characters 0-1" in err
    applied = len(records) - 1
    assert f"applied {applied} label(s) from {path}: {len(records)} item(s) read, " in err
    with sensegrep.open(idx) as index:
        labels = {c.id: c.label for c in index.contexts(list(ids.values()))}
    assert labels[ids["r1"]] == "side" and labels[ids["r2"]] is None


@pytest.mark.parametrize(
    ("args", "needs"),
    [
        (["--by", "label"], "--by label only applies with --balanced N"),
        (["--balanced", "2", "--by", "label", "--senses", "1"], "--senses 1 only applies with"),
        (["--seed", "5"], "--seed only applies with --sample N or --balanced N"),
        (["--sample", "2", "--seed", "5", "--good-examples"], "--seed changes nothing with"),
        (["--balanced", "1", "--seed", "5", "--good-examples"], "--seed changes nothing with"),
    ],
)
def test_an_export_option_that_would_change_nothing_is_refused(labelled_idx, args, needs):
    """Issue 23: --by without --balanced, --senses when balancing by label and --seed
    without a random draw (none, or the best examples instead) did nothing, with exit 0;
    the defaults still pass."""
    code, out, err = run(CliRunner(), labelled_idx[0], "export", "bank", "--to", "csv", *args)
    assert code == 1 and needs in err and len(err.strip().splitlines()) == 1, err
    assert not out
    assert export(labelled_idx[0], "--to", "csv", "--sample", "2", "--seed", "5")


def test_a_format_or_grouping_the_api_does_not_take_is_a_query_error(labelled_idx):
    """From Python, ``to="xml"`` raised a bare KeyError from the writer, and
    ``by="lemma"`` balanced by sense, silently (making a sense run for it); the command
    line's choices never let them through (issue 23, new-user pass)."""
    with sensegrep.open(labelled_idx[0]) as idx:
        # In the library's words (the test expected the command line's flags).
        with pytest.raises(sensegrep.QueryError, match=r"^to='xml': expected one of prodigy, "):
            idx.export("bank", "xml")
        with pytest.raises(sensegrep.QueryError, match=r"^by='lemma': expected sense or label"):
            idx.export("bank", "csv", balanced=2, by="lemma")
        assert idx.sense_runs("bank") == []


def _exported_ids(text: str) -> set[int]:
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}


def test_export_where_keeps_the_documents_search_where_keeps(labelled_idx):
    """export had no --where, while search, freq and the rest do (issue 23)."""
    idx, ids = labelled_idx
    runner = CliRunner()
    for where in (["genre=news"], ["year=1995..2005"], ["genre=news,fiction", "year=..1995"]):
        flags = [arg for w in where for arg in ("--where", w)]
        searched = hits(run(runner, idx, "search", "bank", "--format", "jsonl", *flags)[1])
        expected = {h["id"] for h in searched}
        wanted = {d["id"] for d in DOCS if _holds(d, where)}
        assert expected == {ids[doc] for doc in wanted} and expected, where
        assert _exported_ids(export(idx, "--to", "csv", *flags)) == expected, where
    news = _exported_ids(export(idx, "--to", "csv", "--balanced", "1", "--by", "label",
                                "--where", "genre=news"))  # fmt: skip
    assert news == {ids["m1"]}  # river's one occurrence is fiction
    code, _out, err = run(runner, idx, "export", "bank", "--to", "csv", "--where", "gnre=news")
    assert code == 1 and "gnre" in err and "genre" in err and "Traceback" not in err, err
    with sensegrep.open(idx) as index:
        items = index.annotation_items("bank", "csv", where={"genre": "news"})
        assert {item.occurrence.id for item in items} == {ids["m1"], ids["m2"]}
        items = index.annotation_items("bank", "csv", where="year=2000..")
        assert {item.occurrence.id for item in items} == {ids["m1"], ids["r2"], ids["m2"]}
        with pytest.raises(sensegrep.QueryError) as searched_error:
            index.search("bank", where="gnre=news")
        with pytest.raises(sensegrep.QueryError) as error:
            index.annotation_items("bank", "csv", where="gnre=news")
        assert str(error.value) == str(searched_error.value)  # said as search says it


def _holds(doc: dict, where: list[str]) -> bool:
    """Whether a document of helpers.DOCS passes these conditions (counted by hand)."""
    for condition in where:
        key, value = condition.split("=")
        if ".." in value:
            low, high = value.split("..")
            if (low and doc[key] < int(low)) or (high and doc[key] > int(high)):
                return False
        elif str(doc[key]) not in value.split(","):
            return False
    return True


def _labelled_tokens(idx) -> int:
    with Index.open(idx) as index, index.engine.connect() as conn:
        return run_sql(conn, "SELECT count(*) FROM tokens WHERE label IS NOT NULL").scalar()


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "csv"])
def test_an_export_read_into_an_index_of_other_ids_labels_no_other_word(
    labelled_idx, tmp_path, fmt
):
    """The same texts indexed in another order give other words these ids: each item
    says its document, so a line whose id is in another document here is a bad line
    naming both, and no word is labelled (issue 23: 10 of 25 labels of a Prodigy file
    went to other words, said as "labels set: law (4) …"). Into the index it came from,
    every label applies."""
    idx, ids = labelled_idx
    annotated = tmp_path / f"back.{fmt}"
    annotated.write_text(annotate(fmt, export(idx, "--to", fmt), ids["r2"], "river"), "utf-8")
    other = tmp_path / "other"
    corpus = write_jsonl(tmp_path / "reversed.jsonl", DOCS[::-1])
    assert run(CliRunner(), other, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, _out, err = run(CliRunner(), other, "import", str(annotated), "--format", fmt)
    assert code == 1 and "Traceback" not in err
    assert "here, not 'bank' in 'r1' as the line says" in err and "applied 0 label(s)" in err, err
    assert "id(s) of another word here than the file says" in err
    assert _labelled_tokens(other) == 0
    with sensegrep.open(other) as index:
        done = import_labels(index, annotated, fmt)
    assert (done.applied, done.elsewhere + done.unknown) == (0, 3)
    code, _out, err = run(CliRunner(), idx, "import", str(annotated), "--format", fmt)
    assert code == 0 and "applied 3 label(s)" in err, err


def test_a_webanno_file_of_another_index_labels_no_other_word(labelled_idx, tmp_path):
    """WebAnno TSV names no document, but its token column says the word: a line whose
    id is another word here is a bad line naming both. It was checked against nothing,
    so an INCEpTION file read into an index of the same texts in another order put its
    labels on "struck" and "young" (issue 23, pass 24h)."""
    idx, ids = labelled_idx
    annotated = tmp_path / "back.tsv"
    annotated.write_text(annotate("webanno", export(idx, "--to", "webanno"), ids["r2"], "river"))
    other = tmp_path / "other"
    corpus = write_jsonl(tmp_path / "reversed.jsonl", DOCS[::-1])
    assert run(CliRunner(), other, "index", str(corpus), "--model", "fake:16")[0] == 0
    in_file = [ids["r1"], ids["m1"], ids["r2"]]  # the labelled lines
    with sensegrep.open(other) as index:
        places = {h.id: h.form for h in index.search("bank")}
    shifted = [i for i in in_file if places.get(i) != "bank"]
    assert shifted  # the test needs ids that are other words there
    code, _out, err = run(CliRunner(), other, "import", str(annotated))
    assert code == 1 and "Traceback" not in err
    assert "here, not 'bank' as the line says" in err, err
    with sensegrep.open(other) as index:
        labelled = {h.id for w in ("the", "bank", "river") for h in index.search(w) if h.label}
        assert not labelled & set(shifted)
    assert _labelled_tokens(other) == len(in_file) - len(shifted)
    code, _out, err = run(CliRunner(), idx, "import", str(annotated))
    assert code == 0 and "applied 3 label(s)" in err, err


def test_a_webanno_id_of_the_same_word_in_another_sentence_is_a_bad_line(labelled_idx, tmp_path):
    """The token column says the word only: a line whose id is another occurrence of
    that word here (a file of another index, ids shifted onto another "bank") put its
    label there without a word; its #Text is that of another sentence (issue 23)."""
    idx, ids = labelled_idx
    text = annotate("webanno", export(idx, "--to", "webanno"), ids["r2"], "river")
    annotated = tmp_path / "back.tsv"
    # r2's labelled line now names m2's occurrence: the same word, another sentence.
    annotated.write_text(text.replace(f"river\t{ids['r2']}\n", f"river\t{ids['m2']}\n"))
    code, _out, err = run(CliRunner(), idx, "import", str(annotated))
    assert code == 1 and "Traceback" not in err
    assert f"occurrence {ids['m2']} is in " in err and "'The grassy bank sloped" in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["m2"] is None
    code, _out, err = run(CliRunner(), idx, "import", str(tmp_path / "back.tsv"))
    assert "applied 2 label(s)" in err, err  # r1 and m1, where their sentences are


def test_a_second_webanno_annotation_stacked_on_the_word_is_a_bad_line(labelled_idx, tmp_path):
    """A second Sense annotation put on the exported word is stacked by INCEpTION
    ("river[1]|money[2]" over "ID[1]|*[2]"): its label was dropped unsaid (the first
    applied), or, stacked first, the line read as a label on another word. It is a bad
    line naming both, as two doccano spans on the target are; one annotation of several
    labels ("river side") still reads back, and so does a single one suffixed "[3]"."""
    idx, ids = labelled_idx
    text = export(idx, "--to", "webanno")
    r2, m2 = ids["r2"], ids["m2"]
    assert f"*\t{r2}\n" in text and f"*\t{m2}\n" in text
    text = text.replace(f"*\t{r2}\n", f"river[1]|money[2]\t{r2}[1]|*[2]\n")
    text = text.replace(f"*\t{m2}\n", f"river[3]|money[4]\t*[3]|{m2}[4]\n")
    path = tmp_path / "stacked.tsv"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1, err
    assert err.count("several Sense annotations on the exported word") == 2, err
    assert "('river', 'money')" in err and "('money', 'river')" in err
    assert "on a token without an occurrence id" not in err
    with sensegrep.open(idx) as index:
        labels = {h.doc: h.label for h in index.search("bank")}
    assert labels["r2"] is None and labels["m2"] is None
    one = export(idx, "--to", "webanno").replace(f"*\t{r2}\n", f"river\\_x[3]\t{r2}[3]\n")
    path.write_text(one, encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r2"] == "river_x"


def test_a_conllu_sense_given_twice_on_the_word_is_a_bad_line(labelled_idx, tmp_path):
    """ "Sense=money" appended in an editor to a MISC that still held "Sense=river": the
    later was read and the other dropped unsaid. A bad line naming both."""
    idx, ids = labelled_idx
    text = export(idx, "--to", "conllu")
    r1 = f"SensegrepId={ids['r1']}|Sense=river"
    assert r1 in text
    path = tmp_path / "twice.conllu"
    path.write_text(text.replace(r1, r1 + "|Sense=money"), encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1, err
    assert "Sense= given 2 times (river, money): keep one" in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r1"] == "river"


def test_a_webanno_file_with_another_layer_before_ours_reads_the_sense_columns(
    labelled_idx, tmp_path
):
    """INCEpTION writes every layer of its project: a named-entity layer declared before
    webanno.custom.Sense put its two columns first, which were read as the label and the
    occurrence id ("bad occurrence id 'ORG'", no label applied). The #T_SP lines say
    where each layer's columns are."""
    idx, ids = labelled_idx
    text = annotate("webanno", export(idx, "--to", "webanno"), ids["r2"], "shore")
    ner = "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value"
    out = []
    for line in text.split("\n"):
        if line.startswith("#T_SP=webanno.custom.Sense"):
            out.append(ner)
        columns = line.split("\t")
        if len(columns) == 5:
            named = ("*", "ORG") if columns[2] == "The" else ("_", "_")
            line = "\t".join([*columns[:3], *named, *columns[3:]])
        out.append(line)
    path = tmp_path / "layers.tsv"
    path.write_text("\n".join(out), encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "applied 3 label(s)" in err and "bad" not in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r2"] == "shore"


def test_a_webanno_sentence_with_escaped_characters_reads_back(tmp_path):
    """#Text is escaped (_ * -> \\ …), and a tool may write it escaped or not, spaced
    otherwise: the same sentence is never taken for another one."""
    text = r"The snake_case bank -> a\b [x] | y * z; here."
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "e1", "text": text}])
    assert run(CliRunner(), idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    [hit] = hits(run(CliRunner(), idx, "search", "bank", "--format", "jsonl")[1])
    exported = annotate("webanno", export(idx, "--to", "webanno"), hit["id"], "shore")
    raw = "\n".join(
        "#Text=" + "  ".join(hit["sentence"].split()) if line.startswith("#Text=") else line
        for line in exported.split("\n")
    )
    for name, content in (("escaped.tsv", exported), ("raw.tsv", raw)):
        (tmp_path / name).write_text(content, encoding="utf-8")
        code, _out, err = run(CliRunner(), idx, "import", str(tmp_path / name))
        assert code == 0 and "applied 1 label(s)" in err, err


def test_an_id_of_a_document_removed_since_the_export_is_said_so(labelled_idx, tmp_path):
    """As `label ID` says it: the line's occurrence was removed after the file was
    written, not "no occurrence has it (the ids are those of search output)", which sent
    the user looking for a wrong file (issue 23). `label --from` says the same."""
    idx, ids = labelled_idx
    back = tmp_path / "back.csv"
    back.write_text(annotate("csv", export(idx, "--to", "csv"), ids["r2"], "river"), "utf-8")
    assert run(CliRunner(), idx, "remove", "--doc", "r2")[0] == 0
    line = 1 + [h["doc"] for h in csv.DictReader(io.StringIO(back.read_text()))].index("r2")
    for command in (("import",), ("label", "--from")):
        code, _out, err = run(CliRunner(), idx, *command, str(back))
        assert code == 1 and "Traceback" not in err
        assert f"{back}:{line + 1}: unknown occurrence id {ids['r2']}: it was in a document " in err
        assert "removed since" in err and "the ids are those of search output" not in err, err


@pytest.mark.parametrize("fmt", ["prodigy", "doccano"])
def test_a_sentence_with_a_unicode_line_separator_reads_back(tmp_path, fmt):
    """The export writes the sentences' U+2028 and U+2029 unescaped (JSON with
    ensure_ascii=False, as a tool that keeps them writes it back): the import cut each
    record there and read four bad lines (issue 23)."""
    idx = tmp_path / "idx"
    text = "The grassy bank\u2028sloped down. We sat on the bank\u2029of the river."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "s1", "text": text}])
    assert run(CliRunner(), idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    found = hits(run(CliRunner(), idx, "search", "bank", "--format", "jsonl")[1])
    assert run(CliRunner(), idx, "label", str(found[1]["id"]), "--as", "river")[0] == 0
    back = tmp_path / f"back.{fmt}"
    back.write_text(export(idx, "--to", fmt), encoding="utf-8")
    assert "\u2028" in back.read_text(encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(back))
    assert code == 0 and "2 item(s) read, 1 labelled" in err and "not valid JSON" not in err, err


def test_a_prodigy_export_without_options_on_a_text_only_index_says_to_give_options(
    tmp_path, runner
):
    """Pass 27a: `export WORD --to prodigy` on a text-only index, the word without
    labels, failed with "inducing senses (senses, --sense, --count sense, plot) needs
    them", naming none of what was asked. It names the export and --options, which
    needs no vector; with --options it writes the items."""
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": "The bank closed."}])
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    code, out, err = run(runner, tmp_path / "idx", "export", "bank", "--to", "prodigy")
    assert code == 1
    assert "Prodigy export without --options" in err and "inducing senses" not in err
    code, out, err = run(
        runner, tmp_path / "idx", "export", "bank", "--to", "prodigy", "--options", "a,b"
    )
    assert code == 0, err
    assert [o["id"] for o in json.loads(out.splitlines()[0])["options"]] == ["a", "b"]


def test_a_spreadsheets_csv_with_semicolons_or_capital_headers_imports(labelled_idx, tmp_path):
    """Pass 27a: Excel where the decimal mark is a comma saves CSV with semicolons, and
    a header may be retyped "ID", "Label". Import said "read as CSV with id and label
    columns (detected…)", then refused the file: "expected a header with id and label
    columns". Both are read; a .csv whose lines show no format is said to be told by its
    extension, not "detected"."""
    idx, ids = labelled_idx
    text = annotate("csv", export(idx, "--to", "csv"), ids["r2"], "river")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text(out.getvalue(), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(semicolons))
    assert code == 0 and "applied 3 label(s)" in err, err
    capitals = tmp_path / "caps.csv"
    header, rest = text.split("\n", 1)
    capitals.write_text(header.replace("id", "ID", 1).replace("label", "Label", 1) + "\n" + rest)
    code, _, err = run(CliRunner(), idx, "import", str(capitals))
    assert code == 0 and "applied 3 label(s)" in err, err
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(headless))
    assert code == 1 and "told by its extension .csv" in err and "detected" not in err


def _inception_text(line: str) -> str:
    """A #Text line's sentence as INCEpTION reads it (TSV 3.2 and later, Escaping.
    unescapeText): a backslash escapes a backslash or a control character only."""
    controls = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b", "\\": "\\"}
    return re.sub(
        r"\\([\\tnfrb]|[\x00-\x07\x0e-\x1f])",
        lambda m: controls.get(m.group(1), m.group(1)),
        line.removeprefix("#Text="),
    )


def test_webanno_text_reads_in_inception_as_the_sentence_its_offsets_count(tmp_path):
    """INCEpTION builds a document's text from its #Text lines, unescaping only a backslash
    and control characters, and takes each token from the offsets. #Text was escaped as a
    feature value is ("\\_", "\\;", "\\*", "\\[", "\\->"): each such character put a
    backslash more into the text than the offsets count, so the annotator saw every later
    token shifted (and INCEpTION's export then said the word was another one)."""
    text = r"The snake_case bank -> a\b [x] | y * z; here."
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "e1", "text": text}])
    assert run(CliRunner(), idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    [hit] = hits(run(CliRunner(), idx, "search", "bank", "--format", "jsonl")[1])
    assert "_" in hit["sentence"] and "->" in hit["sentence"]
    lines = export(idx, "--to", "webanno").splitlines()
    document = "\n".join(_inception_text(line) for line in lines if line.startswith("#Text="))
    assert document == " ".join(hit["sentence"].split())
    tokens = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert tokens
    for _number, span, form, *_ in tokens:
        start, end = map(int, span.split("-"))
        assert document[start:end] == unescaped(form), (span, form)


def test_a_webanno_annotation_over_several_tokens_reads_as_one_item(labelled_idx, tmp_path):
    """INCEpTION writes an annotation over several tokens ("the bank") with the same "[N]"
    on each token's line. The line of the token before the word was a bad line, "'the' as
    the line says: a file written from another index", and the word's own line, whose
    label was right, was then dropped unsaid: one item, its label applied."""
    idx, ids = labelled_idx
    r2 = ids["r2"]
    lines = export(idx, "--to", "webanno").split("\n")
    at = next(i for i, line in enumerate(lines) if line.endswith(f"*\t{r2}"))
    before = lines[at - 1].split("\t")
    assert before[3:] == ["_", "_"]
    lines[at - 1] = "\t".join([*before[:3], "shore[3]", f"{r2}[3]"]) + "\t"
    lines[at] = lines[at].replace(f"*\t{r2}", f"shore[3]\t{r2}[3]") + "\t"
    path = tmp_path / "span.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "4 item(s) read, 3 labelled" in err and "bad" not in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r2"] == "shore"


def test_a_prodigy_binary_answer_reads_its_label_and_a_spans_answer_is_a_bad_line(
    labelled_idx, tmp_path
):
    """textcat.manual with one label (the classification view) writes the label at the
    top and "accept" or "reject": accepted, it read as "accepted with no option chosen
    (skipped)", or as the "accept" list the export preselected, which that view does not
    show. ner.manual's labels are on spans, which are not read: a bad line saying so,
    not "accepted with no option chosen"."""
    idx, ids = labelled_idx
    records = {
        r["meta"]["id"]: r for r in map(json.loads, export(idx, "--to", "prodigy").split("\n")[:-1])
    }
    binary = [
        {**records[ids["r2"]], "label": "shore", "answer": "accept", "_view_id": "classification"},
        {**records[ids["m1"]], "label": "shore", "answer": "accept", "_view_id": "classification"},
        {**records[ids["r1"]], "label": "shore", "answer": "reject", "_view_id": "classification"},
    ]
    assert records[ids["m1"]]["accept"] == ["money"]  # preselected, not shown in the view
    path = tmp_path / "binary.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in binary), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "3 item(s) read, 2 labelled" in err and "1 rejected (skipped)" in err, err
    with sensegrep.open(idx) as index:
        labels = {h.doc: h.label for h in index.search("bank")}
    assert (labels["r2"], labels["m1"], labels["r1"]) == ("shore", "shore", "river")
    span = dict(records[ids["m2"]], answer="accept", _view_id="ner_manual")
    span["spans"] = [dict(span["spans"][0], label="MONEY")]
    path.write_text(json.dumps(span) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "a Prodigy ner_manual answer: its spans' labels are not read" in err
    assert "accepted with no option chosen" not in err, err


def test_prodigy_sense_options_of_two_runs_read_back_as_two_labels(tmp_path):
    """A Prodigy export of a word without labels offers its induced senses. Their ids were
    "sense_1", "sense_2" whatever the run, so files exported from two runs (a new run
    renumbers) read back as the same label, "sense_1", for two different senses."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    with sensegrep.open(idx) as index:
        first, second = index.senses("bank", n=2).run.id, index.senses("bank", n=3).run.id
    assert first != second
    ids = set()
    for senses_run in (first, second):
        code, out, err = run(
            runner, idx, "export", "bank", "--to", "prodigy", "--senses", str(senses_run)
        )
        assert code == 0, err
        options = json.loads(out.splitlines()[0])["options"]
        assert all(o["text"].startswith(o["id"].replace("_", " ") + ":") for o in options)
        ids.add(options[0]["id"])
    assert len(ids) == 2, ids


def test_a_doccano_file_written_back_with_its_fields_under_meta_imports(labelled_idx, tmp_path):
    """doccano before 1.5 keeps only a record's text, labels and "meta", and writes them
    back as {"id": its own id, "text", "meta", "annotation_approver", "labels"}: the
    occurrence id was lost, and the file read as search output whose ids were doccano's
    ("3 without a label (skipped: not annotated yet)"). The export also puts its fields
    under "meta", which such a doccano keeps."""
    idx, ids = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "doccano").splitlines()]
    old = []
    for n, record in enumerate(records, start=1):
        assert record["meta"]["sensegrep_id"] == record["sensegrep_id"]
        start, end = record["meta"]["target"]
        labels = [[start, end, "shore"]] if record["sensegrep_id"] == ids["r2"] else record["label"]
        old.append(
            {
                "id": n,
                "text": record["text"],
                "meta": record["meta"],
                "annotation_approver": None,
                "labels": labels,
            }
        )
    path = tmp_path / "doccano1.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in old), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "read as doccano JSONL" in err and "applied 3 label(s) (2 already held)" in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r2"] == "shore"


def test_a_tool_record_without_sensegreps_ids_is_a_bad_line_not_unlabelled(labelled_idx, tmp_path):
    """A doccano file written back without the fields sensegrep wrote (an export made
    before they were also under "meta") reads as search output: its "id" is doccano's
    own, and its "labels" were read as none, "1 without a label (skipped: not annotated
    yet)", exit 0. A bad line saying so."""
    idx, ids = labelled_idx
    record = {
        "id": ids["r2"],
        "text": "x",
        "meta": {},
        "annotation_approver": None,
        "labels": [[0, 1, "shore"]],
    }
    path = tmp_path / "doccano1.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "not annotated yet" not in err, err
    assert 'labels in "labels" and no "label"' in err, err


def test_a_webanno_label_without_its_occurrence_says_where_it_goes(labelled_idx, tmp_path):
    """A Sense annotation deleted and made anew on the exported word in INCEpTION holds
    no occurrence id: the bad line said "(not the exported word)", which it is. It says
    to set the label on the word's own annotation, which holds its occurrence."""
    idx, ids = labelled_idx
    text = export(idx, "--to", "webanno").replace(f"*\t{ids['r2']}\n", "shore\t*\n")
    path = tmp_path / "anew.tsv"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "not the exported word" not in err, err
    assert "label 'shore' on a token without an occurrence id: no occurrence to label" in err
    assert "set it on the exported word's own Sense annotation" in err


@pytest.mark.parametrize("command", [["import"], ["label", "--from"]])
def test_a_line_whose_id_is_another_word_leaves_the_ids_right_line_applied(
    labelled_idx, tmp_path, command
):
    """A file giving an id twice, once with its own document and once with another (a
    row copied, its doc mistyped), reported the wrong line and dropped the right one
    too: unsaid, in no count ("3 item(s) read, 1 labelled, 0 without a label, 1 bad")."""
    idx, ids = labelled_idx
    path = tmp_path / "twice.csv"
    path.write_text(
        f"id,doc,word,label\n{ids['r2']},r2,bank,shore\n{ids['r2']},m2,bank,money\n",
        encoding="utf-8",
    )
    code, _, err = run(CliRunner(), idx, *command, str(path))
    assert code == 1 and f"{path}:3: occurrence {ids['r2']} is 'bank' in 'r2' here" in err, err
    assert "1 bad (1 id(s) of another word here than the file says" in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r2"] == "shore"


def test_import_with_a_format_the_first_lines_contradict_says_so(labelled_idx, tmp_path):
    """`import FILE --format doccano` of a Prodigy file made every line a bad line, "no
    sensegrep_id/target", with nothing said of why: a note names what the lines show."""
    idx, _ = labelled_idx
    path = tmp_path / "back.jsonl"
    path.write_text(export(idx, "--to", "prodigy"), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path), "--format", "doccano")
    assert code == 1
    assert (
        f"note: {path}: read as --format doccano though its first lines show Prodigy JSONL" in err
    )
    code, _, err = run(CliRunner(), idx, "import", str(path), "--format", "prodigy")
    assert code == 0 and "note:" not in err, err


def test_a_conllu_sense_of_underscore_is_no_label_as_index_reads_it(labelled_idx, tmp_path):
    """`Sense=_` is CoNLL-U's empty value: `index` reads it as no label, `import` stored
    the label "_" (over the occurrence's own)."""
    idx, ids = labelled_idx
    text = annotate("conllu", export(idx, "--to", "conllu"), ids["r1"], "_")
    assert f"SensegrepId={ids['r1']}|Sense=_" in text
    path = tmp_path / "empty.conllu"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    # r1 was exported with river: its label deleted, said so (pass 29g), not "unannotated".
    assert code == 0 and "2 without a label (skipped), 1 with the exported label" in err, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r1"] == "river"


def test_an_empty_label_is_a_bad_line_not_the_end_of_the_import(labelled_idx, tmp_path):
    """A doccano span labelled " " stopped the whole import with "a label cannot be
    empty; use --remove to clear labels" (an option of `label`): a bad line, the rest
    applied."""
    idx, ids = labelled_idx
    text = annotate("doccano", export(idx, "--to", "doccano"), ids["r2"], " ")
    path = tmp_path / "empty.jsonl"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "use --remove" not in err, err
    assert "an empty label" in err and "applied 2 label(s)" in err, err


def test_import_names_the_words_it_labelled(tmp_path):
    """`label --from` says which words it labelled; `import` did not, so labels put on
    the first token of a pattern's hits ("the", of `[lemma="the"] [lemma="bank"]`,
    on a text-only index, where every token takes one) read as labels of bank."""
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(CliRunner(), idx, "index", str(corpus), "--vectors-for", "none")[0] == 0
    code, out, err = run(
        CliRunner(), idx, "search", "--cql", '[lemma="the"] [lemma="bank"]', "--format", "csv"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["form"].lower() for r in rows} == {"the"}
    for row in rows:
        row["label"] = "river"
    path = tmp_path / "hits.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "labelled: occurrences of 'the'" in err, err


def test_a_webanno_file_without_the_sense_layer_says_so(labelled_idx, tmp_path):
    """A WebAnno file whose #T_ lines declare other layers only (another project's
    export) had its named-entity columns read as the label and the occurrence id: "bad
    occurrence id 'LOC'" on each entity. One error saying the Sense layer is missing."""
    idx, _ = labelled_idx
    path = tmp_path / "ner.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n"
        "#Text=The bank.\n1-1\t0-3\tThe\t_\t_\t\n1-2\t4-8\tbank\t*\tLOC\t\n1-3\t8-9\t.\t_\t_\t\n",
        encoding="utf-8",
    )
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "bad occurrence id" not in err, err
    assert "no webanno.custom.Sense layer with label and occurrence features" in err, err


def test_a_prodigy_option_holding_a_space_is_said_at_export(labelled_idx):
    """`--options "river bank,money"`: the option id "river bank", chosen, read back as two
    labels, river and bank, said only at import, after the annotators had chosen it."""
    idx, _ = labelled_idx
    code, _, err = run(
        CliRunner(), idx, "export", "bank", "--to", "prodigy", "--options", "river bank,money"
    )
    assert code == 0, err
    assert "note: --options 'river bank' holds a space, which separates labels" in err, err
    assert "for one label write river_bank" in err


def test_a_label_list_written_with_commas_is_said_to_keep_them(labelled_idx, tmp_path):
    """A spreadsheet cell "river, money" (two labels listed as people list them) set the
    labels "river," and "money"; the note only said "for one label write river,_money".
    It says the comma is kept and how to write the two labels."""
    idx, ids = labelled_idx
    path = tmp_path / "listed.csv"
    path.write_text(f'id,doc,word,label\n{ids["r2"]},r2,bank,"river, money"\n', encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "'river,' keeps its ',' (a label may hold one): for 2 labels write river money" in err


def test_webanno_text_keeps_the_characters_its_offsets_count(tmp_path):
    """#Text was the sentence with its whitespace collapsed ("a  b", a CRLF inside it:
    one space) while the token offsets count the sentence's own characters: INCEpTION
    showed every later token at other characters ("iver " for river) and the word
    exported under another word's span."""
    idx = tmp_path / "idx"
    text = "The  river   bank\r\nflooded  again."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "w1", "text": text}])
    assert run(CliRunner(), idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    lines = export(idx, "--to", "webanno").splitlines()
    document = "\n".join(_inception_text(line) for line in lines if line.startswith("#Text="))
    tokens = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert len(tokens) > 3
    for _number, span, form, *_ in tokens:
        start, end = map(int, span.split("-"))
        assert document[start:end] == unescaped(form), (span, form, document)


def test_an_occurrence_id_written_as_a_whole_float_reads_back(labelled_idx, tmp_path):
    """doccano writes its export with pandas: a project holding one item without
    sensegrep_id (a text added by hand) makes the column a float one, every id 27.0,
    and every line was a bad line, "no sensegrep_id/target"."""
    idx, ids = labelled_idx
    text = annotate("doccano", export(idx, "--to", "doccano"), ids["r2"], "shore")
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        record["sensegrep_id"] = float(record["sensegrep_id"])
    path = tmp_path / "floats.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert f'"sensegrep_id": {float(ids["r2"])}' in path.read_text(encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        assert {h.doc: h.label for h in index.search("bank")}["r2"] == "shore"


def test_prodigy_tasks_of_identical_sentences_are_told_apart(tmp_path):
    """Prodigy hashes a task from its text, spans and options and drops one whose hash it
    has seen: the occurrences of two documents' identical sentences made one task, so
    the second was never shown to the annotator (and never read back). The target span
    carries the occurrence id."""
    idx = tmp_path / "idx"
    same = "The bank was closed."
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "a", "text": same}, {"id": "b", "text": same}]
    )
    assert run(CliRunner(), idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "prodigy", "--options", "x,y")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    hashed = {json.dumps([r["text"], r["spans"], r["options"]], sort_keys=True) for r in records}
    assert len(records) == 2 and len(hashed) == 2


def test_a_balanced_group_short_of_distinct_sentences_is_named(tmp_path):
    """--balanced 3 --good-examples exports each sentence once: river's four occurrences
    hold two sentences, so it gave two beside money's three, and only "2 occurrence(s)
    passed over" was said, not that the groups were not the same size, nor which."""
    same = "The boat drifted towards the grassy bank of the river."
    texts = [same, same, same, "Farmers walked along the bank of the river."]
    texts += ["The bank raised its rates.", "A bank loan was late.", "She paid the bank."]
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": f"d{n}", "text": t} for n, t in enumerate(texts)]
    )
    idx = tmp_path / "idx"
    assert run(CliRunner(), idx, "index", str(corpus), "--vectors-for", "none")[0] == 0
    with sensegrep.open(idx) as index:
        ids = [hit.id for hit in index.search("bank", k=10)]
        docs = {hit.id: int(hit.doc[1:]) for hit in index.search("bank", k=10)}
        index.label([i for i in ids if docs[i] < 4], "river")
        index.label([i for i in ids if docs[i] >= 4], "money")
    code, out, err = run(CliRunner(), idx, "export", "bank", "--to", "csv", "--balanced", "3",
                         "--by", "label", "--good-examples")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert sorted(r["label"] for r in rows) == ["money"] * 3 + ["river"] * 2
    assert (
        "note: --balanced 3: 1 group(s) have fewer distinct sentences (each sentence is "
        "exported once), so the groups are not the same size: river (2)"
    ) in err, err


@pytest.mark.parametrize("fmt", ["csv", "conllu"])
def test_a_prediction_removed_since_the_export_stays_removed(labelled_idx, tmp_path, fmt):
    """classify --apply's prediction on r2, exported, then removed by the lead (a wrong
    one): read back unchanged, it went back on as a prediction ("1 marked label_predicted
    stored as predicted (the index had no label there)"), the removal undone. Kept off,
    counted and named as a hand label removed since is."""
    idx, ids = labelled_idx
    with sensegrep.open(idx) as index:
        index.label(ids["r2"], "money", predicted=True)
    path = tmp_path / f"a.{fmt}"
    path.write_text(export(idx, "--to", fmt), encoding="utf-8")
    assert run(CliRunner(), idx, "label", str(ids["r2"]), "--remove")[0] == 0
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "1 left as exported and removed in the index since (kept removed" in err, err
    assert f"stay removed: {ids['r2']} money;" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r2"]) == [None]


def test_a_webanno_export_says_the_predictions_it_cannot_mark(labelled_idx, tmp_path):
    """WebAnno TSV has no place for classify --apply's mark: a prediction went out as a
    label like any other, which INCEpTION shows so and an index built again reads back
    as given by hand, with nothing said. The export says how many, in a note; the other
    formats mark them and say nothing."""
    idx, ids = labelled_idx
    with sensegrep.open(idx) as index:
        index.label(ids["r2"], "river", predicted=True)
        index.label(ids["m2"], "money", predicted=True)
    code, _, err = run(CliRunner(), idx, "export", "bank", "--to", "webanno")
    assert code == 0, err
    assert "note: 2 of the labels written are classify --apply's predictions" in err, err
    assert "WebAnno TSV cannot mark" in err and len(err.strip().splitlines()) == 1
    for fmt in ("csv", "prodigy", "doccano", "conllu"):
        code, _, err = run(CliRunner(), idx, "export", "bank", "--to", fmt)
        assert code == 0 and "predictions" not in err, (fmt, err)
    with sensegrep.open(idx) as index:
        written = index.export_to("bank", "webanno", tmp_path / "a.tsv")
        assert any("2 of the labels written" in note for note in written.notes)
        index.label([ids["r2"], ids["m2"]], None)
        quiet = index.export_to("bank", "webanno", tmp_path / "b.tsv")
        assert not any("predictions" in note for note in quiet.notes)


def test_spreadsheet_ids_grouped_by_thousands_read_as_their_locale_wrote_them(tmp_path):
    """Pass 31f: Excel where the decimal mark is a comma saves an id shown with its
    thousands grouped as 12.000 in a CSV cut at semicolons. It was read as 12.0, id 12:
    the label went on another occurrence (an id;label file names no word to check it
    by), and 1.136 was a bad line. Cut at semicolons, 12.000 is 12000 and 12,0 is 12;
    cut at commas, "12,000" is 12000 and 12.0 is 12; a TSV, which tells no locale,
    refuses 12.000 (a bad line) rather than guess."""
    semi = tmp_path / "de.csv"
    semi.write_text("\ufeffid;label\r\n12.000;river\r\n1.136;money\r\n7,0;shore\r\n5.0;x\r\n")
    assert list(read_labels("csv", semi)) == [
        (12000, "river"), (1136, "money"), (7, "shore"), (5, "x")
    ]  # fmt: skip
    comma = tmp_path / "us.csv"
    comma.write_text('id,label\n"12,000",river\n12.0,money\n"1 136",shore\n')
    assert list(read_labels("csv", comma)) == [(12000, "river"), (12, "money"), (1136, "shore")]
    tabs = tmp_path / "labels.tsv"
    tabs.write_text("id\tlabel\n12.000\triver\n1.136\tmoney\n12.0\tshore\n")
    read = list(read_labels("tsv", tabs))
    assert read[1:] == [(1136, "money"), (12, "shore")]
    assert "bad id '12.000'" in str(read[0])


def test_label_predicted_as_a_spreadsheet_writes_true_in_its_language(tmp_path):
    """Pass 31f: LibreOffice or Excel in German saves a CSV's True as WAHR. Read as no,
    every unchanged prediction of the file was applied as a label given by hand, and
    the import said "applied 10 label(s)" for them."""
    from sensegrep.export import read_label_records

    path = tmp_path / "de.csv"
    rows = [
        "id;label;label_predicted",
        "1;river;WAHR",
        "2;money;FALSCH",
        "3;river;VRAI",
        "4;x;TRUE",
    ]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    read = list(read_label_records("csv", path))
    assert [(r.id, r.predicted) for r in read] == [(1, True), (2, False), (3, True), (4, True)]


def test_import_names_the_ids_two_merged_annotators_labelled_differently(labelled_idx, tmp_path):
    """Pass 31f: two annotators' Prodigy answers merged into one file, one line per
    annotator and item. The summary said "2 repeat an earlier id (the later label won)":
    which of them disagreed, and what the later line overruled, went unsaid (the first
    annotator's label lost). A note names each disagreement with its lines; an agreement
    is no disagreement."""
    idx, ids = labelled_idx
    alice = annotate("prodigy", export(idx, "--to", "prodigy"), ids["r2"], "river")
    alice = annotate("prodigy", alice, ids["m2"], "money")
    bob = annotate("prodigy", alice, ids["r2"], "money")
    answered = [line for line in (alice + bob).splitlines() if '"answer"' in line]
    path = tmp_path / "merged.jsonl"
    path.write_text("\n".join(answered) + "\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    assert "2 repeat an earlier id (the later label won)" in err
    assert (
        "note: 1 repeat(s) gave an id another label than an earlier line, and the later "
        f"won: {ids['r2']} river (line 1) → money (line 3)"
    ) in err
    done = import_labels(sensegrep.open(idx), path)
    assert done.overruled == ((ids["r2"], "river", 1, "money", 3),)


def test_a_numeric_document_id_a_spreadsheet_saved_without_its_zeros_is_that_document(
    tmp_path,
):
    """Pass 31f: Excel opens a CSV export's doc cell 00042 as the number 42 and saves
    it so. Every line was a bad line said to be "a file written from another index";
    the number is the document (another document's is still a bad line)."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    docs = [{"id": f"{n:05d}", "text": f"the river bank number {n}"} for n in range(3)]
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    rows = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv"))))
    for row in rows:
        row["doc"], row["label"] = str(int(row["doc"])), "river"
    rows[2]["doc"] = "1"  # document 00001's line says 00002's id
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "excel.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    code, _, err = run(runner, idx, "import", str(path))
    assert code == 1
    assert "applied 2 label(s)" in err and f"{path}:4: occurrence" in err, err
    assert "in '00002' here, not 'bank' in '1'" in err


def test_a_csv_with_carriage_returns_only_imports(labelled_idx, tmp_path):
    """Pass 31f: Excel for Mac's "CSV (Macintosh)" ends its lines with carriage returns
    only. Import ended in a traceback (csv.Error: new-line character seen in unquoted
    field), and label --from said "expected a CSV header (new-line character …)"."""
    idx, ids = labelled_idx
    path = tmp_path / "mac.csv"
    path.write_bytes(f"id,label\r{ids['r2']},river\r{ids['m2']},money\r".encode())
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0 and "Traceback" not in err, err
    assert "read as CSV with id and label columns (detected" in err
    assert "applied 2 label(s)" in err
    code, _, err = run(CliRunner(), idx, "label", "--from", str(path))
    assert code == 0 and "labelled 2 occurrence(s)" in err, err


def test_a_csv_line_with_a_lone_carriage_return_is_named_and_the_rest_imported(
    labelled_idx, tmp_path
):
    """A carriage return alone inside a line of a CSV that ends its lines with line
    feeds (two files pasted together, a cell edited on a Mac) ended the import in a
    traceback (csv.Error: new-line character seen in unquoted field; the fuzz test found
    it): that line is named and skipped, the rest imported."""
    idx, ids = labelled_idx
    path = tmp_path / "mixed.csv"
    path.write_bytes(f"id,label\n{ids['r2']},river\r\x30\n{ids['m2']},money\n".encode())
    code, _, err = run(CliRunner(), idx, "import", str(path), "--format", "csv")
    assert code == 1 and "Traceback" not in err, err
    assert "mixed.csv:2: a carriage return inside an unquoted cell" in err
    assert "applied 1 label(s)" in err
    with sensegrep.open(idx) as opened:
        assert held_labels(opened, ids["m2"], ids["r2"]) == ["money", None]


def test_a_doc_cell_a_spreadsheet_rewrote_as_a_date_is_said_to_be_possibly_that(tmp_path):
    """Pass 31f: Excel saves a doc cell 2020-01-05 as 1/5/2020. Each line was refused as
    "a file written from another index" only, which it is not; where only the document
    differs, the message says a spreadsheet may have rewritten the doc cells."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "2020-01-05", "text": "the river bank"}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    rows = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv"))))
    path = tmp_path / "excel.csv"
    path.write_text(f"id,doc,word,label\n{rows[0]['id']},1/5/2020,bank,river\n", encoding="utf-8")
    code, _, err = run(runner, idx, "import", str(path))
    assert code == 1
    assert "not 'bank' in '1/5/2020' as the line says" in err
    assert "or a spreadsheet rewrote the doc cells" in err


def test_a_csv_cell_holding_a_line_break_keeps_it(tmp_path):
    """A label typed over two lines of a spreadsheet cell ("money", Alt+Enter, "bank"),
    saved quoted, was read as "moneybank", one label no one wrote, and applied unsaid:
    the lines were cut before the csv module read them, and it joined the cell's two
    lines with nothing. Read as written, it is two labels (a space or a line break
    separates labels, and the import says so)."""
    from sensegrep.export import read_label_records

    for name, delimiter, newline in [("a.csv", ",", "\n"), ("b.csv", ",", "\r\n"),
                                     ("c.tsv", "\t", "\n")]:  # fmt: skip
        path = tmp_path / name
        rows = ["id,label,doc", '1,"money\nbank",d1', '2,"a ""quoted""\r\nlabel",d2', "3,river,d3"]
        text = newline.join(row.replace(",", delimiter) for row in rows) + newline
        path.write_bytes(text.encode())
        read = list(read_label_records("tsv" if delimiter == "\t" else "csv", path))
        assert [(r.id, r.label, r.doc) for r in read] == [
            (1, "money\nbank", "d1"),
            (2, 'a "quoted"\nlabel', "d2"),
            (3, "river", "d3"),
        ], name
        assert [r.line for r in read] == [3, 5, 6], name


def _with_id(fmt: str, text: str, old: int, new: int, label: str) -> str:
    """``text`` (an export, or search output, in ``fmt``) with the item of occurrence
    ``old`` labelled ``label`` and its id changed to ``new`` wherever the item says it,
    as a hand that mistyped the id (or a file of another index) leaves it."""
    if fmt in ("prodigy", "doccano", "jsonl"):
        records = [json.loads(line) for line in text.split("\n") if line]
        for r in records:
            if fmt == "prodigy" and r["meta"]["id"] == old:
                r["meta"]["id"] = r["spans"][0]["sensegrep_id"] = new
                r.update(accept=[label], answer="accept")
            if fmt == "doccano" and r["sensegrep_id"] == old:
                r["sensegrep_id"] = r["meta"]["sensegrep_id"] = new
                r["label"] = [[*r["target"], label]]
            if fmt == "jsonl" and r["id"] == old:
                r.update(id=new, label=label)
        return "".join(json.dumps(r) + "\n" for r in records)
    if fmt == "conllu":
        return text.replace(f"SensegrepId={old}\n", f"SensegrepId={new}|Sense={label}\n")
    if fmt == "webanno":
        return text.replace(f"\t*\t{old}\n", f"\t{label}\t{new}\n")
    delimiter = "\t" if fmt == "tsv" else ","
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    for row in rows:
        if int(row["id"]) == old:
            row.update(id=str(new), label=label)
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "csv", "jsonl", "tsv"])
def test_an_id_changed_to_the_same_word_in_another_sentence_of_its_document_is_a_bad_line(
    tmp_path, fmt
):
    """Pass 33f: a line whose id was changed to another occurrence of the same word in
    the same document (a mistyped id, rows of a spreadsheet mixed up) put its label on
    that occurrence without a word, exit 0: only WebAnno's sentence was compared, though
    every format shows the sentence (Prodigy's and doccano's text, CoNLL-U's # text, the
    CSV's left, word and right, search output's sentence). It is a bad line naming both
    sentences, and the occurrence keeps its label."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "The crane lifted the beam. A crane flew over the marsh."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    first, second = sorted(h["id"] for h in hits(run(runner, idx, "search", "crane")[1]))
    if fmt in ("jsonl", "tsv"):
        code, out, err = run(runner, idx, "search", "crane", "--format", fmt)
        assert code == 0, err
    else:
        code, out, err = run(runner, idx, "export", "crane", "--to", fmt)
        assert code == 0, err
    path = tmp_path / f"back.{fmt}"
    path.write_text(_with_id(fmt, out, first, second, "machine"), encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert f"occurrence {second} is in 'A crane flew over the marsh.' here, not in " in err, err
    assert "'The crane lifted the beam.' as the file says" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, first, second) == [None, None]


@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "search-csv", "csv"])
def test_label_from_refuses_an_id_changed_to_the_same_word_in_another_sentence(tmp_path, fmt):
    """Pass 34a: `label --from` of the file `import` refuses as naming another sentence's
    occurrence of the same word (search output or a CSV export, an id mistyped) put its
    label on that occurrence, exit 0: only the document and word were compared. It is a
    bad line naming both sentences, as in `import`, and the occurrence keeps its label."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "The crane lifted the beam. A crane flew over the marsh."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    first, second = sorted(h["id"] for h in hits(run(runner, idx, "search", "crane")[1]))
    if fmt == "csv":
        code, out, err = run(runner, idx, "export", "crane", "--to", "csv")
    else:
        fmt = fmt.removeprefix("search-")
        code, out, err = run(runner, idx, "search", "crane", "--format", fmt)
    assert code == 0, err
    path = tmp_path / f"from.{fmt}"
    path.write_text(_with_id(fmt, out, first, second, "machine"), encoding="utf-8")
    code, _out, err = run(runner, idx, "label", "--from", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert f"occurrence {second} is in 'A crane flew over the marsh.' here, not in " in err, err
    assert "'The crane lifted the beam.' as the file says" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, first, second) == [None, None]


@pytest.mark.parametrize(
    "fmt, command",
    [(f, "import") for f in ("prodigy", "doccano", "csv", "jsonl", "tsv", "conllu", "webanno")]
    + [(f, "label") for f in ("csv", "jsonl")],
)
def test_an_id_changed_to_the_same_word_elsewhere_in_its_sentence_is_a_bad_line(
    tmp_path, fmt, command
):
    """Pass 34a: a line whose id was changed to the other occurrence of its word in the
    same sentence put its label there, exit 0: the sentence alone was compared, though
    the file shows which occurrence it is (a Prodigy span, a doccano target, the CSV's
    and search output's left). It is a bad line naming both places. So in CoNLL-U and
    WebAnno (pass 35b), whose words before the exported one show which it is."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "The bank of the river, not the bank of the city."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    first, second = sorted(h["id"] for h in hits(run(runner, idx, "search", "bank")[1]))
    if fmt in ("jsonl", "tsv") or command == "label":
        code, out, err = run(runner, idx, "search", "bank", "--format", fmt)
    else:
        code, out, err = run(runner, idx, "export", "bank", "--to", fmt)
    assert code == 0, err
    path = tmp_path / f"back.{fmt}"
    path.write_text(_with_id(fmt, out, first, second, "river"), encoding="utf-8")
    args = ("import", str(path)) if command == "import" else ("label", "--from", str(path))
    code, _out, err = run(runner, idx, *args)
    assert code == 1 and "Traceback" not in err, err
    assert f"occurrence {second} is the 'bank' after 'The bank of the river, not the'" in err
    assert "not the one after 'The' as the file says" in err, err
    assert "or of its word in another sentence or place; listed above" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, first, second) == [None, None]


@pytest.mark.parametrize("fmt", ["conllu", "webanno"])
def test_the_words_before_the_exported_one_are_named_spaced(tmp_path, fmt):
    """A bad line named CoNLL-U's and WebAnno's words before the word run together, "not
    the one after 'Thebankoftheriver,notthe' as the file says"."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "The bank of the river, not the bank of the city."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    first, second = sorted(h["id"] for h in hits(run(runner, idx, "search", "bank")[1]))
    path = tmp_path / f"back.{fmt}"
    path.write_text(_with_id(fmt, export(idx, "--to", fmt), second, first, "river"), "utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 1, err
    assert "not the one after 'The bank of the river , not the' as the file says" in err, err


@pytest.mark.parametrize("fmt", ["conllu", "webanno"])
def test_the_words_before_the_exported_one_are_compared_as_the_text_shows_them(tmp_path, fmt):
    """Pass 35b: CoNLL-U's and WebAnno's words before the exported one are compared with
    the text before it here, spaces aside; a form CoNLL-U writes with "_" for its spaces
    ("New_York") is not, and two #Text lines, as a sentence with a line break may be
    written, are one sentence. Each reads back, exit 0."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    rows = [("In", "in"), ("New York", "New York"), ("the", "the"), ("bank", "bank"),
            ("by", "by"), ("the", "the"), ("bank", "bank"), ("closed", "close")]  # fmt: skip
    lines = ["# newdoc id = d1", "# text = In New York the bank by the bank closed"]
    lines += [f"{n}\t{f}\t{lemma}\tNOUN\t_\t_\t_\t_\t_\t_" for n, (f, lemma) in
              enumerate(rows, start=1)]  # fmt: skip
    corpus = tmp_path / "c.conllu"
    corpus.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    first, second = sorted(h["id"] for h in hits(run(runner, idx, "search", "bank")[1]))
    text = export(idx, "--to", fmt)
    text = annotate(fmt, annotate(fmt, text, first, "river"), second, "money")
    if fmt == "webanno":  # one #Text line cut in two, as a line break in it is written
        text = text.replace("#Text=In New York the bank", "#Text=In New York\n#Text=the bank")
        assert "#Text=the bank" in text
    path = tmp_path / f"back.{fmt}"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 0 and "error" not in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, first, second) == ["river", "money"]


@pytest.mark.parametrize(
    "fmt, command",
    [(f, c) for f in ("csv", "tsv", "jsonl") for c in ("import", "label")],
)
def test_search_output_of_a_pattern_whose_target_is_not_first_is_read_back(tmp_path, fmt, command):
    """Pass 34k: search output of a pattern (`--cql '[lemma="river"] @[lemma="bank"]'`)
    with its labels filled in was refused line by line, exit 1, no label applied: its
    `left` is the text before the whole match, `river bank`, which pass 34a compared
    with the text before the target, `bank`, as if the id had been edited. Read back,
    each line labels its occurrence; its sentence is still compared."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "We sat on the river bank. The bank raised its rates."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    pattern = '[lemma="river"] @[lemma="bank"]'
    code, out, err = run(runner, idx, "search", "--cql", pattern, "--format", fmt)
    assert code == 0, err
    [target] = [h["id"] for h in hits(run(runner, idx, "search", "--cql", pattern)[1])]
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines() if line.strip()]
        written = "".join(json.dumps({**r, "label": "river"}) + "\n" for r in records)
    else:
        delimiter = "," if fmt == "csv" else "\t"
        rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
        assert rows[0]["match"] == "river bank" and rows[0]["form"] == "bank", rows
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows({**r, "label": "river"} for r in rows)
        written = buffer.getvalue()
    path = tmp_path / f"back.{fmt}"
    path.write_text(written, encoding="utf-8")
    args = ("import", str(path)) if command == "import" else ("label", "--from", str(path))
    code, _out, err = run(runner, idx, *args)
    assert code == 0 and "error" not in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, target) == ["river"]


@pytest.mark.parametrize(
    "fmt, command", [("csv", "import"), ("jsonl", "import"), ("csv", "label"), ("jsonl", "label")]
)
def test_a_label_file_saved_decomposed_is_read_back(tmp_path, fmt, command):
    """Pass 34k: a label file whose text an editor saved decomposed (NFD: e and a
    combining accent, as macOS may) was refused line by line, exit 1: "occurrence 5 is
    'café' in 'd1' here, not 'café' in 'd1' as the line says", the two alike to the eye;
    its label alone was read composed (pass 34c). Its word, document and sentence are
    compared composed too, as a search reads them."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "We met at the café by the river. The café opened late."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    if fmt == "csv" and command == "import":
        code, out, err = run(runner, idx, "export", "café", "--to", "csv")
    else:
        code, out, err = run(runner, idx, "search", "café", "--format", fmt)
    assert code == 0, err
    ids = sorted(h["id"] for h in hits(run(runner, idx, "search", "café")[1]))
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines() if line.strip()]
        written = "".join(
            json.dumps({**r, "label": "shop"}, ensure_ascii=False) + "\n" for r in records
        )
    else:
        rows = list(csv.DictReader(io.StringIO(out)))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "label": "shop"} for r in rows)
        written = buffer.getvalue()
    decomposed = unicodedata.normalize("NFD", written)
    assert decomposed != written
    path = tmp_path / f"back.{fmt}"
    path.write_text(decomposed, encoding="utf-8")
    args = ("import", str(path)) if command == "import" else ("label", "--from", str(path))
    code, _out, err = run(runner, idx, *args)
    assert code == 0 and "error" not in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, *ids) == ["shop", "shop"]


@pytest.mark.parametrize("fmt", ["prodigy", "doccano"])
def test_a_prodigy_or_doccano_file_saved_decomposed_is_read_back(tmp_path, fmt):
    """Its spans' offsets are of the sentence as exported, composed: an editor's NFD
    copy had them fall a character short after each accent, and each line was refused,
    exit 1, as "occurrence 5 is 'café' here, not 'cafe' as the line says: a file
    written from another index", for a file of this index (the text before an accented
    word, "Zoë at the bank", took the span off its word the same way)."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    text = "We met at the café by the river. Zoë sat at the café late."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, out, err = run(runner, idx, "export", "café", "--to", fmt)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    for record in records:
        if fmt == "prodigy":
            record.update(accept=["shop"], answer="accept")
        else:
            record["label"] = [[*record["target"], "shop"]]
    written = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path = tmp_path / "back.jsonl"
    path.write_text(unicodedata.normalize("NFD", written), encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 0 and "error" not in err, err
    ids = sorted(h["id"] for h in hits(run(runner, idx, "search", "café")[1]))
    with sensegrep.open(idx) as index:
        assert held_labels(index, *ids) == ["shop", "shop"]


def test_a_csv_row_cut_short_or_with_a_cell_too_many_is_a_bad_line(labelled_idx, tmp_path):
    """Pass 33f: a CSV cut short (a copy interrupted, a truncated download) whose last row
    lost its label column was counted "without a label (skipped: not annotated yet)",
    exit 0; a label typed with an unquoted comma ("river, shore" in a text editor) made a
    cell too many, whose text was dropped unsaid and "river" applied alone. Each is a
    bad line naming its cells; a row without the empty cells after its label, and one
    with empty cells past a header that ends with the label ("12,river,"), still read."""
    idx, ids = labelled_idx
    text = annotate("csv", export(idx, "--to", "csv"), ids["r2"], "river")
    text = annotate("csv", text, ids["m2"], "money")
    rows = text.splitlines()
    line_r2 = next(n for n, row in enumerate(rows, start=1) if row.startswith(f"{ids['r2']},"))
    line_m2 = next(n for n, row in enumerate(rows, start=1) if row.startswith(f"{ids['m2']},"))
    rows[line_r2 - 1] = rows[line_r2 - 1].replace(",river,", ",river, shore,")
    rows[line_m2 - 1] = rows[line_m2 - 1][:-20]  # cut short in its right context
    path = tmp_path / "cut.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert f"cut.csv:{line_r2}: a row of 9 cells where the header has 8" in err, err
    assert f"cut.csv:{line_m2}: a row of 5 cells where the header has 8" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r2"], ids["m2"]) == [None, None]
    trimmed = tmp_path / "trimmed.csv"
    trimmed.write_text(f"id,label,label_predicted\n{ids['r2']},river\n", "utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(trimmed))
    assert code == 0 and "applied 1 label(s)" in err, err
    trailing = tmp_path / "trailing.csv"
    trailing.write_text(f"id,label\n{ids['m2']},money,,\n", "utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(trailing))
    assert code == 0 and "applied 1 label(s)" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r2"], ids["m2"]) == ["river", "money"]


def test_a_csv_row_with_empty_cells_past_an_export_header_still_reads(labelled_idx, tmp_path):
    """Pass 33n: an export re-saved by a spreadsheet with empty columns past
    label_exported (a cell typed there and cleared: "money,,,,") was a bad line "a cell
    holding the delimiter unquoted", its label not applied, though nothing after the
    label moved. It reads, label_exported filled or not; a label's rest moved into
    label_predicted is still bad."""
    idx, ids = labelled_idx
    text = annotate("csv", export(idx, "--to", "csv"), ids["m2"], "money")
    text = annotate("csv", text, ids["r2"], "river")
    rows = text.splitlines()
    line_m2 = next(n for n, row in enumerate(rows, start=1) if row.startswith(f"{ids['m2']},"))
    line_r2 = next(n for n, row in enumerate(rows, start=1) if row.startswith(f"{ids['r2']},"))
    rows = rows[:1] + [row + ",," for row in rows[1:]]  # the header as export wrote it
    rows[line_r2 - 1] = rows[line_r2 - 1].replace(",river,", ",river,shore,")
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert f"wide.csv:{line_m2}:" not in err and "wide.csv:2:" not in err, err
    assert f"wide.csv:{line_r2}: a row of 11 cells where the header has 8" in err, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["m2"], ids["r2"]) == ["money", None]


def test_a_utf16_file_whose_format_nothing_tells_is_said_to_be_utf16(labelled_idx, tmp_path):
    """Pass 33f: Excel's "Unicode Text" (UTF-16 TSV, saved as .txt) was "cannot tell the
    format … pass --format", and with --format tsv then said to be UTF-16: the error
    says so at once."""
    idx, ids = labelled_idx
    path = tmp_path / "labels.txt"
    path.write_text(f"id\tlabel\n{ids['r2']}\triver\n", encoding="utf-16")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert "UTF-16 text" in err and "save the file as UTF-8" in err, err


def test_a_label_written_decomposed_is_the_label_written_composed(labelled_idx, tmp_path):
    """Pass 33f: "café" typed as one character (NFC) in one file and as e + a combining
    accent (NFD, as macOS and some tools write it) in another were two labels that look
    the same: `labels` counted "café 1" twice, and `search --label café` found one. A
    label is stored composed, whichever way a file, --from or --as wrote it."""
    idx, ids = labelled_idx
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    path = tmp_path / "back.csv"
    path.write_text(f"id,label\n{ids['r2']},{nfc}\n{ids['m2']},{nfd}\n", encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "import", str(path))
    assert code == 0, err
    listed = tmp_path / "from.csv"
    listed.write_text(f"id,label\n{ids['r1']},{nfd}\n", encoding="utf-8")
    code, _out, err = run(CliRunner(), idx, "label", "--from", str(listed))
    assert code == 0, err
    code, _out, err = run(CliRunner(), idx, "label", str(ids["m1"]), "--as", nfd)
    assert code == 0, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, ids["r1"], ids["m1"], ids["r2"], ids["m2"]) == [nfc] * 4
    other = tmp_path / "other"
    corpus = write_jsonl(tmp_path / "nfd.jsonl", [{"text": "the bank", "labels": {"bank": nfd}}])
    assert run(CliRunner(), other, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, out, err = run(CliRunner(), other, "labels", "bank", "--format", "jsonl")
    assert code == 0 and [h["label"] for h in hits(out)] == [nfc], (out, err)


def test_prodigy_options_typed_decomposed_are_the_labels_stored(labelled_idx):
    """Pass 34c: `--options` typed decomposed ("cafe" + a combining accent) offered a
    choice whose id was not the label stored composed: an occurrence labelled "café"
    was exported with "accept": ["café"] and no option of that id, so Prodigy showed it
    unticked."""
    idx, ids = labelled_idx
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    with sensegrep.open(idx) as index:
        index.label([ids["r2"]], nfc)
    text = export(idx, "--to", "prodigy", "--options", nfd)
    records = [json.loads(line) for line in text.splitlines()]
    assert {o["id"] for r in records for o in r["options"]} == {nfc}
    accepted = [r for r in records if r.get("accept")]
    assert [r["accept"] for r in accepted if r["meta"]["id"] == ids["r2"]] == [[nfc]]


def test_context_cells_a_spreadsheet_reformatted_as_values_import_as_the_export_wrote_them(
    tmp_path,
):
    """Pass 33n: a CSV export re-saved by a spreadsheet, whose context cells it read as
    values (007 as 7, 3.50 as 3.5, 1/2 as the date 2-Jan, true as TRUE, 1,000 as 1000)
    or whose quotes it made typographic, was refused line by line as 'names another
    occurrence here' (the sentence compared as the file shows it): the labels never
    applied, exit 1. Such a row is its occurrence; a row of another sentence still is
    not."""
    runner = CliRunner()
    idx = tmp_path / "idx"
    texts = [
        "Bank 007",
        "Bank 3.50",
        "Bank 1/2",
        "Bank true",
        "Bank 1,000",
        '"The bank," she said.',
    ]
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": f"d{n}", "text": t} for n, t in enumerate(texts)]
    )
    assert run(runner, idx, "index", str(corpus), "--vectors-for", "none")[0] == 0
    code, out, err = run(runner, idx, "export", "bank", "--to", "csv", "--form")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["right"] for r in rows][:5] == ["007", "3.50", "1/2", "true", "1,000"]
    resaved = ["7", "3.5", "2-Jan", "TRUE", "1000"]
    for row, cell in zip(rows, resaved, strict=False):
        row.update(right=cell, label="money")
    rows[5].update(right=rows[5]["right"].replace('"', "\u201d"), label="money")
    ids = [int(r["id"]) for r in rows]
    path = tmp_path / "back.csv"
    out_file = io.StringIO()
    writer = csv.DictWriter(out_file, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out_file.getvalue(), encoding="utf-8")
    code, _out, err = run(runner, idx, "import", str(path))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        assert held_labels(index, *ids) == ["money"] * 6
