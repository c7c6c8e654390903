// dateline web UI: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  // "/" focuses the search box.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var box = document.getElementById("q") || document.getElementById("topq");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
  // On touch screens there is no hover: a tap on an annotation shows what it
  // resolves to (a second tap on an entity follows its link).
  var doc = document.getElementById("doc");
  if (doc) {
    doc.addEventListener("click", function (e) {
      var el = e.target.closest ? e.target.closest(".ann") : null;
      var shown = doc.querySelectorAll(".tip-on");
      for (var i = 0; i < shown.length; i++) if (shown[i] !== el) shown[i].classList.remove("tip-on");
      if (!el || e.detail === 0) return; // keyboard: follow links at once
      var touch = e.pointerType ? e.pointerType === "touch" : window.matchMedia("(hover: none)").matches;
      if (!touch) return;
      if (el.tagName === "A" && el.classList.contains("tip-on")) return;
      e.preventDefault();
      el.classList.add("tip-on");
    });
  }
  // Layer toggles are remembered between articles.
  var toggles = document.querySelectorAll("input.lt");
  for (var j = 0; j < toggles.length; j++) {
    (function (box) {
      var key = "dateline." + box.id;
      try { if (localStorage.getItem(key) === "off") box.checked = false; } catch (err) {}
      box.addEventListener("change", function () {
        try { localStorage.setItem(key, box.checked ? "on" : "off"); } catch (err) {}
      });
    })(toggles[j]);
  }
})();
