// The annotate page: a queue of occurrences, one label per keypress, each saved at once
// by its own POST (two tabs or two annotators lose nothing), undo of the last label.
"use strict";

const root = document.getElementById("annotate");
const word = root.dataset.word;
const readOnly = root.dataset.readOnly === "true";
const limit = root.dataset.limit;
const run = root.dataset.run;  // the sense run the queue takes its senses from; "": current
let offered = JSON.parse(document.getElementById("initial-labels").textContent);
let queue = [];  // what is left to label, the current item first
let done = [];  // labelled in this page, for undo: {item, label}
let stats = { occurrences: 0, labelled: 0, order: "" };
let chain = Promise.resolve();  // actions run one after the other, in key order
// Whether the last queue asked for came full (limit items): more unlabelled occurrences
// may wait behind it, fetched when it is done (it said "Nothing left in the queue" after
// 200 labels of a word with 1,000 unlabelled; issue 23, pass 23g).
let more = false;
// The index's labels (every word's): label -> {count, words: [lemma…]}, kept up to date
// here as labels are set and undone (reading them again scans every labelled token).
let indexLabels = new Map();

function $(id) { return document.getElementById(id); }

function message(text, good) {
  const m = $("message");
  m.textContent = text;
  m.className = "message " + (good ? "good" : "bad");
}

// Actions that failed so far: a key pressed before a failure was shown is not applied
// after it (pressed again on an occurrence whose 409 had not been shown yet, it replaced
// the other annotator's label unseen; a u after a label that failed undid the one before).
let failures = 0;
let dropped = 0;  // keys dropped since the last failure, said beside its message
let failed = "";  // the last failure's message

function enqueue(action) {
  const at = failures;
  chain = chain.then(() => {
    if (at !== failures) {
      dropped += 1;
      message(`${failed} (${dropped} key press(es) made before this was shown not applied.)`);
      return undefined;
    }
    return action();
  }).catch((error) => {
    failures += 1;
    dropped = 0;
    failed = error.message;
    message(error.message);
  });
  return chain;
}

// What a key or click was given on: the occurrence shown and the label it showed. Its
// label is saved for that occurrence or not at all: given while the one before was
// being saved, it labelled the next, never shown (issue 23, pass 28g).
function seen() {
  const item = current();
  return { item, label: item ? item.label || null : null, predicted: Boolean(item && item.label_predicted) };
}

async function load() {
  const senses = run ? `&senses=${encodeURIComponent(run)}` : "";
  const data = await api(`/api/annotate/${encodeURIComponent(word)}?limit=${limit}${senses}`);
  queue = data.queue;
  more = queue.length >= Number(limit);
  stats = { occurrences: data.occurrences, labelled: data.labelled, order: data.order };
  for (const { label } of data.labels) if (!offered.includes(label)) offered.push(label);
  handLabelled(data.hand_labelled);
  handOld = null;  // those it leaves out (its last HAND_LABELLED_SHOWN) are not new
  await refreshCounts();  // with how many of each were predicted (the queue's has no split)
  draw();
}

function current() { return queue.length ? queue[0] : null; }

function draw() {
  const item = current();
  const text = $("item-text");
  text.replaceChildren();
  if (item) {
    text.append(item.left, el("b", item.form), item.right);
    // A prediction said as one (as the messages say it): "now: green" read as a label an
    // annotator had given it (pass 30g).
    const held = item.label ? ` · now: ${item.label}` + (item.label_predicted ? " (predicted)" : "") : "";
    $("item-meta").textContent = `occurrence ${item.id} · ${item.doc}` + held;
    $("guess").textContent = item.guess ? `classify guesses “${item.guess}” (confidence ${item.confidence.toFixed(2)})` : "";
  } else {
    text.textContent = "Nothing left in the queue.";
    $("item-meta").textContent = "";
    $("guess").textContent = "";
  }
  progress();
  buttons();
}

// "3 of 28 occurrences labelled · …": drawn again when the counts are read again.
function progress() {
  const remaining = queue.length;
  // The queue keeps those another annotator has labelled since it was read (each shows
  // "now: river"): "118 in the queue" beside "8 of 123 labelled" read as 118 still to
  // label where 115 were (pass 36c).
  const since = queue.filter((item) => item.label && !item.label_predicted).length;
  const labelledSince = since ? `, ${since} of them labelled since by another annotator` : "";
  $("progress").textContent =
    `${stats.labelled} of ${stats.occurrences} occurrences labelled · ${done.length} this session · ` +
    `${remaining} in the queue (${stats.order}${labelledSince})` +
    // A full queue is a batch ("200 in the queue" of 450 to label read as all there was).
    (more ? "; more are fetched when it is done" : "");
}

function buttons() {
  const box = $("label-buttons");
  box.replaceChildren();
  offered.forEach((label, i) => {
    const b = el("button", null);
    b.type = "button";
    b.dataset.label = label;
    if (i < 9) b.append(el("kbd", i + 1), " ");
    b.append(label);
    b.disabled = readOnly || !current();
    b.addEventListener("click", () => { const given = seen(); enqueue(() => apply(label, given)); });
    box.append(b);
  });
}

function counts(labels) {
  const list = $("label-counts");
  list.replaceChildren();
  // An empty list under its heading read as a page still loading.
  if (!labels.length) list.append(el("li", "no labels yet", "muted"));
  // Propagate's predictions said apart, as `sensegrep labels` says them: "shore: 14"
  // beside "3 of 28 occurrences labelled" read as 14 hand labels (issue 23).
  for (const { label, count, predicted } of labels) {
    const li = el("li", `${label}: ${count}` + (predicted ? ` (${predicted} predicted)` : ""));
    li.dataset.label = label;
    list.append(li);
  }
}

async function loadIndexLabels() {
  setIndexLabels(await api("/api/labels"));
}

function setIndexLabels(data) {
  indexLabels = new Map(data.labels.map((l) => [l.label, { count: l.count, words: l.words, predicted: l.predicted || 0 }]));
  drawIndexLabels();
}

// Count an occurrence of `lemma` in (+1) or out of (-1) each label of `label`, as a
// prediction of classify --apply when `predicted`.
function countIndexLabel(label, lemma, step, predicted = false) {
  for (const part of (label || "").split(/\s+/).filter(Boolean)) {
    const entry = indexLabels.get(part) || { count: 0, words: [], predicted: 0 };
    entry.count += step;
    if (predicted) entry.predicted = Math.max(0, entry.predicted + step);
    if (step > 0 && !entry.words.includes(lemma)) entry.words.push(lemma);
    if (entry.count > 0) indexLabels.set(part, entry); else indexLabels.delete(part);
  }
  drawIndexLabels();
}

function drawIndexLabels() {
  const list = $("index-labels");
  const names = $("index-label-names");
  list.replaceChildren();
  names.replaceChildren();
  const ordered = [...indexLabels].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  if (!ordered.length) list.append(el("li", "no labels yet", "muted"));
  for (const [label, { count, words, predicted }] of ordered) {
    const li = el("li");
    li.dataset.label = label;
    li.dataset.count = String(count);
    const use = el("button", label, "link use-label");
    use.type = "button";
    use.title = `label this occurrence “${label}”`;
    use.disabled = readOnly;
    use.addEventListener("click", () => { const given = seen(); enqueue(() => apply(label, given)); });
    const shown = words.slice(0, 5).join(", ") + (words.length > 5 ? ", …" : "");
    // Its predicted part said, as the word's counts say it (they read as checked labels).
    li.append(use, `: ${count}` + (predicted ? ` (${predicted} predicted)` : ""), el("span", ` (${shown})`, "muted"));
    list.append(li);
    const option = document.createElement("option");
    option.value = label;
    names.append(option);
  }
}

function handLabelled(rows) {
  const tbody = $("labelled").querySelector("tbody");
  tbody.replaceChildren();
  for (const r of rows.slice().reverse()) tbody.append(labelledRow(r.id, r.label, r.left, r.form, r.right));
}

function labelledRow(id, label, left, form, right) {
  const tr = el("tr");
  tr.dataset.id = String(id);
  const context = el("td");
  context.append("…" + left.slice(-50), el("b", form), right.slice(0, 50) + "…");
  tr.append(el("td", id), el("td", label, "label"), context);
  return tr;
}

// The word's hand-labelled occurrences left out of the list when the page was read (it
// shows the last HAND_LABELLED_SHOWN): not added as new when the labels are read again.
let handOld = null;

// The list of hand-labelled occurrences as the index has them now: it kept the labels of
// the page's reading and its own, so another annotator's label of one was missing and a
// label replaced by another annotator stayed on it (issue 23, pass 30g).
async function syncHandLabelled(now) {
  if (!now) return;
  const tbody = $("labelled").querySelector("tbody");
  const row = (id) => tbody.querySelector(`tr[data-id="${id}"]`);
  for (const tr of [...tbody.querySelectorAll("tr")]) {
    const label = now[tr.dataset.id];
    if (label === undefined) tr.remove();  // its label removed since (or now a prediction)
    else tr.querySelector("td.label").textContent = label;
  }
  // The occurrences waiting in the queue that another annotator has labelled since show
  // that label (the one shown was drawn with none until a key press was refused); a key
  // given before it was shown is refused by seen(), as after a 409.
  let shownChanged = false;
  for (const item of queue) {
    const label = now[String(item.id)];
    if (label === undefined || (item.label === label && !item.label_predicted)) continue;
    item.label = label;
    item.label_predicted = false;
    if (item === current()) shownChanged = true;
  }
  if (shownChanged) draw();
  const ids = Object.keys(now);
  if (handOld === null) { handOld = new Set(ids.filter((id) => !row(id))); return; }
  for (const id of [...handOld]) if (!(id in now)) handOld.delete(id);  // labelled again: new
  for (const id of ids.filter((id) => !handOld.has(id) && !row(id))) {
    let c;
    try { c = await api(`/api/context/${id}`); } catch { continue; }  // its document removed since
    if (!row(id)) tbody.prepend(labelledRow(Number(id), now[id], c.left, c.form, c.right));
  }
}

// How many reads of the counts were begun: only the latest is drawn.
let countsReads = 0;

async function refreshCounts() {
  const read = ++countsReads;
  // The index's labels read again with the word's: counted up here alone, they kept
  // another tab's or the command line's labels out ("money: 8" under the word's 9).
  const [data, index] = await Promise.all([api(`/api/labels/${encodeURIComponent(word)}?hand=true`), api("/api/labels")]);
  // A read begun before a later one and answered after it (a skip's, not awaited, then
  // a label's) drew the counts from before that label, and nothing read them again.
  if (read !== countsReads) return;
  setIndexLabels(index);
  await syncHandLabelled(data.hand_labels);
  const labels = Object.entries(data.labels)
    .map(([label, count]) => ({ label, count, predicted: data.predicted[label] || 0 }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  counts(labels);
  // What `sensegrep labels` notes under the counts: an occurrence with two labels is
  // under each, the counts then adding up past those labelled (11 beside "10 of 190").
  $("label-counts-notes").textContent = (data.notes || []).map((note) => `note: ${note}`).join(" · ");
  // A label of the word set elsewhere since the page was drawn (the command line,
  // another tab) gets its key too: the counts listed it, and its key did nothing.
  const added = labels.filter(({ label }) => !offered.includes(label));
  for (const { label } of added) offered.push(label);
  if (added.length) buttons();
  // The word's labelled occurrences as the index has them now, another tab's or
  // annotator's labels included: it said "1 of 76 labelled" beside counts of 4.
  if (typeof data.labelled === "number") {
    stats.labelled = data.labelled;
    // Of the word's occurrences now: "3 of 66" stayed beside 84 once another process
    // indexed more files.
    if (typeof data.occurrences === "number") stats.occurrences = data.occurrences;
    progress();
  }
}

// The POST of a label, or undo's, with the label the page shows (`expect`): one set
// since by another annotator or tab is never replaced unseen (two annotators get the
// same queue). A failure says that nothing was saved (a bare "Failed to fetch" did not
// say whether the label was kept); a label set since is shown, and `.changed` says so.
async function post(body, what, item) {
  try {
    // And whether it was shown as a prediction: one reviewed by another annotator since
    // (the same text, given by hand) was replaced unseen (pass 31a).
    const seenAs = item.label ? { expect_predicted: Boolean(item.label_predicted) } : {};
    return await api("/api/label", { method: "POST", body: JSON.stringify({ ...body, expect: item.label || null, ...seenAs }) });
  } catch (error) {
    const now = error.status === 409 && error.data && error.data.current && error.data.current[item.id];
    if (!now && await removedSince(item)) {
      // Its document was removed since the queue was read (`sensegrep remove`): trying
      // again could never save it ("try again" kept the page on it for good).
      const gone = new Error(`${what} not saved: occurrence ${item.id} is no longer in the index (its document ${item.doc} was removed since the page read its queue), so it leaves the queue. Nothing was changed.`);
      gone.gone = true;
      throw gone;
    }
    if (!now) throw new Error(`${what} not saved: ${error.message}. Nothing was changed; try again.`);
    item.label = now.label;
    item.label_predicted = now.predicted;
    const held = now.label ? `“${now.label}”${now.predicted ? " (predicted)" : ""}` : "no label";
    const changed = new Error(`${what} not saved: occurrence ${item.id} holds ${held} now, set by another annotator or tab (or the command line: classify --apply, import, label) since it was shown. Nothing was changed.`);
    changed.changed = true;
    throw changed;
  }
}

// Whether an occurrence has left the index (its document removed since the page read
// it): the server answers for its context that it is none. No answer (the network): not
// known to be gone.
async function removedSince(item) {
  try {
    await api(`/api/context/${item.id}`);
    return false;
  } catch (error) {
    return error.status === 400;
  }
}

// An occurrence found gone: out of the queue (and of the count of the word's), the next shown.
// Its document was removed (or replaced: ids are never reused), so its other occurrences
// in the queue are gone too: left in, they were counted "in the queue" and each key on
// them refused in turn with the same message (pass 36n).
function dropGone(item) {
  const gone = queue.filter((other) => other === item || other.doc === item.doc);
  queue = queue.filter((other) => !gone.includes(other));
  stats.occurrences = Math.max(0, stats.occurrences - gone.length);
  draw();
  refreshCounts().catch(() => {});
}

// The label counts beside the page, read again after a change. The change is saved and
// drawn before they are read: a failure to read them is said beside its message, and
// leaves the occurrence shown the one the keys label (it was left showing the one just
// labelled while the keys labelled the next, unseen; issue 23, pass 24h).
async function refreshCountsAfter(said) {
  try {
    await refreshCounts();
  } catch (error) {
    message(`${said} (The label counts could not be read again: ${error.message}.)`, true);
  }
}

async function apply(text, given) {
  const item = current();
  if (!item) return;
  if (given && given.item !== item) {
    const before = given.item ? `occurrence ${given.item.id} was shown` : "no occurrence was shown";
    throw new Error(`“${text}” not saved: it was given while ${before}, before ${item.id} was; label ${item.id} again if it is meant for it.`);
  }
  if (given && (given.label !== (item.label || null) || given.predicted !== Boolean(item.label_predicted))) {
    throw new Error(`“${text}” not saved: it was given before ${item.id} was shown holding “${item.label || "no label"}”${item.label_predicted ? " (predicted)" : ""}; label it again to replace that label.`);
  }
  // Said, not ignored: a label typed or keyed did nothing on a read-only server.
  if (readOnly) throw new Error("This server is read-only (serve --read-only): labels cannot be saved.");
  // What was stored, as the server says: a space separates labels ("river side" is two).
  let stored;
  try {
    stored = await post({ ids: [item.id], label: text }, `The label of ${item.id}`, item);
  } catch (error) {
    if (error.gone) dropGone(item);
    if (error.changed) {
      draw();
      error.message += " Label it again to replace that label.";
      // The label set since is in the counts: read without waiting, so that the item
      // shown and the message saying why are drawn together (awaited, the item showed
      // the other's label while the message still said the step before).
      refreshCounts().catch(() => {});
    }
    throw error;
  }
  const { label, labels } = stored;
  const setAt = (stored.set_at || {})[item.id] || null;
  for (const part of labels) if (!offered.includes(part)) offered.push(part);
  countIndexLabel(item.label, item.lemma || word, -1, Boolean(item.label_predicted));
  countIndexLabel(label, item.lemma || word, 1);
  // What the occurrence held before (a prediction, in the queue), for undo to put back.
  done.push({ item, label, setAt, before: item.label, beforePredicted: Boolean(item.label_predicted) });
  if (!item.label || item.label_predicted) stats.labelled += 1;
  item.label = label;
  item.label_predicted = false;
  const tbody = $("labelled").querySelector("tbody");
  tbody.querySelector(`tr[data-id="${item.id}"]`)?.remove();
  tbody.prepend(labelledRow(item.id, label, item.left, item.form, item.right));
  queue.shift();
  // What `sensegrep label` notes too: a label spelt nearly as one the word has (Money
  // beside money) is a second label, counted apart.
  const said = labelledMessage(item.id, labels) + (stored.notes || []).map((note) => ` Note: ${note}.`).join("");
  message(said, true);
  // The queue done: the word's unlabelled occurrences are read again, the next batch of
  // a full one, and those another process added or unlabelled since the page read it
  // ("Nothing left in the queue" beside 18 unlabelled, from files indexed meanwhile).
  if (!queue.length) {
    $("item-text").textContent = "Loading the next occurrences…";
    $("item-meta").textContent = "";
    $("guess").textContent = "";
    await load();
    return;
  }
  draw();
  await refreshCountsAfter(said);
}

function labelledMessage(id, labels) {
  const quoted = labels.map((part) => `“${part}”`).join(", ");
  if (labels.length === 1) return `${id} labelled ${quoted}.`;
  return `${id} labelled with ${labels.length} labels: ${quoted} (a space separates labels; ` +
    `u undoes it, and ${labels.join("_")} is one label).`;
}

async function undo() {
  const last = done.pop();
  if (!last) { message("Nothing to undo on this page: u undoes the labels given here since the page was opened; a label saved before stays."); return; }
  // Only this occurrence's label goes back to what it was (other tabs' labels stay): a
  // prediction it had is put back as one (undo cleared it, and it was lost).
  const { before, beforePredicted, setAt } = last;
  const body = before ? { ids: [last.item.id], label: before, predicted: beforePredicted } : { ids: [last.item.id], label: null };
  // And when its label was set: the same text set again since by another annotator is
  // theirs, which the undo removed.
  if (setAt) body.expect_set_at = setAt;
  try {
    await post(body, `The undo of ${last.item.id}`, last.item);
  } catch (error) {
    // Still the last label: u tries again; unless another annotator or tab has labelled
    // the occurrence since, whose label undo leaves (it removed it), or it is gone.
    if (!error.changed && !error.gone) done.push(last);
    const cell = $("labelled").querySelector(`tbody tr[data-id="${last.item.id}"] td.label`);
    if (error.changed && cell) cell.textContent = last.item.label || "";
    // The label set since is in the counts (they kept the undone label's count).
    if (error.changed) refreshCounts().catch(() => {});
    throw error;
  }
  if (!before || beforePredicted) stats.labelled -= 1;
  countIndexLabel(last.label, last.item.lemma || word, -1);
  countIndexLabel(before, last.item.lemma || word, 1, beforePredicted);
  last.item.label = before;
  last.item.label_predicted = beforePredicted;
  $("labelled").querySelector(`tbody tr[data-id="${last.item.id}"]`)?.remove();
  queue.unshift(last.item);
  const said = before ? `Label of ${last.item.id} back to “${before}”${beforePredicted ? " (predicted)" : ""}.` : `Label of ${last.item.id} removed.`;
  message(said, true);
  draw();
  await refreshCountsAfter(said);
}

async function skip() {
  const item = current();
  if (!item) return;
  queue.push(queue.shift());  // seen again at the end of the queue
  message(`${item.id} skipped.`, true);
  draw();
  // The counts read again, as after a label, without holding the next key back:
  // "15 of 46 labelled" stayed beside the index's 16 (another annotator's label) skip
  // after skip (pass 28g).
  refreshCounts().catch(() => {});
}

async function propagate() {
  const data = await api(`/api/classify/${encodeURIComponent(word)}`, { method: "POST" });
  const since = data.labelled_since ? `; ${data.labelled_since} not stored: labelled by hand since classify read the labels` : "";
  // classify's notes: those it could not propose for, as the command line says them
  // ("Stored 112" read as the rest all labelled, 9 left unlabelled unsaid, pass 31a),
  // and one label for a part of speech, given to all its occurrences.
  const notes = (data.notes || []).map((note) => ` Note: ${note}.`).join("");
  message(`Stored ${data.applied} proposed labels (from ${data.references} labelled occurrences)${since}.${notes}`, true);
  await load();
  await loadIndexLabels();  // the index's counts gained the predictions (they were stale)
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select")) return;
  if (/^[1-9]$/.test(event.key)) {
    const label = offered[Number(event.key) - 1];
    if (label) { event.preventDefault(); const given = seen(); enqueue(() => apply(label, given)); }
    // Said, not ignored: a number with no label yet did nothing.
    else message(`No label has the key ${event.key} yet: type one in the New label box.`);
  } else if (event.key === "u") {
    event.preventDefault(); enqueue(undo);
  } else if (event.key === "s") {
    event.preventDefault(); enqueue(skip);
  }
});
$("skip").addEventListener("click", () => enqueue(skip));
// Back on the page (from another window, the command line): its counts read again.
window.addEventListener("focus", () => enqueue(() => refreshCounts().catch(() => {})));
$("undo").addEventListener("click", () => enqueue(undo));
$("propagate").addEventListener("click", () => enqueue(propagate));
$("new-label-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("new-label");
  const label = input.value.trim();  // as typed: a space separates labels, as everywhere
  if (!label) return;
  input.value = "";
  input.blur();  // back to the keys
  const given = seen();
  enqueue(() => apply(label, given));
});
for (const id of ["skip", "undo", "propagate"]) $(id).disabled = readOnly && id !== "skip";
// A queue that could not be read says so where it said "loading…" (beside the error),
// not "loading…" for good (a sense run of another word in the address).
enqueue(() => load().catch((error) => { $("progress").textContent = "The queue could not be read."; throw error; }));
loadIndexLabels().catch((error) => { $("index-labels").replaceChildren(el("li", error.message, "error")); });
