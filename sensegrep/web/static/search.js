// The search page: the form <-> the address (?word=…&example=…&offset=…, so a query and
// the page of it shown can be bookmarked and the back button works), /api/search, the
// KWIC table with its pages, extra metadata columns, the chart of where the matches
// fall, and the keys.
"use strict";

const form = document.getElementById("search-form");
const wordInput = document.getElementById("word");
const statusLine = document.getElementById("status");
const table = document.getElementById("kwic");
const body = document.getElementById("hits");
// Every search parameter of the address (sensegrep/request.py's, HTTP) is carried: in a
// control of the form (these, the usages, ids, pos, doc, where) or in `view` (offset,
// sort, ignore_punct, senses_run; count is drawn as the chart). pages.py refuses any
// other name, and a value the API would refuse, before the page is drawn.
const SIMPLE = ["label", "gloss", "sense", "expand", "scoring", "near", "window", "k", "sample", "seed", "max_per_doc"];
const SWITCHES = ["form", "match_case", "any_word"];
// Sent only beside the one they qualify (a seed without a sample means nothing).
const ONLY_WITH = { seed: "sample", window: "near" };
// In the address but not sent to /api/search: how the page shows the answer.
const VIEW_ONLY = ["columns", "chart"];
const PAGE_K = Number(document.getElementById("k").defaultValue);
const RANKING = ["example", "unlike_example", "like", "unlike", "label", "gloss"];  // what ranks a search
const CHART_BARS = 30;  // values drawn; the rest are summed in a line under the chart

// What the address says beyond the form: the page, the order, the view.
// senses: the sense run the address names (senses_run, from the senses page's links; the
// server turns ?senses= into it), kept while the
// word is the one it was named for: a run is of one word, so a new word drops it.
const view = { offset: 0, sort: "", ignorePunct: false, columns: [], chart: "", senses: "", sensesWord: "" };
let hits = [];
let answer = null;  // the last /api/search answer (total, documents, per_million, offset…)
// The API parameters of the lines shown (set when they come): what the pages, the chart
// and the downloads are of. A box edited since, not searched, is not in them: Next paged
// the edited query (lines 51–77 of its 77, never its first 50), the chart counted it
// ("Where the 77 matches fall" under 108 lines) and "all 108 matches" downloaded 77.
let shownQuery = null;
let current = -1;  // the line the keys move (index into hits), -1: none
let searches = 0;  // the searches asked so far: the newest alone draws its answer
// The address of the search on its way (null: none), whose history entry it already is:
// a column or chart chosen meanwhile is kept in it, not in the address of the lines
// still shown (it put the previous query back in the address of the lines that came).
let asking = null;
let chartShown = "";  // the count request the chart shows, with the index state it was read at

function field(name) {
  return form.elements.namedItem(name);
}

function usageInputs(name) {
  return [...form.querySelectorAll(`input.usage-input[name="${name}"]`)];
}

// A parameter given once as the API reads it: the last, when the address repeats it.
function last(p, name) {
  const all = p.getAll(name);
  return all.length ? all[all.length - 1] : null;
}

// A switch's value as the API reads it (request.py: true, 1, yes, on …).
function isOn(value) {
  return value !== null && ["true", "t", "1", "yes", "y", "on"].includes(value.trim().toLowerCase());
}

// The usages of `name` as the address gives them: the first box, then a copy for each more.
function fillUsages(name, texts, onMark) {
  const inputs = usageInputs(name);
  inputs.slice(1).forEach((input) => input.closest(".usage").remove());
  inputs[0].value = texts[0] || "";
  inputs[0].sgRedraw();
  let after = inputs[0].closest(".usage");
  for (const text of texts.slice(1)) {
    const copy = after.cloneNode(true);
    after.after(copy);
    after = copy;
    const input = copy.querySelector("input");
    input.value = text;
    setUpMarker(input, onMark);
  }
}

// A chart by a key the list does not offer (count=left1 in the address): offered now.
function chartOption(by) {
  const select = document.getElementById("chart-by");
  if (by && ![...select.options].some((option) => option.value === by)) select.append(new Option(by, by));
}

function markWord(word) {
  if (!wordInput.value.trim()) wordInput.value = word.toLowerCase();
}

function addExample(value) {
  const first = form.querySelector("#examples .usage");
  const copy = first.cloneNode(true);
  const input = copy.querySelector("input");
  input.value = value || "";
  first.parentNode.append(copy);
  setUpMarker(input, markWord);
  return input;
}

// -- form <-> parameters

// Every piece typed is sent: one that is no id is refused by the server in one line,
// never dropped (a dropped "abc" searched like the other ids alone, unsaid).
function ids(text) {
  return text.split(/[\s,;]+/).filter(Boolean);
}

// The query as the form shows it: k is always sent, so the box says what was asked.
function paramsFromForm() {
  const p = new URLSearchParams();
  p.append("word", wordInput.value.trim());
  if (field("cql").value.trim()) p.append("cql", field("cql").value.trim());
  for (const input of usageInputs("example")) if (input.value.trim()) p.append("example", input.value.trim());
  for (const input of usageInputs("unlike_example")) if (input.value.trim()) p.append("unlike_example", input.value.trim());
  for (const id of ids(field("like").value)) p.append("like", id);
  for (const id of ids(field("unlike").value)) p.append("unlike", id);
  if (!field("k").value.trim()) field("k").value = String(PAGE_K);
  for (const name of SIMPLE) {
    const value = field(name).value.trim();
    if (value && !(ONLY_WITH[name] && !field(ONLY_WITH[name]).value.trim())) p.append(name, value);
  }
  for (const name of SWITCHES) if (field(name).checked) p.append(name, "true");
  for (const tag of field("pos").selectedOptions) if (tag.value) p.append("pos", tag.value);
  // Several documents (a statistic's link may name them): separated by ";".
  for (const doc of field("doc").value.split(";")) if (doc.trim()) p.append("doc", doc.trim());
  for (const input of form.querySelectorAll("input[data-where]")) {
    if (input.value.trim()) p.append("where", `${input.dataset.where}=${whereText(input)}`);
  }
  for (const pair of document.getElementById("where-other").value.split(";")) {
    // Sent even without "=": the server says it expects key=value, where a dropped
    // condition searched every document as if no filter had been typed.
    if (pair.trim()) p.append("where", pair.trim());
  }
  if (view.senses && sensesKey(p) === view.sensesWord) p.set("senses_run", view.senses);
  return p;
}

// A field's value as where reads it. A value the field suggests (one of the index's,
// picked from its list) means that value, though a comma or dot in it would otherwise
// read as alternatives or a range ("O'Brien, Dan" matched no document), and spaces
// around it left out (" news" was news); anything else is the where syntax as typed
// (news,letters; 1990..1999; news\ for "news ", as a timeline row's link writes it).
function whereText(input) {
  const raw = input.value;
  const options = input.list ? [...input.list.options].map((o) => o.value) : [];
  if (options.includes(raw)) return /,|\.\.|^ | $/.test(raw) ? whereValue(raw) : raw;
  const value = raw.trim();
  const suggested = options.includes(value);
  if (suggested && /,|\.\./.test(value)) return whereValue(value);
  // an escaped space at the end (an odd number of backslashes before it) is the value's
  return /(^|[^\\])(\\\\)*\\$/.test(value) && /\s$/.test(raw) ? value + " " : value;
}

// The parts of speech the address names: one or several (the list then takes several,
// as a link from a statistic with --pos twice asks), a tag the list lacks added to it.
function choosePos(tags) {
  const select = field("pos");
  for (const tag of tags) {
    if (![...select.options].some((o) => o.value === tag)) select.append(new Option(tag, tag));
  }
  select.multiple = tags.length > 1;
  for (const o of select.options) o.selected = tags.length ? tags.includes(o.value) : o.value === "";
}

// The whole address: the form's query, the page and order, and the view.
function addressParams() {
  const p = paramsFromForm();
  if (view.offset > 0) p.set("offset", String(view.offset));
  if (view.sort) p.set("sort", view.sort);
  if (view.ignorePunct) p.set("ignore_punct", "true");
  for (const name of view.columns) p.append("columns", name);
  if (view.chart) p.set("chart", view.chart);
  return p;
}

// The address of the lines shown, at the page (view.offset) and with the view (columns,
// chart) as they are now; the form's when nothing is shown.
function shownAddress() {
  if (!shownQuery) return addressParams();
  const p = new URLSearchParams(shownQuery);
  p.delete("offset");
  if (view.offset > 0) p.set("offset", String(view.offset));
  for (const name of view.columns) p.append("columns", name);
  if (view.chart) p.set("chart", view.chart);
  return p;
}

function apiParams(address) {
  const p = new URLSearchParams(address);
  for (const name of VIEW_ONLY) p.delete(name);
  return p;
}

function fillForm(p) {
  wordInput.value = last(p, "word") || "";
  field("cql").value = last(p, "cql") || "";
  fillUsages("example", p.getAll("example"), markWord);
  fillUsages("unlike_example", p.getAll("unlike_example"), null);
  field("like").value = p.getAll("like").join(" ");
  field("unlike").value = p.getAll("unlike").join(" ");
  const defaults = { k: String(PAGE_K), seed: "0", window: "5" };
  for (const name of SIMPLE) field(name).value = last(p, name) || defaults[name] || "";
  for (const name of SWITCHES) field(name).checked = isOn(last(p, name));
  choosePos(p.getAll("pos"));
  field("doc").value = p.getAll("doc").join("; ");
  const other = [];
  const byField = new Map([...form.querySelectorAll("input[data-where]")].map((i) => [i.dataset.where, i]));
  byField.forEach((input) => { input.value = ""; });
  for (const pair of p.getAll("where")) {
    const at = pair.indexOf("=");
    const input = byField.get(pair.slice(0, at));
    const value = pair.slice(at + 1);
    // A second condition on the same field must hold too: kept among the others. So is
    // an empty value (genre=: the documents whose genre is written ''), which the field's
    // box, sent only when filled, dropped: a freq row's link searched every document.
    if (input && !input.value && value.trim()) input.value = value; else if (pair) other.push(pair);
  }
  document.getElementById("where-other").value = other.join("; ");
  const advanced = ["like", "unlike", "unlike_example", "label", "gloss", "sense", "expand", "scoring", "near", "pos", "doc", "sample", "where", "form", "max_per_doc", "match_case", "any_word"];
  if (advanced.some((name) => p.get(name))) document.getElementById("more-options").open = true;
  view.offset = Math.max(0, Number(last(p, "offset")) || 0);
  view.sort = p.getAll("sort").filter(Boolean).join(",");  // sort=right1&sort=left1: both, in turn
  view.ignorePunct = isOn(last(p, "ignore_punct"));
  view.columns = p.getAll("columns").flatMap((c) => c.split(",")).filter(Boolean);
  // count=BY (the API's table) is drawn as the chart of the matches by BY.
  view.chart = last(p, "count") || last(p, "chart") || "";
  chartOption(view.chart);
  view.senses = last(p, "senses_run") || "";
  view.sensesWord = sensesKey(p);
  for (const box of document.querySelectorAll("#columns input")) box.checked = view.columns.includes(box.value);
  document.getElementById("chart-by").value = view.chart;
}

// What a sense run given is of: the word, or the pattern (its target's lemma), so that
// a run is carried while the query is the same, and dropped with another word.
function sensesKey(p) {
  return last(p, "word") || `cql:${last(p, "cql") || ""}`;
}

// The sense run a page of sense N showed, kept in the address: the next page meant the
// word's current run, another clustering once a run was made meanwhile (lines 1-5 of
// sense 1's 43, then lines 6-10 of 28; issue 23, pass 23g).
function pinSenseRun(address, data) {
  if (view.senses || !address.get("sense")) return;
  const given = data.sense_run != null ? [data.sense_run] : data.hits.map((h) => h.sense_run);
  const runs = new Set(given.filter((r) => r !== null && r !== undefined));
  if (runs.size !== 1) return;  // senses induced for the request only: no run to name
  view.senses = String([...runs][0]);
  view.sensesWord = sensesKey(address);
  address.set("senses_run", view.senses);  // the downloads' and the chart's too
  history.replaceState(null, "", "?" + address.toString());
}

// -- running a query

async function run(push) {
  const address = addressParams();
  // Any word searches across words: no word needed (the server asks for an example).
  if (!asksSearch(address)) {
    // The lines of the search before stayed under this line, as if they were its.
    clearResults();
    say("Type a word or a pattern to search for.", true);
    return;
  }
  if (push) history.pushState(null, "", "?" + address.toString());
  say("Searching…");
  // Only the newest search draws: an answer that came after a later search was asked (a
  // slow ranked one, then a quick one; Back and Forward pressed fast) drew its lines
  // under the later query's address and boxes.
  const asked = ++searches;
  asking = address;
  const typed = boxesNow();
  try {
    const data = await api("/api/search?" + apiParams(address).toString());
    if (asked !== searches) return;
    asking = null;
    const restored = senseRunStored(answer, data, address);
    // The run a sense's first page showed is pinned in the address before its key is
    // kept: kept without it, the next page's key (with it) never matched, and a page of
    // a sense read after another process changed the index said nothing (lines 11-20
    // of 46 after lines 1-10 of 35).
    pinSenseRun(address, data);
    const search = searchKey(address);
    const moved = indexChanged(answer, data, search);
    answer = { ...data, pattern: address.has("cql"), search, senseSearch: senseSearchKey(address) };
    hits = data.hits;
    shownQuery = apiParams(address);
    current = -1;
    draw();
    say(summary(data, address) + notesOf(data) + (moved ? ` · note: ${MOVED}` : "")
      + (restored ? ` · note: ${restoredNote(data, address)}` : ""));
    // From the form to the lines: the keys now move through them (Esc or / goes back);
    // not from a box typed in since the search was asked, whose next letters became
    // keys ("spri" typed, then n paged the lines that came, and the box lost the word).
    if (document.activeElement && form.contains(document.activeElement) && boxesNow() === typed) {
      document.activeElement.blur();
    }
    pager(data);
    downloads(apiParams(address));
    chart();
  } catch (error) {
    if (asked !== searches) return;
    asking = null;
    clearResults();
    say(errorText(error, form), true);
  }
}

// What the form's boxes hold, to tell whether one was typed in since.
function boxesNow() { return JSON.stringify([...new FormData(form)]); }

// No lines, pages, downloads or chart: nothing is shown that the form does not ask.
function clearResults() {
  searches += 1;  // nor does a search still on its way draw its lines after this
  asking = null;
  answer = null;
  shownQuery = null;
  hits = [];
  draw();
  document.getElementById("downloads").hidden = true;
  document.getElementById("pager").hidden = true;
  document.getElementById("view-options").hidden = true;
  document.getElementById("chart").hidden = true;
  chartShown = "";
}

// One search's pages are read one request each: when another process adds or removes
// documents between two of them, the lines move, and the next page's offset skips or
// repeats some that were never shown (issue 23, pass Q). The answer's index_state tells.
const MOVED = "the index changed since the previous page (another process added or removed documents or vectors, or labelled occurrences a Label ranking reads): the lines have moved, so the pages before this one may not line up with it; start again from the first page to see each line once";

// A sense's pages of a word with no stored run were of senses induced for each request;
// once a run is stored (the senses page's "store", the command line), the next page is of
// that run, another clustering: lines 21-30 of 68 after lines 1-20 of 28, unsaid (pass 25y).
function restoredNote(data, address) {
  return `sense ${address.get("sense")} is now of sense run ${data.sense_run}, stored since the previous page; the pages before this one were of senses induced for one request only, another clustering, so they may not line up with it; start again from the first page to see each line of one clustering once`;
}

function senseRunStored(previous, data, address) {
  return Boolean(address.get("sense") && previous && previous.senseSearch === senseSearchKey(address)
    && previous.sense_run == null && data.sense_run != null);
}

// The search without its page and its run (pinned after the first page that had one).
function senseSearchKey(address) {
  const asked = apiParams(address);
  asked.delete("offset");
  asked.delete("senses_run");
  return asked.toString();
}

function searchKey(address) {
  const asked = apiParams(address);
  asked.delete("offset");
  return asked.toString();
}

function indexChanged(previous, data, search) {
  return Boolean(previous && previous.search === search && previous.index_state
    && data.index_state && previous.index_state !== data.index_state);
}

const number = new Intl.NumberFormat("en");
function plural(n, one, many) { return `${number.format(n)} ${n === 1 ? one : many || one + "s"}`; }

// Whether the sort reads the words beside the node without punctuation: the order then
// differs from one that keeps it ("charge -- nobody" under n), so the status says which,
// as the CLI's header does.
function skipsPunct() {
  return view.ignorePunct && /left|right/.test(view.sort);
}

// "lines 51–100 of 156 in 12 documents (310.20 per million tokens), best first"
function summary(data, address) {
  const asked = `“${data.word || address.get("cql")}”`;
  // What was searched when it is not the word as typed: a lemma ("banks": lemma "bank"),
  // or the tokens a word is cut into ("mole's": mole 's).
  const query = (data.searched ? `${data.searched} (from ${asked})` : asked) + senseOf(data, address) + nearOf(address);
  const ranked = ["example", "like", "label", "gloss"].some((name) => address.has(name));
  const sorted = view.sort === "quality" ? "best dictionary examples first (by example quality)"
    : `sorted by ${view.sort.replaceAll(",", ", then ")}${skipsPunct() ? " (punctuation skipped)" : ""}`;
  // A ranked search keeps its best lines for the page and sorts those (request.py's sort);
  // a plain concordance has no scores: "score" keeps its corpus order.
  const byScore = view.sort.split(",")[0] === "score";
  // A label ranks every match by its occurrences, as an example does: "of 66, best
  // first" under Label "government" read as the 66 lines labelled so (30 were).
  // With an example, a line liked or a gloss beside it, the label's occurrences are one
  // part of the ranking: both named ("by the occurrences labelled" hid the example).
  const alongside = [["example", "the example"], ["like", "the lines liked"], ["gloss", "the gloss"]]
    .filter(([name]) => address.has(name)).map(([, said]) => said);
  const labelled = `the occurrences labelled “${address.get("label")}”`;
  const best = address.get("label") ? `best first by ${[...alongside, labelled].join(" and ")} (every match ranked, not only those)` : "best first";
  const order = !view.sort ? (ranked ? `, ${best}` : ", in corpus order")
    : ranked ? (byScore ? `, ${best}` : `, ${best}, the page ${sorted}`)
    : byScore ? ", in corpus order (a plain concordance has no scores to sort by)" : `, ${sorted}`;
  if (anyWord(data)) return anyWordSummary(data, query, order, address);
  const where = `in ${plural(data.documents, "document")}${perMillion(data)}`;
  // No match at all: why (the filters that left nothing, and the matches without them).
  if (data.total === 0) return `${data.why_empty || `no lines for ${query}`}${withoutVectors(data, ranked)}`;
  // A sample's pages go through the sampled lines, max_per_doc's through the lines it
  // keeps, not through every match.
  const of = linesOf(data, address);
  if (data.count === 0) {
    return `no lines from ${number.format(data.offset + 1)}: ${query} has ${of === number.format(data.total) ? plural(data.total, "line") : of} ${where}${withoutVectors(data, ranked)}`;
  }
  const first = data.offset + 1, last = data.offset + data.count;
  return `lines ${number.format(first)}–${number.format(last)} of ${of} ${where} for ${query}${order}${withoutVectors(data, ranked)}`;
}

// An any-word search (any_word) has no total: the usages of any word nearest the
// example go on as far as the pages are read, so no "of N", no documents or per million.
function anyWord(data) { return data.total === null || data.total === undefined; }

// What an any-word search is near: its example(s), else the occurrences it is like.
// What an any-word search is near: its examples and the occurrences liked, each of
// them (with + on a line it said "nearest the example", the liked one left unsaid).
function usageOf(address) {
  const examples = address.getAll("example").length, liked = address.getAll("like").length;
  const parts = [];
  if (examples) parts.push(examples > 1 ? "the examples" : "the example");
  if (liked || !examples) parts.push(liked > 1 ? "the occurrences liked" : "the occurrence liked");
  return parts.join(" and ");
}

function anyWordSummary(data, query, order, address) {
  const word = data.word ? ` (its ${query})` : "";
  const nearest = `the usages of any word nearest ${usageOf(address)}${word}`;
  if (data.count === 0 && data.offset > 0) return `no lines from ${number.format(data.offset + 1)}: ${nearest} end before it`;
  if (data.count === 0) return data.why_empty || `no usages of any word near ${usageOf(address)}`;
  const first = data.offset + 1, last = data.offset + data.count;
  // A page not full is the last (Next is off): it said "Next gives the next nearest".
  const more = data.count < shownPageSize() ? "these are the last it found" : "Next gives the next nearest";
  return `lines ${number.format(first)}–${number.format(last)} of ${nearest}${order} (any word: no total; ${more})`;
}

// The lemma the lines have near (a collocate's lines): the per million is of these lines
// only, not of the word ("for “bank”" under bank's lines with river near read as bank's).
function nearOf(address) {
  const near = address.get("near");
  return near ? ` with “${near}” within ${plural(Number(address.get("window") || 5), "token")}` : "";
}

// Which sense the lines are of, and of which run: the page carries a run the user may
// not have typed (a link's, or the one its first page showed), which no line said.
function senseOf(data, address) {
  const sense = address.get("sense");
  if (!sense) return "";
  // The answer's sense_run names the run on a page without lines too (an older server:
  // the lines' runs).
  const runs = data.sense_run != null ? [data.sense_run] : [...new Set(data.hits.map((h) => h.sense_run))];
  const run = runs.length === 1 && runs[0] !== null && runs[0] !== undefined ? `sense run ${runs[0]}` : "";
  return `, sense ${sense}` + (run ? ` of ${run}` : "");
}

// What the answer says once (what near was resolved to, the occurrences like left out…),
// in the API's words; why an empty one is empty is its summary, and the order of the
// lines (a ranked search's sorted page, a plain one's "score") its last words.
// A page past the last line says so in its summary ("no lines from 101"), not as the
// API's note naming offset=, which the page's reader never typed.
const ORDER_NOTES = ["a ranked search keeps its best lines", "a plain concordance has no scores"];
function notesOf(data) {
  const notes = (data.notes || []).filter((note) => note !== data.why_empty
    && !ORDER_NOTES.some((start) => note.startsWith(start)) && !PAST_THE_END.test(note));
  return notes.map((note) => ` · note: ${note}`).join("");
}

// A ranked search or a sense takes only the occurrences with a sense vector: the matches
// it left out (function words, auxiliaries…) are said, not hidden.
function withoutVectors(data, ranked) {
  const n = data.matches_without_vectors;
  if (!n) return "";
  const what = ranked ? "cannot be ranked" : n === 1 ? "is in no sense" : "are in no sense";
  const unlike = ranked ? "without ranking" : "without a sense";
  return `; ${plural(n, "more match", "more matches")} ${n === 1 ? "has" : "have"} no sense vector and ${what} (function words like 'the' and auxiliaries like 'has' get none; the same search ${unlike} lists ${n === 1 ? "it" : "them"})`;
}

// The lines the pages go through (lines_available): a sample's, or at most max_per_doc
// of a document; an answer without the field (an older server's): the sample's.
function linesAvailable(data) {
  if (typeof data.lines_available === "number") return data.lines_available;
  const sample = Number(field("sample").value);
  return sample > 0 ? Math.min(sample, data.total) : data.total;
}

// "66", "a random sample of 5 of the 66 matches", "the 23 lines (at most 1 a document)
// of the 66 matches": what the pages go through, of all the matches.
function linesOf(data, address) {
  const available = linesAvailable(data);
  // A sample of as many as the matches or more is every match, in the page's order
  // (corpus order, or best first; it said "in a random order", which it never is).
  if (available >= data.total && address.get("sample")) return `all ${plural(data.total, "match", "matches")}`;
  if (available >= data.total) return number.format(data.total);
  const matches = plural(data.total, "match", "matches");
  const cap = address.get("max_per_doc");
  if (!cap) return `a random sample of ${number.format(available)} of the ${matches}`;
  const sampled = address.get("sample") ? "a random sample, " : "";
  return `the ${plural(available, "line")} (${sampled}at most ${cap} a document) of the ${matches}`;
}

// A frequency per million as the command line writes it: 454.00, 1,000,000.00 (it
// wrote "454" and "1,000,000" beside the CLI's 454.00).
// One below 0.01 with its two significant digits, as the command line writes it: 3 in
// 2 billion tokens is 0.0015 (it was 0.00, read as a word that does not occur), and the
// JSON's 0.005 is 0.0050 (it was 0.01).
const perMillionFormat = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function perMillionText(x) {
  if (x === 0 || Math.abs(x) >= 0.01) return perMillionFormat.format(x);
  return x.toFixed(1 - Math.floor(Math.log10(Math.abs(x))));
}

// The frequency per million tokens of the index, and of the subcorpus a filter keeps.
function perMillion(data) {
  const show = perMillionText;
  if (typeof data.per_million !== "number") return "";
  if (typeof data.per_million_subcorpus !== "number") return ` (${show(data.per_million)} per million tokens)`;
  if (data.subcorpus_tokens === 0) return ` (${show(data.per_million)} per million tokens of the index; the subcorpus is empty)`;
  return ` (${show(data.per_million)} per million tokens of the index, ${show(data.per_million_subcorpus)} of the subcorpus)`;
}

function say(text, bad) {
  statusLine.textContent = text;
  statusLine.className = bad ? "error" : "";
}

function pageSize() { return Number(field("k").value) || PAGE_K; }

// The page size of the lines shown: a number typed in the box and not searched is not
// theirs (Next after lines 1–10 with 5 typed showed lines 6–15, five of them again).
function shownPageSize() { return Number(shownQuery && shownQuery.get("k")) || pageSize(); }

function pager(data) {
  // The lines' own page size: a number typed while they were on their way is not theirs
  // (lines 1–10 of 83 said "page 1 of 17" with 5 typed meanwhile).
  const k = shownPageSize();
  // An address past the end (offset=100 of 30 lines) said "page 11 of 3".
  const open = anyWord(data);  // no total: a full page may have a next one
  document.getElementById("page-indicator").textContent = open
    ? `page ${number.format(Math.floor(data.offset / k) + 1)}` : pageIndicator(data.offset, k, linesAvailable(data));
  document.getElementById("prev-page").disabled = data.offset <= 0;
  document.getElementById("next-page").disabled = open ? data.count < k : data.offset + k >= linesAvailable(data);
  document.getElementById("pager").hidden = data.total === 0;
  document.getElementById("view-options").hidden = data.total === 0;
}

// ``line``: the line (counted from the first match, 0 on) to make current on the page
// turned to; else its first line, or its last going back.
function goToPage(step, line) {
  if (!answer) return;
  const land = () => {
    if (hits.length) move(line === undefined ? (step > 0 ? 0 : hits.length - 1) : line - answer.offset);
  };
  const k = shownPageSize();
  if (anyWord(answer)) {  // no total: on while a page is full, back to the first
    if (step > 0 && answer.count < k) return;
    const offset = step > 0 ? answer.offset + k : Math.max(0, answer.offset - k);
    if (offset === answer.offset) return;
    view.offset = offset;
    fillForm(shownAddress());
    run(true).then(land);
    return;
  }
  // Back from past the end goes to the last page (it went back one page size at a time
  // through empty pages).
  const lastPage = Math.max(0, Math.ceil(linesAvailable(answer) / k) - 1) * k;
  const offset = step > 0 ? answer.offset + k : Math.min(lastPage, Math.max(0, answer.offset - k));
  if (offset === answer.offset || offset >= linesAvailable(answer)) return;
  view.offset = offset;
  fillForm(shownAddress());  // the boxes show the query paged, not an edit not searched
  run(true).then(land);
}

// The lines shown, or every match (a download without k has them all).
function downloads(params) {
  const all = new URLSearchParams(params);
  all.delete("k");
  all.delete("offset");
  for (const format of ["csv", "jsonl"]) {
    for (const [id, p] of [[`download-${format}`, new URLSearchParams(params)], [`download-all-${format}`, new URLSearchParams(all)]]) {
      p.set("format", format);
      // The metadata columns shown, in the CSV too (JSONL has every field in meta).
      if (format === "csv") for (const name of view.columns) p.append("columns", name);
      document.getElementById(id).href = "/api/search?" + p.toString();
    }
  }
  // An any-word search has no "all": its download without k is its default 20 nearest.
  document.getElementById("download-all").hidden = anyWord(answer);
  const fewer = linesAvailable(answer) < answer.total;  // a sample's, or max_per_doc's
  const kind = params.get("sample") ? "sampled lines" : "lines";  // the lines', not the box's
  document.getElementById("download-total").textContent = fewer
    ? `${number.format(linesAvailable(answer))} ${kind}` : plural(answer.total, "match", "matches");
  document.getElementById("downloads").hidden = hits.length === 0;
}

// "more like this" / "not like this": the same query with one more id, from its start.
// The query of the line clicked, not the form as edited since and not searched (+ on a
// line of "bank" with "spring" typed ranked spring's lines by that bank), in the view
// shown (its columns and chart were dropped).
function refine(kind, id) {
  const p = shownQuery ? new URLSearchParams(shownQuery) : paramsFromForm();
  for (const name of ["offset", "sort", "ignore_punct"]) p.delete(name);
  for (const name of view.columns) p.append("columns", name);
  if (view.chart) p.set("chart", view.chart);
  if (!p.getAll(kind).includes(String(id))) p.append(kind, String(id));
  fillForm(p);
  run(true);
}

function rememberView() {
  if (asking) {  // the view in the address of the search on its way (its entry)
    asking.delete("columns");
    asking.delete("chart");
    for (const name of view.columns) asking.append("columns", name);
    if (view.chart) asking.set("chart", view.chart);
    history.replaceState(null, "", "?" + asking.toString());
    return;
  }
  history.replaceState(null, "", "?" + shownAddress().toString());
}

// -- the table

function draw() {
  body.replaceChildren();
  drawColumns();
  namePatternControls();
  for (const hit of hits) body.append(row(hit));
  table.hidden = hits.length === 0;
  for (const button of sortButtons()) {
    button.setAttribute("aria-pressed", button.dataset.sort === view.sort ? "true" : "false");
  }
}

// A pattern's lines are whole matches: the node column, its sort and its count say so.
function namePatternControls() {
  const pattern = Boolean(answer && answer.pattern);
  for (const control of document.querySelectorAll("[data-pattern]")) {
    if (!control.dataset.word) control.dataset.word = control.textContent;
    control.textContent = pattern ? control.dataset.pattern : control.dataset.word;
  }
  const sort = document.getElementById("node-sort");
  if (!sort.dataset.wordTitle) sort.dataset.wordTitle = sort.title;
  sort.title = pattern ? sort.dataset.patternTitle : sort.dataset.wordTitle;
}

// The column headers' sort buttons and the view's "best examples first".
function sortButtons() {
  return document.querySelectorAll("#kwic button.sort, #quality-sort");
}

// Lines sorted by example quality (sort=quality) carry it: a column shows it then.
function hasQuality() {
  return hits.some((hit) => typeof hit.quality === "number");
}

// The chosen metadata fields, as columns before the document's, and the example quality
// when the lines carry it.
function drawColumns() {
  for (const old of table.querySelectorAll(".meta-col, .quality-col")) old.remove();
  const docCol = table.querySelector("col.c-doc");
  const docHead = table.querySelector("th.doc-head");
  if (hasQuality()) {  // after the score, as each line's cell
    const col = document.createElement("col");
    col.className = "c-quality quality-col";
    table.querySelector("col.c-score").after(col);
    const th = el("th", "quality", "quality-col quality-head");
    th.title = "example quality (0 to 1, best 1): hover a line's figure for its parts";
    table.querySelector("button.sort[data-sort=score]").closest("th").after(th);
  }
  for (const name of view.columns) {
    const col = document.createElement("col");
    col.className = "c-meta meta-col";
    docCol.before(col);
    const th = el("th", name, "meta-col meta-head");
    th.dataset.field = name;
    docHead.before(th);
  }
}

function row(hit) {
  const tr = document.createElement("tr");
  tr.dataset.id = String(hit.id);
  tr.className = "hit";
  tr.append(el("td", hit.rank, "rank"), el("td", hit.id, "id"));
  const [left, right] = kwicCells(tr, hit.left, node(hit), hit.right, "kr");
  tr.append(left, el("td", node(hit), "node"), right);
  tr.append(el("td", hit.score === null ? "" : hit.score.toFixed(3), "score"));
  if (hasQuality()) tr.append(qualityCell(hit));
  for (const name of view.columns) {
    const value = (hit.meta || {})[name];
    const td = el("td", metaText(value), "meta meta-col");
    td.dataset.field = name;
    td.title = td.textContent;
    tr.append(td);
  }
  tr.append(docCell(hit.doc));
  tr.title = hit.sentence;
  const actions = el("td", null, "actions");
  actions.append(
    button("+", "more like this", () => refine("like", hit.id)),
    button("−", "not like this", () => refine("unlike", hit.id)),
    button("▸", "show the paragraph", (event) => toggle(tr, hit, event.currentTarget)),
  );
  tr.append(actions);
  tr.addEventListener("click", (event) => {
    if (event.target.closest("button")) return;
    current = hits.indexOf(hit);
    mark();
  });
  return tr;
}

// A line's example quality, its parts in the title ("typicality 0.97, length 0.38, …").
function qualityCell(hit) {
  if (typeof hit.quality !== "number") return el("td", "", "quality quality-col");
  const td = el("td", hit.quality.toFixed(2), "quality quality-col");
  const parts = Object.entries(hit.quality_parts || {}).map(([name, value]) => `${name} ${value.toFixed(2)}`);
  td.title = `example quality ${hit.quality.toFixed(3)}: ${parts.join(", ")}`;
  td.dataset.quality = String(hit.quality);
  return td;
}

// A long document id is cut to the column: its title has all of it, and a click opens
// the cell to the whole id (selectable, so it can be copied).
function docCell(doc) {
  const td = el("td", null, "doc");
  const id = el("button", doc, "doc-id");
  id.type = "button";
  id.title = `${doc} (click to show the whole id)`;
  id.addEventListener("click", () => td.classList.toggle("open"));
  td.append(id);
  return td;
}

// The word, or a pattern's whole match as the sentence has it (between left and right).
function node(hit) {
  if (hit.match.length <= 1) return hit.form;
  return hit.sentence.slice(hit.left.length, hit.sentence.length - hit.right.length);
}

function button(text, title, onClick) {
  const b = el("button", text);
  b.type = "button";
  b.title = title;
  b.setAttribute("aria-label", title);
  b.addEventListener("click", onClick);
  return b;
}

async function toggle(tr, hit, control) {
  const next = tr.nextElementSibling;
  if (next && next.classList.contains("detail")) { next.remove(); control.textContent = "▸"; return; }
  control.textContent = "▾";
  const detail = el("tr", null, "detail");
  const cell = el("td");
  cell.colSpan = tr.children.length;
  const para = el("p", null, "para");
  para.append(hit.left, el("b", hit.form), hit.right);
  const meta = el("p", null, "muted");
  const fields = Object.entries(hit.meta || {}).map(([k, v]) => `${k}: ${metaText(v)}`);
  meta.append(`id ${hit.id} · doc `, el("code", hit.doc, "whole-doc"), " ", copyButton(hit.doc));
  const labelText = (label, predicted) => (label ? `label: ${label}${predicted ? " (predicted)" : ""}` : "");
  const more = [...fields, hit.pos || ""].filter(Boolean);
  if (more.length) meta.append(" · " + more.join(" · "));
  // The label as the search read it, then as the occurrence holds it now: the detail
  // showed the label of search time after an annotator or the command line changed it.
  const held = el("span", hit.label ? " · " + labelText(hit.label, hit.label_predicted) : "", "line-label");
  meta.append(held);
  cell.append(para, meta);
  detail.append(cell);
  tr.after(detail);
  try {
    const c = await api(`/api/context/${hit.id}?sentences=${CONTEXT_SENTENCES}`);
    para.replaceChildren(c.before, c.left, el("b", c.form), c.right, c.after);
    // The paragraph goes on past the sentences shown: said at the cut, as the shown
    // text read as the whole paragraph (two sentences of four, its first left out).
    if (c.more_before) para.prepend(paragraphCut("before"));
    if (c.more_after) para.append(paragraphCut("after"));
    if ("label" in c && (c.label !== hit.label || Boolean(c.label_predicted) !== Boolean(hit.label_predicted))) {
      const then = hit.label ? labelText(hit.label, hit.label_predicted) : "no label";
      held.textContent = " · " + (c.label ? labelText(c.label, c.label_predicted) : "no label") + ` now (${then} when searched)`;
    }
  } catch (error) { meta.append(` (${error.message})`); }
}

// Sentences either side of a line's own in its detail (▸): the paragraph is cut there.
const CONTEXT_SENTENCES = 2;

function paragraphCut(side) {
  const mark = el("span", side === "before" ? "… " : " …", "paragraph-cut");
  mark.title = `the paragraph goes on ${side} this: ${CONTEXT_SENTENCES} sentences either side of the line's own are shown`;
  return mark;
}

function copyButton(text) {
  const b = button("copy", "copy the document id", async () => {
    try {
      await navigator.clipboard.writeText(text);
      b.textContent = "copied";
    } catch (_) {  // no clipboard (an insecure origin): select the id for Ctrl-C
      const range = document.createRange();
      range.selectNodeContents(b.previousSibling.previousSibling);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      b.textContent = "selected: Ctrl-C copies";
    }
  });
  b.className = "link copy";
  return b;
}

// -- the chart: where all the matches fall (not only this page's), from count=BY

async function chart() {
  const figure = document.getElementById("chart");
  if (!view.chart || !answer || answer.total === 0) { figure.hidden = true; chartShown = ""; return; }
  const p = apiParams(shownAddress());
  // A sort changes no count, except of the lines max_per_doc keeps from a concordance:
  // the first N of each document in the list's order (sorted by the word after, other
  // lines than in corpus order). The chart counted the corpus order's under the sorted
  // list. A ranking keeps its best N whatever the sort (which orders only a page).
  const ranked = RANKING.some((name) => p.has(name));
  const sortChooses = p.has("max_per_doc") && !ranked;
  // ignore_punct goes with the sort (its note "changes nothing here" named, under the
  // chart, a parameter of the list's sort the chart does not send).
  // An any-word search has no "all the matches": its chart counts the lines shown (k,
  // offset), which words the nearest usages are of.
  const open = anyWord(answer);
  for (const name of [...(open ? [] : ["k", "offset"]), ...(sortChooses ? [] : ["sort", "ignore_punct"])]) p.delete(name);
  // A ranking only orders the matches, and the API refuses a count of every match that
  // names one (it would change nothing): the chart of a ranked search counts its N best,
  // N its total, which are all its matches (it showed that refusal as the chart).
  if (ranked && !open) p.set("k", String(answer.total));
  p.set("count", view.chart);
  // The words beside the node, as the eye reads them (as the sort buttons): punctuation skipped.
  if (/^(left|right)\d$/.test(view.chart)) p.set("ignore_punct", "true");
  const request = p.toString();
  // Another page of the same query, read at the same state of the index, keeps its
  // chart; once another process has changed the index (index_state), it is counted
  // again: it kept "Where the 25 matches fall" and their bars under "lines 11-20 of 28".
  const key = `${request}#${answer.index_state || ""}`;
  if (key === chartShown && !figure.hidden) return;
  chartShown = key;
  // Until the new count comes (inducing senses takes seconds), no chart of the old one
  // under the new choice: it was shown, captioned "by genre", with "sense" chosen.
  document.getElementById("chart-caption").textContent = `Counting the matches by ${chartName(view.chart)}…`;
  document.getElementById("chart-svg").replaceChildren();
  document.getElementById("chart-more").textContent = "";
  figure.hidden = false;
  try {
    const data = await api("/api/search?" + request);
    if (key !== chartShown) return;  // a newer query has asked for its own
    drawChart(data);
  } catch (error) {
    // A failed count of a query no longer shown (a slow one timing out) is not this
    // query's: it replaced the newer query's chart with its error.
    if (key !== chartShown) return;
    document.getElementById("chart-caption").textContent = errorText(error, form);
    document.getElementById("chart-svg").replaceChildren();
    document.getElementById("chart-more").textContent = "";
  }
  figure.hidden = false;
}

const SVG = document.getElementById("chart-svg").namespaceURI;  // the SVG namespace
function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// What a chart is by, in words: "induced sense", "word after (right1)", "genre"; a
// field named like a built-in key (meta:form) by its name, as its choice says it.
function chartName(by) {
  const chosen = document.querySelector(`#chart-by option[value="${CSS.escape(by)}"]`);
  return by === "sense" ? "induced sense" : by === "doc" ? "document" : chosen ? chosen.textContent : by;
}

function drawChart(data) {
  const byName = chartName(data.by);
  // The lines counted are what the pages go through: all the matches, a sample of them,
  // or at most max_per_doc of a document (it said "a random sample" of those too); not
  // the sum of the bars, which a line with two labels is in twice.
  const available = linesAvailable(data);
  const caption = document.getElementById("chart-caption");
  if (anyWord(data)) {
    const from = data.offset + 1, to = data.offset + data.counted;
    caption.textContent = `Where lines ${number.format(from)}–${number.format(to)} of the usages of any word nearest ${usageOf(shownAddress())} ${data.counted === 1 ? "falls" : "fall"}, by ${byName}${besideNote(data)}`;
  } else {
    const lines = available >= data.total ? `the ${plural(data.total, "match", "matches")}` : linesOf(data, shownAddress());
    caption.textContent = `Where ${lines} ${Math.min(available, data.total) === 1 ? "falls" : "fall"}, by ${byName}${besideNote(data)}`;
  }
  if (data.by === "sense") caption.append(...senseRuns(data.rows));
  const rows = inValueOrder(data.rows.slice(0, CHART_BARS), data.by);
  const rest = data.rows.slice(CHART_BARS);
  const words = new Set(data.rows.map((r) => r.lemma)).size;  // a pattern's senses: of several
  const most = Math.max(1, ...rows.map((r) => r.count));
  const LABEL = 190, BAR = 420, FIGURES = 120, ROW = 20;
  const picture = document.getElementById("chart-svg");
  picture.replaceChildren();
  picture.setAttribute("width", LABEL + BAR + FIGURES);
  picture.setAttribute("height", rows.length * ROW + 4);
  picture.setAttribute("viewBox", `0 0 ${LABEL + BAR + FIGURES} ${rows.length * ROW + 4}`);
  picture.setAttribute("aria-label", `bar chart of the matches by ${byName}`);
  const names = barLabels(rows.map(shownValue), 28);
  rows.forEach((r, i) => {
    const y = i * ROW + 2;
    const value = r.value === null ? "(none)" : String(r.value);  // a sense is a number
    const g = svg("g", { class: "bar", "data-value": value, "data-count": r.count });
    const shown = shownValue(r);
    const name = names[i];
    const sense = words > 1 ? `${r.lemma} ${value}` : `sense ${value}`;
    const label = data.by === "sense" && r.value !== null ? sense : name;
    g.append(
      svg("title", {}, `${shown}: ${number.format(r.count)} (${percentOf(r, data)})${ownFrequency(r, byName)}`),
      svg("text", { x: LABEL - 8, y: y + 13, "text-anchor": "end", class: "bar-label" }, label),
      svg("rect", { x: LABEL, y: y + 2, width: Math.max(1, (BAR * r.count) / most).toFixed(1), height: ROW - 6, class: "bar-rect" }),
      svg("text", { x: LABEL + BAR + 6, y: y + 13, class: "bar-count" }, `${number.format(r.count)}  ${percentOf(r, data)}`),
    );
    picture.append(g);
  });
  const others = rest.reduce((sum, r) => sum + r.count, 0);
  // The count's notes too: senses induced for this request only, shares over 100%.
  const more = rest.length ? [`and ${plural(rest.length, "more value")} with ${plural(others, "match", "matches")} (not drawn)`] : [];
  document.getElementById("chart-more").textContent = [...more, ...(data.notes || []).map((note) => `note: ${note}`)].join(" · ");
}

// A bar's value as its label and tooltip show it: '' and ' news' quoted, a missing one
// "(none)", a sense its number.
function shownValue(r) {
  return typeof r.value === "string" ? metaText(r.value) : r.value === null ? "(none)" : String(r.value);
}

// By a metadata field whose values are numbers (a year, a decade), the bars in the
// order of the values, as a timeline reads: by count, 1993 came above 1990 and 1991. A
// value that is no number comes after them, a document without the field ("(none)")
// last; other fields stay most frequent first.
function inValueOrder(rows, by) {
  const missing = (r) => r.value === null || r.value === "(none)";
  const number = (r) => Number(latinDigits(String(r.value)));  // a year ٢٠٠٢ is 2002
  const numeric = (r) => !missing(r) && String(r.value).trim() !== "" && Number.isFinite(number(r));
  // A metadata field's rows have their tokens; an any-word count's have none (no
  // totals), whose bars of a year came most frequent first: the field is the chart's.
  // (a count by document has its documents' tokens too, but its ids are no timeline)
  const field = by !== "doc" && (rows.every((r) => "value_tokens" in r) || isFieldChart(by));
  if (!field) return rows;
  // A field of years with a few values that are no number ("c. 1990", "n.d."): the
  // numbers still in order, those values after them (one such value drew every year's
  // bar most frequent first, 2016 above 1985). A field mostly of words stays by count.
  const numbers = rows.filter(numeric);
  const words = rows.filter((r) => !numeric(r) && !missing(r));
  if (!numbers.length || words.length >= numbers.length) return rows;
  return [...numbers.sort((a, b) => number(a) - number(b)), ...words, ...rows.filter(missing)];
}

// A chart by a metadata field of the index (one of the chart's choices under "the
// lines" other than sense and document).
function isFieldChart(by) {
  if (by === "sense" || by === "doc") return false;
  return Boolean(document.querySelector(`#chart-by optgroup[label='the lines'] option[value="${CSS.escape(by)}"]`));
}

// A text with the digits of any script written 0-9, as --where reads a number: each
// script's ten digits are consecutive, from its zero.
function latinDigits(text) {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const at = digit.codePointAt(0);
    let zero = at;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
    return String((at - zero) % 10);
  });
}

// The words beside the node are counted as the sort reads them, punctuation skipped (the
// API's count=right1 alone counts "."): the caption says so, and what "(none)" means there,
// since a line showing "pitch." had a "(none)" bar, not a "." one.
function besideNote(data) {
  if (!/^(left|right)\d$/.test(data.by)) return "";
  const none = data.rows.some((r) => r.value === null || r.value === "(none)") ? " (“(none)”: no word there in its sentence)" : "";
  return `, punctuation skipped${none}`;
}

// A bar's share of the lines counted, from its count: the row's `share` is already
// rounded to 4 decimals, and rounding it again showed 4 of 21 lines (0.1905) as 19.1%,
// not 19.0%.
function percentOf(row, data) {
  const share = data.counted ? row.count / data.counted : row.share;
  return `${(share * 100).toFixed(1)}%`;
}

// By a metadata field, a value's own frequency: per million tokens of its documents.
function ownFrequency(r, byName) {
  if (typeof r.per_million_value !== "number") return "";
  const show = perMillionText(r.per_million_value);
  // Under a filter the value's tokens are those of the subcorpus ("of its decade (946
  // tokens)" read as the whole decade's, 1,450; pass 25y).
  const within = typeof r.per_million_subcorpus === "number" ? " in the subcorpus" : "";
  return `; ${show} per million tokens of its ${byName}${within} (${number.format(r.value_tokens)} tokens)`;
}

// Which sense runs the numbers are of: " of “state” in sense run 2" (a pattern's words:
// each with its run), each run a link to its senses page. A number means nothing
// without its run: another run of the word numbers its senses otherwise.
function senseRuns(rows) {
  const runs = new Map();
  // The words of a pattern (or any word) without a stored run: their bars' numbers are
  // of senses induced for this count only (the caption named only the stored runs' word,
  // "of “bank” in sense run 4", over the bars "barn 1" of no run).
  const unstored = new Set();
  for (const r of rows) {
    if (r.value === null || r.value === undefined) continue;
    if (r.sense_run === null || r.sense_run === undefined) { unstored.add(r.lemma); continue; }
    if (!runs.has(r.lemma)) runs.set(r.lemma, new Set());
    runs.get(r.lemma).add(r.sense_run);
  }
  const pieces = [];
  [...runs].forEach(([lemma, ids], i) => {
    pieces.push(i === 0 ? " of " : "; ", `“${lemma}” in `);
    [...ids].forEach((id, j) => {
      const link = el("a", `sense run ${id}`, "sense-run");
      link.href = `/senses/${encodeURIComponent(lemma)}?senses=${id}`;
      pieces.push(...(j ? [", ", link] : [link]));
    });
  });
  if (unstored.size) {
    const words = [...unstored].map((lemma) => `“${lemma}”`).join(", ");
    pieces.push(`${runs.size ? "; " : " of "}${words}: induced for this chart only (no stored sense run)`);
  }
  return pieces;
}

// -- keys: lines and pages

function move(to) {
  if (!hits.length) return;
  current = Math.max(0, Math.min(hits.length - 1, to));
  mark();
}

function mark() {
  const lines = [...body.querySelectorAll("tr.hit")];
  lines.forEach((tr, i) => tr.classList.toggle("current", i === current));
  const tr = lines[current];
  if (tr) {
    tr.setAttribute("aria-current", "true");
    for (const other of lines) if (other !== tr) other.removeAttribute("aria-current");
    tr.scrollIntoView({ block: "nearest" });
  }
}

function openCurrent() {
  const tr = body.querySelectorAll("tr.hit")[current];
  if (tr) tr.querySelector("button[title='show the paragraph']").click();
}

function toggleHelp() {
  const help = document.getElementById("keys-help");
  help.hidden = !help.hidden;
}

// The next line from a page's last is the next page's first, the one before a page's
// first the last of the page before: line by line through every match (j stopped at
// each page's end, pass 40b).
function nextLine() {
  if (hits.length && current === hits.length - 1) goToPage(1); else move(current + 1);
}

// (the line before the page's first, not the last of the page before: from lines 6-15,
// a page begun at a bookmarked offset or another page size, k went to line 10 of 1-10)
function previousLine() {
  if (hits.length && current === 0) goToPage(-1, answer.offset - 1); else move(current - 1);
}

const KEYS = {
  j: nextLine, ArrowDown: nextLine,
  k: previousLine, ArrowUp: previousLine,
  n: () => goToPage(1), ArrowRight: () => goToPage(1),
  p: () => goToPage(-1), ArrowLeft: () => goToPage(-1),
  o: openCurrent, Enter: openCurrent,
  "/": () => wordInput.focus(),
  "?": toggleHelp,
};

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape" && event.target.closest("input, select, textarea")) { event.target.blur(); return; }
  // A box typed in takes its keys; a column's checkbox (Show as columns) does not: n
  // after ticking a column did nothing, unsaid.
  const box = event.target.closest("input, select, textarea, [contenteditable]");
  if (box && !(box.type === "checkbox" && box.closest("#columns"))) return;
  if (event.key === "Enter" && event.target.closest("button, a, summary")) return;
  const action = KEYS[event.key];
  if (!action || (table.hidden && event.key !== "/" && event.key !== "?")) return;
  event.preventDefault();
  action();
});

// -- wiring

for (const input of form.querySelectorAll("input.usage-input")) setUpMarker(input, input.name === "example" ? markWord : null);
document.getElementById("add-example").addEventListener("click", () => addExample("").focus());
form.addEventListener("submit", (event) => {
  event.preventDefault();
  view.offset = 0;
  run(true);
});
for (const b of sortButtons()) {
  b.addEventListener("click", () => {
    // "best examples first" pressed again: back to the query's own order.
    const sort = b.id === "quality-sort" && view.sort === "quality" ? "" : b.dataset.sort;
    // The lines shown sorted, not the boxes as edited since and not searched (a click on
    // "right" with another word typed sorted that word's lines), as Next pages them.
    if (shownQuery) fillForm(shownAddress());
    view.sort = sort;
    // The words beside the node, as the eye reads them: punctuation skipped.
    view.ignorePunct = /left|right/.test(view.sort);
    view.offset = 0;  // a new order starts from its first line
    run(true);
  });
}
document.getElementById("prev-page").addEventListener("click", () => goToPage(-1));
document.getElementById("next-page").addEventListener("click", () => goToPage(1));
for (const box of document.querySelectorAll("#columns input")) {
  box.addEventListener("change", () => {
    view.columns = [...document.querySelectorAll("#columns input:checked")].map((b) => b.value);
    rememberView();
    draw();
    mark();
    if (answer) downloads(apiParams(shownAddress()));
  });
}
document.getElementById("chart-by").addEventListener("change", (event) => {
  view.chart = event.target.value;
  rememberView();
  chart();
});
document.getElementById("keys-button").addEventListener("click", toggleHelp);
window.addEventListener("popstate", () => {
  const p = new URLSearchParams(location.search);
  fillForm(p);
  if (asksSearch(p)) run(false);
  else { clearResults(); say(""); }  // Back to the empty page: not the later search's lines
});
// An address of a search: a word, a pattern, or any word (which needs no word).
function asksSearch(p) { return Boolean(p.get("word") || p.get("cql") || isOn(last(p, "any_word"))); }

{
  const p = new URLSearchParams(location.search);
  if (asksSearch(p)) { fillForm(p); run(false); }
}
