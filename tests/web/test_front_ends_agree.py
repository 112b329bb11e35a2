"""Every front end says the same thing (issue 23, pass 24i): one request answered by the
Python API, the web API, the command line (JSONL and KWIC, in this process and through a
running server) and the shell gives the same total, documents, per million, offset,
lines, sense numbers with their run, count rows and error. A fast version of the pass's
comparison script; the notebook view of a result is held to the command line's header.
The fake encoder: these check the plumbing of numbers, not the quality of senses."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import pytest

import sensegrep
from sensegrep.cli import cli

from ..helpers import run, write_jsonl

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

# Two senses of "bank" over documents with year, genre, source and a field named like a
# built-in count key (form).
TEXTS = [
    ("The bank raised its rates. We sat on the bank, by the river.", 1955, "news", "verse"),
    ("Her bank paid well. The muddy bank gave way.", 1962, "fiction", "prose"),
    ("The central bank warned of inflation.", 1971, "news", "prose"),
    ("Otters live on the bank below the weir. A bank of fog rose.", 1988, "letters", "prose"),
    ("My bank refused the loan; the bank manager wrote.", 1990, "letters", "verse"),
    ("The far bank leaned. Two banks merged.", 2004, "science", "prose"),
    ("Spring came late. The old bank held!", 2015, "fiction", "prose"),
]
DOCS = [
    {"id": f"d{i}", "text": text, "year": year, "genre": genre, "source": "S", "form": form}
    for i, (text, year, genre, form) in enumerate(TEXTS)
]

# (word, the API's keywords); "count" makes it a frequency table.
REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("bank", {"k": 3}),
    ("bank", {"where": {"year": "1960..1990"}, "k": 2, "offset": 2}),
    ("bank", {"where": {"genre": "news,letters"}, "sort": "right1,left1", "k": 3}),
    ("bank", {"where": {"meta:form": "verse"}}),
    ("bank", {"max_per_doc": 1, "sort": "left1", "k": 3, "offset": 3}),
    ("bank", {"k": 5, "offset": 10}),  # the last page
    ("bank", {"k": 5, "offset": 40}),  # past the end
    ("bank", {"sense": 1, "k": 2}),
    ("bank", {"sense": 1, "senses_run": 1, "k": 2}),
    ("bank", {"sense": 2, "k": 5, "offset": 30}),  # past the end of one sense
    ("bank", {"sample": 3, "seed": 1}),
    ("bank", {"count": "node"}),
    ("bank", {"count": "right1", "ignore_punct": True}),
    ("bank", {"count": "sense", "senses_run": 1}),
    ("bank", {"count": "meta:form", "where": {"year": "..1990"}}),
    ("bank", {"count": "doc", "k": 3, "offset": 2}),
    ("bank", {"where": {"gnre": "news"}}),
    ("bank", {"where": {"genre": "News"}}),
    ("bnak", {}),
    ("bank", {"where": {"genre": "news", "year": "2000.."}}),  # empty, exit 0: says why
]

HEADER = re.compile(
    r"(?:sense (?P<sense>\d+) of sense run (?P<run>\d+): )?.*?(?P<total>[\d,]+) match(?:es)? in "
    r"(?P<docs>[\d,]+) documents?; (?P<pm>[\d,.]+) per million tokens \([\d,]+ tokens\)"
    r"(?:; (?P<pms>[\d,.]+) per million in the filtered subcorpus)?"
    r"(?:.*?lines (?P<first>\d+)-|.*?no line after (?P<after>\d+))?"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """The corpus indexed with two sense runs of "bank" (run 1: 2 senses; run 2, the
    current one: 3), served in the background: (folder, URL, the API's index)."""
    from sensegrep.web import create_app
    from sensegrep.web.server import background_server

    folder = tmp_path_factory.mktemp("agree")
    corpus = write_jsonl(folder / "corpus.jsonl", DOCS)
    with sensegrep.build(folder / "idx", corpus, model="fake:16") as idx:
        assert idx.senses("bank", n=2).run.id == 1 and idx.senses("bank", n=3).run.id == 2
    with (
        background_server(create_app(folder / "idx")) as url,
        sensegrep.open(folder / "idx") as idx,
    ):
        yield folder / "idx", url, idx


def cli_args(word: str, params: dict[str, Any]) -> list[str]:
    args = [word]
    for key, value in params.items():
        flag = {"senses_run": "--senses", "k": "-k"}.get(key, "--" + key.replace("_", "-"))
        if value is True:
            args.append(flag)
        elif isinstance(value, dict):
            args += [a for field, v in value.items() for a in (flag, f"{field}={v}")]
        else:
            args += [flag, str(value)]
    return args


def said(header: str) -> dict[str, Any]:
    """The figures a header or count summary says."""
    found = HEADER.search(header)
    if found is None:
        return {}
    number = lambda name: None if found[name] is None else float(found[name].replace(",", ""))  # noqa: E731
    offset = found["first"] or found["after"]
    return {
        "total": int(number("total")),
        "documents": int(number("docs")),
        "per_million": number("pm"),
        "per_million_subcorpus": number("pms"),
        "offset": None if offset is None else int(offset) - (1 if found["first"] else 0),
        "sense": None if found["sense"] is None else (int(found["sense"]), int(found["run"])),
    }


def from_api(idx: Any, word: str, params: dict[str, Any]) -> dict[str, Any]:
    params = dict(params)
    by = params.pop("count", None)
    try:
        found = idx.count(word, by, **params) if by else idx.search(word, **params)
    except sensegrep.SensegrepError as exc:
        return {"error": str(exc)}
    if by:
        return _figures(found.totals(), None, list(found) or None)
    return _figures(found.totals(), found.to_dicts(), None)


def from_http(url: str, word: str, params: dict[str, Any]) -> dict[str, Any]:
    import urllib.error
    import urllib.parse
    import urllib.request

    query = [("word", word)]
    for key, value in params.items():
        key = "senses" if key == "senses_run" else key
        if isinstance(value, dict):
            query += [(key, f"{field}={v}") for field, v in value.items()]
        else:
            query.append((key, "true" if value is True else str(value)))
    try:
        with urllib.request.urlopen(f"{url}/api/search?{urllib.parse.urlencode(query)}") as r:
            body = json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return {"error": json.loads(exc.read())["error"]}
    return _figures(body, body.get("hits"), body.get("rows") or None)


def _figures(totals: dict[str, Any], hits: Any, rows: Any) -> dict[str, Any]:
    sense = totals.get("sense")
    figures = {key: totals[key] for key in ("total", "documents", "per_million", "offset")}
    figures["per_million_subcorpus"] = totals["per_million_subcorpus"]
    figures["sense"] = None if sense is None else (sense, totals["sense_run"])
    if hits is not None:
        figures["lines"] = [(h["id"], h["sense"], h["sense_run"]) for h in hits]
    if rows is not None:
        figures["rows"] = _rows(rows)
    return figures


def _rows(rows: list[dict[str, Any]]) -> list[tuple]:
    return [(r["value"], r["count"], r["per_million"], r.get("sense_run")) for r in rows]


def from_cli(out: str, err: str, code: int, params: dict[str, Any], fmt: str) -> dict[str, Any]:
    """What the command line (or the shell) printed, as the API's figures."""
    errors = [line for line in err.splitlines() if line.lower().startswith("error: ")]
    if code or errors:
        return {"error": errors[0].split(": ", 1)[1]}
    lines = out.splitlines()
    header = lines[0][2:] if fmt == "kwic" and lines and lines[0].startswith("# ") else err
    figures = said(header) or {"total": 0}
    if "count" in params:
        records = [json.loads(line) for line in lines if line.startswith("{")]
        figures["rows"] = (_text_rows(lines) if fmt == "kwic" else _rows(records)) or None
        return {k: v for k, v in figures.items() if k != "offset"}
    if fmt == "kwic":
        figures["ids"] = [int(line.split()[0]) for line in lines if line[:1] == " "]
    else:
        hits = [json.loads(line) for line in lines if line.startswith("{")]
        figures["lines"] = [(h["id"], h["sense"], h["sense_run"]) for h in hits]
    return figures


def _text_rows(lines: list[str]) -> list[tuple]:
    """A text count table's rows: count first, the value last (a sense as "bank 1 (run
    2)"), "per million of the index" where a count of every match has it."""
    heads = re.split(r"\s{2,}", lines[0].strip()) if lines else []
    rows = []
    for line in lines[1:]:
        cells = dict(
            zip(heads, re.split(r"\s{2,}", line.strip(), maxsplit=len(heads) - 1), strict=True)
        )
        value: Any = cells[heads[-1]]
        sense = re.fullmatch(r".* (\d+) \(run (\d+)\)", value)
        run_id = None if sense is None else int(sense[2])
        value = value if sense is None else int(sense[1])
        pm = cells.get("per million of the index")
        pm = None if pm is None else float(pm.replace(",", ""))
        rows.append((value, int(cells["count"].replace(",", "")), pm, run_id))
    return rows


def agree(reference: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """The figures ``other`` says that differ from the API's (a front end need not say
    every figure: KWIC has no sense per line; an empty result's header is its reason)."""
    if "error" in reference or "error" in other:
        return [] if ("error" in reference) == ("error" in other) else ["error"]
    wrong = []
    for key, value in other.items():
        expected = reference.get(key)
        if key == "ids":
            expected = [line[0] for line in reference.get("lines", [])]
        if key == "offset" and not reference["total"]:
            continue
        if value != expected and not (value is None and key == "sense"):
            wrong.append(f"{key}: {expected!r} (API), {value!r}")
    return wrong


def test_every_front_end_gives_the_same_figures(served, runner):
    folder, url, idx = served
    for word, params in REQUESTS:
        reference = from_api(idx, word, params)
        args = cli_args(word, params)
        answers = {"http": from_http(url, word, params)}
        for fmt in ("jsonl", "kwic"):
            for where in ("--no-server", f"--server={url}/"):
                code, out, err = run(runner, folder, "search", *args, "--format", fmt, where)
                answers[f"{fmt} {where[:8]}"] = from_cli(out, err, code, params, fmt)
        script = f":format jsonl\n{shlex.join(args)}\n:quit\n"
        result = runner.invoke(cli, ["--index", str(folder), "shell"], input=script)
        # A script's prompts go to stderr (stdout holds the results alone).
        said_err = re.sub(r"^(sensegrep> )+", "", result.stderr, flags=re.M)
        answers["shell"] = from_cli(result.stdout, said_err, 0, params, "jsonl")
        for name, answer in answers.items():
            assert not agree(reference, answer), (word, params, name, agree(reference, answer))


def test_a_sense_search_names_its_run_in_the_api_the_notebook_and_on_a_page_without_lines(
    served, runner
):
    """`sense=1` with `senses_run=1`: the repr and the notebook's view said "24 matches
    of bank" (the sense's total read as the word's) and showed bare sense numbers; a page
    past the end of one sense, and a count of it, did not name the run on the command line
    or the web API."""
    folder, url, idx = served
    one = idx.search("bank", sense=1, senses_run=1, k=2)
    assert (one.sense, one.sense_run) == (1, 1)
    assert f'of {one.total} matches of "bank", sense 1 of sense run 1, in' in repr(one)
    assert "sense (run 1)" in one._repr_html_()
    plain = idx.search("bank", k=3)  # the current run, 2, named over its numbers
    assert plain.sense is None and "sense (run 2)" in plain._repr_html_()
    past = idx.search("bank", sense=2, k=5, offset=30)
    assert not len(past) and (past.sense, past.sense_run) == (2, 2)
    # (named as a page with lines names them, word and sense, since pass 40d)
    assert 'of "bank", sense 2 of sense run 2, in' in repr(past)
    code, out, _ = run(runner, folder, "search", *cli_args("bank", {"sense": 2, "offset": 30}),
                       "--format", "kwic", "--no-server")  # fmt: skip
    assert code == 0 and out.startswith("# sense 2 of sense run 2: ")
    _, out, _ = run(runner, folder, "search", "bank", "--sense", "2", "-k", "1", "--no-server",
                    "--format", "kwic")  # fmt: skip
    assert "(next page: --offset 1 --senses 2)" in out.split("\n")[0]  # the same clustering
    counts = idx.count("bank", "genre", sense=1, senses_run=1)
    assert "of sense 1 of sense run 1 in" in repr(counts)
    _, _, err = run(runner, folder, "search", "bank", "--sense", "1", "--senses", "1",
                    "--count", "genre", "--no-server")  # fmt: skip
    assert err.startswith(f"sense 1 of sense run 1: all {counts.total} matches counted")
    assert from_http(url, "bank", {"sense": 2, "offset": 30})["sense"] == (2, 2)


def test_the_repr_says_which_lines_a_sample_or_a_cap_leaves(served):
    """`lines 1-3 of 14 matches` for a sample of 3 promised 11 more lines; the command
    line's header says `of a random sample of 3`, `of 7 lines (at most 1 per document)`."""
    _, _, idx = served
    sample = idx.search("bank", sample=3, seed=1)
    assert f"lines 1-3 of a random sample of 3 of {sample.total} matches" in repr(sample)
    # A sample of more than the matches is all of them, in corpus order: it said
    # "lines 1-2, in a random order, of 14 matches".
    whole = idx.search("bank", sample=sample.total + 5, k=2)
    assert f"<Hits: lines 1-2 of {whole.total} matches of " in repr(whole)
    capped = idx.search("bank", max_per_doc=1, k=2)
    assert capped.lines_available == len(DOCS) < capped.total
    assert f"lines 1-2 of {len(DOCS)} lines (at most 1 per document) of" in repr(capped)


def test_the_figures_are_those_counted_by_hand(served):
    _, _, idx = served
    banks = sum(len(re.findall(r"\bbanks?\b", d["text"], re.I)) for d in DOCS)
    hits = idx.search("bank")
    assert (hits.total, hits.documents) == (banks, len(DOCS))
    assert hits.per_million == round(banks / hits.tokens * 1e6, 2)
    verse = [d for d in DOCS if d["form"] == "verse"]
    found = idx.search("bank", where={"meta:form": "verse"})
    assert found.total == sum(len(re.findall(r"\bbanks?\b", d["text"], re.I)) for d in verse)
    node = {r["value"]: r["count"] for r in idx.count("bank", "node")}
    assert node == {"bank": banks - 1, "banks": 1}


def test_a_count_past_the_last_line_says_so_in_every_front_end(served, runner):
    """The command line said "no line counted: none after line 40", while the API's and
    HTTP's count past the end had no note: an empty table, rows [] (pass 24i)."""
    folder, url, idx = served
    counts = idx.count("bank", "doc", k=5, offset=40)
    assert counts.notes == [
        f"offset=40 is past the last of the {counts.total} lines: no line to count"
    ]
    import urllib.request

    with urllib.request.urlopen(f"{url}/api/search?word=bank&count=doc&k=5&offset=40") as r:
        body = json.loads(r.read())
    assert body["rows"] == [] and body["notes"] == [counts.notes[0]]  # HTTP spells offset=40
    _, _, err = run(runner, folder, "search", "bank", "--count", "doc", "-k", "5", "--offset",
                    "40", "--no-server")  # fmt: skip
    assert "none after line 40" in err and "note:" not in err  # said once, in its words
    capped = idx.count("bank", "doc", max_per_doc=1, k=3, offset=3)
    assert f"from line 4 of {len(DOCS)} lines (at most 1 per document) of" in repr(capped)
