// The senses page (drawn by the server): its one control that writes, the button that
// pins the run shown as the word's current one (sensegrep senses WORD --use RUN), or
// unpins it. The page is drawn again after, saying which run is current.
"use strict";

const useRun = document.getElementById("use-run");

async function pinRun() {
  const message = document.getElementById("use-run-message");
  useRun.disabled = true;
  message.textContent = "Saving…";
  message.className = "";
  const word = useRun.dataset.word;
  const run = useRun.dataset.run ? Number(useRun.dataset.run) : null;
  // The run the page showed pinned (none: null): pinned or unpinned since by another
  // tab or user, the server changes nothing and says so (409), never undoing it unseen.
  const expect = useRun.dataset.pinned ? Number(useRun.dataset.pinned) : null;
  try {
    await api(`/api/senses/${encodeURIComponent(word)}/use`, { method: "POST", body: JSON.stringify({ run, expect }) });
    location.reload();
  } catch (error) {
    message.textContent = error.status === 409 ? error.message : `Not changed: ${error.message}`;
    message.className = "error";
    useRun.disabled = false;
  }
}

if (useRun) useRun.addEventListener("click", pinRun);
