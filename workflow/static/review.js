// Keyboard shortcuts for the article view: j/k move between sentences, a approves the focused
// translation (the first language column, or the one the pointer last touched), e edits it.
(function () {
  const rows = Array.from(document.querySelectorAll("tr.unit"));
  if (!rows.length) return;
  let column = 0;
  document.addEventListener("click", (event) => {
    const cell = event.target.closest("td.target");
    if (cell) column = Array.from(cell.parentNode.querySelectorAll("td.target")).indexOf(cell);
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
  }
  document.addEventListener("keydown", (event) => {
    if (event.target.tagName === "TEXTAREA" || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === "Escape" && event.target.tagName === "TEXTAREA") {
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
        const area = cell.querySelector("textarea");
        if (area) area.focus();
      }
      event.preventDefault();
    }
  });
})();
