"""CSV and TSV concordance cells are the text as it is (issue 23: the left and right
contexts were trimmed and their whitespace folded, so that left + form + right was no
longer the sentence and "bank ," could not be told from "bank,")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import sensegrep
from sensegrep.output import csv_text

from .helpers import run, write_jsonl

TEXT = "They  sat by the bank , then\tthe bank,\nand left."


def test_csv_cells_keep_the_spaces_of_the_context(tmp_path: Path, runner) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": TEXT}])
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as idx:
        found = idx.search("bank")
        rows = list(csv.DictReader(io.StringIO(csv_text(found))))
    assert len(rows) == 2
    for row in rows:
        assert row["left"] + row["form"] + row["right"] == row["sentence"]
        assert TEXT[int(row["start"]) : int(row["end"])] == row["form"]
    # The CLI writes the same cells.
    code, out, err = run(runner, tmp_path / "idx", "search", "bank", "--format", "csv")
    assert code == 0, err
    assert list(csv.DictReader(io.StringIO(out))) == rows
    first = rows[0]
    assert first["left"].endswith("the ") and first["right"].startswith(" ,")


def test_tsv_cells_keep_their_lengths_with_no_tab_or_line_break(tmp_path: Path, runner) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": TEXT}])
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    code, out, err = run(runner, tmp_path / "idx", "search", "bank", "--format", "tsv")
    assert code == 0, err
    header, *lines = out.splitlines()
    fields = header.split("\t")
    assert len(lines) == 2
    for line in lines:
        row = dict(zip(fields, line.split("\t"), strict=True))
        assert row["left"] + row["form"] + row["right"] == row["sentence"]
        sentence = TEXT[TEXT.index(row["sentence"][:4]) :][: len(row["sentence"])]
        assert row["sentence"] == sentence.replace("\t", " ").replace("\n", " ")


def test_count_table_shares_are_the_counts_over_the_lines_counted(tmp_path: Path, runner) -> None:
    """Pass 23i: the text table printed the record's share, already rounded to 4
    decimals, rounded again: 4 of 21 lines (0.190476…) showed as 19.1%, not 19.0%."""
    records = [
        {"id": f"d{n:02d}", "text": "The bank closed.", "genre": "poetry" if n < 4 else "news"}
        for n in range(21)
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    code, out, err = run(
        runner, tmp_path / "idx", "search", "bank", "--count", "genre", "--format", "kwic"
    )
    assert code == 0, err
    shares = {line.split()[-1]: line.split()[1] for line in out.splitlines()[1:]}
    # By hand: 4/21 = 0.190476 → 19.0%; 17/21 = 0.809524 → 81.0%.
    assert shares == {"poetry": "19.0%", "news": "81.0%"}


def test_csv_and_tsv_carry_the_sense_and_the_metadata_columns_asked_for(tmp_path, runner):
    """A CSV of a search had neither the sense (and its run) of each line nor any
    metadata, which JSONL has: the sense columns come after the others, and --columns
    adds metadata fields (the web app's columns=), empty where a document has none."""
    docs = [
        {"id": f"d{i}", "text": text, "year": 1990 + i, **({"genre": "news"} if i % 2 else {})}
        for i, text in enumerate(
            ["The bank of the river flooded.", "The bank raised its rates.",
             "We sat on the bank of the stream.", "The bank lent them money."]
        )
    ]  # fmt: skip
    idx = tmp_path / "idx"
    sensegrep.build(idx, write_jsonl(tmp_path / "c.jsonl", docs), model="fake:16").close()
    assert run(runner, idx, "senses", "bank", "--n", "2")[0] == 0
    _, jsonl, _ = run(runner, idx, "search", "bank", "--format", "jsonl")
    found = [json.loads(line) for line in jsonl.splitlines()]
    expected = [(h["sense"], h["sense_run"], h["meta"]) for h in found]
    assert all(sense is not None for sense, _, _ in expected)
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        code, out, err = run(
            runner, idx, "search", "bank", "--format", fmt, "--columns", "year,genre"
        )
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
        assert [(int(r["sense"]), int(r["sense_run"]), r["year"], r["genre"]) for r in rows] == [
            (s, run_id, str(m["year"]), m.get("genre", "")) for s, run_id, m in expected
        ]
    code, _, err = run(runner, idx, "search", "bank", "--format", "csv", "--columns", "yr")
    assert code == 1 and "no document has a metadata field 'yr' (its fields: genre, year)" in err
    code, _, err = run(runner, idx, "search", "bank", "--format", "jsonl", "--columns", "year")
    assert code == 2 and "--format csv or tsv" in err


def test_a_patterns_csv_and_tsv_carry_its_whole_match(tmp_path: Path, runner) -> None:
    """`form` is a pattern's target only ("the" of "the bank ,"): the `match` column
    holds the matched words as the text writes them, so that left + match + right is
    the sentence and the document's text from start to end is the match (the CSV of a
    pattern had no cell with its matched words at all)."""
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": TEXT}])
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    pattern = '"the" [lemma="bank"] ","'
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        code, out, err = run(runner, tmp_path / "idx", "search", "--cql", pattern, "--format", fmt)
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
        assert [row["match"] for row in rows] == ["the bank ,", "the bank,"]
        for row in rows:
            assert row["form"] == "the"
            assert row["left"] + row["match"] + row["right"] == row["sentence"]
            whole = TEXT[int(row["start"]) : int(row["end"])]
            assert whole.replace("\t", " ").replace("\n", " ") == row["match"]
    # A word's match is its form; the web app's download has the column too.
    with sensegrep.open(tmp_path / "idx") as idx:
        rows = list(csv.DictReader(io.StringIO(csv_text(idx.search("bank")))))
    assert [row["match"] for row in rows] == [row["form"] for row in rows] == ["bank", "bank"]


def test_a_text_tables_fractions_keep_one_number_of_decimals_per_column() -> None:
    """37,227.6 beside 89,891.04 read as a figure of less precision: a column's
    fractions are written with the decimals the most precise of them needs; whole counts
    stay whole, and a missing figure is "-"."""
    from sensegrep.output import _aligned_table

    table = [
        {"freq": 594, "per_million": 89891.04, "dp": 0.2543, "item": "the"},
        {"freq": 246, "per_million": 37227.6, "dp": 0.935, "item": "a"},
        {"freq": 3, "per_million": 454.0, "dp": None, "item": "bank"},
    ]
    lines = _aligned_table(table).splitlines()
    assert [line.split() for line in lines] == [
        ["freq", "per_million", "dp", "item"],
        ["594", "89,891.04", "0.2543", "the"],
        ["246", "37,227.60", "0.9350", "a"],
        ["3", "454.00", "-", "bank"],
    ]
    assert len({len(line.rsplit(" ", 1)[0]) for line in lines[1:]}) == 1  # aligned


def test_kwic_lines_up_wide_and_combining_characters() -> None:
    """A KWIC line was cut and padded by characters: a Chinese character takes two
    terminal columns and a combining accent none, so lines of Chinese ran past --width
    and their nodes stood at other columns than a Latin line's."""
    import unicodedata

    from sensegrep.output import kwic_line

    def columns(text: str) -> int:  # as a terminal shows it
        wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
        return len(text) + wide - sum(unicodedata.combining(c) > 0 for c in text)

    def record(left: str, form: str, right: str) -> dict:
        sentence = left + form + right
        return {"id": 1, "doc": "d", "score": None, "form": form, "match": [form],
                "left": left, "right": right, "sentence": sentence}  # fmt: skip

    nfd = unicodedata.normalize("NFD", "Die Bürger von Zürich saßen auf der ")
    lines = [
        kwic_line(record("Die Bürger von Zürich saßen auf der ", "Bank", " am Ufer."), 70),
        kwic_line(record(nfd, "Bank", " am Ufer."), 70),
        kwic_line(
            record("我去银行取钱。河岸上有很多人。我们在河边散步", "银行", "今天关门了。"), 70
        ),
        kwic_line(record("", "银行", "今天关门了。我们在河边散步。😀 今天天气很好"), 70),
    ]
    assert [columns(line) for line in lines] == [70] * 4
    # The node starts where the left context ends: at one column for nodes as wide
    # (Bank, 4 columns; 银行, 4 columns).
    assert len({columns(line[: line.index(" | ")]) for line in lines}) == 1
    assert lines[1].split(" | ")[0].endswith(nfd.rstrip()[-10:])


def test_kwic_lines_up_decomposed_hangul_as_composed() -> None:
    """A Korean syllable written decomposed (NFD: 한 as ᄒ ᅡ ᆫ, as macOS file names and
    some exports write it) is drawn in the two columns of its first consonant; its vowel
    and final consonant were counted a column each, so such a line's node stood columns
    left of a composed line's (pass 38d)."""
    import unicodedata

    from sensegrep.output import columns, kwic_line

    def record(left: str, form: str, right: str) -> dict:
        return {"id": 1, "doc": "d", "score": None, "form": form, "match": [form],
                "left": left, "right": right, "sentence": left + form + right}  # fmt: skip

    left, right = "박지영 교수는 “한국어는 교착어다”라고 ", " 그리고 떠났다."
    nfd = [unicodedata.normalize("NFD", part) for part in (left, "설명했다", right)]
    lines = [kwic_line(record(left, "설명했다", right), 70), kwic_line(record(*nfd), 70)]
    assert columns(unicodedata.normalize("NFD", "한국어")) == columns("한국어") == 6
    nodes = [columns(unicodedata.normalize("NFC", line[: line.index(" | ")])) for line in lines]
    assert nodes[0] == nodes[1], lines


def test_kwic_nodes_stand_in_one_column_whatever_their_form_and_document(capsys) -> None:
    """Each KWIC line took half of the room its own document id and node left for its
    left context, so a page mixing `bank` and `banks`, or `new004` and
    `letters/letter04.txt`, had its nodes in different columns: a concordance not
    aligned on the word, which is what a concordance is read by."""
    from sensegrep.output import HitWriter

    class Line:
        def __init__(self, id_: int, doc: str, left: str, form: str, right: str) -> None:
            self.record = {
                "id": id_, "doc": doc, "score": None, "form": form, "match": [form],
                "left": left, "right": right, "sentence": left + form + right,
            }  # fmt: skip

        def to_dict(self) -> dict:
            return self.record

    left, right = "Farmers in Kelso complained that the ", " had stopped lending to farms."
    lines = [
        Line(4222, "new004", left, "bank", right),
        Line(1443, "letters/letter04.txt", left, "bank", right),
        Line(5917, "new011", left, "banks", right),
        Line(982, "a-much-longer-document-name", "", "banks", right),
    ]
    HitWriter("kwic", width=100).write(lines)
    shown = capsys.readouterr().out.splitlines()
    assert len(shown) == 4
    assert len({line.index(" | ") for line in shown}) == 1  # every node in one column
    assert all(len(line) <= 100 for line in shown)
    docs = [line.record["doc"] for line in lines]
    assert all(line.endswith(doc) for line, doc in zip(shown, docs, strict=True))


def test_kwic_scores_and_documents_stand_in_one_column(capsys) -> None:
    """A page mixing `d27` and `d31.txt` (JSONL ids beside plain-text files, pass 36b)
    gave each line's right context the room its own document id left: the shorter id's
    line ran on, and its score stood further right than the next line's."""
    from sensegrep.output import HitWriter

    class Line:
        def __init__(self, id_: int, doc: str, form: str, score: float) -> None:
            left, right = "We sat on the grassy ", " and watched the rowing boats on the river."
            self.record = {
                "id": id_, "doc": doc, "score": score, "form": form, "match": [form],
                "left": left, "right": right, "sentence": left + form + right,
            }  # fmt: skip

        def to_dict(self) -> dict:
            return self.record

    lines = [Line(735, "d07", "bank", 0.81), Line(3130, "d31.txt", "banks", 0.5)]
    HitWriter("kwic", width=80).write(lines)
    shown = capsys.readouterr().out.splitlines()
    assert len({line.index("0.") for line in shown}) == 1, shown  # the scores
    assert len({line.rindex(" d") for line in shown}) == 1, shown  # the documents
    assert len({line.index(" | ") for line in shown}) == 1  # and the nodes, as before
    assert max(len(line) for line in shown) == 80 and shown[1].endswith("0.500  d31.txt")


def test_a_text_tables_items_are_shown_as_written_not_quoted_for_a_spreadsheet(
    tmp_path: Path, runner
) -> None:
    """Pass 27a: `freq --by form` listed the hyphen of "well-known" as `'-` (and would
    list "@bbc" as `'@bbc`) in its text table: the quote that keeps a spreadsheet from
    running a CSV cell as a formula, in a table for the eye, read as a token the corpus
    does not have. CSV keeps the quote; the text table shows the form."""
    text = "A well-known bank. The well-known author wrote to @bbc and -5 people."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    code, out, err = run(runner, tmp_path / "idx", "freq", "--by", "form", "--format", "text")
    assert code == 0, err
    items = {line.split()[-1] for line in out.splitlines()[1:]}
    assert "-" in items and "'-" not in items
    assert not any(item.startswith("'") and item[1:] in items for item in items)
    code, out, err = run(runner, tmp_path / "idx", "freq", "--by", "form", "--format", "csv")
    assert code == 0, err
    assert "'-" in {row["item"] for row in csv.DictReader(io.StringIO(out))}


def test_metadata_columns_write_a_value_as_a_count_by_it_shows_it(tmp_path, runner) -> None:
    """A JSON true was `True` in a CSV's column (`true` in --count and --where, as a text
    "true" is), a number 1999.0 was `1999.0` there, like the text "1999.0" that --count
    keeps apart from the year 1999 it counts it under, and an object was JSON with spaces
    unlike the compact JSON --where takes; --columns meta:form was refused, though
    --where and --count name a field called like a column so."""
    docs = [
        {"id": "a", "text": "A bank.", "year": 1999.0, "ok": True, "src": {"n": 1}, "form": "x"},
        {"id": "b", "text": "A bank.", "year": "1999.0", "ok": "true", "tags": ["p", "q"]},
    ]
    idx = tmp_path / "idx"
    sensegrep.build(idx, write_jsonl(tmp_path / "c.jsonl", docs), vectors_for="none").close()
    code, out, err = run(
        runner, idx, "search", "bank", "--format", "csv", "--columns", "year,ok,src,tags,meta:form"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    cells = [(r["year"], r["ok"], r["src"], r["tags"], r["meta:form"]) for r in rows]
    assert cells == [("1999", "true", '{"n":1}', "", "x"), ("1999.0", "true", "", '["p","q"]', "")]


def test_a_value_with_spaces_around_it_or_empty_is_quoted_in_the_text_tables(
    tmp_path, runner
) -> None:
    """A count by genre of 'news', ' news' and 'news ' showed three rows `news`, and
    the empty value a blank, in search --count's table, info's commonest values, freq
    --by's and senses --by's tables alike: each is quoted where a plain one would hide
    it (and freq --by's CSV folded them to news)."""
    docs = [
        {"id": f"d{i}", "text": "The bank of the river.", "genre": genre}
        for i, genre in enumerate(["news", " news", "news ", "", "news"])
    ]
    docs[0]["one"] = "only"  # info said "1 documents, 1 values"
    idx = tmp_path / "idx"
    sensegrep.build(idx, write_jsonl(tmp_path / "c.jsonl", docs), vectors_for="none").close()
    code, out, err = run(runner, idx, "search", "bank", "--count", "genre", "--format", "kwic")
    assert code == 0, err
    shown = sorted(line.split("  ")[-1] for line in out.splitlines()[1:])
    assert shown == ["' news'", "''", "'news '", "news"]
    code, out, err = run(runner, idx, "info")
    commonest = next(line for line in out.splitlines() if "genre" in line)
    assert sorted(commonest.split("commonest: ")[1].split(", ")) == sorted(shown)
    assert "text, 1 document, 1 value, commonest: only" in out, out
    code, out, err = run(runner, idx, "freq", "--by", "genre")
    assert code == 0, err
    assert sorted(line.split("  ")[-1] for line in out.splitlines()[1:]) == sorted(shown)
    code, out, err = run(runner, idx, "freq", "--by", "genre", "--format", "csv")
    items = [row["item"] for row in csv.DictReader(io.StringIO(out))]
    assert sorted(items) == ["", " news", "news", "news "]  # as written, not folded
    code, out, err = run(runner, idx, "search", "bank", "--count", "genre", "--format", "csv")
    values = [row["genre"] for row in csv.DictReader(io.StringIO(out))]
    assert sorted(values) == ["", " news", "news", "news "]


def test_a_csv_cell_holding_a_carriage_return_is_quoted(tmp_path: Path, runner) -> None:
    """A text with a carriage return alone ("ends\\rthe bank", an old Mac file) was
    written into search's CSV in an unquoted cell, which a spreadsheet, pandas or
    Python's csv module cut into two rows: the line's right half read as a row of its
    own. A cell holding one is quoted, as one holding a line feed is."""
    records = [{"id": "d1", "text": "Line one ends\rthe bank two.", "genre": "a\rb"}]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        found = idx.search("bank")
        texts = [csv_text(found), csv_text(found, meta=["genre"])]
    code, out, err = run(runner, tmp_path / "idx", "search", "bank", "--format", "csv",
                         "--columns", "genre")  # fmt: skip
    assert code == 0, err
    code, counted, err = run(runner, tmp_path / "idx", "search", "bank", "--format", "csv",
                             "--count", "genre")  # fmt: skip
    assert code == 0, err
    for text in [*texts, out]:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == 1, text
        assert rows[0]["left"] == "Line one ends\rthe "
        assert rows[0]["sentence"] == "Line one ends\rthe bank two."
    assert rows[0]["genre"] == "a\rb"
    rows = list(csv.DictReader(io.StringIO(counted, newline="")))
    assert [row["genre"] for row in rows] == ["a\rb"], counted


def test_kwic_scores_stand_in_one_column_where_a_long_id_leaves_the_least_room(capsys) -> None:
    """Where a document id too long for --width left the contexts their least room (20
    columns), a line of `banks` beside lines of `bank` had its score and document a
    column further right (pass 36k, polish): the room is told beside the widest node."""
    from sensegrep.output import HitWriter

    class Line:
        def __init__(self, id_: int, doc: str, form: str, score: float) -> None:
            left, right = "We sat on the grassy ", " and watched the rowing boats on the river."
            self.record = {
                "id": id_, "doc": doc, "score": score, "form": form, "match": [form],
                "left": left, "right": right, "sentence": left + form + right,
            }  # fmt: skip

        def to_dict(self) -> dict:
            return self.record

    long_id = "an-archive-document-identifier-of-forty-chars"
    lines = [Line(735, "d07", "bank", 0.81), Line(3130, long_id, "banks", 0.5)]
    HitWriter("kwic", width=60).write(lines)
    shown = capsys.readouterr().out.splitlines()
    assert len({line.index("0.") for line in shown}) == 1, shown  # the scores
    assert len({line.index(" | ") for line in shown}) == 1, shown  # the nodes
    # 10 (id) + 10 (left) + 3 + 5 (banks) + 3 + 10 (right), then `  ` and ` 0.500`
    assert shown[1].index("0.500") == 10 + 10 + 3 + 5 + 3 + 10 + 3, shown


def test_tsv_read_with_a_csv_reader_set_to_tabs_gives_the_text_back(tmp_path: Path, runner) -> None:
    """README: a TSV cell holding a `"` is quoted as CSV quotes it, a tab or a line break
    written as one space; a CSV reader set to tabs reads back each hit's text so (pass
    36l: a script cutting lines at tabs got `"The bank ""new"" …"`, the README silent)."""
    text = 'He said "the bank" is\tnew.\nThe bank closed.'
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "d1", "text": text}])
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    code, out, err = run(runner, tmp_path / "idx", "search", "bank", "--format", "tsv")
    assert code == 0, err
    code, jsonl, err = run(runner, tmp_path / "idx", "search", "bank", "--format", "jsonl")
    rows = list(csv.DictReader(io.StringIO(out), delimiter="\t"))
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert len(rows) == len(records) == 2
    flat = str.maketrans("\t\n", "  ")
    for row, record in zip(rows, records, strict=True):
        for field in ("left", "right", "sentence"):
            assert row[field] == record[field].translate(flat)
        assert row["left"] + row["match"] + row["right"] == row["sentence"]
    assert rows[0]["sentence"] == 'He said "the bank" is new.'


def test_kwic_cuts_a_context_between_emoji_not_inside_one() -> None:
    """A context cut at its columns could begin on a skin tone or a flag's second half
    and end on a flag's first (`🏿 under 🇩🇪 | and | 🇫`): a lone 🏿 or 🇫, which the text
    never shows (pass 37a). It is cut before or after the whole emoji."""
    from sensegrep.output import _first_columns, _last_columns

    assert _last_columns("waved 👍🏿 under", 8) == " under"
    assert _last_columns("and 🇫🇷 and", 5) == " and"
    assert _last_columns("a 👩\u200d💻 b", 4) == " b"
    assert _first_columns("and 🇫🇷🇫🇷 flags", 6) == "and 🇫🇷"
    assert _first_columns("ok 👍🏽 then", 4) == "ok "
    assert _first_columns("ok 👩\u200d💻 b", 5) == "ok "
    assert _last_columns("Die Bu\u0308rger", 4) == "rger"  # (a mark as before)


def test_kwic_cuts_a_context_between_conjuncts_not_inside_one() -> None:
    """A Devanagari or Bengali conjunct is a consonant, a virama and a consonant, drawn as
    one: a context cut at its columns ended on `ऑस्ट्` (a visible virama, the र cut off)
    or began on the second letter (pass 38d). It is cut before or after the conjunct."""
    from sensegrep.output import _first_columns, _last_columns

    for width in range(1, 20):
        for text in ("भारत ने ऑस्ट्रेलिया को", "শিক্ষার্থীরা অনলাইনে", "स्त्री शिक्षा"):
            start, end = _first_columns(text, width), _last_columns(text, width)
            assert not start.endswith(("\u094d", "\u09cd")), (text, width, start)
            cut = len(text) - len(end)
            after_virama = cut > 0 and text[cut - 1] in "\u094d\u09cd" and end[:1].isalpha()
            assert not after_virama, (text, width, end)
