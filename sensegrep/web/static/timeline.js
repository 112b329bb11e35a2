// The sense timeline: a word's senses over the values of a document metadata field,
// drawn from GET /api/senses/PAGE_WORD?by=FIELD (sensegrep/stats/timeline.py). A numeric
// field (year) is a stacked bar per value or bin, a text field (genre) grouped bars per
// value; the bars show each sense's share of the word's occurrences there, its
// frequency per million tokens of the value's documents, or its count. Hovering a bar
// (or focusing it) shows its exact figures; clicking it opens the search page with the
// row's own search (word, sense, sense run, the value's where), which lists as many
// lines as the count says. Two groups (between, as `sensegrep change` compares them)
// are marked on the timeline and their senses drawn side by side, from the search's
// count by sense. The address holds every parameter.
"use strict";

const form = document.getElementById("timeline-form");
const PAGE_WORD = form.dataset.word;
const READ_ONLY = form.dataset.readOnly === "true";
const MEASURES = {
  share: "share of the word's occurrences in each value",
  per_million: "per million tokens of each value's documents",
  count: "occurrences",
};
const number = new Intl.NumberFormat("en");
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const W = 960, H = 340, LEFT = 70, RIGHT = 12, TOP = 10, BAND = 18;
const TILTED = 8;  // more values than this: their labels tilted
const MAX_LABELS = 24;  // x-axis labels shown at most (every n-th beyond)

let answer = null;  // GET /api/senses/PAGE_WORD?by=… answer
let groups = [];  // the two groups asked (between): {letter, value, where, count, error}
let measure = "share";

const statusLine = document.getElementById("status");
const tip = document.getElementById("timeline-tip");
const SVG = document.getElementById("timeline-svg").namespaceURI;

function say(text, bad) {
  statusLine.textContent = text;
  statusLine.className = bad ? "error" : "";
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function plural(n, one, many) { return `${number.format(n)} ${n === 1 ? one : many || one + "s"}`; }

// -- the address and the form

function address() { return new URLSearchParams(location.search); }

function fillForm(p) {
  for (const name of ["bin_width", "senses", "n"]) {
    form.elements.namedItem(name).value = p.get(name) || "";
  }
  const by = p.get("by");
  const select = document.getElementById("t-by");
  if (by && ![...select.options].some((o) => o.value === by)) select.append(new Option(by, by));
  if (by) select.value = by;
  const [a, b] = p.getAll("between");
  document.getElementById("t-group-a").value = a || "";
  document.getElementById("t-group-b").value = b || "";
  measure = MEASURES[p.get("measure")] ? p.get("measure") : "share";
  for (const radio of form.querySelectorAll("input[name=measure]")) radio.checked = radio.value === measure;
}

// The address the form says, keeping the where and doc it came with (a change row's
// subcorpus of both groups); the groups only when both are given.
function formAddress(word) {
  const p = new URLSearchParams();
  p.set("by", document.getElementById("t-by").value);
  for (const name of ["bin_width", "senses", "n"]) {
    const value = form.elements.namedItem(name).value.trim();
    if (value) p.set(name, value);
  }
  const a = document.getElementById("t-group-a").value.trim();
  const b = document.getElementById("t-group-b").value.trim();
  if (a && b) {
    p.append("between", a);
    p.append("between", b);
  }
  for (const name of ["where", "doc"]) for (const value of address().getAll(name)) p.append(name, value);
  if (measure !== "share") p.set("measure", measure);
  keepRun(p, word);
  return p;
}

// Which sense run the form asks for. The run drawn when only the field, the bins, the
// groups or the measure change: Draw drew a run made or pinned since, its senses
// numbered another way (pass 32a), as the senses page's form keeps the run it shows. A
// run the address named (carried in its box, not typed) is not sent beside a number of
// senses typed, which asks for that number's run, nor for another word: a run is of one
// word (they were the refusals "… not both" and "sense run 1 is of 'bank'"). A run
// box emptied asks for the current run.
function keepRun(p, word) {
  const shown = address();
  const carried = (p.get("senses") || "") === (shown.get("senses") || "");
  if (carried && (word !== PAGE_WORD || (p.get("n") || "") !== (shown.get("n") || ""))) {
    p.delete("senses");
    return;
  }
  const none = !p.get("senses") && !shown.get("senses") && !p.get("n") && !shown.get("n");
  if (none && word === PAGE_WORD && answer && answer.stored) {
    p.set("senses", String(answer.by.run));
  }
}

function pageOf(word, p) { return `/senses/${encodeURIComponent(word)}/timeline?${p}`; }

// -- asking

let loads = 0;  // the drawings asked so far

async function load() {
  const p = address();
  fillForm(p);
  const by = document.getElementById("t-by").value;
  if (!by) {
    say("the index's documents have no metadata field: there is nothing to draw a timeline over", true);
    return;
  }
  const q = new URLSearchParams({ by, examples: "1" });
  for (const name of ["bin_width", "senses", "n"]) if (p.get(name)) q.set(name, p.get(name));
  say("Counting…");
  // Only the newest drawing draws (a slow one answered after a later one drew its bars
  // under the later one's address and form).
  const mine = ++loads;
  try {
    const data = await api(`/api/senses/${encodeURIComponent(PAGE_WORD)}?${q}`);
    if (mine !== loads) return;
    answer = data;
  } catch (error) {
    if (mine !== loads) return;
    answer = null;
    // The headline of the drawing before ("mouse by genre: 105 occurrences") stood over
    // the refusal of the one asked, as if it were its answer.
    document.getElementById("headline").textContent = "";
    say(errorText(error, form), true);
    for (const id of ["timeline", "groups", "timeline-table", "timeline-links", "store-note"]) document.getElementById(id).hidden = true;
    return;
  }
  const counted = await loadGroups(p);
  if (mine !== loads) return;
  groups = counted;
  draw();
}

// Each group's occurrences by sense: the search's count by sense with the group's
// where (the field's value, after the where both groups share) in the run shown.
async function loadGroups(p) {
  const given = p.getAll("between");
  if (given.length !== 2) return [];
  const by = answer.by;
  return Promise.all(given.map(async (value, i) => {
    const where = [...p.getAll("where"), `${by.field}=${value}`];
    const group = { letter: "AB"[i], value, where, docs: p.getAll("doc"), count: null, error: "" };
    if (!answer.stored) {
      group.error = "no stored sense run: its senses cannot be counted in a subcorpus";
      return group;
    }
    const q = new URLSearchParams({ word: PAGE_WORD, count: "sense", senses_run: String(by.run) });
    for (const w of where) q.append("where", w);
    for (const d of group.docs) q.append("doc", d);
    try {
      group.count = await api(`/api/search?${q}`);
    } catch (error) {
      group.error = error.message;
    }
    return group;
  }));
}

// -- the figures of one bar

function figureOf(r, s) {
  const by = answer.by;
  if (measure === "share") return shareOf(r, s) ?? 0;
  if (measure === "per_million") return by.per_million[r][s] ?? 0;
  return by.counts[r][s];
}

// A share worked out from the counts: the API's shares are rounded to 4 decimals, and
// rounding one again for a percentage showed 4 of 21 (0.1905) as 19.1%, not 19%.
function shareOf(r, s) {
  const by = answer.by;
  const total = by.counts[r].reduce((a, b) => a + b, 0);
  return total ? by.counts[r][s] / total : by.share[r][s];
}

// A row without the word has no share (null: no occurrence to share), not 0%.
function shareText(r, s) {
  const share = shareOf(r, s);
  return share === null || share === undefined ? "–" : percent.format(share);
}

function senseShare(s) {
  const senses = answer.by.senses;
  const total = senses.reduce((a, sense) => a + sense.count, 0);
  return total ? senses[s].count / total : senses[s].share;
}

function shown(value) {
  if (value === null || value === undefined) return "–";
  return Number.isInteger(value) ? number.format(value) : decimalText(value);
}

function measureText(value) {
  return measure === "share" ? percent.format(value) : shown(value);
}

function senseName(s) { return answer.by.senses[s].name; }

// The search page listing row r's occurrences of sense s (null: no search lists
// them: the documents without the field, or a run induced for this view only).
function searchOf(r, s) {
  const by = answer.by;
  if (!answer.stored || by.where[r] === null) return null;
  const p = new URLSearchParams({ word: answer.word, sense: String(s + 1), senses_run: String(by.run) });
  p.append("where", by.where[r]);
  return "/?" + p;
}

function senseSearch(s) {
  if (!answer.stored) return null;
  return "/?" + new URLSearchParams({ word: answer.word, sense: String(s + 1), senses_run: String(answer.by.run) });
}

// -- drawing

function draw() {
  const by = answer.by;
  // The word's occurrences once: a document whose value is a list (genre [news, sport])
  // is in the row of each, and the rows' sum said 215 of bank's 108 occurrences.
  const total = by.senses ? by.senses.reduce((sum, sense) => sum + sense.count, 0)
    : by.counts.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  document.getElementById("headline").textContent =
    `${answer.word} by ${by.field}: ${plural(total, "occurrence")}, ${plural(answer.k, "sense")}`;
  // The row of the documents without the field is no value or bin of it ("8 bins of
  // year (bins of 10)" for 7 bins and that row).
  const without = by.where.filter((w) => w === null).length;
  say(`${plural(by.values.length - without, by.bin_width ? "bin" : "value")} of ${by.field}` +
    (by.bin_width ? ` (bins of ${number.format(by.bin_width)})` : "") +
    (without ? ` and ${by.values[by.where.indexOf(null)]}, the documents without it` : "") +
    `; ${plural(by.corpus_tokens, "token")} in ${plural(by.corpus_documents, "document")}` + groupsOnly() +
    // What the figures leave out or count twice (a list's items), in the API's words.
    (by.notes || []).map((note) => ` · note: ${note}`).join(""));
  links();
  storeNote();
  drawChart();
  drawLegend();
  drawGroups();
  drawTable();
}

// A where or doc in the address (a change row's subcorpus) chooses the two groups'
// documents only: the bars and the table are of the whole index, which the page did not
// say under a change row's "register=news" (issue 23, pass 23g).
function groupsOnly() {
  const p = address();
  const chosen = [...p.getAll("where").map((w) => `where ${w}`), ...p.getAll("doc").map((d) => `doc ${d}`)];
  if (!chosen.length) return "";
  return ` (the whole index: ${chosen.join(", ")} chooses the documents of the two groups only)`;
}

function links() {
  const run = answer.stored ? `?senses=${answer.by.run}` : "";
  document.getElementById("link-senses").href = `/senses/${encodeURIComponent(answer.word)}${run}${run ? "&" : "?"}by=${encodeURIComponent(answer.by.field)}`;
  document.getElementById("link-concordance").href = "/?" + new URLSearchParams({ word: answer.word });
  const q = new URLSearchParams(location.search);
  const json = new URLSearchParams({ by: answer.by.field });
  for (const name of ["bin_width", "senses", "n"]) if (q.get(name)) json.set(name, q.get(name));
  // The run drawn, not the word's current one when it is read: another process pinning
  // another run (senses --use) made the JSON another clustering than the bars.
  if (answer.stored) {
    json.set("senses", String(answer.by.run));
    json.delete("n");
  }
  document.getElementById("link-json").href = `/api/senses/${encodeURIComponent(answer.word)}?${json}`;
  document.getElementById("timeline-links").hidden = false;
}

// Of n senses asked for, the word may have stored runs of another n: "bank has no
// stored sense run" beside its runs 1 and 2 was not true (issue 23).
function madeWith(run) {
  return run.requested ? ` made with ${run.requested} senses` : "";
}

function storeNote() {
  const note = document.getElementById("store-note");
  note.hidden = answer.stored;
  if (answer.stored) return;
  document.getElementById("store-text").textContent =
    `${answer.word} has no stored sense run${madeWith(answer.run)}: these senses were induced for this view only, so no search lists a bar's lines` +
    (READ_ONLY ? ` (sensegrep senses ${answer.word}${answer.run.requested ? ` --n ${answer.run.requested}` : ""} stores one).` : ". Store them to open each bar's lines:");
  document.getElementById("store-run").hidden = READ_ONLY;
}

function ticks(most) {
  if (measure === "share") return [0, 0.25, 0.5, 0.75, 1];
  const raw = most / 4 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((x) => x >= raw);
  const out = [];
  for (let t = 0; t <= most + step / 2; t += step) out.push(t);
  return out;
}

function drawChart() {
  const by = answer.by;
  const figure = document.getElementById("timeline");
  const picture = document.getElementById("timeline-svg");
  picture.replaceChildren();
  hideTip();
  const n = by.values.length, k = answer.by.senses.length;
  const none = by.where.map((w) => w === null);
  const hasNone = none.some(Boolean);
  const marked = groups.length ? groups.map((g) => by.values.map((_v, r) => inGroup(g.value, r))) : [];
  const bottom = n > TILTED ? 58 : 28;  // room for the value labels
  const height = H + marked.length * BAND;
  picture.setAttribute("viewBox", `0 0 ${W} ${height}`);
  picture.setAttribute("width", W);
  picture.setAttribute("height", height);
  const plotW = W - LEFT - RIGHT, plotH = H - TOP - bottom;
  const slot = plotW / (n + (hasNone ? 0.5 : 0));
  const xOf = (r) => LEFT + slot * (r + (hasNone && none[r] ? 0.5 : 0));
  const stacked = by.numeric;
  const heights = by.values.map((_v, r) => stacked
    ? [...Array(k).keys()].reduce((sum, s) => sum + figureOf(r, s), 0)
    : Math.max(0, ...[...Array(k).keys()].map((s) => figureOf(r, s))));
  const most = measure === "share" ? 1 : Math.max(...heights, 0) || 1;
  const scale = ticks(most);
  const top = Math.max(scale.at(-1), most);
  const yOf = (value) => TOP + plotH - (plotH * value) / top;
  for (const t of scale) {
    picture.append(
      svg("line", { x1: LEFT, x2: W - RIGHT, y1: yOf(t), y2: yOf(t), class: "grid-line" }),
      svg("text", { x: LEFT - 6, y: yOf(t) + 4, "text-anchor": "end", class: "axis-label" }, measureText(t)),
    );
  }
  picture.append(svg("text", { x: 12, y: TOP + plotH / 2, transform: `rotate(-90 12 ${TOP + plotH / 2})`, "text-anchor": "middle", class: "axis-title" }, measure.replace("_", " ")));
  const every = Math.ceil(n / MAX_LABELS);
  for (let r = 0; r < n; r++) {
    const x = xOf(r);
    const column = svg("g", { class: "slot", "data-row": r, "data-value": by.values[r] });
    const background = svg("rect", { x: x.toFixed(2), y: TOP, width: slot.toFixed(2), height: plotH, class: "slot-area" });
    background.append(svg("title", {}, slotTitle(r)));
    column.append(background);
    if (stacked) drawStack(column, r, x, slot, yOf); else drawGrouped(column, r, x, slot, yOf, k);
    picture.append(column);
    if (r % every === 0 || none[r]) {
      const cx = x + slot / 2, cy = TOP + plotH + 14;
      const label = svg("text", { x: cx.toFixed(1), y: cy, "text-anchor": n > TILTED ? "end" : "middle", class: "axis-label x-label" }, metaText(by.values[r]));
      if (n > TILTED) label.setAttribute("transform", `rotate(-30 ${cx.toFixed(1)} ${cy})`);
      picture.append(label);
    }
  }
  picture.append(svg("line", { x1: LEFT, x2: W - RIGHT, y1: yOf(0), y2: yOf(0), class: "axis-line" }));
  marked.forEach((rows, i) => drawBand(picture, groups[i], rows, xOf, slot, H + i * BAND));
  // Without bins a numeric field's bars are the values documents have, side by side:
  // a year no document has takes no place, so the steps are not to scale.
  const what = !stacked ? "a bar per sense in each value"
    : by.bin_width ? "a bar per bin, cut into the senses"
      : "a bar per value some document has, cut into the senses; a bin width spaces them evenly";
  const caption = `${answer.word}: ${MEASURES[measure]} (${what})`;
  document.getElementById("timeline-caption").textContent = caption;
  picture.setAttribute("aria-label", `${by.numeric ? "stacked" : "grouped"} bar chart: ${caption}`);
  figure.hidden = false;
}

function slotTitle(r) {
  const by = answer.by;
  const total = by.counts[r].reduce((a, b) => a + b, 0);
  return `${by.field} ${metaText(by.values[r])}: ${plural(total, "occurrence")} of ${answer.word} in ${plural(by.tokens[r], "token")}, ${plural(by.documents[r], "document")}`;
}

function drawStack(column, r, x, slot, yOf) {
  let base = 0;
  answer.by.senses.forEach((_sense, s) => {
    const value = figureOf(r, s);
    if (!(value > 0)) return;
    const y0 = yOf(base), y1 = yOf(base + value);
    base += value;
    column.append(segment(r, s, x + slot * 0.12, y1, slot * 0.76, y0 - y1));
  });
}

function drawGrouped(column, r, x, slot, yOf, k) {
  const width = (slot * 0.8) / k;
  answer.by.senses.forEach((_sense, s) => {
    const value = figureOf(r, s);
    if (!(value > 0)) return;
    column.append(segment(r, s, x + slot * 0.1 + s * width, yOf(value), width, yOf(0) - yOf(value)));
  });
}

// One sense in one value: a rectangle with its figures on hover and focus, a link to
// its lines when a search lists them.
function segment(r, s, x, y, width, height) {
  const by = answer.by;
  const rect = svg("rect", {
    x: x.toFixed(2), y: y.toFixed(2), width: Math.max(0.5, width).toFixed(2), height: Math.max(0.5, height).toFixed(2),
    fill: senseColour(s), class: "seg",
  });
  const href = searchOf(r, s);
  const node = href ? svg("a", { href, class: "seg-link" }) : svg("g", { tabindex: 0, class: "seg-plain" });
  node.dataset.row = String(r);
  node.dataset.sense = String(s + 1);
  node.dataset.value = by.values[r];
  node.dataset.count = String(by.counts[r][s]);
  node.setAttribute("aria-label", `${by.field} ${metaText(by.values[r])}, sense ${s + 1}: ${plural(by.counts[r][s], "occurrence")}` +
    (href ? "; opens these lines" : ""));
  node.append(rect);
  node.addEventListener("mouseenter", () => showTip(r, s, node));
  node.addEventListener("focus", () => showTip(r, s, node));
  node.addEventListener("mouseleave", hideTip);
  node.addEventListener("blur", hideTip);
  return node;
}

function showTip(r, s, node) {
  const by = answer.by;
  const total = by.counts[r].reduce((a, b) => a + b, 0);
  tip.replaceChildren();
  const head = el("p", null, "tip-head");
  head.append(swatch(s), ` ${by.field} ${metaText(by.values[r])} · ${senseName(s)}`);
  const list = el("dl");
  const item = (field, term, value, text) => {
    const dd = el("dd", text);
    dd.dataset.field = field;
    dd.dataset.value = value === null ? "" : String(value);
    list.append(el("dt", term), dd);
  };
  item("count", "occurrences", by.counts[r][s], `${shown(by.counts[r][s])} of ${shown(total)}`);
  item("share", "share", by.share[r][s], `${shown(by.share[r][s])} (${shareText(r, s)})`);
  item("per_million", "per million", by.per_million[r][s], `${shown(by.per_million[r][s])} (of ${plural(by.tokens[r], "token")})`);
  item("dp", "DP", by.dp[r][s], by.dp[r][s] === null ? "– (absent)" : shown(by.dp[r][s]));
  item("docs", "documents", by.docs[r][s], `${shown(by.docs[r][s])} of ${shown(by.documents[r])}`);
  const href = searchOf(r, s);
  const lines = by.counts[r][s];
  const hint = href ? `click: ${lines === 1 ? "this line" : `these ${plural(lines, "line")}`}`
    : by.where[r] === null ? "no search selects the documents without the field"
      : "store the sense run to list these lines";
  tip.append(head, list, el("p", hint, "tip-hint"));
  tip.hidden = false;
  const box = node.getBoundingClientRect();
  const frame = document.getElementById("timeline-box").getBoundingClientRect();
  const left = box.right - frame.left + 8;
  tip.style.left = `${Math.min(left, frame.width - tip.offsetWidth - 4)}px`;
  tip.style.top = `${Math.max(0, box.top - frame.top)}px`;
  if (left > frame.width - tip.offsetWidth - 4) tip.style.left = `${Math.max(0, box.left - frame.left - tip.offsetWidth - 8)}px`;
}

function hideTip() { tip.hidden = true; }

function swatch(s) {
  const picture = svg("svg", { width: 10, height: 10, "aria-hidden": "true" });
  picture.append(svg("rect", { width: 10, height: 10, fill: senseColour(s) }));
  return picture;
}

function drawLegend() {
  const by = answer.by;
  const run = document.getElementById("timeline-run");
  run.textContent = answer.stored
    ? `sense run ${by.run} of ${answer.word}: its sense numbers are those of every link here`
    : "senses induced for this view only (no stored run)";
  run.dataset.run = answer.stored ? String(by.run) : "";
  const legend = document.getElementById("timeline-legend");
  legend.replaceChildren();
  by.senses.forEach((sense, s) => {
    const li = el("li");
    li.dataset.sense = String(sense.sense);
    li.append(swatch(s), ` ${sense.name} `);
    const figures = `${plural(sense.count, "occurrence")} (${percent.format(senseShare(s))}), ` +
      `${shown(sense.per_million)} per million, DP ${shown(sense.dp)}` + (answer.stored ? ` · run ${by.run}` : "");
    li.append(el("span", figures, "muted"));
    const href = senseSearch(s);
    if (href) {
      const a = el("a", "lines ›");
      a.href = href;
      a.title = `the ${plural(sense.count, "line")} of sense ${sense.sense}`;
      li.append(" ", a);
    }
    legend.append(li);
  });
}

// -- the two groups (between)

// The alternatives of a --where value (sensegrep/storage/fields.py wanted): cut at
// unescaped commas, each at its first unescaped "..": a value or an inclusive range.
function alternatives(text) {
  const pieces = [];
  let parts = [], current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length && ",.\\".includes(text[i + 1])) {
      current += text[++i];
    } else if (ch === ",") {
      pieces.push([...parts, current]);
      parts = [];
      current = "";
    } else if (text.startsWith("..", i) && !parts.length) {
      parts = [current];
      current = "";
      i++;
    } else {
      current += ch;
    }
  }
  pieces.push([...parts, current]);
  return pieces.map((p) => p.length === 2
    ? { range: true, low: p[0].trim() || null, high: p[1].trim() || null }
    : { range: false, text: p[0].trim() });
}

function asNumber(text) {
  if (text === null || text === undefined || String(text).trim() === "") return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

// Whether row r of the timeline (a value, or a bin [start, end)) has documents in the
// group: for marking it only; the group's figures are counted by the API.
function inGroup(value, r) {
  const by = answer.by;
  if (by.where[r] === null) return false;
  const bin = by.bins[r];
  return alternatives(value).some((alt) => {
    if (bin) {
      const [start, end] = bin;
      if (!alt.range) {
        const x = asNumber(alt.text);
        return x !== null && start <= x && x < end;
      }
      const low = asNumber(alt.low), high = asNumber(alt.high);
      return (alt.low === null || (low !== null && end > low)) && (alt.high === null || (high !== null && start <= high));
    }
    const v = by.values[r];
    if (!alt.range) return v === alt.text;
    const x = asNumber(v), low = asNumber(alt.low), high = asNumber(alt.high);
    if (x !== null && (alt.low === null || low !== null) && (alt.high === null || high !== null)) {
      return (low === null || low <= x) && (high === null || x <= high);
    }
    return (alt.low === null || v >= alt.low) && (alt.high === null || v <= alt.high || v.startsWith(alt.high));
  });
}

function drawBand(picture, group, rows, xOf, slot, y) {
  const band = svg("g", { class: `band band-${group.letter.toLowerCase()}`, "data-group": group.letter });
  let any = false;
  rows.forEach((inside, r) => {
    if (!inside) return;
    any = true;
    band.append(svg("rect", { x: xOf(r).toFixed(2), y: y + 3, width: slot.toFixed(2), height: BAND - 6, class: "band-rect" }));
  });
  band.append(svg("text", { x: LEFT - 6, y: y + BAND - 5, "text-anchor": "end", class: "band-label" }, group.letter));
  band.append(svg("title", {}, `group ${group.letter}: ${answer.by.field}=${group.value}` +
    (any ? " (marked over the values it takes or bins it overlaps)" : " (no value shown here)")));
  picture.append(band);
}

function drawGroups() {
  const section = document.getElementById("groups");
  section.hidden = groups.length === 0;
  if (section.hidden) return;
  const box = document.getElementById("groups-rows");
  box.replaceChildren();
  const counts = [];
  for (const group of groups) {
    const row = el("div", null, "group-row");
    row.dataset.group = group.letter;
    const name = el("p", null, "group-name");
    name.append(el("b", group.letter), ` ${group.where.join(" and ")}` + (group.docs.length ? ` (documents ${group.docs.join(", ")})` : ""));
    row.append(name);
    if (group.error) {
      row.append(el("p", group.error, "error"));
      box.append(row);
      continue;
    }
    const bySense = new Array(answer.k).fill(0);
    for (const one of group.count.rows) bySense[one.value - 1] = one.count;
    counts.push(bySense);
    name.append(el("span", ` · ${plural(group.count.total, "occurrence")}`, "muted"));
    row.append(groupBar(group, bySense));
    box.append(row);
  }
  const jsd = document.getElementById("groups-jsd");
  jsd.textContent = counts.length === 2 && counts.every((c) => c.some(Boolean))
    ? `(Jensen–Shannon divergence ${decimalText(divergence(counts[0], counts[1]))})` : "";
}

function groupBar(group, bySense) {
  const total = bySense.reduce((a, b) => a + b, 0) || 1;
  const WIDE = 520;
  const bar = svg("svg", { width: WIDE, height: 22, viewBox: `0 0 ${WIDE} 22`, role: "img", class: "group-bar" });
  bar.setAttribute("aria-label", `group ${group.letter}: ` + bySense.map((c, s) => `sense ${s + 1} ${c}`).join(", "));
  let x = 0;
  bySense.forEach((count, s) => {
    if (!count) return;
    const width = (WIDE * count) / total;
    const p = new URLSearchParams({ word: answer.word, sense: String(s + 1), senses_run: String(answer.by.run) });
    for (const w of group.where) p.append("where", w);
    for (const d of group.docs) p.append("doc", d);
    const a = svg("a", { href: "/?" + p, class: "group-seg" });
    a.dataset.sense = String(s + 1);
    a.dataset.count = String(count);
    a.append(
      svg("rect", { x: x.toFixed(2), y: 2, width: width.toFixed(2), height: 18, fill: senseColour(s) }),
      svg("title", {}, `group ${group.letter}, ${senseName(s)}: ${plural(count, "occurrence")} (${percent.format(count / total)}); click: these lines`),
    );
    if (width > 34) a.append(svg("text", { x: (x + width / 2).toFixed(1), y: 15, "text-anchor": "middle", class: "seg-text" }, number.format(count)));
    bar.append(a);
    x += width;
  });
  return bar;
}

// Jensen–Shannon divergence, base 2, of two count vectors (stats/change.py's jsd).
function divergence(p, q) {
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const P = p.map((x) => x / sum(p)), Q = q.map((x) => x / sum(q));
  const M = P.map((x, i) => (x + Q[i]) / 2);
  const kl = (xs) => xs.reduce((a, x, i) => (x > 0 ? a + x * Math.log2(x / M[i]) : a), 0);
  return Math.round(Math.min(Math.max(kl(P) / 2 + kl(Q) / 2, 0), 1) * 10000) / 10000;
}

// -- the figures as a table

function drawTable() {
  const by = answer.by;
  const head = document.getElementById("timeline-head");
  const top = el("tr"), sub = el("tr");
  const cell = (tag, text, cls, span) => { const c = el(tag, text, cls); if (span) c.colSpan = span; return c; };
  top.append(cell("th", by.field, "", 0), cell("th", "tokens", "num"), cell("th", "documents", "num"));
  sub.append(cell("th", ""), cell("th", ""), cell("th", ""));
  by.senses.forEach((sense, s) => {
    const th = cell("th", null, "sense-head", 4);
    th.append(swatch(s), ` sense ${sense.sense}`);
    top.append(th);
    for (const name of ["count", "share", "per million", "DP"]) sub.append(cell("th", name, "num"));
  });
  top.append(cell("th", "total", "num"));
  sub.append(cell("th", ""));
  head.replaceChildren(top, sub);
  const body = document.getElementById("timeline-rows");
  body.replaceChildren();
  by.values.forEach((value, r) => {
    const tr = el("tr");
    tr.dataset.value = value;
    tr.append(el("td", metaText(value)), el("td", number.format(by.tokens[r]), "num"), el("td", number.format(by.documents[r]), "num"));
    by.senses.forEach((_sense, s) => {
      const c = el("td", null, "num");
      c.dataset.sense = String(s + 1);
      const href = searchOf(r, s);
      if (href && by.counts[r][s] > 0) {
        const a = el("a", number.format(by.counts[r][s]), "count");
        a.href = href;
        c.append(a);
      } else {
        c.textContent = number.format(by.counts[r][s]);
      }
      tr.append(c, el("td", shareText(r, s), "num"), el("td", shown(by.per_million[r][s]), "num"), el("td", shown(by.dp[r][s]), "num"));
    });
    tr.append(el("td", number.format(by.counts[r].reduce((a, b) => a + b, 0)), "num"));
    body.append(tr);
  });
  document.getElementById("timeline-table").hidden = false;
}

// -- wiring

async function storeRun() {
  const button = document.getElementById("store-run");
  button.disabled = true;
  // The senses shown, as drawn from the address: not a number of senses typed in the
  // box since and not drawn (it stored a run of 4 under the bars of 2 it said to store).
  const shown = address();
  const n = (shown.get("n") || "").trim();
  try {
    const made = await api(`/api/senses/${encodeURIComponent(PAGE_WORD)}`, { method: "POST", body: JSON.stringify({ n: n ? Number(n) : null }) });
    const p = shown;
    p.set("senses", String(made.run.id));
    p.delete("n");
    history.pushState(null, "", pageOf(PAGE_WORD, p));
    load();
  } catch (error) {
    say(error.message, true);
  } finally {
    button.disabled = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const word = document.getElementById("t-word").value.trim();
  if (!word) return;
  // One group alone compares nothing: said, where it was dropped unsaid and the page
  // drew no groups, as if none had been asked.
  const a = document.getElementById("t-group-a").value.trim();
  const b = document.getElementById("t-group-b").value.trim();
  if (Boolean(a) !== Boolean(b)) {
    say(`give both groups to compare: Group ${a ? "B" : "A"} is empty (Group ${a ? "A" : "B"}: ${a || b})`, true);
    return;
  }
  const target = pageOf(word, formAddress(word));
  if (word !== PAGE_WORD) {
    location.href = target;  // another word: its own page
    return;
  }
  history.pushState(null, "", target);
  load();
});
for (const radio of form.querySelectorAll("input[name=measure]")) {
  radio.addEventListener("change", () => {
    measure = radio.value;
    // The address drawn with its measure changed, not the boxes as edited since and not
    // drawn: an n typed, then "count", put n in the address, and "Store this sense run"
    // stored a run of n senses under the bars of the 6 it said to store.
    const p = address();
    if (measure === "share") p.delete("measure"); else p.set("measure", measure);
    history.replaceState(null, "", pageOf(PAGE_WORD, p));
    if (answer) drawChart();
  });
}
document.getElementById("store-run").addEventListener("click", storeRun);
window.addEventListener("popstate", load);
load();
