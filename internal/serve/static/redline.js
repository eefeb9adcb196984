// redline serve: optional keyboard help. Every page works without it.
// j / k move to the next / previous item (a change, a paragraph, a
// revision, a document); the address keeps the item's id so it can be
// copied. n / p follow the page's next / previous link (the parts of a
// compare, the pages of the timeline). The hint saying so is shown only
// when this script runs, since only then do the keys work.
(function () {
  "use strict";
  var hint = document.querySelector("p.keys");
  if (hint) hint.hidden = false;
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    if (ev.key === "n" || ev.key === "p") {
      var link = document.querySelector(ev.key === "n" ? "a[rel=next]" : "a[rel=prev]");
      if (link) location.href = link.href;
      return;
    }
    if (ev.key !== "j" && ev.key !== "k") return;
    var items = Array.prototype.slice.call(document.querySelectorAll("article.change, li.para, li.entry, tr.doc-row"));
    if (items.length === 0) return;
    var current = document.activeElement && items.indexOf(document.activeElement) >= 0 ?
      document.activeElement : document.getElementById(location.hash.slice(1));
    var i = items.indexOf(current);
    i = ev.key === "j" ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0);
    var next = items[i];
    if (next.id) history.replaceState(null, "", "#" + next.id);
    next.setAttribute("tabindex", "-1");
    next.focus();
    next.scrollIntoView({ block: "start" });
  });
})();
