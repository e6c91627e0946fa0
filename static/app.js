// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (ev) {
    var box = document.getElementById("q");
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "/" && box && tag !== "INPUT" && tag !== "TEXTAREA") {
      ev.preventDefault();
      box.focus();
      box.select();
    }
  });
  // Long facet lists get a filter box: type to narrow the values shown; an opened facet's own box filters live.
  // Either says so when no value matches.
  document.querySelectorAll(".facet[data-facet]").forEach(function (section) {
    var items = section.querySelectorAll("li");
    var input = section.querySelector(".facet-find input[type=search]");
    var none = section.querySelector(".facet-none");
    if (!input) {
      if (items.length <= 10) { return; }
      var title = section.querySelector("h2");
      input = document.createElement("input");
      input.type = "search";
      input.className = "facet-filter";
      input.placeholder = "Filter " + (title ? title.textContent.toLowerCase() : "values");
      input.setAttribute("aria-label", input.placeholder);
      section.insertBefore(input, section.querySelector("ul"));
      none = document.createElement("p");
      none.className = "facet-none muted";
      none.setAttribute("role", "status");
      none.hidden = true;
      section.insertBefore(none, section.querySelector("ul"));
    }
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        li.hidden = needle !== "" && li.textContent.toLowerCase().indexOf(needle) === -1;
        if (!li.hidden) { shown += 1; }
      });
      none.hidden = shown > 0;
      none.textContent = shown ? "" : "No value matches \u201c" + input.value + "\u201d.";
    });
  });
  // The front page (no search yet) starts with the search box focused. Pages reached by a filter link keep
  // focus at the top instead, so a facet click does not jump into the box (or open a phone's keyboard).
  var q = document.getElementById("q");
  if (q && document.querySelector(".results") && !location.search && !location.hash && window.scrollY === 0) {
    q.focus();
  }
})();
