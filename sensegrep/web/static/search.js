// The search page: the form <-> the address (?word=…&example=…, so a query can be
// bookmarked and the back button works), /api/search, and the KWIC table.
"use strict";

const form = document.getElementById("search-form");
const wordInput = document.getElementById("word");
const statusLine = document.getElementById("status");
const table = document.getElementById("kwic");
const body = document.getElementById("hits");
const SIMPLE = ["label", "gloss", "sense", "expand", "pos", "doc", "k", "sample", "seed"];
let hits = [];
let sort = { key: "rank", dir: "asc" };

function field(name) {
  return form.elements.namedItem(name);
}

function usageInputs(name) {
  return [...form.querySelectorAll(`input.usage-input[name="${name}"]`)];
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

function ids(text) {
  return text.split(/[\s,;]+/).filter((t) => /^\d+$/.test(t));
}

function paramsFromForm() {
  const p = new URLSearchParams();
  p.append("word", wordInput.value.trim());
  if (field("cql").value.trim()) p.append("cql", field("cql").value.trim());
  for (const input of usageInputs("example")) if (input.value.trim()) p.append("example", input.value.trim());
  for (const input of usageInputs("unlike_example")) if (input.value.trim()) p.append("unlike_example", input.value.trim());
  for (const id of ids(field("like").value)) p.append("like", id);
  for (const id of ids(field("unlike").value)) p.append("unlike", id);
  for (const name of SIMPLE) {
    const value = field(name).value.trim();
    if (value && !(name === "seed" && !field("sample").value.trim())) p.append(name, value);
  }
  if (field("form").checked) p.append("form", "true");
  for (const input of form.querySelectorAll("input[data-where]")) {
    if (input.value.trim()) p.append("where", `${input.dataset.where}=${input.value.trim()}`);
  }
  for (const pair of document.getElementById("where-other").value.split(";")) {
    if (pair.includes("=")) p.append("where", pair.trim());
  }
  return p;
}

function fillForm(p) {
  wordInput.value = p.get("word") || "";
  field("cql").value = p.get("cql") || "";
  const examples = p.getAll("example");
  const inputs = usageInputs("example");
  inputs.slice(1).forEach((input) => input.closest(".usage").remove());
  inputs[0].value = examples[0] || "";
  inputs[0].sgRedraw();
  examples.slice(1).forEach((text) => addExample(text));
  const unlikeExample = usageInputs("unlike_example")[0];
  unlikeExample.value = p.get("unlike_example") || "";
  unlikeExample.sgRedraw();
  field("like").value = p.getAll("like").join(" ");
  field("unlike").value = p.getAll("unlike").join(" ");
  for (const name of SIMPLE) field(name).value = p.get(name) || (name === "k" ? "50" : name === "seed" ? "0" : "");
  field("form").checked = p.get("form") === "true";
  const other = [];
  const byField = new Map([...form.querySelectorAll("input[data-where]")].map((i) => [i.dataset.where, i]));
  byField.forEach((input) => { input.value = ""; });
  for (const pair of p.getAll("where")) {
    const at = pair.indexOf("=");
    const input = byField.get(pair.slice(0, at));
    if (input) input.value = pair.slice(at + 1); else other.push(pair);
  }
  document.getElementById("where-other").value = other.join("; ");
  const advanced = ["like", "unlike", "unlike_example", "label", "gloss", "sense", "expand", "pos", "doc", "sample", "where", "form"];
  if (advanced.some((name) => p.has(name))) document.getElementById("more-options").open = true;
}

// -- running a query

async function run(params, push) {
  if (!params.get("word") && !params.get("cql")) { say("Type a word or a pattern to search for.", true); return; }
  if (push) history.pushState(null, "", "?" + params.toString());
  say("Searching…");
  try {
    const data = await api("/api/search?" + params.toString());
    hits = data.hits;
    sort = { key: "rank", dir: "asc" };
    draw();
    const ranked = params.has("example") || params.has("like") || params.has("label") || params.has("gloss");
    const query = data.word || params.get("cql");
    say(`${data.count} line${data.count === 1 ? "" : "s"} for “${query}”` + (ranked ? ", best first" : ", in corpus order"));
    downloads(params);
  } catch (error) {
    hits = [];
    draw();
    say(error.message, true);
    document.getElementById("downloads").hidden = true;
  }
}

function say(text, bad) {
  statusLine.textContent = text;
  statusLine.className = bad ? "error" : "";
}

function downloads(params) {
  for (const format of ["csv", "jsonl"]) {
    const p = new URLSearchParams(params);
    p.set("format", format);
    document.getElementById(`download-${format}`).href = "/api/search?" + p.toString();
  }
  document.getElementById("downloads").hidden = hits.length === 0;
}

// "more like this" / "not like this": the same query with one more id.
function refine(kind, id) {
  const p = paramsFromForm();
  if (!p.getAll(kind).includes(String(id))) p.append(kind, String(id));
  fillForm(p);
  run(p, true);
}

// -- the table

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
function words(text) { return (text.toLowerCase().match(WORD) || []); }
const KEYS = {
  rank: (h) => h.rank,
  score: (h) => (h.score === null ? -Infinity : h.score),
  // The words nearest the node first: "…on the grassy | bank" sorts as "grassy the on".
  left: (h) => words(h.left).reverse().join(" "),
  right: (h) => words(h.right).join(" "),
  doc: (h) => `${h.doc}\u0000${String(h.id).padStart(12, "0")}`,
};

function sorted() {
  const key = KEYS[sort.key];
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...hits].sort((a, b) => {
    const x = key(a), y = key(b);
    const order = typeof x === "string" ? collator.compare(x, y) : x - y;
    return sign * order || a.rank - b.rank;
  });
}

function draw() {
  body.replaceChildren();
  for (const hit of sorted()) body.append(row(hit));
  table.hidden = hits.length === 0;
  for (const button of table.querySelectorAll("button.sort")) {
    const on = button.dataset.sort === sort.key;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.dataset.dir = on ? sort.dir : "";
  }
}

function row(hit) {
  const tr = document.createElement("tr");
  tr.dataset.id = String(hit.id);
  tr.className = "hit";
  tr.append(el("td", hit.rank, "rank"), el("td", hit.id, "id"));
  const left = el("td", null, "left");
  left.append(el("div", null, "kl"));
  left.firstChild.append(el("span", hit.left));
  const right = el("td", null, "right");
  right.append(el("div", hit.right, "kr"));
  tr.append(left, el("td", node(hit), "node"), right);
  tr.append(el("td", hit.score === null ? "" : hit.score.toFixed(3), "score"), el("td", hit.doc, "doc"));
  tr.title = hit.sentence;
  const actions = el("td", null, "actions");
  actions.append(
    button("+", "more like this", () => refine("like", hit.id)),
    button("−", "not like this", () => refine("unlike", hit.id)),
    button("▸", "show the paragraph", (event) => toggle(tr, hit, event.currentTarget)),
  );
  tr.append(actions);
  return tr;
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
  cell.colSpan = 8;
  const para = el("p", null, "para");
  para.append(hit.left, el("b", hit.form), hit.right);
  const meta = el("p", null, "muted");
  const fields = Object.entries(hit.meta || {}).map(([k, v]) => `${k}: ${v}`);
  meta.textContent = [`id ${hit.id}`, `doc ${hit.doc}`, ...fields, hit.label ? `label: ${hit.label}` : "", hit.pos || ""]
    .filter(Boolean).join(" · ");
  cell.append(para, meta);
  detail.append(cell);
  tr.after(detail);
  try {
    const c = await api(`/api/context/${hit.id}?sentences=2`);
    para.replaceChildren(c.before, c.left, el("b", c.form), c.right, c.after);
  } catch (error) { meta.append(` (${error.message})`); }
}

// -- wiring

for (const input of form.querySelectorAll("input.usage-input")) setUpMarker(input, input.name === "example" ? markWord : null);
document.getElementById("add-example").addEventListener("click", () => addExample("").focus());
form.addEventListener("submit", (event) => { event.preventDefault(); run(paramsFromForm(), true); });
for (const b of table.querySelectorAll("button.sort")) {
  b.addEventListener("click", () => {
    const key = b.dataset.sort;
    const natural = key === "score" ? "desc" : "asc";
    sort = { key, dir: sort.key === key ? (sort.dir === "asc" ? "desc" : "asc") : natural };
    draw();
  });
}
window.addEventListener("popstate", () => {
  const p = new URLSearchParams(location.search);
  fillForm(p);
  if (p.get("word") || p.get("cql")) run(p, false);
});
{
  const p = new URLSearchParams(location.search);
  if (p.get("word") || p.get("cql")) { fillForm(p); run(p, false); }
}
