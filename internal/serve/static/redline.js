// redline serve: optional keyboard help. Every page works without it.
// j / k move to the next / previous change; the address keeps the
// change's #fingerprint so it can be copied.
(function () {
  "use strict";
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    if (ev.key !== "j" && ev.key !== "k") return;
    var items = Array.prototype.slice.call(document.querySelectorAll("article.change, li.para"));
    if (items.length === 0) return;
    var current = document.getElementById(location.hash.slice(1));
    var i = items.indexOf(current);
    i = ev.key === "j" ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0);
    var next = items[i];
    history.replaceState(null, "", "#" + next.id);
    next.setAttribute("tabindex", "-1");
    next.focus();
    next.scrollIntoView({ block: "start" });
  });
})();
