// The compare page: two marked usages -> POST /api/compare -> their cosine.
"use strict";

const compareForm = document.getElementById("compare-form");
for (const input of compareForm.querySelectorAll("input.usage-input")) setUpMarker(input);

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
  try {
    const data = await api("/api/compare", { method: "POST", body: JSON.stringify(body) });
    score.textContent = `cosine ${data.score.toFixed(3)}`;
    score.hidden = false;
    status.textContent = "1 = the same use; lower = further apart (compare with other pairs of the same word).";
  } catch (error) {
    status.textContent = errorText(error, compareForm);
    status.className = "error";
  }
});
