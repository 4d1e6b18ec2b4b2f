// Keyboard use of the agent pages: j/k move in the queue, Enter opens, "/" filters;
// on a complaint, "a" confirms the suggestion and "c" jumps to the correction form.
(function () {
  function typing(e) { var t = e.target.tagName; return t === "INPUT" || t === "SELECT" || t === "TEXTAREA"; }
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tr.row"));
    var current = document.activeElement && document.activeElement.classList.contains("row") ? rows.indexOf(document.activeElement) : -1;
    if (rows.length && (e.key === "j" || e.key === "k")) {
      var next = e.key === "j" ? Math.min(current + 1, rows.length - 1) : Math.max(current - 1, 0);
      rows[next].focus(); e.preventDefault();
    } else if (e.key === "Enter" && current >= 0) {
      window.location = rows[current].dataset.href;
    } else if (e.key === "/" && document.getElementById("filters")) {
      document.querySelector("#filters select, #filters input").focus(); e.preventDefault();
    } else if (e.key === "a" && document.getElementById("confirm-form")) {
      document.getElementById("confirm-form").submit();
    } else if (e.key === "c" && document.getElementById("correct-level")) {
      document.getElementById("correct-level").focus(); e.preventDefault();
    }
  });
  document.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest("tr.row");
    if (row && e.target.tagName !== "A") window.location = row.dataset.href;
  });
})();
