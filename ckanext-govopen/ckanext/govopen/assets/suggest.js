/* Suggestions as you type on the dataset search box (issue 16): asks
   /api/govopen/suggest (public titles and departments only) and shows a
   list under the box. Keyboard: Down/Up move, Enter opens the chosen one,
   Escape closes. Text is set with textContent: a title is never HTML. */
(function () {
  "use strict";
  var input = document.getElementById("field-giant-search");
  if (!input || !window.fetch) { return; }
  var box = document.createElement("ul");
  box.id = "govopen-suggest";
  box.className = "govopen-suggest list-unstyled";
  box.setAttribute("role", "listbox");
  box.hidden = true;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", box.id);
  input.setAttribute("aria-expanded", "false");
  input.parentNode.appendChild(box);
  var items = [], active = -1, timer = null, asked = "";

  function close() {
    box.hidden = true; active = -1; input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function mark(i) {
    active = i;
    Array.prototype.forEach.call(box.children, function (li, n) {
      li.setAttribute("aria-selected", n === i ? "true" : "false");
      li.classList.toggle("active", n === i);
    });
    if (i >= 0) { input.setAttribute("aria-activedescendant", box.children[i].id); }
  }
  function show(found) {
    items = found; box.textContent = "";
    found.forEach(function (s, n) {
      var li = document.createElement("li"), a = document.createElement("a");
      li.id = "govopen-suggest-" + n; li.setAttribute("role", "option");
      li.setAttribute("data-kind", s.kind); a.href = s.url; a.textContent = s.label;
      li.appendChild(a); box.appendChild(li);
    });
    if (found.length) { box.hidden = false; input.setAttribute("aria-expanded", "true"); mark(-1); }
    else { close(); }
  }
  function ask() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (q === asked) { return; }
    asked = q;
    // an English page asks in English (/en/...): English titles (title_en) and links
    var prefix = (document.documentElement.lang || "").indexOf("en") === 0 ? "/en" : "";
    fetch(prefix + "/api/govopen/suggest?q=" + encodeURIComponent(q), {credentials: "omit"})
      .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
      .then(function (body) { if (input.value.trim() === q) { show(body.suggestions || []); } })
      .catch(close);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 150); });
  input.addEventListener("keydown", function (e) {
    if (box.hidden) { return; }
    if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();
