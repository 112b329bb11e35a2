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

compareForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  const score = document.getElementById("score");
  const body = { a: compareForm.elements.namedItem("a").value, b: compareForm.elements.namedItem("b").value };
  const word = compareForm.elements.namedItem("word").value.trim();
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
});
