"""Every front end says the same thing (issue 23, pass 24i): each of ~60 requests (word
search with --where ranges, alternatives and meta:FIELD, --doc, --pos, --form, --sort,
--max-per-doc, pages, examples, like/unlike, gloss, --sense with and without --senses
RUN, --label, --count, the mistakes) and 13 statistics is answered by the Python API,
the web API, the command line (JSONL and KWIC, in its own process and through `serve`)
and the shell; their totals, documents, per million, offsets, lines, sense numbers with
their runs, count rows and statistics' rows are compared, and every disagreement is
printed (exit status 1 when there is one).

    python benchmarks/front_ends_agree.py                 # all of it, about 6 minutes
    python benchmarks/front_ends_agree.py --only sense,count-sense,freq

It writes its own corpus (88 documents with year, genre, source and form, 252 sentences
with bank, spring, crane, bass, plant, mole, pitch and bow in two or three senses, each
sentence twice), indexes it with the default encoder in a temporary folder, makes two
sense runs of bank and labels five occurrences, starts `sensegrep serve` on a free port
and stops it at the end. tests/web/test_front_ends_agree.py is its fast version.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
# The repository's own code in every process (an editable install may point elsewhere).
ENV = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
ENV.pop("SENSEGREP_INDEX", None)
sys.path.insert(0, str(REPO))
IDX = ""  # set by main()
URL = ""

S = {
    "bank_river": [
        "We pulled the canoe up onto the muddy bank and ate our sandwiches.",
        "The east bank of the canal gave way after three days of rain.",
        "Kingfishers nest in burrows dug into the steep sandy bank.",
        "Cattle had trampled the bank into a slope of churned mud.",
        "She sat on the bank with her feet in the cold water.",
        "The willows on the far bank leaned low over the current.",
        "Flood defences along the north bank held through the night.",
        "Erosion is fastest on the outer bank of a meander.",
        "The path follows the bank of the stream for two miles.",
        "Otters were seen again on the bank below the weir.",
        "He scrambled up the bank, soaked to the knees.",
        "Wild garlic grows thickly on the shady bank by the mill.",
    ],
    "bank_money": [
        "The bank raised its interest rates for the third time this year.",
        "She queued at the bank for forty minutes to pay in a cheque.",
        "The central bank warned that inflation would stay high.",
        "My bank has refused the loan, so the roof will have to wait.",
        "Two regional banks announced a merger on Tuesday.",
        "He withdrew his savings from the bank and bought a boat.",
        "The bank manager wrote to say the account was overdrawn.",
        "Investors sold shares in the bank after the results.",
        "The robbers tunnelled into the bank from the cellar next door.",
        "Please ask the bank to send a statement for March.",
        "Small firms say the banks are still slow to lend.",
        "The bank's profits fell by a quarter.",
    ],
    "spring_season": [
        "In spring the orchard is white with blossom.",
        "The lambs arrive early in the spring on the hill farms.",
        "We plan to repaint the house next spring.",
        "A cold spring delayed the planting by a month.",
        "The election is expected in the spring.",
        "Spring came late that year, and the snow lay until April.",
        "The garden is at its best in late spring.",
        "Swallows return every spring to the same barn.",
    ],
    "spring_water": [
        "Villagers still fill their jugs at the spring behind the church.",
        "The water comes from a spring on the hillside and is very cold.",
        "A hot spring bubbles up beside the river in winter.",
        "They followed the stream uphill until they found the spring.",
        "The spring dried up during the drought of that summer.",
        "Mineral springs made the town famous in the last century.",
    ],
    "spring_coil": [
        "The mattress has a broken spring that digs into your back.",
        "He replaced the spring in the door latch with a stronger one.",
        "A coiled spring stores energy when it is compressed.",
        "The watch stopped because the main spring had snapped.",
        "The spring in the stapler pushes the staples forward.",
    ],
    "crane_bird": [
        "A pair of cranes danced in the marsh at dawn.",
        "The crane stood on one leg in the shallow water.",
        "Thousands of cranes stop at the lake on their way south.",
        "The call of the crane carries for miles across the wetland.",
        "Cranes returned to breed in the fens after four hundred years.",
    ],
    "crane_machine": [
        "A tower crane lifted the steel beams onto the roof.",
        "The crane operator worked high above the harbour.",
        "Strong winds stopped the cranes on the building site.",
        "The container was lowered by crane onto the quay.",
        "A crane collapsed on the construction site, injuring two workers.",
    ],
    "bass_fish": [
        "He caught a large bass from the end of the pier.",
        "Sea bass should be cooked quickly in a hot pan.",
        "Anglers must release any bass under the legal size.",
        "The lake is stocked with bass and perch.",
    ],
    "bass_music": [
        "She plays bass in a jazz trio on Fridays.",
        "The bass was turned up so loud that the windows shook.",
        "He sang the bass part in the choir for twenty years.",
        "The band needs a new bass player before the tour.",
    ],
    "plant_flora": [
        "Water the plant once a week and keep it out of direct sun.",
        "The rare plant grows only on limestone cliffs.",
        "She collected plants from the meadow for her herbarium.",
        "Tomato plants need support as the fruit ripens.",
        "The botanist named the plant after her teacher.",
    ],
    "plant_factory": [
        "The car plant will close next year with the loss of 900 jobs.",
        "A chemical leak at the plant forced the evacuation of the town.",
        "The power plant burns coal brought by rail.",
        "Workers at the plant voted to strike over pay.",
        "The company is building a new plant in the north.",
    ],
    "mole_animal": [
        "A mole has left a line of fresh hills across the lawn.",
        "The mole's tunnels run just under the surface of the field.",
        "Moles eat earthworms and are almost blind.",
        "The gardener tried everything to get rid of the mole.",
    ],
    "mole_spy": [
        "The agency suspected a mole in its Berlin office.",
        "The mole had passed secrets to Moscow for a decade.",
        "Journalists were told that a mole inside the ministry had leaked the memo.",
        "He was unmasked as a mole after twenty years of service.",
    ],
    "pitch_sport": [
        "Fans ran onto the pitch at the final whistle.",
        "The pitch was waterlogged and the match was called off.",
        "Groundsmen rolled the pitch before the test match.",
        "Both teams left the pitch to a standing ovation.",
    ],
    "pitch_sound": [
        "The singer's pitch was perfect in the high passages.",
        "Dogs can hear sounds at a pitch too high for us.",
        "The engine rose in pitch as the car accelerated.",
        "She has perfect pitch and can name any note.",
    ],
    "pitch_sales": [
        "The founders gave their pitch to a room of investors.",
        "His sales pitch was smooth but the numbers did not add up.",
        "The agency lost the pitch to a rival firm.",
    ],
    "bow_weapon": [
        "He drew the bow and loosed the arrow at the target.",
        "Archers practised with the long bow every Sunday.",
        "The hunter carried a bow and a quiver of arrows.",
    ],
    "bow_ship": [
        "Waves broke over the bow as the ferry turned into the wind.",
        "A lookout stood in the bow watching for ice.",
        "The bow of the wreck still lies on the sandbank.",
    ],
    "filler2": [
        "The committee will report its findings in the autumn.",
        "We walked for hours without seeing another person.",
        "The bridge was closed for repairs until Friday.",
        "Sales of the new model were disappointing.",
        "The survey counted birds at forty sites.",
        "My mother sends her love and asks when you will visit.",
        "The storm brought down power lines across the county.",
        "The trial heard evidence from three witnesses.",
        "Samples were taken from each of the ponds.",
        "The shop on the corner has closed at last.",
        "They argued about money until late in the evening.",
        "The paper was rejected by two journals before it was accepted.",
    ],
    "filler": [
        "The council met on Monday to discuss the budget.",
        "Rain is forecast for most of the week.",
        "The museum reopened after a long refurbishment.",
        "Prices rose faster than wages for the second year.",
        "Dear Anna, thank you for your letter and the photographs.",
        "I hope this finds you well after the long winter.",
        "The old road was washed away in the storm.",
        "Researchers measured the temperature every hour.",
        "The results were published in a short paper.",
        "The children walked to school along the lane.",
        "Nobody answered the door when we knocked.",
        "The train was late, as usual, by twenty minutes.",
        "The sample was dried and weighed again.",
        "He folded the letter and put it in his pocket.",
        "The report recommends more money for rural schools.",
        "The fog lifted by noon and the sun came out.",
        "Write soon and tell me all your news.",
        "The experiment was repeated three times.",
    ],
}


def write_corpus(path: Path) -> None:
    rng = random.Random(24)
    GENRES = ["news", "fiction", "science", "letters"]
    SOURCES = {
        "news": ["Daily Courier", "The Northern Post"],
        "fiction": ["Penguin", "Faber"],
        "science": ["Field Notes", "Journal of Ecology"],
        "letters": ["Hartley Papers"],
    }
    rng = random.Random(24)
    pool = [(k, s) for k, v in S.items() for s in v]
    # every sentence appears twice across the corpus (in different docs), shuffled
    pool = pool + pool
    rng.shuffle(pool)
    docs, i, n = [], 0, 0
    while i < len(pool):
        size = rng.choice([2, 3, 3, 4])
        sents = [s for _, s in pool[i : i + size]]
        i += size
        g = rng.choice(GENRES)
        rec = {
            "id": f"d{n:03d}",
            "text": " ".join(sents),
            "year": rng.randrange(1950, 2021),
            "genre": g,
            "source": rng.choice(SOURCES[g]),
            "form": rng.choice(["prose", "prose", "verse"]),
        }
        if n % 17 == 5:
            del rec["year"]  # a few documents without a year
        docs.append(rec)
        n += 1
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")


EX_RIVER = "we sat on the grassy [[bank]] of the river"
EX_MONEY = "she paid the cheque into the [[bank]]"
# (name, word, params in the API's keywords)
SEARCHES = [
    ("plain", "bank", {"k": 5}),
    ("where-range", "bank", {"where": {"year": "1960..1990"}, "k": 4}),
    ("where-open-range", "bank", {"where": {"year": "..1970"}, "k": 3}),
    ("where-alt", "bank", {"where": {"genre": "news,letters"}, "k": 3}),
    ("where-two", "spring", {"where": {"genre": "science", "year": "1980.."}, "k": 3}),
    ("where-meta-form", "bank", {"where": {"meta:form": "verse"}, "k": 3}),
    ("where-form-bare", "bank", {"where": {"form": "verse"}, "k": 3}),
    ("doc", "bank", {"doc": ["d010", "d022"]}),
    ("pos", "spring", {"pos": ["NOUN"], "k": 3}),
    ("pos-verb", "plant", {"pos": ["VERB"], "k": 3}),
    ("form", "banks", {"form": True}),
    ("form-case", "Spring", {"form": True, "match_case": True}),
    ("sort1", "bank", {"sort": "left1", "k": 4}),
    ("sort2", "bank", {"sort": "right1,left1", "ignore_punct": True, "k": 4, "offset": 4}),
    ("sort-doc", "crane", {"sort": "doc", "k": 3}),
    ("maxdoc", "bank", {"max_per_doc": 1, "k": 5}),
    ("maxdoc-sort", "bank", {"max_per_doc": 1, "sort": "right1", "k": 5, "offset": 30}),
    ("page2", "bank", {"k": 10, "offset": 10}),
    ("lastpage", "bank", {"k": 10, "offset": 40}),
    ("pastend", "bank", {"k": 10, "offset": 60}),
    ("example", "bank", {"example": EX_RIVER, "k": 5}),
    ("example-where", "bank", {"example": EX_MONEY, "k": 3, "where": {"genre": "news"}}),
    ("example-page", "bank", {"example": EX_RIVER, "k": 5, "offset": 20}),
    ("like-unlike", "bank", {"like": [62, 101], "unlike": [154], "k": 5}),
    (
        "unlike-example",
        "spring",
        {
            "example": "water from the [[spring]] was cold",
            "unlike_example": ["in [[spring]] the lambs arrive"],
            "k": 4,
        },
    ),
    ("gloss", "crane", {"gloss": "a large long-necked wading bird", "k": 3}),
    ("label", "bank", {"label": "shore", "k": 4}),
    ("sense", "bank", {"sense": 1, "k": 3}),
    ("sense-run1", "bank", {"sense": 1, "senses_run": 1, "k": 3}),
    ("sense-where", "bank", {"sense": 2, "where": {"genre": "fiction"}, "k": 3}),
    ("sense-example", "bank", {"sense": 1, "senses_run": 1, "example": EX_RIVER, "k": 3}),
    ("cql", "", {"cql": '[pos="ADJ"] [lemma="bank"]', "k": 5}),
    ("near", "bank", {"near": "water", "window": 8}),
    ("sample", "bank", {"sample": 5, "seed": 3}),
    ("mole", "mole", {"k": 3}),
]
COUNTS = [
    ("count-node", "bank", "node", {}),
    ("count-form", "bank", "form", {}),
    ("count-right1", "bank", "right1", {"ignore_punct": True}),
    ("count-right1-punct", "bank", "right1", {}),
    ("count-sense", "bank", "sense", {}),
    ("count-sense-run1", "bank", "sense", {"senses_run": 1}),
    ("count-genre", "bank", "genre", {}),
    ("count-meta-form", "bank", "meta:form", {}),
    ("count-genre-where", "spring", "genre", {"where": {"year": "1960..1999"}}),
    ("count-page", "bank", "doc", {"k": 5, "offset": 5}),
    ("count-ranked", "bank", "right1", {"example": EX_RIVER, "k": 10}),
    ("count-label", "bank", "label", {}),
]
MISTAKES = [
    ("err-field", "bank", {"where": {"gnre": "news"}}),
    ("err-case", "bank", {"where": {"genre": "News"}}),
    ("err-word", "bnak", {}),
    ("err-range", "bank", {"where": {"year": "3000..3100"}}),
    ("err-doc", "bank", {"doc": ["nosuch"]}),
    ("err-pos", "bank", {"pos": ["NOUNS"]}),
    ("err-sense", "bank", {"sense": 7}),
    ("err-run", "bank", {"sense": 1, "senses_run": 99}),
    ("err-label", "bank", {"label": "nosuchlabel"}),
    ("empty-combo", "bank", {"where": {"genre": "news", "year": "1950..1955"}}),
    ("err-count-field", "bank", {"count": "gnre"}),
]
# (name, statistic, params); senses_by and neighbours are handled apart
STATS = [
    ("freq", "freq", {"k": 5}),
    ("freq-punct", "freq", {"k": 5, "ignore_punct": True, "where": {"genre": "news"}}),
    ("freq-form", "freq", {"by": "form", "k": 4, "offset": 3}),
    ("freq-genre", "freq", {"by": "genre"}),
    ("freq-cql", "freq", {"cql": '[pos="ADJ"] [lemma="bank"]', "k": 4}),
    ("collocates", "collocates", {"word": "bank", "k": 5, "min_freq": 2}),
    ("collocates-sense", "collocates", {"word": "bank", "by_sense": True, "k": 3, "min_freq": 2}),
    (
        "collocates-where",
        "collocates",
        {"word": "spring", "k": 5, "min_freq": 1, "where": {"genre": "science"}},
    ),
    ("keywords", "keywords", {"where": {"genre": "letters"}, "k": 5}),
    (
        "keywords-ref",
        "keywords",
        {"where": {"genre": "news"}, "reference_where": {"genre": "fiction"}, "k": 5},
    ),
    ("sketch", "sketch", {"word": "bank"}),
    ("freq-empty", "freq", {"min_freq": 10000}),
    ("freq-pastend", "freq", {"k": 5, "offset": 100000}),
]


def cli_args(word: str, params: dict, search: bool = True) -> list[str]:
    args = [word] if word else []
    for key, value in params.items():
        if key == "word":
            args.insert(0, value)
            continue
        flag = {"senses_run": "--senses", "k": "-k"}.get(key, "--" + key.replace("_", "-"))
        if isinstance(value, bool):
            if value:
                args.append(flag)
        elif isinstance(value, dict):
            args += [a for f, v in value.items() for a in (flag, f"{f}={v}")]
        elif isinstance(value, list):
            args += [a for v in value for a in (flag, str(v))]
        else:
            args += [flag, str(value)]
    return args


def http_query(params: dict) -> list[tuple[str, str]]:
    q = []
    for key, value in params.items():
        if key == "senses_run":
            key = "senses"
        if isinstance(value, bool):
            q.append((key, "true" if value else "false"))
        elif isinstance(value, dict):
            q += [(key, f"{f}={v}") for f, v in value.items()]
        elif isinstance(value, list):
            q += [(key, str(v)) for v in value]
        else:
            q.append((key, str(value)))
    return q


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    p = subprocess.run(
        [PY, "-c", "from sensegrep.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=ENV,
        input=stdin,
        timeout=600,
    )
    return p.returncode, p.stdout, p.stderr


NUM = r"([\d,]+(?:\.\d+)?)"
HEAD = re.compile(
    r"(?:ranked )?(?P<total>[\d,]+) (?:match(?:es)?|occurrences?)(?: with a sense vector,)? in "
    r"(?P<docs>[\d,]+) documents?; "
    + NUM.replace("(", "(?P<pm>", 1)
    + r" per million tokens \((?P<tokens>[\d,]+) tokens\)"
    r"(?:; (?P<pms>[\d,.]+) per million in the filtered subcorpus \((?P<stokens>[\d,]+) tokens\))?"
)
LINES = re.compile(r"lines (\d+)-(\d+)")


def _n(text: str | None) -> float | None:
    return None if text is None else float(text.replace(",", ""))


def parse_header(text: str) -> dict:
    out: dict = {}
    run_of = re.search(r"sense \d+ of sense run (\d+): ", text)
    if run_of:
        out["sense_run"] = int(run_of[1])
    m = HEAD.search(text)
    if m:
        out.update(
            total=int(_n(m["total"])),
            documents=int(_n(m["docs"])),
            per_million=_n(m["pm"]),
            tokens=int(_n(m["tokens"])),
            per_million_subcorpus=_n(m["pms"]),
            subcorpus_tokens=None if m["stokens"] is None else int(_n(m["stokens"])),
        )
        lm = LINES.search(text[m.end() :])
        if lm:
            out["offset"] = int(lm[1]) - 1
    return out


def norm_hits(hits: list[dict], head: dict) -> dict:
    out = dict(head)
    out["ids"] = [h["id"] for h in hits]
    out["senses"] = [(h.get("sense"), h.get("sense_run")) for h in hits]
    return out


def error_line(stderr: str) -> str | None:
    for line in stderr.splitlines():
        if line.startswith(("Error: ", "error: ")):
            return line.split(": ", 1)[1]
    return None


def cli_search(word: str, params: dict, mode: str) -> dict:
    args = ["--index", IDX, "search", *cli_args(word, params)]
    if mode == "server":
        args += ["--server", URL + "/"]
    else:
        args += ["--no-server"]
    fmt = "kwic" if mode == "kwic" else "jsonl"
    rc, out, err = run([*args, "--format", fmt, "--width", "200"])
    return parse_cli_output(rc, out, err, fmt, "count" in params)


def parse_cli_output(rc: int, out: str, err: str, fmt: str, counting: bool) -> dict:
    res: dict = {"rc": rc, "error": error_line(err)}
    if counting and fmt == "kwic":
        res["rows"] = parse_count_table(out)
        res.update(parse_header(err))
        res["stderr"] = err.strip()
        return res
    if counting:
        rows = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
        res["rows"] = [
            (
                r.get("value"),
                r.get("count"),
                r.get("per_million"),
                r.get("per_million_subcorpus"),
                r.get("sense_run"),
            )
            for r in rows
        ]
        res.update(parse_header(err))
        res["stderr"] = err.strip()
        return res
    if fmt == "kwic":
        lines = out.splitlines()
        head = " ".join(x for x in lines if x.startswith("# "))
        res.update(parse_header(head or err))
        res["ids"] = [
            int(x.split()[0])
            for x in lines
            if x.strip() and not x.startswith("#") and x.split()[0].isdigit()
        ]
    else:
        hits = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
        res.update(norm_hits(hits, parse_header(err)))
    res["stderr"] = err.strip()
    return res


def parse_count_table(out: str) -> list[tuple]:
    lines = out.splitlines()
    if not lines:
        return []
    heads = re.split(r"\s{2,}", lines[0].strip())
    rows = []
    for line in lines[1:]:
        cells = re.split(r"\s{2,}", line.strip(), maxsplit=len(heads) - 1)
        cell = dict(zip(heads, cells, strict=False))
        value = cells[-1]
        run = None
        m = re.fullmatch(r".* (\d+) \(run (\d+)\)", value)
        if m:
            value, run = int(m[1]), int(m[2])
        pm = cell.get("per million of the index")
        pms = cell.get("of the subcorpus")
        rows.append((value, int(cell["count"].replace(",", "")), _n(pm), _n(pms), run))
    return rows


def http_get(path: str, q: list[tuple[str, str]]) -> tuple[int, dict]:
    url = URL + path + "?" + urllib.parse.urlencode(q)
    try:
        with urllib.request.urlopen(url, timeout=300) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def http_search(word: str, params: dict) -> dict:
    q = ([("word", word)] if word else []) + http_query(params)
    status, d = http_get("/api/search", q)
    res: dict = {"rc": 0 if status == 200 else 1, "error": d.get("error")}
    if "count" in params:
        res["rows"] = [
            (
                r.get("value"),
                r.get("count"),
                r.get("per_million"),
                r.get("per_million_subcorpus"),
                r.get("sense_run"),
            )
            for r in d.get("rows", [])
        ]
    for key in TOTALS:
        if key in d:
            res[key] = d[key]
    if "hits" in d:
        res.update(norm_hits(d["hits"], {}))
    res["notes"] = d.get("notes")
    res["why_empty"] = d.get("why_empty")
    return res


_IDX = None
# The figures of a result every front end gives (JSON fields, API attributes).
TOTALS = (
    "total",
    "documents",
    "per_million",
    "per_million_subcorpus",
    "tokens",
    "subcorpus_tokens",
    "offset",
    "lines_available",
    "sense_run",
)


def api_index():
    global _IDX
    if _IDX is None:
        import sensegrep

        _IDX = sensegrep.open(IDX)
    return _IDX


def api_search(word: str, params: dict) -> dict:
    from sensegrep import SensegrepError

    idx = api_index()
    params = dict(params)
    by = params.pop("count", None)
    try:
        found = idx.count(word, by, **params) if by else idx.search(word, **params)
    except SensegrepError as exc:
        return {"rc": 1, "error": str(exc)}
    res: dict = {"rc": 0, "error": None}
    for key in TOTALS:
        res[key] = getattr(found, key, None)
    if by:
        res["rows"] = [
            (
                r.get("value"),
                r.get("count"),
                r.get("per_million"),
                r.get("per_million_subcorpus"),
                r.get("sense_run"),
            )
            for r in found
        ]
    else:
        res.update(norm_hits(found.to_dicts(), {}))
    res["notes"] = list(found.notes)
    res["why_empty"] = found.why_empty
    return res


def shell_batch(items: list[tuple[str, str, dict]]) -> dict[str, dict]:
    """One shell for every item: `:format jsonl`, and a marker between answers (an unknown
    setting, said on stderr, merged into stdout in order)."""
    script = [":format jsonl"]
    for name, word, params in items:
        script.append(f":mark-{name}")
        script.append(shlex.join(cli_args(word, params)))
    script.append(":mark-END")
    p = subprocess.run(
        [PY, "-c", "from sensegrep.cli import main; main()", "--index", IDX, "shell"],
        input="\n".join(script) + "\n",
        capture_output=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
        timeout=1200,
    )
    parts = re.split(r"unknown setting ':mark-([\w-]+)'; :help lists them\n", p.stdout)
    out = {}
    for i in range(1, len(parts) - 1, 2):
        name, text = parts[i], parts[i + 1]
        if name == "END":
            continue
        text = text.replace("sensegrep> ", "")
        hits = [x for x in text.splitlines() if x.startswith("{")]
        rest = "\n".join(x for x in text.splitlines() if not x.startswith("{"))
        counting = "count" in dict((n, p) for n, _, p in items)[name]
        res = parse_cli_output(
            1 if error_line(rest) else 0, "\n".join(hits), rest, "jsonl", counting
        )
        out[name] = res
    return out


# What every front end's answer is compared on: its exit status, its TOTALS, its lines.
KEYS = ("rc", *TOTALS, "ids", "senses", "rows")


def compare(name: str, results: dict[str, dict]) -> list[str]:
    problems = []
    ref_name = "api"
    ref = results[ref_name]
    for fe, res in results.items():
        if fe == ref_name:
            continue
        for key in KEYS:
            if key not in res or key not in ref:
                continue
            if fe == "kwic" and key == "senses":
                continue
            a, b = ref[key], res[key]
            if key == "rows" and a is not None and b is not None:
                a = [tuple(x) for x in a]
                b = [tuple(x) for x in b]
            if a != b:
                problems.append(f"{name}: {key}: api={a!r} {fe}={b!r}")
        if (ref.get("error") is None) != (res.get("error") is None):
            problems.append(f"{name}: error: api={ref.get('error')!r} {fe}={res.get('error')!r}")
    return problems


STAT_META = ("rows", "offset", "tokens", "corpus_tokens", "by", "kind")


def api_stat(stat: str, params: dict) -> dict:
    from sensegrep import SensegrepError

    idx = api_index()
    try:
        table = getattr(idx, stat)(**params)
    except SensegrepError as exc:
        return {"rc": 1, "error": str(exc)}
    res = {"rc": 0, "error": None, "table": [dict(r) for r in table], "notes": list(table.notes)}
    for key in STAT_META:
        res[key] = getattr(table, key, None)
    return res


def http_stat(stat: str, params: dict) -> dict:
    status, d = http_get(f"/api/stats/{stat}", http_query(params))
    res = {
        "rc": 0 if status == 200 else 1,
        "error": d.get("error"),
        "table": d.get("table"),
        "notes": d.get("notes"),
    }
    for key in STAT_META:
        res[key] = d.get(key)
    return res


SUMMARY = re.compile(
    r"(?P<rows>[\d,]+) rows?(?:, (?P<a>\d+)-(?P<b>\d+) shown)?.*counted in "
    r"(?P<tokens>[\d,]+) tokens"
)


def parse_stat_cli(rc: int, out: str, err: str) -> dict:
    res: dict = {"rc": rc, "error": error_line(err), "stderr": err.strip()}
    res["table"] = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    m = SUMMARY.search(err)
    if m:
        res["rows"] = int(_n(m["rows"]))
        res["tokens"] = int(_n(m["tokens"]))
        if m["a"]:
            res["offset"] = int(m["a"]) - 1
    return res


def cli_stat(stat: str, params: dict) -> dict:
    rc, out, err = run(["--index", IDX, stat, *cli_args("", params), "--format", "jsonl"])
    return parse_stat_cli(rc, out, err)


def shell_stats(items) -> dict:
    script = []
    for name, stat, params in items:
        script.append(f":mark-{name}")
        script.append(shlex.join([stat, *cli_args("", params), "--format", "jsonl"]))
    script.append(":mark-END")
    p = subprocess.run(
        [PY, "-c", "from sensegrep.cli import main; main()", "--index", IDX, "shell"],
        input="\n".join(script) + "\n",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
        timeout=1200,
    )
    parts = re.split(r"unknown setting ':mark-([\w-]+)'; :help lists them\n", p.stdout)
    out = {}
    for i in range(1, len(parts) - 1, 2):
        name, text = parts[i], parts[i + 1].replace("sensegrep> ", "")
        if name == "END":
            continue
        hits = "\n".join(x for x in text.splitlines() if x.startswith("{"))
        rest = "\n".join(x for x in text.splitlines() if not x.startswith("{"))
        out[name] = parse_stat_cli(1 if error_line(rest) else 0, hits, rest)
    return out


def stat_compare(name: str, results: dict) -> list[str]:
    problems = []
    ref = results["api"]
    for fe, res in results.items():
        if fe == "api":
            continue
        for key in ("rc", "table", "rows", "offset", "tokens"):
            if res.get("error") or ref.get("error"):
                continue
            if key in res and res[key] is not None and res[key] != ref.get(key):
                a, b = ref.get(key), res[key]
                if key == "table":
                    pairs = zip(a or [], b or [], strict=False)
                    diff = [(x, y) for x, y in pairs if x != y][:2]
                    problems.append(
                        f"{name}: table: api has {len(a or [])} rows, {fe} {len(b)}; "
                        f"first diffs {diff}"
                    )
                else:
                    problems.append(f"{name}: {key}: api={a!r} {fe}={b!r}")
        if (ref.get("error") is None) != (res.get("error") is None):
            problems.append(f"{name}: error: api={ref.get('error')!r} {fe}={res.get('error')!r}")
    return problems


def setup(folder: Path) -> None:
    """The corpus indexed with the default encoder, two sense runs of bank (run 1 with
    the number of senses chosen, run 2 with 3: the current one), five labels."""
    write_corpus(folder / "corpus.jsonl")
    steps = [
        ["index", str(folder / "corpus.jsonl")],
        ["senses", "bank"],
        ["senses", "bank", "--n", "3"],
        ["senses", "spring"],
        ["label", "62", "101", "454", "--as", "shore"],
        ["label", "1943", "154", "--as", "money"],
    ]
    for step in steps:
        code, _, err = run(["--index", IDX, *step])
        if code:
            sys.exit(f"setup failed: sensegrep {shlex.join(step)}: {err.strip()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(only: set[str]) -> tuple[list[str], int]:
    """Every request through every front end; the disagreements, and how many asked."""
    items = [(n, w, p) for n, w, p in SEARCHES + MISTAKES] + [
        (n, w, {**p, "count": by}) for n, w, by, p in COUNTS
    ]
    items = [i for i in items if not only or i[0] in only]
    results: dict[str, dict[str, dict]] = {n: {} for n, _, _ in items}
    for n, w, p in items:
        results[n]["api"] = api_search(w, p)
        results[n]["http"] = http_search(w, p)
    shell = shell_batch(items) if items else {}
    for n in results:
        results[n]["shell"] = shell.get(n, {"rc": None, "error": "no shell output"})

    def cli(item: tuple) -> tuple[str, dict]:
        n, w, p = item
        return n, {m: cli_search(w, p, m) for m in ("jsonl", "kwic", "server")}

    with ThreadPoolExecutor(2) as pool:
        for n, got in pool.map(cli, items):
            results[n].update(got)
    problems = [x for n in results for x in compare(n, results[n])]
    stats = [i for i in STATS if not only or i[0] in only]
    table = {
        n: {"api": api_stat(s, p), "http": http_stat(s, p), "cli": cli_stat(s, p)}
        for n, s, p in stats
    }
    for n, got in (shell_stats(stats) if stats else {}).items():
        table[n]["shell"] = got
    problems += [x for n in table for x in stat_compare(n, table[n])]
    return problems, len(items) + len(stats)


def main() -> None:
    global IDX, URL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated request names")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else set()
    with tempfile.TemporaryDirectory(prefix="front-ends-") as tmp:
        IDX = str(Path(tmp) / "idx")
        started = time.monotonic()
        setup(Path(tmp))
        port = free_port()
        server = subprocess.Popen(
            [PY, "-c", "from sensegrep.cli import main; main()", "--index", IDX, "serve",
             "--port", str(port)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        URL = f"http://127.0.0.1:{port}"
        try:
            _wait_for(URL)
            problems, asked = answers(only)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("\n".join(problems) or "every front end agrees")
    print(f"{asked} requests, {len(problems)} disagreements, {time.monotonic() - started:.0f} s")
    sys.exit(1 if problems else 0)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/info", timeout=5).close()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    sys.exit(f"the server at {url} did not start")


if __name__ == "__main__":
    main()
