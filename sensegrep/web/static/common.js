// Shared by the pages: marking the word of a usage by clicking it, and calling the API.
// Corpus text and user text are only ever set with textContent, never as markup.
"use strict";

// Tableau 10, as the senses page and `plot` colour senses (choices.py SENSE_PALETTE).
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

// A sense's colour (0-based): Tableau 10, then hues a golden angle apart, as pages.py's
// sense_colour (PALETTE[s % 10] gave sense 11 sense 1's colour).
function senseColour(s) {
  return s < PALETTE.length ? PALETTE[s] : `hsl(${((s * 137.508) % 360).toFixed(0)}, 60%, 45%)`;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu;

// A figure of a statistics or timeline page: at most 4 decimals (12,345.6, 0.1235), and
// one smaller than 4 decimals show with its two significant digits (0.000030, 1.2e-9):
// rounded to 0, a figure that is not 0 (a per million in a huge corpus, a tiny p) read
// as none.
const decimalFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 4 });
function decimalText(x) {
  if (x === 0 || !Number.isFinite(x) || Math.abs(x) >= 0.00005) return decimalFormat.format(x);
  return x.toPrecision(2);
}

// A chart's bar labels, each cut to at most its max characters (max: one number, or
// one per name). A name is cut at its end ("collection-alpha/part-2/a-r…") unless two
// names would then read alike: those are cut in the middle or at their start instead,
// whichever tells them apart, since document ids and paths sharing a long beginning
// differ at their ends (the chart by document labelled two documents' bars, 7 and 6
// matches, both "collection-alpha/part-2/a-r…"; pass 36c).
function barLabels(names, max) {
  const limit = (i) => (Array.isArray(max) ? max[i] : max);
  const cuts = [
    (name, n) => name.slice(0, n - 1) + "…",
    (name, n) => name.slice(0, Math.floor((n - 1) / 3)) + "…" + name.slice(name.length - (n - 1 - Math.floor((n - 1) / 3))),
    (name, n) => "…" + name.slice(name.length - (n - 1)),
  ];
  const cutWith = (cut) => names.map((name, i) => (name.length > limit(i) ? cut(name, limit(i)) : name));
  const alike = (labels) => labels.map((label, i) => labels.some((other, j) => j !== i && other === label && names[j] !== names[i]));
  const first = cutWith(cuts[0]);
  const clashes = alike(first);
  if (!clashes.some(Boolean)) return first;
  // the first cut that leaves no two of the clashing names alike (else the middle one)
  const others = cuts.slice(1).map(cutWith);
  const better = others.find((labels) => !alike(labels).some((clash, i) => clash && clashes[i])) || others[0];
  return first.map((label, i) => (clashes[i] ? better[i] : label));
}

// The text of a usage without its [[ ]] marker, and the marked span in that text.
function unmark(text) {
  const m = /\[\[(.*?)\]\]/.exec(text);
  if (!m) return { plain: text, start: -1, end: -1 };
  const plain = text.slice(0, m.index) + m[1] + text.slice(m.index + m[0].length);
  return { plain, start: m.index, end: m.index + m[1].length };
}

// Under each input.usage-input, its words as buttons: a click wraps that word in [[ ]].
function setUpMarker(input, onMark) {
  const box = input.closest(".usage").querySelector(".marker");
  const draw = () => {
    const { plain, start } = unmark(input.value);
    box.replaceChildren();
    let at = 0;
    for (const m of plain.matchAll(WORD)) {
      box.append(document.createTextNode(plain.slice(at, m.index)));
      const w = document.createElement("span");
      w.className = "w" + (m.index === start ? " marked" : "");
      w.textContent = m[0];
      w.dataset.start = String(m.index);
      w.title = "mark this word";
      w.addEventListener("click", () => {
        const s = m.index, e = m.index + m[0].length;
        input.value = plain.slice(0, s) + "[[" + plain.slice(s, e) + "]]" + plain.slice(e);
        draw();
        if (onMark) onMark(m[0]);
      });
      box.append(w);
      at = m.index + m[0].length;
    }
    box.append(document.createTextNode(plain.slice(at)));
  };
  input.addEventListener("input", draw);
  input.sgRedraw = draw;
  draw();
}

// fetch + JSON; throws an Error carrying the server's one-line message (and, as
// .parts, the same message in pieces naming the request's parameters: errorText).
async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...(options.body ? { "Content-Type": "application/json" } : {}) },
  });
  let data = null;
  try { data = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    const error = new Error((data && data.error) || `HTTP ${response.status}`);
    error.parts = (data && data.error_parts) || null;
    error.status = response.status;
    error.data = data;  // what else the answer says (the annotate page's 409: `current`)
    throw error;
  }
  return data;
}

// An error as this page names things: each parameter the server's message names
// (error_parts, sensegrep/web/spelling.py) as the label of the control of `form` that
// sets it (“Word form: the form, not its lemma”), else as the address spells it (form=true).
function errorText(error, form) {
  if (!error.parts) return error.message;
  return error.parts.map((part) => (typeof part === "string" ? part : controlName(part, form))).join("");
}

function controlName(part, form) {
  // (a control outside the form that sets a parameter, the search page's chart choice
  // for count, says so by data-param: its error said "count takes …"; pass 36c)
  const control = (form && form.querySelector(`[name="${CSS.escape(part.name)}"]`)) ||
    document.querySelector(`[data-param="${CSS.escape(part.name)}"]`);
  const label = control && (control.dataset.label || ownText(control.closest("label")));
  if (!label) return part.text;
  return part.value === null || part.value === "true" ? `“${label}”` : `“${label}” ${part.value}`;
}

// A label's own words, without those of the controls inside it (a list's options).
function ownText(label) {
  if (!label) return "";
  const copy = label.cloneNode(true);
  for (const inner of copy.querySelectorAll("input, select, textarea, datalist, button")) inner.remove();
  return copy.textContent.replace(/\s+/g, " ").trim();
}

// A concordance line whose sentence begins in a right-to-left script (its first letter
// Arabic, Hebrew…, as a browser's dir="auto" reads a paragraph) is read from the right: the words before the node go in the cell on its right and those
// after it on its left, each clipped on its far side, so that the words beside the node
// are the ones that stand beside it in the text (laid out left to right, the left cell
// showed the sentence's start there and cut off the words just before the node).
const RTL_START = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

function kwicCells(tr, left, node, right, rightClass) {
  const rtl = RTL_START.test(`${left}${node}${right}`);
  const before = el("td", null, "left");
  before.append(el("div", null, "kl"));
  before.firstChild.append(el("span", rtl ? right : left));
  const after = el("td", null, "right");
  const holder = rightClass ? el("div", null, rightClass) : after;
  if (rightClass) after.append(holder);
  if (rtl) {
    tr.classList.add("rtl");
    holder.append(el("span", left));
    before.title = "after the word (right-to-left text: read from the right)";
    after.title = "before the word (right-to-left text: read from the right)";
  } else {
    holder.textContent = right;
  }
  return [before, after];
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// A metadata value written so that where reads it as itself: a comma (alternatives) or
// a dot (a range's ..) in it escaped, and the spaces around it, as
// sensegrep/storage/fields.py's plain_value writes one.
function whereValue(text) {
  const escaped = text.replace(/[\\,.]/g, "\\$&");
  // the spaces around it too, which where leaves out ("news " would be "news"), a tab too
  return escaped.replace(/^\s+|\s+$/g, (spaces) => spaces.replace(/./gsu, "\\$&"));
}

// A metadata value as the pages show it: text as it is, but quoted where that would hide
// it (the empty value, one with spaces around it: ' news' beside news); an object or a
// list as compact JSON, as where and the CSV write it (an object showed [object Object]).
function metaText(value) {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  const text = String(value);
  return typeof value === "string" && (text === "" || text !== text.trim()) ? `'${text}'` : text;
}

// Where a page of k lines starting at `offset` lies among `available`: "page 2 of 4" for
// offset 3, k 10, 30 lines (lines 4–13; the one before it, 1–3, is reached by the previous
// page's button). It said "page 1 of 3" for an offset not a multiple of k. Past the end:
// page > pages, the pages counted from the first line.
function pagePosition(offset, k, available) {
  if (offset > 0 && offset >= available) return { page: Infinity, pages: Math.max(1, Math.ceil(available / k)) };
  const before = Math.ceil(offset / k);
  return { page: before + 1, pages: before + Math.max(1, Math.ceil((available - offset) / k)) };
}

function pageIndicator(offset, k, available) {
  const { page, pages } = pagePosition(offset, k, available);
  return page > pages
    ? `past the last page (${number.format(pages)})` : `page ${number.format(page)} of ${number.format(pages)}`;
}

// A page past the last line or row says so in its summary ("no lines from 101"), not as
// the API's note naming offset=, which the page's reader never typed.
const PAST_THE_END = /^offset=\d+ is past the last of the /;
