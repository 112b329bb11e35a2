// The compare page: two marked usages -> POST /api/compare -> how likely they share a
// sense (the calibrated probability) and their cosine.
"use strict";

const compareForm = document.getElementById("compare-form");
for (const input of compareForm.querySelectorAll("input.usage-input")) setUpMarker(input);

// What the figures mean, for the status line under them.
function compareNote(probability, notes) {
  // Two different words: the calibration (two uses of one word) does not apply.
  if (notes && notes.length) return notes.join(" ") + " (1 = the same use; lower = further apart).";
  if (probability === null) {
    return "No calibration for this model: cosine only (1 = the same use; lower = further apart).";
  }
  return "How likely the two usages are the same sense, calibrated for this model on WiC "
    + "training pairs; the cosine is the raw similarity of the two usages.";
}

// The comparisons asked so far: only the newest shows its figures (a slow first answer,
// the encoder loading, came after a second pair's and showed its score under that pair).
let asked = 0;

function box(name) { return compareForm.elements.namedItem(name); }

// The pair compared, in the address (?a=…&b=…&word=…): a comparison can be bookmarked,
// sent, and gone back to with Back (the page forgot it on reload).
function pairAddress() {
  const p = new URLSearchParams({ a: box("a").value, b: box("b").value });
  if (box("word").value.trim()) p.set("word", box("word").value.trim());
  return "?" + p.toString();
}

function fillFromAddress() {
  const p = new URLSearchParams(location.search);
  for (const name of ["a", "b", "word"]) {
    box(name).value = p.get(name) || "";
    if (box(name).sgRedraw) box(name).sgRedraw();
  }
  return Boolean(p.get("a") && p.get("b"));
}

compareForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (location.search !== pairAddress()) history.pushState(null, "", pairAddress());
  compare();
});

window.addEventListener("popstate", () => {
  if (fillFromAddress()) compare();
  else { document.getElementById("score").hidden = true; document.getElementById("status").textContent = ""; }
});

async function compare() {
  const status = document.getElementById("status");
  const score = document.getElementById("score");
  const body = { a: box("a").value, b: box("b").value };
  const word = box("word").value.trim();
  if (word) body.word = word;
  status.textContent = "Comparing…";
  status.className = "";
  score.hidden = true;
  const mine = ++asked;
  try {
    const data = await api("/api/compare", { method: "POST", body: JSON.stringify(body) });
    if (mine !== asked) return;
    const cosine = `cosine ${data.score.toFixed(3)}`;
    score.textContent = data.probability === null
      ? cosine
      : `same sense: ${data.probability.toFixed(2)} (${cosine})`;
    score.hidden = false;
    status.textContent = compareNote(data.probability, data.notes);
  } catch (error) {
    if (mine !== asked) return;
    status.textContent = errorText(error, compareForm);
    status.className = "error";
  }
}

if (fillFromAddress()) compare();
