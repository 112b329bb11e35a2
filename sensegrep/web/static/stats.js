// The statistics page: one tab per statistic of /api/stats/NAME. Its form is drawn from
// the parameters the statistic declares (GET /api/stats: sensegrep/request.py's
// STATISTICS), so a statistic added there appears here with no code of its own. The
// address holds the query (/stats/NAME?…); the answer is a table sortable within its
// page, paged by offset and k, a bar chart of its best rows, the rows grouped by
// relation (word sketches) or by sense side by side, and from each count its lines:
// the search page with the parameters the row carries (search, cql) or that its item
// gives, or the exact occurrences a row lists.
"use strict";

const tabs = document.getElementById("stat-tabs");
const NAME = tabs.dataset.current;
const form = document.getElementById("stat-form");
const fieldsBox = document.getElementById("stat-fields");
const statusLine = document.getElementById("status");
const table = document.getElementById("stat-table");
const PAGE_ROWS = 100;  // rows per page until the user asks for another number
const CHART_BARS = 20;
const LINES_SHOWN = 50;  // a row's exact occurrences shown at most
// The field a row's lines reproduce, the first a row has: collocates' lines (nodes
// with the collocate near), keywords' focus_freq, freq's and sketch's freq.
const COUNT_FIELDS = ["lines", "focus_freq", "freq", "count"];
const LABEL_FIELDS = ["item", "collocate", "word"];
const number = new Intl.NumberFormat("en");

let declared = [];  // this statistic's parameters, as GET /api/stats gives them
let paged = false;  // the statistic declares offset: the page turns pages
let answer = null;  // the last answer of /api/stats/NAME
let asked = null;  // the parameters it answered
let sorting = { column: "", descending: true };

// -- the form, from the declaration

function label(name) { return name.replaceAll("_", " "); }

// What a column of a count by a metadata field is of, said under its header as `search
// --count FIELD` says it: "per million value" read as of the index, or of the value typed.
function dividesBy(column) {
  if (column !== "per_million_value" && column !== "value_tokens") return "";
  const field = (answer.by || "").replace(/^meta:/, "");
  const inside = asked.get("where") || asked.get("doc") ? " in the subcorpus" : "";
  const of = `the documents with the row's ${field}${inside}`;
  return column === "value_tokens" ? `tokens of ${of}` : `per million tokens of ${of}`;
}

function control(param) {
  const id = `f-${param.name}`;
  let input;
  if (param.kind === "bool") {
    input = el("input");
    input.type = "checkbox";
  } else if (param.choices.length && !param.repeat && !param.separator) {
    input = el("select");
    if (param.default === null) input.append(option("", "(none)"));
    for (const choice of param.choices) input.append(option(choice, choice));
  } else if (["int", "float", "id"].includes(param.kind)) {
    input = el("input", null, "num");
    input.type = "number";
    input.step = param.kind === "float" ? "any" : "1";
    if (param.least !== null) input.min = String(param.least);
    if (param.most !== null) input.max = String(param.most);
  } else {
    input = el("input");
    if (param.length !== null) input.maxLength = param.length;
    if (param.kind === "where") input.setAttribute("list", "where-values");
    if (param.choices.length) input.setAttribute("list", choicesList(param));
  }
  input.id = id;
  input.name = param.name;
  input.setAttribute("aria-describedby", `help-${param.name}`);
  input.placeholder = placeholder(param);
  const cell = el("label", null, param.kind === "bool" ? "check-cell" : "");
  cell.htmlFor = id;
  cell.title = param.help;
  const name = param.name === "k" && paged ? "rows per page (k)" : label(param.name);
  if (param.kind === "bool") {
    const line = el("span", null, "check");
    line.append(input, " " + name);
    cell.append(el("span", "\u00a0"), line);
  } else {
    cell.append(el("span", name), input);
  }
  return cell;
}

function option(value, text) {
  const o = el("option", text);
  o.value = value;
  return o;
}

// Several choices joined (measure=logdice,mi): suggested, typed as text.
function choicesList(param) {
  const list = el("datalist");
  list.id = `choices-${param.name}`;
  for (const choice of param.choices) list.append(option(choice, choice));
  form.append(list);
  return list.id;
}

function placeholder(param) {
  if (param.kind === "bool" || (param.choices.length && !param.repeat && !param.separator)) return "";
  if (param.name === "k") return paged ? String(PAGE_ROWS) : "all";
  const shown = param.default !== null && param.default !== false ? String(param.default)
    : param.kind === "where" ? "FIELD=VALUE" : (param.metavar || "");
  // A metavar of several words names the values in turn (change's between, "A B" on the
  // command line, one option with two words): here they are one box's values, "A; B".
  if (param.repeat && /\s/.test(shown)) return shown.split(/\s+/).join("; ");
  return param.repeat ? `${shown || "…"}; … (several)` : shown;
}

function drawForm(statistic) {
  const line = document.getElementById("stat-summary");
  line.textContent = statistic.summary;
  line.title = statistic.summary;
  fieldsBox.replaceChildren();
  const help = document.getElementById("stat-help-list");
  help.replaceChildren();
  for (const param of declared) {
    if (param.name === "offset" && paged) continue;  // the pager's
    fieldsBox.append(control(param));
    const term = el("dt", label(param.name));
    const text = el("dd", param.help + (param.repeat ? " Several: separate them with ;" : ""));
    text.id = `help-${param.name}`;
    help.append(term, text);
  }
}

function input(name) { return form.elements.namedItem(name); }

function isDefault(param, value) {
  return param.default !== null && String(param.default) === value;
}

// The query as the form shows it (a declared default left out, so the address stays
// short; a paged statistic always sends k, the page's size).
function paramsFromForm() {
  const p = new URLSearchParams();
  for (const param of declared) {
    const box = input(param.name);
    if (!box) continue;
    if (param.kind === "bool") {
      if (box.checked !== Boolean(param.default)) p.append(param.name, String(box.checked));
      continue;
    }
    const value = box.value.trim();
    if (param.repeat) {
      for (const one of value.split(";")) if (one.trim()) p.append(param.name, one.trim());
    } else if (param.name === "k" && paged) {
      p.append("k", value || String(PAGE_ROWS));  // 0 is refused by the API, as on the search page
    } else if (value && !isDefault(param, value)) {
      p.append(param.name, value);
    }
  }
  if (pinned && p.get("senses_run") === pinned.run && wordsOf(p) !== pinned.of) p.delete("senses_run");
  return p;
}

function fillForm(p) {
  for (const param of declared) {
    const box = input(param.name);
    if (!box) continue;
    // Its other spellings too (docs=, senses= as the senses page writes a run), in the
    // address's order: a route takes them, and the form dropped them unsaid.
    const names = [param.name, ...(param.aliases || [])];
    const given = [...p].filter(([key]) => names.includes(key)).map(([, value]) => value);
    if (param.kind === "bool") {
      box.checked = given.length ? ["true", "1", "yes", "on"].includes(given.at(-1).toLowerCase()) : Boolean(param.default);
    } else if (param.repeat) {
      box.value = given.join("; ");
    } else if (given.length) {
      box.value = given.at(-1);
    } else if (param.name === "k" && paged) {
      box.value = String(PAGE_ROWS);
    } else {
      box.value = box.tagName === "SELECT" && param.default !== null ? String(param.default) : "";
    }
  }
}

// -- asking

function offsetOf(p) { return Math.max(0, Number(p.get("offset")) || 0); }

// The counts asked so far: only the newest draws its answer (a slow one answered after a
// later one drew its rows under the later one's address and form).
let runs = 0;

async function run(address, push) {
  if (push) history.pushState(null, "", `/stats/${NAME}?${address}`);
  say("Counting…");
  const mine = ++runs;
  const typed = JSON.stringify([...new FormData(form)]);
  try {
    const data = await api(`/api/stats/${NAME}?${address}`);
    if (mine !== runs) return;
    pinSenseRun(address, data);
    moved = indexChanged(answer, asked, data, address);
    answer = data;
    asked = address;
    sorting = { column: "", descending: true };
    draw();
    // Not out of a box typed in since the count was asked (its next letters went nowhere).
    const edited = JSON.stringify([...new FormData(form)]) !== typed;
    if (document.activeElement && form.contains(document.activeElement) && !edited) document.activeElement.blur();
  } catch (error) {
    if (mine !== runs) return;
    clearResults();
    say(errorText(error, form), true);
  }
}

// No rows, pages, downloads or chart: nothing is shown that the form does not ask.
function clearResults() {
  answer = null;
  for (const id of ["pager", "downloads", "chart", "grid-view", "lines-panel", "stat-table"]) {
    document.getElementById(id).hidden = true;
  }
  document.getElementById("about").textContent = "";
  document.getElementById("sort-note").textContent = "";
}

// The sense run a page of a word's senses was counted in (collocates by sense), kept in
// the address: the next page meant the word's current run, another clustering once
// another process pinned another (senses --use) meanwhile ("rows 4-6 of each sense" of
// run 2 after rows 1-3 of run 1, its sense 1 the other's sense 2), as the search page
// keeps it. Key senses name each word's run in sense_runs: one word's is kept the same
// way (its next page was of the run made current since, "rows 3-3 of 3" after "rows 1-2
// of 3"); several words' cannot be, as senses_run names one word's run.
function pinSenseRun(address, data) {
  const runs = data.sense_runs && typeof data.sense_runs === "object" ? Object.values(data.sense_runs) : [];
  const run = data.sense_run ?? (runs.length === 1 ? runs[0] : null);
  if (run === null || run === undefined || address.get("senses_run")) return;
  if (!declared.some((param) => param.name === "senses_run")) return;
  address.set("senses_run", String(run));
  const box = input("senses_run");
  if (box) box.value = String(run);
  pinned = { run: String(run), of: wordsOf(address) };
  history.replaceState(null, "", `/stats/${NAME}?${address}`);
}

// The run kept above is of the words asked: another word typed in the form is counted in
// its own current run, not refused as "sense run 4 is of 'seal', not 'pitch'".
let pinned = null;
function wordsOf(p) { return JSON.stringify(["word", "cql", "key_senses"].map((name) => p.getAll(name))); }

// The pages of one list are read one request each: when another process adds or removes
// documents between two of them, the rows move, and the next page's offset skips or
// repeats some ("rows 51-100 of 173" after "rows 1-50 of 170", unsaid; pass 25y), as the
// search page says (its MOVED).
let moved = false;
const MOVED = "the index changed since the previous page (another process added or removed documents, or labelled occurrences a label count reads): the rows have moved, so the pages before this one may not line up with it; start again from the first page to see each row once";

function indexChanged(previous, previousAddress, data, address) {
  if (!previous || !previous.index_state || !data.index_state || previous.index_state === data.index_state) return false;
  const without = (p) => { const q = new URLSearchParams(p); q.delete("offset"); q.sort(); return q.toString(); };
  return without(previousAddress) === without(address);
}

function say(text, bad) {
  statusLine.textContent = text;
  statusLine.className = bad ? "error" : "";
}

function plural(n, one, many) { return `${number.format(n)} ${n === 1 ? one : many || one + "s"}`; }

function perSense() {
  return asked.get("by_sense") === "true" && answer.table.some((row) => "sense" in row);
}

// "rows 1–100 of 2,345; counted in 1,234,567 tokens (a subcorpus of the index's …)"
function summary() {
  const a = answer;
  const counted = `counted in ${plural(a.tokens, "token")}` +
    (a.tokens < a.corpus_tokens ? ` (a subcorpus of the index's ${number.format(a.corpus_tokens)})` : "");
  if (a.rows === 0) return `no rows; ${counted}`;
  if (a.count === 0) {
    const most = pagedRows() < a.rows ? `, at most ${number.format(pagedRows())} of a sense` : "";
    return `no rows from ${number.format(a.offset + 1)} (${plural(a.rows, "row")} in all${most}); ${counted}`;
  }
  // A sketch cut by k lists the best k of each relation: "8 of 32 rows", as the CLI says.
  // By sense, k of each relation's senses ("the best of each relation" read as one row
  // a relation beside two rows of modifier, sense 1's and sense 2's).
  if (!paged && a.rows_in_all > a.rows) {
    const each = a.table.some((row) => "sense" in row) ? " and sense" : "";
    return `${number.format(a.rows)} of ${plural(a.rows_in_all, "row")} (k: the best of each relation${each}); ${counted}`;
  }
  if (!paged) return `${plural(a.rows, "row")}; ${counted}`;
  const k = pageSize();
  if (perSense()) {
    const most = Math.max(...Object.values(groupBy(a.table, "sense")).map((rows) => rows.length));
    return `rows ${number.format(a.offset + 1)}–${number.format(a.offset + Math.min(k, most))} of each sense (${plural(a.rows, "row")} in all); ${counted}`;
  }
  return `rows ${number.format(a.offset + 1)}–${number.format(a.offset + a.count)} of ${number.format(a.rows)}; ${counted}`;
}

// What else the answer says (the reference corpus, the measures, the window…).
const TABLE_FIELDS = ["kind", "by", "tokens", "corpus_tokens", "rows", "offset", "count", "table", "index_state"];
function about() {
  const parts = [];
  for (const [name, value] of Object.entries(answer)) {
    if (TABLE_FIELDS.includes(name) || value === null || value === "" || value === undefined) continue;
    const said = name === "notes" ? value.filter((note) => !PAST_THE_END.test(note)) : value;
    if (Array.isArray(said) && !said.length) continue;
    parts.push(`${label(name)}: ${shown(said)}`);
  }
  return parts.join(" · ");
}

function shown(value) {
  if (Array.isArray(value)) return value.map(shown).join(", ");
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).map(([k, v]) => `${k}: ${shown(v)}`).join(", ");
  }
  return typeof value === "number" ? decimalText(value) : String(value);
}

function pageSize() { return Number(asked.get("k")) || PAGE_ROWS; }

function pager() {
  const nav = document.getElementById("pager");
  nav.hidden = !paged || answer.rows === 0;
  if (nav.hidden) return;
  const k = pageSize();
  const rows = pagedRows();
  const more = answer.offset + k < rows;
  // An address past the end (offset=5000 of 1,786 rows) said "page 501 of 179".
  document.getElementById("page-indicator").textContent = pageIndicator(answer.offset, k, rows);
  document.getElementById("prev-page").disabled = answer.offset <= 0;
  document.getElementById("next-page").disabled = !more;
}

// The rows the pages run through: a table by sense pages each sense's rows side by side,
// so its pages are those of its largest sense (rows_per_sense), not of all its rows (its
// last page offered Next, to an empty "page 4 of 4").
function pagedRows() {
  const sizes = Object.values(answer.rows_per_sense || {});
  return asked.get("by_sense") === "true" && sizes.length ? Math.max(...sizes) : answer.rows;
}

function turn(step) {
  if (!answer || !paged) return;
  const p = new URLSearchParams(asked);
  const k = pageSize();
  // Back from past the end goes to the last page, as on the search page (it went back
  // one page at a time through empty pages).
  const last = Math.max(0, Math.ceil(pagedRows() / k) - 1) * k;
  const offset = step > 0 ? answer.offset + k : Math.min(last, Math.max(0, answer.offset - k));
  if (offset === answer.offset) return;
  if (offset > 0) p.set("offset", String(offset)); else p.delete("offset");
  // The boxes show the query paged, not an edit not counted (they said "by form" over
  // the next page of the lemmas), as the search page's pages do.
  fillForm(p);
  run(p, true);
}

// This page of rows, and all of them (a download without k has every row).
function downloads() {
  const all = new URLSearchParams(asked);
  all.delete("k");
  all.delete("offset");
  for (const format of ["csv", "jsonl"]) {
    for (const [id, base] of [[`download-${format}`, asked], [`download-all-${format}`, all]]) {
      const p = new URLSearchParams(base);
      p.set("format", format);
      document.getElementById(id).href = `/api/stats/${NAME}?${p}`;
    }
  }
  // The files without k hold every row: a sketch's rows_in_all, not the best k of each.
  document.getElementById("download-total").textContent = plural(answer.rows_in_all ?? answer.rows, "row");
  document.getElementById("downloads").hidden = answer.rows === 0;
}

// -- the rows

// The fields shown as columns: those of plain values (a row's search request and its
// occurrences become its links), leaving out a field empty in every row.
function columnsOf(rows) {
  const names = [];
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (!names.includes(name) && value !== null && typeof value !== "object") names.push(name);
    }
  }
  const order = Object.keys(rows[0] || {});
  return names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function countField(columns) { return COUNT_FIELDS.find((name) => columns.includes(name)) || ""; }

function isNumeric(column) {
  return answer.table.some((row) => typeof row[column] === "number") &&
    answer.table.every((row) => row[column] === null || typeof row[column] === "number");
}

// The measure the rows are sorted by: the one the answer names (measure, measures),
// else the one asked for or declared by default, else logDice where rows have it (word
// sketches), else the count.
function measureColumn(columns) {
  const plain = (text) => text.replaceAll("_", "").toLowerCase();
  const defaultOf = (name) => (declared.find((param) => param.name === name) || {}).default;
  const named = [
    answer.measure, (answer.measures || [])[0], (asked.get("measure") || "").split(",")[0].trim(),
    defaultOf("measure"), asked.get("sort"), defaultOf("sort"), "logdice",
  ];
  for (const wanted of named) {
    if (typeof wanted !== "string" || !wanted) continue;
    const found = columns.find((name) => plain(name) === plain(wanted) && isNumeric(name));
    if (found) return found;
  }
  return countField(columns);
}

function rowLabel(row) {
  const name = LABEL_FIELDS.find((field) => typeof row[field] === "string");
  let text = name ? metaText(row[name]) : String(Object.values(row).find((v) => typeof v === "string") ?? "");
  if (typeof row.relation === "string") text += ` (${row.relation})`;
  if (row.sense !== undefined && row.sense !== null) text += ` · sense ${row.sense}`;
  return text;
}

function sortedRows() {
  const rows = [...answer.table];
  const { column, descending } = sorting;
  if (!column) return rows;
  const sign = descending ? -1 : 1;
  rows.sort((a, b) => {
    const x = a[column], y = b[column];
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === "number" && typeof y === "number") return sign * (x - y);
    return sign * String(x).localeCompare(String(y));
  });
  return rows;
}

function cellText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? number.format(value) : decimalText(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

function draw() {
  say(summary() + (moved ? ` · note: ${MOVED}` : ""));
  document.getElementById("about").textContent = about();
  pager();
  downloads();
  document.getElementById("lines-panel").hidden = true;
  linesAsked += 1;  // nor do the lines of a row of the rows before come into it later
  drawTable();
  drawGrid();
  drawChart();
}

function drawTable() {
  const rows = sortedRows();
  const columns = columnsOf(answer.table);
  const count = countField(columns);
  const head = document.getElementById("stat-head");
  head.replaceChildren();
  for (const column of columns) {
    const th = el("th", null, isNumeric(column) ? "num" : "");
    th.setAttribute("aria-sort", sorting.column !== column ? "none" : sorting.descending ? "descending" : "ascending");
    const b = el("button", label(column), "sort");
    b.type = "button";
    b.dataset.column = column;
    b.title = `sort this page's rows by ${label(column)}`;
    b.addEventListener("click", () => sortBy(column));
    th.append(b);
    const divides = dividesBy(column);
    if (divides) {
      th.append(el("br"), el("span", divides, "muted"));
      th.title = divides;
    }
    head.append(th);
  }
  head.append(el("th", "concordance"));
  const body = document.getElementById("stat-rows");
  body.replaceChildren();
  for (const row of rows) {
    const tr = el("tr");
    for (const column of columns) {
      const td = el("td", null, typeof row[column] === "number" ? "num" : "");
      td.dataset.column = column;
      if (column === count || groupLink(row, column)) td.append(countLink(row, row[column], column));
      // A row's item as `freq --by FIELD` writes it: '' a value written empty (a blank cell).
      else td.textContent = LABEL_FIELDS.includes(column) ? metaText(row[column]) : cellText(row[column]);
      tr.append(td);
    }
    tr.append(linesCell(row));
    body.append(tr);
  }
  table.hidden = rows.length === 0;
  const note = document.getElementById("sort-note");
  note.textContent = "";
  if (sorting.column && rows.length) {
    const order = `sorted by ${label(sorting.column)}${sorting.descending ? ", largest first" : ", smallest first"}`;
    note.textContent = answer.rows > answer.count
      ? `${order}, within this page of ${plural(answer.count, "row")} (the ${number.format(answer.rows)} rows are paged in the statistic's own order)`
      : order;
  }
}

function sortBy(column) {
  const numeric = isNumeric(column);
  if (sorting.column === column) sorting.descending = !sorting.descending;
  else sorting = { column, descending: numeric };
  drawTable();
  drawChart();
  const button = table.querySelector(`button.sort[data-column="${CSS.escape(column)}"]`);
  if (button) button.focus();
}

// -- from a count to its lines

function searchHref(p) { return "/?" + p.toString(); }

// The request's subcorpus (where, doc), which every count is of.
function subcorpus(p) {
  for (const name of ["where", "doc"]) for (const value of asked.getAll(name)) p.append(name, value);
  return p;
}

function cqlValue(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/"/g, '\\"');
}

// {href, exact, title} of the search page showing a row's lines, or null. exact: it
// shows as many lines as the row's count says.
function linkOf(row) {
  if (row.search && typeof row.search === "object") {
    const p = new URLSearchParams();
    for (const [name, value] of Object.entries(row.search)) {
      for (const one of Array.isArray(value) ? value : [value]) p.append(name, String(one));
    }
    const exact = !Array.isArray(row.occurrences);
    return { href: searchHref(p), exact, title: exact ? "these lines in the concordance" : "the concordance of the word with this collocate near: these lines, perhaps more" };
  }
  if (typeof row.cql === "string") {
    return { href: searchHref(subcorpus(new URLSearchParams({ cql: row.cql }))), exact: true, title: "these lines in the concordance" };
  }
  if (typeof row.word === "string" && typeof row.sense === "number") {
    const p = new URLSearchParams({ word: row.word, sense: String(row.sense) });
    if (row.sense_run !== null && row.sense_run !== undefined) p.set("senses_run", String(row.sense_run));
    return { href: searchHref(subcorpus(p)), exact: true, title: "this sense's lines in the concordance" };
  }
  if (typeof row.word === "string" && Array.isArray(row.where_a)) return changeLinks(row);
  if (typeof row.item === "string") return itemLink(row.item);
  return null;
}

// A change row's word: its sense timeline over the field the groups are of, the two
// groups marked and their senses side by side (the same where and doc), and its senses
// page with their examples; both in the row's sense run.
function changeLinks(row) {
  const run = typeof row.sense_run === "number" ? { senses: String(row.sense_run) } : {};
  const timeline = new URLSearchParams({ by: answer.by || "", ...run });
  for (const group of asked.getAll("between")) timeline.append("between", group);
  subcorpus(timeline);
  const examples = new URLSearchParams({ ...run, by: answer.by || "" });
  const word = encodeURIComponent(row.word);
  return {
    href: `/senses/${word}/timeline?${timeline}`, exact: false, text: "timeline ›", className: "timeline-link",
    title: "the word's senses over the field, the two groups marked",
    also: [{ href: `/senses/${word}?${examples}`, text: "examples ›", className: "examples-link", title: "the word's senses with their examples" }],
  };
}

const NO_VALUE = "(none)";  // stats/corpus.py's row of no value

// A frequency list's item as a search: by lemma the word, by form its exact form, by
// POS a pattern, by a metadata field every token of the documents with that value.
function itemLink(item) {
  const pattern = asked.get("cql");
  if (pattern) {
    return { href: searchHref(subcorpus(new URLSearchParams({ cql: pattern }))), exact: false, title: "every match of the pattern (this row is some of them)" };
  }
  const by = answer.by || "lemma";
  // The documents without the field, the tokens without a POS: no where or pattern names
  // them (the link said "0 documents have decade '(none)'" under a count of 3,146).
  if (item === NO_VALUE && by !== "lemma" && by !== "form") return null;
  const p = new URLSearchParams();
  if (by === "lemma") p.set("word", item);
  else if (by === "form") p.set("cql", `[word="${cqlValue(item)}"]`);
  else if (by === "pos") p.set("cql", `[pos="${cqlValue(item)}"]`);
  else if (by === "lemma_pos") {
    const at = item.lastIndexOf("/");
    p.set("word", item.slice(0, at));
    p.set("pos", item.slice(at + 1));
  } else {
    p.set("cql", "[]");
    p.append("where", `${by}=${whereValue(item)}`);
  }
  return { href: searchHref(subcorpus(p)), exact: true, title: "these lines in the concordance" };
}

// A count of one group (change's matches_a with where_a: the group's metadata filters)
// as the word's lines in that group: every token of the word there. freq_a counts only
// the tokens with a sense vector, so it links only where it is the same number.
function groupLink(row, column) {
  const group = /^(?:freq|matches)_([a-z0-9]+)$/.exec(column);
  const where = group && row[`where_${group[1]}`];
  const word = LABEL_FIELDS.map((f) => row[f]).find((v) => typeof v === "string");
  if (!Array.isArray(where) || !word || typeof row[column] !== "number") return null;
  const lines = row[`matches_${group[1]}`];
  if (typeof lines === "number" && lines !== row[column]) return null;
  const p = new URLSearchParams({ word });
  for (const one of where) p.append("where", one);
  for (const doc of asked.getAll("doc")) p.append("doc", doc);
  return { href: searchHref(p), exact: true, title: "the word's lines in this group" };
}

function countLink(row, value, column) {
  const text = cellText(value);
  const paired = column && groupLink(row, column);
  if (paired) {
    const a = el("a", text, "count");
    a.href = paired.href;
    a.title = paired.title;
    return a;
  }
  if (Array.isArray(row.occurrences)) {
    const b = el("button", text, "link count");
    b.type = "button";
    b.title = `show the ${plural(row.occurrences.length, "line")} of this row`;
    b.addEventListener("click", () => showLines(row));
    return b;
  }
  const link = linkOf(row);
  if (!link || !link.exact) {
    const plain = el("span", text);
    if ("search" in row && row.search === null) plain.title = "no search shows exactly these lines";
    return plain;
  }
  const a = el("a", text, "count");
  a.href = link.href;
  a.title = link.title;
  return a;
}

function linesCell(row) {
  const td = el("td", null, "lines-link");
  const link = linkOf(row);
  if (!link) return td;
  for (const one of [link, ...(link.also || [])]) {
    const a = el("a", one.text || (one.exact ? "lines ›" : "search ›"), one.className);
    a.href = one.href;
    a.title = one.title;
    if (one !== link) td.append(" ");
    td.append(a);
  }
  return td;
}

// A row's exact occurrences (word sketches list them), each line from /api/context.
// Only the row asked last draws its lines: a row's lines that came after another row
// was clicked were added under that row's title ("central (modifier): 10 lines" above
// 27, river's 17 among them).
let linesAsked = 0;
async function showLines(row) {
  const mine = ++linesAsked;
  const panel = document.getElementById("lines-panel");
  const ids = row.occurrences.slice(0, LINES_SHOWN);
  document.getElementById("lines-title").textContent = `${rowLabel(row)}: ${plural(row.occurrences.length, "line")}`;
  const body = document.getElementById("lines-body");
  body.replaceChildren();
  const more = document.getElementById("lines-more");
  more.textContent = row.occurrences.length > ids.length ? `the first ${ids.length} shown` : "";
  panel.hidden = false;
  panel.scrollIntoView({ block: "nearest" });
  const found = await Promise.all(ids.map((id) => api(`/api/context/${id}?sentences=0`).catch((error) => ({ error }))));
  if (mine !== linesAsked) return;
  found.forEach((c, i) => {
    const tr = el("tr", null, "line");
    tr.dataset.id = String(ids[i]);
    if (c.error) {
      tr.append(el("td", ids[i], "id"), el("td", c.error.message, "error"));
    } else {
      const [left, right] = kwicCells(tr, c.left, c.form, c.right);
      tr.append(el("td", ids[i], "id"), left, el("td", c.form, "node"), right);
    }
    body.append(tr);
  });
}

// -- the chart: the best rows by the measure they are sorted by

const SVG = document.getElementById("chart-svg").namespaceURI;
function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function chartColumn(columns) {
  return sorting.column && isNumeric(sorting.column) ? sorting.column : measureColumn(columns);
}

function drawChart() {
  const figure = document.getElementById("chart");
  const columns = columnsOf(answer.table);
  const column = chartColumn(columns);
  const grouped = !document.getElementById("grid-view").hidden;
  figure.hidden = grouped || !column || answer.table.length < 2;
  if (figure.hidden) return;
  const rows = sortedRows().filter((row) => typeof row[column] === "number").slice(0, CHART_BARS);
  const values = rows.map((row) => row[column]);
  const low = Math.min(0, ...values), high = Math.max(0, ...values);
  const span = high - low || 1;
  const LABEL = 220, BAR = 420, FIGURES = 90, ROW = 20;
  const zero = LABEL + (BAR * -low) / span;
  const picture = document.getElementById("chart-svg");
  picture.replaceChildren();
  picture.setAttribute("width", LABEL + BAR + FIGURES);
  picture.setAttribute("height", rows.length * ROW + 4);
  picture.setAttribute("viewBox", `0 0 ${LABEL + BAR + FIGURES} ${rows.length * ROW + 4}`);
  const of = answer.rows > answer.count ? " of this page" : "";
  const caption = `${sorting.column ? "The first" : "The best"} ${plural(rows.length, "row")}${of} by ${label(column)}`;
  document.getElementById("chart-caption").textContent = caption;
  picture.setAttribute("aria-label", `bar chart: ${caption}`);
  // A bar opens its row's lines where its figure is their count or no count at all (a
  // measure); a bar of another count (a collocate's co-occurrences or corpus frequency,
  // the reference's frequency, the documents) links nowhere unless it is the same
  // number, as its cell in the table: "the: freq 234" opened the 150 lines of bank with
  // the near.
  const counted = countField(columns);
  const measure = !answer.table.every((row) => row[column] === null || Number.isInteger(row[column]));
  // (a keyword of the reference keeps " (under)" after its cut label)
  const labels = barLabels(rows.map(rowLabel), rows.map((row) => (row.direction === "under" ? 24 : 32)));
  rows.forEach((row, i) => {
    const linked = column === counted || measure || row[column] === row[counted];
    const y = i * ROW + 2;
    const value = row[column];
    const width = Math.max(1, (BAR * Math.abs(value)) / span);
    const name = rowLabel(row);
    // A keyword of the reference (direction under) among the focus's, ranked by a measure
    // with no sign (G²): its bar was drawn as theirs, the best bar perhaps a word the
    // focus uses less. It says so and is drawn as a negative one.
    const under = row.direction === "under";
    const shown = under ? `${name} (under)` : name;
    const short = under ? `${labels[i]} (under)` : labels[i];
    const link = linked ? linkOf(row) : null;
    const opens = link && link.exact && !Array.isArray(row.occurrences) ? link : null;
    const lines = opens && column !== counted && typeof row[counted] === "number" ? `; opens its ${plural(row[counted], "line")}` : "";
    const g = svg("g", { class: "bar", "data-label": name, "data-value": value });
    g.append(
      svg("title", {}, `${name}: ${label(column)} ${cellText(value)}${under ? ", under-represented in the focus" : ""}${lines}`),
      svg("text", { x: LABEL - 8, y: y + 13, "text-anchor": "end", class: "bar-label" }, short),
      svg("rect", { x: (value < 0 ? zero - width : zero).toFixed(1), y: y + 2, width: width.toFixed(1), height: ROW - 6, class: value < 0 || under ? "bar-rect negative" : "bar-rect" }),
      svg("text", { x: LABEL + BAR + 6, y: y + 13, class: "bar-count" }, cellText(value)),
    );
    if (opens) {
      const a = svg("a", { href: opens.href });
      a.append(g);
      picture.append(a);
    } else {
      picture.append(g);
    }
  });
}

// -- the rows grouped: by relation (a word sketch's grid), by sense side by side

function groupBy(rows, field) {
  const groups = {};
  for (const row of rows) (groups[String(row[field])] ||= []).push(row);
  return groups;
}

function drawGrid() {
  const view = document.getElementById("grid-view");
  view.replaceChildren();
  const rows = answer.table;
  const columns = columnsOf(rows);
  const measure = measureColumn(columns);
  const senses = rows.some((row) => typeof row.sense === "number");
  if (rows.some((row) => typeof row.relation === "string")) {
    view.className = senses ? "stat-grid relations by-sense" : "stat-grid relations";
    for (const [relation, inRelation] of Object.entries(groupBy(rows, "relation"))) {
      const box = el("section", null, "relation");
      box.dataset.relation = relation;
      const heading = el("h3", relation);
      box.append(heading);
      if (senses) {
        const sideBySide = el("div", null, "sense-cols");
        for (const [sense, own] of Object.entries(groupBy(inRelation, "sense"))) sideBySide.append(miniTable(own, measure, sense));
        box.append(sideBySide);
      } else {
        if (typeof inRelation[0].relation_freq === "number") heading.append(el("span", ` ${number.format(inRelation[0].relation_freq)}`, "muted"));
        box.append(miniTable(inRelation, measure));
      }
      view.append(box);
    }
  } else if (senses && perSense()) {
    view.className = "stat-grid senses";
    for (const [sense, own] of Object.entries(groupBy(rows, "sense"))) {
      const box = el("section", null, "sense-col");
      box.append(miniTable(own, measure, sense, true));
      view.append(box);
    }
  }
  view.hidden = view.childElementCount === 0;
}

function swatch(sense) {
  const s = svg("svg", { width: 10, height: 10, "aria-hidden": "true" });
  s.append(svg("rect", { width: 10, height: 10, fill: senseColour(Number(sense) - 1) }));
  return s;
}

function miniTable(rows, measure, sense, withDiff) {
  const t = el("table", null, "mini");
  if (sense !== undefined) {
    t.dataset.sense = sense;
    const caption = el("caption");
    caption.append(swatch(sense), ` sense ${sense}`);
    if (typeof rows[0].relation_freq === "number") caption.append(el("span", ` ${number.format(rows[0].relation_freq)}`, "muted"));
    t.append(caption);
  }
  const columns = columnsOf(rows);
  const count = countField(columns);
  const head = el("tr");
  const diff = withDiff && columns.includes("sense_diff");
  const names = ["", count, measure !== count ? measure : "", diff ? "sense_diff" : ""].filter((n, i) => i === 0 || n);
  for (const name of names) head.append(el("th", name ? label(name) : "", name ? "num" : ""));
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", null, row.distinctive ? "distinctive" : "");
    if (row.distinctive) tr.title = "distinctive: tells this sense apart (sense_diff > 3.84)";
    tr.append(el("td", LABEL_FIELDS.map((f) => row[f]).find((v) => typeof v === "string") ?? rowLabel(row), "label"));
    const c = el("td", null, "num");
    c.append(countLink(row, row[count]));
    tr.append(c);
    for (const name of names.slice(2)) tr.append(el("td", cellText(row[name]), "num"));
    body.append(tr);
  }
  t.append(thead, body);
  return t;
}

// -- wiring

function onTabKey(event) {
  const all = [...tabs.querySelectorAll("[role=tab]")];
  const at = all.indexOf(document.activeElement);
  if (at < 0) return;
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  all[(at + step + all.length) % all.length].focus();
}

async function start() {
  let statistic;
  try {
    const data = await api("/api/stats");
    statistic = data.statistics.find((s) => s.name === NAME);
  } catch (error) {
    say(error.message, true);
    return;
  }
  declared = statistic.params;
  paged = declared.some((param) => param.name === "offset");
  drawForm(statistic);
  showAddress(false);
}

// The query the address holds, through the form (so k and the defaults read as the
// form sends them), with its page.
function showAddress(push) {
  const p = new URLSearchParams(location.search);
  fillForm(p);
  if (![...p.keys()].length) {
    // Back to the page without a query: the rows of the count after it stayed, with its
    // status, under the emptied form (a subcorpus's keywords under no where); nor does a
    // count still on its way draw them now.
    runs += 1;
    if (answer) clearResults();
    say("");
    return;
  }
  const address = paramsFromForm();
  if (offsetOf(p) > 0 && paged) address.set("offset", String(offsetOf(p)));
  run(address, push);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(paramsFromForm(), true);
});
document.getElementById("prev-page").addEventListener("click", () => turn(-1));
document.getElementById("next-page").addEventListener("click", () => turn(1));
document.getElementById("lines-close").addEventListener("click", () => {
  document.getElementById("lines-panel").hidden = true;
  linesAsked += 1;
});
tabs.addEventListener("keydown", onTabKey);
window.addEventListener("popstate", () => showAddress(false));
start();
