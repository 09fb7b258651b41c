// The article view: saves over fetch (the page never reloads, so no typed text is lost), a guard
// for unsaved edits, the reviewer's name remembered in this browser, and keyboard shortcuts:
// j/k move between sentences, a approves the focused translation (the first language column, or
// the one the pointer last touched), e edits it, Ctrl+Enter saves and goes to the next sentence.
(function () {
  const rows = Array.from(document.querySelectorAll("tr.unit"));
  // compact: a translation is text until clicked (or e), then a text box
  document.body.classList.add("js");
  function edit(cell) {
    if (!cell || !cell.querySelector("textarea")) return;
    cell.classList.add("editing");
    cell.querySelector("textarea[name=msgstr]").focus();
  }
  document.addEventListener("click", (event) => {
    if (event.target.closest("button, a, textarea, input")) return;
    const cell = event.target.closest("td.target");
    if (cell) edit(cell);
  });
  const nameBox = document.getElementById("reviewer");
  const dirty = new Set();

  // --- who approves: asked once per browser, remembered, sent with every save
  if (nameBox) {
    if (!nameBox.value) nameBox.value = localStorage.getItem("l10n-reviewer") || "";
    nameBox.addEventListener("change", () => localStorage.setItem("l10n-reviewer", nameBox.value.trim()));
  }
  function reviewer() { return nameBox ? nameBox.value.trim() : ""; }

  // --- unsaved edits are marked and guarded
  document.querySelectorAll("form.edit textarea[name=msgstr]").forEach((area) => {
    area.dataset.saved = area.value;
    area.addEventListener("input", () => {
      const changed = area.value !== area.dataset.saved;
      area.classList.toggle("dirty", changed);
      if (changed) dirty.add(area); else dirty.delete(area);
    });
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty.size) { event.preventDefault(); event.returnValue = ""; }
  });

  // --- saves over fetch, updating the sentence in place
  async function send(form, action) {
    const data = new FormData(form);
    data.set("action", action);
    if (reviewer()) data.set("by", reviewer());
    const response = await fetch(form.getAttribute("action"), {method: "POST", body: data,
      headers: {"Accept": "application/json"}, credentials: "same-origin"});
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = {ok: false, error: "the server did not answer (" + response.status + ")"}; }
    return answer;
  }
  function show(cell, answer, area) {
    const refused = cell.querySelector(".refused");
    if (!answer.ok) {
      refused.hidden = false;
      refused.textContent = answer.error + (answer.current !== null && answer.current !== undefined
        ? " On disk now: “" + answer.current + "”" : "");
      cell.classList.add("conflict");
      return;
    }
    refused.hidden = true;
    cell.classList.remove("conflict");
    const badge = cell.querySelector(".badge");
    badge.textContent = answer.state === "fuzzy" ? "draft" : answer.state;
    cell.className = cell.className.replace(/state-\S+/, "state-" + answer.state);
    cell.querySelector(".text").textContent = answer.msgstr;
    cell.querySelector("input[name=version]").value = answer.version;
    cell.querySelectorAll(".provenance").forEach((node) => node.remove());
    const text = cell.querySelector(".text");
    (answer.provenance || []).slice().reverse().forEach((note) => {
      const div = document.createElement("div");
      div.className = "provenance";
      div.textContent = note;
      text.after(div);
    });
    if (area) {
      area.value = answer.msgstr;
      area.dataset.saved = answer.msgstr;
      area.classList.remove("dirty");
      dirty.delete(area);
    }
    const reject = cell.querySelector("button.reject");
    if (reject && answer.state !== "fuzzy") reject.remove();
    cell.dataset.saved = String(Date.now());
  }
  document.querySelectorAll("form.edit").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = event.submitter;
      const cell = form.closest("td.target");
      const area = form.querySelector("textarea[name=msgstr]");
      show(cell, await send(form, button ? button.value : "save"), area);
    });
  });
  document.querySelectorAll("form.inline").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const lang = form.querySelector("input[name=lang]").value;
      if (!window.confirm("Approve every translated sentence in " + lang + "? Sentences with errors are skipped.")) return;
      const answer = await send(form, "approve-all");
      const message = answer.ok
        ? "Approved " + answer.approved + " sentence(s) in " + lang + "; skipped " + answer.skipped + " with errors."
        : answer.error;
      let note = document.querySelector("div.approved");
      if (!note) {
        note = document.createElement("div");
        note.className = "approved alert";
        note.setAttribute("role", "status");
        form.closest("nav").after(note);
      }
      note.textContent = message + (dirty.size ? " Reload to see the marks (save your open edits first)." : "");
      if (answer.ok && !dirty.size) window.location.reload();
    });
  });

  // --- a memory suggestion into the text box
  document.querySelectorAll("button.use").forEach((button) => {
    button.addEventListener("click", () => {
      const cell = button.closest("td.target");
      edit(cell);
      const area = cell.querySelector("form.edit textarea[name=msgstr]");
      area.value = button.parentNode.querySelector(".suggestion").textContent;
      area.dispatchEvent(new Event("input"));
    });
  });

  document.querySelectorAll("button.copy-source").forEach((button) => {
    button.addEventListener("click", () => {
      const row = button.closest("tr.unit");
      const area = button.closest("form.edit").querySelector("textarea[name=msgstr]");
      area.value = row.querySelector("td.source").dataset.text;
      area.dispatchEvent(new Event("input"));
      area.focus();
    });
  });

  // --- keyboard
  if (!rows.length) return;
  let column = 0;
  document.addEventListener("click", (event) => {
    const cell = event.target.closest("td.target");
    if (cell) column = Array.from(cell.parentNode.querySelectorAll("td.target")).indexOf(cell);
  });
  document.addEventListener("focusin", (event) => {
    const cell = event.target.closest && event.target.closest("td.target");
    if (cell) column = Array.from(cell.parentNode.querySelectorAll("td.target")).indexOf(cell);
    document.querySelectorAll("td.target.focus-column").forEach((c) => c.classList.remove("focus-column"));
    const row = event.target.closest && event.target.closest("tr.unit");
    if (row && row.querySelectorAll("td.target")[column]) row.querySelectorAll("td.target")[column].classList.add("focus-column");
  });
  function current() {
    const focused = document.activeElement.closest && document.activeElement.closest("tr.unit");
    return focused || null;
  }
  function move(step) {
    const row = current();
    const index = row ? rows.indexOf(row) + step : 0;
    const next = rows[Math.max(0, Math.min(rows.length - 1, index))];
    next.focus();
    next.scrollIntoView({block: "center"});
    return next;
  }
  document.addEventListener("keydown", async (event) => {
    if (event.target.tagName === "TEXTAREA" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      const form = event.target.closest("form.edit");
      const cell = form.closest("td.target");
      const answer = await send(form, "translated");
      show(cell, answer, event.target);
      if (answer.ok) {
        if (!dirty.has(event.target)) cell.classList.remove("editing");
        edit(move(1).querySelectorAll("td.target")[column]);
      }
      return;
    }
    if (event.target.tagName === "TEXTAREA" || event.target.tagName === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === "Escape" && event.target.tagName === "TEXTAREA") {
        const cell = event.target.closest("td.target");
        if (!dirty.has(event.target)) cell.classList.remove("editing");
        event.target.closest("tr.unit").focus();
      }
      return;
    }
    const row = current();
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (row && (event.key === "a" || event.key === "e")) {
      const cell = row.querySelectorAll("td.target")[column];
      if (!cell) return;
      if (event.key === "a") {
        const button = cell.querySelector("button.approve");
        if (button) button.click();
      } else {
        edit(cell);
      }
      event.preventDefault();
    }
  });
})();
